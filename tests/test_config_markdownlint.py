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

    src = (
        Path(__file__).resolve().parents[1]
        / ".."
        / "shared"
        / "corpus"
        / "hugo-docs"
        / ".markdownlint-cli2.yaml"
    )
    if not src.is_file():
        pytest.skip("../shared missing")
    settings, unmapped = translate(read_markdownlint(src), cli2=True)
    assert settings["rules"]["HD003"] == {"style": "atx"}
    assert "content/LICENSE.md" in settings["extend-exclude"]
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


def test_a_rule_on_in_markdownlint_but_off_by_default_here_is_selected() -> None:
    from mdtidy.config import from_mapping, resolve_rules

    settings, unmapped = translate({"MD013": {"line_length": 100}, "MD009": False}, cli2=False)
    assert unmapped == []
    codes = {rule.code for rule in resolve_rules(from_mapping(settings, "test"))}
    assert "WS007" in codes  # line-length is off by default in mdtidy, on in the file
    assert "WS001" not in codes  # turned off there
    assert "DUP001" in codes  # the other defaults stay on
    assert settings["rules"]["WS007"] == {"line-length": 100}
