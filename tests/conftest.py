"""Test isolation: no configuration file outside a test's own folders is ever found, and
each test has its own lint cache.

mdtidy looks for ``.mdtidy.yaml`` or ``pyproject.toml`` in the current folder and its
parents. Tests run in temporary folders under pytest's base folder (often ``/tmp``), so
a stray configuration above it would change their results. An empty ``.mdtidy.yaml``
at the base folder ends the search there: a test sees only the configuration it writes.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _config_search_stops_at_the_base_temp(tmp_path_factory: pytest.TempPathFactory) -> None:
    (tmp_path_factory.getbasetemp() / ".mdtidy.yaml").write_text("{}\n", encoding="utf-8")


@pytest.fixture(autouse=True)
def _lint_cache_per_test(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's lint cache (mdtidy.run.cache) goes to a fresh folder of each test:
    never into the repository, and no test is served what another test linted."""
    monkeypatch.setenv("MDTIDY_CACHE_DIR", str(tmp_path_factory.mktemp("lint-cache")))
