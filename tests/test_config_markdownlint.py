import json
from pathlib import Path

from test_cli import mdtidy

from mdtidy.config_markdownlint import strip_jsonc, translate


def test_strip_jsonc_keeps_strings() -> None:
    text = '{\n  // c\n  "a": "x // y /* z */", /* b */\n  "b": [1, 2,],\n}\n'
    assert json.loads(strip_jsonc(text)) == {"a": "x // y /* z */", "b": [1, 2]}


def test_translate_default_false_and_unknown() -> None:
    settings, unmapped = translate({"default": False, "MD001": True, "MD999": True}, cli2=False)
    assert settings["select"] == ["HD002"]
    assert unmapped == ["MD999"]


def test_hugo_docs_config_maps() -> None:

    import pytest

    from mdtidy.config_markdownlint import read_markdownlint

    root = Path(__file__).resolve().parents[1]
    # ../shared beside the repository, or beside the folder of worktrees
    candidates = [base / "shared" / "corpus" / "hugo-docs" for base in (root.parent, root.parent.parent)]
    src = next((c for c in candidates if c.is_dir()), candidates[0]) / ".markdownlint-cli2.yaml"
    if not src.is_file():
        pytest.skip("../shared missing")
    settings, unmapped = translate(read_markdownlint(src), cli2=True)
    assert settings["rules"]["HD003"] == {"style": "atx"}
    assert "/content/LICENSE.md" in settings["extend-exclude"]  # anchored, as globby's glob
    assert settings["include"] == ["/content/**/*.md"]
    # every rule it names has an mdtidy twin; rules turned off there are ignored here
    assert unmapped == []
    assert {"WS007", "LS003", "LK004"} <= set(settings["ignore"])


def test_folder_markdownlint_config_is_found_and_notice_names_unmapped(tmp_path, capsys) -> None:
    from mdtidy.config import find_config, load_config

    (tmp_path / ".markdownlint.jsonc").write_text('{"default": true, "MD001": false, "MD999": true,}\n')
    path = find_config(tmp_path)
    assert path == tmp_path / ".markdownlint.jsonc"
    config = load_config(path)
    assert "HD002" in config.ignore
    assert "MD999" in capsys.readouterr().err


# ----------------------------------------------------------------- end to end, through the installed command


def test_cli_reads_a_markdownlint_config_by_alias_and_option(tmp_path) -> None:
    (tmp_path / "post.md").write_text("# Title\n\n* item\n\nTrailing space \n")
    # off by alias (no-trailing-spaces = MD009 = WS001); ul-style by alias with its option
    (tmp_path / ".markdownlint.yaml").write_text("no-trailing-spaces: false\nul-style:\n  style: dash\n")
    proc = mdtidy("--format", "concise", "post.md", cwd=tmp_path)
    codes = {line.split()[1] for line in proc.stdout.splitlines()}
    assert "WS001" not in codes
    assert "LS001" in codes, proc.stdout + proc.stderr  # `*` where the config asks for `-`


def test_cli2_file_wins_over_markdownlint_file_in_one_folder(tmp_path) -> None:
    from mdtidy.config import find_config

    (tmp_path / ".markdownlint.json").write_text("{}")
    (tmp_path / ".markdownlint-cli2.yaml").write_text("config:\n  default: true\n")
    assert find_config(tmp_path) == tmp_path / ".markdownlint-cli2.yaml"
    # an mdtidy configuration in the same folder wins over both
    (tmp_path / ".mdtidy.yaml").write_text("select: [WS]\n")
    assert find_config(tmp_path) == tmp_path / ".mdtidy.yaml"


def test_javascript_config_gets_a_notice_and_the_defaults(tmp_path) -> None:
    (tmp_path / "post.md").write_text("# Title\n\nTrailing space \n")
    (tmp_path / ".markdownlint-cli2.cjs").write_text("module.exports = {config: {MD009: false}};\n")
    proc = mdtidy("post.md", cwd=tmp_path)
    assert "JavaScript configurations are not supported" in proc.stderr
    assert ".markdownlint-cli2.cjs" in proc.stderr
    assert "WS001" in proc.stdout  # the defaults apply
    assert "Traceback" not in proc.stderr


def test_broken_json_config_is_one_clear_error_naming_file_and_line(tmp_path) -> None:
    (tmp_path / "post.md").write_text("# Title\n")
    (tmp_path / ".markdownlint.json").write_text('{\n  "MD009": false\n  "MD010": true\n}\n')
    proc = mdtidy("post.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert ".markdownlint.json:3" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_config_option_takes_a_markdownlint_file(tmp_path) -> None:
    (tmp_path / "post.md").write_text("# Title\n\nTrailing space \n")
    named = tmp_path / ".markdownlint.jsonc"
    named.write_text('{"MD009": false, // no trailing-space check\n}\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "post.md").write_text("# Title\n\nTrailing space \n")
    (sub / ".mdtidy.yaml").write_text("select: [WS001]\n")
    proc = mdtidy("--config", str(named), "post.md", cwd=sub)
    assert "WS001" not in proc.stdout, proc.stdout + proc.stderr


def test_config_option_takes_a_markdownlint_file_under_any_name(tmp_path: Path) -> None:
    """markdownlint-cli's --config takes any file name: mdtidy's does too, telling
    markdownlint's rules from mdtidy's settings by the keys."""
    (tmp_path / "post.md").write_text("# Title\n\nTrailing space \n\nA very long line indeed.\n")
    (tmp_path / "lint.jsonc").write_text(
        '{"MD009": false, // no trailing-space check\n "MD013": {"line_length": 10}}\n'
    )
    proc = mdtidy("--config", "lint.jsonc", "post.md", cwd=tmp_path)
    assert "WS001" not in proc.stdout and "WS007" in proc.stdout, proc.stdout + proc.stderr
    (tmp_path / "rules.yaml").write_text("default: false\nno-trailing-spaces: true\n")
    proc = mdtidy("--config", "rules.yaml", "post.md", cwd=tmp_path)
    assert "WS001" in proc.stdout and "WS007" not in proc.stdout, proc.stdout + proc.stderr
    (tmp_path / "aliases.yml").write_text("no-trailing-spaces: false\n")
    proc = mdtidy("--config", "aliases.yml", "post.md", cwd=tmp_path)
    assert proc.returncode in (0, 1) and "WS001" not in proc.stdout, proc.stdout + proc.stderr
    # mdtidy's own settings under such a name stay mdtidy's
    (tmp_path / "mine.yaml").write_text("select: [WS007]\nrules:\n  WS007:\n    line-length: 10\n")
    proc = mdtidy("--config", "mine.yaml", "post.md", cwd=tmp_path)
    assert "WS007" in proc.stdout and "WS001" not in proc.stdout, proc.stdout + proc.stderr


def test_a_rule_on_in_markdownlint_but_off_by_default_here_is_selected() -> None:
    from mdtidy.config import from_mapping, resolve_rules

    settings, unmapped = translate({"MD013": {"line_length": 100}, "MD009": False}, cli2=False)
    assert unmapped == []
    codes = {rule.code for rule in resolve_rules(from_mapping(settings, "test"))}
    assert "WS007" in codes  # line-length is off by default in mdtidy, on in the file
    assert "WS001" not in codes  # turned off there
    assert "DUP001" in codes  # the other defaults stay on
    assert settings["rules"]["WS007"] == {"line-length": 100}


# ----------------------------------------------------------------- extends


def test_extends_chain_merges_with_the_nearer_file_winning(tmp_path: Path) -> None:
    from mdtidy.config_markdownlint import translate_file

    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "base.json").write_text(
        '{"default": true, "MD009": false, "line-length": {"line_length": 60, "tables": false}}'
    )
    # a chain: mid.yaml extends base.json (relative to mid.yaml's folder)
    (tmp_path / "shared" / "mid.yaml").write_text("extends: base.json\nMD004:\n  style: dash\n")
    (tmp_path / ".markdownlint.yaml").write_text(
        "extends: shared/mid.yaml\nMD004:\n  style: plus\nMD013:\n  line_length: 100\n"
    )
    settings, unmapped, notices = translate_file(tmp_path / ".markdownlint.yaml")
    assert unmapped == [] and notices == []
    assert settings["ignore"] == ["WS001"]  # from base.json
    assert settings["rules"]["LS001"] == {"style": "plus"}  # the file's own wins over mid.yaml
    # MD013 replaces line-length whole (markdownlint's shallow merge): no "tables" left
    assert settings["rules"]["WS007"] == {"line-length": 100}


def test_extends_in_a_cli2_config_is_relative_to_the_cli2_file(tmp_path: Path) -> None:
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "style.jsonc").write_text('{"no-trailing-spaces": false, // off\n}')
    (tmp_path / ".markdownlint-cli2.jsonc").write_text('{"config": {"extends": "cfg/style.jsonc"}}')
    (tmp_path / "post.md").write_text("# Title\n\nTrailing space \n")
    proc = mdtidy("--format", "concise", "post.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr == ""


def test_extends_cycle_is_one_error_naming_the_files(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"extends": ".markdownlint.yaml"}')
    (tmp_path / ".markdownlint.yaml").write_text("extends: a.json\nMD009: false\n")
    (tmp_path / "post.md").write_text("# Title\n")
    proc = mdtidy("post.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert "'extends' makes a cycle" in proc.stderr, proc.stderr
    assert ".markdownlint.yaml ->" in proc.stderr and "a.json ->" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_extends_itself_is_a_cycle(tmp_path: Path) -> None:
    import pytest

    from mdtidy.config import ConfigError
    from mdtidy.config_markdownlint import translate_file

    (tmp_path / ".markdownlint.json").write_text('{"extends": "./.markdownlint.json"}')
    with pytest.raises(ConfigError, match="cycle"):
        translate_file(tmp_path / ".markdownlint.json")


def test_extends_a_missing_file_or_a_url_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text("# Title\n")
    for target, words in (
        ("base.json", "no such file"),
        ("../elsewhere/base", "no such file"),
        ("https://example.org/base.json", "not URLs"),
    ):
        (tmp_path / ".markdownlint.yaml").write_text(f"extends: {target}\n")
        proc = mdtidy("post.md", cwd=tmp_path)
        assert proc.returncode == 2, target
        assert ".markdownlint.yaml: extends" in proc.stderr and words in proc.stderr, proc.stderr
        assert target in proc.stderr


def test_extends_a_package_is_a_notice_and_the_local_settings_apply(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text("# Title\n\nTrailing space \n")
    (tmp_path / ".markdownlint.json").write_text('{"extends": "markdownlint/style/relaxed", "MD009": false}')
    proc = mdtidy("post.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "extends 'markdownlint/style/relaxed': a package" in proc.stderr
    assert "not applied" in proc.stderr


def test_a_markdownlint_file_beside_a_cli2_file_replaces_its_config(tmp_path: Path) -> None:
    from mdtidy.config_markdownlint import translate_file

    (tmp_path / ".markdownlint-cli2.yaml").write_text(
        "config:\n  MD009: false\nignores:\n  - old/**\ncustomRules:\n  - rule.js\n"
    )
    (tmp_path / ".markdownlint.yaml").write_text("MD010: false\n")
    settings, _unmapped, notices = translate_file(tmp_path / ".markdownlint-cli2.yaml")
    assert settings["ignore"] == ["WS004"]  # MD010 from .markdownlint.yaml; MD009 is not read
    assert settings["extend-exclude"] == ["/old/**"]  # the cli2 file's own settings stay
    assert any("replaced by .markdownlint.yaml" in n for n in notices)
    assert any("not carried over" in n and "customRules" in n for n in notices)


# ----------------------------------------------------------------- globs and ignores


def test_glob_to_gitignore() -> None:
    from mdtidy.config_markdownlint import glob_to_gitignore

    assert glob_to_gitignore("*.md") == ["/*.md"]  # globby: top level only
    assert glob_to_gitignore("./docs/**/*.md") == ["/docs/**/*.md"]
    assert glob_to_gitignore("{a,b/{c,d}}/*.md") == ["/a/*.md", "/b/c/*.md", "/b/d/*.md"]
    # a negated glob takes out a folder's files too, as globby skips the folder
    assert glob_to_gitignore("#node_modules") == ["!/node_modules", "!/node_modules/**"]
    assert glob_to_gitignore("!drafts/**") == ["!/drafts/**", "!/drafts/**/**"]
    assert glob_to_gitignore(":notes[1].md") == ["/notes\\[1\\].md"]


def _site(tmp_path: Path) -> None:
    for rel in ("README.md", "docs/a.md", "docs/draft/b.md", "docs/sub/README.md", "other/c.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# Title\n")


def test_cli2_globs_choose_the_files_and_ignores_are_anchored(tmp_path: Path) -> None:
    _site(tmp_path)
    (tmp_path / ".markdownlint-cli2.yaml").write_text(
        "globs:\n  - 'docs/**/*.md'\n  - '*.md'\n  - '#docs/draft'\nignores:\n  - README.md\n"
    )
    proc = mdtidy("--show-files", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    # README.md in ignores is the top-level one only (globby), not docs/sub/README.md
    assert sorted(proc.stdout.split()) == ["docs/a.md", "docs/sub/README.md"]
    # a folder named on the command line is filtered too; a file named there is always linted
    assert mdtidy("--show-files", "other", cwd=tmp_path).stdout == ""
    assert mdtidy("--show-files", "other/c.md", cwd=tmp_path).stdout.split() == ["other/c.md"]


def test_include_in_an_mdtidy_config(tmp_path: Path) -> None:
    _site(tmp_path)
    (tmp_path / ".mdtidy.yaml").write_text("include: ['docs/**', '!docs/draft/**']\n")
    proc = mdtidy("--show-files", cwd=tmp_path)
    assert sorted(proc.stdout.split()) == ["docs/a.md", "docs/sub/README.md"]
    (tmp_path / ".mdtidy.yaml").write_text("include: 3\n")
    bad = mdtidy("--show-files", cwd=tmp_path)
    assert bad.returncode == 2 and "'include' must be a list of strings" in bad.stderr


def test_extends_a_toml_file_and_a_javascript_file(tmp_path: Path) -> None:
    from mdtidy.config_markdownlint import translate_file

    (tmp_path / "base.toml").write_text('MD009 = false\n[MD004]\nstyle = "dash"\n')
    (tmp_path / ".markdownlint.jsonc").write_text('{"extends": "base.toml"}')
    settings, _unmapped, notices = translate_file(tmp_path / ".markdownlint.jsonc")
    assert settings["ignore"] == ["WS001"] and settings["rules"]["LS001"] == {"style": "dash"}
    assert notices == []
    (tmp_path / "base.cjs").write_text("module.exports = {MD009: false};\n")
    (tmp_path / ".markdownlint.jsonc").write_text('{"extends": "base.cjs", "MD010": false}')
    settings, _unmapped, notices = translate_file(tmp_path / ".markdownlint.jsonc")
    assert settings["ignore"] == ["WS004"]
    assert len(notices) == 1 and "JavaScript configurations are not supported" in notices[0]


def test_extends_an_installed_package_is_read_from_node_modules(tmp_path: Path) -> None:
    from mdtidy.config_markdownlint import translate_file

    style = tmp_path / "node_modules" / "markdownlint" / "style"
    style.mkdir(parents=True)
    (style / "relaxed.json").write_text('{"default": true, "no-trailing-spaces": false}')
    site = tmp_path / "site"
    site.mkdir()
    (site / ".markdownlint.json").write_text('{"extends": "markdownlint/style/relaxed", "MD010": false}')
    settings, _unmapped, notices = translate_file(site / ".markdownlint.json")
    assert notices == []
    assert sorted(settings["ignore"]) == ["WS001", "WS004"]


def test_tags_turn_groups_of_rules_on_and_off_and_a_later_key_wins() -> None:
    from mdtidy.config import from_mapping, resolve_rules

    # markdownlint's style/relaxed.json, word for word
    relaxed = {
        "comment": "Relaxed rules",
        "default": True,
        "whitespace": False,
        "line_length": False,
        "ul-indent": False,
        "no-inline-html": False,
        "no-bare-urls": False,
        "fenced-code-language": False,
        "first-line-h1": False,
    }
    settings, unmapped = translate(relaxed, cli2=False)
    codes = {rule.code for rule in resolve_rules(from_mapping(settings, "test"))}
    assert "WS001" not in codes and "WS004" not in codes  # MD009, MD010: whitespace
    assert "HT001" not in codes and "DUP001" in codes
    assert all(not u.startswith(("whitespace", "line_length", "comment")) for u in unmapped)
    # a later key wins over an earlier one, whether tag, code or alias
    settings, _ = translate({"whitespace": False, "MD009": True}, cli2=False)
    assert "WS001" not in settings.get("ignore", []) and "WS004" in settings["ignore"]
    settings, _ = translate({"no-trailing-spaces": True, "MD009": False}, cli2=False)
    assert settings["ignore"] == ["WS001"]
    # a tag's options go to the rules of the tag that have them
    settings, unmapped = translate({"default": False, "headings": {"style": "atx"}}, cli2=False)
    assert settings["rules"]["HD003"] == {"style": "atx"} and "HD002" in settings["select"]
    assert unmapped == []


def test_a_javascript_file_beside_a_cli2_file_is_named(tmp_path: Path) -> None:
    from mdtidy.config_markdownlint import translate_file

    (tmp_path / ".markdownlint-cli2.jsonc").write_text('{"config": {"MD009": false}}')
    (tmp_path / ".markdownlint.cjs").write_text("module.exports = {};\n")
    settings, _unmapped, notices = translate_file(tmp_path / ".markdownlint-cli2.jsonc")
    assert settings["ignore"] == ["WS001"]
    assert len(notices) == 1 and ".markdownlint.cjs" in notices[0]
