"""What a page shows: a document rendered to HTML, for the rendering guard.

The guard compares the page before and after a file's formatting fixes. It renders
with mistune's HTML renderer and the same plugins mdtidy parses with, front matter
blanked (it is not part of the page), then normalises whitespace between and inside
tags, so only a change a reader could see makes two pages differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from mdtidy.parsing.flavors import Flavor
from mdtidy.parsing.frontmatter import split_front_matter
from mdtidy.parsing.mask import mask_flavor
from mdtidy.parsing.source import Source

if TYPE_CHECKING:
    import mistune

    from mdtidy.parsing.parse import Document

__all__ = ["Page", "normalise_html", "page_html", "page_of", "read_page", "same_page"]

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
    body_start = source.line_span(fm.end_line - 1)[2] if fm is not None else 0
    masked = mask_flavor(text, body_start, flavor)
    if masked is not None:
        source = Source(masked.text)
    # every line break becomes "\n" and the front matter's lines become empty lines (what
    # joining the lines with "\n" gives, without splitting them)
    text = source.text
    if fm is not None:
        count = source.line_count()
        if fm.end_line >= count:
            return "\n" * (count - 1)
        blank, text = "\n" * fm.end_line, text[source.line_starts[fm.end_line] :]
    else:
        blank = ""
    return blank + text.replace("\r\n", "\n").replace("\r", "\n")


def page_html(text: str, front_matter: bool = True, flavor: Flavor | None = None) -> str:
    """The normalised HTML mistune renders for ``text`` (with ``flavor``'s constructs)."""
    if flavor is not None and flavor.name == "commonmark":
        flavor = None
    html = _markdown(flavor)(body_text(text, front_matter, flavor))
    assert isinstance(html, str)
    return normalise_html(html)


# --------------------------------------------------------------------------- comparing two pages


@dataclass
class Page:
    """A page read but not rendered: the top-level blocks mistune makes of a text (see
    :func:`read_page`), for :func:`same_page`."""

    text: str  # the file's text it was read from
    front_matter: bool
    flavor: Flavor | None
    #: mistune's top-level block tokens without private keys (never rendered in place)
    tokens: list[dict[str, Any]]
    env: dict[str, Any]  # what the block parse gathered (the reference definitions)

    @cached_property
    def keys(self) -> list[str]:
        """Each token as text, to line two pages up (made when first compared)."""
        return [repr(token) for token in self.tokens]

    def __getstate__(self) -> dict[str, Any]:
        # sent from a lint worker to a fix worker: the keys are made again there if needed
        return {k: v for k, v in self.__dict__.items() if k != "keys"}


def read_page(text: str, front_matter: bool = True, flavor: Flavor | None = None) -> Page:
    """``text``'s page up to, not including, rendering: what :func:`page_html` parses."""
    if flavor is not None and flavor.name == "commonmark":
        flavor = None
    md = _markdown(flavor)
    body = body_text(text, front_matter, flavor)  # its line breaks are LF already
    # what mistune's Markdown.parse does before it renders
    if not body.endswith("\n"):
        body += "\n"
    state = md.block.state_cls()
    state.process(body)
    for hook in md.before_parse_hooks:
        hook(md, state)
    md.block.parse(state)
    return _page(text, front_matter, flavor, state.tokens, state.env)


def page_of(doc: Document, front_matter: bool = True) -> Page:
    """The page of a parsed document without parsing it again: the Page
    :func:`read_page` gives for ``doc.text`` (``front_matter`` as ``doc`` was parsed
    with), made of the block tokens mdtidy's parse kept (:attr:`Document.blocks`).

    mdtidy's parser runs mistune's block parser with the page's plugins, the flavor's
    rules and the same nesting bound, over the same text (the flavor's templating
    masked, the front matter blanked): its tokens are the page's, plus the positions it
    records under private (``_``) keys, which :class:`Page` leaves out
    (tests/test_same_page.py holds the two equal).
    """
    if doc.blocks is None:
        return read_page(doc.text, front_matter, doc.flavor)
    tokens, env = doc.blocks
    flavor = None if doc.flavor.name == "commonmark" else doc.flavor
    return _page(doc.text, front_matter, flavor, tokens, env)


def _page(
    text: str, front_matter: bool, flavor: Flavor | None, tokens: list[Any], env: dict[str, Any]
) -> Page:
    return Page(text, front_matter, flavor, [_public(token) for token in tokens], env)


def _public(token: dict[str, Any]) -> dict[str, Any]:
    """A block token without the private (``_``) keys a parser records positions under
    (rendering reads none of them; kept, they would make a block moved by an edit
    elsewhere look changed)."""
    out = {}
    for key, value in token.items():
        if key[0] == "_":
            continue
        if key == "children" and isinstance(value, list):
            value = [_public(child) if isinstance(child, dict) else child for child in value]
        out[key] = value
    return out


#: what a block parse may leave in the state's env for :func:`same_page` to compare two
#: pages block by block (anything else: the whole pages are rendered)
_ENV_KEYS = frozenset({"ref_links", "__blank_line_starts__"})  # the second: a parse-time cache


def same_page(old: Page, new: Page) -> bool:
    """Whether the two pages are the same: exactly ``page_html(old.text) ==
    page_html(new.text)``, without rendering what they share.

    mistune renders a page block by block: each top-level block's HTML depends only on
    the block and on the reference definitions of the whole text, so when the
    definitions are the same, the blocks the two texts share (lined up as in a diff)
    render the same. Only the blocks that differ are rendered; when each run of them
    renders to the same HTML, so do the pages. Otherwise, or when something else could
    tie a block's HTML to the rest of the page (render hooks, other parse state), the
    two whole pages are rendered and compared as :func:`page_html` does.
    """
    md = _markdown(old.flavor)
    comparable = (
        old.flavor == new.flavor
        and old.front_matter == new.front_matter
        and not md.before_render_hooks
        and not md.after_render_hooks
        and _ENV_KEYS.issuperset(old.env)
        and _ENV_KEYS.issuperset(new.env)
        and old.env.get("ref_links") == new.env.get("ref_links")
    )
    if comparable and all(
        _html(md, old, i1, i2) == _html(md, new, j1, j2) for i1, i2, j1, j2 in _differing(old, new)
    ):
        return True
    return page_html(old.text, old.front_matter, old.flavor) == page_html(
        new.text, new.front_matter, new.flavor
    )


def _differing(old: Page, new: Page) -> list[tuple[int, int, int, int]]:
    """The runs of top-level blocks that differ between two pages, lined up as in a
    diff: ``(start, end)`` in ``old`` and in ``new`` for each."""
    a, b = old.keys, new.keys
    lo, n = 0, min(len(a), len(b))
    while lo < n and a[lo] == b[lo]:
        lo += 1
    hi = 0
    while hi < n - lo and a[len(a) - 1 - hi] == b[len(b) - 1 - hi]:
        hi += 1
    a_end, b_end = len(a) - hi, len(b) - hi
    if lo in (a_end, b_end):
        return [] if lo == a_end == b_end else [(lo, a_end, lo, b_end)]
    from difflib import SequenceMatcher  # lines up token lists, not text: no fuzzy matching

    matcher = SequenceMatcher(None, a[lo:a_end], b[lo:b_end], autojunk=False)
    return [
        (lo + i1, lo + i2, lo + j1, lo + j2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _html(md: mistune.Markdown, page: Page, start: int, end: int) -> str:
    """The HTML of ``page.tokens[start:end]`` (rendering changes tokens: copies are rendered)."""
    import copy

    state = md.block.state_cls()
    state.env = dict(page.env)
    state.tokens = copy.deepcopy(page.tokens[start:end])
    html = md.render_state(state)
    assert isinstance(html, str)
    return html
