"""DUP001 duplicate-link: the same URL linked more than once in one post.

## What it does
Finds a link target pasted twice in one file. By default (`scope = "entries"`) it
reports what an author would act on:

* a repeated *entry*: both copies stand alone as an entry (a list item that is just the
  link plus its caption, or a paragraph that is just the URL with the caption paragraph
  after it: a reference list or an awesome list pasted twice);
* the same URL twice within one paragraph or one list.

Not findings by default, because they are usually meant: an entry repeated at another
depth (a step repeated as a sub-step of another procedure), a link the file also shows
as code (a page about Markdown shows the syntax, then renders it), a citation repeated
in running prose (`[Ho et al. 2020](…)` in the text and again in the references), relative and
fragment-only links (`[glob pattern](g)`, `#usage`: a glossary or a table of contents
links the same page on purpose), links whose URL is made by templating (Liquid
`{{ … }}`, Hugo shortcodes: never links to compare) and images (the same figure shown
in two sections). `scope = "all"` reports every later occurrence of every link target
(inline links, autolinks, bare URLs and reference definitions), and `images = true`
compares images too (an image is only ever compared with images).

A reference `[text][label]` is not a new link: a definition and the references that use
it are one use of its URL. A definition of a URL that an earlier definition already
defines is left to DUP005 (duplicate-definition), so it is reported once. Nothing inside
math, templating or other opaque regions of the file's flavor is a link.

`keep` says which copy stays: `"first"` (default: a block pasted again later, e.g. at
the end) or `"last"` (an old copy superseded by a newer section). The message says which
copy is kept and why, and `related` points at it. URLs are compared by their canonical
form (`mdtidy.links.urls`, configurable in
`[tool.mdtidy.canonical-urls]`): `http`/`https`, host case and IDNA, default ports, a
trailing slash, `index.html`, percent-escapes, query order and tracking parameters
(`utm_*`, `fbclid`, the share parameters of `mp.weixin.qq.com` links, …) make no
difference; fragments do (`page#a` is not `page#b`). Each copy but the kept one is
reported.

Options: `scope` (`"entries"` or `"all"`), `images` (false), `keep` (`"first"` or `"last"`).

## Why is this bad?
Reference lists pasted together over years repeat the same link. The second copy adds
nothing for the reader and makes the list longer and harder to maintain.

## Example
```markdown
https://www.zhihu.com/question/274635237

Pytorch有什么节省内存（显存）的小技巧？

https://www.zhihu.com/question/274635237

Pytorch有什么节省内存（显存）的小技巧？
```
The second URL and its caption are removed; the first copy stays (with `keep = "last"`
the first copy goes and the second stays).

## Fix safety
A fix is only offered when the later occurrence stands alone as an *entry*: a list item
that is just the link plus its caption, or a top-level paragraph that is just the URL
together with the caption paragraph right after it. A short one-line paragraph ending
in `:` or `：` (`Tutorials:`, `官网：`, at most 40 characters) is a *label* that introduces
the next URL, never a caption. The whole entry goes, with one neighbouring blank line.

Below, "later" is the copy reported and "first" the copy kept (the other way round
with `keep = "last"`).

* **Safe** when nothing is lost: the later entry equals the first one after whitespace
  normalisation and canonicalisation of the URL, or it has no text besides the link
  (an inline link's text counts only when it differs from the first copy's).
* **Unsafe** (`--unsafe-fixes`) when the later entry has other text: the fix *merges*.
  In one unit it appends that text to the first entry (a continuation line of the list
  item, indented to its text; a second line of the caption paragraph; or a new caption
  paragraph under a URL without one; a leading `#`, `>`, `-`, `1.` … is
  backslash-escaped so it cannot open a block) and removes the later entry.
* **No fix** when the first occurrence is not an entry and the later one has text, when
  the later link has a title, when the list marker's indentation has tabs, when the next
  line is indented into the entry's place, when the first item of an ordered list could
  not be removed without turning the next one into prose, and when the removal (alone or
  with the other removals of this rule) would leave a heading with nothing under it, or
  a label with nothing to introduce (unless the first copy has the same label: then the
  label goes with the duplicate). The message says why in the last two cases.

A duplicate inside running prose, a table, a heading or a reference definition is
reported but not fixed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from mdtidy.kit.entries import (
    Entry,
    carries_text,
    emptied_heading,
    entry_for,
    keeps_structure,
    label_text,
    merge,
    moved_text,
    orphaned_label,
    removal,
)
from mdtidy.links.urls import UrlPolicy, url_key
from mdtidy.model import Diagnostic, Edit, FileRule, Fix, Related
from mdtidy.parsing.parse import Document, Link, Node


def _relative(url: str) -> bool:
    """A link to a page of the same site (``g``, ``../a.md``, ``#usage``), not a URL."""
    url = url.strip()
    if url.startswith("//"):
        return False
    try:
        return not urlsplit(url).scheme
    except ValueError:
        return True


def _depth(link: Link) -> int:
    """How deep in lists and block quotes the link stands (two copies of one pasted list
    stand equally deep; a step repeated as a sub-step of another procedure does not)."""
    block = link.block
    return 0 if block is None else sum(1 for a in block.ancestors() if a.type in ("list", "block_quote"))


def _code_text(doc: Document) -> str:
    """All code of the file: a page about Markdown shows a link as code, then renders it."""
    parts = [n.raw or "" for n in doc.nodes_of("block_code")]
    parts += [doc.text[s:e] for s, e in doc.code_spans]
    return "\n".join(parts)


def _group(link: Link) -> int | None:
    """The paragraph or the (outermost) list a link stands in: one place to paste twice."""
    block: Node | None = link.block
    if block is None:
        return None
    top = None
    for node in (block, *block.ancestors()):
        if node.type == "list":
            top = node
    return id(top if top is not None else block)


class DuplicateLink(FileRule):
    code = "DUP001"
    name = "duplicate-link"
    summary = "The same URL is linked more than once in one post"
    fixable = "sometimes"
    changes_html = "removes the duplicate entry (its list item or URL and caption paragraphs)"
    options = {"scope": "entries", "images": False, "keep": "first"}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        policy: UrlPolicy = ctx.config.url_policy
        every = self.opts["scope"] == "all"
        last = self.opts["keep"] == "last"
        copies: dict[tuple[str, bool], list[Link]] = {}
        for link in doc.links:
            if link.kind == "reference" or link.url_start is None or not link.url.strip():
                continue
            if not every and (_relative(link.url) or (link.image and not self.opts["images"])):
                continue
            key = (url_key(link.url, policy), link.image)
            copies.setdefault(key, []).append(link)
        found: list[tuple[Diagnostic, Edit | None]] = []
        code = _code_text(doc) if not every else ""
        for links in copies.values():
            if len(links) > 1 and code and any(link.url in code for link in links):
                continue  # shown as code and rendered: a demonstration, not a duplicate
            found.extend(self._duplicates(doc, ctx, links, policy, every, last))
        found.sort(key=lambda item: item[0].start)
        # removals that would together leave a heading with nothing under it: the last
        # one of the section is reported without a fix
        with_removal = [(d, e) for d, e in found if e is not None]
        for index, heading in emptied_heading(doc, [e for _d, e in with_removal]).items():
            diag = with_removal[index][0]
            diag.fix = None
            diag.message += (
                f"; not fixed: removing it would leave the heading at line {heading.start_line} empty"
            )
        for diag, _removed in found:
            yield diag

    def _duplicates(
        self, doc: Document, ctx: Any, links: list[Link], policy: UrlPolicy, every: bool, last: bool
    ) -> Iterator[tuple[Diagnostic, Edit | None]]:
        if len(links) < 2:
            return
        kept = links[-1] if last else links[0]
        kept_is_entry = entry_for(doc, kept) is not None
        kept_depth = _depth(kept)
        seen_definition = kept.kind == "definition"
        for link in links:
            if link is kept:
                continue
            if link.kind == "definition":
                if seen_definition:
                    continue  # a definition repeating a definition is DUP005's finding
                seen_definition = True
            depth = _depth(link)
            same_depth = depth == kept_depth or not (depth and kept_depth)  # lists nested alike
            repeated_entry = kept_is_entry and same_depth and entry_for(doc, link) is not None
            if not every and not (repeated_entry or _group(link) == _group(kept)):
                continue  # a citation repeated in prose: meant, not pasted twice
            line, column = doc.source.position(kept.url_start or kept.start)
            fix, removed, note = self._fix(doc, link, kept, policy)
            if last:
                message = f"{link.url} is linked again at line {line}; the last copy is kept (keep = last)"
            else:
                message = f"{link.url} is already linked at line {line} (the first copy is kept)"
            diag = Diagnostic(
                message + note,
                link.url_start or link.start,
                link.url_end or link.end,
                fix=fix,
                related=[
                    Related(
                        ctx.path, line, column, "last linked here (kept)" if last else "first linked here"
                    )
                ],
            )
            yield diag, removed

    def _fix(
        self, doc: Document, link: Link, original: Link, policy: UrlPolicy
    ) -> tuple[Fix | None, Edit | None, str]:
        """The fix for a later occurrence, the deletion it makes (for the empty-section
        check) and a note for the message when there is no fix worth explaining."""
        fix, deletion = None, None
        entry = entry_for(doc, link)
        if entry is None or not keeps_structure(doc, entry):
            return None, None, ""
        kept = entry_for(doc, original)
        label = orphaned_label(doc, entry)
        if label is not None:
            kept_label = orphaned_label(doc, kept) if kept is not None else None
            if kept_label is None or label_text(doc, kept_label) != label_text(doc, label):
                note = f"; not fixed: removing it would leave the label at line {label.start_line} empty"
                return None, None, note
            # the same label introduces the kept copy: it goes with the duplicate
            entry = replace(entry, start_line=label.start_line)
        fix, deletion = self._entry_fix(doc, entry, kept, policy)
        return fix, deletion, ""

    def _entry_fix(
        self, doc: Document, entry: Entry, kept: Entry | None, policy: UrlPolicy
    ) -> tuple[Fix | None, Edit | None]:
        deletion = removal(doc, entry)
        if kept is not None and kept.comparable(doc, policy) == entry.comparable(doc, policy):
            return Fix.safe(deletion, message="remove the duplicate entry"), deletion
        if kept is None:
            if entry.caption:
                return None, None
            return Fix.safe(deletion, message="remove the duplicate entry"), deletion
        moved = moved_text(doc, entry, kept)
        if moved is None:
            return None, None
        if not carries_text(moved):
            return Fix.safe(deletion, message="remove the duplicate entry"), deletion
        insertion = merge(doc, kept, moved)
        if insertion is None:
            return None, None
        return (
            Fix.unsafe(insertion, deletion, message="merge the duplicate entry's text into the first one"),
            deletion,
        )
