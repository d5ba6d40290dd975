#!/usr/bin/env python3
"""Benchmark: DUP002 (cross-file duplicates) and the overlap report at corpus scale.

    python bench/dup002_scale.py                  # 10,000 posts x ~100 links
    python bench/dup002_scale.py --posts 2000     # smaller
    python bench/dup002_scale.py --keep DIR       # write the posts to DIR and keep them

Writes the posts (Jekyll names, a fixed seed, ~100 links each: list items, URL + caption
paragraphs, inline links in prose, some images; every URL used by ~4 posts on average,
a few "popular" URLs by many) into a temporary folder, builds every file's summary the
way a run does (read, decode, parse, summarise), then measures, separately:

* DUP002 over the whole corpus (the Corpus, the rule's hash join, every finding);
* the overlap report (``mdtidy --report overlap``'s computation);

each as wall-clock seconds (without tracemalloc, which slows allocation) and as peak
memory allocated *beyond the summaries* (tracemalloc, traced from after the summaries
exist). This is a script, not a test: no timings in the test suite.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mdtidy.config import Config  # noqa: E402
from mdtidy.model import Corpus, FileSummary  # noqa: E402
from mdtidy.registry import all_rules  # noqa: E402
from mdtidy.run.overlap import overlap_pairs  # noqa: E402
from mdtidy.run.runner import collect_summaries  # noqa: E402

SEED = 20240601
HOSTS = (
    "pytorch.org",
    "www.zhihu.com",
    "zhuanlan.zhihu.com",
    "github.com",
    "arxiv.org",
    "mp.weixin.qq.com",
    "blog.csdn.net",
    "docs.python.org",
)
WORDS = [
    "the",
    "model",
    "trains",
    "faster",
    "when",
    "memory",
    "is",
    "used",
    "with",
    "care",
    "显存",
    "优化",
    "技巧",
    "and",
    "data",
    "loads",
]


def url_pool(rng: random.Random, size: int) -> list[str]:
    pool = []
    for i in range(size):
        host = rng.choice(HOSTS)
        if host == "mp.weixin.qq.com":
            pool.append(f"https://{host}/s?__biz=MzA{i % 97}&mid={i}&idx=1&sn={i * 7919 % 100003:x}")
        else:
            pool.append(f"https://{host}/{rng.choice(('p', 'question', 'docs', 'a'))}/{i}")
    return pool


def written(rng: random.Random, url: str) -> str:
    """The same link written another way now and then (the canonical form must cope)."""
    roll = rng.random()
    if roll < 0.1:
        return url.replace("https://", "http://", 1)
    if roll < 0.15:
        return url + ("&" if "?" in url else "?") + "utm_source=feed"
    if roll < 0.2 and "?" not in url:
        return url + "/"
    return url


def post(rng: random.Random, pool: list[str], popular: list[str], links: int) -> str:
    out = ["---", "layout: post", "title: A post", "---", "", "# Notes", ""]
    n = 0
    while n < links:
        url = written(rng, rng.choice(popular) if rng.random() < 0.05 else rng.choice(pool))
        caption = " ".join(rng.choices(WORDS, k=rng.randint(2, 8)))
        form = rng.random()
        if form < 0.45:
            out.append(f"- [{caption.split()[0]}]({url}) {caption}")
        elif form < 0.7:
            out += ["", url, "", caption, ""]
        elif form < 0.95:
            out += ["", f"{caption} [see]({url}) and more {caption}.", ""]
        else:
            out += ["", f"![figure]({url}.png)", ""]
        n += 1
    return "\n".join(out) + "\n"


def write_posts(folder: Path, posts: int, links: int) -> None:
    rng = random.Random(SEED)
    pool = url_pool(rng, posts * links // 4)  # each URL in ~4 posts
    popular = pool[:50]
    for index in range(posts):
        date = f"{2010 + index % 14}-{1 + index % 12:02d}-{1 + index % 28:02d}"
        (folder / f"{date}-post-{index}.md").write_text(post(rng, pool, popular, links), encoding="utf-8")


def measure(label: str, work: Callable[[], int]) -> None:
    gc.collect()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    gc.collect()
    tracemalloc.start()
    work()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label}: {seconds:.2f} s, peak {peak / 2**20:.1f} MiB beyond the summaries, result {result:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--links", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="write the posts here and keep them")
    parser.add_argument("--min-shared", type=int, default=5, help="the overlap report's --min-shared")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mdtidy-dup002-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        write_posts(folder, args.posts, args.links)
        print(f"wrote {args.posts:,} posts in {time.perf_counter() - start:.1f} s to {folder}", flush=True)

        config = Config()
        start = time.perf_counter()
        summaries, errors = collect_summaries([folder], config)
        assert not errors, errors[:3]
        total = sum(len(s.links) for s in summaries)
        print(
            f"read, parsed and summarised {len(summaries):,} files ({total:,} links) "
            f"in {time.perf_counter() - start:.1f} s",
            flush=True,
        )

        # scope = all: every link takes part in the join (the default compares entries only)
        rule = next(r for r in all_rules() if r.code == "DUP002")({"scope": "all"})

        def dup002() -> int:
            corpus = Corpus(list(summaries), config)
            return sum(1 for s in corpus.summaries for _d in rule.check_corpus(corpus, s.path))

        def overlap() -> int:
            return len(overlap_pairs(summaries, args.min_shared))

        measure("DUP002 over the corpus (findings)", dup002)
        measure(f"overlap report, --min-shared {args.min_shared} (pairs)", overlap)
        _check_linear(summaries, config, rule)


def _check_linear(summaries: list[FileSummary], config: Config, rule: object) -> None:
    """DUP002 on the first half of the corpus: about half the time if the join is linear."""
    half = summaries[: len(summaries) // 2]
    for part, label in ((half, "half"), (summaries, "all")):
        gc.collect()
        start = time.perf_counter()
        corpus = Corpus(list(part), config)
        for s in corpus.summaries:
            for _d in rule.check_corpus(corpus, s.path):  # type: ignore[attr-defined]
                pass
        links = sum(len(s.links) for s in part)
        print(f"  DUP002 on {label} ({links:,} links): {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
