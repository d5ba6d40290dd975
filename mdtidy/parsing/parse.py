"""Markdown → positioned AST, on top of mistune 3.4: the model, and :func:`parse`.

mistune keeps no source positions. This module adds them without forking it
(see ``shared/notes/mistune-positions.md`` for the approach and its traps):

* every :class:`BlockState` knows the original line of its own first line.  A child
  state (block quote, list item) always parses consecutive parent lines one for one,
  and mistune only rewrites the *leading* part of a child line (``>``, list markers,
  tab expansion), so column ``c`` of a child line maps to
  ``len(original_line) - (len(child_line) - c)`` at any depth;
* block token ranges come from ``parse_method`` (match start → returned cursor),
  paragraphs from ``add_paragraph``/``append_paragraph`` as *segments*;
* inline links, autolinks and bare URLs get their spans from ``parse_method`` and a
  re-implementation of the tiny ``parse_link_close`` loop;
* front matter is blanked (not removed) before parsing, so line numbers never shift.

The result is a :class:`Document`: block :class:`Node` objects with 1-based line
ranges and character offsets into :attr:`Source.text`, and every :class:`Link`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mdtidy.parsing.dialects import OPAQUE_BLOCKS, OPAQUE_INLINES
from mdtidy.parsing.flavors import Flavor, named_flavor
from mdtidy.parsing.frontmatter import FrontMatter
from mdtidy.parsing.mask import Region
from mdtidy.parsing.source import Source

__all__ = ["Document", "Inline", "Link", "Node", "Region", "parse", "reference_definitions"]

#: mistune's own nesting bound; deeper input becomes paragraph text, never a RecursionError.
MAX_NESTED_LEVEL = 20


# --------------------------------------------------------------------------- public model


@dataclass(eq=False)
class Inline:
    """An inline token; ``start``/``end`` are offsets into the source when known."""

    type: str
    start: int | None = None
    end: int | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    children: list[Inline] = field(default_factory=list)
    raw: str | None = None

    def walk(self) -> Iterator[Inline]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(eq=False)
class Node:
    """A block: 1-based inclusive line range and character offsets into the source."""

    type: str
    start_line: int
    end_line: int
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    inlines: list[Inline] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)
    raw: str | None = None

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def content_children(self) -> list[Node]:
        return [c for c in self.children if c.type != "blank_line"]


@dataclass(eq=False)
class Link:
    """A link target as written: inline, reference, autolink, bare URL or definition."""

    kind: str  # "inline" | "reference" | "autolink" | "bare" | "definition"
    image: bool
    url: str  # the URL exactly as written in the source ("" for reference uses)
    url_start: int | None
    url_end: int | None
    start: int
    end: int
    block: Node | None = field(default=None, repr=False)
    label: str | None = None


class _Index:
    """One walk over a document's tree: every node and inline token, by type."""

    __slots__ = ("by_type", "filtered", "inlines", "inlines_by_type", "nodes")

    def __init__(self, roots: list[Node]) -> None:
        self.nodes: list[Node] = []
        self.by_type: dict[str, list[Node]] = {}
        self.inlines: list[tuple[Node, Inline]] = []
        self.filtered: dict[tuple[str, ...], list[Node]] = {}
        self.inlines_by_type: dict[tuple[str, ...], list[tuple[Node, Inline]]] = {}
        for root in roots:
            self._visit(root)

    def _visit(self, node: Node) -> None:
        self.nodes.append(node)
        self.by_type.setdefault(node.type, []).append(node)
        if node.inlines:
            self._visit_inlines(node, node.inlines)
        for child in node.children:
            self._visit(child)

    def _visit_inlines(self, node: Node, items: list[Inline]) -> None:
        for item in items:
            self.inlines.append((node, item))
            if item.children:
                self._visit_inlines(node, item.children)


@dataclass(eq=False)
class Document:
    source: Source
    front_matter: FrontMatter | None
    nodes: list[Node]
    links: list[Link]
    code_spans: list[tuple[int, int]]
    #: opaque regions (math, templating, extensions), sorted: no rule reports inside
    #: them and no fix edits them (the engine enforces both)
    opaque: list[Region] = field(default_factory=list)
    flavor: Flavor = field(default_factory=lambda: named_flavor("commonmark"))
    #: the reference definitions as mistune keeps them (its ``state.env["ref_links"]``):
    #: ``unikey(label)`` → ``{"url", "label"[, "title"]}`` of the first definition of each
    #: label in mistune's parse order (which puts a list item's content after the blocks
    #: that follow the list). Shared: do not modify.
    references: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: mistune's top-level block tokens and env as the parse left them, for the rendering
    #: guard's page (:func:`mdtidy.parsing.render.page_of`); rules do not read them
    blocks: tuple[list[dict[str, Any]], dict[str, Any]] | None = field(default=None, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}  # caches are rebuilt

    def opaque_at(self, pos: int) -> Region | None:
        """The opaque region holding offset ``pos`` (``start <= pos < end``), if any."""
        i = bisect_right(self._opaque_starts, pos) - 1
        while i >= 0:
            region = self.opaque[i]
            if region.start <= pos < region.end:
                return region
            if region.end <= pos and i > 0 and self._opaque_max_end[i - 1] <= pos:
                return None
            i -= 1
        return None

    def overlaps_opaque(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a character with an opaque region."""
        i = bisect_right(self._opaque_starts, max(start, end - 1)) - 1
        while i >= 0:
            region = self.opaque[i]
            if region.start < end and start < region.end:
                return True
            if self._opaque_max_end[i] <= start:
                return False
            i -= 1
        return False

    def opaque_overlapping(self, start: int, end: int) -> list[Region]:
        """The opaque regions an edit of ``[start, end)`` touches: those sharing a
        character with it, or, for an insertion (``start == end``), those it falls
        strictly inside."""
        if not self.opaque:
            return []
        found = []
        i = bisect_right(self._opaque_starts, max(start, end - 1)) - 1
        while i >= 0:
            region = self.opaque[i]
            if start == end:
                if region.start < start < region.end:
                    found.append(region)
            elif region.start < end and start < region.end:
                found.append(region)
            if self._opaque_max_end[i] <= start:
                break
            i -= 1
        return found

    @property
    def _opaque_starts(self) -> list[int]:
        cached = self.__dict__.get("_starts")
        if cached is None or len(cached) != len(self.opaque):
            cached = [r.start for r in self.opaque]
            ends, top = [], -1
            for r in self.opaque:
                top = max(top, r.end)
                ends.append(top)
            self.__dict__["_starts"], self.__dict__["_max_end"] = cached, ends
        return cached

    @property
    def _opaque_max_end(self) -> list[int]:
        self._opaque_starts  # noqa: B018 - fills the cache
        return self.__dict__["_max_end"]

    # ------------------------------------------------------------------ the index
    #
    # What rules ask for, built once per document on first use by one walk over the
    # tree (a parsed document never changes). The lists are shared: do not modify them.

    def walk(self) -> Iterator[Node]:
        """Every block node, parents before their children, in document order."""
        return iter(self._index().nodes)

    def all_nodes(self) -> list[Node]:
        """Every block node in :meth:`walk` order."""
        return self._index().nodes

    def nodes_of(self, *types: str) -> list[Node]:
        """The block nodes of these types, in :meth:`walk` order (``doc.nodes_of("heading")``)."""
        index = self._index()
        if len(types) == 1:
            return index.by_type.get(types[0], [])
        found = index.filtered.get(types)
        if found is None:
            found = index.filtered[types] = [n for n in index.nodes if n.type in types]
        return found

    def inline_items(self) -> list[tuple[Node, Inline]]:
        """Every inline token with its block: blocks in :meth:`walk` order, each block's
        inlines depth first (a token before its children)."""
        return self._index().inlines

    def inlines_of(self, *types: str) -> list[tuple[Node, Inline]]:
        """The inline tokens of these types with their blocks, in :meth:`inline_items` order."""
        index = self._index()
        found = index.inlines_by_type.get(types)
        if found is None:
            found = index.inlines_by_type[types] = [p for p in index.inlines if p[1].type in types]
        return found

    def _index(self) -> _Index:
        index = self.__dict__.get("_tree_index")
        if index is None:
            index = self.__dict__["_tree_index"] = _Index(self.nodes)
        return index

    def html_spans(self) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of every HTML block and every inline HTML with a known span."""
        cached = self.__dict__.get("_html_spans")
        if cached is None:
            cached = []
            items = self.inlines_of("inline_html")
            at = 0
            for node in self._index().nodes:
                if node.type == "block_html":
                    cached.append((node.start, node.end))
                while at < len(items) and items[at][0] is node:
                    item = items[at][1]
                    if item.start is not None and item.end is not None:
                        cached.append((item.start, item.end))
                    at += 1
            self.__dict__["_html_spans"] = cached
        return iter(cached)

    @property
    def text(self) -> str:
        return self.source.text


# --------------------------------------------------------------------------- parsing


def parse(source: Source, *, front_matter: bool = True, flavor: Flavor | None = None) -> Document:
    """Parse a decoded source into a positioned :class:`Document`.

    ``flavor`` (default: plain CommonMark with GFM tables) says which dialect's
    constructs to understand; they become :attr:`Document.opaque` regions. The work is
    :mod:`mdtidy.parsing.positioned`'s, imported on the first parse (with mistune): a run
    whose files all come from the cache never loads them.
    """
    from mdtidy.parsing.positioned import build

    flavor = flavor or named_flavor("commonmark")
    built = build(source, front_matter, flavor)
    doc = Document(
        source,
        built.front_matter,
        built.nodes,
        built.links,
        built.code_spans,
        flavor=flavor,
        references=built.references,
        blocks=built.blocks,
    )
    doc.opaque = _opaque_regions(doc, built.regions)
    if doc.opaque:  # a link made by templating is the template's, not a Markdown link
        doc.links = [link for link in doc.links if not _templated(doc, link)]
    return doc


def reference_definitions(
    source: Source, *, front_matter: bool = True, flavor: Flavor | None = None
) -> dict[str, dict[str, Any]]:
    """What :func:`parse` would give as :attr:`Document.references`, for the price of
    mistune's block parser alone (definitions are blocks) without the positions."""
    from mdtidy.parsing.positioned import _block_parse

    _fm, state, _regions = _block_parse(
        source, front_matter, flavor or named_flavor("commonmark"), positioned=False
    )
    return state.env.get("ref_links", {})


def _templated(doc: Document, link: Link) -> bool:
    if doc.overlaps_opaque(link.start, link.start + 1):
        return True
    if link.url_start is None or link.url_end is None:
        return False
    return doc.overlaps_opaque(link.url_start, max(link.url_end, link.url_start + 1))


def _opaque_regions(doc: Document, masked: list[Region]) -> list[Region]:
    """Every opaque region of a parsed document: the masked templating, the flavor's
    opaque tokens, container header lines and kramdown's TOC placeholder lists."""
    regions = list(masked)
    previous: Node | None = None
    for node in doc.walk():
        kind = OPAQUE_BLOCKS.get(node.type)
        if kind is not None:
            regions.append(Region(node.start, node.end, kind))
            if node.type == "kramdown_ial" and re.search(r"\btoc\b", node.raw or ""):
                # "* TOC" + "{:toc}": kramdown replaces the list with the table of contents
                toc = next((a for a in node.ancestors() if a.type == "list"), None)
                if toc is None and previous is not None and previous.type == "list":
                    toc = previous if previous.end_line == node.start_line - 1 else None
                if toc is not None:
                    regions.append(Region(toc.start, max(toc.end, node.end), "kramdown-toc"))
        header = node.attrs.get("header_span")
        if header is not None:
            regions.append(Region(header[0], header[1], node.type.replace("_", "-")))
        if node.type != "blank_line":
            previous = node
    for _node, item in doc.inlines_of(*OPAQUE_INLINES):
        if item.start is not None and item.end is not None:
            regions.append(Region(item.start, item.end, OPAQUE_INLINES[item.type]))
    if not regions:
        return regions
    return sorted(set(regions))
