"""``mdtidy init``: a starting configuration, translated from markdownlint's when there is one."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ruamel.yaml import YAML
from test_cli import mdtidy

from mdtidy.config import find_config, load_config

MDL = (
    "config:\n  default: true\n  MD009: false\n  MD004:\n    style: dash\n  MD999: true\n"
    "ignores:\n  - drafts/**\n"
)


def test_init_appends_to_pyproject_from_a_markdownlint_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site"')  # no final newline
    (tmp_path / ".markdownlint-cli2.yaml").write_text(MDL)
    proc = mdtidy("init", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "from .markdownlint-cli2.yaml" in proc.stdout
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith('[project]\nname = "site"\n')  # what was there is kept
    assert "# not mapped (mdtidy has no such rule or option): MD999" in text
    data = tomllib.loads(text)
    assert data["project"] == {"name": "site"}
    settings = data["tool"]["mdtidy"]
    assert "WS001" in settings["ignore"]
    assert settings["rules"]["LS001"] == {"style": "dash"}
    assert settings["extend-exclude"] == ["/drafts/**"]  # anchored: globby's globs are
    # the new section is the folder's configuration now, and it loads
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    assert "WS001" in load_config(tmp_path / "pyproject.toml").ignore


def test_init_writes_a_commented_yaml_file_and_never_overwrites(tmp_path: Path) -> None:
    proc = mdtidy("init", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    target = tmp_path / ".mdtidy.yaml"
    text = target.read_text()
    assert "# flavor: auto" in text
    assert YAML(typ="safe", pure=True).load(text) is None  # only comments: the defaults
    again = mdtidy("init", cwd=tmp_path)
    assert again.returncode == 2
    assert "already there; nothing written" in again.stderr
    assert target.read_text() == text


def test_init_from_a_markdownlint_file_into_yaml(tmp_path: Path) -> None:
    (tmp_path / ".markdownlint.yaml").write_text("MD009: false\nul-style:\n  style: dash\n")
    assert mdtidy("init", cwd=tmp_path).returncode == 0
    data = YAML(typ="safe", pure=True).load((tmp_path / ".mdtidy.yaml").read_text())
    assert data["ignore"] == ["WS001"]
    assert data["rules"]["LS001"] == {"style": "dash"}
    (tmp_path / "post.md").write_text("# T\n\n* item\n\ntrailing \n")
    out = mdtidy("--format", "concise", "post.md", cwd=tmp_path).stdout
    assert "LS001" in out and "WS001" not in out


def test_init_refuses_when_pyproject_has_a_section(tmp_path: Path) -> None:
    original = "[tool.mdtidy]\nselect = ['DUP']\n"
    (tmp_path / "pyproject.toml").write_text(original)
    proc = mdtidy("init", cwd=tmp_path)
    assert proc.returncode == 2
    assert (tmp_path / "pyproject.toml").read_text() == original
    assert not (tmp_path / ".mdtidy.yaml").exists()


def test_init_names_a_broken_pyproject_and_leaves_it_alone(tmp_path: Path) -> None:
    original = "[project\nname = 1\n"
    (tmp_path / "pyproject.toml").write_text(original)
    proc = mdtidy("init", cwd=tmp_path)
    assert proc.returncode == 2
    assert "pyproject.toml: invalid TOML" in proc.stderr and "nothing written" in proc.stderr
    assert (tmp_path / "pyproject.toml").read_text() == original
    assert "Traceback" not in proc.stderr


def test_init_format_yaml_writes_yaml_beside_a_pyproject(tmp_path: Path) -> None:
    original = '[project]\nname = "site"\n'
    (tmp_path / "pyproject.toml").write_text(original)
    (tmp_path / ".markdownlint.yaml").write_text("MD009: false\n")
    proc = mdtidy("init", "--format", "yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "pyproject.toml").read_text() == original  # untouched
    data = YAML(typ="safe", pure=True).load((tmp_path / ".mdtidy.yaml").read_text())
    assert data["ignore"] == ["WS001"]
    assert find_config(tmp_path) == tmp_path / ".mdtidy.yaml"
    # never overwrites, whatever the format asked
    for fmt in ("yaml", "toml", "auto"):
        again = mdtidy("init", f"--format={fmt}", cwd=tmp_path)
        assert again.returncode == 2 and "nothing written" in again.stderr
    assert (tmp_path / "pyproject.toml").read_text() == original


def test_init_format_toml_creates_a_pyproject_when_there_is_none(tmp_path: Path) -> None:
    (tmp_path / ".markdownlint.yaml").write_text("MD009: false\nul-style:\n  style: dash\n")
    proc = mdtidy("init", "--format", "toml", str(tmp_path), cwd=tmp_path.parent)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / ".mdtidy.yaml").exists()
    settings = tomllib.loads((tmp_path / "pyproject.toml").read_text())["tool"]["mdtidy"]
    assert settings["ignore"] == ["WS001"]
    assert settings["rules"]["LS001"] == {"style": "dash"}
    assert "WS001" in load_config(find_config(tmp_path)).ignore  # type: ignore[arg-type]


def test_init_format_toml_appends_to_an_existing_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site"\n')
    assert mdtidy("init", "--format", "TOML", cwd=tmp_path).returncode == 0
    data = tomllib.loads((tmp_path / "pyproject.toml").read_text())
    assert data["project"] == {"name": "site"} and "mdtidy" in data["tool"]
    assert not (tmp_path / ".mdtidy.yaml").exists()


def test_init_rejects_a_bad_format_and_writes_nothing(tmp_path: Path) -> None:
    for args in (["--format", "ini"], ["--format"], ["--formt", "yaml"], [".", "other"]):
        proc = mdtidy("init", *args, cwd=tmp_path)
        assert proc.returncode == 2, args
        assert proc.stderr.startswith("mdtidy: error:"), proc.stderr
        assert "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []
    missing = mdtidy("init", "nowhere", cwd=tmp_path)
    assert missing.returncode == 2 and "nowhere: not a folder" in missing.stderr
