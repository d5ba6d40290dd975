"""Generate the README's rules table from the rules themselves.

``python -m mdtidy.docs`` prints it; ``--write`` updates README.md in place; ``--check``
exits 1 when README.md is out of date (CI and a test use it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mdtidy.model import Rule
from mdtidy.registry import all_rules

START, END = "<!-- rules-table:start -->", "<!-- rules-table:end -->"


def rules_table() -> str:
    rows = [
        "| code | name | markdownlint | fix | default | summary |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in all_rules():
        aliases = ", ".join(rule.aliases) or "-"
        default = "on" if rule.default_enabled else "off"
        cells = (rule.code, rule.name, aliases, rule.fixable, default, rule.summary)
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def scope_note(rule: type[Rule]) -> str:
    """What every rule leaves alone: the opaque regions of the file's flavor."""
    note = (
        "Like every rule, it reports nothing inside the opaque regions of the file's flavor "
        "(math, Liquid, Hugo shortcodes, kramdown extensions, MkDocs markers; see the "
        'README\'s "Real sites: flavors"), and no fix edits them.'
    )
    if rule.protected_kinds:
        kinds = ", ".join(sorted(rule.protected_kinds))
        note += f" Exception: its own fixes may edit {kinds}, which the byte guard protects from other rules."
    return note


def update(readme: str) -> str:
    """README.md with the table between the markers replaced (blank lines around it)."""
    head, rest = readme.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}\n\n{rules_table()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    readme = Path("README.md")
    if "--write" in argv or "--check" in argv:
        text = readme.read_text(encoding="utf-8")
        new = update(text)
        if "--check" in argv:
            if new != text:
                print("README.md rules table is out of date: run python -m mdtidy.docs --write")
                return 1
            return 0
        readme.write_text(new, encoding="utf-8")
        return 0
    sys.stdout.write(rules_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
