"""Command line: ``mdtidy [OPTIONS] [PATHS]...`` and ``mdtidy server`` (:mod:`mdtidy.lsp`).

Exit codes: 0 clean, 1 findings remain, 2 usage/configuration error or a file that
could not be processed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mdtidy import __version__
from mdtidy.config import Config, ConfigError, find_config, load_config, resolve_rules, suggest
from mdtidy.docs import scope_note
from mdtidy.model import Rule
from mdtidy.output import FORMATS, STATISTICS_FORMATS, TEXT_FORMATS, Report, color_enabled, render
from mdtidy.parsing.flavors import FLAVORS
from mdtidy.registry import RuleLoadError, all_rules
from mdtidy.run.runner import collect_summaries, corpus_folders, default_jobs, files_to_lint, run, run_stdin

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
JSON_VERSION = 1


def _split(values: tuple[str, ...]) -> list[str] | None:
    items = [v.strip() for value in values for v in value.split(",") if v.strip()]
    return items or None


def _list_rules() -> None:
    rows = [("code", "name", "aliases", "fix", "default", "summary")]
    for rule in all_rules():
        rows.append(
            (
                rule.code,
                rule.name,
                ",".join(rule.aliases) or "-",
                rule.fixable,
                "on" if rule.default_enabled else "off",
                rule.summary,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row[:5], widths, strict=True)) + "  " + row[5])


def _complete_rules(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Shell completion of rule codes and names (after the last comma of a list)."""
    from click.shell_completion import CompletionItem

    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    items = []
    for rule in all_rules():
        for ident in (rule.code, rule.name):
            if ident.upper().startswith(last.upper()):
                items.append(CompletionItem(prefix + ident, help=rule.summary))
    return items


def _explain(code: str) -> int:
    for rule in all_rules():
        if any(code.upper() == ident.upper() for ident in rule.names()):
            aliases = f" (aliases: {', '.join(rule.aliases)})" if rule.aliases else ""
            click.echo(f"{rule.code} {rule.name}{aliases}\n")
            click.echo(f"Fix: {rule.fixable}. Enabled by default: {'yes' if rule.default_enabled else 'no'}.")
            if rule.options:
                import json

                opts = ", ".join(f"{k} = {json.dumps(v)}" for k, v in rule.options.items())
                click.echo(f"Options: {opts}")
            click.echo("\n" + rule.doc())
            click.echo("\n" + scope_note(rule))
            return EXIT_CLEAN
    idents = [i for r in all_rules() for i in r.names()]
    click.echo(f"mdtidy: error: unknown rule '{code}'{suggest(code, idents)}", err=True)
    return EXIT_ERROR


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes marked unsafe (with --fix or --diff).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option(
    "--verify-https",
    is_flag=True,
    help="Check http:// links without offline evidence online (https fetch, cached); off by default.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes for linting (0: one per core; 1: no workers).",
)
@click.option(
    "--no-guard",
    is_flag=True,
    help="Apply formatting fixes even when they change the rendered page (the guard is on by default).",
)
@click.option(
    "--select",
    multiple=True,
    shell_complete=_complete_rules,
    help="Rule codes, prefixes or names to enable (comma-separated).",
)
@click.option(
    "--ignore",
    multiple=True,
    shell_complete=_complete_rules,
    help="Rule codes, prefixes or names to disable (comma-separated).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    envvar="MDTIDY_FORMAT",
    show_envvar=True,
    help="Output format (default: text, or `format` in the configuration).",
)
@click.option(
    "--output-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this file; the terminal still gets the summary line.",
)
@click.option(
    "--color",
    "color_mode",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text formats (auto: on a terminal, unless NO_COLOR is set).",
)
@click.option("--statistics", is_flag=True, help="Count the findings per rule instead of listing them.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain (still 2 on errors).")
@click.option(
    "--report",
    type=click.Choice(["overlap"]),
    help="Print a report instead of findings. overlap: files that share links (exit 0; 2 on errors).",
)
@click.option(
    "--min-shared",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="--report overlap: only pairs of files sharing at least this many links.",
)
@click.option(
    "--flavor",
    type=click.Choice(FLAVORS, case_sensitive=False),
    help="Markdown dialect of every file (default: auto, from the nearest site configuration).",
)
@click.option(
    "--corpus",
    "corpus_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Also compare the files with the Markdown under PATH in cross-file rules (repeatable; "
    "default: the site's content folder).",
)
@click.option("--no-corpus", is_flag=True, help="Cross-file rules compare the files of this run only.")
@click.option(
    "--show-settings",
    "show_settings",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Print the resolved flavor and configuration for the file PATH and exit.",
)
@click.option(
    "--stdin-filename",
    type=click.Path(path_type=Path),
    help="With '-': the path of the document read from stdin (configuration, messages, options).",
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Skip files ignored by .gitignore, .ignore, .git/info/exclude and core.excludesFile [default: on].",
)
@click.option(
    "--force-exclude", is_flag=True, help="Apply exclusions to files named on the command line too."
)
@click.option("--show-files", is_flag=True, help="Print the files that would be linted and exit.")
@click.option(
    "--no-cache", is_flag=True, help="Neither read nor write the lint cache (.mdtidy_cache; see cache-dir)."
)
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file to use.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
@click.option(
    "--explain", metavar="CODE", shell_complete=_complete_rules, help="Print a rule's documentation and exit."
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Print findings only: no summary line, notices or progress bar."
)
@click.version_option(__version__, prog_name="mdtidy")
def cli(
    paths: tuple[Path, ...],
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    verify_https: bool,
    jobs: int,
    no_guard: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    output_format: str | None,
    output_file: Path | None,
    color_mode: str,
    statistics: bool,
    exit_zero: bool,
    report: str | None,
    min_shared: int,
    flavor: str | None,
    corpus_paths: tuple[Path, ...],
    no_corpus: bool,
    show_settings: Path | None,
    stdin_filename: Path | None,
    respect_gitignore: bool | None,
    force_exclude: bool,
    show_files: bool,
    no_cache: bool,
    config_path: Path | None,
    no_config: bool,
    list_rules: bool,
    explain: str | None,
    quiet: bool,
) -> None:
    """Lint Markdown files and folders (default: the current folder); fix with --fix.

    '-' reads one document from stdin; with --fix the fixed document goes to stdout.
    'mdtidy server' starts the language server for editors (see 'mdtidy server --help').
    """
    from_stdin = Path("-") in paths or (stdin_filename is not None and not paths)
    if from_stdin and (len(paths) > 1 or report or show_files):
        click.echo(
            "mdtidy: error: '-' (stdin) cannot be combined with other paths, --report or --show-files",
            err=True,
        )
        sys.exit(EXIT_ERROR)
    try:
        if list_rules:
            _list_rules()
            sys.exit(EXIT_CLEAN)
        if explain:
            sys.exit(_explain(explain))
        if config_path is not None:
            config = load_config(config_path)
        else:
            start = stdin_filename.absolute().parent if from_stdin and stdin_filename else Path.cwd()
            config = load_config(None if no_config else find_config(start))
        if respect_gitignore is not None:
            config.respect_gitignore = respect_gitignore
        config.force_exclude = config.force_exclude or force_exclude
        if flavor:
            config.flavor, config.per_file_flavor = flavor.lower(), ()
        if no_corpus or corpus_paths:
            config.corpus = tuple(str(p.absolute()) for p in corpus_paths)
        rules = resolve_rules(config, _split(select), _split(ignore))
        if config.output_format is not None and config.output_format not in FORMATS:
            raise ConfigError(
                f"{config.path}: 'format' must be one of {', '.join(FORMATS)}, not "
                f"'{config.output_format}'{suggest(config.output_format, FORMATS)}"
            )
    except (ConfigError, RuleLoadError) as exc:
        click.echo(f"mdtidy: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    if show_settings is not None:
        import json

        click.echo(json.dumps(settings_for(show_settings, config, rules), ensure_ascii=False, indent=2))
        sys.exit(EXIT_CLEAN)

    fmt = output_format or config.output_format or "text"
    if report == "overlap" and fmt not in TEXT_FORMATS and fmt != "json":
        raise click.UsageError(f"--report overlap prints text or json, not {fmt}")
    if statistics and fmt not in STATISTICS_FORMATS:
        raise click.UsageError(f"--statistics prints a table (text formats) or json, not {fmt}")

    targets = list(paths) or [Path(".")]
    if show_files:
        sys.exit(_show_files(targets, config))
    if report == "overlap":
        sys.exit(_overlap_report(targets, config, fmt, min_shared, jobs or default_jobs()))
    # a document fixed from stdin goes to stdout: the report then goes to stderr
    report_err = False
    if from_stdin:
        outcome = run_stdin(
            sys.stdin.buffer.read(),
            config,
            rules,
            filename=stdin_filename,
            fix=fix,
            diff=diff,
            unsafe_fixes=unsafe_fixes,
            verify_https=verify_https,
            guard=not no_guard,
        )
        result = outcome.result
        if outcome.output is not None:
            stdout = sys.stdout.buffer
            stdout.write(outcome.output)
            stdout.flush()
            report_err = True
    else:
        bar = _Progress() if _wants_progress(fmt, quiet) else None
        cache = None
        if not no_cache:
            from mdtidy.run.cache import LintCache, cache_folder

            cache = LintCache(cache_folder(config), config, rules)
        result = run(
            targets,
            config,
            rules,
            fix=fix,
            diff=diff,
            unsafe_fixes=unsafe_fixes,
            verify_https=verify_https,
            guard=not no_guard,
            jobs=jobs or default_jobs(),
            progress=bar,
            cache=cache,
        )
        if bar is not None:
            bar.close()

    text_format = fmt in TEXT_FORMATS
    stream = sys.stderr if report_err else sys.stdout
    color = color_enabled(color_mode, output_file is None and stream.isatty())
    output = Report(result, rules, color=color)
    if diff and text_format:
        body = "".join(result.diffs)
    elif statistics:
        from mdtidy.output import render_statistics

        body = render_statistics(fmt, output)
    else:
        body = render(fmt, output)
    if output_file is not None:
        try:
            output_file.parent.mkdir(parents=True, exist_ok=True)
            output_file.write_text(body, encoding="utf-8", newline="")
        except OSError as exc:
            click.echo(f"mdtidy: error: cannot write {output_file}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_ERROR)
    else:
        click.echo(body, nl=False, color=color, err=report_err)
    for error in result.errors:
        click.echo(f"mdtidy: {error}", err=True)
    if not quiet:
        for notice in result.notices:
            click.echo(f"mdtidy: {notice}", err=True)
        if diff and text_format:
            n = len(result.diffs)
            click.echo(f"{n} file{'s' if n != 1 else ''} would be changed.", err=True)
        elif output_file is not None or fmt in ("text", "grouped"):
            from mdtidy.output.text import summary_line

            click.echo(summary_line(result, fix), err=report_err)

    if result.errors:
        sys.exit(EXIT_ERROR)
    if exit_zero:
        sys.exit(EXIT_CLEAN)
    if diff:
        sys.exit(EXIT_FINDINGS if result.diffs else EXIT_CLEAN)
    sys.exit(EXIT_FINDINGS if result.diagnostics else EXIT_CLEAN)


def settings_for(path: Path, config: Config, rules: list[Rule]) -> dict[str, object]:
    """What applies to the file ``path``: configuration file, flavor, rules and options."""
    options = {
        rule.code: {k: v for k, v in rule.opts.items() if rule.options.get(k) != v}
        for rule in rules
        if any(rule.options.get(k) != v for k, v in rule.opts.items())
    }
    return {
        "path": str(path),
        "config-file": str(config.path) if config.path else None,
        **config.flavor_for(str(path)).describe(),
        "front-matter": config.front_matter,
        "rules": sorted(rule.code for rule in rules),
        "rule-options": options,
        "include": config.include,
        "exclude": config.exclude,
        "corpus": [str(folder) for folder in corpus_folders([], [path], config)],
    }


def _show_files(targets: list[Path], config: Config) -> int:
    found, errors = files_to_lint(targets, config)
    for path in found:
        click.echo(path)
    for error in errors:
        click.echo(f"mdtidy: {error}", err=True)
    return EXIT_ERROR if errors else EXIT_CLEAN


def _overlap_report(
    targets: list[Path], config: Config, output_format: str, min_shared: int, jobs: int
) -> int:
    from mdtidy.run.overlap import overlap_pairs

    summaries, errors = collect_summaries(targets, config, jobs)
    pairs = overlap_pairs(summaries, min_shared)
    if output_format == "json":
        import json

        payload = {
            "version": JSON_VERSION,
            "report": "overlap",
            "files": len(summaries),
            "pairs": [p.as_json() for p in pairs],
            "errors": [{"path": e.path, "line": e.line, "message": e.message} for e in errors],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        rows = [("shared", "identical", "jaccard", "containment", "links", "files")]
        for p in pairs:
            rows.append(
                (
                    str(p.shared),
                    str(p.identical),
                    f"{p.jaccard:.3f}",
                    f"{p.containment:.3f}",
                    f"{p.a_links}/{p.b_links}",
                    f"{p.a}  {p.b}",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        for row in rows:
            cells = [c.rjust(w) for c, w in zip(row[:5], widths, strict=True)]
            click.echo("  ".join([*cells, row[5]]))
        n = len(summaries)
        links = "links" if min_shared == 1 else f"{min_shared} links or more"
        click.echo(
            f"{len(pairs)} pair{'s' if len(pairs) != 1 else ''} of files share {links} "
            f"({n} file{'s' if n != 1 else ''})."
        )
    for error in errors:
        click.echo(f"mdtidy: {error}", err=True)
    return EXIT_ERROR if errors else EXIT_CLEAN


PROGRESS_MIN_FILES = 20
"""Fewer files than this finish too quickly for a progress bar."""

PROGRESS_FORMATS = ("text", "concise", "grouped")


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _wants_progress(fmt: str, quiet: bool) -> bool:
    """A progress bar only for a person: human formats, stderr a terminal, not --quiet."""
    return not quiet and fmt in PROGRESS_FORMATS and _stderr_is_tty()


class _Progress:
    """``files done/total`` and the elapsed time, redrawn in place on stderr."""

    WIDTH = 30

    def __init__(self) -> None:
        import time

        self._clock = time.monotonic
        self._start = self._clock()
        self._last = -1.0
        self._shown = False

    def __call__(self, done: int, total: int, what: str = "files", /) -> None:
        if total < PROGRESS_MIN_FILES:
            return
        now = self._clock()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        filled = self.WIDTH * done // total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        sys.stderr.write(f"\r\x1b[K[{bar}] {done}/{total} {what}  {now - self._start:.1f}s")
        sys.stderr.flush()
        self._shown = True

    def close(self) -> None:
        """Erase the bar so the report starts on a clean line."""
        if self._shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self._shown = False


def main(argv: list[str] | None = None) -> None:
    """``mdtidy [OPTIONS] [PATHS]...``, or ``mdtidy server [--tcp HOST:PORT]`` (the language
    server; its dependencies are imported only then), or ``mdtidy init [FOLDER]`` (a starting
    configuration). Folders named ``server`` or ``init`` are linted as ``mdtidy ./server``."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == ["server"]:
        from mdtidy.lsp import main as server_main

        sys.exit(server_main(args[1:]))
    if args[:1] == ["init"]:
        from mdtidy.config_init import main as init_main

        sys.exit(init_main(args[1:]))
    import gc

    # A lint builds and drops a tree of many small objects per file: with the default
    # threshold the cycle collector ran about 660 times over 270 pages (0.28 s, 6% of the
    # lint); at 10,000 allocations it runs 32 times (0.10 s) for a few MiB more at peak.
    # Workers are forked from here and keep the setting.
    gc.set_threshold(10_000, 10, 10)
    cli(args, prog_name="mdtidy")


def entry() -> None:
    """The ``mdtidy`` command (the console script, ``python -m mdtidy``): :func:`main`,
    then a fast exit. By the time :func:`main` ends, every file the run writes is
    closed, its worker processes are joined and the cache is written; what a normal exit
    still does is free every object the run made, one by one, which took 15–35 ms of a
    0.2–0.4 s run. So stdout and stderr are flushed and the process ends at once, with
    the exit status :func:`main` gave (as mypy's "fast exit" does). :func:`main` itself
    keeps Python's normal exit for programs and tests that call it."""
    status: int = 0
    try:
        main()
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            status = done.code or 0
        else:  # what sys.exit("message") does: the message on stderr, status 1
            print(done.code, file=sys.stderr)
            status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away, a closed stream
            pass
    os._exit(status)
