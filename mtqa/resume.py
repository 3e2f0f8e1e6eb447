"""Resumable batch runs (`mtqa check --resume STATE`): a SQLite file records each checked document's result, in
the JSON contract's form, one transaction per batch; a rerun restores those results instead of checking the
documents again, so a run stopped by a crash or Ctrl-C picks up where it was and still reports the whole corpus.

A document is known by its input path, its record id and a hash of its texts (target, source, reference): an
edited document is checked again. The state also holds the engine's signature (rules, lexicons, backends);
a state written under another signature is refused rather than mixed into a report it does not belong to.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from pathlib import Path

from mtqa.document import Document
from mtqa.engine import Engine, Result
from mtqa.errors import MtqaError
from mtqa.issues import Issue, Severity
from mtqa.report import Report

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
BATCH_DOCS = 64  # documents checked (and committed to the state) together


def document_key(doc: Document) -> str:
    """The state's key for one document: path, record id and a hash of everything the check reads."""
    h = hashlib.sha256()
    for part in (doc.text, doc.source, doc.reference):
        h.update(b"\x00" if part is None else b"\x01" + part.encode("utf-8", "surrogatepass") + b"\x02")
    return _sqlite_text(f"{doc.path or ''}\x1f{doc.id or ''}\x1f{h.hexdigest()}")


def _sqlite_text(text: str) -> str:
    """`text` as SQLite can store it: a file name that is not UTF-8 (a lone surrogate) as its \\udcXX escape,
    which in JSON is the escape of that very character; any other text unchanged."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class ResumeState:
    """The done documents of one run, in an append-only SQLite table."""

    def __init__(self, path: str | Path, signature: str):
        self.path = str(path)
        try:
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute("CREATE TABLE IF NOT EXISTS done (key TEXT PRIMARY KEY, result TEXT NOT NULL)")
            with self._db:
                self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                self._db.execute("INSERT OR IGNORE INTO meta VALUES ('signature', ?)", (signature,))
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
            self._db.execute("SELECT key, result FROM done LIMIT 0")  # a table of other columns is refused here
        except sqlite3.DatabaseError as exc:
            raise MtqaError(f"{self.path}: not a usable resume state ({exc}); give a new file name") from None
        if meta.get("schema") != str(SCHEMA_VERSION):
            raise MtqaError(f"{self.path}: resume state of schema {meta.get('schema')}, this mtqa writes "
                            f"{SCHEMA_VERSION}; give a new file name")
        if meta.get("signature") != signature:
            raise MtqaError(f"{self.path}: recorded with other rules or settings ({meta.get('signature')}); "
                            f"rerun with those, or give a new file name")

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM done").fetchone()[0]

    def lookup(self, key: str) -> dict | None:
        row = self._db.execute("SELECT result FROM done WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def record(self, done: list[tuple[str, Result]]) -> None:
        """Record these results in one transaction: after a crash, a batch is either all there or not at all."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO done VALUES (?, ?)",
                                 [(key, _sqlite_text(json.dumps(stored_result(r), ensure_ascii=False))) for key, r in done])

    def close(self) -> None:
        self._db.close()


def stored_result(result: Result) -> dict:
    """A result as plain data: the JSON contract's form, and the related spans SARIF uses."""
    from mtqa.formats.jsonout import document_dict

    data = document_dict(result)
    data["related"] = [[list(span) for span in i.related] for i in result.issues]  # not in the contract; SARIF uses it
    return data


def _check_types(data: dict) -> None:
    """A stored result's fields, of the types a report adds up: ValueError (the record is damaged) otherwise."""
    number = (int, float)
    if not (isinstance(data.get("words"), int) and isinstance(data.get("score"), number)
            and not isinstance(data["score"], bool) and isinstance(data.get("issues"), list)):
        raise ValueError("words, score or issues of the wrong type")
    for i in data["issues"]:
        if not (isinstance(i, dict) and all(isinstance(i.get(k), int) for k in ("start", "end"))
                and all(isinstance(i.get(k), str) for k in ("rule", "category", "text", "message", "origin"))
                and isinstance(i.get("suggestions"), list) and all(isinstance(x, str) for x in i["suggestions"])
                and (i.get("confidence") is None or isinstance(i["confidence"], number))):
            raise ValueError("a finding of the wrong shape")


def restore_result(doc: Document, data: dict) -> Result:
    """The Result recorded for `doc` (read again from its input: the state keeps no text). ValueError when the
    record is damaged (edited by hand, cut by a broken disk): its callers check the document again."""
    try:
        _check_types(data)
        related = data.get("related") or [[] for _ in data["issues"]]
        issues = [
            Issue(rule=i["rule"], category=i["category"], severity=Severity.parse(i["severity"]), start=i["start"],
                  end=i["end"], text=i["text"], message=i["message"], suggestions=tuple(i["suggestions"]),
                  origin=i["origin"], related=tuple(tuple(s) for s in rel), confidence=i["confidence"],
                  review=i.get("review", False))
            for i, rel in zip(data["issues"], related)
        ]
        return Result(doc, issues, data["words"], data["score"], metrics=data.get("metrics") or {},
                      skipped=tuple(data.get("skipped", ())))
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ValueError(f"{type(exc).__name__}: {exc}") from None


def run_resumable(engine: Engine, paths: list, report: Report, state_path: str, jobs: int = 1,
                  cluster: str | None = None, quiet: bool = True) -> tuple[int, int]:
    """Check `paths` into `report`, skipping the documents `state_path` records as done and recording the rest
    (here, on `jobs` workers or on a Dask `cluster`: batch.py's pipeline). Returns how many documents were
    restored from the state and how many were checked now."""
    from mtqa.batch import run_batch

    run_batch(engine, paths, report, jobs=jobs, quiet=quiet, cluster=cluster, resume=state_path)
    return report.resumed
