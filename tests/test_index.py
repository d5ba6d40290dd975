"""The per-document index (:meth:`Document.nodes_of` and friends) and the line table.

Rules read what one walk over the tree built; these tests check that it gives exactly
what walking the tree gives, in the same order.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdtidy.parsing.parse import Document, Inline, Node, parse
from mdtidy.parsing.source import Source, decode

SAMPLE = """---
title: x
---
# Title <span>x</span>

Text with [a link](https://a.example/), *emphasis*, `code` and <b>html</b>.

> quote with **strong [nested *link*](https://b.example/)**
>
> - item one
> - item <i>two</i>
>   1. sub

<div>
block html
</div>

| a | b |
| - | - |
| [c](https://c.example/) | <br> |

Setext
------

    indented code

[ref]: https://d.example/
"""


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _walk_inline(item: Inline) -> Iterator[Inline]:
    yield item
    for child in item.children:
        yield from _walk_inline(child)


def _tree(doc: Document) -> list[Node]:
    return [n for root in doc.nodes for n in _walk(root)]


def _inlines(doc: Document) -> list[tuple[Node, Inline]]:
    return [(n, item) for n in _tree(doc) for inline in n.inlines for item in _walk_inline(inline)]


def _old_html_spans(doc: Document) -> list[tuple[int, int]]:
    spans = []
    for node in _tree(doc):
        if node.type == "block_html":
            spans.append((node.start, node.end))
        for inline in node.inlines:
            for item in _walk_inline(inline):
                if item.type == "inline_html" and item.start is not None and item.end is not None:
                    spans.append((item.start, item.end))
    return spans


def _same_as_a_walk(doc: Document) -> None:
    tree = _tree(doc)
    assert list(doc.walk()) == tree
    assert doc.all_nodes() == tree
    for kind in {n.type for n in tree} | {"nothing"}:
        assert doc.nodes_of(kind) == [n for n in tree if n.type == kind]
    pair = ("paragraph", "block_text")
    assert doc.nodes_of(*pair) == [n for n in tree if n.type in pair]
    assert doc.nodes_of(*pair) is doc.nodes_of(*pair)  # built once
    items = _inlines(doc)
    assert [(id(n), id(i)) for n, i in doc.inline_items()] == [(id(n), id(i)) for n, i in items]
    for kinds in (("link",), ("link", "image"), ("inline_html",), ("codespan", "emphasis")):
        want = [(id(n), id(i)) for n, i in items if i.type in kinds]
        assert [(id(n), id(i)) for n, i in doc.inlines_of(*kinds)] == want
    assert list(doc.html_spans()) == _old_html_spans(doc)


def test_the_index_is_what_a_walk_gives() -> None:
    doc = parse(decode(SAMPLE.encode()))
    _same_as_a_walk(doc)
    assert [n.type for n in doc.nodes_of("heading")] == ["heading", "heading"]
    assert len(doc.inlines_of("link")) == 3
    assert len(list(doc.html_spans())) == 8  # each tag on its own, and the <div> block


def test_an_empty_document_has_an_empty_index() -> None:
    doc = parse(decode(b""))
    _same_as_a_walk(doc)
    assert doc.nodes_of("heading") == [] and doc.inline_items() == []
    assert list(doc.html_spans()) == []


def test_a_pickled_document_leaves_its_caches_behind() -> None:
    doc = parse(decode(SAMPLE.encode()))
    doc.nodes_of("heading")
    list(doc.html_spans())
    doc.source.line_span(0)
    copy = pickle.loads(pickle.dumps(doc))
    assert not any(key.startswith("_") for key in vars(copy))
    assert "_spans" not in vars(copy.source)
    _same_as_a_walk(copy)


def _spans_by_arithmetic(source: Source, index: int) -> tuple[int, int, int]:
    start = source.line_starts[index]
    end = source.line_starts[index + 1] if index + 1 < len(source.line_starts) else len(source.text)
    content_end = end
    if content_end > start and source.text[content_end - 1] == "\n":
        content_end -= 1
    if content_end > start and source.text[content_end - 1] == "\r":
        content_end -= 1
    return start, content_end, end


@pytest.mark.parametrize("text", ["", "a", "a\n", "a\r\nb\rc\n\n", "\r\r\n\n", "x\ny"])
def test_the_line_table_matches_the_line_starts(text: str) -> None:
    source = Source(text)
    for index in range(-source.line_count(), source.line_count()):
        assert source.line_span(index) == _spans_by_arithmetic(source, index)
    with pytest.raises(IndexError):
        source.line_span(source.line_count())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["# h", "- a", "  - b", "> q", "1. n", "[l](u)", "*e*", "<b>", "", "x"]), max_size=12
    )
)
def test_the_index_matches_a_walk_on_any_document(lines: list[str]) -> None:
    _same_as_a_walk(parse(decode("\n".join(lines).encode())))


# --------------------------------------------------------------------------- shortcuts


def _runs_by_loop(text: str) -> list[tuple[str, int, int]]:
    """The delimiter runs as the character loop found them before the regex."""
    runs, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] != "\n":
            i += 2
            continue
        if ch not in "*_":
            i += 1
            continue
        j = i
        while j < n and text[j] == ch:
            j += 1
        runs.append((ch, i, j - i))
        i = j
    return runs


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="*_\\\n\r a.", max_size=40))
def test_delimiter_runs_are_those_of_the_character_loop(text: str) -> None:
    from mdtidy.kit.emphasis import _runs

    assert [(r.char, r.start, r.length) for r in _runs(text, False, [])] == _runs_by_loop(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\n\r\x0b\u3000>ab", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_shortcuts_for_block_and_link_texts_change_nothing(text: str, a: int, b: int) -> None:
    from mdtidy.kit import blocks, entries

    a, b = sorted((min(a, len(text)), min(b, len(text))))
    doc = parse(decode(text.encode()))
    block = Node("paragraph", 1, 1, 0, len(text))
    link = parse(decode(b"[x](u)")).links[0]
    link.start, link.end = a, b
    slow = entries._text(doc, 0, len(text)) == entries._text(doc, a, b)
    assert entries._only_link(doc, block, link) == slow
    lines = blocks._LINE_BREAK.split(text)
    assert blocks._leaf_text(doc, block) == " ".join(" ".join(x.lstrip(" \t>") for x in lines).split())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab()<>\\ \t\n\r\x0b\x0c\x7f\x01!é", max_size=30), st.integers(0, 3))
def test_the_link_destination_ends_where_mistune_ends_it(src: str, start: int) -> None:
    from mistune.helpers import _parse_link_href

    from mdtidy.parsing.positioned import _href_end

    assert _href_end(src, start) == _parse_link_href(src, start)[1]


def test_the_link_destination_nesting_limit_is_mistunes() -> None:
    from mistune.helpers import _parse_link_href

    from mdtidy.parsing.positioned import _href_end

    for depth in (19, 20, 21):
        src = "(" * depth + "x" + ")" * depth + ")"
        assert _href_end(src, 0) == _parse_link_href(src, 0)[1]
