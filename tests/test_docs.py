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


def test_readme_seeds_example_is_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line the README shows for ``mdtidy fixtures/seeds`` is what it prints today."""
    from click.testing import CliRunner

    from mdtidy.cli import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```text\n$ mdtidy fixtures/seeds\n", 1)[1].split("```", 1)[0]
    shown = [line for line in block.splitlines() if line != "..."]
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["fixtures/seeds"])  # as the README runs it
    assert result.exit_code == 1
    printed = result.output.splitlines()
    assert shown[-1] == printed[-1], "the README's summary line is out of date"
    missing = [line for line in shown[:-1] if line not in printed]
    assert not missing, f"README shows lines mdtidy no longer prints: {missing}"
