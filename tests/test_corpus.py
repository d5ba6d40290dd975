"""The real sites in ``../shared/corpus/`` (and the seed posts): ``--fix`` never breaks them.

On a copy of each site, with its own flavor (found from its site configuration),
``--fix`` (safe, then also with ``--unsafe-fixes``) must keep every protected text
(math, Liquid, shortcodes, kramdown and MkDocs constructs as written, and the content of
every code block and code span) and every distinct URL, and a second ``--fix`` must
change nothing. No finding may start inside an opaque region.

These tests need ``../shared/corpus/`` beside the repository (CI has it); without it they
are skipped with a message. The site files are never copied into the repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mdtidy.config import Config, resolve_rules
from mdtidy.engine import lint_text, protected_texts
from mdtidy.parsing.source import decode
from mdtidy.run.files import discover
from mdtidy.run.runner import run

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SITES = ["hugo-docs", "jekyll-karpathy", "mkdocs-material"]

pytestmark = pytest.mark.skipif(
    not (SHARED / "corpus").is_dir(), reason=f"{SHARED / 'corpus'} not found beside the repository"
)


def _copy(name: str, tmp_path: Path) -> Path:
    source = SHARED / "corpus" / name if name != "seeds" else SHARED / "seeds"
    target = tmp_path / name
    shutil.copytree(source, target)
    (target / ".git").mkdir()  # the site is its own repository: detection stops here
    return target


def _state(site: Path, config: Config) -> dict[str, tuple[set, set, bytes]]:
    """Per file: its protected texts, its distinct URL keys and its bytes."""
    state = {}
    for path, error in discover([site], config):
        assert error is None
        data = path.read_bytes()
        _d, summary, doc = lint_text(decode(data), str(path), config, [])
        protected = set(protected_texts(doc))
        urls = {(link.key, link.image) for link in summary.links}
        state[str(path)] = (protected, urls, data)
    return state


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("name", [*SITES, "seeds"])
def test_fix_keeps_every_construct_and_url_and_is_idempotent(name: str, unsafe: bool, tmp_path: Path) -> None:
    site = _copy(name, tmp_path)
    config = Config()
    rules = resolve_rules(config)
    before = _state(site, config)
    result = run([site], config, rules, fix=True, unsafe_fixes=unsafe, jobs=2)
    assert not [e for e in result.errors if "internal error" in e.message], result.errors
    after = _state(site, config)
    assert after.keys() == before.keys()
    by_code = {rule.code: rule for rule in rules}
    changed = 0
    for path, (protected, urls, data) in before.items():
        new_protected, new_urls, new_data = after[path]
        changed += new_data != data
        # a rule written for a kind of text (CD005 trims code-span padding, unsafe) may edit it
        applied = result.fixed.get(path, {})
        exempt = set().union(*(by_code[code].protected_kinds for code in applied))
        kept = {p for p in protected if p[0] not in exempt}
        new_kept = {p for p in new_protected if p[0] not in exempt}
        assert new_kept == kept, f"{path}: {sorted(kept ^ new_kept)[:3]}"
        assert urls <= new_urls, f"{path}: lost {sorted(urls - new_urls)[:3]}"
    assert changed, "the fixes did something on this site"
    run([site], config, rules, fix=True, unsafe_fixes=unsafe, jobs=2)
    again = _state(site, config)
    assert [p for p in after if after[p][2] != again[p][2]] == [], "a second --fix changed files"


@pytest.mark.parametrize("name", SITES)
def test_no_finding_starts_inside_an_opaque_region(name: str, tmp_path: Path) -> None:
    site = _copy(name, tmp_path)
    config = Config()
    rules = resolve_rules(config, select=["ALL"])
    result = run([site], config, rules, jobs=2)
    assert result.diagnostics
    docs = {}
    inside = []
    for diag in result.diagnostics:
        if diag.path not in docs:
            data = Path(diag.path).read_bytes()
            docs[diag.path] = lint_text(decode(data), diag.path, config, [])[2]
        region = docs[diag.path].opaque_at(diag.start)
        if region is not None:
            inside.append((diag.path, diag.line, diag.code, region.kind))
    assert inside == []
    assert any(doc.opaque for doc in docs.values()), "the site has constructs of its flavor"
