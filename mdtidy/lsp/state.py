"""What the language server knows, independent of the protocol: the configuration of each
document (found from its path, as the command line finds it), the summaries of the
workspace's files for the cross-file rules, and linting and fixing one open document with
the command line's guards and time limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mdtidy.config import Config, ConfigError, find_config, load_config, resolve_rules
from mdtidy.engine import (
    FixOutcome,
    _distinct_urls,
    apply_fixes,
    check_corpus,
    fix_text,
    lint_text,
    protected_change,
    protected_texts,
)
from mdtidy.model import Applicability, Corpus, Diagnostic, FileSummary, Fix, Rule
from mdtidy.parsing.parse import Document
from mdtidy.parsing.render import page_html
from mdtidy.parsing.source import DecodeError, Source, decode
from mdtidy.registry import RuleLoadError
from mdtidy.run.files import MARKDOWN_SUFFIXES, discover
from mdtidy.run.runner import _time_limit, _Timeout

__all__ = ["CONFIG_NAMES", "Linted", "Settings", "WorkspaceState", "disable_line_edit", "is_markdown"]

#: files whose change means the configuration of some documents changed
CONFIG_NAMES = (".mdtidy.yaml", ".mdtidy.yml", "pyproject.toml")


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


@dataclass
class Settings:
    """The configuration and rules of a document, or why there are none."""

    config: Config
    rules: list[Rule]
    error: str | None = None


@dataclass
class Linted:
    """One lint of one document version: what code actions, hover and formatting use."""

    path: str
    source: Source
    version: int | None
    settings: Settings
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: why the document could not be (fully) linted: error diagnostics at its start
    errors: list[str] = field(default_factory=list)
    summary: FileSummary | None = None
    doc: Document | None = None


class WorkspaceState:
    """The workspace's folders, configurations and file summaries."""

    def __init__(self, roots: list[Path] | None = None) -> None:
        self.roots: list[Path] = list(roots or [])
        #: path → summary of the file as saved on disk (open documents: as last saved)
        self.summaries: dict[str, FileSummary] = {}
        self._config_files: dict[Path, Path | None] = {}
        self._settings: dict[Path | None, Settings] = {}

    # ------------------------------------------------------------------ configuration

    def config_changed(self) -> None:
        self._config_files.clear()
        self._settings.clear()

    def settings(self, path: str) -> Settings:
        """The configuration and rules for the file ``path`` (as ``mdtidy path`` would use)."""
        folder = Path(path).parent if not path.startswith("<") else self._default_folder()
        if folder not in self._config_files:
            self._config_files[folder] = find_config(folder)
        config_file = self._config_files[folder]
        if config_file not in self._settings:
            try:
                config = load_config(config_file)
                self._settings[config_file] = Settings(config, resolve_rules(config))
            except (ConfigError, RuleLoadError) as exc:
                self._settings[config_file] = Settings(Config(), [], f"configuration error: {exc}")
        return self._settings[config_file]

    def _default_folder(self) -> Path:
        return self.roots[0] if self.roots else Path.cwd()

    # ------------------------------------------------------------------ workspace files

    def workspace_files(self) -> list[Path]:
        """The Markdown files of every workspace folder, as ``mdtidy FOLDER`` finds them."""
        found: dict[Path, None] = {}
        for root in self.roots:
            settings = self.settings(str(root / "_"))
            for path, error in discover([root], settings.config):
                if error is None:
                    found[path] = None
        return list(found)

    def in_workspace(self, path: str) -> bool:
        resolved = Path(path)
        return any(resolved.is_relative_to(root) for root in self.roots)

    def summarize_file(self, path: str) -> None:
        """Read ``path`` from disk and keep its summary (or drop it when unreadable)."""
        try:
            data = Path(path).read_bytes()
            settings = self.settings(path)
            if len(data) > settings.config.max_file_size:
                raise ValueError("too large")
            source = decode(data)
        except (OSError, DecodeError, ValueError):
            self.summaries.pop(path, None)
            return
        self.update(path, source)

    def update(self, path: str, source: Source) -> None:
        """Keep the summary of ``path`` made from ``source`` (a saved document)."""
        linted = self.lint(path, source, None, cross_file=False)
        if linted.summary is not None:
            self.summaries[path] = linted.summary
        else:
            self.summaries.pop(path, None)

    def forget(self, path: str) -> None:
        self.summaries.pop(path, None)

    def corpus(self, path: str, summary: FileSummary, config: Config) -> Corpus:
        """The corpus the cross-file rules see for ``path``: the workspace, with ``summary``
        (the document as the editor has it) in place of its saved version."""
        summaries = {**self.summaries, path: summary}
        return Corpus(list(summaries.values()), config)

    # ------------------------------------------------------------------ linting

    def lint(self, path: str, source: Source, version: int | None, *, cross_file: bool = True) -> Linted:
        """Findings of one document (file rules, then cross-file rules on the workspace).

        As on the command line, a document over ``max-file-size``, one that takes longer
        than ``file-timeout`` or one that makes a rule crash gets an error instead of
        findings; the server goes on serving.
        """
        settings = self.settings(path)
        linted = Linted(path, source, version, settings)
        if settings.error:
            linted.errors.append(settings.error)
            return linted
        config, rules = settings.config, settings.rules
        size = len(source.text.encode("utf-8", "surrogatepass"))
        if size > config.max_file_size:
            linted.errors.append(
                f"document is {size} bytes, over max-file-size ({config.max_file_size}); not linted"
            )
            return linted
        try:
            with _time_limit(config.file_timeout):
                diags, summary, doc = lint_text(source, path, config, rules)
                linted.summary, linted.doc = summary, doc
                if cross_file:
                    corpus = self.corpus(path, summary, config)
                    diags += check_corpus(corpus, path, rules, source)
        except _Timeout:
            linted.errors.append(f"took longer than {config.file_timeout:g} s to lint (file-timeout)")
            return linted
        except RecursionError:
            linted.errors.append("document is nested too deeply to lint")
            return linted
        except Exception as exc:  # a crash in a rule must not stop the server
            linted.errors.append(f"internal error while linting: {type(exc).__name__}: {exc}")
            return linted
        linted.diagnostics = sorted(diags, key=lambda d: (d.start, d.end, d.code))
        return linted

    # ------------------------------------------------------------------ fixing

    def fix_all(self, linted: Linted, unsafe: bool = False) -> tuple[FixOutcome | None, str | None]:
        """``mdtidy --fix`` on the document: its fixed text, or why there is none."""
        settings = linted.settings
        if settings.error or linted.errors or linted.summary is None:
            return None, "the document has errors; nothing fixed"
        config = settings.config
        corpus = self.corpus(linted.path, linted.summary, config)
        try:
            with _time_limit(config.file_timeout * 4):
                outcome = fix_text(linted.source, linted.path, config, settings.rules, corpus, unsafe)
        except _Timeout:
            return None, "fixing took too long (file-timeout); document left untouched"
        except Exception as exc:
            return None, f"internal error while fixing: {type(exc).__name__}: {exc}"
        if outcome.guard_failed:
            return outcome, (
                f"fixes by {', '.join(outcome.guard_failed)} would change {outcome.guard_what}; "
                "no fix applied"
            )
        if outcome.refused:
            return outcome, "; ".join(outcome.refused)
        return outcome, None

    def single_fix_ok(self, linted: Linted, diag: Diagnostic) -> bool:
        """Whether applying ``diag``'s fix alone keeps the promises ``mdtidy --fix`` checks:
        no distinct URL lost, protected texts kept, and (for formatting rules) the same page."""
        fix = diag.fix
        if fix is None or not fix.edits or fix.applicability is Applicability.DISPLAY_ONLY:
            return False
        rule = next((r for r in linted.settings.rules if r.code == diag.code), None)
        if rule is None or linted.summary is None or linted.doc is None:
            return False
        config, source = linted.settings.config, linted.source
        new_text = apply_fix(source, fix)
        if new_text == source.text:
            return False
        try:
            with _time_limit(config.file_timeout):
                new = Source(new_text, source.encoding, source.bom)
                _d, new_summary, new_doc = lint_text(new, linted.path, config, [])
                if _distinct_urls(linted.summary) - _distinct_urls(new_summary):
                    return False
                before, after = protected_texts(linted.doc), protected_texts(new_doc)
                if protected_change(before, after, rule.protected_kinds, bool(rule.changes_html)):
                    return False
                if not rule.changes_html:
                    flavor = config.flavor_for(linted.path)
                    old_page = page_html(source.text, config.front_matter, flavor)
                    if page_html(new_text, config.front_matter, flavor) != old_page:
                        return False
        except Exception:
            return False
        return True


def apply_fix(source: Source, fix: Fix) -> str:
    """The text after applying ``fix`` alone, line breaks written as the file writes them."""
    return apply_fixes(source.text, [fix], source.eol)[0]


_TRAILING = re.compile(r"[ \t]*$")


def disable_line_edit(linted: Linted, diag: Diagnostic) -> tuple[int, str] | None:
    """Where and what to insert to turn ``diag``'s rule off on its line: a markdownlint
    comment (``<!-- markdownlint-disable-line CODE -->``) at the end of the line, or
    None when such a comment would not be honoured there (code, front matter, blank line)."""
    source = linted.source
    index = diag.line - 1
    if index < 0 or index >= source.line_count():
        return None
    start, content_end, _end = source.line_span(index)
    line = source.text[start:content_end]
    if not line.strip():
        return None
    at = start + _TRAILING.search(line).start()  # type: ignore[union-attr]
    insert = f" <!-- markdownlint-disable-line {diag.code} -->"
    new_text = source.text[:at] + insert + source.text[at:]
    try:
        config = linted.settings.config
        with _time_limit(config.file_timeout):
            _d, summary, _doc = lint_text(Source(new_text), linted.path, config, [])
    except Exception:
        return None
    supp = summary.suppressions
    if not supp or not supp.suppressed(diag.code, diag.line):
        return None
    return at, insert
