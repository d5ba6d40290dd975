"""Linting in worker processes gives exactly what linting in one process gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mdtidy.cli import cli
from mdtidy.config import Config, resolve_rules
from mdtidy.model import Diagnostic, FileRule
from mdtidy.run.runner import PARALLEL_MIN_FILES, RunResult, run


class Crashes(FileRule):
    """ZZZ950 crashes: a rule that raises on files that say BOOM."""

    code = "ZZZ950"
    name = "crashes"
    summary = "Crashes on BOOM"

    def check(self, doc: Any, ctx: Any) -> Iterator[Diagnostic]:
        if "BOOM" in doc.text:
            raise ValueError("boom")
        return iter(())


def _corpus(root: Path) -> None:
    for n in range(PARALLEL_MIN_FILES * 2):
        text = (
            f"---\ntitle: post {n}  \n---\n\n# Post {n}\n\n"
            f"- [PyTorch](http://pytorch.org/) the framework\n"
            f"- [Post](https://example.org/{n % 5}) another post   \n"
            f"- [PyTorch](http://pytorch.org/) the framework\n\n\n"
            f"see https://example.org/{n}\n"
            # cross-file evidence: every fourth post links the host over https, the
            # others over http, so their upgrades depend on the other files
            + (f"\nthe [docs](https://docs.example.com/{n})\n" if n % 4 == 0 else "")
            + (f"\nold [docs](http://docs.example.com/{n}/old)\n" if n % 4 else "")
        )
        (root / f"2020-01-{n + 1:02d}-post.md").write_text(text, encoding="utf-8")
    (root / "bad-utf8.md").write_bytes(b"# caf\xe9\n")
    (root / "binary.md").write_bytes(b"\x00\x01\x02")
    (root / "boom.md").write_text("BOOM\n", encoding="utf-8")


def _run(root: Path, jobs: int, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> RunResult:
    monkeypatch.chdir(root)
    config = Config()
    return run([Path(".")], config, [*resolve_rules(config), Crashes()], jobs=jobs, **kwargs)


def _facts(result: RunResult) -> tuple[list, list, int]:
    diags = [(d.path, d.line, d.column, d.code, d.message, d.fix) for d in result.diagnostics]
    errors = sorted(str(e) for e in result.errors)
    return diags, errors, result.files


def test_parallel_lint_equals_serial_lint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _corpus(tmp_path)
    serial = _facts(_run(tmp_path, 1, monkeypatch))
    parallel = _facts(_run(tmp_path, 2, monkeypatch))
    assert parallel == serial
    diags, errors, files = serial
    assert files == PARALLEL_MIN_FILES * 2  # the three bad files are errors, not files
    assert {d[3] for d in diags} >= {"DUP001", "DUP002", "URL001", "FM002"}
    assert len(errors) == 3
    assert any("boom.md: error: internal error while linting: ValueError: boom" in e for e in errors)


def test_parallel_fix_equals_serial_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _corpus(tmp_path / "a")
    _corpus(tmp_path / "b")
    serial = _run(tmp_path / "a", 1, monkeypatch, fix=True)
    parallel = _run(tmp_path / "b", 2, monkeypatch, fix=True)
    assert _facts(parallel) == _facts(serial)
    for path in sorted((tmp_path / "a").iterdir()):
        assert (tmp_path / "b" / path.name).read_bytes() == path.read_bytes(), path.name
    upgraded = [
        p for p in (tmp_path / "a").glob("2020-*.md") if "https://docs.example.com/1/old" in p.read_text()
    ]
    assert [p.name for p in upgraded] == ["2020-01-02-post.md"]  # an upgrade another file's link allowed


def test_fixing_leaves_the_corpus_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file's fix loop sees the corpus through a view: nothing it does leaks to the
    next file, so the order of the files and the number of workers do not matter."""
    from mdtidy.engine import check_corpus, fix_text, lint_text
    from mdtidy.model import Corpus
    from mdtidy.parsing.source import decode

    _corpus(tmp_path)
    config = Config()
    rules = resolve_rules(config)
    files = sorted(tmp_path.glob("2020-*.md"))
    sources = {p.name: decode(p.read_bytes()) for p in files}
    corpus = Corpus([lint_text(s, name, config, rules)[1] for name, s in sources.items()], config)
    for name in sources:
        check_corpus(corpus, name, rules, sources[name])  # fills the rules' indexes, as a run does
    before = (list(corpus.summaries), dict(corpus.by_path), dict(corpus.https_hosts), dict(corpus.cache))
    forward = {n: fix_text(s, n, config, rules, corpus).text for n, s in sources.items()}
    assert (
        list(corpus.summaries),
        dict(corpus.by_path),
        dict(corpus.https_hosts),
        dict(corpus.cache),
    ) == before
    backward = {n: fix_text(sources[n], n, config, rules, corpus).text for n in reversed(list(sources))}
    assert backward == forward
    assert any(forward[n] != sources[n].text for n in sources)


def test_cli_jobs_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _corpus(tmp_path)
    (tmp_path / "boom.md").unlink()
    monkeypatch.chdir(tmp_path)
    one = CliRunner().invoke(cli, ["--no-config", "-j", "1", "."])
    two = CliRunner().invoke(cli, ["--no-config", "--jobs", "2", "."])
    assert one.exit_code == two.exit_code == 2  # the two unreadable files
    assert one.output == two.output
    bad = CliRunner().invoke(cli, ["--no-config", "-j", "-1", "."])
    assert bad.exit_code == 2 and "Invalid value for '-j' / '--jobs'" in bad.output


# --------------------------------------------------------------------------- how work is cut


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 200_000), max_size=300), st.integers(1, 8))
def test_chunks_cover_every_item_once_heaviest_first(weights: list[int], jobs: int) -> None:
    from mdtidy.run.runner import CHUNKS_PER_WORKER, MAX_CHUNK, _chunks

    chunks = _chunks(weights, jobs)
    order = [i for chunk in chunks for i in chunk]
    assert sorted(order) == list(range(len(weights)))  # each item once
    assert [weights[i] for i in order] == sorted(weights, reverse=True)  # heaviest first
    target = max(1, sum(weights) // (jobs * CHUNKS_PER_WORKER))
    for chunk in chunks:
        assert 1 <= len(chunk) <= MAX_CHUNK
        # a chunk stops growing once it has its share: only its last item may cross it
        assert sum(weights[i] for i in chunk[:-1]) < target


def test_a_heavy_file_is_a_chunk_of_its_own() -> None:
    from mdtidy.run.runner import _chunks

    weights = [100] * 40 + [100_000]
    chunks = _chunks(weights, 2)
    assert chunks[0] == [40]
    assert all(len(chunk) <= 32 for chunk in chunks)
