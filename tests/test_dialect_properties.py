"""Property: every rule's fix leaves a flavor's constructs byte-identical.

Generated documents mix ordinary Markdown that the rules love to fix (trailing spaces,
bare URLs, ``_emphasis_`` next to ``*emphasis*``, ``*`` and ``-`` bullets, missing blank
lines, ``http://`` links, repeated paragraphs) with the constructs of a site's dialect
placed in and around it: LaTeX math full of ``_`` and ``*``, Liquid tags and outputs,
``{% highlight %}`` blocks holding URLs, Hugo shortcodes with opaque bodies, MkDocs
admonitions and arithmatex. After ``--fix`` with every rule (and unsafe fixes), alone
and one rule at a time, every construct is still in the text, byte for byte.

Deterministic (``derandomize=True``): CI sees the same documents on every run.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdtidy.config import from_mapping, resolve_rules
from mdtidy.engine import fix_text
from mdtidy.parsing.source import Source
from mdtidy.registry import all_rules

CONSTRUCTS = {
    "jekyll": [
        "$$\\|w\\|_2^2 + \\sum_{i} x_i * y_i$$",
        "$$\na_1 * b_2   \n\nc_3 _d_\n$$",
        "{{ site.url }}",
        "{% if page.x %}",
        "{% endif %}",
        "{% highlight python %}\nurlopen('http://www.sohu.com')   \n*x* = _y_\n{% endhighlight %}",
        "{% raw %}{{ not_liquid }}{% endraw %}",
        "{: .note}",
        "* TOC\n{:toc}",
    ],
    "hugo": [
        "{{< code-toggle file=hugo >}}\nbaseURL = 'https://example.org/'   \n\n- item\n{{< /code-toggle >}}",
        '{{< figure src="a_b_c.png" >}}',
        "{{% note %}}",
        "{{% /note %}}",
        "$$x_1 * y_2$$",
        "\\(a_1\\)",
    ],
    "mkdocs": [
        "$x_1 * y_2$",
        "$$\n\\sum_{i} a_i * b_i\n$$",
        "\\(a_1\\)",
        '!!! note "A title_with_underscores"',
        '=== "docs/page.md"',
        '--8<-- "includes/abbr.md"',
        "*[HTML]: Hyper Text Markup Language",
        "{ .md-button }",
    ],
    "gfm": [
        "$x_1 * y_2$",
        "$$z_1 * w_2$$",
        "$`a_1 * b_2`$",
        "$$\nq_1 * r_2   \n$$",
    ],
}

PROSE = [
    "Some _emphasis_ and *more* here.   ",
    "See http://example.com/page for details.",
    "A [link](http://pytorch.org/docs/) and __strong__ words.",
    "Repeated paragraph that is long enough to count as a block.",
    "- item one\n* item two\n+ item three",
    "# Heading without blank line",
    "Text with a trailing tab\t",
    "1. first\n1. second\n3. third",
    "> quote\n>\n>   spaced",
]


@st.composite
def documents(draw: st.DrawFn, flavor: str) -> tuple[str, list[str]]:
    """A document and the constructs placed in it (block constructs stand between blank
    lines, where every renderer starts them; inline ones sit inside other blocks)."""
    constructs = CONSTRUCTS[flavor]
    text = "---\ntitle: t\n---\n" if draw(st.booleans()) else ""
    used: list[str] = []
    for _ in range(draw(st.integers(2, 9))):
        if draw(st.booleans()):
            construct = draw(st.sampled_from(constructs))
            used.append(construct)
            if "\n" in construct or construct.startswith(("{{<", "{%", "!!!", "===", "--8<", "*[", "{:")):
                block = construct
                if construct.startswith(("!!!", "===")):
                    block += "\n\n    " + draw(st.sampled_from(PROSE)).replace("\n", "\n    ")
                text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + block + "\n\n"
                continue
            host = draw(st.sampled_from(["para", "item", "heading", "quote"]))
            words = draw(st.sampled_from(PROSE)).splitlines()[0].lstrip("#-*+>1. ")
            line = f"{words} {construct} end_ing"
            text += {"para": line, "item": f"- {line}", "heading": f"## {line}", "quote": f"> {line}"}[host]
        else:
            text += draw(st.sampled_from(PROSE))
        text += draw(st.sampled_from(["\n\n", "\n", "\n\n\n"]))
    return text, used


SETTINGS = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _fixed(text: str, flavor: str, select: list[str]) -> str:
    config = from_mapping({"flavor": flavor}, "properties")
    rules = resolve_rules(config, select)
    return fix_text(Source(text), "post.md", config, rules, None, unsafe=True).text


@pytest.mark.parametrize("flavor", sorted(CONSTRUCTS))
@SETTINGS
@given(data=st.data())
def test_all_rules_keep_every_construct(flavor: str, data: st.DataObject) -> None:
    text, used = data.draw(documents(flavor))
    fixed = _fixed(text, flavor, ["ALL"])
    for construct in used:
        assert construct in fixed, f"{construct!r} changed in:\n{text}\n---\n{fixed}"
    assert _fixed(fixed, flavor, ["ALL"]) == fixed


FIXABLE = sorted(rule.code for rule in all_rules() if rule.fixable != "never")


@pytest.mark.parametrize("code", FIXABLE)
@settings(SETTINGS, max_examples=6)
@given(data=st.data())
def test_each_rule_keeps_every_construct(code: str, data: st.DataObject) -> None:
    flavor = data.draw(st.sampled_from(sorted(CONSTRUCTS)))
    text, used = data.draw(documents(flavor))
    fixed = _fixed(text, flavor, [code])
    for construct in used:
        assert construct in fixed, f"{code}: {construct!r} changed in:\n{text}\n---\n{fixed}"
