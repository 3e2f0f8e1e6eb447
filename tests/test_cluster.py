"""`mtqa check --cluster`: Dask distributed workers give the same report as --jobs 1, even when one dies."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from conftest import CLEAN, ROOT, SAMPLES, ctrl_c_after_commits
from mtqa.cli import main

pytest.importorskip("distributed")


def _tmx(units) -> str:
    body = "".join(f'<tu tuid="u{n}"><tuv xml:lang="fr"><seg>{escape(s)}</seg></tuv><tuv xml:lang="en"><seg>{escape(t)}</seg></tuv></tu>'
                   for n, (s, t) in enumerate(units))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" creationtoolversion="1" '
            f'segtype="sentence" o-tmf="none" adminlang="en" srclang="fr" datatype="plaintext"/><body>{body}</body></tmx>\n')


def _run(paths, out, *extra) -> dict:
    code = main(["check", *map(str, paths), "--config", str(ROOT / "configs" / "default.toml"), "--grammar", "none",
                 "--no-cache", "--format", "json", "-o", str(out), "--exit-zero", "-q", *extra])
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture
def corpus(tmp_path):
    memory = tmp_path / "memory.tmx"
    memory.write_text(_tmx([(f"Le ministre a échangé avec son homologue, jour {n}.",
                             f"The two leaders exchanged on Friday about the ceasefire, day {n}.") for n in range(6)]),
                      encoding="utf-8")
    return [CLEAN, SAMPLES / "bilingual" / "floods.en.txt", SAMPLES / "ceasefire-call.txt", memory]


def test_a_local_cluster_of_two_workers_reports_exactly_what_jobs_1_does(corpus, tmp_path):
    single = _run(corpus, tmp_path / "single.json", "--jobs", "1")
    cluster = _run(corpus, tmp_path / "cluster.json", "--cluster", "local:2")
    assert single["summary"]["documents"] == 14 + 1 + 1 + 6 and single["summary"]["issues"] > 0
    assert any(d["id"] for d in single["documents"]) and any("metrics" in d for d in single["documents"])
    assert cluster == single


def test_a_worker_killed_mid_run_loses_no_document_and_reports_none_twice(tmp_path):
    from distributed import Client, LocalCluster

    folder = tmp_path / "copy"
    for n in range(4):
        shutil.copytree(CLEAN, folder / f"batch{n}")
    single = _run([folder], tmp_path / "single.json", "--jobs", "1")
    assert single["summary"]["documents"] == 56

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        pids = client.run(os.getpid)
        outcome = {}
        runner = threading.Thread(target=lambda: outcome.setdefault(
            "report", _run([folder], tmp_path / "cluster.json", "--cluster", cluster.scheduler_address)))
        runner.start()
        victim = sorted(pids)[0]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # wait until the victim is checking a batch, then kill it
            busy = client.run_on_scheduler(lambda dask_scheduler, w=victim: [
                str(t.key) for t in dask_scheduler.workers[w].processing if str(t.key).startswith("mtqa-")]
                if w in dask_scheduler.workers else [])
            if busy:
                break
            time.sleep(0.05)
        assert busy and runner.is_alive(), "the run ended before a worker could be killed"
        os.kill(pids[victim], signal.SIGKILL)
        runner.join(300)
        assert not runner.is_alive()
    report = outcome["report"]
    assert [(d["path"], d["id"]) for d in report["documents"]] == [(d["path"], d["id"]) for d in single["documents"]]
    assert report == single


def test_a_bad_cluster_value_or_standard_input_is_a_usage_error(tmp_path, capsys):
    story = SAMPLES / "ceasefire-call.txt"
    assert main(["check", str(story), "--grammar", "none", "--cluster", "local:zero"]) == 2
    assert "local needs a number of worker processes" in capsys.readouterr().err
    assert main(["check", str(story), "--grammar", "none", "--cluster", "http://x"]) == 2
    assert main(["check", "-", "--grammar", "none", "--cluster", "local:2"]) == 2
    assert "not standard input" in capsys.readouterr().err


def test_the_client_keeps_at_most_the_window_in_flight_and_reports_a_failed_task_per_input():
    from distributed import Client, LocalCluster

    from mtqa import distributed as dist
    from mtqa.batch import _Pipeline
    from mtqa.report import Report

    def fake_work(paths):
        time.sleep(0.01)
        if "bad" in paths:
            raise RuntimeError("boom")
        return [(p, f"result of {p}") for p in paths]

    class Counting:
        def __init__(self, client):
            self.client, self.submitted, self.collected, self.most = client, 0, 0, 0

        def submit(self, task):
            self.submitted += 1
            self.most = max(self.most, self.submitted - self.collected)
            return self.client.submit(fake_work, task, pure=False)

        def update(self, n):  # the progress bar's hook: called once per collected task
            self.collected += 1

    class Collect(Report):
        def add(self, result):
            self.results.append(result)

    chunks = [[f"p{n}"] for n in range(12)] + [["bad"]] + [["p12", "p13"]]
    report = Collect()
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        counting = Counting(client)
        _Pipeline(None, report, None, counting).window((("run", c) for c in chunks), counting.submit, 3,
                                                       failed=dist._failed)
    assert counting.submitted == len(chunks) and counting.most == 3
    assert report.results == [f"result of p{n}" for n in range(14)]  # in input order
    assert [e.path for e in report.errors] == ["bad"]
    assert "not checked: its task failed on the cluster (RuntimeError: boom)" in report.errors[0].message


def test_an_interrupted_cluster_run_resumed_reports_what_an_uninterrupted_one_does(corpus, tmp_path, monkeypatch):
    from distributed import Client, LocalCluster

    from mtqa import resume

    single = _run(corpus, tmp_path / "single.json", "--jobs", "1")
    state = tmp_path / "run.state"
    monkeypatch.setattr(resume, "BATCH_DOCS", 4)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster:
        address = cluster.scheduler_address
        calls, undo = ctrl_c_after_commits(monkeypatch)
        assert main(["check", *map(str, corpus), "--config", str(ROOT / "configs" / "default.toml"), "--grammar", "none",
                     "--no-cache", "--format", "json", "-o", str(tmp_path / "part.json"), "--exit-zero", "-q",
                     "--cluster", address, "--resume", str(state)]) == 130
        part = json.loads((tmp_path / "part.json").read_text(encoding="utf-8"))
        assert part["summary"]["interrupted"] and calls == [4, 4]
        undo()
        resumed = _run(corpus, tmp_path / "resumed.json", "--cluster", address, "--resume", str(state))
    assert resumed == single
    assert len(resume.ResumeState(state, single["summary"]["signature"])) == single["summary"]["documents"]


def test_a_cluster_run_prints_no_dask_notices():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "-q", "--exit-zero", "--grammar", "none",
                           "--cluster", "local:1", str(SAMPLES / "ceasefire-call.txt")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "ceasefire-call.txt" in proc.stdout and proc.stderr == ""


def test_local_workers_run_with_relaxed_monitors_and_a_frozen_warm_heap():
    """A local cluster's workers sample their event loop, memory and system less often than Dask's defaults (each
    wake-up takes the interpreter from the checking thread), and keep the warm heap out of the collector's way."""
    import dask

    from mtqa.config import load_config
    from mtqa.distributed import session
    from mtqa.engine import Engine

    def probe():
        import gc

        return (dask.config.get("distributed.admin.tick.interval"), dask.config.get("distributed.worker.profile.enabled"),
                dask.config.get("distributed.worker.memory.monitor-interval"), gc.get_freeze_count())

    engine = Engine(load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none"))
    with session(engine, "local:1") as (client, workers):
        assert workers == 1
        [(tick, profile, memory, frozen)] = client.run(probe).values()
    assert dask.utils.parse_timedelta(tick) >= 0.5 and dask.utils.parse_timedelta(memory) >= 1
    assert profile is False and frozen > 10_000


def test_local_workers_are_forked_from_the_warmed_client_and_adopt_its_engine():
    """As --jobs workers do, instead of importing mtqa and building an engine each. In a fresh interpreter: once a
    model runtime is loaded (torch, in this suite's neural tests) workers are spawned instead, as they must be."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        from mtqa import distributed
        from mtqa.config import load_config
        from mtqa.engine import Engine

        def probe(dask_worker):
            from mtqa import distributed
            return dask_worker.plugins[distributed.PLUGIN_NAME].engine in distributed._WARMED

        engine = Engine(load_config({str(ROOT / "configs" / "default.toml")!r}).with_overrides(grammar="none"))
        with distributed.session(engine, "local:1") as (client, workers):
            print(list(client.run(probe).values()))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[True]"


def test_workers_read_a_folder_named_by_file_url_as_jobs_1_reads_its_path(tmp_path):
    """Inputs named by fsspec URL are read on the workers (the way a shared filesystem or an object store is)."""
    single = _run([CLEAN], tmp_path / "single.json", "--jobs", "1")
    cluster = _run([CLEAN.as_uri()], tmp_path / "cluster.json", "--cluster", "local:2")
    assert [d["path"] for d in cluster["documents"]] == [Path(d["path"]).as_uri() for d in single["documents"]]
    for by_url, by_path in zip(cluster["documents"], single["documents"]):
        assert by_url["issues"] == by_path["issues"] and by_url["score"] == by_path["score"]
