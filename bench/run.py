#!/usr/bin/env python3
"""Benchmark: mdtidy against rumdl and markdownlint-cli2 on generated blog posts.

    python bench/run.py                 # 2000 posts, each tool 3 times, Markdown table
    python bench/run.py --posts 500     # fewer posts
    python bench/run.py --scale         # DUP002 alone: 10,000 posts x ~100 links

The posts are written to ``bench/work/`` (git-ignored) from a fixed seed, so every run
lints the same bytes. Each tool is a cold, separate process on the same files:

* ``mdtidy --no-config --no-cache bench/work`` (check only, a cold run: no lint cache);
* ``rumdl check --no-config --no-cache bench/work`` (``pip install rumdl``; found on
  PATH or next to this Python, else skipped);
* ``markdownlint-cli2 "bench/work/**/*.md"`` (installed on first use with
  ``npm install --prefix bench markdownlint-cli2``; skipped when npm fails).

Timing is wall-clock time of the whole process (start-up included), the median of
``--repeat`` runs. This is a script, not a test: nothing here runs in CI.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
SEED = 20240601

# --------------------------------------------------------------------------- corpus

HOSTS = (
    "pytorch.org",
    "www.zhihu.com",
    "zhuanlan.zhihu.com",
    "github.com",
    "arxiv.org",
    "docs.python.org",
    "blog.csdn.net",
    "www.tensorflow.org",
    "mxnet.apache.org",
    "torch.ch",
    "paddlepaddle.org.cn",
    "stackoverflow.com",
)
_TEXT = (
    "the model trains faster when the memory of the GPU is used with care and the data loader "
    "keeps up with it while gradients accumulate over several steps before the optimizer runs "
    "一个 模型 的 显存 占用 主要 来自 参数 梯度 和 中间 激活 值"
)
WORDS = tuple(_TEXT.split(" "))
CAPTIONS = (
    "Pytorch有什么节省内存（显存）的小技巧？",
    "PyTorch documentation",
    "A gentle introduction to torch.autograd",
    "Release notes",
    "如何评价 MXNet 的 IR 设计？",
    "Paddle Fluid 的设计文档",
    "Understanding memory usage in deep learning",
    "Automatic differentiation in machine learning: a survey",
)
CODE = (
    "import torch\n\nmodel = torch.nn.Linear(10, 2)\nprint(model(torch.randn(4, 10)))",
    "pip install torch  # see https://pytorch.org/get-started/",
    "with torch.no_grad():\n    out = model(x)\n    loss = criterion(out, y)",
)


def _url(rng: random.Random, pool: list[str]) -> str:
    return rng.choice(pool)


def url_pool(rng: random.Random, size: int) -> list[str]:
    """A pool of URLs shared by every post, so posts overlap (DUP002) and repeat (DUP001)."""
    pool = []
    for i in range(size):
        host = rng.choice(HOSTS)
        scheme = "http" if rng.random() < 0.3 else "https"
        if host == "www.zhihu.com":
            path = f"/question/{274635237 + i}"
        elif host == "arxiv.org":
            path = f"/abs/{1700 + i % 300}.{i:05d}"
        else:
            path = f"/{rng.choice(('docs', 'blog', 'p', 'wiki'))}/{i}" + ("/" if rng.random() < 0.5 else "")
        pool.append(f"{scheme}://{host}{path}")
    return pool


def sentence(rng: random.Random, pool: list[str]) -> str:
    out = []
    for _ in range(rng.randint(8, 20)):
        r = rng.random()
        if r < 0.06:
            out.append(f"[{rng.choice(WORDS)}]({_url(rng, pool)})")
        elif r < 0.08:
            out.append(_url(rng, pool))  # a bare URL
        elif r < 0.09:
            out.append(f"`{_url(rng, pool)}`")
        elif r < 0.10:
            out.append(f"**{rng.choice(WORDS)}**")
        else:
            out.append(rng.choice(WORDS))
    return " ".join(out) + "."


def post(rng: random.Random, pool: list[str], index: int) -> tuple[str, str]:
    """(relative path, text) of one realistic post."""
    year = 2015 + index % 9
    month, day = 1 + index % 12, 1 + index % 28
    slug = f"post-{index}"
    lines = [
        "---",
        f"title: Notes on PyTorch, part {index}",
        f"date: {year}-{month:02d}-{day:02d}",
        "tags: [pytorch, 深度学习]",
        "---",
        "",
        f"# Notes on PyTorch, part {index}",
        "",
    ]
    for section in range(rng.randint(2, 5)):
        lines += [f"## Section {section + 1}", ""]
        for _ in range(rng.randint(1, 4)):
            para = " ".join(sentence(rng, pool) for _ in range(rng.randint(1, 4)))
            lines += [para + (" " if rng.random() < 0.05 else ""), ""]
        if rng.random() < 0.4:
            lines += ["```python", rng.choice(CODE), "```", ""]
        if rng.random() < 0.3:
            lines += [f"- [{rng.choice(CAPTIONS)}]({_url(rng, pool)})" for _ in range(rng.randint(2, 6))]
            lines.append("")
    # the pasted reference list: URL + caption pairs, some pasted twice
    lines += ["## 参考资料", ""]
    refs = [(_url(rng, pool), rng.choice(CAPTIONS)) for _ in range(rng.randint(4, 15))]
    refs += rng.sample(refs, k=min(len(refs), rng.randint(0, 4)))
    for url, caption in refs:
        lines += [url, "", caption, ""]
        if rng.random() < 0.05:
            lines.append("")  # a stray extra blank line
    labels = rng.randint(0, 3)
    for label in range(labels):
        lines.append(f"[r{label}]: {_url(rng, pool)}")
    text = "\n".join(lines).rstrip("\n") + "\n"
    return f"{year}/{year}-{month:02d}-{day:02d}-{slug}.md", text


def generate(count: int, work: Path = WORK) -> tuple[int, int]:
    """Write ``count`` posts under ``work`` (emptied first); (files, bytes)."""
    if work.exists():
        shutil.rmtree(work)
    rng = random.Random(SEED)
    pool = url_pool(rng, max(200, count * 4))
    total = 0
    for index in range(count):
        rel, text = post(rng, pool, index)
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return count, total


# --------------------------------------------------------------------------- tools


@dataclass
class Tool:
    name: str
    argv: list[str] | None  # None: skipped
    note: str = ""


def _venv_or_path(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def mdtidy_tool() -> Tool:
    exe = _venv_or_path("mdtidy")
    if exe is None:
        return Tool("mdtidy", None, "mdtidy is not installed (pip install -e .)")
    return Tool("mdtidy", [exe, "--no-config", "--no-cache", "--quiet", str(WORK)])


def rumdl_tool() -> Tool:
    exe = _venv_or_path("rumdl")
    if exe is None:
        return Tool("rumdl", None, "rumdl not found on PATH: `pip install rumdl` to include it")
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    return Tool(version or "rumdl", [exe, "check", "--no-config", "--no-cache", str(WORK)])


def markdownlint_tool() -> Tool:
    exe = BENCH / "node_modules" / ".bin" / "markdownlint-cli2"
    if not exe.exists():
        npm = shutil.which("npm")
        if npm is None:
            return Tool("markdownlint-cli2", None, "npm not found: markdownlint-cli2 skipped")
        print("installing markdownlint-cli2 into bench/node_modules …", file=sys.stderr)
        done = subprocess.run(
            [npm, "install", "--prefix", str(BENCH), "--no-audit", "--no-fund", "markdownlint-cli2"],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0 or not exe.exists():
            reason = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
            return Tool("markdownlint-cli2", None, f"npm install failed ({reason}): skipped")
    version = subprocess.run([str(exe), "--help"], capture_output=True, text=True).stdout.splitlines()
    name = version[0].strip() if version else "markdownlint-cli2"
    return Tool(name, [str(exe), f"{WORK.as_posix()}/**/*.md"])


def time_tool(tool: Tool, repeat: int) -> tuple[float, int, str]:
    """(median seconds, exit code, stderr tail) of ``repeat`` runs."""
    assert tool.argv is not None
    times = []
    code, err = 0, ""
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(tool.argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        code = done.returncode
        err = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
    return statistics.median(times), code, err


def compare(posts: int, repeat: int) -> None:
    files, size = generate(posts)
    print(f"Generated {files} posts ({size / 1e6:.1f} MB) in {WORK.relative_to(ROOT)}/", file=sys.stderr)
    tools = [mdtidy_tool(), rumdl_tool(), markdownlint_tool()]
    rows = []
    base = None
    for tool in tools:
        if tool.argv is None:
            print(f"skipped: {tool.note}", file=sys.stderr)
            continue
        print(f"timing {tool.name} ({repeat}×) …", file=sys.stderr)
        seconds, code, err = time_tool(tool, repeat)
        if code not in (0, 1):
            print(f"warning: {tool.name} exited {code}: {err}", file=sys.stderr)
        if base is None:
            base = seconds
        rows.append((tool.name, seconds, files / seconds, seconds / base, code))

    print(
        f"\n{files} generated posts, {size / 1e6:.1f} MB; median of {repeat} cold runs; "
        f"{os.cpu_count()} cores; Python {platform.python_version()}\n"
    )
    print("| tool | median wall time (s) | files/s | time vs mdtidy | exit code |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, seconds, rate, ratio, code in rows:
        print(f"| {name} | {seconds:.2f} | {rate:,.0f} | {ratio:.2f}× | {code} |")
    skipped = [t for t in tools if t.argv is None]
    for tool in skipped:
        print(f"\n{tool.name}: {tool.note}")


# --------------------------------------------------------------------------- --scale


def scale_summaries(posts: int, links: int):
    """FileSummary objects as the engine would build them, without parsing (isolates DUP002)."""
    from mdtidy.links.urls import host_of, url_key
    from mdtidy.model import FileSummary, LinkRecord

    rng = random.Random(SEED)
    pool = url_pool(rng, posts * links // 4)  # every URL ~4 times across the corpus
    kinds = ("inline", "inline", "inline", "bare", "autolink", "definition", "html")
    summaries = []
    for index in range(posts):
        records = []
        offset = 0
        for line in range(links):
            url = rng.choice(pool)
            kind = rng.choice(kinds)
            records.append(
                LinkRecord(
                    url=url,
                    key=url_key(url),
                    scheme=url.split(":", 1)[0],
                    host=host_of(url),
                    kind=kind,
                    image=rng.random() < 0.05,
                    start=offset,
                    end=offset + len(url) + 4,
                    url_start=offset + 1,
                    url_end=offset + 1 + len(url),
                    line=line * 2 + 1,
                    column=1,
                )
            )
            offset += len(url) + 10
        year = 2010 + index % 14
        date = f"{year}-{1 + index % 12:02d}-{1 + index % 28:02d}"
        summaries.append(FileSummary(path=f"posts/{date}-post-{index}.md", links=records, date=date))
    return summaries


def scale(posts: int, links: int) -> None:
    from mdtidy.config import Config
    from mdtidy.model import Corpus
    from mdtidy.registry import all_rules

    rule_cls = next(r for r in all_rules() if r.code == "DUP002")
    start = time.perf_counter()
    summaries = scale_summaries(posts, links)
    built = time.perf_counter() - start
    total_links = sum(len(s.links) for s in summaries)
    print(
        f"built {posts:,} summaries with {total_links:,} links in {built:.1f} s", file=sys.stderr, flush=True
    )

    def run_dup002() -> int:
        corpus = Corpus(list(summaries), Config())
        rule = rule_cls()
        found = 0
        for summary in corpus.summaries:
            for _diag in rule.check_corpus(corpus, summary.path):
                found += 1
        return found

    # time without tracemalloc (it slows every allocation down), then memory with it
    gc.collect()
    start = time.perf_counter()
    findings = run_dup002()
    seconds = time.perf_counter() - start
    gc.collect()
    tracemalloc.start()
    base_current, _ = tracemalloc.get_traced_memory()
    run_dup002()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(
        f"\nDUP002 on {posts:,} posts × {links} links ({total_links:,} links), "
        f"Python {platform.python_version()}\n"
    )
    print("| what | value |")
    print("| --- | ---: |")
    print(f"| findings | {findings:,} |")
    print(f"| time (corpus index + every file's check) | {seconds:.2f} s |")
    print(f"| links/s | {total_links / seconds:,.0f} |")
    print(f"| peak memory beyond the summaries (tracemalloc) | {(peak - base_current) / 2**20:.1f} MiB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--posts", type=int, default=None, help="posts to generate (default 2000; --scale 10000)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool; the median is reported")
    parser.add_argument("--scale", action="store_true", help="time DUP002 alone on summaries")
    parser.add_argument("--links", type=int, default=100, help="links per post with --scale")
    parser.add_argument("--generate-only", action="store_true", help="write bench/work/ and stop")
    args = parser.parse_args()
    if args.scale:
        scale(args.posts or 10_000, args.links)
    elif args.generate_only:
        files, size = generate(args.posts or 2000)
        print(f"Generated {files} posts ({size / 1e6:.1f} MB) in {WORK}")
    else:
        compare(args.posts or 2000, args.repeat)


if __name__ == "__main__":
    main()
