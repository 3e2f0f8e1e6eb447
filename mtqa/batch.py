"""Batch runs: check many inputs with optional worker processes, a progress bar, and a partial report on Ctrl-C."""

from __future__ import annotations

import logging
import sys
from concurrent.futures.process import BrokenProcessPool

from mtqa.engine import Engine
from mtqa.errors import DocumentError
from mtqa.formats.readers import ReadError, read_path
from mtqa.report import Report

log = logging.getLogger(__name__)


def _check_path(engine: Engine, path: str | ReadError) -> tuple[list, list]:
    """Results and errors for one path; nothing in one file or record stops the batch."""
    if isinstance(path, ReadError):  # found while expanding folders (an unreadable subfolder, a broken link)
        return [], [path]
    results, errors = [], []
    items = read_path(path)
    while True:
        try:
            item = next(items)
        except StopIteration:
            break
        except Exception as exc:  # a reader bug must cost one file, not the batch; the message asks for a report
            log.exception("reading %s failed", path)
            errors.append(ReadError(path, f"internal error while reading: {type(exc).__name__}: {exc} (please report it)"))
            break
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
    return results, errors


_WORKER_ENGINE: Engine | None = None


def _init_worker(config) -> None:
    global _WORKER_ENGINE  # one engine (and its models) per worker process, created once
    _WORKER_ENGINE = Engine(config)


def _work(path: str | ReadError):
    assert _WORKER_ENGINE is not None
    return _check_path(_WORKER_ENGINE, path)


def run_batch(engine: Engine, paths: list[str | ReadError], report: Report, jobs: int = 1, quiet: bool = False) -> Report:
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
