"""Configuration: ``[tool.mdtidy]`` in pyproject.toml or ``.mdtidy.yaml``.

Keys (kebab-case in files)::

    select = ["DUP", "URL001"]     # codes, code prefixes, names or aliases
    ignore = ["MD012"]
    https-hosts = ["example.org"]  # hosts known to serve https (URL001 fixes are safe)
    http-only-hosts = ["old.example.org"]  # hosts never upgraded to https (globs work)
    ca-bundle = "certs/ca.pem"     # CA certificates for --verify-https (env MDTIDY_CA_BUNDLE wins)
    include = ["/docs/**/*.md"]    # only these of the files found in folders (gitignore syntax)
    exclude = ["drafts"]           # replaces the default excluded folders (gitignore syntax)
    extend-exclude = ["archive"]   # adds to them
    respect-gitignore = true       # skip what .gitignore, .ignore, info/exclude, core.excludesFile ignore
    force-exclude = false          # apply exclusions to files named on the command line too
    front-matter = true            # split off YAML front matter
    max-file-size = 5000000        # bytes; larger files are refused with a clear message
    file-timeout = 20              # seconds per file; slower files are skipped with a message
    flavor = "auto"                # auto | commonmark | gfm | jekyll | hugo | mkdocs (mdtidy.parsing.flavors)
    per-file-flavor = { "blog/**" = "jekyll" }   # path patterns (from this file's folder) → flavor
    markdown-shortcodes = ["note"] # Hugo {{< >}} shortcodes whose body is Markdown (others are opaque)
    format = "text"                # output format (MDTIDY_FORMAT and --format win)
    corpus = "auto"                # what cross-file rules compare with: "auto" (the site's content
                                   # folder), paths from this file's folder, or false (the run only)
    cache-dir = ".mdtidy_cache"    # the lint cache, from this file's folder (MDTIDY_CACHE_DIR wins)

    [tool.mdtidy.verify-https]     # tuning of --verify-https (these are the defaults)
    timeout = 10                   # seconds per request
    concurrency = 8                # requests in flight
    per-host-delay = 0.5           # seconds between two requests to one host
    cache-days = 7                 # how long results are kept on disk (0 = no cache)
    cache-dir = ".mdtidy_cache"    # relative to the configuration file's folder

    [tool.mdtidy.canonical-urls]   # when two links are the same (mdtidy.links.urls; defaults shown)
    tracking-params = ["utm_*", "fbclid", "gclid", ...]   # replaces the default list
    extend-tracking-params = ["ref"]                      # adds to it
    host-tracking-params = { "mp.weixin.qq.com" = ["chksm", ...] }  # per host, replaces that host's list
    index-files = ["index.html", "index.htm"]             # a last path segment that names the folder
    strip-www = false              # true, or host globs without "www." (["zhihu.com"])
    keep-fragments = true          # page#a and page#b differ
    fragment-free-hosts = ["mp.weixin.qq.com"]            # hosts whose fragments are never anchors

    [tool.mdtidy.rules.DUP001]     # per-rule options, by code, name or alias
    ...

Unknown keys are errors, with a "did you mean" suggestion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mdtidy.links.urls import DEFAULT_POLICY, UrlPolicy
from mdtidy.model import Rule
from mdtidy.parsing.flavors import FLAVORS, Flavor, resolve_flavor
from mdtidy.registry import all_rules

__all__ = ["Config", "ConfigError", "find_config", "load_config", "resolve_rules"]

DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    "node_modules",
    "_site",
    ".jekyll-cache",
    ".sass-cache",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".mdtidy_cache",
    "build",
    "dist",
)

_KEYS = {
    "select",
    "ignore",
    "https-hosts",
    "http-only-hosts",
    "ca-bundle",
    "verify-https",
    "canonical-urls",
    "include",
    "exclude",
    "extend-exclude",
    "respect-gitignore",
    "force-exclude",
    "front-matter",
    "max-file-size",
    "file-timeout",
    "format",
    "rules",
    "flavor",
    "per-file-flavor",
    "markdown-shortcodes",
    "corpus",
    "cache-dir",
}


#: ``[tool.mdtidy.verify-https]`` settings and their defaults
VERIFY_DEFAULTS: dict[str, Any] = {
    "timeout": 10.0,
    "concurrency": 8,
    "per-host-delay": 0.5,
    "cache-days": 7.0,
    "cache-dir": ".mdtidy_cache",
}


class ConfigError(Exception):
    pass


def suggest(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """`` (did you mean 'x'?)`` or an empty string."""
    from rapidfuzz import process  # only a mistake needs it

    match = process.extractOne(word, list(choices), score_cutoff=60)
    return f" (did you mean {match[0]!r}?)" if match else ""


@dataclass
class Config:
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    https_hosts: list[str] = field(default_factory=list)
    http_only_hosts: list[str] = field(default_factory=list)
    ca_bundle: str | None = None
    verify_https: dict[str, Any] = field(default_factory=lambda: dict(VERIFY_DEFAULTS))
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))  # gitignore patterns
    include: list[str] | None = None  # gitignore patterns: files found in folders must match one
    respect_gitignore: bool = True
    force_exclude: bool = False
    front_matter: bool = True
    max_file_size: int = 5_000_000
    file_timeout: float = 20.0
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    url_policy: UrlPolicy = DEFAULT_POLICY  # [tool.mdtidy.canonical-urls]
    flavor: str = "auto"
    per_file_flavor: tuple[tuple[str, str], ...] = ()
    markdown_shortcodes: tuple[str, ...] = ()
    output_format: str | None = None  # format = "...": one of mdtidy.output.FORMATS
    #: what the cross-file rules compare the linted files with: "auto" (the content folder
    #: of the site each file belongs to), paths (from the configuration file's folder), or
    #: () for the files of the run only
    corpus: str | tuple[str, ...] = "auto"
    cache_dir: str | None = None  # cache-dir = "...": the lint cache (mdtidy.run.cache)
    path: Path | None = None  # the file this came from

    def flavor_for(self, path: str) -> Flavor:
        """The flavor of the file ``path`` under this configuration."""
        return resolve_flavor(
            path,
            self.flavor,
            self.per_file_flavor,
            self.path.parent if self.path is not None else None,
            self.markdown_shortcodes,
        )

    def rule_options(self, rule: type[Rule]) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for ident in rule.names():
            for key, value in self.rules.items():
                if key.upper() == ident.upper():
                    merged.update(value)
        return merged


def _string_list(key: str, value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return list(value)


def from_mapping(data: dict[str, Any], where: str) -> Config:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table of settings")
    config = Config()
    for raw_key, value in data.items():
        key = str(raw_key).replace("_", "-")
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown setting '{raw_key}'{suggest(key, _KEYS)}")
        if key == "select":
            config.select = _string_list(key, value, where)
        elif key == "ignore":
            config.ignore = _string_list(key, value, where)
        elif key == "https-hosts":
            config.https_hosts = [h.lower() for h in _string_list(key, value, where)]
        elif key == "http-only-hosts":
            config.http_only_hosts = [h.lower() for h in _string_list(key, value, where)]
        elif key == "ca-bundle":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}: 'ca-bundle' must be the path of a PEM file")
            config.ca_bundle = value
        elif key == "verify-https":
            config.verify_https = _verify_table(value, where)
        elif key == "canonical-urls":
            config.url_policy = _url_policy(value, where)
        elif key == "include":
            config.include = _string_list(key, value, where)
        elif key == "exclude":
            config.exclude = _string_list(key, value, where)
        elif key == "extend-exclude":
            config.exclude = config.exclude + _string_list(key, value, where)
        elif key in ("front-matter", "respect-gitignore", "force-exclude"):
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: '{key}' must be true or false")
            setattr(config, key.replace("-", "_"), value)
        elif key == "max-file-size":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{where}: 'max-file-size' must be a positive integer")
            config.max_file_size = value
        elif key == "file-timeout":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{where}: 'file-timeout' must be a number of seconds (0 = no limit)")
            config.file_timeout = float(value)
        elif key == "format":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}: 'format' must be the name of an output format")
            config.output_format = value  # the command line checks the name (mdtidy.output)
        elif key == "rules":
            config.rules = _rule_tables(value, where)
        elif key == "flavor":
            config.flavor = _flavor_name(value, where, "flavor")
        elif key == "per-file-flavor":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'per-file-flavor' must be a table of path pattern = flavor")
            config.per_file_flavor = tuple(
                (str(pattern), _flavor_name(name, where, f"per-file-flavor.{pattern}"))
                for pattern, name in value.items()
            )
        elif key == "markdown-shortcodes":
            config.markdown_shortcodes = tuple(_string_list(key, value, where))
        elif key == "corpus":
            config.corpus = _corpus_setting(value, where)
        elif key == "cache-dir":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}: 'cache-dir' must be a folder name")
            config.cache_dir = value
    return config


def _corpus_setting(value: Any, where: str) -> str | tuple[str, ...]:
    if value is False:
        return ()
    if value == "auto":
        return "auto"
    if isinstance(value, (str, list)):
        return tuple(_string_list("corpus", value, where))
    raise ConfigError(f"{where}: 'corpus' must be \"auto\", false or a list of paths")


def _flavor_name(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str) or value.lower() not in FLAVORS:
        raise ConfigError(
            f"{where}: '{key}' must be one of {', '.join(FLAVORS)}{suggest(str(value), FLAVORS)}"
        )
    return value.lower()


def _verify_table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'verify-https' must be a table of settings")
    table = dict(VERIFY_DEFAULTS)
    for raw_key, item in value.items():
        key = str(raw_key).replace("_", "-")
        if key not in VERIFY_DEFAULTS:
            raise ConfigError(
                f"{where}: unknown verify-https setting '{raw_key}'{suggest(key, set(VERIFY_DEFAULTS))}"
            )
        if key == "cache-dir":
            if not isinstance(item, str) or not item:
                raise ConfigError(f"{where}: verify-https 'cache-dir' must be a folder name")
        elif key == "concurrency":
            if not isinstance(item, int) or isinstance(item, bool) or item < 1:
                raise ConfigError(f"{where}: verify-https 'concurrency' must be a positive integer")
        elif (
            not isinstance(item, (int, float))
            or isinstance(item, bool)
            or item < 0
            or (key == "timeout" and not item)
        ):
            kind = "positive" if key == "timeout" else "non-negative"
            raise ConfigError(f"{where}: verify-https '{key}' must be a {kind} number")
        table[key] = item
    return table


_URL_KEYS = {
    "tracking-params",
    "extend-tracking-params",
    "host-tracking-params",
    "index-files",
    "strip-www",
    "keep-fragments",
    "fragment-free-hosts",
}


def _url_policy(value: Any, where: str) -> UrlPolicy:
    """``[tool.mdtidy.canonical-urls]``: the canonicalisation policy (see :mod:`mdtidy.links.urls`)."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'canonical-urls' must be a table of settings")
    base = DEFAULT_POLICY
    tracking = list(base.tracking_params)
    extend: list[str] = []
    hosts = dict(base.host_tracking_params)
    index_files = base.index_files
    strip_www = base.strip_www
    keep_fragments = base.keep_fragments
    fragment_free = base.fragment_free_hosts
    for raw_key, item in value.items():
        key = str(raw_key).replace("_", "-")
        label = f"canonical-urls.{key}"
        if key not in _URL_KEYS:
            raise ConfigError(f"{where}: unknown canonical-urls setting '{raw_key}'{suggest(key, _URL_KEYS)}")
        if key == "tracking-params":
            tracking = [p.lower() for p in _string_list(label, item, where)]
        elif key == "extend-tracking-params":
            extend = [p.lower() for p in _string_list(label, item, where)]
        elif key == "host-tracking-params":
            if not isinstance(item, dict):
                raise ConfigError(f"{where}: '{label}' must be a table of host = [parameters]")
            for host, params in item.items():
                hosts[str(host).lower().strip(".")] = tuple(
                    p.lower() for p in _string_list(f"{label}.{host}", params, where)
                )
        elif key == "index-files":
            index_files = tuple(n.lower() for n in _string_list(label, item, where))
            if any("/" in n or not n for n in index_files):
                raise ConfigError(f"{where}: '{label}' must be file names such as 'index.html'")
        elif key == "strip-www":
            if isinstance(item, bool):
                strip_www = ("*",) if item else ()
            else:
                strip_www = tuple(h.lower().removeprefix("www.") for h in _string_list(label, item, where))
        elif key == "keep-fragments":
            if not isinstance(item, bool):
                raise ConfigError(f"{where}: '{label}' must be true or false")
            keep_fragments = item
        elif key == "fragment-free-hosts":
            fragment_free = tuple(h.lower().strip(".") for h in _string_list(label, item, where))
    return UrlPolicy(
        tracking_params=tuple(dict.fromkeys([*tracking, *extend])),
        host_tracking_params=tuple(sorted(hosts.items())),
        index_files=index_files,
        strip_www=strip_www,
        keep_fragments=keep_fragments,
        fragment_free_hosts=fragment_free,
    )


def _rule_tables(value: Any, where: str) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'rules' must be a table of rule tables")
    by_ident = {ident.upper(): rule for rule in all_rules() for ident in rule.names()}
    tables: dict[str, dict[str, Any]] = {}
    for ident, options in value.items():
        rule = by_ident.get(str(ident).upper())
        if rule is None:
            raise ConfigError(f"{where}: unknown rule '{ident}'{suggest(str(ident), by_ident)}")
        if not isinstance(options, dict):
            raise ConfigError(f"{where}: options of rule '{ident}' must be a table")
        for opt in options:
            if opt.replace("_", "-") not in rule.options and opt not in rule.options:
                known = ", ".join(rule.options) or "none"
                raise ConfigError(
                    f"{where}: rule {rule.code} has no option '{opt}'{suggest(opt, set(rule.options))}"
                    f" (options: {known})"
                )
        tables[rule.code] = {k.replace("_", "-"): v for k, v in options.items()}
    return tables


def mdtidy_config_in(folder: Path) -> Path | None:
    """``folder``'s own ``.mdtidy.yaml``/``.mdtidy.yml``, or its pyproject.toml with ``[tool.mdtidy]``."""
    for name in (".mdtidy.yaml", ".mdtidy.yml"):
        if (folder / name).is_file():
            return folder / name
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
        if "mdtidy" in data.get("tool", {}):
            return pyproject
    return None


def find_config(start: Path) -> Path | None:
    """The nearest mdtidy configuration (see :func:`mdtidy_config_in`), or a markdownlint one
    in a folder that has no mdtidy configuration."""
    from mdtidy.config_markdownlint import MARKDOWNLINT_FILES

    start = start.resolve()
    for folder in [start, *start.parents]:
        found = mdtidy_config_in(folder)
        if found is not None:
            return found
        for name in MARKDOWNLINT_FILES:
            if (folder / name).is_file():
                return folder / name
    return None


def load_yaml(text: str, where: str) -> Any:
    """``text`` as YAML (safe loader); a syntax error is a :class:`ConfigError` naming ``where``."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        raise ConfigError(f"{where}: invalid YAML: {' '.join(str(exc).split())}") from None


_MARKDOWNLINT_RULE = re.compile(r"MD\d{3}", re.IGNORECASE)


def _markdownlint_by_content(path: Path) -> bool:
    """Whether ``path``, a JSON or YAML file under another name (``--config lint.json``,
    as markdownlint-cli takes), holds markdownlint's rules: ``MD013``-style keys,
    ``default`` or ``extends``, and none of mdtidy's settings."""
    if path.suffix not in (".json", ".jsonc", ".yaml", ".yml"):
        return False
    from mdtidy.config_markdownlint import MARKDOWNLINT_TAGS, read_markdownlint

    try:
        data = read_markdownlint(path)
    except ConfigError:
        return False  # not readable as markdownlint's: read as mdtidy's, whose error is clearer
    keys = {str(k) for k in data}
    if keys & _KEYS:
        return False
    if "default" in keys or "extends" in keys or any(_MARKDOWNLINT_RULE.fullmatch(k) for k in keys):
        return True
    idents = {ident.upper() for rule in all_rules() for ident in rule.names()}
    return any(k.upper() in idents or k.lower() in MARKDOWNLINT_TAGS for k in keys)


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    where = str(path)
    if path.name.startswith(".markdownlint") and path.suffix in (".cjs", ".mjs"):
        import sys

        print(
            f"mdtidy: {where}: JavaScript configurations are not supported (they need Node to run); "
            "using the defaults; put the settings in .markdownlint-cli2.yaml or [tool.mdtidy]",
            file=sys.stderr,
        )
        return Config()
    if path.name.startswith(".markdownlint") or _markdownlint_by_content(path):
        import sys

        from mdtidy.config_markdownlint import translate_file

        data, unmapped, notices = translate_file(path)
        if unmapped:
            print(
                f"mdtidy: {where}: not mapped (mdtidy has no such rule or option): {', '.join(unmapped)}",
                file=sys.stderr,
            )
        for notice in notices:
            print(f"mdtidy: {notice}", file=sys.stderr)
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{where}: cannot read configuration: {exc}") from None
        if path.suffix == ".toml":
            import tomllib

            try:
                data = tomllib.loads(text).get("tool", {}).get("mdtidy", {})
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{where}: invalid TOML: {exc}") from None
        else:
            data = load_yaml(text, where) or {}
    config = from_mapping(data, where)
    config.path = path
    base = path.parent
    if config.ca_bundle is not None:
        config.ca_bundle = str(base / Path(config.ca_bundle).expanduser())
    config.verify_https["cache-dir"] = str(base / Path(config.verify_https["cache-dir"]).expanduser())
    if config.cache_dir is not None:
        config.cache_dir = str(base / Path(config.cache_dir).expanduser())
    return config


def _matches(selector: str, rule: type[Rule]) -> bool:
    sel = selector.upper()
    if sel == "ALL":
        return True
    if any(sel == ident.upper() for ident in rule.names()):
        return True
    return any(ident.upper().startswith(sel) for ident in (rule.code, *rule.aliases))


def resolve_rules(
    config: Config, select: list[str] | None = None, ignore: list[str] | None = None
) -> list[Rule]:
    """Instantiate the enabled rules. Selectors that match nothing are errors."""
    rules = all_rules()
    chosen_select = select if select else config.select
    ignores = list(config.ignore) + list(ignore or [])
    idents = sorted({ident for rule in rules for ident in rule.names()})
    for selector in [*(chosen_select or []), *ignores]:
        if not any(_matches(selector, rule) for rule in rules):
            raise ConfigError(f"unknown rule or prefix '{selector}'{suggest(selector, idents)}")
    enabled = []
    for rule in rules:
        if chosen_select is None:
            on = rule.default_enabled
        else:
            on = any(_matches(s, rule) for s in chosen_select)
        if on and not any(_matches(s, rule) for s in ignores):
            enabled.append(rule(config.rule_options(rule)))
    return enabled
