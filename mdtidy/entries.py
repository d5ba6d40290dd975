"""Entries: the units of a reference list that a fix may remove whole.

An *entry* is either

* a list item that holds exactly one link and nothing else but text (its caption), or
* a top-level paragraph that is just one URL, together with the caption paragraph right
  after it (a paragraph without links), as in blogs that paste ``URL`` + ``title`` pairs.

:func:`removal` gives the edit that deletes an entry's lines plus one neighbouring blank
line, so no run of blank lines is left behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Edit
from .parse import Document, Link, Node
from .urls import url_key

__all__ = ["Entry", "entry_for", "removal"]

_MARKER_PREFIX = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]*")


@dataclass
class Entry:
    kind: str  # "list-item" | "url-paragraph"
    link: Link
    blocks: list[Node]
    start_line: int
    end_line: int
    caption: str  # whitespace-normalised text of the entry without the URL

    def comparable(self, doc: Document) -> str:
        """The entry's text with its URL replaced by the URL's key, whitespace-normalised."""
        return f"{url_key(self.link.url)} {self.caption}".strip()


def _text(doc: Document, start: int, end: int) -> str:
    return " ".join(doc.text[start:end].split())


def _links_in(doc: Document, node: Node) -> list[Link]:
    return [link for link in doc.links if link.block is node]


def _caption_of(doc: Document, blocks: list[Node], link: Link) -> str:
    parts = []
    for block in blocks:
        if block is link.block and link.url_start is not None and link.url_end is not None:
            parts.append(_text(doc, block.start, link.url_start) + " " + _text(doc, link.url_end, block.end))
        else:
            parts.append(_text(doc, block.start, block.end))
    return " ".join(" ".join(parts).split())


def _siblings(doc: Document, node: Node) -> list[Node]:
    return node.parent.children if node.parent is not None else doc.nodes


def _next_content_sibling(doc: Document, node: Node) -> Node | None:
    siblings = _siblings(doc, node)
    index = siblings.index(node)
    for sibling in siblings[index + 1 :]:
        if sibling.type != "blank_line":
            return sibling
    return None


def _list_item_entry(doc: Document, link: Link, block: Node) -> Entry | None:
    item = block.parent
    if item is None or item.type != "list_item" or item.content_children() != [block]:
        return None
    if block.start_line != item.start_line or len(_links_in(doc, block)) != 1:
        return None
    line_start = doc.source.line_span(item.start_line - 1)[0]
    if not _MARKER_PREFIX.fullmatch(doc.text[line_start : block.start]):
        return None  # another container's marker shares the line
    return Entry("list-item", link, [block], item.start_line, item.end_line, _caption_of(doc, [block], link))


def _paragraph_entry(doc: Document, link: Link, block: Node) -> Entry | None:
    if block.type != "paragraph" or block.parent is not None:
        return None
    if _text(doc, block.start, block.end) != _text(doc, link.start, link.end):
        return None
    blocks = [block]
    after = _next_content_sibling(doc, block)
    if after is not None and after.type == "paragraph" and not _links_in(doc, after):
        blocks.append(after)
    return Entry(
        "url-paragraph", link, blocks, block.start_line, blocks[-1].end_line, _caption_of(doc, blocks, link)
    )


def entry_for(doc: Document, link: Link) -> Entry | None:
    """The entry ``link`` stands alone in, if any."""
    block = link.block
    if block is None or link.kind in ("reference", "definition") or link.image:
        return None
    if block.type in ("block_text", "paragraph"):
        return _list_item_entry(doc, link, block) or _paragraph_entry(doc, link, block)
    return None


def _blank(doc: Document, index: int) -> bool:
    """Whether 0-based ``index`` is a real blank line (not front matter, not past the last break)."""
    source = doc.source
    if index < 0 or index >= source.line_count() or source.line_starts[index] == len(doc.text):
        return False
    fm = doc.front_matter
    if fm is not None and index < fm.end_line:
        return False
    return not source.line(index).strip()


def removal(doc: Document, entry: Entry) -> Edit:
    """Delete the entry's lines and one neighbouring blank line."""
    source = doc.source
    first, last = entry.start_line - 1, entry.end_line - 1
    end_of_text = source.line_span(last)[2] == len(doc.text)
    if _blank(doc, first - 1) and (end_of_text or _blank(doc, last + 1)):
        first -= 1
    elif _blank(doc, last + 1):
        last += 1
    return Edit.delete(source.line_span(first)[0], source.line_span(last)[2])
