"""Document.references: the reference definitions mistune keeps, from the document's own parse."""

from __future__ import annotations

import mistune
import pytest

from mdtidy.parsing.flavors import named_flavor
from mdtidy.parsing.parse import parse, reference_definitions
from mdtidy.parsing.render import PLUGINS
from mdtidy.parsing.source import Source

TRICKY = {
    "duplicates": "[a]: /first\n[a]: /second\n\n[A]: /third 'T'\n",
    "case folded": "[Straße]: /u1\n[STRASSE]: /u2\n[ǅ]: /u3\n[ǆ]: /u4\n",
    "white space": "[a  b]: /u1\n[a\tb]: /u2\n[ a b ]: /u3\n",
    "list item after the list": "- [x]: /in-item\n\n[x]: /after\n",
    "nested list": "1. - [x]: /deep\n   - [y]: /deep2\n\n[y]: /top\n",
    "block quote": "> [q]: /quoted\n>\n> > [r]: /nested 'T'\n\n[q]: /top\n",
    "lazy block quote line": "> [q]:\n/lazy\n",
    "after a paragraph": "text\n[p]: /not-a-definition\n\n[p]: /yes\n",
    "titles": "[t1]: /u 'one'\n[t2]: </u v> \"two\"\n[t3]: /u\n  (three)\n",
    "not definitions": "    [code]: /u\n\n```\n[fence]: /u\n```\n\n<div>\n[html]: /u\n</div>\n",
    "empty label": "[]: /u\n[ ]: /v\n",
    "in a table cell": "| a |\n| - |\n| [c]: /u |\n",
    "crlf": "[a]: /u\r\n[b]: /v\r\n",
    "front matter": "---\ntitle: x\n---\n[f]: /u\n",
}


def _mistune(text: str) -> dict:
    md = mistune.create_markdown(renderer=None, plugins=list(PLUGINS))
    _tokens, state = md.parse(text)
    return state.env.get("ref_links", {})


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_references_are_mistunes(name: str) -> None:
    text = TRICKY[name]
    expected = _mistune(text) if name != "front matter" else _mistune("\n\n\n" + text.split("---\n", 2)[2])
    assert parse(Source(text)).references == expected
    assert reference_definitions(Source(text)) == expected


def test_keyed_like_mistune() -> None:
    refs = parse(Source("[Foo  Bar]: /u 'T'\n[foo bar]: /v\n")).references
    assert refs == {"FOO BAR": {"url": "/u", "title": "T", "label": "Foo  Bar"}}


def test_references_follow_the_flavor() -> None:
    text = "{% comment %}\n\n[a]: /commented\n\n{% endcomment %}\n\n[a]: /kept\n"
    assert parse(Source(text)).references["A"]["url"] == "/commented"
    jekyll = named_flavor("jekyll")
    assert parse(Source(text), flavor=jekyll).references["A"]["url"] == "/kept"
    assert reference_definitions(Source(text), flavor=jekyll)["A"]["url"] == "/kept"


def test_references_in_a_container_of_the_flavor() -> None:
    text = '!!! note "N"\n    [n]: /in-note\n\n[n]: /after\n'
    mkdocs = named_flavor("mkdocs")
    assert parse(Source(text), flavor=mkdocs).references["N"]["url"] == "/in-note"
    assert reference_definitions(Source(text), flavor=mkdocs) == parse(Source(text), flavor=mkdocs).references
    assert "N" in parse(Source(text)).references  # plain CommonMark: the note is code, not a definition
    assert parse(Source(text)).references["N"]["url"] == "/after"


def test_without_front_matter_setting() -> None:
    text = "---\n[f]: /u\n---\n"
    expected = parse(Source(text), front_matter=False).references
    assert "F" in expected
    assert reference_definitions(Source(text), front_matter=False) == expected
