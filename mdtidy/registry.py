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
import pkgutil
from functools import lru_cache
from importlib.metadata import entry_points
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


def _third_party() -> list[type[Rule]]:
    found: list[type[Rule]] = []
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
