"""`mtqa check --resume STATE`: an interrupted run, resumed, reports exactly what an uninterrupted run does."""

from __future__ import annotations

import json

import pytest

from conftest import CLEAN, ROOT, SAMPLES
from mtqa import resume
from mtqa.cli import main
from mtqa.engine import Engine


@pytest.fixture
def corpus(tmp_path):
    records = tmp_path / "wire.jsonl"
    lines = [{"id": f"w{n}", "target": f"Dispatch {n}. The two leaders exchanged on Friday about the ceasefire.",
              "source": f"Dépêche {n}. Le ministre a échangé avec son homologue."} for n in range(5)]
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    return [str(CLEAN), str(SAMPLES / "bilingual" / "floods.en.txt"), str(SAMPLES / "ceasefire-call.txt"), str(records)]


def _check(paths, out, *extra) -> int:
    return main(["check", *paths, "--config", str(ROOT / "configs" / "default.toml"), "--grammar", "none",
                 "--no-cache", "--format", "json", "-o", str(out), "--exit-zero", "-q", *extra])


def _interrupt_after(monkeypatch, calls: int) -> None:
    real = Engine.check
    seen = []

    def check(self, doc):
        seen.append(doc)
        if len(seen) > calls:
            raise KeyboardInterrupt
        return real(self, doc)

    monkeypatch.setattr(Engine, "check", check)


def test_an_interrupted_run_resumed_reports_the_same_as_an_uninterrupted_one(corpus, tmp_path, monkeypatch, capsys):
    assert _check(corpus, tmp_path / "whole.json") == 0
    whole = json.loads((tmp_path / "whole.json").read_text(encoding="utf-8"))
    assert whole["summary"]["documents"] == 14 + 1 + 1 + 5

    state = tmp_path / "run.state"
    monkeypatch.setattr(resume, "BATCH_DOCS", 3)
    _interrupt_after(monkeypatch, 7)
    assert _check(corpus, tmp_path / "part.json", "--resume", str(state)) == 130
    part = json.loads((tmp_path / "part.json").read_text(encoding="utf-8"))
    assert part["summary"]["interrupted"] and len(part["documents"]) == 7
    assert len(resume.ResumeState(state, part["summary"]["signature"])) == 7  # two whole batches and one doc of the third

    monkeypatch.undo()
    monkeypatch.setattr(resume, "BATCH_DOCS", 3)
    capsys.readouterr()
    assert main(["check", *corpus, "--config", str(ROOT / "configs" / "default.toml"), "--grammar", "none", "--no-cache",
                 "--format", "json", "-o", str(tmp_path / "resumed.json"), "--exit-zero", "--resume", str(state)]) == 0
    assert "7 document(s) restored from the state, 14 checked now" in capsys.readouterr().err
    resumed = json.loads((tmp_path / "resumed.json").read_text(encoding="utf-8"))
    assert resumed == whole

    # a third run checks nothing and still reports everything
    calls = []
    real = Engine.check
    monkeypatch.setattr(Engine, "check", lambda self, doc: calls.append(doc) or real(self, doc))
    assert _check(corpus, tmp_path / "again.json", "--resume", str(state)) == 0
    assert calls == [] and json.loads((tmp_path / "again.json").read_text(encoding="utf-8")) == whole


@pytest.mark.parametrize("damage", ["not json", '{"path": 5}', "[]", '{"words": 3, "score": "abc", "issues": []}',
                                    '{"words": 3, "score": 90, "issues": [{"start": "x"}]}', "[" * 200_000,
                                    '{"words": ' + "9" * 5000 + "}"])
def test_a_damaged_record_in_the_state_is_checked_again_and_the_rest_restored(corpus, tmp_path, caplog, damage):
    # a record edited by hand or cut by a broken disk raised a traceback (exit 1, read by a gate as "failed")
    import sqlite3

    state = tmp_path / "run.state"
    assert _check(corpus, tmp_path / "first.json", "--resume", str(state)) == 0
    with sqlite3.connect(state) as db:
        db.execute("UPDATE done SET result = ? WHERE rowid = 3", (damage,))
    db.close()
    assert _check(corpus, tmp_path / "second.json", "--resume", str(state)) == 0
    assert "is damaged" in caplog.text and "checking it again" in caplog.text
    first, second = (json.loads((tmp_path / f"{n}.json").read_text(encoding="utf-8")) for n in ("first", "second"))
    assert second == first
    with sqlite3.connect(state) as db:  # the record is written again
        assert all("issues" in json.loads(r) for (r,) in db.execute("SELECT result FROM done"))
    db.close()


def test_an_edited_document_is_checked_again(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("The two leaders exchanged on Friday about the ceasefire.\n", encoding="utf-8")
    state = tmp_path / "s.state"
    assert _check([str(story)], tmp_path / "a.json", "--resume", str(state)) == 0
    story.write_text("The two leaders spoke on Friday about the ceasefire.\n", encoding="utf-8")
    assert _check([str(story)], tmp_path / "b.json", "--resume", str(state)) == 0
    before = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["documents"][0]["issues"]
    after = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["documents"][0]["issues"]
    assert any(i["rule"].startswith("CAL") for i in before) and not any(i["rule"].startswith("CAL") for i in after)


def test_a_state_from_other_settings_or_not_sqlite_is_refused_naming_it(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Prices rose on Friday.\n", encoding="utf-8")
    state = tmp_path / "s.state"
    assert _check([str(story)], tmp_path / "a.json", "--resume", str(state)) == 0
    assert _check([str(story)], tmp_path / "b.json", "--resume", str(state), "--select", "CAL") == 2
    assert f"{state}: recorded with other rules or settings" in capsys.readouterr().err
    junk = tmp_path / "junk.state"
    junk.write_bytes(b"not a database at all, just some bytes" * 10)
    assert _check([str(story)], tmp_path / "c.json", "--resume", str(junk)) == 2
    assert f"{junk}: not a usable resume state" in capsys.readouterr().err
    # --jobs works with --resume: the state is read and written by the parent, the workers only check
    assert _check([str(story)], tmp_path / "d.json", "--resume", str(state), "--jobs", "2") == 0
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8")) == json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))


def test_a_file_whose_name_is_not_utf8_is_recorded_and_restored(tmp_path, monkeypatch):
    import os

    folder = tmp_path / "copy"
    folder.mkdir()
    try:
        (folder / os.fsdecode(b"caf\xe9.txt")).write_text("The the talks resumed.\n", encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 file names")
    (folder / "plain.txt").write_text("Talks resumed.\n", encoding="utf-8")
    state = tmp_path / "run.state"
    assert _check([str(folder)], tmp_path / "first.json", "--resume", str(state)) == 0
    _interrupt_after(monkeypatch, 0)  # the rerun checks nothing: both documents come from the state
    assert _check([str(folder)], tmp_path / "again.json", "--resume", str(state)) == 0
    first, again = (json.loads((tmp_path / f).read_text(encoding="utf-8")) for f in ("first.json", "again.json"))
    assert again["documents"] == first["documents"] and os.path.isfile(again["documents"][0]["path"])
    assert [i["rule"] for i in again["documents"][0]["issues"]] == ["REP001"]


def test_a_second_ctrl_c_while_the_run_winds_down_does_not_cut_the_report_short(corpus, tmp_path, monkeypatch):
    """`timeout -s INT` signals the process and its group, as a user pressing Ctrl-C twice: the second interrupt
    landed while the state was being closed, and the JSON report stopped part-way with no summary."""
    import os
    import signal

    from mtqa import batch

    _interrupt_after(monkeypatch, 4)
    real_close = batch._Resume.close

    def close_after_another_ctrl_c(self):
        os.kill(os.getpid(), signal.SIGINT)  # delivered at once, in this (the main) thread
        real_close(self)

    monkeypatch.setattr(batch._Resume, "close", close_after_another_ctrl_c)
    before = signal.getsignal(signal.SIGINT)
    assert _check(corpus, tmp_path / "part.json", "--resume", str(tmp_path / "run.state")) == 130
    part = json.loads((tmp_path / "part.json").read_text(encoding="utf-8"))
    assert part["summary"]["interrupted"] and len(part["documents"]) == 4
    assert signal.getsignal(signal.SIGINT) is before  # the daemon's next command can be interrupted again


def test_the_batch_functions_called_directly_leave_ctrl_c_to_their_caller(corpus):
    """Holding Ctrl-C off is the command line's: a program (or this test run) that calls run_batch keeps its own
    Ctrl-C, and the processes it starts inherit it."""
    import signal

    from mtqa.batch import run_batch
    from mtqa.config import load_config
    from mtqa.report import Report

    before = signal.getsignal(signal.SIGINT)
    run_batch(Engine(load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none")), corpus[:2],
              Report(), quiet=True)
    assert signal.getsignal(signal.SIGINT) is before


def test_a_damaged_record_of_a_multi_record_file_is_named_by_its_record_id(corpus, tmp_path, caplog):
    import sqlite3

    state = tmp_path / "run.state"
    assert _check(corpus, tmp_path / "first.json", "--resume", str(state)) == 0
    with sqlite3.connect(state) as db:
        db.execute("UPDATE done SET result = ? WHERE key LIKE '%wire.jsonl%'", ("[" * 200_000,))
    db.close()
    assert _check(corpus, tmp_path / "second.json", "--resume", str(state)) == 0
    for n in range(5):  # one warning per record, each naming which
        assert f"wire.jsonl (record w{n}) is damaged (JSON nested too deeply)" in caplog.text


def test_a_state_whose_done_table_lacks_a_column_is_refused_naming_it(tmp_path, capsys):
    import sqlite3

    story = tmp_path / "story.txt"
    story.write_text("Prices rose on Friday.\n", encoding="utf-8")
    state = tmp_path / "s.state"
    with sqlite3.connect(state) as db:
        db.execute("CREATE TABLE done (key TEXT PRIMARY KEY, other TEXT)")
    db.close()
    assert _check([str(story)], tmp_path / "a.json", "--resume", str(state)) == 2
    err = capsys.readouterr().err
    assert f"{state}: not a usable resume state" in err and "result" in err and "Traceback" not in err
