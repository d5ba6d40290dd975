"""Output formats: one module per format behind one small interface.

A format is a function ``render(report: Report) -> str`` in a module of this package;
:func:`render` imports the module only when its format is asked for, so a run pays
start-up time only for the format it prints. The command line picks the format and
writes the text; nothing here writes to a stream.

=============  =====================================================================
format         what
=============  =====================================================================
text           ``path:line:col: CODE name message [*]`` (the default; colour on a terminal)
concise        ``path:line:col: CODE message [*]``, one line per finding
grouped        findings under one header per file, like ruff's grouped format
json           one versioned object (``"version": 1``): diagnostics, errors, fixed
json-lines     one JSON object per line: each finding, each error, then a summary
github         GitHub Actions workflow commands (``::warning file=…::…``)
gitlab         a GitLab Code Quality report (JSON array of issues)
sarif          SARIF 2.1.0
junit          JUnit XML: one test case per file, a failure per finding
=============  =====================================================================
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mdtidy.model import Diagnostic, Rule
    from mdtidy.parsing.source import Source
    from mdtidy.run.runner import FileError, RunResult

__all__ = [
    "FORMATS",
    "STATISTICS_FORMATS",
    "TEXT_FORMATS",
    "Report",
    "color_enabled",
    "last_position",
    "names_a_file",
    "render",
    "render_statistics",
]

#: every ``--format`` value, in the order ``--help`` lists them
FORMATS = ("text", "concise", "grouped", "json", "json-lines", "github", "gitlab", "sarif", "junit")
#: formats for people: ``--diff`` prints a diff in their place, errors go to standard error
TEXT_FORMATS = frozenset({"text", "concise", "grouped"})
#: formats ``--statistics`` can print (a table, or JSON)
STATISTICS_FORMATS = TEXT_FORMATS | {"json"}

# format → (module in this package, function)
_RENDERERS = {
    "text": ("text", "render_full"),
    "concise": ("text", "render_concise"),
    "grouped": ("text", "render_grouped"),
    "json": ("json_format", "render"),
    "json-lines": ("json_lines", "render"),
    "github": ("github", "render"),
    "gitlab": ("gitlab", "render"),
    "sarif": ("sarif", "render"),
    "junit": ("junit", "render"),
}


@dataclass
class Report:
    """What a format may show: the run's result and the rules that ran."""

    result: RunResult
    rules: Sequence[Rule] = ()
    #: whether the text formats may use ANSI colours (decided by :func:`color_enabled`)
    color: bool = False

    def source(self, path: str) -> Source | None:
        """The text a finding of ``path`` refers to (after fixes, when the run fixed it)."""
        return self.result.sources.get(path)


def render(fmt: str, report: Report) -> str:
    """The whole report in format ``fmt`` (empty, or ending with a line break)."""
    module, function = _RENDERERS[fmt]
    renderer = getattr(importlib.import_module(f"mdtidy.output.{module}"), function)
    text: str = renderer(report)
    return text


def render_statistics(fmt: str, report: Report) -> str:
    """``--statistics``: findings counted per rule, as a table or (``json``) as JSON."""
    from mdtidy.output import statistics

    return statistics.render_json(report) if fmt == "json" else statistics.render_table(report)


def color_enabled(mode: str, isatty: bool, environ: Mapping[str, str] = os.environ) -> bool:
    """``--color``: ``always``, ``never``, or ``auto`` (a terminal, and ``NO_COLOR`` unset or empty)."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    return isatty and not environ.get("NO_COLOR")


def last_position(diag: Diagnostic, source: Source | None) -> tuple[int, int]:
    """1-based line and column of the finding's last character (inclusive).

    ``end_line``/``end_column`` point just past the finding (exclusive, as in the JSON
    output and SARIF); annotations that want the last character use this. An empty
    span is its own start.
    """
    if diag.end <= diag.start:
        return diag.line, diag.column
    if source is not None:
        return source.position(diag.end - 1)
    if diag.end_column > 1:
        return diag.end_line, diag.end_column - 1
    return max(diag.line, diag.end_line - 1), 1


def names_a_file(error: FileError) -> bool:
    """Whether an error's ``path`` is a file (``--verify-https`` failures name the option)."""
    return not error.path.startswith("--")
