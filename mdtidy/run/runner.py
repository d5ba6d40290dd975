"""A whole run over many files: read → lint each file → cross-file rules → fix → re-lint."""

from __future__ import annotations

import hashlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from mdtidy import memo
from mdtidy.config import Config
from mdtidy.engine import (
    MAX_PASSES,
    FirstPass,
    FixOutcome,
    Known,
    applicable,
    check_corpus,
    fix_text,
    known_of,
    lint_text,
    sort_key,
    summarize_text,
)
from mdtidy.model import Corpus, CorpusRule, Diagnostic, FileSummary, Rule
from mdtidy.parsing.source import DecodeError, Source, decode
from mdtidy.run.files import FileChangedError, Snapshot, discover, read_snapshot, write_atomic
from mdtidy.run.ignore import Ignorer

if TYPE_CHECKING:
    from mdtidy.run.cache import LintCache

__all__ = ["FileError", "RunResult", "StdinResult", "collect_summaries", "files_to_lint", "run", "run_stdin"]

_T = TypeVar("_T")


@dataclass
class FileError:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: error: {self.message}"


@dataclass
class _File:
    display: str
    snapshot: Snapshot
    source: Source
    diagnostics: list[Diagnostic] = field(default_factory=list)
    summary: FileSummary | None = None
    #: with ``--fix``: what the lint knew of the text (:func:`known_of`: the texts its
    #: fixes must keep, the guard's page), so the fix loop need not parse it again
    known: Known | None = None


#: writes a fixed file's bytes; returns why it could not, or None
Writer = Callable[[_File, bytes], str | None]


@dataclass
class RunResult:
    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    fixed: dict[str, dict[str, int]] = field(default_factory=dict)  # path → code → count
    diffs: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: display path → the text the findings of that file refer to (after fixes), for
    #: output formats that show lines or fix regions; every linted file, in run order
    sources: dict[str, Source] = field(default_factory=dict, repr=False)

    @property
    def fixed_total(self) -> int:
        return sum(sum(c.values()) for c in self.fixed.values())


def _display(path: Path) -> str:
    return path.as_posix() if not path.is_absolute() else str(path)


def _load(path: Path, config: Config, result: RunResult) -> _File | None:
    display = _display(path)
    try:
        snapshot = read_snapshot(path)
    except OSError as exc:
        result.errors.append(FileError(display, f"cannot read: {exc.strerror or exc}"))
        return None
    return _decoded(display, snapshot, config, result)


def _decoded(display: str, snapshot: Snapshot, config: Config, result: RunResult) -> _File | None:
    if len(snapshot.data) > config.max_file_size:
        result.errors.append(
            FileError(
                display,
                f"file is {len(snapshot.data)} bytes, over max-file-size ({config.max_file_size}); skipped",
            )
        )
        return None
    try:
        source = decode(snapshot.data)
    except DecodeError as exc:
        result.errors.append(FileError(display, str(exc)))
        return None
    return _File(display, snapshot, source)


class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Bound the time spent on one file (some inputs make mistune super-linear)."""
    usable = (
        seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def _raise(_signum: int, _frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def lint_one(
    source: Source,
    display: str,
    config: Config,
    rules: list[Rule],
    protect: bool = False,
    unsafe: bool = False,
) -> tuple[list[Diagnostic], FileSummary] | tuple[list[Diagnostic], FileSummary, Known] | str:
    """Lint one file: its findings and summary, or the message saying why it could not be.
    With ``protect`` (a run that fixes, ``unsafe`` fixes too or not), also what the fix
    loop reuses (:func:`known_of`).

    Pure and picklable both ways, so the files of a run can be linted in worker processes.
    """

    def lint() -> tuple[list[Diagnostic], FileSummary] | tuple[list[Diagnostic], FileSummary, Known]:
        diags, summary, doc = lint_text(source, display, config, rules)
        if protect:
            return diags, summary, known_of(doc, diags, config.front_matter, unsafe)
        return diags, summary

    return _guarded(config, "lint", "linting", lint)


def summarize_one(
    source: Source, display: str, config: Config, rules: list[Rule]
) -> tuple[list[Diagnostic], FileSummary] | str:
    """A corpus file's summary alone (:func:`summarize_text`), as :func:`lint_one` gives
    results: no findings, or the message saying why it could not be read."""
    return _guarded(config, "read", "reading", lambda: ([], summarize_text(source, display, config, rules)))


def _guarded(config: Config, verb: str, doing: str, work: Callable[[], _T]) -> _T | str:
    """``work()`` within the file time limit, or the message saying why it could not
    ``verb`` the file: a crash in a rule must not stop the run or hide the file."""
    try:
        with _time_limit(config.file_timeout):
            return work()
    except _Timeout:
        return f"took longer than {config.file_timeout:g} s to {verb} (file-timeout); skipped"
    except RecursionError:
        return f"document is nested too deeply to {verb}"
    except Exception as exc:
        return f"internal error while {doing}: {type(exc).__name__}: {exc}"


def _take(file: _File, outcome: tuple[list[Diagnostic], FileSummary] | str, result: RunResult) -> bool:
    if isinstance(outcome, str):
        result.errors.append(FileError(file.display, outcome))
        return False
    file.diagnostics, file.summary = outcome
    return True


#: below this many files a run lints in its own process (starting workers costs more)
PARALLEL_MIN_FILES = 16

#: what a worker process calls for each item, and the arguments every call shares
_worker_setup: tuple[Callable[..., Any], tuple[Any, ...]] | None = None


def _worker_init(func: Callable[..., Any], shared: tuple[Any, ...]) -> None:
    global _worker_setup
    _worker_setup = (func, shared)


def _worker_call(chunk: list[tuple[Any, ...]]) -> list[Any]:
    assert _worker_setup is not None
    func, shared = _worker_setup
    return [func(*item, *shared) for item in chunk]


#: about how many chunks of work each worker gets: enough to even out the load at the end
CHUNKS_PER_WORKER = 8
#: the most files in one chunk (a worker holds a chunk's results until it is done, so
#: its memory does not grow with the size of the run)
MAX_CHUNK = 32


def _chunks(weights: list[int], jobs: int) -> list[list[int]]:
    """The item indices in chunks for ``jobs`` workers: heaviest items first, each chunk
    about ``1 / (jobs * CHUNKS_PER_WORKER)`` of the total weight (an item heavier than
    that is a chunk of its own), so the big files start first and the small ones fill in
    at the end, and no worker is left with a long tail (largest first, as in LPT
    scheduling). Few, large chunks (at most :data:`MAX_CHUNK` files) keep the cost of
    passing items to workers low."""
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    target = max(1, sum(weights) // (jobs * CHUNKS_PER_WORKER))
    chunks: list[list[int]] = []
    chunk: list[int] = []
    weight = 0
    for i in order:
        chunk.append(i)
        weight += weights[i]
        if weight >= target or len(chunk) >= MAX_CHUNK:
            chunks.append(chunk)
            chunk, weight = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


def _map(
    func: Callable[..., Any],
    items: list[tuple[Any, ...]],
    shared: tuple[Any, ...],
    jobs: int,
    weights: list[int] | None = None,
) -> Iterator[tuple[int, Any]]:
    """``(i, func(*items[i], *shared))`` for each item: in this process, in order, or in
    ``jobs`` worker processes when there are at least :data:`PARALLEL_MIN_FILES` items
    (forked where the platform allows, so ``shared`` is inherited, not pickled), heaviest
    first by ``weights`` (see :func:`_chunks`) and yielded as their chunks finish."""
    if jobs <= 1 or len(items) < PARALLEL_MIN_FILES:
        for i, item in enumerate(items):
            yield i, func(*item, *shared)
        return
    import gc
    from concurrent.futures import ProcessPoolExecutor

    chunks = _chunks(weights if weights is not None else [1] * len(items), jobs)
    work = [[items[i] for i in chunk] for chunk in chunks]
    # A forked worker's collector would walk every object it inherited (the files read,
    # the corpus), writing to their pages and so copying them into the worker; frozen,
    # they stay shared (on 2000 posts, 3 MiB less memory of its own per worker).
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=_mp_context(), initializer=_worker_init, initargs=(func, shared)
        ) as pool:
            for chunk, results in zip(chunks, pool.map(_worker_call, work), strict=True):
                yield from zip(chunk, results, strict=True)
    finally:
        gc.unfreeze()


class Progress(Protocol):
    """Told ``(files done, total, what)`` as each file's lint ends (``what`` is
    ``"files"``), then again from zero as each fix loop ends (``"files to fix"``)."""

    def __call__(self, done: int, total: int, what: str = "files", /) -> None: ...


def _lint_all(
    files: list[_File],
    config: Config,
    rules: list[Rule],
    jobs: int,
    result: RunResult,
    progress: Progress | None = None,
    cache: LintCache | None = None,
    protect: bool = False,
    unsafe: bool = False,
    summaries_only: bool = False,
) -> list[_File]:
    """Lint every file, in ``jobs`` worker processes when there are enough files.

    With a ``cache``, files are looked up first (in this process); only the misses are
    linted, and their results stored. With ``protect``, the files linted here also keep
    what the fix loop reuses (:attr:`_File.known`; not cached). With ``summaries_only``
    and no cache, the files get only their summaries (:func:`summarize_one`).
    """
    jobs = max(1, jobs)
    total = len(files)
    outcomes: list[Any] = [None] * total
    keys: list[bytes] = []
    if cache is not None:
        keys = [cache.key(f.display, f.snapshot.digest) for f in files]
        outcomes[:] = cache.get_many(keys)
    todo = [i for i in range(total) if outcomes[i] is None]
    done = total - len(todo)
    if progress is not None and done:
        progress(done, total)
    items = [(files[i].source, files[i].display) for i in todo]
    if jobs > 1 and len(todo) >= PARALLEL_MIN_FILES:
        for i in todo:  # each site's configuration read once here, not again in every worker
            config.flavor_for(files[i].display)
    weights = [len(files[i].source.text) for i in todo]
    if summaries_only and cache is None:  # the corpus of a run without a cache: summaries are all it needs
        mapped = _map(summarize_one, items, (config, rules), jobs, weights)
    else:
        mapped = _map(lint_one, items, (config, rules, protect, unsafe), jobs, weights)
    for at, outcome in mapped:
        if isinstance(outcome, tuple) and len(outcome) == 3:
            files[todo[at]].known = outcome[2]
            outcome = outcome[:2]
        outcomes[todo[at]] = outcome
        done += 1
        if progress is not None:
            progress(done, total)
    if cache is not None:  # what could not be linted (a message) is not cached
        cache.put_many([(keys[i], outcome) for i in todo if isinstance(outcome := outcomes[i], tuple)])
    kept = []
    for f, outcome in zip(files, outcomes, strict=True):
        assert outcome is not None
        if _take(f, outcome, result):
            kept.append(f)
    return kept


def _mp_context() -> Any:
    """Fork where the platform has it: workers inherit the run's state without pickling."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run(
    paths: list[Path],
    config: Config,
    rules: list[Rule],
    *,
    fix: bool = False,
    diff: bool = False,
    unsafe_fixes: bool = False,
    verify_https: bool = False,
    guard: bool = True,
    jobs: int = 1,
    progress: Progress | None = None,
    cache: LintCache | None = None,
) -> RunResult:
    """Lint (and fix) the Markdown files under ``paths``.

    ``jobs`` worker processes lint (and fix) the files when there are at least
    :data:`PARALLEL_MIN_FILES` of them; cross-file rules and writes run in this process.
    ``progress``, when given, is told ``(files done, total)`` as each file's lint ends,
    and again, from zero, as each fixed file's fix loop ends.
    ``cache``, when given, serves and keeps each file's lint result (:mod:`mdtidy.run.cache`),
    and the run's small facts (:mod:`mdtidy.memo`) in its folder.
    """
    result = RunResult()
    if cache is not None:
        memo.use(cache.folder / "memo", cache.write_file)
    try:
        loaded = _load_all(paths, config, result)
        files = _lint_all(loaded, config, rules, jobs, result, progress, cache, fix or diff, unsafe_fixes)
        others = corpus_summaries(paths, files, config, rules, jobs, cache)
        fixing = (fix, diff, unsafe_fixes, verify_https, guard)
        _finish(files, config, rules, result, *fixing, _write_file, jobs, progress, others, cache)
    finally:
        if cache is not None:
            memo.flush()
            memo.use(None)
            cache.prune()
    if cache is not None and cache.problem is not None:
        result.notices.append(cache.problem)
    return result


def corpus_folders(paths: list[Path], files: list[Path], config: Config) -> list[Path]:
    """The folders whose Markdown files the cross-file rules also compare ``files`` with
    (the ``corpus`` setting), minus those the run's ``paths`` already cover."""
    if config.corpus == "auto":
        from mdtidy.parsing.flavors import detect_site

        folders = {site.content for f in files if (site := detect_site(f)) is not None}
    else:
        base = config.path.parent if config.path is not None else Path.cwd()
        folders = {Path(os.path.abspath(base / p)) for p in config.corpus}
    covered = [Path(os.path.abspath(p)) for p in paths if p.is_dir()]
    return sorted(f for f in folders if not any(f == c or c in f.parents for c in covered))


def corpus_summaries(
    paths: list[Path],
    files: list[_File],
    config: Config,
    rules: list[Rule],
    jobs: int = 1,
    cache: LintCache | None = None,
) -> list[FileSummary]:
    """The summaries of the corpus files a run did not name (see :func:`corpus_folders`).

    They are linted like the run's files (and so come from the cache when it has them,
    and go into it), but only their summaries are kept: their findings are not reported,
    they are never fixed, and a corpus file that cannot be read is left out without an
    error. Without a cache, only their summaries are made (no rule checks them).
    """
    if not files or not any(isinstance(r, CorpusRule) for r in rules):
        return []
    folders = corpus_folders(paths, [f.snapshot.path for f in files], config)
    if not folders:
        return []
    named = {os.path.abspath(f.snapshot.path) for f in files}
    cwd = os.getcwd()
    shown = [_relative(folder, cwd) for folder in folders]
    ignored = RunResult()
    others = [f for f in _load_all(shown, config, ignored) if os.path.abspath(f.snapshot.path) not in named]
    linted = _lint_all(others, config, rules, jobs, ignored, cache=cache, summaries_only=True)
    return [f.summary for f in linted if f.summary is not None]


def _relative(path: Path, start: str) -> Path:
    """``path`` relative to ``start`` when it is below it (messages stay short)."""
    rel = os.path.relpath(path, start)
    return Path(rel) if not rel.startswith("..") else path


def _write_file(file: _File, data: bytes) -> str | None:
    try:
        write_atomic(file.snapshot, data)
    except FileChangedError as exc:
        return str(exc).split(": ", 1)[1]
    except OSError as exc:
        return f"cannot write: {exc.strerror or exc}"
    return None


def _finish(
    files: list[_File],
    config: Config,
    rules: list[Rule],
    result: RunResult,
    fix: bool,
    diff: bool,
    unsafe_fixes: bool,
    verify_https: bool,
    guard: bool,
    write: Writer,
    jobs: int = 1,
    progress: Progress | None = None,
    others: list[FileSummary] | None = None,
    cache: LintCache | None = None,
) -> None:
    """Cross-file rules, then fixes (written by ``write``), then the findings that remain.

    ``others`` are the summaries of corpus files the run did not name: the cross-file
    rules see them, but they get no findings and no fixes. A fixed file's new lint goes
    into ``cache`` under its new bytes.

    The fixes see the corpus as it was before any file was fixed (each file through its
    own :meth:`Corpus.view`), so each file's fix loop is independent of the others and
    runs in ``jobs`` worker processes like the lint.
    """
    result.files = len(files)

    others = others or []

    def corpus_now() -> Corpus:
        return Corpus([*others, *(f.summary for f in files if f.summary is not None)], config)

    corpus = corpus_now()
    if verify_https:
        _verify_https(corpus, config, result)
    for file in files:
        file.diagnostics += check_corpus(corpus, file.display, rules, file.source)

    if fix or diff:
        todo = [file for file in files if any(applicable(d.fix, unsafe_fixes) for d in file.diagnostics)]
        request = _FixRequest(unsafe_fixes, guard, relint=not diff)
        request.first = {
            f.display: ([d for d in f.diagnostics if not d.cross_file], f.summary, f.known)
            for f in todo
            if f.summary is not None
        }
        outcomes = _fix_all(todo, config, rules, corpus, request, jobs, progress)
        for file, fixed in zip(todo, outcomes, strict=True):
            _take_fix(file, fixed, diff, result, write, cache)
        # the fixes changed the files: run the cross-file rules again on the new summaries
        evidence = corpus.evidence
        corpus = corpus_now()
        corpus.evidence = evidence
        for file in files:
            file.diagnostics = [d for d in file.diagnostics if not d.cross_file]
            file.diagnostics += check_corpus(corpus, file.display, rules, file.source)

    for file in files:
        result.diagnostics.extend(file.diagnostics)
        result.sources[file.display] = file.source
    result.diagnostics.sort(key=sort_key)


@dataclass
class StdinResult:
    """A run over one document read from stdin."""

    result: RunResult
    output: bytes | None  # with fix: the whole document for stdout (the input itself when not fixed)


def run_stdin(
    data: bytes,
    config: Config,
    rules: list[Rule],
    *,
    filename: Path | None = None,
    fix: bool = False,
    diff: bool = False,
    unsafe_fixes: bool = False,
    verify_https: bool = False,
    guard: bool = True,
) -> StdinResult:
    """Lint (and fix) one document given as bytes, as :func:`run` does a file.

    ``filename`` says which file the document is (its path in messages and for
    path-based options; ``-`` without one). Cross-file rules see it as a one-file corpus.
    With ``fix`` (and not ``diff``), ``output`` is the fixed document encoded like the
    input (encoding, BOM and line endings kept), or the input unchanged when nothing was
    fixed or the document could not be processed: never a partial document.
    """
    result = RunResult()
    passthrough = data if fix and not diff else None
    if filename is not None and config.force_exclude and Ignorer(config).path_skipped(filename):
        return StdinResult(result, passthrough)
    display = _display(filename) if filename is not None else "-"
    snapshot = Snapshot(Path(display), data, 0, len(data), 0, hashlib.sha256(data).hexdigest())
    loaded = _decoded(display, snapshot, config, result)
    files = _lint_all([loaded] if loaded is not None else [], config, rules, 1, result)
    written: list[bytes] = []

    def keep(_file: _File, fixed: bytes) -> None:
        written.append(fixed)

    _finish(files, config, rules, result, fix, diff, unsafe_fixes, verify_https, guard, keep)
    return StdinResult(result, written[-1] if written and passthrough is not None else passthrough)


def files_to_lint(paths: list[Path], config: Config) -> tuple[list[str], list[FileError]]:
    """The files a run over ``paths`` would lint (``--show-files``), and the bad paths."""
    found, errors = [], []
    for path, error in discover(paths, config):
        if error is None:
            found.append(_display(path))
        else:
            errors.append(FileError(path.as_posix(), error))
    return found, errors


def collect_summaries(
    paths: list[Path], config: Config, jobs: int = 1
) -> tuple[list[FileSummary], list[FileError]]:
    """Every file's summary (no rules run), for reports over the whole corpus."""
    result = RunResult()
    files = _lint_all(_load_all(paths, config, result), config, [], jobs, result)
    return [f.summary for f in files if f.summary is not None], result.errors


def _load_all(paths: list[Path], config: Config, result: RunResult) -> list[_File]:
    """Every Markdown file under ``paths``, read and decoded; the others become errors."""
    loaded = []
    for path, error in discover(paths, config):
        if error is not None:
            result.errors.append(FileError(path.as_posix(), error))
            continue
        file = _load(path, config, result)
        if file is not None:
            loaded.append(file)
    return loaded


def _verify_https(corpus: Corpus, config: Config, result: RunResult) -> None:
    """Fill ``corpus.evidence`` with online results (imports httpx only when asked)."""
    try:
        from mdtidy.links.verify import VerifyError, verify_corpus
    except ImportError as exc:
        result.errors.append(FileError("--verify-https", f"unavailable: {exc}"))
        return
    try:
        report = verify_corpus(corpus, config)
    except VerifyError as exc:
        result.errors.append(FileError("--verify-https", str(exc)))
        return
    except Exception as exc:  # the offline findings must still come out
        result.errors.append(FileError("--verify-https", f"internal error: {type(exc).__name__}: {exc}"))
        return
    n = report.fetched + report.cached
    result.notices.append(
        f"--verify-https: {n} URL{'s' if n != 1 else ''} checked ({report.cached} from the cache)"
    )
    result.notices.extend(f"--verify-https: {p}" for p in report.problems)


#: what the progress bar counts while fixing
FIX_PHASE = "files to fix"


@dataclass
class _FixRequest:
    unsafe: bool
    guard: bool
    relint: bool  # lint the fixed text with every rule (not needed for --diff)
    #: display path → the lint of the file as read (file rules only) and what it knew of
    #: the text (:func:`known_of`): the fix's first pass
    first: dict[str, FirstPass] = field(default_factory=dict)


@dataclass
class _Fixed:
    """What fixing one file gave; picklable, made in a worker process."""

    outcome: FixOutcome | None = None
    error: str | None = None  # the fix loop could not run
    #: the fixed text linted with every rule (or why it could not be)
    relint: tuple[list[Diagnostic], FileSummary] | str | None = None


def fix_one(
    source: Source, display: str, config: Config, rules: list[Rule], corpus: Corpus, request: _FixRequest
) -> _Fixed:
    """Fix one file against the frozen ``corpus``, then lint the result. Pure and picklable."""
    try:
        with _time_limit(config.file_timeout * 4):
            outcome = fix_text(
                source,
                display,
                config,
                rules,
                corpus,
                request.unsafe,
                request.guard,
                first=request.first.get(display),
                keep_final=request.relint,
            )
    except _Timeout:
        return _Fixed(error="fixing took too long (file-timeout); file left untouched")
    except Exception as exc:
        return _Fixed(error=f"internal error while fixing: {type(exc).__name__}: {exc}")
    fixed = _Fixed(outcome)
    if request.relint:  # fix_text kept the lint of the fixed text (when it changed)
        fixed.relint, outcome.final = outcome.final, None
    return fixed


def _fix_all(
    files: list[_File],
    config: Config,
    rules: list[Rule],
    corpus: Corpus,
    request: _FixRequest,
    jobs: int,
    progress: Progress | None,
) -> list[_Fixed]:
    """Fix every file against the same frozen corpus, in worker processes when there are enough."""
    items = [(f.source, f.display) for f in files]
    outcomes: list[_Fixed | None] = [None] * len(files)
    weights = [len(f.source.text) for f in files]
    shared = (config, rules, corpus, request)
    for done, (i, fixed) in enumerate(_map(fix_one, items, shared, jobs, weights), 1):
        outcomes[i] = fixed
        if progress is not None:
            progress(done, len(files), FIX_PHASE)
    return [fixed or _Fixed(error="internal error while fixing") for fixed in outcomes]


def _take_fix(
    file: _File, fixed: _Fixed, diff_only: bool, result: RunResult, write: Writer, cache: LintCache | None
) -> None:
    """Report a file's fix outcome, and write the fixed text (or add its diff)."""
    if fixed.error is not None or fixed.outcome is None:
        result.errors.append(FileError(file.display, fixed.error or "internal error while fixing"))
        return
    outcome = fixed.outcome
    if outcome.guard_failed:
        codes = ", ".join(outcome.guard_failed)
        result.errors.append(
            FileError(
                file.display,
                f"internal error: fixes by {codes} would change {outcome.guard_what}; "
                "no fix applied to this file (please report this; --no-guard applies them anyway)",
            )
        )
    for message in outcome.refused:
        result.errors.append(FileError(file.display, message))
    if outcome.unconverged:
        result.errors.append(
            FileError(
                file.display,
                f"fixes did not converge after {MAX_PASSES} passes "
                f"(rules: {', '.join(outcome.unconverged)}); please report this",
            )
        )
    if outcome.text == file.source.text:
        return
    new_source = Source(outcome.text, file.source.encoding, file.source.bom)
    if diff_only:
        import difflib

        result.diffs.append(
            "".join(
                difflib.unified_diff(
                    file.source.text.splitlines(keepends=True),
                    outcome.text.splitlines(keepends=True),
                    fromfile=f"a/{file.display}",
                    tofile=f"b/{file.display}",
                )
            )
        )
        return
    data = new_source.encode()
    problem = write(file, data)
    if problem is not None:
        result.errors.append(FileError(file.display, problem))
        return
    result.fixed[file.display] = outcome.applied
    file.source = new_source
    if fixed.relint is not None:
        if cache is not None and not isinstance(fixed.relint, str):
            cache.put(cache.key(file.display, hashlib.sha256(data).hexdigest()), fixed.relint)
        _take(file, fixed.relint, result)
