"""YAML front matter: find it, parse it with ruamel.yaml, never rewrite it.

Front matter is a ``---`` line at the very top, YAML, and a closing ``---`` (or ``...``)
line. Its lines are blanked before the Markdown parser sees the document, so line
numbers stay those of the file.
"""

from __future__ import annotations

import io
import re
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mdtidy.parsing.source import Source

__all__ = ["FrontMatter", "Loaded", "load_text", "split_front_matter"]

_OPEN = re.compile(r"---[ \t]*")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")


@dataclass
class FrontMatter:
    start_line: int  # 1-based line of the opening ``---``
    end_line: int  # 1-based line of the closing ``---``
    text: str  # the YAML between the fences, original line endings
    data: Any = None
    error: str | None = None
    error_line: int | None = None  # 1-based line in the file
    error_column: int | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def split_front_matter(source: Source) -> FrontMatter | None:
    """Find and parse front matter; ``None`` when the file has none."""
    if source.line_count() < 2 or not _OPEN.fullmatch(source.line(0)):
        return None
    for index in range(1, source.line_count()):
        if _CLOSE.fullmatch(source.line(index)):
            break
    else:
        return None
    body_start = source.line_span(1)[0]
    body_end = source.line_span(index)[0]
    fm = FrontMatter(start_line=1, end_line=index + 1, text=source.text[body_start:body_end])
    _load(fm)
    return fm


def _load(fm: FrontMatter) -> None:
    loaded = load_text(fm.text.replace("\r\n", "\n").replace("\r", "\n"))
    fm.data, fm.error = loaded.data, loaded.error
    if loaded.error_line is not None:
        fm.error_line = fm.start_line + 1 + loaded.error_line
        fm.error_column = loaded.error_column


@dataclass(frozen=True)
class Loaded:
    """What ruamel.yaml (round trip) makes of a YAML text: its data, or why it failed."""

    data: Any = None
    error: str | None = None
    error_line: int | None = None  # 0-based line in the YAML text
    error_column: int | None = None  # 1-based


#: per thread, a round-trip loader that last finished a load cleanly (making one costs
#: about as much as loading a short front matter)
_LOADERS = threading.local()


@lru_cache(maxsize=256)
def load_text(text: str) -> Loaded:
    """Load ``text`` (LF line breaks) as round-trip YAML, duplicate keys refused.

    Loaded once per text: a run that re-reads a file (the fix passes, the rendering
    guard, a rule verifying an edit) gets the same result without parsing again. The
    data is shared: never modify it.
    """
    from mdtidy.parsing import fmsimple

    simple = fmsimple.load(text)  # most front matter: ruamel's data without its scanner
    if simple is not fmsimple.FALLBACK:
        return Loaded(data=simple)
    yaml = getattr(_LOADERS, "yaml", None)
    if yaml is None:
        from ruamel.yaml import YAML

        yaml = YAML(typ="rt", pure=True)
        yaml.allow_duplicate_keys = False
    _LOADERS.yaml = None  # a load that fails or is interrupted leaves no half-used loader behind
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = yaml.load(io.StringIO(text))
    except Exception as exc:
        return _failure(exc)
    # ruamel keeps a record of every document a loader read (doc_infos): a reused loader
    # would grow by one per front matter, so a worker's memory with the number of files
    del yaml.doc_infos[:-1]
    _LOADERS.yaml = yaml
    return Loaded(data=data)


def _failure(exc: Exception) -> Loaded:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        error = _one_line(exc.problem or exc.context or "invalid YAML")
        if mark is None:
            return Loaded(error=error)
        return Loaded(error=error, error_line=mark.line, error_column=mark.column + 1)
    if isinstance(exc, YAMLError):  # pragma: no cover - ruamel raises Marked errors for syntax
        return Loaded(error=_one_line(str(exc)))
    # ruamel can raise plain errors on odd input; never a traceback
    return Loaded(error=_one_line(f"{type(exc).__name__}: {exc}"))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
