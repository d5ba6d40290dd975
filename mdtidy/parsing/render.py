"""What a page shows: a document rendered to HTML, for the rendering guard.

The guard compares the page before and after a file's formatting fixes. It renders
with mistune's HTML renderer and the same plugins mdtidy parses with, front matter
blanked (it is not part of the page), then normalises whitespace between and inside
tags, so only a change a reader could see makes two pages differ.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from mdtidy.parsing.flavors import Flavor
from mdtidy.parsing.frontmatter import split_front_matter
from mdtidy.parsing.source import Source

if TYPE_CHECKING:
    import mistune

__all__ = ["normalise_html", "page_html"]

#: the plugins of the rendered page; mdtidy's parser uses the same ones
#: (``table_in_quote``/``table_in_list``: GFM has tables in block quotes and list items too)
PLUGINS = (
    "url",
    "table",
    "mistune.plugins.table.table_in_quote",
    "mistune.plugins.table.table_in_list",
    "strikethrough",
)

_BETWEEN_TAGS = re.compile(r">\s+<")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=32)
def _markdown(flavor: Flavor | None) -> mistune.Markdown:
    import mistune  # imported by the first render, not by importing this module

    md = mistune.create_markdown(escape=False, plugins=list(PLUGINS))
    if flavor is not None:
        from mdtidy.parsing.dialects import install, install_renderers

        install(md, flavor)
        install_renderers(md)
    return md


def normalise_html(html: str) -> str:
    """Whitespace-insensitive form of an HTML string (runs of white space become one)."""
    return _SPACE.sub(" ", _BETWEEN_TAGS.sub("><", html)).strip()


def body_text(text: str, front_matter: bool = True, flavor: Flavor | None = None) -> str:
    """The Markdown a page is rendered from: the flavor's templating masked (see
    :mod:`mdtidy.parsing.mask`), front matter lines blanked, line breaks LF."""
    source = Source(text)
    fm = split_front_matter(source) if front_matter else None
    if flavor is not None and (flavor.liquid or flavor.shortcodes or "snippets" in flavor.extensions):
        from mdtidy.parsing.mask import mask_text

        body_start = source.line_span(fm.end_line - 1)[2] if fm is not None else 0
        source = Source(
            mask_text(
                text,
                body_start,
                liquid=flavor.liquid,
                shortcodes=flavor.shortcodes,
                snippets="snippets" in flavor.extensions,
                markdown_shortcodes=flavor.markdown_shortcodes,
            ).text
        )
    lines = source.lines()
    if fm is not None:
        lines = ["" if i < fm.end_line else line for i, line in enumerate(lines)]
    return "\n".join(lines)


def page_html(text: str, front_matter: bool = True, flavor: Flavor | None = None) -> str:
    """The normalised HTML mistune renders for ``text`` (with ``flavor``'s constructs)."""
    if flavor is not None and flavor.name == "commonmark":
        flavor = None
    html = _markdown(flavor)(body_text(text, front_matter, flavor))
    assert isinstance(html, str)
    return normalise_html(html)
