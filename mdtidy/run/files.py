"""Finding Markdown files, reading them, and writing them back without ever losing data."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mdtidy.atomic import replace_with
from mdtidy.config import Config
from mdtidy.run.ignore import Ignorer

__all__ = [
    "MARKDOWN_SUFFIXES",
    "FileChangedError",
    "Snapshot",
    "discover",
    "read_snapshot",
    "write_atomic",
]

MARKDOWN_SUFFIXES = (
    ".md",
    ".markdown",
    ".mdown",
    ".mkdn",
    ".mkd",
    ".mdwn",
    ".mdtxt",
    ".mdtext",
    ".mdx",
)


class FileChangedError(Exception):
    """The file changed on disk after mdtidy read it; it was not overwritten."""


@dataclass(frozen=True)
class Snapshot:
    """A file's bytes and enough of its stat to notice any later change."""

    path: Path
    data: bytes
    mtime_ns: int
    size: int
    mode: int
    digest: str


def discover(
    paths: list[Path], config: Config, ignorer: Ignorer | None = None
) -> Iterator[tuple[Path, str | None]]:
    """Yield ``(file, None)`` for every Markdown file, ``(path, message)`` for a bad path.

    Files named explicitly are always linted (pre-commit passes exactly the staged
    files) unless ``config.force_exclude``; folders are searched for Markdown suffixes,
    skipping excluded and ignored entries (:mod:`mdtidy.run.ignore`) without descending
    into skipped folders.
    """
    ignorer = ignorer or Ignorer(config)
    seen: set[str] = set()  # real paths: a file named twice, or through a link, is read once
    for path in paths:
        if not path.exists() and not path.is_symlink():
            yield path, "no such file or directory"
            continue
        is_dir = path.is_dir()
        if config.force_exclude and ignorer.path_skipped(path, is_dir):
            continue
        if is_dir:
            for found, error in _walk(path, ignorer):
                key = os.path.realpath(found)
                if error is not None or key not in seen:
                    seen.add(key)
                    yield found, error
        elif path.is_file():
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                yield path, None
        else:
            yield path, "not a regular file or directory"


def _walk(root: Path, ignorer: Ignorer) -> Iterator[tuple[Path, str | None]]:
    """Markdown files under ``root`` in name order, depth first; skipped folders are never listed."""
    start = os.path.abspath(root)
    parent_scope, exclude = ignorer.walk_scope(start)
    # (folder as the user wrote it, absolute folder, scope of its parent)
    stack = [(os.fspath(root), start, parent_scope)]
    while stack:
        folder, absolute, parent = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Path(folder), f"cannot list folder: {exc.strerror or exc}"
            continue
        names = {e.name for e in entries}
        if "CACHEDIR.TAG" in names and absolute != start:
            from mdtidy.run.cache import is_cache_folder

            if is_cache_folder(names, absolute):  # a cache (mdtidy's own, or any tagged one)
                continue
        scope = ignorer.scope(absolute, parent, names)
        subdirs = []
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                if not is_dir and not entry.name.lower().endswith(MARKDOWN_SUFFIXES):
                    continue
                entry_abs = os.path.join(absolute, entry.name)
                if ignorer.skipped(entry_abs, is_dir, scope, exclude):
                    continue
                if not is_dir and not ignorer.included(entry_abs):
                    continue
                if is_dir:
                    subdirs.append((entry.path, entry_abs, scope))
                elif entry.is_file():
                    yield Path(entry.path), None
            except OSError:
                continue
        stack.extend(reversed(subdirs))


def read_snapshot(path: Path) -> Snapshot:
    with open(path, "rb") as handle:
        st = os.fstat(handle.fileno())
        data = handle.read()
    return Snapshot(path, data, st.st_mtime_ns, st.st_size, st.st_mode, hashlib.sha256(data).hexdigest())


def _unchanged(snapshot: Snapshot) -> bool:
    try:
        st = os.stat(snapshot.path)
    except OSError:
        return False
    if st.st_size != snapshot.size:
        return False
    # Same size: compare the content itself. An unchanged mtime proves nothing: file
    # systems with coarse timestamps keep it across a quick same-size edit.
    try:
        current = Path(snapshot.path).read_bytes()
    except OSError:
        return False
    return hashlib.sha256(current).hexdigest() == snapshot.digest


def write_atomic(snapshot: Snapshot, data: bytes) -> None:
    """Replace the file's content with ``data``: temp file in the same folder, then rename.

    Keeps the file mode; refuses (FileChangedError) when the file changed since it
    was read. Symlinks are followed, so the link stays a link.
    """
    target = Path(os.path.realpath(snapshot.path))

    def check_unchanged() -> None:
        if not _unchanged(snapshot):
            raise FileChangedError(f"{snapshot.path}: changed on disk since it was read; not overwritten")

    def ready(tmp: str) -> None:
        os.chmod(tmp, stat.S_IMODE(snapshot.mode))
        check_unchanged()

    check_unchanged()
    replace_with(target, data, prefix=f".{target.name}.", suffix=".mdtidy-tmp", sync=True, ready=ready)
