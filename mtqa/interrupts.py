"""Ctrl-C during a run: the first one stops the checking and the partial report is written; the next ones (a user
pressing twice, `timeout -s INT` signalling both the process and its group) must not cut that report short."""

from __future__ import annotations

import contextlib
import os
import signal
import threading


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()  # only there can a signal handler be set


@contextlib.contextmanager
def restored():
    """Whatever the command does with Ctrl-C is undone when it ends: the daemon runs many commands in one process,
    and each must be interruptible."""
    if not _main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    try:
        yield
    finally:
        if previous is not None and signal.getsignal(signal.SIGINT) is not previous:
            signal.signal(signal.SIGINT, previous)


def hold() -> None:
    """After the first Ctrl-C: the next ones are ignored until the command ends (see restored)."""
    if _main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def leave_quietly_in_workers() -> None:
    """In a worker process: Ctrl-C (which the terminal sends to the whole process group) ends the worker at once
    and without a traceback; the parent sees its pool broken, and writes the partial report."""
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(130))
