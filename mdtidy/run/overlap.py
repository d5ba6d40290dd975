"""The corpus overlap report: which files share links, and how much.

``mdtidy --report overlap posts/`` counts, for every pair of files that share at least one
link, the distinct canonical URLs they share (:func:`mdtidy.links.urls.url_key` under the
configured policy; an image and a link to the same URL are different links, as for
DUP001/DUP002). It is a hash join on the per-file summaries: each URL's list of files
gives its pairs, so the work is linear in the number of links plus the number of
(pair, shared URL) hits. A URL that many files link (a project's home page) makes many
pairs: on a large corpus, ``--min-shared N`` keeps only the pairs sharing N links or more.

For the two files ``A`` and ``B`` of a pair:

* ``shared`` = |A ∩ B|, distinct links both files have;
* ``identical`` = how many of those are written the same in both (the rest differ only in
  ways the canonical form ignores, e.g. ``http://`` against ``https://``);
* ``jaccard`` = |A ∩ B| / |A ∪ B|;
* ``containment`` = |A ∩ B| / min(|A|, |B|), the share of the smaller file's links that
  the other file also has.

``shared`` equals the number of DUP002 findings the later file of the pair gets when the
two are linted alone (DUP002 reports each shared link once per file).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from mdtidy.model import FileSummary

__all__ = ["Overlap", "overlap_pairs"]

LinkId = tuple[str, bool]  # (canonical key, image)


@dataclass(frozen=True)
class Overlap:
    a: str  # the earlier file in corpus order (DUP002's keeper side)
    b: str
    a_links: int  # distinct links of a
    b_links: int
    shared: int
    identical: int

    @property
    def jaccard(self) -> float:
        return self.shared / (self.a_links + self.b_links - self.shared)

    @property
    def containment(self) -> float:
        return self.shared / min(self.a_links, self.b_links)

    def as_json(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "a_links": self.a_links,
            "b_links": self.b_links,
            "shared": self.shared,
            "identical": self.identical,
            "jaccard": round(self.jaccard, 4),
            "containment": round(self.containment, 4),
        }


def _links(summary: FileSummary) -> dict[LinkId, set[str]]:
    """Distinct links of a file, each with the spellings it is written in."""
    out: dict[LinkId, set[str]] = {}
    for link in summary.links:
        if link.kind == "reference" or not link.url.strip():
            continue
        out.setdefault((link.key, link.image), set()).add(link.url.strip())
    return out


def overlap_pairs(summaries: Iterable[FileSummary], min_shared: int = 1) -> list[Overlap]:
    """Every pair of files sharing at least ``min_shared`` links, largest overlap first.

    Order: most shared links first, then the higher containment, then the paths. Each
    file's partners are counted in one pass over its links' file lists and dropped before
    the next file, so memory is the result plus one file's partners.
    """
    ordered = sorted(summaries, key=lambda s: s.order_key)
    per_file = [_links(s) for s in ordered]
    files_of: dict[LinkId, list[int]] = defaultdict(list)
    for index, links in enumerate(per_file):
        for link_id in links:
            files_of[link_id].append(index)
    pairs = []
    for i, links in enumerate(per_file):
        partners: Counter[int] = Counter()
        for link_id in links:
            files = files_of[link_id]  # ascending: the later files start after i
            if len(files) > 1:
                partners.update(files[bisect_right(files, i) :])
        for j, count in partners.items():
            if count < min_shared:
                continue
            other = per_file[j]
            identical = sum(1 for k in links.keys() & other.keys() if not links[k].isdisjoint(other[k]))
            pairs.append(Overlap(ordered[i].path, ordered[j].path, len(links), len(other), count, identical))
    pairs.sort(key=lambda p: (-p.shared, -p.containment, p.a, p.b))
    return pairs
