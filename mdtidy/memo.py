"""Small facts remembered between runs, so that a warm run need not work them out again.

Two tables today, each filled by the module that needs it:

- ``site-config``: a site configuration (``mkdocs.yml``, ``_config.yml``, ``hugo.toml``,
  …) as plain data, by the hash of its text: a warm run neither imports a parser for it
  nor parses it again (ruamel.yaml's import and round-trip load of mkdocs-material's
  ``mkdocs.yml`` took about 0.1 s);
- ``hsts``: the HSTS preload answer for each host, for the installed preload list (the
  hstspreload package reads its list again for every lookup: about 1 ms a host).

A run remembers them only when it has a cache: :class:`mdtidy.run.cache.LintCache` calls
:func:`use` with its folder, and the runner calls :func:`flush` at the end of the run.
Without one (``--no-cache``, the API, the language server) :func:`remember` just computes.

Values are JSON data. Each table is one file, ``<cache>/memo/<table>.json``, holding the
table's version and its entries; it is replaced atomically when a run added entries. A
file that cannot be read, does not parse, or has another version is ignored (and
replaced). Two runs at once may each write their own additions; the last one wins, and
the other's entries are computed again next time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["flush", "remember", "use"]

T = TypeVar("T")

#: the most entries a table keeps (the least recently used go first)
MAX_ENTRIES = 4096

_folder: Path | None = None
_write: Callable[[Path, bytes], None] | None = None
#: table → (version, entries, changed)
_tables: dict[str, tuple[str, dict[str, Any], bool]] = {}


def use(folder: Path | None, write: Callable[[Path, bytes], None] | None = None) -> None:
    """Remember in ``folder`` from now on (``None``: stop remembering); ``write(path,
    data)`` replaces a file there atomically (the cache's writer, which also creates
    the cache folder)."""
    global _folder, _write
    _folder, _write = folder, write
    _tables.clear()


def remember(table: str, version: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for ``key`` in an earlier run with the same
    ``version`` of ``table``. The value must be JSON data (it is stored as JSON)."""
    if _folder is None:
        return compute()
    held, entries, _changed = _load(table, version)
    if key in entries:
        value = entries.pop(key)
        entries[key] = value  # the most recently used last
        return value  # type: ignore[no-any-return]
    value = compute()
    entries[key] = value
    while len(entries) > MAX_ENTRIES:
        del entries[next(iter(entries))]
    _tables[table] = (held, entries, True)
    return value


def flush() -> None:
    """Write the tables this run added to (a failure to write is ignored: it is a memo)."""
    if _folder is None or _write is None:
        return
    for table, (version, entries, changed) in list(_tables.items()):
        if not changed:
            continue
        import json

        try:
            data = json.dumps({"version": version, "entries": entries}, ensure_ascii=False)
            _write(_folder / f"{table}.json", data.encode("utf-8"))
        except (OSError, TypeError, ValueError):
            continue
        _tables[table] = (version, entries, False)


def _load(table: str, version: str) -> tuple[str, dict[str, Any], bool]:
    loaded = _tables.get(table)
    if loaded is not None and loaded[0] == version:
        return loaded
    entries: dict[str, Any] = {}
    assert _folder is not None
    try:
        with open(os.path.join(_folder, f"{table}.json"), "rb") as handle:
            raw = handle.read()
        import json

        data = json.loads(raw)
        if isinstance(data, dict) and data.get("version") == version:
            found = data.get("entries")
            entries = found if isinstance(found, dict) else {}
    except (OSError, ValueError):
        pass
    loaded = (version, entries, False)
    _tables[table] = loaded
    return loaded
