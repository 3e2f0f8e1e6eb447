"""Batch runs: check many inputs with optional worker processes, a progress bar, and a partial report on Ctrl-C."""

from __future__ import annotations

import sys
from concurrent.futures.process import BrokenProcessPool

from mtqa.engine import Engine
from mtqa.errors import DocumentError
from mtqa.formats.readers import ReadError, read_path
from mtqa.report import Report


def _check_path(engine: Engine, path: str) -> tuple[list, list]:
    results, errors = [], []
    for item in read_path(path):
        if isinstance(item, ReadError):
            errors.append(item)
            continue
        try:
            results.append(engine.check(item))
        except DocumentError as exc:  # this document only: report it and go on with the batch
            errors.append(ReadError(path, f"record {item.id}: {exc}" if item.id else str(exc)))
    return results, errors


_WORKER_ENGINE: Engine | None = None


def _init_worker(config) -> None:
    global _WORKER_ENGINE  # one engine (and its models) per worker process, created once
    _WORKER_ENGINE = Engine(config)


def _work(path: str):
    assert _WORKER_ENGINE is not None
    return _check_path(_WORKER_ENGINE, path)


def run_batch(engine: Engine, paths: list[str], report: Report, jobs: int = 1, quiet: bool = False) -> Report:
    progress = None
    if not quiet and sys.stderr.isatty() and len(paths) > 1:
        from tqdm import tqdm

        progress = tqdm(total=len(paths), unit="file", file=sys.stderr)
    try:
        if jobs > 1 and len(paths) > 1 and "-" not in paths:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(engine.config,)) as pool:
                for results, errors in pool.map(_work, paths, chunksize=max(1, len(paths) // (jobs * 32))):
                    report.results.extend(results)
                    report.errors.extend(errors)
                    if progress:
                        progress.update()
        else:
            for path in paths:
                results, errors = _check_path(engine, path)
                report.results.extend(results)
                report.errors.extend(errors)
                if progress:
                    progress.update()
    except KeyboardInterrupt:
        report.interrupted = True
    except BrokenProcessPool:  # Ctrl-C reached the workers first
        report.interrupted = True
    finally:
        if progress:
            progress.close()
    return report
