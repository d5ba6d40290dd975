"""Where the emphasis delimiters of a block are: CommonMark's algorithm, with exact spans.

mistune builds ``emphasis``/``strong`` tokens but keeps no positions, and its emphasis
parser is regex-based and differs from CommonMark in corners. This module runs the
CommonMark "process emphasis" procedure (delimiter runs, left/right flanking, the rule
of 3, link texts processed on their own) over a block's inline text
(:func:`mdtidy.kit.inlinetext.block_text`) and returns every emphasis with the exact
positions of its opening and closing delimiters, plus the delimiter runs that stayed
literal text.

:func:`analyse` also says whether the result can be trusted: the pre-order sequence of
emphasis kinds must equal mistune's, and the flanking rules must give the same result
whether punctuation means Unicode ``P*`` only (cmark-gfm, CommonMark 0.29) or ``P*`` and
``S*`` (CommonMark 0.31), and there must be no strong emphasis directly inside another
(cmark-gfm renders ``**a __b__ c**`` as one ``<strong>``, mistune as two). Rules must not
fire on a block where it cannot.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from mdtidy.kit.inlinetext import (
    BlockText,
    block_text,
    doc_cache,
    inline_blocks_with,
    link_text_span,
    links_in,
)
from mdtidy.model import Diagnostic, Edit, Fix
from mdtidy.parsing.parse import Document, Inline, Node

__all__ = [
    "Analysis",
    "Emphasis",
    "Run",
    "analyse",
    "block_kept",
    "emphasis_blocks",
    "find_emphasis",
    "structure",
    "style_findings",
]


@dataclass
class Run:
    """A delimiter run of ``*`` or ``_`` at ``start`` (block-text positions)."""

    char: str
    start: int
    length: int
    can_open: bool
    can_close: bool
    remaining: int = 0
    used_left: int = 0  # characters consumed from the left (as a closer)
    used_right: int = 0  # characters consumed from the right (as an opener)

    @property
    def end(self) -> int:
        return self.start + self.length


@dataclass(frozen=True)
class Emphasis:
    """One emphasis (size 1) or strong emphasis (size 2); block-text positions."""

    char: str
    size: int
    open_start: int
    close_start: int

    @property
    def kind(self) -> str:
        return "strong" if self.size == 2 else "emphasis"

    @property
    def open_end(self) -> int:
        return self.open_start + self.size

    @property
    def close_end(self) -> int:
        return self.close_start + self.size


@dataclass
class Analysis:
    block: BlockText
    emphases: list[Emphasis]
    #: delimiter runs no emphasis used a character of (literal text)
    literal: list[Run]
    trusted: bool
    runs: list[Run] = field(default_factory=list)
    #: link texts (block-text positions), processed on their own
    regions: list[tuple[int, int]] = field(default_factory=list)


def _is_punct(ch: str, symbols: bool) -> bool:
    if not ch:
        return False
    cat = unicodedata.category(ch)
    if cat.startswith("P"):
        return True
    if ch.isascii() and not ch.isalnum() and not ch.isspace() and ch.isprintable():
        return True  # ASCII punctuation includes symbols like $ + < = > ^ ` | ~
    return symbols and cat.startswith("S")


def _is_space(ch: str) -> bool:
    return not ch or ch.isspace()


#: a backslash escape (not of a line break), or a run of ``*`` or of ``_``
_DELIMITER = re.compile(r"\\[^\n]|\*+|_+")


def _runs(text: str, symbols: bool, regions: list[tuple[int, int]]) -> list[Run]:
    runs = []
    n = len(text)
    for m in _DELIMITER.finditer(text):
        i, j = m.span()
        ch = text[i]
        if ch == "\\":
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[j] if j < n else ""
        # a run at the edge of a link text sees the bracket, not what is beyond it
        for s, e in regions:
            if i == s:
                before = "["
            if j == e:
                after = "]"
        left = not _is_space(after) and (
            not _is_punct(after, symbols) or _is_space(before) or _is_punct(before, symbols)
        )
        right = not _is_space(before) and (
            not _is_punct(before, symbols) or _is_space(after) or _is_punct(after, symbols)
        )
        if ch == "*":
            can_open, can_close = left, right
        else:
            can_open = left and (not right or _is_punct(before, symbols))
            can_close = right and (not left or _is_punct(after, symbols))
        runs.append(Run(ch, i, j - i, can_open, can_close, j - i))
    return runs


def _process(runs: list[Run], spec031: bool) -> list[Emphasis]:
    """CommonMark's process-emphasis over ``runs`` (one region, in order).

    ``spec031``: openers_bottom also keyed by whether the closer can open (CommonMark
    0.31); cmark-gfm keys it by character and length modulo 3 only.
    """
    out: list[Emphasis] = []
    stack = list(runs)
    bottoms: dict[tuple[str, bool, int], int] = {}  # text position openers must lie after
    ci = 0
    while ci < len(stack):
        closer = stack[ci]
        if not closer.can_close or closer.remaining == 0:
            ci += 1
            continue
        key = (closer.char, closer.can_open and spec031, closer.length % 3)
        bottom = bottoms.get(key, -1)
        oi = ci - 1
        found = None
        while oi >= 0 and stack[oi].start > bottom:
            opener = stack[oi]
            if opener.char == closer.char and opener.can_open and opener.remaining > 0:
                odd = (opener.can_close or closer.can_open) and (opener.length + closer.length) % 3 == 0
                if not odd or (opener.length % 3 == 0 and closer.length % 3 == 0):
                    found = oi
                    break
            oi -= 1
        if found is None:
            bottoms[key] = stack[ci - 1].start if ci > 0 else -1
            if not closer.can_open:
                stack.pop(ci)
                continue
            ci += 1
            continue
        opener = stack[found]
        use = 2 if opener.remaining >= 2 and closer.remaining >= 2 else 1
        opener.used_right += use
        open_start = opener.end - opener.used_right
        close_start = closer.start + closer.used_left
        out.append(Emphasis(closer.char, use, open_start, close_start))
        opener.remaining -= use
        closer.remaining -= use
        closer.used_left += use
        # delimiters between opener and closer are removed
        del stack[found + 1 : ci]
        ci = found + 1
        if opener.remaining == 0:
            stack.pop(found)
            ci -= 1
        if closer.remaining == 0:
            stack.pop(ci)
    return out


def find_emphasis(
    text: str, regions: list[tuple[int, int]], symbols: bool = False, spec031: bool = False
) -> tuple[list[Emphasis], list[Run]]:
    """Emphases and all runs of ``text``; ``regions`` are link texts, processed first.

    The defaults are cmark-gfm's rules; ``symbols`` and ``spec031`` switch to CommonMark
    0.31's (symbols count as punctuation; openers_bottom keyed by "can open" too).
    """
    runs = _runs(text, symbols, regions)
    emphases: list[Emphasis] = []
    pending = list(runs)
    # innermost link texts first: a link text is processed on its own and its
    # delimiters are then gone for the text around it
    for s, e in sorted(regions, key=lambda r: r[1] - r[0]):
        inside = [r for r in pending if s <= r.start and r.end <= e]
        emphases += _process(inside, spec031)
        pending = [r for r in pending if not (s <= r.start and r.end <= e)]
    emphases += _process(pending, spec031)
    emphases.sort(key=lambda m: (m.open_start, -m.close_end))
    return emphases, runs


def _mistune_kinds(items: list[Inline]) -> list[str]:
    kinds: list[str] = []
    for item in items:
        if item.type in ("emphasis", "strong"):
            kinds.append(item.type)
        kinds += _mistune_kinds(item.children)
    return kinds


def _strong_in_strong(inner: Emphasis, emphases: list[Emphasis]) -> bool:
    """Whether ``inner`` is a strong whose nearest enclosing emphasis is a strong.

    cmark-gfm renders such a strong as part of its parent (``**a __b__ c**`` is one
    ``<strong>``), mistune as a nested ``<strong>``: the renderers disagree there.
    """
    if inner.size != 2:
        return False
    around = [m for m in emphases if m.open_end <= inner.open_start and inner.close_end <= m.close_start]
    if not around:
        return False
    return max(around, key=lambda m: m.open_start).size == 2


def _link_regions(doc: Document, node: Node, block: BlockText) -> list[tuple[int, int]] | None:
    links = [link for link in links_in(doc, node) if link.kind in ("inline", "reference")]
    if not links:
        return []
    pos = {off: i for i, off in enumerate(block.offsets)}
    regions = []
    for link in links:
        span = link_text_span(doc, link)
        if span is None:
            return None
        s, e = pos.get(span[0]), pos.get(span[1])
        if s is None or e is None:
            return None
        regions.append((s, e))
    return regions


def emphasis_blocks(doc: Document) -> list[Node]:
    """The blocks with inline content that hold a ``*`` or ``_``: in the others
    :func:`analyse` finds no delimiter run and no emphasis."""
    return inline_blocks_with(doc, "*", "_")


def analyse(doc: Document, node: Node) -> Analysis:
    """The emphases of a block, and whether CommonMark, cmark-gfm and mistune agree."""
    cache = doc_cache(doc)
    key = ("emphasis", id(node))
    if key not in cache:
        cache[key] = _analyse(doc, node)
    return cache[key]


def _analyse(doc: Document, node: Node) -> Analysis:
    block = block_text(doc, node)
    regions = _link_regions(doc, node, block)
    if regions is None:
        return Analysis(block, [], [], False)
    emphases, runs = find_emphasis(block.text, regions)
    other, _ = find_emphasis(block.text, regions, symbols=True, spec031=True)
    trusted = other == emphases and [m.kind for m in emphases] == _mistune_kinds(node.inlines)
    if any(_strong_in_strong(m, emphases) for m in emphases):
        trusted = False
    literal = [r for r in runs if r.remaining == r.length]
    return Analysis(block, emphases, literal, trusted, runs, regions)


def structure(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int, int]] | None:
    """(opener, closer, size) of every emphasis, or ``None`` where the rule sets disagree."""
    a, _ = find_emphasis(text, regions)
    b, _ = find_emphasis(text, regions, symbols=True, spec031=True)
    if a != b:
        return None
    return [(m.open_start, m.close_start, m.size) for m in a]


def _definitions(doc: Document) -> str:
    """The file's reference definitions, so a block rendered alone resolves its references."""
    cache = doc_cache(doc)
    if "definitions" not in cache:
        defs = [doc.text[d.start : d.end] for d in doc.links if d.kind == "definition"]
        cache["definitions"] = "\n\n" + "\n".join(defs) + "\n" if defs else ""
    return cache["definitions"]


def block_kept(doc: Document, block: BlockText, swaps: list[tuple[int, int, str]]) -> bool:
    """Whether mistune renders ``block`` the same after ``swaps`` (same-length replacements
    at block-text positions): the block's text is rendered alone, with the definitions."""
    from mdtidy.parsing.render import page_html

    chars = ["\n" if ch == "\n" else doc.text[off] for ch, off in zip(block.text, block.offsets, strict=True)]
    before = "".join(chars)
    for start, end, content in swaps:
        chars[start:end] = list(content)
    after = "".join(chars)
    suffix = _definitions(doc)
    return page_html(after + suffix, front_matter=False) == page_html(before + suffix, front_matter=False)


_NAMES = {"*": "asterisk", "_": "underscore"}
_CHARS = {"asterisk": "*", "underscore": "_"}


def style_findings(doc: Document, size: int, style: str, what: str) -> Iterator[Diagnostic]:
    """Findings for emphasis of ``size`` not in ``style``, with fixes where the page stays."""
    for node in emphasis_blocks(doc):
        analysis = analyse(doc, node)
        if not analysis.trusted:
            continue
        block = analysis.block
        text = block.text
        found: list[tuple[Diagnostic, list[Edit], list[tuple[int, int, str]]]] = []
        for em in analysis.emphases:
            if em.size != size:
                continue
            if style == "consistent":
                style = _NAMES[em.char]
            want = _CHARS[style]
            if em.char == want or (want == "_" and _intraword(doc, block, em)):
                continue
            swaps = [(em.open_start, em.open_end, want * size), (em.close_start, em.close_end, want * size)]
            edits = [Edit(block.orig(s), block.orig(e - 1) + 1, c) for s, e, c in swaps]
            message = f"{what} uses {_NAMES[em.char]}s; expected {style}s ({want * size}text{want * size})"
            found.append((Diagnostic(message, edits[0].start, edits[1].end), edits, swaps))
        if not found:
            continue
        swapped = list(text)
        for _diag, _edits, swaps in found:
            for s, e, c in swaps:
                swapped[s:e] = list(c)
        before = structure(text, analysis.regions)
        safe = (
            before is not None
            and structure("".join(swapped), analysis.regions) == before
            and block_kept(doc, block, [sw for _d, _e, swaps in found for sw in swaps])
        )
        for diag, edits, _swaps in found:
            if safe:
                diag.fix = Fix.safe(*edits, message=f"use {_CHARS[style]}")
            yield diag


def _intraword(doc: Document, block: BlockText, em: Emphasis) -> bool:
    start = block.orig(em.open_start)
    end = block.orig(em.close_end - 1) + 1
    before = doc.text[start - 1] if start > 0 else ""
    after = doc.text[end] if end < len(doc.text) else ""
    return (before.isalnum() or before == "_") or (after.isalnum() or after == "_")
