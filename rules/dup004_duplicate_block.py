"""DUP004 duplicate-block: a paragraph, list, block quote or section repeated verbatim in one post.

## What it does
Reports a block pasted twice: a block that repeats the block right before it word for
word (nothing but blank lines between them), or a whole section that repeats an earlier
section, with `related` pointing at the first copy. A block repeated further away is
usually meant (a reference page repeats an option's description in each section, a
post ends with the sentence it began with): `scope = "all"` reports those too, with an
unsafe fix. Blocks are paragraphs, lists, block quotes (at any
depth) and *sections*: a top-level heading together with everything under it up to
the next heading of the same or a higher level. Two blocks are the same when their
structure is the same (block types, heading levels, list markers) and their text is
the same after white space is collapsed; the leading `>` and indentation of a line,
which only say where the block stands, are ignored. When a whole section or list
repeats, only it is reported, not each paragraph inside it.

Options: `min-length` (20), `scope` (`"pasted"` or `"all"`).

Only *non-trivial* blocks count: at least `min-length` (default 20) letters and digits,
an East Asian wide character (CJK) counting 2, so labels such as `代码：` or `参考：`,
short lines and thematic breaks are never reported.

Not reported on their own, because repeating them is how documents are written:

* a *lead-in* paragraph, ending in `:` or `：` (`在配置文件~/.emacs中添加：` before two
  different code blocks, `Add this to mkdocs.yml:` in two content tabs);
* a paragraph that is only math, only an image, or only templating (a formula repeated
  in a second derivation, a figure shown again): its text outside the flavor's opaque
  regions and image syntax is below `min-length`;
* a paragraph inside a list item or a content tab: a step repeated in a second
  procedure, the same sentence in two alternative tabs (a whole list repeated is still
  reported);
* code blocks and HTML blocks: the same command or snippet shown twice is usually
  intentional (they do count as part of a repeated section, list or block quote);
* a paragraph that is part of a DUP001/DUP003 *entry* (a URL paragraph or the caption
  paragraph under it), and a list that is a single entry: a repeated entry is DUP001's
  finding, the same caption under another URL DUP003's;
* headings alone, blank lines, reference definitions (DUP005).

## Why is this bad?
A paragraph or section pasted twice, typically when two posts were merged, says nothing
new the second time and makes the post longer.

## Example
```markdown
## 安装

Pytorch的安装方法在官网首页就可查到，非常方便。

## 使用

Pytorch的安装方法在官网首页就可查到，非常方便。

Torch采用Lua语言编写。
```
The second copy of the paragraph is removed.

## Fix safety
Safe only where the repeat is certainly a paste: the copy follows the previous copy
directly (nothing but blank lines between: pasted twice), or it is a whole repeated
section (heading and all). A copy anywhere else (reported with `scope = "all"`) may be a
deliberate repeat, so its removal is an unsafe fix (`--unsafe-fixes`). Either way only a
copy at the top level of the document (not inside a list or block quote) is removed: its
lines go with one neighbouring blank line, so no run of blank lines is left. Everything
in it is also in the first copy, so no link and no text is lost (the fixer's byte guard
checks that every formula, template and code block still has a copy). No fix is offered
when the removal would leave a heading with nothing under it (only blank lines or
definitions before the next heading of the same or a higher level), when a list precedes
and a list follows the copy (the two would merge into one; the same for two indented
code blocks), or when the line after the copy is more indented than the copy (it would
join the block above). A copy inside a list or block quote is reported without a fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.blocks import Block, blocks, neighbours_would_merge, text_weight
from mdtidy.kit.entries import entry_for, lines_removal
from mdtidy.model import Diagnostic, FileRule, Fix, Related
from mdtidy.parsing.parse import Document, Node

_NOTHING = ("blank_line", "definition")


def _entry_nodes(doc: Document) -> tuple[set[int], set[int]]:
    """ids of the paragraphs that belong to an entry, and of the lists that are one entry."""
    paragraphs: set[int] = set()
    lists: set[int] = set()
    for link in doc.links:
        entry = entry_for(doc, link)
        if entry is None:
            continue
        paragraphs.update(id(block) for block in entry.blocks)
        item = entry.blocks[0].parent
        lst = item.parent if item is not None else None
        if entry.kind == "list-item" and lst is not None and len(lst.content_children()) == 1:
            lists.add(id(lst))
    return paragraphs, lists


def _leaves_heading_empty(doc: Document, block: Block) -> bool:
    """Whether the heading above the block would be left with nothing under it."""
    nodes = doc.nodes
    first = nodes.index(block.nodes[0])
    last = nodes.index(block.nodes[-1])
    heading = next((n for n in reversed(nodes[:first]) if n.type not in _NOTHING), None)
    if heading is None or heading.type != "heading":
        return False
    level = heading.attrs.get("level", 1)
    for node in nodes[last + 1 :]:
        if node.type == "heading" and node.attrs.get("level", 1) <= level:
            return True
        if node.type not in _NOTHING:
            return False
    return True


def _within(block: Block, spans: list[tuple[int, int]]) -> bool:
    return any(start <= block.start and block.end <= end for start, end in spans)


_LEAD_IN = (":", "：")


def _trivial(doc: Document, block: Block, minimum: int) -> bool:
    """A paragraph whose repetition is how documents are written (see the docstring)."""
    node = block.nodes[0]
    if block.kind != "paragraph":
        return False
    if block.text.rstrip().endswith(_LEAD_IN):
        return True
    if any(a.type in ("list_item", "content_tab") for a in node.ancestors()):
        return True
    # the text that is the author's own: without opaque regions and image syntax
    cut = [(r.start, r.end) for r in doc.opaque_overlapping(node.start, node.end)]
    cut += [(link.start, link.end) for link in doc.links if link.image and link.block is node]
    text = doc.text[node.start : node.end]
    for start, end in sorted(cut, reverse=True):
        s, e = max(start, node.start) - node.start, min(end, node.end) - node.start
        text = text[:s] + " " + text[e:]
    return text_weight(text) < minimum


def _pasted_twice(doc: Document, original: Block, block: Block) -> bool:
    """Whether nothing but blank lines stands between the first copy and this one."""
    source = doc.source
    return all(
        not source.line(index).strip(" \t>") for index in range(original.end_line, block.start_line - 1)
    )


class DuplicateBlock(FileRule):
    code = "DUP004"
    name = "duplicate-block"
    summary = "A paragraph, list, block quote or section repeated verbatim in one post"
    fixable = "sometimes"
    options = {"min-length": 20, "scope": "pasted"}
    changes_html = "removes a repeated block"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        minimum = int(self.opts["min-length"])
        every = self.opts["scope"] == "all"
        entry_paragraphs, entry_lists = _entry_nodes(doc)
        first: dict[str, Block] = {}
        previous: dict[str, Block] = {}
        reported: list[tuple[int, int]] = []
        for block in blocks(doc):
            node = block.nodes[0]
            if id(node) in entry_paragraphs or id(node) in entry_lists:
                continue
            if _within(block, reported):
                continue
            original = first.setdefault(block.key, block)
            last = previous.get(block.key)
            previous[block.key] = block
            # a repeat has the same text, so the same weight: only repeats need weighing
            if original is block or block.weight < minimum or _trivial(doc, block, minimum):
                continue
            pasted = block.kind == "section" or (last is not None and _pasted_twice(doc, last, block))
            if not (pasted or every):
                continue
            reported.append((block.start, block.end))
            line, column = doc.source.position(original.start)
            what = "section" if block.kind == "section" else block.kind.replace("_", " ")
            yield Diagnostic(
                f"this {what} repeats the one at line {line} word for word",
                block.start,
                _first_line_end(doc, node),
                fix=self._fix(doc, block, pasted),
                related=[Related(ctx.path, line, column, "first copy")],
            )

    def _fix(self, doc: Document, block: Block, pasted: bool) -> Fix | None:
        if (
            not block.top_level
            or _leaves_heading_empty(doc, block)
            or neighbours_would_merge(doc, block.nodes[0], block.nodes[-1])
        ):
            return None
        edit = lines_removal(doc, block.start_line, block.end_line)
        if edit is None:
            return None
        message = f"remove the repeated {block.kind.replace('_', ' ')}"
        if pasted:
            return Fix.safe(edit, message=message)
        return Fix.unsafe(edit, message=message + " (it may be a deliberate repeat)")


def _first_line_end(doc: Document, node: Node) -> int:
    """The end of the block's first line: a finding spans one line, the fix the whole block."""
    return min(node.end, doc.source.line_span(node.start_line - 1)[1])
