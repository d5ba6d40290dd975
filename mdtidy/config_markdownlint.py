"""Read markdownlint / markdownlint-cli2 configuration files and translate them to mdtidy settings.

``find_config``/``load_config`` (mdtidy.config) and ``mdtidy init`` use :func:`translate_file`.
The mapping is built from rule metadata (each rule lists its markdownlint code and alias in
``aliases``); the engine names no rule.

- ``extends`` (in a ``.markdownlint.*`` file, or in the ``config`` of a cli2 file) names
  another markdownlint configuration file, relative to the file that names it (``~`` is
  the home folder); its settings apply first, the naming file's on top, a rule's entry
  replacing the base's entry for that rule whole (markdownlint's shallow merge). Chains
  are followed; a cycle or a missing file is a :class:`ConfigError` naming the files.
  A URL is an error (markdownlint reads no URLs either). A package name
  (``markdownlint/style/relaxed``) is looked up in ``node_modules`` folders at and above
  the file's folder (its JSON file, as Node would find it); when it is not installed
  there, or names a JavaScript file, a notice says so and the local settings alone apply.
- A cli2 file's ``config`` is replaced by a ``.markdownlint.{jsonc,json,yaml,yml}`` in the
  same folder, as in markdownlint-cli2.
- ``globs`` become ``include`` patterns and ``ignores`` ``extend-exclude`` patterns, both
  translated from globby's syntax (relative to the file's folder: ``*.md`` is a top-level
  file) to gitignore's (``/*.md``) by :func:`glob_to_gitignore`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from mdtidy.config import ConfigError, load_yaml
from mdtidy.registry import all_rules

__all__ = [
    "JAVASCRIPT_SUFFIXES",
    "MARKDOWNLINT_FILES",
    "MARKDOWNLINT_TAGS",
    "Translation",
    "glob_to_gitignore",
    "read_extended",
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
#: markdownlint's tags (markdownlint 0.40's rule metadata): a tag as a key turns its rules
#: on or off (``whitespace: false``, as in markdownlint's style/relaxed.json)
MARKDOWNLINT_TAGS: dict[str, tuple[str, ...]] = {
    "accessibility": ("MD045", "MD059"),
    "atx": ("MD018", "MD019"),
    "atx_closed": ("MD020", "MD021"),
    "blank_lines": ("MD012", "MD022", "MD031", "MD032", "MD047"),
    "blockquote": ("MD027", "MD028"),
    "bullet": ("MD004", "MD005", "MD007", "MD032"),
    "code": ("MD014", "MD031", "MD038", "MD040", "MD046", "MD048"),
    "emphasis": ("MD036", "MD037", "MD049", "MD050"),
    "hard_tab": ("MD010",),
    "headings": (
        "MD001",
        "MD003",
        "MD018",
        "MD019",
        "MD020",
        "MD021",
        "MD022",
        "MD023",
        "MD024",
        "MD025",
        "MD026",
        "MD036",
        "MD041",
        "MD043",
    ),
    "hr": ("MD035",),
    "html": ("MD033",),
    "images": ("MD045", "MD052", "MD053", "MD054"),
    "indentation": ("MD005", "MD007", "MD027"),
    "language": ("MD040",),
    "line_length": ("MD013",),
    "links": ("MD011", "MD034", "MD039", "MD042", "MD051", "MD052", "MD053", "MD054", "MD059"),
    "ol": ("MD029", "MD030", "MD032"),
    "spaces": ("MD018", "MD019", "MD020", "MD021", "MD023"),
    "spelling": ("MD044",),
    "table": ("MD055", "MD056", "MD058", "MD060"),
    "ul": ("MD004", "MD005", "MD007", "MD030", "MD032"),
    "url": ("MD034",),
    "whitespace": ("MD009", "MD010", "MD012", "MD027", "MD028", "MD030", "MD037", "MD038", "MD039"),
}
#: the plain files whose rules replace a cli2 file's ``config`` in the same folder
_RULE_FILES = (".markdownlint.jsonc", ".markdownlint.json", ".markdownlint.yaml", ".markdownlint.yml")


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
    if path.suffix == ".toml":  # markdownlint reads TOML through --config and extends
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{where}: invalid TOML: {exc}") from None
    elif path.suffix in (".json", ".jsonc"):
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
    state: dict[str, bool] = {}  # mdtidy code → on/off; a later key wins, as in markdownlint
    tables: dict[str, dict[str, Any]] = {}
    unmapped: list[str] = []
    default = rules_part.get("default", True)
    for key, value in rules_part.items():
        if key in ("default", "$schema", "extends", "comment"):
            continue  # "comment": a description, as in markdownlint's own style files
        rule = by_ident.get(str(key).upper())
        if rule is not None:
            targets = [rule]
        elif str(key).lower() in MARKDOWNLINT_TAGS:  # a tag turns a group of rules on or off
            codes = MARKDOWNLINT_TAGS[str(key).lower()]
            targets = [by_ident[c] for c in codes if c in by_ident]
        else:
            unmapped.append(str(key))
            continue
        for target in targets:
            state.pop(target.code, None)
            state[target.code] = value is not False
        if value is False or not isinstance(value, dict):
            continue
        for opt, opt_value in value.items():
            name = opt.replace("_", "-")
            known = [t for t in targets if name in t.options]
            for target in known:
                tables.setdefault(target.code, {})[name] = opt_value
            if not known:
                unmapped.append(f"{key}.{opt}")
    select = [code for code, on in state.items() if on]
    ignore = [code for code, on in state.items() if not on]
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
    if cli2 and isinstance(data.get("globs"), list) and data["globs"]:
        globs = [p for g in data["globs"] for p in glob_to_gitignore(str(g))]
        # globby applies its negated globs to every glob: after the others, so they win
        settings["include"] = [p for p in globs if not p.startswith("!")] + [
            p for p in globs if p.startswith("!")
        ]
    if cli2 and isinstance(data.get("ignores"), list) and data["ignores"]:
        settings["extend-exclude"] = [
            p for g in data["ignores"] for p in glob_to_gitignore(str(g).lstrip("!#"))
        ]
    return settings, unmapped


class Translation(NamedTuple):
    """What :func:`translate_file` makes of a markdownlint configuration file."""

    settings: dict[str, Any]  # mdtidy settings (as in ``[tool.mdtidy]``)
    unmapped: list[str]  # rules and options mdtidy does not have
    notices: list[str]  # what else was left out, and why (each names its file)


def _same_rule_keys() -> dict[str, str]:
    """Every rule identifier (upper case) → its rule's code, to merge by rule, not by spelling."""
    return {ident.upper(): rule.code for rule in all_rules() for ident in rule.names()}


def _merge(base: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """``local`` over ``base``: a key of ``local`` replaces ``base``'s entry for the same rule,
    however it is spelled (``MD013`` / ``line-length``), whole, as markdownlint's shallow merge."""
    codes = _same_rule_keys()
    replaced = {codes.get(str(k).upper(), str(k).upper()) for k in local}
    merged = {k: v for k, v in base.items() if codes.get(str(k).upper(), str(k).upper()) not in replaced}
    merged.update(local)
    return merged


_PATH_LIKE = re.compile(r"^(?:\.{1,2}[/\\]|[/\\~]|[A-Za-z]:[/\\])|\.(?:jsonc?|ya?ml|toml|c?js|mjs)$", re.I)


def read_extended(
    rules: dict[str, Any], origin: Path, notices: list[str], chain: tuple[Path, ...] = ()
) -> dict[str, Any]:
    """``rules`` (a markdownlint ``config`` object read from ``origin``) with its ``extends``
    chain applied under it; ``extends`` itself is removed. Notices are appended to ``notices``."""
    chain = chain or (origin.resolve(),)
    target = rules.get("extends")
    local = {k: v for k, v in rules.items() if k != "extends"}
    if target is None:
        return local
    if not isinstance(target, str) or not target.strip():
        raise ConfigError(f"{origin}: 'extends' must be the path of a markdownlint configuration file")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", target):
        raise ConfigError(
            f"{origin}: extends {target!r}: a URL; mdtidy (like markdownlint) reads configuration "
            "files only, not URLs"
        )
    candidate = origin.parent / Path(target).expanduser()
    if not candidate.is_file() and not _PATH_LIKE.search(target):
        candidate = _installed_package_file(origin.parent, target) or candidate
    if not candidate.is_file():
        if _PATH_LIKE.search(target) and not target.lower().endswith((".cjs", ".js", ".mjs")):
            raise ConfigError(f"{origin}: extends {target!r}: no such file ({candidate})")
        notices.append(
            f"{origin}: extends {target!r}: a package or JavaScript file (it needs Node to load); "
            "not applied, only this file's own settings are used"
        )
        return local
    if candidate.suffix in (".cjs", ".js", ".mjs"):
        notices.append(
            f"{origin}: extends {target!r}: JavaScript configurations are not supported (they need "
            "Node to run); not applied, only this file's own settings are used"
        )
        return local
    resolved = candidate.resolve()
    if resolved in chain:
        names = " -> ".join(str(p) for p in (*chain, resolved))
        raise ConfigError(f"{origin}: 'extends' makes a cycle: {names}")
    base = read_extended(read_markdownlint(candidate), candidate, notices, (*chain, resolved))
    return _merge(base, local)


def _installed_package_file(folder: Path, target: str) -> Path | None:
    """The data file a package name such as ``markdownlint/style/relaxed`` names in a
    ``node_modules`` folder at or above ``folder`` (as Node's ``require`` finds it), if any."""
    for base in (folder.resolve(), *folder.resolve().parents):
        for suffix in ("", ".json"):
            found = base / "node_modules" / (target + suffix)
            if found.is_file():
                return found
    return None


def glob_to_gitignore(glob: str) -> list[str]:
    """gitignore patterns matching what the markdownlint-cli2 (globby) glob ``glob`` matches,
    relative to the same folder: anchored (globby's ``*.md`` is a top-level file), braces
    expanded, ``:literal`` escaped; a negated glob (``!x``, ``#x``) gives ``!`` patterns."""
    text = glob.replace("\\", "/").strip()
    negated = text[:1] in ("!", "#")
    if negated:
        text = text[1:]
    if text.startswith(":"):
        bodies = [re.sub(r"([*?\[\]\\!#])", r"\\\1", text[1:])]
    else:
        bodies = _expand_braces(text)
    out = []
    for body in bodies:
        while body.startswith("./"):
            body = body[2:]
        if not body or body == ".":
            body = "*"
        pattern = body if body.startswith("/") else "/" + body
        if negated:  # globby does not enter a folder a negated glob matches
            out += ["!" + pattern, "!" + pattern.rstrip("/") + "/**"]
        else:
            out.append(pattern)
    return out


def _expand_braces(text: str) -> list[str]:
    """``a{b,c}d`` → ``abd``, ``acd`` (nested braces too); text without a comma list is kept."""
    depth, start = 0, -1
    for i, c in enumerate(text):
        if c == "{":
            if depth == 0:
                start = i
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            if depth == 0:
                inner = text[start + 1 : i]
                parts, level, last = [], 0, 0
                for j, ch in enumerate(inner):
                    if ch == "{":
                        level += 1
                    elif ch == "}":
                        level -= 1
                    elif ch == "," and level == 0:
                        parts.append(inner[last:j])
                        last = j + 1
                parts.append(inner[last:])
                if len(parts) < 2:
                    continue
                head, tail = text[:start], text[i + 1 :]
                return [x for part in parts for x in _expand_braces(head + part + tail)]
    return [text]


def translate_file(path: Path) -> Translation:
    """The mdtidy settings of the markdownlint configuration file ``path``, what could not be
    mapped, and notices (``extends`` not followed, a sibling file that replaced ``config``)."""
    data = read_markdownlint(path)
    notices: list[str] = []
    cli2 = "cli2" in path.name
    if cli2:
        rules_part = data.get("config", {})
        rules_from = path
        sibling = next((path.parent / n for n in _RULE_FILES if (path.parent / n).is_file()), None)
        if sibling is not None:  # markdownlint-cli2: it overrides the cli2 file's config
            rules_part, rules_from = read_markdownlint(sibling), sibling
            notices.append(f"{path}: its 'config' is replaced by {sibling.name} (as in markdownlint-cli2)")
        else:
            script = next(
                (n for n in (".markdownlint.cjs", ".markdownlint.mjs") if (path.parent / n).is_file()), None
            )
            if script is not None:
                notices.append(
                    f"{path}: markdownlint-cli2 would take the rules from {script}, a JavaScript "
                    "configuration mdtidy cannot run; this file's 'config' is used"
                )
        if not isinstance(rules_part, dict):
            raise ConfigError(f"{path}: 'config' must be a mapping of rules")
        data = {**data, "config": read_extended(rules_part, rules_from, notices)}
        if "globs" in data and not isinstance(data["globs"], list):
            raise ConfigError(f"{path}: 'globs' must be a list of glob patterns")
        if "ignores" in data and not isinstance(data["ignores"], list):
            raise ConfigError(f"{path}: 'ignores' must be a list of glob patterns")
        left = [str(k) for k in data if str(k) not in _CLI2_READ]
        if left:
            notices.append(f"{path}: not carried over (markdownlint-cli2 settings): {', '.join(left)}")
    else:
        data = read_extended(data, path, notices)
    settings, unmapped = translate(data, cli2=cli2)
    return Translation(settings, unmapped, notices)


#: top-level cli2 settings mdtidy reads, or that only shape markdownlint-cli2's own console output
_CLI2_READ = {"config", "globs", "ignores", "$schema", "noBanner", "noProgress", "showFound"}
