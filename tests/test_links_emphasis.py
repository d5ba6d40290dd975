"""The link, emphasis and code-span rules (LK001-LK006, EM001-EM003, CD005): options,
the emphasis scanner against cmark-gfm, and fixes that keep (or knowingly change) the page.
"""

from __future__ import annotations

import random

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given
from hypothesis import strategies as st
from mdtidy.rules.cd005_space_in_code_span import SpaceInCodeSpan
from mdtidy.rules.em001_space_in_emphasis import SpaceInEmphasis
from mdtidy.rules.em002_emphasis_style import EmphasisStyle
from mdtidy.rules.em003_strong_style import StrongStyle
from mdtidy.rules.lk002_space_in_link_text import SpaceInLinkText
from mdtidy.rules.lk004_link_fragment import LinkFragment, slug
from mdtidy.rules.lk005_undefined_reference import UndefinedReference
from mdtidy.rules.lk006_unused_definition import UnusedDefinition
from test_properties import SETTINGS

from mdtidy.config import Config
from mdtidy.engine import fix_text, lint_text
from mdtidy.kit.emphasis import analyse, find_emphasis
from mdtidy.model import Rule
from mdtidy.parsing.parse import parse
from mdtidy.parsing.render import normalise_html, page_html
from mdtidy.parsing.source import Source


def gfm(text: str) -> str:
    return normalise_html(cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE))


def lint(text: str, rule: Rule) -> list[tuple[int, int, str]]:
    diags, _summary, _doc = lint_text(Source(text), "doc.md", Config(), [rule])
    return sorted((d.line, d.column, d.code) for d in diags)


def fix(text: str, rule: Rule, unsafe: bool = False) -> str:
    return fix_text(Source(text), "doc.md", Config(), [rule], None, unsafe=unsafe).text


# --------------------------------------------------------------------------- the emphasis scanner


def _render(text: str) -> str:
    """``text`` with the emphases :func:`find_emphasis` finds written as HTML tags."""
    emphases, _runs = find_emphasis(text, [])
    used = set()
    events: list[tuple[int, int, int, str]] = []
    for m in emphases:
        used.update(range(m.open_start, m.open_end))
        used.update(range(m.close_start, m.close_end))
        tag = "strong" if m.size == 2 else "em"
        inner = m.close_start - m.open_end
        events.append((m.open_end, 1, -inner, f"<{tag}>"))
        events.append((m.close_start, 0, inner, f"</{tag}>"))
    out = []
    for i in range(len(text) + 1):
        out += [e[3] for e in sorted(e for e in events if e[0] == i)]
        if i < len(text) and i not in used:
            out.append(text[i])
    return "".join(out)


def test_emphasis_scanner_matches_cmark_gfm() -> None:
    rng = random.Random(5)
    checked = 0
    for _ in range(6000):
        text = "".join(rng.choice("ab *_.(©") for _ in range(rng.randint(1, 14))).strip()
        if not text or text[0] in "*_-+" or set(text) <= set("*_ "):
            continue  # list items and thematic breaks are not paragraphs
        html = cmarkgfm.markdown_to_html(text).strip()
        if not html.startswith("<p>"):
            continue
        assert _render(text) == html[3:-4].replace("&quot;", '"'), text
        checked += 1
    assert checked > 3000


def test_emphasis_scanner_keeps_link_texts_apart() -> None:
    # "*a [b* c](u)": the * inside the link text cannot close the one outside
    text = "*a [b* c](u)"
    assert find_emphasis(text, [(4, 8)])[0] == []
    assert find_emphasis(text, [])[0] != []


# --------------------------------------------------------------------------- EM002 / EM003

_WORDS = st.sampled_from(["a", "b", "foo", "x_y", "2", "(", ")", ".", "`c`", "[l](u)", "中", "é"])
_DELIMS = st.sampled_from(["*", "_", "**", "__", "***", "___"])


@st.composite
def inline_text(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        word = draw(_WORDS)
        delim = draw(st.sampled_from(["", "", *["*", "_", "**", "__"]]))
        glue = draw(st.sampled_from([" ", "", " "]))
        parts.append(f"{delim}{word}{delim}{glue}" if draw(st.booleans()) else f"{delim}{word}{glue}")
        if draw(st.integers(0, 5)) == 0:
            parts.append(draw(_DELIMS))
    return "Text " + "".join(parts).strip() + "\n"


@SETTINGS
@given(inline_text(), st.sampled_from(["asterisk", "underscore", "consistent"]))
def test_style_fixes_keep_the_page(text: str, style: str) -> None:
    for rule in (EmphasisStyle({"style": style}), StrongStyle({"style": style})):
        after = fix(text, rule)
        assert page_html(after) == page_html(text), (rule.code, after)
        assert gfm(after) == gfm(text), (rule.code, after)


def test_style_option_and_intraword() -> None:
    text = "Some *a* and _b_ and un*frigging*believable.\n"
    assert [c for _l, _c, c in lint(text, EmphasisStyle())] == ["EM002"]
    assert lint(text, EmphasisStyle({"style": "asterisk"})) == [(1, 14, "EM002")]
    # with underscores, the intraword emphasis cannot be converted and is not reported
    assert lint(text, EmphasisStyle({"style": "underscore"})) == [(1, 6, "EM002")]
    assert (
        fix(text, EmphasisStyle({"style": "underscore"})) == "Some _a_ and _b_ and un*frigging*believable.\n"
    )


def test_strong_style_fix() -> None:
    text = "**a** and __b__ and ___c___\n"
    assert fix(text, StrongStyle()) == "**a** and **b** and _**c**_\n"


def test_blocks_where_renderers_disagree_are_not_trusted() -> None:
    """Wherever mistune and cmark-gfm render a paragraph's emphasis differently, the
    analysis says so (and the emphasis rules skip the block)."""
    rng = random.Random(3)
    alphabet = [
        "a",
        " ",
        "*",
        "_",
        "**",
        "__",
        "***",
        "（",
        "）",
        "，",
        "中",
        "`c`",
        "[l](u)",
        "$",
        "!",
        "\\*",
        "é",
    ]
    disagree = 0
    for _ in range(8000):
        text = "x " + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))).strip()
        if gfm(text) == page_html(text):
            continue
        disagree += 1
        doc = parse(Source(text))
        assert not analyse(doc, doc.nodes[0]).trusted, text
    assert disagree > 3
    # e.g. cmark-gfm merges a strong inside a strong, mistune nests it
    doc = parse(Source("**a __b__ c** and _d_\n"))
    assert not analyse(doc, doc.nodes[0]).trusted
    assert lint("*x*\n\n**a __b__ c** and _d_\n", EmphasisStyle()) == []


# --------------------------------------------------------------------------- EM001


def test_space_in_emphasis_fix_makes_emphasis() -> None:
    text = "Some ** bold ** and * it * here.\n"
    assert len(lint(text, SpaceInEmphasis())) == 2
    assert fix(text, SpaceInEmphasis()) == text  # unsafe only
    after = fix(text, SpaceInEmphasis(), unsafe=True)
    assert after == "Some **bold** and *it* here.\n"
    assert "<strong>bold</strong>" in gfm(after) and "<em>it</em>" in gfm(after)


# --------------------------------------------------------------------------- links


def test_link_text_spaces_keep_words_apart() -> None:
    assert fix("a[ b ](u)c\n", SpaceInLinkText()) == "a [b](u) c\n"
    assert fix("see [ b ](u).\n", SpaceInLinkText()) == "see [b](u).\n"


def test_shortcut_reference_label_survives_trimming() -> None:
    text = "A [ ref ] here.\n\n[ref]: https://r.example\n"
    after = fix(text, SpaceInLinkText())
    assert 'href="https://r.example"' in gfm(after) and 'href="https://r.example"' in page_html(after)


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Getting Started", "getting-started"),
        ("API `v2` Reference!", "api-v2-reference"),
        ("Ünïcödé & Co.", "ünïcödé--co"),
        ("snake_case (yes)", "snake_case-yes"),
        ("中文 标题", "中文-标题"),
    ],
)
def test_github_slug(heading: str, anchor: str) -> None:
    text = heading.replace("`", "")
    assert slug(text) == anchor


def test_fragment_options() -> None:
    text = "# Title\n\n[a](#Title) [b](#gen-123)\n"
    assert len(lint(text, LinkFragment())) == 2
    assert lint(text, LinkFragment({"ignore-case": True, "ignored-pattern": r"^gen-\d+$"})) == []


def test_undefined_reference_shortcut_option() -> None:
    text = "[maybe] and [x] and [full][nope]\n"
    assert lint(text, UndefinedReference()) == [(1, 21, "LK005")]
    assert lint(text, UndefinedReference({"shortcut-syntax": True})) == [(1, 1, "LK005"), (1, 21, "LK005")]
    assert lint(text, UndefinedReference({"shortcut-syntax": True, "ignored-labels": ["maybe", "x"]})) == [
        (1, 21, "LK005")
    ]


def test_unused_definition_keeps_the_only_copy_of_a_url_or_word() -> None:
    text = (
        "[a](https://kept.example) x y z\n\n"
        "[x]: https://kept.example\n[y]: https://only.example\n[typo]: https://kept.example\n"
    )
    diags, _s, _d = lint_text(Source(text), "doc.md", Config(), [UnusedDefinition()])
    assert [(d.line, d.fix is not None) for d in diags] == [(3, True), (4, False), (5, False)]
    after = fix(text, UnusedDefinition())
    assert (
        after
        == "[a](https://kept.example) x y z\n\n[y]: https://only.example\n[typo]: https://kept.example\n"
    )
    assert lint("[//]: # (comment)\n", UnusedDefinition()) == []


@pytest.mark.parametrize(
    ("text", "offered"),
    [
        # removing the definition would join the blocks around it: no fix
        ("- a [l](https://k.example) x\n\n[x]: https://k.example\n\n- b\n", False),
        ("    code x\n\n[x]: https://k.example\n\n    more [l](https://k.example)\n", False),
        ("1. a [l](https://k.example) x\n\n[x]: https://k.example\n\n   continued\n", False),
        ("> q [l](https://k.example) x\n\n[x]: https://k.example\nlazy\n", False),
        # after a paragraph or heading it is safe
        ("p [l](https://k.example) x\n\n[x]: https://k.example\n===\n", True),
        ("# h [l](https://k.example) x y\n[x]: https://k.example\n\n[y]: https://k.example\n", True),
        ("p [l](https://k.example) x\n\n[x]: https://k.example\n\nq\n", True),
    ],
)
def test_unused_definition_fix_keeps_the_page(text: str, offered: bool) -> None:
    after = fix(text, UnusedDefinition())
    assert (after != text) == offered
    assert "[x]:" not in after or not offered
    assert page_html(after) == page_html(text)
    assert gfm(after) == gfm(text)


def test_code_span_fix_is_unsafe_and_trims_like_markdownlint() -> None:
    text = "a ` lead` b `trail ` c ` pad ` d ``  `x` `` e ``  y``\n"
    assert [col for _l, col, _c in lint(text, SpaceInCodeSpan())] == [3, 13, 47]
    assert fix(text, SpaceInCodeSpan()) == text
    assert fix(text, SpaceInCodeSpan(), unsafe=True) == "a `lead` b `trail` c ` pad ` d ``  `x` `` e ``y``\n"
