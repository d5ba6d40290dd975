"""Rule discovery: built-in rules from ``mdtidy.rules``, third-party rules from entry points.

A rule module defines one subclass of :class:`~mdtidy.model.FileRule` or
:class:`~mdtidy.model.CorpusRule`. Third-party packages expose rule classes (or
modules containing one) under the ``mdtidy.rules`` entry-point group::

    [project.entry-points."mdtidy.rules"]
    my_rule = "my_package.my_rule:MyRule"

The engine never names a rule: everything it knows comes from here.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import sys
from functools import lru_cache
from importlib.machinery import PathFinder
from types import ModuleType

from mdtidy.model import CorpusRule, FileRule, Rule

__all__ = ["RuleLoadError", "all_rules", "rules_in_module"]

ENTRY_POINT_GROUP = "mdtidy.rules"


class RuleLoadError(Exception):
    pass


def rules_in_module(module: ModuleType) -> list[type[Rule]]:
    found = []
    for _name, obj in inspect.getmembers(module, inspect.isclass):
        if (
            issubclass(obj, (FileRule, CorpusRule))
            and obj not in (FileRule, CorpusRule)
            and obj.__module__ == module.__name__
            and getattr(obj, "code", None)
        ):
            found.append(obj)
    return found


def _builtin() -> list[type[Rule]]:
    package = importlib.import_module("mdtidy.rules")
    found: list[type[Rule]] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        found.extend(rules_in_module(importlib.import_module(f"mdtidy.rules.{info.name}")))
    return found


def _may_have_plugins() -> bool:
    """Whether an installed distribution may declare ``mdtidy.rules`` entry points.

    A quick look at the ``entry_points.txt`` of the distributions on ``sys.path``:
    ``importlib.metadata`` (about 10 ms of imports: email, zipfile, csv) is loaded only when
    one of them names the group, or when something on the path (a zip file, another
    distribution finder) is not a plain folder this look can read.
    """
    if any(f is not PathFinder and hasattr(f, "find_distributions") for f in sys.meta_path):
        return True
    group = ENTRY_POINT_GROUP.encode()
    for entry in sys.path:
        folder = entry or "."
        try:
            with os.scandir(folder) as it:
                metadata = [e.path for e in it if e.name.lower().endswith((".dist-info", ".egg-info"))]
        except NotADirectoryError:
            return True  # a zip file or another path entry: let importlib.metadata read it
        except OSError:
            continue  # a missing folder holds no distributions
        for dist in metadata:
            try:
                with open(os.path.join(dist, "entry_points.txt"), "rb") as handle:
                    if group in handle.read():
                        return True
            except OSError:
                continue
    return False


def _third_party() -> list[type[Rule]]:
    found: list[type[Rule]] = []
    if not _may_have_plugins():
        return found
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
        except Exception as exc:
            raise RuleLoadError(f"cannot load rule plugin {ep.name!r} ({ep.value}): {exc}") from exc
        if inspect.ismodule(obj):
            found.extend(rules_in_module(obj))
        elif inspect.isclass(obj) and issubclass(obj, (FileRule, CorpusRule)):
            found.append(obj)
        else:
            raise RuleLoadError(f"rule plugin {ep.name!r} ({ep.value}) is not a rule class or module")
    return found


@lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    """Every known rule class, sorted by code; codes, names and aliases are unique."""
    rules = _builtin() + _third_party()
    seen: dict[str, str] = {}
    for rule in rules:
        for ident in rule.names():
            key = ident.upper()
            if key in seen and seen[key] != rule.code:
                raise RuleLoadError(f"rule identifier {ident!r} is used by both {seen[key]} and {rule.code}")
            seen[key] = rule.code
    return tuple(sorted(rules, key=lambda r: r.code))
