"""Batch runs on Dask distributed (`mtqa check --cluster local:N` or `--cluster tcp://HOST:PORT`).

The cluster is one more way for batch.py's pipeline to run its tasks: each Dask worker builds one Engine from the
run's config, once, through a worker plugin (its models and automata load there, not per task), except that the
workers of `local:N` are forked from the client after it has warmed its own engine, and adopt it, as --jobs
workers do; a task is a batch
of units (plain files' paths, read on the worker, and records of multi-record files, read on the client) checked
with batch.py's `_check_units`; the client keeps a bounded window of tasks in flight (backpressure) and hands
their results on in input order as they arrive. A task is a pure function of its units, so when a worker is lost
the scheduler runs its tasks again elsewhere, and since results are taken once per task, every document is
reported exactly once. With --resume the documents are read on the client, looked up in the state, and only the
others are sent.

Dask is imported only here and only when --cluster is used (the `cluster` extra: pip install 'mtqa[cluster]').
"""

from __future__ import annotations

import logging
import uuid
from contextlib import contextmanager

from mtqa.batch import can_fork, pipelines_loading
from mtqa.config import Config
from mtqa.engine import Engine
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
        from mtqa.limits import too_many_workers

        # 99999999999999999999 is said too many without converting it (a 5,000-digit number would not convert)
        problem = too_many_workers(f"--cluster {spec}", int(count) if len(count) <= 6 else 10**6, count)
        if problem:
            raise MtqaError(problem)
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
            self.frozen = False

        def setup(self, worker):
            from mtqa.api import Checker

            if self.local_workers:
                from mtqa.neural import limit_threads

                limit_threads(self.local_workers)
            self.engine = _inherited_engine(self.config, self.cache)
            if self.engine is None:  # a worker of its own (a remote cluster, or a spawned local one)
                self.engine = Checker.from_config(self.config, cache=self.cache).engine
                _warm(self.engine)
            else:
                _freeze()

    return EnginePlugin()


def _freeze() -> None:
    """Leave the heap as it is now (the engine's lexicons, linter and models) out of every later collection: a
    full collection would otherwise walk spaCy's and the lexicon's millions of objects again and again."""
    import gc

    gc.collect()
    gc.freeze()


def _work(units: list) -> list:
    """A task on a worker: check these units with the worker's engine."""
    from distributed import get_worker

    from mtqa.batch import _check_units
    from mtqa.grammar.harper import lint_on_this_thread

    lint_on_this_thread()  # a worker's task threads live as long as it does: each builds Harper's automata once
    plugin = get_worker().plugins[PLUGIN_NAME]
    outcomes = _check_units(plugin.engine, units)
    if not plugin.frozen:  # what the first task loaded lazily (the French recogniser, the encoder) is long-lived too
        plugin.frozen = True
        _freeze()
    return outcomes


def _failed(task: list, exc: Exception) -> list:
    """The outcomes of a task that failed even after the scheduler's retries: each of its inputs, named."""
    out = []
    for unit in task:
        if isinstance(unit, (str, ReadError)):
            out.append((getattr(unit, "path", unit), _not_checked(unit, exc)))
        else:
            where, item = unit
            if isinstance(item, ReadError):
                out.append(unit)
            else:
                out.append((where, _not_checked(where, exc, f"record {item.id}: " if item.id else "")))
    return out


def _not_checked(path, exc: Exception, record: str = "") -> ReadError:
    path = path.path if isinstance(path, ReadError) else path
    return ReadError(path, f"{record}not checked: its task failed on the cluster ({type(exc).__name__}: {exc})")


_WARMED: list = []  # the engine a local cluster's forked workers inherit, warmed in this process before the fork


def _inherited_engine(config: Config, cache: bool) -> Engine | None:
    """In a worker forked from the client: the client's warmed engine, if it was built for this config."""
    for engine in _WARMED:
        if engine.config == config and (engine.cache is not None) == cache:
            return engine
    return None


def _warm(engine: Engine) -> None:
    """What a worker needs loaded before its first task: a first document's one-time costs and spaCy's pipelines;
    then the heap is frozen out of garbage collection. Not Harper's suggestion automata: they belong to the thread
    that builds them, and tasks run on a thread of their own (forked workers start from another thread of the
    client, and a worker's plugin runs on its event loop's thread)."""
    with pipelines_loading(engine):
        engine.warm_up(this_thread=False)
    _freeze()


def connect(spec: str, fork: bool = False):
    """(client, cluster or None) for a --cluster value; the caller closes both. `fork`: a local cluster's worker
    processes are forked from this one (so they inherit what it has loaded) instead of started afresh."""
    distributed = _dask()
    kind, where = parse_cluster(spec)
    for name in ("distributed", "dask"):  # Dask's start and stop notices are not the user's business
        logging.getLogger(name).setLevel(logging.WARNING)
    if kind == "local":
        import dask

        # Dask's monitors wake every worker many times a second (the statistical profiler every 10 ms, the event
        # loop's tick every 20 ms, memory every 100 ms), and each wake-up takes the interpreter from the checking
        # thread: about 13% of a task's CPU time here. A batch checker needs none of that detail; a remote
        # cluster keeps its own configuration.
        dask.config.set({"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "500ms",
                         "distributed.admin.system-monitor.interval": "5s",
                         "distributed.admin.system-monitor.disk": False,
                         "distributed.worker.memory.monitor-interval": "1s"})
        with dask.config.set({"distributed.worker.multiprocessing-method": "fork" if fork else "spawn"}):
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
    kind, where = parse_cluster(spec)
    # warmed here once, the engine is shared by every worker forked from this process, as --jobs workers share it
    # (not with the neural layer: warming would start its model runtime, which does not survive a fork)
    fork = kind == "local" and can_fork() and not any(r.neural for r in engine.rules)
    if fork:
        _warm(engine)
        _WARMED.append(engine)
    try:
        client, cluster = connect(spec, fork=fork)
        try:
            workers = max(1, len(client.scheduler_info().get("workers", {})) or (where if kind == "local" else 1))
            client.register_plugin(engine_plugin(engine.config, engine.cache is not None,
                                                 where if kind == "local" else None))
            yield client, workers
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    finally:
        if fork:
            _WARMED.remove(engine)
            import gc

            gc.unfreeze()


def run_tasks(engine: Engine, pipeline, entries, spec: str, paths: list, docs_per_task: int,
              window: int | None = None) -> None:
    """Run batch.py's pipeline on the cluster `spec`: tasks of at most `docs_per_task` documents, at most `window`
    in flight (default: TASKS_PER_WORKER per worker), results handed on in input order."""
    from mtqa.batch import _task_size, _tasks

    with session(engine, spec) as (client, workers):
        run = uuid.uuid4().hex[:8]
        count = iter(range(1 << 62))

        def submit(task):
            return client.submit(_work, task, key=f"mtqa-{run}-{next(count)}", pure=False)

        pipeline.window(_tasks(entries, _task_size(paths, workers), docs_per_task), submit,
                        window or TASKS_PER_WORKER * workers, failed=_failed)


def run_cluster(engine: Engine, paths: list, report: Report, spec: str, quiet: bool = False) -> Report:
    """Check `paths` on the Dask cluster `spec` into `report`, in input order."""
    from mtqa.batch import run_batch

    return run_batch(engine, paths, report, quiet=quiet, cluster=spec)
