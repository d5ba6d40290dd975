"""Templating that runs on the raw text before Markdown: found, kept opaque, masked.

Jekyll renders Liquid over the whole body before kramdown sees it, Hugo's lexer finds
shortcodes anywhere in the content, and pymdownx's snippets replace whole lines before
Python-Markdown parses anything (``shared/notes/dialects.md`` §0, §2, §4, §5). These
constructs are therefore found on the raw text, code blocks included, and become
*opaque regions*: no rule reports inside them and no fix edits them.

The parser is then given a *masked* copy of the text, of exactly the same length and
line structure, in which each region reads as what the renderer would see:

* a Liquid tag that outputs nothing (``{% if %}``, ``{% endfor %}``, ``{% assign %}``,
  a comment) alone on its line becomes an empty line, as Liquid leaves it;
* ``{% highlight lang %}`` … ``{% endhighlight %}`` on lines of their own become the
  fence lines of a fenced code block (``highlight`` is code, nothing inside it is
  Markdown);
* everything else (``{{ output }}``, ``{% include %}``, a shortcode, a snippet line)
  becomes a run of :data:`MASK` characters: unknown text, inert to Markdown, that never
  ends a link destination or a table cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mdtidy.parsing.flavors import Flavor

__all__ = ["MASK", "Masked", "Region", "mask_flavor", "mask_text"]

#: the character masked text is made of (private use: no Markdown meaning)
MASK = "\ue000"


@dataclass(frozen=True, order=True)
class Region:
    """An opaque region: ``text[start:end]`` is the renderer's, not Markdown's."""

    start: int
    end: int
    kind: str


@dataclass
class Masked:
    text: str
    regions: list[Region] = field(default_factory=list)


# --------------------------------------------------------------------------- Liquid

_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}?", re.DOTALL)
_TAG_NAME = re.compile(r"\{%-?\s*(#|[A-Za-z_]\w*)")
_RAW_END = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_COMMENT_TAG = re.compile(r"\{%-?\s*(comment|endcomment)\s*-?%\}")
_HIGHLIGHT_OPEN = re.compile(r"\{%-?\s*highlight\s+([\w+#.-]+)[^%]*?-?%\}")
_HIGHLIGHT_END = re.compile(r"\{%-?\s*endhighlight\s*-?%\}")

#: tags that output nothing (the line they stand alone on becomes empty)
_SILENT = {
    "if",
    "elsif",
    "else",
    "endif",
    "unless",
    "endunless",
    "case",
    "when",
    "endcase",
    "for",
    "endfor",
    "break",
    "continue",
    "assign",
    "capture",
    "endcapture",
    "comment",
    "endcomment",
    "raw",
    "endraw",
    "liquid",
    "#",
}


class _Masker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.chars = list(text)
        self.regions: list[Region] = []

    def fill(self, start: int, end: int, char: str = MASK) -> None:
        chars = self.chars
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = char

    def fill_block(self, start: int, end: int) -> None:
        """Mask a region that may hold blank lines, so it stays one block to the parser."""
        self.fill(start, end)
        text, chars = self.text, self.chars
        i = start
        while i < end:
            if text[i] == "\n" and i + 1 < end and text[i + 1] in "\r\n":
                chars[i + 1] = MASK + chars[i + 1]  # an empty line gets one mask character
            i += 1

    def clear_lines(self, start: int, end: int) -> None:
        """Empty the lines ``text[start:end]`` stands on (their line breaks stay): what
        Liquid leaves of a tag that outputs nothing. Not spaces: mistune would read a
        line of four spaces as indented code."""
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        self.fill(line_start, len(text) if line_end < 0 else line_end, "")

    def alone(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is all that stands on its lines (white space apart)."""
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        if line_end < 0:
            line_end = len(text)
        return not text[line_start:start].strip() and not text[end:line_end].strip()

    def region(self, start: int, end: int, kind: str) -> None:
        self.regions.append(Region(start, end, kind))

    def result(self) -> Masked:
        return Masked("".join(self.chars), sorted(self.regions))


def _tag_name(token: str) -> str:
    m = _TAG_NAME.match(token)
    return m.group(1) if m else ""


def _liquid(m: _Masker, start: int) -> None:
    text = m.text
    end = len(text)
    pos = start
    while pos < end:
        found = _LIQUID.search(text, pos, end)
        if found is None:
            return
        s, e = found.span()
        token = found.group(0)
        name = _tag_name(token) if token.startswith("{%") else ""
        if name == "raw":
            close = _RAW_END.search(text, e)
            if close is None:  # Liquid fails the build; keep just the tag opaque
                _silent_tag(m, s, e)
                pos = e
                continue
            _silent_tag(m, s, e)
            _silent_tag(m, close.start(), close.end())
            m.region(s, close.end(), "liquid-raw")
            pos = close.end()
            continue
        if name == "comment":
            close_end = _comment_end(text, e)
            if close_end is None:
                _silent_tag(m, s, e)
                pos = e
                continue
            if m.alone(s, close_end):
                m.clear_lines(s, close_end)
            else:
                m.fill(s, close_end)
            m.region(s, close_end, "liquid-comment")
            pos = close_end
            continue
        if name == "highlight":
            opened = _HIGHLIGHT_OPEN.match(token)
            close = _HIGHLIGHT_END.search(text, e)
            if opened is not None and close is not None:
                _highlight(m, s, e, close.start(), close.end(), opened.group(1))
                pos = close.end()
                continue
        if name in _SILENT:
            _silent_tag(m, s, e)
        else:
            m.fill(s, e)
        m.region(s, e, "liquid")
        pos = e


def _silent_tag(m: _Masker, s: int, e: int) -> None:
    if m.alone(s, e):
        m.clear_lines(s, e)
    else:
        m.fill(s, e)


def _comment_end(text: str, pos: int) -> int | None:
    depth = 1
    for tag in _COMMENT_TAG.finditer(text, pos):
        depth += 1 if tag.group(1) == "comment" else -1
        if depth == 0:
            return tag.end()
    return None


def _highlight(m: _Masker, s: int, e: int, cs: int, ce: int, lang: str) -> None:
    """``{% highlight %}`` … ``{% endhighlight %}``: a code block, opaque as a whole."""
    text = m.text
    body = text[e:cs]
    if m.alone(s, e) and m.alone(cs, ce):
        longest = max((len(r) for r in re.findall(r"`+", body)), default=0)
        fence = "`" * max(3, longest + 1)
        if len(fence) + len(lang) <= e - s and len(fence) <= ce - cs:
            m.chars[s:e] = list((fence + lang).ljust(e - s))
            m.chars[cs:ce] = list(fence.ljust(ce - cs))
            _liquid_inside_code(m, e, cs)
            m.region(s, ce, "liquid-highlight")
            return
    m.fill_block(s, ce)
    m.region(s, ce, "liquid-highlight")


def _liquid_inside_code(m: _Masker, start: int, end: int) -> None:
    """Liquid inside a highlight block is still rendered: mask it (the block is opaque)."""
    for found in _LIQUID.finditer(m.text, start, end):
        m.fill(*found.span())


# --------------------------------------------------------------------------- Hugo shortcodes

_SC_OPEN = re.compile(r"\{\{([<%])")
_SC_NAME = re.compile(r"\s*(/?)\s*([^\W\d][\w/.-]*|[\d_][\w/.-]*)")


def _shortcode_end(text: str, pos: int, family: str) -> int | None:
    """End of a shortcode tag whose parameters start at ``pos`` (``>}}`` or ``%}}``)."""
    closer = (">" if family == "<" else "%") + "}}"
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch == '"':
            close = pos + 1
            while close < n and text[close] != '"':
                if text[close] == "\n":
                    return None
                close += 2 if text[close] == "\\" else 1
            pos = close + 1
            continue
        if ch == "`":
            close = text.find("`", pos + 1)
            if close < 0:
                return None
            pos = close + 1
            continue
        if text.startswith(closer, pos):
            return pos + len(closer)
        if text.startswith("{{<", pos) or text.startswith("{{%", pos):
            return None
        pos += 1
    return None


@dataclass
class _Tag:
    start: int
    end: int
    name: str
    family: str
    closing: bool
    self_closing: bool


def _shortcodes(m: _Masker, start: int, markdown_bodies: tuple[str, ...]) -> None:
    text = m.text
    tags: list[_Tag] = []
    pos = start
    while True:
        found = _SC_OPEN.search(text, pos)
        if found is None:
            break
        family = found.group(1)
        start = found.start()
        after = found.end()
        if text.startswith("/*", after):
            close = text.find("*/" + (">" if family == "<" else "%") + "}}", after)
            if close >= 0:  # {{</* shortcode */>}}: shown as written, never run
                end = close + 5
                m.fill(start, end)
                m.region(start, end, "shortcode")
                pos = end
                continue
        name = _SC_NAME.match(text, after)
        end = _shortcode_end(text, name.end(), family) if name else None
        if name is None or end is None:
            pos = after
            continue
        inner = text[name.end() : end - 3].rstrip()
        tags.append(_Tag(start, end, name.group(2), family, bool(name.group(1)), inner.endswith("/")))
        pos = end
    # pair closing tags with their openers (nesting allowed)
    stack: list[_Tag] = []
    pairs: dict[int, _Tag] = {}
    for tag in tags:
        if tag.closing:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i].name == tag.name:
                    pairs[id(stack[i])] = tag
                    del stack[i:]
                    break
        elif not tag.self_closing:
            stack.append(tag)
    covered_until = -1
    for tag in tags:
        if tag.start < covered_until:
            continue  # inside an opaque body already masked
        close = pairs.get(id(tag))
        opaque_body = close is not None and tag.family == "<" and tag.name.lower() not in markdown_bodies
        if opaque_body:
            assert close is not None
            m.fill_block(tag.start, close.end)
            m.region(tag.start, close.end, "shortcode")
            covered_until = close.end
        else:
            m.fill(tag.start, tag.end)
            m.region(tag.start, tag.end, "shortcode")


# --------------------------------------------------------------------------- MkDocs snippets

_SNIPPET_LINE = re.compile(r"^[ \t]*-+8<-+[ \t]+(\"|')[^\n]*?\1[ \t]*$", re.M)
_SNIPPET_FENCE = re.compile(r"^[ \t]*-+8<-+[ \t]*$", re.M)


def _snippets(m: _Masker, start: int) -> None:
    text = m.text
    for found in _SNIPPET_LINE.finditer(text, start):
        m.fill(*found.span())
        m.region(found.start(), found.end(), "snippet")
    fences = list(_SNIPPET_FENCE.finditer(text, start))
    for a, b in zip(fences[::2], fences[1::2], strict=False):
        m.fill_block(a.start(), b.end())
        m.region(a.start(), b.end(), "snippet")


# --------------------------------------------------------------------------- entry point


def mask_text(
    text: str,
    start: int = 0,
    *,
    liquid: bool = False,
    shortcodes: bool = False,
    snippets: bool = False,
    markdown_shortcodes: tuple[str, ...] = (),
) -> Masked:
    """Find the raw-text templating of a flavor in ``text[start:]`` and mask it.

    ``start`` is where the body begins (templating does not run in front matter).
    Region offsets are offsets into ``text``. The masked text has the same lines as
    ``text``, each of the same length, except that an empty line inside a masked block
    gains one mask character (so the block stays one block to the parser) and a line
    holding only silent tags becomes empty.
    """
    m = _Masker(text)
    body = text[start:]
    if liquid and ("{%" in body or "{{" in body):
        _liquid(m, start)
    if shortcodes and ("{{<" in body or "{{%" in body):
        _shortcodes(m, start, tuple(n.lower() for n in markdown_shortcodes))
    if snippets and "8<" in body:
        _snippets(m, start)
    return m.result()


def mask_flavor(text: str, start: int, flavor: Flavor | None) -> Masked | None:
    """:func:`mask_text` with what ``flavor`` templates (Liquid, shortcodes, snippets), or
    None when it templates nothing (the text is then read as it is)."""
    if flavor is None or not (flavor.liquid or flavor.shortcodes or "snippets" in flavor.extensions):
        return None
    return mask_text(
        text,
        start,
        liquid=flavor.liquid,
        shortcodes=flavor.shortcodes,
        snippets="snippets" in flavor.extensions,
        markdown_shortcodes=flavor.markdown_shortcodes,
    )
