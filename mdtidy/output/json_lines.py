"""``--format json-lines``: one JSON object per line, for streaming and ``jq -c``.

Every line is an object with a ``"type"``:

- ``"diagnostic"``: a finding, with the same keys as a diagnostic of ``--format json``;
- ``"error"``: a file that could not be processed: ``path``, ``line`` (or null), ``message``;
- ``"summary"``: the last line: ``version`` (1), ``files``, ``diagnostics`` and
  ``errors`` (counts) and ``fixed`` (file → code → count).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from mdtidy.output.json_format import JSON_VERSION, diagnostic_json, error_json

if TYPE_CHECKING:
    from mdtidy.output import Report

__all__ = ["render"]


# characters that Python's str.splitlines() (and some other readers) take for line
# breaks although JSON allows them raw in strings; escaped, one object stays one line
_BREAKERS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _line(obj: dict[str, object]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).translate(_BREAKERS) + "\n"


def render(report: Report) -> str:
    result = report.result
    out = [_line({"type": "diagnostic", **diagnostic_json(d)}) for d in result.diagnostics]
    out.extend(_line({"type": "error", **error_json(e)}) for e in result.errors)
    out.append(
        _line(
            {
                "type": "summary",
                "version": JSON_VERSION,
                "files": result.files,
                "diagnostics": len(result.diagnostics),
                "errors": len(result.errors),
                "fixed": result.fixed,
            }
        )
    )
    return "".join(out)
