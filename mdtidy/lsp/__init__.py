"""``mdtidy server``: a language server (LSP) for editors.

This package imports pygls only when the server starts (:func:`main`), so a plain
``mdtidy`` run never loads it. :mod:`mdtidy.lsp.positions` and :mod:`mdtidy.lsp.state`
hold the editor-independent parts (position conversion, the workspace index, linting and
fixing one open document); :mod:`mdtidy.lsp.server` is the protocol glue.
"""

from __future__ import annotations

__all__ = ["main"]


def main(argv: list[str]) -> int:
    """Run ``mdtidy server [--tcp HOST:PORT] [--log-file FILE]``; returns the exit code."""
    from mdtidy.lsp.server import run_server

    return run_server(argv)
