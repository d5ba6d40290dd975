"""Inline text of blocks as written, for rules that scan what mistune does not position.

mistune gives exact spans for links, code spans, inline HTML and autolinks, but not for
text, emphasis or brackets that did not become links. The helpers here give a block's
inline source text with those known constructs *masked* (their insides replaced by a
neutral character, their first and last characters kept, so a scanner still sees a
``` ` ```, ``<`` or ``>`` next to a delimiter), the container prefixes (``>``, list
indentation) of continuation lines removed, and a map back to original offsets.

Also: where a link's text sits inside ``[…]``, label normalisation, and a per-document
cache the rules of one run share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from mdtidy.parsing.parse import Document, Inline, Link, Node

__all__ = [
    "INLINE_BLOCKS",
    "BlockText",
    "block_text",
    "doc_cache",
    "inline_blocks",
    "inline_blocks_with",
    "label_key",
    "link_text_span",
    "links_in",
]

#: blocks whose content is inline Markdown
INLINE_BLOCKS = ("paragraph", "heading", "block_text")

#: what masked characters become: not white space, not punctuation (like a letter)
MASK = "\x01"

_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?[ \t]*)*")


_CACHES: WeakKeyDictionary[Document, dict[str, Any]] = WeakKeyDictionary()


def doc_cache(doc: Document) -> dict[Any, Any]:
    """Per-document scratch space shared by the rules of one run (a document never changes)."""
    cache = _CACHES.get(doc)
    if cache is None:
        cache = _CACHES[doc] = {}
    return cache


def links_in(doc: Document, node: Node) -> list[Link]:
    """The links (not definitions) whose block is ``node``, in document order."""
    cache = doc_cache(doc)
    index = cache.get("links_by_block")
    if index is None:
        index = {}
        for link in doc.links:
            if link.block is not None and link.kind != "definition":
                index.setdefault(id(link.block), []).append(link)
        cache["links_by_block"] = index
    return index.get(id(node), [])


def inline_blocks(doc: Document) -> list[Node]:
    """Every block with inline content, in document order."""
    return doc.nodes_of(*INLINE_BLOCKS)


def inline_blocks_with(doc: Document, *needles: str) -> list[Node]:
    """The blocks of :func:`inline_blocks` whose source holds one of ``needles``.

    A block's :func:`block_text` is made of pieces of its source line (each line's
    piece contiguous), so a scanner looking for one of these strings within a line of
    the block text can skip the other blocks without building their text. Found once
    per document and needles (shared: do not modify).
    """
    cache = doc_cache(doc)
    key = ("blocks_with", needles)
    found = cache.get(key)
    if found is None:
        text = doc.text
        found = [n for n in inline_blocks(doc) if any(text.find(s, n.start, n.end) >= 0 for s in needles)]
        cache[key] = found
    return found


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
    # the flavor's opaque regions (math, templating, attribute lists) are not inline text
    spans.extend((r.start, r.end) for r in doc.opaque_overlapping(node.start, node.end))
    for link in links_in(doc, node):
        if link.kind not in ("inline", "reference"):
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
    key = ("block_text", id(node), mask_bare)
    cache = doc_cache(doc)
    if key not in cache:
        cache[key] = _block_text(doc, node, mask_bare)
    return cache[key]


_ATX_OPEN = re.compile(r"#{1,6}[ \t]*")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_INDENT = re.compile(r"[ \t]*")


def _block_text(doc: Document, node: Node, mask_bare: bool) -> BlockText:
    source = doc.source
    text = doc.text
    opaque = _opaque_spans(doc, node, mask_bare)
    parts: list[str] = []
    offsets: list[int] = []
    segments: list[tuple[int, int, int]] = []  # (original start, original end, index in text)
    in_quote = any(a.type == "block_quote" for a in node.ancestors())
    atx = node.type == "heading" and node.attrs.get("style") == "atx"
    setext = node.type == "heading" and node.attrs.get("style") == "setext"
    for index in range(node.start_line - 1, node.end_line):
        if setext and index == node.end_line - 1:
            break
        start, end, _ = source.line_span(index)
        if index == node.start_line - 1:
            start = max(start, node.start)
            if atx:
                m = _ATX_OPEN.match(text, start, end)
                start = m.end() if m else start
        else:
            m = (_PREFIX if in_quote else _INDENT).match(text, start, end)
            start = m.end() if m else start
        if atx:
            closing = _ATX_CLOSE.search(text[start:end])
            end = start + closing.start() if closing else start + len(text[start:end].rstrip(" \t"))
        if offsets:
            parts.append("\n")
            offsets.append(offsets[-1] + 1)
        segments.append((start, end, len(offsets)))
        parts.append(text[start:end])
        offsets.extend(range(start, end))
    joined = "".join(parts)
    if opaque:
        chars = list(joined)
        for s, e in opaque:
            for seg_start, seg_end, at in segments:
                lo, hi = max(s + 1, seg_start), min(e - 1, seg_end)
                for k in range(at + lo - seg_start, at + hi - seg_start):
                    chars[k] = MASK
        joined = "".join(chars)
    return BlockText(node, joined, offsets, opaque)


def label_key(label: str) -> str:
    """A link label as CommonMark compares it: white space collapsed, case folded."""
    return " ".join(label.split()).casefold()
