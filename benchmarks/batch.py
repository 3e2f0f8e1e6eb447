"""Start-up and batch throughput of the `mtqa check` command, end to end (a new process each run), on distinct
documents (benchmarks/corpus.py, written to a temporary folder):

- a one-line file, and 20 small documents, with the grammar cache cold and warm;
- 20, 200 and 2,000 documents with --jobs 1 and --jobs 2 (grammar cache off, so every paragraph is linted);
- the same 2,000 documents twice with the grammar cache: a first run, then a re-run with the cache warm
  (the reports must be identical);
- a one-line file and 20 small documents handed to a running `mtqa daemon`, each run on text the daemon has
  not seen (so its grammar cache cannot answer), with the daemon's CPU counted beside the client's, and the
  report compared with the same check run in-process;
- MTQA_DAEMON=auto: the first one-line check (in-process, then it starts a daemon), how long until that daemon
  answers, and the one-line checks after it.

    .venv/bin/python benchmarks/batch.py [--sizes 20,200,2000] [--repeat 3]

Each figure is the median of --repeat runs with the range; the load average is printed beside them, since
on a shared machine a busy neighbour moves wall time.
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

from corpus import distinct_documents  # noqa: E402


def small_documents() -> list[str]:
    """Distinct documents of one to three paragraphs (each corpus document cut at paragraph breaks)."""
    out = []
    for text in distinct_documents():
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        for i in range(0, len(paragraphs), 3):
            out.append("\n\n".join(paragraphs[i:i + 3]).strip() + "\n")
    return out


def write(folder: Path, docs: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(docs):
        (folder / f"doc-{n:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def run(args: list[str], cache_home: Path, daemon: str = "on") -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (of the command and its workers) and standard output of one `mtqa check`
    (`daemon`: MTQA_DAEMON; "on" uses one only where a test started it, in that cache folder)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(ROOT), "MTQA_DAEMON": daemon}
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--quiet", "--exit-zero", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    after = os.times()
    if proc.returncode != 0:
        raise SystemExit(f"mtqa check {' '.join(args)} failed:\n{proc.stderr}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, proc.stdout


def daemon_cpu(pid: int) -> float:
    """CPU seconds a running process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def with_daemon(tmp: Path, docs: list[str], repeat: int) -> None:
    """`mtqa check` handed to a warm daemon, on text it has not seen."""
    home = tmp / "daemon-home"
    env = {**os.environ, "XDG_CACHE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    mtqa = [sys.executable, "-m", "mtqa.cli"]
    start = time.perf_counter()
    subprocess.run([*mtqa, "daemon", "start"], check=True, env=env, cwd=ROOT, capture_output=True)
    print(f"  daemon start (loads and warms everything once){time.perf_counter() - start:11.2f} s wall", flush=True)
    status = subprocess.run([*mtqa, "daemon", "status"], env=env, cwd=ROOT, capture_output=True, text=True).stdout
    pid = int(status.split("pid ")[1].split(",")[0])
    try:
        lines = one_liners(docs)
        for label, make in (("a one-line file", lambda i: {"one.txt": lines[i] + "\n"}),
                            ("20 small documents", lambda i: {f"doc-{n}.txt": d for n, d in enumerate(docs[20 * i:20 * i + 20])})):
            runs = []
            for i in range(repeat):
                folder = tmp / f"daemon-{label}-{i}"
                folder.mkdir()
                for name, text in make(i).items():
                    (folder / name).write_text(text, encoding="utf-8")
                before = daemon_cpu(pid)
                wall, cpu, out = run(["--format", "json", str(folder)], home)
                runs.append((wall, cpu + daemon_cpu(pid) - before))
                _, _, here = run(["--no-daemon", "--format", "json", str(folder)], tmp / f"daemon-check-{i}")
                if json.loads(out)["documents"] != json.loads(here)["documents"]:
                    raise SystemExit(f"the daemon's report on {folder} differs from the in-process one")
            summary(f"{label}, new text, daemon running", runs)
        print("  (CPU: the client's and the daemon's; every report identical to an in-process check)")
    finally:
        subprocess.run([*mtqa, "daemon", "stop"], env=env, cwd=ROOT, capture_output=True)


def one_liners(docs: list[str]) -> list[str]:
    """A distinct sentence from each paragraph of more than six words."""
    return [p.split(". ")[0].strip() + "." for d in docs for p in d.split("\n\n") if len(p.split()) > 6]


def with_auto_daemon(tmp: Path, docs: list[str], repeat: int) -> None:
    """MTQA_DAEMON=auto from nothing: the first command, the daemon it leaves, and the commands after it."""
    home = tmp / "auto-home"
    env = {**os.environ, "XDG_CACHE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    status = [sys.executable, "-m", "mtqa.cli", "daemon", "status"]
    lines = one_liners(docs)[-(repeat + 1):]  # text the other measurements did not check
    files = []
    for i, line in enumerate(lines):
        (tmp / f"auto-{i}.txt").write_text(line + "\n", encoding="utf-8")
        files.append(str(tmp / f"auto-{i}.txt"))
    try:
        summary("first one-line check (here; starts the daemon)", [run([files[0]], home, "auto")[:2]])
        start = time.perf_counter()
        while subprocess.run(status, env=env, cwd=ROOT, capture_output=True).returncode != 0:
            if time.perf_counter() - start > 300:
                raise SystemExit("MTQA_DAEMON=auto left no daemon running")
            time.sleep(0.1)
        print(f"  {'the daemon answers, after the first check':44}{time.perf_counter() - start:8.2f} s", flush=True)
        summary("the next one-line checks (new text)", [run([f], home, "auto")[:2] for f in files[1:]])
        print("  (CPU of the next checks: the client's only)")
    finally:
        subprocess.run([sys.executable, "-m", "mtqa.cli", "daemon", "stop"], env=env, cwd=ROOT, capture_output=True)


def summary(label: str, runs: list[tuple[float, float]]) -> tuple[float, float]:
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    spread = f" (range {min(walls):.2f}-{max(walls):.2f})" if len(walls) > 1 else ""
    print(f"  {label:44}{wall:8.2f} s wall{spread}, {cpu:6.2f} s CPU   load {os.getloadavg()[0]:.1f}", flush=True)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="20,200,2000")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (the 2,000-document runs: 1 + repeat // 2)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    docs = small_documents()
    if len(docs) < max(sizes):
        raise SystemExit(f"only {len(docs)} distinct documents; lower --sizes")
    print(f"{len(docs):,} distinct small documents available; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="mtqa-bench-") as tmp:
        tmp = Path(tmp)
        one = tmp / "one-line.txt"
        one.write_text("The minister said the talks would resume on Monday.\n", encoding="utf-8")
        twenty = write(tmp / "twenty", docs[-20:])
        print("start-up (a new process each run):")
        for label, target in (("a one-line file", one), ("20 small documents", twenty)):
            cold = [run([str(target)], tmp / f"cold-{label}-{i}")[:2] for i in range(args.repeat)]
            summary(f"{label}, grammar cache cold", cold)
            warm_home = tmp / f"warm-{label}"
            run([str(target)], warm_home)
            summary(f"{label}, grammar cache warm", [run([str(target)], warm_home)[:2] for _ in range(args.repeat)])
            summary(f"{label}, --no-cache", [run(["--no-cache", str(target)], tmp / "unused")[:2] for _ in range(args.repeat)])
        print("with `mtqa daemon start` (one warm process that check hands its work to):")
        with_daemon(tmp, docs[:20 * args.repeat], args.repeat)
        print("with MTQA_DAEMON=auto (the first command starts the daemon):")
        with_auto_daemon(tmp, docs, args.repeat)

        print("worker processes (--no-cache):")
        for size in sizes:
            folder = write(tmp / f"batch-{size}", docs[:size])
            repeat = args.repeat if size < 1000 else 1 + args.repeat // 2
            walls, reports = {}, {}
            for jobs in (1, 2):
                runs = [run(["--no-cache", "--jobs", str(jobs), str(folder)], tmp / "unused") for _ in range(repeat)]
                wall, cpu = summary(f"{size:>5} documents, --jobs {jobs}", [r[:2] for r in runs])
                walls[jobs], reports[jobs] = wall, runs[0][2]
                # --jobs 1 is not one core: Harper lints on threads of its own beside the rules
                print(f"  {'':44}{cpu / wall:8.2f} cores busy on average")
            print(f"  {size:>5} documents: --jobs 2 is {walls[1] / walls[2]:.2f}x --jobs 1; "
                  f"reports identical: {reports[1] == reports[2]}")

        size = max(sizes)
        folder = tmp / f"batch-{size}"
        print(f"grammar cache, {size} documents (--jobs 1):")
        home = tmp / "cache-run"
        wall1, cpu1, first = run(["--format", "json", str(folder)], home)
        summary("first run (cache cold)", [(wall1, cpu1)])
        wall2, cpu2, again = run(["--format", "json", str(folder)], home)
        summary("re-run (cache warm)", [(wall2, cpu2)])
        same = json.loads(first)["documents"] == json.loads(again)["documents"]
        print(f"  re-run {wall1 / wall2:.1f}x faster (wall), {cpu1 / cpu2:.1f}x (CPU); reports identical: {same}")


if __name__ == "__main__":
    main()
