"""Batch runs past one process, in one run: N small documents and one TMX of M units, each checked with
`--jobs 1`, `--jobs 2` and `--cluster local:2`; peak memory at N/10 and N documents (it must not grow with the
count); whether every report is identical to `--jobs 1`'s.

    nice -n 5 .venv/bin/python benchmarks/cluster.py [--scale 1.0] [--grammar harper|none]

At --scale 1: 20,000 documents (2,000 for the memory comparison) and a 50,000-unit TMX; --scale 0.05 is a quick
run. The documents are built from the bundled corpora's text (corpora/: paragraphs, each document numbered so no
two are the same) in a temporary folder; the TMX from the adequacy set's sentence pairs. One `mtqa check` process
per figure, grammar cache off, output as JSONL to a file (streamed). For each: wall time, CPU time of the whole
process tree, the largest single process's peak RSS (wait4's ru_maxrss) and the peak of the tree's summed RSS
(psutil, sampled every 50 ms: forked workers share pages, so the sum overstates). The load average is printed
beside each, since a busy neighbour on a shared machine moves wall time.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
MODES = (("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"]), ("--cluster local:2", ["--cluster", "local:2"]))


def paragraphs() -> list[str]:
    corpora = ROOT / "corpora"
    files = sorted((corpora / "clean").glob("*.txt")) + sorted((corpora / "eval").glob("*.txt"))
    files += [corpora / "samples" / "ceasefire-call.txt", corpora / "samples" / "bilingual" / "floods.en.txt"]
    out = []
    for path in files:
        out.extend(p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 8)
    return out


def write_documents(folder: Path, count: int) -> Path:
    """`count` small documents of two paragraphs each, the same first documents whatever the count."""
    paras = paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        a, b = paras[n % len(paras)], paras[(n * 7 + 3) % len(paras)]
        (folder / f"doc-{n:06d}.txt").write_text(f"Dispatch {n}.\n\n{a}\n\n{b}\n", encoding="utf-8")
    return folder


def write_tmx(path: Path, units: int) -> Path:
    with open(ROOT / "corpora" / "eval" / "adequacy" / "dev.tsv", encoding="utf-8") as fh:
        pairs = [(r["fr"], r["en"]) for r in csv.DictReader(fh, delimiter="\t") if r["kind"] == "ok"]
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="bench" '
                  'creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="fr" '
                  'datatype="plaintext"/><body>\n')
        for n in range(units):
            fr, en = pairs[n % len(pairs)]
            out.write(f'<tu tuid="u{n}"><tuv xml:lang="fr"><seg>{escape(fr)} ({n})</seg></tuv>'
                      f'<tuv xml:lang="en"><seg>{escape(en)} ({n})</seg></tuv></tu>\n')
        out.write("</body></tmx>\n")
    return path


def _tree_rss(pid: int, peak: list, stop: threading.Event) -> None:
    try:
        import psutil
    except ImportError:
        return
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.is_set():
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            return
        peak[0] = max(peak[0], total)
        stop.wait(0.05)


def run(args: list[str], out: Path, grammar: str) -> dict:
    """One `mtqa check`: wall, CPU (tree), largest process's peak RSS, peak tree RSS (MB), and its output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "mtqa.cli", "check", "--quiet", "--exit-zero", "--no-cache", "--grammar", grammar,
           "--format", "jsonl", "-o", str(out), *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, stop = [0], threading.Event()
    sampler = threading.Thread(target=_tree_rss, args=(proc.pid, peak, stop), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"mtqa check {' '.join(args)} failed ({proc.returncode}):\n{err[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss": usage.ru_maxrss / 1024,
            "tree": peak[0] / 2**20, "output": out.read_bytes()}


def line(label: str, what: str, r: dict) -> None:
    print(f"  {what:24} {label:18} {r['wall']:8.1f} s wall {r['cpu']:8.1f} s CPU   largest process "
          f"{r['maxrss']:6.0f} MB, tree {r['tree']:6.0f} MB   load {os.getloadavg()[0]:.1f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="1.0: 20,000 documents and a 50,000-unit TMX")
    ap.add_argument("--grammar", default="harper", choices=("harper", "none"))
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: docs, memory, tmx")
    ap.add_argument("--modes", default="1,2,local", help="which of --jobs 1, --jobs 2, --cluster local:2 to run")
    args = ap.parse_args()
    wanted = {"1": "--jobs 1", "2": "--jobs 2", "local": "--cluster local:2"}
    modes = tuple(m for m in MODES if m[0] in {wanted[k] for k in args.modes.split(",")})
    docs, small, units = int(20_000 * args.scale), int(2_000 * args.scale), int(50_000 * args.scale)
    skip = set(filter(None, args.skip.split(",")))
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; grammar {args.grammar}; "
          f"{docs} documents, {units}-unit TMX", flush=True)
    with tempfile.TemporaryDirectory(prefix="mtqa-bench-cluster-") as tmp:
        tmp = Path(tmp)
        folder = write_documents(tmp / "docs", docs)
        results: dict = {}
        if "memory" not in skip:
            few = write_documents(tmp / "few", small)
            r = results[("few", "--jobs 1")] = run(["--jobs", "1", str(few)], tmp / "few.jsonl", args.grammar)
            line("--jobs 1", f"{small} documents", r)
        for label, extra in modes:
            if "docs" in skip:
                break
            r = results[("docs", label)] = run([*extra, str(folder)], tmp / "docs.jsonl", args.grammar)
            line(label, f"{docs} documents", r)
        if "tmx" not in skip:
            memory = write_tmx(tmp / "memory.tmx", units)
            for label, extra in modes:
                r = results[("tmx", label)] = run([*extra, str(memory)], tmp / "tmx.jsonl", args.grammar)
                line(label, f"{units}-unit TMX", r)
        for what in ("docs", "tmx"):
            base = results.get((what, "--jobs 1"))
            if base is None:
                continue
            for label, _ in MODES[1:]:
                r = results.get((what, label))
                if r:
                    print(f"  {what}: {label} is {base['wall'] / r['wall']:.2f}x as fast as --jobs 1; report identical "
                          f"to --jobs 1: {r['output'] == base['output']}", flush=True)
        if ("docs", "--cluster local:2") in results and ("docs", "--jobs 2") in results:
            print(f"  docs: --cluster local:2 takes {results[('docs', '--cluster local:2')]['wall'] / results[('docs', '--jobs 2')]['wall']:.2f}x "
                  "the wall time of --jobs 2", flush=True)
        if ("few", "--jobs 1") in results and ("docs", "--jobs 1") in results:
            a, b = results[("few", "--jobs 1")], results[("docs", "--jobs 1")]
            print(f"  peak memory, --jobs 1: {small} documents {a['maxrss']:.0f} MB, {docs} documents {b['maxrss']:.0f} MB "
                  f"({(b['maxrss'] / a['maxrss'] - 1) * 100:+.1f}%)", flush=True)


if __name__ == "__main__":
    main()
