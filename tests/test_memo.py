"""mdtidy.memo: small facts remembered between runs, in the cache folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from mdtidy import memo


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    memo.use(tmp_path / "memo", _write)
    yield tmp_path / "memo"
    memo.use(None)


def counter() -> tuple[list[int], object]:
    calls: list[int] = []

    def compute() -> dict[str, int]:
        calls.append(1)
        return {"n": len(calls)}

    return calls, compute


def test_without_a_folder_it_only_computes() -> None:
    memo.use(None)
    _calls, compute = counter()
    assert memo.remember("t", "1", "k", compute) == {"n": 1}
    assert memo.remember("t", "1", "k", compute) == {"n": 2}
    memo.flush()


def test_a_later_run_gets_the_value_without_computing(folder: Path) -> None:
    calls, compute = counter()
    assert memo.remember("t", "1", "k", compute) == {"n": 1}
    assert memo.remember("t", "1", "k", compute) == {"n": 1}
    assert not (folder / "t.json").exists()  # written by flush, at the end of a run
    memo.flush()
    memo.use(folder, _write)  # as a new run does
    assert memo.remember("t", "1", "k", compute) == {"n": 1}
    assert len(calls) == 1
    # another version of the table: computed again, and replaces the old one
    assert memo.remember("t", "2", "k", compute) == {"n": 2}
    memo.flush()
    assert json.loads((folder / "t.json").read_text())["version"] == "2"


@pytest.mark.parametrize(
    "content", [b"", b"{not json", b"[]", b'{"version": "1", "entries": 3}', b"\xff\xfe"]
)
def test_a_bad_table_is_ignored_and_replaced(folder: Path, content: bytes) -> None:
    folder.mkdir()
    (folder / "t.json").write_bytes(content)
    calls, compute = counter()
    assert memo.remember("t", "1", "k", compute) == {"n": 1}
    memo.flush()
    memo.use(folder, _write)
    assert memo.remember("t", "1", "k", compute) == {"n": 1}
    assert len(calls) == 1


def test_a_write_that_fails_is_ignored(tmp_path: Path) -> None:
    def failing(_path: Path, _data: bytes) -> None:
        raise OSError("read-only")

    memo.use(tmp_path, failing)
    try:
        assert memo.remember("t", "1", "k", lambda: 5) == 5
        memo.flush()  # no exception: it is only a memo
    finally:
        memo.use(None)


def test_tables_keep_the_most_recently_used(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo, "MAX_ENTRIES", 3)
    for key in "abc":
        memo.remember("t", "1", key, lambda key=key: key)
    memo.remember("t", "1", "a", lambda: "recomputed")  # used again: now the newest
    memo.remember("t", "1", "d", lambda: "d")  # evicts b, the least recently used
    memo.flush()
    assert list(json.loads((folder / "t.json").read_text())["entries"]) == ["c", "a", "d"]
