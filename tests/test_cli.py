"""End to end through the real command line: exit codes, output formats, selection,
configuration, rule documentation, file discovery, the pre-commit hooks and plugins.

Most tests run ``python -m mdtidy`` in a subprocess, exactly as a user or CI would.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mdtidy.config import ConfigError, from_mapping, resolve_rules
from mdtidy.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]

TEXT_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<code>[A-Z]+\d{3}) (?P<name>[a-z][a-z0-9-]*) "
    r"(?P<message>\S.*)$"
)

# One finding of each kind: trailing spaces (WS001), a duplicate entry (DUP001), an
# http link (URL001, unsafe without evidence), an empty heading (HD001, no fix).
MESSY = (
    "# Links  \n"
    "\n"
    "- [PyTorch](https://pytorch.org/) the framework\n"
    "- [PyTorch](https://pytorch.org/) the framework\n"
    "- [Old](http://example.com/page) an old page\n"
    "\n"
    "##\n"
)
CLEAN = "# Title\n\nSome text with <https://example.org/>.\n"


def mdtidy(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a fresh interpreter, without the caller's MDTIDY_* and
    NO_COLOR settings (``env`` adds the test's own), but with the test's own lint cache."""
    base = {
        k: v
        for k, v in os.environ.items()
        if (not k.startswith("MDTIDY") or k == "MDTIDY_CACHE_DIR") and k != "NO_COLOR"
    }
    return subprocess.run(
        [sys.executable, "-m", "mdtidy", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**base, **(env or {})},
        timeout=120,
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def findings(stdout: str) -> list[dict[str, str]]:
    """Parse the text output's finding lines (and fail on any other line but the summary)."""
    out = []
    lines = stdout.splitlines()
    for line in lines:
        match = TEXT_LINE.match(line)
        if match:
            out.append(match.groupdict())
        else:
            assert line is lines[-1], f"unexpected output line: {line!r}"
    return out


def codes(stdout: str) -> set[str]:
    return {f["code"] for f in findings(stdout)}


def json_codes(stdout: str) -> set[str]:
    return {d["code"] for d in json.loads(stdout)["diagnostics"]}


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr


# --------------------------------------------------------------------------- exit codes and text


def test_clean_file_exits_0_with_one_summary_line(tmp_path: Path) -> None:
    write(tmp_path / "post.md", CLEAN)
    proc = mdtidy("post.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "All checks passed (1 file).\n"
    assert proc.stderr == ""


def test_default_path_is_the_current_folder(tmp_path: Path) -> None:
    write(tmp_path / "a.md", CLEAN)
    write(tmp_path / "sub" / "b.md", "# Another\n")
    proc = mdtidy(cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "All checks passed (2 files).\n"


def test_findings_exit_1_in_path_line_col_code_name_message_format(tmp_path: Path) -> None:
    write(tmp_path / "post.md", MESSY)
    proc = mdtidy("post.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:4] == [
        "post.md:1:8: WS001 trailing-whitespace 2 trailing whitespace characters [*]",
        "post.md:4:13: DUP001 duplicate-link https://pytorch.org/ is already linked at line 3 "
        "(the first copy is kept) [*]",
        "post.md:5:9: URL001 insecure-link http:// link to example.com; use https:// "
        "(unsafe: no evidence that example.com serves https) [unsafe fix]",
        "post.md:7:1: HD001 empty-heading empty level-2 heading",
    ]
    assert lines[-1] == "Found 4 findings in 1 file (2 fixable with --fix, 1 with --unsafe-fixes)."
    assert len(findings(proc.stdout)) == 4
    assert proc.stderr == ""


def test_quiet_prints_findings_only(tmp_path: Path) -> None:
    write(tmp_path / "post.md", MESSY)
    proc = mdtidy("-q", "post.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 4
    assert all(TEXT_LINE.match(line) for line in proc.stdout.splitlines())
    clean = mdtidy("-q", "post.md", "--select", "DUP002", cwd=tmp_path)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")


def test_fix_with_unfixable_findings_left_exits_1(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", MESSY)
    proc = mdtidy("--fix", "post.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines()[-1] == (
        "Fixed 2 findings in 1 file. Found 2 findings in 1 file (1 with --unsafe-fixes)."
    )
    assert codes(proc.stdout) == {"URL001", "HD001"}
    assert post.read_text(encoding="utf-8") == (
        "# Links\n\n- [PyTorch](https://pytorch.org/) the framework\n"
        "- [Old](http://example.com/page) an old page\n\n##\n"
    )


def test_fix_of_everything_exits_0(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", "Text   \n\n\n\nMore text")
    proc = mdtidy("--fix", "post.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Fixed 3 findings in 1 file. All checks passed (1 file).\n"
    assert post.read_bytes() == b"Text\n\nMore text\n"


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "xml", "."],
        ["--frobnicate", "."],
        ["--select"],
    ],
    ids=["bad-choice", "unknown-option", "missing-value"],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    write(tmp_path / "post.md", CLEAN)
    proc = mdtidy(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1].startswith("Error: ")
    assert_no_traceback(proc)


def test_missing_path_exits_2_and_the_rest_is_still_linted(tmp_path: Path) -> None:
    write(tmp_path / "post.md", "text  \n")
    proc = mdtidy("post.md", "nope.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "mdtidy: nope.md: error: no such file or directory\n"
    assert codes(proc.stdout) == {"WS001"}
    assert proc.stdout.splitlines()[-1].endswith("1 error.")


def test_file_that_is_not_text_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"caf\xe9\n")
    proc = mdtidy("bad.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        "mdtidy: bad.md: error: not valid UTF-8 (invalid byte 0xe9 at line 1, byte offset 3)\n"
    )


def test_version() -> None:
    proc = mdtidy("--version", cwd=ROOT)
    assert proc.returncode == 0
    assert re.fullmatch(r"mdtidy, version \d+\.\d+\.\d+\S*\n", proc.stdout)


# --------------------------------------------------------------------------- JSON

DIAGNOSTIC_KEYS = {
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "name",
    "message",
    "severity",
    "fixable",
    "fix_safety",
    "related",
}


def test_json_schema(tmp_path: Path) -> None:
    write(tmp_path / "post.md", MESSY)
    write(tmp_path / "clean.md", CLEAN)
    proc = mdtidy("--format", "json", ".", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    payload = json.loads(proc.stdout)
    assert set(payload) == {"version", "files", "diagnostics", "errors", "fixed"}
    assert payload["version"] == 1
    assert payload["files"] == 2
    assert payload["errors"] == [] and payload["fixed"] == {}
    for diag in payload["diagnostics"]:
        assert set(diag) == DIAGNOSTIC_KEYS
        for key in ("line", "column", "end_line", "end_column"):
            assert isinstance(diag[key], int) and diag[key] >= 1
        assert (diag["end_line"], diag["end_column"]) >= (diag["line"], diag["column"])
        assert diag["severity"] in ("error", "warning", "info")
        assert isinstance(diag["fixable"], bool)
        assert diag["fix_safety"] in ("safe", "unsafe", "display-only", None)
        assert diag["fixable"] == (diag["fix_safety"] in ("safe", "unsafe"))
        for rel in diag["related"]:
            assert set(rel) == {"path", "line", "column"}
    by_code = {d["code"]: d for d in payload["diagnostics"]}
    assert set(by_code) == {"WS001", "DUP001", "URL001", "HD001"}
    dup = by_code["DUP001"]
    assert dup == {
        "path": "post.md",
        "line": 4,
        "column": 13,
        "end_line": 4,
        "end_column": 33,
        "code": "DUP001",
        "name": "duplicate-link",
        "message": "https://pytorch.org/ is already linked at line 3 (the first copy is kept)",
        "severity": "warning",
        "fixable": True,
        "fix_safety": "safe",
        "related": [{"path": "post.md", "line": 3, "column": 13}],
    }
    assert (by_code["URL001"]["fixable"], by_code["URL001"]["fix_safety"]) == (True, "unsafe")
    assert (by_code["HD001"]["fixable"], by_code["HD001"]["fix_safety"]) == (False, None)


def test_json_after_fix_lists_what_was_fixed(tmp_path: Path) -> None:
    write(tmp_path / "post.md", MESSY)
    proc = mdtidy("--format", "json", "--fix", "post.md", cwd=tmp_path)
    assert proc.returncode == 1
    payload = json.loads(proc.stdout)
    assert payload["fixed"] == {"post.md": {"WS001": 1, "DUP001": 1}}
    assert {d["code"] for d in payload["diagnostics"]} == {"URL001", "HD001"}


def test_json_reports_errors_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bin.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path / "post.md", "text  \n")
    proc = mdtidy("--format", "json", ".", cwd=tmp_path)
    assert proc.returncode == 2
    payload = json.loads(proc.stdout)  # stdout stays valid JSON; the error line goes to stderr
    assert payload["errors"] == [
        {"path": "bin.md", "line": None, "message": "binary file (contains NUL bytes); not Markdown"}
    ]
    assert payload["files"] == 1
    assert [d["code"] for d in payload["diagnostics"]] == ["WS001"]
    assert proc.stderr == "mdtidy: bin.md: error: binary file (contains NUL bytes); not Markdown\n"


# --------------------------------------------------------------------------- --diff / --fix


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", MESSY)
    before = post.stat()
    proc = mdtidy("--diff", "post.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == (
        "--- a/post.md\n"
        "+++ b/post.md\n"
        "@@ -1,6 +1,5 @@\n"
        "-# Links  \n"
        "+# Links\n"
        " \n"
        "-- [PyTorch](https://pytorch.org/) the framework\n"
        " - [PyTorch](https://pytorch.org/) the framework\n"
        " - [Old](http://example.com/page) an old page\n"
        " \n"
    )
    assert proc.stderr == "1 file would be changed.\n"
    assert post.read_bytes() == MESSY.encode()
    assert post.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_diff_with_unsafe_fixes_shows_the_https_upgrade(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", MESSY)
    proc = mdtidy("--diff", "--unsafe-fixes", "post.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert "+- [Old](https://example.com/page) an old page\n" in proc.stdout
    assert post.read_bytes() == MESSY.encode()


def test_diff_of_a_clean_file_is_empty_and_exits_0(tmp_path: Path) -> None:
    write(tmp_path / "post.md", CLEAN)
    proc = mdtidy("--diff", "post.md", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "")
    assert proc.stderr == "0 files would be changed.\n"


def test_unsafe_fixes_alone_writes_nothing(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", MESSY)
    proc = mdtidy("--unsafe-fixes", "post.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert post.read_bytes() == MESSY.encode()


def test_fix_does_not_apply_unsafe_fixes(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", MESSY)
    mdtidy("--fix", "post.md", cwd=tmp_path)
    assert "http://example.com/page" in post.read_text(encoding="utf-8")


def test_unsafe_fixes_with_fix_upgrades_http(tmp_path: Path) -> None:
    post = write(tmp_path / "post.md", MESSY)
    proc = mdtidy("--fix", "--unsafe-fixes", "post.md", cwd=tmp_path)
    assert proc.returncode == 1  # HD001 has no fix
    assert proc.stdout.splitlines() == [
        "post.md:6:1: HD001 empty-heading empty level-2 heading",
        "Fixed 3 findings in 1 file. Found 1 finding in 1 file.",
    ]
    assert post.read_text(encoding="utf-8") == (
        "# Links\n\n- [PyTorch](https://pytorch.org/) the framework\n"
        "- [Old](https://example.com/page) an old page\n\n##\n"
    )


def test_url001_fix_is_safe_when_the_run_links_the_host_with_https(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "[Old](http://example.com/page)\n")
    write(tmp_path / "b.md", "[New](https://example.com/other)\n")
    proc = mdtidy("--fix", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "[Old](https://example.com/page)\n"


# --------------------------------------------------------------------------- --select / --ignore

SELECTABLE = "Text  \n\n\n\n- https://example.org/a\n- https://example.org/a\n\n##\n"
ALL_CODES = {"WS001", "WS002", "DUP001", "URL002", "HD001"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ALL_CODES),
        (["--select", "DUP001"], {"DUP001"}),
        (["--select", "DUP"], {"DUP001"}),
        (["--select", "dup"], {"DUP001"}),
        (["--select", "WS"], {"WS001", "WS002"}),
        (["--select", "duplicate-link"], {"DUP001"}),
        (["--select", "MD009"], {"WS001"}),
        (["--select", "no-trailing-spaces"], {"WS001"}),
        (["--select", "MD034,HD001"], {"URL002", "HD001"}),
        (["--select", "DUP", "--select", "WS002"], {"DUP001", "WS002"}),
        (["--select", "ALL"], ALL_CODES | {"HD014"}),  # HD014 is off by default
        (["--ignore", "WS"], ALL_CODES - {"WS001", "WS002"}),
        (["--ignore", "MD009"], ALL_CODES - {"WS001"}),
        (["--ignore", "duplicate-link,empty-heading"], ALL_CODES - {"DUP001", "HD001"}),
        (["--select", "WS", "--ignore", "MD012"], {"WS001"}),
        (["--select", "DUP001", "--ignore", "DUP"], set()),
    ],
)
def test_select_and_ignore(tmp_path: Path, args: list[str], expected: set[str]) -> None:
    write(tmp_path / "post.md", SELECTABLE)
    proc = mdtidy(*args, "post.md", cwd=tmp_path)
    assert proc.returncode == (1 if expected else 0), proc.stderr
    assert codes(proc.stdout) == expected


@pytest.mark.parametrize(
    ("option", "selector", "suggestion"),
    [
        ("--select", "DUP01", "DUP001"),
        ("--ignore", "duplicate-lnk", "duplicate-link"),
        ("--select", "trailing-whitespaces", "trailing-whitespace"),
    ],
)
def test_unknown_selector_exits_2_with_did_you_mean(
    tmp_path: Path, option: str, selector: str, suggestion: str
) -> None:
    write(tmp_path / "post.md", SELECTABLE)
    proc = mdtidy(option, selector, "post.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        f"mdtidy: error: unknown rule or prefix '{selector}' (did you mean '{suggestion}'?)\n"
    )


def test_unknown_selector_without_close_match(tmp_path: Path) -> None:
    write(tmp_path / "post.md", SELECTABLE)
    proc = mdtidy("--select", "QQQQQQQQ", "post.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "mdtidy: error: unknown rule or prefix 'QQQQQQQQ'\n"


# --------------------------------------------------------------------------- configuration


def test_pyproject_select_ignore_and_rule_options(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "blog"\n\n'
        '[tool.mdtidy]\nselect = ["WS"]\nignore = ["MD009"]\n\n'
        "[tool.mdtidy.rules.WS002]\nmaximum = 2\n",
    )
    write(tmp_path / "two.md", "a  \n\n\nb\n")  # two blank lines: allowed with maximum = 2
    write(tmp_path / "three.md", "a\n\n\n\nb\n\n##\n")
    proc = mdtidy(".", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert [(f["path"], f["code"], f["message"]) for f in findings(proc.stdout)] == [
        ("three.md", "WS002", "3 consecutive blank lines (maximum 2) [*]")
    ]


def test_config_is_found_from_a_subfolder_and_cli_select_wins(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.mdtidy]\nselect = ["HD001"]\n')
    write(tmp_path / "posts" / "post.md", SELECTABLE)
    proc = mdtidy("post.md", cwd=tmp_path / "posts")
    assert codes(proc.stdout) == {"HD001"}
    proc = mdtidy("--select", "WS001", "post.md", cwd=tmp_path / "posts")
    assert codes(proc.stdout) == {"WS001"}
    proc = mdtidy("--no-config", "post.md", cwd=tmp_path / "posts")
    assert codes(proc.stdout) == ALL_CODES


def test_pyproject_without_tool_mdtidy_is_not_a_config(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.other]\nselect = "x"\n')
    write(tmp_path / "post.md", SELECTABLE)
    proc = mdtidy("post.md", cwd=tmp_path)
    assert codes(proc.stdout) == ALL_CODES


def test_https_hosts_make_the_url001_fix_safe(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.mdtidy]\nhttps-hosts = ["example.com"]\n')
    post = write(tmp_path / "post.md", "[Old](http://example.com/page)\n")
    proc = mdtidy("post.md", cwd=tmp_path)
    assert proc.stdout.splitlines()[0].endswith("[*]")
    assert "(safe: " in proc.stdout
    proc = mdtidy("--fix", "post.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert post.read_text(encoding="utf-8") == "[Old](https://example.com/page)\n"


def test_mdtidy_yaml_config(tmp_path: Path) -> None:
    write(
        tmp_path / ".mdtidy.yaml",
        "select: [WS, URL001]\n"
        "ignore: [trailing-whitespace]\n"
        "https-hosts: [example.com]\n"
        "rules:\n"
        "  multiple-blank-lines:\n"
        "    maximum: 2\n",
    )
    post = write(tmp_path / "post.md", "a  \n\n\nb [x](http://example.com/)\n\n##\n")
    proc = mdtidy("post.md", cwd=tmp_path)
    assert [f["code"] for f in findings(proc.stdout)] == ["URL001"]
    proc = mdtidy("--fix", "post.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert post.read_text(encoding="utf-8") == "a  \n\n\nb [x](https://example.com/)\n\n##\n"


def test_mdtidy_yaml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.mdtidy]\nselect = ["WS"]\n')
    write(tmp_path / ".mdtidy.yaml", "select: [HD001]\n")
    write(tmp_path / "post.md", SELECTABLE)
    assert codes(mdtidy("post.md", cwd=tmp_path).stdout) == {"HD001"}


def test_explicit_config_option(tmp_path: Path) -> None:
    write(tmp_path / "conf" / "mdtidy.yaml", "select: [DUP]\n")
    write(tmp_path / "post.md", SELECTABLE)
    proc = mdtidy("--config", "conf/mdtidy.yaml", "post.md", cwd=tmp_path)
    assert codes(proc.stdout) == {"DUP001"}
    proc = mdtidy("--config", "conf/missing.yaml", "post.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("mdtidy: error: conf/missing.yaml: cannot read configuration")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "pyproject.toml",
            '[tool.mdtidy]\nselct = ["WS"]\n',
            "unknown setting 'selct' (did you mean 'select'?)",
        ),
        (
            "pyproject.toml",
            '[tool.mdtidy]\nhttps_host = ["a.org"]\n',
            "unknown setting 'https_host' (did you mean 'https-hosts'?)",
        ),
        (
            ".mdtidy.yaml",
            "extend-exclud: [drafts]\n",
            "unknown setting 'extend-exclud' (did you mean 'extend-exclude'?)",
        ),
        (
            "pyproject.toml",
            "[tool.mdtidy.rules.WS02]\nmaximum = 2\n",
            "unknown rule 'WS02' (did you mean 'WS002'?)",
        ),
        (
            ".mdtidy.yaml",
            "rules:\n  WS002:\n    maximun: 2\n",
            "rule WS002 has no option 'maximun' (did you mean 'maximum'?) (options: maximum)",
        ),
        (
            ".mdtidy.yaml",
            "select: [DUP01]\n",
            "unknown rule or prefix 'DUP01' (did you mean 'DUP001'?)",
        ),
    ],
)
def test_config_errors_exit_2_with_did_you_mean(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    write(tmp_path / name, content)
    write(tmp_path / "post.md", CLEAN)
    proc = mdtidy("post.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert message in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    assert proc.stderr.startswith("mdtidy: error: ")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pyproject.toml", "[tool.mdtidy\nselect = 1\n", "invalid TOML"),
        (".mdtidy.yaml", "select: [WS\n", "invalid YAML"),
        (".mdtidy.yaml", "select: 3\n", "'select' must be a list of strings"),
        (".mdtidy.yaml", "max-file-size: -1\n", "'max-file-size' must be a positive integer"),
    ],
)
def test_invalid_config_exits_2(tmp_path: Path, name: str, content: str, message: str) -> None:
    write(tmp_path / name, content)
    write(tmp_path / "post.md", CLEAN)
    proc = mdtidy("--config", name, "post.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    assert_no_traceback(proc)


# --------------------------------------------------------------------------- rule documentation


def test_list_rules(tmp_path: Path) -> None:
    proc = mdtidy("--list-rules", cwd=tmp_path)
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:5] == ["code", "name", "aliases", "fix", "default"]
    listed = {line.split()[0]: line.split()[1] for line in lines[1:]}
    assert listed == {rule.code: rule.name for rule in all_rules()}
    assert {"DUP001", "DUP002", "URL001", "WS001", "FM001"} <= set(listed)
    ws001 = next(line for line in lines if line.startswith("WS001"))
    assert "MD009,no-trailing-spaces" in ws001 and "always" in ws001


def test_explain_prints_the_rule_modules_docstring(tmp_path: Path) -> None:
    proc = mdtidy("--explain", "DUP001", cwd=tmp_path)
    assert proc.returncode == 0
    module = importlib.import_module("mdtidy.rules.dup001_duplicate_link")
    assert module.__doc__
    assert inspect.cleandoc(module.__doc__) in proc.stdout
    assert proc.stdout.startswith("DUP001 duplicate-link\n")


@pytest.mark.parametrize("ident", ["MD009", "trailing-whitespace", "ws001"])
def test_explain_by_name_or_alias(tmp_path: Path, ident: str) -> None:
    proc = mdtidy("--explain", ident, cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith("WS001 trailing-whitespace (aliases: MD009, no-trailing-spaces)\n")
    assert "Options: br-spaces = 2" in proc.stdout


def test_explain_says_what_the_rule_leaves_alone(tmp_path: Path) -> None:
    plain = mdtidy("--explain", "EM002", cwd=tmp_path).stdout
    assert "reports nothing inside the opaque regions" in plain
    assert "Exception" not in plain
    # a rule whose fixes edit code spans on purpose says so
    assert "may edit code-span" in mdtidy("--explain", "CD005", cwd=tmp_path).stdout


def test_explain_unknown_rule_exits_2(tmp_path: Path) -> None:
    proc = mdtidy("--explain", "NOPE", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("mdtidy: error: unknown rule 'NOPE'")
    proc = mdtidy("--explain", "DUP01", cwd=tmp_path)
    assert proc.returncode == 2
    assert "(did you mean 'DUP001'?)" in proc.stderr


# --------------------------------------------------------------------------- discovery

MARKDOWN_NAMES = [
    "a.md",
    "b.markdown",
    "c.mdown",
    "d.mkdn",
    "e.mkd",
    "f.mdwn",
    "g.mdtxt",
    "h.mdtext",
    "i.mdx",
    "UPPER.MD",
    "sub/deep/j.md",
]
SKIPPED_NAMES = [
    "notes.txt",
    "README",
    "page.html",
    ".git/COMMIT_EDITMSG.md",
    "node_modules/pkg/readme.md",
    "_site/index.md",
    "sub/node_modules/x.md",
    ".venv/lib/doc.md",
    "build/out.md",
]


def _tree(root: Path) -> None:
    for name in MARKDOWN_NAMES + SKIPPED_NAMES:
        write(root / name, "trailing  \n")


def _paths(stdout: str) -> set[str]:
    return {d["path"] for d in json.loads(stdout)["diagnostics"]}


def test_discovery_finds_markdown_suffixes_and_skips_excluded_folders(tmp_path: Path) -> None:
    _tree(tmp_path)
    proc = mdtidy("--format", "json", ".", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert _paths(proc.stdout) == set(MARKDOWN_NAMES)
    assert json.loads(proc.stdout)["files"] == len(MARKDOWN_NAMES)


def test_discovery_under_a_named_folder_uses_its_path(tmp_path: Path) -> None:
    _tree(tmp_path / "blog")
    proc = mdtidy("--format", "json", "blog", cwd=tmp_path)
    assert _paths(proc.stdout) == {f"blog/{name}" for name in MARKDOWN_NAMES}


def test_explicitly_named_files_are_linted_even_in_excluded_folders(tmp_path: Path) -> None:
    _tree(tmp_path)
    named = ["node_modules/pkg/readme.md", "_site/index.md", ".git/COMMIT_EDITMSG.md", "notes.txt"]
    proc = mdtidy("--format", "json", *named, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert _paths(proc.stdout) == set(named)


def test_a_file_named_twice_is_linted_once(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "x  \n")
    proc = mdtidy("--format", "json", "a.md", "./a.md", ".", cwd=tmp_path)
    payload = json.loads(proc.stdout)
    assert payload["files"] == 1
    assert len(payload["diagnostics"]) == 1


def test_extend_exclude_and_exclude(tmp_path: Path) -> None:
    _tree(tmp_path)
    write(tmp_path / "drafts" / "wip.md", "x  \n")
    write(tmp_path / ".mdtidy.yaml", "extend-exclude: [drafts, sub/deep]\n")
    proc = mdtidy("--format", "json", ".", cwd=tmp_path)
    assert _paths(proc.stdout) == set(MARKDOWN_NAMES) - {"sub/deep/j.md"}
    write(tmp_path / ".mdtidy.yaml", "exclude: [drafts]\n")  # replaces the defaults
    proc = mdtidy("--format", "json", ".", cwd=tmp_path)
    found = _paths(proc.stdout)
    assert "node_modules/pkg/readme.md" in found and "_site/index.md" in found
    assert "drafts/wip.md" not in found


# --------------------------------------------------------------------------- plugins

PLUGIN_RULE = '''\
"""XTR001 no-todo: the word TODO left in a post.

## What it does
Reports TODO.

## Why is this bad?
Unfinished.

## Example
`TODO: write this`

## Fix safety
Safe: the word goes.
"""

from mdtidy.model import Diagnostic, Edit, FileRule, Fix


class NoTodo(FileRule):
    code = "XTR001"
    name = "no-todo"
    summary = "The word TODO left in a post"
    fixable = "always"
    changes_html = "removes the word TODO from the page"

    def check(self, doc, ctx):
        start = doc.text.find("TODO")
        while start >= 0:
            fix = Fix.safe(Edit(start, start + 5, ""))
            yield Diagnostic("TODO left in the post", start, start + 4, fix=fix)
            start = doc.text.find("TODO", start + 4)
'''


def test_entry_point_plugin_rule(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site / "mdtidy_todo.py", PLUGIN_RULE)
    dist = site / "mdtidy_todo-1.0.dist-info"
    write(dist / "METADATA", "Metadata-Version: 2.1\nName: mdtidy-todo\nVersion: 1.0\n")
    write(dist / "entry_points.txt", "[mdtidy.rules]\nno_todo = mdtidy_todo:NoTodo\n")
    post = write(tmp_path / "post.md", "# Plan\n\nTODO write the post.\n")
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mdtidy", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    listing = run("--list-rules")
    assert listing.returncode == 0, listing.stderr
    assert any(line.split()[:2] == ["XTR001", "no-todo"] for line in listing.stdout.splitlines())
    explained = run("--explain", "no-todo")
    assert explained.returncode == 0
    assert "XTR001 no-todo: the word TODO left in a post." in explained.stdout
    checked = run("post.md")
    assert checked.returncode == 1, checked.stderr
    assert "post.md:3:1: XTR001 no-todo TODO left in the post [*]" in checked.stdout.splitlines()
    selected = run("--select", "XTR", "post.md")
    assert codes(selected.stdout) == {"XTR001"}
    fixed = run("--fix", "post.md")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert post.read_text(encoding="utf-8") == "# Plan\n\nwrite the post.\n"


def test_broken_plugin_is_a_clear_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dist = site / "broken-1.0.dist-info"
    write(dist / "METADATA", "Metadata-Version: 2.1\nName: broken\nVersion: 1.0\n")
    write(dist / "entry_points.txt", "[mdtidy.rules]\nbroken = no_such_module:Rule\n")
    write(tmp_path / "post.md", CLEAN)
    env = dict(os.environ, PYTHONPATH=str(site))
    proc = subprocess.run(
        [sys.executable, "-m", "mdtidy", "post.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "cannot load rule plugin 'broken'" in proc.stderr
    assert_no_traceback(proc)


# --------------------------------------------------------------------------- pre-commit

PROJECT_FILES = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "mdtidy", "rules"]


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _pre_commit() -> list[str]:
    sibling = Path(sys.executable).with_name("pre-commit")
    return [str(sibling)] if sibling.exists() else [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding this project's current working tree (committed or not).

    ``pre-commit try-repo`` on the checkout itself would only see tracked files, so
    the hooks are tried from a snapshot of the files a build needs.
    """
    repo = tmp_path_factory.mktemp("mdtidy-hook-repo")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, repo / name)
    _git("init", "-q", cwd=repo)
    _git("config", "user.name", "mdtidy tests", cwd=repo)
    _git("config", "user.email", "tests@example.invalid", cwd=repo)
    _git("config", "commit.gpgsign", "false", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-q", "-m", "snapshot", cwd=repo)
    return repo


def test_hooks_manifest() -> None:
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe", pure=True).load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"mdtidy", "mdtidy-fix"}
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["types"] == ["markdown"]
    assert by_id["mdtidy"]["entry"] == "mdtidy"
    assert by_id["mdtidy-fix"]["entry"].split() == ["mdtidy", "--fix"]


def test_pre_commit_hooks(tmp_path: Path, hook_repo: Path) -> None:
    """Both hooks in one ``try-repo`` run, so the hook environment is built once.

    ``try-repo`` keeps its store in a temporary folder of its own (PRE_COMMIT_HOME only
    keeps its log out of the user's cache), so two runs would build two environments.
    Without a hook id it runs every hook of the manifest, sorted by id: ``mdtidy``
    (check) sees the original files, then ``mdtidy-fix`` fixes them.
    """
    work = tmp_path / "blog"
    work.mkdir()
    _git("init", "-q", cwd=work)
    _git("config", "user.name", "mdtidy tests", cwd=work)
    _git("config", "user.email", "tests@example.invalid", cwd=work)
    _git("config", "commit.gpgsign", "false", cwd=work)
    post = write(
        work / "post.md",
        "# Links\n\n"
        "- [PyTorch](https://pytorch.org/) the framework\n"
        "- [PyTorch](https://pytorch.org/) the framework\n\n"
        "Some text   \n",
    )
    notes = write(work / "notes.txt", "not markdown   \n")
    _git("add", "-A", cwd=work)
    _git("commit", "-q", "-m", "posts", cwd=work)

    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PRE_COMMIT_COLOR="never")
    env.pop("PRE_COMMIT", None)
    proc = subprocess.run(
        [*_pre_commit(), "try-repo", str(hook_repo), "--all-files", "--verbose"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    sections = re.split(r"^(?=mdtidy)", proc.stdout, flags=re.MULTILINE)
    check = next(s for s in sections if s.startswith("mdtidy.") and "Failed" in s.splitlines()[0])
    assert "- hook id: mdtidy\n" in check
    assert (
        "post.md:4:13: DUP001 duplicate-link https://pytorch.org/ is already linked at line 3 "
        "(the first copy is kept)" in check
    )
    assert "post.md:6:10: WS001 trailing-whitespace" in check
    assert "notes.txt" not in out  # types: [markdown]
    fixer = next(s for s in sections if "- hook id: mdtidy-fix" in s)
    assert "Failed" in fixer.splitlines()[0]
    assert "files were modified by this hook" in fixer
    assert post.read_text(encoding="utf-8") == (
        "# Links\n\n- [PyTorch](https://pytorch.org/) the framework\n\nSome text\n"
    )
    assert notes.read_text(encoding="utf-8") == "not markdown   \n"


@pytest.mark.parametrize(
    ("code", "option", "value", "message"),
    [
        ("DUP002", "scope", "entry", "rule DUP002: option 'scope' must be 'entries' or 'all'"),
        ("FM005", "style", "quoted", "rule FM005: option 'style' must be 'consistent' or 'plain'"),
        ("URL001", "http-only", "loud", "rule URL001: option 'http-only' must be 'silence' or 'info'"),
    ],
)
def test_a_rule_option_outside_its_choices_is_a_configuration_error(
    code: str, option: str, value: str, message: str
) -> None:
    config = from_mapping({"rules": {code: {option: value}}}, "test")
    with pytest.raises(ConfigError, match=message):
        resolve_rules(config, select=[code])


# --------------------------------------------------------------------------- the fast exit


def test_the_command_exits_fast_with_everything_written(tmp_path: Path) -> None:
    """The command ends without Python's teardown (cli.entry): output larger than a pipe
    holds still arrives whole, and the exit status is the run's."""
    for n in range(40):
        (tmp_path / f"post-{n}.md").write_text("# T\n\n" + "text   \n\n" * 60, encoding="utf-8")
    result = mdtidy("--no-config", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stdout) > 200_000  # far more than a pipe's buffer
    codes = [d["code"] for d in json.loads(result.stdout)["diagnostics"]]
    assert codes.count("WS001") == 40 * 60  # every trailing space of every post
    assert mdtidy("--version", cwd=tmp_path).returncode == 0
    assert mdtidy("--no-such-option", cwd=tmp_path).returncode == 2


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path) -> None:
    """``mdtidy … | head -1``: the rest of the output has nowhere to go; the command
    still ends with its own status and says nothing about the pipe."""
    for n in range(40):
        (tmp_path / f"post-{n}.md").write_text("# T\n\n" + "text   \n\n" * 60, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mdtidy", "--no-config", "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if not k.startswith("MDTIDY")},
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader goes away
    status = proc.wait(timeout=120)
    assert first.startswith(b"post-")
    assert b"Traceback" not in proc.stderr.read()
    assert status in (1, 120)  # findings, or Python's status for a failed flush of stdout
