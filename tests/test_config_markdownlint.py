import json

from mdtidy.config_markdownlint import strip_jsonc, translate


def test_strip_jsonc_keeps_strings() -> None:
    text = '{\n  // c\n  "a": "x // y /* z */", /* b */\n  "b": [1, 2,],\n}\n'
    assert json.loads(strip_jsonc(text)) == {"a": "x // y /* z */", "b": [1, 2]}


def test_translate_default_false_and_unknown() -> None:
    settings, unmapped = translate({"default": False, "MD001": True, "MD999": True}, cli2=False)
    assert settings["select"] == ["HD002"]
    assert unmapped == ["MD999"]


def test_hugo_docs_config_maps() -> None:
    from pathlib import Path

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
    assert unmapped  # rules mdtidy does not have (yet) are named, not dropped


def test_folder_markdownlint_config_is_found_and_notice_names_unmapped(tmp_path, capsys) -> None:
    from mdtidy.config import find_config, load_config

    (tmp_path / ".markdownlint.jsonc").write_text('{"default": true, "MD001": false, "MD999": true,}\n')
    path = find_config(tmp_path)
    assert path == tmp_path / ".markdownlint.jsonc"
    config = load_config(path)
    assert "HD002" in config.ignore
    assert "MD999" in capsys.readouterr().err
