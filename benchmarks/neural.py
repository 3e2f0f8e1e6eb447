"""Cost of the neural layer: words/s and peak memory of the default pipeline with the neural layer off and
on, side by side, each measured in its own process (peak resident memory is per process).

    .venv/bin/python benchmarks/neural.py [--words N]

The corpus mixes monolingual copy (corpora/clean, samples), where the English encoder runs, and French/English
pairs (corpora/eval/adequacy, samples/bilingual), where the cross-lingual encoder and alignment run.
Start-up (loading spaCy, Harper and the models, and the first document) is reported apart from throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def corpus(min_words: int) -> list[tuple[str, str | None]]:
    from mtqa.evaluation import load_adequacy

    texts: list[tuple[str, str | None]] = [(p.read_text(encoding="utf-8"), None) for p in sorted((ROOT / "corpora" / "clean").glob("*.txt"))]
    for name in ("dev.tsv", "test.tsv"):
        texts += [(d.target, d.source) for d in load_adequacy(ROOT / "corpora" / "eval" / "adequacy" / name)]
    bi = ROOT / "corpora" / "samples" / "bilingual"
    texts.append(((bi / "floods.en.txt").read_text(encoding="utf-8"), (bi / "floods.fr.txt").read_text(encoding="utf-8")))
    out, words, n = [], 0, 0
    while words < min_words:
        out.append(texts[n % len(texts)])
        words += len(out[-1][0].split())
        n += 1
    return out


def measure(neural: bool, min_words: int) -> dict:
    """Run in a child process: start-up, then throughput over the corpus, then peak memory."""
    from mtqa.config import load_config
    from mtqa.document import Document
    from mtqa.engine import Engine

    docs = corpus(min_words)
    start = time.perf_counter()
    engine = Engine(load_config(ROOT / "configs" / "default.toml").with_overrides(neural=neural))
    for text, source in docs[:40]:  # every model loads on the first documents of each kind
        engine.check(Document(text=text, source=source))
    startup = time.perf_counter() - start
    start = time.perf_counter()
    words = 0
    for text, source in docs:
        words += engine.check(Document(text=text, source=source)).words
    elapsed = time.perf_counter() - start
    return {"words": words, "documents": len(docs), "words_per_s": words / elapsed, "startup_s": startup,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=20_000)
    ap.add_argument("--child", choices=("off", "on"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.child == "on", args.words)))
        return
    rows = {}
    for mode in ("off", "on"):
        out = subprocess.run([sys.executable, __file__, "--child", mode, "--words", str(args.words)],
                             capture_output=True, text=True, check=True).stdout
        rows[mode] = json.loads(out.strip().splitlines()[-1])
    off, on = rows["off"], rows["on"]
    print(f"corpus: {off['documents']} documents, {off['words']:,} words (English-only stories, and French/English stories)")
    print(f"{'':24}{'neural off':>14}{'neural on':>14}")
    print(f"{'throughput (words/s)':24}{off['words_per_s']:>14,.0f}{on['words_per_s']:>14,.0f}")
    print(f"{'peak memory (MB)':24}{off['peak_mb']:>14,.0f}{on['peak_mb']:>14,.0f}")
    print(f"{'start-up (s)':24}{off['startup_s']:>14.1f}{on['startup_s']:>14.1f}")
    print(f"the neural layer costs {off['words_per_s'] / on['words_per_s']:.1f}x the time and "
          f"{on['peak_mb'] - off['peak_mb']:,.0f} MB more memory")


if __name__ == "__main__":
    main()
