"""Ctrl-C during a run: the first one stops the checking and the partial report is written; the next ones (a user
pressing twice, `timeout -s INT` signalling both the process and its group) must not cut that report short."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()  # only there can a signal handler be set


_commands = 0  # commands of the command line running in this process (in the main thread)
_holding = False  # hold() acted: the report is being written, and SIGTERM waits for it as Ctrl-C does


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
        global _holding
        _commands -= 1
        _holding = False
        if previous is not None and signal.getsignal(signal.SIGINT) is not previous:
            signal.signal(signal.SIGINT, previous)


def hold(process_ends: bool = False) -> None:
    """After the first Ctrl-C, or once the checking is over: the next ones are ignored until the command ends (see
    restored), or for good when the process ends next (`process_ends`, the console script)."""
    global _holding
    if _main_thread() and (_commands or process_ends):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _holding = True


def leave_quietly_in_workers() -> None:
    """In a worker process: Ctrl-C (which the terminal sends to the whole process group), SIGTERM and SIGHUP end the
    worker at once and without a traceback; the parent sees its pool broken, and writes the partial report. A worker
    whose parent is gone (killed, or ended by a signal before it could stop its pool) ends too, instead of waiting
    for good on a pipe nobody reads."""
    for signum in _STOPPING:
        signal.signal(signum, lambda signum, frame: os._exit(128 + signum))
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(128 + signal.SIGHUP)

    threading.Thread(target=watch, name="mtqa-parent-watch", daemon=True).start()


# the signals a command line treats as Ctrl-C: `kill`, a CI job cancelled, `timeout`, a terminal closed
_STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_stopped_by: int | None = None


def stop_like_ctrl_c() -> None:
    """In the console script: SIGTERM and SIGHUP stop a run as Ctrl-C does (the checking stops, the workers end, the
    partial report is written), and the exit code then says which signal it was (exit_code)."""
    if not _main_thread():
        return

    def handler(signum, frame):
        global _stopped_by
        _stopped_by = _stopped_by or signum
        if _holding:
            return  # the report is being written (see hold)
        current = signal.getsignal(signal.SIGINT)
        if callable(current) and current is not signal.default_int_handler:
            current(signal.SIGINT, frame)  # the daemon client's relay, say
            return
        raise KeyboardInterrupt  # also when Ctrl-C was ignored from the start (a background job of a script)

    for signum in _STOPPING[1:]:
        signal.signal(signum, handler)


def exit_code() -> int:
    """The exit code of a run stopped by a signal: 128 + its number (130 for Ctrl-C, 143 for SIGTERM)."""
    return 128 + (_stopped_by or signal.SIGINT)
