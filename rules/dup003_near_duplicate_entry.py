"""DUP003 near-duplicate-entry: the same caption under two different URLs in one post.

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
(`Part 1` and `Part 10`, `v0.4` and `v1.0`) are never near-duplicates. Only one post is looked at; captions
are not compared across files.

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

import re
from collections.abc import Iterator
from typing import Any

from rapidfuzz import fuzz, process

from mdtidy.blocks import normalise_text, text_weight
from mdtidy.entries import Entry, entry_for
from mdtidy.model import Diagnostic, FileRule, Related
from mdtidy.parse import Document
from mdtidy.urls import url_key

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


class NearDuplicateEntry(FileRule):
    code = "DUP003"
    name = "near-duplicate-entry"
    summary = "Two entries of one post have near-identical captions but different URLs"
    options = {"threshold": 98.0, "min-caption-length": 16}

    def _entries(self, doc: Document) -> list[tuple[Entry, str]]:
        """(entry, normalised caption) of every comparable entry, in document order.

        An entry whose URL is already linked earlier is left out (DUP001 reports it).
        """
        minimum = int(self.opts["min-caption-length"])
        seen: set[tuple[str, bool]] = set()
        found = []
        for link in doc.links:
            if link.kind == "reference" or link.url_start is None:
                continue
            key = (url_key(link.url), link.image)
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

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        threshold = float(self.opts["threshold"])
        entries = self._entries(doc)
        captions = [normalised for _entry, normalised in entries]
        for index, (entry, normalised) in enumerate(entries):
            if not index:
                continue
            matches = process.extract(
                normalised, captions[:index], scorer=fuzz.ratio, score_cutoff=threshold, limit=None
            )
            numbers = _NUMBER.findall(normalised)
            matches = [m for m in matches if _NUMBER.findall(m[0]) == numbers]
            if not matches:
                continue
            _choice, score, best = max(matches, key=lambda m: (m[1], -m[2]))
            original = entries[best][0]
            start, end = _caption_span(entry)
            line, column = doc.source.position(_caption_span(original)[0])
            yield Diagnostic(
                f"caption matches the entry at line {line} (similarity {score:.0f}) but the URLs "
                f"differ: {original.link.url} there, {entry.link.url} here",
                start,
                end,
                related=[Related(ctx.path, line, column, f"same caption under {original.link.url}")],
            )
