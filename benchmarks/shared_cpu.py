"""The neural layer on a shared machine: `mtqa check --neural` over 200 bilingual records (one JSONL file),
alone and with one busy process (a spinning Python loop) beside it, turn about, median of --repeat runs.

    .venv/bin/python benchmarks/shared_cpu.py [--records 200] [--repeat 3] [--checkout PATH]

Records are consecutive French sentences of ../shared/realdata's LIG corpus with Google's translation (five
sentences a record), built in memory and written to a temporary folder; without realdata, the adequacy
pairs of corpora/eval (fewer records). --checkout runs another copy of mtqa (for a before/after figure).
The figure to watch is busy / alone: a thread pool that spins while it waits (OpenMP's default) or takes
every core whatever the jobs collapses beside a busy neighbour.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import REALDATA  # noqa: E402


def records(n: int) -> list[dict]:
    lig = REALDATA / "lig-fr-en-dev.jsonl"
    out = []
    if lig.is_file():
        rows = [json.loads(line) for line in lig.read_text(encoding="utf-8").splitlines() if line.strip()]
        for start in range(0, len(rows), 5):
            chunk = rows[start:start + 5]
            out.append({"id": chunk[0]["id"], "source": " ".join(r["fr"] for r in chunk),
                        "target": " ".join(r["google"] for r in chunk)})
            if len(out) == n:
                break
        return out
    sys.path.insert(0, str(ROOT))
    from mtqa.evaluation import load_adequacy

    for name in ("dev.tsv", "test.tsv"):
        out += [{"id": f"{name}-{i}", "source": d.source, "target": d.target}
                for i, d in enumerate(load_adequacy(ROOT / "corpora" / "eval" / "adequacy" / name))]
    return out[:n]


def run(path: Path, checkout: Path, busy: bool) -> tuple[float, float]:
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
    try:
        env = {**os.environ, "PYTHONPATH": str(checkout), "XDG_CACHE_HOME": str(path.parent / "cache")}
        before, start = os.times(), time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--neural", "--no-cache", "--quiet",
                               "--exit-zero", "--format", "json", "-o", str(path.parent / "out.json"), str(path)],
                              capture_output=True, text=True, env=env, cwd=checkout)
        wall, after = time.perf_counter() - start, os.times()
    finally:
        if spinner:
            spinner.kill()
            spinner.wait()
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--checkout", type=Path, default=ROOT, help="the copy of mtqa to run (default: this one)")
    args = ap.parse_args()
    recs = records(args.records)
    with tempfile.TemporaryDirectory(prefix="mtqa-shared-") as tmp:
        path = Path(tmp) / "records.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
        print(f"{len(recs)} bilingual records, {sum(len(r['target'].split()) for r in recs):,} English words; "
              f"mtqa from {args.checkout}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}", flush=True)
        times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
        for _ in range(args.repeat):
            for busy in (False, True):
                times[busy].append(run(path, args.checkout, busy))
                print(f"  {'busy neighbour' if busy else 'alone':15} {times[busy][-1][0]:7.1f} s wall, "
                      f"{times[busy][-1][1]:6.1f} s CPU   load {os.getloadavg()[0]:.1f}", flush=True)
    alone, busy = (statistics.median(w for w, _ in times[b]) for b in (False, True))
    print(f"median: alone {alone:.1f} s, with a busy neighbour {busy:.1f} s: {busy / alone:.2f}x")


if __name__ == "__main__":
    main()
