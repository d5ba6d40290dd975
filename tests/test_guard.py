"""The rendering guard, tested with a deliberately wrong formatting rule.

``ZZZ901`` claims to be a formatting rule (``changes_html`` is empty) but its fix drops
emphasis markers, which changes the page. The guard must roll back every fix of the
file, leave the file byte for byte as it was, and name the rule; ``--no-guard`` lets
the fix through; a rule that declares the change it makes is not stopped.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mdtidy.config import Config, resolve_rules
from mdtidy.engine import fix_text
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document
from mdtidy.parsing.source import Source
from mdtidy.run.runner import run

_EMPHASIS = re.compile(r"\*(\w+)\*")


class DropsEmphasis(FileRule):
    """ZZZ901 drops-emphasis: a wrong formatting rule (its fix changes the page)."""

    code = "ZZZ901"
    name = "drops-emphasis"
    summary = "Emphasis (deliberately wrong fix)"
    fixable = "always"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for match in _EMPHASIS.finditer(doc.text):
            fix = Fix.safe(
                Edit.delete(match.start(), match.start() + 1), Edit.delete(match.end() - 1, match.end())
            )
            yield Diagnostic("emphasis", match.start(), match.end(), fix=fix)


class DeclaredDropsEmphasis(DropsEmphasis):
    code = "ZZZ902"
    name = "declared-drops-emphasis"
    changes_html = "removes emphasis on purpose"


TEXT = "# Title\n\nSome *word* here.   \nNext line\n\n\n\nEnd.\n"


def _rules(*extra: FileRule) -> list:
    return [*resolve_rules(Config(), select=["WS001", "WS002"]), *extra]


def test_guard_rolls_back_the_whole_file_and_names_the_rule() -> None:
    outcome = fix_text(Source(TEXT), "post.md", Config(), _rules(DropsEmphasis()), None)
    assert outcome.guard_failed == ["ZZZ901"]
    assert outcome.text == TEXT  # also the good WS fixes are not applied
    assert outcome.applied == {}


def test_good_formatting_fixes_pass_the_guard() -> None:
    outcome = fix_text(Source(TEXT), "post.md", Config(), _rules(), None)
    assert outcome.guard_failed == []
    assert outcome.text == "# Title\n\nSome *word* here.  \nNext line\n\nEnd.\n"


def test_no_guard_lets_the_wrong_fix_through() -> None:
    outcome = fix_text(Source(TEXT), "post.md", Config(), _rules(DropsEmphasis()), None, guard=False)
    assert outcome.guard_failed == []
    assert outcome.text == "# Title\n\nSome word here.  \nNext line\n\nEnd.\n"


def test_a_rule_that_declares_its_page_change_is_not_stopped() -> None:
    outcome = fix_text(Source(TEXT), "post.md", Config(), _rules(DeclaredDropsEmphasis()), None)
    assert outcome.guard_failed == []
    assert outcome.text == "# Title\n\nSome word here.  \nNext line\n\nEnd.\n"


def test_run_reports_an_internal_error_and_leaves_the_file(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    post = tmp_path / "post.md"
    post.write_bytes(TEXT.replace("\n", "\r\n").encode())
    other = tmp_path / "other.md"
    other.write_bytes(b"Fine.   \n")
    result = run([Path("post.md"), Path("other.md")], Config(), _rules(DropsEmphasis()), fix=True)
    assert post.read_bytes() == TEXT.replace("\n", "\r\n").encode()
    assert other.read_bytes() == b"Fine.\n"  # the rest of the run carries on
    [error] = result.errors
    assert error.path == "post.md"
    assert "internal error" in error.message and "ZZZ901" in error.message
    assert "rendered page" in error.message


def test_cli_guard_exit_code_and_no_guard(tmp_path: Path) -> None:
    # the wrong rule above, registered as a third-party plugin of the mdtidy process
    site = tmp_path / "site"
    (site / "zzz-1.0.dist-info").mkdir(parents=True)
    (site / "zzz-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: zzz\nVersion: 1.0\n")
    (site / "zzz-1.0.dist-info" / "entry_points.txt").write_text(
        "[mdtidy.rules]\nz = test_guard:DropsEmphasis\n"
    )
    post = tmp_path / "post.md"
    post.write_text(TEXT)
    path = [str(site), str(Path(__file__).parent), os.environ.get("PYTHONPATH")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, path)))

    def mdtidy(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mdtidy", "--no-config", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    guarded = mdtidy("--fix", "post.md")
    assert guarded.returncode == 2
    assert "post.md: error: internal error: fixes by ZZZ901 would change the rendered page" in guarded.stderr
    assert "Traceback" not in guarded.stderr
    assert post.read_text() == TEXT
    unguarded = mdtidy("--fix", "--no-guard", "--select", "ZZZ901", "post.md")
    assert unguarded.returncode == 0, unguarded.stderr
    assert post.read_text() == "# Title\n\nSome word here.   \nNext line\n\n\n\nEnd.\n"


def test_guard_names_the_rule_also_without_front_matter_detection() -> None:
    # with front-matter = false the '---' block is Markdown: the page the culprits are
    # measured against must be rendered the same way, or every rule would be blamed
    config = Config()
    config.front_matter = False
    text = "---\ntitle: x\n---\n\n" + TEXT
    rules = [*resolve_rules(config, select=["WS001", "WS002"]), DropsEmphasis()]
    outcome = fix_text(Source(text), "post.md", config, rules, None)
    assert outcome.guard_failed == ["ZZZ901"]
    assert outcome.text == text
