"""The rendering guard compares two pages block by block (``same_page``): it must answer
exactly what comparing the whole rendered pages (``page_html``) answers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_properties import SETTINGS, Doc, documents

from mdtidy.parsing.flavors import named_flavor
from mdtidy.parsing.render import page_html, read_page, same_page

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


def test_shared_blocks_are_not_rendered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two long pages that differ in one block: only that block is rendered."""
    import mdtidy.parsing.render as render

    rendered: list[int] = []
    real = render._html

    def counting(md: Any, page: Any, start: int, end: int) -> str:
        rendered.append(end - start)
        return real(md, page, start, end)

    monkeypatch.setattr(render, "_html", counting)
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
