"""Helpers shared by the list and block-quote rules (LS00x, WS004-WS006).

Not a rule (the registry skips modules starting with ``_``). Three things live here:

* where a list item's marker sits: the text before it on its line (``prefix``), and the
  item's indentation relative to the enclosing block quotes (:func:`marker_indent`);
* edits that move whole lines left or right (:func:`shift_lines`);
* :func:`keep_page`, the last line of defence: a rule's fixes are applied to a copy and
  the page rendered with mistune; fixes that change it are dropped (the finding stays,
  without a fix). The rules are written to be safe by construction; this catches what
  the construction missed, e.g. a marker change that turns a line into a thematic break.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from mdtidy.kit.inlinetext import doc_cache
from mdtidy.model import Diagnostic, Edit, Fix
from mdtidy.parsing.dialects import CONTAINERS
from mdtidy.parsing.parse import Document, Node
from mdtidy.parsing.render import page_html

__all__ = [
    "ItemInfo",
    "apply_edits",
    "item_info",
    "keep_page",
    "quote_prefix_len",
    "shift_lines",
]

_QUOTE_PREFIX = re.compile(r"(?:[ ]{0,3}>[ ]?)*")
_ORDERED = re.compile(r"([0-9]{1,9})([.)])")

#: HTML blocks of CommonMark kinds 1-5 end at their own end marker (``-->``, ``?>``,
#: ``</pre>``...), not at a blank line; mistune agrees on those
_ENDS_ITSELF = re.compile(r"<(?:!|\?|(?:script|pre|style|textarea)(?:[\s>]|$))", re.IGNORECASE)

_FENCE = re.compile(r"[ >]*(?:```|~~~)")
_LOOKS_LIKE_ITEM = re.compile(r"[ >]*(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)")

#: above this many candidate fixes, a rule whose fixes together change the page offers none
MAX_CHECKED_ONE_BY_ONE = 60


@dataclass(frozen=True)
class ItemInfo:
    """A list item's marker as written."""

    line: int  # 0-based line of the marker
    line_start: int  # offset of that line
    marker_start: int  # offset of the marker
    marker: str  # "-", "*", "+", "1.", "12)"
    number: int | None  # ordered items: the number
    spaces: int  # spaces after the marker (tabs: -1)
    content_start: int  # offset of the first content character (line end if none)
    indent: int  # marker column relative to the enclosing block quotes' content
    quote_len: int  # length of the block-quote prefix ("> ", "> > ") before the indent
    single_line: bool  # the item is its marker line and nothing else
    empty: bool  # nothing after the marker on its line


def quote_prefix_len(prefix: str) -> int | None:
    """Length of the block-quote part of ``prefix``; None if it has anything but ``>`` and spaces."""
    if "\t" in prefix:
        return None
    m = _QUOTE_PREFIX.match(prefix)
    assert m is not None
    rest = prefix[m.end() :]
    if rest.strip(" "):
        return None
    return m.end()


def item_info(doc: Document, item: Node) -> ItemInfo | None:
    """The marker of ``item``; None where the text before it is more than spaces and ``>``.

    Found once per item (the list rules all ask)."""
    infos = doc_cache(doc).setdefault("item_infos", {})
    key = id(item)
    if key not in infos:
        infos[key] = _item_info(doc, item)
    return infos[key]


def _item_info(doc: Document, item: Node) -> ItemInfo | None:
    source = doc.source
    line = item.start_line - 1
    line_start, content_end, _ = source.line_span(line)
    text = doc.text
    pos = item.start
    if not line_start <= pos < content_end:
        return None
    prefix = text[line_start:pos]
    qlen = quote_prefix_len(prefix)
    if qlen is None:
        return None
    ch = text[pos]
    number = None
    if ch in "-*+":
        marker = ch
    else:
        m = _ORDERED.match(text, pos, content_end)
        if m is None:
            return None
        marker = m.group(0)
        number = int(m.group(1))
    after = pos + len(marker)
    end = after
    while end < content_end and text[end] == " ":
        end += 1
    spaces = end - after
    if end < content_end and text[end] == "\t":
        spaces = -1
    return ItemInfo(
        line=line,
        line_start=line_start,
        marker_start=pos,
        marker=marker,
        number=number,
        spaces=spaces,
        content_start=end,
        indent=len(prefix) - qlen,
        quote_len=qlen,
        single_line=item.start_line == _last_content_line(doc, item),
        empty=end >= content_end,
    )


def _last_content_line(doc: Document, node: Node) -> int:
    """1-based last line of ``node`` that is not blank."""
    line = node.end_line
    while line > node.start_line and not doc.source.line(line - 1).strip(" \t>"):
        line -= 1
    return line


def shift_lines(doc: Document, first: int, last: int, delta: int, quote_len: int) -> list[Edit] | None:
    """Edits moving 0-based lines ``first..last`` by ``delta`` columns after their quote prefix.

    None when a line cannot be moved: a tab in its indentation, a different quote prefix
    (e.g. a lazy line), or (moving left) fewer spaces than ``-delta``. Blank lines stay.
    """
    edits = []
    source = doc.source
    quote = source.line(first)[:quote_len]
    for index in range(first, last + 1):
        line = source.line(index)
        if not line.strip(" >"):
            continue
        if line[:quote_len] != quote:
            return None
        rest = line[quote_len:]
        lead = len(rest) - len(rest.lstrip(" \t"))
        if "\t" in rest[:lead]:
            return None
        at = source.line_starts[index] + quote_len
        if delta < 0:
            if lead < -delta:
                return None
            edits.append(Edit.delete(at, at - delta))
        elif delta > 0:
            edits.append(Edit.insert(at, " " * delta))
    return edits


def apply_edits(text: str, fixes: Iterable[Fix]) -> str:
    """``text`` with the fixes applied; a fix overlapping an earlier one is skipped."""
    taken: list[tuple[int, int]] = []
    edits: list[Edit] = []
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        if any(e.start <= b and a <= e.end for e in fix.edits for a, b in taken):
            continue
        taken.extend((e.start, e.end) for e in fix.edits)
        edits.extend(fix.edits)
    out = []
    pos = 0
    for edit in sorted(edits):
        out.append(text[pos : edit.start])
        out.append(edit.content)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def _window(doc: Document, fix: Fix, tops: list[tuple[int, int, bool]]) -> tuple[int, int]:
    """0-based first and last line of the top-level blocks around ``fix``, one more each side."""
    source = doc.source
    first = source.position(fix.start)[0] - 1
    last = source.position(max(fix.start, fix.end - 1))[0] - 1
    # top-level blocks do not overlap and are sorted: the ones touching first..last
    lo = bisect_right(tops, (first, 1 << 62, True)) - 1
    if lo < 0 or tops[lo][1] < first:
        lo += 1
    hi = bisect_right(tops, (last, 1 << 62, True)) - 1
    if lo > hi or lo >= len(tops) or hi < 0:
        return max(0, first - 1), min(source.line_count() - 1, last + 1)
    lo -= 1
    while lo > 0 and tops[lo][2]:
        lo -= 1
    hi += 1
    while hi < len(tops) - 1 and tops[hi][2]:
        hi += 1
    lo, hi = max(lo, 0), min(hi, len(tops) - 1)
    return min(tops[lo][0], first), max(tops[hi][1], last)


def _page(text: str, start: int, end: int, fixes: Iterable[Fix]) -> str:
    window = text[start:end]
    shifted = [
        Fix(tuple(Edit(e.start - start, e.end - start, e.content) for e in f.edits), f.applicability)
        for f in fixes
    ]
    return page_html(apply_edits(window, shifted), front_matter=False)


def keep_page(doc: Document, diags: list[Diagnostic]) -> list[Diagnostic]:
    """Drop the fixes (not the findings) that would change the page mistune renders.

    Each fix is checked on a window of the document: the top-level blocks it touches
    plus the block before and after (so a merge with a neighbouring list shows); fixes
    whose windows overlap are checked together.
    """
    fixes: dict[int, Fix] = {id(d.fix): d.fix for d in diags if d.fix is not None}
    if not fixes:
        return diags
    source = doc.source
    text = doc.text
    tops = sorted((n.start_line - 1, n.end_line - 1, n.type == "blank_line") for n in doc.nodes)
    spans = sorted(((*_window(doc, f, tops), key) for key, f in fixes.items()), key=lambda t: (t[0], t[1]))
    groups: list[tuple[int, int, list[int]]] = []
    for a, b, key in spans:
        if groups and a <= groups[-1][1]:
            ga, gb, keys = groups[-1]
            groups[-1] = (ga, max(gb, b), [*keys, key])
        else:
            groups.append((a, b, [key]))
    bad: set[int] = set()
    for a, b, keys in groups:
        start, end = source.line_starts[a], source.line_span(b)[2]
        before = _page(text, start, end, [])
        if _page(text, start, end, [fixes[k] for k in keys]) == before:
            continue
        if len(keys) > MAX_CHECKED_ONE_BY_ONE:
            bad.update(keys)
            continue
        wrong = {k for k in keys if _page(text, start, end, [fixes[k]]) != before}
        good = [fixes[k] for k in keys if k not in wrong]
        if good and _page(text, start, end, good) != before:
            wrong = set(keys)
        bad |= wrong
    for diag in diags:
        if diag.fix is not None and id(diag.fix) in bad:
            diag.fix = None
    return diags


def html_shadow(doc: Document) -> set[int]:
    """0-based lines right after an HTML block, up to the next blank line.

    CommonMark runs an HTML block such as ``<div>`` until a blank line; mistune ends it
    earlier, so what mistune parses on these lines (a list, a quote) is HTML in
    CommonMark. The rules leave these lines alone.
    """
    lines: set[int] = set()
    source = doc.source
    total = source.line_count()
    for node in doc.nodes_of("block_html"):
        if _ENDS_ITSELF.match(doc.text, node.start):
            continue
        index = node.end_line
        while index < total and source.line(index).strip():
            if _FENCE.match(source.line(index)):
                # a fence that CommonMark reads as HTML: every later fence pairs differently
                lines.update(range(index, total))
                break
            lines.add(index)
            index += 1
    return lines


def lists(doc: Document) -> list[Node]:
    """The lists the list rules may look at (computed once per document); see :func:`_lists`."""
    cache = doc_cache(doc)
    found = cache.get("lists")
    if found is None:
        found = cache["lists"] = list(_lists(doc))
    return found


def _lists(doc: Document) -> Iterable[Node]:
    """The lists of the document, without those in front matter or where mistune may be wrong.

    Left out: lists in an HTML block's shadow (:func:`html_shadow`), lists holding an HTML
    block, lists whose nesting CommonMark would see differently (:func:`_nesting_agrees`),
    and any list that starts inside such a list or right after it (no blank line between):
    where mistune ended a list early, the next "list" may be part of it in CommonMark.
    """
    fm_end = doc.front_matter.end_line if doc.front_matter is not None else 0
    shadow = html_shadow(doc)
    source = doc.source
    total = source.line_count()
    roots: list[Node] = []
    zone: set[int] = set(shadow)
    in_lists: set[int] = set()
    for node in doc.nodes_of("list"):
        in_lists.update(range(node.start_line - 1, node.end_line))
    zone.update(_stitched(doc))
    zone.update(_quote_ends(doc))
    zone.update(_after_unclosed_fence(doc))
    for node in doc.nodes_of("list"):
        if root_list(node) is not node:
            continue
        above = node.start_line - 2
        bad = node.start_line <= fm_end
        # a line like "2. y" right above that mistune did not take for a list item
        bad = bad or (above >= 0 and above not in in_lists and _LOOKS_LIKE_ITEM.match(source.line(above)))
        bad = bad or any(n.type == "block_html" for n in node.walk())
        bad = bad or not _nesting_agrees(doc, node)
        if not bad:
            roots.append(node)
            continue
        zone.update(range(node.start_line - 1, node.end_line))
        index = node.end_line
        while index < total and source.line(index).strip(" \t>"):
            zone.add(index)
            index += 1
    for root in roots:
        if any(line in zone for line in range(root.start_line - 1, root.end_line)):
            continue
        yield from (n for n in root.walk() if n.type == "list")


def _after_unclosed_fence(doc: Document) -> set[int]:
    """Every line from a fenced code block without a closing fence to the end.

    Inside a block quote or list item mistune lets such a fence take lazy lines that
    CommonMark does not, and from there on the two pair later fences differently.
    """
    for node in doc.nodes_of("block_code"):
        if not _closed_fence(doc, node):
            return set(range(node.start_line - 1, doc.source.line_count()))
    return set()


def _quote_ends(doc: Document) -> set[int]:
    """Block quotes ended by a line without ``>`` and no blank line, with those lines.

    mistune can emit the block after such a quote *before* it (notes, bug 1: ``> q``
    then ``- b`` renders the list first), so its page changes with any edit there.
    """
    lines: set[int] = set()
    source = doc.source
    total = source.line_count()
    for node in doc.nodes_of("block_quote"):
        index = node.end_line
        if index >= total or not source.line(index).strip() or source.line(index).lstrip().startswith(">"):
            continue
        lines.update(range(node.start_line - 1, node.end_line))
        while index < total and source.line(index).strip(" \t>"):
            lines.add(index)
            index += 1
    return lines


def _stitched(doc: Document) -> set[int]:
    """Lines of paragraphs that mistune stitched across another block (notes, bug 2).

    ``text`` / ``> q`` / ``2. y`` gives a mistune paragraph "text 2. y" on lines 1-3 with
    the quote on line 2; CommonMark makes line 3 a list. Such a paragraph overlaps a
    block that is not its ancestor; its lines and the non-blank lines after it are left
    alone.
    """
    lines: set[int] = set()
    multi = [n for n in doc.nodes_of("paragraph", "block_text") if n.end_line > n.start_line]
    if not multi:
        return lines
    starts: dict[int, list[Node]] = {}
    for block in doc.nodes_of("block_quote", "list", "list_item"):
        starts.setdefault(block.start_line, []).append(block)
    source = doc.source
    for para in multi:
        ancestors = set(map(id, para.ancestors()))
        if any(
            id(block) not in ancestors
            for line in range(para.start_line + 1, para.end_line + 1)
            for block in starts.get(line, ())
        ):
            lines.update(range(para.start_line - 1, para.end_line))
            index = para.end_line
            while index < source.line_count() and source.line(index).strip(" \t>"):
                lines.add(index)
                index += 1
    return lines


def _children_inside(doc: Document, item: Node, info: ItemInfo) -> bool:
    """Whether every block of ``item`` after its marker line starts at its content column
    (and every line of a code block is indented that far)."""
    col = content_column(info)
    quote = doc.source.line(info.line)[: info.quote_len]
    for child in item.children:
        if child.type == "blank_line":
            continue
        # a block's first line; every line of a code block (code takes no lazy lines)
        last = child.end_line if child.type == "block_code" else child.start_line
        for number in range(max(child.start_line, item.start_line + 1), last + 1):
            line = doc.source.line(number - 1)
            if not line.strip(" >") and child.type == "block_code":
                continue
            if line[: info.quote_len] != quote:
                return False
            rest = line[info.quote_len :]
            if len(rest) - len(rest.lstrip(" ")) < col:
                return False
    return True


def _closed_fence(doc: Document, node: Node) -> bool:
    """False for a fenced code block without its closing fence (indented code: True)."""
    first = doc.text[node.start : doc.source.line_span(node.start_line - 1)[1]].lstrip(" >")
    m = re.match(r"`{3,}|~{3,}", first)
    if m is None:
        return True
    last = doc.source.line(node.end_line - 1).lstrip(" >").rstrip()
    return node.end_line > node.start_line and last.startswith(m.group(0)) and not last.strip(m.group(0)[0])


def next_indent(doc: Document, node: Node, quote_len: int) -> int | None:
    """Indentation of the first non-blank line after ``node``, after the same quote prefix.

    None when there is no such line or it does not share ``node``'s quote prefix (it is
    then outside the quote and cannot become part of an item in it).
    """
    source = doc.source
    first = source.line(node.start_line - 1)[:quote_len]
    index = last_line(doc, node)
    while index < source.line_count():
        line = source.line(index)
        if line.strip(" \t>"):
            if line[:quote_len] != first:
                return None
            rest = line[quote_len:]
            if "\t" in rest[: len(rest) - len(rest.lstrip(" \t"))]:
                return 1 << 30  # a tab: unknown width, so assume it could reach into the item
            return len(rest) - len(rest.lstrip(" "))
        index += 1
    return None


def keeps_next_out(doc: Document, node: Node, info: ItemInfo, new_column: int) -> bool:
    """Whether the first line after the list ``node`` stays out of its last item
    when that item's content column becomes ``new_column``."""
    indent = next_indent(doc, node, info.quote_len)
    return indent is None or indent < new_column


def _nesting_agrees(doc: Document, root: Node) -> bool:
    """Whether CommonMark would nest the items of ``root`` as mistune did.

    mistune measures an item's content column differently from CommonMark when the
    marker is followed by several spaces (``1.  i`` then ``   - e``: mistune nests the
    second line, CommonMark does not); an empty item takes the next line as its text in
    mistune, not in CommonMark; and mistune lets ``2.`` interrupt a paragraph. Checked
    from the markers: no empty items, no item on the line of another (``- * x``), no
    tabs, an ordered list not starting at 1 has a blank line (or nothing) above it,
    every block of an item after its first line starts at the item's content column, a
    sub-list less than 4 beyond it, an item's next sibling left of the item's content
    column, no closing fence missing, no item-like line inside an item's text.
    """
    for node in root.walk():
        if node.type == "block_code" and not _closed_fence(doc, node):
            return False  # an unclosed fence in an item: the two end it differently
        if node.type in ("paragraph", "block_text") and any(
            _LOOKS_LIKE_ITEM.match(doc.source.line(i)) for i in range(node.start_line, node.end_line)
        ):
            return False  # "2. b" continuing an item's text in mistune starts a list in CommonMark
        if node.type != "list":
            continue
        infos = [item_info(doc, item) for item in items(node)]
        if any(info is None for info in infos):
            return False  # "- * x": a marker after a marker on one line, not checked here
        if any(info is not None and info.empty for info in infos):
            return False  # an empty item takes no lazy lines in CommonMark; mistune's does
        if any(info is not None and info.spaces < 0 for info in infos) or has_tab_indent(doc, node):
            return False  # a tab after a marker or in the indentation: the two expand it differently
        start = node.attrs.get("start", 1)
        above = node.start_line - 2
        if node.attrs.get("ordered") and start != 1 and above >= 0 and doc.source.line(above).strip(" >"):
            return False  # only "1." may interrupt a paragraph; mistune lets any number do it
        for prev, nxt in pairwise(infos):
            if prev is not None and nxt is not None and nxt.indent >= content_column(prev):
                return False
        for item, info in zip(items(node), infos, strict=True):
            if info is not None and not _children_inside(doc, item, info):
                return False
        parent = node.parent
        if parent is not None and parent.type == "list_item" and infos and infos[0] is not None:
            outer = item_info(doc, parent)
            if outer is not None and outer.line != infos[0].line:
                col = content_column(outer)
                if not col <= infos[0].indent <= col + 3:
                    return False
    return True


def unsure_lines(doc: Document) -> set[int]:
    """See :func:`_unsure_lines` (computed once per document)."""
    cache = doc_cache(doc)
    found = cache.get("unsure_lines")
    if found is None:
        found = cache["unsure_lines"] = _unsure_lines(doc)
    return found


def _unsure_lines(doc: Document) -> set[int]:
    """0-based lines where mistune may be wrong: lists :func:`lists` leaves out, stitched
    paragraphs and the lines after them, and HTML blocks' shadows."""
    sure = {id(n) for n in lists(doc)}
    lines: set[int] = _stitched(doc) | html_shadow(doc) | _quote_ends(doc) | _after_unclosed_fence(doc)
    for node in doc.nodes_of("list"):
        if id(node) not in sure:
            lines.update(range(node.start_line - 1, node.end_line))
    return lines


def root_list(node: Node) -> Node:
    """The outermost list that ``node`` (a list or list item) is nested in, itself included."""
    root = node
    for anc in node.ancestors():
        if anc.type == "list":
            root = anc
        elif anc.type != "list_item":
            break
    return root


def claim(doc: Document, fix: Fix | None, node: Node) -> Fix | None:
    """``fix`` widened with no-op edits so that it covers the whole outermost list of ``node``.

    The engine applies non-overlapping fixes of different rules in one pass. Two rules
    that each move items of the same list safely can together change the nesting (one
    moves an item right, the other its sibling left), so a fix that moves list items
    claims the whole list: any other fix touching it waits for the next pass, when the
    text is parsed again. The added edits replace text with itself.
    """
    if fix is None:
        return None
    root = root_list(node)
    source = doc.source
    text = doc.text
    start = min(source.line_starts[root.start_line - 1], fix.start)
    end = max(source.line_span(root.end_line - 1)[1], fix.end)
    edits = []
    pos = start
    for edit in sorted(fix.edits):
        if edit.start > pos:
            edits.append(Edit(pos, edit.start, text[pos : edit.start]))
        edits.append(edit)
        pos = max(pos, edit.end)
    if end > pos:
        edits.append(Edit(pos, end, text[pos:end]))
    return Fix(tuple(edits), fix.applicability, fix.message)


def items(node: Node) -> list[Node]:
    return [c for c in node.children if c.type == "list_item"]


def has_tab_indent(doc: Document, node: Node) -> bool:
    """Whether any line of ``node`` has a tab before its first non-blank character."""
    source = doc.source
    for index in range(node.start_line - 1, node.end_line):
        line = source.line(index)
        lead = line[: len(line) - len(line.lstrip(" \t>"))]
        if "\t" in lead:
            return True
    return False


def content_column(info: ItemInfo) -> int:
    """Column (relative to the quote content) where the item's content starts."""
    return info.indent + len(info.marker) + max(info.spaces, 1)


def last_line(doc: Document, node: Node) -> int:
    """1-based last non-blank line of ``node``."""
    return _last_content_line(doc, node)


def move_items(doc: Document, node: Node, infos: list[ItemInfo], targets: list[int]) -> Fix | None:
    """One fix moving every item of the list ``node`` (all its lines) to its target indent.

    None when some line cannot be moved (tabs, lazy lines, too little indentation) or when
    the list's lines do not all share one quote prefix.
    """
    edits: list[Edit] = []
    last, last_target = infos[-1], targets[-1]
    if not keeps_next_out(doc, node, last, content_column(last) - last.indent + last_target):
        return None
    for item, info, target in zip(items(node), infos, targets, strict=True):
        delta = target - info.indent
        if not delta:
            continue
        moved = shift_lines(doc, info.line, last_line(doc, item) - 1, delta, info.quote_len)
        if moved is None:
            return None
        edits.extend(moved)
    return claim(doc, Fix.safe(*edits), node) if edits else None


def body_column(doc: Document, container: Node) -> int | None:
    """The column the body of an admonition, content tab, definition or footnote starts
    at: its header's or marker's column plus its body indentation."""
    span = container.attrs.get("header_span")
    if span is None:
        return None
    line_start = doc.source.line_span(doc.source.position(span[0])[0] - 1)[0]
    prefix = doc.text[line_start : span[0]]
    qlen = quote_prefix_len(prefix)
    return None if qlen is None else len(prefix) - qlen + container.attrs.get("body_indent", 4)


def parent_content_column(doc: Document, node: Node) -> int | None:
    """For a nested list, the content column of the item it is in; 0 at the top (of a quote);
    in an admonition or a content tab (MkDocs), the column of its body."""
    parent = node.parent
    if parent is None or parent.type == "block_quote":
        return 0
    if parent.type in CONTAINERS:
        return body_column(doc, parent)
    if parent.type != "list_item":
        return None
    info = item_info(doc, parent)
    if info is None or info.spaces < 0 or info.empty:
        return None
    return content_column(info)
