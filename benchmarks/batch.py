"""Batch throughput: documents/s of `mtqa check` over 1,000+ bilingual documents (paired .en/.fr files),
with --jobs 1 and --jobs 2 side by side. Two figures for each: end to end (the whole command, start-up of
models included), and steady state (the extra time a second batch of the same size costs, so start-up
cancels out).

    .venv/bin/python benchmarks/batch.py [--docs 1000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BI = ROOT / "corpora" / "samples" / "bilingual"


def build(folder: Path, docs: int) -> None:
    fr = (BI / "floods.fr.txt").read_text(encoding="utf-8")
    en = (BI / "floods.en.txt").read_text(encoding="utf-8")
    good = (ROOT / "tests" / "data" / "floods-good.en.txt").read_text(encoding="utf-8")
    for n in range(docs):
        (folder / f"story-{n:04d}.fr.txt").write_text(fr, encoding="utf-8")
        (folder / f"story-{n:04d}.en.txt").write_text(en if n % 2 else good, encoding="utf-8")


def timed_run(folder: Path, jobs: int) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--quiet", "--jobs", str(jobs), "--format", "csv",
                           "-o", str(folder.parent / f"out-{jobs}.csv"), str(folder)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=1000)
    args = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (args.docs, 2 * args.docs):
            folder = Path(tmp) / f"batch-{size}"
            folder.mkdir()
            build(folder, size)
            for jobs in (1, 2):
                results[size, jobs] = timed_run(folder, jobs)
                rows = (folder.parent / f"out-{jobs}.csv").read_text(encoding="utf-8").count("\n") - 1
                assert rows == size, (rows, size)
    n = args.docs
    for jobs in (1, 2):
        end_to_end = n / results[n, jobs]
        steady = n / (results[2 * n, jobs] - results[n, jobs])
        print(f"--jobs {jobs}: end to end {end_to_end:.1f} docs/s ({results[n, jobs]:.1f} s for {n}), "
              f"steady state {steady:.1f} docs/s")
    e2e = results[n, 1] / results[n, 2]
    steady = (results[2 * n, 1] - results[n, 1]) / (results[2 * n, 2] - results[n, 2])
    print(f"speed-up with two jobs: end to end {e2e:.2f}x, steady state {steady:.2f}x")


if __name__ == "__main__":
    main()
