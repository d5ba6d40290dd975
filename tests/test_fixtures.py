"""Fixture and snapshot tests, markdownlint-style.

Every rule has a folder ``fixtures/<CODE>/`` of small Markdown inputs. A fixture marks
each finding it expects on the offending line, inside an HTML comment at the end of the
line (``text http://x.com <!-- {URL002} -->``), or, where a comment would change what
is tested, lists them in an ``<!-- expect: WS002@5 WS002@9 -->`` comment (usually the
first line; after the front matter when the file starts with one, or inside it as a YAML
comment ``# <!-- expect: ... -->`` when the file is nothing but front matter). A fixture
without markers expects no finding at all. Each fixture runs with only its own rule
selected, with its default options unless the fixture sets some in an
``<!-- options: {"required": {"FM003/": ["title"]}} -->`` comment (JSON; the rule's
options, validated as a configuration file's ``[tool.mdtidy.rules.<CODE>]`` would be),
and with the ``auto`` flavor (GFM here) unless it names one in ``<!-- flavor: jekyll -->``.

``fixtures/DUP002/<case>/`` holds several files linted in one run (cross-file rules),
and ``fixtures/seeds/`` the two example posts, linted with every rule.

For every fixture this module

(a) checks that the (path, line, code) findings are exactly the marked ones,
(b) snapshots the diagnostics (``tests/test_fixtures/<case>.yml``),
(c) applies the safe fixes to a copy and snapshots the text (``<case>_fixed.md``, one
    per file for folders; the seeds also with ``--unsafe-fixes``, ``seeds_unsafe__*``),
(d) re-lints the fixed text: no finding with a safe fix is left, and a second
    ``--fix`` changes nothing,
(e) checks that every distinct URL (by :func:`mdtidy.links.urls.url_key`) survives the fix,
    and that line endings and front matter bytes are kept (an FM rule's fixture may
    change its front matter, but the front matter must load to the same data).

Regenerate the snapshots with ``pytest tests/test_fixtures.py --force-regen`` and
review the diff: a snapshot is only as good as the eyes that read it. The snapshots
record today's behaviour, including the known bugs at the end of this module.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from mdtidy.config import Config, from_mapping, resolve_rules
from mdtidy.engine import lint_text
from mdtidy.links.urls import url_key
from mdtidy.model import Applicability, Diagnostic
from mdtidy.parsing.source import Source, decode
from mdtidy.run.runner import RunResult, run

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
MULTI_FILE = ("DUP002",)  # rules whose fixtures are folders linted in one run

_COMMENT = re.compile(r"<!--(.*?)-->")
_INLINE_MARK = re.compile(r"\{([A-Z]+[0-9]{3})\}")
_EXPECT = re.compile(r"\s*expect:(.*)", re.DOTALL)
_EXPECT_ITEM = re.compile(r"([A-Z]+[0-9]{3})@([0-9]+)")
_OPTIONS = re.compile(r"<!--\s*options:(.*?)-->", re.DOTALL)
_FLAVOR = re.compile(r"<!--\s*flavor:\s*([a-z]+)\s*-->")


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    rel: str  # path of the file or folder, relative to fixtures/
    code: str | None  # the rule the fixture tests; None: every rule (the seeds)

    @property
    def id(self) -> str:
        return self.rel.removesuffix(".md")

    @property
    def snapshot(self) -> str:
        """Snapshot basename: flat (no folders, no dots) so pytest-regressions is happy."""
        return re.sub(r"[^A-Za-z0-9_-]", "_", self.id.replace("/", "__"))

    @property
    def files(self) -> list[Path]:
        path = FIXTURES / self.rel
        return [path] if path.is_file() else sorted(path.rglob("*.md"))


def _cases() -> list[Case]:
    cases = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "seeds"):
        code = folder.name
        if code in MULTI_FILE:
            cases += [Case(f"{code}/{sub.name}", code) for sub in sorted(folder.iterdir()) if sub.is_dir()]
        else:
            cases += [Case(f"{code}/{file.name}", code) for file in sorted(folder.glob("*.md"))]
    return cases


CASES = _cases()
SEEDS = Case("seeds", None)
ALL_CASES = [*CASES, SEEDS]


def test_every_rule_has_fixtures() -> None:
    from mdtidy.registry import all_rules

    covered = {case.code for case in CASES}
    missing = [rule.code for rule in all_rules() if rule.code not in covered]
    assert not missing, f"rules without fixtures: {missing}"


def test_seeds_are_the_shared_posts_unchanged() -> None:
    seeds = sorted(p.name for p in (FIXTURES / "seeds").glob("*.md"))
    assert seeds == ["pytorch-paddle-mxnet-ir.md", "pytorch.md"]
    shared = ROOT.parent / "shared" / "seeds"  # CI clones the repo with shared/ beside it
    if not shared.is_dir():
        pytest.skip("the shared seed folder is not available here")
    for name in seeds:
        assert (FIXTURES / "seeds" / name).read_bytes() == (shared / name).read_bytes(), name


# --------------------------------------------------------------------------- helpers


def marks_in(text: str) -> Counter[tuple[int, str]]:
    """(line, code) of every finding marked in one fixture's text, with multiplicity."""
    marks: Counter[tuple[int, str]] = Counter()
    for number, line in enumerate(Source(text).lines(), start=1):
        for comment in _COMMENT.findall(line):
            expect = _EXPECT.match(comment)
            if expect:
                marks.update((int(at), code) for code, at in _EXPECT_ITEM.findall(expect.group(1)))
            else:
                marks.update((number, code) for code in _INLINE_MARK.findall(comment))
    return marks


def expected_markers(case: Case) -> Counter[tuple[str, int, str]]:
    """(path, line, code) of every marked finding of a case, paths relative to fixtures/."""
    marks: Counter[tuple[str, int, str]] = Counter()
    for file in case.files:
        rel = file.relative_to(FIXTURES).as_posix()
        for (line, code), count in marks_in(decode(file.read_bytes()).text).items():
            marks[(rel, line, code)] += count
    return marks


def fixture_options(case: Case) -> dict:
    """The rule options a fixture sets in ``<!-- options: {...} -->`` comments (JSON)."""
    options: dict = {}
    for file in case.files:
        for match in _OPTIONS.finditer(decode(file.read_bytes()).text):
            options.update(json.loads(match.group(1)))
    return options


def fixture_flavor(case: Case) -> str | None:
    """The flavor a fixture asks for in a ``<!-- flavor: jekyll -->`` comment."""
    for file in case.files:
        match = _FLAVOR.search(decode(file.read_bytes()).text)
        if match:
            return match.group(1)
    return None


def _rules(case: Case) -> tuple[Config, list]:
    options = fixture_options(case) if case.code else {}
    config = from_mapping({"rules": {case.code: options}}, f"fixtures/{case.rel}") if options else Config()
    flavor = fixture_flavor(case)
    if flavor:
        config.flavor = flavor
    return config, resolve_rules(config, select=[case.code] if case.code else None)


def _copy(case: Case, where: Path) -> None:
    """Copy the case into ``where`` under the same relative path (runs use that path)."""
    source = FIXTURES / case.rel
    target = where / case.rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copy2(source, target)


def _lint(case: Case, **kwargs: bool) -> RunResult:
    """Run the engine on the case's copy in the current folder; no file may fail."""
    config, rules = _rules(case)
    result = run([Path(case.rel)], config, rules, **kwargs)
    assert result.errors == [], [str(e) for e in result.errors]
    return result


def _as_data(diag: Diagnostic) -> dict:
    return {
        "path": diag.path,
        "line": diag.line,
        "column": diag.column,
        "end_line": diag.end_line,
        "end_column": diag.end_column,
        "code": diag.code,
        "message": diag.message,
        "fix_safety": diag.fix.applicability.value if diag.fix is not None else None,
        "related": [
            {"path": r.path, "line": r.line, "column": r.column, "message": r.message} for r in diag.related
        ],
    }


def _texts(case: Case, where: Path) -> dict[str, bytes]:
    root = where / case.rel
    files = [root] if root.is_file() else sorted(root.rglob("*.md"))
    return {f.relative_to(where).as_posix(): f.read_bytes() for f in files}


def _url_keys(data: bytes) -> set[str]:
    source = decode(data)
    _diags, summary, _doc = lint_text(source, "x.md", Config(), [])
    return {url_key(link.url) for link in summary.links}


def _front_matter(data: bytes) -> bytes | None:
    """The front matter's bytes, up to the closing ``---`` (its line break excluded)."""
    from mdtidy.parsing.frontmatter import split_front_matter

    source = decode(data)
    fm = split_front_matter(source)
    if fm is None:
        return None
    return source.encode(source.text[: source.line_span(fm.end_line - 1)[1]])


def _front_matter_data(data: bytes) -> object:
    """The front matter's data, typed (``"1"`` is not ``1``), top-level key order ignored."""
    from mdtidy.parsing.fmyaml import canonical
    from mdtidy.parsing.frontmatter import split_front_matter

    fm = split_front_matter(decode(data))
    assert fm is not None and fm.ok, "the front matter no longer loads"
    data_ = canonical(fm.data)
    return sorted(data_[1], key=repr) if data_[0] == "map" else data_


def _line_endings(data: bytes) -> set[bytes]:
    return set(re.findall(rb"\r\n|\r|\n", data))


def _exact(obtained: Path, expected: Path) -> None:
    """Compare snapshot files byte for byte (CRLF and a missing final newline matter)."""
    got, want = obtained.read_bytes(), expected.read_bytes()
    if got != want:
        diff = difflib.unified_diff(
            [repr(x) + "\n" for x in want.decode("utf-8").splitlines(keepends=True)],
            [repr(x) + "\n" for x in got.decode("utf-8").splitlines(keepends=True)],
            fromfile=str(expected),
            tofile=str(obtained),
        )
        raise AssertionError("fixed text differs from the snapshot:\n" + "".join(diff))


def _snapshot_fixed(file_regression, basename: str, texts: dict[str, bytes]) -> None:
    """One snapshot per file; a folder's files are all checked (and regenerated) in one go."""
    failures = []
    for rel, data in sorted(texts.items()):
        name = basename
        if len(texts) > 1:
            name += "__" + re.sub(r"[^A-Za-z0-9_-]", "_", Path(rel).name.removesuffix(".md"))
        try:
            file_regression.check(
                data.decode("utf-8"), extension=".md", newline="", basename=f"{name}_fixed", check_fn=_exact
            )
        except (AssertionError, pytest.fail.Exception) as exc:
            failures.append(str(exc))
    if failures:
        pytest.fail("\n\n".join(failures))


# --------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_findings_are_the_marked_ones(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _copy(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = _lint(case)
    found = Counter((d.path, d.line, d.code) for d in result.diagnostics)
    expected = expected_markers(case)
    assert sorted(found.elements()) == sorted(expected.elements())


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_diagnostics_snapshot(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_regression
) -> None:
    _copy(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = _lint(case)
    data_regression.check({"diagnostics": [_as_data(d) for d in result.diagnostics]}, basename=case.snapshot)


def _fix_and_check(case: Case, tmp_path: Path, unsafe: bool) -> dict[str, bytes]:
    """Fix a copy of the case; check the promises; return the fixed bytes by path."""
    _copy(case, tmp_path)
    before = _texts(case, tmp_path)
    _lint(case, fix=True, unsafe_fixes=unsafe)
    after = _texts(case, tmp_path)
    assert after.keys() == before.keys()

    for rel, data in after.items():
        # (e) nothing is lost: every distinct URL is still there
        lost = _url_keys(before[rel]) - _url_keys(data)
        assert not lost, f"{rel}: the fix removed every copy of {sorted(lost)}"
        # line endings and front matter are kept
        if data != before[rel]:
            allowed = _line_endings(before[rel]) or {b"\n"}
            assert _line_endings(data) <= allowed, f"{rel}: line endings changed"
            if _front_matter(data) != _front_matter(before[rel]):
                # only an FM fix may change the front matter, and never its data (these runs
                # apply no unsafe FM fix: the FM fixtures are fixed safely, the seeds have none)
                assert (case.code or "FM").startswith("FM"), f"{rel}: front matter changed"
                assert _front_matter_data(data) == _front_matter_data(before[rel]), (
                    f"{rel}: FM fix changed data"
                )

    # (d) nothing fixable is left, and a second pass is a no-op
    again = _lint(case)
    left = [
        f"{d.path}:{d.line}:{d.column} {d.code}"
        for d in again.diagnostics
        if d.fix is not None
        and (
            d.fix.applicability is Applicability.SAFE
            or (unsafe and d.fix.applicability is Applicability.UNSAFE)
        )
    ]
    assert not left, f"fixable findings left after --fix: {left}"
    second = _lint(case, fix=True, unsafe_fixes=unsafe)
    assert second.fixed == {}
    assert _texts(case, tmp_path) == after, "a second --fix changed the text"
    return after


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_fixed_text_snapshot(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_regression
) -> None:
    monkeypatch.chdir(tmp_path)
    after = _fix_and_check(case, tmp_path, unsafe=False)
    _snapshot_fixed(file_regression, case.snapshot, after)


def test_seeds_unsafe_fixed_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_regression
) -> None:
    monkeypatch.chdir(tmp_path)
    after = _fix_and_check(SEEDS, tmp_path, unsafe=True)
    _snapshot_fixed(file_regression, f"{SEEDS.snapshot}_unsafe", after)


# --------------------------------------------------------------------------- the seeds' acceptance criteria

PYTORCH = "seeds/pytorch.md"
IR = "seeds/pytorch-paddle-mxnet-ir.md"
ZHIHU = "https://www.zhihu.com/question/274635237"
ZHIHU_CAPTION = "Pytorch有什么节省内存（显存）的小技巧？"


@pytest.fixture
def seeds_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RunResult:
    _copy(SEEDS, tmp_path)
    monkeypatch.chdir(tmp_path)
    return _lint(SEEDS)


def _at(result: RunResult, code: str) -> list[tuple[str, int]]:
    return sorted((d.path, d.line) for d in result.diagnostics if d.code == code)


def test_seeds_dup001_exactly_once(seeds_run: RunResult) -> None:
    assert _at(seeds_run, "DUP001") == [(PYTORCH, 435)]
    (diag,) = (d for d in seeds_run.diagnostics if d.code == "DUP001")
    assert diag.fix is not None and diag.fix.applicability is Applicability.SAFE
    assert [(r.path, r.line) for r in diag.related] == [(PYTORCH, 403)]


def test_seeds_url001_lines(seeds_run: RunResult) -> None:
    expected = [(PYTORCH, 15), (PYTORCH, 33)] + [(IR, n) for n in (15, 21, 27, 281, 297)]
    assert _at(seeds_run, "URL001") == sorted(expected)
    assert (PYTORCH, 53) not in _at(seeds_run, "URL001")  # inline code


def test_seeds_dup002_count(seeds_run: RunResult) -> None:
    assert len(_at(seeds_run, "DUP002")) >= 40


def test_seeds_after_safe_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _copy(SEEDS, tmp_path)
    monkeypatch.chdir(tmp_path)
    before = _texts(SEEDS, tmp_path)
    _lint(SEEDS, fix=True)
    after = {rel: data.decode("utf-8") for rel, data in _texts(SEEDS, tmp_path).items()}

    assert after[PYTORCH].count(ZHIHU) == 1
    assert after[PYTORCH].count(ZHIHU_CAPTION) == 1
    for rel, text in after.items():
        assert "http://pytorch.org/" not in text, rel
        assert "http://mp.weixin.qq.com/" not in text, rel
        assert "http://torch.ch/" in text, rel
        assert "https://torch.ch/" not in text, rel
        # the front matter changes only where FM002 removes the space after `category: AI `
        front = _front_matter(before[rel])
        assert front is not None and b"category: AI \n" in front
        expected = front.replace(b"category: AI \n", b"category: AI\n")
        assert _front_matter(after[rel].encode("utf-8")) == expected
    assert "https://pytorch.org/tutorials/beginner/deep_learning_60min_blitz.html" in after[PYTORCH]
    assert "`pip3 install http://download.pytorch.org/whl/" in after[PYTORCH]  # inline code untouched

    second = _lint(SEEDS, fix=True)
    assert second.fixed == {}
    assert {rel: data.decode("utf-8") for rel, data in _texts(SEEDS, tmp_path).items()} == after


def test_markers_parse() -> None:
    """The marker syntax itself: inline ``{CODE}`` marks and ``expect:`` lists."""
    text = (
        "<!-- expect: WS002@5 WS002@9 -->\n"
        "a http://x.com <!-- {URL002} {URL001} -->\n"
        "<!-- a plain comment with http://y.com -->\n"
        "b <!-- {DUP001} --> c <!-- {DUP001} -->\n"
    )
    assert sorted(marks_in(text).elements()) == [
        (2, "URL001"),
        (2, "URL002"),
        (4, "DUP001"),
        (4, "DUP001"),
        (5, "WS002"),
        (9, "WS002"),
    ]


# --------------------------------------------------------------------------- known bugs
#
# Fixes that the snapshots above record as they are today but that change what the post
# renders as. Each test states the correct outcome and is a strict xfail: when the bug
# is fixed it starts passing, pytest reports XPASS(strict) as a failure, and then the
# marker goes and the snapshot is regenerated.


def _render(text: str) -> str:
    import mistune

    return mistune.create_markdown(plugins=["url"])(text)


def _fixed(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    _copy(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    _lint(case, fix=True)
    return (tmp_path / case.rel).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("rel", "container"),
    [("DUP001/list-tight-last-item.md", "</ul>"), ("DUP001/blockquote-last-item.md", "</blockquote>")],
)
def test_removal_keeps_paragraph_out_of_list(
    rel: str, container: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = _render(_fixed(Case(rel, "DUP001"), tmp_path, monkeypatch))
    assert f"{container}\n<p>This paragraph is not part of the" in html


def test_removal_keeps_ordered_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = _render(_fixed(Case("DUP001/list-ordered-first-item.md", "DUP001"), tmp_path, monkeypatch))
    assert "<ol" in html


def test_label_line_is_not_a_caption(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A label ('Tutorials:') introduces the NEXT URL; the duplicate's own label goes with it."""
    text = _fixed(Case("DUP001/label-lines.md", "DUP001"), tmp_path, monkeypatch)
    assert "Tutorials:\n\nhttps://example.com/other-tutorials\n" in text
    assert text.count("Docs:") == 1 and text.count("https://pytorch.org/docs/") == 1
