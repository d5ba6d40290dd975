"""The ``corpus`` setting: cross-file rules compare the named files with the whole site
(pre-commit names only the staged files), while findings and fixes stay on those files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli import mdtidy

ENTRY = "- [PyTorch](https://pytorch.org/) the framework\n"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    """A Jekyll blog: an old post and a new one that repeats one of its entries."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "_config.yml").write_text("title: blog\n", encoding="utf-8")
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2019-01-01-old.md").write_text(f"# Old\n\n{ENTRY}\ntrailing   \n", encoding="utf-8")
    (posts / "2020-01-01-new.md").write_text(f"# New\n\n{ENTRY}", encoding="utf-8")
    yield tmp_path


def _findings(site: Path, *args: str) -> list[dict]:
    result = mdtidy("--no-config", "--format", "json", *args, cwd=site)
    return json.loads(result.stdout)["diagnostics"]


def test_a_named_post_is_compared_with_the_whole_site(site: Path) -> None:
    found = _findings(site, "_posts/2020-01-01-new.md")
    assert [(d["path"], d["line"], d["code"]) for d in found] == [("_posts/2020-01-01-new.md", 3, "DUP002")]
    assert "_posts/2019-01-01-old.md:3" in found[0]["message"]


def test_no_corpus_compares_the_run_only(site: Path) -> None:
    assert _findings(site, "--no-corpus", "_posts/2020-01-01-new.md") == []


def test_the_corpus_files_get_no_findings_and_no_fixes(site: Path) -> None:
    old = (site / "_posts/2019-01-01-old.md").read_bytes()
    result = mdtidy("--no-config", "--fix", "_posts/2020-01-01-new.md", cwd=site)
    assert result.returncode == 1  # the DUP002 finding remains (it has no fix)
    assert "2019-01-01-old.md:4" not in result.stdout  # its trailing spaces are not this run's
    assert (site / "_posts/2019-01-01-old.md").read_bytes() == old


def test_an_older_named_post_keeps_its_entry(site: Path) -> None:
    """The original is decided over the whole corpus: the old post is not the copy."""
    assert [d["code"] for d in _findings(site, "_posts/2019-01-01-old.md")] == ["WS001"]


def test_corpus_paths_from_the_configuration(site: Path) -> None:
    (site / "_config.yml").unlink()
    assert _findings(site, "_posts/2020-01-01-new.md") == []  # no site: the run only
    (site / ".mdtidy.yaml").write_text("corpus: [_posts]\n", encoding="utf-8")
    result = mdtidy("--format", "json", "_posts/2020-01-01-new.md", cwd=site)
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["DUP002"]
    result = mdtidy("--format", "json", "--no-corpus", "_posts/2020-01-01-new.md", cwd=site)
    assert json.loads(result.stdout)["diagnostics"] == []
    assert [d["code"] for d in _findings(site, "--corpus", "_posts", "_posts/2020-01-01-new.md")] == [
        "DUP002"
    ]


def test_a_bad_corpus_setting_is_an_error(site: Path) -> None:
    (site / ".mdtidy.yaml").write_text("corpus: 3\n", encoding="utf-8")
    result = mdtidy("_posts", cwd=site)
    assert result.returncode == 2
    assert "'corpus' must be" in result.stderr


def test_show_settings_names_the_corpus(site: Path) -> None:
    shown = mdtidy("--no-config", "--show-settings", "_posts/2020-01-01-new.md", cwd=site).stdout
    assert json.loads(shown)["corpus"] == [str(site)]  # a Jekyll site's pages are anywhere in it
    shown = mdtidy(
        "--no-config", "--no-corpus", "--show-settings", "_posts/2020-01-01-new.md", cwd=site
    ).stdout
    assert json.loads(shown)["corpus"] == []


def test_the_corpus_files_come_from_the_cache(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mdtidy.config import Config, resolve_rules
    from mdtidy.run.cache import LintCache
    from mdtidy.run.runner import run

    monkeypatch.chdir(site)
    config = Config()
    rules = resolve_rules(config)
    named = [Path("_posts/2020-01-01-new.md")]
    cold = LintCache(site / "cache", config, rules)
    first = run(named, config, rules, cache=cold)
    assert (cold.hits, cold.misses) == (0, 2)  # the named post and the older one
    warm = LintCache(site / "cache", config, rules)
    second = run(named, config, rules, cache=warm)
    assert (warm.hits, warm.misses) == (2, 0)
    assert [d.code for d in second.diagnostics] == [d.code for d in first.diagnostics] == ["DUP002"]


def test_without_a_cache_the_corpus_files_are_only_summarized(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no cache to keep their lint for a later run, the corpus files get their
    summaries and nothing else (no rule checks them): the same findings, less work."""
    import mdtidy.run.runner as runner
    from mdtidy.config import Config, resolve_rules

    monkeypatch.chdir(site)
    linted: list[str] = []
    summarized: list[str] = []
    real_lint, real_summary = runner.lint_one, runner.summarize_one

    def lint_one(source: object, display: str, *args: object) -> object:
        linted.append(display)
        return real_lint(source, display, *args)  # type: ignore[arg-type]

    def summarize_one(source: object, display: str, *args: object) -> object:
        summarized.append(display)
        return real_summary(source, display, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "lint_one", lint_one)
    monkeypatch.setattr(runner, "summarize_one", summarize_one)
    config = Config()
    rules = resolve_rules(config)
    result = runner.run([Path("_posts/2020-01-01-new.md")], config, rules, cache=None)
    assert [d.code for d in result.diagnostics] == ["DUP002"]
    assert (linted, summarized) == (["_posts/2020-01-01-new.md"], ["_posts/2019-01-01-old.md"])


@pytest.mark.parametrize("flavor", ["commonmark", "jekyll", "hugo", "mkdocs"])
def test_a_summary_alone_is_the_lints_summary(flavor: str) -> None:
    """summarize_text gives exactly the summary lint_text gives, for every fixture: no
    rule's summary depends on its check having run (or on another rule's)."""
    from mdtidy.config import from_mapping, resolve_rules
    from mdtidy.engine import lint_text, summarize_text
    from mdtidy.parsing.source import Source

    root = Path(__file__).resolve().parent.parent
    config = from_mapping({"flavor": flavor}, "test")
    rules = resolve_rules(config, select=["ALL"])
    paths = sorted(root.glob("fixtures/**/*.md"))
    assert len(paths) > 50
    for path in paths:
        source = Source(path.read_text(encoding="utf-8", errors="replace"))
        display = path.relative_to(root).as_posix()
        alone = summarize_text(source, display, config, rules)
        assert alone == lint_text(source, display, config, rules)[1], display
