"""Inline configuration: HTML comments that turn rules off and on for parts of a file.

markdownlint's comments work as they do there, and ``mdtidy-`` is a synonym::

    <!-- markdownlint-disable -->            every rule, from this line on
    <!-- markdownlint-disable MD009 DUP -->  these rules (codes, prefixes, names, aliases)
    <!-- markdownlint-enable MD009 -->       back on, from this line on
    <!-- markdownlint-disable-line MD009 --> this line only
    <!-- markdownlint-disable-next-line -->  the next line only
    <!-- markdownlint-disable-file MD047 --> the whole file, wherever the comment is
    <!-- markdownlint-enable-file MD047 -->  the whole file
    <!-- markdownlint-capture -->            remember the current state …
    <!-- markdownlint-restore -->            … and go back to it

Only real HTML comments count (HTML blocks and inline HTML), never text in code. A
finding is suppressed when its first line is disabled for its rule. The result is a
small picklable value kept in the file's summary, so cross-file rules honour it too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from mdtidy.parsing.parse import Document

__all__ = ["Suppressions", "suppressions"]

_DIRECTIVE = re.compile(
    r"<!--\s*(?:markdownlint|mdtidy)-"
    r"(disable-next-line|disable-line|disable-file|enable-file|disable|enable|capture|restore)"
    r"(?=[\s-])(.*?)-->",
    re.DOTALL,
)

#: (all rules off?, codes whose state is the opposite of that)
State = tuple[bool, frozenset[str]]
_ON: State = (False, frozenset())


def _change(state: State, on: bool, codes: frozenset[str] | None) -> State:
    if codes is None:
        return (not on, frozenset())
    all_off, exceptions = state
    if all_off == on:  # the named codes become exceptions to the blanket state
        return (all_off, exceptions | codes)
    return (all_off, exceptions - codes)


def _off(state: State, code: str) -> bool:
    all_off, exceptions = state
    return all_off != (code in exceptions)


@dataclass(frozen=True)
class Suppressions:
    """Which rules are off on which lines of one file."""

    starts: tuple[int, ...] = ()  # 1-based first line of each state segment, ascending
    states: tuple[State, ...] = ()
    lines: tuple[tuple[int, frozenset[str] | None], ...] = ()  # line-only: (line, codes or all)
    _by_line: dict[int, list[frozenset[str] | None]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for line, codes in self.lines:
            self._by_line.setdefault(line, []).append(codes)

    def __bool__(self) -> bool:
        return bool(self.starts or self.lines)

    def suppressed(self, code: str, line: int) -> bool:
        for codes in self._by_line.get(line, ()):
            if codes is None or code in codes:
                return True
        index = bisect_right(self.starts, line) - 1
        return index >= 0 and _off(self.states[index], code)


def _resolve(words: str, idents: dict[str, frozenset[str]]) -> frozenset[str] | None:
    """The codes a directive names; ``None`` for all rules (no names given)."""
    names = [w for w in re.split(r"[\s,]+", words.strip()) if w]
    if not names:
        return None
    codes: set[str] = set()
    for name in names:
        codes |= idents.get(name.upper(), frozenset())
    return frozenset(codes)


def suppressions(doc: Document, idents: dict[str, frozenset[str]]) -> Suppressions:
    """Read the directives of ``doc``. ``idents`` maps an upper-cased rule identifier
    (code, prefix, name or alias) to the codes it stands for."""
    text = doc.text
    found: list[tuple[int, str, frozenset[str] | None]] = []
    for start, end in doc.html_spans():
        if "<!--" not in text[start:end]:
            continue
        for match in _DIRECTIVE.finditer(text, start, end):
            line = doc.source.position(match.start())[0]
            found.append((line, match.group(1), _resolve(match.group(2), idents)))
    if not found:
        return Suppressions()
    found.sort(key=lambda f: f[0])
    state = _ON
    for _line, action, codes in found:
        if action in ("disable-file", "enable-file"):
            state = _change(state, action == "enable-file", codes)
    starts, states, lines = [1], [state], []
    saved = state
    for line, action, codes in found:
        if action in ("disable", "enable"):
            state = _change(state, action == "enable", codes)
        elif action == "capture":
            saved = state
        elif action == "restore":
            state = saved
        elif action == "disable-line":
            lines.append((line, codes))
            continue
        elif action == "disable-next-line":
            lines.append((line + 1, codes))
            continue
        else:
            continue
        if starts[-1] == line:
            states[-1] = state
        else:
            starts.append(line)
            states.append(state)
    return Suppressions(tuple(starts), tuple(states), tuple(lines))
