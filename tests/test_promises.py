"""The product's promises (README, "The promises"), each with a test that can fail.

1. Nothing is lost: atomic writes, mode, BOM, line endings and every byte outside the
   edits are kept; a file that changed on disk is not overwritten; the last copy of a
   URL is never removed.
2. Fixes are idempotent.
3. Bad input gets one clear line naming the file, never a traceback; the file is left
   untouched, the rest of the run carries on, exit code 2.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mdtidy import config as md_config
from mdtidy.cli import cli
from mdtidy.config import Config
from mdtidy.engine import fix_text, lint_text
from mdtidy.model import Corpus, Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.source import Source
from mdtidy.registry import all_rules
from mdtidy.run import files as md_files
from mdtidy.run import runner as md_runner

GOOD = b"good text  \n"  # WS001: two trailing spaces that are not a hard break
GOOD_FIXED = b"good text\n"


def mdtidy(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MDTIDY")}
    return subprocess.run(
        [sys.executable, "-m", "mdtidy", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        env=env,
        timeout=300,
    )


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """The CLI in this process (so tests can hook into it), in a given folder."""

    def run(*args: str, cwd: Path) -> Result:
        monkeypatch.chdir(cwd)
        result = CliRunner().invoke(cli, [str(a) for a in args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return run


def no_traceback(text: str | bytes) -> None:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    assert 'File "' not in text, text


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if "mdtidy-tmp" in p.name)


def _root_reads_everything(path: Path) -> bool:
    return os.access(path, os.R_OK)


# =========================================================================== 1. nothing is lost


def test_fix_writes_through_a_temp_file_in_the_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Callable[..., Result]
) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(GOOD)
    inode = post.stat().st_ino
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def recording_replace(src: Any, dst: Any, **kwargs: Any) -> None:
        renames.append((os.fspath(src), os.fspath(dst)))
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", recording_replace)
    result = invoke("--fix", "--no-cache", "post.md", cwd=tmp_path)  # the cache renames too
    assert result.exit_code == 0, result.output
    assert post.read_bytes() == GOOD_FIXED
    assert len(renames) == 1
    src, dst = renames[0]
    assert Path(dst) == post.resolve()
    assert Path(src).parent == post.resolve().parent
    assert Path(src).name.endswith(".mdtidy-tmp")
    assert post.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert temp_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


@pytest.mark.parametrize("failure", ["replace", "fsync", "chmod"])
def test_a_failed_write_leaves_the_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Callable[..., Result], failure: str
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"bad text   \n")
    other = tmp_path / "other.md"
    other.write_bytes(GOOD)
    real = getattr(os, failure)
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        # the first write of the run fails (bad.md sorts first), later ones work
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, failure, failing)
    result = invoke("--fix", "--no-cache", ".", cwd=tmp_path)  # the cache's own writes would count
    assert result.exit_code == 2
    assert result.stderr == "mdtidy: bad.md: error: cannot write: No space left on device\n"
    assert bad.read_bytes() == b"bad text   \n"
    assert other.read_bytes() == GOOD_FIXED
    assert temp_files(tmp_path) == []


def test_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    post = folder / "post.md"
    post.write_bytes(GOOD)
    (tmp_path / "other.md").write_bytes(GOOD)
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write to read-only folders (root)")
        proc = mdtidy("--fix", ".", cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "mdtidy: ro/post.md: error: cannot write: Permission denied\n"
    assert post.read_bytes() == GOOD
    assert (tmp_path / "other.md").read_bytes() == GOOD_FIXED
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize("mode", [0o640, 0o755, 0o600, 0o444])
def test_file_mode_is_kept(tmp_path: Path, mode: int) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(GOOD)
    post.chmod(mode)
    proc = mdtidy("--fix", "post.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert post.read_bytes() == GOOD_FIXED
    assert stat.S_IMODE(post.stat().st_mode) == mode


def test_a_symlink_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real" / "post.md"
    real.parent.mkdir()
    real.write_bytes(GOOD)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    proc = mdtidy("--fix", "link.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink()
    assert real.read_bytes() == GOOD_FIXED
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # UTF-8 byte-order mark
        (b"\xef\xbb\xbf# Title  \n\ntext", b"\xef\xbb\xbf# Title\n\ntext\n"),
        # UTF-16 with its byte-order mark
        (
            b"\xff\xfe" + "# Title  \n\ntext".encode("utf-16-le"),
            b"\xff\xfe" + "# Title\n\ntext\n".encode("utf-16-le"),
        ),
        # CRLF, and the final line break WS003 adds is a CRLF too
        (b"# Title  \r\n\r\n\r\n\r\ntext\r\nlast", b"# Title\r\n\r\ntext\r\nlast\r\n"),
        # lone CR (classic Mac)
        (b"# Title  \r\r\r\rtext\rlast", b"# Title\r\rtext\rlast\r"),
        # CRLF file with LF-only trailing blank lines: WS003 keeps one CRLF
        (b"a\r\nb\r\nc\r\n\r\n\r\n", b"a\r\nb\r\nc\r\n"),
        # mixed endings: every line keeps its own
        (b"a \r\n\r\nb \n\nc \r\rd\r\n", b"a\r\n\r\nb\n\nc\r\rd\r\n"),
        # a duplicate entry removed from a CRLF list leaves no lone LF behind
        (
            b"- [A](https://a.org/) x\r\n- [A](https://a.org/) x\r\n- b\r\n",
            b"- [A](https://a.org/) x\r\n- b\r\n",
        ),
    ],
    ids=["utf8-bom", "utf16-bom", "crlf", "cr", "crlf-blank-tail", "mixed", "crlf-dup-entry"],
)
def test_encoding_bom_and_line_endings_are_kept(tmp_path: Path, before: bytes, after: bytes) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(before)
    proc = mdtidy("--fix", "post.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert post.read_bytes() == after


def test_a_bom_is_not_a_column(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_bytes(b"\xef\xbb\xbf# Title  \n")
    proc = mdtidy("post.md", cwd=tmp_path)
    assert proc.stdout.decode().splitlines()[0].startswith("post.md:1:8: WS001")


def test_bytes_outside_the_edits_are_untouched(tmp_path: Path) -> None:
    head = (
        "---\r\ntitle: 'Ünïcödé — 表'  \r\ntags: [a,   b]\r\n---\r\n"
        "# Heading\twith tab\r\n"
        "\r\n"  # HD008 (blanks-around-headings) would insert this line
        "Zero\u200bwidth, nbsp\u00a0here, emoji 🎉, CJK 中文\r\n"
        "hard break  \r\n"
        "continues\r\n"
        "\r\n"
        "```\r\ncode with trailing   \r\n\r\n\r\n\r\n\tindented\r\n```\r\n"
        "\r\n"
        '<div title="x">  \r\nhtml  \r\n</div>\r\n'
        "\r\n"
        "* item one\r\n"
        "+ item\ttwo\r\n"
        "\r\n"
        "Line with trailing"
    )
    middle = "\r\n\r\n\r\n"  # WS001 removes "   " before it, WS002 removes two of these lines
    tail = "Last line \u00e9\x0c form feed\r\n"
    before = (head + "   " + middle + tail).encode("utf-8")
    post = tmp_path / "post.md"
    post.write_bytes(before)
    # CD002 and HT001 report the fence without a language and the <div> (no fix, exit code 1); the list and
    # tab rules (LS, WS004-WS006) edit the tab and list lines of the head on purpose. This
    # test is about the bytes the other rules' edits leave alone.
    proc = mdtidy("--fix", "--ignore", "CD002,HT001,LS,WS004,WS005,WS006", "post.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = post.read_bytes()
    # the head's only edit is on the title's line: FM002 removes the spaces after it
    h, t = head.replace("title: 'Ünïcödé — 表'  \r\n", "title: 'Ünïcödé — 表'\r\n").encode(), tail.encode()
    assert h != head.encode()
    assert after[: len(h)] == h
    assert after[len(h) : len(after) - len(t)] == b"\r\n\r\n"
    assert after[len(after) - len(t) :] == t


def test_fix_twice_gives_the_same_bytes_as_once(tmp_path: Path) -> None:
    messy = (
        "---\ntitle: x  \n---\n\n"
        "# Links   \n\n\n\n"
        "- [PyTorch](https://pytorch.org/) the framework\n"
        "- [PyTorch](https://pytorch.org/) the framework  \n"
        "* [Docs](http://example.com/docs) docs\n"
        "* [Docs](https://example.com/docs) docs\n\n"
        "https://www.zhihu.com/question/274635237\n\n"
        "Pytorch tips\n\n"
        "https://www.zhihu.com/question/274635237\n\n"
        "Pytorch tips\n\n"
        "See https://example.org/a and http://example.org/b.\n"
        "> quoted https://example.org/a  \n"
        ">\n"
        "> - https://example.org/c\n"
        "> - https://example.org/c\n\n\n"
    )
    variants = {
        "lf.md": messy.encode(),
        "crlf.md": messy.replace("\n", "\r\n").encode(),
        "cr.md": messy.replace("\n", "\r").encode(),
        "bom.md": b"\xef\xbb\xbf" + messy.encode(),
    }
    for unsafe in ([], ["--unsafe-fixes"]):
        for name, data in variants.items():
            (tmp_path / name).write_bytes(data)
        first = mdtidy("--fix", *unsafe, ".", cwd=tmp_path)
        assert first.returncode in (0, 1), first.stderr
        once = {name: (tmp_path / name).read_bytes() for name in variants}
        assert all(once[name] != data for name, data in variants.items())
        second = mdtidy("--fix", *unsafe, ".", cwd=tmp_path)
        assert second.returncode == first.returncode, second.stderr
        assert {name: (tmp_path / name).read_bytes() for name in variants} == once
        assert second.stdout.decode().splitlines()[-1].startswith("Fixed 0 findings in 0 files.")
        diff = mdtidy("--diff", *unsafe, ".", cwd=tmp_path)
        assert diff.stdout == b""


# --------------------------------------------------------------------------- changed on disk


def _edit_during_fix(monkeypatch: pytest.MonkeyPatch, target: Path, edit: Callable[[Path], None]) -> None:
    """Run ``edit`` on the file between mdtidy's read and its write."""
    real_fix_text = md_runner.fix_text

    def wrapped(source: Source, path: str, *args: Any, **kwargs: Any) -> Any:
        outcome = real_fix_text(source, path, *args, **kwargs)
        if Path(path).resolve() == target.resolve():
            edit(target)
        return outcome

    monkeypatch.setattr(md_runner, "fix_text", wrapped)


def _append(path: Path) -> None:
    with open(path, "ab") as handle:
        handle.write(b"typed in the editor\n")


def _same_size_same_mtime(path: Path) -> None:
    """A same-size edit inside one timestamp tick (coarse mtime: FAT, HFS+, some NFS)."""
    st = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"bad", b"BAD"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def _delete(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize("edit", [_append, _same_size_same_mtime, _delete], ids=lambda f: f.__name__)
def test_a_file_changed_on_disk_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Callable[..., Result], edit: Callable
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"bad text   \n")
    other = tmp_path / "other.md"
    other.write_bytes(GOOD)
    _edit_during_fix(monkeypatch, bad, edit)
    expected = tmp_path / "expected.bin"
    expected.write_bytes(b"bad text   \n")
    edit(expected)  # what the "editor" leaves on disk
    result = invoke("--fix", "bad.md", "other.md", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "mdtidy: bad.md: error: changed on disk since it was read; not overwritten\n"
    if expected.exists():
        assert bad.read_bytes() == expected.read_bytes()
    else:
        assert not bad.exists()
    assert other.read_bytes() == GOOD_FIXED
    assert temp_files(tmp_path) == []


def test_a_file_changed_on_disk_is_caught_right_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Callable[..., Result]
) -> None:
    """The second check, after the temp file is written and just before the rename."""
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"bad text   \n")
    real_fsync = os.fsync

    def fsync_then_edit(fd: int) -> None:
        real_fsync(fd)
        _append(bad)

    monkeypatch.setattr(os, "fsync", fsync_then_edit)
    result = invoke("--fix", "bad.md", cwd=tmp_path)
    assert result.exit_code == 2
    assert "bad.md: error: changed on disk since it was read; not overwritten" in result.stderr
    assert bad.read_bytes() == b"bad text   \ntyped in the editor\n"
    assert temp_files(tmp_path) == []


# --------------------------------------------------------------------------- the last copy of a URL

_URL = re.compile(r"""https?://[^\s<>()\[\]"'`]+""", re.IGNORECASE)


def _url_keys(text: str) -> set[str]:
    keys = set()
    for url in _URL.findall(text):
        url = url.rstrip(".,;:!?*_~")
        rest = url.split("://", 1)[1]
        host, _, path = rest.partition("/")
        keys.add(host.lower() + "/" + path.rstrip("/"))
    return keys


LAST_COPY_CASES = {
    # the later item also holds a URL of its own
    "item-with-second-url": (
        "- [A](https://a.org/) caption\n- [A](https://a.org/) caption, see https://b.org/\n"
    ),
    # captions differ: the later entry holds text the first does not
    "different-caption": "- [A](https://a.org/) one thing\n- [A](https://a.org/) another thing\n",
    # an image and a link to the same URL are two things
    "image-and-link": "- ![A](https://a.org/x.png) pic\n- [A](https://a.org/x.png) pic\n",
    # URL + caption paragraphs where the caption links elsewhere
    "caption-with-link": (
        "https://a.org/\n\nCaption\n\nhttps://a.org/\n\nCaption with [a link](https://c.org/)\n"
    ),
    # the first copy is a reference definition
    "definition-first": "[a]: https://a.org/\n\n- [A][a] x\n- [A](https://a.org/) x\n",
    # duplicates in a block quote and in HTML
    "quote-and-html": (
        '> - https://a.org/q\n> - https://a.org/q\n\n<a href="https://a.org/h">h</a>\n\n- https://a.org/h\n'
    ),
    # nested lists
    "nested": "- top\n  - [A](https://a.org/n) x\n  - [A](https://a.org/n) x\n- [B](https://b.org/) y\n",
}


@pytest.mark.parametrize("case", LAST_COPY_CASES, ids=str)
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_a_fix_never_removes_the_last_copy_of_a_url(tmp_path: Path, case: str, unsafe: bool) -> None:
    text = LAST_COPY_CASES[case]
    post = tmp_path / "post.md"
    post.write_bytes(text.encode())
    proc = mdtidy("--fix", *(["--unsafe-fixes"] if unsafe else []), "post.md", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    no_traceback(proc.stderr)
    after = post.read_text(encoding="utf-8")
    assert _url_keys(after) == _url_keys(text), after


def test_a_real_duplicate_entry_is_removed(tmp_path: Path) -> None:
    """The counterpart of the test above: the fix does remove a true duplicate."""
    post = tmp_path / "post.md"
    post.write_bytes(b"- [A](https://a.org/) x\n- [B](https://b.org/) y\n- [A](https://a.org/) x\n")
    proc = mdtidy("--fix", "post.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert post.read_bytes() == b"- [A](https://a.org/) x\n- [B](https://b.org/) y\n"


class DeleteEveryLink(FileRule):
    """ZZZ901 delete-every-link: a deliberately wrong rule whose fix deletes links."""

    code = "ZZZ901"
    name = "delete-every-link"
    summary = "A wrong rule: its fix deletes every link"
    # declared, so the rendering guard lets it through and the last-copy check is tested
    changes_html = "deletes links"
    fixable = "always"

    def check(self, doc: Any, ctx: Any) -> Iterator[Diagnostic]:
        for link in doc.links:
            yield Diagnostic("link", link.start, link.end, fix=Fix.safe(Edit.delete(link.start, link.end)))


class DeleteLaterCopies(FileRule):
    """ZZZ902 delete-later-copies: deletes every copy of a URL but the first (allowed)."""

    code = "ZZZ902"
    name = "delete-later-copies"
    summary = "Deletes later copies"
    # declared, so the rendering guard lets it through and the last-copy check is tested
    changes_html = "deletes later copies of links"
    fixable = "always"

    def check(self, doc: Any, ctx: Any) -> Iterator[Diagnostic]:
        seen = set()
        for link in doc.links:
            if link.url in seen:
                yield Diagnostic(
                    "again", link.start, link.end, fix=Fix.safe(Edit.delete(link.start, link.end))
                )
            seen.add(link.url)


class ChangeUrl(FileRule):
    """ZZZ903 change-url: rewrites a URL into another one (loses the original)."""

    code = "ZZZ903"
    name = "change-url"
    summary = "Rewrites a URL"
    # declared, so the rendering guard lets it through and the last-copy check is tested
    changes_html = "rewrites link targets"
    fixable = "always"

    def check(self, doc: Any, ctx: Any) -> Iterator[Diagnostic]:
        for link in doc.links:
            if link.url.endswith("/old") and link.url_start is not None:
                fix = Fix.safe(Edit(link.url_end - 3, link.url_end, "new"))
                yield Diagnostic("old", link.url_start, link.url_end, fix=fix)


def _rules(*extra: type[FileRule]) -> list[Any]:
    config = Config()
    return [*md_config.resolve_rules(config), *(rule() for rule in extra)]


@pytest.mark.parametrize("with_corpus", [False, True], ids=["alone", "in-corpus"])
def test_engine_refuses_a_pass_that_removes_the_last_copy_of_a_url(with_corpus: bool) -> None:
    text = "See [only](https://only.example.org/page) here.  \n"
    source = Source(text)
    config = Config()
    rules = _rules(DeleteEveryLink)
    corpus = None
    if with_corpus:
        _d, summary, _doc = lint_text(source, "post.md", config, [])
        corpus = Corpus([summary], config)
    outcome = fix_text(source, "post.md", config, rules, corpus)
    # formatting fixes run in passes of their own (the rendering guard), so WS001's fix
    # stands; the pass of ZZZ901 that would lose the URL is rolled back
    assert outcome.text == "See [only](https://only.example.org/page) here.\n"
    assert outcome.applied == {"WS001": 1}
    assert len(outcome.refused) == 1
    message = outcome.refused[0]
    assert "ZZZ901" in message
    assert "would remove the last copy of https://only.example.org/page" in message


def test_engine_refuses_a_fix_that_rewrites_a_url() -> None:
    text = "[x](https://a.org/old)\n"
    outcome = fix_text(Source(text), "post.md", Config(), _rules(ChangeUrl), None)
    assert outcome.text == text
    assert outcome.refused and "https://a.org/old" in outcome.refused[0]


def test_engine_allows_removing_a_copy_that_is_not_the_last() -> None:
    text = "[a](https://a.org/) and [again](https://a.org/)\n"
    outcome = fix_text(Source(text), "post.md", Config(), [DeleteLaterCopies()], None)
    assert outcome.refused == []
    assert outcome.text == "[a](https://a.org/) and \n"
    assert outcome.applied == {"ZZZ902": 1}


def test_the_engine_guard_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Callable[..., Result]
) -> None:
    monkeypatch.setattr(md_config, "all_rules", lambda: (*all_rules(), DeleteEveryLink))
    post = tmp_path / "post.md"
    post.write_bytes(b"See [only](https://only.example.org/page) here.  \n")
    other = tmp_path / "other.md"
    other.write_bytes(GOOD)
    result = invoke("--fix", "post.md", "other.md", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "mdtidy: post.md: error: fixes by ZZZ901 would remove the last copy of "
        "https://only.example.org/page; not applied"
    ]
    # WS001's formatting pass comes first and stands; ZZZ901's pass is rolled back
    assert post.read_bytes() == b"See [only](https://only.example.org/page) here.\n"
    assert other.read_bytes() == GOOD_FIXED


class NeverConverges(FileRule):
    """ZZZ904 never-converges: every pass adds one more character."""

    code = "ZZZ904"
    name = "never-converges"
    summary = "Always wants one more"
    fixable = "always"
    changes_html = "adds text"

    def check(self, doc: Any, ctx: Any) -> Iterator[Diagnostic]:
        yield Diagnostic("more", 0, 0, fix=Fix.safe(Edit.insert(0, "x")))


def test_fixes_that_do_not_converge_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Callable[..., Result]
) -> None:
    monkeypatch.setattr(md_config, "all_rules", lambda: (*all_rules(), NeverConverges))
    (tmp_path / "post.md").write_bytes(b"text\n")
    result = invoke("--fix", "post.md", cwd=tmp_path)
    assert result.exit_code == 2
    assert "post.md: error: fixes did not converge after 10 passes (rules: ZZZ904)" in result.stderr


# =========================================================================== 3. bad input


def _bad_utf8(folder: Path) -> tuple[Path, bytes]:
    data = b"caf\xe9 au lait\n"
    (folder / "bad.md").write_bytes(data)
    return folder / "bad.md", data


def _binary(folder: Path) -> tuple[Path, bytes]:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    (folder / "bad.md").write_bytes(data)
    return folder / "bad.md", data


def _too_big(folder: Path) -> tuple[Path, bytes]:
    (folder / ".mdtidy.yaml").write_text("max-file-size: 1000\n")
    data = b"line with trailing spaces   \n" * 100
    (folder / "bad.md").write_bytes(data)
    return folder / "bad.md", data


def _unreadable(folder: Path) -> tuple[Path, bytes]:
    data = b"secret   \n"
    (folder / "bad.md").write_bytes(data)
    (folder / "bad.md").chmod(0)
    return folder / "bad.md", data


def _unlistable(folder: Path) -> tuple[Path, bytes]:
    data = b"inside   \n"
    (folder / "bad").mkdir()
    (folder / "bad" / "inside.md").write_bytes(data)
    (folder / "bad").chmod(0)
    return folder / "bad", data


BAD_INPUTS = {
    "invalid-utf8": (_bad_utf8, "not valid UTF-8 (invalid byte 0xe9 at line 1, byte offset 3)"),
    "binary": (_binary, "binary file (contains NUL bytes); not Markdown"),
    "too-big": (_too_big, "file is 2900 bytes, over max-file-size (1000); skipped"),
    "unreadable": (_unreadable, "cannot read: Permission denied"),
    "unlistable": (_unlistable, "cannot list folder: Permission denied"),
}


@pytest.mark.parametrize("kind", BAD_INPUTS, ids=str)
def test_bad_input_is_one_clear_line_and_the_run_carries_on(tmp_path: Path, kind: str) -> None:
    make, message = BAD_INPUTS[kind]
    bad, data = make(tmp_path)
    (tmp_path / "good.md").write_bytes(GOOD)
    (tmp_path / "zz-later.md").write_bytes(GOOD)
    try:
        if kind in ("unreadable", "unlistable") and os.access(bad, os.R_OK):
            pytest.skip("running as root: permissions do not stop reading")
        proc = mdtidy("--fix", ".", cwd=tmp_path)
    finally:
        bad.chmod(0o755 if bad.is_dir() else 0o644)
    stderr = proc.stderr.decode()
    no_traceback(stderr + proc.stdout.decode())
    assert proc.returncode == 2
    assert stderr == f"mdtidy: {bad.name}: error: {message}\n"
    assert (bad / "inside.md" if bad.is_dir() else bad).read_bytes() == data
    assert (tmp_path / "good.md").read_bytes() == GOOD_FIXED
    assert (tmp_path / "zz-later.md").read_bytes() == GOOD_FIXED
    assert proc.stdout.decode().splitlines()[-1] == (
        "Fixed 2 findings in 2 files. All checks passed (2 files). 1 error."
    )


def test_missing_path_is_one_clear_line_and_the_run_carries_on(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_bytes(GOOD)
    proc = mdtidy("--fix", "missing.md", "good.md", "missing-folder/", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [
        "mdtidy: missing.md: error: no such file or directory",
        "mdtidy: missing-folder: error: no such file or directory",
    ]
    assert (tmp_path / "good.md").read_bytes() == GOOD_FIXED
    assert not (tmp_path / "missing.md").exists()


def _deny_read(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    real = md_runner.read_snapshot

    def read(path: Path) -> Any:
        if path.name == "bad.md":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(md_runner, "read_snapshot", read)


def _deny_listing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    real = os.scandir
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.md").write_bytes(b"inside   \n")

    def scandir(path: Any = ".") -> Any:
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(md_files.os, "scandir", scandir)


def _too_deep(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    real = md_runner.lint_text

    def lint(source: Source, path: str, *args: Any) -> Any:
        if path.endswith("bad.md"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(source, path, *args)

    monkeypatch.setattr(md_runner, "lint_text", lint)


def _slow(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    (folder / ".mdtidy.yaml").write_text("file-timeout: 0.2\n")
    real = md_runner.lint_text

    def lint(source: Source, path: str, *args: Any) -> Any:
        if path.endswith("bad.md"):
            time.sleep(5)
        return real(source, path, *args)

    monkeypatch.setattr(md_runner, "lint_text", lint)


def _crash(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    class Crashes(FileRule):
        code = "ZZZ905"
        name = "crashes"
        summary = "Crashes on one file"

        def check(self, doc: Any, ctx: Any) -> Iterator[Diagnostic]:
            if ctx.path.endswith("bad.md"):
                raise ValueError("boom")
            return iter(())

    monkeypatch.setattr(md_config, "all_rules", lambda: (*all_rules(), Crashes))


SIMULATED = {
    # as root, chmod cannot make a file unreadable or a folder unlistable: simulate it
    "unreadable": (_deny_read, "bad.md", "cannot read: Permission denied"),
    "unlistable": (_deny_listing, "locked", "cannot list folder: Permission denied"),
    "recursion": (_too_deep, "bad.md", "document is nested too deeply to lint"),
    "timeout": (_slow, "bad.md", "took longer than 0.2 s to lint (file-timeout); skipped"),
    "rule-crash": (_crash, "bad.md", "internal error while linting: ValueError: boom"),
}


@pytest.mark.parametrize("kind", SIMULATED, ids=str)
def test_simulated_bad_input_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Callable[..., Result], kind: str
) -> None:
    setup, name, message = SIMULATED[kind]
    (tmp_path / "bad.md").write_bytes(b"bad   \n")
    (tmp_path / "good.md").write_bytes(GOOD)
    setup(monkeypatch, tmp_path)
    started = time.monotonic()
    result = invoke("--fix", ".", cwd=tmp_path)
    assert time.monotonic() - started < 4
    no_traceback(result.output)
    assert result.exit_code == 2
    assert result.stderr == f"mdtidy: {name}: error: {message}\n"
    if name == "bad.md":
        assert (tmp_path / "bad.md").read_bytes() == b"bad   \n"
    else:
        assert (tmp_path / "locked" / "inside.md").read_bytes() == b"inside   \n"
    assert (tmp_path / "good.md").read_bytes() == GOOD_FIXED


def test_broken_front_matter_is_reported_on_the_yaml_errors_line(tmp_path: Path) -> None:
    front = b"---\ntitle: [unclosed  \ndate: 2020-01-01\n---\n"
    body = b"\nbody text   \n"
    post = tmp_path / "post.md"
    post.write_bytes(front + body)
    (tmp_path / "good.md").write_bytes(GOOD)
    proc = mdtidy("post.md", "good.md", cwd=tmp_path)
    lines = proc.stdout.decode().splitlines()
    assert proc.returncode == 1
    fm = [line for line in lines if " FM001 " in line]
    assert len(fm) == 1
    assert fm[0].startswith("post.md:3:5: FM001 front-matter invalid YAML front matter: ")
    # the body is linted, with its real line numbers; the front matter's own
    # trailing spaces are content and not reported
    assert "post.md:6:10: WS001 trailing-whitespace 3 trailing whitespace characters [*]" in lines
    assert not any(line.startswith("post.md:2:") for line in lines)

    fixed = mdtidy("--fix", "post.md", "good.md", cwd=tmp_path)
    no_traceback(fixed.stderr)
    assert fixed.returncode == 1  # FM001 has no fix
    data = post.read_bytes()
    assert data[: len(front)] == front
    assert data == front + b"\nbody text\n"
    assert (tmp_path / "good.md").read_bytes() == GOOD_FIXED


def test_duplicate_front_matter_key_is_reported_on_its_line(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_bytes(b"---\ntitle: a\nlayout: post\ntitle: b\n---\n\ntext\n")
    proc = mdtidy("post.md", cwd=tmp_path)
    assert proc.returncode == 1
    line = proc.stdout.decode().splitlines()[0]
    assert line.startswith("post.md:4:1: FM001 front-matter invalid YAML front matter: ")
    assert "duplicate" in line


DEEP = {
    "quotes": ">" * 5000 + " deep  \n",
    "quotes-spaced": "> " * 5000 + "deep https://a.org/ https://a.org/\n",
    "lists": "- " * 5000 + "deep  \n",
    "ordered": "1. " * 5000 + "deep\n",
    "indented-lists": "".join(" " * (2 * i) + "- x\n" for i in range(1500)),
    "brackets": "[" * 100_000 + "\n",
    "brackets-closed": "[" * 50_000 + "a" + "]" * 50_000 + "(https://a.org/)\n",
    "stars": "*" * 100_000 + "\n",
    "emphasis": "*a " * 30_000 + "b" + "*" * 30_000 + "\n",
    "backticks": "`" * 100_000 + "\n",
    "angles": "<" * 100_000 + "\n",
    "parens": "[a](" + "(" * 50_000 + ")" * 50_000 + ")\n",
    "html": "<div>" * 20_000 + "x" + "</div>" * 20_000 + "\n",
}


@pytest.mark.parametrize("kind", DEEP, ids=str)
def test_absurdly_deep_nesting_is_handled(tmp_path: Path, kind: str) -> None:
    """mdtidy either lints such a file (mistune caps nesting) or refuses it in one line."""
    deep = tmp_path / "deep.md"
    deep.write_bytes(DEEP[kind].encode())
    (tmp_path / "good.md").write_bytes(GOOD)
    started = time.monotonic()
    proc = mdtidy("--fix", ".", cwd=tmp_path)
    assert time.monotonic() - started < 120
    stderr = proc.stderr.decode()
    no_traceback(stderr)
    assert (tmp_path / "good.md").read_bytes() == GOOD_FIXED
    if proc.returncode == 2:
        assert stderr.startswith("mdtidy: deep.md: error: ") and stderr.count("\n") == 1
        assert deep.read_bytes() == DEEP[kind].encode()
    else:
        assert proc.returncode in (0, 1)
        assert stderr == ""
        assert _url_keys(deep.read_text(encoding="utf-8")) == _url_keys(DEEP[kind])
        again = mdtidy("--fix", "deep.md", cwd=tmp_path)
        assert again.stdout.decode().startswith("Fixed 0 findings in 0 files.") or again.returncode == 1
