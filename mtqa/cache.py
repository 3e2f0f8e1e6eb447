"""The grammar cache: the grammar backend's findings per paragraph, kept in SQLite across runs, so a re-run on
mostly unchanged copy pays only for the paragraphs that changed.

One file, `grammar.sqlite3`, under the user's cache directory: `cache-dir` in the config, else
$XDG_CACHE_HOME/mtqa, else ~/.cache/mtqa. Entries are keyed by a namespace (a digest of everything that changes
the backend's answer: mtqa and backend versions, lint settings, dialect, accepted words) and the SHA-256 of the
paragraph's text. Values are plain data (lists of JSON values) with offsets relative to the paragraph; the
backend re-bases them. A cache that cannot be opened or written (read-only, missing, full, locked too long)
is reported once and the run goes on without it.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import multiprocessing.util
import os
import sqlite3
import threading
import weakref
from collections import Counter
from pathlib import Path

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
FILE_NAME = "grammar.sqlite3"
_BUSY_MS = 30_000  # concurrent writers wait for each other's (short) transactions rather than fail


# SQLite asks that a connection be neither carried across fork() nor dropped by a process that exits without
# closing it: writes of a worker that ended with an open WAL connection were lost (a test with three forked
# writers caught it). Every open cache therefore closes its connection just before this process forks (each
# side reopens lazily), and at exit, including the exit of a multiprocessing worker, which skips atexit.
_OPEN: weakref.WeakSet = weakref.WeakSet()
_FINALIZER_PID: list[int] = []  # the process that registered the exit hook (a forked child registers its own)


def _close_all() -> None:
    for cache in list(_OPEN):
        cache.close()


def _fresh_in_child() -> None:
    """In a forked child: no connection of the parent's, and a lock no other thread of the parent can hold."""
    for cache in list(_OPEN):
        cache._lock, cache._conn = threading.RLock(), None


os.register_at_fork(before=_close_all, after_in_child=_fresh_in_child)
atexit.register(_close_all)


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/mtqa, else ~/.cache/mtqa."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mtqa"


def namespace(**settings) -> str:
    """A short digest of the settings that decide a cached answer (sorted, so key order does not matter)."""
    blob = json.dumps(settings, sort_keys=True, default=sorted, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


_CODE_DIGEST: list[str] = []


def code_digest() -> str:
    """Which copy of mtqa's code and shipped tables this is, by content: a whole result kept under one version
    number must not outlive an update or an edit of the rules (mtqa installed from a checkout keeps its version
    number from one commit to the next). About 1 MB read once per process, only when the cache is in use."""
    if not _CODE_DIGEST:
        from mtqa.resources import code_files

        h = hashlib.sha256()
        for path in code_files():
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        _CODE_DIGEST.append(h.hexdigest()[:16])
    return _CODE_DIGEST[0]


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class GrammarCache:
    """Text -> the backend's findings for it, per namespace. Opened lazily, and again in each process (a
    forked worker never shares its parent's connection). Counts this process's hits and misses by kind of
    text ("paragraph", "document")."""

    def __init__(self, folder: str | Path | None = None):
        self.path = Path(folder) / FILE_NAME if folder else default_cache_dir() / FILE_NAME
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()
        self._conn: sqlite3.Connection | None = None
        self._pid: int | None = None
        self._broken = False
        # one connection per process, used by whichever thread checks (a Dask task thread, a UI worker thread) and
        # closed by another (the thread that forks, the exit hooks): one at a time
        self._lock = threading.RLock()

    def __getstate__(self) -> dict:  # sent to a spawned worker: the path, never the connection
        return {**self.__dict__, "_conn": None, "_pid": None, "_lock": None}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _lock=threading.RLock())

    @property
    def usable(self) -> bool:
        with self._lock:
            return self._connection() is not None

    def get_many(self, space: str, texts: list[str], kind: str = "paragraph") -> dict[str, list]:
        """The cached values of those `texts` that have one (by text); counts hits and misses of `kind`."""
        unique = list(dict.fromkeys(texts))
        keys = {text_key(t): t for t in unique}  # hashed outside the lock
        with self._lock:
            found = self._lookup(space, keys)
        self.hits[kind] += len(found)
        self.misses[kind] += len(unique) - len(found)
        return found

    def _lookup(self, space: str, keys: dict[bytes, str]) -> dict[str, list]:
        """text -> cached value, for those of `keys` (digest -> text) the cache holds; under the lock."""
        conn = self._connection()
        if conn is None or not keys:
            return {}
        found: dict[str, list] = {}
        digests = list(keys)
        try:
            for start in range(0, len(digests), 500):  # stay under SQLite's bound-parameter limit
                chunk = digests[start:start + 500]
                rows = conn.execute(
                    f"SELECT digest, value FROM grammar WHERE namespace = ? AND digest IN ({','.join('?' * len(chunk))})",
                    [space, *chunk],
                ).fetchall()
                for digest, value in rows:
                    found[keys[digest]] = json.loads(value)
        except (sqlite3.Error, ValueError) as exc:
            self._give_up(exc)
            return {}
        return found

    def put_many(self, space: str, values: dict[str, list]) -> None:
        if not values:
            return
        # ASCII escapes keep a lone surrogate (a file name that is not UTF-8) intact through SQLite's UTF-8 text
        rows = [(space, text_key(t), json.dumps(v)) for t, v in values.items()]
        with self._lock:
            conn = self._connection()
            if conn is None:
                return
            try:
                with conn:
                    conn.executemany("INSERT OR REPLACE INTO grammar (namespace, digest, value) VALUES (?, ?, ?)", rows)
            except sqlite3.Error as exc:
                self._give_up(exc)

    def __del__(self) -> None:
        # CPython keeps a connection in a reference cycle with its statement cache, so a dropped connection is
        # closed only when the cycle collector runs: perhaps after a fork, in a child, where closing the
        # inherited file drops the child's own SQLite locks on it, and concurrent writes were lost (a forked
        # writer lost 70 to 300 of 300 rows). Close it with the object that owns it instead.
        try:
            self.close()
        except Exception:  # noqa: BLE001  (interpreter shutdown)
            pass

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

    def _connection(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        self._conn, self._pid = None, os.getpid()  # a forked child opens its own connection
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=_BUSY_MS / 1000, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
            conn.execute("PRAGMA journal_mode = WAL")  # readers never block the writer, writers queue
            conn.execute("PRAGMA synchronous = NORMAL")
            _ensure_schema(conn)
            conn.isolation_level = ""  # implicit transactions for writes, committed by `with conn`
        except (OSError, sqlite3.Error) as exc:
            self._give_up(exc)
            return None
        self._conn = conn
        if _FINALIZER_PID != [os.getpid()]:  # once per process: close them all when a multiprocessing worker ends
            multiprocessing.util.Finalize(None, _close_all, exitpriority=100)
            _FINALIZER_PID[:] = [os.getpid()]
        _OPEN.add(self)
        return conn

    def _give_up(self, exc: Exception) -> None:
        if not self._broken:
            log.warning("grammar cache %s is not usable (%s); running without it (--no-cache silences this)", self.path, exc)
        self._broken = True
        try:
            if self._conn is not None:
                self._conn.close()
        except sqlite3.Error:
            pass
        self._conn = None


def _ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the tables, or drop and recreate them when the file was written by another schema version."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None or row[0] != str(SCHEMA_VERSION):
            conn.execute("DROP TABLE IF EXISTS grammar")
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS grammar (namespace TEXT NOT NULL, digest BLOB NOT NULL, value TEXT NOT NULL, "
            "PRIMARY KEY (namespace, digest)) WITHOUT ROWID"
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def open_cache(config, enabled: bool = True) -> GrammarCache | None:
    """The grammar cache for this config, or None when it is switched off (--no-cache, cache = false) or the
    grammar backend has nothing to cache."""
    if not enabled or not getattr(config, "cache", True) or config.grammar != "harper":
        return None
    return GrammarCache(getattr(config, "cache_dir", None))
