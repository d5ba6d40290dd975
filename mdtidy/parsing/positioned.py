"""The positioned mistune behind :func:`mdtidy.parsing.parse.parse` (see its module
docstring for the approach): mistune's block and inline parsers subclassed to record
where every token starts and ends, and the conversion of their tokens into
:class:`~mdtidy.parsing.parse.Node`, :class:`~mdtidy.parsing.parse.Inline` and
:class:`~mdtidy.parsing.parse.Link` objects. Imported by the first parse, not by
importing the model, so a run served from the cache never loads mistune.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import Any, NamedTuple

import mistune
import mistune.list_parser as _list_parser
from mistune._inline.links import _close_bracket, _discard_brackets
from mistune.core import DEFAULT_MAX_NESTED_LEVEL as _DEFAULT_MAX_NESTED_LEVEL
from mistune.core import BlockState, InlineState
from mistune.helpers import ASCII_WHITESPACE as _ASCII_WHITESPACE
from mistune.helpers import _parse_link_href, _skip_link_start_whitespace
from mistune.plugins import import_plugin
from mistune.plugins.table import _is_escaped_pipe

from mdtidy.parsing.dialects import CONTAINERS, install
from mdtidy.parsing.flavors import Flavor
from mdtidy.parsing.frontmatter import FrontMatter, split_front_matter
from mdtidy.parsing.mask import Region, mask_flavor
from mdtidy.parsing.parse import MAX_NESTED_LEVEL, Inline, Link, Node
from mdtidy.parsing.render import PLUGINS
from mdtidy.parsing.source import Source

__all__ = ["Built", "build"]


# --------------------------------------------------------------------------- mistune subclasses


class _PosBlockState(BlockState):
    """A BlockState that knows which original line its line 0 is."""

    def __init__(self, parent: Any | None = None) -> None:
        super().__init__(parent)
        self.line_base = 0
        self.marker_line = 0
        self.marker_local = 0  # the marker's line in the *parent* state's source
        self._blank_cache: Any = None
        self.pending_child_line: int | None = None
        self.pending_marker_line: int | None = None
        self.appended = False
        self._line_starts: list[int] | None = None
        self.ctx: _Ctx = parent.ctx if parent is not None else None  # type: ignore[assignment]

    def child_state(self, src: str, lazy_line_starts: set[int] | None = None) -> BlockState:
        child = super().child_state(src, lazy_line_starts)
        assert isinstance(child, _PosBlockState)
        first = self.pending_child_line or 0
        marker = self.pending_marker_line
        self.pending_child_line = self.pending_marker_line = None
        child.line_base = self.line_base + first
        child.marker_local = first if marker is None else marker
        child.marker_line = self.line_base + child.marker_local
        self.ctx.child_states[id(child.tokens)] = child
        return child

    # paragraphs are recorded as segments of this state's source
    def add_paragraph(self, text: str) -> None:
        last = self.last_token()
        seg = (self.cursor, self.cursor + len(text))
        super().add_paragraph(text)
        if last is not None and last is self.last_token() and last["type"] == "paragraph":
            last.setdefault("_segs", []).append(seg)
        else:
            self.tokens[-1]["_segs"] = [seg]
            self.tokens[-1]["_state"] = self

    def append_paragraph(self) -> int | None:
        start = self.cursor
        pos = super().append_paragraph()
        if pos is not None:
            self.last_token()["_segs"].append((start, pos))
            self.appended = True
        return pos

    # positions
    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            # the start of every line: 0, then one past each "\n"
            starts = [0, *accumulate(len(line) + 1 for line in self.src.split("\n"))]
            starts.pop()
            self._line_starts = starts
        return self._line_starts

    def local_line(self, pos: int) -> int:
        return bisect_right(self._line_starts or self.line_starts, pos) - 1

    def orig_line(self, pos: int) -> int:
        """0-based original line of a position in this state's source."""
        return self.line_base + bisect_right(self._line_starts or self.line_starts, pos) - 1

    def skip_indent(self, pos: int) -> int:
        """First non-blank position at or after ``pos`` on the same line.

        Leading whitespace of a child line is what mistune rewrites (tab expansion,
        removed ``>``/list markers), so a position inside it has no exact original
        column; the first content character does.
        """
        src = self.src
        while pos < len(src) and src[pos] in " \t":
            pos += 1
        return pos

    def marker_offset(self) -> int | None:
        """Original offset of this child state's container marker (``>``, ``-``, ``1.``)."""
        parent = self.parent
        if not isinstance(parent, _PosBlockState):
            return None
        starts = parent.line_starts
        if self.marker_local >= len(starts):
            return None
        return parent.orig_offset(parent.skip_indent(starts[self.marker_local]))

    def orig_offset(self, pos: int) -> int:
        """Original character offset of a position in this state's source.

        Counted from the end of the line: ``orig_len - (distance to the line's end)``,
        clamped to the original line's content.
        """
        starts = self._line_starts or self.line_starts
        li = bisect_right(starts, pos) - 1
        line_end = starts[li + 1] - 1 if li + 1 < len(starts) else len(self.src)
        ctx = self.ctx
        line = self.line_base + li
        o_start, o_end, _ = ctx.spans[line if line < ctx.last_line else ctx.last_line]
        orig_len = o_end - o_start
        oc = orig_len - (line_end - pos)
        return o_start + (0 if oc < 0 else oc if oc < orig_len else orig_len)


class _Ctx:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.last_line = source.line_count() - 1
        self.spans = source.line_spans()
        # id(state) -> the reference definitions parsed in that state, in parse order
        self.definitions_by_state: dict[int, list[dict[str, Any]]] = {}
        self.child_states: dict[int, _PosBlockState] = {}


#: where ``mistune.block_parser._find_next_blank_line`` caches blank-line starts
_BLANK_CACHE_KEY = "__blank_line_starts__"


class _PosBlockParser(mistune.BlockParser):
    state_cls = _PosBlockState

    def parse_method(self, m: Any, state: BlockState) -> int | None:  # type: ignore[override]
        assert isinstance(state, _PosBlockState)
        n_before = len(state.tokens)
        last = state.last_token()
        state.appended = False
        end = super().parse_method(m, state)
        if not end:
            return end
        rule = m.lastgroup
        for tok in state.tokens[n_before:]:
            if "_pos" not in tok and "_segs" not in tok:
                tok["_pos"] = (m.start(), end)
                tok["_state"] = state
                if tok["type"] == "table":
                    tok["_piped"] = rule == "table"  # "| a |" rows, not "a | b" (nptable)
                if rule == "atx_heading":
                    group = m.group("atx_2")
                    text_start = m.start("atx_2") + len(group) - len(group.lstrip(string.whitespace))
                    tok["_segs"] = [(text_start, text_start + len(tok["text"]))]
        if (
            rule == "setex_heading"
            and last is not None
            and last is state.last_token()
            and last.get("style") == "setext"
        ):
            last["_underline_end"] = end
        if rule == "ref_link" and not state.appended and len(state.tokens) == n_before:
            self._record_definition(m, state, end)
        return end

    def parse_ref_link(self, m: Any, state: BlockState) -> int | None:
        # Fix (notes, bug 5): mistune keeps ONE blank-line cache in the shared ``env``
        # and rebuilds it whenever it is asked about a different state's source, so
        # alternating parent/child definitions ("> [b]: /u\n\n[c]: /u\n\n" x n) rescan
        # the whole document each time: quadratic. Give every state its own cache.
        assert isinstance(state, _PosBlockState)
        env = state.env
        env[_BLANK_CACHE_KEY] = state._blank_cache
        try:
            return super().parse_ref_link(m, state)
        finally:
            state._blank_cache = env.pop(_BLANK_CACHE_KEY, None)

    def _parse_indent_code_fast(self, state: BlockState) -> int | None:
        n_before = len(state.tokens)
        start = state.cursor
        end = super()._parse_indent_code_fast(state)
        if end is not None:
            for tok in state.tokens[n_before:]:
                if "_pos" not in tok and "_segs" not in tok:
                    tok["_pos"] = (start, end)
                    tok["_state"] = state
        return end

    def extract_block_quote(self, m: Any, state: BlockState) -> Any:
        assert isinstance(state, _PosBlockState)
        first = state.local_line(state.cursor)
        result = super().extract_block_quote(m, state)
        state.pending_child_line = first
        return result

    def _record_definition(self, m: Any, state: _PosBlockState, end: int) -> None:
        src = state.src
        start = _skip_link_start_whitespace(src, m.end())
        _href, href_end, _ = _parse_link_href(src, m.end(), block=True)
        if href_end is None:
            return
        if src.startswith("<", start):
            u_start, u_end = start + 1, href_end - 1
        else:
            u_start, u_end = start, href_end
        label_start = m.start("reflink_1")
        state.ctx.definitions_by_state.setdefault(id(state), []).append(
            {
                "label": m.group("reflink_1"),
                "url": src[u_start:u_end],
                "url_start": state.orig_offset(u_start),
                "url_end": state.orig_offset(u_end),
                "start": state.orig_offset(label_start - 1),
                "end": state.orig_offset(_content_end(src, end)),
                "start_line": state.orig_line(m.start()) + 1,
                "end_line": state.orig_line(_content_end(src, end)) + 1,
            }
        )


def _content_end(src: str, end: int) -> int:
    """Position of the last non-whitespace character's end in ``src[:end]``."""
    while end > 0 and src[end - 1] in " \t\n":
        end -= 1
    return end


_orig_collect = _list_parser._collect_list_item_lines


def _collect_list_item_lines(block: Any, list_item_re: Any, break_sc: Any, state: Any, text: str, width: int):
    """Remember which parent line a list item's child state starts at."""
    if not isinstance(state, _PosBlockState):
        return _orig_collect(block, list_item_re, break_sc, state, text, width)
    marker = state.local_line(state.cursor - 1)
    first = marker if text else state.local_line(state.cursor)
    result = _orig_collect(block, list_item_re, break_sc, state, text, width)
    state.pending_child_line = first
    state.pending_marker_line = marker
    return result


_list_parser._collect_list_item_lines = _collect_list_item_lines


_orig_break_sc = _list_parser._compile_list_break_sc
#: (leading width, (rule name, pattern) of each rule that breaks a list item) → the regex
_BREAK_SC: dict[tuple[int, tuple[tuple[str, str], ...]], re.Pattern[str]] = {}


def _compile_list_break_sc(block: Any, leading_width: int) -> re.Pattern[str]:
    """mistune's regex of what ends a list item, made once per set of rules and width.

    mistune builds and compiles it again for every list item (17% of parsing a long
    changelog of nested lists); it depends only on the rules' names and patterns and the
    width, which the key holds, so a parser whose rules change gets its own regex.
    """
    rules = _list_parser._get_list_break_rules(block)
    key = (leading_width, tuple((name, block.specification[name]) for name in rules))
    found = _BREAK_SC.get(key)
    if found is None:
        found = _BREAK_SC[key] = _orig_break_sc(block, leading_width)
    return found


_list_parser._compile_list_break_sc = _compile_list_break_sc


# mistune strips its own ``_autolink`` marker during emphasis processing; keep ours.
_AUTOLINK_RULES = {"auto_link": "autolink", "auto_email": "autolink", "url_link": "bare"}


#: inline rules whose children mistune parses from a copy of ``src[m.end():close]``, so
#: their spans are relative to that slice
_NESTED_FROM_MATCH_END = {"strikethrough"}


def _shift_spans(tokens: list[dict[str, Any]], delta: int) -> None:
    for tok in tokens:
        for key in ("_span", "_url"):
            if key in tok:
                a, b = tok[key]
                tok[key] = (a + delta, b + delta)
        _shift_spans(tok.get("children") or [], delta)


class _PosInlineParser(mistune.InlineParser):
    def parse_method(self, m: Any, state: InlineState) -> int | None:  # type: ignore[override]
        n_before = len(state.tokens)
        end = super().parse_method(m, state)
        if end:
            kind = _AUTOLINK_RULES.get(m.lastgroup or "")
            for tok in state.tokens[n_before:]:
                if "_span" not in tok:
                    tok["_span"] = (m.start(), end)
                    if kind and tok["type"] == "link":
                        tok["_kind"] = kind
                    if m.lastgroup in _NESTED_FROM_MATCH_END:
                        # Fix: "~~[a](u)~~" gave the link the span of "[a](u)" counted
                        # from the "~~" content, two characters too early.
                        _shift_spans(tok.get("children") or [], m.end())
        return end

    def parse_link_close(self, m: Any, state: InlineState) -> int:
        # Same loop as mistune._inline.links.parse_link_close, recording each link's span.
        pos = m.start()
        if not state.env.get("ref_links"):
            literal_end = m.end() - int(state.src.startswith("(", m.end()))
            if literal_end > pos:
                _discard_brackets(state, literal_end - pos)
                self.process_text(state.src[pos:literal_end], state)
                pos = literal_end
        while pos < m.end():
            if not state.brackets:
                self.process_text(state.src[pos : m.end()], state)
                return m.end()
            opener = state.brackets[-1]
            last = state.tokens[-1] if state.tokens else None
            new_pos = _close_bracket(self, state, pos)
            tok = state.tokens[-1] if state.tokens else None
            if tok is not None and tok is not last and tok["type"] in ("link", "image"):
                tok["_span"] = (opener.start - (2 if opener.image else 1), new_pos)
                if "ref" not in tok and state.src.startswith("(", pos + 1):
                    href_start = _skip_link_start_whitespace(state.src, pos + 2)
                    href_end = _href_end(state.src, pos + 2)
                    if href_end is not None:
                        if state.src.startswith("<", href_start):
                            tok["_url"] = (href_start + 1, href_end - 1)
                        else:
                            tok["_url"] = (href_start, href_end)
            pos = new_pos
        return pos


#: characters an unbracketed link destination runs on with (no white space or control
#: character, no parenthesis, no backslash)
_HREF_PLAIN = re.compile(r"[^\x00-\x20\x7f()\\]+")


def _href_end(src: str, start_pos: int) -> int | None:
    """``_parse_link_href(src, start_pos)[1]`` (where mistune's destination ends), with
    the runs of ordinary characters skipped by a regex instead of one by one."""
    pos = _skip_link_start_whitespace(src, start_pos)
    n = len(src)
    if pos >= n or src[pos] == "<":
        return _parse_link_href(src, start_pos)[1]
    level = 0
    while pos < n:
        plain = _HREF_PLAIN.match(src, pos)
        if plain is not None:
            pos = plain.end()
            if pos >= n:
                break
        c = src[pos]
        if c in _ASCII_WHITESPACE:
            break
        if ord(c) < 32 or c == "\x7f":
            return None
        if c == "\\" and pos + 1 < n and src[pos + 1] in string.punctuation:
            pos = min(pos + 2, n)
            continue
        if c == "(":
            level += 1
            if level > _DEFAULT_MAX_NESTED_LEVEL:
                return None
        elif c == ")":
            if level == 0:
                break
            level -= 1
        pos += 1
    return pos if level == 0 else None


@lru_cache(maxsize=32)
def _make_markdown(flavor: Flavor) -> mistune.Markdown:
    """A positioned mistune for ``flavor`` (parsers keep no per-document state)."""
    block = _PosBlockParser(max_nested_level=MAX_NESTED_LEVEL)
    inline = _PosInlineParser(max_nested_level=MAX_NESTED_LEVEL)
    md = mistune.Markdown(renderer=None, block=block, inline=inline)
    for name in PLUGINS:  # the same plugins as the rendered page (mdtidy.parsing.render)
        import_plugin(name)(md)  # type: ignore[arg-type]
    install(md, flavor)
    return md


def _table_cells(line: str, piped: bool) -> list[tuple[int, int]] | None:
    """(start, end) of each cell's stripped text in one table row, as mistune splits it.

    Mirrors ``mistune.plugins.table``: ``_strip_pipe_table_row`` (``| a | b |`` rows) or
    ``_strip_table_line`` (``a | b``), then ``_split_table_cells``.
    """
    end = len(line.rstrip("\n").rstrip(" \t"))
    start = 0
    if piped:
        if not line.startswith("|") and line.startswith((" ", "\t")):
            start = len(line) - len(line.lstrip(" "))
        if not line.startswith("|", start) or end - start < 2 or line[end - 1] != "|":
            return None
        start, end = start + 1, end - 1
    cells = []
    cell = start
    for pos in range(start, end + 1):
        if pos == end or (line[pos] == "|" and not _is_escaped_pipe(line[:end], pos)):
            a, b = cell, pos
            while a < b and line[a].isspace():  # mistune uses str.strip()
                a += 1
            while b > a and line[b - 1].isspace():
                b -= 1
            if a == b:  # an empty cell sits on the pipe before it (or after it): never on white space
                a = b = cell - 1 if cell > 0 and line[cell - 1] == "|" else pos
            cells.append((a, b))
            cell = pos + 1
    return cells


# --------------------------------------------------------------------------- conversion


#: block tokens that hold blocks
_CONTAINER_TYPES = frozenset(("list", "list_item", "block_quote", *CONTAINERS))


class _Builder:
    def __init__(self, md: mistune.Markdown, source: Source, env: Any, ctx: _Ctx) -> None:
        self.md = md
        self.source = source
        self.env = env
        self.ctx = ctx
        self.links: list[Link] = []
        self.code_spans: list[tuple[int, int]] = []

    def node_from(self, tok: dict[str, Any], parent: Node | None) -> Node | None:
        ttype = tok["type"]
        state: _PosBlockState | None = tok.get("_state")
        if ttype in _CONTAINER_TYPES:
            return self._container(tok, parent)
        if state is None:
            return None
        if "_pos" in tok:
            s, e = tok["_pos"]
        else:
            segs = tok["_segs"]
            s, e = segs[0][0], segs[-1][1]
        if "_underline_end" in tok:
            e = tok["_underline_end"]
        if ttype != "blank_line":
            e = max(s + 1, _content_end(state.src, e))
            # Fix: a leaf's first line may start with whitespace that mistune rewrote
            # (">\tfoo" gives the child line "  foo"), and mapping column 0 of it landed
            # on the ">" or inside the indentation. Start at the first content character.
            s = min(state.skip_indent(s), e - 1)
        start_line = state.orig_line(s)
        end_line = state.orig_line(max(s, e - 1))
        start = state.orig_offset(s)
        end = self.source.line_span(min(end_line, self.ctx.last_line))[1]
        attrs = tok.get("attrs")
        node = Node(
            type=ttype,
            start_line=start_line + 1,
            end_line=end_line + 1,
            start=start,
            end=max(start, end),
            attrs=dict(attrs) if attrs else {},
            parent=parent,
            raw=tok.get("raw"),
        )
        for key in ("style", "marker"):
            if key in tok:
                node.attrs[key] = tok[key]
        if "text" in tok and "_segs" in tok:
            node.inlines = self._inlines(tok, state, node)
        if ttype == "table":
            self._table(tok, state, node, tok["_pos"][0])
        return node

    def _table(self, tok: dict[str, Any], state: _PosBlockState, table: Node, pos: int) -> None:
        """Rows and cells of a table, each cell with its inlines at exact positions.

        mistune keeps no positions for cells and parses each cell's stripped text on its
        own. The cells are found again by splitting each row exactly as mistune does; a
        cell whose text differs from mistune's gets no inline positions (never wrong ones).
        """
        head, body = tok["children"]
        rows = [head, *body["children"]]
        table.attrs["aligns"] = [c["attrs"]["align"] for c in head["children"]]
        table.attrs["piped"] = tok.get("_piped", False)
        src = state.src
        lines = []
        while len(lines) < len(rows) + 1 and pos < len(src):
            nl = src.find("\n", pos)
            end = len(src) if nl < 0 else nl + 1
            lines.append((pos, src[pos:end]))
            pos = end
        if len(lines) != len(rows) + 1:
            return
        del lines[1]  # the delimiter row
        for row_tok, (line_start, line) in zip(rows, lines, strict=True):
            line_no = state.orig_line(line_start)
            o_end = self.source.line_span(line_no)[1]
            first = state.orig_offset(state.skip_indent(line_start))
            row = Node(
                "table_head" if row_tok is head else "table_row",
                line_no + 1,
                line_no + 1,
                first,
                o_end,
                parent=table,
            )
            table.children.append(row)
            spans = _table_cells(line, table.attrs["piped"]) or []
            cells = row_tok["children"]
            if len(spans) != len(cells):
                spans = []
            for i, cell_tok in enumerate(cells):
                text = cell_tok["text"]
                span = spans[i] if spans else None
                exact = span is not None and line[span[0] : span[1]] == text
                a, b = (line_start + span[0], line_start + span[1]) if span else (line_start, line_start)
                cell = Node(
                    "table_cell",
                    line_no + 1,
                    line_no + 1,
                    state.orig_offset(a) if span else first,
                    state.orig_offset(b) if span else first,
                    attrs=dict(cell_tok.get("attrs") or {}),
                    parent=row,
                )
                row.children.append(cell)
                if exact:
                    cell.inlines = self._cell_inlines(text, state, a, cell)
        table.end_line = max(table.end_line, *(r.end_line for r in table.children))

    def _cell_inlines(self, text: str, state: _PosBlockState, at: int, node: Node) -> list[Inline]:
        def to_orig(t: int) -> int:
            return state.orig_offset(at + min(t, len(text)))

        tokens = self.md.inline(text, self.env)
        return [self._inline(t, to_orig, node) for t in tokens]

    def _container(self, tok: dict[str, Any], parent: Node | None) -> Node | None:
        node = Node(type=tok["type"], start_line=0, end_line=0, start=0, end=0, parent=parent)
        node.attrs = dict(tok.get("attrs") or {})
        header = tok.get("_header")
        state: _PosBlockState | None = tok.get("_state")
        if header is not None and state is not None:  # an admonition's or a tab's first line
            node.attrs["header_span"] = (state.orig_offset(header[0]), state.orig_offset(header[1]))
        if "bullet" in tok:
            node.attrs["bullet"] = tok["bullet"]
            node.attrs["tight"] = tok.get("tight", True)
        for child in tok.get("children", []):
            built = self.node_from(child, node)
            if built is not None:
                node.children.append(built)
        child_state = self.ctx.child_states.get(id(tok.get("children")))
        if child_state is not None:
            # Fix: definitions used to be hoisted to the top level, leaving e.g.
            # "> [r]: /u" an empty block quote; they belong to their container.
            node.children.extend(self.definition_nodes(id(child_state), node))
        node.children.sort(key=lambda n: (n.start_line, n.start))
        real = [c for c in node.children if c.type != "blank_line"]
        if child_state is not None:
            first_line = child_state.marker_line
            content = child_state.src.rstrip()
            last_line = child_state.line_base + content.count("\n") if content else first_line
        elif real:
            first_line, last_line = real[0].start_line - 1, real[-1].end_line - 1
        elif header is not None and state is not None:  # a container with no body
            first_line = last_line = state.orig_line(header[0])
        else:
            return None
        if node.children:
            # Fix: this used to look at non-blank children only, so "> a\n>\n" gave a
            # block quote ending on line 1 with its blank_line child on line 2.
            last_line = max(last_line, max(c.end_line for c in node.children) - 1)
        node.start_line, node.end_line = first_line + 1, last_line + 1
        # Fix: the start used to be the first non-blank character of the first line,
        # which for "> - a" put the list item on the ">" and for "- > q" the block
        # quote on the "-". Use the container's own marker (a list: its first item's).
        marker = child_state.marker_offset() if child_state is not None else None
        if marker is None and node.type == "list" and real:
            marker = real[0].start
        if "header_span" in node.attrs:
            marker = node.attrs["header_span"][0]
        node.start = marker if marker is not None else self._first_content(first_line)
        node.end = self.source.line_span(last_line)[1]
        return node

    def definition_nodes(self, state_id: int, parent: Node | None) -> list[Node]:
        """Nodes (and links) for the reference definitions parsed in the state ``state_id``."""
        nodes = []
        for d in self.ctx.definitions_by_state.pop(state_id, []):
            block = Node(
                "definition",
                d["start_line"],
                d["end_line"],
                d["start"],
                d["end"],
                attrs={"label": d["label"]},
                parent=parent,
            )
            nodes.append(block)
            self.links.append(
                Link(
                    "definition",
                    False,
                    d["url"],
                    d["url_start"],
                    d["url_end"],
                    d["start"],
                    d["end"],
                    block=block,
                    label=d["label"],
                )
            )
        return nodes

    def _first_content(self, line: int) -> int:
        start, end, _ = self.source.line_span(line)
        text = self.source.text[start:end]
        return start + len(text) - len(text.lstrip())

    def _inlines(self, tok: dict[str, Any], state: _PosBlockState, node: Node) -> list[Inline]:
        text = tok["text"]
        stripped = text.lstrip(" \r\n\t\f")
        lead = len(text) - len(stripped)
        stripped = stripped.rstrip(" \r\n\t\f")
        segs = tok["_segs"]
        cum = []
        total = 0
        for a, b in segs:
            cum.append(total)
            total += b - a

        def to_orig(t: int) -> int:
            t += lead
            i = bisect_right(cum, t) - 1
            a, b = segs[i]
            return state.orig_offset(min(a + t - cum[i], b))

        tokens = self.md.inline(stripped, self.env)
        return [self._inline(t, to_orig, node) for t in tokens]

    def _inline(self, tok: dict[str, Any], to_orig: Any, node: Node) -> Inline:
        span = tok.get("_span")
        start = end = None
        if span is not None:
            start, end = to_orig(span[0]), to_orig(span[1])
        ttype = tok["type"]
        attrs = tok.get("attrs")
        item = Inline(ttype, start, end, dict(attrs) if attrs else {}, [], tok.get("raw"))
        if start is not None:
            if ttype == "codespan":
                self.code_spans.append((start, end))
            elif ttype == "link" or ttype == "image":
                self._link(tok, item, to_orig, node)
        children = tok.get("children")
        if children:
            item.children = [self._inline(c, to_orig, node) for c in children]
        return item

    def _link(self, tok: dict[str, Any], item: Inline, to_orig: Any, node: Node) -> None:
        assert item.start is not None and item.end is not None
        image = tok["type"] == "image"
        if tok.get("_kind") == "autolink":
            kind, us, ue = "autolink", item.start + 1, item.end - 1
        elif tok.get("_kind") == "bare":
            kind, us, ue = "bare", item.start, item.end
        elif "ref" in tok:
            kind, us, ue = "reference", None, None
        elif "_url" in tok:
            kind = "inline"
            us, ue = to_orig(tok["_url"][0]), to_orig(tok["_url"][1])
        else:
            return
        url = self.source.text[us:ue] if us is not None else ""
        item.attrs["kind"] = kind
        self.links.append(
            Link(kind, image, url, us, ue, item.start, item.end, block=node, label=tok.get("label"))
        )


class Built(NamedTuple):
    """What :func:`build` gives :func:`mdtidy.parsing.parse.parse` to make a Document of."""

    front_matter: FrontMatter | None
    nodes: list[Node]
    links: list[Link]
    code_spans: list[tuple[int, int]]
    references: dict[str, dict[str, Any]]
    regions: list[Region]  # the masked templating
    #: mistune's top-level block tokens and env, for the rendering guard (render.page_of)
    blocks: tuple[list[dict[str, Any]], dict[str, Any]]


def build(source: Source, front_matter: bool, flavor: Flavor) -> Built:
    """Parse ``source`` with the positioned mistune: its nodes, links and code spans."""
    fm, state, regions = _block_parse(source, front_matter, flavor)
    md = _make_markdown(flavor)
    builder = _Builder(md, source, state.env, state.ctx)
    nodes = []
    for tok in state.tokens:
        node = builder.node_from(tok, None)
        if node is not None:
            if fm is not None and node.type == "blank_line" and node.start_line <= fm.end_line:
                # Fix: the blanked front matter came back as a "blank_line" node
                # covering the YAML (so blank-line rules would lint the front matter),
                # starting at column 4 of "---". Keep only the real blank lines after it.
                if node.end_line <= fm.end_line:
                    continue
                node.start_line = fm.end_line + 1
                node.start = source.line_starts[fm.end_line]
            nodes.append(node)
    nodes.extend(builder.definition_nodes(id(state), None))
    for state_id in list(state.ctx.definitions_by_state):  # containers that built no node
        nodes.extend(builder.definition_nodes(state_id, None))
    nodes.sort(key=lambda n: (n.start_line, n.start))
    builder.links.sort(key=lambda link: (link.start, link.end))
    return Built(
        fm,
        nodes,
        builder.links,
        sorted(builder.code_spans),
        state.env.get("ref_links", {}),
        regions,
        (state.tokens, state.env),
    )


@lru_cache(maxsize=32)
def _make_plain_markdown(flavor: Flavor) -> mistune.Markdown:
    """:func:`_make_markdown` without the position bookkeeping."""
    block = mistune.BlockParser(max_nested_level=MAX_NESTED_LEVEL)
    inline = mistune.InlineParser(max_nested_level=MAX_NESTED_LEVEL)
    md = mistune.Markdown(renderer=None, block=block, inline=inline)
    for name in PLUGINS:
        import_plugin(name)(md)  # type: ignore[arg-type]
    install(md, flavor)
    return md


def _block_parse(
    source: Source, front_matter: bool, flavor: Flavor, positioned: bool = True
) -> tuple[FrontMatter | None, Any, list[Region]]:
    """The block-level half of :func:`parse`: front matter, masking, mistune's block
    parser; its state is a :class:`_PosBlockState` when ``positioned``."""
    fm = split_front_matter(source) if front_matter else None
    text = source.text
    body_start = source.line_span(fm.end_line - 1)[2] if fm is not None else 0
    regions: list[Region] = []
    masked = mask_flavor(text, body_start, flavor)
    if masked is not None:
        text, regions = masked.text, masked.regions
    if fm is not None:
        # Blank the front-matter lines so that mistune sees empty lines and every
        # later line keeps its number.
        text = "\n" * (fm.end_line) + text[body_start:]
    if positioned:
        md = _make_markdown(flavor)
        state = _PosBlockState()
        state.ctx = _Ctx(source)
    else:
        md = _make_plain_markdown(flavor)
        state = md.block.state_cls()
    # What Markdown.parse does, minus rendering: we run the inline parser ourselves.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    state.process(text)
    md.block.parse(state)
    return fm, state, regions
