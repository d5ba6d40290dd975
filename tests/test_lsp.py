"""``mdtidy server`` end to end: the installed server as a subprocess, driven by a real LSP
client (pytest-lsp's, built on pygls). The seed-post tests need ``../shared/seeds`` beside
the repository (copied into a temporary folder) and are skipped without it; the others
use small documents of their own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lsp_session import NOTES, apply_edits, diagnostics, mdtidy_executable, open_doc, session
from lsprotocol import types

from mdtidy.lsp.positions import offset_at, position_of, units
from mdtidy.parsing.source import Source

ROOT = Path(__file__).resolve().parents[1]
#: ../shared beside the repository (as tests/test_corpus.py finds it); MDTIDY_SHARED names
#: another place (a git worktree's checkout is not beside it)
SEEDS = Path(os.environ.get("MDTIDY_SHARED") or ROOT.parent / "shared") / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} not found beside the repository")


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "site"
    (root / ".git").mkdir(parents=True)  # the site is its own repository
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8", newline="")
    return root


def _seed_site(tmp_path: Path, names: list[str]) -> Path:
    root = _site(tmp_path, {})
    for name in names:
        shutil.copyfile(SEEDS / name, root / name)
    return root


def _cli_fixed(path: Path, *args: str) -> str:
    """What ``mdtidy --fix ARGS`` makes of a copy of ``path`` (alone in its folder)."""
    copy = path.parent.parent / "cli" / path.name
    copy.parent.mkdir(exist_ok=True)
    (copy.parent / ".git").mkdir(exist_ok=True)
    shutil.copyfile(path, copy)
    subprocess.run(
        [mdtidy_executable(), "--fix", *args, copy.name], cwd=copy.parent, capture_output=True, check=False
    )
    return copy.read_text(encoding="utf-8")


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def _quick_fixes(client, uri: str, diag: types.Diagnostic) -> list[types.CodeAction]:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=_doc(uri),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag], only=[types.CodeActionKind.QuickFix]),
        )
    )
    return list(actions or [])


async def _format(client, uri: str) -> list[types.TextEdit]:
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=_doc(uri), options=types.FormattingOptions(tab_size=4, insert_spaces=True)
        )
    )
    return list(edits or [])


def _change(client, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


# --------------------------------------------------------------------------- positions (no server)


def test_utf16_positions_round_trip() -> None:
    source = Source("a\r\n中文😀 x\n")
    at = source.text.index("x")
    assert position_of(source, at) == (1, 5)  # 中, 文: one unit each; 😀: two
    assert position_of(source, at, "utf-32") == (1, 4)
    assert position_of(source, at, "utf-8") == (1, 11)
    assert offset_at(source, 1, 5) == at
    assert offset_at(source, 1, 99) == source.text.index(" x") + 2  # clamped to the line
    assert offset_at(source, 0, 9) == 1  # never inside the line break
    assert units("😀") == 2


# --------------------------------------------------------------------------- own fixtures


@pytest.mark.asyncio
async def test_fixture_document_diagnostics_fixes_hover_and_format(tmp_path: Path) -> None:
    root = _site(tmp_path, {"notes.md": NOTES})
    notes = root / "notes.md"
    async with session(root) as client:
        uri = open_doc(client, notes)
        found = await diagnostics(client, uri, lambda d: {"DUP001", "URL001"} <= {x.code for x in d})
        dup = next(d for d in found if d.code == "DUP001")
        assert dup.range == types.Range(types.Position(4, 12), types.Position(4, 32))
        assert dup.severity == types.DiagnosticSeverity.Warning
        assert dup.code_description is not None
        assert dup.code_description.href.endswith("/rules/dup001_duplicate_link.py")
        [related] = dup.related_information or []
        assert related.location.uri == uri
        assert related.location.range.start == types.Position(2, 12)

        # UTF-16: 中 and 文 are one unit each, 😀 two; the link starts at code point 19
        url = next(d for d in found if d.code == "URL001")
        assert url.range == types.Range(types.Position(6, 20), types.Position(6, 43))
        line = NOTES.splitlines()[6]
        assert line.encode("utf-16-le")[2 * 20 : 2 * 43].decode("utf-16-le") == "http://example.com/docs"

        # quick fixes: the DUP001 fix gives what mdtidy --fix --select DUP001 gives
        actions = await _quick_fixes(client, uri, dup)
        titles = [a.title for a in actions]
        assert any(t.startswith("mdtidy: fix DUP001") for t in titles)
        assert "mdtidy: disable DUP001 for this line" in titles
        fix = next(a for a in actions if a.title.startswith("mdtidy: fix DUP001"))
        assert fix.edit is not None and fix.edit.changes is not None
        assert apply_edits(NOTES, fix.edit.changes[uri]) == _cli_fixed(notes, "--select", "DUP001")

        # the unsafe URL001 fix is offered, labelled
        url_actions = await _quick_fixes(client, uri, url)
        assert any(a.title.endswith("(unsafe fix)") and not a.is_preferred for a in url_actions)

        # "disable for this line inserts a comment that mdtidy honours
        disable = next(a for a in actions if a.title.startswith("mdtidy: disable"))
        assert disable.edit is not None and disable.edit.changes is not None
        disabled = apply_edits(NOTES, disable.edit.changes[uri])
        assert "<!-- markdownlint-disable-line DUP001 -->" in disabled.splitlines()[4]
        _change(client, uri, 2, disabled)
        await diagnostics(client, uri, lambda d: "DUP001" not in {x.code for x in d})
        _change(client, uri, 3, NOTES)
        await diagnostics(client, uri, lambda d: "DUP001" in {x.code for x in d})

        # hover: summary and why
        result = await client.text_document_hover_async(
            types.HoverParams(text_document=_doc(uri), position=dup.range.start)
        )
        assert result is not None and isinstance(result.contents, types.MarkupContent)
        assert "DUP001 duplicate-link" in result.contents.value
        assert "Why:" in result.contents.value

        # formatting = mdtidy --fix; source.fixAll.mdtidy too
        formatted = apply_edits(NOTES, await _format(client, uri))
        assert formatted == _cli_fixed(notes)
        [fix_all] = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=_doc(uri),
                range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.mdtidy"]),
            )
        )
        assert fix_all.edit is not None and fix_all.edit.changes is not None
        assert apply_edits(NOTES, fix_all.edit.changes[uri]) == formatted

        # --explain on demand
        explained = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="mdtidy.explain", arguments=["DUP001"])
        )
        assert "## Why is this bad?" in explained


@pytest.mark.asyncio
async def test_crashing_rule_and_slow_document_get_an_error_and_the_server_keeps_serving(
    tmp_path: Path,
) -> None:
    plugin = tmp_path / "plugin"
    (plugin / "crashy_rule-0.1.dist-info").mkdir(parents=True)
    (plugin / "crashy_rule-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: crashy-rule\nVersion: 0.1\n", encoding="utf-8"
    )
    (plugin / "crashy_rule-0.1.dist-info" / "entry_points.txt").write_text(
        "[mdtidy.rules]\ncrashy = crashy_rule:Crashy\n", encoding="utf-8"
    )
    (plugin / "crashy_rule.py").write_text(
        "from mdtidy.model import FileRule\n\n\n"
        "class Crashy(FileRule):\n"
        '    code, name, summary = "ZZZ901", "crashy-test-rule", "Crashes or hangs on purpose"\n\n'
        "    def check(self, doc, ctx):\n"
        '        if "CRASH-ME" in doc.text:\n'
        '            raise RuntimeError("boom on purpose")\n'
        '        while "HANG-ME" in doc.text:\n'
        "            pass\n"
        "        return []\n",
        encoding="utf-8",
    )
    root = _site(
        tmp_path,
        {
            ".mdtidy.yaml": "file-timeout: 0.5\n",
            "crash.md": "# Crash\n\nCRASH-ME\n",
            "hang.md": "# Hang\n\nHANG-ME\n",
        },
    )
    async with session(root, env={"PYTHONPATH": str(plugin)}) as client:
        crash = open_doc(client, root / "crash.md")
        [error] = await diagnostics(client, crash)
        assert error.severity == types.DiagnosticSeverity.Error
        assert "internal error while linting: RuntimeError: boom on purpose" in error.message
        hang = open_doc(client, root / "hang.md")
        [slow] = await diagnostics(client, hang)
        assert slow.severity == types.DiagnosticSeverity.Error
        assert "file-timeout" in slow.message
        # still serving: a hover answers, and a good document gets its findings
        await client.text_document_hover_async(
            types.HoverParams(text_document=_doc(crash), position=types.Position(0, 0))
        )
        good = open_doc(client, root / "notes.md", NOTES)
        await diagnostics(client, good, lambda d: "DUP001" in {x.code for x in d})


@pytest.mark.asyncio
async def test_saved_and_deleted_files_update_cross_file_findings(tmp_path: Path) -> None:
    entry = "- [PyTorch](https://pytorch.org/) the framework\n"
    # DUP002 reports the later file (by date, then path) and keeps the first copy: a.md's
    root = _site(tmp_path, {"a.md": "# A\n\nnothing yet\n", "b.md": f"# B\n\n{entry}"})
    a_uri = (root / "a.md").as_uri()

    def changed(kind: types.FileChangeType) -> None:
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=a_uri, type=kind)])
        )

    async with session(root) as client:
        b = open_doc(client, root / "b.md")
        await diagnostics(client, b, lambda d: "DUP002" not in {x.code for x in d})
        (root / "a.md").write_text(f"# A\n\n{entry}", encoding="utf-8")
        changed(types.FileChangeType.Changed)
        found = await diagnostics(client, b, lambda d: "DUP002" in {x.code for x in d})
        dup2 = next(d for d in found if d.code == "DUP002")
        assert dup2.related_information is not None
        assert dup2.related_information[0].location.uri == a_uri
        assert dup2.related_information[0].location.range.start == types.Position(2, 12)
        (root / "a.md").unlink()
        changed(types.FileChangeType.Deleted)
        await diagnostics(client, b, lambda d: "DUP002" not in {x.code for x in d})


@pytest.mark.asyncio
async def test_saving_an_open_document_updates_the_others(tmp_path: Path) -> None:
    entry = "- [PyTorch](https://pytorch.org/) the framework\n"
    root = _site(tmp_path, {"a.md": "# A\n\nnothing yet\n", "b.md": f"# B\n\n{entry}"})
    async with session(root) as client:
        a = open_doc(client, root / "a.md")
        b = open_doc(client, root / "b.md")
        await diagnostics(client, b, lambda d: "DUP002" not in {x.code for x in d})
        _change(client, a, 2, f"# A\n\n{entry}")  # unsaved: b.md still sees a.md on disk
        (root / "a.md").write_text(f"# A\n\n{entry}", encoding="utf-8")
        client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=_doc(a)))
        await diagnostics(client, b, lambda d: "DUP002" in {x.code for x in d})


# --------------------------------------------------------------------------- the seed posts


@needs_seeds
@pytest.mark.asyncio
async def test_seed_post_diagnostics_fix_format_and_change(tmp_path: Path) -> None:
    root = _seed_site(tmp_path, ["pytorch.md"])
    post = root / "pytorch.md"
    text = post.read_text(encoding="utf-8")
    async with session(root) as client:
        uri = open_doc(client, post)
        found = await diagnostics(client, uri, lambda d: "DUP001" in {x.code for x in d})
        [dup] = [d for d in found if d.code == "DUP001"]
        assert dup.range.start.line + 1 == 435
        [related] = dup.related_information or []
        assert related.location.range.start.line + 1 == 403
        http_lines = {i + 1 for i, line in enumerate(text.splitlines()) if "http://" in line}
        url001 = {d.range.start.line + 1 for d in found if d.code == "URL001"}
        assert url001 and url001 <= http_lines
        assert {15, 33} <= url001

        actions = await _quick_fixes(client, uri, dup)
        fix = next(a for a in actions if a.title.startswith("mdtidy: fix DUP001"))
        assert fix.edit is not None and fix.edit.changes is not None
        fixed = apply_edits(text, fix.edit.changes[uri])
        assert fixed == _cli_fixed(post, "--select", "DUP001")

        assert apply_edits(text, await _format(client, uri)) == _cli_fixed(post)

        _change(client, uri, 2, fixed)
        await diagnostics(client, uri, lambda d: "DUP001" not in {x.code for x in d})


@needs_seeds
@pytest.mark.asyncio
async def test_seed_posts_cross_file_duplicates_of_a_file_not_open(tmp_path: Path) -> None:
    root = _seed_site(tmp_path, ["pytorch.md", "pytorch-paddle-mxnet-ir.md"])
    expected = subprocess.run(
        [mdtidy_executable(), "--select", "DUP002", "--format", "concise", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    lines = {int(row.split(":")[1]) for row in expected.splitlines() if row.startswith("pytorch.md:")}
    assert lines
    async with session(root) as client:
        uri = open_doc(client, root / "pytorch.md")
        found = await diagnostics(client, uri, lambda d: "DUP002" in {x.code for x in d})
        dup2 = [d for d in found if d.code == "DUP002"]
        assert {d.range.start.line + 1 for d in dup2} == lines
        other = (root / "pytorch-paddle-mxnet-ir.md").as_uri()
        assert all(d.related_information and d.related_information[0].location.uri == other for d in dup2)


def test_plain_mdtidy_does_not_import_pygls(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom mdtidy.cli import main\n"
        "try:\n    main(['--list-rules'])\nexcept SystemExit:\n    pass\n"
        "print('pygls' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"
