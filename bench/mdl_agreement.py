"""How far mdtidy's markdownlint rules agree with markdownlint-cli2, per rule and corpus.

For every rule pair (mdtidy code, markdownlint rule) and option set below, both tools
lint scratch copies of the shared corpus with only that rule enabled and the same
options, and the script compares their (file, line) pairs:

    agreement = pairs markdownlint reports that mdtidy reports too / pairs markdownlint reports
    extra     = pairs mdtidy reports that markdownlint does not

Run it by hand (never from the test suite); see bench/README.md::

    npm install --prefix /tmp/mdl markdownlint-cli2@0.22   # once, outside the repository
    python bench/mdl_agreement.py                          # every rule below
    python bench/mdl_agreement.py --rules LK007,TB004 --details /tmp/agree
    python bench/mdl_agreement.py --flavor auto            # each site's own flavor

mdtidy runs with ``--flavor gfm`` by default, as issue 10 defines the agreement: with its
site's flavor (``auto``) mdtidy skips what that site's renderer treats specially (Hugo
shortcodes, MkDocs attribute lists and snippets, …), which markdownlint does not know.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: site → (globs markdownlint-cli2 and mdtidy lint, globs left out)
SITES: dict[str, tuple[list[str], list[str]]] = {
    "jekyll-karpathy": (["_posts/*.markdown"], []),
    # hugo-docs' own .markdownlint-cli2.yaml: its globs and ignores
    "hugo-docs": (
        ["content/**/*.md"],
        ["content/**/commands/**", "content/en/about/license.md", "content/LICENSE.md"],
    ),
    "mkdocs-material": (["docs/**/*.md"], []),
}

#: hugo-docs' .markdownlint-cli2.yaml settings for the rules compared here
HUGO = {
    "MD045": {},
    "MD054": {
        "autolink": True,
        "collapsed": True,
        "full": True,
        "inline": True,
        "shortcut": True,
        "url_inline": False,
    },
    "MD059": {"prohibited_texts": ["click here", "here", "link", "more"]},
    "MD060": {"aligned_delimiter": False, "style": "any"},
}

NAMES = [
    "JavaScript",
    "GitHub",
    "Markdown",
    "Python",
    "YAML",
    "TensorFlow",
    "PyTorch",
    "Hugo",
    "MkDocs",
    "npm",
]


@dataclass
class Variant:
    code: str  # mdtidy
    rule: str  # markdownlint
    label: str
    options: dict[str, Any] = field(default_factory=dict)
    #: per-site options replacing ``options`` (e.g. hugo-docs' own settings)
    per_site: dict[str, dict[str, Any]] = field(default_factory=dict)

    def options_for(self, site: str) -> dict[str, Any]:
        return self.per_site.get(site, self.options)


VARIANTS = [
    Variant(
        "HD015",
        "MD043",
        "headings: *, <common heading>, *",
        per_site={
            "jekyll-karpathy": {"headings": ["*", "### Conclusions", "*"]},
            "hugo-docs": {"headings": ["*", "## Example", "*"]},
            "mkdocs-material": {"headings": ["*", "## Configuration", "*"]},
        },
    ),
    Variant("HD015", "MD043", "headings: ?, +, match_case", {"headings": ["?", "+"], "match_case": True}),
    Variant(
        "HD015",
        "MD043",
        "headings: ?, ## Usage, *",
        {"headings": ["?", "## Usage", "*"]},
    ),
    Variant("ST002", "MD044", "names (defaults)", {"names": NAMES}),
    Variant(
        "ST002",
        "MD044",
        "names, code_blocks/html_elements false",
        {"names": NAMES, "code_blocks": False, "html_elements": False},
    ),
    Variant("ST001", "MD035", "style consistent (hugo-docs: ---)", {}, {"hugo-docs": {"style": "---"}}),
    Variant("HT001", "MD033", "defaults", {}),
    Variant("HD013", "MD036", "defaults", {}),
    Variant("HD014", "MD041", "defaults", {}),
    Variant("CD006", "MD014", "defaults", {}),
    Variant("WS007", "MD013", "defaults", {}),
    Variant(
        "WS007", "MD013", "line_length 120, code_blocks false", {"line_length": 120, "code_blocks": False}
    ),
    Variant("LK007", "MD045", "defaults (hugo-docs: its config)", {}, {"hugo-docs": HUGO["MD045"]}),
    Variant("LK008", "MD054", "url_inline false (hugo-docs' setting)", {"url_inline": False}),
    Variant(
        "LK008",
        "MD054",
        "autolink, inline false",
        {"autolink": False, "inline": False},
    ),
    Variant(
        "LK008",
        "MD054",
        "full, collapsed, shortcut false",
        {"full": False, "collapsed": False, "shortcut": False},
    ),
    Variant("LK009", "MD059", "defaults (hugo-docs: its config)", {}, {"hugo-docs": HUGO["MD059"]}),
    Variant("TB004", "MD060", "style any (hugo-docs: its config)", {}, {"hugo-docs": HUGO["MD060"]}),
    Variant("TB004", "MD060", "style aligned", {"style": "aligned"}),
    Variant(
        "TB004", "MD060", "style compact, aligned_delimiter", {"style": "compact", "aligned_delimiter": True}
    ),
    Variant("TB004", "MD060", "style tight", {"style": "tight"}),
]

_MDL_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+)(?::\d+)?\s+(?:error\s+|warning\s+)?(?P<rule>MD\d{3})/")


def _matches(path: str, globs: Iterable[str]) -> bool:
    for pattern in globs:
        # "**/" may match no folder at all, as in markdownlint-cli2's globs
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path, pattern.replace("**/", "")):
            return True
    return False


def prepare(corpus: Path, work: Path) -> dict[str, list[str]]:
    """Copy each site into ``work`` (ignored files left out); its files, relative paths."""
    files: dict[str, list[str]] = {}
    for site, (globs, ignores) in SITES.items():
        target = work / site
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(corpus / site, target)
        for config in target.glob(".markdownlint*"):
            config.unlink()
        kept = []
        for path in sorted(p for p in target.rglob("*") if p.is_file()):
            rel = path.relative_to(target).as_posix()
            if not _matches(rel, globs):
                continue
            if _matches(rel, ignores):
                path.unlink()
                continue
            kept.append(rel)
        files[site] = kept
    return files


def run_markdownlint(mdl: Path, folder: Path, variant: Variant, site: str) -> set[tuple[str, int]]:
    options = variant.options_for(site) or True
    config = {"config": {"default": False, variant.rule: options}, "noInlineConfig": False}
    (folder / ".markdownlint-cli2.jsonc").write_text(json.dumps(config), encoding="utf-8")
    globs = SITES[site][0]
    proc = subprocess.run([str(mdl), *globs], cwd=folder, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"markdownlint-cli2 failed in {folder}: {proc.stderr[-2000:]}")
    pairs = set()
    for line in (proc.stdout + proc.stderr).splitlines():
        m = _MDL_LINE.match(line)
        if m and m.group("rule") == variant.rule:
            pairs.add((m.group("path"), int(m.group("line"))))
    return pairs


def run_mdtidy(
    folder: Path, files: list[str], variant: Variant, site: str, flavor: str = "gfm"
) -> set[tuple[str, int]]:
    options = variant.options_for(site)
    with tempfile.TemporaryDirectory() as scratch:
        config = Path(scratch) / ".mdtidy.yaml"
        config.write_text(json.dumps({"rules": {variant.code: options}} if options else {}), encoding="utf-8")
        cmd = [sys.executable, "-m", "mdtidy", "--config", str(config), "--select", variant.code]
        cmd += ["--flavor", flavor]
        proc = subprocess.run(
            [*cmd, "--format", "json", "--quiet", *files],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"mdtidy failed in {folder}: {proc.stderr[-2000:]}")
    data = json.loads(proc.stdout)
    for error in data.get("errors", []):
        print(f"  mdtidy: {error}", file=sys.stderr)
    return {(d["path"], d["line"]) for d in data["diagnostics"] if d["code"] == variant.code}


def _default_corpus() -> Path:
    """``shared/corpus`` beside the repository (or beside the folder of worktrees)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "corpus").is_dir():
            return base / "shared" / "corpus"
    return ROOT.parent / "shared" / "corpus"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=_default_corpus())
    parser.add_argument("--mdl", type=Path, default=Path("/tmp/mdl/node_modules/.bin/markdownlint-cli2"))
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument("--rules", default="", help="comma-separated mdtidy codes (default: all)")
    parser.add_argument("--details", type=Path, default=None, help="write the differing pairs here")
    parser.add_argument(
        "--flavor",
        default="gfm",
        help="mdtidy's --flavor (default gfm, as issue 10 measures; auto detects each site's)",
    )
    args = parser.parse_args(argv)
    if not args.mdl.exists():
        print(
            f"markdownlint-cli2 not found at {args.mdl}: npm install --prefix /tmp/mdl markdownlint-cli2@0.22"
        )
        return 2
    wanted = {c.strip().upper() for c in args.rules.split(",") if c.strip()}
    variants = [v for v in VARIANTS if not wanted or v.code in wanted]
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        files = prepare(args.corpus, work)
        print("| rule | options | corpus | markdownlint | both | agreement | mdtidy extra |")
        print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
        for variant in variants:
            for site in SITES:
                folder = work / site
                mdl = run_markdownlint(args.mdl, folder, variant, site)
                ours = run_mdtidy(folder, files[site], variant, site, args.flavor)
                both = mdl & ours
                share = f"{100 * len(both) / len(mdl):.1f}%" if mdl else "-"
                print(
                    f"| {variant.code}/{variant.rule} | {variant.label} | {site} | {len(mdl)} | {len(both)} "
                    f"| {share} | {len(ours - mdl)} |",
                    flush=True,
                )
                if args.details:
                    args.details.mkdir(parents=True, exist_ok=True)
                    name = re.sub(r"[^A-Za-z0-9]+", "_", f"{variant.code}_{variant.label}_{site}").strip("_")
                    lines = [f"missed {p}:{n}" for p, n in sorted(mdl - ours)]
                    lines += [f"extra {p}:{n}" for p, n in sorted(ours - mdl)]
                    (args.details / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
