"""FM005 front-matter-quoting: string values of the front matter quoted inconsistently.

## What it does
Looks at the string values of the front matter (mapping values and list items, at any
depth; not keys) written on one line as a plain (`title: A post`), single-quoted
(`'A post'`) or double-quoted (`"A post"`) scalar, and reports those not written in the
expected style. The option `style` sets it:

* `"consistent"` (default): the style most of the file's string values use; on a tie,
  the style of the first one;
* `"plain"`, `"double"` or `"single"`: that style.

```toml
[tool.mdtidy.rules.FM005]
style = "double"
```

Not checked: keys, block scalars (`|`, `>`), values spread over several lines, values
with an anchor or a tag (`&a`, `!!str`), and values that are not strings (numbers,
booleans, dates, null). A string that cannot be written in the expected style without
becoming something else is not reported either: `"2019-01-01"` (a date without the
quotes), `"true"`, `"yes"` (a boolean in YAML 1.1, which Jekyll uses), `"1.0"`,
`"null"`, `"a: b"`, `"#tag"`, `" padded "` keep their quotes, even with
`style = "plain"`. Front matter that FM001 reports as invalid is not checked.

Off by default (`default_enabled = False`): a per-file majority is a poor guess at a
site's convention. Jekyll's own post template writes `layout: post` and
`title: "Welcome to Jekyll!"`, quoting titles (which may hold a colon) and not
identifiers; on a real Jekyll blog `"consistent"` quoted `layout: post` in every post,
and on Hugo's documentation it unquoted list items the site quotes everywhere else.
Select it (`--select FM005` or in the configuration), best with an explicit `style`.

## Why is this bad?
Mixed quoting is noise in every diff and makes readers wonder whether the quotes mean
something. Quotes that are needed stay, so nothing changes type.

## Example
```markdown
---
layout: post
title: "Pytorch"
category: AI
---
```
reports `"Pytorch"` on line 3 (plain is the most common style); the fix writes
`title: Pytorch`.

## Fix safety
Safe: the fix rewrites only the scalar's text, and only when the front matter with the
new text loads with ruamel.yaml to exactly the same data, the same values of the same
types. A plain scalar must also be a string under YAML 1.1 (Jekyll) and 1.2. When that
check fails there is no finding at all (see above).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.fmyaml import FrontMatterYaml, Scalar, front_matter_yaml, plain_is_string
from mdtidy.parsing.parse import Document

STYLES = ("consistent", "plain", "double", "single")
_NAMES = {"plain": "plain", "single": "single-quoted", "double": "double-quoted"}
#: scalars verified one by one at most (when rewriting all at once changes the data)
_MAX_SINGLE_CHECKS = 200


def _printable(ch: str) -> bool:
    code = ord(ch)
    return (
        ch == "\t"
        or (0x20 <= code < 0x7F)
        or (code >= 0xA0 and ch not in "\u2028\u2029\ufeff")
        or ch == "\x85"
    )


def written(value: str, style: str) -> str | None:
    """``value`` written as a ``style`` scalar, or ``None`` when that style cannot hold it."""
    if style == "double":
        out = []
        for ch in value:
            if ch in '\\"':
                out.append("\\" + ch)
            elif ch == "\x85" or not _printable(ch):
                code = ord(ch)
                out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'
    if not value or not all(_printable(ch) and ch not in "\t\x85" for ch in value):
        return None  # a tab would become invisible, a control character impossible
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if value != value.strip() or not plain_is_string(value):
        return None
    return value


class FrontMatterQuoting(FileRule):
    code = "FM005"
    name = "front-matter-quoting"
    summary = "String values of the front matter quoted inconsistently"
    fixable = "always"
    default_enabled = False
    options = {"style": "consistent"}
    choices = {"style": STYLES}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        view = front_matter_yaml(doc)
        if view is None or not view.fm.data:
            return
        strings = [s for s in view.scalars() if self._is_string(view, s)]
        if not strings:
            return
        style = self.opts["style"]
        if style == "consistent":
            counts = Counter(s.style for s in strings)
            best = max(counts.values())
            style = next(s.style for s in strings if counts[s.style] == best)
        candidates = []
        for scalar in strings:
            if scalar.style == style:
                continue
            new = written(scalar.value, style)
            if new is not None:
                candidates.append((scalar, new))
        if not candidates:
            return
        ok = self._verify(view, candidates)
        for (scalar, new), good in zip(candidates, ok, strict=True):
            if not good:
                continue  # the expected style would change the value: its quotes are needed
            start = view.offset(scalar.line, scalar.column)
            end = view.offset(scalar.end_line, scalar.end_column)
            if self.opts["style"] == "consistent":
                why = f"most string values of this front matter are {_NAMES[style]}"
            else:
                why = f"the configured style is {_NAMES[style]}"
            yield Diagnostic(
                f"{_NAMES[scalar.style]} string; {why}",
                start,
                end,
                fix=Fix.safe(Edit(start, end, new)),
            )

    @staticmethod
    def _is_string(view: FrontMatterYaml, scalar: Scalar) -> bool:
        if scalar.role != "value" or scalar.decorated or scalar.line != scalar.end_line:
            return False
        if scalar.style not in _NAMES:
            return False
        text = view.lines[scalar.line][scalar.column : scalar.end_column]
        if scalar.style == "plain":
            return text == scalar.value and plain_is_string(scalar.value)
        quote = "'" if scalar.style == "single" else '"'
        return len(text) >= 2 and text[0] == quote and text[-1] == quote

    @staticmethod
    def _verify(view: FrontMatterYaml, candidates: list[tuple[Scalar, str]]) -> list[bool]:
        def edits(items: list[tuple[Scalar, str]]) -> dict[int, list[tuple[int, int, str]]]:
            out: dict[int, list[tuple[int, int, str]]] = {}
            for scalar, new in items:
                out.setdefault(scalar.line, []).append((scalar.column, scalar.end_column, new))
            return out

        if view.loads_same(view.replaced(edits(candidates))):
            return [True] * len(candidates)
        return [
            number < _MAX_SINGLE_CHECKS and bool(view.loads_same(view.replaced(edits([item]))))
            for number, item in enumerate(candidates)
        ]
