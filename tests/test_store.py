"""The review store: accepted terms and ignored rules survive a restart, concurrent writers lose nothing, and the
CLI reads the exported terms as its accept-file."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading

import pytest

from mtqa.errors import MtqaError
from mtqa.store import SCHEMA_VERSION, Store


def _add_terms(path: str, prefix: str, count: int) -> None:
    store = Store(path)
    for k in range(count):
        store.add_term(f"{prefix}{k}")


def test_terms_and_ignored_rules_survive_a_restart(tmp_path):
    path = tmp_path / "review.sqlite"
    first = Store(path)
    first.add_term("Shoigu")
    first.add_term("shoigu")  # the same term in another case is not a second term
    first.ignore_rule("CAL002")
    del first
    again = Store(path)
    assert again.terms() == ["Shoigu"]
    assert again.ignored_rules() == ["CAL002"]
    again.restore_rule("CAL002")
    assert Store(path).ignored_rules() == []


def test_two_threads_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "review.sqlite")
    Store(path)
    workers = [threading.Thread(target=_add_terms, args=(path, p, 60)) for p in ("alpha", "beta")]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    terms = Store(path).terms()
    assert len(terms) == 120
    assert {f"alpha{k}" for k in range(60)} | {f"beta{k}" for k in range(60)} == set(terms)


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "review.sqlite")
    Store(path)
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_add_terms, args=(path, p, 40)) for p in ("gamma", "delta")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    assert len(Store(path).terms()) == 80


def test_the_exported_terms_are_the_accept_file_the_cli_reads(tmp_path):
    from mtqa.config import load_config

    store = Store(tmp_path / "review.sqlite")
    store.add_term("Kirby")
    store.add_term("Donbass")
    (tmp_path / "mtqa.toml").write_text(f'[mtqa]\naccept-file = "{store.accept_file.name}"\n'
                                        'review-store = "review.sqlite"\n', encoding="utf-8")
    cfg = load_config(tmp_path / "mtqa.toml")
    assert {"Kirby", "Donbass"} <= cfg.accept
    assert cfg.review_store == str(tmp_path / "review.sqlite")


def test_the_schema_is_versioned_and_a_newer_store_is_refused(tmp_path):
    path = tmp_path / "review.sqlite"
    Store(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(MtqaError, match="newer mtqa"):
        Store(path)


def test_a_file_that_is_not_a_database_gets_a_clear_error(tmp_path):
    path = tmp_path / "review.sqlite"
    path.write_text("not a database at all, just some words " * 50, encoding="utf-8")
    with pytest.raises(MtqaError, match="cannot open the review store"):
        Store(path)
