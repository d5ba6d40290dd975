"""``--format junit``: JUnit XML, for CI systems that show test reports.

One ``<testsuite name="mdtidy">`` (inside ``<testsuites>``); one ``<testcase>`` per
linted file, with ``name`` the path, ``classname`` the path without its suffix and with
dots for slashes (``posts/2019/a.md`` → ``posts.2019.a``) and ``file`` the path; a
``<failure type="CODE" message="CODE name: message">`` per finding, whose text is
``path:line:col: CODE name message``; a file that could not be processed is a test case
with an ``<error type="error">``. The suite's ``tests`` counts test cases, ``failures``
the files with findings, ``errors`` the files with errors.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mdtidy.output import Report

__all__ = ["render"]

# characters XML 1.0 cannot hold at all, not even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _classname(path: str) -> str:
    posix = PurePosixPath(path.replace("\\", "/"))
    stem = posix.with_suffix("").as_posix() if posix.suffix else posix.as_posix()
    return stem.strip("/").replace("/", ".") or path


def render(report: Report) -> str:
    result = report.result
    cases: dict[str, ET.Element] = {}

    def case(path: str) -> ET.Element:
        if path not in cases:
            cases[path] = ET.Element(
                "testcase",
                {"classname": _clean(_classname(path)), "name": _clean(path), "file": _clean(path)},
            )
        return cases[path]

    for path in result.sources:
        case(path)
    for d in result.diagnostics:
        failure = ET.SubElement(
            case(d.path), "failure", {"type": d.code, "message": _clean(f"{d.code} {d.name}: {d.message}")}
        )
        failure.text = _clean(f"{d.path}:{d.line}:{d.column}: {d.code} {d.name} {d.message}")
    for e in result.errors:
        error = ET.SubElement(case(e.path), "error", {"type": "error", "message": _clean(e.message)})
        error.text = _clean(str(e))
    failures = sum(1 for c in cases.values() if c.find("failure") is not None)
    errors = sum(1 for c in cases.values() if c.find("error") is not None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": str(errors)}
    root = ET.Element("testsuites", {"name": "mdtidy", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "mdtidy", **counts, "skipped": "0"})
    suite.extend(cases.values())
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
