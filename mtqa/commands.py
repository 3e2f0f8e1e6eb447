"""What each CLI subcommand does, on top of the engine: resolve config, read inputs, check, write, gate."""

from __future__ import annotations

import sys
from pathlib import Path

from mtqa.config import Config, load_config
from mtqa.engine import Engine
from mtqa.errors import MtqaError
from mtqa.formats.readers import ReadError, expand_paths, read_path
from mtqa.issues import Severity, apply_edits, choose_fixes
from mtqa.report import Report

EXIT_OK, EXIT_GATE, EXIT_USAGE = 0, 1, 2


def resolve_config(args, start: str = ".") -> Config:
    cfg = load_config(args.config, start=start if start != "-" else ".")
    split = lambda s: tuple(x.strip() for x in s.split(",") if x.strip()) if s else None  # noqa: E731
    overrides = dict(
        select=split(getattr(args, "select", None)),
        ignore=split(getattr(args, "ignore", None)),
        house_style=getattr(args, "house_style", None),
        grammar=getattr(args, "grammar", None),
        languagetool_url=getattr(args, "languagetool_url", None),
        neural=getattr(args, "neural", None),
    )
    if overrides["languagetool_url"] and not overrides["grammar"]:
        overrides["grammar"] = "languagetool"
    if getattr(args, "fail_on", None):
        overrides["fail_on"] = Severity.parse(args.fail_on)
    if getattr(args, "fail_under", None) is not None:
        overrides["fail_under"] = args.fail_under
    return cfg.with_overrides(**overrides)


def make_engine(cfg: Config, args) -> Engine:
    """The engine for a command, with the grammar cache unless --no-cache (or cache = false) says otherwise."""
    from mtqa.cache import open_cache

    return Engine(cfg, cache=open_cache(cfg, enabled=not getattr(args, "no_cache", False)))


def collect_inputs(paths: list[str], cfg: Config):
    """Documents and read errors for every path, in order."""
    for path in expand_paths(paths, cfg.extensions):
        yield from read_path(path)


def run_check(args) -> int:
    cfg = resolve_config(args, args.paths[0])
    engine = make_engine(cfg, args)
    report = Report(fail_on=cfg.fail_on, fail_under=cfg.fail_under)
    from mtqa.batch import run_batch

    run_batch(engine, list(expand_paths(args.paths, cfg.extensions)), report, jobs=args.jobs, quiet=args.quiet)
    if args.fix:
        _write_fixed_copies(report, getattr(args, "neural_fixes", False))
    return _finish(report, engine, args)


def run_feed(args) -> int:
    from mtqa.formats.feeds import load_state, read_feed, save_state

    cfg = resolve_config(args, args.feed if "://" not in args.feed else ".")
    engine = make_engine(cfg, args)
    report = Report(fail_on=cfg.fail_on, fail_under=cfg.fail_under)
    _, docs = read_feed(args.feed)
    seen = load_state(args.state)
    fresh = [d for d in docs if d.id not in seen]
    try:
        for d in fresh:
            report.results.append(engine.check(d))
    except KeyboardInterrupt:
        report.interrupted = True
    if args.state and not report.interrupted:
        save_state(args.state, seen | {d.id for d in fresh})
    if not args.quiet:
        print(f"mtqa: {len(docs)} item(s) in the feed, {len(docs) - len(fresh)} already seen, {len(fresh)} checked", file=sys.stderr)
    return _finish(report, engine, args, allow_empty=True)


def _finish(report: Report, engine: Engine, args, allow_empty: bool = False) -> int:
    """Baseline filtering, the report in the asked format, and the exit code."""
    report.signature = engine.signature
    if getattr(args, "baseline", None):
        from mtqa.baseline import filter_new

        filter_new(report, args.baseline)
    if not report.results and report.errors and not report.interrupted and not allow_empty:
        for e in report.errors:
            print(f"mtqa: error: {e.path}: {e.message}", file=sys.stderr)
        return EXIT_USAGE
    from mtqa.formats.writers import write_report

    write_report(report, args.format, args.output, quiet=args.quiet)
    if report.interrupted:
        return 130
    if report.errors:
        return EXIT_GATE
    return EXIT_GATE if report.gate_failed() and not getattr(args, "exit_zero", False) else EXIT_OK


def _write_fixed_copies(report: Report, neural_fixes: bool = False) -> None:
    for r in report.results:
        if r.document.path and r.document.path != "-" and not r.document.id:
            p = Path(r.document.path)
            fixed = apply_edits(r.document.text, choose_fixes(r.issues, neural=neural_fixes))
            p.with_name(f"{p.stem}.fixed{p.suffix}").write_text(fixed, encoding="utf-8", newline="")


def run_fix(args) -> int:
    if len(args.paths) > 1 and not args.in_place:
        raise MtqaError("several files need --in-place (or fix one file at a time to stdout or --output)")
    cfg = resolve_config(args, args.paths[0])
    engine = make_engine(cfg, args)
    for path in args.paths:
        docs = list(read_path(path))
        for d in docs:
            if isinstance(d, ReadError):
                raise MtqaError(f"{d.path}: {d.message}")
        if len(docs) != 1:
            raise MtqaError(f"{path}: mtqa fix works on plain-text documents; this file has {len(docs)} records")
        result = engine.check(docs[0])
        fixed = apply_edits(docs[0].text, choose_fixes(result.issues, neural=args.neural_fixes))
        if args.in_place:
            if path == "-":
                raise MtqaError("--in-place needs a file, not standard input")
            Path(path).write_text(fixed, encoding="utf-8", newline="")
        elif args.output:
            Path(args.output).write_text(fixed, encoding="utf-8", newline="")
        else:
            sys.stdout.write(fixed)
    return EXIT_OK


def run_rules(args) -> int:
    from mtqa.formats import ruledocs

    if args.code:
        r = ruledocs.find_rule(args.code)
        if r is None:
            raise MtqaError(f"no rule {args.code!r}; `mtqa rules` lists them")
        print(ruledocs.rule_json(r) if args.format == "json" else ruledocs.rule_markdown(r))
    elif args.format == "json":
        print(ruledocs.all_json())
    elif args.format == "markdown":
        print(ruledocs.all_markdown(), end="")
    else:
        print(ruledocs.table())
    return EXIT_OK


def run_serve(args) -> int:
    from mtqa.server import serve

    serve(resolve_config(args), args.host, args.port)
    return EXIT_OK


def run_ui(args) -> int:
    import importlib.util

    from mtqa.resources import data_path

    app_file = data_path("app", "app.py")
    if not app_file.is_file():
        app_file = Path(__file__).resolve().parent.parent / "app.py"
    if not app_file.is_file():
        raise MtqaError("app.py is not installed with this copy of mtqa; run `python app.py` from the source tree")
    try:
        spec = importlib.util.spec_from_file_location("mtqa_app", app_file)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except ImportError as exc:
        raise MtqaError(f"the web UI needs gradio: pip install 'mtqa[ui]' ({exc})") from None
    argv = ["--host", args.host, "--port", str(args.port)] + (["--max-chars", str(args.max_chars)] if args.max_chars else [])
    module.main(argv)
    return EXIT_OK


def run_baseline(args) -> int:
    from mtqa.baseline import create_baseline

    cfg = resolve_config(args, args.paths[0])
    count = create_baseline(make_engine(cfg, args), list(collect_inputs(args.paths, cfg)), args.output)
    print(f"mtqa: recorded {count} finding(s) in {args.output}", file=sys.stderr)
    return EXIT_OK
