"""Simple front matter without ruamel.yaml's scanner: the common case, read fast.

Most front matter is a handful of ``key: value`` lines, sometimes a nested mapping or a
list::

    title: "Notes on PyTorch"
    date: 2015-01-01
    tags: [pytorch, 深度学习]
    params:
      authors:
        - squidfunk

ruamel.yaml's pure-Python scanner, parser and composer take about a millisecond for
that, more than parsing the Markdown of a short post. For text that is *only* such lines
(block mappings of plain keys; values plain, quoted without escapes, a flow list of
plain items, or on the lines below a nested mapping or a block list of such scalars;
blank lines), :func:`load` builds the node tree ruamel's composer would build, with the
same tags (ruamel's resolver), styles and positions, and hands it to ruamel's own
round-trip constructor: the data, its types and its line/column records (``data.lc``)
are ruamel's. Anything else (comments, continuation lines, escapes, ``:`` or ``#`` in a
value, anchors, tags, duplicate keys, an empty value, a mapping inside a list) returns
:data:`FALLBACK`, and the caller loads the text with ruamel as always, so every error
message is ruamel's. tests/test_fmsimple.py holds the two equal on generated front
matter and on every front matter of the fixtures.
"""

from __future__ import annotations

import re
import threading
from typing import Any

__all__ = ["FALLBACK", "load"]

#: :func:`load`'s answer for text outside the simple subset
FALLBACK: Any = object()

_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
#: a plain scalar in block context, kept well inside YAML's rules: no indicator first,
#: no ":" or "#" anywhere (so no "key: value" or comment inside), no tab
_PLAIN = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\t]*?"
#: a plain item of a flow list: also no "," "[" "]" "{" "}"
_ITEM = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\t,\[\]{}]*?"
_VALUE = (
    rf"(?P<plain>{_PLAIN})"
    r"|\"(?P<double>[^\"\\]*)\""
    r"|'(?P<single>[^']*)'"
    rf"|\[(?P<list>[ ]*(?:{_ITEM}[ ]*(?:,[ ]*{_ITEM}[ ]*)*)?)\]"
)
#: ``key: value``, or ``key:`` with its value (a mapping or a list) on the lines below
_KEY_LINE = re.compile(rf"(?P<key>{_KEY}):(?:[ ]+(?:{_VALUE}))?[ ]*")
#: ``- value`` (an item of a block list)
_ITEM_LINE = re.compile(rf"-[ ]+(?:{_VALUE})[ ]*")
_ITEM_AT = re.compile(rf"[ ]*({_ITEM})[ ]*(?:,|$)")

_LOCAL = threading.local()


def _tools() -> tuple[Any, Any, Any]:
    """(constructor, resolver, node module) of a round-trip loader of this thread."""
    tools = getattr(_LOCAL, "tools", None)
    if tools is None:
        from ruamel.yaml import YAML, nodes

        yaml = YAML(typ="rt", pure=True)
        tools = _LOCAL.tools = (yaml.constructor, yaml.resolver, nodes)
    return tools


class _Fallback(Exception):
    """The text is not simple front matter."""


def load(text: str) -> Any:
    """The data ruamel.yaml's round-trip loader makes of ``text`` (LF line breaks), or
    :data:`FALLBACK` when the text is not simple front matter."""
    if "\t" in text or "\r" in text or not text.strip():
        return FALLBACK
    lines = []  # (line number, indentation, the line)
    for number, line in enumerate(text.split("\n")):
        content = line.lstrip(" ")
        if content:
            if not line.isprintable():
                return FALLBACK
            lines.append((number, len(line) - len(content), line))
    if lines[0][1] != 0:
        return FALLBACK
    constructor, resolver, nodes = _tools()
    try:
        root, at = _Composer(lines, resolver, nodes).mapping(0, 0)
    except _Fallback:
        return FALLBACK
    if at != len(lines):
        return FALLBACK
    try:
        return constructor.construct_document(root)
    except Exception:  # anything ruamel would say about it, it says in the full load
        constructor.constructed_objects, constructor.recursive_objects = {}, {}
        constructor.state_generators, constructor.deep_construct = [], False
        return FALLBACK


class _Composer:
    """The nodes ruamel's composer makes of simple lines: block mappings of plain keys,
    block lists of scalars, scalars and flow lists of plain scalars."""

    def __init__(self, lines: list[tuple[int, int, str]], resolver: Any, nodes: Any) -> None:
        self.lines = lines
        self.resolver = resolver
        self.nodes = nodes
        from ruamel.yaml.error import StreamMark

        self.mark_type = StreamMark

    def mark(self, line: int, column: int) -> Any:
        return self.mark_type(None, 0, line, column)

    def scalar(self, value: str, line: int, column: int, style: str | None) -> Any:
        implicit = (True, False) if style is None else (False, True)
        tag = self.resolver.resolve(self.nodes.ScalarNode, value, implicit)
        at = self.mark(line, column)
        return self.nodes.ScalarNode(tag, value, at, at, style=style)

    def value(self, match: re.Match[str], line: int) -> Any:
        """The node of a matched ``_VALUE``."""
        if match.group("plain") is not None:
            return self.scalar(match.group("plain"), line, match.start("plain"), None)
        if match.group("double") is not None:
            return self.scalar(match.group("double"), line, match.start("double") - 1, '"')
        if match.group("single") is not None:
            return self.scalar(match.group("single"), line, match.start("single") - 1, "'")
        body, at = match.group("list"), match.start("list")
        items = []
        if body.strip(" "):
            items = [self.scalar(m.group(1), line, at + m.start(1), None) for m in _ITEM_AT.finditer(body)]
        start = self.mark(line, at - 1)
        return self.nodes.SequenceNode("tag:yaml.org,2002:seq", items, start, start, flow_style=True)

    def mapping(self, at: int, indent: int) -> tuple[Any, int]:
        """The block mapping whose keys stand at ``indent``, from line ``at``."""
        lines, pairs, keys = self.lines, [], set()
        first = self.mark(lines[at][0], indent)
        while at < len(lines) and lines[at][1] == indent:
            number, _indent, line = lines[at]
            match = _KEY_LINE.fullmatch(line, indent)
            if match is None:
                raise _Fallback
            key = match.group("key")
            if key in keys:
                raise _Fallback  # ruamel's duplicate-key error, from ruamel
            keys.add(key)
            key_node = self.scalar(key, number, indent, None)
            if str(key_node.tag) != "tag:yaml.org,2002:str":
                raise _Fallback  # "true:", "null:", "1:" are not string keys
            at += 1
            if match.lastindex is not None and match.lastindex > 1:  # a value on the line
                value_node = self.value(match, number)
            elif at < len(lines) and lines[at][1] > indent:
                if lines[at][2].startswith("-", lines[at][1]):
                    value_node, at = self.sequence(at, lines[at][1])
                else:
                    value_node, at = self.mapping(at, lines[at][1])
            elif at < len(lines) and lines[at][1] == indent and lines[at][2].startswith("-", indent):
                value_node, at = self.sequence(at, indent)  # a list at the key's own indentation
            else:
                raise _Fallback  # an empty value (null): ruamel places it oddly
            pairs.append((key_node, value_node))
        if at < len(lines) and lines[at][1] > indent:
            raise _Fallback
        return self.nodes.MappingNode("tag:yaml.org,2002:map", pairs, first, first, flow_style=False), at

    def sequence(self, at: int, indent: int) -> tuple[Any, int]:
        """The block list whose ``-`` stand at ``indent``, from line ``at``."""
        lines, items = self.lines, []
        first = self.mark(lines[at][0], indent)
        while at < len(lines) and lines[at][1] == indent and lines[at][2].startswith("-", indent):
            number, _indent, line = lines[at]
            match = _ITEM_LINE.fullmatch(line, indent)
            if match is None or match.group("list") is not None:
                raise _Fallback  # a nested list, a mapping in a list, an empty item
            items.append(self.value(match, number))
            at += 1
        if at < len(lines) and lines[at][1] > indent:
            raise _Fallback
        return self.nodes.SequenceNode("tag:yaml.org,2002:seq", items, first, first, flow_style=False), at
