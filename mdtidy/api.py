"""The library API: lint or fix a string or one file, with the same engine as the CLI."""

from __future__ import annotations

from pathlib import Path

from mdtidy.config import Config, resolve_rules
from mdtidy.engine import check_corpus, fix_text, lint_text, sort_key
from mdtidy.model import Corpus, Diagnostic
from mdtidy.parsing.source import Source, decode
from mdtidy.run.files import read_snapshot, write_atomic

__all__ = ["check", "fix", "fix_file"]


def check(text: str, *, path: str = "<string>", config: Config | None = None) -> list[Diagnostic]:
    """Findings for Markdown ``text`` (cross-file rules see this text as the whole corpus)."""
    config = config or Config()
    rules = resolve_rules(config)
    source = Source(text)
    diags, summary, _doc = lint_text(source, path, config, rules)
    diags += check_corpus(Corpus([summary], config), path, rules, source)
    return sorted(diags, key=sort_key)


def fix(text: str, *, path: str = "<string>", config: Config | None = None, unsafe: bool = False) -> str:
    """``text`` after applying every applicable fix until stable."""
    config = config or Config()
    rules = resolve_rules(config)
    source = Source(text)
    _d, summary, _doc = lint_text(source, path, config, [])
    return fix_text(source, path, config, rules, Corpus([summary], config), unsafe).text


def fix_file(path: str | Path, *, config: Config | None = None, unsafe: bool = False) -> bool:
    """Fix one file in place (atomically, keeping encoding, BOM, line endings and mode).

    Returns whether the file changed. Raises :class:`mdtidy.parsing.source.DecodeError` for
    files that are not text and :class:`mdtidy.run.files.FileChangedError` when the file
    changed on disk while it was being fixed.
    """
    snapshot = read_snapshot(Path(path))
    source = decode(snapshot.data)
    config = config or Config()
    rules = resolve_rules(config)
    _d, summary, _doc = lint_text(source, str(path), config, [])
    text = fix_text(source, str(path), config, rules, Corpus([summary], config), unsafe).text
    if text == source.text:
        return False
    write_atomic(snapshot, source.encode(text))
    return True
