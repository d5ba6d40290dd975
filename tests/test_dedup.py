"""Deduplication in depth: DUP001's merges and empty sections, DUP002's keeper on canonical
URLs, and the corpus overlap report end to end through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mdtidy.api import check, fix
from mdtidy.cli import cli
from mdtidy.config import Config, from_mapping, resolve_rules
from mdtidy.model import Applicability
from mdtidy.run.runner import run

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "fixtures" / "seeds"


def dup001(text: str, **options: object) -> list:
    config = from_mapping({"rules": {"DUP001": options}}, "test") if options else None
    return [d for d in check(text, config=config) if d.code == "DUP001"]


def only_dup001_fix(text: str, unsafe: bool) -> str:
    """``--fix`` with DUP001 alone (no other rule interferes)."""
    from mdtidy.engine import fix_text, lint_text
    from mdtidy.model import Corpus
    from mdtidy.parsing.source import Source

    config = Config()
    rules = resolve_rules(config, select=["DUP001"])
    source = Source(text)
    _d, summary, _doc = lint_text(source, "post.md", config, [])
    return fix_text(source, "post.md", config, rules, Corpus([summary], config), unsafe).text


# --------------------------------------------------------------------------- DUP001 merges


def test_list_item_merge_is_unsafe_and_keeps_both_captions() -> None:
    text = (
        "- [Apex](https://github.com/NVIDIA/apex) mixed precision\n"
        "- [Apex](https://github.com/NVIDIA/apex/) fp16 training\n"
    )
    (diag,) = dup001(text)
    assert diag.fix is not None and diag.fix.applicability is Applicability.UNSAFE
    assert len(diag.fix.edits) == 2  # insertion into the kept item + removal, one unit
    assert only_dup001_fix(text, unsafe=False) == text
    assert only_dup001_fix(text, unsafe=True) == (
        "- [Apex](https://github.com/NVIDIA/apex) mixed precision\n  fp16 training\n"
    )


def test_merge_keeps_a_different_link_text() -> None:
    text = "- [Apex](https://github.com/NVIDIA/apex) mixed precision\n- [NVIDIA Apex](https://github.com/NVIDIA/apex)\n"
    assert only_dup001_fix(text, unsafe=True) == (
        "- [Apex](https://github.com/NVIDIA/apex) mixed precision\n  NVIDIA Apex\n"
    )


def test_merge_in_a_block_quote_keeps_the_quote_marker() -> None:
    text = "> - <https://pytorch.org/> home\n> - <https://pytorch.org> the home page\n"
    assert only_dup001_fix(text, unsafe=True) == "> - <https://pytorch.org/> home\n>   the home page\n"


def test_merge_into_a_url_paragraph_caption() -> None:
    text = (
        "https://www.zhihu.com/question/274635237\n\nPytorch有什么节省内存（显存）的小技巧？\n\n"
        "https://www.zhihu.com/question/274635237\n\n省显存的回答\n\nEnd.\n"
    )
    assert only_dup001_fix(text, unsafe=True) == (
        "https://www.zhihu.com/question/274635237\n\nPytorch有什么节省内存（显存）的小技巧？\n省显存的回答\n\nEnd.\n"
    )


def test_merge_gives_a_caption_to_a_url_paragraph_without_one() -> None:
    text = "https://pytorch.org/\n\n## Links\n\nhttps://pytorch.org/\n\nThe home page\n\nMore text.\n"
    assert only_dup001_fix(text, unsafe=True) == (
        "https://pytorch.org/\n\nThe home page\n\n## Links\n\nMore text.\n"
    )


def test_merged_text_that_would_open_a_block_is_escaped() -> None:
    text = (
        "- <https://pytorch.org/> home\n"
        "- <https://pytorch.org/> # not a heading\n"
        "- <https://pytorch.org/> 1. not a list\n"
    )
    out = only_dup001_fix(text, unsafe=True)
    assert out == "- <https://pytorch.org/> home\n  \\# not a heading\n  1\\. not a list\n"
    assert fix(out, unsafe=True) == out


def test_same_link_text_only_is_a_safe_removal() -> None:
    text = (
        "- [Apex](https://github.com/NVIDIA/apex) mixed precision\n- [Apex](https://github.com/NVIDIA/apex)\n"
    )
    (diag,) = dup001(text)
    assert diag.fix is not None and diag.fix.applicability is Applicability.SAFE
    assert only_dup001_fix(text, unsafe=False) == "- [Apex](https://github.com/NVIDIA/apex) mixed precision\n"


def test_no_fix_when_the_kept_copy_is_not_an_entry() -> None:
    text = (
        "See [the docs](https://pytorch.org/docs/) first.\n\n- [Docs](https://pytorch.org/docs/) the manual\n"
    )
    assert dup001(text) == []  # a citation in prose, then an entry: meant
    (diag,) = dup001(text, scope="all")
    assert diag.fix is None


def test_by_default_only_repeated_entries_and_repeats_in_one_block() -> None:
    prose = "Cite [Ho](https://arxiv.org/abs/1) here.\n\nAnd [Ho](https://arxiv.org/abs/1) again.\n"
    assert dup001(prose) == []
    assert [d.line for d in dup001(prose, scope="all")] == [3]
    same = "Both <https://a.org/x> and <https://a.org/x> in one paragraph.\n"
    assert [d.column for d in dup001(same)] == [29]
    relative = "- [glob](g)\n- [glob](g)\n- [top](#top)\n- [top](#top)\n"
    assert dup001(relative) == []
    assert len(dup001(relative, scope="all")) == 2
    images = "![a](https://a.org/p.png)\n\n![a](https://a.org/p.png)\n"
    assert dup001(images) == []
    assert len(dup001(images, images=True, scope="all")) == 1


def test_keep_last_reports_the_earlier_copy_and_says_so() -> None:
    text = "- [A](https://a.org/)\n- [B](https://b.org/)\n\n# New\n\n- [A](https://a.org/)\n"
    (diag,) = dup001(text, keep="last")
    assert diag.line == 1
    assert diag.message == "https://a.org/ is linked again at line 6; the last copy is kept (keep = last)"
    assert [(r.line, r.message) for r in diag.related] == [(6, "last linked here (kept)")]
    (first,) = dup001(text)
    assert first.line == 6 and "(the first copy is kept)" in first.message


# --------------------------------------------------------------------------- DUP001 sections and labels


def test_no_fix_that_leaves_a_heading_empty() -> None:
    text = "# A\n\n- <https://pytorch.org/>\n\n# B\n\n- <https://pytorch.org/>\n\n# C\n\ntext\n"
    (diag,) = dup001(text)
    assert diag.fix is None
    assert "would leave the heading at line 5 empty" in diag.message
    assert only_dup001_fix(text, unsafe=True) == text


def test_label_introducing_the_next_url_is_not_a_caption() -> None:
    text = "官网：\n\nhttps://pytorch.org/\n\n代码：\n\nhttps://github.com/pytorch/pytorch\n\nhttps://pytorch.org/\n\n参考：\n\nhttps://example.org/ref\n"
    (diag,) = dup001(text)
    assert diag.fix is not None and diag.fix.applicability is Applicability.SAFE
    out = only_dup001_fix(text, unsafe=False)
    assert (
        out
        == "官网：\n\nhttps://pytorch.org/\n\n代码：\n\nhttps://github.com/pytorch/pytorch\n\n参考：\n\nhttps://example.org/ref\n"
    )


def test_a_long_line_ending_in_a_colon_is_still_a_caption() -> None:
    caption = "A long caption that explains the link before it in a full sentence:"
    text = f"https://pytorch.org/\n\n{caption}\n\nhttps://pytorch.org/\n\n{caption}\n"
    assert only_dup001_fix(text, unsafe=False) == f"https://pytorch.org/\n\n{caption}\n"


def test_reference_definition_and_its_uses_are_one_use() -> None:
    text = "Read [a][d], [b][d] and [d].\n\n[d]: https://pytorch.org/docs/\n"
    assert dup001(text, scope="all") == []
    text += "\nAnd [inline](https://pytorch.org/docs) too.\n"
    assert [d.line for d in dup001(text, scope="all")] == [5]


def test_image_and_link_to_the_same_url_are_not_duplicates() -> None:
    text = "![logo](https://pytorch.org/logo.png)\n\n[logo](https://pytorch.org/logo.png)\n"
    assert dup001(text) == []


# --------------------------------------------------------------------------- DUP002


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _dup002(folder: Path, config: Config | None = None) -> list[tuple[str, int, str, int]]:
    config = config or Config()
    result = run([folder], config, resolve_rules(config, select=["DUP002"]))
    assert result.errors == []
    return sorted(
        (Path(d.path).name, d.line, Path(d.related[0].path).name, d.related[0].line)
        for d in result.diagnostics
    )


def test_dup002_uses_canonical_keys_and_the_earliest_post_keeps(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "2021-01-01-late.md": "https://pytorch.org/?utm_source=feed\n\n<HTTP://PYTORCH.ORG/index.html>\n",
            "2019-05-05-early.md": "x\n\n<http://pytorch.org:80>\n",
            "a-undated.md": "[home](https://pytorch.org/#top)\n",
            "b-undated.md": "- <https://pytorch.org/>\n",
        },
    )
    assert _dup002(tmp_path) == [
        ("2021-01-01-late.md", 1, "2019-05-05-early.md", 3),  # reported once per file
        ("b-undated.md", 1, "2019-05-05-early.md", 3),
    ]  # '#top' is another page (fragments are kept)


def test_dup002_front_matter_date_wins_over_the_file_name(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "2010-01-01-named-old.md": "---\ndate: 2022-02-02\n---\n\n<https://pytorch.org/>\n",
            "z.md": "---\ndate: 2015-03-03 10:00:00 +0800\n---\n\n<https://pytorch.org/>\n",
        },
    )
    assert _dup002(tmp_path) == [("2010-01-01-named-old.md", 5, "z.md", 5)]


def test_dup002_images_and_links_are_apart(tmp_path: Path) -> None:
    _write(
        tmp_path, {"a.md": "![x](https://pytorch.org/x.png)\n", "b.md": "[x](https://pytorch.org/x.png)\n"}
    )
    assert _dup002(tmp_path) == []


def test_dup002_follows_the_configured_policy(tmp_path: Path) -> None:
    _write(tmp_path, {"a.md": "<https://www.zhihu.com/q/1>\n", "b.md": "<https://zhihu.com/q/1>\n"})
    assert _dup002(tmp_path) == []
    config = from_mapping({"canonical-urls": {"strip-www": ["zhihu.com"]}}, "t")
    assert _dup002(tmp_path, config) == [("b.md", 1, "a.md", 1)]


# --------------------------------------------------------------------------- the overlap report


def _seeds(tmp_path: Path) -> Path:
    target = tmp_path / "posts"
    shutil.copytree(SEEDS, target)
    return target


def test_overlap_report_on_the_seeds_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _seeds(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--no-config", "--report", "overlap", "--format", "json", "posts"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["report"] == "overlap" and data["files"] == 2 and data["errors"] == []
    (pair,) = data["pairs"]
    assert pair["a"] == "posts/pytorch-paddle-mxnet-ir.md" and pair["b"] == "posts/pytorch.md"
    assert (pair["a_links"], pair["b_links"], pair["shared"], pair["identical"]) == (92, 89, 48, 47)
    assert pair["jaccard"] == round(48 / (92 + 89 - 48), 4)
    assert pair["containment"] == round(48 / 89, 4)


def test_overlap_shared_count_equals_dup002_findings_on_the_seeds(tmp_path: Path) -> None:
    posts = _seeds(tmp_path)
    config = Config()
    result = run([posts], config, resolve_rules(config, select=["DUP002"]))
    assert len(result.diagnostics) == 48


def test_overlap_report_text_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(
        tmp_path / "posts",
        {
            "a.md": "- <https://a.org/1>\n- <https://a.org/2>\n- <https://a.org/3>\n- ![i](https://a.org/4)\n",
            "b.md": "- <http://a.org/1/>\n- <https://a.org/2>\n- <https://a.org/4>\n",
            "c.md": "- <https://a.org/3>\n",
            "d.md": "- <https://elsewhere.org/>\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--no-config", "--report", "overlap", "posts"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["shared", "identical", "jaccard", "containment", "links", "files"]
    # largest first; a.md's image of a.org/4 is not b.md's link to it
    assert lines[1].split() == ["2", "1", "0.400", "0.667", "4/3", "posts/a.md", "posts/b.md"]
    assert lines[2].split() == ["1", "1", "0.250", "1.000", "4/1", "posts/a.md", "posts/c.md"]
    assert lines[3] == "2 pairs of files share links (4 files)."
    assert len(lines) == 4


def test_overlap_report_exit_code_2_on_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "posts", {"a.md": "<https://a.org/>\n", "b.md": "<https://a.org/>\n"})
    (tmp_path / "posts" / "bad.md").write_bytes(b"ok \x80\x81 not utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--no-config", "--report", "overlap", "posts", "missing"])
    assert result.exit_code == 2
    assert "1 pair of files share links (2 files)." in result.stdout
    assert "missing" in result.stderr and "bad.md" in result.stderr


def test_overlap_report_with_no_shared_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "posts", {"a.md": "<https://a.org/>\n", "b.md": "<https://b.org/>\n"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--no-config", "--report", "overlap", "--format", "json", "posts"])
    assert result.exit_code == 0
    assert json.loads(result.output)["pairs"] == []


def test_overlap_report_unknown_kind_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["--report", "overlaps", "."])
    assert result.exit_code == 2


def test_overlap_report_min_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(
        tmp_path / "posts",
        {
            "a.md": "- <https://a.org/1>\n- <https://a.org/2>\n- <https://a.org/3>\n",
            "b.md": "- <https://a.org/1>\n- <https://a.org/2>\n",
            "c.md": "- <https://a.org/3>\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--no-config", "--report", "overlap", "--min-shared", "2", "posts"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[-2:] for line in lines[1:-1]] == [["posts/a.md", "posts/b.md"]]
    assert lines[-1] == "1 pair of files share 2 links or more (3 files)."


def test_a_merge_does_not_repeat_text_the_kept_entry_already_has() -> None:
    # found by property (g): three nested duplicates each merged "Docs" into the kept
    # URL paragraph, giving the caption "Docs Docs Docs"
    from mdtidy.api import fix

    text = (
        "https://example.org\n\n"
        "- [Docs](https://example.org)\n"
        "  - [Docs](https://example.org)\n"
        "    - [Docs](https://example.org)\n"
    )
    assert fix(text, unsafe=True) == "<https://example.org>\n\nDocs\n"
