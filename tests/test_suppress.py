"""Inline directives (``<!-- markdownlint-disable MD009 -->`` and ``mdtidy-`` synonyms)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mdtidy.api import check, fix
from mdtidy.config import Config, resolve_rules
from mdtidy.run.runner import run


def lines_of(text: str, code: str = "WS001") -> list[int]:
    return [d.line for d in check(text) if d.code == code]


TRAILING = "a   \n"  # WS001 on every such line


@pytest.mark.parametrize(
    "ident", ["MD009", "WS001", "no-trailing-spaces", "trailing-whitespace", "ws", "md009"]
)
def test_disable_and_enable_by_any_identifier(ident: str) -> None:
    text = (
        f"{TRAILING}\n<!-- markdownlint-disable {ident} -->\n\n"
        f"{TRAILING}\n<!-- markdownlint-enable {ident} -->\n\n{TRAILING}"
    )
    assert lines_of(text) == [1, 9]


def test_disable_all_then_enable_one() -> None:
    text = (
        f"<!-- mdtidy-disable -->\n\n{TRAILING}\nhttp://x.org/   \n\n"
        f"<!-- mdtidy-enable WS001 -->\n\n{TRAILING}"
    )
    found = [(d.line, d.code) for d in check(text)]
    assert found == [(9, "WS001")]


def test_disable_line_and_next_line() -> None:
    text = (
        "b   <!-- markdownlint-disable-line MD009 -->\n\n"
        "<!-- markdownlint-disable-next-line -->\n"
        f"{TRAILING}\n{TRAILING}"
    )
    assert lines_of(text) == [6]


def test_disable_file_applies_wherever_it_stands() -> None:
    text = f"{TRAILING}\n{TRAILING}\n<!-- markdownlint-disable-file MD009 -->\n"
    assert lines_of(text) == []


def test_capture_and_restore() -> None:
    text = (
        "<!-- markdownlint-disable MD009 -->\n\n"
        "<!-- markdownlint-capture -->\n\n"
        "<!-- markdownlint-enable MD009 -->\n\n"
        f"{TRAILING}\n"
        "<!-- markdownlint-restore -->\n\n"
        f"{TRAILING}"
    )
    assert lines_of(text) == [7]


def test_directives_in_code_are_not_directives() -> None:
    text = f"```\n<!-- markdownlint-disable -->\n```\n\n`<!-- markdownlint-disable -->`\n\n{TRAILING}"
    assert lines_of(text) == [7]


def test_crlf_and_inline_comment() -> None:
    text = "x <!-- mdtidy-disable WS001 --> y\r\n\r\nz   \r\n"
    assert lines_of(text) == []
    assert lines_of("z   \r\n\r\nx <!-- mdtidy-disable WS001 --> y\r\n") == [1]


def test_fix_leaves_suppressed_findings_alone() -> None:
    text = f"{TRAILING}\n<!-- markdownlint-disable MD009 -->\n\n{TRAILING}"
    assert fix(text) == f"a\n\n<!-- markdownlint-disable MD009 -->\n\n{TRAILING}"


def test_cross_file_rule_honours_directives(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    Path("2019-01-01-a.md").write_text("<https://pytorch.org/>\n")
    Path("2020-01-01-b.md").write_text(
        "<!-- markdownlint-disable-next-line DUP002 -->\n<https://pytorch.org/>\n\n<https://pytorch.org/docs>\n"
    )
    Path("2021-01-01-c.md").write_text("<https://pytorch.org/docs>\n")
    config = Config()
    result = run([Path(".")], config, resolve_rules(config, select=["DUP002"]))
    assert [(d.path, d.line) for d in result.diagnostics] == [("2021-01-01-c.md", 1)]
