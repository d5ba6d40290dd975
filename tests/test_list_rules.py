"""The list and block-quote rules (LS001-LS006, WS004-WS006): options, and a fuzz of their fixes.

The fixtures (``fixtures/LS00x``, ``fixtures/WS00x``) test the default options and the
page test holds every fixture to "the page stays the same". Here:

* the non-default options markdownlint users know (``sublist``, ``one``, ``ul-multi``...);
* documents made of list, quote, tab and code lines in random order, fixed with these
  rules only: the page must stay the same under mistune and cmark-gfm, and a second fix
  must change nothing. The pool is full of the constructs that break peers' fixes:
  nested ordered lists, wide markers, lazy lines, indented code, tabs, quotes in lists.
"""

from __future__ import annotations

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given
from hypothesis import strategies as st
from test_properties import SETTINGS

from mdtidy.config import Config, resolve_rules
from mdtidy.engine import fix_text, lint_text
from mdtidy.parsing.render import body_text, normalise_html, page_html
from mdtidy.parsing.source import Source, decode

CODES = ["LS001", "LS002", "LS003", "LS004", "LS005", "LS006", "WS004", "WS005", "WS006"]


def _rule(code: str, **options: object):
    (cls,) = (r for r in resolve_rules(Config(), select=[code]))
    return type(cls)(options) if options else cls


def findings(text: str, code: str, **options: object) -> list[tuple[int, int, bool]]:
    rule = _rule(code, **options)
    diags, _summary, _doc = lint_text(Source(text), "doc.md", Config(), [rule])
    return [(d.line, d.column, d.fix is not None) for d in diags]


def fix_with(text: str, codes: list[str]) -> str:
    config = Config()
    rules = resolve_rules(config, select=codes)
    return fix_text(decode(text.encode("utf-8")), "doc.md", config, rules, None, unsafe=True).text


def gfm_html(text: str) -> str:
    html = cmarkgfm.github_flavored_markdown_to_html(body_text(text), options=Options.CMARK_OPT_UNSAFE)
    return normalise_html(html)


# --------------------------------------------------------------------------- options


def test_every_rule_has_its_markdownlint_code_and_name() -> None:
    expected = {
        "LS001": ("MD004", "ul-style"),
        "LS002": ("MD005", "list-indent"),
        "LS003": ("MD007", "ul-indent"),
        "LS004": ("MD029", "ol-prefix"),
        "LS005": ("MD030", "list-marker-space"),
        "LS006": ("MD032", "blanks-around-lists"),
        "WS004": ("MD010", "no-hard-tabs"),
        "WS005": ("MD027", "no-multiple-space-blockquote"),
        "WS006": ("MD028", "no-blanks-blockquote"),
    }
    for code, aliases in expected.items():
        rule = _rule(code)
        assert rule.aliases == aliases, code
        assert rule.changes_html == "", code


def test_ul_style_fixed_styles_and_sublist() -> None:
    text = "* a\n  + b\n    - c\n* d\n  * e\n"
    assert findings(text, "LS001", style="dash") == [(1, 1, True), (4, 1, True), (2, 3, True), (5, 3, True)]
    # sublist: level 1 "*", level 2 "+" (first seen), level 3 "-"; "* e" at level 2 is wrong
    assert findings(text, "LS001", style="sublist") == [(5, 3, True)]


def test_ul_style_never_merges_lists() -> None:
    text = "* a\n\n- b\n\n+ c\n"
    assert all(not fixable for _l, _c, fixable in findings(text, "LS001"))
    assert fix_with(text, ["LS001"]) == text


def test_ul_indent_options() -> None:
    text = "- a\n    - b\n"
    assert findings(text, "LS003", indent=4) == []
    assert findings(text, "LS003") == [(2, 5, True)]
    assert findings("  - a\n", "LS003", **{"start-indented": True}) == []
    assert findings("- a\n", "LS003", **{"start-indented": True, "start-indent": 2}) == [(1, 1, True)]


def test_ol_prefix_styles() -> None:
    text = "1. a\n2. b\n3. c\n"
    assert findings(text, "LS004") == []
    assert [line for line, _c, _f in findings(text, "LS004", style="one")] == [2, 3]
    assert [line for line, _c, _f in findings("1. a\n1. b\n", "LS004", style="ordered")] == [2]
    zero = findings("1. a\n1. b\n", "LS004", style="zero")
    assert zero == [(1, 1, False), (2, 1, True)]  # the first number is the list's start: never fixed


def test_ol_prefix_never_touches_the_start() -> None:
    text = "Text.\n\n5. a\n5. b\n"
    assert fix_with(text, ["LS004"]) == "Text.\n\n5. a\n6. b\n"


def test_list_marker_space_options() -> None:
    text = "-   a\n-   b\n"
    assert findings(text, "LS005", **{"ul-single": 3}) == []
    assert findings(text, "LS005") == [(1, 2, True), (2, 2, True)]
    multi = "1.  a\n\n    para\n"
    assert findings(multi, "LS005", **{"ol-multi": 2}) == []
    assert findings(multi, "LS005") == [(1, 3, False)]


def test_no_hard_tabs_options() -> None:
    text = "```go\n\tx\n```\n"
    assert findings(text, "WS004") == [(2, 1, False)]
    assert findings(text, "WS004", **{"code-blocks": False}) == []
    assert findings(text, "WS004", **{"ignore-code-languages": ["Go"]}) == []
    assert fix_with("a\tb\n", ["WS004"]) == "a b\n"
    rule = _rule("WS004", **{"spaces-per-tab": 4})
    diags, _s, _d = lint_text(Source("a\tb\n"), "doc.md", Config(), [rule])
    assert diags[0].fix is not None and diags[0].fix.edits[0].content == "    "


def test_blockquote_list_items_option() -> None:
    assert findings(">  - a\n", "WS005") == [(1, 2, True)]
    assert findings(">  - a\n", "WS005", **{"list-items": False}) == []


def test_blanks_around_lists_in_quotes_inserts_the_marker() -> None:
    assert fix_with("> text\n> - a\n", ["LS006"]) == "> text\n>\n> - a\n"


# --------------------------------------------------------------------------- peers' bugs

PEER_BUGS = {
    # rumdl #577: fixes that broke nested ordered lists
    "nested-ordered": "1. One\n   1. Sub one\n   3. Sub three\n3. Three\n    1. Deeper\n",
    # rumdl #583: an indented paragraph turned into code
    "indented-paragraph": "*   Item\n\n    A second paragraph of the item.\n\n   * Child\n",
    # pymarkdown #1673: a fence moved to column 0 split the list
    "fence-in-list": "- Item\n   - Child\n\n     ```\n     code\n     ```\n- Next\n",
    "wide-ordered": "10.  Ten\n     continued\n11.  Eleven\n",
    "quote-list": ">  - a\n>    continued\n>  - b\n",
}


@pytest.mark.parametrize("name", sorted(PEER_BUGS))
def test_peer_bugs_keep_the_page(name: str) -> None:
    text = PEER_BUGS[name]
    after = fix_with(text, CODES)
    assert page_html(after) == page_html(text)
    assert gfm_html(after) == gfm_html(text)
    assert fix_with(after, CODES) == after


def test_nested_ordered_lists_are_renumbered_separately() -> None:
    after = fix_with(PEER_BUGS["nested-ordered"], ["LS004"])
    assert after == "1. One\n   1. Sub one\n   2. Sub three\n2. Three\n    1. Deeper\n"


# --------------------------------------------------------------------------- fuzz

LINES = (
    "- a",
    "* b",
    "+ c",
    "1. x",
    "2. y",
    "3. y",
    "10. z",
    "9) w",
    " - d",
    "  - e",
    "   - e",
    "    - f",
    "   1. g",
    "  3. g",
    "-  h",
    "-   h",
    "1.  i",
    "*   j",
    "> q",
    ">  q",
    ">   q",
    ">     q",
    "> - l",
    ">  - m",
    "> > n",
    "> >  n",
    "> 1. o",
    ">",
    "text",
    "more text",
    "  cont",
    "    cont",
    "     five",
    "",
    "",
    "",
    "```",
    "    code",
    "a\tb",
    "\ttab",
    "-\tt",
    ">\tq",
    "- a\tb",
    "# h",
    "***",
    "---",
    "- * *",
    "<div>",
    "</div>",
    "- > q",
    "  >  q",
)


@SETTINGS
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=14), st.booleans())
def test_fixes_keep_the_page(lines: list[str], crlf: bool) -> None:
    text = ("\r\n" if crlf else "\n").join(lines) + "\n"
    after = fix_with(text, CODES)
    assert page_html(after) == page_html(text)
    assert gfm_html(after) == gfm_html(text)
    assert fix_with(after, CODES) == after
