"""Small helpers shared by rules (the engine itself never calls them)."""

from __future__ import annotations

import re

from mdtidy.parsing.parse import Document, Node

__all__ = [
    "container_blank",
    "content_start",
    "is_blank_line",
    "skipped_lines",
    "split_gfm_row",
    "table_agrees",
    "table_rows",
    "verbatim_lines",
]

_VERBATIM = ("block_code", "block_html")


def verbatim_lines(doc: Document) -> set[int]:
    """0-based lines whose whitespace is content: code blocks and HTML blocks."""
    lines: set[int] = set()
    for node in doc.nodes_of(*_VERBATIM):
        lines.update(range(node.start_line - 1, node.end_line))
    return lines


def skipped_lines(doc: Document) -> set[int]:
    """Lines formatting rules leave alone: front matter plus :func:`verbatim_lines`."""
    lines = verbatim_lines(doc)
    if doc.front_matter is not None:
        lines.update(range(doc.front_matter.end_line))
    return lines


# --------------------------------------------------------------------------- containers and tables

_QUOTE_MARK = re.compile(r"[ \t]{0,3}>[ \t]?")


def content_start(doc: Document, node: Node, index: int) -> int:
    """Offset where 0-based line ``index`` of ``node`` starts its content.

    Skips the ``>`` markers of the node's block quotes (as many as the line has, so lazy
    lines work) and the indentation; on the node's first line it is ``node.start``.
    """
    start, end, _ = doc.source.line_span(index)
    if index == node.start_line - 1:
        return node.start
    text = doc.text
    pos = start
    for _ in range(sum(1 for a in node.ancestors() if a.type == "block_quote")):
        m = _QUOTE_MARK.match(text, pos, end)
        if m is None:
            break
        pos = m.end()
    while pos < end and text[pos] in " \t":
        pos += 1
    return pos


_CLOSING = re.compile(r"(`{3,}|~{3,})[ \t]*")


def closed(doc: Document, fence: Node) -> bool:
    """Whether a fenced code block ends with its closing fence (not the end of its container)."""
    if fence.end_line == fence.start_line:
        return False
    index = fence.end_line - 1
    start = content_start(doc, fence, index)
    m = _CLOSING.fullmatch(doc.text, start, doc.source.line_span(index)[1])
    marker = str(fence.attrs.get("marker") or "")
    return m is not None and bool(marker) and m.group(1)[0] == marker[0] and len(m.group(1)) >= len(marker)


def container_blank(doc: Document, node: Node, index: int) -> str:
    """A blank line that stays inside ``node``'s block quotes: line ``index``'s ``>`` prefix.

    Every character before the node's content on that line other than ``>`` becomes a
    space (a list marker must not be repeated); trailing spaces are dropped.
    """
    start = doc.source.line_starts[index]
    prefix = doc.text[start : content_start(doc, node, index)]
    if ">" not in prefix:
        return ""
    prefix = prefix[: prefix.rindex(">") + 1]
    return "".join(c if c in "> \t" else " " for c in prefix)


def is_blank_line(text: str) -> bool:
    """A blank line, also inside block quotes (nothing but ``>`` and white space)."""
    return not text.replace(">", "").strip()


def split_gfm_row(row: str) -> list[str]:
    """A table row's cells as GFM splits them: one outer pipe each side dropped, ``\\|`` kept."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not _escaped(row, len(row) - 1):
        row = row[:-1]
    cells, cell = [], 0
    for pos, char in enumerate(row):
        if char == "|" and not _escaped(row, pos):
            cells.append(row[cell:pos].strip())
            cell = pos + 1
    cells.append(row[cell:].strip())
    return cells


def _escaped(text: str, pos: int) -> bool:
    count = 0
    while pos > 0 and text[pos - 1] == "\\":
        count += 1
        pos -= 1
    return count % 2 == 1


_DELIMITER_CELL = re.compile(r":?-+:?")
#: a line that GFM would start another block with (so it would end a table there)
_BLOCK_START = re.compile(
    r" {0,3}(?:[>#<]|`{3}|~{3}|[-*+_=](?:[ \t]|$)|[-*_]{3}|\d{1,9}[.)](?:[ \t]|$))| {4}|\t"
)


def table_rows(doc: Document, table: Node) -> list[tuple[int, int, str]]:
    """``(line index, content offset, content)`` of every line of a table, delimiter row included."""
    rows = []
    for index in range(table.start_line - 1, table.end_line):
        start = content_start(doc, table, index)
        end = doc.source.line_span(index)[1]
        rows.append((index, start, doc.text[start:end]))
    return rows


def table_agrees(doc: Document, table: Node) -> bool:
    """Whether GFM reads this mistune table the same way: same columns, same rows.

    mistune accepts delimiter rows GFM rejects (``--|``), counts an outer pipe of a
    ``| a | b`` table as an empty first column, and keeps a line such as ``- a | b``
    as a row where GFM starts a list.
    """
    rows = table_rows(doc, table)
    if len(rows) < 2:
        return False
    columns = len(table.attrs.get("aligns") or [])
    header, delimiter = split_gfm_row(rows[0][2]), split_gfm_row(rows[1][2])
    if not (len(header) == len(delimiter) == columns):
        return False
    if not all(_DELIMITER_CELL.fullmatch(cell) for cell in delimiter):
        return False
    return not any(_BLOCK_START.match(text) for _i, _s, text in rows[2:])
