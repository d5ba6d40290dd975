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

__all__ = ["Entry", "entry_for", "keeps_structure", "removal"]

_MARKER_PREFIX = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]*")
_ORDINAL = re.compile(r"\d{1,9}")


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


def _quote_depth(line: str) -> int:
    """How many block quotes the line is in, going by its leading ``>`` markers."""
    return line[: len(line) - len(line.lstrip(" \t>"))].count(">")


def _blank(doc: Document, index: int, depth: int = 0) -> bool:
    """Whether 0-based ``index`` is a real blank line of a container ``depth`` quotes deep.

    Inside a block quote the blank lines are the ``>``-only lines of that quote. Front
    matter and the empty "line" after the final line break are never blank lines.
    """
    source = doc.source
    if index < 0 or index >= source.line_count() or source.line_starts[index] == len(doc.text):
        return False
    fm = doc.front_matter
    if fm is not None and index < fm.end_line:
        return False
    line = source.line(index)
    return not line.strip(" \t>") and _quote_depth(line) == depth


def _prefix_width(line: str) -> int:
    """Width of the line's leading spaces, tabs and ``>`` markers (tabs to 4 columns)."""
    return len(line[: len(line) - len(line.lstrip(" \t>"))].expandtabs(4))


def _next_line_keeps_its_place(doc: Document, entry: Entry) -> bool:
    """Whether the first text line after the entry is no more indented than the entry.

    A more indented line belongs to whatever is open above it: with the entry gone, the
    item before it (``1. a`` / ``  1. dup`` / blank / ``    - b``: the ``- b`` code
    block would become a list nested in ``1. a``), or the list before a URL paragraph.
    """
    source = doc.source
    for index in range(entry.end_line, source.line_count()):
        line = source.line(index)
        if line.strip(" \t>"):
            return _prefix_width(line) <= _prefix_width(source.line(entry.start_line - 1))
    return True


def keeps_structure(doc: Document, entry: Entry) -> bool:
    """Whether removing ``entry`` leaves every other block as it was.

    A line after the entry that is more indented than the entry must stay where it is
    (see :func:`_next_line_keeps_its_place`). An ordered list interrupts a paragraph only
    when it starts at 1: removing the first item of ``1. a`` / ``2. b`` right after a
    text line (a parent list item's text, or a paragraph) would make ``2. b`` a lazy
    continuation of that text, so the item would silently become prose.
    """
    if not _next_line_keeps_its_place(doc, entry):
        return False
    if entry.kind != "list-item":
        return True
    item = entry.blocks[0].parent
    lst = item.parent if item is not None else None
    if lst is None or not lst.attrs.get("ordered"):
        return True
    items = [c for c in lst.children if c.type == "list_item"]
    if items[0] is not item or len(items) < 2:
        return True
    number = _ORDINAL.match(doc.text, items[1].start)
    if number is None or int(number.group(0)) == 1:
        return True
    before = entry.start_line - 2
    depth = _quote_depth(doc.source.line(before + 1))
    return (
        before < 0
        or _blank(doc, before, depth)
        or (doc.front_matter is not None and before < doc.front_matter.end_line)
        or _quote_depth(doc.source.line(before)) < depth
    )


def removal(doc: Document, entry: Entry) -> Edit:
    """Delete the entry's lines and one neighbouring blank line of its own container.

    The blank line before goes when the entry is followed by another blank line or ends
    its container (the document, or its block quote). The blank line after goes only
    when the entry opens its container (the start of the document, the end of the front
    matter, the first line of its block quote): after a text line, that blank line is
    what keeps the next block apart (``1. a`` / ``- dup`` / blank / ``text`` must not
    become ``1. a`` / ``text``, which makes ``text`` part of the item).
    """
    source = doc.source
    first, last = entry.start_line - 1, entry.end_line - 1
    depth = _quote_depth(source.line(first))
    fm_end = doc.front_matter.end_line if doc.front_matter is not None else 0
    opens = first <= fm_end or _quote_depth(source.line(first - 1)) < depth
    end_of_text = source.line_span(last)[2] == len(doc.text)
    closes = end_of_text or (depth > 0 and _quote_depth(source.line(last + 1)) < depth)
    if _blank(doc, first - 1, depth) and (closes or _blank(doc, last + 1, depth)):
        first -= 1
    elif opens and _blank(doc, last + 1, depth):
        last += 1
    return Edit.delete(source.line_span(first)[0], source.line_span(last)[2])


def _indent_width(line: str) -> int:
    return len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(4))


def lines_removal(doc: Document, start_line: int, end_line: int) -> Edit | None:
    """Delete top-level lines ``start_line``..``end_line`` (1-based, inclusive), e.g. a repeated block.

    The lines must be whole top-level blocks (not inside a list or block quote; a block
    quote itself is fine). One neighbouring blank line goes with them, as in
    :func:`removal`: the one before when the run is followed by another blank line or
    ends the text, else the one after when the run opens the document (or follows the
    front matter). ``None`` when the first text line after the run is more indented than
    the run's first line: it would join whatever is open above (a list item, say).
    The caller checks what else the run's neighbours become.
    """
    source = doc.source
    first, last = start_line - 1, end_line - 1
    for index in range(end_line, source.line_count()):
        line = source.line(index)
        if line.strip():
            if _indent_width(line) > _indent_width(source.line(first)):
                return None
            break
    fm_end = doc.front_matter.end_line if doc.front_matter is not None else 0
    end_of_text = source.line_span(last)[2] == len(doc.text)
    if _blank(doc, first - 1) and (end_of_text or _blank(doc, last + 1)):
        first -= 1
    elif first <= fm_end and _blank(doc, last + 1):
        last += 1
    return Edit.delete(source.line_span(first)[0], source.line_span(last)[2])
