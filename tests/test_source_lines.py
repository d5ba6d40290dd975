"""Source's line table: the fast paths give what the plain definitions give."""

from __future__ import annotations

import re

import pytest

from mdtidy.parsing.source import Source

_BREAK = re.compile(r"\r\n|\r|\n")
TEXTS = ["", "a", "a\n", "\n", "\n\n", "a\nb", "a\nb\n", "a\n\nb\n\n"]
TEXTS += ["x\r\ny", "a\rb\n", "é\n\u2028x\n", "a\r\n\r\n"]


@pytest.mark.parametrize("text", TEXTS)
def test_line_table(text: str) -> None:
    source = Source(text)
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    assert source.line_starts == starts
    ends = [*starts[1:], len(text)]
    expected = [_BREAK.sub("", text[a:b]) for a, b in zip(starts, ends, strict=True)]
    assert [source.line(i) for i in range(source.line_count())] == expected
    assert source.lines() == expected
    assert source.line_spans() == [source.line_span(i) for i in range(source.line_count())]
    # a negative index keeps its old meaning (the arithmetic's, not Python's)
    start, content_end, _ = source.line_span(-1)
    assert source.line(-1) == text[start:content_end]
