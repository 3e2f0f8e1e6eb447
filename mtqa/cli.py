"""The `mtqa` command line: argument parsing, wiring and exit codes only (0 pass, 1 gate failed, 2 could not run)."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from mtqa import __version__, interrupts
from mtqa.errors import MtqaError

EXIT_OK, EXIT_GATE, EXIT_USAGE = 0, 1, 2
_LINTING = ("check", "fix", "feed", "baseline")  # the commands that lint (Harper's dictionary preloads for them)
FORMATS = ("text", "json", "jsonl", "csv", "sarif", "junit", "github", "html")


def _score(value: str) -> float:
    """A score threshold: scores run from 0 to 100, so anything else is a gate that always or never fails."""
    try:
        score = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a score from 0 to 100, got {value!r}") from None
    if not 0 <= score <= 100:
        raise argparse.ArgumentTypeError(f"expected a score from 0 to 100, got {value}")
    return score


def _jobs(value: str) -> int:
    """A number of worker processes: 0 or fewer would run one process and say nothing."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of worker processes, 1 or more, got {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a number of worker processes, 1 or more, got {jobs}")
    from mtqa.limits import too_many_workers

    problem = too_many_workers(str(jobs), jobs)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return jobs


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="config file (default: mtqa.toml or pyproject.toml found upwards)")
    p.add_argument("--select", help="comma-separated rule codes or prefixes to run (replaces the config's)")
    p.add_argument("--ignore", help="comma-separated rule codes or prefixes to skip")
    p.add_argument("--house-style", choices=("auto", "us", "uk"),
                   help="spelling variety: auto (per document; mixing is flagged), us or uk")
    p.add_argument("--harper-lints", choices=("news", "all"),
                   help="Harper lints to run: news (measured for news copy, the default) or all (Harper's defaults)")
    p.add_argument("--grammar", choices=("harper", "languagetool", "none"), help="grammar and spelling backend")
    p.add_argument("--languagetool-url", help="URL of a LanguageTool server (implies --grammar languagetool)")
    p.add_argument("--neural", action=argparse.BooleanOptionalAction, default=None,
                   help="run the neural layer (sentence encoders and the models configured under [mtqa.neural]); off by default")
    p.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the grammar cache (kept under ~/.cache/mtqa; cache-dir in the config moves it)")


def _no_daemon(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-daemon", action="store_true",
                   help="run here even when `mtqa daemon start` has a warm process running (MTQA_DAEMON=off: "
                        "every command; MTQA_DAEMON=auto: start one after a command that found none)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mtqa", description="Quality checks for machine-translated news copy.")
    parser.add_argument("--version", action="version", version=f"mtqa {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the engine does")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="check files, folders or - (stdin) and gate on the result")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("-o", "--output", help="write the report to FILE (the terminal keeps the text summary)")
    check.add_argument("--fail-on", choices=("minor", "major", "critical"), help="lowest severity that fails the gate")
    check.add_argument("--fail-under", type=_score, help="fail a document scoring under this (0-100)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when the gate fails (read errors still exit 1)")
    check.add_argument("--fix", action="store_true", help="also write fixed copies next to the inputs (NAME.fixed.EXT)")
    check.add_argument("--neural-fixes", action="store_true",
                       help="with --fix, also apply suggestions only the neural layer makes (model output: review them)")
    check.add_argument("--baseline", help="report and gate only findings not recorded in this baseline file")
    check.add_argument("-j", "--jobs", type=_jobs, default=1, help="worker processes")
    check.add_argument("--cluster", metavar="SPEC",
                       help="run on Dask: local:N starts N worker processes here, tcp://HOST:PORT uses a running scheduler (needs mtqa[cluster])")
    check.add_argument("--resume", metavar="STATE",
                       help="SQLite file of documents already checked: a rerun (after a crash or Ctrl-C) skips them and still reports them")
    check.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    _no_daemon(check)
    _common(check)

    feed = sub.add_parser("feed", help="check every item of an RSS or Atom feed (file or URL) and gate on the result")
    feed.add_argument("feed", metavar="FEED", help="a feed file, an http(s) URL, or - for standard input")
    feed.add_argument("--state", help="JSON file of item ids already checked; only new items are checked, then it is updated")
    feed.add_argument("--format", choices=FORMATS, default="text")
    feed.add_argument("-o", "--output", help="write the report to FILE (the terminal keeps the text summary)")
    feed.add_argument("--fail-on", choices=("minor", "major", "critical"))
    feed.add_argument("--fail-under", type=_score)
    feed.add_argument("--baseline", help="report and gate only findings not recorded in this baseline file")
    feed.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a feed URL in all (default 30)")
    feed.add_argument("-q", "--quiet", action="store_true")
    _no_daemon(feed)
    _common(feed)

    fix = sub.add_parser("fix", help="apply the first suggestion of every fixable finding")
    fix.add_argument("paths", nargs="+", metavar="FILE", help="one file, or several with --in-place")
    fix.add_argument("-o", "--output", help="write the fixed text here (default: standard output)")
    fix.add_argument("--in-place", action="store_true", help="overwrite the input file")
    fix.add_argument("--diff", action="store_true",
                     help="print what would change as a unified diff and write nothing (exit 1 when something would)")
    fix.add_argument("--neural-fixes", action="store_true",
                     help="also apply suggestions only the neural layer makes (re-translations, deleted paraphrases): model output, review them")
    _no_daemon(fix)
    _common(fix)

    rules = sub.add_parser("rules", help="list the rules, or show one with its examples")
    rules.add_argument("code", nargs="?")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    serve = sub.add_parser("serve", help="serve mtqa over LanguageTool's HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8081)
    serve.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                       help="let web pages from ORIGIN (e.g. https://editor.example.org) call the API; repeatable; CORS is off without it")
    serve.add_argument("--max-body", type=int, metavar="BYTES", help="largest request body (default 2000000); larger gets 413")
    serve.add_argument("--workers", type=int, metavar="N", help="checks run at once, each in a thread (default 4)")
    serve.add_argument("--queue", type=int, metavar="N", help="checks waiting for a worker (default 16); more get 503 with Retry-After")
    serve.add_argument("--timeout", type=float, metavar="SECONDS", help="longest time one check may take (default 60); then 503")
    serve.add_argument("--read-timeout", type=float, metavar="SECONDS",
                       help="time a client has to send a request's headers, then its body (default 10)")
    serve.add_argument("--keep-alive", type=int, metavar="SECONDS", help="idle time before a kept-alive connection is closed (default 5)")
    serve.add_argument("--limit-concurrency", type=int, metavar="N", help="open connections and requests at once (default 1000); more get 503")
    serve.add_argument("--backlog", type=int, metavar="N", help="connections the kernel queues before they are accepted (default 2048)")
    _common(serve)

    ui = sub.add_parser("ui", help="start the translators' web UI (same as python app.py)")
    ui.add_argument("--host", default="127.0.0.1")
    ui.add_argument("--port", type=int, default=7860)
    ui.add_argument("--max-chars", type=int)

    daemon = sub.add_parser("daemon", help="keep one warm mtqa process that check, fix and feed hand their work to")
    daemon.add_argument("action", choices=("start", "stop", "status"))
    daemon.add_argument("--idle-timeout", type=float, default=None, metavar="SECONDS",
                        help="stop after this long without a command (default 7200; 0: never)")

    baseline = sub.add_parser("baseline", help="record current findings so a gate only fails on new ones")
    baseline.add_argument("action", choices=("create",))
    baseline.add_argument("paths", nargs="+", metavar="PATH")
    baseline.add_argument("-o", "--output", default="mtqa-baseline.json",
                          help="the baseline file to write (default mtqa-baseline.json; - for standard output)")
    _common(baseline)
    return parser


def main(argv: list[str] | None = None, daemon: bool = False) -> int:
    """Run one command line; `daemon` when the daemon runs it for a client (it is then not handed on again)."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors already; keep --help at 0
        return int(exc.code or 0)
    if getattr(args, "output", None) == "-" and args.command in ("check", "feed", "fix"):
        args.output = None  # `-o -`: standard output, as Unix tools read it (not a file named "-")
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="mtqa: %(message)s")
    # a run that took a Ctrl-C, or finished checking, holds further ones off while it writes its report; once it
    # returns, Ctrl-C acts again (the daemon's next command, a program or test that calls main)
    with interrupts.restored():
        return _run(args, argv, daemon)


def _run(args, argv: list[str], daemon: bool) -> int:
    try:
        if not daemon:
            from mtqa.daemon import forward

            code = forward(argv, args)
            if code is not None:
                return code
            if args.command in _LINTING and getattr(args, "grammar", None) in (None, "harper") \
                    and not getattr(args, "languagetool_url", None):
                from mtqa.grammar.harper import preload_dictionary

                preload_dictionary()  # before anything else: it loads while the command starts
        from mtqa import commands

        code = getattr(commands, f"run_{args.command}")(args)
        if not daemon:
            from mtqa.daemon import start_if_auto

            start_if_auto(args)
        return code
    except MtqaError as exc:
        print(f"mtqa: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("mtqa: interrupted", file=sys.stderr)
        return interrupts.exit_code()
    except BrokenPipeError:
        return EXIT_OK


def entry() -> None:
    # a stream whose encoding cannot show a character (PYTHONIOENCODING=ascii, or a file name with bytes that are
    # not UTF-8) gets an escape in its place, not a UnicodeEncodeError halfway through a report; nor (C.UTF-8's
    # surrogateescape) the name's raw bytes, which are no UTF-8 and make a JSON or SARIF report unreadable
    for stream in (sys.stdout, sys.stderr):
        if (getattr(stream, "errors", None) in ("strict", "surrogateescape")
                and callable(getattr(stream, "reconfigure", None))):
            stream.reconfigure(errors="backslashreplace")
    if sys.stdin is None:  # started with standard input closed (`<&-`): reading "-" finds it empty, and says so
        import io

        sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    if sys.stdout is None:  # standard output closed (`>&-`): the report goes nowhere, the exit code still tells
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    interrupts.stop_like_ctrl_c()
    code = main()
    interrupts.hold(process_ends=True)  # the report is written: a Ctrl-C now would only make its exit code 130
    sys.exit(code)


if __name__ == "__main__":
    entry()
