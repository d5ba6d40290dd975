"""The formats for people: ``text`` (the default), ``concise`` and ``grouped``.

Only the findings are rendered here; the command line prints the summary line
(:func:`summary_line`) and the errors (on standard error) itself, so that with
``--output-file`` the findings go to the file and the summary still reaches the terminal.
Colour (ANSI escapes) only when :attr:`Report.color` says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mdtidy.model import Applicability, Diagnostic

if TYPE_CHECKING:
    from mdtidy.output import Report
    from mdtidy.run.runner import RunResult

__all__ = ["marker", "render_concise", "render_full", "render_grouped", "summary_line"]

_BOLD, _RED, _CYAN, _UNDERLINE, _RESET = "\x1b[1m", "\x1b[31m", "\x1b[36m", "\x1b[4m", "\x1b[0m"


def marker(d: Diagnostic) -> str:
    """`` [*]`` for a safe fix, `` [unsafe fix]`` for an unsafe one, else nothing."""
    if d.fix is None:
        return ""
    return " [*]" if d.fix.applicability is Applicability.SAFE else f" [{d.fix.applicability.value} fix]"


def _paint(color: bool) -> Callable[[str, str], str]:
    if not color:
        return lambda _style, text: text
    return lambda style, text: f"{style}{text}{_RESET}"


def render_full(report: Report) -> str:
    """``path:line:col: CODE name message [*]``, one line per finding."""
    paint = _paint(report.color)
    sep = paint(_CYAN, ":")
    lines = [
        f"{paint(_BOLD, d.path)}{sep}{d.line}{sep}{d.column}{sep} {paint(_BOLD + _RED, d.code)} "
        f"{d.name} {d.message}{paint(_CYAN, marker(d)) if d.fix else ''}\n"
        for d in report.result.diagnostics
    ]
    return "".join(lines)


def render_concise(report: Report) -> str:
    """``path:line:col: CODE message [*]``: the rule name left out, for editors and grep."""
    paint = _paint(report.color)
    sep = paint(_CYAN, ":")
    return "".join(
        f"{paint(_BOLD, d.path)}{sep}{d.line}{sep}{d.column}{sep} {paint(_BOLD + _RED, d.code)} "
        f"{d.message}{paint(_CYAN, marker(d)) if d.fix else ''}\n"
        for d in report.result.diagnostics
    )


def render_grouped(report: Report) -> str:
    """A header per file, then ``line:col  CODE name message [*]`` under it (aligned on the colon),
    and a blank line after each file."""
    paint = _paint(report.color)
    groups: dict[str, list[Diagnostic]] = {}
    for d in report.result.diagnostics:
        groups.setdefault(d.path, []).append(d)
    out = []
    for path, diags in groups.items():
        out.append(f"{paint(_BOLD + _UNDERLINE, path)}:\n")
        line_width = max(len(str(d.line)) for d in diags)
        column_width = max(len(str(d.column)) for d in diags)
        for d in diags:
            place = f"{str(d.line).rjust(line_width)}:{str(d.column).ljust(column_width)}"
            out.append(
                f"  {place}  {paint(_BOLD + _RED, d.code)} {d.name} {d.message}"
                f"{paint(_CYAN, marker(d)) if d.fix else ''}\n"
            )
        out.append("\n")
    return "".join(out)


def summary_line(result: RunResult, fix: bool) -> str:
    """``Found N findings in M files (K fixable with --fix, …).`` and the like."""
    n = len(result.diagnostics)
    safe = sum(1 for d in result.diagnostics if d.fix and d.fix.applicability is Applicability.SAFE)
    unsafe = sum(1 for d in result.diagnostics if d.fix and d.fix.applicability is Applicability.UNSAFE)
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    parts = []
    if fix:
        parts.append(f"Fixed {result.fixed_total} finding{'s' if result.fixed_total != 1 else ''}")
        parts.append(f"in {len(result.fixed)} file{'s' if len(result.fixed) != 1 else ''}.")
    if n == 0:
        parts.append(f"All checks passed ({files}).")
    else:
        more = []
        if safe:
            more.append(f"{safe} fixable with --fix")
        if unsafe:
            more.append(f"{unsafe} with --unsafe-fixes")
        tail = f" ({', '.join(more)})" if more else ""
        parts.append(f"Found {n} finding{'s' if n != 1 else ''} in {files}{tail}.")
    if result.errors:
        parts.append(f"{len(result.errors)} error{'s' if len(result.errors) != 1 else ''}.")
    return " ".join(parts)
