"""Project configuration: `.claimlint.yaml` or `[tool.claimlint]` in pyproject.toml.

Found by walking up from the current directory (the nearest wins), or
named with --config. Paths in it (extra rule files, excludes) are relative
to the file that sets them.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from claimlint.ruleset.model import CATEGORIES

NAMES = (".claimlint.yaml", ".claimlint.yml")
KEYS = {"select", "ignore", "severity", "rules", "exclude", "fail-on", "builtin-rules", "require-reason", "cache", "strength-engine"}
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
    strength_engine: str = "rules"  # claim strength for the efficacy contexts: rules, or the learned model


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        for name in NAMES:
            if (d / name).is_file():
                return d / name
        pyproject = d / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
            if "claimlint" in data.get("tool", {}):
                return pyproject
    return None


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
        try:
            data = tomllib.loads(text).get("tool", {}).get("claimlint", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{where}: invalid TOML: {exc}") from None
        line_of = lambda key: _toml_line(text, key)
    else:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
            raise ConfigError(f"{where}{at}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
        line_of = lambda key: _yaml_line(text, key)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: configuration must be a mapping of settings")
    data = {str(k).replace("_", "-"): v for k, v in data.items()}
    for key in data:
        if key not in KEYS:
            raise ConfigError(f"{where}:{line_of(key)}: unknown setting '{key}' (known: {', '.join(sorted(KEYS))})")
    cfg = Config(path=path, root=path.parent.resolve())
    loc = lambda key: f"{where}:{line_of(key)}"
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
                raise ConfigError(f"{loc('severity')}: severity of '{k}' must be one of {', '.join(LEVELS)}, not {v!r}")
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
        if data["strength-engine"] not in ("rules", "learned"):
            raise ConfigError(f"{loc('strength-engine')}: 'strength-engine' must be rules or learned")
        cfg.strength_engine = data["strength-engine"]
    for key, attr in (("builtin-rules", "builtin_rules"), ("require-reason", "require_reason"), ("cache", "cache")):
        if key in data:
            if not isinstance(data[key], bool):
                raise ConfigError(f"{loc(key)}: '{key}' must be true or false")
            setattr(cfg, attr, data[key])
    return cfg


def validate_names(names: list[str], known: set[str], where: str) -> None:
    """Selections must name a rule id, a code or a category."""
    for n in names:
        if n not in known and n.upper() not in known and n not in CATEGORIES:
            from rapidfuzz import process

            best = process.extractOne(n, sorted(known | set(CATEGORIES)))
            hint = f"; did you mean '{best[0]}'?" if best and best[1] >= 70 else ""
            raise ConfigError(f"{where}: unknown rule or category '{n}'{hint}")


def _yaml_line(text: str, key: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith((f"{key}:", f"{key.replace('-', '_')}:")):
            return i
    return 1


def _toml_line(text: str, key: str) -> int:
    in_section = False
    for i, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if s.startswith("["):
            in_section = s.startswith("[tool.claimlint")
        elif in_section and s.split("=")[0].strip().strip('"') in (key, key.replace("-", "_")):
            return i
    return 1
