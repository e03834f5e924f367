"""Project configuration: `.claimlint.yaml` or `[tool.claimlint]` in pyproject.toml.

Found by walking up from the current directory (the nearest wins), or
named with --config. Paths in it (extra rule files, excludes) are relative
to the file that sets them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


from claimlint.ruleset.model import CATEGORIES

NAMES = (".claimlint.yaml", ".claimlint.yml")
KEYS = {"select", "ignore", "severity", "rules", "exclude", "fail-on", "builtin-rules", "require-reason", "cache",
        "respect-gitignore", "strength-engine"}
LEVELS = ("error", "warning", "info", "off")


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file."""


@dataclass
class Config:
    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    rules: list[Path] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    fail_on: str | None = None
    builtin_rules: bool = True
    require_reason: bool = False
    cache: bool = True
    respect_gitignore: bool = True
    strength_engine: str = "rules"  # claim strength for the efficacy contexts: rules, or the learned model
    locate: object = field(default=None, repr=False, compare=False)  # (key, item) -> line, for messages

    def where(self, key: str, item: str | None = None) -> str:
        """`file:line` of a setting, or of one item in it (a misspelt rule name, a severity entry)."""
        if self.path is None:
            return "configuration"
        return f"{self.path}:{self.locate(key, item)}" if self.locate else str(self.path)

    def __getstate__(self) -> dict:
        """Pickled linters (workers, Spark tasks) drop the line finder: it closes over the parsed file."""
        return {**self.__dict__, "locate": None}


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        for name in NAMES:
            if (d / name).is_file():
                return d / name
        pyproject = d / "pyproject.toml"
        if pyproject.is_file():
            import tomllib  # only where a pyproject.toml is: a run without one never imports it

            try:
                text = pyproject.read_text(encoding="utf-8")
                data = tomllib.loads(text)
            except (OSError, UnicodeDecodeError) as exc:
                if _mentions_claimlint(pyproject):
                    raise ConfigError(f"{pyproject}: cannot read configuration: {exc}") from None
                continue
            except tomllib.TOMLDecodeError as exc:
                # A broken file that configures claimlint must not fall through to a parent's settings.
                if _TOOL_TABLE.search(text):
                    raise ConfigError(f"{pyproject}:{_toml_error_line(exc)}: invalid TOML: {exc}") from None
                continue
            tool = data.get("tool", {})
            if isinstance(tool, dict) and "claimlint" in tool:
                return pyproject
    return None


_TOOL_TABLE = re.compile(r"^\s*\[\[?\s*tool\s*\.\s*[\"']?claimlint\b|^\s*tool\s*\.\s*claimlint\s*[.=]|claimlint\s*=\s*\{",
                         re.M)


def _mentions_claimlint(path: Path) -> bool:
    try:
        return b"claimlint" in path.read_bytes()
    except OSError:
        return False


def _toml_error_line(exc: Exception) -> int:
    m = re.search(r"at line (\d+)", str(exc))
    return int(m.group(1)) if m else 1


def _as_list(value, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ConfigError(f"{where}: '{key}' must be a list of strings")


def load_config(path: Path | None = None) -> Config:
    if path is None:
        path = find_config()
        if path is None:
            return Config()
    path = Path(path)
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: cannot read configuration: {exc}") from None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(text).get("tool", {}).get("claimlint", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{where}:{_toml_error_line(exc)}: invalid TOML: {exc}") from None
        except RecursionError:
            raise ConfigError(f"{where}: invalid TOML: nested too deeply") from None
        locate = lambda key, item=None: _toml_line(text, key, item)
    else:
        import yaml  # only when there is a YAML configuration: a run without one never imports PyYAML

        try:
            from claimlint.safeyaml import compose_bounded

            node, data = compose_bounded(text)
            data = data or {}
        except RecursionError:
            raise ConfigError(f"{where}: invalid YAML: nested too deeply") from None
        except yaml.YAMLError as exc:
            from claimlint.ruleset.loader import yaml_problem

            mark = getattr(exc, "problem_mark", None)
            at = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
            raise ConfigError(f"{where}{at}: invalid YAML: {yaml_problem(exc, text)}") from None
        locate = lambda key, item=None: _yaml_line(node, key, item)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: configuration must be a mapping of settings")
    data = {str(k).replace("_", "-"): v for k, v in data.items()}
    for key in data:
        if key not in KEYS:
            from claimlint.ruleset.loader import did_you_mean

            hint = did_you_mean(key, KEYS) or f" (known: {', '.join(sorted(KEYS))})"
            raise ConfigError(f"{where}:{locate(key)}: unknown setting '{key}'{hint}")
    cfg = Config(path=path, root=path.parent.resolve(), locate=locate)
    loc = cfg.where
    if "select" in data:
        cfg.select = _as_list(data["select"], "select", loc("select"))
    if "ignore" in data:
        cfg.ignore = _as_list(data["ignore"], "ignore", loc("ignore"))
    if "severity" in data:
        sev = data["severity"]
        if not isinstance(sev, dict):
            raise ConfigError(f"{loc('severity')}: 'severity' maps rule ids, codes or categories to a level")
        for k, v in sev.items():
            if v not in LEVELS:
                from claimlint.ruleset.loader import did_you_mean

                raise ConfigError(f"{loc('severity', k)}: severity of '{k}' must be one of {', '.join(LEVELS)}, "
                                  f"not {v!r}{did_you_mean(str(v), LEVELS)}")
        cfg.severity = {str(k): str(v) for k, v in sev.items()}
    if "rules" in data:
        cfg.rules = [cfg.root / p for p in _as_list(data["rules"], "rules", loc("rules"))]
    if "exclude" in data:
        cfg.exclude = _as_list(data["exclude"], "exclude", loc("exclude"))
    if "fail-on" in data:
        if data["fail-on"] not in ("error", "warning", "info"):
            raise ConfigError(f"{loc('fail-on')}: 'fail-on' must be error, warning or info")
        cfg.fail_on = data["fail-on"]
    if "strength-engine" in data:
        if data["strength-engine"] not in ("rules", "rules+linear", "learned"):
            raise ConfigError(f"{loc('strength-engine')}: 'strength-engine' must be rules, rules+linear or learned")
        cfg.strength_engine = data["strength-engine"]
    for key, attr in (("builtin-rules", "builtin_rules"), ("require-reason", "require_reason"), ("cache", "cache"),
                      ("respect-gitignore", "respect_gitignore")):
        if key in data:
            if not isinstance(data[key], bool):
                raise ConfigError(f"{loc(key)}: '{key}' must be true or false")
            setattr(cfg, attr, data[key])
    return cfg


def validate_names(names: list[str], known: set[str], where) -> None:
    """Selections must name a rule id, a code or a category; `where` is a string
    or a function of the name (so a message points at the misspelt item's line)."""
    for n in names:
        if n not in known and n.upper() not in known and n not in CATEGORIES:
            from claimlint.ruleset.loader import did_you_mean

            at = where(n) if callable(where) else where
            raise ConfigError(f"{at}: unknown rule or category '{n}'{did_you_mean(n, sorted(known | set(CATEGORIES)))}")


def _yaml_line(node, key: str, item: str | None = None) -> int:
    """Line of a top-level key, or of an item under it (a list entry or a mapping key)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return 1
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value.replace("_", "-") == key:
            if item is not None:
                children = v.value if isinstance(v, yaml.SequenceNode) else \
                    [ck for ck, _ in v.value] if isinstance(v, yaml.MappingNode) else []
                for c in children:
                    if isinstance(c, yaml.ScalarNode) and c.value == item:
                        return c.start_mark.line + 1
            return k.start_mark.line + 1
    return 1


def _toml_line(text: str, key: str, item: str | None = None) -> int:
    """Line of a setting in [tool.claimlint] (or its own [tool.claimlint.KEY] table), or of an item in it."""
    names = (key, key.replace("-", "_"))
    section, found = None, None
    for i, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if s.startswith("["):
            section = s.strip("[]").strip()
            if section in (f"tool.claimlint.{n}" for n in names):
                found = i
            elif found is not None and item is not None:
                break
            continue
        if not (section or "").startswith("tool.claimlint"):
            continue
        name = s.split("=")[0].strip().strip('"')
        if found is None and section == "tool.claimlint" and name in names:
            found = i
        if found is not None and item is not None and (f'"{item}"' in s or f"'{item}'" in s or name == item):
            return i
    return found or 1
