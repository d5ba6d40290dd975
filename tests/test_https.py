"""http → https upgrades: the evidence sources, the rule, the CLI and the online check.

The online tests start their own servers on 127.0.0.1 with a throwaway certificate
authority (trustme); the client trusts it through mdtidy's own ``ca-bundle`` /
``MDTIDY_CA_BUNDLE`` setting, never by turning verification off. No test reaches
beyond 127.0.0.1.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme
from click.testing import CliRunner

import mdtidy
from mdtidy.cli import cli
from mdtidy.config import Config, ConfigError, from_mapping, resolve_rules
from mdtidy.links import https_evidence as ev
from mdtidy.links import verify
from mdtidy.links.https_evidence import OnlineResult, plan_upgrade
from mdtidy.model import Applicability

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "fixtures" / "seeds"


def url001(text: str, config: Config | None = None) -> list[mdtidy.model.Diagnostic]:
    return [d for d in mdtidy.check(text, config=config) if d.code == "URL001"]


def fix_url001(text: str, unsafe: bool = False) -> str:
    return mdtidy.fix(text, config=from_mapping({"select": ["URL001"]}, "test"), unsafe=unsafe)


def only(text: str, config: Config | None = None) -> mdtidy.model.Diagnostic:
    (diag,) = url001(text, config)
    return diag


# --------------------------------------------------------------------------- the upgrade


@pytest.mark.parametrize(
    ("url", "upgraded"),
    [
        ("http://pytorch.org/", "https://pytorch.org/"),
        ("HTTP://PyTorch.org/A%20b?q=1&r=ü#frag", "https://PyTorch.org/A%20b?q=1&r=ü#frag"),
        ("http://example.org:80/path", "https://example.org/path"),
        ("http://example.org:80", "https://example.org"),
        ("http://example.org:80?x", "https://example.org?x"),
        ("http://user:pw@example.org:80/", "https://user:pw@example.org/"),
        ("http://example.org/a:8080/", "https://example.org/a:8080/"),
    ],
)
def test_upgrade_changes_only_the_scheme_and_a_default_port(url: str, upgraded: str) -> None:
    plan = plan_upgrade(url)
    assert plan is not None and plan.possible
    assert plan.https_url == upgraded
    out, pos = [], 0
    for start, end, text in plan.edits:
        out += [url[pos:start], text]
        pos = end
    assert "".join([*out, url[pos:]]) == upgraded


@pytest.mark.parametrize(
    "url", ["http://example.org:8080/", "http://example.org:443/odd", "http://[2001:db8::1]:81/"]
)
def test_another_port_is_not_upgraded(url: str) -> None:
    plan = plan_upgrade(url)
    assert plan is not None and not plan.possible


@pytest.mark.parametrize("url", ["https://x.org/", "ftp://x.org/", "http:/x.org", "http://x.org:8o/"])
def test_not_an_upgradable_http_url(url: str) -> None:
    assert plan_upgrade(url) is None


@pytest.mark.parametrize(
    "host",
    [
        *("localhost", "127.0.0.1", "10.0.0.1", "192.168.1.10", "[::1]", "8.8.8.8"),
        *("printer.local", "site.test", "www.example", "app.localhost", "broken.invalid"),
    ],
)
def test_local_hosts(host: str) -> None:
    assert ev.is_local(host)
    assert url001(f"http://{host}/page\n") == []


@pytest.mark.parametrize("host", ["example.com", "pytorch.org", "localhost.org", "test.com"])
def test_real_hosts_are_not_local(host: str) -> None:
    assert not ev.is_local(host)


def test_ports_in_the_rule() -> None:
    text = "https://example.org/\n\nhttp://example.org:8080/admin\n\nhttp://example.org:80/path\n"
    first, _second = url001(text)
    assert first.fix is None and "example.org:8080; not upgraded: another port" in first.message
    assert fix_url001(text).endswith("https://example.org/path\n")


# --------------------------------------------------------------------------- 1. configuration


def test_config_https_hosts_exact_and_glob() -> None:
    config = from_mapping({"https-hosts": ["torch.ch", "*.gluon.ai"]}, "test")
    torch = only("http://torch.ch/\n", config)
    assert torch.message.endswith("(safe: host is listed in https-hosts)")
    assert torch.fix is not None and torch.fix.applicability is Applicability.SAFE
    gluon = only("http://zh.gluon.ai/index.html\n", config)
    assert gluon.message.endswith("(safe: host matches '*.gluon.ai' in https-hosts)")
    assert gluon.fix is not None and gluon.fix.applicability is Applicability.SAFE
    assert only("http://gluon.ai/\n", config).fix.applicability is Applicability.UNSAFE  # type: ignore[union-attr]


def test_config_http_only_hosts_silence_by_default() -> None:
    config = from_mapping({"http-only-hosts": ["*.torch.ch", "torch.ch"]}, "test")
    # https:// uses in the run would be evidence, but the configuration comes first
    assert url001("https://torch.ch/a\n\nhttp://torch.ch/\n\nhttp://www.torch.ch/\n", config) == []


def test_config_http_only_hosts_as_info() -> None:
    config = from_mapping(
        {"http-only-hosts": ["*.github.io"], "rules": {"URL001": {"http-only": "info"}}}, "test"
    )
    diag = only("http://old.github.io/\n", config)
    assert diag.severity == "info" and diag.fix is None
    assert (
        diag.message
        == "http:// link to old.github.io; not upgraded: host matches '*.github.io' in http-only-hosts"
    )


def test_config_the_more_specific_pattern_wins() -> None:
    assert ev.config_match("a.example.org", ["a.example.org"], ["*.example.org"]) == (
        "https",
        "a.example.org",
    )
    assert ev.config_match("a.example.org", ["*.example.org"], ["a.example.org"]) == (
        "http-only",
        "a.example.org",
    )
    assert ev.config_match("a.b.example.org", ["*.example.org"], ["*.b.example.org"]) == (
        "http-only",
        "*.b.example.org",
    )
    assert ev.config_match("x.org", ["x.org"], ["x.org"]) == ("http-only", "x.org")  # a tie: never
    assert ev.config_match("x.org", [], []) is None


def test_config_errors_are_clear() -> None:
    with pytest.raises(ConfigError, match=r"unknown verify-https setting 'timout'.*'timeout'"):
        from_mapping({"verify-https": {"timout": 3}}, "test")
    with pytest.raises(ConfigError, match="'concurrency' must be a positive integer"):
        from_mapping({"verify-https": {"concurrency": 0}}, "test")
    with pytest.raises(ConfigError, match="'http-only-hosts' must be a list of strings"):
        from_mapping({"http-only-hosts": [1]}, "test")
    with pytest.raises(ConfigError, match="option 'http-only' must be 'silence' or 'info'"):
        resolve_rules(from_mapping({"rules": {"URL001": {"http-only": "loud"}}}, "test"))


# --------------------------------------------------------------------------- 2. HSTS preload list


def test_hsts_exact_entry_and_include_subdomains() -> None:
    assert ev.hsts_preloaded("github.com") == "github.com"
    assert ev.hsts_preloaded("www.github.com") == "github.com"  # include_subdomains
    assert ev.hsts_preloaded("anything.dev") == "dev"  # a whole preloaded TLD
    assert ev.hsts_preloaded("pytorch.org") is None
    assert ev.hsts_preloaded("torch.ch") is None


def test_hsts_messages() -> None:
    assert only("http://github.com/pytorch\n").message.endswith("(safe: host is HSTS-preloaded)")
    diag = only("http://gist.github.com/x\n")
    assert diag.message.endswith("(safe: github.com is HSTS-preloaded with include_subdomains)")
    assert diag.fix is not None and diag.fix.applicability is Applicability.SAFE
    assert only("http://blog.web.dev/\n").message.endswith(
        "(safe: .dev is HSTS-preloaded with include_subdomains)"
    )


def test_configuration_comes_before_hsts() -> None:
    config = from_mapping({"http-only-hosts": ["github.com"]}, "test")
    assert url001("http://github.com/\n", config) == []


# --------------------------------------------------------------------------- 3. the corpus


def test_corpus_counts_https_uses_of_the_host() -> None:
    once = only("<https://pytorch.org/>\n\nhttp://pytorch.org/docs\n")
    assert once.message.endswith("(safe: host is linked with https:// once in this run)")
    text = "https://pytorch.org/a https://pytorch.org/b\n\n![x](https://pytorch.org/c.png)\n\nhttp://pytorch.org/\n"
    assert only(text).message.endswith("(safe: host is linked with https:// 3 times in this run)")
    other = only("https://pytorch.org/\n\nhttp://download.pytorch.org/whl/\n")
    assert other.message.endswith("(unsafe: no evidence that download.pytorch.org serves https)")
    assert other.fix is not None and other.fix.applicability is Applicability.UNSAFE


def test_corpus_parent_domain_with_a_configured_rule() -> None:
    text = "https://qq.com/ and https://qq.com/x\n\nhttp://mp.weixin.qq.com/s/abc\n"
    assert only(text).fix.applicability is Applicability.UNSAFE  # type: ignore[union-attr]
    config = from_mapping({"rules": {"URL001": {"parent-domains": ["qq.com"]}}}, "test")
    diag = only(text, config)
    assert diag.message.endswith("(safe: parent domain qq.com is linked with https:// 2 times in this run)")
    assert ev.corpus_uses("a.b.qq.com", {"b.qq.com": 1, "qq.com": 5}, ["*qq.com"]) == ("b.qq.com", 1)
    assert ev.corpus_uses("a.qq.com", {"a.qq.com": 2, "qq.com": 5}, ["qq.com"]) == ("a.qq.com", 2)


def test_corpus_evidence_spans_the_files_of_a_run(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("[site](https://torch.ch/)\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("See http://torch.ch/docs.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--no-config", "--select", "URL001", str(tmp_path)])
    assert (
        "http:// link to torch.ch; use https:// (safe: host is linked with https:// once in this run) [*]"
        in (result.stdout)
    )


# --------------------------------------------------------------------------- where links are (and are not)


HTML = """\
https://pytorch.org/ is linked with https.

Inline <a href="http://pytorch.org/inline">a</a> and <img alt=x src='http://pytorch.org/i.png'>.

<div>
<a class="x" HREF = http://pytorch.org/block >PyTorch</a> <!-- <a href="http://pytorch.org/c1"> -->
<span title="http://pytorch.org/title">not a link</span>
</div>

<!-- <img src="http://pytorch.org/c2.png"> -->

Inline <!-- <a href="http://pytorch.org/c3"> --> comment and `<a href="http://pytorch.org/code">`.

```html
<a href="http://pytorch.org/fenced">x</a>
```

    <a href="http://pytorch.org/indented">x</a>

[def]: http://pytorch.org/definition
"""


def test_html_href_and_src_are_links_comments_and_code_are_not() -> None:
    found = sorted((d.line, d.column) for d in url001(HTML))
    assert found == [(3, 17), (3, 70), (6, 21), (20, 8)]
    fixed = fix_url001(HTML)
    assert fixed == (
        HTML.replace('"http://pytorch.org/inline"', '"https://pytorch.org/inline"')
        .replace("'http://pytorch.org/i.png'", "'https://pytorch.org/i.png'")
        .replace("HREF = http://pytorch.org/block >", "HREF = https://pytorch.org/block >")
        .replace("]: http://pytorch.org/definition", "]: https://pytorch.org/definition")
    )


def test_html_links_in_containers_and_their_https_uses_count() -> None:
    text = '> <p><a href="https://torch.ch/">home</a></p>\n\n- <img src="http://torch.ch/logo.png">\n'
    diag = only(text)
    assert (diag.line, diag.column) == (3, 13)
    assert diag.message.endswith("(safe: host is linked with https:// once in this run)")
    assert fix_url001(text).endswith('<img src="https://torch.ch/logo.png">\n')


def test_every_markdown_link_form_is_upgraded() -> None:
    text = (
        "https://pytorch.org/\n\n[a](http://pytorch.org/a) <http://pytorch.org/b> http://pytorch.org/c\n\n"
        "![i](http://pytorch.org/i.png) [r][r]\n\n[r]: <http://pytorch.org/r>\n"
    )
    assert len(url001(text)) == 5
    assert "http://" not in fix_url001(text)


# --------------------------------------------------------------------------- 4. online results, offline


def _with_online(text: str, online: dict[str, OnlineResult]) -> list[mdtidy.model.Diagnostic]:
    from mdtidy.engine import check_corpus, lint_text
    from mdtidy.model import Corpus
    from mdtidy.parsing.source import Source

    config = Config()
    rules = resolve_rules(config, ["URL001"])
    source = Source(text)
    _d, summary, _doc = lint_text(source, "t.md", config, rules)
    corpus = Corpus([summary], config)
    corpus.evidence.update(online)
    return check_corpus(corpus, "t.md", rules, source)


def test_online_success_is_evidence() -> None:
    (diag,) = _with_online(
        "http://torch.ch/\n", {"http://torch.ch/": OnlineResult(True, "answered 200", 200)}
    )
    assert diag.message == (
        "http:// link to torch.ch; use https:// (safe: verified online: https://torch.ch/ answered 200)"
    )
    assert diag.fix is not None and diag.fix.applicability is Applicability.SAFE


def test_online_failure_is_evidence_against() -> None:
    failed = OnlineResult(False, "certificate error (certificate has expired)")
    (diag,) = _with_online("http://zh.gluon.ai/index.html\n", {"http://zh.gluon.ai/index.html": failed})
    assert diag.fix is None
    assert diag.message == (
        "http:// link to zh.gluon.ai; not upgraded: https://zh.gluon.ai/index.html failed the online check: "
        "certificate error (certificate has expired)"
    )


def test_offline_evidence_comes_before_online_results() -> None:
    failed = OnlineResult(False, "answered 404", 404)
    text = "https://torch.ch/\n\nhttp://torch.ch/x\n"
    (diag,) = _with_online(text, {"http://torch.ch/x": failed})
    assert diag.fix is not None and "linked with https:// once" in diag.message
    assert ev.needs_online_check("http://torch.ch/x", https_counts={"torch.ch": 1}) is None
    assert ev.needs_online_check("http://github.com/x") is None  # HSTS
    assert ev.needs_online_check("http://torch.ch/x", https_hosts=["torch.ch"]) is None
    assert ev.needs_online_check("http://torch.ch:8080/x") is None
    assert ev.needs_online_check("http://localhost/x") is None
    assert ev.needs_online_check("http://torch.ch:80/x") == "https://torch.ch/x"


# --------------------------------------------------------------------------- the seeds, from the CLI


def _seed_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


def test_seeds_fix_upgrades_only_links_with_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _seed_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    report = CliRunner().invoke(cli, ["--no-config", "--select", "URL001", "seeds"])
    lines = [line for line in report.stdout.splitlines() if "URL001" in line]
    assert len(lines) == 7
    assert sum("(safe: host is linked with https://" in line for line in lines) == 4
    assert sum("(unsafe: no evidence that" in line for line in lines) == 3

    CliRunner().invoke(cli, ["--no-config", "--select", "URL001", "--fix", "seeds"])
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    for name, text in texts.items():
        assert "http://pytorch.org/" not in text, name
        assert "http://mp.weixin.qq.com/" not in text, name
        assert "http://torch.ch/" in text and "https://torch.ch/" not in text, name
    assert "http://zh.gluon.ai/index.html" in texts["pytorch-paddle-mxnet-ir.md"]
    assert "https://mp.weixin.qq.com/s/Z5X7Vamuw1BwtienhOrSvQ" in texts["pytorch-paddle-mxnet-ir.md"]
    assert "`pip3 install http://download.pytorch.org/whl/cpu/" in texts["pytorch.md"]

    CliRunner().invoke(cli, ["--no-config", "--select", "URL001", "--fix", "--unsafe-fixes", "seeds"])
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    assert "https://torch.ch/" in texts["pytorch.md"]
    assert "https://zh.gluon.ai/index.html" in texts["pytorch-paddle-mxnet-ir.md"]
    assert "`pip3 install http://download.pytorch.org/whl/cpu/" in texts["pytorch.md"]


def test_the_default_path_never_imports_the_network_code(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("http://torch.ch/\n", encoding="utf-8")
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom mdtidy.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['--no-config', '--fix', {str(tmp_path)!r}])\n"
        "assert r.exit_code == 1, r.output\n"
        "bad = [m for m in ('httpx', 'httpcore', 'mdtidy.links.verify') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# --------------------------------------------------------------------------- online: local servers


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.delenv(verify.CA_BUNDLE_ENV, raising=False)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self, head: bool) -> None:
        path = self.path.split("?", 1)[0]
        self.server.hits[(self.command, path)] += 1
        status, location = 200, None
        if path == "/head-405" and head:
            status = 405
        elif path == "/missing":
            status = 404
        elif path == "/r1":
            status, location = 301, "/r2"
        elif path == "/r2":
            status, location = 302, f"https://{self.headers['Host']}/ok"
        elif path == "/to-http":
            status, location = 301, self.server.http_target
        elif path == "/loop":
            status, location = 302, "/loop"
        elif path == "/slow":
            self.server.release.wait(5)
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        body = b"hello\n"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, context: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        if context is not None:
            self.socket = context.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)
        self.hits: Counter[tuple[str, str]] = Counter()
        self.release = threading.Event()
        self.http_target = ""

    @property
    def port(self) -> int:
        return self.server_address[1]


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def _serve(server: _Server) -> Iterator[_Server]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()


def _tls(cert: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    return context


@pytest.fixture(scope="module")
def http_only() -> Iterator[_Server]:
    yield from _serve(_Server(None))


@pytest.fixture(scope="module")
def https(ca: trustme.CA, http_only: _Server) -> Iterator[_Server]:
    cert = ca.issue_cert("127.0.0.1", "docs.mdtidy-test.org", "slow.mdtidy-test.org")
    server = _Server(_tls(cert))
    server.http_target = f"http://127.0.0.1:{http_only.port}/ok"
    yield from _serve(server)


@pytest.fixture(scope="module")
def untrusted() -> Iterator[_Server]:
    stranger = trustme.CA()  # not in the bundle the client is given
    yield from _serve(_Server(_tls(stranger.issue_cert("127.0.0.1", "expired.mdtidy-test.org"))))


def _settings(ca_file: str | None, tmp_path: Path | None = None, **kw: Any) -> verify.Settings:
    return verify.Settings(
        timeout=kw.pop("timeout", 3.0),
        per_host_delay=kw.pop("per_host_delay", 0.0),
        cache_dir=str(tmp_path / "cache") if tmp_path else None,
        cache_days=kw.pop("cache_days", 7.0 if tmp_path else 0.0),
        ca_bundle=ca_file,
        **kw,
    )


def _one(url: str, settings: verify.Settings) -> OnlineResult:
    return verify.verify_urls([url], settings).results[url]


def test_online_ok_and_head_fallback(https: _Server, ca_file: str) -> None:
    base = f"https://127.0.0.1:{https.port}"
    ok = _one(f"{base}/ok", _settings(ca_file))
    assert ok == OnlineResult(True, "answered 200", 200)
    fallback = _one(f"{base}/head-405", _settings(ca_file))
    assert fallback.ok and fallback.detail == "answered 200"
    assert https.hits[("HEAD", "/head-405")] >= 1 and https.hits[("GET", "/head-405")] >= 1
    missing = _one(f"{base}/missing", _settings(ca_file))
    assert missing == OnlineResult(False, "answered 404", 404)


def test_online_redirect_chain(https: _Server, ca_file: str) -> None:
    base = f"https://127.0.0.1:{https.port}"
    chain = _one(f"{base}/r1", _settings(ca_file))
    assert chain == OnlineResult(True, "answered 200 after 2 redirects", 200)
    down = _one(f"{base}/to-http", _settings(ca_file))
    assert not down.ok and down.detail.startswith("redirects to http:// (http://127.0.0.1:")
    loop = _one(f"{base}/loop", _settings(ca_file))
    assert not loop.ok and loop.detail == f"more than {verify.MAX_REDIRECTS} redirects"


def test_online_http_only_server_fails(http_only: _Server, ca_file: str) -> None:
    result = _one(f"https://127.0.0.1:{http_only.port}/ok", _settings(ca_file))
    assert not result.ok and "TLS handshake failed" in result.detail


def test_online_untrusted_certificate_fails(untrusted: _Server, ca_file: str) -> None:
    result = _one(f"https://127.0.0.1:{untrusted.port}/ok", _settings(ca_file))
    assert not result.ok and result.detail.startswith("certificate error")
    # without the test CA, the server the client does know is not trusted either
    plain = _one(f"https://127.0.0.1:{untrusted.port}/ok", _settings(None))
    assert not plain.ok and plain.detail.startswith("certificate error")


def test_online_timeout_is_a_failure_and_not_cached(https: _Server, ca_file: str, tmp_path: Path) -> None:
    url = f"https://127.0.0.1:{https.port}/slow"
    settings = _settings(ca_file, tmp_path, timeout=0.3)
    started = time.monotonic()
    result = _one(url, settings)
    assert time.monotonic() - started < 3
    assert result == OnlineResult(False, "timed out after 0.3 s")
    assert not (tmp_path / "cache" / verify.CACHE_FILE).exists()


def test_online_cache_and_expiry(https: _Server, ca_file: str, tmp_path: Path) -> None:
    url = f"https://127.0.0.1:{https.port}/ok?cache"
    clock = [1_000_000.0]
    settings = _settings(ca_file, tmp_path, cache_days=1.0)
    before = https.hits[("HEAD", "/ok")]
    first = verify.verify_urls([url], settings, now=lambda: clock[0])
    assert (first.fetched, first.cached) == (1, 0)
    second = verify.verify_urls([url, url], settings, now=lambda: clock[0] + 3600)
    assert (second.fetched, second.cached) == (0, 1)
    assert second.results[url] == OnlineResult(True, "answered 200", 200, cached=True)
    assert https.hits[("HEAD", "/ok")] == before + 1
    third = verify.verify_urls([url], settings, now=lambda: clock[0] + 2 * 86400)
    assert (third.fetched, third.cached) == (1, 0)


def test_online_concurrency_and_per_host_delay(https: _Server, ca_file: str) -> None:
    base = f"https://127.0.0.1:{https.port}"
    urls = [f"{base}/ok?n={n}" for n in range(4)]
    started = time.monotonic()
    report = verify.verify_urls(urls, _settings(ca_file, per_host_delay=0.2, concurrency=4))
    assert time.monotonic() - started >= 0.6  # 4 requests to one host, 0.2 s apart
    assert all(r.ok for r in report.results.values()) and report.fetched == 4


def test_ca_bundle_from_environment_and_config(monkeypatch: pytest.MonkeyPatch, ca_file: str) -> None:
    config = from_mapping({"ca-bundle": "/nonexistent.pem", "verify-https": {"timeout": 2}}, "test")
    assert verify.Settings.from_config(config).ca_bundle == "/nonexistent.pem"
    with pytest.raises(verify.VerifyError, match="does not exist"):
        verify.ssl_context(verify.Settings.from_config(config))
    monkeypatch.setenv(verify.CA_BUNDLE_ENV, ca_file)
    settings = verify.Settings.from_config(config)
    assert settings.ca_bundle == ca_file and settings.timeout == 2
    assert isinstance(verify.ssl_context(settings), ssl.SSLContext)


# --------------------------------------------------------------------------- online, from the CLI


class _LoopbackTransport(httpx.BaseTransport):
    """Sends requests for the named test hosts to their servers on 127.0.0.1, others nowhere."""

    def __init__(self, verify_with: Any, ports: dict[str, int]) -> None:
        self.inner = httpx.HTTPTransport(verify=verify_with)
        self.ports = ports

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host not in self.ports:
            raise httpx.ConnectError(f"test transport: {host} is not a test server", request=request)
        request.url = request.url.copy_with(host="127.0.0.1", port=self.ports[host])
        request.extensions = {**request.extensions, "sni_hostname": host}
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_cli_verify_https(
    https: _Server, untrusted: _Server, ca_file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ports = {
        "docs.mdtidy-test.org": https.port,
        "slow.mdtidy-test.org": https.port,
        "expired.mdtidy-test.org": untrusted.port,
    }
    monkeypatch.setattr(verify, "_transport", lambda v: _LoopbackTransport(v, ports))
    monkeypatch.setenv(verify.CA_BUNDLE_ENV, ca_file)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.mdtidy]\n[tool.mdtidy.verify-https]\ntimeout = 0.5\nper-host-delay = 0\n",
        encoding="utf-8",
    )
    post = tmp_path / "post.md"
    text = (
        '[docs](http://docs.mdtidy-test.org/r1) and <img src="http://docs.mdtidy-test.org:80/ok">\n\n'
        "http://expired.mdtidy-test.org/page\n\nhttp://slow.mdtidy-test.org/slow\n\n"
        "`http://docs.mdtidy-test.org/code`\n"
    )
    post.write_text(text, encoding="utf-8")

    offline = CliRunner().invoke(cli, ["--select", "URL001", "post.md"])
    assert offline.stdout.count("unsafe: no evidence that") == 4

    online = CliRunner().invoke(cli, ["--select", "URL001", "--verify-https", "post.md"])
    out = online.stdout
    assert (
        "post.md:1:8: URL001 insecure-link http:// link to docs.mdtidy-test.org; use https:// "
        "(safe: verified online: https://docs.mdtidy-test.org/r1 answered 200 after 2 redirects) [*]"
    ) in out
    assert "(safe: verified online: https://docs.mdtidy-test.org/ok answered 200) [*]" in out
    assert (
        "post.md:3:1: URL001 insecure-link http:// link to expired.mdtidy-test.org; not upgraded: "
        "https://expired.mdtidy-test.org/page failed the online check: certificate error ("
    ) in out
    assert (
        "not upgraded: https://slow.mdtidy-test.org/slow failed the online check: timed out after 0.5 s"
    ) in out
    assert "--verify-https: 4 URLs checked (0 from the cache)" in online.stderr
    assert (tmp_path / ".mdtidy_cache" / verify.CACHE_FILE).is_file()

    fixed = CliRunner().invoke(cli, ["--select", "URL001", "--verify-https", "--fix", "post.md"])
    assert fixed.exit_code == 1  # the two failures remain
    assert "(3 from the cache)" in fixed.stderr  # the timeout was not cached
    assert post.read_text(encoding="utf-8") == (
        text.replace("(http://docs.mdtidy-test.org/r1)", "(https://docs.mdtidy-test.org/r1)").replace(
            '"http://docs.mdtidy-test.org:80/ok"', '"https://docs.mdtidy-test.org/ok"'
        )
    )


def test_cli_verify_https_with_a_missing_ca_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(verify.CA_BUNDLE_ENV, str(tmp_path / "missing.pem"))
    (tmp_path / "a.md").write_text("http://torch.ch/\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--no-config", "--verify-https", "a.md"])
    assert result.exit_code == 2
    assert (
        f"mdtidy: --verify-https: error: CA bundle {tmp_path / 'missing.pem'} does not exist" in result.stderr
    )
    assert "(unsafe: no evidence that torch.ch serves https)" in result.stdout  # the offline findings remain
