"""Property: mistune's fast inline scan gives exactly the slow scan's answer, per flavor.

mistune 3.4 scans inline text one of two ways. When every inline rule says which
characters its matches start with (``start_chars``), it jumps from one such character to
the next and tries the rules there; otherwise it searches the whole alternation of rules
at every position. The flavors register their rules with start characters
(mdtidy.parsing.dialects.install), so the fast way is taken; a start character left out
would make it miss a construct. Here both ways parse the same generated texts, under
every flavor (and one with passthrough delimiters that start with neither ``$`` nor
``\\``), and must give the same document and the same rendered page.

Deterministic (``derandomize=True``).
"""

from __future__ import annotations

from dataclasses import replace

import mistune
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdtidy.parsing import positioned
from mdtidy.parsing.flavors import Flavor, named_flavor
from mdtidy.parsing.render import _markdown, page_html
from mdtidy.parsing.source import Source

FLAVORS = {
    "jekyll": named_flavor("jekyll"),
    "hugo": named_flavor("hugo"),
    "mkdocs": named_flavor("mkdocs"),
    "gfm": named_flavor("gfm"),
    "everything": replace(
        named_flavor("mkdocs"),
        name="everything",
        kramdown=True,
        footnotes=True,
        passthrough_block=(("@@", "@@"),),
        passthrough_inline=(("%(", ")%"), ("\\(", "\\)")),
    ),
}

PIECES = [
    "$x_1 * y$",
    "$$a*b$$",
    "$`c_d`$",
    "\\(e_f\\)",
    "\\[g\\]",
    "@@ h_i @@",
    "%( j*k )%",
    "{: .note}",
    "{::comment}x{:/comment}",
    "{#anchor}",
    "{ .md-button }",
    "[^1]",
    "[^note]: text",
    "[a](http://x.org/_y_)",
    "![i](p.png)",
    "<span>s</span>",
    "<http://auto.link>",
    "https://bare.example/a_b",
    "`code_span`",
    "~~gone~~",
    "*em*",
    "__strong__",
    "\\*",
    "  \n",
    "\\\n",
    "{{ site.url }}",
    "{% if x %}",
    "{{< fig >}}",
    "[ref]",
    "\n",
    " ",
]

texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(alphabet="ab $\\{}[]()*_`~<>@%!#:.h^=\n", max_size=6)),
    max_size=14,
).map("".join)


def _slow_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mistune.InlineParser, "_get_fast_trigger_chars", lambda self: None)


def _both(flavor: Flavor, text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    def parsed() -> object:
        built = positioned.build(Source(text), True, flavor)
        return (
            [repr(node) for node in built.nodes],  # children and inlines included
            [(link.start, link.end, link.url) for link in built.links],
            built.code_spans,
            page_html(text, True, flavor),
        )

    assert _markdown(flavor).inline._get_fast_trigger_chars() is not None  # the fast way is taken
    fast = parsed()
    with monkeypatch.context() as patch:
        _slow_scan(patch)
        slow = parsed()
    return fast, slow


@pytest.mark.parametrize("name", sorted(FLAVORS))
@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=texts)
def test_fast_scan_is_the_slow_scan(name: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(FLAVORS[name], text, monkeypatch)
    assert fast == slow


def test_every_flavor_rule_has_start_chars() -> None:
    """Both parsers (positioned, and the guard's renderer) take the fast way under
    every flavor; a rule registered without ``start_chars`` would turn it off."""
    for flavor in FLAVORS.values():
        assert positioned._make_markdown(flavor).inline._get_fast_trigger_chars() is not None
        assert _markdown(flavor).inline._get_fast_trigger_chars() is not None


def test_passthrough_opener_is_a_start_char(monkeypatch: pytest.MonkeyPatch) -> None:
    """The case a fixed list of start characters would miss: an opener of its own."""
    text = "Text %( a*b*c )% and *em*.\n"
    fast, slow = _both(FLAVORS["everything"], text, monkeypatch)
    assert fast == slow
    assert "a*b*c" in str(fast[3]) and "<em>a" not in str(fast[3])
