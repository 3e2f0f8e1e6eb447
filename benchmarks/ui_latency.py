"""Latency of the web UI as a translator meets it, through the UI's own endpoints (gradio_client): a check of a
NEW 1,000-word article each round (sentences of the bundled corpora recombined with a per-round seed, with a few
typical MT defects put in), then accepting one fix in the review view; the same on a 10,000-word story; and the
check with the neural layer beside. Also the diff of the corrected copy, built in-process from 50 applied fixes
on the 10,000-word story (target < 100 ms).

    .venv/bin/python benchmarks/ui_latency.py [--runs 20] [--words 1000] [--long-words 10000] [--long-runs 5]

Targets (issue 16): check p95 <= 250 ms and accept-one-fix p95 <= 100 ms at 1,000 words; accept-one-fix
<= 300 ms at 10,000 words.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

DEFECTS = ("said announced the ministry", "the two delegations exchanged on the matter", "at 14h30", "a sum of 25 M$",
           "Read also: the tone rises in the capital")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]+[\"”]?")


def _sentences() -> list[str]:
    texts = []
    for folder in ("samples", "clean", "eval"):
        texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / folder).glob("*.txt"))]
    out = [m.group().strip() for t in texts for m in _SENTENCE.finditer(t)]
    return [s for s in out if len(s.split()) >= 5]


def article(words: int, seed: int, pool: list[str]) -> str:
    """A story of about `words` words, different for every seed: corpus sentences shuffled into paragraphs,
    with a round number in the first line and a few defects the UI can fix."""
    rng = random.Random(seed)
    order = pool[:]
    paragraphs, count = [f"Round {seed}: a story assembled for the latency benchmark"], 8
    while count < words:
        rng.shuffle(order)
        for k in range(0, len(order), 4):
            group = order[k:k + rng.randint(2, 4)]
            if rng.random() < 0.15:
                group = group + [f"Officials spoke {rng.choice(DEFECTS)} on day {rng.randint(1, 900)}."]
            paragraphs.append(" ".join(group))
            count += sum(len(s.split()) for s in group)
            if count >= words:
                break
    return "\n\n".join(paragraphs) + "\n"


def p95(times: list[float]) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]


def _line(label: str, times: list[float]) -> str:
    return f"{label}: p50 {statistics.median(times):.0f} ms, p95 {p95(times):.0f} ms over {len(times)} runs"


def _review_round(client, text: str, neural: bool, families: list[str]) -> tuple[float, float | None]:
    start = time.perf_counter()
    out = client.predict(text, "", "", "us", families, neural, api_name="/check_ui")
    check_ms = (time.perf_counter() - start) * 1000
    fixable = re.findall(r'data-act="accept:(\d+):0"', out[1])
    if not fixable:
        return check_ms, None
    start = time.perf_counter()
    after = client.predict(f"accept:{fixable[len(fixable) // 2]}:0", text, api_name="/act")
    accept_ms = (time.perf_counter() - start) * 1000
    assert after[0] != text, "the fix was not applied"
    return check_ms, accept_ms


def diff_figure(words: int, pool: list[str]) -> float:
    from mtqa import review as rv
    from mtqa.ui import view

    session = rv.Session(rv.check(article(words, 999_999, pool), max_chars=10 ** 7))
    fixable = [n for n in session.open_findings() if session.issues[n].suggestions]
    for n in fixable[:50]:
        if n in session.open_findings():
            session.accept(n)
    start = time.perf_counter()
    html = view.diff(session)
    ms = (time.perf_counter() - start) * 1000
    assert html.count("mtqa-chg") == len(session.accepted)
    return ms


def server_side_accept(words: int, runs: int, pool: list[str]) -> list[float]:
    """The UI's own work for one accepted fix (decision, corrected copy, annotated view, list, summary, diff),
    without Gradio's transport: what this code controls."""
    from mtqa import review as rv
    from mtqa.ui import view

    times = []
    for k in range(runs):
        session = rv.Session(rv.check(article(words, 500_000 + k, pool), max_chars=10 ** 7))
        fixable = [n for n in session.open_findings() if session.issues[n].suggestions]
        start = time.perf_counter()
        session.accept(fixable[len(fixable) // 2])
        found = session.open_findings()
        session.text(), view.annotated(session, found, 2), view.findings_list(session, found, 2)
        view.summary(session, found), view.diff(session)
        times.append((time.perf_counter() - start) * 1000)
    return times


def transport_baseline(payload_chars: int, runs: int) -> list[float]:
    """A Gradio event that does nothing but echo a text of the same size: the floor under any UI action."""
    import gradio as gr
    from gradio_client import Client

    with gr.Blocks() as echo:
        box, out = gr.Textbox(), gr.Textbox()
        gr.Button().click(lambda x: x, box, out, api_name="echo")
    echo.queue()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    echo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    client = Client(f"http://127.0.0.1:{port}/", verbose=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.predict("x" * payload_chars, api_name="/echo")
        times.append((time.perf_counter() - start) * 1000)
    echo.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--words", type=int, default=1000)
    ap.add_argument("--long-words", type=int, default=10_000)
    ap.add_argument("--long-runs", type=int, default=5)
    ap.add_argument("--neural-runs", type=int, default=5)
    args = ap.parse_args()
    import app
    from gradio_client import Client
    from mtqa.store import Store

    pool = _sentences()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = app.build(max_chars=400_000, store=Store(Path(tempfile.mkdtemp()) / "review.sqlite"))
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **app.launch_options())
    client = Client(f"http://127.0.0.1:{port}/", verbose=False)
    families = list(app.FAMILY_CHOICES)
    seen: set[str] = set()

    def rounds(words: int, runs: int, neural: bool, first_seed: int) -> tuple[list[float], list[float], int]:
        _review_round(client, article(words, first_seed - 1, pool), neural, families)  # warm-up: engines, models
        checks, accepts, size = [], [], 0
        for k in range(runs):
            text = article(words, first_seed + k, pool)
            assert text not in seen, "every round checks a new article"
            seen.add(text)
            size = len(text.split())
            c, a = _review_round(client, text, neural, families)
            checks.append(c)
            if a is not None:
                accepts.append(a)
        return checks, accepts, size

    checks, accepts, size = rounds(args.words, args.runs, False, 1_000)
    print(f"{size:,}-word articles, a new one each round (rules + Harper):")
    print("  " + _line("check", checks) + "   (target p95 <= 250 ms)")
    print("  " + _line("accept one fix", accepts) + "   (target p95 <= 100 ms)")
    checks_n, accepts_n, _ = rounds(args.words, args.neural_runs, True, 2_000)
    print("  with the neural layer: " + _line("check", checks_n) + "; " + _line("accept one fix", accepts_n))
    checks_l, accepts_l, size_l = rounds(args.long_words, args.long_runs, False, 3_000)
    print(f"{size_l:,}-word stories:")
    print("  " + _line("check", checks_l))
    print("  " + _line("accept one fix", accepts_l) + "   (target p95 <= 300 ms)")
    print(f"  diff of the corrected copy after 50 fixes, built in-process: {diff_figure(args.long_words, pool):.1f} ms"
          "   (target < 100 ms)")
    demo.close()
    print("The UI's own work for one accepted fix, in-process (no transport):")
    print("  " + _line(f"{args.words:,} words", server_side_accept(args.words, args.runs, pool)))
    print("  " + _line(f"{args.long_words:,} words", server_side_accept(args.long_words, args.long_runs, pool)))
    print("Gradio's floor on this machine, an event that only echoes a text of the story's size:")
    print("  " + _line(f"{args.words:,} words", transport_baseline(len(article(args.words, 1, pool)), args.runs)))
    print("  " + _line(f"{args.long_words:,} words", transport_baseline(len(article(args.long_words, 1, pool)), args.long_runs)))
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
