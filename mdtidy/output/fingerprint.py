"""Stable identities of findings, for reports that compare runs (GitLab, SARIF).

A finding's fingerprint is the SHA-256 of

- the file's path as reported,
- the rule code,
- the text of the finding itself (its characters in the file),
- the text of the lines it covers (without their line breaks),
- and its occurrence number among the findings of the same file that agree on all of
  the above (0 for the first, in file order),

never of a line number, a column or the message (which may quote line numbers), so a
finding keeps its fingerprint when lines are added or removed above it, and two
findings never share one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import TYPE_CHECKING

from mdtidy.output import last_position

if TYPE_CHECKING:
    from mdtidy.model import Diagnostic
    from mdtidy.output import Report
    from mdtidy.run.runner import FileError

__all__ = ["error_fingerprint", "fingerprints"]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _content(d: Diagnostic, report: Report) -> tuple[str, str]:
    source = report.source(d.path)
    if source is None:  # no text to go by (not expected): the message stands in
        return d.message, ""
    last_line = last_position(d, source)[0]
    lines = "\n".join(source.line(i) for i in range(d.line - 1, last_line))
    return source.text[d.start : d.end], lines


def fingerprints(report: Report) -> list[str]:
    """One fingerprint per finding of the report, in the report's order."""
    seen: Counter[tuple[str, str, str, str]] = Counter()
    out = []
    for d in report.result.diagnostics:
        key = (d.path, d.code, *_content(d, report))
        out.append(_digest(*key, str(seen[key])))
        seen[key] += 1
    return out


def error_fingerprint(e: FileError) -> str:
    """An error's fingerprint: its path and message."""
    return _digest("error", e.path, e.message)
