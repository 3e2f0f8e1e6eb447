"""Latency of the web UI's check: a 1,000-word article submitted through the UI's API (gradio_client) to the
result, 20 runs, p50 and p95, with the default pipeline (rules + Harper), then with the neural layer ticked.

    .venv/bin/python benchmarks/ui_latency.py [--runs 20] [--words 1000]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def article(words: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "samples").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "clean").glob("*.txt"))]
    out = []
    for paragraph in (p for t in texts for p in t.split("\n\n")):
        out.append(paragraph)
        if len(" ".join(out).split()) >= words:
            break
    return "\n\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--words", type=int, default=1000)
    args = ap.parse_args()
    import app
    from gradio_client import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = app.build()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, theme=app.THEME)
    client = Client(f"http://127.0.0.1:{port}/", verbose=False)
    text = article(args.words)
    families = list(app.FAMILY_CHOICES)
    for neural, label in ((False, "default pipeline: rules + Harper"), (True, "with the neural layer")):
        client.predict(text, "", "", "us", families, neural, api_name="/check")  # warm-up: engines and models load
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.predict(text, "", "", "us", families, neural, api_name="/check")
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        print(f"UI check of a {len(text.split()):,}-word article over {args.runs} runs: "
              f"p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms ({label})")
    demo.close()


if __name__ == "__main__":
    main()
