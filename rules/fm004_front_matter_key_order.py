"""FM004 front-matter-key-order: top-level front matter keys out of the configured order.

## What it does
Off by default (`select = ["FM004"]` turns it on). Checks the order of the top-level
keys of the front matter against the option `order` (default
`["layout", "title", "date", "category", "categories", "tags"]`). Only the keys listed
in `order` are checked, relative to each other; other keys may stand anywhere. Each key
that has to move is reported on its own line ("'title' should come before 'date'"); the
fewest keys possible are reported (those outside the longest run already in order).

```toml
[tool.mdtidy.rules.FM004]
order = ["layout", "title", "date", "tags"]
```

## Why is this bad?
A fixed key order makes front matter easy to scan and keeps diffs between posts small.

## Example
With the default order,
```markdown
---
title: A post
layout: post
---
```
reports `layout` on line 3; the fix swaps the two lines.

## Fix safety
The fix moves whole key blocks as text: a key's line, the lines of its value (nested
keys, list items, continuation lines, indented comments) and the column-0 comment lines
directly above it (no blank line between). Blank lines stay where they are. The listed
keys are sorted into the places they already take; keys not in `order` do not move.
Every byte is kept, only the order of lines changes. The fix is safe when the
reordered front matter loads with ruamel.yaml to the same data in the new key order
(same values, same types). There is no fix when that check fails (an alias that would
come before its anchor, for example), when a key is not on its own line (flow mappings,
`? ` keys), or when the front matter mixes line endings.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.fmyaml import FrontMatterYaml, canonical, front_matter_yaml, load_yaml
from mdtidy.parsing.parse import Document

DEFAULT_ORDER = ["layout", "title", "date", "category", "categories", "tags"]


def in_order(ranks: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence of ``ranks``."""
    tails: list[int] = []  # rank at the end of the best run of each length
    tail_at: list[int] = []  # index of that rank
    parent: list[int] = [-1] * len(ranks)
    for i, rank in enumerate(ranks):
        k = bisect_left(tails, rank)
        if k == len(tails):
            tails.append(rank)
            tail_at.append(i)
        else:
            tails[k] = rank
            tail_at[k] = i
        parent[i] = tail_at[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        keep.add(i)
        i = parent[i]
    return keep


class FrontMatterKeyOrder(FileRule):
    code = "FM004"
    name = "front-matter-key-order"
    summary = "Top-level front matter keys out of the configured order (off by default)"
    fixable = "sometimes"
    default_enabled = False
    options = {"order": DEFAULT_ORDER}

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        from mdtidy.config import ConfigError

        order = self.opts["order"]
        if not isinstance(order, list) or not all(isinstance(k, str) and k for k in order):
            raise ConfigError(f"rule {self.code}: option 'order' must be a list of key names")
        if len(set(order)) != len(order):
            raise ConfigError(f"rule {self.code}: option 'order' names a key twice")
        self.opts["order"] = list(order)

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        view = front_matter_yaml(doc)
        if view is None or not view.fm.data:
            return
        data = view.fm.data
        rank = {key: i for i, key in enumerate(self.opts["order"])}
        keys = list(data.keys())
        listed = [k for k in keys if isinstance(k, str) and k in rank]
        ranks = [rank[k] for k in listed]
        keep = in_order(ranks)
        wrong = [i for i in range(len(listed)) if i not in keep]
        if not wrong:
            return
        fix = self._fix(view, keys, listed, rank)
        for i in wrong:
            key = listed[i]
            before = next((k for k in listed[:i] if rank[k] > rank[key]), None)
            if before is not None:
                message = f"front matter key '{key}' should come before '{before}'"
            else:
                after = next(k for k in reversed(listed[i + 1 :]) if rank[k] < rank[key])
                message = f"front matter key '{key}' should come after '{after}'"
            line, column = data.lc.key(key)
            start = view.offset(line, column)
            yield Diagnostic(message, start, start + len(key), fix=fix)

    def _fix(
        self, view: FrontMatterYaml, keys: list[Any], listed: list[str], rank: dict[str, int]
    ) -> Fix | None:
        data = view.fm.data
        source = view.source
        lines = view.lines[:-1]  # the YAML's lines; the last element is after the final break
        starts = [data.lc.key(k) for k in keys]
        key_lines = [line for line, _column in starts]
        if any(column != 0 for _line, column in starts) or key_lines != sorted(set(key_lines)):
            return None  # a flow mapping, or keys not each on their own line
        if any(lines[line].startswith("?") for line in key_lines):
            return None
        # the front matter must use one line ending, the file's: moved lines keep theirs
        for index in range(view.fm.start_line - 1, view.fm.end_line - 1):
            _start, content_end, end = source.line_span(index)
            if source.text[content_end:end] != source.eol:
                return None
        # block i: [start, body_end) moves with key i; [body_end, end) (blank lines) stays
        attached = []
        for i, line in enumerate(key_lines):
            floor = key_lines[i - 1] + 1 if i else 0
            start = line
            while start - 1 >= floor and lines[start - 1].startswith("#"):
                start -= 1  # column-0 comments directly above belong to the key
            attached.append(start)
        blocks: list[tuple[int, int, int]] = []
        for i, start in enumerate(attached):
            last = i + 1 == len(attached)
            end = len(lines) if last else attached[i + 1]
            body_end = end
            while body_end - 1 > key_lines[i] and (
                not lines[body_end - 1].strip() or (last and lines[body_end - 1].startswith("#"))
            ):
                body_end -= 1  # blank lines (and, after the last key, closing comments) stay
            blocks.append((start, body_end, end))
        index_of = {key: i for i, key in enumerate(keys)}
        slots = [index_of[k] for k in listed]  # block indexes taken by listed keys
        placed = sorted(listed, key=lambda k: rank[k])
        new_order = list(range(len(keys)))
        for slot, key in zip(slots, placed, strict=True):
            new_order[slot] = index_of[key]

        def text_of(first: int, stop: int) -> str:  # YAML lines [first, stop) as file text
            if first >= stop:
                return ""
            begin = view.offset(first)
            return source.text[begin : view.offset(stop)]

        changed = [slot for slot in range(len(keys)) if new_order[slot] != slot]
        lo, hi = changed[0], changed[-1]
        pieces = []
        for slot in range(lo, hi + 1):
            start, body_end, end = blocks[new_order[slot]]
            pieces.append(text_of(start, body_end))
            if slot < hi:
                pieces.append(text_of(blocks[slot][1], blocks[slot][2]))
        region_start = view.offset(blocks[lo][0])
        region_end = view.offset(blocks[hi][1])
        new_region = "".join(pieces)
        # verify: the reordered front matter loads to the same data, keys in the new order
        new_yaml = (
            source.text[view.offset(0) : region_start]
            + new_region
            + source.text[region_end : view.offset(len(lines))]
        )
        new_yaml = new_yaml.replace("\r\n", "\n").replace("\r", "\n")
        if sorted(new_yaml.split("\n")) != sorted(view.text.split("\n")):
            return None  # pragma: no cover - the blocks partition the lines
        ok, new_data = load_yaml(new_yaml)
        if not ok or not isinstance(new_data, dict):
            return None
        old = dict(zip(keys, canonical(data)[1], strict=True))
        expected = ("map", tuple(old[keys[i]] for i in new_order))
        if canonical(new_data) != expected:
            return None
        return Fix.safe(Edit(region_start, region_end, new_region), message="reorder front matter keys")
