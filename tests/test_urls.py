"""Canonical URLs (mdtidy.links.urls): one test per rule of the canonical form, and its configuration."""

from __future__ import annotations

import pytest

from mdtidy.config import ConfigError, from_mapping
from mdtidy.links.urls import DEFAULT_POLICY, UrlPolicy, url_key


def same(a: str, b: str, policy: UrlPolicy | None = None) -> bool:
    return url_key(a, policy) == url_key(b, policy)


def test_scheme_http_and_https_are_the_same() -> None:
    assert same("http://example.org/a", "https://example.org/a")
    assert same("HTTPS://example.org/a", "https://example.org/a")


def test_host_case() -> None:
    assert same("https://Example.ORG/a", "https://example.org/a")


def test_path_case_is_kept() -> None:
    assert not same("https://example.org/A", "https://example.org/a")


def test_host_idna() -> None:
    assert same("https://bücher.example/x", "https://xn--bcher-kva.example/x")
    assert url_key("https://BÜCHER.example/x") == "//xn--bcher-kva.example/x"


def test_host_trailing_dot() -> None:
    assert same("https://example.org./a", "https://example.org/a")


def test_default_ports() -> None:
    assert same("http://example.org:80/a", "https://example.org/a")
    assert same("https://example.org:443/a", "https://example.org/a")
    assert not same("https://example.org:8443/a", "https://example.org/a")
    # a port is the default of its own scheme only
    assert not same("http://example.org:443/a", "http://example.org/a")


def test_empty_path_and_slash() -> None:
    assert same("https://example.org", "https://example.org/")
    assert url_key("https://example.org") == "//example.org"


def test_trailing_slash() -> None:
    assert same("https://example.org/docs/", "https://example.org/docs")


def test_index_files() -> None:
    assert same("https://example.org/docs/index.html", "https://example.org/docs/")
    assert same("https://example.org/index.htm", "https://example.org")
    assert same("https://example.org/docs/INDEX.HTML", "https://example.org/docs")
    # dynamic defaults are not assumed: index.php may route by its own rules
    assert not same("https://example.org/index.php", "https://example.org/")
    assert not same("https://example.org/docs/index.html.bak", "https://example.org/docs/")


def test_index_files_configurable() -> None:
    config = from_mapping({"canonical-urls": {"index-files": ["index.php", "default.aspx"]}}, "t")
    policy = config.url_policy
    assert same("https://example.org/index.php", "https://example.org/", policy)
    assert not same("https://example.org/index.html", "https://example.org/", policy)


def test_percent_encoding_case() -> None:
    assert same("https://example.org/%e4%b8%ad", "https://example.org/%E4%B8%AD")
    assert same("https://example.org/中", "https://example.org/%E4%B8%AD")


def test_needless_escapes_are_decoded() -> None:
    assert same("https://example.org/%7Euser/%41", "https://example.org/~user/A")
    # an escaped slash is not a slash
    assert not same("https://example.org/a%2Fb", "https://example.org/a/b")


def test_dot_segments() -> None:
    assert same("https://example.org/a/./b/../c", "https://example.org/a/c")


def test_query_parameter_order() -> None:
    assert same("https://example.org/p?b=2&a=1", "https://example.org/p?a=1&b=2")
    assert not same("https://example.org/p?a=1", "https://example.org/p?a=2")
    assert same("https://example.org/p?", "https://example.org/p")


def test_tracking_parameters() -> None:
    base = "https://example.org/p?id=7"
    assert same(base + "&utm_source=x&utm_medium=y", base)
    assert same(base + "&fbclid=abc", base)
    assert same(base + "&gclid=abc", base)
    assert same(base + "&spm=a2c4g.11186623", base)
    assert same("https://example.org/p?UTM_Campaign=z", "https://example.org/p")
    assert not same(base + "&page=2", base)


def test_weixin_long_links() -> None:
    article = "https://mp.weixin.qq.com/s?__biz=MzA3MzI4MjgzMw==&mid=2650730034&idx=1&sn=9e2c5a"
    shared = (
        "http://mp.weixin.qq.com/s?__biz=MzA3MzI4MjgzMw==&mid=2650730034&idx=1&sn=9e2c5a"
        "&chksm=871b2a0cb06ca31a&scene=21&sessionid=1500000000&srcid=0101abcd#wechat_redirect"
    )
    assert same(shared, article)
    assert same(article + "#rd", article)
    # __biz, mid, idx and sn identify the article
    assert not same(article.replace("idx=1", "idx=2"), article)
    assert not same(article.replace("sn=9e2c5a", "sn=ffffff"), article)
    # share parameters are only dropped on their host
    assert not same("https://example.org/s?scene=21", "https://example.org/s")


def test_www_only_when_configured() -> None:
    assert not same("https://www.zhihu.com/question/1", "https://zhihu.com/question/1")
    everywhere = from_mapping({"canonical-urls": {"strip-www": True}}, "t").url_policy
    assert same("https://www.zhihu.com/question/1", "https://zhihu.com/question/1", everywhere)
    some = from_mapping({"canonical-urls": {"strip-www": ["zhihu.com"]}}, "t").url_policy
    assert same("https://www.zhihu.com/question/1", "https://zhihu.com/question/1", some)
    assert not same("https://www.example.org/", "https://example.org/", some)


def test_fragments_are_kept_by_default() -> None:
    assert not same("https://example.org/page#a", "https://example.org/page#b")
    assert not same("https://example.org/page#a", "https://example.org/page")
    assert same("https://example.org/page#", "https://example.org/page")
    off = from_mapping({"canonical-urls": {"keep-fragments": False}}, "t").url_policy
    assert same("https://example.org/page#a", "https://example.org/page#b", off)


def test_non_web_urls_are_compared_as_written() -> None:
    assert url_key("  mailto:A@B.org ") == "mailto:A@B.org"
    assert url_key("../docs/") == "../docs/"
    assert not same("ftp://Example.org/a", "ftp://example.org/a")


def test_unparsable_urls_do_not_raise() -> None:
    for url in ("http://[::1", "https://example.org:99999/", "https://exa mple.org/", "http://"):
        assert isinstance(url_key(url), str)


def test_url_key_defaults_to_the_default_policy() -> None:
    assert url_key("https://example.org/?utm_source=x") == url_key("https://example.org/", DEFAULT_POLICY)


# --------------------------------------------------------------------------- configuration


def test_tracking_params_configuration() -> None:
    policy = from_mapping({"canonical-urls": {"extend-tracking-params": ["ref", "from_*"]}}, "t").url_policy
    assert same("https://example.org/?ref=hn&from_app=1&utm_source=x", "https://example.org/", policy)
    replaced = from_mapping({"canonical-urls": {"tracking-params": ["ref"]}}, "t").url_policy
    assert not same("https://example.org/?utm_source=x", "https://example.org/", replaced)
    hosts = from_mapping(
        {"canonical-urls": {"host-tracking-params": {"example.org": ["s"], "mp.weixin.qq.com": []}}}, "t"
    ).url_policy
    assert same("https://docs.example.org/?s=1", "https://docs.example.org/", hosts)
    assert not same("https://mp.weixin.qq.com/s?a=1&scene=2", "https://mp.weixin.qq.com/s?a=1", hosts)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"tracking-param": ["x"]}, "did you mean 'tracking-params'"),
        ({"strip_ww": True}, "did you mean 'strip-www'"),
        ({"keep-fragments": "yes"}, "must be true or false"),
        ({"index-files": ["a/index.html"]}, "file names"),
        ({"host-tracking-params": ["x"]}, "table of host"),
        ({"tracking-params": [1]}, "list of strings"),
    ],
)
def test_configuration_errors(table: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        from_mapping({"canonical-urls": table}, "t")


def test_unknown_top_level_key_suggests_canonical_urls() -> None:
    with pytest.raises(ConfigError, match="did you mean 'canonical-urls'"):
        from_mapping({"canonical-url": {}}, "t")


def test_the_engine_uses_the_configured_policy() -> None:
    from mdtidy.config import resolve_rules
    from mdtidy.engine import lint_text
    from mdtidy.parsing.source import Source

    text = "- <https://www.example.org/a>\n- <https://example.org/a/>\n"
    config = from_mapping({"canonical-urls": {"strip-www": True}}, "t")
    rules = resolve_rules(config, select=["DUP001"])
    diags, summary, _doc = lint_text(Source(text), "x.md", config, rules)
    assert [d.line for d in diags] == [2]
    assert {link.key for link in summary.links} == {"//example.org/a"}
    diags, _summary, _doc = lint_text(Source(text), "x.md", from_mapping({}, "t"), rules)
    assert diags == []
