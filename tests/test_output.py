"""Output formats (``--format``), ``--output-file``, ``--color``, ``--statistics``,
``--exit-zero`` and ``MDTIDY_FORMAT``, end to end on the seed posts.

Each format's output is parsed the way its consumer parses it: SARIF is validated
against the official SARIF 2.1.0 schema (``tests/schemas/``) with jsonschema, JUnit is
read with ``xml.etree``, GitHub workflow commands are matched against their grammar,
GitLab's report and JSON lines are loaded as JSON. Every format is cross-checked
against ``--format json`` of the same run, and run once more with a file that cannot
be processed.
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from test_cli import mdtidy

from mdtidy.config import Config, resolve_rules
from mdtidy.engine import apply_fixes
from mdtidy.model import Applicability
from mdtidy.output import FORMATS, Report, render
from mdtidy.registry import all_rules
from mdtidy.run.runner import run

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.md"))
SARIF_SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BROKEN = b"# Title\n\ncaf\xe9 au lait\n"  # invalid UTF-8
BROKEN_ERROR = "not valid UTF-8 (invalid byte 0xe9 at line 3, byte offset 12)"

TEXT_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<code>[A-Z]+\d{3}) (?P<name>[a-z][a-z0-9-]*) "
    r"(?P<message>\S.*)$"
)
CONCISE_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<code>[A-Z]+\d{3}) (?P<rest>\S.*)$"
)
# GitHub Actions workflow command: ::name key=value,key=value::data. Values are escaped
# (no raw ',' ':' CR LF, and '%' only as %25 %0D %0A %3A %2C); data has no raw CR/LF and
# '%' only as %25 %0D %0A.
_ESCAPE = r"%(?:25|0D|0A|3A|2C)"
GITHUB_PROPERTY = re.compile(rf"^(?P<key>[A-Za-z]+)=(?P<value>(?:[^%,:\r\n]|{_ESCAPE})*)$")
GITHUB_COMMAND = re.compile(
    r"^::(?P<command>error|warning|notice)(?: (?P<properties>[^:\r\n]*))?"
    r"::(?P<data>(?:[^%\r\n]|%(?:25|0D|0A))*)$"
)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the seed posts in ``posts/`` (run from ``tmp_path``)."""
    folder = tmp_path / "posts"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copyfile(seed, folder / seed.name)
    return tmp_path


@pytest.fixture
def with_error(seeds: Path) -> Path:
    """The seeds plus ``posts/broken.md``, which is not valid UTF-8."""
    (seeds / "posts" / "broken.md").write_bytes(BROKEN)
    return seeds


def json_report(cwd: Path, *args: str) -> dict[str, Any]:
    proc = mdtidy("--format", "json", *args, "posts", cwd=cwd)
    assert proc.returncode in (1, 2), proc.stderr
    payload: dict[str, Any] = json.loads(proc.stdout)
    return payload


def unescape(text: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def parse_github(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    commands = []
    for line in stdout.splitlines():
        match = GITHUB_COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        props = {}
        for item in (match["properties"] or "").split(","):
            prop = GITHUB_PROPERTY.match(item)
            assert prop, f"bad property {item!r} in {line!r}"
            props[prop["key"]] = unescape(prop["value"])
        commands.append((match["command"], props, unescape(match["data"])))
    return commands


def marker(diag: dict[str, Any]) -> str:
    if diag["fix_safety"] is None:
        return ""
    return " [*]" if diag["fix_safety"] == "safe" else f" [{diag['fix_safety']} fix]"


# --------------------------------------------------------------------------- text, concise, grouped


def test_text_is_the_default_and_matches_the_json_findings(seeds: Path) -> None:
    payload = json_report(seeds)
    default = mdtidy("posts", cwd=seeds)
    explicit = mdtidy("--format", "text", "posts", cwd=seeds)
    assert default.returncode == explicit.returncode == 1
    assert default.stdout == explicit.stdout
    lines = default.stdout.splitlines()
    expected = [
        f"{d['path']}:{d['line']}:{d['column']}: {d['code']} {d['name']} {d['message']}{marker(d)}"
        for d in payload["diagnostics"]
    ]
    assert lines[:-1] == expected
    assert all(TEXT_LINE.match(line) for line in lines[:-1])
    assert lines[-1] == "Found 245 findings in 2 files (191 fixable with --fix, 3 with --unsafe-fixes)."
    assert ANSI.search(default.stdout) is None  # not a terminal


def test_concise_is_one_line_per_finding_without_a_summary(seeds: Path) -> None:
    payload = json_report(seeds)
    proc = mdtidy("--format", "concise", "posts", cwd=seeds)
    assert proc.returncode == 1 and proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert len(lines) == len(payload["diagnostics"]) == 245
    for line, d in zip(lines, payload["diagnostics"], strict=True):
        match = CONCISE_LINE.match(line)
        assert match, line
        assert (match["path"], int(match["line"]), int(match["column"]), match["code"]) == (
            d["path"],
            d["line"],
            d["column"],
            d["code"],
        )
        assert match["rest"] == d["message"] + marker(d)


def test_grouped_lists_each_files_findings_under_its_header(seeds: Path) -> None:
    payload = json_report(seeds)
    proc = mdtidy("--format", "grouped", "posts", cwd=seeds)
    assert proc.returncode == 1
    *body, summary = proc.stdout.splitlines()
    assert summary.startswith("Found 245 findings in 2 files")
    groups: dict[str, list[str]] = {}
    current = None
    for line in body:
        if line and not line.startswith(" "):
            assert line.endswith(":")
            current = line[:-1]
            assert current not in groups, "a file has one header"
            groups[current] = []
        elif line:
            assert current is not None
            groups[current].append(line)
    assert list(groups) == ["posts/pytorch-paddle-mxnet-ir.md", "posts/pytorch.md"]
    for path, lines in groups.items():
        expected = [d for d in payload["diagnostics"] if d["path"] == path]
        assert len(lines) == len(expected)
        colons = {line.index(":") for line in lines}
        assert len(colons) == 1, "line:col aligned on the colon"
        for line, d in zip(lines, expected, strict=True):
            place, rest = line.split(None, 1)
            assert place == f"{d['line']}:{d['column']}"
            assert rest == f"{d['code']} {d['name']} {d['message']}{marker(d)}"


# --------------------------------------------------------------------------- colour


def run_on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run mdtidy with its standard output on a pseudo-terminal; return what it printed."""
    controller, terminal = pty.openpty()
    base = {k: v for k, v in os.environ.items() if not k.startswith("MDTIDY") and k != "NO_COLOR"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mdtidy", *args],
        cwd=cwd,
        stdout=terminal,
        stderr=subprocess.DEVNULL,
        env={**base, **env},
    )
    os.close(terminal)
    chunks = []
    while True:
        ready, _, _ = select.select([controller], [], [], 60)
        if not ready:
            proc.kill()
            raise AssertionError("no output from mdtidy on the terminal")
        try:
            data = os.read(controller, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(controller)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("fmt", ["text", "concise", "grouped"])
def test_color_always_paints_and_changes_nothing_else(seeds: Path, fmt: str) -> None:
    plain = mdtidy("--format", fmt, "posts", cwd=seeds).stdout
    painted = mdtidy("--format", fmt, "--color", "always", "posts", cwd=seeds).stdout
    assert ANSI.search(painted)
    assert ANSI.sub("", painted) == plain
    # an explicit --color always wins over NO_COLOR
    assert mdtidy("--color", "always", "posts", cwd=seeds, env={"NO_COLOR": "1"}).stdout == (
        mdtidy("--color", "always", "posts", cwd=seeds).stdout
    )


def test_no_colour_when_not_a_terminal_or_when_asked(seeds: Path) -> None:
    for args in (["posts"], ["--color", "auto", "posts"], ["--color", "never", "posts"]):
        assert ANSI.search(mdtidy(*args, cwd=seeds).stdout) is None
    out = seeds / "report.txt"
    mdtidy("--output-file", out, "posts", cwd=seeds)
    assert ANSI.search(out.read_text("utf-8")) is None


def test_auto_colour_on_a_terminal_unless_no_color(seeds: Path) -> None:
    on_terminal = run_on_a_terminal(["posts"], seeds, {})
    assert ANSI.search(on_terminal)
    assert ANSI.sub("", on_terminal) == mdtidy("posts", cwd=seeds).stdout
    assert ANSI.search(run_on_a_terminal(["posts"], seeds, {"NO_COLOR": "1"})) is None
    assert ANSI.search(run_on_a_terminal(["--color", "never", "posts"], seeds, {})) is None
    # NO_COLOR set but empty does not count
    assert ANSI.search(run_on_a_terminal(["posts"], seeds, {"NO_COLOR": ""}))


# --------------------------------------------------------------------------- json and json-lines


def test_json_lines_is_one_object_per_line_matching_json(with_error: Path) -> None:
    payload = json_report(with_error)
    proc = mdtidy("--format", "json-lines", "posts", cwd=with_error)
    assert proc.returncode == 2
    records = [json.loads(line) for line in proc.stdout.split("\n")[:-1]]  # each line alone is JSON
    assert proc.stdout.endswith("\n")
    diagnostics = [r for r in records if r["type"] == "diagnostic"]
    errors = [r for r in records if r["type"] == "error"]
    assert [{k: v for k, v in r.items() if k != "type"} for r in diagnostics] == payload["diagnostics"]
    assert errors == [{"type": "error", "path": "posts/broken.md", "line": None, "message": BROKEN_ERROR}]
    assert records[-1] == {
        "type": "summary",
        "version": 1,
        "files": 2,
        "diagnostics": 245,
        "errors": 1,
        "fixed": {},
    }
    assert {r["type"] for r in records} == {"diagnostic", "error", "summary"}


def test_json_lines_keeps_unicode_line_separators_inside_one_line() -> None:
    from mdtidy.output.json_lines import _line

    line = _line({"message": "a\u2028b\u2029c\x85d\ne"})
    assert line.count("\n") == 1 and len(line.splitlines()) == 1
    assert json.loads(line) == {"message": "a\u2028b\u2029c\x85d\ne"}


# --------------------------------------------------------------------------- github


def test_github_workflow_commands_match_the_grammar_and_the_findings(seeds: Path) -> None:
    payload = json_report(seeds)
    proc = mdtidy("--format", "github", "posts", cwd=seeds)
    assert proc.returncode == 1 and proc.stderr == ""
    commands = parse_github(proc.stdout)
    assert len(commands) == len(payload["diagnostics"])
    for (command, props, data), d in zip(commands, payload["diagnostics"], strict=True):
        assert command == {"warning": "warning", "error": "error", "info": "notice"}[d["severity"]]
        assert props["file"] == d["path"]
        assert (int(props["line"]), int(props["col"])) == (d["line"], d["column"])
        start, end = (d["line"], d["column"]), (int(props["endLine"]), int(props["endColumn"]))
        if (d["end_line"], d["end_column"]) == start:  # an empty span
            assert end == start
        else:  # the last character
            assert start <= end < (d["end_line"], d["end_column"])
        assert props["title"] == f"{d['code']} {d['name']}"
        assert data == d["message"]


def test_github_escapes_properties_and_data(tmp_path: Path) -> None:
    folder = tmp_path / "a,b:c%d"
    folder.mkdir()
    # a bare URL with a percent escape, and a URL with a comma and a colon in its message
    (folder / "p.md").write_text("# T\n\nSee https://example.org/a%20b,c:d now.\n", encoding="utf-8")
    proc = mdtidy("--format", "github", folder.name, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "%25" in proc.stdout and "%2C" in proc.stdout and "%3A" in proc.stdout
    commands = parse_github(proc.stdout)
    assert commands
    for _command, props, _data in commands:
        assert props["file"] == "a,b:c%d/p.md"
    assert any("https://example.org/a%20b,c:d" in data for _c, _p, data in commands)


def test_github_escape_functions() -> None:
    from mdtidy.output.github import escape_data, escape_property

    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext%3A a%2Cb"


# --------------------------------------------------------------------------- gitlab


def gitlab(cwd: Path) -> list[dict[str, Any]]:
    proc = mdtidy("--format", "gitlab", "posts", cwd=cwd)
    assert proc.returncode in (1, 2), proc.stderr
    issues: list[dict[str, Any]] = json.loads(proc.stdout)
    return issues


def test_gitlab_code_quality_report(seeds: Path) -> None:
    payload = json_report(seeds)
    issues = gitlab(seeds)
    assert isinstance(issues, list) and len(issues) == len(payload["diagnostics"])
    for issue, d in zip(issues, payload["diagnostics"], strict=True):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"] == d["code"]
        assert issue["description"] == f"{d['code']} {d['name']}: {d['message']}"
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["severity"] == {"info": "info", "warning": "minor", "error": "major"}[d["severity"]]
        assert issue["location"]["path"] == d["path"]
        lines = issue["location"]["lines"]
        assert lines["begin"] == d["line"] <= lines["end"] <= d["end_line"]
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints), "distinct per finding"
    assert [i["fingerprint"] for i in gitlab(seeds)] == fingerprints, "stable across runs"


def test_gitlab_fingerprints_survive_lines_added_above(seeds: Path) -> None:
    before = {i["fingerprint"]: i for i in gitlab(seeds)}
    post = seeds / "posts" / "pytorch.md"
    text = post.read_text("utf-8")
    end_of_front_matter = text.index("---", 3) + 4
    post.write_text(text[:end_of_front_matter] + "\nA new paragraph.\n" + text[end_of_front_matter:], "utf-8")
    after = {i["fingerprint"]: i for i in gitlab(seeds)}
    assert set(after) == set(before)
    moved = [f for f, i in after.items() if i["location"] != before[f]["location"]]
    assert len(moved) > 100  # the findings of pytorch.md moved down two lines, and kept their identity
    assert all(
        after[f]["location"]["lines"]["begin"] == before[f]["location"]["lines"]["begin"] + 2 for f in moved
    )


def test_gitlab_identical_findings_get_distinct_fingerprints(tmp_path: Path) -> None:
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("# A\n\nsame  \n\nsame  \n\nsame  \n", encoding="utf-8")
    issues = gitlab(tmp_path)
    ws = [i for i in issues if i["check_name"] == "WS001"]
    assert len(ws) == 3
    assert len({i["fingerprint"] for i in ws}) == 3


# --------------------------------------------------------------------------- sarif


def sarif(cwd: Path, *args: str) -> dict[str, Any]:
    proc = mdtidy("--format", "sarif", *args, "posts", cwd=cwd)
    assert proc.returncode in (1, 2), proc.stderr
    log: dict[str, Any] = json.loads(proc.stdout)
    return log


def test_the_schema_validation_can_fail() -> None:
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA)
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    good = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": []}]}
    assert validator.is_valid(good)
    region = {"startLine": 0}
    bad_region = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x"}},
                "results": [
                    {
                        "message": {"text": "m"},
                        "locations": [
                            {"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": region}}
                        ],
                    }
                ],
            }
        ],
    }
    assert not validator.is_valid(bad_region)
    assert not validator.is_valid({**good, "version": "2.0.0"})
    assert not validator.is_valid({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})


def test_sarif_validates_and_matches_the_findings(seeds: Path) -> None:
    payload = json_report(seeds)
    log = sarif(seeds)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["newlineSequences"] == ["\r\n", "\n", "\r"]  # mdtidy's own line breaks, CR included
    assert run_["invocations"] == [{"executionSuccessful": True}]
    driver = run_["tool"]["driver"]
    assert (
        driver["name"] == "mdtidy" and driver["version"] and driver["informationUri"].startswith("https://")
    )
    rules = {r.code: r for r in all_rules()}
    default_rules = [r.code for r in all_rules() if r.default_enabled]
    assert [d["id"] for d in driver["rules"]] == default_rules  # every rule that ran
    for descriptor in driver["rules"]:
        rule = rules[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.doc()
        # helpUri: the rule's module, whose docstring is its documentation, in the repository
        prefix = f"{driver['informationUri']}/blob/v{driver['version']}/"
        assert descriptor["helpUri"].startswith(prefix)
        doc_file = ROOT / descriptor["helpUri"][len(prefix) :]
        assert doc_file.resolve() == Path(inspect.getfile(rule)).resolve()
    results = run_["results"]
    assert len(results) == len(payload["diagnostics"])
    for result, d in zip(results, payload["diagnostics"], strict=True):
        assert result["ruleId"] == d["code"] == driver["rules"][result["ruleIndex"]]["id"]
        assert result["level"] == {"warning": "warning", "error": "error", "info": "note"}[d["severity"]]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": d["path"], "uriBaseId": "%SRCROOT%"}
        assert physical["region"] == {
            "startLine": d["line"],
            "startColumn": d["column"],
            "endLine": d["end_line"],
            "endColumn": d["end_column"],
        }
        related = [
            (r["physicalLocation"]["artifactLocation"]["uri"], r["physicalLocation"]["region"]["startLine"])
            for r in result.get("relatedLocations", [])
        ]
        assert related == [(r["path"], r["line"]) for r in d["related"]]
        assert ("fixes" in result) == (d["fix_safety"] is not None)
        if "fixes" in result:
            (fix,) = result["fixes"]
            assert fix["properties"]["applicability"] == d["fix_safety"]
            assert fix["artifactChanges"][0]["artifactLocation"]["uri"] == d["path"]
    assert any(r["ruleId"] == "DUP002" and r["relatedLocations"] for r in results)
    assert any("fixes" in r for r in results)


def test_sarif_lists_the_rules_that_ran(seeds: Path) -> None:
    log = sarif(seeds, "--select", "URL,WS001")
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == ["URL001", "URL002", "WS001"]
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)


def sarif_offset(text: str, line: int, column: int) -> int:
    """Character offset of a SARIF (line, column) with columnKind unicodeCodePoints and
    the run's newline sequences (CRLF, LF, CR)."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]
    return starts[line - 1] + column - 1


def test_sarif_fix_regions_are_the_fixes_edits(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Applying a result's SARIF replacements (code-point columns) gives exactly what
    mdtidy's own fixer makes of that finding's fix."""
    post = seeds / "posts" / "wide.md"
    post.write_bytes(
        "# Wide 😀\r\n\r\n中文 😀 text  \r\n\r\nSee http://example.com/😀 and 𝒳 <http://example.com/𝒳>\r\r\n"
        "- [a](https://a.example/)\n- [a](https://a.example/)\n\n## Sub\r\ntext right under it".encode()
    )
    monkeypatch.chdir(seeds)
    config = Config()
    rules = resolve_rules(config)
    result = run([Path("posts")], config, rules)
    log = json.loads(render("sarif", Report(result, rules)))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    checked = 0
    for d, sarif_result in zip(result.diagnostics, log["runs"][0]["results"], strict=True):
        text = result.sources[d.path].text
        region = sarif_result["locations"][0]["physicalLocation"]["region"]
        assert sarif_offset(text, region["startLine"], region["startColumn"]) == d.start
        assert sarif_offset(text, region["endLine"], region["endColumn"]) == max(d.start, d.end)
        if d.fix is None or d.fix.applicability is Applicability.DISPLAY_ONLY:
            continue
        replacements = sarif_result["fixes"][0]["artifactChanges"][0]["replacements"]
        edited = text
        for rep in sorted(
            replacements,
            key=lambda r: (r["deletedRegion"]["startLine"], r["deletedRegion"]["startColumn"]),
            reverse=True,
        ):
            region = rep["deletedRegion"]
            start = sarif_offset(text, region["startLine"], region["startColumn"])
            end = sarif_offset(text, region["endLine"], region["endColumn"])
            edited = edited[:start] + rep.get("insertedContent", {}).get("text", "") + edited[end:]
        assert edited == apply_fixes(text, [d.fix], result.sources[d.path].eol)[0], (d.code, d.message)
        checked += 1
    assert checked > 190
    wide = [d for d in result.diagnostics if d.path == "posts/wide.md"]
    # HD008 and WS003 insert line breaks: written as the file's own CRLF
    assert {d.code for d in wide} >= {"WS001", "URL001", "DUP001", "HD008", "WS003"}
    ws = next(d for d in wide if d.code == "WS001")
    region = log["runs"][0]["results"][result.diagnostics.index(ws)]["locations"][0]["physicalLocation"][
        "region"
    ]
    # 中 文 ␠ 😀 ␠ t e x t: nine code points before the spaces (UTF-16 code units would say 11)
    assert (region["startLine"], region["startColumn"]) == (ws.line, ws.column) == (3, 10)


def test_sarif_messages_do_not_become_links() -> None:
    from mdtidy.output.sarif import _message

    assert _message("see [a](b) and \\[x]") == {"text": "see \\[a\\](b) and \\\\\\[x\\]"}


def test_sarif_absolute_and_unusual_paths_are_valid_uris(tmp_path: Path) -> None:
    from urllib.parse import unquote, urlsplit

    folder = tmp_path / "posts" / "a b#c?d%e 中"
    folder.mkdir(parents=True)
    (folder / "x:y.md").write_text("# T\n\ntext  \n", encoding="utf-8")
    log = json.loads(mdtidy("--format", "sarif", "posts", cwd=tmp_path).stdout)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    parts = urlsplit(uri)
    assert (parts.scheme, parts.query, parts.fragment) == ("", "", "")
    assert unquote(parts.path) == "posts/a b#c?d%e 中/x:y.md"
    log = json.loads(mdtidy("--format", "sarif", tmp_path / "posts", cwd=tmp_path).stdout)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "uriBaseId" not in location
    assert urlsplit(location["uri"]).scheme == "file"
    assert unquote(urlsplit(location["uri"]).path) == (folder / "x:y.md").as_posix()


# --------------------------------------------------------------------------- junit


def test_junit_xml(seeds: Path) -> None:
    payload = json_report(seeds)
    proc = mdtidy("--format", "junit", "posts", cwd=seeds)
    assert proc.returncode == 1
    root = ET.fromstring(proc.stdout.encode("utf-8"))
    suites = root.findall("testsuite")
    assert root.tag == "testsuites" and len(suites) == 1
    (suite,) = suites
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["posts/pytorch-paddle-mxnet-ir.md", "posts/pytorch.md"]
    assert [c.get("classname") for c in cases] == ["posts.pytorch-paddle-mxnet-ir", "posts.pytorch"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "2", "0")
    failures = [(c.get("name"), f) for c in cases for f in c.findall("failure")]
    assert len(failures) == len(payload["diagnostics"])
    for (name, failure), d in zip(failures, payload["diagnostics"], strict=True):
        assert name == d["path"]
        assert failure.get("type") == d["code"]
        assert failure.get("message") == f"{d['code']} {d['name']}: {d['message']}"
        assert (
            failure.text == f"{d['path']}:{d['line']}:{d['column']}: {d['code']} {d['name']} {d['message']}"
        )


def test_junit_clean_file_is_a_passing_test_case(tmp_path: Path) -> None:
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "ok.md").write_text("# Fine\n\nNothing to see.\n", encoding="utf-8")
    (tmp_path / "posts" / "ctrl.md").write_text("# Bad \x0c\n\ntext  \n", encoding="utf-8")
    proc = mdtidy("--format", "junit", "posts", cwd=tmp_path)
    root = ET.fromstring(proc.stdout.encode("utf-8"))  # control characters did not break the XML
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert list(cases["posts/ok.md"]) == []
    assert cases["posts/ctrl.md"].findall("failure")
    assert root.find("testsuite").get("failures") == "1"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- errors in every format


def _error_shown(fmt: str, proc: subprocess.CompletedProcess[str]) -> None:
    stderr_line = f"mdtidy: posts/broken.md: error: {BROKEN_ERROR}\n"
    assert proc.stderr == stderr_line  # every format also says it on standard error
    out = proc.stdout
    if fmt in ("text", "concise", "grouped"):
        assert "broken.md" not in out
        if fmt != "concise":
            assert out.splitlines()[-1].endswith(" 1 error.")
    elif fmt == "json":
        assert json.loads(out)["errors"] == [
            {"path": "posts/broken.md", "line": None, "message": BROKEN_ERROR}
        ]
    elif fmt == "json-lines":
        records = [json.loads(line) for line in out.splitlines()]
        assert {"type": "error", "path": "posts/broken.md", "line": None, "message": BROKEN_ERROR} in records
    elif fmt == "github":
        commands = parse_github(out)
        assert ("error", {"file": "posts/broken.md", "title": "mdtidy"}, BROKEN_ERROR) in commands
    elif fmt == "gitlab":
        (issue,) = [i for i in json.loads(out) if i["check_name"] == "mdtidy-error"]
        assert issue["location"] == {"path": "posts/broken.md", "lines": {"begin": 1}}
        assert issue["severity"] == "critical" and BROKEN_ERROR in issue["description"]
    elif fmt == "sarif":
        log = json.loads(out)
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
        (invocation,) = log["runs"][0]["invocations"]
        assert invocation["executionSuccessful"] is False
        (notification,) = invocation["toolExecutionNotifications"]
        assert notification["level"] == "error"
        assert notification["message"]["text"] == BROKEN_ERROR
        uri = notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "posts/broken.md"
    elif fmt == "junit":
        root = ET.fromstring(out.encode("utf-8"))
        (case,) = [c for c in root.iter("testcase") if c.get("name") == "posts/broken.md"]
        (error,) = case.findall("error")
        assert error.get("message") == BROKEN_ERROR
        assert root.find("testsuite").get("errors") == "1"  # type: ignore[union-attr]
        assert root.find("testsuite").get("tests") == "3"  # type: ignore[union-attr]
    else:  # pragma: no cover - a new format needs its case here
        raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_that_cannot_be_read_shows_in_every_format(with_error: Path, fmt: str) -> None:
    proc = mdtidy("--format", fmt, "posts", cwd=with_error)
    assert proc.returncode == 2
    _error_shown(fmt, proc)
    assert "posts/pytorch.md" in proc.stdout  # the other files are still reported


def test_exit_codes_are_the_same_in_every_format(seeds: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    (clean / "posts").mkdir(parents=True)
    (clean / "posts" / "ok.md").write_text("# Fine\n\nNothing to see.\n", encoding="utf-8")
    for fmt in FORMATS:
        assert mdtidy("--format", fmt, "posts", cwd=seeds).returncode == 1, fmt
        assert mdtidy("--format", fmt, "posts", cwd=clean).returncode == 0, fmt


# --------------------------------------------------------------------------- --output-file


def test_output_file_gets_the_report_and_the_terminal_the_summary(seeds: Path) -> None:
    plain = mdtidy("posts", cwd=seeds)
    proc = mdtidy("--output-file", "out/report.txt", "posts", cwd=seeds)
    assert proc.returncode == 1
    report = (seeds / "out" / "report.txt").read_text("utf-8")
    *findings, summary = plain.stdout.splitlines(keepends=True)
    assert report == "".join(findings)
    assert proc.stdout == summary
    proc = mdtidy("--format", "sarif", "--output-file", "mdtidy.sarif", "posts", cwd=seeds)
    assert proc.returncode == 1
    assert proc.stdout == summary
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads((seeds / "mdtidy.sarif").read_text("utf-8")))
    proc = mdtidy("-q", "--format", "json", "--output-file", "mdtidy.json", "posts", cwd=seeds)
    assert proc.stdout == "" and proc.stderr == ""
    assert json.loads((seeds / "mdtidy.json").read_text("utf-8"))["files"] == 2


def test_output_file_that_cannot_be_written_is_a_clear_error(seeds: Path) -> None:
    (seeds / "taken").write_text("a file, not a folder", encoding="utf-8")
    proc = mdtidy("--output-file", "taken/report.txt", "posts", cwd=seeds)
    assert proc.returncode == 2
    assert proc.stderr.startswith("mdtidy: error: cannot write taken/report.txt: ")
    assert "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- where the format comes from


def test_format_precedence_command_line_then_environment_then_configuration(seeds: Path) -> None:
    (seeds / ".mdtidy.yaml").write_text("format: concise\n", encoding="utf-8")
    from_config = mdtidy("posts", cwd=seeds)
    assert CONCISE_LINE.match(from_config.stdout.splitlines()[0])
    assert len(from_config.stdout.splitlines()) == 245  # concise: no summary line
    from_env = mdtidy("posts", cwd=seeds, env={"MDTIDY_FORMAT": "json-lines"})
    assert json.loads(from_env.stdout.splitlines()[-1])["type"] == "summary"
    from_cli = mdtidy("--format", "github", "posts", cwd=seeds, env={"MDTIDY_FORMAT": "json-lines"})
    assert parse_github(from_cli.stdout)
    (seeds / ".mdtidy.yaml").unlink()
    assert TEXT_LINE.match(mdtidy("posts", cwd=seeds).stdout.splitlines()[0])


def test_unknown_formats_are_errors(seeds: Path) -> None:
    (seeds / ".mdtidy.yaml").write_text("format: sarf\n", encoding="utf-8")
    proc = mdtidy("posts", cwd=seeds)
    assert proc.returncode == 2
    assert "'format' must be one of text, concise" in proc.stderr and "did you mean 'sarif'" in proc.stderr
    (seeds / ".mdtidy.yaml").unlink()
    proc = mdtidy("posts", cwd=seeds, env={"MDTIDY_FORMAT": "xml"})
    assert proc.returncode == 2 and "MDTIDY_FORMAT" in proc.stderr


def test_report_overlap_refuses_formats_it_cannot_print(seeds: Path) -> None:
    proc = mdtidy("--report", "overlap", "--format", "sarif", "posts", cwd=seeds)
    assert proc.returncode == 2 and "--report overlap prints text or json" in proc.stderr
    proc = mdtidy("--report", "overlap", "posts", cwd=seeds, env={"MDTIDY_FORMAT": "json"})
    assert json.loads(proc.stdout)["report"] == "overlap"


# --------------------------------------------------------------------------- --statistics, --exit-zero


def test_statistics_table_counts_per_rule(seeds: Path) -> None:
    payload = json_report(seeds)
    proc = mdtidy("--statistics", "posts", cwd=seeds)
    assert proc.returncode == 1
    header, *rows, summary = proc.stdout.splitlines()
    assert header.split() == ["count", "fixable", "unsafe", "code", "name"]
    assert summary.startswith("Found 245 findings")
    table = {}
    for row in rows:
        count, fixable, unsafe, code, name = row.split()
        table[code] = (int(count), int(fixable), int(unsafe), name)
    expected: dict[str, tuple[int, int, int, str]] = {}
    for d in payload["diagnostics"]:
        count, fixable, unsafe, _ = expected.get(d["code"], (0, 0, 0, d["name"]))
        expected[d["code"]] = (
            count + 1,
            fixable + (d["fix_safety"] == "safe"),
            unsafe + (d["fix_safety"] == "unsafe"),
            d["name"],
        )
    assert table == expected
    counts = [table[row.split()[3]][0] for row in rows]
    assert counts == sorted(counts, reverse=True)
    assert table["URL001"] == (7, 4, 3, "insecure-link")


def test_statistics_as_json(with_error: Path) -> None:
    proc = mdtidy("--statistics", "--format", "json", "posts", cwd=with_error)
    assert proc.returncode == 2
    payload = json.loads(proc.stdout)
    assert payload["version"] == 1 and payload["files"] == 2
    assert sum(s["count"] for s in payload["statistics"]) == 245
    assert {"code": "URL001", "name": "insecure-link", "count": 7, "fixable": 4, "unsafe_fixable": 3} in (
        payload["statistics"]
    )
    assert payload["errors"] == [{"path": "posts/broken.md", "line": None, "message": BROKEN_ERROR}]
    proc = mdtidy("--statistics", "--format", "sarif", "posts", cwd=with_error)
    assert proc.returncode == 2 and "--statistics prints a table" in proc.stderr


def test_exit_zero(seeds: Path) -> None:
    proc = mdtidy("--exit-zero", "posts", cwd=seeds)
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[-1].startswith("Found 245 findings")  # findings still reported
    (seeds / "posts" / "broken.md").write_bytes(BROKEN)
    assert mdtidy("--exit-zero", "posts", cwd=seeds).returncode == 2  # a file that cannot be read
    assert mdtidy("--exit-zero", "--format", "nope", "posts", cwd=seeds).returncode == 2


# --------------------------------------------------------------------------- start-up cost


@pytest.mark.parametrize(
    ("fmt", "modules"),
    [
        ("text", {"mdtidy.output", "mdtidy.output.text"}),
        ("json", {"mdtidy.output", "mdtidy.output.json_format"}),
        ("sarif", {"mdtidy.output", "mdtidy.output.sarif", "mdtidy.output.fingerprint"}),
    ],
)
def test_only_the_chosen_formats_modules_are_imported(seeds: Path, fmt: str, modules: set[str]) -> None:
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted(m for m in sys.modules if m.startswith('mdtidy.output')),"
        " file=sys.stderr))\n"
        "from mdtidy.cli import main\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, "-q", "--format", fmt, "posts"],
        cwd=seeds,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={k: v for k, v in os.environ.items() if not k.startswith("MDTIDY")},
    )
    assert proc.returncode == 1, proc.stderr
    assert set(ast.literal_eval(proc.stderr.splitlines()[-1])) == modules


# --------------------------------------------------------------------------- the README shows real output


def _readme_block(after: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```text\n", readme.index(after)) + len("```text\n")
    return readme[start : readme.index("```", start)].splitlines()


def test_readme_statistics_and_github_examples_are_real_output() -> None:
    shown = _readme_block("### Statistics")
    assert shown[0] == "$ mdtidy --statistics fixtures/seeds"
    proc = mdtidy("--statistics", "fixtures/seeds", cwd=ROOT)
    assert proc.stdout.splitlines() == shown[1:]
    (line,) = _readme_block("**github.**")
    assert line in mdtidy("--format", "github", "fixtures/seeds", cwd=ROOT).stdout.splitlines()
