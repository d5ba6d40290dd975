"""The content cache: each file's lint result, kept on disk between runs.

What :func:`mdtidy.run.runner.lint_one` returns for a file (its findings and its
:class:`~mdtidy.model.FileSummary`, before the cross-file rules) is stored under a key
made of everything that result depends on:

- the file's bytes (their SHA-256) and its path as shown (findings and summaries name it;
  path patterns of rule options and flavors match it);
- the mdtidy version and a fingerprint of the code (size and mtime of the package's
  modules and of every active rule's module), so an edited rule never serves old findings;
- the resolved configuration, without the settings that only decide which files are
  read or how results are shown (:data:`RUN_ONLY_SETTINGS`);
- the rule set: each rule's code, class and options;
- the flavor the file gets (which follows the site configuration and ``per-file-flavor``).

One file per entry, ``lint/<2 hex>/<64 hex key>``, written to a temporary file in the
same folder and renamed over the entry (``os.replace``), so two runs at once never see
half an entry and need no lock or shared index. An entry starts with a header (magic,
format version, the full key, payload length and checksum); an entry whose header, key,
length, checksum or content does not check out is ignored and rewritten, never trusted.
The payload is a pickle loaded with an unpickler that only builds mdtidy's own classes,
builtins, and classes of the modules of the active rules.

An entry a run uses is marked as used (its modification time, at most once a day), and
entries unused for 30 days are deleted (:meth:`LintCache.prune`, at most once a day).
Beside ``lint/``, ``memo/`` keeps a run's small facts (:mod:`mdtidy.memo`).
The folder holds a ``CACHEDIR.TAG`` (backup tools skip it, and so does file discovery)
and a ``.gitignore`` of ``*``. Files that could not be linted are not cached.
"""

from __future__ import annotations

import dataclasses
import enum
import gc
import hashlib
import io
import os
import pickle
import struct
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mdtidy import __version__
from mdtidy.atomic import replace_with
from mdtidy.config import Config
from mdtidy.model import Diagnostic, FileSummary, Rule

__all__ = [
    "CACHEDIR_TAG",
    "DEFAULT_CACHE_DIR",
    "ENV_CACHE_DIR",
    "LintCache",
    "Outcome",
    "cache_folder",
    "is_cache_folder",
]

DEFAULT_CACHE_DIR = ".mdtidy_cache"
ENV_CACHE_DIR = "MDTIDY_CACHE_DIR"

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by mdtidy.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
_TAG_SIGNATURE = CACHEDIR_TAG.encode("ascii")[:43]

#: Config fields that never change a file's lint result: they choose the files, bound
#: the work (files over a limit or too slow are errors, and errors are not cached), or
#: serve other parts of a run. Every other field, including any added later, is keyed.
RUN_ONLY_SETTINGS = frozenset(
    {
        "include",
        "exclude",
        "respect_gitignore",
        "force_exclude",
        "max_file_size",
        "file_timeout",
        "output_format",
        "verify_https",
        "ca_bundle",
        "cache_dir",
        "corpus",  # which other files the cross-file rules see, not what a file's lint gives
        "path",  # it only locates per-file-flavor patterns, and the flavor itself is keyed
    }
)

#: an entry no run has used for this long is deleted (:meth:`LintCache.prune`)
PRUNE_AFTER = 30 * 24 * 3600.0
DAY = 24 * 3600.0

MAGIC = b"MDTIDYC\x00"
FORMAT = 1
#: magic, format, key (32 bytes), payload length, payload checksum (16 bytes)
_HEADER = struct.Struct(f">{len(MAGIC)}sH32sQ16s")

Outcome = tuple[list[Diagnostic], FileSummary]
"""What the cache keeps for one file: :func:`mdtidy.run.runner.lint_one`'s result."""


def cache_folder(config: Config, cwd: Path | None = None) -> Path:
    """Where the cache lives: ``MDTIDY_CACHE_DIR`` (from the current folder), else the
    configuration's ``cache-dir`` (already resolved from its file's folder), else
    ``.mdtidy_cache`` in the folder of the configuration file, else in the current folder."""
    cwd = cwd or Path.cwd()
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return cwd / Path(env).expanduser()
    if config.cache_dir:
        return cwd / Path(config.cache_dir).expanduser()
    root = config.path.parent if config.path is not None else cwd
    return cwd / root / DEFAULT_CACHE_DIR


def is_cache_folder(names: set[str] | frozenset[str], folder: str | Path) -> bool:
    """Whether ``folder`` (whose entries are ``names``) is a cache: it holds a valid CACHEDIR.TAG."""
    if "CACHEDIR.TAG" not in names:
        return False
    try:
        with open(os.path.join(folder, "CACHEDIR.TAG"), "rb") as handle:
            return handle.read(len(_TAG_SIGNATURE)) == _TAG_SIGNATURE
    except OSError:
        return False


# --------------------------------------------------------------------------- fingerprints


def _canon(value: Any) -> Any:
    """``value`` as plain, ordered data with the same meaning (for a stable fingerprint)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, enum.Enum):
        return f"{type(value).__qualname__}.{value.name}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            type(value).__qualname__,
            [[f.name, _canon(getattr(value, f.name))] for f in dataclasses.fields(value)],
        ]
    if isinstance(value, dict):
        return [
            "dict",
            sorted(([repr(_canon(k)), _canon(v)] for k, v in value.items()), key=lambda kv: kv[0]),
        ]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(repr(_canon(v)) for v in value)]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_canon(v) for v in value]]
    if isinstance(value, Path):
        return ["path", value.as_posix()]
    return ["repr", type(value).__qualname__, repr(value)]


def _digest(*parts: Any) -> bytes:
    return hashlib.sha256(repr(_canon(list(parts))).encode("utf-8", "surrogatepass")).digest()


def config_fingerprint(config: Config) -> bytes:
    """The configuration as it affects linting (see :data:`RUN_ONLY_SETTINGS`)."""
    fields = [
        [f.name, _canon(getattr(config, f.name))]
        for f in dataclasses.fields(config)
        if f.name not in RUN_ONLY_SETTINGS
    ]
    return _digest(fields)


def rules_fingerprint(rules: list[Rule]) -> bytes:
    """The rule set: codes, classes and options, in run order."""
    return _digest([[r.code, type(r).__module__, type(r).__qualname__, r.opts] for r in rules])


def _files_of(modules: set[str]) -> list[str]:
    files = set()
    for name in modules:
        file = getattr(sys.modules.get(name), "__file__", None)
        if file:
            files.add(file)
    return sorted(files)


def code_fingerprint(rules: list[Rule]) -> bytes:
    """The version, and size and mtime of mdtidy's modules and the active rules' modules:
    editing a rule or the parser (an editable install) invalidates what it produced."""
    packages = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
    builtin_rules = sys.modules.get("mdtidy.rules")  # installed from its own folder (rules/)
    packages += [p for p in getattr(builtin_rules, "__path__", []) if p not in packages]
    files = []
    for package in packages:
        for folder, dirs, names in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            files += [os.path.join(folder, name) for name in sorted(names) if name.endswith(".py")]
    files += _files_of({type(r).__module__ for r in rules})
    stamps = []
    for file in files:
        try:
            st = os.stat(file)
        except OSError:
            continue
        stamps.append([file, st.st_size, st.st_mtime_ns])
    return _digest(__version__, FORMAT, sys.version_info[:2], stamps)


# --------------------------------------------------------------------------- loading


class _Unpickler(pickle.Unpickler):
    """Builds only mdtidy's classes, builtins, and classes of the allowed modules."""

    SAFE_BUILTINS = frozenset(
        {"set", "frozenset", "tuple", "list", "dict", "str", "bytes", "int", "float", "complex", "bool"}
    )
    SAFE_MODULES = frozenset({"datetime", "decimal", "fractions", "collections"})

    def __init__(self, data: bytes, allowed: frozenset[str]) -> None:
        super().__init__(io.BytesIO(data))
        self.allowed = allowed

    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins":
            ok = name in self.SAFE_BUILTINS
        else:
            ok = module.partition(".")[0] == "mdtidy" or module in self.SAFE_MODULES or module in self.allowed
        found = super().find_class(module, name) if ok else None
        if not isinstance(found, type):  # classes only: no function is ever called
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return found


class LintCache:
    """The cache of one run: look files up, store what was linted, count both.

    ``hits``, ``misses`` (no entry, or a bad one), ``rejected`` (a bad entry: unreadable,
    truncated, foreign or corrupt; counted in ``misses`` too) and ``writes``. ``problem``
    is the reason the cache could not be written, if any (then it stops trying).
    """

    def __init__(self, folder: Path, config: Config, rules: list[Rule]) -> None:
        self.folder = Path(folder)
        self.entries = self.folder / "lint"
        self.config = config
        self._run_key = _digest(
            "mdtidy-lint",
            code_fingerprint(rules),
            config_fingerprint(config),
            rules_fingerprint(rules),
        )
        self._flavors: dict[Any, bytes] = {}
        self._allowed = frozenset(type(r).__module__ for r in rules)
        self._prepared = False
        self.hits = self.misses = self.rejected = self.writes = 0
        self._now = time.time()
        self.problem: str | None = None

    # -- keys

    def key(self, display: str, digest: str) -> bytes:
        """The key of the file shown as ``display`` whose bytes have SHA-256 ``digest`` (hex)."""
        flavor = self.config.flavor_for(display)
        try:
            flavor_key = self._flavors[flavor]
        except (KeyError, TypeError):
            flavor_key = _digest(flavor)
            try:
                self._flavors[flavor] = flavor_key
            except TypeError:  # an unhashable flavor: not memoised
                pass
        h = hashlib.sha256(self._run_key)
        h.update(flavor_key)
        h.update(display.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
        h.update(digest.encode("ascii"))
        return h.digest()

    def _path(self, key: bytes) -> Path:
        name = key.hex()
        return self.entries / name[:2] / name

    # -- reading

    def get(self, key: bytes) -> Outcome | None:
        """The stored result for ``key``, or None (no entry, or one that does not check out).

        An entry used is marked as used (its modification time, at most once a day), so
        :meth:`prune` keeps it."""
        path = self._path(key)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
                used = os.fstat(handle.fileno()).st_mtime
        except OSError:
            self.misses += 1
            return None
        outcome = self._decode(key, data)
        if outcome is None:
            self.misses += 1
            self.rejected += 1
            return None
        self.hits += 1
        if used < self._now - DAY:
            try:
                os.utime(path)
            except OSError:
                pass
        return outcome

    def get_many(self, keys: list[bytes]) -> list[Outcome | None]:
        """:meth:`get` for each key, with the garbage collector paused: the many small
        objects of the entries otherwise set off collections over the whole heap, again
        and again (a warm run's lookups took 3 times as long)."""
        with _gc_paused():
            return [self.get(key) for key in keys]

    def _decode(self, key: bytes, data: bytes) -> Outcome | None:
        try:
            if len(data) < _HEADER.size:
                return None
            magic, fmt, stored_key, length, checksum = _HEADER.unpack_from(data)
            payload = data[_HEADER.size :]
            if magic != MAGIC or fmt != FORMAT or stored_key != key or length != len(payload):
                return None
            if hashlib.blake2b(payload, digest_size=16).digest() != checksum:
                return None
            value = _Unpickler(payload, self._allowed).load()
        except Exception:  # whatever is wrong with an entry, it is not used
            return None
        if not (
            isinstance(value, tuple)
            and len(value) == 2
            and isinstance(value[0], list)
            and all(isinstance(d, Diagnostic) for d in value[0])
            and isinstance(value[1], FileSummary)
        ):
            return None
        return value[0], value[1]

    # -- writing

    def put(self, key: bytes, outcome: Outcome) -> None:
        """Store ``outcome`` under ``key`` (atomically: temp file in the same folder, then rename)."""
        if self.problem is not None:
            return
        try:
            payload = pickle.dumps((outcome[0], outcome[1]), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a rule kept something unpicklable: this file is just not cached
            return
        header = _HEADER.pack(
            MAGIC, FORMAT, key, len(payload), hashlib.blake2b(payload, digest_size=16).digest()
        )
        target = self._path(key)
        try:
            self._prepare()
            target.parent.mkdir(exist_ok=True)
            _write_atomic(target, header + payload)
        except OSError as exc:
            self.problem = (
                f"cannot write the cache {self.folder}: {exc.strerror or exc}; continuing without it"
            )
            return
        self.writes += 1

    def prune(self, max_age: float = PRUNE_AFTER) -> int:
        """Delete the entries no run has used for ``max_age`` seconds (30 days), at most
        once a day (a ``.pruned`` stamp in ``lint/``); how many were deleted. An entry
        another run is reading is either read whole or missed (and written again)."""
        stamp = self.entries / ".pruned"
        try:
            if stamp.stat().st_mtime > self._now - DAY:
                return 0
        except OSError:
            if not self.entries.is_dir():
                return 0
        deleted = 0
        try:
            with os.scandir(self.entries) as folders:
                for folder in folders:
                    if not folder.is_dir(follow_symlinks=False) or len(folder.name) != 2:
                        continue
                    with os.scandir(folder.path) as entries:
                        for entry in entries:
                            if entry.is_file(follow_symlinks=False) and (
                                entry.stat().st_mtime < self._now - max_age
                            ):
                                os.unlink(entry.path)
                                deleted += 1
            stamp.touch()
        except OSError:
            pass  # a cache that cannot be pruned now is pruned another day
        return deleted

    def write_file(self, path: Path, data: bytes) -> None:
        """Replace ``path``, a file in the cache folder, with ``data`` (atomically),
        creating the folder first; how :mod:`mdtidy.memo` writes its tables."""
        if self.problem is not None:
            raise OSError(self.problem)
        self._prepare()
        path.parent.mkdir(exist_ok=True)
        _write_atomic(path, data)

    def put_many(self, items: list[tuple[bytes, Outcome]]) -> None:
        """:meth:`put` for each ``(key, outcome)``, with the garbage collector paused."""
        with _gc_paused():
            for key, outcome in items:
                self.put(key, outcome)

    def _prepare(self) -> None:
        """Create the folder with its CACHEDIR.TAG and .gitignore (once per run).

        An existing folder is used only when it is a cache already (its CACHEDIR.TAG) or
        holds nothing but mdtidy's own files: ``cache-dir = "docs"`` must not hide the
        docs from git (.gitignore) and from discovery (CACHEDIR.TAG).
        """
        if self._prepared:
            return
        try:
            names = set(os.listdir(self.folder))
        except FileNotFoundError:
            names = set()
        if not is_cache_folder(names, self.folder) and any(not _own(name) for name in names):
            raise OSError("it holds other files and no CACHEDIR.TAG, so it is not a cache folder")
        self.entries.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", "# Created by mdtidy.\n*\n")):
            path = self.folder / name
            if not path.is_file():
                _write_atomic(path, text.encode("ascii"))
        self._prepared = True


def _own(name: str) -> bool:
    """A name mdtidy itself puts in its cache folder (``--verify-https`` shares it)."""
    return (
        name in ("lint", "memo", ".gitignore", "CACHEDIR.TAG", "verify-https.json")
        or name.startswith(".verify-https.")  # its temporary files
        or (name.startswith(".") and name.endswith(".tmp"))  # ours
    )


@contextmanager
def _gc_paused() -> Iterator[None]:
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _write_atomic(target: Path, data: bytes) -> None:
    replace_with(target, data, prefix=f".{target.name[:16]}.")
