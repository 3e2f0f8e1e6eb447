"""The grammar cache (mtqa/cache.py): the same findings with and without it, and exactly the right entries
invalidated when the Harper settings, the accepted words or a paragraph change."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sqlite3

import pytest

from mtqa.cache import FILE_NAME, SCHEMA_VERSION, GrammarCache, open_cache
from mtqa.config import load_config
from mtqa.engine import Engine
from mtqa.issues import Severity
from tests.conftest import ROOT

pytest.importorskip("harper")

PARAGRAPHS = [
    "Their is a problem with the the budget, the minister said on Tuesday.",
    "The council have voted to recieve the report next week.",
    "Mr Okonkwo-Vale said he would adress the question in Lagos.",
    "The talks ended without a agreement, and both sides left early.",
]
STORY = "\n\n".join(PARAGRAPHS) + "\n"


def _config(**overrides):
    return load_config(ROOT / "configs" / "default.toml").with_overrides(**overrides)


def _engine(cache, **overrides) -> Engine:
    return Engine(_config(**overrides), cache=cache)


def _findings(result) -> list[tuple]:
    return [(i.rule, i.start, i.end, i.text, i.message, i.suggestions, i.severity) for i in result.issues]


def test_findings_from_the_cache_are_identical_to_fresh_ones(tmp_path):
    fresh = _findings(_engine(None).check_text(STORY))
    assert any(rule.startswith("HARPER:") for rule, *_ in fresh)
    cold = GrammarCache(tmp_path)
    assert _findings(_engine(cold).check_text(STORY)) == fresh
    assert _counts(cold) == (0, len(PARAGRAPHS), 0, 1)
    warm = GrammarCache(tmp_path)
    engine = _engine(warm)
    assert _findings(engine.check_text(STORY)) == fresh
    assert warm.hits["result"] == 1 and _counts(warm) == (0, 0, 0, 0)  # the whole result answered at once
    assert "linter" not in vars(engine.grammar)  # Harper never built


def test_a_document_checked_before_gets_its_whole_result_back(tmp_path):
    first = _engine(GrammarCache(tmp_path)).check_text(STORY, source="Il y a un problème.")
    cache = GrammarCache(tmp_path)
    again = _engine(cache).check_text(STORY, source="Il y a un problème.")
    assert cache.hits["result"] == 1
    assert (_findings(again), again.score, again.words) == (_findings(first), first.score, first.words)
    assert [i.related for i in again.issues] == [i.related for i in first.issues]
    cache = GrammarCache(tmp_path)
    _engine(cache).check_text(STORY, source="Il y a deux problèmes.")  # another source: checked again
    assert (cache.hits["result"], cache.misses["result"]) == (0, 1)


def test_any_setting_that_changes_a_result_checks_again_but_the_gate_does_not(tmp_path):
    _engine(GrammarCache(tmp_path)).check_text(STORY)
    for overrides, hit in (({"fail_under": 90.0}, 1), ({"ignore": _config().ignore + ("TYP003",)}, 0),
                           ({"severity": {"REP001": Severity.CRITICAL}}, 0), ({"max_token_chars": 150}, 0)):
        cache = GrammarCache(tmp_path)
        result = _engine(cache, **overrides).check_text(STORY)
        assert cache.hits["result"] == hit, overrides
        assert _findings(result) == _findings(_engine(None, **overrides).check_text(STORY)), overrides


def test_an_update_of_mtqa_under_the_same_version_checks_again(tmp_path, monkeypatch):
    # a checkout updated (or a rule edited) keeps mtqa's version number: the code's digest keys the whole result
    import mtqa.cache

    _engine(GrammarCache(tmp_path)).check_text(STORY)
    cache = GrammarCache(tmp_path)
    _engine(cache).check_text(STORY)
    assert cache.hits["result"] == 1
    monkeypatch.setattr(mtqa.cache, "_CODE_DIGEST", ["another copy of mtqa"])
    cache = GrammarCache(tmp_path)
    _engine(cache).check_text(STORY)
    assert (cache.hits["result"], cache.misses["result"]) == (0, 1)
    # Harper's own answers per paragraph do not depend on mtqa's code: still cached; the document's kept lints
    # are those answers as mtqa's code filtered them (names, addresses, numbers): filtered again
    assert _counts(cache) == (len(PARAGRAPHS), 0, 0, 1)


def test_the_code_digest_follows_the_contents_of_the_modules(tmp_path, monkeypatch):
    import mtqa.cache
    import mtqa.resources

    first = mtqa.cache.code_digest()
    assert first == mtqa.cache.code_digest() and len(first) == 16
    package = tmp_path / "mtqa"
    package.mkdir()
    (package / "cache.py").write_text("x = 1\n")
    monkeypatch.setattr(mtqa.resources, "_PACKAGE", package)
    monkeypatch.setattr(mtqa.cache, "_CODE_DIGEST", [])
    one = mtqa.cache.code_digest()
    (package / "cache.py").write_text("x = 2\n")
    monkeypatch.setattr(mtqa.cache, "_CODE_DIGEST", [])
    assert mtqa.cache.code_digest() != one


def test_a_result_cut_short_by_the_time_budget_is_not_kept(tmp_path):
    _engine(GrammarCache(tmp_path), max_check_seconds=1e-9).check_text(STORY)
    cache = GrammarCache(tmp_path)
    _engine(cache, max_check_seconds=1e-9).check_text(STORY)
    assert cache.hits["result"] == 0


def _counts(cache: GrammarCache) -> tuple[int, int, int, int]:
    """Paragraph hits and misses, document hits and misses."""
    return cache.hits["paragraph"], cache.misses["paragraph"], cache.hits["document"], cache.misses["document"]


def test_cached_offsets_are_rebased_to_the_paragraphs_new_position(tmp_path):
    _engine(GrammarCache(tmp_path)).check_text(STORY)
    moved = "A new first paragraph that is fine.\n\n" + "\n\n".join(reversed(PARAGRAPHS))
    cache = GrammarCache(tmp_path)
    cached = _engine(cache).check_text(moved)
    assert _counts(cache) == (len(PARAGRAPHS), 1, 0, 1)
    assert _findings(cached) == _findings(_engine(None).check_text(moved))
    for issue in cached.issues:
        assert moved[issue.start:issue.end] == issue.text


def test_an_edited_document_reuses_its_paragraphs_and_filters_names_afresh(tmp_path):
    """Harper's answers are cached per paragraph; the names filter reads the whole document, so a changed
    document is filtered again (here a paragraph that makes a word a name elsewhere is added)."""
    base = "The delegation met Mr Vaszary on Tuesday.\n\nVaszary said the the talks went well.\n"
    _engine(GrammarCache(tmp_path)).check_text(base)
    edited = base + "\nLater, officials of the Vaszary office were not available.\n"
    cache = GrammarCache(tmp_path)
    result = _engine(cache).check_text(edited)
    assert _counts(cache) == (2, 1, 0, 1)
    assert _findings(result) == _findings(_engine(None).check_text(edited))


def test_changing_one_paragraph_invalidates_that_paragraph_only(tmp_path):
    _engine(GrammarCache(tmp_path)).check_text(STORY)
    edited = STORY.replace("recieve", "receive")
    cache = GrammarCache(tmp_path)
    result = _engine(cache).check_text(edited)
    assert _counts(cache) == (len(PARAGRAPHS) - 1, 1, 0, 1)
    assert _findings(result) == _findings(_engine(None).check_text(edited))


def test_changing_the_harper_settings_invalidates_everything(tmp_path):
    base = _config()
    _engine(GrammarCache(tmp_path)).check_text(STORY)
    for overrides in ({"ignore": base.ignore + ("HARPER:SpellCheck",)}, {"house_style": "uk"}):
        cache = GrammarCache(tmp_path)
        result = _engine(cache, **overrides).check_text(STORY)
        assert _counts(cache) == (0, len(PARAGRAPHS), 0, 1), overrides
        assert _findings(result) == _findings(_engine(None, **overrides).check_text(STORY))


def test_changing_the_accepted_words_invalidates_everything(tmp_path):
    _engine(GrammarCache(tmp_path)).check_text(STORY)
    cache = GrammarCache(tmp_path)
    result = _engine(cache, accept=frozenset({"adress"})).check_text(STORY)
    assert _counts(cache) == (0, len(PARAGRAPHS), 0, 1)
    assert not any(i.text == "adress" for i in result.issues)


@pytest.mark.parametrize("overlap", [False, True])
def test_settings_harper_never_sees_leave_the_cache_valid(tmp_path, overlap):
    # the whole document's Harper answer is looked up once, also when Harper would lint beside the rules
    _engine(GrammarCache(tmp_path)).check_text(STORY)
    cache = GrammarCache(tmp_path)
    engine = _engine(cache, fail_under=90.0, ignore=_config().ignore + ("TYP003",))
    if overlap:
        engine.overlap_grammar()
    result = engine.check_text(STORY)
    assert _counts(cache) == (0, 0, 1, 0)
    assert any(i.rule.startswith("HARPER:") for i in result.issues)


def test_an_unusable_cache_folder_warns_once_and_the_run_goes_on(tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    cache = GrammarCache(blocker / "cache")  # a folder cannot be made under a file, even by root
    engine = _engine(cache)
    with caplog.at_level(logging.WARNING, logger="mtqa.cache"):
        first = engine.check_text(STORY)
        engine.check_text(STORY)
    assert _findings(first) == _findings(_engine(None).check_text(STORY))
    assert len([r for r in caplog.records if "not usable" in r.getMessage()]) == 1
    assert not cache.usable


def test_a_cache_from_another_schema_version_is_rebuilt(tmp_path):
    conn = sqlite3.connect(tmp_path / FILE_NAME)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION + 99),))
    conn.execute("CREATE TABLE grammar (namespace TEXT, digest BLOB, value TEXT, old_column INTEGER)")
    conn.commit()
    conn.close()
    cache = GrammarCache(tmp_path)
    cache.put_many("ns", {"A paragraph.": [[0, 1, "R", "Spelling", "m", []]]})
    assert GrammarCache(tmp_path).get_many("ns", ["A paragraph."]) == {"A paragraph.": [[0, 1, "R", "Spelling", "m", []]]}


def _write_entries(folder: str, worker: int) -> None:
    cache = GrammarCache(folder)
    for n in range(100):
        cache.put_many("ns", {f"worker {worker} paragraph {n}": [[n, n + 1, "R", "Spelling", "m", [str(worker)]]]})


def test_concurrent_writers_lose_nothing(tmp_path):
    GrammarCache(tmp_path).usable  # noqa: B018  (create the file first, as the parent of a batch does)
    if os.path.isdir("/proc/self/fd"):  # the dropped cache closed its file now, not at a later collection
        open_files = [os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")]
        assert not [f for f in open_files if str(tmp_path) in f]
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_write_entries, args=(str(tmp_path), w)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    texts = [f"worker {w} paragraph {n}" for w in range(3) for n in range(100)]
    found = GrammarCache(tmp_path).get_many("ns", texts)
    assert len(found) == 300 and found["worker 2 paragraph 7"][0][5] == ["2"]


def test_open_cache_follows_the_config_and_the_flag(tmp_path):
    cfg = _config().with_overrides(cache_dir=str(tmp_path / "here"))
    assert open_cache(cfg).path == tmp_path / "here" / FILE_NAME
    assert open_cache(cfg, enabled=False) is None
    assert open_cache(cfg.with_overrides(cache=False)) is None
    assert open_cache(cfg.with_overrides(grammar="none")) is None


def test_cli_writes_the_cache_under_xdg_cache_home_unless_no_cache(tmp_path, monkeypatch, capsys):
    from mtqa.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    main(["check", "--no-cache", "--exit-zero", "--format", "json", str(story)])
    uncached = json.loads(capsys.readouterr().out)
    assert not (tmp_path / "xdg").exists()
    main(["check", "--exit-zero", "--format", "json", str(story)])
    first = json.loads(capsys.readouterr().out)
    assert (tmp_path / "xdg" / "mtqa" / FILE_NAME).is_file()
    main(["check", "--exit-zero", "--format", "json", str(story)])
    again = json.loads(capsys.readouterr().out)
    assert uncached["documents"] == first["documents"] == again["documents"]


def test_cache_dir_in_a_project_config_moves_the_cache(tmp_path, monkeypatch, capsys):
    from mtqa.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    (tmp_path / "mtqa.toml").write_text('cache-dir = "build/mtqa-cache"\n', encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    main(["check", "--exit-zero", "-q", str(story)])
    capsys.readouterr()
    assert (tmp_path / "build" / "mtqa-cache" / FILE_NAME).is_file()
    assert not (tmp_path / "xdg").exists()


def test_a_file_name_that_is_not_utf8_is_cached_and_read_back(tmp_path, monkeypatch, capsys):
    from mtqa.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"bad\xffname.txt"), "wb") as fh:  # a Latin-1 name on a UTF-8 system
        fh.write(STORY.encode("utf-8"))
    runs = []
    for n in range(2):  # cold, then answered from the cache
        out = tmp_path / f"run{n}.json"
        assert main(["check", "--exit-zero", "--format", "json", "-o", str(out), str(folder)]) == 0
        assert "internal error" not in capsys.readouterr().err
        runs.append(json.loads(out.read_text(encoding="utf-8")))
    assert runs[0]["documents"] == runs[1]["documents"] and runs[0]["documents"][0]["issues"]
    assert runs[0]["documents"][0]["path"].endswith("bad\udcffname.txt")


def test_a_cache_opened_on_one_thread_serves_and_closes_on_others(tmp_path):
    # a Dask task thread opens the connection; the thread that forks and the exit hooks close it, and a UI's worker
    # threads share it: SQLite's same-thread check made each of those a ProgrammingError (the cache gave up)
    import threading

    from mtqa.cache import GrammarCache

    cache = GrammarCache(tmp_path)
    writer = threading.Thread(target=cache.put_many, args=("ns", {"the text": [[0, 3, "rule"]]}))
    writer.start()
    writer.join()
    assert cache.get_many("ns", ["the text", "other"]) == {"the text": [[0, 3, "rule"]]}
    closer = threading.Thread(target=cache.close)
    closer.start()
    closer.join()
    assert not cache._broken and cache.get_many("ns", ["the text"]) == {"the text": [[0, 3, "rule"]]}
