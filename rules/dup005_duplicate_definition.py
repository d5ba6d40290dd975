"""DUP005 duplicate-definition: a reference label defined twice, or one URL under two labels.

## What it does
Reports two kinds of reference definitions (`[label]: url "title"`), each on the later
definition with `related` pointing at the earlier one:

* **the same label defined again.** Labels match as CommonMark matches them: case
  folded, runs of spaces, tabs and line breaks collapsed to one space. The first
  definition in the document wins, so every later one is dead: it never renders.
* **two different labels for the same URL** (compared by the light URL key DUP001 uses:
  `http`/`https`, host case, default port and a trailing slash do not matter).

Where mistune and CommonMark disagree the rule stays silent: a label group is skipped
when mistune's label key (lower-cased, split on any Unicode white space) and
CommonMark's would group the definitions differently, when mistune would use a
definition other than the first one in the text (mistune keeps definitions in *parse*
order, which is not always document order), or when a definition cannot be read on its
own lines (it is nested four or more columns deep, for instance).

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
destination and the same title as the first one (as mistune reads them), standing on
lines of its own at the top level of the document (not inside a list or block quote),
whose removal moves no other line into another block. The line goes with one
neighbouring blank line when that would otherwise leave two blank lines in a row. The
page does not change: the removed definition was never used. A same-label definition
with another URL or title is reported as dead but not fixed (which one the author meant
is not known), and so is a second label for the same URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import mistune
from mistune.util import unikey

from mdtidy.entries import lines_removal
from mdtidy.model import Diagnostic, FileRule, Fix, Related
from mdtidy.parse import Document, Link
from mdtidy.render import PLUGINS, body_text
from mdtidy.urls import url_key

_CM_SPACE = re.compile(r"[ \t\r\n]+")


def commonmark_label(label: str) -> str:
    """CommonMark's matching key of a link label: case folded, white space collapsed."""
    return _CM_SPACE.sub(" ", label).strip(" \t\r\n").casefold()


@lru_cache(maxsize=1)
def _markdown() -> mistune.Markdown:
    return mistune.create_markdown(renderer=None, plugins=list(PLUGINS))


def _ref_links(text: str) -> dict[str, dict[str, Any]]:
    """mistune's reference definitions for ``text``: key → {url, title} (label dropped)."""
    _tokens, state = _markdown().parse(text)
    links = state.env.get("ref_links", {})
    return {key: {k: v for k, v in data.items() if k != "label"} for key, data in links.items()}


def _own_lines(doc: Document, link: Link) -> tuple[int, int]:
    assert link.block is not None
    return link.block.start_line, link.block.end_line


def _as_read_alone(doc: Document, link: Link) -> dict[str, Any] | None:
    """What mistune makes of the definition's own lines alone, or None if not one definition."""
    first, last = _own_lines(doc, link)
    source = doc.source
    text = "\n".join(source.line(i) for i in range(first - 1, last))
    links = _ref_links(text)
    key = unikey(link.label or "")
    if list(links) != [key]:
        return None
    return links[key]


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
    return not before.strip() and len(before) <= 3 and not after.strip()


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
        groups: dict[str, list[Link]] = {}
        for link in definitions:
            groups.setdefault(unikey(link.label or ""), []).append(link)
        reported: set[int] = set()
        winners: dict[str, dict[str, Any]] | None = None
        for key, group in groups.items():
            if len(group) < 2 or len({commonmark_label(link.label or "") for link in group}) != 1:
                continue
            read = [_as_read_alone(doc, link) for link in group]
            if any(data is None for data in read):
                continue
            if winners is None:
                winners = _ref_links(body_text(doc.text))
            if winners.get(key) != read[0]:
                continue  # mistune does not use the first definition: it disagrees with CommonMark
            first = group[0]
            line, column = doc.source.position(first.start)
            for link, data in zip(group[1:], read[1:], strict=True):
                reported.add(id(link))
                same_url = data is not None and read[0] is not None and data.get("url") == read[0].get("url")
                yield self._same_label(doc, ctx, link, data == read[0], same_url, line, column)
        yield from self._same_url(doc, ctx, definitions, reported)

    def _same_label(
        self, doc: Document, ctx: Any, link: Link, identical: bool, same_url: bool, line: int, column: int
    ) -> Diagnostic:
        label = link.label or ""
        fix = None
        if identical:
            message = f"[{label}] is already defined identically at line {line}; this copy is never used"
            if _stands_alone(doc, link):
                edit = lines_removal(doc, *_own_lines(doc, link))
                if edit is not None:
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
