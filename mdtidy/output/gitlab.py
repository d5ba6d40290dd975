"""``--format gitlab``: a GitLab Code Quality report (``artifacts:reports:codequality``).

A JSON array with one issue per finding::

    {"description": "DUP001 duplicate-link: https://… is already linked at line 3",
     "check_name": "DUP001", "fingerprint": "…", "severity": "minor",
     "location": {"path": "post.md", "lines": {"begin": 4, "end": 4}}}

``severity``: a rule's ``info`` → ``info``, ``warning`` → ``minor``, ``error`` →
``major``; a file that could not be processed is an issue of its own (``check_name``
``mdtidy-error``, severity ``critical``). The fingerprint is described in
:mod:`mdtidy.output.fingerprint`: stable across runs, distinct per finding.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from mdtidy.output import last_position
from mdtidy.output.fingerprint import error_fingerprint, fingerprints

if TYPE_CHECKING:
    from mdtidy.output import Report

__all__ = ["SEVERITIES", "render"]

#: mdtidy severity → GitLab severity (info, minor, major, critical, blocker)
SEVERITIES = {"info": "info", "warning": "minor", "error": "major"}


def render(report: Report) -> str:
    issues: list[dict[str, object]] = []
    for d, fingerprint in zip(report.result.diagnostics, fingerprints(report), strict=True):
        end_line = last_position(d, report.source(d.path))[0]
        issues.append(
            {
                "description": f"{d.code} {d.name}: {d.message}",
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": SEVERITIES.get(d.severity, "minor"),
                "location": {"path": d.path, "lines": {"begin": d.line, "end": end_line}},
            }
        )
    for e in report.result.errors:
        issues.append(
            {
                "description": f"mdtidy could not process this file: {e.message}",
                "check_name": "mdtidy-error",
                "fingerprint": error_fingerprint(e),
                "severity": "critical",
                "location": {"path": e.path, "lines": {"begin": e.line or 1}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
