"""Cost per 1,000 words as documents grow: every rule family should be linear (or near it) in its input.

    .venv/bin/python benchmarks/scaling.py                 # rules, 1k / 10k / 50k / 200k words, median of 3
    .venv/bin/python benchmarks/scaling.py --grammar       # the Harper layer too (slow: about 30 s at 200k words)
    .venv/bin/python benchmarks/scaling.py --sizes 1000,10000 --repeat 5
    .venv/bin/python benchmarks/scaling.py --source        # with the French source: the bilingual rules too

With --source the documents are Google's MT of the real development data (../shared/realdata, or
$MTQA_REALDATA) with its French source, the sentences in their order, six to a paragraph on both sides, from a
seeded starting point: the bilingual rules (sentence alignment above all) are timed on long real copy.

The documents are distinct text built from the bundled corpora: paragraphs of three to six sentences drawn at
random (seeded) from every bundled article, with figures changed, so no paragraph is an exact repeat by chance;
a few exact and near repeats and requoted quotations are planted, as real long copy has them. Each rule runs on a
fresh Document (no cache from an earlier size), and a family's time includes what its rules share (the quotation
list, the lexicon matches). Target: total cost per 1,000 words at 200k words within 1.5x of the cost at 10k.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa.config import load_config  # noqa: E402
from mtqa.document import Document, split_sentences  # noqa: E402
from mtqa.engine import Engine  # noqa: E402


def corpus_sentences() -> list[str]:
    files = sorted((ROOT / "corpora").glob("**/*.txt"))
    files = [f for f in files if not f.name.endswith((".fr.txt", ".ref.txt"))]
    seeds = [d / "shared" / "seed" / "article.txt" for d in (ROOT.parent, ROOT.parent.parent)]  # main or a worktree
    out: list[str] = []
    for f in files + [s for s in seeds if s.is_file()][:1]:
        doc = Document(f.read_text(encoding="utf-8"))
        for p in doc.paragraphs:
            out += [s.text for s in split_sentences(p) if len(s.text.split()) >= 4]
    return list(dict.fromkeys(out))


ADJECTIVES = ("acute", "fiscal", "border", "water", "energy", "housing", "pension", "security", "trade", "climate",
              "labour", "health", "transport", "farming", "banking", "customs", "fishing", "tax", "legal", "budget")
PAIRS = (("problems", "issues"), ("disputes", "quarrels"), ("questions", "matters"), ("concerns", "worries"))


def build_document(words: int, sentences: list[str], seed: int = 7) -> str:
    rng = random.Random(seed * 1_000_003 + words)
    paragraphs: list[str] = []
    plant = ""
    count = 0
    while count < words:
        n = len(paragraphs)
        if n > 20 and n % 40 == 0:
            paragraphs.append(paragraphs[rng.randrange(n)])  # an exact repeat
        elif n > 20 and n % 40 == 20:
            p = paragraphs[rng.randrange(n)]
            paragraphs.append(p.replace(" the ", " a ", 1))  # a near repeat
        elif n % 25 == 5:  # a quotation requoted in other words further down (QUO006), a different one each time
            adjective, (said, other) = ADJECTIVES[(n // 25) % len(ADJECTIVES)], PAIRS[(n // 25 // len(ADJECTIVES)) % len(PAIRS)]
            paragraphs.append(f"An official said \"the talks did not resolve any {adjective} {other}\" on day {n}.")
            plant = f"No \"{adjective} {said}\" were resolved during the talks, officials said after round {n}."
        elif n % 25 == 15 and plant:
            paragraphs.append(plant)
        else:
            body = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 6)))
            paragraphs.append(re.sub(r"\d+", lambda m: str(rng.randint(2, 9999)), body))
        count += len(paragraphs[-1].split())
    return "\n\n".join(paragraphs) + "\n"


_clock = time.process_time  # CPU time: the machine is shared, and wall time would measure the neighbours
by_rule: dict[str, float] = {}


def realdata_rows() -> list[dict]:
    """The LIG development sentences (French source and Google's MT), or exit 2 saying where they were looked for."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from realdata import default_data, lig_rows

    data = default_data()
    if not (data / "lig-fr-en-dev.jsonl").is_file():
        sys.exit(f"scaling.py --source: no real development data at {data} (set MTQA_REALDATA)")
    return lig_rows(data)


def build_bilingual(words: int, rows: list[dict], seed: int = 7) -> tuple[str, str]:
    """(English, French) of about `words` words: consecutive sentences from a seeded start, six to a paragraph."""
    start = random.Random(seed * 1_000_003 + words).randrange(len(rows))
    en, fr, count, k = [], [], 0, start
    while count < words:
        block = [rows[(k + j) % len(rows)] for j in range(6)]
        en.append(" ".join(r["google"] for r in block))
        fr.append(" ".join(r["fr"] for r in block))
        count += len(en[-1].split())
        k += 6
    return "\n\n".join(en) + "\n", "\n\n".join(fr) + "\n"


def time_families(engine: Engine, text: str, grammar: bool, source: str | None = None) -> tuple[dict[str, float], int]:
    """Seconds per rule family on a fresh Document of `text` (with its source), and its word count."""
    doc = Document(text, source=source)
    _ = doc.paragraphs, doc.word_count  # segmentation is shared by every rule; it is timed apart
    spent: dict[str, float] = {}
    for r in engine.rules:
        if r.needs_source and not doc.source:
            continue
        t = _clock()
        list(r.check(doc, engine.context))
        spent[r.family] = spent.get(r.family, 0.0) + _clock() - t
        by_rule[r.code] = by_rule.get(r.code, 0.0) + _clock() - t
    if grammar and engine.grammar is not None:
        t = _clock()
        engine.grammar.check(doc, engine.context)
        spent["grammar (Harper)"] = _clock() - t
    return spent, doc.word_count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,50000,200000")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (the median is shown)")
    ap.add_argument("--grammar", action="store_true", help="time the Harper layer too")
    ap.add_argument("--source", action="store_true", help="real MT with its French source: the bilingual rules too")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    cfg = load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="harper" if args.grammar else "none")
    engine = Engine(cfg)
    if args.source:
        rows = realdata_rows()
        document = lambda size, seed: build_bilingual(size, rows, seed)  # noqa: E731
    else:
        sentences = corpus_sentences()
        document = lambda size, seed: (build_document(size, sentences, seed), None)  # noqa: E731
    time_families(engine, *document(2000, 1), args.grammar)  # load spaCy, the lexicon and Harper before timing

    table: dict[str, dict[int, float]] = {}
    spread: dict[int, tuple[float, float]] = {}
    for size in sizes:
        runs = []
        for n in range(args.repeat):
            text, source = document(size, 11 + n)
            spent, words = time_families(engine, text, args.grammar, source)
            runs.append({k: 1000 * v / (words / 1000) for k, v in spent.items()})
        for family in runs[0]:
            table.setdefault(family, {})[size] = statistics.median(r[family] for r in runs)
        totals = [sum(r.values()) for r in runs]
        table.setdefault("TOTAL", {})[size] = statistics.median(totals)
        spread[size] = (min(totals), max(totals))
        print(f"  {size:>7,} words: {statistics.median(totals):.2f} ms per 1,000 words "
              f"(min {min(totals):.2f}, max {max(totals):.2f}, {args.repeat} runs)", file=sys.stderr)

    head = f"{'ms per 1,000 words':<22}" + "".join(f"{s:>10,}" for s in sizes)
    ratio_of = (10000, 200000) if {10000, 200000} <= set(sizes) else (sizes[0], sizes[-1])
    head += f"{f'{ratio_of[1] // 1000}k/{ratio_of[0] // 1000}k':>10}"
    print(head)
    for family, row in sorted(table.items(), key=lambda kv: (kv[0] == "TOTAL", kv[0])):
        ratio = row[ratio_of[1]] / row[ratio_of[0]] if row.get(ratio_of[0]) else float("nan")
        print(f"{family:<22}" + "".join(f"{row.get(s, float('nan')):>10.2f}" for s in sizes) + f"{ratio:>9.2f}x")
    total = table["TOTAL"]
    ratio = total[ratio_of[1]] / total[ratio_of[0]]
    print(f"target: total at {ratio_of[1]:,} words within 1.5x of {ratio_of[0]:,} words: "
          f"{'met' if ratio <= 1.5 else 'MISSED'} ({ratio:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
