"""``python -m mdtidy``: the same as the ``mdtidy`` command."""

from mdtidy.cli import main

if __name__ == "__main__":
    main()
