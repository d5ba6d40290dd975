"""A run over many files: discovery, reading and atomic writing, workers, cross-file reports."""
