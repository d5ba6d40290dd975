"""The heading rules HD002-HD012 (markdownlint MD001, MD003, MD018-MD026): options,
unsafe fixes, and the promise that their safe fixes keep the page under both renderers.

The fixtures (``fixtures/HD0xx``) cover the findings; this module covers what a fixture
cannot: options other than the defaults, the text of the unsafe fixes, and the rule
metadata users coming from markdownlint rely on (aliases, option names, defaults).
"""

from __future__ import annotations

import pytest
from test_page_unchanged import gfm_html

from mdtidy.config import Config, from_mapping, resolve_rules
from mdtidy.engine import fix_text, lint_text
from mdtidy.parsing.render import page_html
from mdtidy.parsing.source import Source, decode
from mdtidy.registry import all_rules

MARKDOWNLINT = {
    "HD002": ("MD001", "heading-increment"),
    "HD003": ("MD003", "heading-style"),
    "HD004": ("MD018", "no-missing-space-atx"),
    "HD005": ("MD019", "no-multiple-space-atx"),
    "HD006": ("MD020", "no-missing-space-closed-atx"),
    "HD007": ("MD021", "no-multiple-space-closed-atx"),
    "HD008": ("MD022", "blanks-around-headings"),
    "HD009": ("MD023", "heading-start-left"),
    "HD010": ("MD024", "no-duplicate-heading"),
    "HD011": ("MD025", "single-title", "single-h1"),
    "HD012": ("MD026", "no-trailing-punctuation"),
}


def _rule(code: str) -> type:
    return next(rule for rule in all_rules() if rule.code == code)


def lines(text: str, code: str, config: Config | None = None) -> list[int]:
    config = config or Config()
    diags, _summary, _doc = lint_text(Source(text), "x.md", config, resolve_rules(config, select=[code]))
    return [d.line for d in diags]


def fixed(text: str, code: str, unsafe: bool = False, config: Config | None = None) -> str:
    config = config or Config()
    rules = resolve_rules(config, select=[code])
    return fix_text(decode(text.encode("utf-8")), "x.md", config, rules, None, unsafe=unsafe).text


def with_options(code: str, **options: object) -> Config:
    """A configuration as a user writes it, markdownlint's snake_case option names included."""
    return from_mapping({"rules": {code: options}}, "test")


# --------------------------------------------------------------------------- metadata


@pytest.mark.parametrize("code", sorted(MARKDOWNLINT))
def test_markdownlint_code_and_names_are_aliases(code: str) -> None:
    rule = _rule(code)
    for alias in MARKDOWNLINT[code]:
        assert alias in rule.aliases
    assert rule.name == MARKDOWNLINT[code][1]


def test_defaults() -> None:
    assert _rule("HD003").options == {"style": "consistent"}
    assert _rule("HD008").options == {"lines-above": 1, "lines-below": 1}
    assert _rule("HD010").options == {"siblings-only": True}  # issue 5; markdownlint: false
    assert _rule("HD011").default_enabled is False
    assert _rule("HD011").options["level"] == 1
    assert _rule("HD012").options == {"punctuation": ".,;:!。，；：！"}
    formatting = {code for code in MARKDOWNLINT if not _rule(code).changes_html}
    assert formatting == {"HD002", "HD003", "HD005", "HD007", "HD008", "HD009", "HD010", "HD011"}


def test_single_title_is_off_unless_selected() -> None:
    config = Config()
    assert "HD011" not in {rule.code for rule in resolve_rules(config)}
    assert lines("# A\n\n# B\n", "HD011") == [3]


# --------------------------------------------------------------------------- options


def test_siblings_only_false_compares_every_heading() -> None:
    text = "# Log\n\n## 1.0\n\n### Features\n\n## 2.0\n\n### Features\n"
    assert lines(text, "HD010") == []
    assert lines(text, "HD010", with_options("HD010", siblings_only=False)) == [9]
    assert lines("# Same\n\n## Same\n", "HD010", with_options("MD024", siblings_only=False)) == [3]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("consistent", [3, 7]),
        ("atx", [3, 7]),
        ("atx_closed", [1, 3, 9]),
        ("setext", [1, 7, 9]),
        ("setext_with_atx", [1, 7]),
        ("setext_with_atx_closed", [1, 7, 9]),
    ],
)
def test_heading_style_values(style: str, expected: list[int]) -> None:
    # atx h1 (line 1), setext h1 (3-4), closed atx h2 (7), atx h3 (9)
    text = "# A\n\nB\n=\n\n\n## C ##\n\n### D\n"
    assert lines(text, "HD003", with_options("HD003", style=style)) == expected


def test_heading_style_setext_fix_is_reported_not_fixed_the_other_way() -> None:
    text = "Title\n=====\n\n# Second\n"
    assert lines(text, "HD003") == [4]
    assert fixed(text, "HD003") == text  # ATX -> setext has no fix


def test_lines_above_and_below_per_level_and_minus_one() -> None:
    text = "# A\ntext\n## B\ntext\n"
    assert lines(text, "HD008") == [1, 3, 3]
    assert lines(text, "HD008", with_options("HD008", lines_above=[1, -1], lines_below=-1)) == []
    assert fixed(text, "HD008", config=with_options("HD008", lines_above=2, lines_below=0)) == (
        "# A\ntext\n\n\n## B\ntext\n"
    )


def test_front_matter_title_option() -> None:
    text = "---\nheading: Post\n---\n### Three\n"
    assert lines(text, "HD002") == []
    assert lines(text, "HD002", with_options("HD002", front_matter_title=r"^heading:")) == [4]
    titled = "---\ntitle: Post\n---\n# One\n"
    assert lines(titled, "HD011") == [4]
    assert lines(titled, "HD011", with_options("HD011", front_matter_title="")) == []


def test_punctuation_option() -> None:
    assert lines("# Hello!\n", "HD012") == [1]
    assert lines("# Hello!\n", "HD012", with_options("HD012", punctuation=".,;:")) == []
    assert lines("# Why?\n", "HD012", with_options("HD012", punctuation="?")) == [1]
    assert lines("# Hello.\n", "HD012", with_options("HD012", punctuation="")) == []


def test_level_option_of_single_title() -> None:
    text = "## Title\n\n## Other\n\n# Top\n"
    assert lines(text, "HD011", with_options("HD011", level=2)) == [3]


# --------------------------------------------------------------------------- unsafe fixes


@pytest.mark.parametrize(
    ("code", "before", "after"),
    [
        ("HD004", "#Heading\n", "# Heading\n"),
        ("HD004", "> ##Quoted\n", "> ## Quoted\n"),
        ("HD006", "#Heading#\n", "# Heading #\n"),
        ("HD006", "##Heading ##\n", "## Heading ##\n"),
        ("HD006", "## Heading##\n", "## Heading ##\n"),
        ("HD012", "# Heading.\n", "# Heading\n"),
        ("HD012", "## Wait...\n", "## Wait\n"),
        ("HD012", "## Closed: ##\n", "## Closed ##\n"),
        ("HD012", "Setext!\n===\n", "Setext\n===\n"),
    ],
)
def test_unsafe_fixes(code: str, before: str, after: str) -> None:
    assert fixed(before, code) == before, "an unsafe fix was applied without --unsafe-fixes"
    assert fixed(before, code, unsafe=True) == after
    assert lines(after, code) == []


@pytest.mark.parametrize(
    "text",
    ["# Learn C#\n", "# Escaped \\##\n", "#️⃣ keycap\n", "####### seven\n", "text #tag\n", "# Hi &amp;\n"],
)
def test_must_not_fire(text: str) -> None:
    for code in ("HD004", "HD006", "HD012"):
        assert lines(text, code) == [], code


@pytest.mark.parametrize(
    "text",
    [
        "> # H\ntext\n",
        "> > ## H\n> text\n",
        "- # H\ntext\n",
        "> - # H\n> text\n",
        "> > q\n> ## H\n\n",
        "- item\n</div>\n# A\n",
        "1. one\n  ===\n",
        "text\n> # A\n>  ## B\n</div>\n",
    ],
)
def test_lazy_lines_after_headings_are_left_alone(text: str) -> None:
    """mistune continues the container lazily here, CommonMark does not: no finding."""
    assert page_html(text) != gfm_html(text), "the case should be one where the renderers disagree"
    for code in ("HD003", "HD008", "HD009"):
        assert lines(text, code, with_options("HD003", style="setext")) == [], code


def test_blank_lines_in_lists_are_reported_without_fix() -> None:
    text = "- # H\n- b\n\n> - # Q\n> - c\n"
    assert lines(text, "HD008") == [1, 4]
    assert fixed(text, "HD008") == text  # a blank line would make the list loose


def test_unsafe_fix_without_fix_when_escaped() -> None:
    config = Config()
    diags, _s, _d = lint_text(Source("# Stop\\!\n"), "x.md", config, resolve_rules(config, select=["HD012"]))
    assert len(diags) == 1 and diags[0].fix is None


def test_unsafe_fixes_change_the_page_as_declared() -> None:
    before = "#Heading\n"
    after = fixed(before, "HD004", unsafe=True)
    assert page_html(before) == "<p>#Heading</p>" and page_html(after) == "<h1>Heading</h1>"
    assert gfm_html(after) == "<h1>Heading</h1>"


# --------------------------------------------------------------------------- page promise


SAFE_CASES = [
    ("HD003", "# A\n\n> Title\n> =====\n> text\n\n- Sub\n  ---\n- b\n"),
    ("HD003", "# A #\n\n## B\n\n### C \\#\n"),
    ("HD005", "- #   a\n  ##\t\tb\n> ###  c\n"),
    ("HD007", "#   a   #\n> ##  b  ##\n"),
    ("HD008", "> a\n> # H\n> b\n\ntext\n# H2\n- a\n\n> > q\n> > ## H3\n> > text\n"),
    ("HD008", "- a\n# H\n1. b\n\n| a |\n| - |\n## T\n| b |\n"),
    ("HD008", "<!-- c -->\n# H\n```\nx\n```\n"),
    ("HD009", "text\n  # H\n   Setext\n   ===\n>    # Q\n"),
]


@pytest.mark.parametrize(("code", "text"), SAFE_CASES)
def test_safe_fixes_keep_the_page(code: str, text: str) -> None:
    after = fixed(text, code, unsafe=True)
    assert after != text, "the case should exercise a fix"
    assert page_html(after) == page_html(text)
    assert gfm_html(after) == gfm_html(text)
    assert [line for line in lines(after, code)] == lines(fixed(after, code), code)
