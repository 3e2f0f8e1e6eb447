"""`--cluster local:2` against `--jobs 1` and `--jobs 2`: wall time, CPU and the largest process's peak memory of
`mtqa check` on N distinct small documents (benchmarks/corpus.py), and whether the three reports are identical.

    .venv/bin/python benchmarks/cluster.py [--sizes 200,2000] [--grammar harper|none]

One run per figure (a new process each, grammar cache off); the load average is printed beside each, since a busy
neighbour on a shared machine moves wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from batch import small_documents, write  # noqa: E402


def run(args: list[str], out: Path) -> tuple[float, float, dict]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--quiet", "--exit-zero", "--no-cache",
                           "--format", "json", "-o", str(out), *args], capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    after = os.times()
    if proc.returncode != 0:
        raise SystemExit(f"mtqa check {' '.join(args)} failed:\n{proc.stderr}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, json.loads(out.read_text(encoding="utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="200,2000")
    ap.add_argument("--grammar", default="harper", choices=("harper", "none"))
    args = ap.parse_args()
    docs = small_documents()
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; grammar {args.grammar}", flush=True)
    with tempfile.TemporaryDirectory(prefix="mtqa-bench-cluster-") as tmp:
        tmp = Path(tmp)
        for size in (int(s) for s in args.sizes.split(",")):
            if size > len(docs):
                raise SystemExit(f"only {len(docs)} distinct documents; lower --sizes")
            folder = write(tmp / f"docs-{size}", docs[:size])
            reports, walls = {}, {}
            for label, extra in (("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"]),
                                 ("--cluster local:2", ["--cluster", "local:2"])):
                wall, cpu, reports[label] = run([*extra, "--grammar", args.grammar, str(folder)], tmp / "out.json")
                walls[label] = wall
                peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # largest child so far, MB
                print(f"  {size:>6} documents, {label:18} {wall:8.2f} s wall, {cpu:7.2f} s CPU, "
                      f"largest process so far {peak:6.0f} MB   load {os.getloadavg()[0]:.1f}", flush=True)
            same = all(r["documents"] == reports["--jobs 1"]["documents"] and r["summary"] == reports["--jobs 1"]["summary"]
                       for r in reports.values())
            print(f"  {size:>6} documents: --cluster local:2 takes {walls['--cluster local:2'] / walls['--jobs 2']:.2f}x "
                  f"the wall time of --jobs 2; reports identical: {same}", flush=True)


if __name__ == "__main__":
    main()
