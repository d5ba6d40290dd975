"""CD002 fenced-code-language: a fenced code block without a language (markdownlint MD040).

## What it does
Reports a fenced code block whose opening fence has no info string (no language).

Options (markdownlint's defaults):

- `allowed-languages` (default `[]`): if not empty, the language (the info string's first
  word) must be one of these; case sensitive.
- `language-only` (default `false`): report an info string that holds anything besides
  the language, such as `ruby startline=3` or surrounding white space.

## Why is this bad?
Without a language the code gets no syntax highlighting. Use `text` for plain text.

## Example
````markdown
```
echo Hello
```
````

should be

````markdown
```sh
echo Hello
```
````

## Fix safety
No fix: only the author knows the language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document

_OPENING = re.compile(r"(`{3,}|~{3,})(.*)")


class FencedCodeLanguage(FileRule):
    code = "CD002"
    name = "fenced-code-language"
    aliases = ("MD040", "fenced-code-language")
    summary = "Fenced code block without a language"
    options = {"allowed-languages": [], "language-only": False}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        allowed = [str(lang) for lang in self.opts["allowed-languages"] or []]
        for node in doc.nodes_of("block_code"):
            if node.attrs.get("style") != "fenced":
                continue
            line_end = doc.source.line_span(node.start_line - 1)[1]
            m = _OPENING.match(doc.text, node.start, line_end)
            if m is None:
                continue
            info = m.group(2)
            language = info.split()[0] if info.strip() else ""
            end = m.end(1)
            if not language:
                yield Diagnostic("fenced code block without a language", node.start, end)
            elif allowed and language not in allowed:
                yield Diagnostic(
                    f"language {language!r} is not one of {', '.join(allowed)}", node.start, line_end
                )
            elif self.opts["language-only"] and info != language:
                yield Diagnostic(
                    f"info string holds more than the language {language!r}", node.start, line_end
                )
