"""Hatchling build hook: compile the matcher's C core (claimlint/patterns/_cmatch.c).

Runs for `pip install .`, `pip install -e .` and `python -m build`. It calls the
C compiler Python itself was built with (sysconfig's LDSHARED, or `$CC`)
with Python's headers: no setuptools needed. A wheel gets the compiled module
and a platform tag; an editable install gets it beside the source. Without a
compiler (or headers) the build still succeeds with a warning, and claimlint
matches in pure Python (see claimlint/patterns/native.py); set
`CLAIMLINT_BUILD_REQUIRE_C=1` to make that an error instead.
"""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("claimlint") / "patterns" / "_cmatch.c"


def compile_extension(root: Path, out_dir: Path) -> Path:
    """Compile _cmatch.c into out_dir; returns the module's path."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    target = out_dir / ("_cmatch" + suffix)
    link = shlex.split(sysconfig.get_config_var("LDSHARED") or "cc -shared")
    if os.environ.get("CC"):
        link[:1] = shlex.split(os.environ["CC"])
    include = sysconfig.get_paths()["include"]
    command = [*link, "-O2", "-fwrapv", "-DNDEBUG", *shlex.split(sysconfig.get_config_var("CCSHARED") or "-fPIC"),
               "-I", include, str(root / SOURCE), "-o", str(target)]
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{shlex.join(command)} failed:\n{proc.stderr[-3000:]}")
    return target


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        editable = version == "editable"
        out_dir = root / SOURCE.parent if editable else Path(tempfile.mkdtemp(prefix="claimlint-cmatch-"))
        try:
            built = compile_extension(root, out_dir)
        except (OSError, RuntimeError) as err:
            if os.environ.get("CLAIMLINT_BUILD_REQUIRE_C"):
                raise
            print(f"warning: claimlint's compiled matcher was not built, it will match in Python: {err}",
                  file=sys.stderr)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if not editable:
            build_data["force_include"][str(built)] = f"claimlint/patterns/{built.name}"
