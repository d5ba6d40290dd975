"""DUP002 cross-file-duplicate: an entry that an earlier post of the same run already has.

## What it does
Builds one index of every file's links (a hash join on canonical URLs, the same form as
DUP001's, linear in the number of links) and reports, in each file, the first occurrence
of every URL that an *earlier* file already links, with `related` pointing at that
earlier occurrence (the *keeper*). Later uses of the same URL inside one file are
DUP001's business.

By default (`scope = "entries"`) only *entries* count, on both sides: a list item or
paragraph that is a link plus its caption, as DUP001 defines them. That is the case this
rule is for: a reference list copied from one post into another. A documentation site
links the same API page from many pages in running prose, and an author acts on none of
those (on MkDocs Material's documentation `scope = "all"` reports 352 such links, on
Hugo's 214). `scope = "all"` compares every link, images apart from links, and `href`/
`src` URLs of inline HTML as links.

Corpus order decides which file is earlier, so the keeper is stable however the files
are listed: posts with a date come first, oldest first (the date is the front matter's
`date`, else a Jekyll-style `YYYY-MM-DD-` file-name prefix); then undated files; ties
are broken by path. `mdtidy --report overlap` shows the same overlap per pair of files.

## Why is this bad?
Two posts that share a long reference list are usually one post written twice. Knowing
the overlap tells a blogger which posts to merge or to cross-link.

## Example
`2019-01-01-pytorch.md` and `2020-05-01-frameworks.md` both list
`- [PyTorch](https://pytorch.org/) tensors and autograd`: the finding is on the 2020
post and points at the 2019 one.

```toml
[tool.mdtidy.rules.DUP002]
scope = "all"   # every link, not only entries
```

## Fix safety
No fix: which copy to keep is an editorial decision.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.entries import entry_for
from mdtidy.model import Corpus, CorpusRule, Diagnostic, FileRule, LinkRecord, Related
from mdtidy.parsing.parse import Document


class CrossFileDuplicate(FileRule, CorpusRule):
    code = "DUP002"
    name = "cross-file-duplicate"
    summary = "An entry (link and caption) that an earlier file of the run already has"
    options = {"scope": "entries"}
    choices = {"scope": ("entries", "all")}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        return iter(())  # everything happens across files

    def summarize(self, doc: Document, ctx: Any) -> list[int] | None:
        """With scope = entries, where the URLs of the file's entries start."""
        if self.opts["scope"] == "all":
            return None
        return [
            link.url_start
            for link in doc.links
            if link.url_start is not None and entry_for(doc, link) is not None
        ]

    def _links(self, summary: Any) -> Iterator[LinkRecord]:
        """The summary's links this rule compares."""
        links = (link for link in summary.links if link.kind != "reference")
        if self.opts["scope"] == "all":
            yield from links
            return
        entries = set(summary.extras.get(self.code) or ())
        yield from (link for link in links if link.url_start in entries)

    def _keepers(self, corpus: Corpus) -> dict[tuple[str, bool], tuple[str, LinkRecord]]:
        cached = corpus.cache.get(self.code)
        if cached is None:
            cached = {}
            for summary in corpus.summaries:
                for link in self._links(summary):
                    cached.setdefault((link.key, link.image), (summary.path, link))
            corpus.cache[self.code] = cached
        return cached

    def check_corpus(self, corpus: Corpus, path: str) -> Iterator[Diagnostic]:
        summary = corpus.by_path.get(path)
        if summary is None:
            return
        keepers = self._keepers(corpus)
        reported: set[tuple[str, bool]] = set()
        for link in self._links(summary):
            key = (link.key, link.image)
            keeper = keepers.get(key)
            if keeper is None or keeper[0] == path or key in reported:
                continue
            reported.add(key)
            other_path, other = keeper
            yield Diagnostic(
                f"{link.url} is also linked in {other_path}:{other.line}",
                link.url_start,
                link.url_end,
                related=[Related(other_path, other.line, other.column, "first linked here")],
            )
