"""Offsets ↔ LSP positions.

mdtidy's offsets count Unicode code points of :attr:`Source.text`; LSP positions are a
0-based line and a column in *code units* of the negotiated position encoding: UTF-16
by default (a CJK character is one unit, an emoji two), or UTF-8 / UTF-32 when client and
server agreed on them. Lines end at ``\\r\\n``, ``\\n`` or ``\\r`` in both.
"""

from __future__ import annotations

from mdtidy.parsing.source import Source

__all__ = ["offset_at", "position_of", "units"]


def units(text: str, encoding: str = "utf-16") -> int:
    """The length of ``text`` in code units of ``encoding`` (utf-8, utf-16 or utf-32)."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def position_of(source: Source, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
    """0-based (line, column in code units) of the character offset ``offset``."""
    offset = max(0, min(offset, len(source.text)))
    line, column = source.position(offset)
    start = source.line_starts[line - 1]
    return line - 1, units(source.text[start : start + column - 1], encoding)


def offset_at(source: Source, line: int, column: int, encoding: str = "utf-16") -> int:
    """The character offset of a 0-based LSP position (clamped to the line, as LSP says)."""
    if line < 0:
        return 0
    if line >= source.line_count():
        return len(source.text)
    start, content_end, _end = source.line_span(line)
    count = 0
    for index in range(start, content_end):
        if count >= column:
            return index
        count += units(source.text[index], encoding)
    return content_end
