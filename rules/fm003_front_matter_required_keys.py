"""FM003 front-matter-required-keys: front matter without the keys its folder requires.

## What it does
Checks that the front matter has the keys the configuration requires for the file's
path, for example `title` and `layout` for every post in `_posts/`:

```toml
[tool.mdtidy.rules.FM003]
required = { "_posts/" = ["title", "layout"], "*.md" = ["title"] }
```

`required` maps a path pattern to a list of keys. A pattern ending in `/` is a folder:
it matches every file below a folder of that name, wherever it is (`_posts/` matches
`_posts/a.md`, `site/_posts/2020/a.md`). Any other pattern is a glob matched against the
path and against its tail (`_drafts/*.md`, `*.md`, `*` for every file). The keys of all
matching patterns are required. Patterns and keys are compared case-sensitively; the
path is the one mdtidy reports (`./` and `\\` are normalised).

Reported, once per file:

* missing keys, on the opening `---` of the front matter;
* a file without front matter, on line 1 (only when keys are required for it);

and, once per key, a required key whose value is empty (`title:` or `title: ""`), on
that key's line. The default `required` is empty: the rule is silent until configured.
Front matter that FM001 reports as invalid, a `---` that is never closed (FM001's
finding) and runs with `front-matter = false` are not checked.

## Why is this bad?
Jekyll publishes a post without `layout` as bare text and one without `title` under its
file name: the post is there, but not as its author meant.

## Example
With `required = { "_posts/" = ["title", "layout"] }`, `_posts/2020-01-01-a.md`
starting with
```markdown
---
title: A post
---
```
reports "missing front matter key 'layout' (required for '_posts/')"
on line 1.

## Fix safety
No fix: only the author knows the missing value.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.fmyaml import front_matter_yaml
from mdtidy.parsing.parse import Document

_KEY_LINE = re.compile(r"[A-Za-z_][\w-]*:(?:\s|$)")  # FM001's "never closed" case


def path_matches(pattern: str, path: str) -> bool:
    """Whether a ``required`` pattern applies to ``path`` (see the rule's documentation)."""
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    if pattern.endswith("/"):
        return fnmatch.fnmatchcase(path, pattern + "*") or fnmatch.fnmatchcase(path, "*/" + pattern + "*")
    return fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, "*/" + pattern)


def _quote(keys: list[str]) -> str:
    return ", ".join(f"'{k}'" for k in keys)


class FrontMatterRequiredKeys(FileRule):
    code = "FM003"
    name = "front-matter-required-keys"
    summary = "Front matter lacks a key required for the file's folder (configurable)"
    options = {"required": {}}

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        from mdtidy.config import ConfigError

        required = self.opts["required"]
        problem = f"rule {self.code}: option 'required' must map path patterns to lists of keys"
        if not isinstance(required, dict):
            raise ConfigError(f'{problem}, e.g. {{"_posts/" = ["title", "layout"]}}')
        table: dict[str, list[str]] = {}
        for pattern, keys in required.items():
            if isinstance(keys, str):
                keys = [keys]
            if not isinstance(pattern, str) or not pattern:
                raise ConfigError(f"{problem}; {pattern!r} is not a path pattern")
            if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
                raise ConfigError(f"{problem}; the keys for {pattern!r} are not a list of key names")
            table[pattern] = list(keys)
        self.opts["required"] = table

    def required_keys(self, path: str) -> tuple[list[str], list[str]]:
        """The keys required for ``path`` (in configuration order) and the patterns that matched."""
        keys: list[str] = []
        patterns: list[str] = []
        for pattern, wanted in self.opts["required"].items():
            if path_matches(pattern, path):
                patterns.append(pattern)
                keys += [k for k in wanted if k not in keys]
        return keys, patterns

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        keys, patterns = self.required_keys(ctx.path)
        if not keys or not ctx.config.front_matter:
            return
        why = f"(required for {_quote(patterns)})"
        source = doc.source
        if doc.front_matter is None:
            if (
                source.line_count() > 1
                and source.line(0).rstrip() == "---"
                and _KEY_LINE.match(source.line(1))
            ):
                return  # an unclosed front matter: FM001 reports it
            plural = "s" if len(keys) != 1 else ""
            yield Diagnostic(f"no front matter; key{plural} {_quote(keys)} {why}", 0, 0)
            return
        view = front_matter_yaml(doc)
        if view is None:
            return  # FM001 reports it
        data = view.fm.data or {}
        missing = [k for k in keys if k not in data]
        if missing:
            plural = "s" if len(missing) != 1 else ""
            yield Diagnostic(f"missing front matter key{plural} {_quote(missing)} {why}", 0, 3)
        for key in keys:
            if key in data and (data[key] is None or (isinstance(data[key], str) and not data[key].strip())):
                line, column = data.lc.key(key)
                start = view.offset(line, column)
                yield Diagnostic(f"front matter key '{key}' is empty {why}", start, start + len(key))
