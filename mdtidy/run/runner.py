"""A whole run over many files: read → lint each file → cross-file rules → fix → re-lint."""

from __future__ import annotations

import difflib
import hashlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mdtidy.config import Config
from mdtidy.engine import check_corpus, fix_text, lint_text, sort_key
from mdtidy.model import Applicability, Corpus, Diagnostic, FileSummary, Rule
from mdtidy.parsing.source import DecodeError, Source, decode
from mdtidy.run.files import FileChangedError, Snapshot, discover, read_snapshot, write_atomic
from mdtidy.run.ignore import Ignorer

if TYPE_CHECKING:
    from mdtidy.run.cache import LintCache

__all__ = ["FileError", "RunResult", "StdinResult", "collect_summaries", "files_to_lint", "run", "run_stdin"]


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
    #: the run's lint cache; a re-lint after a fix stores the new bytes' result there too
    cache: LintCache | None = None


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
    source: Source, display: str, config: Config, rules: list[Rule]
) -> tuple[list[Diagnostic], FileSummary] | str:
    """Lint one file: its findings and summary, or the message saying why it could not be.

    Pure and picklable both ways, so the files of a run can be linted in worker processes.
    """
    try:
        with _time_limit(config.file_timeout):
            diags, summary, _doc = lint_text(source, display, config, rules)
    except _Timeout:
        return f"took longer than {config.file_timeout:g} s to lint (file-timeout); skipped"
    except RecursionError:
        return "document is nested too deeply to lint"
    except Exception as exc:  # a crash in a rule must not stop the run or hide the file
        return f"internal error while linting: {type(exc).__name__}: {exc}"
    return diags, summary


def _lint(file: _File, config: Config, rules: list[Rule], result: RunResult) -> bool:
    """Lint the file's current text (after a fix: the bytes written), through the cache."""
    if file.cache is None:
        return _take(file, lint_one(file.source, file.display, config, rules), result)
    key = file.cache.key(file.display, hashlib.sha256(file.source.encode()).hexdigest())
    outcome = file.cache.get(key)
    if outcome is None:
        outcome = lint_one(file.source, file.display, config, rules)
        if not isinstance(outcome, str):
            file.cache.put(key, outcome)
    return _take(file, outcome, result)


def _take(file: _File, outcome: tuple[list[Diagnostic], FileSummary] | str, result: RunResult) -> bool:
    if isinstance(outcome, str):
        result.errors.append(FileError(file.display, outcome))
        return False
    file.diagnostics, file.summary = outcome
    return True


#: below this many files a run lints in its own process (starting workers costs more)
PARALLEL_MIN_FILES = 16

_worker_setup: tuple[Config, list[Rule]] | None = None


def _worker_init(config: Config, rules: list[Rule]) -> None:
    global _worker_setup
    _worker_setup = (config, rules)


def _worker_lint(item: tuple[Source, str]) -> tuple[list[Diagnostic], FileSummary] | str:
    assert _worker_setup is not None
    return lint_one(item[0], item[1], *_worker_setup)


Progress = Callable[[int, int], None]
"""Told ``(files done, total)`` as each file's lint ends."""


def _lint_all(
    files: list[_File],
    config: Config,
    rules: list[Rule],
    jobs: int,
    result: RunResult,
    progress: Progress | None = None,
    cache: LintCache | None = None,
) -> list[_File]:
    """Lint every file, in ``jobs`` worker processes when there are enough files.

    With a ``cache``, files are looked up first (in this process); only the misses are
    linted, and their results stored.
    """
    jobs = max(1, jobs)
    total = len(files)
    outcomes: list[tuple[list[Diagnostic], FileSummary] | str | None] = [None] * total
    keys: list[bytes] = []
    if cache is not None:
        for f in files:
            f.cache = cache  # for the re-lint after a fix (_lint)
        keys = [cache.key(f.display, f.snapshot.digest) for f in files]
        outcomes[:] = cache.get_many(keys)
    todo = [i for i in range(total) if outcomes[i] is None]
    done = total - len(todo)
    if progress is not None and done:
        progress(done, total)
    if jobs == 1 or len(todo) < PARALLEL_MIN_FILES:
        for i in todo:
            outcomes[i] = lint_one(files[i].source, files[i].display, config, rules)
            done += 1
            if progress is not None:
                progress(done, total)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_worker_init, initargs=(config, rules)
        ) as pool:
            chunk = max(1, min(16, len(todo) // (jobs * 4)))
            items = [(files[i].source, files[i].display) for i in todo]
            for i, outcome in zip(todo, pool.map(_worker_lint, items, chunksize=chunk), strict=True):
                outcomes[i] = outcome
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

    ``jobs`` worker processes lint the files when there are at least
    :data:`PARALLEL_MIN_FILES` of them; cross-file rules and fixes run in this process.
    ``progress``, when given, is told ``(files done, total)`` as each file's lint ends.
    ``cache``, when given, serves and keeps each file's lint result (:mod:`mdtidy.run.cache`).
    """
    result = RunResult()
    files = _lint_all(_load_all(paths, config, result), config, rules, jobs, result, progress, cache)
    _finish(files, config, rules, result, fix, diff, unsafe_fixes, verify_https, guard, _write_file)
    if cache is not None and cache.problem is not None:
        result.notices.append(cache.problem)
    return result


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
) -> None:
    """Cross-file rules, then fixes (written by ``write``), then the findings that remain."""
    result.files = len(files)

    corpus = Corpus([f.summary for f in files if f.summary is not None], config)
    if verify_https:
        _verify_https(corpus, config, result)
    for file in files:
        file.diagnostics += check_corpus(corpus, file.display, rules, file.source)

    if fix or diff:
        for file in files:
            if not any(
                d.fix is not None
                and (
                    d.fix.applicability is Applicability.SAFE
                    or (unsafe_fixes and d.fix.applicability is Applicability.UNSAFE)
                )
                for d in file.diagnostics
            ):
                continue
            _fix_one(file, config, rules, corpus, unsafe_fixes, diff, result, guard, write)
        # the fixes changed the corpus: re-run the cross-file rules for every file
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


def _fix_one(
    file: _File,
    config: Config,
    rules: list[Rule],
    corpus: Corpus,
    unsafe: bool,
    diff_only: bool,
    result: RunResult,
    guard: bool,
    write: Writer,
) -> None:
    try:
        with _time_limit(config.file_timeout * 4):
            outcome = fix_text(file.source, file.display, config, rules, corpus, unsafe, guard)
    except _Timeout:
        result.errors.append(
            FileError(file.display, "fixing took too long (file-timeout); file left untouched")
        )
        return
    except Exception as exc:
        result.errors.append(
            FileError(file.display, f"internal error while fixing: {type(exc).__name__}: {exc}")
        )
        return
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
                f"fixes did not converge after 10 passes (rules: {', '.join(outcome.unconverged)}); "
                "please report this",
            )
        )
    if outcome.text == file.source.text:
        return
    new_source = Source(outcome.text, file.source.encoding, file.source.bom)
    if diff_only:
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
    problem = write(file, new_source.encode())
    if problem is not None:
        result.errors.append(FileError(file.display, problem))
        return
    result.fixed[file.display] = outcome.applied
    file.source = new_source
    _lint(file, config, rules, result)
    if file.summary is not None:
        corpus.replace(file.summary)
