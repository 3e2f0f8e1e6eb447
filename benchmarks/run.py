"""Speed and precision of mtqa, in one run: words/s of the rules alone, of Harper alone and of the default
pipeline on the same 100,000+ words, and false flags per 1,000 words on the clean copy.

    .venv/bin/python benchmarks/run.py [--words N] [--repeat R]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from mtqa.config import load_config  # noqa: E402
from mtqa.document import Document  # noqa: E402
from mtqa.engine import Engine  # noqa: E402


def corpus(min_words: int) -> list[str]:
    """Bundled samples and clean copy, repeated until the corpus has at least `min_words` words."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "samples").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "clean").glob("*.txt"))]
    out, words, n = [], 0, 0
    while words < min_words:
        t = texts[n % len(texts)]
        out.append(t)
        words += len(t.split())
        n += 1
    return out


def timed(fn, docs, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for d in docs:
            fn(d)
        best = min(best, time.perf_counter() - start)
    return best


def false_flags(engine) -> tuple[int, int]:
    flags = words = 0
    for p in sorted((ROOT / "corpora" / "clean").glob("*.txt")):
        r = engine.check(Document(text=p.read_text(encoding="utf-8"), path=str(p)))
        flags += len(r.issues)
        words += r.words
    return flags, words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    texts = corpus(args.words)
    total_words = sum(Document(text=t).word_count for t in texts)
    cfg = load_config(ROOT / "configs" / "default.toml")
    rules = Engine(cfg.with_overrides(grammar="none"))
    full = Engine(cfg)
    # warm up: models, automata and the linter are built once, outside the timing
    rules.check(Document(text=texts[0]))
    full.check(Document(text=texts[0]))
    harper = full.grammar.linter

    t_rules = timed(lambda t: rules.check(Document(text=t)), texts, args.repeat)
    t_harper = timed(lambda t: harper.organized_lints(t), texts, args.repeat)
    t_full = timed(lambda t: full.check(Document(text=t)), texts, args.repeat)

    print(f"corpus: {len(texts)} documents, {total_words:,} words (best of {args.repeat})")
    print(f"rules alone:               {total_words / t_rules:>10,.0f} words/s")
    print(f"Harper alone:              {total_words / t_harper:>10,.0f} words/s")
    print(f"default pipeline (rules + Harper): {total_words / t_full:>10,.0f} words/s "
          f"({t_harper / t_full:.2f}x Harper alone's speed)")
    for name, engine in (("rules alone", rules), ("default pipeline", full)):
        flags, words = false_flags(engine)
        print(f"clean copy, {name}: {flags} flag(s) in {words:,} words = {1000 * flags / words:.2f} per 1,000 words")
    from mtqa.evaluation import evaluate

    ev = evaluate(full, sorted((ROOT / "corpora" / "eval").glob("*.txt")))
    families = ", ".join(f"{f} {found}/{marked}" for f, (marked, found) in sorted(ev.by_family.items()))
    print(f"marked MT copy (corpora/eval), default pipeline: recall {ev.recall:.2f} ({ev.found}/{ev.marked}: {families}), "
          f"precision {ev.precision:.2f} ({ev.on_marked}/{ev.findings})")


if __name__ == "__main__":
    main()
