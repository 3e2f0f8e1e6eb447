"""Batch runs on Dask distributed (`mtqa check --cluster local:N` or `--cluster tcp://HOST:PORT`).

Beside batch.py and built from it: each Dask worker builds one Engine from the run's config, once, through a
worker plugin (its models and automata load there, not per task); a task is a batch of input paths checked with
batch.py's `_check_paths`; the client keeps a bounded window of tasks in flight and collects the results in input
order. A task is a pure function of its paths, so when a worker is lost the scheduler runs its tasks again
elsewhere, and since results are kept by task, every document is reported exactly once. With --resume, the
documents are read on the client (to look them up in the state) and the tasks are batches of documents instead.

Dask is imported only here and only when --cluster is used (the `cluster` extra: pip install 'mtqa[cluster]').
"""

from __future__ import annotations

import logging
import sys
import uuid
from contextlib import contextmanager

from mtqa.config import Config
from mtqa.engine import Engine, Result
from mtqa.errors import MtqaError
from mtqa.formats.readers import ReadError
from mtqa.report import Report

log = logging.getLogger(__name__)

PLUGIN_NAME = "mtqa-engine"
TASKS_PER_WORKER = 2  # tasks in flight per worker: one running, one queued behind it, so no worker waits


def parse_cluster(spec: str) -> tuple[str, int | str]:
    """("local", N) for local:N, ("address", URL) for tcp://HOST:PORT (or tls://, ws://...); else MtqaError."""
    if spec.startswith("local:"):
        count = spec.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise MtqaError(f"--cluster {spec}: local needs a number of worker processes, e.g. local:2")
        return "local", int(count)
    scheme, sep, rest = spec.partition("://")
    if sep and scheme in ("tcp", "tls", "ws", "wss", "inproc") and rest:
        return "address", spec
    raise MtqaError(f"--cluster {spec}: use local:N (N worker processes here) or tcp://HOST:PORT (a Dask scheduler)")


def _dask():
    try:
        import distributed
    except ImportError as exc:
        raise MtqaError(f"--cluster needs Dask distributed: pip install 'mtqa[cluster]' ({exc})") from None
    return distributed


def engine_plugin(config: Config, cache: bool, local_workers: int | None):
    """A worker plugin that builds the Engine for `config` when a worker joins (`cache`: the grammar cache on;
    `local_workers`: worker processes sharing this machine, to share its cores among the neural layer's threads)."""
    distributed = _dask()

    class EnginePlugin(distributed.WorkerPlugin):
        name = PLUGIN_NAME

        def __init__(self):
            self.config, self.cache, self.local_workers = config, cache, local_workers
            self.engine: Engine | None = None

        def setup(self, worker):
            from mtqa.cache import open_cache

            if self.local_workers:
                from mtqa.neural import limit_threads

                limit_threads(self.local_workers)
            self.engine = Engine(self.config, cache=open_cache(self.config, enabled=self.cache))

    return EnginePlugin()


def _work(paths: list) -> tuple[list, list]:
    """A task on a worker: check these paths with the worker's engine."""
    from distributed import get_worker

    from mtqa.batch import _check_paths

    engine = get_worker().plugins[PLUGIN_NAME].engine
    return _check_paths(engine, paths)


def _not_checked(path, exc: Exception) -> ReadError:
    path = path.path if isinstance(path, ReadError) else path
    return ReadError(path, f"not checked: its task failed on the cluster ({type(exc).__name__}: {exc})")


def connect(spec: str):
    """(client, cluster or None) for a --cluster value; the caller closes both."""
    distributed = _dask()
    kind, where = parse_cluster(spec)
    if kind == "local":
        cluster = distributed.LocalCluster(n_workers=where, threads_per_worker=1, processes=True,
                                           dashboard_address=None, host="127.0.0.1", silence_logs=logging.ERROR)
        return distributed.Client(cluster), cluster
    try:
        return distributed.Client(where, timeout="10s"), None
    except OSError as exc:
        raise MtqaError(f"--cluster {spec}: cannot reach the Dask scheduler ({exc})") from None


@contextmanager
def session(engine: Engine, spec: str):
    """(client, worker count) of a cluster whose workers each build `engine`'s Engine once; closed on exit."""
    client, cluster = connect(spec)
    kind, where = parse_cluster(spec)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or (where if kind == "local" else 1))
        client.register_plugin(engine_plugin(engine.config, engine.cache is not None,
                                             where if kind == "local" else None))
        yield client, workers
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _progress(quiet: bool, total: int, unit: str):
    if quiet or not sys.stderr.isatty() or total <= 1:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, file=sys.stderr)


def run_cluster(engine: Engine, paths: list, report: Report, spec: str, quiet: bool = False,
                window: int | None = None) -> Report:
    """Check `paths` on the Dask cluster `spec` into `report`, in input order. `window` bounds the tasks in
    flight (default: TASKS_PER_WORKER per worker)."""
    from mtqa.batch import _chunks

    progress = _progress(quiet, len(paths), "file")
    try:
        with session(engine, spec) as (client, workers):
            chunks = _chunks(paths, workers)
            done = _run_window(client, chunks, window or TASKS_PER_WORKER * workers, progress)
    finally:
        if progress:
            progress.close()
    for n in sorted(done):  # all of them, or after Ctrl-C the finished ones
        results, errors = done[n]
        report.results.extend(results)
        report.errors.extend(errors)
    report.interrupted = report.interrupted or len(done) < len(chunks)
    return report


def _work_documents(docs: list) -> list:
    """A task on a worker: check these documents; each gives a Result, or a message if the engine refused it."""
    from distributed import get_worker

    from mtqa.errors import DocumentError

    engine = get_worker().plugins[PLUGIN_NAME].engine
    engine.prepare(docs)
    out = []
    for doc in docs:
        try:
            out.append(engine.check(doc))
        except DocumentError as exc:
            out.append(str(exc))
        except Exception as exc:
            log.exception("checking %s failed", doc.path)
            out.append(f"internal error while checking: {type(exc).__name__}: {exc} (please report it)")
    return out


def run_cluster_resumable(engine: Engine, paths: list, report: Report, spec: str, state_path: str,
                          quiet: bool = False) -> tuple[int, int]:
    """--cluster with --resume: the documents are read here, those the state records are restored, the others
    go to the workers in batches; each finished batch is committed to the state as it arrives."""
    from mtqa.batch import _read_items
    from mtqa.resume import BATCH_DOCS, ResumeState, document_key, restore_result

    state = ResumeState(state_path, engine.signature)
    slots: list = []  # per input item, in order: ReadError, Result, or (path, doc, key) still to check
    fresh: list[int] = []
    restored = 0
    try:
        for path in paths:
            for where, item in _read_items(path):
                if isinstance(item, ReadError):
                    slots.append(item)
                    continue
                key = document_key(item)
                old = state.lookup(key)
                slots.append(restore_result(item, old) if old is not None else (where, item, key))
                if old is None:
                    fresh.append(len(slots) - 1)
                else:
                    restored += 1
        batches = [fresh[i:i + BATCH_DOCS] for i in range(0, len(fresh), BATCH_DOCS)]

        def record(n: int, outcome) -> None:
            done = []
            for slot, answer in zip(batches[n], outcome):
                where, doc, key = slots[slot]
                if isinstance(answer, str):
                    where_rec = f"record {doc.id}: " if doc.id else ""
                    slots[slot] = ReadError(where, f"{where_rec}{answer}")
                else:
                    slots[slot] = answer
                    done.append((key, answer))
            state.record(done)

        progress = _progress(quiet, len(fresh), "doc")
        try:
            with session(engine, spec) as (client, workers):
                chunks = [[slots[i][1] for i in batch] for batch in batches]
                finished = _run_window(client, chunks, TASKS_PER_WORKER * workers, progress,
                                       fn=_work_documents, on_done=record,
                                       failed=lambda chunk, exc: [f"not checked: its task failed on the cluster "
                                                                  f"({type(exc).__name__}: {exc})"] * len(chunk))
        finally:
            if progress:
                progress.close()
    finally:
        state.close()
    for slot in slots:
        if isinstance(slot, ReadError):
            report.errors.append(slot)
        elif isinstance(slot, Result):
            report.results.append(slot)
    report.interrupted = report.interrupted or len(finished) < len(batches)
    return restored, sum(len(batches[n]) for n in finished)


def _run_window(client, chunks: list[list], window: int, progress, fn=None, on_done=None, failed=None) -> dict:
    """Submit `fn(chunk)` (default: check these paths) for every chunk with at most `window` in flight;
    {chunk index: outcome} of the finished ones. `on_done(index, outcome)` is called as each arrives;
    `failed(chunk, exc)` gives the outcome of a task that still failed after the scheduler's retries."""
    from distributed import as_completed

    fn = fn or _work
    failed = failed or (lambda chunk, exc: ([], [_not_checked(p, exc) for p in chunk]))
    run = uuid.uuid4().hex[:8]
    todo = iter(enumerate(chunks))
    index = {}
    done: dict = {}

    def submit():
        for n, chunk in todo:
            future = client.submit(fn, chunk, key=f"mtqa-{run}-{n}", pure=False)
            index[future.key] = n
            return future
        return None

    first = [f for f in (submit() for _ in range(window)) if f is not None]
    pending = as_completed(first)
    try:
        for future in pending:
            n = index.pop(future.key)
            try:
                done[n] = future.result()
            except Exception as exc:  # retried and still failing (a worker killed again and again): say so per input
                log.warning("a cluster task failed: %s: %s", type(exc).__name__, exc)
                done[n] = failed(chunks[n], exc)
            future.release()
            if on_done is not None:
                on_done(n, done[n])
            if progress:
                progress.update(len(chunks[n]))
            following = submit()
            if following is not None:
                pending.add(following)
    except KeyboardInterrupt:
        log.info("interrupted: %d of %d tasks done", len(done), len(chunks))
    return done
