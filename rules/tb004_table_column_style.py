"""TB004 table-column-style: table pipes not aligned, or not padded in one style (markdownlint MD060).

## What it does
Checks the pipes (`|`) of every row of a GFM table against one of three styles, as
markdownlint does:

- `aligned`: every pipe of a row stands in the column of a header row's pipe (cell
  content may be placed anywhere between them);
- `compact`: exactly one space between each pipe and the cell content next to it
  (`| a | b |`, `| --- | --- |`);
- `tight`: no space next to any pipe (`|a|b|`, `|---|---|`).

With `style = "any"` (the default) a table that fits any of the three is fine; one
that fits none is reported for the style it is closest to (the one with the fewest
findings, preferring `aligned`, then `compact`). Spaces after the last pipe of a row
do not count; a pipe at the start of a row has no left side and a row's first cell
without a leading pipe none either. Alignment is measured in display columns: an East
Asian wide or full-width character and an emoji count 2, combining marks, control
characters and tabs 0, as in markdownlint (which uses `string-width`).

Options: `style` (`any`, `aligned`, `compact` or `tight`; default `any`),
`aligned-delimiter` (default `false`): with `compact` or `tight`, the delimiter row's
pipes must also stand under the header row's.

Every offending pipe is one finding, on its row, so a row may have several. Tables are
read as GFM (and markdownlint) reads them: a table mistune also reads as one, plus the
lines after it that GFM still counts as rows (`a | b` without outer pipes, which end a
mistune table), and tables that mistune reads as a paragraph (a row with another number
of cells, a table right under a paragraph line). Skipped, as in TB001: tables whose
delimiter row GFM rejects (`--|`) and tables such as `| a | b` that mistune reads with
an extra empty column. Tables in code blocks, HTML blocks and front matter are not
tables.

## Why is this bad?
A table whose pipes wander is hard to read and to edit in the source, and one table
written in several styles makes the next edit guess which to follow.

## Example
```markdown
| Character | Meaning |
| --------- | ------- |
| Y | Yes |
| N         | No      |
```
Row 3 fits `compact`, rows 1, 2 and 4 fit `aligned`: the pipes of row 3 are reported
(the table is closest to `aligned`).

## Fix safety
No fix, as in markdownlint: re-padding a table is a job for a table formatter, which
must also decide where wide characters and escaped pipes go.

## Differences from markdownlint
On the three corpora (`bench/mdl_agreement.py`, every style) mdtidy reports exactly
markdownlint's lines. Known differences, not met there:

- markdownlint also counts white space inside a link's destination and title
  (`[a](b "t")`) when it looks for the space next to a pipe (its token search
  descends into the cell's inline content); mdtidy looks at the cell's outer spaces
  only.
- markdownlint measures a grapheme cluster's width with the Unicode emoji and
  grapheme data of its JavaScript engine; mdtidy measures character by character
  (wide and full-width 2, an emoji with its variation selector 2, marks and joined
  emoji parts 0), which agrees except on rare clusters (Hangul jamo sequences).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mdtidy.kit.rulekit import content_start, split_gfm_row, table_agrees, table_rows
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document, Node

STYLES = ("any", "aligned", "compact", "tight")

_DELIMITER_CELL = re.compile(r":?-+:?")
#: a line GFM would start another block with (it ends a table); as in kit.rulekit
_BLOCK_START = re.compile(
    r" {0,3}(?:[>#<]|`{3}|~{3}|[-*+_=](?:[ \t]|$)|[-*_]{3}|\d{1,9}[.)](?:[ \t]|$))| {4}|\t"
)

_ZERO_WIDTH_CATEGORIES = {"Mn", "Me", "Mc", "Cc", "Cf", "Cs", "Zl", "Zp"}
_ZWJ = "\u200d"
_VS16 = "\ufe0f"


def _char_width(char: str) -> int:
    code = ord(char)
    if unicodedata.category(char) in _ZERO_WIDTH_CATEGORIES:
        return 0
    if 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF or 0x1F3FB <= code <= 0x1F3FF:
        return 0  # Hangul medial/final jamo, emoji skin tones: part of the cluster before them
    if code in (0x115F, 0x3164, 0xFFA0) or 0xE0000 <= code <= 0xE0FFF:
        return 0  # default-ignorable fillers and tags
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced editor (markdownlint's ``string-width``)."""
    width = 0
    previous = 0
    joined = False
    for char in text:
        if joined:  # the emoji after a zero-width joiner is drawn in the one before it
            joined = unicodedata.category(char) in _ZERO_WIDTH_CATEGORIES
            continue
        if char == _ZWJ:
            joined = True
            continue
        if char == _VS16 and previous == 1:
            width += 1  # emoji presentation of a narrow character: an emoji, 2 columns
            previous = 2
            continue
        w = _char_width(char)
        width += w
        if w:
            previous = w
    return width


@dataclass
class Token:
    kind: str  # "divider" | "whitespace" | "content"
    start: int  # offset in the row's text
    end: int


def row_tokens(row: str) -> list[Token]:
    """A GFM table row as micromark splits it: pipes, outer white space of cells, content."""
    tokens: list[Token] = []

    def cell(a: int, b: int) -> None:
        c, d = a, b
        while c < d and row[c] in " \t":
            c += 1
        while d > c and row[d - 1] in " \t":
            d -= 1
        if c == d:
            if a < b:
                tokens.append(Token("whitespace", a, b))
            return
        if a < c:
            tokens.append(Token("whitespace", a, c))
        tokens.append(Token("content", c, d))
        if d < b:
            tokens.append(Token("whitespace", d, b))

    start = 0
    pos = 0
    while pos < len(row):
        char = row[pos]
        if char == "\\" and pos + 1 < len(row) and row[pos + 1] in "\\|":
            pos += 2
            continue
        if char == "|":
            cell(start, pos)
            tokens.append(Token("divider", pos, pos + 1))
            start = pos + 1
        pos += 1
    cell(start, len(row))
    return tokens


Rows = list[tuple[int, int, str]]  # (0-based line, content offset, content) per row


def _paragraph_lines(doc: Document, node: Node) -> Rows:
    rows = []
    for index in range(node.start_line - 1, node.end_line):
        start = content_start(doc, node, index)
        rows.append((index, start, doc.text[start : doc.source.line_span(index)[1]]))
    return rows


def _until_block_start(lines: Rows) -> Rows:
    for i, (_index, _start, text) in enumerate(lines):
        if _BLOCK_START.match(text) or not text.strip():
            return lines[:i]
    return lines


def _starts_table(header: str, delimiter: str) -> bool:
    if "|" not in header or "|" not in delimiter:
        return False
    cells = split_gfm_row(delimiter)
    return len(split_gfm_row(header)) == len(cells) and all(_DELIMITER_CELL.fullmatch(c) for c in cells)


def gfm_tables(doc: Document) -> Iterator[Rows]:
    """Every table GFM reads where mistune reads a table or a paragraph, row by row.

    mistune ends a ``| a | b |`` table at the first row without its outer pipes (the rest
    becomes a paragraph) and reads a table with a row of another length as a paragraph;
    GFM keeps every line up to a blank line or another block as a row, and lets a table
    start inside a paragraph. Tables mistune and GFM read with different columns or
    delimiter rows (see :func:`mdtidy.kit.rulekit.table_agrees`) are left out.
    """
    consumed: set[int] = set()
    paragraphs = []
    for node in doc.walk():
        if node.type in ("paragraph", "block_text"):
            paragraphs.append(node)
        if node.type != "table" or not table_agrees(doc, node):
            continue
        rows = list(table_rows(doc, node))
        siblings = node.parent.children if node.parent is not None else doc.nodes
        after = next((n for n in siblings if n.start_line > node.end_line), None)
        if after is not None and after.type == "paragraph" and after.start_line == node.end_line + 1:
            rows += _until_block_start(_paragraph_lines(doc, after))
            consumed.add(id(after))
        yield rows
    for node in paragraphs:
        if id(node) in consumed:
            continue
        lines = _paragraph_lines(doc, node)
        for i in range(len(lines) - 1):
            if _BLOCK_START.match(lines[i][2]):
                break
            if _starts_table(lines[i][2], lines[i + 1][2]):
                yield lines[i : i + 2] + _until_block_start(lines[i + 2 :])
                break


class TableColumnStyle(FileRule):
    code = "TB004"
    name = "table-column-style"
    aliases = ("MD060", "table-column-style")
    summary = "Table pipes not aligned, or not padded in one style (aligned, compact, tight)"
    options = {"style": "any", "aligned-delimiter": False}

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        from mdtidy.config import ConfigError

        if self.opts["style"] not in STYLES:
            raise ConfigError(f"rule {self.code}: option 'style' must be one of {', '.join(STYLES)}")
        if not isinstance(self.opts["aligned-delimiter"], bool):
            raise ConfigError(f"rule {self.code}: option 'aligned-delimiter' must be true or false")

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        found = [d for table in gfm_tables(doc) for d in self._table(doc, table)]
        found.sort(key=lambda d: d.start)
        yield from found

    def _table(self, doc: Document, table: Rows) -> Iterator[Diagnostic]:
        style = self.opts["style"]
        aligned_ok = style in ("any", "aligned")
        compact_ok = style in ("any", "compact")
        tight_ok = style in ("any", "tight")
        rows = []
        for index, start, text in table:
            line_start = doc.source.line_starts[index]
            rows.append((index, start, doc.text[line_start:start], text))

        def dividers(row: tuple[int, int, str, str]) -> list[tuple[int, int]]:
            _index, start, prefix, text = row
            return [
                (start + t.start, display_width(prefix + text[: t.start]))
                for t in row_tokens(text)
                if t.kind == "divider"
            ]

        def check_aligned(subset: list, why: str) -> list[tuple[int, str]]:
            errors = []
            header = {column for _at, column in dividers(subset[0])}
            for row in subset[1:]:
                remaining = set(header)
                for at, column in dividers(row):
                    if remaining and column not in remaining:
                        errors.append((at, why))
                    remaining.discard(column)
            return errors

        if_aligned: list[tuple[int, str]] = []
        if aligned_ok:
            if_aligned = check_aligned(rows, 'pipe does not align with the header row (style "aligned")')
        if_compact: list[tuple[int, str]] = []
        if_tight: list[tuple[int, str]] = []
        if (compact_ok or tight_ok) and not (aligned_ok and not if_aligned):
            if self.opts["aligned-delimiter"]:
                why = "delimiter row pipe does not align with the header row (aligned-delimiter)"
                errors = check_aligned(rows[:2], why)
                if_compact += errors
                if_tight += errors
            for _index, start, _prefix, text in rows:
                self._padding(text, start, if_compact, if_tight)
        chosen = if_aligned
        if compact_ok and (len(if_compact) < len(chosen) or not aligned_ok):
            chosen = if_compact
        if tight_ok and (len(if_tight) < len(chosen) or (not aligned_ok and not compact_ok)):
            chosen = if_tight
        for at, why in chosen:
            yield Diagnostic(why, at, at + 1)

    @staticmethod
    def _padding(text: str, start: int, compact: list, tight: list) -> None:
        tokens = row_tokens(text)
        for i, token in enumerate(tokens):
            if token.kind != "divider":
                continue
            at = start + token.start
            if i > 0:
                before = tokens[i - 1]
                if before.kind == "whitespace":
                    if before.end - before.start != 1:
                        compact.append((at, 'extra space left of the pipe (style "compact")'))
                    tight.append((at, 'space left of the pipe (style "tight")'))
                else:
                    compact.append((at, 'no space left of the pipe (style "compact")'))
            if i + 1 < len(tokens):
                after = tokens[i + 1]
                if after.kind == "whitespace":
                    if after.end != len(text):
                        if after.end - after.start != 1:
                            compact.append((at, 'extra space right of the pipe (style "compact")'))
                        tight.append((at, 'space right of the pipe (style "tight")'))
                else:
                    compact.append((at, 'no space right of the pipe (style "compact")'))
