"""Simple front matter without ruamel.yaml's scanner: the common case, read fast.

Most front matter is a handful of ``key: value`` lines::

    title: "Notes on PyTorch"
    date: 2015-01-01
    tags: [pytorch, 深度学习]

ruamel.yaml's pure-Python scanner, parser and composer take about a millisecond for
that, more than parsing the Markdown of a short post. For text that is *only* such lines
(plain keys at the left margin; values plain, quoted without escapes, or a flow list of
plain items; blank lines), :func:`load` builds the node tree ruamel's composer would
build, with the same tags (ruamel's resolver), styles and positions, and hands it to
ruamel's own round-trip constructor: the data, its types and its line/column records
(``data.lc``) are ruamel's. Anything else (comments, nesting, block lists, escapes,
``:`` or ``#`` in a value, anchors, tags, duplicate keys, an empty value) returns
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
_LINE = re.compile(
    rf"(?P<key>{_KEY}):[ ]+(?:"
    rf"(?P<plain>{_PLAIN})"
    r"|\"(?P<double>[^\"\\]*)\""
    r"|'(?P<single>[^']*)'"
    rf"|\[(?P<list>[ ]*(?:{_ITEM}[ ]*(?:,[ ]*{_ITEM}[ ]*)*)?)\]"
    r")[ ]*"
)
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


def load(text: str) -> Any:
    """The data ruamel.yaml's round-trip loader makes of ``text`` (LF line breaks), or
    :data:`FALLBACK` when the text is not simple front matter."""
    if "\t" in text or "\r" in text or not text.strip():
        return FALLBACK
    lines = text.split("\n")
    found = []
    for number, line in enumerate(lines):
        if not line.strip(" "):
            continue
        match = _LINE.fullmatch(line)
        if match is None or not line.isprintable():
            return FALLBACK
        found.append((number, match))
    constructor, resolver, nodes = _tools()
    from ruamel.yaml.error import StreamMark

    def mark(line: int, column: int) -> Any:
        return StreamMark(None, 0, line, column)

    def scalar(value: str, line: int, column: int, style: str | None) -> Any:
        implicit = (True, False) if style is None else (False, True)
        tag = resolver.resolve(nodes.ScalarNode, value, implicit)
        at = mark(line, column)
        return nodes.ScalarNode(tag, value, at, at, style=style)

    pairs = []
    keys = set()
    for number, match in found:
        key = match.group("key")
        if key in keys:
            return FALLBACK  # ruamel's duplicate-key error, from ruamel
        keys.add(key)
        key_node = scalar(key, number, 0, None)
        if str(key_node.tag) != "tag:yaml.org,2002:str":
            return FALLBACK  # "true:", "null:", "1:" are not string keys
        if match.group("plain") is not None:
            value_node = scalar(match.group("plain"), number, match.start("plain"), None)
        elif match.group("double") is not None:
            value_node = scalar(match.group("double"), number, match.start("double") - 1, '"')
        elif match.group("single") is not None:
            value_node = scalar(match.group("single"), number, match.start("single") - 1, "'")
        else:
            body, at = match.group("list"), match.start("list")
            items = []
            if body.strip(" "):
                for item in _ITEM_AT.finditer(body):
                    items.append(scalar(item.group(1), number, at + item.start(1), None))
            value_node = nodes.SequenceNode(
                "tag:yaml.org,2002:seq", items, mark(number, at - 1), mark(number, at - 1), flow_style=True
            )
        pairs.append((key_node, value_node))
    first = mark(found[0][0], 0)
    root = nodes.MappingNode("tag:yaml.org,2002:map", pairs, first, first, flow_style=False)
    try:
        return constructor.construct_document(root)
    except Exception:  # anything ruamel would say about it, it says in the full load
        constructor.constructed_objects, constructor.recursive_objects = {}, {}
        constructor.state_generators, constructor.deep_construct = [], False
        return FALLBACK
