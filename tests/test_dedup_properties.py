"""Property tests of DUP001 on generated reference lists (deterministic, like test_properties).

A reference list is what years-old posts are full of: a bullet or ordered list (tight or
loose) of ``[title](url) caption`` / ``<url> caption`` / ``url caption`` items, or a run
of ``URL`` + caption paragraphs, with the same link pasted again, written differently
(scheme, host case, trailing slash, ``index.html``, tracking parameters), with the same
or another caption. With DUP001 alone:

* after ``--fix``: every canonical URL that was there is still there, and every caption
  and title is still there;
* after ``--fix --unsafe-fixes``: the same, and every canonical URL is there exactly once
  (each duplicate was removed or merged into its first copy).
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdtidy.config import from_mapping, resolve_rules
from mdtidy.engine import fix_text, lint_text
from mdtidy.links.urls import url_key
from mdtidy.model import Corpus
from mdtidy.parsing.parse import parse
from mdtidy.parsing.source import Source

SETTINGS = settings(
    max_examples=int(os.environ.get("MDTIDY_PROPERTY_EXAMPLES", "120")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

BASES = (
    ("https", "pytorch.org", "/docs"),
    ("https", "github.com", "/NVIDIA/apex"),
    ("http", "torch.ch", ""),
    ("https", "www.zhihu.com", "/question/274635237"),
    ("https", "mp.weixin.qq.com", "/s?__biz=MzA3MzI4MjgzMw==&mid=2650730034&idx=1&sn=9e2c5a"),
    ("https", "example.org", "/p?id=7"),
)
CAPTIONS = (
    "Pytorch有什么节省内存（显存）的小技巧？",
    "PyTorch documentation",
    "mixed precision training",
    "知乎回答",
    "Release notes",
    "",
)
TITLES = ("Docs", "Apex", "知乎", "Home")


@st.composite
def written(draw: st.DrawFn, base: tuple[str, str, str]) -> str:
    """One way of writing the link ``base``."""
    scheme, host, rest = base
    path, _, query = rest.partition("?")
    if draw(st.booleans()):
        scheme = "http" if scheme == "https" else "https"
    if draw(st.integers(0, 3)) == 0:
        host = host.upper()
    ending = draw(st.sampled_from(("", "", "/", "/index.html")))
    if ending == "/index.html" and not path:
        ending = "/"
    path += ending
    params = [query] if query else []
    if draw(st.integers(0, 3)) == 0:
        params.append("utm_source=feed")
    if host.lower() == "mp.weixin.qq.com" and draw(st.booleans()):
        params += ["chksm=8a1b", "scene=21"]
    url = f"{scheme}://{host}{path}"
    return url + ("?" + "&".join(params) if params else "")


@st.composite
def entries(draw: st.DrawFn) -> list[tuple[str, str, str]]:
    """(title, url, caption) of each entry; later entries often repeat an earlier link."""
    out: list[tuple[str, str, str]] = []
    for _ in range(draw(st.integers(2, 9))):
        if out and draw(st.booleans()):
            title, url, caption = draw(st.sampled_from(out))
            base = next(b for b in BASES if url_key(f"{b[0]}://{b[1]}{b[2]}") == url_key(url))
            url = draw(written(base))
            if draw(st.booleans()):
                caption = draw(st.sampled_from(CAPTIONS))
            if draw(st.integers(0, 2)) == 0:
                title = draw(st.sampled_from(TITLES))
        else:
            url = draw(written(draw(st.sampled_from(BASES))))
            title, caption = draw(st.sampled_from(TITLES)), draw(st.sampled_from(CAPTIONS))
        out.append((title, url, caption))
    return out


@st.composite
def reference_lists(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, str]], str]:
    """(document, entries, style)."""
    items = draw(entries())
    style = draw(st.sampled_from(("bullet", "ordered", "paragraphs")))
    link_style = draw(st.sampled_from(("inline", "autolink", "bare")))
    blocks = []
    for number, (title, url, caption) in enumerate(items, start=1):
        if style == "paragraphs":
            blocks.append(url + (f"\n\n{caption}" if caption else ""))
            continue
        link = {"inline": f"[{title}]({url})", "autolink": f"<{url}>", "bare": url}[link_style]
        marker = f"{number}. " if style == "ordered" else "- "
        blocks.append(marker + link + (f" {caption}" if caption else ""))
    loose = style == "paragraphs" or draw(st.booleans())
    text = ("\n\n" if loose else "\n").join(blocks) + "\n"
    if draw(st.booleans()):
        text = "# References\n\n" + text
    titled = style != "paragraphs" and link_style == "inline"
    used = [(title if titled else "", u, c) for title, u, c in items]
    return text, used, style


def dup001_fix(text: str, unsafe: bool) -> str:
    config = from_mapping({"rules": {"DUP001": {"scope": "all"}}}, "properties")
    rules = resolve_rules(config, select=["DUP001"])
    source = Source(text)
    _d, summary, _doc = lint_text(source, "post.md", config, [])
    return fix_text(source, "post.md", config, rules, Corpus([summary], config), unsafe).text


def key_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for link in parse(Source(text)).links:
        if link.url_start is not None and not link.image:
            key = url_key(link.url)
            counts[key] = counts.get(key, 0) + 1
    return counts


def _texts(used: list[tuple[str, str, str]]) -> set[str]:
    return {t for title, _u, caption in used for t in (title, caption) if t}


def _plain(text: str) -> str:
    """The text with the escapes a merge may add before block-opening characters undone."""
    return re.sub(r"\\([#>=+\-*_`~|<.)])", r"\1", text)


@SETTINGS
@given(reference_lists())
def test_safe_fix_keeps_every_url_and_caption(case: tuple[str, list, str]) -> None:
    text, used, _style = case
    out = dup001_fix(text, unsafe=False)
    assert set(key_counts(out)) == set(key_counts(text))
    for piece in _texts(used):
        assert piece in _plain(out), piece
    assert dup001_fix(out, unsafe=False) == out


@SETTINGS
@given(reference_lists())
def test_unsafe_fix_keeps_every_url_exactly_once_and_every_caption(case: tuple[str, list, str]) -> None:
    text, used, _style = case
    out = dup001_fix(text, unsafe=True)
    before, after = key_counts(text), key_counts(out)
    assert set(after) == set(before)
    assert all(n == 1 for n in after.values()), (after, out)
    for piece in _texts(used):
        assert piece in _plain(out), piece
    assert dup001_fix(out, unsafe=True) == out
