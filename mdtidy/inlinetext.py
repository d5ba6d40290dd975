"""Inline text of blocks as written, for rules that scan what mistune does not position.

mistune gives exact spans for links, code spans, inline HTML and autolinks, but not for
text, emphasis or brackets that did not become links. The helpers here give a block's
inline source text with those known constructs *masked* (their insides replaced by a
neutral character, their first and last characters kept, so a scanner still sees a
``` ` ```, ``<`` or ``>`` next to a delimiter), the container prefixes (``>``, list
indentation) of continuation lines removed, and a map back to original offsets.

Also: where a link's text sits inside ``[…]``, label normalisation, and rendering a
snippet with mistune and cmark-gfm to check that renderers agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .parse import Document, Inline, Link, Node

__all__ = [
    "INLINE_BLOCKS",
    "BlockText",
    "block_text",
    "gfm_render",
    "inline_blocks",
    "label_key",
    "link_text_span",
    "mistune_render",
]

#: blocks whose content is inline Markdown
INLINE_BLOCKS = ("paragraph", "heading", "block_text")

#: what masked characters become: not white space, not punctuation (like a letter)
MASK = "\x01"

_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?[ \t]*)*")


def inline_blocks(doc: Document) -> Iterator[Node]:
    """Every block with inline content, in document order."""
    for node in doc.walk():
        if node.type in INLINE_BLOCKS:
            yield node


@dataclass
class BlockText:
    """A block's inline text as written: ``text[i]`` is the original ``offsets[i]``."""

    node: Node
    text: str
    offsets: list[int]
    #: (start, end) original spans that are opaque (code spans, HTML, autolinks, URLs)
    opaque: list[tuple[int, int]]

    def orig(self, i: int) -> int:
        """Original offset of position ``i`` (``len(text)`` maps past the last character)."""
        if i < len(self.offsets):
            return self.offsets[i]
        return self.offsets[-1] + 1 if self.offsets else self.node.start

    def lines(self) -> Iterator[tuple[int, str]]:
        """(position in :attr:`text`, line) for each line of the block."""
        pos = 0
        for line in self.text.split("\n"):
            yield pos, line
            pos += len(line) + 1

    def is_opaque(self, start: int, end: int) -> bool:
        """Whether the original range [start, end) overlaps an opaque span."""
        return any(s < end and start < e for s, e in self.opaque)


def link_text_span(doc: Document, link: Link) -> tuple[int, int] | None:
    """Original span of the text between ``[`` and ``]`` of a link or image.

    ``None`` where it cannot be found exactly (e.g. the ``](`` is split across lines of
    a container). Works for inline links and full, collapsed and shortcut references.
    """
    text = doc.text
    open_at = link.start + (2 if link.image else 1)
    if text[link.start : open_at] != ("![" if link.image else "["):
        return None
    if link.kind == "inline":
        if link.url_start is None:
            return None
        i = link.url_start - 1
        while i > open_at and text[i] in " \t\r\n<":
            i -= 1
        if text[i] != "(" or text[i - 1] != "]":
            return None
        return open_at, i - 1
    if link.kind != "reference" or text[link.end - 1] != "]":
        return None
    inner = text[open_at : link.end - 1]
    if inner.endswith("]["):  # collapsed
        return open_at, link.end - 3
    last = inner.rfind("[")
    if last > 0 and inner[last - 1] == "]" and "]" not in inner[last:]:  # full
        return open_at, open_at + last - 1
    return open_at, link.end - 1  # shortcut


def _opaque_spans(doc: Document, node: Node, bare: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []

    def visit(items: list[Inline]) -> None:
        for item in items:
            if item.start is not None and item.end is not None:
                if item.type in ("codespan", "inline_html"):
                    spans.append((item.start, item.end))
                    continue
                if item.type == "link" and item.attrs.get("kind") in ("autolink", "bare" if bare else ""):
                    spans.append((item.start, item.end))
                    continue
            visit(item.children)

    visit(node.inlines)
    for link in doc.links:
        if link.block is not node or link.kind not in ("inline", "reference"):
            continue
        inner = link_text_span(doc, link)
        if inner is None:
            spans.append((link.start, link.end))
        elif inner[1] + 1 < link.end:
            spans.append((inner[1], link.end))  # "](url)" or "][label]"
    return sorted(spans)


def block_text(doc: Document, node: Node, mask_bare: bool = True) -> BlockText:
    """The inline text of ``node`` as written, opaque spans masked, prefixes removed.

    ``mask_bare``: whether bare URLs (linked by the ``url`` plugin) are opaque too.
    """
    source = doc.source
    opaque = _opaque_spans(doc, node, mask_bare)
    chars: list[str] = []
    offsets: list[int] = []
    in_quote = any(a.type == "block_quote" for a in node.ancestors())
    for index in range(node.start_line - 1, node.end_line):
        start, end, _ = source.line_span(index)
        if index == node.start_line - 1:
            start = max(start, node.start)
            if node.type == "heading" and node.attrs.get("style") == "atx":
                m = re.match(r"#{1,6}[ \t]*", doc.text[start:end])
                start += m.end() if m else 0
        else:
            line = doc.text[start:end]
            m = _PREFIX.match(line) if in_quote else re.match(r"[ \t]*", line)
            start += m.end() if m else 0
        if node.type == "heading" and node.attrs.get("style") == "setext" and index == node.end_line - 1:
            break
        if node.type == "heading" and node.attrs.get("style") == "atx":
            content = doc.text[start:end]
            closing = re.search(r"(?:^|[ \t]+)#+[ \t]*$", content)
            end = start + (closing.start() if closing else len(content.rstrip(" \t")))
        if chars:
            chars.append("\n")
            offsets.append(offsets[-1] + 1)
        for off in range(start, end):
            chars.append(doc.text[off])
            offsets.append(off)
    pos = {off: i for i, off in enumerate(offsets)}
    for s, e in opaque:
        for off in range(s + 1, e - 1):
            i = pos.get(off)
            if i is not None and chars[i] != "\n":
                chars[i] = MASK
    return BlockText(node, "".join(chars), offsets, opaque)


def label_key(label: str) -> str:
    """A link label as CommonMark compares it: white space collapsed, case folded."""
    return " ".join(label.split()).casefold()


@lru_cache(maxsize=256)
def mistune_render(text: str) -> str:
    """mistune's HTML for ``text`` (the page's plugins), whitespace-normalised."""
    from .render import normalise_html, page_html

    return normalise_html(page_html(text, front_matter=False))


@lru_cache(maxsize=256)
def gfm_render(text: str) -> str | None:
    """cmark-gfm's HTML for ``text``, or ``None`` where cmarkgfm is not installed."""
    try:
        import cmarkgfm
        from cmarkgfm.cmark import Options
    except ImportError:  # pragma: no cover - cmarkgfm is a dev dependency
        return None
    from .render import normalise_html

    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    return normalise_html(html)
