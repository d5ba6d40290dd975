"""DUP002 cross-file-duplicate: a URL that an earlier post of the same run already links.

## What it does
Builds one index of every file's links (a hash join on canonical URLs, the same form as
DUP001's, linear in the number of links) and reports, in each file, the first occurrence
of every URL that an *earlier* file already links, with `related` pointing at that
earlier occurrence (the *keeper*). Later uses of the same URL inside one file are
DUP001's business. Images and links are apart, as in DUP001; `href`/`src` URLs of
inline HTML count as links.

Corpus order decides which file is earlier, so the keeper is stable however the files
are listed: posts with a date come first, oldest first (the date is the front matter's
`date`, else a Jekyll-style `YYYY-MM-DD-` file-name prefix); then undated files; ties
are broken by path. `mdtidy --report overlap` shows the same overlap per pair of files.

## Why is this bad?
Two posts that share a long reference list are usually one post written twice. Knowing
the overlap tells a blogger which posts to merge or to cross-link.

## Example
`2019-01-01-pytorch.md` and `2020-05-01-frameworks.md` both link
`https://pytorch.org/`: the finding is on the 2020 post and points at the 2019 one.

## Fix safety
No fix: which copy to keep is an editorial decision.
"""

from __future__ import annotations

from collections.abc import Iterator

from mdtidy.model import Corpus, CorpusRule, Diagnostic, LinkRecord, Related


class CrossFileDuplicate(CorpusRule):
    code = "DUP002"
    name = "cross-file-duplicate"
    summary = "A URL that an earlier file of the run already links"

    def _keepers(self, corpus: Corpus) -> dict[tuple[str, bool], tuple[str, LinkRecord]]:
        cached = corpus.cache.get(self.code)
        if cached is None:
            cached = {}
            for summary in corpus.summaries:
                for link in summary.links:
                    if link.kind != "reference":
                        cached.setdefault((link.key, link.image), (summary.path, link))
            corpus.cache[self.code] = cached
        return cached

    def check_corpus(self, corpus: Corpus, path: str) -> Iterator[Diagnostic]:
        summary = corpus.by_path.get(path)
        if summary is None:
            return
        keepers = self._keepers(corpus)
        reported: set[tuple[str, bool]] = set()
        for link in summary.links:
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
