"""CD006 commands-show-output: every line of a code block starts with `$` (markdownlint MD014).

## What it does
Reports each line of a code block (fenced or indented) in which *every* non-blank line
is a shell command with a `$` prompt (`$ ls`) and no line shows output. A block that
mixes commands and their output is fine: there the `$` tells the two apart.

## Why is this bad?
A reader who copies the block copies the prompts too, and `$ npm install` fails. With
no output to tell apart, the `$` only gets in the way.

## Example
````markdown
```sh
$ pip install mdtidy
$ mdtidy --fix posts/
```
````
should be
````markdown
```sh
pip install mdtidy
mdtidy --fix posts/
```
````

## Fix safety
Unsafe (applies with `--unsafe-fixes`): the fix removes the `$` and the white space
after it on each line, which edits the code on purpose (the rule declares it; every
other rule must leave code byte-identical). The author may have meant the prompt, for
instance to show which lines run as an unprivileged user, so mdtidy does not decide it
alone. markdownlint applies the same edit as a normal fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.rulekit import closed
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document

#: a container prefix (block quote markers and indentation), then the prompt
_PROMPT = re.compile(r"(?:[ \t]*>)*[ \t]*(\$[ \t]+)(?=\S)")


class CommandsShowOutput(FileRule):
    code = "CD006"
    name = "commands-show-output"
    aliases = ("MD014", "commands-show-output")
    summary = "Dollar signs before commands without showing output"
    fixable = "always"
    changes_html = "removes the `$ ` prompts from a code block"
    protected_kinds = frozenset({"code"})

    def _lines(self, doc: Document, node: Any) -> range:
        first, last = node.start_line, node.end_line
        if node.attrs.get("style") == "fenced":
            first += 1
            if closed(doc, node):
                last -= 1
        return range(first, last + 1)

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for node in doc.nodes_of("block_code"):
            prompts: list[tuple[int, int]] = []
            output = False
            for line in self._lines(doc, node):
                start, end, _ = doc.source.line_span(line - 1)
                text = doc.text[start:end]
                if not text.strip(" \t>"):
                    continue
                match = _PROMPT.match(text)
                if match is None:
                    output = True
                    break
                prompts.append((start + match.start(1), start + match.end(1)))
            if output or not prompts:
                continue
            for start, end in prompts:
                yield Diagnostic(
                    "dollar sign before a command without output",
                    start,
                    start + 1,
                    fix=Fix.unsafe(Edit.delete(start, end), message="remove the prompt"),
                )
