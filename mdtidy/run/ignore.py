"""Which paths a run skips: the ``exclude`` patterns and the ignore files (``.gitignore`` & co.).

Both use gitignore syntax, matched by the ``pathspec`` library:

- ``exclude``/``extend-exclude`` patterns are relative to the configuration file's folder
  (the current folder without one). A bare name (``drafts``) matches a folder or file of
  that name anywhere; a pattern with a slash (``bench/work``) is anchored there. Paths
  outside that folder are matched from the file system root, so bare names still apply.
- Ignore files, when ``respect-gitignore`` is on (the default): inside a git working tree
  ``.gitignore`` in every folder, ``.git/info/exclude`` and the global excludes file
  (``core.excludesFile``, by default ``$XDG_CONFIG_HOME/git/ignore`` or
  ``~/.config/git/ignore``); anywhere, ``.ignore`` files (ripgrep's convention). As in git,
  a deeper file wins over a shallower one, ``.ignore`` over ``.gitignore`` of the same
  folder, and both over ``info/exclude`` and the global file; the last matching line of
  a file decides, so ``!keep.md`` re-includes. Like git, nothing inside an ignored folder
  can be re-included: the walker never enters it.

``include`` patterns (gitignore syntax, relative to the same folder as ``exclude``), when
set, narrow the files found by searching folders to those matching one (the last matching
line decides, so ``!`` lines take files out); folders are searched regardless, files
named on the command line are always linted, and files outside that folder are not
filtered.

Git-ignore files outside a git working tree are not read (a stray ``~/.gitignore`` would
otherwise hide everything; ruff reverted the opposite choice for this reason). git itself
is run at most once per repository, to read ``core.excludesFile``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mdtidy.config import Config

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

__all__ = ["Ignorer"]


@dataclass(frozen=True)
class _Layer:
    """The patterns of one ignore source and the folder they are relative to."""

    base: str  # absolute folder
    spec: GitIgnoreSpec
    git: bool  # a git source (ends at a nested repository's root)
    outside: bool = False  # also match paths outside ``base``, relative to the file system root

    def decide(self, path: str, is_dir: bool) -> bool | None:
        """True: ignored; False: re-included by a ``!`` line; None: no line matches."""
        prefix = self.base if self.base.endswith(os.sep) else self.base + os.sep
        if path.startswith(prefix):
            rel = path[len(prefix) :]
        elif self.outside:
            rel = os.path.splitdrive(path)[1].lstrip(os.sep)
        else:
            return None
        if os.sep != "/":
            rel = rel.replace(os.sep, "/")
        return self.spec.check_file(rel + "/" if is_dir else rel).include


def _decide(layers: Iterable[_Layer], path: str, is_dir: bool) -> bool:
    """Layers run from the lowest precedence to the highest; the highest that matches decides."""
    for layer in reversed(tuple(layers)):
        verdict = layer.decide(path, is_dir)
        if verdict is not None:
            return verdict
    return False


@dataclass(frozen=True)
class _Scope:
    """The ignore layers in effect for the entries of one folder."""

    layers: tuple[_Layer, ...]
    repo: str | None  # the git working tree the folder belongs to


class Ignorer:
    """Answers "is this path skipped?" for one run; reads each ignore file once."""

    def __init__(self, config: Config, *, cwd: Path | None = None) -> None:
        root = config.path.parent if config.path is not None else (cwd or Path.cwd())
        self._root = _absolute(root)
        self._exclude_lines = tuple(config.exclude)
        self._exclude: _Layer | None = None
        # ``include``: files found in folders must match one (folders are always searched)
        self._include_lines = None if config.include is None else tuple(config.include)
        self._include: tuple[str, GitIgnoreSpec] | None = None
        self.respect_gitignore = config.respect_gitignore
        self._specs: dict[str, GitIgnoreSpec | None] = {}
        self._scopes: dict[str, _Scope] = {}
        self._ignored_dirs: dict[str, bool] = {}
        self._global_excludes: dict[str, str] = {}

    @property
    def exclude(self) -> _Layer:
        """The ``exclude`` patterns, built on first use (a run over named files never asks)."""
        if self._exclude is None:
            # outside its folder (``mdtidy ~/elsewhere``) bare names still match: node_modules, build, …
            self._exclude = _Layer(self._root, _gitignore_spec(self._exclude_lines), git=False, outside=True)
        return self._exclude

    # ------------------------------------------------------------------ building scopes

    def _spec(self, file: str) -> GitIgnoreSpec | None:
        if file not in self._specs:
            try:
                with open(file, encoding="utf-8", errors="replace") as handle:
                    lines = handle.read().splitlines()
            except OSError:
                self._specs[file] = None
            else:
                self._specs[file] = _gitignore_spec(lines) if lines else None
        return self._specs[file]

    def _layer(self, file: str, base: str, git: bool) -> list[_Layer]:
        spec = self._spec(file)
        return [_Layer(base, spec, git)] if spec is not None else []

    def _repo_layers(self, repo: str) -> list[_Layer]:
        """The global excludes file and ``info/exclude`` of a working tree (lowest precedence)."""
        layers = []
        if repo not in self._global_excludes:
            self._global_excludes[repo] = _global_excludes_file(repo)
        layers += self._layer(self._global_excludes[repo], repo, git=True)
        git_dir = _git_dir(repo)
        if git_dir is not None:
            layers += self._layer(os.path.join(git_dir, "info", "exclude"), repo, git=True)
        return layers

    def scope(self, folder: str, parent: _Scope | None, names: set[str] | None = None) -> _Scope:
        """The scope inside ``folder`` given its parent's; ``names``: the folder's entries, if listed."""
        if not self.respect_gitignore:
            return _Scope((), None)

        def has(name: str) -> bool:
            if names is not None:
                return name in names
            return os.path.lexists(os.path.join(folder, name))

        layers = list(parent.layers) if parent is not None else []
        repo = parent.repo if parent is not None else None
        if has(".git") and folder != repo:
            # a working tree starts here: the outer repository's git files end
            repo = folder
            layers = [layer for layer in layers if not layer.git] + self._repo_layers(folder)
        if repo is not None and has(".gitignore"):
            layers += self._layer(os.path.join(folder, ".gitignore"), folder, git=True)
        if has(".ignore"):
            layers += self._layer(os.path.join(folder, ".ignore"), folder, git=False)
        return _Scope(tuple(layers), repo)

    def scope_of(self, folder: str) -> _Scope:
        """The scope inside ``folder`` (absolute), built from the file system root down."""
        cached = self._scopes.get(folder)
        if cached is not None:
            return cached
        parent_folder = os.path.dirname(folder)
        parent = self.scope_of(parent_folder) if parent_folder != folder else None
        scope = self.scope(folder, parent)
        self._scopes[folder] = scope
        return scope

    # ------------------------------------------------------------------ questions

    def skipped(self, path: str, is_dir: bool, scope: _Scope, exclude: _Layer | None = None) -> bool:
        """Whether an entry of a folder with this scope is excluded or ignored."""
        if (exclude or self.exclude).decide(path, is_dir):
            return True
        return bool(scope.layers) and _decide(scope.layers, path, is_dir)

    def included(self, path: str) -> bool:
        """Whether the file ``path`` (absolute), found in a folder, matches ``include``
        (always, without ``include`` or outside the configuration's folder)."""
        if self._include_lines is None:
            return True
        if self._include is None:
            self._include = (self._root, _gitignore_spec(self._include_lines))
        base, spec = self._include
        prefix = base if base.endswith(os.sep) else base + os.sep
        if not path.startswith(prefix):
            return True
        rel = path[len(prefix) :]
        if os.sep != "/":
            rel = rel.replace(os.sep, "/")
        return bool(spec.check_file(rel).include)

    def path_skipped(self, path: Path, is_dir: bool = False) -> bool:
        """Whether ``path`` or one of its folders is excluded or ignored (for ``--force-exclude``)."""
        target = _absolute(path)
        parent = os.path.dirname(target)
        if parent != target and self._folder_skipped(parent):
            return True
        return self.skipped(target, is_dir, self.scope_of(parent))

    def _folder_skipped(self, folder: str) -> bool:
        cached = self._ignored_dirs.get(folder)
        if cached is None:
            parent = os.path.dirname(folder)
            if parent == folder:
                cached = False
            else:
                cached = self._folder_skipped(parent) or self.skipped(folder, True, self.scope_of(parent))
            self._ignored_dirs[folder] = cached
        return cached

    def walk_scope(self, root: str) -> tuple[_Scope, _Layer]:
        """The starting scope and exclude layer for walking ``root``, a folder named explicitly.

        A folder named on the command line is searched even when it is excluded or ignored
        itself (``mdtidy build/``): the patterns that match it are then matched relative to it,
        so they still skip what is nested inside (``build/node_modules``) but not everything.
        """
        parent_folder = os.path.dirname(root)
        parent = self.scope_of(parent_folder) if parent_folder != root else None
        exclude = self.exclude
        if exclude.decide(root, True):
            exclude = _Layer(root, exclude.spec, git=False, outside=True)
        if parent is not None and parent.layers and _decide(parent.layers, root, True):
            rebased = tuple(
                _Layer(root, layer.spec, layer.git) if layer.decide(root, True) else layer
                for layer in parent.layers
            )
            parent = _Scope(rebased, parent.repo)
        return parent or _Scope((), None), exclude


class _Result:
    __slots__ = ("include",)

    def __init__(self, include: bool | None) -> None:
        self.include = include


_MATCHED, _UNMATCHED = _Result(True), _Result(None)
#: characters that make a gitignore line more than a plain name
_SPECIAL = frozenset("/\\*?[!# \t")


class _Names:
    """Gitignore lines that are all plain names (``node_modules``, ``.git``: the default
    ``exclude``), matched without pathspec: such a line matches a file or folder of that
    name at any depth, and so everything inside that folder."""

    __slots__ = ("names",)

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def check_file(self, rel: str) -> _Result:
        names = self.names
        return _MATCHED if any(part in names for part in rel.split("/")) else _UNMATCHED


def _gitignore_spec(lines: Iterable[str]) -> GitIgnoreSpec:
    lines = list(lines)
    names = [line for line in lines if line and not line.startswith("#")]
    if all(not _SPECIAL.intersection(name) for name in names):
        return _Names(frozenset(names))  # type: ignore[return-value]
    from pathspec import GitIgnoreSpec  # imported when a run first matches patterns

    return GitIgnoreSpec.from_lines(lines)


def _absolute(path: Path | str) -> str:
    return os.path.abspath(os.fspath(path))


def _git_dir(repo: str) -> str | None:
    """The folder holding ``info/exclude`` for a working tree (``.git``, or what a ``.git`` file names)."""
    dot_git = os.path.join(repo, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    try:
        with open(dot_git, encoding="utf-8") as handle:
            first = handle.readline().strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not first.startswith("gitdir:"):
        return None
    git_dir = os.path.join(repo, first.removeprefix("gitdir:").strip())
    try:  # a linked worktree keeps info/ in the common folder
        with open(os.path.join(git_dir, "commondir"), encoding="utf-8") as handle:
            return os.path.normpath(os.path.join(git_dir, handle.read().strip()))
    except (OSError, UnicodeDecodeError):
        return git_dir


def _global_excludes_file(repo: str) -> str:
    """``core.excludesFile`` as git reads it for ``repo``, else git's default location."""
    import subprocess

    configured = None
    try:
        proc = subprocess.run(
            ["git", "config", "--path", "--get", "core.excludesFile"],
            cwd=repo,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=10,
        )
        if proc.returncode == 0 and proc.stdout.strip():
            configured = os.path.join(repo, os.path.expanduser(proc.stdout.strip()))
    except (OSError, subprocess.SubprocessError):
        pass  # no git: git's default location below
    if configured is None:
        xdg = os.environ.get("XDG_CONFIG_HOME")
        base = xdg if xdg else os.path.join(os.path.expanduser("~"), ".config")
        configured = os.path.join(base, "git", "ignore")
    return configured
