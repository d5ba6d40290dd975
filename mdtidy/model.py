"""The vocabulary shared by the engine and the rules: findings, fixes, rules, summaries."""

from __future__ import annotations

import copy
import enum
import inspect
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from mdtidy.parsing.parse import Document

__all__ = [
    "Applicability",
    "Corpus",
    "CorpusRule",
    "Diagnostic",
    "Edit",
    "FileRule",
    "FileSummary",
    "Fix",
    "LinkRecord",
    "Related",
    "Rule",
]


class Applicability(enum.Enum):
    """How far a fix can be trusted (ruff's model)."""

    SAFE = "safe"  # applied by --fix
    UNSAFE = "unsafe"  # applied only with --unsafe-fixes
    DISPLAY_ONLY = "display-only"  # shown in --diff output, never applied


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[start:end]`` of the original text with ``content``."""

    start: int
    end: int
    content: str = ""

    @classmethod
    def delete(cls, start: int, end: int) -> Edit:
        return cls(start, end, "")

    @classmethod
    def insert(cls, at: int, content: str) -> Edit:
        return cls(at, at, content)


@dataclass(frozen=True)
class Fix:
    """One or more edits applied as a unit, or not at all."""

    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    message: str = ""

    @classmethod
    def safe(cls, *edits: Edit, message: str = "") -> Fix:
        return cls(tuple(sorted(edits)), Applicability.SAFE, message)

    @classmethod
    def unsafe(cls, *edits: Edit, message: str = "") -> Fix:
        return cls(tuple(sorted(edits)), Applicability.UNSAFE, message)

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@dataclass(frozen=True)
class Related:
    """Another place a finding refers to (e.g. the first copy of a duplicate)."""

    path: str
    line: int
    column: int
    message: str = ""


@dataclass
class Diagnostic:
    """A finding. ``start``/``end`` are character offsets into the file's text.

    The engine fills in ``path``, ``code``, ``name`` and the 1-based line/column.
    """

    message: str
    start: int
    end: int
    fix: Fix | None = None
    related: list[Related] = field(default_factory=list)
    severity: str = "warning"
    path: str = ""
    code: str = ""
    name: str = ""
    #: set by the engine on findings of a cross-file check (re-run after fixes)
    cross_file: bool = False
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True)
class LinkRecord:
    """A link as kept in a file's summary for cross-file rules."""

    url: str  # as written
    key: str  # normalised comparison key
    scheme: str
    host: str
    kind: str
    image: bool
    start: int
    end: int
    url_start: int
    url_end: int
    line: int
    column: int


@dataclass
class FileSummary:
    """What cross-file rules may know about a file: small, picklable, cacheable."""

    path: str
    links: list[LinkRecord]
    date: str | None = None  # ISO date of the post (file name or front matter), for corpus order
    #: rule code → what that rule's :meth:`FileRule.summarize` kept of the file
    extras: dict[str, Any] = field(default_factory=dict)
    #: the file's inline ``markdownlint-disable``/``mdtidy-disable`` directives
    #: (a :class:`mdtidy.suppress.Suppressions`), honoured by cross-file rules too
    suppressions: Any = None

    @property
    def order_key(self) -> tuple[int, str, str]:
        """Corpus order: dated posts first, oldest first, then by path."""
        return (0 if self.date else 1, self.date or "", self.path)


@dataclass
class Corpus:
    """All summaries of a run, in corpus order, plus run-wide configuration."""

    summaries: list[FileSummary]
    config: Any

    def __post_init__(self) -> None:
        self.summaries.sort(key=lambda s: s.order_key)
        self.by_path = {s.path: s for s in self.summaries}
        #: host → number of ``https://`` links to it in the run (a :meth:`view` keeps them)
        self.https_hosts: dict[str, int] = {}
        for summary in self.summaries:
            for link in summary.links:
                if link.scheme == "https" and link.host:
                    self.https_hosts[link.host] = self.https_hosts.get(link.host, 0) + 1
        #: rules may keep derived indexes here (a :meth:`view` copies them)
        self.cache: dict[str, Any] = {}
        #: run-wide evidence gathered before the corpus rules run, e.g. the results of
        #: ``--verify-https`` keyed by the http URL as written (a :meth:`view` shares it)
        self.evidence: dict[str, Any] = {}

    def view(self, summary: FileSummary) -> Corpus:
        """This corpus as one file being fixed sees it: its own summary is ``summary``
        (its current text), every other file and every run-wide fact is as frozen here.

        The fixer works on views, so what cross-file rules decide (which copy is kept,
        which hosts serve https) is decided once, before any file is fixed, and a file's
        fixes do not depend on the order of the files or the number of workers. The view
        shares nothing mutable with this corpus: the derived indexes in :attr:`cache`
        (filled by the check before fixing) are copied, not rebuilt.
        """
        view = copy.copy(self)
        view.summaries = list(self.summaries)
        view.by_path = dict(self.by_path)
        view.https_hosts = dict(self.https_hosts)
        view.cache = dict(self.cache)
        old = self.by_path.get(summary.path)
        if old is None:
            view.summaries.append(summary)
            view.summaries.sort(key=lambda s: s.order_key)
        else:
            view.summaries[view.summaries.index(old)] = summary
        view.by_path[summary.path] = summary
        return view


class Rule:
    """Base class of every rule. The rule module's docstring is its documentation.

    Subclass :class:`FileRule` (sees one parsed document) or :class:`CorpusRule`
    (sees the summaries of every file of the run). A rule only *reports*; a fix is
    data attached to a finding, never a branch on "fix mode".
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    #: "always", "sometimes" or "never": whether findings carry fixes.
    fixable: ClassVar[str] = "never"
    #: on unless the configuration deselects it
    default_enabled: ClassVar[bool] = True
    #: options with their defaults; the configuration may override them per rule
    options: ClassVar[dict[str, Any]] = {}
    #: how this rule's fixes change the rendered page *on purpose* ("" = never). A rule
    #: with "" is a formatting rule: the rendering guard rolls back any of its fixes that
    #: changes the HTML. Content rules say how they change it, e.g. "removes a duplicate
    #: entry" or "changes link targets".
    changes_html: ClassVar[str] = ""
    #: kinds of protected regions this rule is written for: it may report inside them and
    #: its fixes may edit them. Opaque regions of the flavor (``"math"``, ``"liquid"``,
    #: ``"shortcode"``, … see :attr:`mdtidy.parsing.parse.Document.opaque`), and
    #: ``"code"`` (code block content) and ``"code-span"``, which every fix must otherwise
    #: keep byte-identical (the engine enforces it; see :mod:`mdtidy.engine`).
    protected_kinds: ClassVar[frozenset[str]] = frozenset()
    #: options whose value must be one of a few words: option → the allowed values
    #: (checked when the rule is made, with one error message for every rule)
    choices: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        self.opts = {**self.options, **(options or {})}
        for key, allowed in self.choices.items():
            if self.opts[key] not in allowed:
                from mdtidy.config import ConfigError

                words = " or ".join(map(repr, allowed))
                raise ConfigError(f"rule {self.code}: option '{key}' must be {words}")

    @classmethod
    def doc(cls) -> str:
        """The documentation: the rule module's docstring."""
        module = sys.modules.get(cls.__module__)
        text = (module.__doc__ if module else None) or cls.__doc__ or cls.summary
        return inspect.cleandoc(text)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return (cls.code, cls.name, *cls.aliases)


class FileRule(Rule):
    def check(self, doc: Document, ctx: Any) -> Iterable[Diagnostic]:
        raise NotImplementedError

    def summarize(self, doc: Document, ctx: Any) -> Any:
        """What this rule's cross-file check needs to know of the file, or ``None``.

        A rule that is also a :class:`CorpusRule` finds the value in
        ``corpus.by_path[path].extras[code]``. Keep it small and picklable: summaries
        are what the corpus holds for every file of a run.
        """
        return None


class CorpusRule(Rule):
    def check_corpus(self, corpus: Corpus, path: str) -> Iterator[Diagnostic]:
        """Findings for the file ``path``, given every file's summary."""
        raise NotImplementedError
