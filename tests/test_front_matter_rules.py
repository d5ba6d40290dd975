"""The front matter rules FM002-FM005: options, path patterns, fix verification, positions.

The fixtures (``fixtures/FM00[2-5]/``) cover the cases one by one; this module tests
what fixtures cannot: configuration errors, FM003 through a real configuration file,
YAML 1.1 values, and a property: safe FM fixes never change the front matter's data nor
a byte outside the front matter.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mdtidy.rules.fm003_front_matter_required_keys import path_matches
from mdtidy.rules.fm004_front_matter_key_order import in_order
from test_properties import SETTINGS

from mdtidy.config import Config, ConfigError, from_mapping, resolve_rules
from mdtidy.engine import fix_text, lint_text
from mdtidy.model import Applicability
from mdtidy.parsing.fmyaml import canonical, load_yaml, plain_is_string
from mdtidy.parsing.frontmatter import load_text, split_front_matter
from mdtidy.parsing.source import Source, decode

ROOT = Path(__file__).resolve().parents[1]
FM = ["FM002", "FM003", "FM004", "FM005"]


def config_with(rules: dict) -> Config:
    return from_mapping({"rules": rules}, "test")


def lint(text: str | bytes, select: list[str], rules: dict | None = None, path: str = "post.md") -> list:
    config = config_with(rules or {})
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    diags, _summary, _doc = lint_text(decode(data), path, config, resolve_rules(config, select=select))
    return sorted(diags, key=lambda d: (d.line, d.column))


def fixed(text: str, select: list[str], rules: dict | None = None, unsafe: bool = False) -> str:
    config = config_with(rules or {})
    rules_ = resolve_rules(config, select=select)
    return fix_text(decode(text.encode("utf-8")), "post.md", config, rules_, None, unsafe=unsafe).text


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"FM003": {"required": ["title"]}}, "option 'required' must map path patterns"),
        ({"FM003": {"required": {"_posts/": [1]}}}, "not a list of key names"),
        ({"FM003": {"required": {"": ["title"]}}}, "is not a path pattern"),
        ({"FM004": {"order": "title"}}, "option 'order' must be a list of key names"),
        ({"FM004": {"order": ["title", "title"]}}, "names a key twice"),
        ({"FM005": {"style": "quoted"}}, "option 'style' must be"),
        ({"FM005": {"quotes": "plain"}}, "has no option 'quotes'"),
    ],
)
def test_bad_options_are_configuration_errors(rules: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        resolve_rules(config_with(rules), select=FM)


def test_required_accepts_a_single_key_as_a_string() -> None:
    diags = lint("---\nlayout: post\n---\n", ["FM003"], {"FM003": {"required": {"*": "title"}}})
    assert [(d.line, d.column, d.message) for d in diags] == [
        (1, 1, "missing front matter key 'title' (required for '*')")
    ]


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("_posts/", "_posts/2020-01-01-a.md", True),
        ("_posts/", "./_posts/a.md", True),
        ("_posts/", "site/_posts/2020/a.md", True),
        ("_posts/", "/abs/site/_posts/a.md", True),
        ("_posts/", "site\\_posts\\a.md", True),
        ("_posts/", "my_posts/a.md", False),
        ("_posts/", "_posts.md", False),
        ("_posts/", "_drafts/a.md", False),
        ("_posts", "_posts/a.md", False),  # not a folder pattern: a file glob
        ("*.md", "deep/in/a.md", True),
        ("*", "a.md", True),
        ("_drafts/*.md", "blog/_drafts/x.md", True),
        ("_drafts/*.md", "_posts/x.md", False),
        ("README.md", "docs/README.md", True),
        ("README.md", "docs/NOTREADME.md", False),
        ("_Posts/", "_posts/a.md", False),  # case-sensitive
    ],
)
def test_path_patterns(pattern: str, path: str, expected: bool) -> None:
    assert path_matches(pattern, path) is expected


def test_required_keys_of_several_patterns_are_merged() -> None:
    rules = {"FM003": {"required": {"_posts/": ["title", "layout"], "*.md": ["title", "date"]}}}
    diags = lint("---\nlayout: post\n---\n", ["FM003"], rules, path="_posts/a.md")
    assert [d.message for d in diags] == [
        "missing front matter keys 'title', 'date' (required for '_posts/', '*.md')"
    ]
    assert lint("---\nlayout: post\n---\n", ["FM003"], rules, path="a.txt") == []


def test_required_keys_silent_without_front_matter_splitting() -> None:
    config = from_mapping({"front-matter": False, "rules": {"FM003": {"required": {"*": ["title"]}}}}, "t")
    diags, _s, _d = lint_text(decode(b"no front matter\n"), "a.md", config, resolve_rules(config, ["FM003"]))
    assert diags == []


def test_required_keys_through_a_configuration_file(tmp_path: Path) -> None:
    (tmp_path / ".mdtidy.yaml").write_text(
        'rules:\n  FM003:\n    required:\n      "_posts/": [title, layout]\n', encoding="utf-8"
    )
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "a.md").write_bytes(b"---\ntitle: A\n---\n\ntext\n")
    (tmp_path / "_posts" / "b.md").write_bytes(b"text without front matter\n")
    (tmp_path / "page.md").write_bytes(b"---\ntitle: A\n---\n\ntext\n")
    proc = subprocess.run(
        [sys.executable, "-m", "mdtidy", "--select", "FM003", "."],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    lines = proc.stdout.decode().splitlines()
    assert lines[:2] == [
        "_posts/a.md:1:1: FM003 front-matter-required-keys missing front matter key 'layout'"
        " (required for '_posts/')",
        "_posts/b.md:1:1: FM003 front-matter-required-keys no front matter; keys 'title', 'layout'"
        " (required for '_posts/')",
    ]
    assert not any("page.md" in line for line in lines)
    assert proc.returncode == 1


# --------------------------------------------------------------------------- FM002


def test_trailing_space_positions_with_bom_and_cr_line_endings() -> None:
    data = "\ufeff---\rlayout: post  \rtitle: x\r---\r\rtext\r".encode()
    (diag,) = lint(data, ["FM002"])
    assert (diag.line, diag.column, diag.end_line, diag.end_column) == (2, 13, 2, 15)
    source = decode(data)
    out = fix_text(source, "p.md", Config(), resolve_rules(Config(), ["FM002"]), None).text
    assert source.encode(out) == "\ufeff---\rlayout: post\rtitle: x\r---\r\rtext\r".encode()


def test_trailing_space_in_a_block_scalar_is_an_unsafe_fix() -> None:
    text = "---\nexcerpt: |\n  kept  \n---\n"
    (diag,) = lint(text, ["FM002"])
    assert diag.fix is not None and diag.fix.applicability is Applicability.UNSAFE
    assert fixed(text, ["FM002"]) == text
    assert fixed(text, ["FM002"], unsafe=True) == "---\nexcerpt: |\n  kept\n---\n"


def test_trailing_space_is_not_reported_in_invalid_front_matter() -> None:
    assert lint("---\ntitle: [x  \n---\n", ["FM002"]) == []
    assert lint("---\n- a  \n---\n", ["FM002"]) == []  # not a mapping (FM001)


# --------------------------------------------------------------------------- FM004


def test_longest_run_in_order() -> None:
    assert in_order([]) == set()
    assert in_order([0, 1, 2]) == {0, 1, 2}
    assert len(in_order([1, 5, 2, 0])) == 2
    assert in_order([3, 0, 1, 2]) == {1, 2, 3}


def test_key_order_fix_moves_only_whole_lines_and_keeps_the_rest() -> None:
    text = "---\ntitle: t  # why\nextra: &e 1\nlayout: post\nlink: *e\n---\n\nbody  \n"
    (diag,) = lint(text, ["FM004"])
    assert (diag.line, diag.column, diag.message) == (
        2,
        1,
        "front matter key 'title' should come after 'layout'",
    )
    assert (
        fixed(text, ["FM004"]) == "---\nlayout: post\nextra: &e 1\ntitle: t  # why\nlink: *e\n---\n\nbody  \n"
    )


def test_key_order_without_fix_when_an_alias_would_precede_its_anchor() -> None:
    text = "---\ntitle: &t A\nlayout: *t\n---\n"
    (diag,) = lint(text, ["FM004"])
    assert diag.fix is None
    assert fixed(text, ["FM004"]) == text


def test_key_order_without_fix_when_line_endings_are_mixed() -> None:
    text = "---\r\ntitle: A\nlayout: post\r\n---\r\n"
    (diag,) = lint(text, ["FM004"])
    assert diag.fix is None


def test_key_order_and_quoting_are_off_by_default() -> None:
    assert not {"FM004", "FM005"} & {rule.code for rule in resolve_rules(Config())}
    assert {"FM002", "FM003"} <= {rule.code for rule in resolve_rules(Config())}


# --------------------------------------------------------------------------- FM005


@pytest.mark.parametrize(
    "value", ["yes", "No", "on", "OFF", "y", "1:20", "0777", "2019-01-01", "~", "1e3", ".inf"]
)
def test_yaml_1_1_values_are_not_strings(value: str) -> None:
    assert not plain_is_string(value)


@pytest.mark.parametrize("value", ["post", "A post", "Pytorch, MXNet", "v1.0.1", "C++"])
def test_plain_strings(value: str) -> None:
    assert plain_is_string(value)


def test_quotes_that_yaml_1_1_needs_are_kept() -> None:
    text = '---\na: "yes"\nb: "on"\nc: "1:20"\nd: "x"\n---\n'
    diags = lint(text, ["FM005"], {"FM005": {"style": "plain"}})
    assert [(d.line, d.column) for d in diags] == [(5, 4)]
    # and a plain YAML 1.1 boolean is not a string: double quotes would change it for Jekyll
    assert lint("---\na: on\nb: x\n---\n", ["FM005"], {"FM005": {"style": "double"}})[0].line == 3


# --------------------------------------------------------------------------- seeds


def test_seeds_front_matter_findings() -> None:
    config = Config()
    rules = resolve_rules(config, select=["FM"])
    found = []
    for path in sorted((ROOT / "fixtures" / "seeds").glob("*.md")):
        diags, _s, _d = lint_text(decode(path.read_bytes()), path.name, config, rules)
        found += [
            (d.path, d.line, d.column, d.code, d.fix.applicability.value if d.fix else None) for d in diags
        ]
    assert found == [
        ("pytorch-paddle-mxnet-ir.md", 4, 13, "FM002", "safe"),
        ("pytorch.md", 4, 13, "FM002", "safe"),
    ]


# --------------------------------------------------------------------------- property

_VALUES = st.sampled_from(
    [
        "post",
        '"post"',
        "'post'",
        '"2019-01-01"',
        "2019-01-01",
        '"yes"',
        "yes",
        '"1.0"',
        "1.0",
        "",
        '""',
        '"a: b"',
        "'it''s'",
        '"say \\"hi\\""',
        "[a, \"b\", 'c']",
        "|\n  literal  \n  text",
        ">\n  folded\n  text",
        "\n  - a\n  - 'b'  ",
        '\n  nested: "x"\n  other: y',
        "&anchor x",
        "*anchor",
        "x  # comment  ",
        '"multi  \n  line"',
    ]
)
_KEYS = st.sampled_from(["layout", "title", "date", "tags", "category", "extra", "author", "z"])


@st.composite
def front_matters(draw: st.DrawFn) -> str:
    keys = draw(st.lists(_KEYS, min_size=1, max_size=7, unique=True))
    lines = ["---"]
    for key in keys:
        if draw(st.integers(0, 4)) == 0:
            lines.append("# about " + key + draw(st.sampled_from(["", "  "])))
        lines.append(f"{key}: {draw(_VALUES)}{draw(st.sampled_from(['', ' ', '  ']))}")
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "  "])))
    lines.append("---" + draw(st.sampled_from(["", " "])))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return eol.join(lines) + eol + eol + "Body text.  " + eol


@SETTINGS
@given(front_matters())
def test_safe_fm_fixes_keep_the_data_and_the_body(text: str) -> None:
    before = split_front_matter(decode(text.encode("utf-8")))
    assert before is not None
    rules = {"FM004": {"order": ["layout", "title", "date", "tags"]}}
    out = fixed(text, ["FM002", "FM004", "FM005"], rules)
    after = split_front_matter(decode(out.encode("utf-8")))
    assert after is not None and after.ok == before.ok
    body = text.split("---", 2)[2].split("\n", 1)[1]
    assert out.endswith(body)
    if not before.ok or out == text:
        return
    assert sorted(canonical(after.data)[1], key=repr) == sorted(canonical(before.data)[1], key=repr)
    assert ("\r\n" in text) == ("\r\n" in out)
    assert fixed(out, ["FM002", "FM004", "FM005"], rules) == out
    left = [
        d
        for d in lint(out, ["FM002", "FM004", "FM005"], rules)
        if d.fix and d.fix.applicability is Applicability.SAFE
    ]
    assert left == []


def test_a_yaml_text_is_loaded_once_and_errors_keep_their_place() -> None:
    first = split_front_matter(Source("---\ntitle: a\ntags: [x]\n---\nbody\n"))
    again = split_front_matter(Source("---\r\ntitle: a\r\ntags: [x]\r\n---\r\nbody\r\n"))
    assert first is not None and again is not None
    assert again.data is first.data and load_yaml("title: a\ntags: [x]\n") == (True, first.data)
    broken = split_front_matter(Source("\n".join(["---", "a: 1", "b: [", "---", ""])))
    assert broken is not None and broken.data is None
    assert (broken.error_line, broken.error_column) == (4, 1)
    assert load_text("a: 1\nb: [\n").error == broken.error and load_yaml("a: 1\nb: [\n") == (False, None)


def test_a_failed_load_leaves_nothing_behind_for_the_next_one() -> None:
    # the loader is reused after clean loads only: an anchor of a broken text is unknown later
    assert load_text("a: &x 1\nb: [\n").error is not None
    assert load_text("c: *x\n").error is not None
    assert load_text("a: &y 1\n").data == {"a": 1}
    later = load_text("c: *y\n")
    assert later.data is None and later.error is not None
    assert load_text("d: 2\ne: [1, 2]\n").data == {"d": 2, "e": [1, 2]}
