"""Property: simple front matter read without ruamel's scanner (mdtidy.parsing.fmsimple)
is exactly what ruamel.yaml's round-trip loader makes of it: the same data, the same types
(dates, numbers, booleans, nulls, strings, lists), the same line/column records that the
FM rules report at, or a fallback to ruamel itself.

Deterministic (``derandomize=True``).
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdtidy.parsing import fmsimple
from mdtidy.parsing.fmyaml import canonical
from mdtidy.parsing.frontmatter import load_text, split_front_matter
from mdtidy.parsing.source import Source

ROOT = Path(__file__).resolve().parent.parent


def ruamel_load(text: str) -> tuple[bool, Any]:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return True, yaml.load(io.StringIO(text))
    except Exception:
        return False, None


def shape(data: Any) -> list[Any]:
    """Everything a rule can read of loaded data: types, values as text, positions."""
    out: list[Any] = [type(data).__name__, str(data)]
    if isinstance(data, dict):
        out.append(("map", data.lc.line, data.lc.col))
        for key, value in data.items():
            out.append((key, type(key).__name__, data.lc.key(key), data.lc.value(key)))
            out += shape(value)
    elif isinstance(data, list):
        out.append(("seq", data.lc.line, data.lc.col, data.fa.flow_style()))
        for i, value in enumerate(data):
            out.append((i, data.lc.item(i)))
            out += shape(value)
    return out


def assert_same(text: str) -> bool:
    """Checks the fast reading against ruamel's; whether the fast one applied."""
    fast = fmsimple.load(text)
    if fast is fmsimple.FALLBACK:
        return False
    ok, data = ruamel_load(text)
    assert ok, f"fast path accepted what ruamel refuses: {text!r}"
    assert canonical(fast) == canonical(data)
    assert shape(fast) == shape(data)
    return True


VALUES = [
    "2015-01-01",
    "2015-01-01 10:20:30",
    "2015-01-01T10:20:30+08:00",
    "2015-1-1",
    "1",
    "-1",
    "+1",
    "0x1F",
    "0o17",
    "017",
    "1_000",
    "1.5",
    "1e3",
    ".inf",
    "-.inf",
    ".nan",
    "true",
    "false",
    "True",
    "yes",
    "no",
    "on",
    "off",
    "~",
    "null",
    "Null",
    "NULL",
    "some words",
    "Notes on PyTorch, part 0",
    "深度学习 笔记",
    "a.b/c?d=e&f",
    "x y ",
    '"quoted"',
    "'single'",
    "\"with 'inner'\"",
    "'with \"inner\"'",
    '"2015-01-01"',
    "'true'",
    '""',
    "''",
    "[]",
    "[a, b]",
    "[pytorch, 深度学习]",
    "[ a ,b ]",
    "[1, 2.5, true, null, 2015-01-01]",
    "[a,]",
    "[a b, c]",
    "a: b",
    "a #b",
    "a#b",
    "@at",
    "`tick`",
    "!tag",
    "&anchor",
    "*alias",
    "|",
    ">",
    "- item",
    "-x",
    "?q",
    "%p",
    "{a: b}",
    "",
]
KEYS = ["title", "date", "tags", "layout", "draft", "true", "null", "on", "1", "a-b", "_x", "Key_2", "y"]


def _value(draw: st.DrawFn) -> str:
    """Mostly a value the fast path takes (each a YAML type trap), sometimes anything."""
    if draw(st.integers(0, 4)):
        return draw(st.sampled_from([v for v in VALUES if fmsimple.load(f"k: {v}") is not fmsimple.FALLBACK]))
    return draw(st.one_of(st.sampled_from(VALUES), st.text(alphabet="ab 1:#,[]'\"-.", max_size=6)))


@st.composite
def block(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """Lines of a block mapping at ``indent``: simple lines, nested mappings and lists."""
    pad = " " * indent
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 29))
        if kind == 0:
            lines.append(
                draw(st.sampled_from(["", "  ", "# comment", pad + "  odd: 1", pad + "- item", pad + "x"]))
            )
            continue
        # mostly keys of its own (a repeated key is ruamel's error), sometimes a trap
        key = draw(st.sampled_from(KEYS)) if kind % 5 == 0 else f"key{draw(st.integers(0, 99))}"
        if kind <= 6 and depth < 3:  # a nested mapping
            lines.append(f"{pad}{key}:" + draw(st.sampled_from(["", " "])))
            lines += draw(block(indent + draw(st.sampled_from([2, 2, 4, 1])), depth + 1))
            continue
        if kind <= 12:  # a block list, indented or at the key's own indentation
            lines.append(f"{pad}{key}:")
            inner = pad + " " * draw(st.sampled_from([0, 2, 3]))
            for _ in range(draw(st.sampled_from([0, 1, 1, 2, 2, 3, 3]))):
                dash = draw(st.sampled_from(["- "] * 6 + ["-  ", "-", "- - "]))
                lines.append(f"{inner}{dash}{_value(draw)}" + draw(st.sampled_from(["", " "])))
            continue
        space = draw(st.sampled_from([" "] * 6 + ["  ", ""]))
        trail = draw(st.sampled_from(["", " ", "  "]))
        lines.append(f"{pad}{key}:{space}{_value(draw)}{trail}")
    return lines


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    return "\n".join(draw(block(0, 0))) + draw(st.sampled_from(["", "\n", "\n\n"]))


@settings(max_examples=1500, derandomize=True, deadline=None)
@given(front_matter())
def test_simple_front_matter_reads_as_ruamel_reads_it(text: str) -> None:
    assert_same(text)


def test_the_fast_path_applies_to_the_common_forms() -> None:
    """So the property above is not vacuous: these all take the fast path."""
    for text in [
        "title: Notes\ndate: 2015-01-01\ntags: [pytorch, 深度学习]\n",
        'title: "A: quoted"\ndraft: false\n',
        "categories: []\nkeywords: []\nweight: 10\n",
        "params:\n  functions:\n    aliases: [warnf]\n    returnType: string\nauthors:\n  - squidfunk\n",
        "categories:\n- Blog\n- News\ndate: 2024-01-01\n",
    ]:
        assert assert_same(text), text


def test_every_front_matter_of_the_fixtures_reads_the_same() -> None:
    applied = 0
    paths = [*ROOT.glob("fixtures/**/*.md"), *ROOT.glob("fixtures/**/*.markdown")]
    for path in paths:
        source = Source(path.read_text(encoding="utf-8", errors="replace"))
        fm = split_front_matter(source)
        if fm is not None:
            applied += assert_same(fm.text.replace("\r\n", "\n").replace("\r", "\n"))
    assert applied >= 10


@pytest.mark.parametrize(
    "text",
    ["title: a\ntitle: b\n", "title:\n", "title: a\n  b\n", "a: 1 # note\n", "x: 'it''s'\n", 'x: "\\t"\n'],
)
def test_outside_the_subset_ruamel_decides(text: str) -> None:
    """Duplicate keys, empty values, continuation lines, comments, escapes: ruamel's
    answer (and error message) through load_text."""
    assert fmsimple.load(text) is fmsimple.FALLBACK
    loaded = load_text(text)
    ok, data = ruamel_load(text)
    assert (loaded.error is None) == ok
    if ok:
        assert canonical(loaded.data) == canonical(data)
