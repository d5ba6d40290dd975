"""Helpers for the front-matter rules (FM002-FM005): YAML with file positions, typed
comparison of loaded data, and verification of an edit by loading the result again.

Front matter is only ever changed by a fix whose result has been re-loaded with
ruamel.yaml and compared, value by value and type by type, with what was there before.
Positions are (line, column) in the front matter's YAML text (line 0 is the file's line
after the opening ``---``); :meth:`FrontMatterYaml.offset` turns them into offsets of the
file's text (the BOM is not part of the text; CRLF and CR files map one line to one line).
"""

from __future__ import annotations

import datetime
import io
import warnings
from dataclasses import dataclass, field
from typing import Any

from mdtidy.parsing.frontmatter import FrontMatter, load_text
from mdtidy.parsing.parse import Document
from mdtidy.parsing.source import Source

__all__ = ["FrontMatterYaml", "Scalar", "canonical", "front_matter_yaml", "load_yaml", "plain_is_string"]

#: line breaks ruamel.yaml counts that :class:`~mdtidy.parsing.source.Source` does not
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")
_STYLES = {None: "plain", "": "plain", "'": "single", '"': "double", "|": "literal", ">": "folded"}
_STR_TAG = "tag:yaml.org,2002:str"


def load_yaml(text: str) -> tuple[bool, Any]:
    """``(True, data)`` when ``text`` (LF line breaks) loads as round-trip YAML, else ``(False, None)``.

    Any failure to load means "not the same data". The data may be shared with other
    loads of the same text (see :func:`~mdtidy.parsing.frontmatter.load_text`).
    """
    loaded = load_text(text)
    return loaded.error is None, loaded.data


def canonical(obj: Any, _seen: frozenset[int] = frozenset()) -> Any:
    """A comparable form of loaded YAML that keeps every value's type and the key order.

    ``"1.0"`` (a string) and ``1.0`` (a float) differ, so do ``"true"`` and ``true``, a
    date and the string of it, ``null`` and ``""``.
    """
    if id(obj) in _seen:
        return ("cycle",)
    if isinstance(obj, dict):
        seen = _seen | {id(obj)}
        return ("map", tuple((canonical(k, seen), canonical(v, seen)) for k, v in obj.items()))
    if isinstance(obj, (list, tuple)):
        seen = _seen | {id(obj)}
        return ("seq", tuple(canonical(v, seen) for v in obj))
    if obj is None:
        return ("null",)
    if isinstance(obj, bool):
        return ("bool", bool(obj))
    if isinstance(obj, int):
        return ("int", int(obj))
    if isinstance(obj, float):
        return ("float", repr(float(obj)))
    if isinstance(obj, str):
        return ("str", str(obj))
    if isinstance(obj, datetime.datetime):
        extra = getattr(obj, "_yaml", None)
        return ("datetime", obj.isoformat(), repr(sorted(extra.items())) if isinstance(extra, dict) else "")
    if isinstance(obj, datetime.date):
        return ("date", obj.isoformat())
    if isinstance(obj, bytes):
        return ("binary", bytes(obj))
    if isinstance(obj, (set, frozenset)):
        return ("set", tuple(sorted(repr(canonical(v, _seen)) for v in obj)))
    return (type(obj).__name__, repr(obj))


def plain_is_string(text: str) -> bool:
    """Whether ``text`` written as a plain scalar is a string under YAML 1.2 *and* 1.1.

    Jekyll reads front matter as YAML 1.1 (``yes``, ``on``, ``1:20``, ``0777`` are not
    strings there), ruamel.yaml as 1.2: a plain scalar is only a string if both agree.
    """
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    for version in ((1, 1), (1, 2)):
        tag = VersionedResolver(version=version).resolve(ScalarNode, text, (True, False))
        if str(getattr(tag, "value", tag)) != _STR_TAG:
            return False
    return True


@dataclass(frozen=True)
class Scalar:
    """A scalar of the front matter as the YAML parser saw it; positions are YAML (line, column)."""

    role: str  # "key" or "value"
    style: str  # "plain", "single", "double", "literal" or "folded"
    value: str  # the scalar's value (escapes resolved)
    line: int
    column: int
    end_line: int
    end_column: int
    decorated: bool  # has an anchor or an explicit tag
    flow: bool  # inside a flow collection ([...] or {...})


@dataclass
class FrontMatterYaml:
    """Valid front matter (a mapping or empty) with what the FM rules need to edit it."""

    fm: FrontMatter
    source: Source
    text: str  # the YAML with LF line breaks
    lines: list[str] = field(init=False)
    canonical: Any = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")
        self.canonical = canonical(self.fm.data)

    @property
    def first(self) -> int:
        """0-based file line of YAML line 0."""
        return self.fm.start_line

    def offset(self, line: int, column: int = 0) -> int:
        """File offset of a YAML (line, column)."""
        return self.source.line_starts[self.first + line] + column

    def replaced(self, edits: dict[int, list[tuple[int, int, str]]]) -> str:
        """The YAML text with ``{line: [(start_col, end_col, new), ...]}`` applied."""
        lines = list(self.lines)
        for line, items in edits.items():
            text = lines[line]
            for start, end, new in sorted(items, reverse=True):
                text = text[:start] + new + text[end:]
            lines[line] = text
        return "\n".join(lines)

    def loads_same(self, text: str) -> bool | None:
        """``True`` when ``text`` loads to the same data, ``False`` when to other data,
        ``None`` when it does not load at all."""
        ok, data = load_yaml(text)
        if not ok:
            return None
        return canonical(data) == self.canonical

    def scalars(self) -> list[Scalar]:
        """Every scalar of the front matter, in document order."""
        from ruamel.yaml import YAML

        out: list[Scalar] = []
        stack: list[list[Any]] = []  # [kind, expecting_key, flow]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for event in YAML(typ="rt", pure=True).parse(io.StringIO(self.text)):
                    kind = type(event).__name__
                    role = "value"
                    node = kind in ("ScalarEvent", "AliasEvent", "MappingStartEvent", "SequenceStartEvent")
                    if node and stack and stack[-1][0] == "map":
                        role = "key" if stack[-1][1] else "value"
                        stack[-1][1] = not stack[-1][1]
                    if kind == "ScalarEvent":
                        start, end = event.start_mark, event.end_mark
                        out.append(
                            Scalar(
                                role=role,
                                style=_STYLES.get(event.style, str(event.style)),
                                value=event.value,
                                line=start.line,
                                column=start.column,
                                end_line=end.line,
                                end_column=end.column,
                                decorated=event.anchor is not None or event.tag is not None,
                                flow=any(item[2] for item in stack),
                            )
                        )
                    elif kind == "MappingStartEvent":
                        stack.append(["map", True, bool(event.flow_style)])
                    elif kind == "SequenceStartEvent":
                        stack.append(["seq", False, bool(event.flow_style)])
                    elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                        stack.pop()
        except Exception:  # the front matter loaded, so this is not expected; no scalars then
            return []
        return out


def front_matter_yaml(doc: Document) -> FrontMatterYaml | None:
    """The document's front matter if the FM rules may look at it.

    ``None`` when there is none, when FM001 reports it (invalid YAML, duplicate keys,
    not a mapping) or when it contains line breaks that ruamel.yaml and mdtidy count
    differently (NEL, U+2028, U+2029): no finding is better than a misplaced one.
    """
    fm = doc.front_matter
    if fm is None or not fm.ok or not (fm.data is None or isinstance(fm.data, dict)):
        return None
    if any(ch in fm.text for ch in _ODD_BREAKS):
        return None
    text = fm.text.replace("\r\n", "\n").replace("\r", "\n")
    view = FrontMatterYaml(fm, doc.source, text)
    body = range(fm.start_line, fm.end_line - 1)  # 0-based file lines of the YAML
    if len(view.lines) != len(body) + 1 or any(
        view.lines[i] != doc.source.line(n) for i, n in enumerate(body)
    ):
        return None  # pragma: no cover - the split guarantees this; never guess positions
    return view
