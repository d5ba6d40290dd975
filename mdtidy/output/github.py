"""``--format github``: GitHub Actions workflow commands, one line per finding.

.. code-block:: text

    ::warning file=post.md,line=4,col=13,endLine=4,endColumn=32,title=DUP001 duplicate-link::https://…

GitHub shows each as an annotation on the file and line. ``severity`` maps to the
command: ``error`` → ``::error``, ``warning`` → ``::warning``, ``info`` → ``::notice``.
``endLine``/``endColumn`` name the finding's last character. A file that could not be
processed is ``::error file=…,title=mdtidy::message``. Properties and data are escaped
as the Actions runner expects (``%`` ``\\r`` ``\\n``, and ``:`` ``,`` in properties).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mdtidy.output import last_position, names_a_file

if TYPE_CHECKING:
    from mdtidy.output import Report

__all__ = ["escape_data", "escape_property", "render"]

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, properties: list[tuple[str, object]], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{name} {props}::{escape_data(message)}\n"


def render(report: Report) -> str:
    out = []
    for d in report.result.diagnostics:
        end_line, end_column = last_position(d, report.source(d.path))
        props: list[tuple[str, object]] = [
            ("file", d.path),
            ("line", d.line),
            ("col", d.column),
            ("endLine", end_line),
            ("endColumn", end_column),
            ("title", f"{d.code} {d.name}"),
        ]
        out.append(_command(_COMMANDS.get(d.severity, "warning"), props, d.message))
    for e in report.result.errors:
        if names_a_file(e):
            props = [("file", e.path)] + ([("line", e.line)] if e.line else [])
            message = e.message
        else:
            props, message = [], f"{e.path}: {e.message}"
        out.append(_command("error", [*props, ("title", "mdtidy")], message))
    return "".join(out)
