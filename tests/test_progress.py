"""The progress bar: on stderr, only on a terminal, only for human formats, off with --quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mdtidy.cli as cli_module
from mdtidy.cli import PROGRESS_MIN_FILES, cli


def _site(root: Path, n: int) -> None:
    for i in range(n):
        (root / f"post{i:03}.md").write_text(f"# Post {i}\n\nText number {i} here.  \n", encoding="utf-8")


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tty: bool, *args: str) -> tuple[str, str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli_module, "_stderr_is_tty", lambda: tty)
    result = CliRunner().invoke(cli, ["--no-config", "-j", "1", *args, "."])
    assert result.exit_code == 1, result.output
    return result.stdout, result.stderr


def test_progress_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _site(tmp_path, PROGRESS_MIN_FILES)
    out, err = _run(tmp_path, monkeypatch, True)
    *_draws, last, after = err.split("\r\x1b[K")  # each redraw clears the line first
    assert last.startswith("[" + "#" * 30 + "]")
    assert f"{PROGRESS_MIN_FILES}/{PROGRESS_MIN_FILES} files" in last
    assert "files" not in after  # the bar is erased before the summary line
    assert "\r" not in out and "files  " not in out


@pytest.mark.parametrize(
    "tty, args",
    [(False, ()), (True, ("--quiet",)), (True, ("--format", "json")), (True, ("--format", "sarif"))],
)
def test_no_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tty: bool, args: tuple[str, ...]
) -> None:
    _site(tmp_path, PROGRESS_MIN_FILES)
    out, err = _run(tmp_path, monkeypatch, tty, *args)
    assert "\r" not in err and "\r" not in out


def test_no_progress_for_few_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _site(tmp_path, 2)
    _out, err = _run(tmp_path, monkeypatch, True)
    assert "\r" not in err


def test_progress_while_fixing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --fix a second bar counts the files whose fix loop ran, after the lint's."""
    _site(tmp_path, PROGRESS_MIN_FILES)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli_module, "_stderr_is_tty", lambda: True)
    result = CliRunner().invoke(cli, ["--no-config", "-j", "1", "--fix", "."])
    assert result.exit_code == 0, result.output
    err = result.stderr
    lint = err.index(f"{PROGRESS_MIN_FILES}/{PROGRESS_MIN_FILES} files  ")
    assert err.index(f"{PROGRESS_MIN_FILES}/{PROGRESS_MIN_FILES} files to fix") > lint
    assert "Text number 3 here.\n" in (tmp_path / "post003.md").read_text(encoding="utf-8")
