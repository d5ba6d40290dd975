"""DUP003 near-duplicate-entry, DUP004 duplicate-block, DUP005 duplicate-definition.

The fixtures cover the plain cases; here: the options, the seed posts' findings, and
generated documents whose fixes must remove exactly the repeated copy (DUP004) or
change nothing on the page (DUP005), under mistune and cmark-gfm.
"""

from __future__ import annotations

from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options
from hypothesis import given
from hypothesis import strategies as st
from test_properties import SETTINGS

from mdtidy.config import Config, resolve_rules
from mdtidy.engine import fix_text, lint_text
from mdtidy.model import Applicability, Diagnostic
from mdtidy.parsing.render import body_text, normalise_html, page_html
from mdtidy.parsing.source import decode
from mdtidy.registry import all_rules

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def lint(text: str, code: str, options: dict | None = None) -> list[Diagnostic]:
    (rule_cls,) = [rule for rule in all_rules() if rule.code == code]
    diags, _summary, _doc = lint_text(decode(text.encode("utf-8")), "doc.md", Config(), [rule_cls(options)])
    return diags


def fix(text: str, code: str) -> str:
    config = Config()
    rules = resolve_rules(config, select=[code])
    return fix_text(decode(text.encode("utf-8")), "doc.md", config, rules, None).text


def gfm(text: str) -> str:
    return normalise_html(
        cmarkgfm.github_flavored_markdown_to_html(body_text(text), options=Options.CMARK_OPT_UNSAFE)
    )


# --------------------------------------------------------------------------- DUP003

SERIES = (
    "https://a.example.com/\n\n对抗自编码器PyTorch手把手实战系列——PyTorch实现自编码器\n\n"
    "https://b.example.com/\n\n对抗自编码器PyTorch手把手实战系列——PyTorch实现对抗自编码器\n"
)


def test_dup003_seeds_fire_once_per_post_on_the_later_resnet_entry() -> None:
    for name, later, earlier in (("pytorch.md", 281, 257), ("pytorch-paddle-mxnet-ir.md", 159, 135)):
        diags = lint((SEEDS / name).read_text(encoding="utf-8"), "DUP003")
        assert [(d.line, d.column) for d in diags] == [(later, 1)], name
        assert [(r.line, r.column) for r in diags[0].related] == [(earlier, 1)]
        assert "https://mp.weixin.qq.com/s/5sY_IzwIz-lbDLtWJM-GRQ" in diags[0].message
        assert diags[0].fix is None


def test_dup003_threshold_option() -> None:
    assert lint(SERIES, "DUP003") == []  # 97.1: two parts of a series, not a duplicate
    (diag,) = lint(SERIES, "DUP003", {"threshold": 95})
    assert diag.line == 7 and "similarity 97" in diag.message


def test_dup003_near_identical_after_normalisation() -> None:
    text = "- [Deep learning with PyTorch: a 60 minute blitz](https://a.example.com/)\n" * 1
    text += "- [deep learning with pytorch — a 60-minute blitz!](https://b.example.com/)\n"
    (diag,) = lint(text, "DUP003")
    assert diag.line == 2 and "similarity 100" in diag.message


def test_dup003_min_caption_length_option() -> None:
    text = "- [Documentation](https://a.example.com/)\n- [Documentation](https://b.example.com/)\n"
    assert lint(text, "DUP003") == []  # 13 < 16
    assert [d.line for d in lint(text, "DUP003", {"min-caption-length": 10})] == [2]


def test_dup003_same_url_is_left_to_dup001() -> None:
    text = (
        "- [A caption that is long enough](https://a.example.com/)\n"
        "- [A caption that is long enough](https://b.example.com/)\n"
        "- [A caption that is long enough](http://a.example.com)\n"
    )
    assert [d.line for d in lint(text, "DUP003")] == [2]


def test_dup003_many_entries_stay_fast() -> None:
    import time

    text = "".join(
        f"- [Article number {i} about tensors]({'https://x.example.com/'}{i})\n" for i in range(3000)
    )
    started = time.perf_counter()
    assert lint(text, "DUP003") == []
    assert time.perf_counter() - started < 10


# --------------------------------------------------------------------------- DUP004


def test_dup004_seeds_have_no_repeated_block() -> None:
    for name in ("pytorch.md", "pytorch-paddle-mxnet-ir.md"):
        assert lint((SEEDS / name).read_text(encoding="utf-8"), "DUP004") == []


def test_dup004_min_length_option() -> None:
    text = "Short but repeated.\n\nOther.\n\nShort but repeated.\n"
    assert lint(text, "DUP004") == []
    assert [d.line for d in lint(text, "DUP004", {"min-length": 10, "scope": "all"})] == [5]
    assert lint(text, "DUP004", {"min-length": 10}) == []  # far apart: not pasted twice


def test_dup004_reports_the_section_not_its_paragraphs() -> None:
    section = "## Install\n\nRun the installer from the official site.\n\nThen restart the machine twice.\n"
    text = f"# T\n\n{section}\n## Other\n\nWords.\n\n{section}"
    (diag,) = lint(text, "DUP004")
    assert diag.line == 13 and "section" in diag.message
    assert fix(text, "DUP004") == f"# T\n\n{section}\n## Other\n\nWords.\n"


PARAGRAPHS = (
    "A paragraph that is long enough to be compared.",
    "Another paragraph, also long enough\nand wrapped over two lines.",
)
OTHERS = (
    "# Heading",
    "## Sub heading",
    "- item one\n- item two",
    "1. first\n2. second",
    "2. second start",
    "> quoted text",
    "```\ncode\n```",
    "    indented code",
    "---",
    "Short.",
    "<div>\nhtml\n</div>",
    "[ref]: https://example.com/",
    "Title\n===",
    "  - indented item",
)


@st.composite
def with_repeat(draw: st.DrawFn) -> tuple[str, str]:
    """(document with a repeated paragraph, the same document without the repeat)."""
    # headings are numbered, so no two sections are alike: the paragraph is the only repeat
    blocks = [
        b.replace("eading", f"eading {i}")
        for i, b in enumerate(draw(st.lists(st.sampled_from(OTHERS), max_size=6)))
    ]
    paragraph = draw(st.sampled_from(PARAGRAPHS))
    first = draw(st.integers(0, len(blocks)))
    blocks.insert(first, paragraph)
    second = draw(st.integers(first + 1, len(blocks)))
    seps = draw(
        st.lists(
            st.sampled_from(("\n\n", "\n\n", "\n", "\n\n\n")), min_size=len(blocks), max_size=len(blocks)
        )
    )
    without = "".join(b + s for b, s in zip(blocks, seps, strict=True))
    blocks.insert(second, paragraph)
    seps.insert(second, draw(st.sampled_from(("\n\n", "\n"))))
    return "".join(b + s for b, s in zip(blocks, seps, strict=True)), without


@SETTINGS
@given(with_repeat())
def test_dup004_fix_removes_exactly_the_repeat(case: tuple[str, str]) -> None:
    text, without = case
    diags = lint(text, "DUP004")
    if not any(d.fix is not None and d.fix.applicability is Applicability.SAFE for d in diags):
        return
    after = fix(text, "DUP004")
    assert page_html(after) == page_html(without)
    assert gfm(after) == gfm(without)
    assert fix(after, "DUP004") == after


# --------------------------------------------------------------------------- DUP005

DEFINITIONS = ("[a]: /u", "[A]: /u", "[a]: /v", "[b]: /u", "[a]: /u 'T'", "[ a ]: </u>", "[a]:\n  /u")
CONTAINERS = ("", "> ", "- ", "  ", "1. ", "> - ")
AROUND = (
    "Text [a] and [b].",
    "# Heading",
    "- item",
    "> quote",
    "```\ncode\n```",
    "    code",
    "---",
    "===",
    "",
)


@st.composite
def definition_documents(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(2, 8))):
        if draw(st.booleans()):
            prefix = draw(st.sampled_from(("",) * 8 + CONTAINERS))  # mostly top level: fixable
            parts.append(prefix + draw(st.sampled_from(DEFINITIONS)))
        else:
            parts.append(draw(st.sampled_from(AROUND)))
        parts.append(draw(st.sampled_from(("\n", "\n\n", "\n\n\n"))))
    parts.append("[a] [b] [A]\n")
    return "".join(parts)


@SETTINGS
@given(definition_documents())
def test_dup005_fix_never_changes_the_page(text: str) -> None:
    after = fix(text, "DUP005")
    assert page_html(after) == page_html(text)
    assert gfm(after) == gfm(text)
    assert fix(after, "DUP005") == after


def test_dup005_is_silent_when_mistune_uses_a_later_definition() -> None:
    text = "> [a]: /1\n- [a]: /2\n```\nc\n```\n\n[a]\n"
    assert '<a href="/2">' in page_html(text) and '<a href="/1">' in gfm(text)
    assert lint(text, "DUP005") == []


def test_dup005_same_url_by_key() -> None:
    text = "[a]: https://Example.com/x/\n[b]: http://example.com/x\n\n[a] [b]\n"
    (diag,) = lint(text, "DUP005")
    assert diag.line == 2 and diag.fix is None and "[b] defines the same URL as [a]" in diag.message


# --------------------------------------------------------------------------- DUP003 across posts

CAPTION = "PyTorch实例：用ResNet进行交通标志分类"


def _corpus_run(tmp_path: Path, files: dict[str, str], across: bool, fix: bool = False) -> list[Diagnostic]:
    import os

    from mdtidy.config import from_mapping
    from mdtidy.run.runner import run

    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    config = from_mapping({"rules": {"DUP003": {"across-files": across}}}, "test")
    rules = resolve_rules(config, select=["DUP003", "WS001"])
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = run([Path(".")], config, rules, fix=fix)
    finally:
        os.chdir(cwd)
    assert result.errors == []
    return [d for d in result.diagnostics if d.code == "DUP003"]


POSTS = {
    "2019-01-01-first.md": f"- [{CAPTION}](https://a.example.org/resnet)\n",
    "2020-01-01-second.md": f"- [{CAPTION}。](https://b.example.org/resnet)\n- [same URL, other caption](https://a.example.org/resnet)\n",
}


def test_dup003_across_files_is_off_by_default(tmp_path: Path) -> None:
    assert _corpus_run(tmp_path, POSTS, across=False) == []


def test_dup003_across_files_reports_the_later_post(tmp_path: Path) -> None:
    (diag,) = _corpus_run(tmp_path, POSTS, across=True)
    assert (diag.path, diag.line, diag.column) == ("2020-01-01-second.md", 1, 3)
    assert "2019-01-01-first.md:1" in diag.message and "similarity 100" in diag.message
    assert [(r.path, r.line) for r in diag.related] == [("2019-01-01-first.md", 1)]


def test_dup003_across_files_keeper_is_the_earliest_post(tmp_path: Path) -> None:
    posts = {**POSTS, "2018-06-01-oldest.md": f"- [{CAPTION}](https://c.example.org/x)\n"}
    found = sorted((d.path, d.related[0].path) for d in _corpus_run(tmp_path, posts, across=True))
    assert found == [
        ("2019-01-01-first.md", "2018-06-01-oldest.md"),
        ("2020-01-01-second.md", "2018-06-01-oldest.md"),
    ]


def test_dup003_an_in_post_finding_is_not_repeated_across_files(tmp_path: Path) -> None:
    posts = {
        "2019-01-01-first.md": f"- [{CAPTION}](https://a.example.org/1)\n",
        "2020-01-01-second.md": (
            f"- [{CAPTION}](https://b.example.org/2)\n- [{CAPTION}](https://b.example.org/3)\n"
        ),
    }
    found = sorted((d.path, d.line, d.related[0].path) for d in _corpus_run(tmp_path, posts, across=True))
    assert found == [
        ("2020-01-01-second.md", 1, "2019-01-01-first.md"),
        ("2020-01-01-second.md", 2, "2020-01-01-second.md"),
    ]


def test_dup003_across_files_survives_a_fix_run(tmp_path: Path) -> None:
    # the second post gets a WS001 fix, the first none: the cross-file finding stays
    posts = dict(POSTS)
    posts["2020-01-01-second.md"] = posts["2020-01-01-second.md"].replace("\n", "   \n", 1)
    (diag,) = _corpus_run(tmp_path, posts, across=True, fix=True)
    assert diag.path == "2020-01-01-second.md"
    assert (tmp_path / "2020-01-01-second.md").read_text(encoding="utf-8") == POSTS["2020-01-01-second.md"]


def test_dup003_compares_urls_under_the_configured_policy() -> None:
    from mdtidy.config import from_mapping

    text = f"- [{CAPTION}](https://www.a.example.org/x)\n- [{CAPTION}](https://a.example.org/x)\n"
    rules = [r for r in all_rules() if r.code == "DUP003"]
    plain = lint_text(decode(text.encode()), "doc.md", Config(), [rules[0]()])[0]
    assert [d.line for d in plain] == [2]  # www. kept: two URLs, one caption
    config = from_mapping({"canonical-urls": {"strip-www": True}}, "test")
    same = lint_text(decode(text.encode()), "doc.md", config, [rules[0]()])[0]
    assert same == []  # one URL under the policy: DUP001's business, not DUP003's


def test_dup005_reads_definitions_with_the_flavor() -> None:
    # Jekyll drops the commented-out definition: the first visible one is the one used,
    # so its identical copy is dead (plain CommonMark reads the comment's definition first)
    text = "{% comment %}\n\n[a]: /old\n\n{% endcomment %}\n\nSee [a].\n\n[a]: /u\n[a]: /u\n"
    (rule_cls,) = [rule for rule in all_rules() if rule.code == "DUP005"]
    jekyll = Config(flavor="jekyll")
    diags, _summary, _doc = lint_text(decode(text.encode("utf-8")), "doc.md", jekyll, [rule_cls(None)])
    assert [(d.line, d.fix is not None) for d in diags] == [(10, True)]
    plain = lint(text, "DUP005")  # CommonMark: the commented-out definition is the first, and used
    assert plain and all("at line 3" in d.message for d in plain)
    fixed = fix_text(
        decode(text.encode("utf-8")), "doc.md", jekyll, resolve_rules(jekyll, select=["DUP005"]), None
    )
    assert fixed.text == text.replace("[a]: /u\n[a]: /u\n", "[a]: /u\n")
