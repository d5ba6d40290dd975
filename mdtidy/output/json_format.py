"""``--format json``: one object, versioned (``"version": 1``); its shape never changes
within a version.

.. code-block:: json

    {"version": 1, "files": 2, "diagnostics": [...], "errors": [...], "fixed": {...}}

A diagnostic is :func:`diagnostic_json`; an error is ``{"path", "line", "message"}``
(``line`` may be null); ``fixed`` maps each fixed file to ``{code: count}``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from mdtidy.model import Applicability, Diagnostic

if TYPE_CHECKING:
    from mdtidy.output import Report
    from mdtidy.run.runner import FileError

__all__ = ["JSON_VERSION", "diagnostic_json", "error_json", "render"]

JSON_VERSION = 1


def diagnostic_json(d: Diagnostic) -> dict[str, object]:
    """A finding as JSON: location (1-based, end exclusive), rule, message, fix safety, related places."""
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "code": d.code,
        "name": d.name,
        "message": d.message,
        "severity": d.severity,
        "fixable": d.fix is not None and d.fix.applicability is not Applicability.DISPLAY_ONLY,
        "fix_safety": d.fix.applicability.value if d.fix is not None else None,
        "related": [{"path": r.path, "line": r.line, "column": r.column} for r in d.related],
    }


def error_json(e: FileError) -> dict[str, object]:
    return {"path": e.path, "line": e.line, "message": e.message}


def render(report: Report) -> str:
    result = report.result
    payload = {
        "version": JSON_VERSION,
        "files": result.files,
        "diagnostics": [diagnostic_json(d) for d in result.diagnostics],
        "errors": [error_json(e) for e in result.errors],
        "fixed": result.fixed,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
