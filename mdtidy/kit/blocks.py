"""Blocks compared as wholes: paragraphs, lists, block quotes and sections, for DUP004.

A block's *key* is what must be equal for two blocks to count as the same text repeated:
its kind and, node by node, its structure (node types, heading levels, list markers, code
info strings) plus each leaf's source text with white space collapsed and the leading
container markers (``>`` and indentation) of its lines dropped. Code blocks keep their
text exactly. Two blocks with equal keys render the same wherever they stand at the same
nesting level.

A *section* is a top-level heading plus the top-level blocks after it up to the next
heading of the same or a higher level (a smaller number).

Also here: the helpers for caption-like text shared by DUP003 and DUP004
(:func:`normalise_text`, :func:`text_weight`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from mdtidy.parsing.parse import Document, Node

__all__ = ["Block", "blocks", "neighbours_would_merge", "normalise_text", "text_weight"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: the block types compared on their own (code and HTML blocks only as part of a larger block)
COMPARED = ("paragraph", "list", "block_quote")


def normalise_text(text: str) -> str:
    """The text's letters and digits, NFKC-normalised and case-folded."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def text_weight(text: str) -> int:
    """How much text there is: letters and digits, East Asian wide characters counted twice."""
    return sum(
        2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        for ch in unicodedata.normalize("NFKC", text)
        if ch.isalnum()
    )


#: a node's fingerprint: its key and its leaves' texts
_Print = tuple[str, list[str]]


@dataclass
class Block:
    kind: str  # "paragraph" | "list" | "block_quote" | "section"
    nodes: list[Node]  # one node; for a section its heading and the blocks under it
    key: tuple[str, ...]  # the kind, then each node's key
    prints: list[_Print] = field(repr=False)  # each node's fingerprint

    @cached_property
    def text(self) -> str:
        """The leaves' text (joined when first asked for: only repeats are looked at)."""
        return " ".join(text for _key, texts in self.prints for text in texts)

    @cached_property
    def weight(self) -> int:
        """:func:`text_weight` of the leaves' text (computed when first asked for)."""
        return text_weight(self.text)

    @property
    def start(self) -> int:
        return self.nodes[0].start

    @property
    def end(self) -> int:
        return self.nodes[-1].end

    @property
    def start_line(self) -> int:
        return self.nodes[0].start_line

    @property
    def end_line(self) -> int:
        return max(node.end_line for node in self.nodes)

    @property
    def top_level(self) -> bool:
        return all(node.parent is None for node in self.nodes)


def _leaf_text(doc: Document, node: Node) -> str:
    text = doc.text[node.start : node.end]
    if ">" not in text:  # no block quote markers to drop: only white space to collapse
        return " ".join(text.split())
    lines = _LINE_BREAK.split(text)
    return " ".join(" ".join(line.lstrip(" \t>") for line in lines).split())


def _marker(doc: Document, item: Node) -> str:
    """A list item's marker as written (``-``, ``3.``), white space dropped."""
    children = item.content_children()
    line_end = doc.source.line_span(item.start_line - 1)[1]
    end = children[0].start if children and children[0].start_line == item.start_line else line_end
    return "".join(doc.text[item.start : end].split())


def _fingerprint(doc: Document, node: Node, memo: dict[int, _Print]) -> _Print:
    """The node's key and its leaves' texts, each node's computed once per ``memo``
    (a section holds lists that hold paragraphs, and each of them is a block too)."""
    found = memo.get(id(node))
    if found is None:
        found = memo[id(node)] = _compute_fingerprint(doc, node, memo)
    return found


def _compute_fingerprint(doc: Document, node: Node, memo: dict[int, _Print]) -> _Print:
    if node.type in ("list", "list_item", "block_quote"):
        head = node.type
        if node.type == "list":
            head += f" {node.attrs.get('ordered')} {node.attrs.get('tight')}"
        elif node.type == "list_item":
            head += " " + _marker(doc, node)
        children = [_fingerprint(doc, child, memo) for child in node.content_children()]
        inner = "".join(key for key, _texts in children)
        return f"<{head}>{inner}</>", [text for _key, texts in children for text in texts]
    if node.type == "block_code":
        text = node.raw or ""
        return f"<code {node.attrs.get('info', '')!r} {node.attrs.get('style')}>{text!r}</>", [text]
    text = _leaf_text(doc, node)
    return f"<{node.type} {node.attrs.get('level', '')}>{text}</>", [text]


def _block(doc: Document, kind: str, nodes: list[Node], memo: dict[int, _Print]) -> Block:
    prints = [memo.get(id(node)) or _fingerprint(doc, node, memo) for node in nodes]
    return Block(kind, nodes, (kind, *[key for key, _texts in prints]), prints)


def sections(doc: Document) -> Iterator[list[Node]]:
    """Each top-level heading with the top-level blocks under it (trailing blank lines dropped)."""
    nodes = doc.nodes
    for index, node in enumerate(nodes):
        if node.type != "heading":
            continue
        level = node.attrs.get("level", 1)
        section = [node]
        for other in nodes[index + 1 :]:
            if other.type == "heading" and other.attrs.get("level", 1) <= level:
                break
            section.append(other)
        while section[-1].type == "blank_line":
            section.pop()
        yield section


def blocks(doc: Document) -> list[Block]:
    """Every section, paragraph, list and block quote, outer blocks before the blocks they hold."""
    memo: dict[int, _Print] = {}
    found = [_block(doc, "section", nodes, memo) for nodes in sections(doc) if len(nodes) > 1]
    found += [_block(doc, node.type, [node], memo) for node in doc.nodes_of(*COMPARED)]
    found.sort(key=lambda block: (block.start, -block.end))
    return found


def _mergeable(node: Node) -> str | None:
    if node.type == "list":
        return "list"
    if node.type == "block_code" and node.attrs.get("style") == "indent":
        return "indented code"
    return None


def neighbours_would_merge(doc: Document, first: Node, last: Node) -> bool:
    """Whether removing the top-level nodes ``first``..``last`` could join their neighbours.

    Two lists (a list runs on across blank lines) or two indented code blocks (blank
    lines between them are code) that the removed blocks kept apart would become one.
    """
    nodes = doc.nodes
    start, end = nodes.index(first), nodes.index(last)
    before = next((n for n in reversed(nodes[:start]) if n.type != "blank_line"), None)
    after = next((n for n in nodes[end + 1 :] if n.type != "blank_line"), None)
    if before is None or after is None:
        return False
    kind = _mergeable(before)
    return kind is not None and kind == _mergeable(after)
