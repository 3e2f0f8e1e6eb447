"""The engine: rule guard, merging of findings on one span, the MQM score, segmentation offsets."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.document import Document
from mtqa.issues import Issue, Severity, merge_issues, quality_score
from mtqa.rules.base import rule


@rule(code="ZZZ001", name="always-crashes", family="test", category="Other", summary="s", why="w", use_instead="u",
      fix_safety="f", bad=[("[[x]]", None)], good=["y"])
def _crashing(doc, ctx):
    raise RuntimeError("boom")
    yield  # pragma: no cover


def test_a_crashing_rule_becomes_an_internal_finding_and_the_run_goes_on(rules_engine):
    from mtqa.engine import Engine

    engine = Engine(rules_engine.config)
    engine.rules = [_crashing, *engine.rules]
    issues = engine.check_text("The the talks failed.").issues
    assert any(i.rule == "E002" and "ZZZ001" in i.message and "boom" in i.message for i in issues)
    assert any(i.rule == "REP001" for i in issues)


def test_findings_on_the_same_span_are_merged_and_the_rules_explanation_wins():
    a = Issue("HARPER:RepeatedWords", "Fluency/Grammar", Severity.MINOR, 0, 7, "the the", "generic", ("the",), "harper")
    b = Issue("REP001", "Fluency/Grammar", Severity.MAJOR, 0, 7, "the the", "\"the\" is repeated.", ("the", "The"), "rules")
    merged = merge_issues([a, b])
    assert len(merged) == 1
    assert merged[0].rule == "REP001" and merged[0].origin == "rules+harper" and merged[0].suggestions == ("the", "The")


def test_score_is_100_minus_penalty_points_per_100_words():
    minor = Issue("X", "Other", Severity.MINOR, 0, 1, "a", "m")
    major = Issue("X", "Other", Severity.MAJOR, 0, 1, "a", "m")
    assert quality_score([major, minor, minor, minor], 400) == 98.0
    assert quality_score([Issue("X", "Other", Severity.CRITICAL, 0, 1, "a", "m")] * 5, 100) == 0.0
    assert quality_score([], 0) == 100.0


@given(st.lists(st.sampled_from(["Word", "word.", "Mr. Smith", "\n\n", "\r\n", " ", "é", "😀", "« x »", "?"]), max_size=40))
@settings(max_examples=200, deadline=None)
def test_segments_always_index_the_original_text(parts):
    doc = Document(text="".join(parts))
    for seg in doc.paragraphs + doc.sentences + doc.lines:
        assert doc.text[seg.start:seg.end] == seg.text


def test_ctrl_c_prints_the_partial_report(tmp_path):
    for n in range(400):
        (tmp_path / f"s{n:03d}.txt").write_text("The the talks failed, said announced the ministry. " * 80, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mtqa.cli", "check", "--grammar", "none", "--format", "json", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # interrupt once the first documents are out (the report streams), however slow this machine is
    ready, _, _ = select.select([proc.stdout], [], [], 300)
    assert ready, "no document was reported within 300 s"
    head = os.read(proc.stdout.fileno(), 1 << 16)
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=300)
    out, err = (head + rest).decode("utf-8"), err.decode("utf-8", "replace")
    import json

    assert proc.returncode == 130, err
    report = json.loads(out)
    assert report["summary"]["interrupted"] is True
    assert 0 < len(report["documents"]) < 400


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.add(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False


def _batch_with_workers(tmp_path, ctrl_c_ignored: bool = False):
    """A --jobs 2 run, once its two workers are up: (process, worker pids). `ctrl_c_ignored`: started as a script
    starts a background job, with SIGINT ignored."""
    import time

    for n in range(600):
        (tmp_path / f"s{n:03d}.txt").write_text("The the talks failed, said announced the ministry. " * 80, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mtqa.cli", "check", "--grammar", "none", "--no-cache", "--jobs", "2",
                             "--format", "json", "-o", str(tmp_path / "report.json"), str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ctrl_c_ignored else None)
    deadline = time.monotonic() + 300
    while len(workers := _children(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(workers) >= 2, "the run started no workers"
    return proc, workers


def _gone_soon(pids) -> bool:
    import time

    deadline = time.monotonic() + 30
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(_alive(p) for p in pids)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("ctrl_c_ignored", [False, True])
def test_sigterm_stops_a_run_with_workers_like_ctrl_c_and_no_worker_outlives_it(tmp_path, ctrl_c_ignored):
    # a cancelled CI job sends SIGTERM to mtqa alone: its workers stayed behind for good, blocked on a pipe; and a
    # background job of a script (Ctrl-C ignored from the start) must stop on SIGTERM all the same
    import json

    proc, workers = _batch_with_workers(tmp_path, ctrl_c_ignored)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 128 + signal.SIGTERM, err.decode("utf-8", "replace")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["interrupted"] is True and 0 < len(report["documents"]) < 600
    assert _gone_soon(workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_their_parent_is_killed(tmp_path):
    proc, workers = _batch_with_workers(tmp_path)
    proc.kill()
    proc.communicate(timeout=60)
    assert _gone_soon(workers)


def test_a_resource_asked_for_by_several_threads_at_once_is_created_once():
    import threading
    import time

    from mtqa.config import Config
    from mtqa.engine import Context

    ctx, made, got = Context(Config()), [], []

    def factory():
        made.append(1)
        time.sleep(0.05)  # long enough for every other thread to ask meanwhile
        return object()

    threads = [threading.Thread(target=lambda: got.append(ctx.resource("model", factory))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1 and len(got) == 8 and len({id(g) for g in got}) == 1


def test_pipelines_loading_beside_a_block_raises_what_the_loading_raised(monkeypatch, rules_engine):
    import pytest

    from mtqa import batch
    from mtqa.errors import MtqaError

    def broken(engine):
        raise MtqaError("spaCy model 'x' is not installed")

    monkeypatch.setattr(batch, "_load_pipelines", broken)
    ran = []
    with pytest.raises(MtqaError, match="not installed"):
        with batch.pipelines_loading(rules_engine):
            ran.append(True)
    assert ran == [True]  # the block itself ran meanwhile


def test_a_name_twice_mid_sentence_is_flagged_without_a_fix(rules_engine):
    # deleting one copy is wrong for a name that doubles ("Sirhan Sirhan") and for two names that lost the word
    # between them; a stutter of a common word keeps its fix, at a sentence's start too
    text = ("Sales grew faster at Renault Renault had forecast. The the talks failed, said Sirhan Sirhan.\n\n"
            "Sirhan Sirhan was convicted. “No.” The The talks ended in New New York.")
    found = [(i.text, i.suggestions) for i in rules_engine.check_text(text).issues if i.rule == "REP001"]
    assert found == [("Renault Renault", ()), ("The the", ("The",)), ("Sirhan Sirhan", ()), ("Sirhan Sirhan", ()),
                     ("The The", ("The",)), ("New New", ("New",))]
