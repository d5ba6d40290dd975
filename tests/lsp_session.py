"""Drive the installed ``mdtidy server`` with a real LSP client (pytest-lsp's, built on
pygls) and, run as a script, record one session's JSON-RPC messages::

    python tests/lsp_session.py > /tmp/session.txt

The script works in a temporary folder on a small document of its own (a duplicate
link, an ``http://`` link after CJK text and an emoji): initialize, open, diagnostics,
code actions, hover, formatting, shutdown. The helpers are what tests/test_lsp.py uses.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities, make_test_lsp_client

#: a guard against a hung server, not a timing assertion
WAIT = 120.0

NOTES = (
    "# Notes\n"
    "\n"
    "- [PyTorch](https://pytorch.org/) the framework\n"
    "- [Paddle](https://www.paddlepaddle.org.cn/) another one\n"
    "- [PyTorch](https://pytorch.org/) the framework\n"
    "\n"
    "中文😀 see [the docs](http://example.com/docs) here.\n"
)


def mdtidy_executable() -> str:
    """The ``mdtidy`` script installed beside this Python."""
    found = shutil.which("mdtidy", path=str(Path(sys.executable).parent)) or shutil.which("mdtidy")
    if found is None:
        raise RuntimeError("mdtidy is not installed (pip install -e .)")
    return found


def record(client: LanguageClient, log: list[tuple[str, dict[str, Any]]]) -> None:
    """Append every JSON-RPC message the client sends (``-->``) or receives (``<--``) to ``log``."""
    protocol = client.protocol
    send, structure = protocol._send_data, protocol.structure_message

    def sending(data: Any) -> None:
        log.append(("-->", json.loads(json.dumps(data, default=protocol._serialize_message))))
        send(data)

    def receiving(data: dict[str, Any]) -> Any:
        if isinstance(data, dict) and "jsonrpc" in data:
            log.append(("<--", data))
        return structure(data)

    protocol._send_data = sending  # type: ignore[method-assign]
    protocol.structure_message = receiving  # type: ignore[method-assign]


@asynccontextmanager
async def session(
    root: Path, env: dict[str, str] | None = None, log: list[tuple[str, dict[str, Any]]] | None = None
) -> AsyncIterator[LanguageClient]:
    """A started and initialized ``mdtidy server`` whose workspace is the folder ``root``."""
    import os

    client = make_test_lsp_client()

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(_params: types.RegistrationParams) -> None:
        return None

    if log is not None:
        record(client, log)
    await client.start_io(mdtidy_executable(), "server", env={**os.environ, **(env or {})}, cwd=str(root))
    try:
        await asyncio.wait_for(
            client.initialize_session(
                types.InitializeParams(
                    capabilities=client_capabilities("visual-studio-code"),
                    root_uri=root.as_uri(),
                    workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
                )
            ),
            WAIT,
        )
        yield client
        await asyncio.wait_for(client.shutdown_session(), WAIT)
    finally:
        server = client._server
        if server is not None and server.returncode is None and not client.protocol._shutdown:
            server.kill()  # a failed test: no orderly shutdown
        await client.stop()


def open_doc(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="markdown",
                version=version,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return uri


async def diagnostics(
    client: LanguageClient, uri: str, ready: Callable[[Sequence[types.Diagnostic]], bool] = lambda d: True
) -> Sequence[types.Diagnostic]:
    """The diagnostics of ``uri`` once a published set satisfies ``ready``."""

    async def wait() -> Sequence[types.Diagnostic]:
        while True:
            found = client.diagnostics.get(uri)
            if found is not None and ready(found):
                return found
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), WAIT)


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """``text`` after LSP text edits (UTF-16 positions), applied from the end."""
    lines = text.splitlines(keepends=True) or [""]

    def offset(pos: types.Position) -> int:
        if pos.line >= len(lines):
            return len(text)
        start = sum(len(line) for line in lines[: pos.line])
        units = 0
        for index, ch in enumerate(lines[pos.line]):
            if units >= pos.character or ch in "\r\n":
                return start + index
            units += 2 if ord(ch) > 0xFFFF else 1
        return start + len(lines[pos.line])

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def main() -> int:
    log: list[tuple[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        (root / ".git").mkdir(parents=True)
        notes = root / "notes.md"
        notes.write_text(NOTES, encoding="utf-8")
        async with session(root, log=log) as client:
            uri = open_doc(client, notes)
            found = await diagnostics(client, uri, lambda d: any(x.code == "DUP001" for x in d))
            dup = next(d for d in found if d.code == "DUP001")
            await client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=dup.range,
                    context=types.CodeActionContext(diagnostics=[dup], only=[types.CodeActionKind.QuickFix]),
                )
            )
            await client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri), position=dup.range.start
                )
            )
            await client.text_document_formatting_async(
                types.DocumentFormattingParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    options=types.FormattingOptions(tab_size=4, insert_spaces=True),
                )
            )
    for direction, message in log:
        print(direction, json.dumps(message, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
