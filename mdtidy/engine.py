"""The engine: per-file linting (a pure function of text and config), cross-file rules
on summaries, and the fixer that applies edits until the text is stable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
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
from mdtidy.parsing.render import Page, page_html, page_of, read_page, same_page
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
    "summarize_text",
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
        if not doc.overlaps_opaque(t_start, u_end)
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


def _respect_opaque(diags: Iterable[Diagnostic], doc: Document, rule: Rule) -> Iterator[Diagnostic]:
    """Drop findings that start inside an opaque region, and fixes that would edit one.

    A rule written for a kind of region (:attr:`Rule.protected_kinds`) may do both. A
    content rule (one whose fixes change the page on purpose) may remove a whole region
    (e.g. a repeated paragraph holding math); the fixer's byte guard then checks that
    another copy of it is left.
    """
    kinds = rule.protected_kinds
    content = bool(rule.changes_html)
    for diag in diags:
        region = doc.opaque_at(diag.start)
        if region is not None and region.kind not in kinds:
            continue
        if diag.fix is not None and not _fix_respects_opaque(diag.fix, doc, kinds, content):
            diag.fix = None
        yield diag


def _fix_respects_opaque(fix: Fix, doc: Document, kinds: frozenset[str], content: bool) -> bool:
    for edit in fix.edits:
        for region in doc.opaque_overlapping(edit.start, edit.end):
            whole = edit.start <= region.start and region.end <= edit.end
            if region.kind not in kinds and not (content and whole):
                return False
    return True


def lint_text(
    source: Source, path: str, config: Config, rules: Iterable[Rule], doc: Document | None = None
) -> tuple[list[Diagnostic], FileSummary, Document]:
    """Run the file rules on one file. Pure: depends only on the text, the config and
    the site configuration that decides the file's flavor. ``doc``, when given, is the
    text already parsed for this file (rules only read it).

    Findings on lines where an inline directive turns their rule off are dropped, and so
    are findings inside the flavor's opaque regions (math, templating, …).
    """
    rules = list(rules)
    if doc is None:
        doc = parse(source, front_matter=config.front_matter, flavor=config.flavor_for(path))
    ctx = Context(path, config)
    diags: list[Diagnostic] = []
    for rule in rules:
        if isinstance(rule, FileRule):
            found: Iterable[Diagnostic] = rule.check(doc, ctx)
            if doc.opaque:
                found = _respect_opaque(found, doc, rule)
            diags.extend(_finish(d, rule, path, source) for d in found)
    summary = summarize_text(source, path, config, rules, doc)
    return _allowed(diags, summary.suppressions), summary, doc


def summarize_text(
    source: Source, path: str, config: Config, rules: Iterable[Rule], doc: Document | None = None
) -> FileSummary:
    """The summary :func:`lint_text` gives, without the rules' checks: for a file the
    cross-file rules compare with but whose findings no one sees (a corpus file, with no
    cache to keep its lint for later). ``doc``, when given, is the text already parsed."""
    rules = list(rules)
    if doc is None:
        doc = parse(source, front_matter=config.front_matter, flavor=config.flavor_for(path))
    ctx = Context(path, config)
    summary = summarize(doc, path, config.url_policy)
    for rule in rules:
        if isinstance(rule, FileRule):
            extra = rule.summarize(doc, ctx)
            if extra is not None:
                summary.extras[rule.code] = extra
    summary.suppressions = suppressions(doc, rule_idents(rules))
    return summary


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
    #: formatting rules whose fixes changed the rendered page (or protected bytes); the
    #: file is left as it was
    guard_failed: list[str] = field(default_factory=list)
    #: what they changed: "the rendered page", or the protected region
    guard_what: str = "the rendered page"
    #: with ``keep_final``: the file rules' findings and the summary of :attr:`text`
    #: (what linting it with every rule gives), whenever the text changed
    final: tuple[list[Diagnostic], FileSummary] | None = None


#: a protected text: (kind, text) — an opaque region's bytes, a code block's or a code span's content
Protected = tuple[str, str]


#: what a lint learned of the text it parsed, for the fix loop that follows it: the
#: :func:`protected_texts`, and the guard's page of the text (None when not read)
Known = tuple[list[Protected], Page | None]

#: what linting a file gave, for :func:`fix_text`'s first pass: the file rules' findings,
#: the summary, and what the lint knew of the text (None when not kept)
FirstPass = tuple[list[Diagnostic], FileSummary, Known | None]


def known_of(doc: Document, diags: list[Diagnostic], front_matter: bool, unsafe: bool) -> Known:
    """What the fix loop of a file just linted (``doc``, ``diags``) reuses: its protected
    texts, and its page when a finding has a fix to apply (the guard's first comparison)."""
    fixes = any(applicable(d.fix, unsafe) for d in diags)
    return protected_texts(doc), page_of(doc, front_matter) if fixes else None


def protected_texts(doc: Document) -> list[Protected]:
    """What every fix must keep byte-identical unless its rule is written for it: the
    opaque regions (math, templating, …) as written, and the content of code blocks and
    code spans, in document order."""
    text = doc.text
    found: list[tuple[int, str, str]] = [(r.start, r.kind, text[r.start : r.end]) for r in doc.opaque]
    for node in doc.walk():
        if node.type == "block_code":
            found.append((node.start, "code", node.raw or ""))
        for inline in node.inlines:
            for item in inline.walk():
                if item.type == "codespan":
                    found.append((item.start or node.start, "code-span", item.raw or ""))
    found.sort(key=lambda f: f[0])
    return [(kind, body) for _pos, kind, body in found]


def protected_change(
    before: list[Protected], after: list[Protected], exempt: frozenset[str], removals: bool
) -> Protected | None:
    """The first protected text a pass changed, or None.

    A formatting pass must keep them all, in order. A pass of content fixes
    (``removals``) may remove copies of a text as long as one copy is left, and may
    bring no new one. Kinds in ``exempt`` belong to rules written for them.
    """
    old = [p for p in before if p[0] not in exempt]
    new = [p for p in after if p[0] not in exempt]
    if removals:
        lost = set(old) - set(new)
        added = set(new) - set(old)
        changed = sorted(lost) or sorted(added)
        return changed[0] if changed else None
    for a, b in zip(old, new, strict=False):
        if a != b:
            return a
    if len(old) != len(new):
        return old[len(new)] if len(old) > len(new) else new[len(old)]
    return None


def _describe(item: Protected) -> str:
    kind, body = item
    first = body.strip().splitlines()[0] if body.strip() else ""
    sample = first if len(first) <= 40 else first[:37] + "..."
    names = {"code": "a code block", "code-span": "a code span"}
    return f"{names.get(kind, kind)} ({sample!r})" if sample else names.get(kind, kind)


def _distinct_urls(summary: FileSummary) -> set[tuple[str, bool]]:
    return {(link.key, link.image) for link in summary.links}


def _culprits(text: str, fixes: list[tuple[str, Fix]], eol: str, changed: Callable[[str], bool]) -> list[str]:
    """The codes whose fixes, applied alone to ``text``, make ``changed`` true."""
    culprits = []
    for code in sorted({c for c, _f in fixes}):
        alone, _accepted = apply_fixes(text, [f for c, f in fixes if c == code], eol)
        if changed(alone):
            culprits.append(code)
    return culprits or sorted({c for c, _f in fixes})


def _view(corpus: Corpus, summary: FileSummary) -> Corpus:
    """The corpus as the file being fixed sees it (:meth:`Corpus.view`): its summary made
    while fixing (fixable rules only), keeping the extras the other rules made of the
    file; the runner re-lints a changed file with every rule."""
    old = corpus.by_path.get(summary.path)
    if old is not None:
        summary.extras = {**old.extras, **summary.extras}
    return corpus.view(summary)


def fix_text(
    source: Source,
    path: str,
    config: Config,
    rules: list[Rule],
    corpus: Corpus | None,
    unsafe: bool = False,
    guard: bool = True,
    *,
    first: FirstPass | None = None,
    keep_final: bool = False,
) -> FixOutcome:
    """Apply fixes to one file until stable (at most ``MAX_PASSES`` passes).

    ``first``, when given, is what linting ``source`` with ``rules`` gave (file rules
    only), and what that lint knew of the text (:func:`known_of`); the first pass uses
    it instead of running the rules again (and, with the protected texts, of parsing
    the text; with the page, of reading it for the guard). With
    ``keep_final`` every pass runs all of ``rules`` (not only those that fix), and
    :attr:`FixOutcome.final` keeps the last pass's result: the fixed text's findings
    without another lint.

    After every pass the engine checks its promises: no distinct URL disappeared from
    the file, and every protected text (:func:`protected_texts`: math, templating,
    code) is byte-identical, except where a rule written for it edited it. A pass of
    content fixes that breaks either is rolled back and reported.

    With ``guard`` (the default) the *rendering guard* holds formatting rules (those
    whose ``changes_html`` is empty) to their promise: a pass applies formatting fixes
    on their own, and when the page rendered from the new text differs from the old one,
    or a protected text changed, the whole file is left as it was and the rules
    responsible are named in :attr:`FixOutcome.guard_failed`. Content fixes (rules that
    change the page on purpose) run in passes of their own.

    ``corpus`` is never changed: the cross-file rules see it through a view in which
    only this file is current (:meth:`Corpus.view`), so fixing files in any order, in
    any number of processes, gives the same bytes.
    """
    fixing = [r for r in rules if r.fixable != "never"]
    linting = list(rules) if keep_final else fixing
    formatting = {r.code for r in fixing if not r.changes_html}
    kinds = {r.code: r.protected_kinds for r in fixing}
    flavor = config.flavor_for(path)
    outcome = FixOutcome(text=source.text)
    current = source
    page: Page | None = None  # the page of ``current`` (read for the guard), when known
    parsed: Document | None = None  # ``current`` parsed, when known
    before: list[Protected] | None = None  # the protected texts of ``current``, when known
    for passes in range(MAX_PASSES + 1):  # the last one only checks that nothing is left
        if first is not None:
            file_diags, summary, known = first
            before, page = known if known is not None else (None, None)
            first = None
        else:
            file_diags, summary, parsed = lint_text(current, path, config, linting, parsed)
            before = None
        if keep_final and outcome.text != source.text:
            outcome.final = (file_diags, summary)  # the lint of ``outcome.text``, whenever we return
        diags = list(file_diags)
        if corpus is not None:
            diags += check_corpus(_view(corpus, summary), path, fixing, current)
        fixes = {id(d.fix): (d.code, d.fix) for d in diags if d.fix is not None and applicable(d.fix, unsafe)}
        if not fixes:
            return outcome
        if passes == MAX_PASSES:
            outcome.unconverged = sorted({code for code, _f in fixes.values()})
            return outcome
        chosen = list(fixes.values())
        guarded = guard and any(code in formatting for code, _f in chosen)
        if guarded:
            chosen = [(code, f) for code, f in chosen if code in formatting]
        new_text, accepted = apply_fixes(current.text, [f for _c, f in chosen], current.eol)
        if new_text == current.text:
            return outcome
        taken = {id(f) for f in accepted}
        applied = [(c, f) for c, f in chosen if id(f) in taken]
        exempt = frozenset().union(*(kinds[c] for c, _f in applied))
        candidate = Source(new_text, source.encoding, source.bom)
        _d, new_summary, new_doc = lint_text(candidate, path, config, [])
        if before is None:
            assert parsed is not None or passes == 0
            parsed = parsed or parse(current, front_matter=config.front_matter, flavor=flavor)
            before = protected_texts(parsed)
        broken = protected_change(before, protected_texts(new_doc), exempt, removals=not guarded)
        if broken is not None and guarded:

            def breaks(text: str, before: list[Protected] = before, exempt: frozenset[str] = exempt) -> bool:
                after = lint_text(Source(text, source.encoding, source.bom), path, config, [])[2]
                return protected_change(before, protected_texts(after), exempt, removals=False) is not None

            culprits = _culprits(current.text, applied, current.eol, breaks)
            return FixOutcome(text=source.text, guard_failed=culprits, guard_what=_describe(broken))
        if broken is not None:
            codes = sorted({c for c, _f in applied})
            outcome.refused.append(
                f"fixes by {', '.join(codes)} would change {_describe(broken)}; not applied"
            )
            return outcome
        if guarded:
            if page is None:  # the lint did not keep it: from the parse, if there was one
                if parsed is not None:
                    page = page_of(parsed, config.front_matter)
                else:
                    page = read_page(current.text, config.front_matter, flavor)
            new_page = page_of(new_doc, config.front_matter)
            if not same_page(page, new_page):
                old_html = page_html(current.text, config.front_matter, flavor)
                culprits = _culprits(
                    current.text,
                    applied,
                    current.eol,
                    lambda text, old_html=old_html: page_html(text, config.front_matter, flavor) != old_html,
                )
                return FixOutcome(text=source.text, guard_failed=culprits)
            page = new_page
        else:
            page = None
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
        parsed = new_doc
        outcome.text = new_text
    raise AssertionError("unreachable: the last pass returns")
