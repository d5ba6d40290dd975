"""Replacing a file atomically: the one way mdtidy writes a file (fixed pages, cache
entries, its small tables). A foundation module: it imports nothing of mdtidy's."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

__all__ = ["replace_with"]


def replace_with(
    target: Path,
    data: bytes,
    *,
    prefix: str,
    suffix: str = ".tmp",
    sync: bool = False,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Write ``data`` to a temporary file beside ``target`` and rename it over ``target``,
    so a reader sees the old bytes or the new ones, never a part. ``sync`` flushes the
    bytes to disk first; ``ready(temporary path)`` runs just before the rename and may
    raise to abandon it. The temporary file never outlives a failure."""
    import tempfile  # only a run that writes needs it

    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        if ready is not None:
            ready(tmp)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
