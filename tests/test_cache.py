"""The lint cache (mdtidy.run.cache): a cached run is exactly an uncached one, only faster.

Whether a run was served from the cache is counted (the parser's calls, the cache's own
counters), never timed.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_parallel import Crashes  # a rule that raises on files that say BOOM

import mdtidy.engine
from mdtidy.cli import cli
from mdtidy.config import Config, resolve_rules
from mdtidy.parsing import flavors
from mdtidy.parsing.source import DecodeError, decode
from mdtidy.run import cache as cache_module
from mdtidy.run.cache import _HEADER, CACHEDIR_TAG, FORMAT, MAGIC, LintCache, cache_folder
from mdtidy.run.runner import PARALLEL_MIN_FILES, run

REPO = Path(__file__).resolve().parent.parent
SEEDS = Path("/work/shared/seeds")
FIXTURES = REPO / "fixtures"


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The flavor names of every document the engine parses in this process."""
    calls: list[str] = []
    real = mdtidy.engine.parse

    def counting(source: Any, **kwargs: Any) -> Any:
        calls.append(getattr(kwargs.get("flavor"), "name", ""))
        return real(source, **kwargs)

    monkeypatch.setattr(mdtidy.engine, "parse", counting)
    return calls


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "the-cache"
    monkeypatch.setenv("MDTIDY_CACHE_DIR", str(folder))
    return folder


def lint(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, Any]:
    """The command line in this process (one worker, so the parser's calls are counted):
    exit code and the JSON report."""
    monkeypatch.chdir(cwd)
    flavors.clear_cache()
    result = CliRunner().invoke(cli, ["--format", "json", "-j", "1", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "lint").glob("*/*") if p.is_file())


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def lintable(root: Path) -> int:
    """How many Markdown files under ``root`` can be decoded (and so are parsed)."""
    n = 0
    for data in tree(root).values():
        try:
            decode(data)
        except DecodeError:
            continue
        n += 1
    return n


def _site(root: Path) -> Path:
    """A folder of posts: duplicates inside and across files, fixable findings, front
    matter, and files that cannot be linted; enough of them for worker processes."""
    root.mkdir()
    for n in range(PARALLEL_MIN_FILES + 4):
        (root / f"2021-03-{n + 1:02d}-post.md").write_text(
            f"---\ntitle: Post {n}\n---\n\n# Post {n}\n\n"
            f"- [PyTorch](http://pytorch.org/) the framework\n"
            f"- [Shared](https://example.org/shared) in every post   \n"
            f"- [PyTorch](http://pytorch.org/) the framework\n\n\n"
            f"see https://example.org/{n} and *emphasis*\n",
            encoding="utf-8",
        )
    (root / "bad-utf8.md").write_bytes(b"# caf\xe9\n")
    (root / "crlf.md").write_bytes(b"# Title\r\n\r\n* item\r\n+ other  \r\n")
    return root


def _fixture_folder(root: Path) -> Path:
    """A copy of some of the rule fixtures (cross-file, front matter, links, URLs)."""
    root.mkdir()
    for name in ("DUP001", "DUP002", "DUP004", "FM001", "LK001", "URL001"):
        shutil.copytree(FIXTURES / name, root / name)
    return root


def _seeds(root: Path) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("the shared seeds are not here")
    shutil.copytree(SEEDS, root)
    return root


# --------------------------------------------------------------------------- same results


@pytest.mark.parametrize("make", [_seeds, _site, _fixture_folder], ids=["seeds", "site", "fixtures"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cached_check_equals_uncached_check(
    make: Any, jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    folder = make(tmp_path / "posts")
    monkeypatch.chdir(tmp_path)

    def check(*extra: str) -> tuple[int, str, str]:
        flavors.clear_cache()
        result = CliRunner().invoke(cli, ["--format", "json", "-j", jobs, *extra, "posts"])
        return result.exit_code, result.stdout, result.stderr

    uncached = check("--no-cache")
    assert not cache_dir.exists()
    cold = check()
    written = entries(cache_dir)
    assert written
    warm = check()
    assert cold == uncached
    assert warm == uncached
    assert entries(cache_dir) == written
    assert tree(folder) == tree(make(tmp_path / "again"))  # a check writes nothing


@pytest.mark.parametrize("make", [_seeds, _site, _fixture_folder], ids=["seeds", "site", "fixtures"])
def test_cached_fix_equals_uncached_fix(
    make: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, parses: list[str]
) -> None:
    plain = make(tmp_path / "plain")
    cached = make(tmp_path / "cached")
    code, report = lint(plain, monkeypatch, "--fix", "--no-cache", ".")
    lint(cached, monkeypatch, ".")  # fills the cache with the files as they are
    assert lint(cached, monkeypatch, "--fix", ".") == (code, report)
    assert tree(cached) == tree(plain)
    assert report["fixed"], "the folder should have something to fix"
    # the fixed files were linted again and cached under their new bytes
    del parses[:]
    assert lint(cached, monkeypatch, ".") == lint(plain, monkeypatch, "--no-cache", ".")
    assert len(parses) == lintable(plain)  # only the --no-cache run parsed
    del parses[:]
    assert lint(cached, monkeypatch, "--fix", ".")[1]["fixed"] == {}
    assert parses == []


# --------------------------------------------------------------------------- served from the cache


def test_second_run_is_served_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, parses: list[str]
) -> None:
    site = _site(tmp_path / "posts")
    first = lint(site, monkeypatch, ".")
    n = lintable(site)  # bad-utf8.md cannot be decoded
    assert n == len(tree(site)) - 1
    assert len(parses) == n
    assert len(entries(cache_dir)) == n
    del parses[:]
    assert lint(site, monkeypatch, ".") == first
    assert parses == []
    # one file changes: only that file is linted again
    post = site / "2021-03-01-post.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nmore [PyTorch](http://pytorch.org/)\n", "utf-8")
    code, report = lint(site, monkeypatch, ".")
    assert len(parses) == 1
    assert report != first[1]
    del parses[:]
    assert lint(site, monkeypatch, "--no-cache", ".") == (code, report)


def test_the_cache_counts_hits_and_serves_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path / "posts")
    monkeypatch.chdir(site)
    config = Config()
    rules = resolve_rules(config)
    cold_cache = LintCache(tmp_path / "c", config, rules)
    cold = run([Path(".")], config, rules, jobs=2, cache=cold_cache)
    n = lintable(site)
    assert (cold_cache.hits, cold_cache.misses, cold_cache.writes) == (0, n, n)
    warm_cache = LintCache(tmp_path / "c", config, rules)
    warm = run([Path(".")], config, rules, jobs=2, cache=warm_cache)
    assert (warm_cache.hits, warm_cache.misses, warm_cache.writes) == (n, 0, 0)
    assert [vars(d) for d in warm.diagnostics] == [vars(d) for d in cold.diagnostics]
    assert [str(e) for e in warm.errors] == [str(e) for e in cold.errors]


def test_files_that_could_not_be_linted_are_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "boom.md").write_text("# BOOM\n", encoding="utf-8")
    (tmp_path / "fine.md").write_text("# Fine\n", encoding="utf-8")
    (tmp_path / "bad.md").write_bytes(b"\x00\x01")
    config = Config()
    rules = [*resolve_rules(config), Crashes()]
    for _ in range(2):
        cache = LintCache(tmp_path / "c", config, rules)
        result = run([Path(".")], config, rules, cache=cache)
        assert sorted(e.path for e in result.errors) == ["bad.md", "boom.md"]
        assert cache.writes + cache.hits == 1  # fine.md only
    assert len(entries(tmp_path / "c")) == 1


# --------------------------------------------------------------------------- invalidation


@pytest.mark.parametrize(
    ("before", "after", "args"),
    [
        ("", "front-matter: false\n", ()),  # the configuration
        ("", "select: [DUP001, WS001]\n", ()),  # the rule set
        ("", "rules:\n  LS001:\n    style: asterisk\n", ()),  # a rule option
        ("", "flavor: jekyll\n", ()),  # the flavor, configured
        ("", "per-file-flavor:\n  '2021-03-0*': hugo\n", ()),  # the flavor of some files
        ("", "", ("--flavor", "mkdocs")),  # the flavor, on the command line
        ("", "canonical-urls:\n  strip-www: true\n", ()),  # how links compare
    ],
)
def test_a_changed_setting_invalidates(
    before: str,
    after: str,
    args: tuple[str, ...],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cache_dir: Path,
    parses: list[str],
) -> None:
    site = _site(tmp_path / "posts")
    config = site / ".mdtidy.yaml"
    config.write_text(before or "{}\n", encoding="utf-8")
    lint(site, monkeypatch, ".")
    lint(site, monkeypatch, ".")
    del parses[:]
    assert lint(site, monkeypatch, ".") is not None and parses == []
    config.write_text(after or "{}\n", encoding="utf-8")
    changed = lint(site, monkeypatch, *args, ".")
    assert len(parses) == lintable(site)
    assert changed == lint(site, monkeypatch, "--no-cache", *args, ".")
    del parses[:]
    assert lint(site, monkeypatch, *args, ".") == changed
    assert parses == []


def test_settings_that_only_choose_files_keep_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, parses: list[str]
) -> None:
    site = _site(tmp_path / "posts")
    lint(site, monkeypatch, ".")
    del parses[:]
    (site / ".mdtidy.yaml").write_text(
        "extend-exclude: [nothing]\nformat: json\ninclude: ['*.md']\ncorpus: false\n", encoding="utf-8"
    )
    lint(site, monkeypatch, ".")
    lint(site, monkeypatch, "--corpus", ".", ".")
    assert parses == []


def test_a_site_configuration_that_changes_the_flavor_invalidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, parses: list[str]
) -> None:
    site = tmp_path / "blog"
    (site / "_posts").mkdir(parents=True)
    (site / "_posts" / "2020-01-01-a.md").write_text("# A\n\n$$x$$ and {{ site.title }}\n", encoding="utf-8")
    lint(site, monkeypatch, ".")
    assert parses == ["gfm"]
    (site / "_config.yml").write_text("title: Blog\nmarkdown: kramdown\n", encoding="utf-8")
    lint(site, monkeypatch, ".")
    assert parses == ["gfm", "jekyll"]


def test_another_mdtidy_version_or_code_invalidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, parses: list[str]
) -> None:
    site = _site(tmp_path / "posts")
    first = lint(site, monkeypatch, ".")
    n = len(parses)
    monkeypatch.setattr(cache_module, "__version__", "999.0")
    assert lint(site, monkeypatch, ".") == first
    assert len(parses) == 2 * n
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda rules: b"edited rules")
    assert lint(site, monkeypatch, ".") == first
    assert len(parses) == 3 * n


def test_the_same_bytes_under_another_name_are_linted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, parses: list[str]
) -> None:
    """Findings name their file, and path patterns may apply: the path is part of the key."""
    (tmp_path / "a.md").write_text("# A\n\n[x](https://a.org/) and [y](https://a.org/)\n", encoding="utf-8")
    lint(tmp_path, monkeypatch, "a.md")
    shutil.copy(tmp_path / "a.md", tmp_path / "b.md")
    _code, report = lint(tmp_path, monkeypatch, "b.md")
    assert parses == ["gfm", "gfm"]
    assert report["diagnostics"]
    assert "a.md" not in json.dumps(report)


# --------------------------------------------------------------------------- bad entries


def _valid_entry(key: bytes, value: Any) -> bytes:
    import hashlib

    payload = pickle.dumps(value)
    checksum = hashlib.blake2b(payload, digest_size=16).digest()
    return _HEADER.pack(MAGIC, FORMAT, key, len(payload), checksum) + payload


def _damaged(data: bytes, how: str, marker: Path) -> bytes:
    header, payload = data[: _HEADER.size], data[_HEADER.size :]
    _magic, fmt, key, length, checksum = _HEADER.unpack(header)
    if how == "empty":
        return b""
    if how == "truncated":
        return data[: len(data) // 2]
    if how == "truncated-header":
        return data[:10]
    if how == "garbage":
        return os.urandom(len(data))
    if how == "flipped-byte":
        middle = len(payload) // 2
        return header + payload[:middle] + bytes([payload[middle] ^ 0xFF]) + payload[middle + 1 :]
    if how == "appended":
        return data + b"more"
    if how == "foreign-format":
        return _HEADER.pack(MAGIC, fmt + 1, key, length, checksum) + payload
    if how == "foreign-magic":
        return _HEADER.pack(b"NOTMDTID", fmt, key, length, checksum) + payload
    if how == "other-key":
        return _HEADER.pack(MAGIC, fmt, bytes(32), length, checksum) + payload
    if how == "wrong-type":
        return _valid_entry(key, {"findings": []})
    if how == "wrong-items":
        return _valid_entry(key, (["not a finding"], None))
    if how == "code-in-pickle":

        class Evil:
            def __reduce__(self) -> tuple[Any, ...]:
                return (os.mkdir, (str(marker),))

        return _valid_entry(key, ([], Evil()))
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "empty",
        "truncated",
        "truncated-header",
        "garbage",
        "flipped-byte",
        "appended",
        "foreign-format",
        "foreign-magic",
        "other-key",
        "wrong-type",
        "wrong-items",
        "code-in-pickle",
    ],
)
def test_a_bad_entry_is_ignored_and_rewritten(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, parses: list[str]
) -> None:
    site = _site(tmp_path / "posts")
    expected = lint(site, monkeypatch, "--no-cache", ".")
    lint(site, monkeypatch, ".")
    written = {p: p.read_bytes() for p in entries(cache_dir)}
    marker = tmp_path / "pickle-ran-code"
    for path, data in written.items():
        path.write_bytes(_damaged(data, how, marker))
    del parses[:]
    assert lint(site, monkeypatch, ".") == expected
    assert len(parses) == len(written)  # no entry was trusted
    assert not marker.exists()
    assert {p: p.read_bytes() for p in entries(cache_dir)} == written  # and each was rewritten
    del parses[:]
    assert lint(site, monkeypatch, ".") == expected
    assert parses == []


def test_bad_entries_are_counted_as_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    config = Config()
    rules = resolve_rules(config)
    run([Path(".")], config, rules, cache=LintCache(tmp_path / "c", config, rules))
    (entry,) = entries(tmp_path / "c")
    entry.write_bytes(entry.read_bytes()[:-1])
    cache = LintCache(tmp_path / "c", config, rules)
    run([Path(".")], config, rules, cache=cache)
    assert (cache.hits, cache.misses, cache.rejected, cache.writes) == (0, 1, 1, 1)


def test_an_unwritable_cache_is_a_notice_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path / "posts")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("MDTIDY_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.chdir(site)
    flavors.clear_cache()
    result = CliRunner().invoke(cli, ["--format", "json", "-j", "1", "."])
    expected = CliRunner().invoke(cli, ["--format", "json", "-j", "1", "--no-cache", "."])
    assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)
    assert result.stderr.count("cannot write the cache") == 1


# --------------------------------------------------------------------------- where, and what else


def test_the_cache_lives_at_the_project_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MDTIDY_CACHE_DIR")
    project = tmp_path / "project"
    (project / "docs" / "deep").mkdir(parents=True)
    (project / ".mdtidy.yaml").write_text("{}\n", encoding="utf-8")
    (project / "docs" / "deep" / "a.md").write_text("# A\n", encoding="utf-8")
    lint(project / "docs", monkeypatch, ".")
    cache = project / ".mdtidy_cache"
    assert len(entries(cache)) == 1
    assert (cache / "CACHEDIR.TAG").read_text(encoding="ascii") == CACHEDIR_TAG
    assert (cache / ".gitignore").read_text(encoding="ascii").splitlines()[-1] == "*"
    assert not (project / "docs" / ".mdtidy_cache").exists()
    # without a configuration: the current folder
    lint(project / "docs", monkeypatch, "--no-config", ".")
    assert len(entries(project / "docs" / ".mdtidy_cache")) == 1


def test_cache_dir_setting_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MDTIDY_CACHE_DIR")
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / ".mdtidy.yaml").write_text("cache-dir: build-cache/lint\n", encoding="utf-8")
    (project / "docs" / "a.md").write_text("# A\n", encoding="utf-8")
    lint(project / "docs", monkeypatch, ".")
    assert len(entries(project / "build-cache" / "lint")) == 1
    monkeypatch.setenv("MDTIDY_CACHE_DIR", "from-env")
    lint(project / "docs", monkeypatch, ".")
    assert len(entries(project / "docs" / "from-env")) == 1
    assert cache_folder(Config(), tmp_path) == tmp_path / "from-env"


def test_cache_dir_must_be_a_folder_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".mdtidy.yaml").write_text("cache-dir: 3\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["."])
    assert result.exit_code == 2
    assert "'cache-dir' must be a folder name" in result.stderr


def test_no_cache_neither_writes_nor_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    monkeypatch.delenv("MDTIDY_CACHE_DIR")
    site = _site(tmp_path / "posts")
    (site / ".mdtidy.yaml").write_text("{}\n", encoding="utf-8")
    before = sorted(p.name for p in site.iterdir())
    lint(site, monkeypatch, "--no-cache", ".")
    lint(site, monkeypatch, "--no-cache", "--fix", ".")
    assert sorted(p.name for p in site.iterdir()) == before
    assert not (tmp_path / ".mdtidy_cache").exists()
    lint(site, monkeypatch, ".")
    assert (site / ".mdtidy_cache").is_dir()
    del parses[:]
    lint(site, monkeypatch, "--no-cache", ".")
    assert len(parses) == lintable(site)


def test_the_cache_is_never_linted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not even when ``exclude`` replaces the default folders, or under another name."""
    monkeypatch.delenv("MDTIDY_CACHE_DIR")
    (tmp_path / ".mdtidy.yaml").write_text("exclude: []\ncache-dir: lint-cache\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    lint(tmp_path, monkeypatch, ".")
    stray = tmp_path / "lint-cache" / "lint" / "stray.md"
    stray.write_text("#Bad heading\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shown = CliRunner().invoke(cli, ["--show-files", "."])
    assert shown.stdout.split() == ["a.md"]
    _code, report = lint(tmp_path, monkeypatch, ".")
    assert report["files"] == 1
    assert {d["path"] for d in report["diagnostics"]} <= {"a.md"}


def test_two_runs_at_once_leave_a_sound_cache(tmp_path: Path, cache_dir: Path) -> None:
    site = _site(tmp_path / "posts")
    env = {**os.environ, "MDTIDY_CACHE_DIR": str(cache_dir)}
    env.pop("MDTIDY_FORMAT", None)
    command = [sys.executable, "-m", "mdtidy", "--format", "json", "-j", "1", "."]
    procs = [
        subprocess.Popen(command, cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    uncached = subprocess.run([*command, "--no-cache"], cwd=site, env=env, capture_output=True, timeout=120)
    assert {out for out, _err in outputs} == {uncached.stdout}
    assert not list(cache_dir.rglob("*.tmp"))
    config = Config()
    rules = resolve_rules(config)
    check = LintCache(cache_dir, config, rules)
    for path in entries(cache_dir):
        key = bytes.fromhex(path.name)
        assert check._decode(key, path.read_bytes()) is not None


def test_editing_a_rule_module_changes_the_code_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    module_file = tmp_path / "cache_plugin_rule.py"
    module_file.write_text(
        "from mdtidy.model import FileRule\n\n"
        "class Plugin(FileRule):\n"
        "    code = 'ZZZ952'\n    name = 'cache-plugin'\n    summary = 'Nothing'\n\n"
        "    def check(self, doc, ctx):\n        return iter(())\n",
        encoding="utf-8",
    )
    spec = importlib.util.spec_from_file_location("cache_plugin_rule", module_file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "cache_plugin_rule", module)
    spec.loader.exec_module(module)
    rules = [*resolve_rules(Config()), module.Plugin()]
    before = cache_module.code_fingerprint(rules)
    assert cache_module.code_fingerprint(rules) == before
    stat = module_file.stat()
    os.utime(module_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert cache_module.code_fingerprint(rules) != before


def test_a_folder_that_is_not_a_cache_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    """``cache-dir = "docs"`` must not hide the docs from git and from discovery."""
    monkeypatch.delenv("MDTIDY_CACHE_DIR")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n\n[x](https://a.org/) [y](https://a.org/)\n", "utf-8")
    (tmp_path / ".mdtidy.yaml").write_text("cache-dir: docs\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(cli, ["--format", "json", "-j", "1", "."])
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["a.md"]
    assert first.stderr.count("it holds other files and no CACHEDIR.TAG") == 1
    again = CliRunner().invoke(cli, ["--format", "json", "-j", "1", "."])
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert json.loads(first.stdout)["files"] == 1
    # a folder with only mdtidy's own files (the --verify-https results) is taken
    (tmp_path / ".mdtidy.yaml").write_text("{}\n", encoding="utf-8")
    (tmp_path / ".mdtidy_cache").mkdir()
    (tmp_path / ".mdtidy_cache" / "verify-https.json").write_text("{}", encoding="utf-8")
    third = CliRunner().invoke(cli, ["--format", "json", "-j", "1", "."])
    assert "cannot write the cache" not in third.stderr
    assert (tmp_path / ".mdtidy_cache" / "CACHEDIR.TAG").is_file()


def test_discovery_skips_folders_tagged_as_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, tag in (("tagged", CACHEDIR_TAG), ("fake-tag", "Signature: not the right one\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "CACHEDIR.TAG").write_text(tag, encoding="ascii")
        (tmp_path / name / "a.md").write_text("# A\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shown = CliRunner().invoke(cli, ["--show-files", "."])
    assert shown.stdout.split() == ["fake-tag/a.md"]
    # a tagged folder named on the command line is still searched
    assert CliRunner().invoke(cli, ["--show-files", "tagged"]).stdout.split() == ["tagged/a.md"]


# --------------------------------------------------------------------------- the fix reuses the lint


def test_fix_parses_each_text_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    """A fix reuses what the lint of the file found (its findings and protected texts):
    the file as read is parsed once, and so is each fixed text, whether the lint came
    from the cache or not (from the cache, the protected texts are not known, so the
    first pass parses the file again)."""
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "a.md").write_text("# Title\n\nSome text   \n\n$$ x   $$\n", encoding="utf-8")
    (folder / "b.md").write_text("# Clean\n\nNothing to fix.\n", encoding="utf-8")
    _code, report = lint(folder, monkeypatch, "--fix", "--no-cache", ".")
    assert report["fixed"] == {"a.md": {"WS001": 1}}
    assert (folder / "a.md").read_text(encoding="utf-8") == "# Title\n\nSome text\n\n$$ x   $$\n"
    assert len(parses) == 3  # a.md as read, a.md fixed, b.md
    del parses[:]
    (folder / "a.md").write_text("# Title\n\nSome text   \n", encoding="utf-8")
    monkeypatch.setenv("MDTIDY_CACHE_DIR", str(tmp_path / "cache"))
    lint(folder, monkeypatch, ".")  # fills the cache
    del parses[:]
    assert lint(folder, monkeypatch, "--fix", ".")[1]["fixed"] == {"a.md": {"WS001": 1}}
    assert len(parses) == 2  # a.md as read (for its protected texts), a.md fixed


def test_the_guard_reads_no_page_a_parse_gave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rendering guard compares the page before and after a formatting fix: both
    come from parses the fix makes anyway (the lint of the file, the fixed text's
    parse), through render.page_of, so the guard parses nothing itself; with the lint
    from the cache, the text the first pass parses for its protected texts gives it."""
    import mdtidy.engine

    reads: list[str] = []
    real = mdtidy.engine.read_page

    def counting(text: str, *args: Any) -> Any:
        reads.append(text)
        return real(text, *args)

    monkeypatch.setattr(mdtidy.engine, "read_page", counting)
    folder = tmp_path / "posts"
    folder.mkdir()
    text = "# Title\n\nSome text   \nmore *words*.  \n\n- a\n* b\n"
    (folder / "a.md").write_text(text, encoding="utf-8")
    _code, report = lint(folder, monkeypatch, "--fix", "--no-cache", ".")
    assert sum(report["fixed"]["a.md"].values()) >= 2
    assert reads == []
    (folder / "a.md").write_text(text, encoding="utf-8")
    monkeypatch.setenv("MDTIDY_CACHE_DIR", str(tmp_path / "cache"))
    lint(folder, monkeypatch, ".")  # fills the cache
    assert lint(folder, monkeypatch, "--fix", ".")[1]["fixed"] == report["fixed"]
    assert reads == []


# --------------------------------------------------------------------------- pruning


def test_entries_unused_for_30_days_are_pruned_once_a_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "kept.md").write_text("# Kept\n\nText.\n", encoding="utf-8")
    (folder / "gone.md").write_text("# Gone\n\nOther text.\n", encoding="utf-8")
    first = lint(folder, monkeypatch, ".")
    assert len(entries(cache_dir)) == 2
    assert (cache_dir / "lint" / ".pruned").is_file()  # the first run pruned (nothing)
    (folder / "gone.md").unlink()
    old = time.time() - 40 * 24 * 3600
    for entry in entries(cache_dir):
        os.utime(entry, (old, old))
    # within a day of the last pruning, nothing is deleted
    lint(folder, monkeypatch, ".")
    assert len(entries(cache_dir)) == 2
    # a day later: the entry this run used is kept (its use marked it), the other goes
    stamp = cache_dir / "lint" / ".pruned"
    os.utime(stamp, (old, old))
    code, report = lint(folder, monkeypatch, ".")
    left = entries(cache_dir)
    assert len(left) == 1 and left[0].stat().st_mtime > old + 24 * 3600
    assert stamp.stat().st_mtime > old + 24 * 3600
    assert code == first[0] and [d for d in report["diagnostics"] if d["path"] == "kept.md"] == [
        d for d in first[1]["diagnostics"] if d["path"] == "kept.md"
    ]
