"""Small helpers shared by rules (the engine itself never calls them)."""

from __future__ import annotations

from .parse import Document

__all__ = ["skipped_lines", "verbatim_lines"]

_VERBATIM = ("block_code", "block_html")


def verbatim_lines(doc: Document) -> set[int]:
    """0-based lines whose whitespace is content: code blocks and HTML blocks."""
    lines: set[int] = set()
    for node in doc.walk():
        if node.type in _VERBATIM:
            lines.update(range(node.start_line - 1, node.end_line))
    return lines


def skipped_lines(doc: Document) -> set[int]:
    """Lines formatting rules leave alone: front matter plus :func:`verbatim_lines`."""
    lines = verbatim_lines(doc)
    if doc.front_matter is not None:
        lines.update(range(doc.front_matter.end_line))
    return lines
