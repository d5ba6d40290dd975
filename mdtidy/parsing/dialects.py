"""The Markdown-level constructs of each flavor, as mistune plugins with exact positions.

Templating that runs before Markdown (Liquid, Hugo shortcodes, snippets) is masked on
the raw text (:mod:`mdtidy.parsing.mask`). What the Markdown engine itself parses is
added here as block and inline rules, following each renderer's rules for where a
construct starts and ends (``shared/notes/dialects.md``):

* math: kramdown ``$$…$$`` (display only at a block boundary, else inline); GitHub
  ``$…$`` (pandoc's rule: no white space inside the dollars, no digit after the
  closing one), ``$$…$$``, ``$`…`$``; arithmatex ``$…$`` (smart dollar), ``$$…$$``,
  ``\\(…\\)``, ``\\[…\\]``, ``\\begin{env}…\\end{env}``; Hugo's passthrough delimiters;
* kramdown: block and span attribute lists ``{: …}``, ``{:toc}``, extensions
  ``{::comment}…{:/comment}``, ``{::nomarkdown}…{:/}``, ``{::options …/}``, header IDs,
  the end-of-block marker ``^``, abbreviations;
* MkDocs: admonitions and details (``!!!``, ``???``, ``???+``) and content tabs
  (``=== "Label"``) whose 4-space indented body is Markdown, abbreviations
  ``*[HTML]: …``, attribute lists ``{ #id .class }``.

Every token these rules make is *opaque* (see :data:`OPAQUE_BLOCKS`,
:data:`OPAQUE_INLINES`) except the containers, whose bodies are Markdown and whose
header lines are opaque.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mdtidy.parsing.flavors import Flavor

if TYPE_CHECKING:  # mistune itself is imported by what parses (a warm run never does)
    import mistune

__all__ = ["CONTAINERS", "OPAQUE_BLOCKS", "OPAQUE_INLINES", "install"]

#: block tokens whose whole text is the renderer's, not Markdown
OPAQUE_BLOCKS = {
    "block_math": "math",
    "kramdown_ial": "kramdown",
    "kramdown_extension": "kramdown",
    "kramdown_eob": "kramdown",
    "abbr_definition": "abbreviation",
}
#: inline tokens whose whole text is the renderer's
OPAQUE_INLINES = {
    "footnote_ref": "footnote",
    "inline_math": "math",
    "display_math": "math",
    "attr_list": "attribute-list",
}
#: containers whose body is Markdown (their header line is opaque)
CONTAINERS = ("admonition", "content_tab", "definition", "footnote")


# --------------------------------------------------------------------------- helpers


def _boundary_before(state: Any, pos: int) -> bool:
    """Whether the block at ``pos`` starts at a block boundary: the first line, or after
    a blank line or a block attribute list line (a list keeps its last blank line, so
    the line above is looked at, not the last token)."""
    src = state.src
    if pos == 0:
        return True
    above = src.rfind("\n", 0, pos - 1) + 1
    line = src[above : pos - 1]
    return not line.strip() or bool(_IAL_LINE.fullmatch(line))


def _line_end(src: str, pos: int) -> int:
    """Position after the line break of the line holding ``pos`` (or the end)."""
    nl = src.find("\n", pos)
    return len(src) if nl < 0 else nl + 1


def _blank_line_at(src: str, pos: int) -> bool:
    return pos >= len(src) or not src[pos : _line_end(src, pos)].strip()


# --------------------------------------------------------------------------- block math


def _block_math(open_: str, close: str, *, blank_inside: bool, boundary: bool, whole_block: bool) -> Any:
    """A block rule for display math between ``open_`` and ``close``.

    ``boundary``: it starts only at a block boundary (otherwise the line continues the
    paragraph above, where the inline rule finds the math). ``blank_inside``: blank lines
    may occur in the math. ``whole_block``: a blank line (or the end) must follow
    (kramdown, arithmatex). Text after the closer on its line makes it inline math.
    """
    close_re = re.compile(re.escape(close))

    def parse(block: Any, m: Any, state: Any) -> int | None:
        if boundary and not _boundary_before(state, m.start()):
            return state.append_paragraph()
        src = state.src
        start = m.end()
        found = close_re.search(src, start)
        if found is None or found.start() == start:  # no closer, or empty: not math
            return None
        if not blank_inside and re.search(r"\n[ \t]*\n", src[start : found.start()]):
            return None
        end = _line_end(src, found.end())
        if src[found.end() : end].strip():  # text after the closer: inline math in a paragraph
            return None
        if whole_block and not _blank_line_at(src, end) and not _IAL_LINE.match(src, end):
            return None
        state.append_token({"type": "block_math", "raw": src[m.start() : found.end()]})
        return end

    return parse


# --------------------------------------------------------------------------- kramdown

_IAL_LINE = re.compile(r" {0,3}\{:[^\n]*\}[ \t]*(?:\n|$)")
_EXT_START = re.compile(r" {0,3}\{::(\w+)[^}\n]*?(/)?\}[ \t]*(?:\n|$)")


def _parse_ial(block: Any, m: Any, state: Any) -> int:
    state.append_token({"type": "kramdown_ial", "raw": m.group(0)})
    return m.end()


def _parse_extension(block: Any, m: Any, state: Any) -> int | None:
    src = state.src
    name = m.group("kext_name")
    if m.group("kext_self"):
        state.append_token({"type": "kramdown_extension", "raw": m.group(0)})
        return m.end()
    stop = re.compile(r"^ {0,3}\{:/(?:" + re.escape(name) + r")?\}[ \t]*$", re.M)
    found = stop.search(src, m.end())
    if found is None:
        return None  # kramdown keeps an unclosed start tag as text
    end = _line_end(src, found.end())
    state.append_token({"type": "kramdown_extension", "raw": src[m.start() : found.end()]})
    return end


def _parse_eob(block: Any, m: Any, state: Any) -> int:
    state.append_token({"type": "kramdown_eob", "raw": m.group(0)})
    return m.end()


def _parse_abbr(block: Any, m: Any, state: Any) -> int:
    state.append_token({"type": "abbr_definition", "raw": m.group(0)})
    return m.end()


def _inline_opaque(token_type: str) -> Any:
    def parse(inline: Any, m: Any, state: Any) -> int:
        state.append_token({"type": token_type, "raw": m.group(0)})
        return m.end()

    return parse


# --------------------------------------------------------------------------- MkDocs containers

_ADMONITION = (
    r"^(?:!!!|\?\?\?\+?)[ ]?[\w-]+(?:[ ]+[\w-]+)*(?:[ ]+\"[^\"\n]*\")?[ ]*(?:\n|$)"
    r"|^\?\?\?\+?[ ]+\"[^\"\n]*\"[ ]*(?:\n|$)"
)
_TAB = r"^===(?:\+|\+!|!\+|!)?[ ]+\"[^\"\n]*\"[ ]*(?:\n|$)"


def _dedent(line: str, width: int = 4) -> str | None:
    """``line`` without ``width`` columns of indentation, or None if it is not indented
    that far (tabs stop every 4 columns, as Python-Markdown expands them)."""
    col = 0
    i = 0
    while i < len(line) and col < width:
        if line[i] == " ":
            col += 1
        elif line[i] == "\t":
            col = (col // 4 + 1) * 4
        else:
            return None
        i += 1
    if col < width:
        return None
    return " " * (col - width) + line[i:]


_BLOCK_START = re.compile(r" {0,3}(?:[-*+>#:|]|\d{1,9}[.)]|```|~~~|\[\^|!!!|\?\?\?|===)")


def _marker_container(token_type: str, indent: int | None) -> Any:
    """A container opened by a marker on its first line (``:   `` of a definition,
    ``[^1]:`` of a footnote) whose body goes on in lines indented by ``indent`` columns
    (``None``: the column of the text after the marker), with lazy paragraph lines."""

    def parse(block: Any, m: Any, state: Any) -> int | None:
        if state.depth() >= block.max_nested_level - 1:
            return None
        src = state.src
        line_start = src.rfind("\n", 0, m.start()) + 1
        line_end = _line_end(src, m.start())
        first = src[m.end() : line_end]
        width = indent if indent is not None else m.end() - line_start
        body = [first if first.endswith("\n") else first + "\n"]
        pos = end = line_end
        after_blank = not first.strip()
        while pos < len(src):
            next_end = _line_end(src, pos)
            line = src[pos:next_end]
            if not line.strip():
                body.append((_dedent(line.rstrip("\n"), width) or "") + "\n")
                after_blank = True
            else:
                dedented = _dedent(line, width)
                if dedented is None:
                    if after_blank or _BLOCK_START.match(line):
                        break
                    dedented = line  # a lazy continuation line of a paragraph
                body.append(dedented if dedented.endswith("\n") else dedented + "\n")
                after_blank = False
                end = next_end
            pos = next_end
        while len(body) > 1 and not body[-1].strip():
            body.pop()
        marker = src[m.start() : m.end()].rstrip()
        token: dict[str, Any] = {
            "type": token_type,
            "attrs": {"header": marker, "body_indent": width - (m.start() - line_start)},
            "_header": (m.start(), m.start() + len(marker)),
        }
        if hasattr(state, "local_line"):  # the positioned parser: the body starts on the marker line
            state.pending_child_line = state.pending_marker_line = state.local_line(m.start())
        child = state.child_state("".join(body))
        block.parse(child, block.rules)
        token["children"] = child.tokens
        state.append_token(token)
        return end

    return parse


def _container(token_type: str) -> Any:
    def parse(block: Any, m: Any, state: Any) -> int | None:
        if state.depth() >= block.max_nested_level - 1:
            return None
        src = state.src
        pos = m.end()
        body: list[str] = []
        end = pos
        while pos < len(src):
            line_end = _line_end(src, pos)
            line = src[pos:line_end]
            if not line.strip():
                # dedented too: mistune reads a white-space line of 4+ spaces after a
                # paragraph as part of it (its fast path for indented code)
                body.append((_dedent(line.rstrip("\n")) or "") + "\n")
                pos = line_end
                continue
            dedented = _dedent(line)
            if dedented is None:
                break
            body.append(dedented if dedented.endswith("\n") else dedented + "\n")
            pos = line_end
            end = pos
        while body and not body[-1].strip():  # trailing blank lines are not the body's
            body.pop()
        header = m.group(0)
        token: dict[str, Any] = {
            "type": token_type,
            "attrs": {"header": header.rstrip("\n"), "body_indent": 4},
            "_header": (m.start(), m.start() + len(header.rstrip("\n"))),
        }
        if body:
            if hasattr(state, "local_line"):  # the positioned parser: where the body starts
                first = state.local_line(m.end()) if m.end() < len(src) else state.local_line(m.start()) + 1
                state.pending_child_line = first
                state.pending_marker_line = state.local_line(m.start())
            child = state.child_state("".join(body))
            block.parse(child, block.rules)
            token["children"] = child.tokens
        else:
            token["children"] = []
            end = m.end()
        state.append_token(token)
        return end

    return parse


# --------------------------------------------------------------------------- installation

_GFM_INLINE = (
    r"\$\$(?:[^$\\]|\\.)+?\$\$"
    r"|\$(?P<gfm_tick>`+)[\s\S]*?(?P=gfm_tick)\$"
    r"|\$(?!\$)(?!\s)(?:[^$\\\n]|\\.)+?(?<!\s)\$(?!\d)"
)
_KRAMDOWN_INLINE = r"\$\$[\s\S]*?\$\$"
_ARITHMATEX_SMART = r"(?<!\\)\$(?!\s)(?:\\.|[^\\$])+?(?<!\s)\$"
_ARITHMATEX_PLAIN = r"(?<!\\)\$(?:\\.|[^\\$])+?\$"
_ATTR_ITEM = r"(?:[#.][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+))"
_ATTR_LIST = r"\{:?[ ]*" + _ATTR_ITEM + r"(?:[ ]+" + _ATTR_ITEM + r")*[ ]*\}"


def _register_block(md: mistune.Markdown, name: str, pattern: str, func: Any, before: str) -> None:
    md.block.register(name, pattern, func, before=before)
    for rules in (md.block.block_quote_rules, md.block.list_rules):
        if name not in rules:
            md.block.insert_rule(rules, name, before=before)


def install(md: mistune.Markdown, flavor: Flavor) -> None:
    """Add the block and inline rules of ``flavor`` to a positioned mistune instance.

    Every inline rule is registered with the characters its matches can start with
    (mistune's ``start_chars``): with them for every rule, mistune's inline parser jumps
    from one such character to the next instead of trying the whole alternation of
    rules at every position (tests/test_dialects.py holds the two ways equal).
    """
    inline_math: list[str] = []
    math_starts = {"$", "\\"}  # $…$, $$…$$, \(…\), \[…\]; passthrough openers added below
    if flavor.math == "kramdown":
        _register_block(
            md,
            "kd_block_math",
            r"^ {0,3}\$\$",
            _block_math("$$", "$$", blank_inside=True, boundary=True, whole_block=True),
            "list",
        )
        inline_math.append(_KRAMDOWN_INLINE)
    elif flavor.math == "gfm":
        _register_block(
            md,
            "gfm_block_math",
            r"^ {0,3}\$\$",
            _block_math("$$", "$$", blank_inside=True, boundary=False, whole_block=False),
            "list",
        )
        inline_math.append(_GFM_INLINE)
    elif flavor.math == "arithmatex":
        for name, open_, close in (("ax_dollar", "$$", "$$"), ("ax_square", "\\[", "\\]")):
            _register_block(
                md,
                name,
                r"^" + re.escape(open_),
                _block_math(open_, close, blank_inside=False, boundary=True, whole_block=True),
                "list",
            )
        _register_block(
            md,
            "ax_begin",
            r"^\\begin\{(?P<ax_env>[a-z]+\*?)\}",
            _begin_env,
            "list",
        )
        inline_math.append(r"\$\$(?:\\.|[^\\$])+?\$\$")
        inline_math.append(_ARITHMATEX_SMART if flavor.smart_dollar else _ARITHMATEX_PLAIN)
        inline_math.append(r"\\\((?:\\.|[^\\])+?\\\)")
        inline_math.append(r"\\\[(?:\\.|[^\\])+?\\\]")
    for i, (open_, close) in enumerate(flavor.passthrough_block):
        _register_block(
            md,
            f"pt_block_{i}",
            r"^ {0,3}" + re.escape(open_),
            _block_math(open_, close, blank_inside=False, boundary=True, whole_block=False),
            "list",
        )
    for open_, close in (*flavor.passthrough_block, *flavor.passthrough_inline):
        inline_math.append(re.escape(open_) + r"[\s\S]+?" + re.escape(close))
        math_starts.add(open_[0])
    if inline_math:
        md.inline.register(
            "inline_math",
            "|".join(f"(?:{p})" for p in inline_math),
            _inline_opaque("inline_math"),
            before="escape",
            start_chars=math_starts,
        )

    if flavor.kramdown:
        _register_block(
            md,
            "kramdown_ext",
            r"^ {0,3}\{::(?P<kext_name>\w+)[^}\n]*?(?P<kext_self>/)?\}[ \t]*(?:\n|$)",
            _parse_extension,
            "fenced_code",
        )
        _register_block(
            md, "kramdown_ial", r"^ {0,3}\{:(?!:|/)[^\n]*\}[ \t]*(?:\n|$)", _parse_ial, "fenced_code"
        )
        _register_block(md, "kramdown_eob", r"^\^[ \t]*(?:\n|$)", _parse_eob, "fenced_code")
        _register_block(md, "kd_abbr", r"^\*\[[^\]\n]+\]:[^\n]*(?:\n|$)", _parse_abbr, "fenced_code")
        md.inline.register(
            "kramdown_span",
            r"\{::(?:\w+[^}\n]*/|)\}|\{:(?!:|/)[^}\n]*\}|\{#[\w:-]+\}",
            _inline_opaque("attr_list"),
            before="escape",
            start_chars="{",
        )
    ext = flavor.extensions
    if "admonition" in ext or "details" in ext:
        _register_block(md, "admonition", _ADMONITION, _container("admonition"), "fenced_code")
    if "tabbed" in ext:
        _register_block(md, "content_tab", _TAB, _container("content_tab"), "fenced_code")
    if "abbr" in ext:
        _register_block(md, "pm_abbr", r"^\*\[[^\]\n]+\][ ]?:[^\n]*(?:\n|$)", _parse_abbr, "fenced_code")
    if flavor.footnotes:
        _register_block(
            md, "footnote", r"^ {0,3}\[\^[^\]\s]+\]:[ \t]*", _marker_container("footnote", 4), "ref_link"
        )
        md.inline.register(
            "footnote_ref",
            r"\[\^[^\]\s]+\](?!:)",
            _inline_opaque("footnote_ref"),
            before="link",
            start_chars="[",
        )
    if flavor.definition_lists is not None:
        indent = flavor.definition_lists or None
        _register_block(
            md, "definition", r"^ {0,3}:[ \t]{1,4}(?=\S)", _marker_container("definition", indent), "list"
        )
    if "attr_list" in ext:
        md.inline.register(
            "attr_list", _ATTR_LIST, _inline_opaque("attr_list"), before="escape", start_chars="{"
        )


def install_renderers(md: mistune.Markdown) -> None:
    """HTML for the flavor's tokens, for the rendering guard's page (mdtidy.parsing.render)."""
    from mistune import escape

    renderer = md.renderer
    if renderer is None:
        return

    def render_raw(kind: str) -> Any:
        def render(r: Any, text: str, **attrs: Any) -> str:
            return f'<span class="{kind}">{escape(text)}</span>'

        return render

    for name in (*OPAQUE_BLOCKS, *OPAQUE_INLINES):
        renderer.register(name, render_raw(name))

    def render_container(kind: str) -> Any:
        def render(r: Any, text: str, header: str = "", **attrs: Any) -> str:
            return f'<div class="{kind}" title="{escape(header)}">{text}</div>'

        return render

    for name in CONTAINERS:
        renderer.register(name, render_container(name))


def _begin_env(block: Any, m: Any, state: Any) -> int | None:
    """arithmatex ``\\begin{env}…\\end{env}`` as a whole block."""
    env = m.group("ax_env")
    return _block_math(m.group(0), "\\end{" + env + "}", blank_inside=False, boundary=True, whole_block=True)(
        block, m, state
    )
