"""Bytes to a positioned AST: decoding, front matter, mistune with positions, the rendered page."""
