"""What a run lints: ignore files (.gitignore & co.), exclude patterns, files named on the
command line, ``--force-exclude``, ``--show-files``; and shell completion.

The tests run the installed ``mdtidy`` command in real git repositories made in
``tmp_path``, with HOME and XDG_CONFIG_HOME pointed there too, so the user's own git
configuration never leaks in. git itself is the oracle where it can be: what
``git ls-files --others --exclude-standard`` lists is what mdtidy must lint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mdtidy.cli import cli
from mdtidy.config import Config
from mdtidy.run import files as md_files

MDTIDY = Path(sys.executable).with_name("mdtidy")
FINDING = "trailing  \n"  # WS001


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment whose HOME and XDG_CONFIG_HOME are empty folders of this test."""
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MDTIDY", "GIT_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), GIT_CONFIG_NOSYSTEM="1")
    return env


def mdtidy(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The installed command, as a user or pre-commit runs it."""
    return subprocess.run(
        [str(MDTIDY), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=True, timeout=60
    )
    return proc.stdout


def write(path: Path, text: str = FINDING) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def shown(*args: str | Path, cwd: Path, env: dict[str, str]) -> set[str]:
    proc = mdtidy("--show-files", *args, cwd=cwd, env=env)
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.splitlines())


def linted(*args: str | Path, cwd: Path, env: dict[str, str]) -> set[str]:
    """The files a real run reports a finding in (every test file has one)."""
    proc = mdtidy("--format", "json", *args, cwd=cwd, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    return {d["path"] for d in json.loads(proc.stdout)["diagnostics"]}


def git_untracked(repo: Path, env: dict[str, str]) -> set[str]:
    """The Markdown files git does not ignore (all are untracked in these tests)."""
    out = git("ls-files", "--others", "--exclude-standard", cwd=repo, env=env)
    return {line for line in out.splitlines() if line.endswith(".md")}


@pytest.fixture
def repo(tmp_path: Path, env: dict[str, str]) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git("init", "-q", cwd=root, env=env)
    return root


# --------------------------------------------------------------------------- .gitignore


def test_a_git_ignored_file_is_not_linted_unless_no_respect_gitignore(
    repo: Path, env: dict[str, str]
) -> None:
    write(repo / "post.md")
    write(repo / "scratch.md")
    write(repo / ".gitignore", "scratch.md\n")
    assert linted(".", cwd=repo, env=env) == {"post.md"}
    assert linted("--no-respect-gitignore", ".", cwd=repo, env=env) == {"post.md", "scratch.md"}
    write(repo / ".mdtidy.yaml", "respect-gitignore: false\n")
    assert linted(".", cwd=repo, env=env) == {"post.md", "scratch.md"}
    assert linted("--respect-gitignore", ".", cwd=repo, env=env) == {"post.md"}


def test_nested_gitignore_files_and_negation_agree_with_git(repo: Path, env: dict[str, str]) -> None:
    write(repo / ".gitignore", "*.tmp.md\n!keep.tmp.md\ndrafts/\n/top-only.md\nnotes/**/private.md\n")
    write(repo / "docs" / ".gitignore", "local.md\n!keep.tmp.md\n!/again.tmp.md\nsub/\n")
    write(repo / "docs" / "deep" / ".gitignore", "!local.md\n")
    names = [
        "a.md",
        "x.tmp.md",
        "keep.tmp.md",
        "top-only.md",
        "drafts/d.md",
        "drafts/keep.tmp.md",  # inside an ignored folder: a negation cannot bring it back
        "docs/top-only.md",  # "/top-only.md" is anchored to the root
        "docs/local.md",
        "docs/x.tmp.md",
        "docs/again.tmp.md",  # re-included by the deeper file
        "docs/deep/local.md",  # re-included deeper still
        "docs/deep/again.tmp.md",  # "/again.tmp.md" is anchored to docs/
        "docs/sub/s.md",
        "sub/s.md",  # docs/.gitignore's "sub/" is only about docs/
        "notes/private.md",
        "notes/a/b/private.md",
        "notes/public.md",
    ]
    for name in names:
        write(repo / name)
    expected = git_untracked(repo, env)
    assert {"a.md", "docs/again.tmp.md", "docs/deep/local.md", "sub/s.md"} <= expected
    assert "drafts/keep.tmp.md" not in expected
    assert shown(cwd=repo, env=env) == expected
    assert linted(".", cwd=repo, env=env) == expected
    # from a subfolder, the ignore files above it still count
    assert shown("docs", cwd=repo, env=env) == {p for p in expected if p.startswith("docs/")}
    assert shown(".", cwd=repo / "docs", env=env) == {
        p.removeprefix("docs/") for p in expected if p.startswith("docs/")
    }


def test_info_exclude_and_the_global_excludes_file(repo: Path, env: dict[str, str]) -> None:
    for name in ["a.md", "info.md", "global.md", "configured.md"]:
        write(repo / name)
    write(repo / ".git" / "info" / "exclude", "info.md\n")
    write(Path(env["XDG_CONFIG_HOME"]) / "git" / "ignore", "global.md\n")
    assert shown(cwd=repo, env=env) == git_untracked(repo, env) == {"a.md", "configured.md"}
    # without XDG_CONFIG_HOME git's default is ~/.config/git/ignore (the same file here)
    no_xdg = {k: v for k, v in env.items() if k != "XDG_CONFIG_HOME"}
    assert shown(cwd=repo, env=no_xdg) == {"a.md", "configured.md"}
    # core.excludesFile replaces the default location
    write(Path(env["HOME"]) / "my-ignores", "configured.md\n")
    git("config", "--global", "core.excludesFile", "~/my-ignores", cwd=repo, env=env)
    assert shown(cwd=repo, env=env) == git_untracked(repo, env) == {"a.md", "global.md"}
    # a .gitignore "!" line wins over the global file (higher precedence, as in git)
    write(repo / ".gitignore", "!configured.md\n")
    assert shown(cwd=repo, env=env) == git_untracked(repo, env) == {"a.md", "global.md", "configured.md"}


def test_gitignore_outside_a_repository_is_not_read_but_dot_ignore_is(
    tmp_path: Path, env: dict[str, str]
) -> None:
    site = tmp_path / "site"
    for name in ["a.md", "b.md", "c.md"]:
        write(site / name)
    write(site / ".gitignore", "b.md\n")
    write(site / ".ignore", "c.md\n")
    write(Path(env["XDG_CONFIG_HOME"]) / "git" / "ignore", "a.md\n")  # only for repositories
    assert shown(cwd=site, env=env) == {"a.md", "b.md"}
    assert shown("--no-respect-gitignore", cwd=site, env=env) == {"a.md", "b.md", "c.md"}


def test_dot_ignore_wins_over_gitignore_of_the_same_folder(repo: Path, env: dict[str, str]) -> None:
    for name in ["a.md", "b.md"]:
        write(repo / name)
    write(repo / ".gitignore", "*.md\n")
    write(repo / ".ignore", "!a.md\n")
    assert shown(cwd=repo, env=env) == {"a.md"}


def test_a_nested_repository_has_its_own_ignore_files(repo: Path, env: dict[str, str]) -> None:
    write(repo / ".gitignore", "x.md\n")
    inner = repo / "vendored"
    inner.mkdir()
    git("init", "-q", cwd=inner, env=env)
    write(inner / ".gitignore", "y.md\n")
    for name in ["x.md", "y.md", "vendored/x.md", "vendored/y.md"]:
        write(repo / name)
    assert shown(cwd=repo, env=env) == {"y.md", "vendored/x.md"}
    assert shown(cwd=inner, env=env) == git_untracked(inner, env) == {"x.md"}


def test_a_linked_worktree_reads_info_exclude_of_the_main_repository(repo: Path, env: dict[str, str]) -> None:
    write(repo / "README.md", "# Readme\n")
    git("add", "README.md", cwd=repo, env=env)
    git(
        "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "x",
        cwd=repo, env=env,
    )  # fmt: skip
    worktree = repo.parent / "wt"
    git("worktree", "add", "-q", str(worktree), cwd=repo, env=env)
    assert (worktree / ".git").is_file()
    write(repo / ".git" / "info" / "exclude", "secret.md\n")
    write(worktree / "secret.md")
    write(worktree / "post.md")
    assert git_untracked(worktree, env) == {"post.md"}
    assert shown(cwd=worktree, env=env) == {"README.md", "post.md"}


def test_ignored_folders_are_never_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    """A big ignored folder costs nothing: the walker does not even list it."""
    repo = tmp_path / "big"
    repo.mkdir()
    git("init", "-q", cwd=repo, env=env)
    write(repo / ".gitignore", "generated/\n")
    for folder in ["node_modules/pkg/deep", "generated/a/b", "posts/2020"]:
        write(repo / folder / "x.md")
    listed: list[str] = []
    real_scandir = os.scandir

    def spy(path: str | os.PathLike[str]) -> object:
        listed.append(Path(path).as_posix())
        return real_scandir(path)

    monkeypatch.setattr(md_files.os, "scandir", spy)
    monkeypatch.chdir(repo)
    found = [p.as_posix() for p, error in md_files.discover([Path(".")], Config()) if error is None]
    assert found == ["posts/2020/x.md"]
    assert not [p for p in listed if "node_modules" in p or "generated" in p]
    assert "posts/2020" in listed


# --------------------------------------------------------------------------- named files


def test_named_files_are_linted_even_when_ignored_or_excluded(repo: Path, env: dict[str, str]) -> None:
    write(repo / ".gitignore", "scratch/\nold.md\n")
    write(repo / ".mdtidy.yaml", "extend-exclude: [drafts]\n")
    named = ["scratch/a.md", "old.md", "drafts/b.md", "node_modules/c.md"]
    for name in [*named, "post.md"]:
        write(repo / name)
    assert shown(cwd=repo, env=env) == {"post.md"}
    assert linted(*named, cwd=repo, env=env) == set(named)
    assert shown(*named, cwd=repo, env=env) == set(named)


def test_force_exclude_skips_named_files_that_are_ignored_or_excluded(
    repo: Path, env: dict[str, str]
) -> None:
    write(repo / ".gitignore", "scratch/\nold.md\n")
    write(repo / ".mdtidy.yaml", "extend-exclude: [drafts, '*.draft.md']\n")
    named = ["scratch/a.md", "old.md", "drafts/sub/b.md", "x.draft.md", "node_modules/c.md", "post.md"]
    for name in named:
        write(repo / name)
    proc = mdtidy("--force-exclude", "--format", "json", *named, cwd=repo, env=env)
    assert proc.returncode == 1, proc.stderr
    assert '"path": "post.md"' in proc.stdout
    assert linted("--force-exclude", *named, cwd=repo, env=env) == {"post.md"}
    # git-ignored files count only while ignore files are respected
    assert linted("--force-exclude", "--no-respect-gitignore", *named, cwd=repo, env=env) == {
        "post.md",
        "scratch/a.md",
        "old.md",
    }
    # the setting, for pre-commit configurations
    write(repo / ".mdtidy.yaml", "extend-exclude: [drafts]\nforce-exclude: true\n")
    assert linted(*named, cwd=repo, env=env) == {"post.md", "x.draft.md"}
    # everything excluded: a clean run
    proc = mdtidy("--force-exclude", "old.md", cwd=repo, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All checks passed (0 files)." in proc.stdout


def test_a_named_folder_is_searched_even_when_excluded(tmp_path: Path, env: dict[str, str]) -> None:
    for name in ["build/a.md", "build/sub/b.md", "build/node_modules/c.md", "build/build/d.md"]:
        write(tmp_path / name)
    assert shown("build", cwd=tmp_path, env=env) == {"build/a.md", "build/sub/b.md"}
    assert shown(cwd=tmp_path, env=env) == set()
    assert shown("--force-exclude", "build", cwd=tmp_path, env=env) == set()


# --------------------------------------------------------------------------- exclude patterns


def test_exclude_patterns_are_gitignore_patterns_relative_to_the_configuration(
    tmp_path: Path, env: dict[str, str]
) -> None:
    names = [
        "drafts/a.md",  # bare name: excluded anywhere
        "blog/drafts/b.md",
        "bench/work/c.md",  # "bench/work" is anchored to the configuration's folder
        "blog/bench/work/d.md",
        "blog/x.draft.md",
        "blog/post.md",
        "build/keep.md",  # "!build" re-includes a default excluded folder
        "blog/private/deep/e.md",
    ]
    for name in names:
        write(tmp_path / name)
    write(
        tmp_path / "pyproject.toml",
        "[tool.mdtidy]\n"
        'extend-exclude = ["drafts", "bench/work", "*.draft.md", "!build", "**/private/deep"]\n',
    )
    expected = {"blog/bench/work/d.md", "blog/post.md", "build/keep.md"}
    assert shown(cwd=tmp_path, env=env) == expected
    # run from a subfolder: the patterns stay relative to pyproject.toml's folder
    assert shown(cwd=tmp_path / "blog", env=env) == {"bench/work/d.md", "post.md"}


def test_default_excludes_apply_to_a_folder_outside_the_current_one(
    tmp_path: Path, env: dict[str, str]
) -> None:
    site = tmp_path / "build" / "site"  # inside a folder named like an excluded one
    for name in ["a.md", "node_modules/b.md", "sub/build/c.md"]:
        write(site / name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # no configuration: the patterns are relative to the current folder, which site is not in
    assert shown("--no-config", site, cwd=elsewhere, env=env) == {f"{site}/a.md"}
    assert shown(site, cwd=elsewhere, env=env) == {f"{site}/a.md"}


def test_exclude_replaces_the_default_folders(tmp_path: Path, env: dict[str, str]) -> None:
    for name in ["node_modules/a.md", "drafts/b.md", "c.md"]:
        write(tmp_path / name)
    assert shown(cwd=tmp_path, env=env) == {"drafts/b.md", "c.md"}
    write(tmp_path / ".mdtidy.yaml", "exclude: [drafts]\n")
    assert shown(cwd=tmp_path, env=env) == {"node_modules/a.md", "c.md"}


def test_respect_gitignore_must_be_a_boolean(tmp_path: Path, env: dict[str, str]) -> None:
    write(tmp_path / ".mdtidy.yaml", "respect-gitignore: 'no'\n")
    proc = mdtidy(".", cwd=tmp_path, env=env)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("'respect-gitignore' must be true or false")


# --------------------------------------------------------------------------- --show-files


def test_show_files_prints_one_path_per_line_and_lints_nothing(tmp_path: Path, env: dict[str, str]) -> None:
    write(tmp_path / "b.md")
    write(tmp_path / "a.md")
    write(tmp_path / "sub" / "c.markdown")
    write(tmp_path / "notes.txt")
    proc = mdtidy("--show-files", cwd=tmp_path, env=env)
    assert proc.returncode == 0
    assert proc.stdout == "a.md\nb.md\nsub/c.markdown\n"
    assert proc.stderr == ""
    proc = mdtidy("--show-files", "a.md", "missing.md", cwd=tmp_path, env=env)
    assert proc.returncode == 2
    assert proc.stdout == "a.md\n"
    assert proc.stderr == "mdtidy: missing.md: error: no such file or directory\n"


# --------------------------------------------------------------------------- completion


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o nosort -F _mdtidy_completion mdtidy"), ("zsh", "#compdef mdtidy"),
     ("fish", "complete --no-files --command mdtidy")],
)  # fmt: skip
def test_completion_scripts(tmp_path: Path, env: dict[str, str], shell: str, marker: str) -> None:
    proc = subprocess.run(
        [str(MDTIDY)],
        env={**env, "_MDTIDY_COMPLETE": f"{shell}_source"},
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert marker in proc.stdout
    assert "_MDTIDY_COMPLETE" in proc.stdout


def test_completion_of_options_and_rule_codes(tmp_path: Path, env: dict[str, str]) -> None:
    def complete(words: str) -> list[str]:
        proc = subprocess.run(
            [str(MDTIDY)],
            env={
                **env,
                "_MDTIDY_COMPLETE": "bash_complete",
                "COMP_WORDS": words,
                "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
            },
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        return [line.split(",", 1)[1] for line in proc.stdout.splitlines()]

    assert "--no-respect-gitignore" in complete("mdtidy --no-resp")
    assert complete("mdtidy --explain DUP00") == ["DUP001", "DUP002", "DUP003", "DUP004", "DUP005"]
    assert complete("mdtidy --select WS001,duplicate-l") == ["WS001,duplicate-link"]


def test_cli_runner_show_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a.md")
    write(tmp_path / ".ignore", "b.md\n")
    write(tmp_path / "b.md")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--show-files"])
    assert result.exit_code == 0
    assert result.output == "a.md\n"
    result = CliRunner().invoke(cli, ["--show-files", "--no-respect-gitignore"])
    assert result.output == "a.md\nb.md\n"


# --------------------------------------------------------------------------- plain names without pathspec

_NAME = st.sampled_from(["build", "node_modules", ".git", "a", "b.md", "dist", "x y", "c"])


@settings(max_examples=300, deadline=None)
@given(
    names=st.lists(_NAME, max_size=4),
    parts=st.lists(_NAME, min_size=1, max_size=4),
    is_dir=st.booleans(),
)
def test_plain_names_match_as_pathspec_does(names: list[str], parts: list[str], is_dir: bool) -> None:
    """Lines that are all plain names (the default exclude) skip pathspec; they must
    decide every path exactly as pathspec's GitIgnoreSpec does."""
    from pathspec import GitIgnoreSpec

    from mdtidy.run.ignore import _gitignore_spec

    lines = [*names, "# a comment", ""]
    rel = "/".join(parts) + ("/" if is_dir else "")
    ours = _gitignore_spec(lines).check_file(rel).include
    assert ours == GitIgnoreSpec.from_lines(lines).check_file(rel).include
    if "x y" not in names:
        assert type(_gitignore_spec(lines)).__name__ == "_Names"
