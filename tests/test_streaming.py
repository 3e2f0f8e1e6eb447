"""Streamed batches: the writers get results as they come and the batch keeps only running counts, yet every
streamed format is byte for byte what the in-memory writer gives; the records of one file are split into tasks
in input order; --jobs and --resume work together."""

from __future__ import annotations

import json

import pytest

from conftest import CLEAN, ROOT, SAMPLES, ctrl_c_after_commits
from mtqa import batch
from mtqa.cli import main
from mtqa.config import load_config
from mtqa.engine import Engine
from mtqa.formats.readers import ReadError, expand_paths
from mtqa.formats.stream import STREAMED, StreamWriter
from mtqa.formats.writers import render
from mtqa.report import Report


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("stream")
    records = d / "wire.jsonl"
    lines = [{"id": f"w{n}", "target": f"Dispatch {n}. The two leaders exchanged on Friday about the ceasefire.",
              "source": f"Dépêche {n}. Le ministre a échangé avec son homologue.",
              **({"reference": f"Dispatch {n}. The two leaders spoke on Friday about the ceasefire."} if n % 2 else {})}
             for n in range(9)]
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    (d / "broken.txt").write_bytes(b"\xff\xfe not utf-8 \xc3")
    return [str(CLEAN), str(SAMPLES / "bilingual" / "floods.en.txt"), str(records), str(d / "broken.txt"),
            str(SAMPLES / "ceasefire-call.txt")]


@pytest.fixture(scope="module")
def engine():
    return Engine(load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none"))


def _paths(corpus, engine):
    return list(expand_paths(corpus, engine.config.extensions))


@pytest.mark.parametrize("fmt", STREAMED)
def test_a_streamed_report_is_byte_for_byte_the_in_memory_one_and_keeps_no_result(fmt, corpus, engine, tmp_path):
    kept = batch.run_batch(engine, _paths(corpus, engine), Report(signature=engine.signature), quiet=True)
    assert len(kept.results) == 14 + 1 + 9 + 1 and len(kept.errors) == 1
    assert "metrics" in kept.summary()
    out = tmp_path / f"out.{fmt}"
    streamed = Report(signature=engine.signature)
    streamed.stream = StreamWriter(fmt, str(out), quiet=True, fail_on=streamed.fail_on)
    batch.run_batch(engine, _paths(corpus, engine), streamed, quiet=True)
    assert streamed.results == [] and streamed.tally().documents == len(kept.results)
    streamed.stream.finish(streamed)
    assert out.read_text(encoding="utf-8") == render(kept, fmt)
    assert streamed.summary() == kept.summary()
    assert not list(tmp_path.glob(".*mtqa-tmp"))


def test_a_streamed_report_with_no_document_matches_too(engine, tmp_path):
    for fmt in STREAMED[1:]:
        for errors in ([ReadError("x.txt", "no such file")], []):
            report = Report(signature=engine.signature, errors=errors)
            report.stream = StreamWriter(fmt, str(tmp_path / "o"), quiet=True)
            report.stream.finish(report)
            assert (tmp_path / "o").read_text(encoding="utf-8") == render(report, fmt), (fmt, errors)


def test_the_records_of_one_file_are_split_into_tasks_in_input_order(tmp_path):
    units = [("big.tmx", f"doc{n}") for n in range(150)]
    tasks = list(batch._tasks((("run", u) for u in ["a.txt", "b.txt", *units, "c.txt"]), 2, 64))
    assert [kind for kind, _ in tasks] == ["run"] * 4
    assert [len(t) for _, t in tasks] == [2, 64, 64, 22 + 1]  # two paths weigh as much as 64 records
    assert [u for _, t in tasks for u in t] == ["a.txt", "b.txt", *units, "c.txt"]
    # documents restored from a resume state go between the tasks around them
    entries = [("run", "a"), ("done", "r1"), ("done", "r2"), ("run", "b")]
    assert list(batch._tasks(iter(entries), 1, 64)) == [("run", ["a"]), ("done", ["r1", "r2"]), ("run", ["b"])]


def test_a_tmx_on_two_workers_gives_the_same_report_as_one(tmp_path):
    from xml.sax.saxutils import escape

    body = "".join(f'<tu tuid="u{n}"><tuv xml:lang="fr"><seg>{escape(f"Le ministre a échangé, jour {n}.")}</seg></tuv>'
                   f'<tuv xml:lang="en"><seg>{escape(f"The two leaders exchanged on Friday, day {n}.")}</seg></tuv></tu>'
                   for n in range(3 * batch.MIN_PATHS_PER_JOB))
    memory = tmp_path / "memory.tmx"
    memory.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="fr" '
                      f'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" '
                      f'creationtoolversion="1"/><body>{body}</body></tmx>\n', encoding="utf-8")
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.jsonl"
        assert main(["check", str(memory), "--config", str(ROOT / "configs" / "default.toml"), "--grammar", "none",
                     "--no-cache", "--format", "jsonl", "-o", str(out), "--exit-zero", "-q", "--jobs", jobs]) == 0
        outs[jobs] = out.read_text(encoding="utf-8")
    assert outs["1"] == outs["2"] and outs["1"].count("\n") == 3 * batch.MIN_PATHS_PER_JOB


def test_jobs_and_resume_together_report_what_an_uninterrupted_run_does(corpus, tmp_path, monkeypatch):
    from mtqa import resume

    def check(*extra, out):
        return main(["check", *corpus, "--config", str(ROOT / "configs" / "default.toml"), "--grammar", "none",
                     "--no-cache", "--format", "json", "-o", str(out), "--exit-zero", "-q", *extra])

    assert check(out=tmp_path / "whole.json") == 1  # the broken file is a read error
    whole = json.loads((tmp_path / "whole.json").read_text(encoding="utf-8"))
    monkeypatch.setattr(batch, "MIN_PATHS_PER_JOB", 4)  # so that this small corpus gets two workers
    monkeypatch.setattr(resume, "BATCH_DOCS", 4)
    state = tmp_path / "run.state"
    _, undo = ctrl_c_after_commits(monkeypatch)
    assert check("--jobs", "2", "--resume", str(state), out=tmp_path / "part.json") == 130
    assert json.loads((tmp_path / "part.json").read_text(encoding="utf-8"))["summary"]["interrupted"]
    undo()
    assert check("--jobs", "2", "--resume", str(state), out=tmp_path / "resumed.json") == 1
    assert json.loads((tmp_path / "resumed.json").read_text(encoding="utf-8")) == whole
    assert len(resume.ResumeState(state, whole["summary"]["signature"])) == whole["summary"]["documents"]
