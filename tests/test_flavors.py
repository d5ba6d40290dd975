"""Flavors: site detection, the dialects' constructs with exact positions, and opacity.

Each construct of ``shared/notes/dialects.md`` is parsed where its renderer starts and
ends it; the engine then drops findings inside it and fixes that would edit it, and
the fixer's byte guard refuses any pass that changes one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mdtidy.config import Config, ConfigError, from_mapping, resolve_rules
from mdtidy.engine import fix_text, lint_text
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing import flavors
from mdtidy.parsing.flavors import detect_site, named_flavor, resolve_flavor
from mdtidy.parsing.mask import MASK, mask_text
from mdtidy.parsing.parse import Document, parse
from mdtidy.parsing.render import page_html
from mdtidy.parsing.source import Source


@pytest.fixture(autouse=True)
def _fresh_site_cache() -> Iterator[None]:
    flavors.clear_cache()
    yield
    flavors.clear_cache()


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- detection


def test_auto_decides_per_file_from_the_nearest_site(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(
        tmp_path,
        {
            "mkdocs.yml": (
                "site_name: x\nmarkdown_extensions:\n  - admonition\n  - pymdownx.arithmatex:\n"
                "      generic: true\n  - pymdownx.emoji:\n"
                "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
            ),
            "docs/index.md": "",
            "README.md": "",
            "blog/_config.yml": "markdown: kramdown\nkramdown:\n  input: GFM\n",
            "blog/_posts/2020-01-01-a.md": "",
            "site/hugo.toml": (
                "[markup.goldmark.extensions.passthrough]\nenable = true\n"
                "[markup.goldmark.extensions.passthrough.delimiters]\n"
                "block = [['\\[', '\\]'], ['$$', '$$']]\ninline = [['\\(', '\\)']]\n"
            ),
            "site/content/post.md": "",
            "site/README.md": "",
        },
    )
    docs = resolve_flavor(str(tmp_path / "docs/index.md"))
    assert docs.name == "mkdocs"
    assert docs.extensions == {"admonition", "arithmatex"}
    assert docs.math == "arithmatex" and docs.list_indent == 4
    assert docs.site_config == str(tmp_path / "mkdocs.yml")
    assert resolve_flavor(str(tmp_path / "README.md")).name == "gfm"  # not under docs_dir
    post = resolve_flavor(str(tmp_path / "blog/_posts/2020-01-01-a.md"))
    assert (post.name, post.math, post.liquid, post.kramdown) == ("jekyll", "kramdown", True, True)
    hugo = resolve_flavor(str(tmp_path / "site/content/post.md"))
    assert hugo.name == "hugo" and hugo.shortcodes
    assert hugo.passthrough_block == (("\\[", "\\]"), ("$$", "$$"))
    assert hugo.passthrough_inline == (("\\(", "\\)"),)
    assert resolve_flavor(str(tmp_path / "site/README.md")).name == "gfm"  # outside contentDir


def test_config_toml_counts_as_hugo_only_with_hugo_keys(tmp_path: Path) -> None:
    _write(tmp_path, {"a/config.toml": 'baseURL = "https://x.org/"\n', "a/content/p.md": ""})
    _write(tmp_path, {"b/config.toml": 'name = "something else"\n', "b/docs/p.md": ""})
    (tmp_path / ".git").mkdir()
    assert resolve_flavor(str(tmp_path / "a/content/p.md")).name == "hugo"
    assert resolve_flavor(str(tmp_path / "b/docs/p.md")).name == "gfm"


def test_jekyll_with_another_converter_has_no_kramdown_syntax(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path, {"_config.yml": "markdown: CommonMarkGhPages\n", "p.md": ""})
    flavor = resolve_flavor(str(tmp_path / "p.md"))
    assert (flavor.name, flavor.liquid, flavor.kramdown, flavor.math) == ("jekyll", True, False, None)


def test_search_stops_at_the_repository_top(tmp_path: Path) -> None:
    _write(tmp_path, {"_config.yml": "title: outer\n", "repo/p.md": ""})
    (tmp_path / "repo" / ".git").mkdir()
    assert detect_site(tmp_path / "repo" / "p.md") is None


def test_configured_flavor_and_per_file_overrides(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path, {"mkdocs.yml": "site_name: x\n", "docs/a.md": "", "notes/b.md": ""})
    config = from_mapping({"flavor": "gfm", "per-file-flavor": {"notes/**": "jekyll"}}, "test")
    config.path = tmp_path / ".mdtidy.yaml"
    assert config.flavor_for(str(tmp_path / "docs/a.md")).name == "gfm"
    assert config.flavor_for(str(tmp_path / "notes/b.md")).name == "jekyll"
    # naming the site's own flavor keeps its settings
    config = from_mapping({"flavor": "mkdocs"}, "test")
    assert config.flavor_for(str(tmp_path / "docs/a.md")).site_config == str(tmp_path / "mkdocs.yml")


def test_bad_flavor_settings_are_clear_errors() -> None:
    with pytest.raises(ConfigError, match=r"'flavor' must be one of .*did you mean 'jekyll'"):
        from_mapping({"flavor": "jekyl"}, "cfg")
    with pytest.raises(ConfigError, match="per-file-flavor"):
        from_mapping({"per-file-flavor": ["docs"]}, "cfg")


# --------------------------------------------------------------------------- masking


def test_liquid_tags_are_masked_as_the_renderer_sees_them() -> None:
    text = (
        "a {{ site.url }} b\n{% if x %}\n- item {% include a.html %}\n{% endif %}\n\n"
        "{% highlight python %}\nprint('http://x.com')  # {{ y }}\n{% endhighlight %}\n"
    )
    masked = mask_text(text, liquid=True)
    lines = masked.text.split("\n")
    assert lines[0] == "a " + MASK * len("{{ site.url }}") + " b"
    assert lines[1] == ""  # a tag that outputs nothing leaves an empty line
    assert lines[2] == "- item " + MASK * len("{% include a.html %}")
    assert lines[5].rstrip() == "```python" and len(lines[5]) == len("{% highlight python %}")
    assert lines[6] == "print('http://x.com')  # " + MASK * len("{{ y }}")
    assert lines[7].rstrip() == "```"
    assert lines[3] == ""
    kinds = [(r.kind, text[r.start : r.end]) for r in masked.regions]
    assert kinds[:4] == [
        ("liquid", "{{ site.url }}"),
        ("liquid", "{% if x %}"),
        ("liquid", "{% include a.html %}"),
        ("liquid", "{% endif %}"),
    ]
    assert kinds[4][0] == "liquid-highlight" and kinds[4][1].endswith("{% endhighlight %}")


def test_liquid_comment_and_raw_blocks() -> None:
    text = "{% comment %}\nhidden\n\ntext\n{% endcomment %}\n{% raw %}{{ literal }}{% endraw %}\n"
    masked = mask_text(text, liquid=True)
    assert masked.text.split("\n")[:5] == ["", "", "", "", ""]
    assert [r.kind for r in masked.regions] == ["liquid-comment", "liquid-raw"]
    raw = masked.regions[1]
    assert text[raw.start : raw.end] == "{% raw %}{{ literal }}{% endraw %}"
    assert "{{ literal }}" in masked.text  # the raw body is Markdown, not Liquid


def test_hugo_shortcodes_pair_and_keep_markdown_bodies() -> None:
    text = (
        "x {{< figure src=\"a.png\" >}}\n\n{{< code-toggle file=hugo >}}\nbaseURL = 'https://example.org/'\n\n"
        "more\n{{< /code-toggle >}}\n\n{{% note %}}\nSome **md**\n{{% /note %}}\n"
        '{{</* comment */>}} and {{< self a="b" />}}\n'
    )
    masked = mask_text(text, shortcodes=True)
    spans = [text[r.start : r.end] for r in masked.regions]
    assert spans[0] == '{{< figure src="a.png" >}}'
    assert spans[1].startswith("{{< code-toggle") and spans[1].endswith("{{< /code-toggle >}}")
    assert spans[2:] == ["{{% note %}}", "{{% /note %}}", "{{</* comment */>}}", '{{< self a="b" />}}']
    assert "Some **md**" in masked.text  # {{% %}} bodies are Markdown
    assert "baseURL" not in masked.text  # {{< >}} bodies are opaque
    # the opaque body stays one block: its empty line is filled
    body = masked.text.split("\n")[2:7]
    assert all(line and set(line) == {MASK} for line in body)
    kept = mask_text(text, shortcodes=True, markdown_shortcodes=("code-toggle",))
    assert "baseURL" in kept.text


def test_snippet_lines_are_masked() -> None:
    text = 'a\n--8<-- "includes/x.md"\n;--8<-- "escaped.md"\n\n--8<--\nx.md\ny.md\n--8<--\n'
    masked = mask_text(text, snippets=True)
    assert [text[r.start : r.end] for r in masked.regions] == [
        '--8<-- "includes/x.md"',
        "--8<--\nx.md\ny.md\n--8<--",
    ]


# --------------------------------------------------------------------------- parsing


def _doc(text: str, flavor: str, front_matter: bool = True) -> Document:
    return parse(Source(text), front_matter=front_matter, flavor=named_flavor(flavor))


def _regions(text: str, flavor: str) -> list[tuple[str, str, int, int]]:
    doc = _doc(text, flavor)
    out = []
    for r in doc.opaque:
        line, col = doc.source.position(r.start)
        out.append((r.kind, text[r.start : r.end], line, col))
    return out


@pytest.mark.parametrize(
    ("text", "math"),
    [
        # dialects.md §1: display only at a block boundary, else inline math in the paragraph
        ("$$\nx_1\n$$\n", ["$$\nx_1\n$$"]),
        ("text\n$$\nx_1\n$$\n", ["$$\nx_1\n$$"]),
        ("$$\na_1\n\nb_2\n$$\n", ["$$\na_1\n\nb_2\n$$"]),  # a blank line is math content
        ("$$ a_1 $$ b_1 $$\n", ["$$ a_1 $$"]),
        ("a \\$$x_1$$ b $$y_1$$\n", ["$$ b $$"]),  # an escaped $ is literal; the next pair is math
        ("`$$x_1$$` and $$y_1 `z$$ c`\n", ["$$y_1 `z$$"]),  # whichever opens first wins
        ("    $$x_1$$\n", []),  # indented code
        ("Price $5 and $10\n", []),  # a single $ is never math in kramdown
    ],
)
def test_kramdown_math(text: str, math: list[str]) -> None:
    assert [r[1] for r in _regions(text, "jekyll") if r[0] == "math"] == math


@pytest.mark.parametrize(
    ("text", "math"),
    [
        ("Price $5 and $10.\n", []),  # pandoc's rule: no digit after the closer
        ("an $x_1$ and $$y_2$$ and $`z_3`$\n", ["$x_1$", "$$y_2$$", "$`z_3`$"]),
        ("$ x $ is not math\n", []),
        ("text\n$$\na_b\n$$\n", ["$$\na_b\n$$"]),
    ],
)
def test_gfm_math(text: str, math: list[str]) -> None:
    assert [r[1] for r in _regions(text, "gfm") if r[0] == "math"] == math


@pytest.mark.parametrize(
    ("text", "math"),
    [
        ("a $x_1$ and \\(y_1\\) and $2.00 and $10.00\n", ["$x_1$", "\\(y_1\\)"]),
        ("$$\na_1\n$$\n", ["$$\na_1\n$$"]),
        ("\\[\na_1\n\\]\n", ["\\[\na_1\n\\]"]),
        ("\\begin{align}\na_1 &= b\n\\end{align}\n", ["\\begin{align}\na_1 &= b\n\\end{align}"]),
        ("`$x_1$` is code\n", []),
    ],
)
def test_arithmatex_math(text: str, math: list[str]) -> None:
    assert [r[1] for r in _regions(text, "mkdocs") if r[0] == "math"] == math


def test_positions_of_regions_are_exact_inside_containers_and_after_front_matter() -> None:
    text = "---\ntitle: x\n---\n> quote $$a_1$$ here\n\n- item {{ page.url }}\n  - sub $$b_2$$\n"
    regions = _regions(text, "jekyll")
    assert ("math", "$$a_1$$", 4, 9) in regions
    assert ("liquid", "{{ page.url }}", 6, 8) in regions
    assert ("math", "$$b_2$$", 7, 9) in regions


def test_kramdown_extensions_attribute_lists_and_toc() -> None:
    text = (
        "* TOC\n{:toc}\n\n# Title {#intro}\n\nA *word*{:.red} here.\n{: .note}\n\n"
        "{::comment}\nhidden *x*\n{:/comment}\n\n{::nomarkdown}\n<b>x</b>\n{:/}\n\n*[HTML]: Hyper Text\n"
    )
    kinds = {(r[0], r[1]) for r in _regions(text, "jekyll")}
    assert ("kramdown-toc", "* TOC\n{:toc}") in kinds
    assert ("attribute-list", "{#intro}") in kinds
    assert ("attribute-list", "{:.red}") in kinds
    assert ("kramdown", "{: .note}") in kinds
    assert ("kramdown", "{::comment}\nhidden *x*\n{:/comment}") in kinds
    assert ("kramdown", "{::nomarkdown}\n<b>x</b>\n{:/}") in kinds
    assert ("abbreviation", "*[HTML]: Hyper Text") in kinds


def test_mkdocs_admonitions_and_tabs_hold_markdown_not_code() -> None:
    text = (
        '!!! note "Title"\n    Body **text**\n\n        code in it\n\n'
        '???+ tip\n    Open *details*\n\n=== "docs/page.md"\n\n    ```yaml\n    a: 1\n    ```\n\n'
        "*[HTML]: Hyper Text\n\nLink [x](y){ .md-button }\n"
    )
    doc = _doc(text, "mkdocs")
    by_type = [(n.type, n.start_line, n.end_line) for n in doc.walk() if n.type != "blank_line"]
    assert by_type[:3] == [("admonition", 1, 4), ("paragraph", 2, 2), ("block_code", 4, 4)]
    assert ("admonition", 6, 7) in by_type and ("content_tab", 9, 13) in by_type
    code = next(n for n in doc.walk() if n.type == "block_code" and n.start_line == 11)
    assert code.raw == "a: 1\n" and doc.source.position(code.start) == (11, 5)
    strong = next(n for n in doc.walk() if n.start_line == 2)
    assert doc.text[strong.start : strong.end] == "Body **text**"
    kinds = {(r[0], r[1]) for r in _regions(text, "mkdocs")}
    assert ("admonition", '!!! note "Title"') in kinds
    assert ("content-tab", '=== "docs/page.md"') in kinds
    assert ("attribute-list", "{ .md-button }") in kinds
    assert ("abbreviation", "*[HTML]: Hyper Text") in kinds


def test_commonmark_flavor_has_no_dialect() -> None:
    assert _regions("$$x_1$$ {{ y }} {{< z >}}\n\n!!! note\n    x\n", "commonmark") == []


def test_links_made_by_templating_are_not_links() -> None:
    doc = _doc("![x]({{ '/a.png' | relative_url }}) and [y](https://a.org/{{ page.url }})\n", "jekyll")
    assert doc.links == []
    doc = _doc("[T_1](x,y) inside $$[T_1](x,y)$$\n", "jekyll")
    assert [link.url for link in doc.links] == ["x,y"]


# --------------------------------------------------------------------------- the engine


def _lint(text: str, flavor: str, select: list[str]) -> list[Diagnostic]:
    config = from_mapping({"flavor": flavor}, "test")
    return lint_text(Source(text), "post.md", config, resolve_rules(config, select))[0]


def _fix(text: str, flavor: str, select: list[str] | None = None, unsafe: bool = False) -> str:
    config = from_mapping({"flavor": flavor}, "test")
    return fix_text(Source(text), "post.md", config, resolve_rules(config, select), None, unsafe).text


def test_emphasis_rules_never_touch_math() -> None:
    text = "Use *stars* and $$\\|w\\|_2^2 + \\sum_{i} x_i$$ here, _under_.\n"
    assert _fix(text, "jekyll", ["EM002"]) == text.replace("_under_", "*under*")


def test_bare_urls_inside_highlight_and_shortcodes_are_left_alone() -> None:
    jekyll = "{% highlight python %}\nurlopen('http://www.sohu.com')\n{% endhighlight %}\n"
    assert _lint(jekyll, "jekyll", ["URL002"]) == []
    assert _fix(jekyll, "jekyll") == jekyll
    hugo = "{{< code-toggle file=hugo >}}\nbaseURL = 'https://example.org/'\n{{< /code-toggle >}}\n"
    assert _lint(hugo, "hugo", ["URL002"]) == []
    assert _fix(hugo, "hugo") == hugo
    # the same text in plain GFM is a bare URL
    assert [d.code for d in _lint(hugo, "gfm", ["URL002"])] == ["URL002"]


def test_admonition_bodies_are_not_indented_code() -> None:
    text = "# T\n\n```\nx\n```\n\n!!! note\n\n    Some text.\n"
    assert _lint(text, "mkdocs", ["CD003"]) == []
    assert [d.code for d in _lint(text, "gfm", ["CD003"])] == ["CD003"]


def test_findings_inside_opaque_regions_are_dropped() -> None:
    text = "Display:\n\n$$\na_1   \n\n\n\nb_2\n$$\n\nend   \n"
    found = [(d.code, d.line) for d in _lint(text, "jekyll", ["WS001", "WS002"])]
    assert found == [("WS001", 11)]


class EditsMath(FileRule):
    """ZZZ911 edits-math: a formatting rule whose fixes reach into math (deliberately wrong)."""

    code = "ZZZ911"
    name = "edits-math"
    summary = "Edits math (deliberately wrong)"
    fixable = "always"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        at = doc.text.find("_1")
        yield Diagnostic("underscore", 0, 1, fix=Fix.safe(Edit(at, at + 1, "*")))


class EditsCode(EditsMath):
    """ZZZ912 edits-code: changes code-block content without touching an opaque region."""

    code = "ZZZ912"
    name = "edits-code"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        at = doc.text.find("code_1")
        yield Diagnostic("code", 0, 1, fix=Fix.safe(Edit(at, at + 1, "C")))


class DeletesMath(EditsMath):
    """ZZZ913 deletes-math: a content rule that deletes the only copy of a formula."""

    code = "ZZZ913"
    name = "deletes-math"
    changes_html = "deletes a paragraph"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        start = doc.text.find("$$")
        end = doc.text.find("\n", start) + 1
        yield Diagnostic("math", 0, 1, fix=Fix.safe(Edit.delete(start, end)))


MATH_DOC = "Intro.\n\n$$x_1 + y_1$$ is it.\n\n```\ncode_1\n```\n"


def test_a_fix_that_would_edit_an_opaque_region_is_withheld() -> None:
    config = from_mapping({"flavor": "jekyll"}, "test")
    diags = lint_text(Source(MATH_DOC), "post.md", config, [EditsMath()])[0]
    assert len(diags) == 1 and diags[0].fix is None
    assert fix_text(Source(MATH_DOC), "post.md", config, [EditsMath()], None).text == MATH_DOC


def test_guard_refuses_a_formatting_fix_that_changes_code() -> None:
    config = from_mapping({"flavor": "jekyll"}, "test")
    outcome = fix_text(Source(MATH_DOC), "post.md", config, [EditsCode()], None)
    assert outcome.text == MATH_DOC
    assert outcome.guard_failed == ["ZZZ912"]
    assert outcome.guard_what == "a code block ('code_1')"


def test_a_content_fix_may_not_remove_the_last_copy_of_a_formula() -> None:
    config = from_mapping({"flavor": "jekyll"}, "test")
    outcome = fix_text(Source(MATH_DOC), "post.md", config, [DeletesMath()], None)
    assert outcome.text == MATH_DOC
    assert outcome.refused == ["fixes by ZZZ913 would change math ('$$x_1 + y_1$$'); not applied"]
    twice = MATH_DOC + "\n$$x_1 + y_1$$ is it.\n"
    assert "$$x_1" in fix_text(Source(twice), "post.md", config, [DeletesMath()], None).text


def test_page_renders_flavor_constructs() -> None:
    html = page_html('!!! note "T"\n    body *x*\n\ntext $a_1$\n', True, named_flavor("mkdocs"))
    assert '<div class="admonition"' in html and "<em>x</em>" in html and "$a_1$" in html


def test_every_rule_keeps_the_dialect_constructs_of_a_site_post() -> None:
    """Every rule, safe and unsafe fixes: the constructs survive byte for byte."""
    text = (
        "---\ntitle: t\n---\n# Title  \n\nSee $$\\|x\\|_2^2$$ and {{ site.url }}   \n"
        "{% highlight python %}\nurlopen('http://www.sohu.com')\n{% endhighlight %}\n"
        "* TOC\n{:toc}\n\n$$\n\\sum_{i} a_i  \n$$\n\nhttp://example.com/x and __bold__\n"
    )
    config = from_mapping({"flavor": "jekyll"}, "test")
    fixed = fix_text(Source(text), "post.md", config, resolve_rules(config, ["ALL"]), None, True).text
    for construct in (
        "$$\\|x\\|_2^2$$",
        "{{ site.url }}",
        "urlopen('http://www.sohu.com')",
        "* TOC\n{:toc}",
        "$$\n\\sum_{i} a_i  \n$$",
    ):
        assert construct in fixed
    assert "<http://example.com/x>" in fixed or "https://example.com/x" in fixed
    assert (
        fix_text(Source(fixed), "post.md", config, resolve_rules(config, ["ALL"]), None, True).text == fixed
    )


def test_flavor_is_part_of_config_equality() -> None:
    assert Config(flavor="jekyll") != Config()
