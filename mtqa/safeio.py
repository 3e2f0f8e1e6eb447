"""Atomic writes: every file mtqa writes goes to a temporary file in the target's folder, is flushed and fsynced,
then renamed over the target, so a crash or a full disk leaves either the old file or the new one, never half."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from mtqa.errors import MtqaError


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace `path` with `data` atomically, keeping the mode of an existing file (a new file gets the umask's).
    Raises MtqaError naming the file when it cannot be written; the target is then untouched."""
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()  # write through the link, as an editor would, not over the link itself
    folder = target.parent
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = _default_mode()
    except OSError as exc:
        raise MtqaError(f"cannot write {path}: {exc.strerror}") from None
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".mtqa-tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
        _fsync_folder(folder)
    except OSError as exc:
        raise MtqaError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Text written exactly as given (no newline translation), atomically."""
    atomic_write_bytes(path, text.encode(encoding))


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
