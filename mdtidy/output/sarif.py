"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run. ``tool.driver`` lists every rule that ran (``id`` is the code, ``name`` the
rule name, ``shortDescription`` its summary, ``fullDescription`` its documentation,
the rule module's docstring, and ``helpUri`` that module's file in the repository at
the release's tag: ``<repository>/blob/v<version>/rules/<module>.py``, the same text
``mdtidy --explain CODE`` prints; rules from plugins have no ``helpUri``). Each finding
is a result with its region, ``relatedLocations`` (e.g. the first copy of a duplicate),
a ``partialFingerprints`` entry (see :mod:`mdtidy.output.fingerprint`) and, when it has
a fix, ``fixes`` with the exact replacements (``properties.applicability`` says whether
``--fix`` applies it or only ``--unsafe-fixes``).

Positions: mdtidy counts columns in characters (Unicode code points), so the run says
``"columnKind": "unicodeCodePoints"``, and ``newlineSequences`` names CR as well as LF
and CRLF, as mdtidy does. Paths relative to the working folder are relative URIs under
``%SRCROOT%`` (given in ``originalUriBaseIds``); absolute paths are ``file:`` URIs.

Files that could not be processed are ``invocations[0].toolExecutionNotifications``
(level ``error``), and ``executionSuccessful`` is then false.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from mdtidy import __version__
from mdtidy.output import names_a_file
from mdtidy.output.fingerprint import fingerprints

if TYPE_CHECKING:
    from mdtidy.model import Diagnostic, Rule
    from mdtidy.output import Report
    from mdtidy.parsing.source import Source

__all__ = ["REPOSITORY", "SCHEMA_URI", "help_uri", "render"]

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: where mdtidy lives; rule documentation links point into it
REPOSITORY = "https://github.com/your-org/mdtidy"
_SRCROOT = "%SRCROOT%"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_BRACKET = re.compile(r"(\\*)([\[\]])")


def help_uri(rule: type[Rule] | Rule) -> str | None:
    """The rule's documentation: its module file in the repository, at this release's tag."""
    module = rule.__module__
    if not module.startswith("mdtidy.rules."):
        return None
    return f"{REPOSITORY}/blob/v{__version__}/rules/{module.rsplit('.', 1)[1]}.py"


def _message(text: str) -> dict[str, str]:
    """A SARIF message: ``[`` and ``]`` (and backslashes before them) escaped, so that
    text such as ``[a](b)`` is not read as an embedded link (SARIF §3.11.6)."""
    return {"text": _BRACKET.sub(lambda m: m.group(1) * 2 + "\\" + m.group(2), text)}


def _artifact(path: str) -> dict[str, str]:
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(PurePosixPath(path).as_posix(), safe="/"), "uriBaseId": _SRCROOT}


def _region(start: tuple[int, int], end: tuple[int, int] | None = None) -> dict[str, int]:
    region = {"startLine": start[0], "startColumn": start[1]}
    if end is not None:
        region.update(endLine=end[0], endColumn=end[1])
    return region


def _descriptor(rule: type[Rule] | Rule) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc()},
        "defaultConfiguration": {"level": "warning"},
    }
    uri = help_uri(rule)
    if uri:
        descriptor["helpUri"] = uri
    if rule.aliases:
        descriptor["properties"] = {"aliases": list(rule.aliases)}
    return descriptor


def _fixes(d: Diagnostic, source: Source | None, eol: str) -> list[dict[str, Any]]:
    if d.fix is None or source is None:
        return []
    replacements = []
    for edit in d.fix.edits:
        replacement: dict[str, Any] = {
            "deletedRegion": _region(source.position(edit.start), source.position(edit.end))
        }
        content = edit.content
        if eol != "\n":  # as the fixer writes it: rules say "\n", files get their own line ending
            content = content.replace("\r\n", "\n").replace("\n", eol)
        if content:
            replacement["insertedContent"] = {"text": content}
        replacements.append(replacement)
    applicability = d.fix.applicability.value
    return [
        {
            "description": _message(d.fix.message or f"{d.code} {d.name} ({applicability} fix)"),
            "artifactChanges": [{"artifactLocation": _artifact(d.path), "replacements": replacements}],
            "properties": {"applicability": applicability},
        }
    ]


def _result(d: Diagnostic, index: int, fingerprint: str, source: Source | None, eol: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index,
        "level": _LEVELS.get(d.severity, "warning"),
        "message": _message(d.message),
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(d.path),
                    "region": _region((d.line, d.column), (d.end_line, d.end_column)),
                }
            }
        ],
        "partialFingerprints": {"mdtidyFingerprint/v1": fingerprint},
    }
    related = []
    for number, r in enumerate(d.related, 1):
        physical: dict[str, Any] = {"artifactLocation": _artifact(r.path)}
        if r.line >= 1:
            physical["region"] = _region((r.line, max(r.column, 1)))
        location: dict[str, Any] = {"id": number, "physicalLocation": physical}
        if r.message:
            location["message"] = _message(r.message)
        related.append(location)
    if related:
        result["relatedLocations"] = related
    fixes = _fixes(d, source, eol)
    if fixes:
        result["fixes"] = fixes
    return result


def _notifications(report: Report) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for e in report.result.errors:
        notification: dict[str, Any] = {"level": "error"}
        if names_a_file(e):
            notification["message"] = _message(e.message)
            physical: dict[str, Any] = {"artifactLocation": _artifact(e.path)}
            if e.line:
                physical["region"] = {"startLine": e.line}
            notification["locations"] = [{"physicalLocation": physical}]
        else:
            notification["message"] = _message(f"{e.path}: {e.message}")
        out.append(notification)
    out.extend({"level": "note", "message": _message(n)} for n in report.result.notices)
    return out


def render(report: Report) -> str:
    rules = list(report.rules)
    index = {rule.code: i for i, rule in enumerate(rules)}
    descriptors = [_descriptor(rule) for rule in rules]
    for d in report.result.diagnostics:  # a finding of a rule not in the list (not expected)
        if d.code not in index:
            index[d.code] = len(descriptors)
            descriptors.append({"id": d.code, "name": d.name})
    eols: dict[str, str] = {}  # Source.eol counts the whole text: once per file
    results = []
    for d, fingerprint in zip(report.result.diagnostics, fingerprints(report), strict=True):
        source = report.source(d.path)
        if d.path not in eols:
            eols[d.path] = source.eol if source is not None else "\n"
        results.append(_result(d, index[d.code], fingerprint, source, eols[d.path]))
    invocation: dict[str, Any] = {"executionSuccessful": not report.result.errors}
    notifications = _notifications(report)
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mdtidy",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": REPOSITORY,
                        "rules": descriptors,
                    }
                },
                "invocations": [invocation],
                "originalUriBaseIds": {_SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "newlineSequences": ["\r\n", "\n", "\r"],
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
