"""What the heading rules (HD002-HD012) share: every heading read back from its source line.

mistune tells us a heading's level and whether it is ATX or setext, but not how it was
written (closing sequence, spaces after the opening ``#``, indentation). :func:`headings`
re-reads the source lines of every heading node following CommonMark's ATX and setext
rules, with exact offsets into the original text. The rule modules never call the
engine; the engine never calls this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mdtidy.kit.inlinetext import doc_cache
from mdtidy.parsing.parse import Document, Node

__all__ = [
    "Heading",
    "container_prefix",
    "front_matter_has_title",
    "headings",
    "lazy_after",
    "paragraph_lines",
]

_OPEN = re.compile(r"#{1,6}(?=[ \t]|$)")
_CLOSE = re.compile(r"(?:^|[ \t]+)#+$")
_QUOTE_MARKER = re.compile(r"[ ]{0,3}>[ ]?")


@dataclass
class Heading:
    """One heading as written. Offsets are character offsets into ``doc.text``."""

    node: Node
    level: int
    #: "atx", "atx_closed" or "setext" (markdownlint's names)
    style: str
    #: 0-based line of the heading's first line
    line: int
    #: 0-based line of the setext underline (None for ATX)
    underline: int | None
    #: offset of the first character of the heading (the first ``#`` or the first text character)
    start: int
    #: offset of the start of the heading's first line
    line_start: int
    #: offsets of the heading text as written: no opening/closing sequence, no outer blanks
    text_start: int
    text_end: int
    #: ATX only: end of the opening ``#`` run; start and end of the whitespace after it
    open_end: int = 0
    #: ATX closed only: start of the blanks before the closing run, start and end of the run
    close_space_start: int = 0
    close_start: int = 0
    close_end: int = 0
    #: whether any ancestor is a list item; how many block quotes contain the heading
    in_list: bool = False
    quote_depth: int = 0

    def text(self, doc: Document) -> str:
        """The heading text as written (setext lines joined by one space)."""
        raw = doc.text[self.text_start : self.text_end]
        return " ".join(part.strip() for part in raw.splitlines())


def _parse_atx(doc: Document, node: Node, common: dict) -> Heading | None:
    source = doc.source
    line = node.start_line - 1
    line_start, content_end, _ = source.line_span(line)
    col = node.start - line_start
    rest = doc.text[node.start : content_end]
    opening = _OPEN.match(rest)
    if opening is None or len(opening.group()) != node.attrs.get("level"):
        return None  # not what mistune saw: leave it alone
    after = rest[opening.end() :]
    stripped = after.rstrip(" \t")
    base = line_start + col + opening.end()
    closing = _CLOSE.search(stripped)
    style = "atx"
    close_space_start = close_start = close_end = 0
    body = stripped
    if closing is not None:
        body = stripped[: closing.start()]
        run = closing.group().lstrip(" \t")
        close_space_start = base + closing.start()
        close_end = base + len(stripped)
        close_start = close_end - len(run)
        if body.strip():
            style = "atx_closed"
    lead = len(body) - len(body.lstrip(" \t"))
    text_start = base + lead
    text_end = base + len(body.rstrip(" \t"))
    if text_end < text_start:
        text_end = text_start
    return Heading(
        node=node,
        level=len(opening.group()),
        style=style,
        line=line,
        underline=None,
        start=node.start,
        line_start=line_start,
        text_start=text_start,
        text_end=text_end,
        open_end=base,
        close_space_start=close_space_start,
        close_start=close_start,
        close_end=close_end,
        **common,
    )


def _parse_setext(doc: Document, node: Node, common: dict) -> Heading | None:
    source = doc.source
    first, last = node.start_line - 1, node.end_line - 1
    if last <= first:
        return None
    text_end = source.line_span(last - 1)[1]
    while text_end > node.start and doc.text[text_end - 1] in " \t":
        text_end -= 1
    return Heading(
        node=node,
        level=int(node.attrs.get("level", 1)),
        style="setext",
        line=first,
        underline=last,
        start=node.start,
        line_start=source.line_starts[first],
        text_start=node.start,
        text_end=text_end,
        **common,
    )


def headings(doc: Document) -> Iterator[Heading]:
    """Every heading of the document, in document order (read once per document).

    Headings whose line has a tab before the heading (tab stops are where mistune and
    CommonMark are weakest), whose line has fewer ``>`` markers than mistune's nesting,
    that are followed by (or, for setext, underlined on) a lazy line (see
    :func:`lazy_after`; mistune and CommonMark render those differently), or that cannot
    be read back as mistune parsed them are left out.
    """
    cache = doc_cache(doc)
    found = cache.get("headings")
    if found is None:
        found = cache["headings"] = list(_read_headings(doc))
    return iter(found)


def _read_headings(doc: Document) -> Iterator[Heading]:
    nodes = sorted(doc.nodes_of("heading"), key=lambda n: n.start)
    for node in nodes:
        line_start = doc.source.line_starts[node.start_line - 1]
        prefix = doc.text[line_start : node.start]
        if "\t" in prefix:
            continue
        ancestors = list(node.ancestors())
        common = {
            "in_list": any(a.type == "list_item" for a in ancestors),
            "quote_depth": sum(a.type == "block_quote" for a in ancestors),
        }
        if prefix.count(">") != common["quote_depth"]:
            # "> > q\n> ## H": mistune puts the heading in the inner quote (a lazy line),
            # CommonMark in the outer one: the two disagree, leave it alone
            continue
        style = node.attrs.get("style")
        heading = _parse_setext(doc, node, common) if style == "setext" else _parse_atx(doc, node, common)
        if heading is not None and not _lazy_around(doc, heading):
            yield heading


#: CommonMark HTML block start conditions 2 and 6 (an open comment; a block-level tag):
#: blocks that run to a blank line and may interrupt a paragraph
_HTML_BLOCK = re.compile(
    r"(?:<!--(?!.*-->)|</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|"
    r"colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    r"h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|"
    r"option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)"
    r"(?:[ \t>]|/>|$))",
    re.IGNORECASE,
)


def _after_html_start(doc: Document, heading: Heading) -> bool:
    """Whether an HTML block start sits in the lines right above the heading (no blank between).

    CommonMark then reads the heading as part of that HTML block; mistune, which took the
    tag line as a lazy paragraph line (``"- item\n</div>\n# A"``), sees a heading.
    """
    index = heading.line - 1
    while index >= 0:
        line = doc.source.line(index)
        content = line[len(_LEAD.match(line).group()) :]
        if not content.strip():
            return False
        if _HTML_BLOCK.match(content):
            return True
        index -= 1
    return False


def _item_column(doc: Document, heading: Heading) -> int:
    """Column of the content of the list item nearest to the heading (0 if unknown)."""
    item = next((a for a in heading.node.ancestors() if a.type == "list_item"), None)
    children = item.content_children() if item is not None else []
    if not children:
        return 0
    first = children[0]
    return first.start - doc.source.line_starts[first.start_line - 1]


def _lazy_around(doc: Document, heading: Heading) -> bool:
    """Whether the heading's lines or the line after it are where mistune and CommonMark part.

    That is: a lazy line (see :func:`lazy_after`), a heading line less indented than its
    list item's content, or an HTML block start right above the heading.
    """
    if _after_html_start(doc, heading):
        return True
    if not heading.quote_depth and not heading.in_list:
        return False
    item_column = _item_column(doc, heading) if heading.in_list else 0
    if heading.start - heading.line_start < item_column:
        return True
    # a lazy line anywhere in the heading's innermost container: mistune's quirks there
    # reach the heading too ("> # A\n>  ## B\n</div>"), so leave the whole container alone
    container = next(a for a in heading.node.ancestors() if a.type in ("block_quote", "list_item"))
    for index in range(container.start_line, container.end_line):  # its lines after the first
        line = doc.source.line(index)
        lead = len(_LEAD.match(line).group())
        if lead == len(line):
            continue  # blank, or ">" markers only
        if line.count(">", 0, lead) < heading.quote_depth:
            return True
        if container.type == "list_item" and lead < item_column and not _LIST_MARKER.match(line, lead):
            return True
    last = heading.underline if heading.underline is not None else heading.line
    after = last + 1
    if after < doc.source.line_count() and doc.source.line(after).replace(">", "").strip():
        last = after
    return any(lazy_after(doc, heading, index) for index in range(heading.line + 1, last + 1))


def container_prefix(doc: Document, heading: Heading) -> str | None:
    """What a blank line next to ``heading`` must start with to stay in its containers.

    ``""`` at the top level, ``">"`` / ``"> >"`` inside block quotes; ``None`` when
    the heading is in a list item (a blank line there can make the list loose, which
    changes the page) or the prefix is not made of ``>`` markers and blanks only.
    """
    if heading.in_list:
        return None
    prefix = doc.text[heading.line_start : heading.start]
    if heading.quote_depth == 0:
        return "" if not prefix.strip() else None
    if set(prefix) - {">", " "} or prefix.count(">") != heading.quote_depth:
        return None
    return prefix.rstrip()


_FM_TITLE_DEFAULT = r"^\s*title\s*[:=]"


def front_matter_has_title(doc: Document, pattern: str = _FM_TITLE_DEFAULT) -> bool:
    """Whether the front matter has a line matching ``pattern`` (markdownlint's front_matter_title)."""
    if not pattern or doc.front_matter is None:
        return False
    regex = re.compile(pattern, re.IGNORECASE)
    return any(regex.search(line) for line in doc.front_matter.text.splitlines())


def _line_content_start(doc: Document, node: Node, index: int, quotes: int) -> int | None:
    """Offset of the first content character of paragraph line ``index`` (0-based)."""
    if index == node.start_line - 1:
        return node.start
    start, end, _ = doc.source.line_span(index)
    text = doc.text[start:end]
    pos = 0
    for _ in range(quotes):
        marker = _QUOTE_MARKER.match(text, pos)
        if marker is None:
            break  # a lazy continuation line: no (or fewer) ">" markers
        pos = marker.end()
    rest = text[pos:]
    indent = len(rest) - len(rest.lstrip(" "))
    if indent > 3 or rest[indent : indent + 1] == "\t":
        return None
    return start + pos + indent


def paragraph_lines(doc: Document) -> list[tuple[int, int]]:
    """(0-based line, offset of its first content character) of every paragraph line.

    These are the lines where a would-be heading (``#Heading``) hides as paragraph text.
    In list items only a paragraph's first line is given: the content column of the
    other lines is not known. Lines indented four or more columns past their block
    quote markers, or with a tab there, are left out. Found once per document (shared:
    do not modify).
    """
    cache = doc_cache(doc)
    found = cache.get("paragraph_lines")
    if found is None:
        found = cache["paragraph_lines"] = list(_paragraph_lines(doc))
    return found


def _paragraph_lines(doc: Document) -> Iterator[tuple[int, int]]:
    for node in doc.nodes_of("paragraph", "block_text"):
        ancestors = list(node.ancestors())
        in_list = any(a.type == "list_item" for a in ancestors)
        quotes = sum(a.type == "block_quote" for a in ancestors)
        last = node.start_line if in_list else node.end_line
        for index in range(node.start_line - 1, last):
            at = _line_content_start(doc, node, index, quotes)
            if at is not None:
                yield index, at


_LEAD = re.compile(r"[ >]*")
_LIST_MARKER = re.compile(r"(?:[-+*]|[0-9]{1,9}[.)])(?:[ \t]|$)")


def lazy_after(doc: Document, heading: Heading, index: int) -> bool:
    """Whether line ``index`` (right after ``heading``) is where mistune and CommonMark part.

    After a heading in a block quote or list item, CommonMark ends the container at a line
    with fewer ``>`` markers or less indentation; mistune treats such a line as a lazy
    continuation and keeps it inside (``"> # H\ntext"``, ``"- # H\ntext"``).
    """
    if not heading.quote_depth and not heading.in_list:
        return False
    line = doc.source.line(index)
    if line.count(">", 0, len(_LEAD.match(line).group())) < heading.quote_depth:
        return True
    if heading.in_list:
        lead = len(_LEAD.match(line).group())
        column = heading.start - heading.line_start
        return lead < column and not _LIST_MARKER.match(line, lead)
    return False
