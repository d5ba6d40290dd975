"""FM002 front-matter-trailing-space: spaces or tabs at the end of a front matter line.

## What it does
Reports trailing spaces and tabs on the lines of the YAML front matter, the `---`
fences included (WS001 leaves the front matter alone). Front matter that FM001 reports
as invalid is not checked.

## Why is this bad?
They are invisible, show up in every diff and, after a plain value such as
`category: AI `, suggest that the space is part of the value when YAML drops it.
Inside a quoted string that spans lines or a block scalar (`|`) they are real content
of the value, which is rarely what the author meant.

## Example
```markdown
---
layout: post
category: AI
---
```
reports line 3; the fix gives `category: AI`.

## Fix safety
Every fix is checked by loading the edited front matter again with ruamel.yaml:

* Safe when the front matter loads to exactly the same data (same values, same types):
  after a plain value, a key, a comment, a fence, or on a line of a multi-line quoted
  string (where YAML folds the spaces away).
* Unsafe when the whitespace is part of a value (a literal `|` or folded `>` block
  scalar): removing it changes that value. Applied only with `--unsafe-fixes`.
* No fix when the edited front matter would not load.

Only the reported whitespace is removed; every other byte of the front matter is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.fmyaml import front_matter_yaml
from mdtidy.parsing.parse import Document

#: lines verified one by one at most (when removing all at once changes the data)
_MAX_SINGLE_CHECKS = 200


class FrontMatterTrailingSpace(FileRule):
    code = "FM002"
    name = "front-matter-trailing-space"
    summary = "Trailing spaces or tabs at the end of a front matter line"
    fixable = "sometimes"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        view = front_matter_yaml(doc)
        if view is None:
            return
        source = doc.source
        found: list[tuple[int, int, int]] = []  # (file line index, content length, line length)
        for index in range(view.fm.end_line):
            line = source.line(index)
            stripped = line.rstrip(" \t")
            if stripped != line:
                found.append((index, len(stripped), len(line)))
        if not found:
            return
        # YAML lines (fences excluded): verify all removals at once, then one by one if needed
        yaml_found = [
            (i - view.first, keep, full)
            for i, keep, full in found
            if 0 <= i - view.first < len(view.lines) - 1
        ]
        verdict: dict[int, bool | None] = {}
        if yaml_found:
            everything = view.replaced({line: [(keep, full, "")] for line, keep, full in yaml_found})
            if view.loads_same(everything):
                verdict = {line: True for line, _k, _f in yaml_found}
            else:
                for number, (line, keep, full) in enumerate(yaml_found):
                    if number >= _MAX_SINGLE_CHECKS:
                        verdict[line] = None
                        continue
                    verdict[line] = view.loads_same(view.replaced({line: [(keep, full, "")]}))
        for index, keep, full in found:
            start = source.line_starts[index]
            edit = Edit(start + keep, start + full, "")
            count = full - keep
            message = f"{count} trailing whitespace character{'s' if count != 1 else ''} in front matter"
            same = verdict.get(index - view.first, True)  # the fences are not YAML: always safe
            if same:
                fix = Fix.safe(edit)
            elif same is False:
                message += " (part of a value: removing it changes the value)"
                fix = Fix.unsafe(edit)
            else:
                fix = None
            yield Diagnostic(message, start + keep, start + full, fix=fix)
