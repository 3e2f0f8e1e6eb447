"""What each CLI subcommand does, on top of the engine: resolve config, read inputs, check, write, gate."""

from __future__ import annotations

import codecs
import os
import stat
import sys
from pathlib import Path

from mtqa import interrupts
from mtqa.config import Config, load_config
from mtqa.engine import Engine, check_selector_list
from mtqa.errors import MtqaError
from mtqa.formats.readers import (ReadError, StdinTooLong, expand_paths, is_url, read_file_bytes, read_path,
                                  read_stdin)
from mtqa.issues import Severity
from mtqa.report import Report

EXIT_OK, EXIT_GATE, EXIT_USAGE = 0, 1, 2


def resolve_config(args, start: str = ".") -> Config:
    cfg = load_config(args.config, start=start if start != "-" else ".")
    split = lambda s: tuple(x.strip() for x in s.split(",") if x.strip()) or None if s else None  # noqa: E731
    if getattr(args, "select", None) is not None and not split(args.select):
        # (like an unknown code: a run that checks nothing and passes is never what was meant)
        raise MtqaError(f"--select {args.select!r} names no rule: give codes or prefixes, or ALL for every rule")
    overrides = dict(
        select=split(getattr(args, "select", None)),
        ignore=split(getattr(args, "ignore", None)),  # an empty one, "" or ",", is as if not given
        house_style=getattr(args, "house_style", None),
        grammar=getattr(args, "grammar", None),
        harper_lints=getattr(args, "harper_lints", None),
        languagetool_url=getattr(args, "languagetool_url", None),
        neural=getattr(args, "neural", None),
    )
    for key in ("select", "ignore"):  # blamed on the option, not on the config file they replace
        check_selector_list(f"--{key}", overrides[key] or ())
    if overrides["languagetool_url"] and not overrides["grammar"]:
        overrides["grammar"] = "languagetool"
    if getattr(args, "fail_on", None):
        overrides["fail_on"] = Severity.parse(args.fail_on)
    if getattr(args, "fail_under", None) is not None:
        overrides["fail_under"] = args.fail_under
    return cfg.with_overrides(**overrides)


ENGINES: dict | None = None  # the daemon (mtqa/daemon.py) keeps its engines here from one command to the next
_ENGINES_KEPT = 4


def make_engine(cfg: Config, args) -> Engine:
    """The engine for a command, with the grammar cache unless --no-cache (or cache = false) says otherwise. In
    the daemon, the engine of an earlier command with the same config and cache setting, with all it loaded."""
    from mtqa.api import Checker

    cache = not getattr(args, "no_cache", False)
    if ENGINES is None:
        return _runs_a_check(Checker.from_config(cfg, cache=cache).engine)
    from mtqa.rules.lexicon import lexicon_digest

    key = (repr(cfg), cache, lexicon_digest(cfg))  # the config names user lexicons; their contents may change
    engine = ENGINES.pop(key, None) or Checker.from_config(cfg, cache=cache).engine
    ENGINES[key] = engine  # the most recently used last
    while len(ENGINES) > _ENGINES_KEPT:
        del ENGINES[next(iter(ENGINES))]
    return _runs_a_check(engine)


def _runs_a_check(engine: Engine) -> Engine:
    """The engine, unless its selection leaves nothing to run: grammar codes alone ("LT:FOO", "HARPER:") with the
    grammar layer off checked nothing and passed every gate."""
    cfg = engine.config
    prefix = {"harper": "HARPER:", "languagetool": "LT:"}.get(cfg.grammar) if engine.grammar is not None else None
    # the grammar layer runs something when a selector takes in its codes ("HARPER", "HARPER:SpellCheck", ALL)
    grammar_selected = prefix is not None and any(s == "ALL" or prefix.startswith(s) or s.startswith(prefix)
                                                  for s in cfg.select)
    # E006 and E007 are findings of the engine's own, reported with no rule: `--select E007` alone lists the
    # records left untranslated (it was refused as running no check)
    from mtqa.engine import IGNORABLE_ENGINE_CODES, engine_finding_on

    engine_selected = any(engine_finding_on(code, cfg) and any(code.startswith(s) for s in cfg.select)
                          for code in IGNORABLE_ENGINE_CODES)
    if not engine.rules and not grammar_selected and not engine_selected:
        raise MtqaError(f"select = {', '.join(cfg.select)} runs no check: no rule is selected and the grammar layer "
                        f"{'is off' if prefix is None else f'reports only {prefix} codes'} (grammar codes need their "
                        "backend: --grammar harper for HARPER:, --grammar languagetool for LT:)")
    return engine


def collect_inputs(paths: list[str], cfg: Config):
    """Documents and read errors for every path, in order."""
    for path in expand_paths(paths, cfg.extensions):
        yield from ([path] if isinstance(path, ReadError) else read_path(path, cfg.max_chars))


def config_start(path: str) -> str:
    """Where to look for the project config: the first path's folder, or the nearest folder above it that can be
    searched (a symlink loop, an unreadable folder): that path is then reported as a read error, not a traceback."""
    if path == "-" or is_url(path):
        return "."
    p = Path(path).absolute()
    try:
        here = p.resolve()
        if not stat.S_ISDIR(os.stat(here).st_mode):
            here = here.parent
    except FileNotFoundError:
        return path
    except (OSError, RuntimeError):
        here = p.parent
    while here != here.parent and not _searchable(here):
        here = here.parent
    return str(here)


def _searchable(folder: Path) -> bool:
    from mtqa.config import PROJECT_FILES

    for name in PROJECT_FILES:
        try:
            os.stat(folder / name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:
            return False
    return True


def _input_paths(args, cfg: Config) -> list:
    paths = list(expand_paths(args.paths, cfg.extensions))
    if not paths:
        raise MtqaError(f"no document to check: no files to check in {', '.join(args.paths)} (extensions: {', '.join(cfg.extensions)}, "
                        "and .tsv .csv .jsonl .xlf .xliff .tmx .po)")
    return paths


def _preload_baseline(args):
    """A baseline file is validated before any document is checked: a bad one fails at once."""
    if not getattr(args, "baseline", None):
        return None
    from mtqa.baseline import load_baseline

    return load_baseline(args.baseline)


def _check_output(args, cfg: Config | None = None) -> None:
    """An -o file that cannot be written, or that is one of the inputs (a file given or found in a folder given,
    the fixed copy --fix writes beside one, the baseline, the resume state), fails before anything is checked: not
    after the whole batch, and not by writing over the copy."""
    if getattr(args, "output", None) == "":
        raise MtqaError("-o was given an empty file name; name a file, or - for standard output")
    if getattr(args, "output", None) not in (None, "-"):  # "-": standard output
        from mtqa.safeio import check_writable

        check_writable(args.output)
        given = [*getattr(args, "paths", ()), *([args.feed] if getattr(args, "feed", None) else [])]
        if cfg is not None and any(os.path.isdir(p) for p in given if p != "-" and not is_url(p)):
            given += [p for p in expand_paths([p for p in given if os.path.isdir(p)], cfg.extensions) if isinstance(p, str)]
        for option in ("baseline", "resume"):
            other = getattr(args, option, None)
            if other and _same_file(args.output, other):
                raise MtqaError(f"-o {args.output} is the --{option} file: it would be overwritten; name another file for -o")
        for path in given:
            if path == "-" or is_url(path) or os.path.isdir(path):
                continue
            if _same_file(args.output, path):
                advice = ("to write the fixed copy into the file, use --in-place" if args.command == "fix"
                          else "name another file for -o")
                raise MtqaError(f"-o {args.output} is the input file {path}: it would be overwritten; {advice}")
            if getattr(args, "fix", False):
                from mtqa.formats.rewrite import fixed_copy_name

                if _same_file(args.output, fixed_copy_name(path)):
                    raise MtqaError(f"-o {args.output} is the fixed copy --fix writes for {path}: name another file for -o")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): the same path, once resolved
        return Path(a).resolve() == Path(b).resolve()


def run_check(args) -> int:
    if getattr(args, "neural_fixes", False) and not args.fix:
        raise MtqaError("--neural-fixes says which fixes --fix writes: add --fix (or use `mtqa fix --neural-fixes`)")
    cfg = resolve_config(args, config_start(args.paths[0]))
    baseline = _preload_baseline(args)
    _check_output(args, cfg)
    engine = make_engine(cfg, args)
    report = Report(fail_on=cfg.fail_on, fail_under=cfg.fail_under, signature=engine.signature)
    cluster = getattr(args, "cluster", None)
    if cluster:
        from mtqa.distributed import parse_cluster

        parse_cluster(cluster)  # a bad value fails before anything starts
        if "-" in args.paths and not getattr(args, "resume", None):
            raise MtqaError("--cluster reads inputs on the workers: give files or folders, not standard input")
    paths = _input_paths(args, cfg)
    from mtqa.formats.stream import STREAMED, StreamWriter

    if args.format in STREAMED and not args.fix and baseline is None:  # results flow to the writer, not kept
        report.stream = StreamWriter(args.format, args.output, quiet=args.quiet, fail_on=cfg.fail_on,
                                     fail_under=cfg.fail_under)
    try:
        from mtqa.batch import run_batch

        run_batch(engine, paths, report, jobs=args.jobs, quiet=args.quiet, cluster=cluster,
                  resume=getattr(args, "resume", None))
    except BaseException:
        if report.stream is not None:
            report.stream.discard()
        raise
    if getattr(args, "resume", None) and not args.quiet:
        restored, checked = report.resumed
        print(f"mtqa: {args.resume}: {restored} document(s) restored from the state, {checked} checked now", file=sys.stderr)
    if args.fix:
        _write_fixed_copies(report, engine, getattr(args, "neural_fixes", False))
        if "-" in args.paths:  # a copy goes next to its file, and standard input has none: say so, not nothing
            print("mtqa: --fix wrote no fixed copy of standard input (it has no folder): `mtqa fix -` prints one",
                  file=sys.stderr)
    return _finish(report, engine, args, baseline=baseline)


def run_feed(args) -> int:
    from mtqa.errors import DocumentError
    from mtqa.formats.feeds import already_seen, item_digests, load_state, read_feed, save_state

    cfg = resolve_config(args, config_start(args.feed) if "://" not in args.feed else ".")
    seen = load_state(args.state)  # state and baseline are validated before anything is fetched or checked
    baseline = _preload_baseline(args)
    _check_output(args, cfg)
    if args.state:
        from mtqa.safeio import check_writable

        check_writable(args.state)  # written at the end: a state that cannot be written must not cost the run
    engine = make_engine(cfg, args)
    report = Report(fail_on=cfg.fail_on, fail_under=cfg.fail_under)
    _, docs, cut = read_feed(args.feed, timeout=getattr(args, "timeout", None) or 30.0)
    digests = item_digests(docs)
    fresh = [d for d in docs if not already_seen(d, seen, digests)]  # new items, and items whose story was updated
    checked: list[str] = []
    try:
        for d in fresh:
            try:
                report.results.append(engine.check(d))
                checked.append(d.id)
            except DocumentError as exc:  # this item only; it stays unseen so the next run reports it again
                report.errors.append(ReadError(args.feed, f"item {d.id}: {exc}"))
    except KeyboardInterrupt:
        report.interrupted = True
    recorded = set(checked)
    last = docs[-1] if docs else None
    if cut is not None:
        # what was read is checked; the error says the feed is incomplete (exit 1), and a last item that may be cut
        # is checked as it came but not recorded: the next run, on the whole feed, checks it again
        held = last is not None and "cut_short" in last.meta and last.id in recorded
        if held:
            recorded.discard(last.id)
        report.errors.append(ReadError(args.feed, f"the feed breaks off before its end ({cut}): what follows was not read"
                                       + (f"; its last item, {last.id}, may be cut off: it is checked but not recorded as "
                                          "seen" if held else "") + "; the next run reads the feed again"))
    if args.state:
        # also after Ctrl-C: what was checked stays checked
        save_state(args.state, {**seen, **{d.id: digests[d.id] for d in fresh if d.id in recorded}})
    if not args.quiet:
        print(f"mtqa: {len(docs)} item(s) in the feed, {len(docs) - len(fresh)} already seen, {len(checked)} checked"
              + (f", {len(fresh) - len(checked)} not checked" if len(checked) < len(fresh) else ""), file=sys.stderr)
    return _finish(report, engine, args, allow_empty=True, baseline=baseline)


def _nothing_to(verb: str, paths: list[str], extensions) -> str:
    """The usage error of inputs that hold no text: for a folder, which files it was read for; for files (or
    standard input), that no record or line holds any."""
    why = (f"no file with text; folders are read for {', '.join(extensions)}" if any(os.path.isdir(p) for p in paths)
           else "PO templates hold no translations: check the .po files made from them"
           if paths and all(p.lower().endswith(".pot") for p in paths)
           else "no text in it: no record or line holds any")
    return f"mtqa: error: no documents to {verb} in {' '.join(paths) or 'the input'} ({why})"


def _finish(report: Report, engine: Engine, args, allow_empty: bool = False, baseline=None) -> int:
    """Baseline filtering, the report in the asked format, and the exit code."""
    report.signature = engine.signature
    if baseline is not None:
        from mtqa.baseline import filter_new

        filter_new(report, args.baseline, baseline)
    tally = report.tally()
    empty = not tally.documents and not report.interrupted and not allow_empty
    blank = not report.errors and not report.interrupted and not allow_empty and not tally.with_text
    if (empty or blank) and report.stream is not None:
        report.stream.discard()  # a usage error follows: no report is written
    if empty or blank:
        for e in report.errors:  # (none when blank)
            print(f"mtqa: error: {e.path}: {e.message}", file=sys.stderr)
        if not report.errors:
            print(_nothing_to("check", getattr(args, "paths", []), engine.config.extensions), file=sys.stderr)
        return EXIT_USAGE
    if report.stream is not None:
        report.stream.finish(report)
    else:
        from mtqa.formats.writers import write_report

        write_report(report, args.format, args.output, quiet=args.quiet)
    if report.interrupted:
        return interrupts.exit_code()
    if report.errors:
        return EXIT_GATE
    return EXIT_GATE if report.gate_failed() and not getattr(args, "exit_zero", False) else EXIT_OK


def _write_fixed_copies(report: Report, engine: Engine, neural_fixes: bool = False) -> None:
    """NAME.fixed.EXT beside each checked file, in the file's own format; a file that cannot be written back is
    an error in the report (and the gate), never a plain-text copy of structured data."""
    from mtqa.formats.rewrite import fixed_copy_name, fixed_file
    from mtqa.safeio import atomic_write_bytes

    by_path: dict[str, list] = {}
    for r in report.results:
        if r.document.path and r.document.path != "-":
            by_path.setdefault(r.document.path, []).append(r)
    for path, results in by_path.items():
        try:
            data = read_file_bytes(path)
            atomic_write_bytes(fixed_copy_name(path), fixed_file(path, data, results, neural=neural_fixes, engine=engine))
        except OSError as exc:
            report.errors.append(ReadError(path, f"no fixed copy written: cannot read it again ({exc.strerror})"))
        except MtqaError as exc:
            reason = str(exc).removeprefix(f"{path}: ")
            report.errors.append(ReadError(path, f"no fixed copy written: {reason}"))


def run_fix(args) -> int:
    from mtqa.errors import DocumentError
    from mtqa.formats.readers import read_data
    from mtqa.formats.rewrite import fixed_file, refuse_feed
    from mtqa.safeio import atomic_write_bytes

    from mtqa.formats.readers import path_key

    # a file named twice is fixed once: its diff twice would not apply, and standard input is read once
    unique: dict[str, str] = {}
    for p in args.paths:
        unique.setdefault(path_key(p), p)
    args.paths = list(unique.values())
    if args.diff and (args.in_place or args.output):
        raise MtqaError("--diff writes nothing: leave out --in-place and --output")
    if len(args.paths) > 1 and not (args.in_place or args.diff):
        raise MtqaError("several files need --in-place or --diff (or fix one file at a time to stdout or --output)")
    if args.in_place and "-" in args.paths:
        raise MtqaError("--in-place needs a file, not standard input")
    urls = [p for p in args.paths if is_url(p)] if args.in_place else []
    if urls:
        raise MtqaError(f"--in-place writes local files, and {urls[0]} is a URL: write its fixed copy to standard "
                        "output or --output")
    for p in args.paths:
        refuse_feed(p)
    cfg = resolve_config(args, config_start(args.paths[0]))
    _check_output(args, cfg)
    engine = make_engine(cfg, args)
    outputs: list[tuple[str, bytes, bytes]] = []
    failed = with_text = 0
    for path in args.paths:
        try:
            data = read_stdin(cfg.max_chars) if path == "-" else read_file_bytes(path)
        except StdinTooLong as exc:
            failed += _say(path, str(exc))
            continue
        except FileNotFoundError:
            failed += _say(path, "no such file")
            continue
        except OSError as exc:
            failed += _say(path, f"cannot read: {exc.strerror}")
            continue
        results, errors = [], []
        for item in read_data(data, path if path != "-" else "-.txt"):
            if isinstance(item, ReadError):
                errors.append(item)
                continue
            try:
                results.append(engine.check(item))
            except DocumentError as exc:
                errors.append(ReadError(path, f"record {item.id}: {exc}" if item.id else str(exc)))
        for e in errors:
            _say(e.path if e.path != "-.txt" else "-", e.message)
        if errors:
            failed += 1
        if not results:
            continue
        with_text += sum(bool(r.document.text.strip() or (r.document.source or "").strip()) for r in results)
        # every file's fixed bytes first: a file that cannot be written back faithfully stops the run before
        # anything is written (MtqaError -> exit 2)
        outputs.append((path, data, fixed_file(path if path != "-" else "-.txt", data, results, neural=args.neural_fixes,
                                                 engine=engine)))
    if not outputs or (not with_text and not failed):  # as `mtqa check`: no text is a usage error, not a success
        if not failed:
            print(_nothing_to("fix", args.paths, engine.config.extensions), file=sys.stderr)
        return EXIT_USAGE
    if args.diff:
        changed = [(path, before, after) for path, before, after in outputs if after != before]
        for path, before, after in changed:
            sys.stdout.writelines(_diff(path, before, after))
        return EXIT_GATE if changed or failed else EXIT_OK
    written = unwritten = 0
    for path, before, after in outputs:
        if args.in_place:
            if after != before:
                if _changed_on_disk(path, before):  # edited while the batch ran: that edit wins
                    failed += _say(path, "changed on disk while it was being fixed: left as it is (run `mtqa fix` "
                                         "on it again)")
                    continue
                try:
                    atomic_write_bytes(path, after)
                    written += 1
                except MtqaError as exc:  # this file only (a read-only folder, a full disk): the others are fixed
                    print(f"mtqa: error: {exc}", file=sys.stderr)
                    failed += 1
                    unwritten += 1
        elif args.output:
            atomic_write_bytes(args.output, after)
        else:
            sys.stdout.flush()
            out = getattr(sys.stdout, "buffer", None)
            if out is not None:
                out.write(after)
                out.flush()
            else:
                sys.stdout.write(after.decode("utf-8"))
    if unwritten and not written:
        return EXIT_USAGE  # nothing could be written back
    return EXIT_GATE if failed else EXIT_OK


def _changed_on_disk(path: str, before: bytes) -> bool:
    """Whether the file no longer holds what was read and fixed (or can no longer be read)."""
    try:
        return read_file_bytes(path) != before
    except OSError:
        return True


def _diff(path: str, before: bytes, after: bytes) -> list[str]:
    """A unified diff of a file and its fixed copy, as `diff -u` and `git apply` read it."""
    import difflib

    def lines(data: bytes) -> list[str]:  # split at line feeds only, as diff does (a CR stays on its line)
        if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:  # a PO file in Latin-1, say: shown byte for byte
                text = data.decode("latin-1")
        parts = text.split("\n")
        return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])

    name = "stdin" if path == "-" else path
    old, new = (name, name) if os.path.isabs(name) else (f"a/{name}", f"b/{name}")  # as git diff names them
    diff = difflib.unified_diff(lines(before), lines(after), old, new)
    return [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff]


def _say(path: str, message: str) -> int:
    print(f"mtqa: error: {path}: {message}", file=sys.stderr)
    return 1


def run_rules(args) -> int:
    from mtqa.formats import ruledocs

    if args.code:
        r = ruledocs.find_rule(args.code)
        engine_text = ruledocs.engine_finding_text(args.code, args.format) if r is None else None
        if engine_text is not None:
            print(engine_text, end="")
            return EXIT_OK
        if r is None and args.code.startswith("HARPER:"):
            return _harper_lint_doc(args.code, args.format)
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


def _harper_lint_doc(code: str, fmt: str) -> int:
    """`mtqa rules HARPER:<lint>`: what Harper says the lint does, and whether mtqa runs it by default."""
    import json

    from mtqa.config import default_config
    from mtqa.grammar.harper_lints import NEWS_LINTS

    try:
        import harper
    except ImportError:
        raise MtqaError(f"{code}: Harper is not installed, so its lints cannot be described") from None
    name = code.removeprefix("HARPER:")
    descriptions = harper.Linter(harper.Dialect.AMERICAN).get_lint_descriptions()
    if name not in descriptions:
        raise MtqaError(f"no rule {code!r}: Harper has no lint {name!r}; `mtqa rules` lists mtqa's rules")
    default = ("no (ignored by the default configuration)" if code in default_config().ignore
               else "yes" if name in NEWS_LINTS else "no (it runs with harper-lints = \"all\")")
    if fmt == "json":
        print(json.dumps({"code": code, "origin": "harper", "description": descriptions[name], "default": default}, indent=1))
    else:
        print(f"{code}: a lint of Harper, the embedded grammar checker. {descriptions[name]}\nRuns by default: {default}. "
              "docs/quality.md gives its precision on real copy.")
    return EXIT_OK


def run_serve(args) -> int:
    from mtqa.server import serve
    from mtqa.serving import ServerLimits

    flags = ("max_body", "workers", "queue", "timeout", "read_timeout", "keep_alive", "limit_concurrency", "backlog")
    given = {f: getattr(args, f) for f in flags if getattr(args, f) is not None}
    try:
        limits = ServerLimits(allow_origins=tuple(args.allow_origin), **given)
    except ValueError as exc:
        raise MtqaError(f"serve: {exc}") from None
    serve(resolve_config(args), args.host, args.port, limits)
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


def run_daemon(args) -> int:
    from mtqa import daemon

    if args.action == "start":
        timeout = daemon.DEFAULT_IDLE_TIMEOUT if args.idle_timeout is None else args.idle_timeout
        if timeout < 0:
            raise MtqaError("--idle-timeout must not be negative")
        print(daemon.start(timeout), file=sys.stderr)
        return EXIT_OK
    if args.action == "stop":
        print(daemon.stop(), file=sys.stderr)
        return EXIT_OK
    running, message = daemon.status()
    print(message)
    return EXIT_OK if running else EXIT_GATE


def run_baseline(args) -> int:
    from mtqa.baseline import create_baseline

    cfg = resolve_config(args, config_start(args.paths[0]))
    _check_output(args, cfg)
    errors: list[ReadError] = []
    count, documents = create_baseline(make_engine(cfg, args), collect_inputs(args.paths, cfg), args.output, errors)
    for e in errors:
        _say(e.path, e.message)
    if not documents:
        return EXIT_USAGE
    where = "standard output" if args.output == "-" else args.output
    print(f"mtqa: recorded {count} finding(s) from {documents} document(s) in {where}", file=sys.stderr)
    return EXIT_GATE if errors else EXIT_OK
