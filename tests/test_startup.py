"""Start-up: a run imports only what it needs (issue 9, item 5).

No timing here: each test runs mdtidy in a fresh interpreter and looks at ``sys.modules``
after the run. The heavy libraries are imported by the code that uses them (a function
body), so they must stay out of a run that never calls that code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mdtidy.cli import cli

# a run of the command line in this interpreter; prints the loaded modules as JSON last
RUN = """
import sys
from mdtidy.cli import main
sys.argv = ["mdtidy", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
modules = sorted(sys.modules)
import json
print(json.dumps({"code": code, "modules": modules}))
"""

#: never needed by a check of a plain Markdown file without links or front matter
HEAVY = (
    "httpx",  # --verify-https
    "pygls",  # mdtidy server
    "lsprotocol",
    "rapidfuzz",  # DUP003's caption comparison, "did you mean" suggestions
    "ruamel",  # front matter, YAML configuration and site files
    "w3lib",  # canonical URLs of web links
    "hstspreload",  # URL001 on http:// links
    "pathspec",  # exclude patterns and ignore files, when a folder is walked
    "importlib.metadata",  # third-party rules, only when a distribution declares some
    "urllib.request",
    "http.client",
    "email",
    "tomllib",  # pyproject.toml and site configurations
    "json",
    "subprocess",  # git, for the global excludes file of a walked repository
    "tempfile",  # writing fixed files
    "mdtidy.api",
    "mdtidy.lsp",
    "mdtidy.links.verify",
)


def loaded(args: list[str], cwd: Path) -> tuple[int, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", RUN, *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    return last["code"], set(last["modules"])


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules for h in HEAVY if m == h or m.startswith(h + "."))


def test_one_plain_file_imports_nothing_heavy(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("# Note\n\nSome text, *emphasis* and `code`.\n\n- one\n- two\n")
    code, modules = loaded(["--no-config", "--no-cache", "note.md"], tmp_path)
    assert code == 0
    assert "mdtidy.rules" in modules and "mdtidy.engine" in modules  # the run did lint the file
    assert heavy_in(modules) == []
    loaded(["--no-config", "note.md"], tmp_path)  # fills the cache (which writes with tempfile)
    code, modules = loaded(["--no-config", "note.md"], tmp_path)
    assert code == 0 and "mdtidy.run.cache" in modules
    assert heavy_in(modules) == []  # served from the cache: nothing heavy either
    assert "mistune" not in modules and "mdtidy.parsing.positioned" not in modules  # nor the parser


def test_links_with_fragments_need_no_w3lib(tmp_path: Path) -> None:
    """Links to a section of a page (``#fragment``), the usual kind of non-plain link,
    are canonicalized without w3lib (and its urllib.request, about 30 ms)."""
    (tmp_path / "note.md").write_text(
        "# Note\n\nSee [rules](https://spec.commonmark.org/0.31.2/#link-reference-definitions)"
        " and [tables](https://github.github.com/gfm/#tables-extension-).\n"
    )
    code, modules = loaded(["--no-config", "--no-cache", "note.md"], tmp_path)
    assert code == 0
    assert "mdtidy.links.urls" in modules  # the links were canonicalized
    assert heavy_in(modules) == []


def test_the_libraries_load_when_a_file_needs_them(tmp_path: Path) -> None:
    # the other side of the test above: the lazy imports are still reached
    (tmp_path / "post.md").write_text(
        "---\ntitle: Post\n---\n\n# Post\n\nSee [the docs](http://example.com/docs?utm_source=x) and "
        "[the docs](http://example.com/docs/).\n"
    )
    code, modules = loaded(["--no-config", "post.md"], tmp_path)
    assert code == 1  # DUP001 and URL001 at least
    for name in ("w3lib", "ruamel", "hstspreload"):  # w3lib: the query
        assert name in modules, name
    assert "rapidfuzz" not in modules and "httpx" not in modules and "pygls" not in modules


def test_walking_a_folder_reads_ignore_patterns(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n")
    (tmp_path / "docs" / "b.md").write_text("# B\n")
    # the default exclude is plain names: matched without pathspec
    code, modules = loaded(["--no-config", "docs"], tmp_path)
    assert code == 0
    assert "pathspec" not in modules
    # a pattern (here in an .ignore file) brings pathspec in, and it is obeyed
    (tmp_path / "docs" / ".ignore").write_text("b*.md\n")
    code, modules = loaded(["--no-config", "docs"], tmp_path)
    assert code == 0
    assert "pathspec" in modules
    shown = CliRunner().invoke(cli, ["--no-config", "--show-files", str(tmp_path / "docs")])
    assert [Path(line).name for line in shown.stdout.splitlines()] == ["a.md"]


def test_import_mdtidy_defers_the_api() -> None:
    code = (
        "import sys, mdtidy; before = 'mdtidy.engine' in sys.modules; "
        "found = mdtidy.check('[a](https://x.org) [b](https://x.org)\\n'); "
        "print(before, sorted({d.code for d in found}))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split(" ", 1)[0] == "False"
    assert "DUP001" in proc.stdout


# --------------------------------------------------------------------------- canonical URLs without w3lib

PLAIN_SAMPLES = [
    "https://pytorch.org",
    "http://pytorch.org/docs/stable/index.html",
    "https://github.com/karpathy/nanoGPT/",
    "https://a.b-c.example/x//y/",
    "https://en.wikipedia.org/wiki/Foo_(bar)",
    "https://host/a:b@c/!$&'()*+,=~",
    "https://example.com/a/./b",  # dot segments: not plain, w3lib resolves them
    "https://example.com/a/../b",
    "https://example.com/.well-known/x",
    "https://Example.com/A",  # upper-case host: w3lib lower-cases it
    "https://example.com/a?b=1&a=2",
    "https://example.com/a#frag",
    "https://example.com#frag",
    "https://example.com/a#",  # an empty fragment: w3lib drops the "#"
    "https://example.com/a#b#c",
    "https://example.com/a#%41",
    "https://example.com/a/./b#x",
    "https://example.com/a#sec-2.1:x@y/z?q=1",
    "https://example.com:8080/a",
    "https://user@example.com/a",
    "https://example.com/a%2fb",
    "https://example.com/a;p=1",
    "https://example.com/ü",
    "https://bücher.example/",
]


def test_canonical_url_agrees_with_w3lib_on_samples() -> None:
    from w3lib.url import canonicalize_url

    from mdtidy.links.urls import canonical_url

    for url in PLAIN_SAMPLES:
        for keep in (True, False):
            assert canonical_url(url, keep) == canonicalize_url(url, keep_fragments=keep), url


@settings(max_examples=500, deadline=None)
@given(
    st.from_regex(
        r"https?://[a-z0-9][a-z0-9.-]{0,20}[a-z0-9](/[A-Za-z0-9\-._~!$&'()*+,=:@/]{0,30})?"
        r"(#[A-Za-z0-9\-._~!$&'()*+,;=:@/?]{1,12})?",
        fullmatch=True,
    )
)
def test_plain_urls_are_what_w3lib_makes_of_them(url: str) -> None:
    from w3lib.url import canonicalize_url

    from mdtidy.links.urls import PLAIN_URL, canonical_url

    assert PLAIN_URL.fullmatch(url)
    for keep in (True, False):
        assert canonical_url(url, keep) == canonicalize_url(url, keep_fragments=keep)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="htps:/.-_~%?#;@AaBbZz09[]ü!$&'()*+,=", max_size=40).map(lambda s: "https://" + s))
def test_any_url_is_what_w3lib_makes_of_it(url: str) -> None:
    from w3lib.url import canonicalize_url

    from mdtidy.links.urls import canonical_url

    try:
        expected = canonicalize_url(url, keep_fragments=True)
    except ValueError:
        return  # a bad port or host: url_key keeps such a URL as written either way
    assert canonical_url(url) == expected


# --------------------------------------------------------------------------- what a warm run remembers

MKDOCS_YML = """\
site_name: Docs
markdown_extensions:
  - admonition
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.emoji:
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""


def test_a_warm_run_remembers_the_site_and_the_hsts_answers(tmp_path: Path) -> None:
    """The second run over a MkDocs site with an http:// link neither loads ruamel.yaml
    (the mkdocs.yml data is remembered) nor hstspreload (the answers are), and says the
    same; a changed mkdocs.yml is read again."""
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "index.md"
    page.write_text("# Docs\n\nSee [PyPI](http://pypi.org/project/mdtidy/) and $x$.\n")
    args = ["--no-config", "--format", "json", "docs/index.md"]
    first = subprocess.run([sys.executable, "-m", "mdtidy", *args], cwd=tmp_path, capture_output=True)
    code, modules = loaded(args, tmp_path)
    assert code == first.returncode == 1
    assert "ruamel" not in modules and "hstspreload" not in modules
    again = subprocess.run([sys.executable, "-m", "mdtidy", *args], cwd=tmp_path, capture_output=True)
    assert again.stdout == first.stdout
    assert b"URL001" in first.stdout
    memo = Path(os.environ["MDTIDY_CACHE_DIR"]) / "memo"  # the tests' cache (conftest.py)
    assert sorted(p.name for p in memo.iterdir()) == ["hsts.json", "site-config.json"]
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML + "docs_dir: docs\n")
    page.write_text(page.read_text() + "\nMore.\n")
    code, modules = loaded(args, tmp_path)
    assert "ruamel" in modules and "hstspreload" not in modules
