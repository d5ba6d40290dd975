"""mdtidy: a deduplicating Markdown linter and normalizer with exact, lossless fixes.

The public API is small::

    import mdtidy
    findings = mdtidy.check("text with http://example.com twice http://example.com\n")
    fixed = mdtidy.fix("...")            # the text after safe fixes
    mdtidy.fix_file("post.md")            # fixes a file in place, atomically
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import check, fix, fix_file

__all__ = ["__version__", "check", "fix", "fix_file"]
