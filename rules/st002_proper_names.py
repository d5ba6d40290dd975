"""ST002 proper-names: a proper name written with the wrong capitalisation (markdownlint MD044).

## What it does
Reports every occurrence of a name from `names` written in another letter case
(`Javascript`, `github` for `JavaScript`, `GitHub`), and fixes it to the configured
spelling. Names are matched as markdownlint matches them: case-insensitively, as whole
words (a name that starts or ends with a letter, digit or `_` must not continue a word
there; `_` around a name is allowed, so `_github_` is found), longest name first, and
an occurrence that overlaps a longer name's (`github.com` before `GitHub`) is left to
that name. An occurrence spelled exactly like any configured name is fine, so list
several spellings when a name has more than one (`["GitHub", "github.com"]`).

Looked at: text of paragraphs, headings, list items, block quotes and table cells,
link and image text, and the text between HTML tags; code spans and code blocks' code
(not the fence's info string) unless `code-blocks = false`; HTML tags (names,
attributes and their values) and HTML comments unless `html-elements = false`.

Never looked at: URLs of every kind (link and image destinations and titles, reference
definitions, autolinks, bare URLs, `scheme://…`, `www.…`, e-mail and `git@host:path`
addresses anywhere in text and code, and the values of HTML attributes that hold a URL:
`href`, `src`, `srcset`, `action`, `cite`, `poster`, …), the label of a full reference
(`[text][label]`), and front matter. The rule is silent until `names` lists something.

Options: `names` (list of strings, default `[]`), `code-blocks` (default `true`),
`html-elements` (default `true`).

## Why is this bad?
A misspelt product or project name looks careless, and a search for the right spelling
in a case-sensitive tool misses it.

## Example
With `names = ["JavaScript", "GitHub"]`, `Host your javascript on github.` becomes
`Host your JavaScript on GitHub.`

## Fix safety
The fix changes the text the page shows (`changes_html` says so), to the spelling the
configuration asks for; markdownlint applies it too, and the spelling is the author's
own choice, so it is **safe** in prose, link and image text, text between HTML tags,
comments and the prose attributes `alt`, `title`, `aria-label`, `placeholder`, `label`
and `summary`. It is **unsafe** (applied only with `--unsafe-fixes`) inside code spans
and code blocks, where the word may be a command, a package, a path or an identifier
whose case matters (`pip install pytorch`, `import github`), and in the rest of an HTML
tag: tag and attribute names, `class`, `id`, `style` and other identifiers.

## Differences from markdownlint
Measured on the three corpora (`bench/mdl_agreement.py`), mdtidy finds 97-100% of
markdownlint's lines; every difference is one of these:

- URLs. markdownlint means to skip them but misses some: a URL in a code line indented
  4 or more spaces (it re-reads the line as Markdown, where it is indented code), a URL
  in an HTML attribute (`href="https://github.com/x"`) and a Markdown link written inside
  a code block. mdtidy never reports inside a URL. Conversely, once markdownlint finds a
  URL in a line of text or code it skips the rest of that line (its exclusion range runs
  to the end of the text run), so it misses `| python -` after `curl "https://…"`; mdtidy
  reports it.
- Underscores inside a word. markdownlint's parser ends a text run at a `_` it could not
  use for emphasis, so it finds `hugo` in `hugo_stats.json`; mdtidy, like markdownlint's
  own `_*\b` pattern, does not (a name must not continue a word).
- markdownlint's micromark parser treats `:name` as a directive and math (`$…$`) as
  math, not text, so names there are not seen by it; mdtidy (without those extensions)
  reports them.
- markdownlint reads an HTML block's content as Markdown, so a link destination inside
  it (`<div>[x](/github/)</div>`) is skipped by it; mdtidy reads the block as HTML.
- Constructs mistune and CommonMark read differently (see the parser notes) can make
  text code for one and prose for the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cmp_to_key
from typing import Any

from mdtidy.kit.htmlkit import URL_ATTRIBUTES, tags
from mdtidy.kit.inlinetext import INLINE_BLOCKS, block_text
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document, Node

#: HTML attributes whose value is text a reader sees (or hears)
PROSE_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder", "label", "summary"})

_WORD = "A-Za-z0-9_"
#: what GFM's autolink extension (and markdownlint) would take for a URL or address in text
_LITERAL_URL = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s<>]*"
    r"|[A-Za-z0-9._+-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+(?::[^\s<>]*)?",  # e-mail, git@host:path
    re.IGNORECASE,
)
_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})[ \t]*$")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


@dataclass
class Region:
    """Text to scan: ``text[i]`` stands at original offset ``offsets[i]`` (``None``: masked)."""

    text: str
    offsets: list[int | None]
    code: bool = False
    #: original ranges where a fix is unsafe (tag names, attributes that are identifiers)
    unsafe: list[tuple[int, int]] = field(default_factory=list)


def _compare(a: str, b: str) -> int:
    """markdownlint's order: longer names first, then alphabetically."""
    if len(a) != len(b):
        return len(b) - len(a)
    return (a > b) - (a < b)


def name_pattern(name: str) -> re.Pattern[str]:
    """markdownlint's ``(\\b_*)(name)_*\\b`` with JavaScript's ASCII word boundaries."""
    start = "" if re.match(f"[^{_WORD}]", name) else f"(?<![{_WORD}])_*"
    end = "" if re.search(f"[^{_WORD}]$", name) else f"_*(?![{_WORD}])"
    return re.compile(f"{start}({re.escape(name)}){end}", re.IGNORECASE)


def _masked(text: str, start: int, end: int, keep: list[tuple[int, int]]) -> Region:
    """``text[start:end]`` with everything outside the ``keep`` ranges masked."""
    chars = ["\x00"] * (end - start)
    offsets: list[int | None] = [None] * (end - start)
    for a, b in keep:
        for i in range(max(a, start), min(b, end)):
            chars[i - start] = text[i]
            offsets[i - start] = i
    return Region("".join(chars), offsets)


class ProperNames(FileRule):
    code = "ST002"
    name = "proper-names"
    aliases = ("MD044", "proper-names")
    summary = "Proper name with the wrong capitalisation (silent until `names` is set)"
    fixable = "always"
    options = {"names": [], "code-blocks": True, "html-elements": True}
    changes_html = "changes the capitalisation of configured proper names in the text"
    # with code-blocks = true (the default) it is written to fix names in code too (unsafe)
    protected_kinds = frozenset({"code", "code-span"})

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        from mdtidy.config import ConfigError

        names = self.opts["names"]
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise ConfigError(f"rule {self.code}: option 'names' must be a list of non-empty strings")
        for key in ("code-blocks", "html-elements"):
            if not isinstance(self.opts[key], bool):
                raise ConfigError(f"rule {self.code}: option '{key}' must be true or false")
        self.names = sorted(dict.fromkeys(names), key=cmp_to_key(_compare))
        self.patterns = [(name, name_pattern(name)) for name in self.names]

    # ------------------------------------------------------------------ regions

    def _regions(self, doc: Document) -> Iterator[Region]:
        code, html = bool(self.opts["code-blocks"]), bool(self.opts["html-elements"])
        text = doc.text
        for node in doc.walk():
            if node.type in INLINE_BLOCKS or node.type == "table_cell":
                yield self._inline_region(doc, node)
            elif node.type == "block_code" and code:
                yield self._code_block(doc, node)
            elif node.type == "block_html":
                yield self._html(text, node.start, node.end, html, block=True)
            for inline in node.inlines:
                for item in inline.walk():
                    if (
                        item.type == "inline_html"
                        and html
                        and item.start is not None
                        and item.end is not None
                    ):
                        yield self._html(text, item.start, item.end, True, block=False)
        if code:
            for start, end in doc.code_spans:
                inner = text[start:end]
                ticks = len(inner) - len(inner.lstrip("`"))
                region = _masked(text, start, end, [(start + ticks, end - ticks)])
                region.code = True
                yield region

    def _inline_region(self, doc: Document, node: Node) -> Region:
        block = block_text(doc, node)
        offsets: list[int | None] = []
        chars = []
        limit = node.end if node.type == "table_cell" else None
        opaque = {at for a, b in block.opaque for at in range(a, b)}
        for i, char in enumerate(block.text):
            at = block.orig(i)
            outside = limit is not None and not node.start <= at < limit
            if outside or (char != "\n" and at in opaque):
                chars.append("\x00")
                offsets.append(None)
            else:
                chars.append(char)
                offsets.append(at if char != "\n" else None)
        return Region("".join(chars), offsets)

    def _code_block(self, doc: Document, node: Node) -> Region:
        first, last = node.start_line - 1, node.end_line - 1
        if node.attrs.get("style") == "fenced":
            first += 1
            if last >= first and _FENCE.match(doc.source.line(last)):
                last -= 1
        keep = [doc.source.line_span(i)[:2] for i in range(first, last + 1)]
        region = _masked(doc.text, node.start, node.end, keep)
        region.code = True
        return region

    def _html(self, text: str, start: int, end: int, elements: bool, block: bool) -> Region:
        """Text between tags (HTML blocks); comments and tags but their URLs (``elements``)."""
        keep: list[tuple[int, int]] = []
        unsafe: list[tuple[int, int]] = []
        pos = start
        for tag in tags(text, start, end):
            if block:
                keep += self._between(text, pos, tag.start, elements)
            if elements:  # the whole tag but its URLs; fixes are safe only in prose attributes
                at = tag.start
                for attr in tag.attrs:
                    if attr.name in URL_ATTRIBUTES:
                        keep.append((at, attr.value_start))
                        at = attr.value_end
                keep.append((at, tag.end))
                at = tag.start
                for attr in tag.attrs:
                    if attr.name in PROSE_ATTRIBUTES:
                        unsafe.append((at, attr.value_start))
                        at = attr.value_end
                unsafe.append((at, tag.end))
            pos = tag.end
        if block:
            keep += self._between(text, pos, end, elements)
        elif elements and text.startswith("<!--", start):
            keep.append((start + 4, end))
        region = _masked(text, start, end, keep)
        region.unsafe = unsafe
        return region

    @staticmethod
    def _between(text: str, start: int, end: int, comments: bool) -> list[tuple[int, int]]:
        """Text outside comments in ``[start, end)``, plus the comments' text when asked."""
        keep = []
        pos = start
        for m in _COMMENT.finditer(text, start, end):
            keep.append((pos, m.start()))
            if comments:
                keep.append((m.start() + 4, m.end()))
            pos = m.end()
        keep.append((pos, end))
        return keep

    # ------------------------------------------------------------------ check

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        if not self.patterns:
            return
        exact = set(self.names)
        found: list[Diagnostic] = []
        for region in self._regions(doc):
            urls = [m.span() for m in _LITERAL_URL.finditer(region.text)]
            taken: list[tuple[int, int]] = []
            for name, pattern in self.patterns:
                for m in pattern.finditer(region.text):
                    a, b = m.span(1)
                    if any(s < b and a < e for s, e in taken):
                        continue
                    taken.append((a, b))
                    written = m.group(1)
                    if written in exact or any(s < b and a < e for s, e in urls):
                        continue
                    start, end = region.offsets[a], region.offsets[b - 1]
                    if start is None or end is None or end - start != b - 1 - a:
                        continue
                    edit = Edit(start, end + 1, name)
                    message = f"use the spelling '{name}'"
                    unsafe = region.code or any(s <= start < e for s, e in region.unsafe)
                    fix = Fix.unsafe(edit, message=message) if unsafe else Fix.safe(edit, message=message)
                    found.append(
                        Diagnostic(f"'{written}' should be written '{name}'", start, end + 1, fix=fix)
                    )
        found.sort(key=lambda d: d.start)
        yield from found
