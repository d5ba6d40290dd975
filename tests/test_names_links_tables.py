"""HD015, ST002, LK007, LK008, LK009 and TB004 (markdownlint MD043-MD045, MD054, MD059, MD060).

Their fixtures (``fixtures/<CODE>/``) test what they report; this module tests the rest:
options are validated with a clear error, the rules that need options are silent
without them, the pieces markdownlint's semantics rest on (name boundaries, display
width, GFM row splitting), fix safety, and two properties on generated documents:
ST002's fixes only ever change letter case and never touch a URL, and LK008's
url-inline fix keeps the page identical under mistune and cmark-gfm.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mdtidy.rules.st002_proper_names import name_pattern
from mdtidy.rules.tb004_table_column_style import display_width, row_tokens
from test_page_unchanged import gfm_html
from test_properties import SETTINGS, Doc, documents

from mdtidy.config import Config, ConfigError, from_mapping, resolve_rules
from mdtidy.engine import fix_text, lint_text
from mdtidy.model import Applicability
from mdtidy.parsing.parse import parse
from mdtidy.parsing.render import page_html
from mdtidy.parsing.source import Source


def _config(code: str, options: dict) -> Config:
    return from_mapping({"rules": {code: options}}, "test") if options else Config()


def lint(text: str, code: str, options: dict | None = None) -> list:
    config = _config(code, options or {})
    diags, _summary, _doc = lint_text(Source(text), "doc.md", config, resolve_rules(config, select=[code]))
    return diags


def fixed(text: str, code: str, options: dict, unsafe: bool = False) -> str:
    config = _config(code, options)
    rules = resolve_rules(config, select=[code])
    return fix_text(Source(text), "doc.md", config, rules, None, unsafe=unsafe).text


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("code", "options", "message"),
    [
        ("HD015", {"headings": "# Title"}, "option 'headings' must be a list"),
        ("HD015", {"match_case": "yes"}, "option 'match-case' must be true or false"),
        ("ST002", {"names": ["GitHub", 3]}, "option 'names' must be a list of non-empty strings"),
        ("ST002", {"names": ["GitHub"], "code_blocks": "no"}, "option 'code-blocks' must be true or false"),
        ("LK008", {"url_inline": 0}, "option 'url-inline' must be true or false"),
        ("LK009", {"prohibited_texts": "here"}, "option 'prohibited-texts' must be a list of strings"),
        ("TB004", {"style": "consistent"}, "option 'style' must be one of any, aligned, compact, tight"),
        ("TB004", {"aligned_delimiter": 1}, "option 'aligned-delimiter' must be true or false"),
    ],
)
def test_bad_options_are_a_clear_error(code: str, options: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        resolve_rules(_config(code, options), select=[code])


def test_a_bad_option_is_one_line_and_exit_2_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / ".mdtidy.yaml").write_text("rules:\n  MD060:\n    style: neat\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mdtidy", "a.md"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "option 'style' must be one of any, aligned, compact, tight" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


TEXT = """# javascript

## Not required

[https://example.com/](https://example.com/) and [ref][] and <https://example.com/a>

[ref]: https://example.com/ref
"""


@pytest.mark.parametrize(
    ("code", "options"),
    [
        ("HD015", {"headings": ["# JavaScript"]}),
        ("ST002", {"names": ["JavaScript"]}),
        ("LK008", {"url-inline": False}),
        ("LK008", {"collapsed": False}),
        ("LK008", {"autolink": False}),
    ],
)
def test_rules_that_need_options_are_silent_without_them(code: str, options: dict) -> None:
    assert lint(TEXT, code) == []
    assert lint(TEXT, code, options), "the same text is reported once the option is set"


def test_an_empty_headings_list_allows_no_heading_but_unset_allows_any() -> None:
    assert lint("# A\n", "HD015") == []
    [diag] = lint("# A\n", "HD015", {"headings": []})
    assert diag.message == "expected no more headings, found '# A'"


# --------------------------------------------------------------------------- ST002


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("GitHub", "on github today", ["github"]),
        ("GitHub", "_github_ and __GITHUB__", ["github", "GITHUB"]),
        ("GitHub", "mygithub, githubs, github_pages, github2", []),
        ("GitHub", "é_github and 中github中", ["github", "github"]),  # JavaScript's \b is ASCII-only
        ("Node.js", "node.js and nodeXjs", ["node.js"]),
        ("C++", "c++11 and xc++", ["c++"]),  # ends with a non-word character: no end boundary
        (".NET", "a.net and .NET", [".net", ".NET"]),  # starts with one: no start boundary
    ],
)
def test_name_boundaries_are_markdownlints(name: str, text: str, found: list[str]) -> None:
    assert [m.group(1) for m in name_pattern(name).finditer(text)] == found


def test_proper_name_fixes_are_safe_in_prose_and_unsafe_in_code_and_identifiers() -> None:
    text = 'Use github.\n\n`github`\n\n<div class="github" title="github">x</div>\n'
    safety = {
        (d.line, d.column): d.fix.applicability for d in lint(text, "ST002", {"names": ["GitHub"]}) if d.fix
    }
    assert safety == {
        (1, 5): Applicability.SAFE,
        (3, 2): Applicability.UNSAFE,
        (5, 13): Applicability.UNSAFE,
        (5, 28): Applicability.SAFE,
    }
    assert fixed(text, "ST002", {"names": ["GitHub"]}) == text.replace("Use github", "Use GitHub").replace(
        'title="github"', 'title="GitHub"'
    )


NAMES = {"names": ["PyTorch", "GitHub", "Zhihu", "autograd", "Docs"]}


def _urls(text: str) -> list[str]:
    return [link.url for link in parse(Source(text)).links]


@SETTINGS
@given(documents(), st.booleans())
def test_proper_name_fixes_only_change_case_and_never_touch_a_url(doc: Doc, unsafe: bool) -> None:
    after = fixed(doc.text, "ST002", NAMES, unsafe=unsafe)
    assert after.lower() == doc.text.lower()
    assert _urls(after) == _urls(doc.text)
    assert fixed(after, "ST002", NAMES, unsafe=unsafe) == after
    wanted = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    assert not [d for d in lint(after, "ST002", NAMES) if d.fix and d.fix.applicability in wanted]


# --------------------------------------------------------------------------- LK008

URL_POOL = (
    "https://example.com/",
    "https://example.com/docs?page=2&x=1#top",
    "https://example.com/a_b_",
    "https://example.com/~a/~b",
    "https://example.com/*x*",
    "https://example.com/\\(x\\)",
    "https://example.com/a&amp;b",
    "mailto:team@example.com",
    "https://example.com/`c`",
    "HTTPS://EXAMPLE.COM/Upper",
)


@st.composite
def url_text_document(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        url = draw(st.sampled_from(URL_POOL))
        link = f"[{url}]({url})"
        before = draw(st.sampled_from(("", "See ", "*a* ", "text\n")))
        after = draw(st.sampled_from(("", ".", " and more", "!")))
        prefix = draw(st.sampled_from(("", "- ", "> ", "1. ", "| a |\n| - |\n| ")))
        blocks.append(f"{prefix}{before}{link}{after}")
    return "\n\n".join(blocks) + "\n"


@SETTINGS
@given(url_text_document())
def test_the_url_inline_fix_keeps_the_page(text: str) -> None:
    options = {"url-inline": False}
    after = fixed(text, "LK008", options)
    assert page_html(after) == page_html(text)
    assert gfm_html(after) == gfm_html(text)
    assert fixed(after, "LK008", options) == after
    assert not [d for d in lint(after, "LK008", options) if d.fix]


def test_the_url_inline_fix_writes_an_autolink() -> None:
    text = "See [https://example.com/a](https://example.com/a).\n"
    assert fixed(text, "LK008", {"url-inline": False}) == "See <https://example.com/a>.\n"


# --------------------------------------------------------------------------- TB004


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("| a |", 5),
        ("名前", 4),
        ("✅", 2),
        ("❤️", 2),  # a narrow character with the emoji variation selector
        ("👨\u200d👩\u200d👧", 2),  # a family: one emoji
        ("👍🏽", 2),  # with a skin tone
        ("🇯🇵", 2),  # a flag: two regional indicators
        ("e\u0301", 1),  # a combining accent
        ("a\tb", 2),  # string-width ignores tabs
        ("ｶﾞ", 2),  # half-width katakana and its sound mark
    ],
)
def test_display_width_is_string_widths(text: str, width: int) -> None:
    assert display_width(text) == width


def test_rows_split_on_unescaped_pipes_also_inside_code_spans() -> None:
    kinds = [(t.kind, "| x \\| `c|d` |  "[t.start : t.end]) for t in row_tokens("| x \\| `c|d` |  ")]
    assert kinds == [
        ("divider", "|"),
        ("whitespace", " "),
        ("content", "x \\| `c"),
        ("divider", "|"),
        ("content", "d`"),
        ("whitespace", " "),
        ("divider", "|"),
        ("whitespace", "  "),
    ]
