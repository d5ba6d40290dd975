"""DUP005 duplicate-definition: a reference label defined twice, or one URL under two labels.

## What it does
Reports two kinds of reference definitions (`[label]: url "title"`), each on the later
definition with `related` pointing at the earlier one:

* **the same label defined again.** Labels match as CommonMark matches them: case
  folded, runs of spaces, tabs and line breaks collapsed to one space. The first
  definition in the document wins, so every later one is dead: it never renders.
* **two different labels for the same URL** (compared by the light URL key DUP001 uses:
  `http`/`https`, host case, default port and a trailing slash do not matter).

Where mistune and CommonMark disagree the rule stays silent. A label group is skipped
when mistune's label key (lower-cased, split on any Unicode white space) and
CommonMark's would group the definitions differently; when mistune would use a
definition other than the first one in the text (mistune keeps definitions in *parse*
order, and it parses a list item's content after the blocks that follow the list;
it reads the page as mdtidy parses it, with the site's flavor, so a definition inside
a Liquid comment does not count);
when a definition is on a lazy line of a block quote (no `>`), or follows a line that
cmark would continue as paragraph text (a definition is trusted only after a blank
line, the start of the text, a heading, fenced code or another trusted definition);
or when a definition cannot be read on its own lines (nested four or more columns
deep, for instance).

## Why is this bad?
A second `[label]: …` is silently ignored: if it points elsewhere, the author believes
the links go there and they do not. Identical copies, typical of posts pasted together,
are dead weight. Two labels for one URL make the list of definitions longer than it
needs to be.

## Example
```markdown
See [the docs][docs] and [PyTorch][pt].

[docs]: https://pytorch.org/docs/
[pt]: https://pytorch.org/
[Docs]: https://pytorch.org/docs/
[torch]: https://pytorch.org/
```
`[Docs]` repeats `[docs]` identically and is removed; `[torch]` is reported (same URL
as `[pt]`) without a fix.

## Fix safety
Safe, and only for a true duplicate: a later definition with the same label, the same
destination and the same title as the first one (as mistune reads them), in a group
of definitions that all stand at the top level of the document (not inside a list or
block quote), on lines of its own. The line goes with one neighbouring blank line when
that would otherwise leave two blank lines in a row. Not offered when the line after it
is `===` or `---` (cmark then turns it into text), when the removal would join two
lists or two indented code blocks, when the line after is more indented, or when
mistune, parsing the text without it, would use other definitions. The page does not
change: the removed definition was never used. A same-label definition with another
URL or title is reported as dead but not fixed (which one the author meant is not
known), and so is a second label for the same URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from mdtidy.kit.blocks import neighbours_would_merge
from mdtidy.kit.entries import lines_removal
from mdtidy.links.urls import url_key
from mdtidy.model import Diagnostic, Edit, FileRule, Fix, Related
from mdtidy.parsing.mask import MASK
from mdtidy.parsing.parse import Document, Link, reference_definitions
from mdtidy.parsing.render import body_text
from mdtidy.parsing.source import Source

_CM_SPACE = re.compile(r"[ \t\r\n]+")
_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")


def commonmark_label(label: str) -> str:
    """CommonMark's matching key of a link label: case folded, white space collapsed."""
    return _CM_SPACE.sub(" ", label).strip(" \t\r\n").casefold()


def unikey(label: str) -> str:
    """mistune's matching key of a link label (``mistune.util.unikey``)."""
    from mistune.util import unikey as mistune_unikey

    return mistune_unikey(label)


def _ref_links(text: str) -> dict[str, dict[str, Any]]:
    """mistune's reference definitions for ``text`` read as plain CommonMark (no front
    matter, no flavor): key → {url, title} (label dropped)."""
    return _without_labels(reference_definitions(Source(text), front_matter=False))


def _without_labels(links: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {key: {k: v for k, v in data.items() if k != "label"} for key, data in links.items()}


#: masked templating as mistune keeps it: a URL comes back percent-encoded
_MASK_FORMS = (MASK, quote(MASK))


def _masked(text: str) -> bool:
    return any(form in text for form in _MASK_FORMS)


def _winners(doc: Document) -> dict[str, dict[str, Any]]:
    """The definitions mistune uses: key → {url, title}, as the document's parse kept them.

    Where masked templating (a Liquid title, say) is part of the kept definition, its
    data is the one read from the text as written, which is what the definitions read
    alone are compared with."""
    winners = _without_labels(doc.references)
    masked = [key for key, data in winners.items() if any(_masked(str(v)) for v in data.values())]
    if masked:
        unmasked = _ref_links(body_text(doc.text))
        for key in masked:
            winners[key] = unmasked.get(key)  # type: ignore[assignment]
    return winners


def _own_lines(doc: Document, link: Link) -> tuple[int, int]:
    assert link.block is not None
    return link.block.start_line, link.block.end_line


def _as_read_alone(doc: Document, link: Link) -> dict[str, Any] | None:
    """What mistune makes of the definition's own lines alone, or None if not one definition."""
    first, last = _own_lines(doc, link)
    source = doc.source
    depth = sum(1 for node in link.block.ancestors() if node.type == "block_quote") if link.block else 0
    if any(_quote_markers(source.line(i)) < depth for i in range(first - 1, last)):
        return None  # a lazy line: cmark does not read a definition there, mistune does
    text = "\n".join(source.line(i) for i in range(first - 1, last))
    links = _ref_links(text)
    key = unikey(link.label or "")
    if list(links) != [key]:
        return None
    return links[key]


#: blocks after whose last line both parsers start a new block (a definition may follow)
_CLEAN_ENDS = ("heading", "block_code")


def _reliable(doc: Document, definitions: list[Link]) -> set[int]:
    """ids of the definitions that cmark reads as definitions too.

    In CommonMark a definition is the start of a paragraph, so a line right above it
    that mistune ends cleanly but cmark continues (indented code after a definition,
    for instance, is paragraph text to cmark) makes the next "definition" text. Trusted:
    a definition whose previous line is blank (also ``>``-only), the start of the text
    or of the body after the front matter, the end of a heading or fenced code
    block, or the last line of a trusted definition.
    """
    source = doc.source
    fm_end = doc.front_matter.end_line if doc.front_matter is not None else 0
    ends: dict[int, str] = {}
    for node in doc.walk():
        if node.type in _CLEAN_ENDS and not (
            node.type == "block_code" and node.attrs.get("style") == "indent"
        ):
            ends[node.end_line] = node.type
    trusted: set[int] = set()
    trusted_ends: set[int] = set()
    for link in definitions:
        assert link.block is not None
        first = link.block.start_line  # 1-based; the previous line is ``first - 1``
        previous = first - 1
        if (
            previous <= fm_end
            or not source.line(previous - 1).strip(" \t>")
            or previous in ends
            or previous in trusted_ends
        ):
            trusted.add(id(link))
            trusted_ends.add(link.block.end_line)
    return trusted


def _quote_markers(line: str) -> int:
    """How many ``>`` the line's leading container prefix holds."""
    return line[: len(line) - len(line.lstrip(" \t>"))].count(">")


def _same_definitions_without(doc: Document, edit: Edit) -> bool:
    """Whether mistune still uses the same definitions once ``edit`` is applied.

    mistune parses a list item's content after the blocks that follow the list, so an
    identical later copy can be the one it actually uses; removing it then hands the
    label to a third definition. Checked by parsing the edited text again (the block
    level, as the document was parsed: same front matter setting and flavor).
    """
    text = doc.text[: edit.start] + edit.content + doc.text[edit.end :]
    after = reference_definitions(Source(text), front_matter=doc.front_matter is not None, flavor=doc.flavor)
    return _without_labels(after) == _without_labels(doc.references)


def _stands_alone(doc: Document, link: Link) -> bool:
    """A top-level definition that fills its lines: nothing else on the first or last line."""
    block = link.block
    if block is None or block.parent is not None:
        return False
    source = doc.source
    first, last = _own_lines(doc, link)
    line_start = source.line_starts[first - 1]
    before = doc.text[line_start : link.start]
    after = doc.text[link.end : source.line_span(last - 1)[1]]
    if before.strip() or len(before) > 3 or after.strip():
        return False
    if neighbours_would_merge(doc, block, block):
        return False
    # cmark reads "[a]: /u" + "---" as a setext heading holding only a definition and
    # turns the underline into text; mistune sees a thematic break. Leave those alone.
    return last >= source.line_count() or not _UNDERLINE.match(source.line(last))


class DuplicateDefinition(FileRule):
    code = "DUP005"
    name = "duplicate-definition"
    summary = "A reference label defined twice, or two labels defining the same URL"
    fixable = "sometimes"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        definitions = sorted(
            (link for link in doc.links if link.kind == "definition" and link.block is not None),
            key=lambda link: link.start,
        )
        reliable = _reliable(doc, definitions)
        groups: dict[str, list[Link]] = {}
        for link in definitions:
            groups.setdefault(unikey(link.label or ""), []).append(link)
        reported: set[int] = set()
        winners: dict[str, dict[str, Any]] | None = None
        for key, group in groups.items():
            if len(group) < 2 or len({commonmark_label(link.label or "") for link in group}) != 1:
                continue
            read = [_as_read_alone(doc, link) if id(link) in reliable else None for link in group]
            if any(data is None for data in read):
                continue
            if winners is None:
                winners = _winners(doc)
            if winners.get(key) != read[0]:
                continue  # mistune does not use the first definition: it disagrees with CommonMark
            first = group[0]
            line, column = doc.source.position(first.start)
            # a definition in a list item may sit on a lazy line that cmark reads as text:
            # only a group that is all top level gets fixes
            fixable = all(link.block is not None and link.block.parent is None for link in group)
            for link, data in zip(group[1:], read[1:], strict=True):
                reported.add(id(link))
                same_url = data is not None and read[0] is not None and data.get("url") == read[0].get("url")
                yield self._same_label(
                    doc,
                    ctx,
                    link,
                    fixable,
                    data == read[0],
                    same_url,
                    line,
                    column,
                )
        yield from self._same_url(doc, ctx, definitions, reported)

    def _same_label(
        self,
        doc: Document,
        ctx: Any,
        link: Link,
        fixable: bool,
        identical: bool,
        same_url: bool,
        line: int,
        column: int,
    ) -> Diagnostic:
        label = link.label or ""
        fix = None
        if identical:
            message = f"[{label}] is already defined identically at line {line}; this copy is never used"
            if fixable and _stands_alone(doc, link):
                edit = lines_removal(doc, *_own_lines(doc, link))
                if edit is not None and _same_definitions_without(doc, edit):
                    fix = Fix.safe(edit, message="remove the duplicate definition")
        elif same_url:
            message = (
                f"[{label}] is already defined at line {line} with another title; this definition "
                "is dead (the first one wins), so its title is never shown"
            )
        else:
            message = (
                f"[{label}] is already defined at line {line}; this definition is dead "
                f"(the first one wins), so links to [{label}] do not go to {link.url}"
            )
        return Diagnostic(
            message,
            link.start,
            link.end,
            fix=fix,
            related=[Related(ctx.path, line, column, "first defined here")],
        )

    def _same_url(
        self, doc: Document, ctx: Any, definitions: list[Link], reported: set[int]
    ) -> Iterator[Diagnostic]:
        first_by_url: dict[str, Link] = {}
        for link in definitions:
            if not link.url.strip():
                continue
            first = first_by_url.setdefault(url_key(link.url), link)
            if first is link or id(link) in reported:
                continue
            a, b = first.label or "", link.label or ""
            if unikey(a) == unikey(b) or commonmark_label(a) == commonmark_label(b):
                continue  # the same label: the label check's business
            line, column = doc.source.position(first.start)
            yield Diagnostic(
                f"[{b}] defines the same URL as [{a}] at line {line}",
                link.start,
                link.end,
                related=[Related(ctx.path, line, column, "first defined here")],
            )
