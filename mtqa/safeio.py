"""Atomic writes: every file mtqa writes goes to a temporary file in the target's folder, is flushed and fsynced,
then renamed over the target, so a crash or a full disk leaves either the old file or the new one, never half.
A target that is a device or a FIFO (`-o /dev/null`, `-o /dev/stderr`, a named pipe) is written straight
through, as a shell's `>` does: a rename would put a regular file in its place."""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
import time
from pathlib import Path

from mtqa.errors import MtqaError


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_regular_file(path: str | Path) -> bytes:
    """The bytes of a regular file; OSError (its strerror saying what the path is instead) for a folder, a FIFO, a
    device or a socket, without blocking on a FIFO or reading a device such as /dev/zero without end."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(0, f"{file_kind(st.st_mode)}, not a regular file", str(path))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # never wait on a FIFO swapped in after stat
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(0, f"{file_kind(mode)}, not a regular file", str(path))
        return fh.read()


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class AtomicFile:
    """A file written in pieces and put in place at once: the pieces go to a temporary file in the target's folder
    (created at the first write), and commit() flushes, fsyncs and renames it over the target, keeping the mode of
    an existing file (a new file gets the umask's). discard() drops the temporary file; the target is untouched
    until commit(). Any failure is an MtqaError naming the file. `text`: write str in UTF-8, newlines as given.
    A device or FIFO is written directly (`direct`)."""

    def __init__(self, path: str | Path, text: bool = False):
        self.path, self.text = path, text
        target = Path(path)
        try:
            kind = os.stat(target).st_mode  # (the kernel follows /dev/stdout's links, which resolve() cannot)
        except (OSError, ValueError):
            kind = None
        self.direct = kind is not None and not (stat.S_ISREG(kind) or stat.S_ISDIR(kind))
        self.fifo = kind is not None and stat.S_ISFIFO(kind)
        if target.is_symlink() and not self.direct:
            target = target.resolve()  # write through the link, as an editor would, not over the link itself
        self.target = target
        self.fh = None
        self.tmp: str | None = None

    def write(self, data) -> None:
        if self.fh is None:
            self._open()
        try:
            self.fh.write(data)
        except OSError as exc:
            self.discard()
            raise MtqaError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def commit(self) -> None:
        if self.direct:
            if self.fh is None:
                self._open()
            try:
                self._close()
            except OSError as exc:
                raise MtqaError(f"cannot write {self.path}: {exc.strerror or exc}") from None
            return
        try:
            mode = stat.S_IMODE(self.target.stat().st_mode)
        except FileNotFoundError:
            mode = _default_mode()
        except OSError as exc:
            self.discard()
            raise MtqaError(f"cannot write {self.path}: {exc.strerror}") from None
        if self.fh is None:
            self._open()
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self._close()
            os.chmod(self.tmp, mode)
            os.replace(self.tmp, self.target)
            self.tmp = None
            _fsync_folder(self.target.parent)
        except OSError as exc:
            self.discard()
            raise MtqaError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def discard(self) -> None:
        self._close()
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None

    def _close(self) -> None:
        if self.fh is not None:
            fh, self.fh = self.fh, None
            fh.close()

    def _open(self) -> None:
        try:
            if self.direct and self.fifo:
                fd = self._open_fifo()
            elif self.direct:
                fd = os.open(self.target, os.O_WRONLY)
            else:
                fd, self.tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".mtqa-tmp", dir=self.target.parent)
        except OSError as exc:
            raise MtqaError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        # a file name that is not UTF-8 (a lone surrogate from the file system) is written as its \\udcXX escape,
        # as on standard output (cli.entry): valid UTF-8, and in a JSON string the escape of that very character
        self.fh = (os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") if self.text
                   else os.fdopen(fd, "wb"))


    def _open_fifo(self) -> int:
        """A FIFO waits for its reader, as a shell's `>` does, but never past Ctrl-C, SIGTERM or SIGHUP: a blocking
        open cannot be interrupted once Ctrl-C is held for the report (interrupts.hold) and Python retries it
        after a signal (PEP 475), so the FIFO is opened without blocking, again and again, until a process reads
        it or one of those signals comes (MtqaError: no process is reading it)."""
        stopped: list[int] = []
        saved = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                saved[signum] = signal.getsignal(signum)
                signal.signal(signum, lambda signum, frame: stopped.append(signum))
        try:
            while True:
                try:
                    fd = os.open(self.target, os.O_WRONLY | os.O_NONBLOCK)
                    break
                except OSError as exc:
                    if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                        raise
                if stopped:
                    raise MtqaError(f"cannot write {self.path}: no process is reading FIFO {self.path} (stopped "
                                    f"waiting for one on {signal.Signals(stopped[0]).name})")
                time.sleep(0.05)
        finally:
            for signum, handler in saved.items():
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        os.set_blocking(fd, True)  # a reader that is slow to read makes writes wait, as for any FIFO
        return fd


def check_writable(path: str | Path) -> None:
    """Raise the MtqaError a write to `path` would raise, now: a missing or read-only folder, or a folder in the
    file's place, then stops a batch before it checks anything rather than after. Nothing is left behind (a
    temporary file is created and removed); a device or a FIFO is not opened (a FIFO would wait for its reader)."""
    out = AtomicFile(path)
    if out.direct:
        return
    if out.target.is_dir():
        raise MtqaError(f"cannot write {path}: it is a folder")
    try:
        out._open()
    finally:
        out.discard()


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace `path` with `data` atomically (see AtomicFile). Raises MtqaError naming the file when it cannot be
    written; the target is then untouched."""
    out = AtomicFile(path)
    try:
        out.write(data)
        out.commit()
    finally:
        out.discard()


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Text written exactly as given (no newline translation), atomically; what the encoding cannot carry (a file
    name's lone surrogate) as its backslash escape."""
    atomic_write_bytes(path, text.encode(encoding, "backslashreplace"))


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
