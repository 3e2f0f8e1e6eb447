"""Calibration and recall of the neural repeat checks (DUP002 paraphrased paragraph, DUP003 restated headline).

    .venv/bin/python benchmarks/repeats.py

Negatives: every pair the rules would compare in the clean copy (corpora/clean: distinct paragraphs of one
story, each headline with the later paragraphs of about its length). Threshold: the lowest value, in steps of
0.005, at least 0.02 above the best-scoring negative (precision first; never below 0.8). Positives, never used
to choose: corpora/eval/repeats.tsv, MT-style rewordings of a clean story's lede (inserted as a later
paragraph) or of its headline (inserted after the lede); a positive counts as found only if the rule flags
the inserted paragraph and nothing else in the story.
"""

from __future__ import annotations

import csv
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from mtqa.config import load_config  # noqa: E402
from mtqa.document import Document  # noqa: E402
from mtqa.engine import Engine  # noqa: E402
from mtqa.rules import duplication  # noqa: E402

CHECKS = {"DUP002": duplication.paragraph_repeats, "DUP003": duplication.headline_restatements}


def negatives(engine: Engine, code: str) -> list[float]:
    out = []
    for path in sorted((ROOT / "corpora" / "clean").glob("*.txt")):
        doc = Document(text=path.read_text(encoding="utf-8"))
        out += [score for _, _, score in CHECKS[code](doc, engine.context)]
    return out


def threshold_for(scores: list[float]) -> float:
    if not scores:
        return 0.8
    return max(0.8, round(math.ceil((max(scores) + 0.02) / 0.005) * 0.005, 3))


def with_repeat(story: str, kind: str, text: str) -> tuple[str, int]:
    """The story with the rewording inserted, and the offset where it starts."""
    paragraphs = story.strip().split("\n\n")
    at = 3 if kind == "paragraph" else 2
    before = "\n\n".join(paragraphs[:at]) + "\n\n"
    return before + text + "\n\n" + "\n\n".join(paragraphs[at:]) + "\n", len(before)


def recall(engine: Engine, code: str, kind: str) -> tuple[int, int, list[str]]:
    found, total, missed = 0, 0, []
    with (ROOT / "corpora" / "eval" / "repeats.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["kind"] != kind:
                continue
            total += 1
            text, start = with_repeat((ROOT / "corpora" / "clean" / row["story"]).read_text(encoding="utf-8"), kind, row["text"])
            issues = [i for i in engine.check_text(text).issues if i.rule == code]
            if [i.start for i in issues] == [start]:
                found += 1
            else:
                missed.append(f"{row['story']}: {row['text'][:60]}")
    return found, total, missed


def main() -> None:
    base = load_config().with_overrides(grammar="none")
    for code, kind, current in (("DUP002", "paragraph", duplication.PARAPHRASE_THRESHOLD),
                                ("DUP003", "headline", duplication.RESTATED_THRESHOLD)):
        engine = Engine(base.with_overrides(select=(code,)))
        scores = negatives(engine, code)
        print(f"{code}: {len(scores)} negative pairs in the clean copy, best score {max(scores, default=0):.3f} "
              f"-> threshold {threshold_for(scores)} (in use: {current})")
        found, total, missed = recall(engine, code, kind)
        print(f"  recall on reworded {kind}s: {found}/{total}")
        for m in missed:
            print(f"    missed: {m}")


if __name__ == "__main__":
    main()
