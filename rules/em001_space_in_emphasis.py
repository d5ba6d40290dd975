"""EM001 space-in-emphasis: emphasis markers with spaces inside, `* text *` (markdownlint MD037).

## What it does
Finds pairs of `*`, `**`, `***`, `_`, `__` or `___` that stayed literal text in a block
(no emphasis was made of them) where the opening marker is followed by spaces or the
closing one preceded by spaces on the same line: `** bold **`, `* italic*`, `_ x _`.
As in markdownlint, literal markers are paired in order of appearance, per marker.

Markers are located with CommonMark's emphasis algorithm. A block where that algorithm,
its cmark-gfm variant and mistune do not find the same emphasis is skipped, as is one
with a strong emphasis directly inside another (cmark-gfm merges the two, mistune nests
them); so is everything in code spans, code blocks, HTML, autolinks, URLs and front
matter.

## Why is this bad?
Emphasis only works when the markers touch the text. `** bold **` shows the asterisks
and no bold.

## Example
```markdown
Here is some ** bold ** text.
```
becomes
```markdown
Here is some **bold** text.
```

## Fix safety
Unsafe, and the fix changes the page on purpose: the text becomes emphasis. The markers
may have been meant literally, as in `2 * 3 * 4` (which markdownlint also reports), so
the fix is applied only with `--unsafe-fixes`. It is offered only where, after the
spaces are removed, the two markers really make emphasis of each other under
CommonMark's rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.emphasis import Run, analyse, emphasis_blocks, find_emphasis
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document

_AFTER = re.compile(r"[ \t]+(?=[^\s])")
_BEFORE = re.compile(r"(?<=[^\s])[ \t]+$")


class SpaceInEmphasis(FileRule):
    code = "EM001"
    name = "space-in-emphasis"
    aliases = ("MD037", "no-space-in-emphasis")
    summary = "Spaces inside emphasis markers"
    fixable = "sometimes"
    changes_html = "turns the spaced markers into emphasis"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for node in emphasis_blocks(doc):
            analysis = analyse(doc, node)
            if not analysis.trusted:
                continue
            by_marker: dict[str, list[Run]] = {}
            for run in analysis.literal:
                if run.length <= 3:
                    by_marker.setdefault(run.char * run.length, []).append(run)
            text = analysis.block.text
            for marker, runs in by_marker.items():
                for opener, closer in zip(runs[0::2], runs[1::2], strict=False):
                    yield from self._pair(doc, analysis, text, marker, opener, closer)

    def _pair(
        self, doc: Document, analysis: Any, text: str, marker: str, opener: Run, closer: Run
    ) -> Iterator[Diagnostic]:
        block = analysis.block
        line_end = text.find("\n", opener.end)
        after = _AFTER.match(text, opener.end, line_end if line_end >= 0 else len(text))
        line_start = text.rfind("\n", 0, closer.start) + 1
        before = _BEFORE.search(text[line_start : closer.start])
        if after is None and before is None:
            return
        cuts = []
        if after is not None:
            cuts.append((after.start(), after.end()))
        if before is not None:
            cuts.append((line_start + before.start(), line_start + before.end()))
        if len(cuts) == 2 and cuts[0][1] > cuts[1][0]:
            return  # nothing between the markers but spaces
        fixed = text
        for s, e in sorted(cuts, reverse=True):
            fixed = fixed[:s] + fixed[e:]
        removed_before_closer = sum(e - s for s, e in cuts)
        new_close = closer.start - removed_before_closer
        regions = [
            (s - sum(e2 - s2 for s2, e2 in cuts if e2 <= s), e - sum(e2 - s2 for s2, e2 in cuts if e2 <= e))
            for s, e in analysis.regions
        ]
        fix = None
        a, _ = find_emphasis(fixed, regions)
        b, _ = find_emphasis(fixed, regions, symbols=True, spec031=True)
        if a == b and any(
            opener.start <= m.open_start < opener.end
            and new_close <= m.close_start < new_close + closer.length
            for m in a
        ):
            edits = [Edit.delete(block.orig(s), block.orig(e - 1) + 1) for s, e in cuts]
            fix = Fix.unsafe(*edits, message="remove the spaces")
        start, end = block.orig(opener.start), block.orig(closer.end - 1) + 1
        yield Diagnostic(f"spaces inside emphasis markers {marker}…{marker}", start, end, fix=fix)
