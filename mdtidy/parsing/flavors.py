"""Flavors: which Markdown dialect a file is written in, and where that was decided.

Real sites are not plain CommonMark. A :class:`Flavor` says which constructs the parser
must understand (and keep opaque) for one file: math, Liquid, kramdown extensions, Hugo
shortcodes, MkDocs extensions, Python-Markdown's 4-space list indentation.

``auto`` (the default) decides per file from the nearest site configuration above it
(see ``shared/notes/dialects.md`` §6):

* ``mkdocs.yml``/``mkdocs.yaml`` → ``mkdocs`` for files under its ``docs_dir``, with
  the extensions listed in ``markdown_extensions``;
* ``hugo.{toml,yaml,yml,json}`` (or ``config.*`` with Hugo's keys, or
  ``config/_default/``) → ``hugo`` for files under its ``contentDir``, with the
  goldmark passthrough delimiters when they are enabled;
* ``_config.yml``/``_config.yaml``/``_config.toml`` → ``jekyll`` (Liquid; kramdown's
  math and extensions unless ``markdown:`` names another converter);
* otherwise ``gfm`` (GitHub's Markdown with its math).

A file outside a site's content folder belongs to the next site further up, or none.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "FLAVORS",
    "Flavor",
    "SiteInfo",
    "detect_site",
    "named_flavor",
    "resolve_flavor",
]

FLAVORS = ("auto", "commonmark", "gfm", "jekyll", "hugo", "mkdocs")

#: the MkDocs extensions mdtidy understands (Python-Markdown and pymdownx names, short)
MKDOCS_EXTENSIONS = (
    "admonition",
    "details",
    "tabbed",
    "snippets",
    "abbr",
    "attr_list",
    "arithmatex",
    "macros",
)


@dataclass(frozen=True)
class Flavor:
    """What one file's renderer understands beyond CommonMark."""

    name: str
    #: math syntaxes: "kramdown" ($$ only), "gfm" ($, $$, $`…`$), "arithmatex" ($, $$, \\(…\\), \\[…\\])
    math: str | None = None
    #: arithmatex's smart_dollar (no white space inside the $ delimiters)
    smart_dollar: bool = True
    #: Hugo goldmark passthrough delimiter pairs (open, close)
    passthrough_block: tuple[tuple[str, str], ...] = ()
    passthrough_inline: tuple[tuple[str, str], ...] = ()
    #: Liquid (Jekyll) or Jinja (mkdocs-macros) templating over the raw text
    liquid: bool = False
    #: kramdown attribute lists, extensions, ``{:toc}``, end-of-block markers
    kramdown: bool = False
    #: Hugo shortcodes, and the ``{{< >}}`` shortcodes whose body is Markdown
    shortcodes: bool = False
    markdown_shortcodes: tuple[str, ...] = ()
    #: MkDocs / Python-Markdown extensions in use (names from :data:`MKDOCS_EXTENSIONS`)
    extensions: frozenset[str] = field(default_factory=frozenset)
    #: spaces per nesting level lists need (Python-Markdown: 4), None = CommonMark rules
    list_indent: int | None = None
    #: footnotes ``[^1]`` and their definitions ``[^1]: …`` (indented body)
    footnotes: bool = False
    #: definition lists ``:   …``: body indentation (4 = Python-Markdown; 0 = the column
    #: after the marker, as goldmark and kramdown); None = no definition lists
    definition_lists: int | None = None
    #: the site configuration file that decided the flavor ("" when none did)
    site_config: str = ""

    def describe(self) -> dict[str, Any]:
        """The settings as shown by ``--show-settings``."""
        out: dict[str, Any] = {"flavor": self.name, "site-config": self.site_config or None}
        if self.math:
            out["math"] = self.math
        if self.passthrough_block or self.passthrough_inline:
            out["passthrough"] = {
                "block": [list(p) for p in self.passthrough_block],
                "inline": [list(p) for p in self.passthrough_inline],
            }
        for key in ("liquid", "kramdown", "shortcodes"):
            if getattr(self, key):
                out[key] = True
        if self.markdown_shortcodes:
            out["markdown-shortcodes"] = list(self.markdown_shortcodes)
        if self.extensions:
            out["extensions"] = sorted(self.extensions)
        if self.list_indent:
            out["list-indent"] = self.list_indent
        if self.footnotes:
            out["footnotes"] = True
        if self.definition_lists is not None:
            out["definition-lists"] = True
        return out


_BASE: dict[str, Flavor] = {
    "commonmark": Flavor("commonmark"),
    "gfm": Flavor("gfm", math="gfm", footnotes=True),
    "jekyll": Flavor(
        "jekyll", math="kramdown", liquid=True, kramdown=True, footnotes=True, definition_lists=0
    ),
    "hugo": Flavor("hugo", shortcodes=True, footnotes=True, definition_lists=0),
    "mkdocs": Flavor(
        "mkdocs",
        math="arithmatex",
        extensions=frozenset(MKDOCS_EXTENSIONS) - {"macros"},
        list_indent=4,
        footnotes=True,
        definition_lists=4,
    ),
}


def named_flavor(name: str) -> Flavor:
    """The flavor ``name`` with its renderer's defaults (no site configuration read)."""
    return _BASE[name]


# --------------------------------------------------------------------------- site detection


@dataclass(frozen=True)
class SiteInfo:
    """A site found above a file: its root, content folder and flavor."""

    root: Path
    content: Path  # files outside it are not pages of this site
    flavor: Flavor


def _read_any(path: Path) -> Any:
    """A site configuration file (TOML, JSON or YAML) as plain data (:func:`_plain`), or
    None when it cannot be read. YAML is loaded leniently: unknown tags
    (``!!python/name:…``) are kept as data. Remembered by the hash of the text
    (:mod:`mdtidy.memo`), so a warm run neither imports nor runs a parser for it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    import hashlib

    from mdtidy import memo

    suffix = path.suffix if path.suffix in (".toml", ".json") else ".yaml"
    key = hashlib.sha256(f"{suffix}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return memo.remember("site-config", "1", key, lambda: _load_config_text(suffix, text))


def _load_config_text(suffix: str, text: str) -> Any:
    try:
        if suffix == ".toml":
            import tomllib

            return _plain(tomllib.loads(text))
        if suffix == ".json":
            import json

            return _plain(json.loads(text))
        from ruamel.yaml import YAML

        return _plain(YAML(typ="rt", pure=True).load(text))
    except Exception:  # a broken site configuration still says which generator it is
        return None


def _plain(value: Any) -> Any:
    """``value`` as JSON data: mappings with string keys, lists, strings, numbers,
    booleans and None; anything else (a date, a tagged scalar) as its string."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):  # ruamel's ScalarBoolean is an int that means a boolean
        return bool(value) if type(value).__name__ == "ScalarBoolean" else int(value)
    for kind in (float, str):  # ruamel's ScalarFloat, quoted strings
        if isinstance(value, kind):
            return kind(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        found = None
        for k, v in data.items():  # Hugo keys are case-insensitive
            if str(k).lower() == key.lower():
                found = v
                break
        data = found
    return data


def _mkdocs(config: Path) -> SiteInfo:
    data = _read_any(config)
    flavor = _BASE["mkdocs"]
    docs = "docs"
    if isinstance(data, dict):
        docs = str(data.get("docs_dir") or "docs")
        names: dict[str, Any] = {}
        for item in data.get("markdown_extensions") or []:
            if isinstance(item, dict):
                for k, v in item.items():
                    names[str(k)] = v
            else:
                names[str(item)] = None
        found = set()
        for name in names:
            short = name.rsplit(".", 1)[-1]
            if short in MKDOCS_EXTENSIONS:
                found.add(short)
        plugins = data.get("plugins") or []
        plugin_names = {str(next(iter(p))) if isinstance(p, dict) else str(p) for p in plugins}
        if "macros" in plugin_names:
            found.add("macros")
        arith = names.get("pymdownx.arithmatex")
        smart = True
        if isinstance(arith, dict) and arith.get("smart_dollar") is False:
            smart = False
        flavor = replace(
            flavor,
            extensions=frozenset(found),
            math="arithmatex" if "arithmatex" in found else None,
            smart_dollar=smart,
            liquid="macros" in found,
            footnotes="footnotes" in found,
            definition_lists=4 if "def_list" in found else None,
        )
    flavor = replace(flavor, site_config=str(config))
    return SiteInfo(config.parent, (config.parent / docs), flavor)


def _delims(value: Any) -> tuple[tuple[str, str], ...]:
    pairs = []
    for pair in value or []:
        if isinstance(pair, (list, tuple)) and len(pair) == 2 and all(isinstance(p, str) and p for p in pair):
            pairs.append((pair[0], pair[1]))
    return tuple(pairs)


def _hugo(config: Path | None, root: Path, extra: list[Path]) -> SiteInfo:
    data: dict[str, Any] = {}
    for path in ([config] if config else []) + extra:
        loaded = _read_any(path)
        if isinstance(loaded, dict):
            if path.stem in ("hugo", "config"):
                data.update(loaded)
            else:  # config/_default/markup.toml holds the root key "markup"
                data[path.stem] = loaded
    flavor = _BASE["hugo"]
    passthrough = _get(data, "markup", "goldmark", "extensions", "passthrough")
    if isinstance(passthrough, dict) and passthrough.get("enable"):
        delimiters = passthrough.get("delimiters") or {}
        flavor = replace(
            flavor,
            passthrough_block=_delims(delimiters.get("block")),
            passthrough_inline=_delims(delimiters.get("inline")),
        )
    content = str(_get(data, "contentDir") or "content")
    where = config or (extra[0] if extra else root)
    return SiteInfo(root, root / content, replace(flavor, site_config=str(where)))


_HUGO_KEYS = ("baseurl", "theme", "markup", "module")


def _is_hugo_config(path: Path) -> bool:
    folder = path.parent
    if any((folder / d).is_dir() for d in ("content", "archetypes", "layouts", "themes")):
        return True
    data = _read_any(path)
    return isinstance(data, dict) and any(str(k).lower() in _HUGO_KEYS for k in data)


def _jekyll(config: Path) -> SiteInfo:
    data = _read_any(config)
    flavor = _BASE["jekyll"]
    if isinstance(data, dict):
        converter = str(data.get("markdown") or "kramdown").lower()
        if converter != "kramdown":  # jekyll-commonmark(-ghpages): Liquid, no kramdown syntax
            flavor = replace(flavor, math=None, kramdown=False, definition_lists=None)
    return SiteInfo(config.parent, config.parent, replace(flavor, site_config=str(config)))


@lru_cache(maxsize=4096)
def _site_in(folder: Path) -> SiteInfo | None:
    """The site whose configuration is in ``folder``, if any."""
    try:
        names = set(os.listdir(folder))  # one listing instead of a stat per candidate name
    except OSError:
        return None
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if name in names and (folder / name).is_file():
            return _mkdocs(folder / name)
    for stem in ("hugo", "config"):
        for ext in ("toml", "yaml", "yml", "json"):
            path = folder / f"{stem}.{ext}"
            if path.name in names and path.is_file() and (stem == "hugo" or _is_hugo_config(path)):
                defaults = folder / "config" / "_default"
                extra = sorted(defaults.glob("*.*")) if defaults.is_dir() else []
                return _hugo(path, folder, extra)
    defaults = folder / "config" / "_default"
    if "config" in names and defaults.is_dir():
        extra = sorted(p for p in defaults.glob("*.*") if p.suffix in (".toml", ".yaml", ".yml", ".json"))
        if any(p.stem in ("hugo", "config") for p in extra):
            return _hugo(None, folder, extra)
    for name in ("_config.yml", "_config.yaml", "_config.toml"):
        if name in names and (folder / name).is_file():
            return _jekyll(folder / name)
    return None


def detect_site(path: str | Path) -> SiteInfo | None:
    """The deepest site above ``path`` whose content folder holds it (the search stops
    at the top of the git repository holding the file)."""
    return _site_of_folder(os.path.dirname(os.path.abspath(path)))


@lru_cache(maxsize=4096)
def _site_of_folder(folder: str) -> SiteInfo | None:
    """:func:`detect_site` for any file directly in ``folder`` (a content folder holds
    the file exactly when it holds the file's folder, or is it)."""
    here = Path(folder)
    for above in (here, *here.parents):
        site = _site_in(above)
        if site is not None and _inside(here, site.content):
            return site
        if (above / ".git").exists():  # a site does not reach above its repository
            return None
    return None


def _inside(file: Path, folder: Path) -> bool:
    try:
        file.relative_to(folder)
    except ValueError:
        return False
    return True


def clear_cache() -> None:
    """Forget the site configurations read so far (tests; a long-running server)."""
    _site_in.cache_clear()
    _site_of_folder.cache_clear()


# --------------------------------------------------------------------------- resolution


def _pattern_matches(pattern: str, rel: str) -> bool:
    pattern = pattern.strip("/")
    return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern + "/*")


def resolve_flavor(
    path: str,
    setting: str = "auto",
    per_file: tuple[tuple[str, str], ...] = (),
    base: Path | None = None,
    markdown_shortcodes: tuple[str, ...] = (),
) -> Flavor:
    """The flavor of the file ``path``.

    ``setting`` is the configured flavor (``auto`` or a name); ``per_file`` are
    ``(pattern, flavor)`` overrides matched against the path relative to ``base``
    (the configuration's folder), the first match winning.
    """
    if per_file:
        absolute = Path(os.path.abspath(path))
        try:
            rel = absolute.relative_to(base or Path.cwd()).as_posix()
        except ValueError:
            rel = absolute.as_posix()
        for pattern, name in per_file:
            if _pattern_matches(pattern, rel):
                setting = name
                break
    site = None if path.startswith("<") else detect_site(path)
    if setting == "auto":
        flavor = site.flavor if site is not None else _BASE["gfm"]
    elif site is not None and site.flavor.name == setting:
        flavor = site.flavor  # the site's own settings (extensions, delimiters)
    else:
        flavor = _BASE[setting]
    if markdown_shortcodes and flavor.shortcodes:
        flavor = replace(flavor, markdown_shortcodes=tuple(markdown_shortcodes))
    return flavor
