"""mdtidy: a deduplicating Markdown linter and normalizer with exact, lossless fixes.

The public API is small::

    import mdtidy
    findings = mdtidy.check("text with http://example.com twice http://example.com\n")
    fixed = mdtidy.fix("...")            # the text after safe fixes
    mdtidy.fix_file("post.md")            # fixes a file in place, atomically
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "check", "fix", "fix_file"]

if TYPE_CHECKING:
    from mdtidy.api import check, fix, fix_file


def __getattr__(name: str) -> Any:
    # the API (and the engine behind it) is imported on first use, not by ``import mdtidy``:
    # ``mdtidy.cli`` and the language server import only what their run needs
    if name in ("check", "fix", "fix_file"):
        from mdtidy import api

        return getattr(api, name)
    raise AttributeError(f"module 'mdtidy' has no attribute {name!r}")
