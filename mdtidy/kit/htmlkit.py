"""Raw HTML as written: the tags of an HTML block or of inline HTML, with their attributes.

mistune keeps inline HTML and HTML blocks as raw text. :func:`tags` reads the start and
end tags in a range of the document with exact offsets (comments, declarations,
processing instructions and CDATA are skipped whole), for rules about HTML (``<img>``
without ``alt``) and for rules that must leave attribute values such as URLs alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from mdtidy.parsing.parse import Document

__all__ = ["URL_ATTRIBUTES", "Attr", "Tag", "document_tags", "tags"]

#: attributes whose value is a URL (HTML 4/5), lower case
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "cite", "data", "formaction", "poster", "background", "longdesc"}
)

_SKIP = re.compile(
    r"<!--(?:.*?-->|.*\Z)|<!\[CDATA\[(?:.*?\]\]>|.*\Z)|<![^>]*>?|<\?(?:.*?\?>|.*\Z)", re.DOTALL
)
_OPEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_ATTR = re.compile(r"""\s+([A-Za-z_:][A-Za-z0-9_.:-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_CLOSE = re.compile(r"\s*/?>")


@dataclass
class Attr:
    """An attribute as written; ``value`` is ``None`` for a bare attribute (``<img alt>``)."""

    name: str  # lower case
    value: str | None
    #: offsets of the value without its quotes (``value_start == value_end`` when empty or bare)
    value_start: int
    value_end: int


@dataclass
class Tag:
    """A start or end tag: ``text[start:end]`` is ``<name …>``."""

    name: str  # lower case
    start: int
    end: int
    closing: bool = False
    attrs: list[Attr] = field(default_factory=list)

    def attr(self, name: str) -> Attr | None:
        """The first attribute called ``name`` (lower case), if any."""
        return next((a for a in self.attrs if a.name == name), None)


def tags(text: str, start: int, end: int) -> Iterator[Tag]:
    """Every complete start or end tag in ``text[start:end]``, in order."""
    pos = start
    while pos < end:
        lt = text.find("<", pos, end)
        if lt < 0:
            return
        skip = _SKIP.match(text, lt, end)
        if skip is not None:
            pos = max(skip.end(), lt + 1)
            continue
        opening = _OPEN.match(text, lt, end)
        if opening is None:
            pos = lt + 1
            continue
        at = opening.end()
        attrs = []
        while (m := _ATTR.match(text, at, end)) is not None:
            if m.group(2) is None:
                attrs.append(Attr(m.group(1).lower(), None, m.end(), m.end()))
            else:
                v_start, v_end = m.span(2)
                if text[v_start] in "\"'":
                    v_start, v_end = v_start + 1, v_end - 1
                attrs.append(Attr(m.group(1).lower(), text[v_start:v_end], v_start, v_end))
            at = m.end()
        close = _CLOSE.match(text, at, end)
        if close is None:
            pos = lt + 1
            continue
        yield Tag(opening.group(2).lower(), lt, close.end(), bool(opening.group(1)), attrs)
        pos = close.end()


def document_tags(doc: Document) -> Iterator[Tag]:
    """The tags of every HTML block and every inline HTML of ``doc``, in document order."""
    found = [tag for s, e in doc.html_spans() for tag in tags(doc.text, s, e)]
    found.sort(key=lambda t: t.start)
    yield from found
