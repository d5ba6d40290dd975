"""Read markdownlint / markdownlint-cli2 configuration files and translate them to mdtidy settings.

Work in progress (issue 10 item 4): parsing and translation only; not yet wired into
``find_config``/``load_config`` or the command line. The mapping is built from rule
metadata (each rule lists its markdownlint code and alias in ``aliases``); the engine
names no rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mdtidy.config import ConfigError, load_yaml
from mdtidy.registry import all_rules

__all__ = [
    "JAVASCRIPT_SUFFIXES",
    "MARKDOWNLINT_FILES",
    "read_markdownlint",
    "strip_jsonc",
    "translate",
    "translate_file",
]

# markdownlint-cli2's order of precedence within one folder (its README, "Configuration").
MARKDOWNLINT_FILES = (
    ".markdownlint-cli2.jsonc",
    ".markdownlint-cli2.yaml",
    ".markdownlint-cli2.cjs",
    ".markdownlint-cli2.mjs",
    ".markdownlint.jsonc",
    ".markdownlint.json",
    ".markdownlint.yaml",
    ".markdownlint.yml",
    ".markdownlint.cjs",
    ".markdownlint.mjs",
)
#: JavaScript configurations: running them would need Node; mdtidy says so and goes on
JAVASCRIPT_SUFFIXES = (".cjs", ".mjs")


def strip_jsonc(text: str) -> str:
    """Remove // and /* */ comments and trailing commas, leaving strings untouched.

    Removed characters become spaces (newlines are kept) so JSON error positions stay true.
    """
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
        elif c == '"':
            in_string = True
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                out.append(" ")
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.extend(ch if ch == "\n" else " " for ch in text[i:end])
            i = end
        else:
            out.append(c)
            i += 1
    stripped = "".join(out)
    # trailing commas: a comma followed only by whitespace before } or ]
    result = list(stripped)
    in_string = False
    i = 0
    while i < len(result):
        c = result[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c == ",":
            j = i + 1
            while j < len(result) and result[j] in " \t\r\n":
                j += 1
            if j < len(result) and result[j] in "}]":
                result[i] = " "
        i += 1
    return "".join(result)


def read_markdownlint(path: Path) -> dict[str, Any]:
    """The raw mapping in a markdownlint configuration file; errors name the file and line."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: cannot read configuration: {exc}") from None
    if path.suffix in (".json", ".jsonc"):
        import json  # only a JSON configuration needs it

        try:
            data = json.loads(strip_jsonc(text))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{where}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    else:
        data = load_yaml(text, where) or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping of settings")
    return data


def translate(data: dict[str, Any], cli2: bool) -> tuple[dict[str, Any], list[str]]:
    """mdtidy settings from a markdownlint mapping, and the names that could not be mapped."""
    rules_part = data.get("config", {}) if cli2 else data
    if not isinstance(rules_part, dict):
        rules_part = {}
    by_ident = {ident.upper(): rule for rule in all_rules() for ident in rule.names()}
    by_code = {rule.code: rule for rule in all_rules()}
    settings: dict[str, Any] = {}
    select: list[str] = []
    ignore: list[str] = []
    tables: dict[str, dict[str, Any]] = {}
    unmapped: list[str] = []
    default = rules_part.get("default", True)
    for key, value in rules_part.items():
        if key in ("default", "$schema", "extends"):
            continue
        rule = by_ident.get(str(key).upper())
        if rule is None:
            unmapped.append(str(key))
            continue
        if value is False:
            ignore.append(rule.code)
            continue
        select.append(rule.code)
        if isinstance(value, dict):
            for opt, opt_value in value.items():
                name = opt.replace("_", "-")
                if name in rule.options:
                    tables.setdefault(rule.code, {})[name] = opt_value
                else:
                    unmapped.append(f"{key}.{opt}")
    if default is False:
        settings["select"] = select
    else:
        off_here = [code for code in select if not by_code[code].default_enabled]
        if off_here:  # on in markdownlint's file, off by default in mdtidy: select them too
            settings["select"] = [r.code for r in all_rules() if r.default_enabled or r.code in off_here]
        if ignore:
            settings["ignore"] = ignore
    if tables:
        settings["rules"] = tables
    if cli2 and isinstance(data.get("ignores"), list):
        settings["extend-exclude"] = [str(p) for p in data["ignores"]]
    return settings, unmapped


def translate_file(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The mdtidy settings of the markdownlint configuration file ``path``, and what could not be mapped."""
    return translate(read_markdownlint(path), cli2="cli2" in path.name)
