"""The rendering guard compares two pages block by block (``same_page``): it must answer
exactly what comparing the whole rendered pages (``page_html``) answers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_properties import SETTINGS, Doc, documents

from mdtidy.parsing.flavors import named_flavor
from mdtidy.parsing.parse import parse
from mdtidy.parsing.render import Page, page_html, page_of, read_page, same_page
from mdtidy.parsing.source import Source

FLAVORS = [None, named_flavor("mkdocs"), named_flavor("jekyll"), named_flavor("hugo")]

#: edits of the kinds formatting fixes make, and some that change the page
EDITS = [
    ("", " "),
    (" ", ""),
    ("", "\n"),
    ("\n", ""),
    ("\n", "\n\n"),
    ("\n\n", "\n"),
    ("", "  "),
    ("*", "_"),
    ("_", "*"),
    ("-", "*"),
    ("*", "-"),
    ("1.", "1)"),
    ("", "\n[a]: /elsewhere\n"),
    ("", "[a]"),
    ("", "> "),
    ("", "    "),
    ("", "```\n"),
    ("#", ""),
    ("", "# "),
    ("", "<div>\n"),
]


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    doc: Doc = draw(documents())
    text = doc.text
    for _ in range(draw(st.integers(1, 4))):
        old, new = draw(st.sampled_from(EDITS))
        if old:
            spots = [i for i in range(len(text)) if text.startswith(old, i)]
            if not spots:
                continue
            at = draw(st.sampled_from(spots))
        else:
            at = draw(st.integers(0, len(text)))
        text = text[:at] + new + text[at + len(old) :]
    return doc.text, text


@SETTINGS
@given(edited(), st.sampled_from(FLAVORS), st.booleans())
def test_same_page_answers_as_whole_pages_do(texts: tuple[str, str], flavor: Any, front_matter: bool) -> None:
    old, new = texts
    expected = page_html(old, front_matter, flavor) == page_html(new, front_matter, flavor)
    assert same_page(read_page(old, front_matter, flavor), read_page(new, front_matter, flavor)) == expected


def _parsed_page(text: str, front_matter: bool, flavor: Any) -> Page:
    return page_of(parse(Source(text), front_matter=front_matter, flavor=flavor), front_matter)


@SETTINGS
@given(edited(), st.sampled_from(FLAVORS), st.booleans())
def test_a_parse_gives_the_page_read_page_reads(
    texts: tuple[str, str], flavor: Any, front_matter: bool
) -> None:
    """page_of (the fixer's page of a text it has parsed anyway) is read_page's Page:
    the same blocks and definitions, so same_page answers as whole pages do whichever
    way each page was made."""
    old, new = texts
    for text in texts:
        made, read = _parsed_page(text, front_matter, flavor), read_page(text, front_matter, flavor)
        # a text that is all front matter: mdtidy's parse counts one more blank line
        blank = all(t["type"] == "blank_line" for t in [*made.tokens, *read.tokens])
        assert made.keys == read.keys or blank
        assert made.env.get("ref_links") == read.env.get("ref_links")
        assert made.flavor == read.flavor
    expected = page_html(old, front_matter, flavor) == page_html(new, front_matter, flavor)
    old_made, new_made = _parsed_page(old, front_matter, flavor), _parsed_page(new, front_matter, flavor)
    assert same_page(old_made, new_made) == expected
    assert same_page(read_page(old, front_matter, flavor), new_made) == expected


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many blocks each render of same_page's renders (the blocks that differ)."""
    import mdtidy.parsing.render as render

    counts: list[int] = []
    real = render._html

    def counting(md: Any, page: Any, start: int, end: int) -> str:
        counts.append(end - start)
        return real(md, page, start, end)

    monkeypatch.setattr(render, "_html", counting)
    return counts


def test_moved_blocks_are_not_rendered(rendered: list[int]) -> None:
    """A page made of a parse keeps no positions: blocks an edit only moved (a line
    added above them) are the same blocks, and only the edited one is rendered."""
    flavor = named_flavor("hugo")
    body = "".join(f"Term {i}\n: Definition {i} of *it*.\n\n" for i in range(50))
    old = "Intro   \n\n" + body
    new = "Intro\n\n" + body
    assert same_page(_parsed_page(old, True, flavor), _parsed_page(new, True, flavor))
    assert sum(rendered) == 2  # the intro paragraph, once in each page


def test_shared_blocks_are_not_rendered(rendered: list[int]) -> None:
    """Two long pages that differ in one block: only that block is rendered."""
    blocks = [f"Paragraph {i} with *emphasis* and a [link][a].\n" for i in range(200)]
    old = "\n".join([*blocks, "[a]: https://example.org\n"])
    new = old.replace("Paragraph 100 with *emphasis*", "Paragraph 100 with _emphasis_")
    assert same_page(read_page(old), read_page(new))
    assert sum(rendered) == 2  # the changed paragraph, once in each page
    changed = old.replace("Paragraph 100 with *emphasis*", "Paragraph 100 with **emphasis**")
    assert not same_page(read_page(old), read_page(changed))


@SETTINGS
@given(documents(), st.sampled_from(FLAVORS), st.booleans())
def test_body_text_is_the_lines_joined(doc: Doc, flavor: Any, front_matter: bool) -> None:
    """body_text blanks the front matter and makes every line break LF: exactly what
    joining the (masked) lines with LF, the front matter's emptied, gives."""
    from mdtidy.parsing.frontmatter import split_front_matter
    from mdtidy.parsing.mask import mask_flavor
    from mdtidy.parsing.render import body_text
    from mdtidy.parsing.source import Source

    text = doc.text
    source = Source(text)
    fm = split_front_matter(source) if front_matter else None
    masked = mask_flavor(text, source.line_span(fm.end_line - 1)[2] if fm is not None else 0, flavor)
    if masked is not None:
        source = Source(masked.text)
    lines = source.lines()
    if fm is not None:
        lines = ["" if i < fm.end_line else line for i, line in enumerate(lines)]
    assert body_text(text, front_matter, flavor) == "\n".join(lines)
    # a text that is all front matter, with or without a last line break
    for bare in ("---\na: 1\n---", "---\na: 1\n---\n", "---\r\na: 1\r\n...\r\n"):
        assert body_text(bare) == "\n".join("" for _ in Source(bare).lines())
