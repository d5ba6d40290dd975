"""Helpers the rules share (headings, lists, emphasis, blocks, entries, inline text)."""
