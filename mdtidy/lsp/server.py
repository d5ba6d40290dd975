"""The language server: pygls glue around :mod:`mdtidy.lsp.state`.

Everything runs on the event loop's thread (the main thread), so the command line's
per-file time limit (a ``SIGALRM`` timer) bounds every lint and fix. Edits are debounced;
the workspace's summaries are built in the background, one file at a time, yielding to
requests in between.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from mdtidy import __version__
from mdtidy.lsp.positions import offset_at, position_of
from mdtidy.lsp.state import (
    CONFIG_NAMES,
    Linted,
    WorkspaceState,
    apply_fix,
    disable_line_edit,
    is_markdown,
)
from mdtidy.model import Applicability, Diagnostic, Rule
from mdtidy.parsing.source import Source
from mdtidy.registry import all_rules

__all__ = ["MdtidyServer", "run_server"]

#: seconds of quiet after an edit before the document is linted again
DEBOUNCE = 0.3
FIX_ALL_KIND = "source.fixAll.mdtidy"
EXPLAIN_COMMAND = "mdtidy.explain"
#: at most this many findings get quick fixes per code action request (each is checked)
MAX_QUICK_FIXES = 50
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
#: what a related location is, for rules that give it no message of its own
_RELATED_MESSAGE = {
    "DUP001": "the copy that is kept",
    "DUP002": "the copy that is kept (another file)",
    "DUP003": "the entry it nearly duplicates",
}

log = logging.getLogger("mdtidy.lsp")


def _help_uri(code: str) -> str | None:
    from mdtidy.output.sarif import help_uri

    rule = _rule_class(code)
    return help_uri(rule) if rule is not None else None


def _rule_class(code: str) -> type[Rule] | None:
    return next((r for r in all_rules() if r.code == code), None)


def _section(doc: str, title: str) -> str:
    """The body of the ``## title`` section of a rule's documentation."""
    match = re.search(rf"^##\s+{re.escape(title)}\s*$(.*?)(?=^##\s|\Z)", doc, re.M | re.S)
    return match.group(1).strip() if match else ""


def explain(code: str) -> str | None:
    """``mdtidy --explain CODE`` as Markdown."""
    rule = next((r for r in all_rules() if code.upper() in (i.upper() for i in r.names())), None)
    if rule is None:
        return None
    return f"**{rule.code} {rule.name}**\n\n{rule.doc()}"


class MdtidyServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "mdtidy", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.state = WorkspaceState()
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.indexing: asyncio.Task[None] | None = None
        self.indexed = False

    # ------------------------------------------------------------------ helpers

    @property
    def encoding(self) -> str:
        value = self.workspace.position_encoding
        return str(getattr(value, "value", value) or "utf-16")

    def path_of(self, uri: str) -> str:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        return path if path else f"<{uri}>"

    def lint_uri(self, uri: str) -> Linted | None:
        try:
            document = self.workspace.get_text_document(uri)
        except Exception:
            return None
        linted = self.linted.get(uri)
        if (
            linted is not None
            and linted.version == document.version
            and linted.source.text == document.source
        ):
            return linted
        linted = self.state.lint(self.path_of(uri), Source(document.source), document.version)
        self.linted[uri] = linted
        return linted

    def publish(self, uri: str) -> None:
        if uri not in self.workspace.text_documents:
            return
        linted = self.lint_uri(uri)
        if linted is None:
            return
        diagnostics = [self.to_lsp(linted, d) for d in linted.diagnostics]
        diagnostics += [
            types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                message=f"mdtidy: {message}",
                severity=types.DiagnosticSeverity.Error,
                source="mdtidy",
            )
            for message in linted.errors
        ]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=linted.version)
        )

    def publish_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.linted.pop(uri, None)
            self.publish(uri)

    def schedule(self, uri: str, delay: float = DEBOUNCE) -> None:
        """Lint ``uri`` after ``delay`` seconds without a newer edit."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()

        async def later() -> None:
            await asyncio.sleep(delay)
            self.pending.pop(uri, None)
            self.publish(uri)

        self.pending[uri] = asyncio.ensure_future(later())

    def range_of(self, source: Source, start: int, end: int) -> types.Range:
        sl, sc = position_of(source, start, self.encoding)
        el, ec = position_of(source, max(start, end), self.encoding)
        return types.Range(types.Position(sl, sc), types.Position(el, ec))

    def to_lsp(self, linted: Linted, diag: Diagnostic) -> types.Diagnostic:
        source = linted.source
        related = []
        for rel in diag.related:
            if rel.path == linted.path:
                start = source.offset(rel.line, rel.column) if rel.line <= source.line_count() else 0
                position = types.Position(*position_of(source, start, self.encoding))
            else:
                position = types.Position(rel.line - 1, self._column_in_file(rel.path, rel.line, rel.column))
            default = _RELATED_MESSAGE.get(diag.code, "related location")
            related.append(
                types.DiagnosticRelatedInformation(
                    location=types.Location(
                        uri=self.path_uri(rel.path), range=types.Range(position, position)
                    ),
                    message=rel.message or default,
                )
            )
        href = _help_uri(diag.code)
        fixable = diag.fix is not None and diag.fix.applicability is not Applicability.DISPLAY_ONLY
        return types.Diagnostic(
            range=self.range_of(source, diag.start, diag.end),
            message=diag.message,
            severity=_SEVERITY.get(diag.severity, types.DiagnosticSeverity.Warning),
            code=diag.code,
            code_description=types.CodeDescription(href=href) if href else None,
            source="mdtidy",
            related_information=related or None,
            data={"name": diag.name, "fixable": fixable},
        )

    def _column_in_file(self, path: str, line: int, column: int) -> int:
        """The LSP column of a 1-based code point column in another file."""
        uri = self.path_uri(path)
        text = None
        if uri in self.workspace.text_documents:
            text = self.workspace.get_text_document(uri).source
        else:
            try:
                text = Path(path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                return column - 1
        source = Source(text)
        if line > source.line_count():
            return column - 1
        return position_of(source, source.offset(line, column), self.encoding)[1]

    def path_uri(self, path: str) -> str:
        if path.startswith("<") and path.endswith(">"):
            return path[1:-1]
        return from_fs_path(path) or path

    def text_edit(self, source: Source, start: int, end: int, content: str) -> types.TextEdit:
        return types.TextEdit(range=self.range_of(source, start, end), new_text=content)

    def whole_edit(self, source: Source, new_text: str) -> list[types.TextEdit]:
        """One edit replacing the part of the document that changed."""
        old = source.text
        if old == new_text:
            return []
        prefix = 0
        limit = min(len(old), len(new_text))
        while prefix < limit and old[prefix] == new_text[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and old[len(old) - 1 - suffix] == new_text[len(new_text) - 1 - suffix]:
            suffix += 1
        # keep surrogate-free, line-break-safe boundaries: never split "\r\n"
        while prefix > 0 and old[prefix - 1] == "\r":
            prefix -= 1
        while suffix > 0 and old[len(old) - suffix] == "\n":
            suffix -= 1
        return [self.text_edit(source, prefix, len(old) - suffix, new_text[prefix : len(new_text) - suffix])]

    # ------------------------------------------------------------------ workspace index

    def set_roots(self) -> None:
        roots = []
        for folder in self.workspace.folders.values():
            path = to_fs_path(folder.uri)
            if path:
                roots.append(Path(path))
        if not roots and self.workspace.root_path:
            roots.append(Path(self.workspace.root_path))
        self.state.roots = roots

    async def index_workspace(self) -> None:
        """Summaries of every Markdown file of the workspace, one at a time."""
        self.indexed = False
        files = self.state.workspace_files()
        log.info("indexing %d files", len(files))
        for path in files:
            self.state.summarize_file(str(path))
            await asyncio.sleep(0)
        self.indexed = True
        self.window_log_message(
            types.LogMessageParams(
                type=types.MessageType.Info, message=f"mdtidy: indexed {len(files)} workspace files"
            )
        )
        self.publish_all()

    def reindex(self) -> None:
        if self.indexing is not None and not self.indexing.done():
            self.indexing.cancel()
        self.indexing = asyncio.ensure_future(self.index_workspace())


server = MdtidyServer()


@server.feature(types.INITIALIZED)
async def initialized(ls: MdtidyServer, _params: types.InitializedParams) -> None:
    ls.set_roots()
    dynamic = ls.client_capabilities.workspace
    if (
        dynamic is not None
        and dynamic.did_change_watched_files is not None
        and dynamic.did_change_watched_files.dynamic_registration
    ):
        watchers = [
            types.FileSystemWatcher(glob_pattern=pattern)
            for pattern in ("**/*.{md,markdown,mdown,mkd,mkdn}", *(f"**/{n}" for n in CONFIG_NAMES))
        ]
        try:
            await ls.client_register_capability_async(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="mdtidy-watch",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                watchers=watchers
                            ),
                        )
                    ]
                )
            )
        except Exception as exc:  # the client may refuse; the server works without it
            log.warning("could not register file watchers: %s", exc)
    ls.reindex()


@server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def folders_changed(ls: MdtidyServer, _params: types.DidChangeWorkspaceFoldersParams) -> None:
    ls.set_roots()
    ls.reindex()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: MdtidyServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: MdtidyServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: MdtidyServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    path = ls.path_of(uri)
    if not path.startswith("<") and ls.state.in_workspace(path) and is_markdown(path):
        document = ls.workspace.get_text_document(uri)
        ls.state.update(path, Source(params.text if params.text is not None else document.source))
    pending = ls.pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    ls.publish_all()  # the cross-file findings of the other open documents may change


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: MdtidyServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.linted.pop(uri, None)
    pending = ls.pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def watched_files(ls: MdtidyServer, params: types.DidChangeWatchedFilesParams) -> None:
    config_changed = False
    for change in params.changes:
        path = ls.path_of(change.uri)
        if Path(path).name in CONFIG_NAMES:
            config_changed = True
        elif is_markdown(path) and ls.state.in_workspace(path):
            if change.type == types.FileChangeType.Deleted:
                ls.state.forget(path)
            else:
                ls.state.summarize_file(path)
    if config_changed:
        ls.state.config_changed()
        ls.reindex()
    else:
        ls.publish_all()


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL_KIND],
        resolve_provider=False,
    ),
)
def code_action(ls: MdtidyServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    linted = ls.lint_uri(uri)
    if linted is None:
        return None
    only = params.context.only
    wanted = lambda kind: only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)  # noqa: E731
    source = linted.source
    lo = offset_at(source, params.range.start.line, params.range.start.character, ls.encoding)
    hi = offset_at(source, params.range.end.line, params.range.end.character, ls.encoding)
    first_line, last_line = source.position(lo)[0], source.position(hi)[0]
    actions: list[types.CodeAction] = []
    if wanted(types.CodeActionKind.QuickFix):
        here = [d for d in linted.diagnostics if d.line <= last_line and d.end_line >= first_line]
        disabled: set[tuple[str, int]] = set()
        for diag in here[:MAX_QUICK_FIXES]:
            lsp_diag = ls.to_lsp(linted, diag)
            fix = diag.fix
            if fix is not None and ls.state.single_fix_ok(linted, diag):
                unsafe = fix.applicability is Applicability.UNSAFE
                what = fix.message or diag.message
                title = f"mdtidy: fix {diag.code}: {what}" + (" (unsafe fix)" if unsafe else "")
                edits = ls.whole_edit(source, apply_fix(source, fix))
                actions.append(
                    types.CodeAction(
                        title=title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp_diag],
                        is_preferred=not unsafe,
                        edit=types.WorkspaceEdit(changes={uri: edits}),
                    )
                )
            if (diag.code, diag.line) in disabled:
                continue
            disabled.add((diag.code, diag.line))
            disable = disable_line_edit(linted, diag)
            if disable is not None:
                at, text = disable
                actions.append(
                    types.CodeAction(
                        title=f"mdtidy: disable {diag.code} for this line",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp_diag],
                        edit=types.WorkspaceEdit(changes={uri: [ls.text_edit(source, at, at, text)]}),
                    )
                )
    if wanted(FIX_ALL_KIND) and any(
        d.fix is not None and d.fix.applicability is Applicability.SAFE for d in linted.diagnostics
    ):
        outcome, problem = ls.state.fix_all(linted)
        if problem:
            ls.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=problem))
        if outcome is not None and outcome.text != source.text:
            actions.append(
                types.CodeAction(
                    title="mdtidy: fix all safe findings in this file",
                    kind=FIX_ALL_KIND,
                    edit=types.WorkspaceEdit(changes={uri: ls.whole_edit(source, outcome.text)}),
                )
            )
    return actions


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: MdtidyServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    linted = ls.lint_uri(params.text_document.uri)
    if linted is None:
        return None
    outcome, problem = ls.state.fix_all(linted)
    if problem:
        ls.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Warning, message=f"mdtidy: {problem}")
        )
    if outcome is None:
        return None
    return ls.whole_edit(linted.source, outcome.text)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: MdtidyServer, params: types.HoverParams) -> types.Hover | None:
    linted = ls.lint_uri(params.text_document.uri)
    if linted is None:
        return None
    at = offset_at(linted.source, params.position.line, params.position.character, ls.encoding)
    found = [d for d in linted.diagnostics if d.start <= at <= max(d.end, d.start + 1)]
    if not found:
        return None
    parts = []
    for diag in found:
        rule = _rule_class(diag.code)
        summary = rule.summary if rule is not None else ""
        why = _section(rule.doc(), "Why is this bad?") if rule is not None else ""
        href = _help_uri(diag.code)
        text = f"**{diag.code} {diag.name}**: {summary}\n\n{diag.message}"
        if why:
            text += f"\n\n*Why:* {why}"
        if href:
            text += f"\n\n[Documentation]({href})"
        parts.append(text)
    first = min(found, key=lambda d: d.start)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=ls.range_of(linted.source, first.start, first.end),
    )


@server.command(EXPLAIN_COMMAND)
def explain_command(_ls: MdtidyServer, *args: Any) -> str | None:
    """``mdtidy --explain CODE``: the rule's documentation (Markdown), or None."""
    return explain(str(args[0])) if args else None


def run_server(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="mdtidy server", description="Run the mdtidy language server.")
    parser.add_argument("--stdio", action="store_true", help="Speak LSP over stdin/stdout (the default).")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="Listen on HOST:PORT instead (for debugging).")
    parser.add_argument("--log-file", metavar="FILE", help="Write the server's log to FILE.")
    args = parser.parse_args(argv)
    handler = logging.FileHandler(args.log_file) if args.log_file else logging.StreamHandler(sys.stderr)
    logging.basicConfig(
        level=logging.INFO if args.log_file else logging.WARNING,
        handlers=[handler],
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not host or not port.isdigit():
            parser.error("--tcp needs HOST:PORT, e.g. 127.0.0.1:2087")
        server.start_tcp(host, int(port))
    else:
        server.start_io()
    return 0
