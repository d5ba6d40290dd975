"""The engine: per-file linting (a pure function of text and config), cross-file rules
on summaries, and the fixer that applies edits until the text is stable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from mdtidy.config import Config
from mdtidy.links.urls import DEFAULT_POLICY, UrlPolicy, host_of, url_key, web_parts
from mdtidy.model import (
    Applicability,
    Corpus,
    CorpusRule,
    Diagnostic,
    Edit,
    FileRule,
    FileSummary,
    Fix,
    LinkRecord,
    Rule,
)
from mdtidy.parsing.parse import Document, parse
from mdtidy.parsing.render import page_html
from mdtidy.parsing.source import Source
from mdtidy.registry import all_rules
from mdtidy.suppress import Suppressions, suppressions

__all__ = [
    "MAX_PASSES",
    "Context",
    "FixOutcome",
    "apply_fixes",
    "check_corpus",
    "fix_text",
    "lint_text",
    "summarize",
]

#: the fixer re-lints and re-applies at most this many times
MAX_PASSES = 10

_JEKYLL_DATE = re.compile(r"(?:^|/)(\d{4}-\d{2}-\d{2})-[^/]*$")


@dataclass
class Context:
    """What a file rule may know besides the document."""

    path: str
    config: Config


def _finish(diag: Diagnostic, rule: Rule, path: str, source: Source | None) -> Diagnostic:
    diag.code, diag.name, diag.path = rule.code, rule.name, path
    if source is not None and not diag.line:
        diag.line, diag.column = source.position(diag.start)
        diag.end_line, diag.end_column = source.position(max(diag.start, diag.end))
    return diag


def _post_date(path: str, doc: Document) -> str | None:
    fm = doc.front_matter
    if fm is not None and fm.ok and isinstance(fm.data, dict) and fm.data.get("date"):
        value = str(fm.data["date"])
        match = re.match(r"\d{4}-\d{2}-\d{2}", value)
        if match:
            return match.group(0)
    match = _JEKYLL_DATE.search(path.replace("\\", "/"))
    return match.group(1) if match else None


_HTML_SKIP = re.compile(r"<!--(?:.*?-->|.*\Z)|<![^>]*>|<\?(?:.*?\?>|.*\Z)", re.DOTALL)
_HTML_TAG_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_HTML_ATTR = re.compile(r"""\s+([A-Za-z_:][A-Za-z0-9_.:-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_HTML_TAG_CLOSE = re.compile(r"\s*/?>")
_WEB_URL = re.compile(r"https?://", re.IGNORECASE)


def html_urls(text: str, start: int, end: int) -> list[tuple[str, int, int, int, int]]:
    """``href``/``src`` web URLs in the raw HTML ``text[start:end]``, comments skipped.

    Each is ``(tag, tag_start, tag_end, url_start, url_end)`` with offsets into ``text``.
    """
    found = []
    pos = start
    while pos < end:
        lt = text.find("<", pos, end)
        if lt < 0:
            break
        skip = _HTML_SKIP.match(text, lt, end)
        if skip is not None:
            pos = skip.end()
            continue
        tag = _HTML_TAG_OPEN.match(text, lt, end)
        if tag is None:
            pos = lt + 1
            continue
        at = tag.end()
        attrs = []
        while (attr := _HTML_ATTR.match(text, at, end)) is not None:
            attrs.append(attr)
            at = attr.end()
        close = _HTML_TAG_CLOSE.match(text, at, end)
        if close is None:
            pos = lt + 1
            continue
        for attr in attrs:
            if attr.group(1).lower() not in ("href", "src") or attr.group(2) is None:
                continue
            v_start, v_end = attr.span(2)
            if text[v_start] in "\"'":
                v_start, v_end = v_start + 1, v_end - 1
            while v_start < v_end and text[v_start].isspace():
                v_start += 1
            while v_end > v_start and text[v_end - 1].isspace():
                v_end -= 1
            if _WEB_URL.match(text, v_start, v_end):
                found.append((tag.group(1).lower(), lt, close.end(), v_start, v_end))
        pos = close.end()
    return found


def _record(
    doc: Document, url: str, kind: str, image: bool, span: tuple[int, int, int, int], policy: UrlPolicy
) -> LinkRecord:
    """The summary record of one link; ``span`` is ``(start, end, url_start, url_end)``."""
    start, end, url_start, url_end = span
    parts = web_parts(url)
    line, column = doc.source.position(url_start)
    return LinkRecord(
        url=url,
        key=url_key(url, policy),
        scheme=parts.scheme.lower() if parts else "",
        host=host_of(url),
        kind=kind,
        image=image,
        start=start,
        end=end,
        url_start=url_start,
        url_end=url_end,
        line=line,
        column=column,
    )


def summarize(doc: Document, path: str, policy: UrlPolicy = DEFAULT_POLICY) -> FileSummary:
    """The small per-file record cross-file rules work on.

    Besides the Markdown links it keeps the web URLs of ``href``/``src`` attributes in
    inline HTML and HTML blocks (kind ``"html"``; comments are skipped). Each record's
    ``key`` is the canonical URL under ``policy`` (the configuration's ``url_policy``).
    """
    text = doc.text
    records = [
        _record(doc, text[u_start:u_end], "html", tag == "img", (t_start, t_end, u_start, u_end), policy)
        for s, e in doc.html_spans()
        for tag, t_start, t_end, u_start, u_end in html_urls(text, s, e)
    ]
    for link in doc.links:
        if link.url_start is None or link.url_end is None:
            continue
        span = (link.start, link.end, link.url_start, link.url_end)
        records.append(_record(doc, link.url, link.kind, link.image, span, policy))
    records.sort(key=lambda r: (r.start, r.url_start))
    return FileSummary(path=path, links=records, date=_post_date(path, doc))


def rule_idents(rules: Iterable[Rule] = ()) -> dict[str, frozenset[str]]:
    """Upper-cased identifier (code, code prefix, name, alias) → the rule codes it names.

    Every known rule counts, not only the selected ones, so a file's directives read
    the same whichever rules run.
    """
    return _idents(tuple(sorted({type(r) for r in rules} - set(all_rules()), key=lambda r: r.code)))


@lru_cache(maxsize=8)
def _idents(extra: tuple[type[Rule], ...]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for rule in (*all_rules(), *extra):
        prefix = re.match(r"[A-Za-z]*", rule.code)
        for ident in (*rule.names(), prefix.group(0) if prefix else ""):
            if ident:
                found.setdefault(ident.upper(), set()).add(rule.code)
    return {k: frozenset(v) for k, v in found.items()}


def _allowed(diags: Iterable[Diagnostic], supp: Suppressions | None) -> list[Diagnostic]:
    if not supp:
        return list(diags)
    return [d for d in diags if not supp.suppressed(d.code, d.line)]


def lint_text(
    source: Source, path: str, config: Config, rules: Iterable[Rule]
) -> tuple[list[Diagnostic], FileSummary, Document]:
    """Run the file rules on one file. Pure: depends only on the text and the config.

    Findings on lines where an inline directive turns their rule off are dropped.
    """
    rules = list(rules)
    doc = parse(source, front_matter=config.front_matter)
    ctx = Context(path, config)
    diags: list[Diagnostic] = []
    summary = summarize(doc, path, config.url_policy)
    for rule in rules:
        if isinstance(rule, FileRule):
            diags.extend(_finish(d, rule, path, source) for d in rule.check(doc, ctx))
            extra = rule.summarize(doc, ctx)
            if extra is not None:
                summary.extras[rule.code] = extra
    summary.suppressions = suppressions(doc, rule_idents(rules))
    return _allowed(diags, summary.suppressions), summary, doc


def check_corpus(corpus: Corpus, path: str, rules: Iterable[Rule], source: Source | None) -> list[Diagnostic]:
    """Run the cross-file rules for one file of the corpus (honouring its directives)."""
    diags: list[Diagnostic] = []
    for rule in rules:
        if isinstance(rule, CorpusRule):
            for diag in rule.check_corpus(corpus, path):
                diag.cross_file = True
                diags.append(_finish(diag, rule, path, source))
    summary = corpus.by_path.get(path)
    return _allowed(diags, summary.suppressions if summary is not None else None)


def sort_key(diag: Diagnostic) -> tuple[str, int, int, str]:
    return (diag.path, diag.line, diag.column, diag.code)


# --------------------------------------------------------------------------- fixing


def applicable(fix: Fix | None, unsafe: bool) -> bool:
    if fix is None or not fix.edits:
        return False
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe and fix.applicability is Applicability.UNSAFE


def apply_fixes(text: str, fixes: Iterable[Fix], eol: str = "\n") -> tuple[str, list[Fix]]:
    """Apply non-overlapping fixes; a fix touching an already accepted one waits for the next pass.

    Line breaks written by rules as ``"\\n"`` are written with the file's own ``eol``.
    """
    accepted: list[Fix] = []
    taken: list[tuple[int, int]] = []
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        if any(e.start < a_end + 1 and a_start < e.end + 1 for e in fix.edits for a_start, a_end in taken):
            continue
        accepted.append(fix)
        taken.extend((e.start, e.end) for e in fix.edits)
    edits: list[Edit] = sorted(e for f in accepted for e in f.edits)
    out = []
    pos = 0
    for edit in edits:
        out.append(text[pos : edit.start])
        content = edit.content
        if eol != "\n":
            content = content.replace("\r\n", "\n").replace("\n", eol)
        out.append(content)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out), accepted


@dataclass
class FixOutcome:
    text: str
    applied: dict[str, int] = field(default_factory=dict)  # rule code → fixes applied
    unconverged: list[str] = field(default_factory=list)  # codes still fixing after MAX_PASSES
    refused: list[str] = field(default_factory=list)  # why a pass was rolled back
    #: formatting rules whose fixes changed the rendered page; the file is left as it was
    guard_failed: list[str] = field(default_factory=list)


def _distinct_urls(summary: FileSummary) -> set[tuple[str, bool]]:
    return {(link.key, link.image) for link in summary.links}


def _page_changers(
    text: str, fixes: list[tuple[str, Fix]], eol: str, before: str, front_matter: bool
) -> list[str]:
    """The codes whose fixes, applied alone to ``text``, change its rendered page."""
    culprits = []
    for code in sorted({c for c, _f in fixes}):
        alone, _accepted = apply_fixes(text, [f for c, f in fixes if c == code], eol)
        if page_html(alone, front_matter) != before:
            culprits.append(code)
    return culprits or sorted({c for c, _f in fixes})


def _replace(corpus: Corpus, summary: FileSummary) -> None:
    """Swap in a summary made while fixing (fixable rules only), keeping the extras the
    other rules made of the file; the runner re-lints a changed file with every rule."""
    old = corpus.by_path.get(summary.path)
    if old is not None:
        summary.extras = {**old.extras, **summary.extras}
    corpus.replace(summary)


def fix_text(
    source: Source,
    path: str,
    config: Config,
    rules: list[Rule],
    corpus: Corpus | None,
    unsafe: bool = False,
    guard: bool = True,
) -> FixOutcome:
    """Apply fixes to one file until stable (at most ``MAX_PASSES`` passes).

    After every pass the engine checks its promise that no distinct URL disappeared
    from the file; a pass that would lose one is rolled back and reported.

    With ``guard`` (the default) the *rendering guard* holds formatting rules (those
    whose ``changes_html`` is empty) to their promise: a pass applies formatting fixes
    on their own, and when the page rendered from the new text differs from the old one
    the whole file is left as it was and the rules responsible are named in
    :attr:`FixOutcome.guard_failed`. Content fixes (rules that change the page on
    purpose) run in passes of their own.
    """
    fixing = [r for r in rules if r.fixable != "never"]
    formatting = {r.code for r in fixing if not r.changes_html}
    outcome = FixOutcome(text=source.text)
    current = source
    page: str | None = None  # the rendered page of ``current``, when known
    for _ in range(MAX_PASSES):
        diags, summary, _doc = lint_text(current, path, config, fixing)
        if corpus is not None:
            _replace(corpus, summary)
            diags += check_corpus(corpus, path, fixing, current)
        fixes = {id(d.fix): (d.code, d.fix) for d in diags if d.fix is not None and applicable(d.fix, unsafe)}
        if not fixes:
            return outcome
        chosen = list(fixes.values())
        guarded = guard and any(code in formatting for code, _f in chosen)
        if guarded:
            chosen = [(code, f) for code, f in chosen if code in formatting]
        new_text, accepted = apply_fixes(current.text, [f for _c, f in chosen], current.eol)
        if new_text == current.text:
            return outcome
        if guarded:
            if page is None:
                page = page_html(current.text, config.front_matter)
            new_page = page_html(new_text, config.front_matter)
            if new_page != page:
                taken = {id(f) for f in accepted}
                culprits = _page_changers(
                    current.text,
                    [(c, f) for c, f in chosen if id(f) in taken],
                    current.eol,
                    page,
                    config.front_matter,
                )
                return FixOutcome(text=source.text, guard_failed=culprits)
            page = new_page
        else:
            page = None
        candidate = Source(new_text, source.encoding, source.bom)
        _d, new_summary, _doc2 = lint_text(candidate, path, config, [])
        lost = _distinct_urls(summary) - _distinct_urls(new_summary)
        if lost:
            codes = sorted({fixes[id(f)][0] for f in accepted})
            first_lost = sorted(lost)[0]
            url = next(link.url for link in summary.links if (link.key, link.image) == first_lost)
            outcome.refused.append(
                f"fixes by {', '.join(codes)} would remove the last copy of {url}; not applied"
            )
            return outcome
        for fix in accepted:
            code = fixes[id(fix)][0]
            outcome.applied[code] = outcome.applied.get(code, 0) + 1
        current = candidate
        outcome.text = new_text
    diags, summary, _doc = lint_text(current, path, config, fixing)
    if corpus is not None:
        _replace(corpus, summary)
        diags += check_corpus(corpus, path, fixing, current)
    outcome.unconverged = sorted({d.code for d in diags if applicable(d.fix, unsafe)})
    return outcome
