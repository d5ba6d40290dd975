"""``mdtidy -``: one document from stdin, reported like a file, or fixed to stdout (editors).

End to end through the installed command (``mdtidy - --fix < post.md``), bytes in and
bytes out, plus the same paths through click's CliRunner.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mdtidy.cli import cli

MDTIDY = Path(sys.executable).with_name("mdtidy")

# WS001 (safe fix), DUP001 (safe fix), HD001 (no fix: remains after --fix)
MESSY = (
    "# Links  \n"
    "\n"
    "- [PyTorch](https://pytorch.org/) the framework\n"
    "- [PyTorch](https://pytorch.org/) the framework\n"
    "\n"
    "##\n"
)
FIXED = "# Links\n\n- [PyTorch](https://pytorch.org/) the framework\n\n##\n"
CLEAN = "# Title\n\nSome text with <https://example.org/>.\n"


def mdtidy(*args: str | Path, stdin: bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MDTIDY")}
    return subprocess.run(
        [str(MDTIDY), *map(str, args)],
        input=stdin,
        cwd=cwd,
        capture_output=True,
        env=env,
        timeout=120,
    )


def lines(data: bytes) -> list[str]:
    return data.decode("utf-8").splitlines()


def test_stdin_is_reported_like_a_file(tmp_path: Path) -> None:
    proc = mdtidy("-", stdin=MESSY.encode(), cwd=tmp_path)
    assert proc.returncode == 1
    out = lines(proc.stdout)
    assert "-:1:8: WS001 trailing-whitespace 2 trailing whitespace characters [*]" in out
    assert (
        "-:4:13: DUP001 duplicate-link https://pytorch.org/ is already linked at line 3 "
        "(the first copy is kept) [*]" in out
    )
    assert out[-1] == "Found 3 findings in 1 file (2 fixable with --fix)."
    assert proc.stderr == b""
    named = mdtidy("-", "--stdin-filename", "posts/a.md", stdin=MESSY.encode(), cwd=tmp_path)
    assert [line.replace("posts/a.md:", "-:", 1) for line in lines(named.stdout)] == out
    clean = mdtidy("-", stdin=CLEAN.encode(), cwd=tmp_path)
    assert clean.returncode == 0
    assert lines(clean.stdout) == ["All checks passed (1 file)."]


def test_fix_writes_the_document_to_stdout_and_the_report_to_stderr(tmp_path: Path) -> None:
    proc = mdtidy("-", "--fix", "--stdin-filename", "post.md", stdin=MESSY.encode(), cwd=tmp_path)
    assert proc.stdout == FIXED.encode()
    assert proc.returncode == 1  # HD001 remains
    assert lines(proc.stderr) == [
        "post.md:5:1: HD001 empty-heading empty level-2 heading",
        "Fixed 2 findings in 1 file. Found 1 finding in 1 file.",
    ]
    again = mdtidy("-", "--fix", stdin=proc.stdout, cwd=tmp_path)
    assert again.stdout == FIXED.encode()  # idempotent
    clean = mdtidy("-", "--fix", stdin=CLEAN.encode(), cwd=tmp_path)
    assert (clean.returncode, clean.stdout) == (0, CLEAN.encode())
    assert not (tmp_path / "post.md").exists()  # nothing written to disk


def test_fix_through_stdin_gives_the_bytes_fixing_the_file_gives(tmp_path: Path) -> None:
    for name, data in {
        "crlf.md": MESSY.replace("\n", "\r\n").encode(),
        "bom.md": codecs.BOM_UTF8 + MESSY.encode(),
        "utf16.md": codecs.BOM_UTF16_LE + MESSY.replace("\n", "\r\n").encode("utf-16-le"),
        "cr.md": MESSY.replace("\n", "\r").encode(),
    }.items():
        post = tmp_path / name
        post.write_bytes(data)
        piped = mdtidy("-", "--fix", "--stdin-filename", name, stdin=data, cwd=tmp_path)
        in_place = mdtidy("--fix", name, stdin=b"", cwd=tmp_path)
        assert piped.returncode == in_place.returncode == 1, piped.stderr
        assert piped.stdout == post.read_bytes(), name
        assert piped.stdout != data


def test_crlf_stays_crlf_and_a_bom_is_kept(tmp_path: Path) -> None:
    crlf = MESSY.replace("\n", "\r\n").encode()
    proc = mdtidy("-", "--fix", stdin=crlf, cwd=tmp_path)
    assert proc.stdout == FIXED.replace("\n", "\r\n").encode()
    bom = codecs.BOM_UTF8 + MESSY.encode()
    proc = mdtidy("-", "--fix", stdin=bom, cwd=tmp_path)
    assert proc.stdout == codecs.BOM_UTF8 + FIXED.encode()


@pytest.mark.parametrize("fix", [True, False])
def test_invalid_utf8_is_exit_2_with_one_line_and_the_input_echoed(tmp_path: Path, fix: bool) -> None:
    data = b"# Caf\xe9  \n\ntext\n"
    args = ["-", "--stdin-filename", "notes/cafe.md", *(["--fix"] if fix else [])]
    proc = mdtidy(*args, stdin=data, cwd=tmp_path)
    assert proc.returncode == 2
    errors = [line for line in lines(proc.stderr) if line.startswith("mdtidy:")]
    assert errors == [
        "mdtidy: notes/cafe.md: error: not valid UTF-8 (invalid byte 0xe9 at line 1, byte offset 5)"
    ]
    assert b"Traceback" not in proc.stderr
    if fix:  # a formatter's stdout is always a whole document: here the input itself
        assert proc.stdout == data
    else:
        assert b"cafe.md:" not in proc.stdout


def test_diff_and_json_from_stdin(tmp_path: Path) -> None:
    proc = mdtidy("-", "--diff", "--stdin-filename", "a.md", stdin=MESSY.encode(), cwd=tmp_path)
    assert proc.returncode == 1
    diff = proc.stdout.decode()
    assert diff.startswith("--- a/a.md\n+++ b/a.md\n")
    assert "-- [PyTorch](https://pytorch.org/) the framework\n" in diff
    proc = mdtidy("-", "--fix", "--format", "json", stdin=MESSY.encode(), cwd=tmp_path)
    assert proc.stdout == FIXED.encode()
    payload = json.loads(proc.stderr)
    assert payload["fixed"] == {"-": {"WS001": 1, "DUP001": 1}}
    assert [d["code"] for d in payload["diagnostics"]] == ["HD001"]


def test_stdin_filename_finds_the_configuration_and_path_options(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / ".mdtidy.yaml").write_text(
        'ignore: [WS001]\nrules:\n  FM003:\n    required: {"_posts/": [title]}\n', encoding="utf-8"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    post = "---\nlayout: post\n---\n# Hi  \n"
    proc = mdtidy("-", "--stdin-filename", site / "_posts" / "a.md", stdin=post.encode(), cwd=elsewhere)
    out = lines(proc.stdout)
    assert proc.returncode == 1, proc.stderr
    assert [line.split(": ")[1].split()[0] for line in out[:-1]] == ["FM003"]
    assert out[0].startswith(f"{site / '_posts' / 'a.md'}:1:1: FM003 ")
    proc = mdtidy("-", "--stdin-filename", "other/a.md", stdin=post.encode(), cwd=elsewhere)
    assert "WS001" in proc.stdout.decode() and "FM003" not in proc.stdout.decode()


def test_force_exclude_passes_an_excluded_stdin_document_through(tmp_path: Path) -> None:
    (tmp_path / ".mdtidy.yaml").write_text("extend-exclude: [drafts]\n", encoding="utf-8")
    args = ["-", "--fix", "--stdin-filename", "drafts/a.md"]
    proc = mdtidy(*args, "--force-exclude", stdin=MESSY.encode(), cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, MESSY.encode())
    proc = mdtidy(*args, stdin=MESSY.encode(), cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (1, FIXED.encode())


def test_stdin_filename_alone_reads_stdin_and_dash_cannot_be_mixed(tmp_path: Path) -> None:
    proc = mdtidy("--stdin-filename", "a.md", stdin=MESSY.encode(), cwd=tmp_path)
    assert proc.returncode == 1
    assert b"a.md:1:8: WS001" in proc.stdout
    (tmp_path / "b.md").write_text(CLEAN, encoding="utf-8")
    proc = mdtidy("-", "b.md", stdin=MESSY.encode(), cwd=tmp_path)
    assert proc.returncode == 2
    assert lines(proc.stderr) == [
        "mdtidy: error: '-' (stdin) cannot be combined with other paths, --report or --show-files"
    ]


def test_a_document_over_max_file_size_is_echoed_unchanged(tmp_path: Path) -> None:
    (tmp_path / ".mdtidy.yaml").write_text("max-file-size: 10\n", encoding="utf-8")
    proc = mdtidy("-", "--fix", stdin=MESSY.encode(), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == MESSY.encode()
    assert "over max-file-size (10); skipped" in proc.stderr.decode()


# --------------------------------------------------------------------------- CliRunner


def invoke(args: list[str], stdin: bytes, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli, args, input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_cli_runner_fix_from_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["-", "--fix"], MESSY.replace("\n", "\r\n").encode(), tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.stdout_bytes == FIXED.replace("\n", "\r\n").encode()
    assert result.stderr.splitlines()[-1] == "Fixed 2 findings in 1 file. Found 1 finding in 1 file."


def test_cli_runner_lint_from_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["-", "--stdin-filename", "x.md", "-q"], MESSY.encode(), tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert [line.split(" ")[1] for line in result.stdout.splitlines()] == ["WS001", "DUP001", "HD001"]
    assert all(line.startswith("x.md:") for line in result.stdout.splitlines())
    result = invoke(["-", "--fix"], b"ok \xff\n", tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert result.stdout_bytes == b"ok \xff\n"
    assert "mdtidy: -: error: not valid UTF-8" in result.stderr
