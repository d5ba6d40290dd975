"""Source text: decoding bytes losslessly and mapping offsets to 1-based line/column.

Every offset in mdtidy is a character offset into :attr:`Source.text`, the decoded file
*without* its byte-order mark and with its original line endings. Encoding back with
:meth:`Source.encode` gives the original bytes exactly when the text is unchanged.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

__all__ = ["DecodeError", "Source", "decode"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class DecodeError(Exception):
    """The bytes are not a text file mdtidy can edit safely."""


@dataclass
class Source:
    """Decoded text plus what is needed to write it back byte for byte."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    @property
    def line_starts(self) -> list[int]:
        """The offset where each line starts (computed on first use: a file whose lint
        comes from the cache never needs it)."""
        starts = self.__dict__.get("_line_starts")
        if starts is None:
            text = self.text
            if "\r" in text:
                starts = [0]
                starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
            else:  # LF only: each line's length plus its break
                starts = [0, *accumulate(len(line) + 1 for line in text.split("\n"))]
                starts.pop()
            self.__dict__["_line_starts"] = starts
        return starts

    def __getstate__(self) -> dict[str, object]:
        # the line tables are rebuilt where they are needed
        return {k: v for k, v in self.__dict__.items() if k not in ("_spans", "_lines", "_line_starts")}

    @property
    def eol(self) -> str:
        """The file's dominant line ending ("\\n" when it has none)."""
        crlf = self.text.count("\r\n")
        lf = self.text.count("\n") - crlf
        cr = self.text.count("\r") - crlf
        if crlf > lf and crlf >= cr:
            return "\r\n"
        if cr > lf and cr > crlf:
            return "\r"
        return "\n"

    def encode(self, text: str | None = None) -> bytes:
        return self.bom + (self.text if text is None else text).encode(self.encoding)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        starts = self.line_starts
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def offset(self, line: int, column: int = 1) -> int:
        """Character offset of a 1-based (line, column)."""
        return self.line_starts[line - 1] + column - 1

    def line_count(self) -> int:
        return len(self.line_starts)

    def line_span(self, index: int) -> tuple[int, int, int]:
        """(start, content_end, end) offsets of 0-based line ``index``; end includes the line break."""
        if index < 0:  # what the arithmetic used to give a negative index (never a caller's intent)
            start = self.line_starts[index]
            end = self.line_starts[index + 1] if index + 1 < len(self.line_starts) else len(self.text)
            return start, self._content_end(start, end), end
        spans = self.__dict__.get("_spans")
        if spans is None:
            spans = self._line_table()
        return spans[index]

    def _content_end(self, start: int, end: int) -> int:
        text = self.text
        if end > start and text[end - 1] == "\n":
            end -= 1
        if end > start and text[end - 1] == "\r":
            end -= 1
        return end

    def _line_table(self) -> list[tuple[int, int, int]]:
        """Every line's :meth:`line_span`, computed once (the text never changes)."""
        starts = self.line_starts
        ends = [*starts[1:], len(self.text)]
        content_end = self._content_end
        spans = [(start, content_end(start, end), end) for start, end in zip(starts, ends, strict=True)]
        self.__dict__["_spans"] = spans
        return spans

    def line_spans(self) -> list[tuple[int, int, int]]:
        """:meth:`line_span` of every line, by index (shared: do not modify)."""
        spans = self.__dict__.get("_spans")
        return spans if spans is not None else self._line_table()

    def line(self, index: int) -> str:
        """Content of 0-based line ``index`` without its line break."""
        if index < 0:
            start, content_end, _ = self.line_span(index)
            return self.text[start:content_end]
        lines = self.__dict__.get("_lines")
        if lines is None:
            text = self.text
            lines = self.__dict__["_lines"] = [text[a:b] for a, b, _ in self.line_spans()]
        return lines[index]

    def lines(self) -> list[str]:
        self.line(0)
        return list(self.__dict__["_lines"])


def decode(data: bytes) -> Source:
    """Decode file bytes, refusing binary data and invalid text with a clear message."""
    encoding, bom = "utf-8", b""
    for mark, name in _BOMS:
        if data.startswith(mark):
            encoding, bom = name, mark
            break
    body = data[len(bom) :]
    if encoding == "utf-8" and b"\x00" in body[:8192]:
        raise DecodeError("binary file (contains NUL bytes); not Markdown")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise DecodeError(
            f"not valid {encoding.upper()} (invalid byte 0x{body[exc.start]:02x} at line {line}, "
            f"byte offset {exc.start + len(bom)})"
        ) from None
    return Source(text, encoding, bom)
