"""The documentation comes from the rules: check it is current and complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from mdtidy.docs import END, START, rules_table
from mdtidy.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]


def test_readme_rules_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split(START, 1)[1].split(END, 1)[0]
    assert table.strip() == rules_table().strip(), "run: python -m mdtidy.docs --write"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_documents_itself(rule: type) -> None:
    doc = rule.doc()
    assert doc.startswith(f"{rule.code} {rule.name}:"), "docstring must open with 'CODE name: summary'"
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Fix safety"):
        assert section in doc, f"{rule.code} docstring lacks {section!r}"


def test_readme_test_command_is_the_one_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if line.startswith("TEST_COMMAND="))
    value = command.split("=", 1)[1].strip("'\"")
    assert value in readme
