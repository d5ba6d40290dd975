"""``mdtidy init``: write a commented starting configuration, from a markdownlint one when present.

Into ``pyproject.toml`` (appended as ``[tool.mdtidy]``) when the folder has one, else a new
``.mdtidy.yaml``; ``--format toml`` always writes ``[tool.mdtidy]`` (into a new
pyproject.toml when there is none), ``--format yaml`` always writes ``.mdtidy.yaml``.
It never overwrites: a folder that already has an mdtidy configuration is left alone
(exit 2).
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from mdtidy.config import ConfigError, mdtidy_config_in

__all__ = ["FORMATS", "init", "main", "render_toml", "render_yaml"]

#: what ``--format`` takes: ``auto`` picks pyproject.toml when the folder has one
FORMATS = ("auto", "toml", "yaml")

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_HEADER = "mdtidy configuration (mdtidy --explain CODE documents each rule; README: Configuration)"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(str(k))} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise ConfigError(f"cannot write {value!r} as TOML")


_EXAMPLES = (
    ("select", ["DUP", "URL"], "only these rules (codes, prefixes, names)"),
    ("ignore", ["WS002"], "every rule but these"),
    ("flavor", "auto", "or commonmark, gfm, jekyll, hugo, mkdocs"),
    ("extend-exclude", ["drafts"], "gitignore-style patterns"),
)


def _key(key: str) -> str:
    return key if _BARE.fullmatch(key) else json.dumps(key)


def _comments(source: Path | None, unmapped: list[str], yaml: bool) -> list[str]:
    lines = [_HEADER]
    if source is not None:
        lines.append(f"translated from {source.name} by mdtidy init")
        if unmapped:
            lines.append(f"not mapped (mdtidy has no such rule or option): {', '.join(unmapped)}")
    else:
        for key, value, why in _EXAMPLES:
            if yaml:
                shown = json.dumps(value) if isinstance(value, list) else value
                lines.append(f"{key}: {shown}  # {why}")
            else:
                lines.append(f"{key} = {_toml_value(value)}  # {why}")
    return lines


def render_toml(settings: dict[str, Any], source: Path | None, unmapped: list[str]) -> str:
    """A ``[tool.mdtidy]`` section (and rule tables) holding ``settings``."""
    out = [f"# {line}" for line in _comments(source, unmapped, yaml=False)]
    out.append("[tool.mdtidy]")
    for key, value in settings.items():
        if key != "rules":
            out.append(f"{key} = {_toml_value(value)}")
    for code, options in (settings.get("rules") or {}).items():
        out += ["", f"[tool.mdtidy.rules.{code}]"]
        out += [f"{_key(str(k))} = {_toml_value(v)}" for k, v in options.items()]
    return "\n".join(out) + "\n"


def render_yaml(settings: dict[str, Any], source: Path | None, unmapped: list[str]) -> str:
    """A ``.mdtidy.yaml`` holding ``settings``."""
    import io

    from ruamel.yaml import YAML

    out = "".join(f"# {line}\n" for line in _comments(source, unmapped, yaml=True))
    if settings:
        buffer = io.StringIO()
        yaml = YAML(typ="safe", pure=True)
        yaml.default_flow_style = False
        yaml.dump(settings, buffer)
        out += buffer.getvalue()
    return out


def init(folder: Path, fmt: str = "auto") -> tuple[Path, str]:
    """Write the configuration for ``folder`` in ``fmt`` (one of :data:`FORMATS`);
    returns the file written and a message."""
    if fmt not in FORMATS:
        raise ConfigError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if not folder.is_dir():
        raise ConfigError(f"{folder}: not a folder")
    from mdtidy.config_markdownlint import JAVASCRIPT_SUFFIXES, MARKDOWNLINT_FILES, translate_file

    existing = mdtidy_config_in(folder)
    if existing is not None:
        raise ConfigError(f"{existing}: an mdtidy configuration is already there; nothing written")
    source = next(
        (
            folder / name
            for name in MARKDOWNLINT_FILES
            if (folder / name).is_file() and not name.endswith(JAVASCRIPT_SUFFIXES)
        ),
        None,
    )
    settings: dict[str, Any] = {}
    unmapped: list[str] = []
    if source is not None:
        settings, unmapped, notices = translate_file(source)
        for notice in notices:  # extends not followed, settings not carried over
            print(f"mdtidy: {notice}", file=sys.stderr)
    pyproject = folder / "pyproject.toml"
    if fmt == "toml" and not pyproject.exists():
        with pyproject.open("x", encoding="utf-8") as handle:  # never overwrite
            handle.write(render_toml(settings, source, unmapped))
        target = pyproject
    elif fmt == "toml" or (fmt == "auto" and pyproject.is_file()):
        text = pyproject.read_text(encoding="utf-8")
        eol = "\r\n" if "\r\n" in text else "\n"
        addition = render_toml(settings, source, unmapped).replace("\n", eol)
        sep = "" if not text or text.endswith(("\n", "\r")) else eol
        new = text + sep + eol + addition
        try:
            tomllib.loads(new)  # what is written must load
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{pyproject}: invalid TOML: {exc}; nothing written") from None
        with pyproject.open("a", encoding="utf-8", newline="") as handle:
            handle.write(new[len(text) :])
        target = pyproject
    else:
        target = folder / ".mdtidy.yaml"
        with target.open("x", encoding="utf-8") as handle:  # never overwrite
            handle.write(render_yaml(settings, source, unmapped))
    origin = f" from {source.name}" if source is not None else ""
    return target, f"mdtidy: wrote {target}{origin}"


USAGE = "usage: mdtidy init [--format auto|toml|yaml] [FOLDER]"


def main(argv: list[str]) -> int:
    """``mdtidy init [--format auto|toml|yaml] [FOLDER]``."""
    fmt = "auto"
    folders: list[str] = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in ("-h", "--help"):
            print(USAGE + "\n\n" + (__doc__ or "").strip())
            return 0
        if arg == "--format" or arg.startswith("--format="):
            if arg == "--format":
                if not args:
                    print(f"mdtidy: error: --format needs a value ({', '.join(FORMATS)})", file=sys.stderr)
                    return 2
                value = args.pop(0)
            else:
                value = arg.partition("=")[2]
            fmt = value.lower()
            if fmt not in FORMATS:
                print(
                    f"mdtidy: error: --format must be one of {', '.join(FORMATS)}, not {value!r}",
                    file=sys.stderr,
                )
                return 2
        elif arg == "--":
            folders += args
            break
        elif arg.startswith("-") and arg != "-":
            print(f"mdtidy: error: unknown option {arg!r}\n{USAGE}", file=sys.stderr)
            return 2
        else:
            folders.append(arg)
    if len(folders) > 1:
        print(f"mdtidy: error: one folder at most\n{USAGE}", file=sys.stderr)
        return 2
    folder = Path(folders[0]) if folders else Path.cwd()
    try:
        _target, message = init(folder, fmt)
    except (ConfigError, OSError) as exc:
        print(f"mdtidy: error: {exc}", file=sys.stderr)
        return 2
    print(message)
    return 0
