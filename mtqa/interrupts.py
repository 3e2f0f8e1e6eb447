"""Ctrl-C during a run: the first one stops the checking and the partial report is written; the next ones (a user
pressing twice, `timeout -s INT` signalling both the process and its group) must not cut that report short."""

from __future__ import annotations

import contextlib
import os
import signal
import threading


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()  # only there can a signal handler be set


_commands = 0  # commands of the command line running in this process (in the main thread)


@contextlib.contextmanager
def restored():
    """The span of one command: `hold` acts only inside it, and whatever the command did with Ctrl-C is undone when
    it ends (the daemon runs many commands in one process, and each must be interruptible; a program or a test
    that calls the batch functions directly keeps its own Ctrl-C)."""
    global _commands
    if not _main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    _commands += 1
    try:
        yield
    finally:
        _commands -= 1
        if previous is not None and signal.getsignal(signal.SIGINT) is not previous:
            signal.signal(signal.SIGINT, previous)


def hold(process_ends: bool = False) -> None:
    """After the first Ctrl-C, or once the checking is over: the next ones are ignored until the command ends (see
    restored), or for good when the process ends next (`process_ends`, the console script)."""
    if _main_thread() and (_commands or process_ends):
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def leave_quietly_in_workers() -> None:
    """In a worker process: Ctrl-C (which the terminal sends to the whole process group) ends the worker at once
    and without a traceback; the parent sees its pool broken, and writes the partial report."""
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(130))
