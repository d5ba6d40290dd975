"""Entries: the units of a reference list that a fix may remove whole.

An *entry* is either

* a list item that holds exactly one link and nothing else but text (its caption), or
* a top-level paragraph that is just one URL, together with the caption paragraph right
  after it (a paragraph without links), as in blogs that paste ``URL`` + ``title`` pairs.
  A *label* is not a caption: a short one-line paragraph ending in ``:`` or ``：``
  (``Tutorials:``, ``官网：``, ``参考：``) introduces the next URL, it does not describe
  the one before it.

:func:`removal` gives the edit that deletes an entry's lines plus one neighbouring blank
line, so no run of blank lines is left behind; :func:`merge` the edit that moves a
duplicate entry's text into the entry that is kept; :func:`emptied_heading` the heading
a set of removals would leave with nothing under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mdtidy.kit.inlinetext import doc_cache
from mdtidy.links.urls import UrlPolicy, url_key
from mdtidy.model import Edit
from mdtidy.parsing.parse import Document, Link, Node

__all__ = [
    "Entry",
    "carries_text",
    "emptied_heading",
    "entry_for",
    "is_label",
    "keeps_structure",
    "label_text",
    "merge",
    "moved_text",
    "orphaned_label",
    "removal",
]

_MARKER_PREFIX = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]*")
_ORDINAL = re.compile(r"\d{1,9}")
#: a label is at most this many characters (after whitespace normalisation)
LABEL_MAX = 40
_LABEL_END = (":", "：")
_WORD = re.compile(r"\w")
_BLOCK_START_ORDINAL = re.compile(r"(\d{1,9})([.)])")
_BLOCK_START_CHARS = "#>=+-*_`~|<"


@dataclass
class Entry:
    kind: str  # "list-item" | "url-paragraph"
    link: Link
    blocks: list[Node]
    start_line: int
    end_line: int
    caption: str  # whitespace-normalised text of the entry without the URL

    def comparable(self, doc: Document, policy: UrlPolicy | None = None) -> str:
        """The entry's text with its URL replaced by the URL's key, whitespace-normalised."""
        return f"{url_key(self.link.url, policy)} {self.caption}".strip()


def _text(doc: Document, start: int, end: int) -> str:
    return " ".join(doc.text[start:end].split())


def _links_in(doc: Document, node: Node) -> list[Link]:
    """The links (of any kind) whose block is ``node``, in document order."""
    cache = doc_cache(doc)
    index = cache.get("entries_links_by_block")
    if index is None:
        index = cache["entries_links_by_block"] = {}
        for link in doc.links:
            index.setdefault(id(link.block), []).append(link)
    return index.get(id(node), [])


def _only_link(doc: Document, block: Node, link: Link) -> bool:
    """Whether the block's text is the link's text and white space."""
    if block.start <= link.start and link.end <= block.end:
        text = doc.text
        return not text[block.start : link.start].strip() and not text[link.end : block.end].strip()
    return _text(doc, block.start, block.end) == _text(doc, link.start, link.end)


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
    if not _only_link(doc, block, link):
        return None
    blocks = [block]
    after = _next_content_sibling(doc, block)
    caption = after is not None and after.type == "paragraph" and not _links_in(doc, after)
    if caption and after is not None and not is_label(doc, after):
        blocks.append(after)
    return Entry(
        "url-paragraph", link, blocks, block.start_line, blocks[-1].end_line, _caption_of(doc, blocks, link)
    )


def is_label(doc: Document, node: Node) -> bool:
    """Whether a paragraph is a short label (``Tutorials:``, ``官网：``) rather than a caption."""
    if node.type != "paragraph" or node.start_line != node.end_line:
        return False
    text = _text(doc, node.start, node.end)
    return text.endswith(_LABEL_END) and len(text) <= LABEL_MAX


def _previous_content_sibling(doc: Document, node: Node) -> Node | None:
    siblings = _siblings(doc, node)
    for sibling in reversed(siblings[: siblings.index(node)]):
        if sibling.type != "blank_line":
            return sibling
    return None


def orphaned_label(doc: Document, entry: Entry) -> Node | None:
    """The label paragraph right before ``entry`` that would introduce nothing without it.

    That is when the entry is all the label introduces: the entry (a URL paragraph, or the
    only item of its list) is followed by a heading, another label, a thematic break or
    the end of its container.
    """
    if entry.kind == "url-paragraph":
        first, last = entry.blocks[0], entry.blocks[-1]
    else:
        item = entry.blocks[0].parent
        lst = item.parent if item is not None else None
        if lst is None or len([c for c in lst.children if c.type == "list_item"]) != 1:
            return None
        first = last = lst
    before = _previous_content_sibling(doc, first)
    if before is None or not is_label(doc, before):
        return None
    after = _next_content_sibling(doc, last)
    if after is None or after.type in ("heading", "thematic_break") or is_label(doc, after):
        return before
    return None


def label_text(doc: Document, node: Node) -> str:
    return _text(doc, node.start, node.end)


def entry_for(doc: Document, link: Link) -> Entry | None:
    """The entry ``link`` stands alone in, if any (found once per link and document)."""
    cache = doc_cache(doc).setdefault("entries", {})
    key = id(link)
    if key not in cache:
        cache[key] = _entry_for(doc, link)
    return cache[key]


def _entry_for(doc: Document, link: Link) -> Entry | None:
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


# --------------------------------------------------------------------------- merging


def _block_lines(doc: Document, block: Node, start: int, end: int) -> str:
    """``text[start:end]`` of a block, container prefixes of its continuation lines removed."""
    pieces = doc.text[start:end].splitlines()
    return " ".join([pieces[0], *(p.lstrip(" \t>") for p in pieces[1:])]) if pieces else ""


def _link_text(doc: Document, link: Link) -> str | None:
    """The link text of an inline link as written; ``""`` for autolinks and bare URLs.

    ``None`` when the link carries a title (``[t](url "title")``): its text would be lost.
    """
    if link.kind in ("bare", "autolink") or link.url_start is None or link.url_end is None:
        return ""
    close = doc.text.rfind("](", link.start, link.url_start)
    if close < 0:
        return None
    if doc.text[link.url_end : link.end].strip(" \t\r\n>)"):
        return None
    return " ".join(doc.text[link.start + 1 : close].split())


def _entry_text(doc: Document, entry: Entry, link_text: str) -> str:
    """The entry's text on one line, with its link written as ``link_text``."""
    link = entry.link
    parts = []
    for block in entry.blocks:
        if block is link.block:
            parts.append(_block_lines(doc, block, block.start, link.start))
            parts.append(link_text)
            parts.append(_block_lines(doc, block, link.end, block.end))
        else:
            parts.append(_block_lines(doc, block, block.start, block.end))
    return " ".join(" ".join(parts).split())


def moved_text(doc: Document, entry: Entry, kept: Entry) -> str | None:
    """The text of ``entry`` that ``kept`` lacks, as one line: what a merge moves.

    The link itself is dropped; an inline link's text stays unless it is the kept link's
    text or the URL itself. Nothing is moved when the kept entry already has that text
    (word for word), e.g. from an earlier merge. ``None`` when some text cannot be moved
    (a link title).
    """
    link = entry.link
    text = _link_text(doc, link)
    kept_text = _link_text(doc, kept.link)
    if text is None:
        return None
    if text in (kept_text, link.url.strip(), ""):
        text = ""
    moved = _entry_text(doc, entry, text)
    if moved and f" {moved} " in f" {_entry_text(doc, kept, kept_text or '')} ":
        return ""
    return moved


def carries_text(moved: str) -> bool:
    """Whether moved text has anything to keep (a word, not just leftover markup)."""
    return bool(_WORD.search(moved))


def _escape_block_start(text: str) -> str:
    """Backslash-escape what would make ``text`` open a block at the start of a line."""
    ordinal = _BLOCK_START_ORDINAL.match(text)
    if ordinal:
        return f"{ordinal.group(1)}\\{ordinal.group(2)}{text[ordinal.end() :]}"
    if text[:1] in _BLOCK_START_CHARS:
        return "\\" + text
    return text


def merge(doc: Document, kept: Entry, moved: str) -> Edit | None:
    """The edit that adds ``moved`` to the kept entry, as a new last line of its text.

    A list item gets a continuation line indented to its text (``>`` markers kept); a
    URL paragraph with a caption gets a second caption line; a URL paragraph without one
    gets a caption paragraph. ``None`` where that cannot be written exactly (tabs in the
    list marker's indentation).
    """
    line = _escape_block_start(moved)
    if kept.kind == "list-item":
        block = kept.blocks[0]
        line_start = doc.source.line_span(block.start_line - 1)[0]
        prefix = doc.text[line_start : block.start]
        lead = prefix[: len(prefix) - len(prefix.lstrip(" \t>"))]
        rest = prefix[len(lead) :]
        if "\t" in prefix:
            return None
        return Edit.insert(block.end, "\n" + lead + " " * len(rest) + line)
    if len(kept.blocks) > 1:
        return Edit.insert(kept.blocks[-1].end, "\n" + line)
    return Edit.insert(kept.blocks[0].end, "\n\n" + line)


# --------------------------------------------------------------------------- empty sections


def emptied_heading(doc: Document, removals: list[Edit]) -> dict[int, Node]:
    """Headings that the ``removals`` (deletions) together would leave with nothing under them.

    Keyed by the index in ``removals`` of the last removal in the heading's section: that
    is the one to withhold. A section runs from a top-level heading to the next heading of
    the same or a higher level; a sub-heading is content, a reference definition is not
    (it renders nothing).
    """
    nodes = doc.nodes
    out: dict[int, Node] = {}
    for h_index, heading in enumerate(nodes):
        if heading.type != "heading":
            continue
        level = heading.attrs.get("level", 1)
        section = []
        for node in nodes[h_index + 1 :]:
            if node.type == "heading" and node.attrs.get("level", 1) <= level:
                break
            if node.type not in ("blank_line", "definition"):
                section.append(node)
        if not section:
            continue  # already empty: HD-style rules' business, not ours
        hits = [
            i
            for i, edit in enumerate(removals)
            if section[0].start <= edit.end and edit.start <= section[-1].end
        ]
        if not hits:
            continue
        spans: list[list[int]] = []
        for a, b in sorted((removals[i].start, removals[i].end) for i in hits):
            if spans and a <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], b)
            else:
                spans.append([a, b])
        if all(any(a <= node.start and node.end <= b for a, b in spans) for node in section):
            out[max(hits, key=lambda i: removals[i].start)] = heading
    return out
