"""``--statistics``: how many findings each rule made, and how many of them can be fixed.

As a table (the text formats), most frequent first::

    count  fixable  unsafe  code    name
      144      144       0  WS001   trailing-whitespace

``fixable`` counts the findings ``--fix`` fixes, ``unsafe`` those only
``--fix --unsafe-fixes`` does. With ``--format json``: ``{"version": 1, "files": N,
"statistics": [{"code", "name", "count", "fixable", "unsafe_fixable"}, ...],
"errors": [...]}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mdtidy.model import Applicability
from mdtidy.output.json_format import JSON_VERSION, error_json

if TYPE_CHECKING:
    from mdtidy.output import Report

__all__ = ["Row", "render_json", "render_table", "rows"]


@dataclass
class Row:
    code: str
    name: str
    count: int = 0
    fixable: int = 0
    unsafe_fixable: int = 0


def rows(report: Report) -> list[Row]:
    """One row per rule with findings: most findings first, then by code."""
    table: dict[str, Row] = {}
    for d in report.result.diagnostics:
        row = table.setdefault(d.code, Row(d.code, d.name))
        row.count += 1
        if d.fix is not None and d.fix.applicability is Applicability.SAFE:
            row.fixable += 1
        elif d.fix is not None and d.fix.applicability is Applicability.UNSAFE:
            row.unsafe_fixable += 1
    return sorted(table.values(), key=lambda r: (-r.count, r.code))


def render_table(report: Report) -> str:
    found = rows(report)
    if not found:
        return ""
    cells = [("count", "fixable", "unsafe", "code", "name")]
    cells += [(str(r.count), str(r.fixable), str(r.unsafe_fixable), r.code, r.name) for r in found]
    widths = [max(len(c[i]) for c in cells) for i in range(4)]
    lines = []
    for row in cells:
        numbers = [row[i].rjust(widths[i]) for i in range(3)]
        lines.append("  ".join([*numbers, row[3].ljust(widths[3]), row[4]]).rstrip() + "\n")
    return "".join(lines)


def render_json(report: Report) -> str:
    payload = {
        "version": JSON_VERSION,
        "files": report.result.files,
        "statistics": [
            {
                "code": r.code,
                "name": r.name,
                "count": r.count,
                "fixable": r.fixable,
                "unsafe_fixable": r.unsafe_fixable,
            }
            for r in rows(report)
        ],
        "errors": [error_json(e) for e in report.result.errors],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
