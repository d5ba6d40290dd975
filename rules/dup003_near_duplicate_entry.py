"""DUP003 near-duplicate-entry: the same caption under two different URLs (one post, or across posts).

## What it does
Compares the captions of the post's *entries* and reports a later entry whose caption
is near-identical to an earlier entry's while the two URLs differ. An entry is what
DUP001 removes whole (see `mdtidy/entries.py`):

* a list item that holds exactly one link and otherwise only text (its caption), or
* a top-level paragraph that is just one URL, with the caption paragraph right after it.

Captions are compared after normalisation: Unicode NFKC, case folding, and only letters
and digits kept (punctuation, Markdown markup, spaces go), so `PyTorch实例：用ResNet`
and `Pytorch实例: 用 ResNet` are identical (score 100). The score is rapidfuzz's
`fuzz.ratio` of the normalised captions (0–100); a pair scoring at least `threshold`
(default 98) is reported on the later entry's caption, with `related` pointing at the
best-scoring earlier entry. An exact caption under a different URL scores 100.

Not compared, so never reported:

* short captions: fewer than `min-caption-length` (default 16) after normalisation,
  where an East Asian wide character (CJK) counts 2 and any other letter or digit 1, so
  labels like `官网：`, `参考：`, `Homepage` or `Documentation` repeated for different
  projects are not duplicates;
* an entry whose text after its link ends with a colon (a caption paragraph such as
  `The code for this part is here:`): it labels what follows, it is not a title;
* an entry whose URL was already linked earlier in the post: that is DUP001's finding.

The default threshold was tuned on the seed posts: the closest pair that is *not* a
duplicate there is two parts of one article series, `…——PyTorch实现自编码器` and
`…——PyTorch实现对抗自编码器` (score 97.1 after normalisation). At 98 a single typo in
a caption of 50 characters or more still counts. Two captions whose numbers differ
(`Part 1` and `Part 10`, `v0.4` and `v1.0`) are never near-duplicates.

With the option `across-files = true` the entries of every post of the run are also
compared with those of *earlier* posts (corpus order, as for DUP002: dated posts
first, oldest first, then by path), under different URLs; the finding names the other
post's location. An entry already reported within its own post is not reported again.
Captions are indexed by length (`fuzz.ratio` can only reach the threshold between
captions of nearly the same length), so this stays near-linear in the number of entries.

## Why is this bad?
The same article pasted twice under different URLs (a mirror, a repost, a shortened
link) makes a reference list longer without adding anything, and a reader cannot tell
which link is the right one.

## Example
```markdown
https://mp.weixin.qq.com/s/5sY_IzwIz-lbDLtWJM-GRQ

PyTorch实例：用ResNet进行交通标志分类

https://mp.weixin.qq.com/s/_hbuk9nZaLoNSZ5AnDnELg

PyTorch实例：用ResNet进行交通标志分类
```
The second caption is reported; the first entry is the related location.

## Fix safety
No fix: the two URLs differ, and only the author knows which one to keep.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from mdtidy.kit.blocks import normalise_text, text_weight
from mdtidy.kit.entries import Entry, entry_for
from mdtidy.links.urls import UrlPolicy, url_key
from mdtidy.model import Corpus, CorpusRule, Diagnostic, FileRule, Related
from mdtidy.parsing.parse import Document

_NUMBER = re.compile(r"\d+")
_COLONS = (":", "：", "﹕")
#: white space and the link syntax left around a caption once its URL is taken out
_MARKUP = " \t\r\n[]()<>*_`~"


def _is_label(doc: Document, entry: Entry) -> bool:
    """Whether the text after the entry's link ends with a colon: it labels what follows."""
    block = entry.blocks[-1]
    after = entry.link.end if block is entry.link.block else block.start
    return doc.text[after : block.end].rstrip(_MARKUP).endswith(_COLONS)


def _caption_span(entry: Entry) -> tuple[int, int]:
    block = entry.blocks[-1]  # the caption paragraph, or the list item's text
    return block.start, block.end


@dataclass(frozen=True)
class _Record:
    """A comparable entry, as kept in the file's summary for the cross-file check."""

    caption: str  # normalised
    url: str  # as written
    key: str  # canonical
    start: int
    end: int
    line: int
    column: int
    order: int  # position among the post's entries
    earlier: tuple[float, _Record] | None = None  # best match among the post's earlier entries
    path: str = ""
    rank: int = 0  # the post's place in corpus order


class _Index:
    """Normalised captions by length. `fuzz.ratio` can only reach `threshold` between
    captions of nearly the same length, so a query scores a few length buckets, not
    every caption: near-linear where a plain all-pairs comparison is quadratic."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.slack = (100.0 - threshold) / 100.0
        self.by_length: dict[int, list[_Record]] = {}

    def add(self, record: _Record) -> None:
        self.by_length.setdefault(len(record.caption), []).append(record)

    def best(self, record: _Record, before_rank: int | None = None) -> tuple[float, _Record] | None:
        """The best match under another URL (ties: the earliest), among records of posts
        ranked before ``before_rank`` when given."""
        length, slack = len(record.caption), self.slack
        low = math.floor(length * (1 - slack) / (1 + slack))
        high = math.ceil(length * (1 + slack) / (1 - slack)) if slack < 1 else length * 4
        numbers = _NUMBER.findall(record.caption)
        best: tuple[float, _Record] | None = None
        for size in range(low, high + 1):
            bucket = self.by_length.get(size)
            if not bucket:
                continue
            from rapidfuzz import fuzz, process  # imported when two entries are first compared

            found = process.extract(
                record.caption,
                [r.caption for r in bucket],
                scorer=fuzz.ratio,
                score_cutoff=self.threshold,
                limit=None,
            )
            for _choice, score, position in found:
                other = bucket[position]
                if other.key == record.key or (before_rank is not None and other.rank >= before_rank):
                    continue
                if _NUMBER.findall(other.caption) != numbers:
                    continue
                if best is None or (score, -other.rank, -other.order) > (
                    best[0],
                    -best[1].rank,
                    -best[1].order,
                ):
                    best = (score, other)
        return best


class NearDuplicateEntry(FileRule, CorpusRule):
    code = "DUP003"
    name = "near-duplicate-entry"
    summary = "Two entries have near-identical captions but different URLs (one post, or across posts)"
    options = {"threshold": 98.0, "min-caption-length": 16, "across-files": False}

    def _entries(self, doc: Document, policy: UrlPolicy) -> list[tuple[Entry, str]]:
        """(entry, normalised caption) of every comparable entry, in document order.

        An entry whose URL is already linked earlier is left out (DUP001 reports it).
        """
        minimum = int(self.opts["min-caption-length"])
        seen: set[tuple[str, bool]] = set()
        found = []
        for link in doc.links:
            if link.kind == "reference" or link.url_start is None:
                continue
            key = (url_key(link.url, policy), link.image)
            if key in seen:
                continue
            seen.add(key)
            entry = entry_for(doc, link)
            if entry is None or _is_label(doc, entry):
                continue
            normalised = normalise_text(entry.caption)
            if text_weight(normalised) < minimum:
                continue
            found.append((entry, normalised))
        return found

    def _records(self, doc: Document, policy: UrlPolicy) -> list[_Record]:
        """Every comparable entry as a record, each marked when an earlier entry of the
        same post matches it (then it is reported here, not across files)."""
        index = _Index(float(self.opts["threshold"]))
        records = []
        for order, (entry, normalised) in enumerate(self._entries(doc, policy)):
            start, end = _caption_span(entry)
            line, column = doc.source.position(start)
            record = _Record(
                normalised, entry.link.url, url_key(entry.link.url, policy), start, end, line, column, order
            )
            match = index.best(record)
            records.append(replace(record, earlier=match) if match else record)
            index.add(record)
        return records

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for record in self._records(doc, ctx.config.url_policy):
            if record.earlier is None:
                continue
            score, original = record.earlier
            yield Diagnostic(
                f"caption matches the entry at line {original.line} (similarity {score:.0f}) but the URLs "
                f"differ: {original.url} there, {record.url} here",
                record.start,
                record.end,
                related=[
                    Related(ctx.path, original.line, original.column, f"same caption under {original.url}")
                ],
            )

    def summarize(self, doc: Document, ctx: Any) -> list[_Record] | None:
        if not self.opts["across-files"]:
            return None
        return [
            replace(r, earlier=None) for r in self._records(doc, ctx.config.url_policy) if r.earlier is None
        ]

    def _corpus_index(self, corpus: Corpus) -> tuple[_Index, dict[str, int]]:
        cached = corpus.cache.get(self.code)
        if cached is None:
            index = _Index(float(self.opts["threshold"]))
            rank = {}
            for position, summary in enumerate(corpus.summaries):
                rank[summary.path] = position
                for record in summary.extras.get(self.code, ()):
                    index.add(replace(record, path=summary.path, rank=position))
            cached = corpus.cache[self.code] = (index, rank)
        return cached

    def check_corpus(self, corpus: Corpus, path: str) -> Iterator[Diagnostic]:
        """With `across-files`, an entry whose caption an earlier post already has under
        another URL (corpus order, as DUP002's keeper)."""
        summary = corpus.by_path.get(path)
        if not self.opts["across-files"] or summary is None:
            return
        index, rank = self._corpus_index(corpus)
        mine = rank[path]
        for record in summary.extras.get(self.code, ()):
            match = index.best(record, before_rank=mine)
            if match is None:
                continue
            score, original = match
            where = f"{original.path}:{original.line}"
            yield Diagnostic(
                f"caption matches the entry at {where} (similarity {score:.0f}) but the URLs "
                f"differ: {original.url} there, {record.url} here",
                record.start,
                record.end,
                related=[
                    Related(
                        original.path, original.line, original.column, f"same caption under {original.url}"
                    )
                ],
            )
