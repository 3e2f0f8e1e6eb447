"""What translators teach mtqa and want remembered: accepted terms and ignored rules, in one SQLite file.

The database is opened per operation (no connection is shared between threads), in WAL mode, and every write
is one `BEGIN IMMEDIATE` transaction, so translators working on one server at the same time never lose each
other's additions. The accepted terms are also written out as a plain word list, the `accept-file` vocabulary
the CLI reads (`accept-file = "..."` in mtqa.toml), so a term added in the UI counts in `mtqa check` too.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from mtqa.errors import MtqaError

SCHEMA_VERSION = 1
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS accepted_terms (term TEXT PRIMARY KEY COLLATE NOCASE, added REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS ignored_rules (rule TEXT PRIMARY KEY, added REAL NOT NULL)",
)
ENV_PATH = "MTQA_STORE"


def default_path(configured: str | None = None) -> Path:
    """The store's file: the config's `review-store`, else $MTQA_STORE, else ~/.local/share/mtqa/review.sqlite."""
    if configured:
        return Path(configured)
    if os.environ.get(ENV_PATH):
        return Path(os.environ[ENV_PATH])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "mtqa" / "review.sqlite"


class Store:
    """Accepted terms and ignored rules in SQLite. Cheap to create; holds no open connection."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.accept_file = self.path.with_name(self.path.stem + ".accept.txt")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise MtqaError(f"{self.path}: made by a newer mtqa (schema {version}; this one reads {SCHEMA_VERSION})")
                if version < SCHEMA_VERSION:
                    with self._write(db):
                        for statement in _SCHEMA:
                            db.execute(statement)
                        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise MtqaError(f"cannot open the review store {self.path}: {exc}") from None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA busy_timeout=30000")
        return _Closing(db)

    @contextmanager
    def _write(self, db) -> Iterator[None]:
        db.execute("BEGIN IMMEDIATE")  # take the write lock now: no lost update between read and write
        try:
            yield
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # accepted terms (names and words never flagged as misspellings)
    def add_term(self, term: str) -> None:
        term = " ".join(term.split())
        if not term:
            raise MtqaError("an accepted term cannot be empty")
        with self._connect() as db, self._write(db):
            db.execute("INSERT OR IGNORE INTO accepted_terms VALUES (?, ?)", (term, time.time()))
        self.export_accept_file()

    def remove_term(self, term: str) -> None:
        with self._connect() as db, self._write(db):
            db.execute("DELETE FROM accepted_terms WHERE term = ?", (term,))
        self.export_accept_file()

    def terms(self) -> list[str]:
        with self._connect() as db:
            return [r[0] for r in db.execute("SELECT term FROM accepted_terms ORDER BY term COLLATE NOCASE")]

    # rules a translator switched off for good
    def ignore_rule(self, rule: str) -> None:
        with self._connect() as db, self._write(db):
            db.execute("INSERT OR IGNORE INTO ignored_rules VALUES (?, ?)", (rule, time.time()))

    def restore_rule(self, rule: str) -> None:
        with self._connect() as db, self._write(db):
            db.execute("DELETE FROM ignored_rules WHERE rule = ?", (rule,))

    def ignored_rules(self) -> list[str]:
        with self._connect() as db:
            return [r[0] for r in db.execute("SELECT rule FROM ignored_rules ORDER BY rule")]

    def export_accept_file(self, path: str | Path | None = None) -> Path:
        """Write the accepted terms, one a line, as the CLI's accept-file; atomically (temporary file + rename)."""
        target = Path(path) if path else self.accept_file
        body = "# accepted terms, written by mtqa from " + self.path.name + "; edit them in the web UI\n"
        body += "".join(t + "\n" for t in self.terms())
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(body)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target


class _Closing:
    """A connection that is closed (not just committed) at the end of a with-block."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db

    def __enter__(self):
        return self._db

    def __exit__(self, *exc):
        self._db.close()
        return False

    def execute(self, *args):
        return self._db.execute(*args)
