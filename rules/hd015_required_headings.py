"""HD015 required-headings: the headings differ from the required structure (markdownlint MD043).

## What it does
Checks a file's headings, in order, against the list `headings` (each written as an
ATX heading, `"## Usage"`, whatever the style of the file's headings). Special entries,
as in markdownlint:

- `"*"`: zero or more headings of any kind;
- `"+"`: one or more headings of any kind;
- `"?"`: exactly one heading of any kind.

A wildcard is a whole entry (`"## *"` is a heading called `*`): `["?", "## Description",
"*"]` asks for one heading of any kind, then `## Description`, then anything. Text is
compared as written (with `*`, `` ` `` and other markup; inline HTML left out, but not
the spaces around it; a setext heading's lines joined by a space), case-insensitively
unless `match-case = true`.

At most one finding per file, as in markdownlint: on the first heading that does not
fit ("expected `## Description`, found `## Examples`"), or, when the file ends before a
required heading, on the last line ("the file ends without the required heading
`## Examples`"). A file with no headings at all passes only when every entry is `"*"`.

Options: `headings` (list of strings; default unset: the rule is silent), `match-case`
(default `false`). `headings = []` means "no headings at all": every file with a
heading is reported. Headings in code blocks, HTML blocks and front matter are not
headings.

## Why is this bad?
Documents of one kind (a project README, an API page, a post template) are easier to
read and to check when they share one structure; a missing "Examples" section is easy
to overlook.

## Example
With `headings = ["?", "## Installation", "## Usage", "*"]`, the file

```markdown
# Tool
## Usage
```

is reported on line 2: expected `## Installation`, found `## Usage`.

## Fix safety
No fix: only the author can write a missing section.

## Differences from markdownlint
On the three corpora (`bench/mdl_agreement.py`, three `headings` lists) mdtidy reports
exactly markdownlint's lines. Known differences, not met there:

- markdownlint keeps the indentation of a setext heading's continuation lines and its
  trailing spaces before a line break in the heading text; mdtidy joins the lines with
  one space. Only multi-line setext headings can compare differently.
- Constructs mistune and CommonMark read differently (see the parser notes) can make a
  line a heading for one and text for the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document, Node

_ATX_OPEN = re.compile(r"#{1,6}")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def heading_text(doc: Document, node: Node) -> str:
    """A heading's text as written, lines joined by a space, inline HTML left out (not the
    spaces around it: ``## Setup <a id="s"></a>`` is ``Setup `` for markdownlint too)."""
    text = doc.text
    if node.attrs.get("style") == "setext":
        start = node.start
        end = doc.source.line_span(node.end_line - 2)[1] if node.end_line > node.start_line else node.start
        while end > start and text[end - 1] in " \t":
            end -= 1
    else:
        line_end = doc.source.line_span(node.start_line - 1)[1]
        opening = _ATX_OPEN.match(text, node.start, line_end)
        start = opening.end() if opening else node.start
        while start < line_end and text[start] in " \t":
            start += 1
        rest = text[start:line_end].rstrip(" \t")
        closing = _ATX_CLOSE.search(rest)
        if closing is not None:
            rest = rest[: closing.start()]
        end = start + len(rest)
    html = sorted(
        (item.start, item.end)
        for inline in node.inlines
        for item in inline.walk()
        if item.type == "inline_html" and item.start is not None and item.end is not None
    )
    parts = []
    pos = start
    for a, b in html:
        if a >= pos and b <= end:
            parts.append(text[pos:a])
            pos = b
    parts.append(text[pos:end])
    return _LINE_BREAK.sub(" ", "".join(parts))


class RequiredHeadings(FileRule):
    code = "HD015"
    name = "required-headings"
    aliases = ("MD043", "required-headings")
    summary = "Headings differ from the required structure (silent until `headings` is set)"
    options = {"headings": None, "match-case": False}

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        from mdtidy.config import ConfigError

        required = self.opts["headings"]
        if required is not None and (
            not isinstance(required, list) or not all(isinstance(h, str) for h in required)
        ):
            raise ConfigError(
                f"rule {self.code}: option 'headings' must be a list of headings such as '## Usage'"
            )
        if not isinstance(self.opts["match-case"], bool):
            raise ConfigError(f"rule {self.code}: option 'match-case' must be true or false")

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        required: list[str] | None = self.opts["headings"]
        if required is None:
            return
        match_case = bool(self.opts["match-case"])

        def same(a: str, b: str) -> bool:
            return a == b if match_case else a.lower() == b.lower()

        # markdownlint's matcher, step for step
        i = 0
        match_any = False
        any_headings = False

        def expected() -> str:
            nonlocal i
            value = required[i] if i < len(required) else ""
            i += 1
            return value or "[None]"

        nodes = sorted(doc.nodes_of("heading"), key=lambda n: n.start)
        for node in nodes:
            any_headings = True
            actual = "#" * int(node.attrs.get("level", 1)) + " " + heading_text(doc, node)
            wanted = expected()
            if wanted == "*":
                if not same(expected(), actual):
                    match_any = True
                    i -= 1
            elif wanted == "+":
                match_any = True
            elif wanted == "?":
                pass
            elif same(wanted, actual):
                match_any = False
            elif match_any:
                i -= 1
            else:
                shown = "no more headings" if wanted == "[None]" else f"'{wanted}'"
                line_end = doc.source.line_span(node.start_line - 1)[1]
                yield Diagnostic(f"expected {shown}, found '{actual}'", node.start, line_end)
                return
        extra = len(required) - i
        if (extra > 1 or (extra == 1 and required[i] != "*")) and (
            any_headings or not all(h == "*" for h in required)
        ):
            at = doc.source.line_starts[-1]
            wanted = next((h for h in required[i:] if h not in ("*", "+", "?")), None)
            what = f"required heading '{wanted}'" if wanted else f"a heading for '{required[i]}'"
            yield Diagnostic(f"the file ends without the {what}", at, at)
