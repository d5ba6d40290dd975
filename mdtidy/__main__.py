"""``python -m mdtidy``: the same as the ``mdtidy`` command."""

from mdtidy.cli import entry

if __name__ == "__main__":
    entry()
