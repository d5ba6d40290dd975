"""Formatting fixes never change what the page shows (issue 5's promise, mdformat's too).

A *formatting* rule is one whose ``changes_html`` is empty. For every such rule that
has fixes, and every one of its fixtures, the text after ``--fix --unsafe-fixes`` with
only that rule selected must render to the same HTML as before, both under mistune
(what mdtidy parses with) and under cmark-gfm (GitHub's renderer, the ``cmarkgfm``
package). Generated documents are fixed with every formatting rule at once and held
to the same promise. Rules that change the page on purpose (duplicates removed, link
targets upgraded) say so in ``changes_html`` and are tested by their own fixtures.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given
from test_properties import SETTINGS, Doc, documents

from mdtidy.config import Config, from_mapping, resolve_rules
from mdtidy.engine import fix_text
from mdtidy.parsing.render import body_text, normalise_html, page_html
from mdtidy.parsing.source import decode
from mdtidy.registry import all_rules

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

FORMATTING = [rule for rule in all_rules() if rule.fixable != "never" and not rule.changes_html]


def gfm_html(text: str) -> str:
    """cmark-gfm's page for ``text`` (front matter blanked, as mdtidy treats it)."""
    html = cmarkgfm.github_flavored_markdown_to_html(body_text(text), options=Options.CMARK_OPT_UNSAFE)
    return normalise_html(html)


_OPTIONS = re.compile(r"<!--\s*options:(.*?)-->", re.DOTALL)


def fixed(text: str, select: list[str] | None, options: dict | None = None) -> str:
    """``text`` after every fix of the selected formatting rules (``options``: one rule's)."""
    config = from_mapping({"rules": {select[0]: options}}, "fixture") if options and select else Config()
    rules = resolve_rules(config, select=select)
    formatting = [rule for rule in rules if not rule.changes_html]
    return fix_text(decode(text.encode("utf-8")), "doc.md", config, formatting, None, unsafe=True).text


def _cases() -> list[tuple[str, Path]]:
    cases = []
    for rule in FORMATTING:
        folder = FIXTURES / rule.code
        cases += [(rule.code, path) for path in sorted(folder.glob("*.md"))]
    return cases


def test_formatting_rules_exist_and_have_fixtures() -> None:
    assert FORMATTING, "no formatting rule found"
    assert {code for code, _path in _cases()} == {rule.code for rule in FORMATTING}


@pytest.mark.parametrize(("code", "path"), _cases(), ids=lambda v: v if isinstance(v, str) else v.stem)
def test_fixture_page_is_unchanged(code: str, path: Path) -> None:
    text = decode(path.read_bytes()).text
    options: dict = {}
    for match in _OPTIONS.finditer(text):  # the fixture's options, as tests/test_fixtures.py reads them
        options.update(json.loads(match.group(1)))
    after = fixed(text, [code], options)
    assert page_html(after) == page_html(text), f"{code} changed the page (mistune)"
    assert gfm_html(after) == gfm_html(text), f"{code} changed the page (cmark-gfm)"


@SETTINGS
@given(documents())
def test_generated_page_is_unchanged(doc: Doc) -> None:
    after = fixed(doc.text, None)
    assert page_html(after) == page_html(doc.text)
    assert gfm_html(after) == gfm_html(doc.text)
    assert fixed(after, None) == after
