#!/usr/bin/env python3
"""Benchmark: mdtidy against rumdl and markdownlint-cli2 on generated blog posts.

    python bench/run.py                 # 2000 posts, each tool 3 times, Markdown table
    python bench/run.py --posts 500     # fewer posts
    python bench/run.py --scale         # DUP002 alone: 10,000 posts x ~100 links
    python bench/run.py --corpus DIR    # check, --fix, warm checks, one file: vs both tools
    python bench/run.py --suite         # the same on --posts generated posts (default 1000)
    python bench/run.py --linearity     # --posts and 10x --posts: time ratio, peak memory

The posts are written to ``bench/work/`` (git-ignored) from a fixed seed, so every run
lints the same bytes. Each tool is a cold, separate process on the same files:

* ``mdtidy --no-config --no-cache bench/work`` (check only, a cold run: no lint cache);
* ``rumdl check --no-config --no-cache bench/work`` (``pip install rumdl``; found on
  PATH or next to this Python, else skipped);
* ``markdownlint-cli2 "bench/work/**/*.md"`` (installed on first use with
  ``npm install --prefix bench markdownlint-cli2``; skipped when npm fails).

Timing is wall-clock time of the whole process (start-up included), the median of
``--repeat`` runs. This is a script, not a test: nothing here runs in CI.

``--corpus DIR`` works on copies of DIR in a temporary folder (without linter
configurations or caches, so each tool runs its default rules on the same files): a cold
check (no cache read or written) by each tool, mdtidy's check with one worker, ``--fix``
on a fresh copy per run and per tool, a warm check with the tool's cache filled and
nothing changed, a warm check after appending a line to one file, and one file of median
size (a pre-commit run); then the ratios and the goals of issue 9.
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
import tempfile
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


#: where bench/mdl_agreement.py installs markdownlint-cli2 (outside the repository)
MDL_AGREEMENT_INSTALL = Path("/tmp/mdl/node_modules/.bin/markdownlint-cli2")


def find_markdownlint(explicit: Path | None = None) -> tuple[Path | None, str]:
    """markdownlint-cli2: ``--mdl``, bench/node_modules, /tmp/mdl, else installed with npm
    into bench/node_modules. (path, "") or (None, why it is skipped)."""
    if explicit is not None:
        if explicit.is_dir():  # an npm prefix: its node_modules/.bin/markdownlint-cli2
            explicit = explicit / "node_modules" / ".bin" / "markdownlint-cli2"
        return (explicit, "") if explicit.is_file() else (None, f"--mdl {explicit}: no such file")
    exe = BENCH / "node_modules" / ".bin" / "markdownlint-cli2"
    for candidate in (exe, MDL_AGREEMENT_INSTALL):
        if candidate.exists():
            return candidate, ""
    npm = shutil.which("npm")
    if npm is None:
        return None, "npm not found: markdownlint-cli2 skipped"
    print("installing markdownlint-cli2 into bench/node_modules …", file=sys.stderr)
    done = subprocess.run(
        [npm, "install", "--prefix", str(BENCH), "--no-audit", "--no-fund", "markdownlint-cli2"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or not exe.exists():
        reason = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
        return None, f"npm install failed ({reason}): skipped"
    return exe, ""


def markdownlint_name(exe: Path) -> str:
    version = subprocess.run([str(exe), "--help"], capture_output=True, text=True).stdout.splitlines()
    return version[0].strip() if version else "markdownlint-cli2"


def markdownlint_tool(explicit: Path | None = None) -> Tool:
    exe, why = find_markdownlint(explicit)
    if exe is None:
        return Tool("markdownlint-cli2", None, why)
    return Tool(markdownlint_name(exe), [str(exe), f"{WORK.as_posix()}/**/*.md"])


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


def compare(posts: int, repeat: int, mdl: Path | None = None) -> None:
    files, size = generate(posts)
    print(f"Generated {files} posts ({size / 1e6:.1f} MB) in {WORK.relative_to(ROOT)}/", file=sys.stderr)
    tools = [mdtidy_tool(), rumdl_tool(), markdownlint_tool(mdl)]
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


# --------------------------------------------------------------------------- --corpus / --suite

#: linter configuration files left out of the copies: every tool runs its default rules
CONFIG_FILES = (
    ".markdownlint*",
    ".markdownlintignore",
    ".mdtidy.yaml",
    ".mdtidy.yml",
    ".rumdl.toml",
    "rumdl.toml",
)
#: caches and tool folders never copied
SKIP = (".git", ".mdtidy_cache", ".rumdl_cache", "node_modules", *CONFIG_FILES)
MARKDOWN_GLOB = "**/*.{md,markdown}"


def copy_corpus(source: Path, target: Path) -> Path:
    """A fresh copy of ``source`` at ``target`` (without linter configurations and caches)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns(*SKIP))
    return target


def markdown_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".markdown") and p.is_file())


@dataclass
class Linter:
    """How to run one tool for each row; ``None``: the tool has no such mode."""

    name: str
    check: list[str] | None  # cold: no cache used or written
    fix: list[str] | None
    warm: list[str] | None  # the tool's own cache on
    one_file: list[str] | None  # + the file
    one_worker: list[str] | None = None
    note: str = ""


def mdtidy_has_cache(exe: str) -> bool:
    """Whether this mdtidy has the content cache (``--no-cache`` in its help)."""
    done = subprocess.run([exe, "--help"], capture_output=True, text=True)
    return "--no-cache" in done.stdout


def suite_linters(mdl: Path | None, mdtidy: str | None = None) -> tuple[list[Linter], list[str]]:
    linters, notes = [], []
    exe = mdtidy or _venv_or_path("mdtidy")
    if exe is None:
        raise SystemExit("mdtidy is not installed (pip install -e .)")
    cached = mdtidy_has_cache(exe)
    cold = [exe, "--no-config", "--quiet", *(["--no-cache"] if cached else [])]
    linters.append(
        Linter(
            "mdtidy",
            check=[*cold, "."],
            fix=[*cold, "--fix", "."],
            warm=[exe, "--no-config", "--quiet", "."] if cached else None,
            one_file=cold,
            one_worker=[*cold, "-j", "1", "."],
            note="" if cached else "no content cache yet (no --no-cache in mdtidy --help): warm rows n/a",
        )
    )
    if not cached:
        notes.append(
            "mdtidy has no content cache yet (`--no-cache` is not in `mdtidy --help`): warm rows n/a"
        )
    mdl_exe, why = find_markdownlint(mdl)
    if mdl_exe is None:
        notes.append(f"markdownlint-cli2: {why}")
    else:
        m = str(mdl_exe)
        notes.append(markdownlint_name(mdl_exe))
        linters.append(
            Linter(
                "markdownlint-cli2",
                check=[m, MARKDOWN_GLOB],
                fix=[m, "--fix", MARKDOWN_GLOB],
                warm=None,  # no cache
                one_file=[m],
            )
        )
    rumdl = _venv_or_path("rumdl")
    if rumdl is None:
        notes.append("rumdl not found: `pip install rumdl` to include it")
    else:
        version = subprocess.run([rumdl, "--version"], capture_output=True, text=True).stdout.strip()
        notes.append(version or "rumdl")
        base = [rumdl, "check", "--no-config"]
        linters.append(
            Linter(
                "rumdl",
                check=[*base, "--no-cache", "."],
                fix=[*base, "--no-cache", "--fix", "."],
                warm=[*base, "."],  # rumdl's own cache (.rumdl_cache/)
                one_file=[*base, "--no-cache"],
            )
        )
    return linters, notes


def timed(argv: list[str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, done.returncode


@dataclass
class Cell:
    times: list[float]
    codes: set[int]

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def touch(path: Path, n: int) -> None:
    """Append one line (new bytes every time: a content cache must see a change)."""
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"\nA line added by the benchmark, run {n}.\n")


def run_suite(
    source: Path, label: str, repeat: int, mdl: Path | None, work: Path, mdtidy: str | None = None
) -> None:
    source = source.resolve()
    files = markdown_files(source)
    if not files:
        raise SystemExit(f"{source}: no Markdown files")
    size = sum(p.stat().st_size for p in files)
    # the one-file row (a pre-commit run): the file of median size
    by_size = sorted(files, key=lambda p: p.stat().st_size)
    one = by_size[len(by_size) // 2].relative_to(source)
    linters, notes = suite_linters(mdl, mdtidy)
    load_before = os.getloadavg()[0]
    work.mkdir(parents=True, exist_ok=True)
    checked = copy_corpus(source, work / "check")  # check rows never write
    rows: dict[str, dict[str, Cell]] = {}

    def add(row: str, tool: str, seconds: float, code: int) -> None:
        cell = rows.setdefault(row, {}).setdefault(tool, Cell([], set()))
        cell.times.append(seconds)
        cell.codes.add(code)

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    # alternate the tools within each repetition, so a change of load hits them alike
    for n in range(repeat):
        say(f"repetition {n + 1}/{repeat}: cold check, one file, --fix …")
        for lt in linters:
            add("check", lt.name, *timed(lt.check, checked))
            if lt.one_worker:
                add("check, one worker", lt.name, *timed(lt.one_worker, checked))
            add("one file, no cache", lt.name, *timed([*lt.one_file, str(one)], checked))
            if lt.fix:
                fresh = copy_corpus(source, work / "fix")
                add("`--fix` (on a fresh copy)", lt.name, *timed(lt.fix, fresh))
                shutil.rmtree(fresh)
    for lt in linters:
        if lt.warm is None:
            continue
        say(f"{lt.name}: warm checks …")
        warm = copy_corpus(source, work / "warm")
        timed(lt.warm, warm)  # fills the cache
        target = warm / by_size[-1].relative_to(source)  # the largest file: the most to redo
        for n in range(repeat):
            add("warm check, nothing changed", lt.name, *timed(lt.warm, warm))
            touch(target, n)
            add("warm check, one file changed", lt.name, *timed(lt.warm, warm))
        timed(lt.warm, warm)  # the cache holds every file as it is now
        for _n in range(repeat):  # a pre-commit run where the linter has run before
            add("one file, cache warm (a pre-commit run)", lt.name, *timed([*lt.warm[:-1], str(one)], warm))
        shutil.rmtree(warm)
    shutil.rmtree(checked)

    names = [lt.name for lt in linters]
    mdl_name = "markdownlint-cli2" if "markdownlint-cli2" in names else None
    rumdl_name = "rumdl" if "rumdl" in names else None
    rumdl_cold = rows["check"][rumdl_name].median if rumdl_name else None
    print(
        f"\n{label}: {len(files)} Markdown files, {size / 1e6:.1f} MB; median of {repeat} runs "
        f"(tools alternating); {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after\n"
    )
    head = ["command", *names]
    if mdl_name:
        head.append("mdtidy vs markdownlint-cli2")
    if rumdl_name:
        head.append("mdtidy vs rumdl")
    print("| " + " | ".join(head) + " |")
    print("| --- | " + " | ".join("---:" for _ in head[1:]) + " |")
    order = [
        "check",
        "check, one worker",
        "`--fix` (on a fresh copy)",
        "warm check, nothing changed",
        "warm check, one file changed",
        "one file, cache warm (a pre-commit run)",
        "one file, no cache",
    ]
    for row in order:
        cells = rows.get(row, {})
        line = [row]
        for name in names:
            cell = cells.get(name)
            if cell is not None:
                line.append(f"{cell.median:.2f} s")
            elif row.startswith("warm") and name == "mdtidy":
                line.append("n/a")
            elif row.startswith("warm") and name == "markdownlint-cli2":
                line.append("(no cache)")
            else:
                line.append("")
        ours = cells.get("mdtidy")
        if mdl_name:
            theirs = cells.get(mdl_name)
            line.append(f"{ours.median / theirs.median:.2f}×" if ours and theirs else "")
        if rumdl_name:
            # the warm rows compare with rumdl's cold check, as the goals in issue 9 do
            base = (
                rumdl_cold
                if row.startswith("warm")
                else (cells[rumdl_name].median if rumdl_name in cells else None)
            )
            text = f"{ours.median / base:.2f}×" if ours and base else ""
            line.append(text + (" (vs its cold check)" if text and row.startswith("warm") else ""))
        print("| " + " | ".join(cell or "–" for cell in line) + " |")
    codes = {
        name: sorted(set().union(*(c[name].codes for c in rows.values() if name in c))) for name in names
    }
    print("\nExit codes seen: " + "; ".join(f"{n} {', '.join(map(str, c))}" for n, c in codes.items()))
    print(f"One file: `{one}` ({(source / one).stat().st_size:,} bytes, the median size).")
    print("Versions and notes: " + "; ".join(notes) + ".")
    goals(rows, mdl_name, rumdl_cold)


def goals(rows: dict[str, dict[str, Cell]], mdl_name: str | None, rumdl_cold: float | None) -> None:
    """The speed goals of issue 9 that one run can check."""

    def ratio(row: str, other: str | None) -> float | None:
        ours, theirs = rows.get(row, {}).get("mdtidy"), rows.get(row, {}).get(other or "")
        return ours.median / theirs.median if ours and theirs else None

    def warm(row: str) -> float | None:
        ours = rows.get(row, {}).get("mdtidy")
        return ours.median / rumdl_cold if ours and rumdl_cold else None

    one = rows.get("one file, cache warm (a pre-commit run)", {}).get("mdtidy")
    one_cold = rows.get("one file, no cache", {}).get("mdtidy")
    checks = [
        ("cold check ≤ 0.5× markdownlint-cli2", ratio("check", mdl_name), 0.5, "×"),
        (
            "cold `--fix` ≤ 0.5× markdownlint-cli2 `--fix`",
            ratio("`--fix` (on a fresh copy)", mdl_name),
            0.5,
            "×",
        ),
        ("warm check, nothing changed ≤ 2× rumdl's cold check", warm("warm check, nothing changed"), 2, "×"),
        (
            "warm check, one file changed ≤ 3× rumdl's cold check",
            warm("warm check, one file changed"),
            3,
            "×",
        ),
        ("one file ≤ 0.15 s (cache warm)", one.median if one else None, 0.15, " s"),
        ("one file ≤ 0.15 s (no cache)", one_cold.median if one_cold else None, 0.15, " s"),
    ]
    print("\n| goal (issue 9) | measured | met |")
    print("| --- | ---: | --- |")
    for what, value, limit, unit in checks:
        if value is None:
            print(f"| {what} | n/a | |")
        else:
            print(f"| {what} | {value:.2f}{unit} | {'yes' if value <= limit else 'no'} |")


# --------------------------------------------------------------------------- --linearity


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def _hwm_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _private_kib(pid: int) -> int:
    """The memory only this process holds (Private_Clean + Private_Dirty of smaps_rollup):
    unlike RSS, it leaves out the pages a forked worker still shares with its parent."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1])
    except OSError:
        pass
    return total


def peak_rss(argv: list[str], cwd: Path) -> tuple[float, float, int, float]:
    """(main process peak RSS MiB, largest worker peak RSS MiB, workers seen, largest
    worker peak private memory MiB) of one run, from /proc/PID/status (VmHWM) and
    /proc/PID/smaps_rollup polled every 20 ms."""
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    main_peak, worker_peaks, private_peaks = 0, {}, {}
    while proc.poll() is None:
        main_peak = max(main_peak, _hwm_kib(proc.pid))
        for child in _children(proc.pid):
            worker_peaks[child] = max(worker_peaks.get(child, 0), _hwm_kib(child))
            private_peaks[child] = max(private_peaks.get(child, 0), _private_kib(child))
        time.sleep(0.02)
    worker = max(worker_peaks.values(), default=0)
    private = max(private_peaks.values(), default=0)
    return main_peak / 1024, worker / 1024, len(worker_peaks), private / 1024


def linearity(posts: int, factor: int, repeat: int, work: Path, mdtidy: str | None = None) -> None:
    exe = mdtidy or _venv_or_path("mdtidy")
    if exe is None:
        raise SystemExit("mdtidy is not installed (pip install -e .)")
    cached = mdtidy_has_cache(exe)
    argv = [exe, "--no-config", "--quiet", *(["--no-cache"] if cached else []), "."]
    results = []
    for count in (posts, posts * factor):
        folder = work / f"posts-{count}"
        files, size = generate(count, folder)
        print(
            f"generated {files} posts ({size / 1e6:.1f} MB); timing {repeat}× …", file=sys.stderr, flush=True
        )
        times = [timed(argv, folder)[0] for _ in range(repeat)]
        main_mib, worker_mib, workers, private_mib = peak_rss(argv, folder)
        results.append((count, size, statistics.median(times), main_mib, worker_mib, workers, private_mib))
        shutil.rmtree(folder)
    print(
        f"\n`mdtidy --no-config{' --no-cache' if cached else ''}` on generated posts, median of {repeat} "
        f"runs; {os.cpu_count()} cores; Python {platform.python_version()}\n"
    )
    print(
        "| posts | MB | median time | ms per post | main process peak RSS | worker peak RSS (workers) "
        "| worker peak private memory |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for count, size, seconds, main_mib, worker_mib, workers, private_mib in results:
        print(
            f"| {count:,} | {size / 1e6:.1f} | {seconds:.2f} s | {1000 * seconds / count:.2f} | "
            f"{main_mib:.0f} MiB | {worker_mib:.0f} MiB ({workers}) | {private_mib:.0f} MiB |"
        )
    (small, _, t1, m1, w1, _, p1), (big, _, t2, m2, w2, _, p2) = results
    worker_ratio = f"{w2 / w1:.2f}×" if w1 else "n/a"
    private_ratio = f"{p2 / p1:.2f}×" if p1 else "n/a"
    main_ratio = f"{m2 / m1:.2f}×" if m1 else "n/a"
    print(
        f"\n{big // small}× the posts: {t2 / t1:.2f}× the time (goal ≤ {1.1 * big / small:.0f}×); "
        f"worker peak RSS {worker_ratio} (private memory {private_ratio}), main process {main_ratio}."
    )


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
    parser.add_argument(
        "--corpus",
        type=Path,
        help="the full comparison (check, --fix, warm checks, one file) on a copy of this folder",
    )
    parser.add_argument("--suite", action="store_true", help="the full comparison on --posts generated posts")
    parser.add_argument(
        "--linearity",
        action="store_true",
        help="mdtidy on --posts and 10x --posts generated posts: time ratio and peak memory",
    )
    parser.add_argument(
        "--mdl", type=Path, help="the markdownlint-cli2 executable, or the npm prefix it was installed into"
    )
    parser.add_argument("--mdtidy", help="the mdtidy executable to use (default: the one beside this Python)")
    parser.add_argument(
        "--work-dir", type=Path, help="where the copies go (default: a new temporary folder, removed after)"
    )
    args = parser.parse_args()
    if args.corpus or args.suite or args.linearity:
        work = args.work_dir or Path(tempfile.mkdtemp(prefix="mdtidy-bench-"))
        try:
            if args.linearity:
                linearity(args.posts or 200, 10, args.repeat, work, args.mdtidy)
            elif args.corpus:
                if not args.corpus.is_dir():
                    raise SystemExit(f"--corpus {args.corpus}: not a folder")
                run_suite(args.corpus, str(args.corpus), args.repeat, args.mdl, work, args.mdtidy)
            else:
                count = args.posts or 1000
                generate(count, work / "posts")
                label = f"{count} generated posts"
                run_suite(work / "posts", label, args.repeat, args.mdl, work / "runs", args.mdtidy)
        finally:
            if args.work_dir is None:
                shutil.rmtree(work, ignore_errors=True)
    elif args.scale:
        scale(args.posts or 10_000, args.links)
    elif args.generate_only:
        files, size = generate(args.posts or 2000)
        print(f"Generated {files} posts ({size / 1e6:.1f} MB) in {WORK}")
    else:
        compare(args.posts or 2000, args.repeat, args.mdl)


if __name__ == "__main__":
    main()
