"""mdtidy's built-in rules: one module per rule, its docstring is its documentation.

This folder installs as the ``mdtidy.rules`` package; the engine discovers every module
in it (see ``mdtidy.registry``).
"""
