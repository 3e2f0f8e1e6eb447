"""Speed and precision of mtqa, in one run, on distinct text: words/s of mtqa's rules alone, of the default
pipeline (rules + Harper), of Harper alone (with mtqa's settings and with its own defaults) and of proselint,
side by side; then false flags per 1,000 words on the clean copy and recall/precision on corpora/eval.

    .venv/bin/python benchmarks/run.py [--words 50000] [--rounds 5]

Every round checks a fresh slice of distinct documents (benchmarks/corpus.py: the bundled copy plus
../shared/realdata when present; no paragraph twice), each method in a process of its own: Harper keeps the
spelling suggestions it has computed in a cache shared by every linter of a process, so a method run after
another on the same text in one process would be answered from that cache (a third of the cost, or less).
mtqa's grammar cache is not used. Methods take turns within a round, so a busy neighbour slows them alike.
Figures are the median over rounds with the range; CPU-time figures (process time) are printed beside wall
time because they move less on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from corpus import distinct_documents, slices, word_count  # noqa: E402

from mtqa.batch import PREPARE_DOCS  # noqa: E402
from mtqa.config import load_config  # noqa: E402
from mtqa.document import Document  # noqa: E402
from mtqa.engine import Engine  # noqa: E402

# A long unknown lowercase word (names are taught to Harper): Harper builds its spelling-suggestion automata on a
# thread's first one (about 2 s of CPU,
# once per thread), a start-up cost that every method here pays before its timing, not inside it
WARM_UP = "A short note, unrelated to the corpus, that loads every resource once: Kvartunović read the goverrnment's reoprt."


def warm(engine: Engine) -> None:
    """Load what an engine loads lazily (spaCy's pipelines, wordfreq, Harper), outside the timing."""
    from mtqa.nlp import english_ner, english_tagger

    english_ner(engine.context)
    english_tagger(engine.context)
    engine.warm([Document(text=WARM_UP)])


def _mtqa(cfg):
    def make():
        engine = Engine(cfg)  # no grammar cache: every paragraph is linted
        engine.overlap_grammar()  # as `mtqa check` runs on one process
        warm(engine)

        def check(texts: list[str]) -> None:
            """As `mtqa check` does: PREPARE_DOCS documents prepared together (Harper learns their names),
            then checked one by one."""
            for k in range(0, len(texts), PREPARE_DOCS):
                docs = [Document(text=t) for t in texts[k:k + PREPARE_DOCS]]
                engine.prepare(docs)
                for doc in docs:
                    engine.check(doc)
        return check
    return make


def _harper(cfg, defaults: bool):
    def make():
        from mtqa.grammar.harper import HarperBackend

        if defaults:
            import harper

            linter = harper.Linter(harper.Dialect.AMERICAN)
        else:
            linter = HarperBackend(cfg).linter  # mtqa's lint settings and accepted words
        linter.organized_lints(WARM_UP)
        return lambda texts: [linter.organized_lints(t) for t in texts]
    return make


def _proselint():
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    from importlib.metadata import version

    CheckRegistry().register_many(__register__)

    def make():
        LintFile("warm-up", WARM_UP).lint(DEFAULT)
        return lambda texts: [LintFile("doc", t).lint(DEFAULT) for t in texts]
    make.version = version("proselint")
    return make


def measure(names: list[str], rounds: list[list[str]], args) -> dict[str, list[tuple[float, float]]]:
    """(wall, cpu) seconds per round for every method, each method and round in a fresh process (see the
    module's docstring), methods in turn."""
    out: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for k in range(len(rounds)):
        for name in names:
            cmd = [sys.executable, __file__, "--words", str(args.words), "--rounds", str(args.rounds),
                   "--child", name, "--round", str(k)]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)
            wall, cpu = json.loads(done.stdout.strip().splitlines()[-1])
            out[name].append((wall, cpu))
    return out


def child(methods: dict, name: str, docs: list[str]) -> None:
    """One method on one round's documents, in this process: prints [wall, cpu] seconds."""
    check = methods[name]()
    wall, cpu = time.perf_counter(), time.process_time()
    check(docs)
    print(json.dumps([time.perf_counter() - wall, time.process_time() - cpu]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=50_000, help="words per round")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--round", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()

    cfg = load_config(ROOT / "configs" / "default.toml")
    docs = distinct_documents()
    rounds, fresh = slices(docs, args.words, args.rounds)
    methods = {
        "mtqa rules only": _mtqa(cfg.with_overrides(grammar="none")),
        "mtqa default (rules + Harper)": _mtqa(cfg),
        "Harper alone, mtqa's settings": _harper(cfg, defaults=False),
        "Harper alone, its defaults": _harper(cfg, defaults=True),
    }
    prose = _proselint()
    if prose:
        methods[f"proselint {prose.version}"] = prose
    if args.child:
        return child(methods, args.child, rounds[args.round])
    load_before = os.getloadavg()
    times = measure(list(methods), rounds, args)
    load_after = os.getloadavg()

    words = [sum(word_count(d) for d in r) for r in rounds]
    print(f"corpus: {len(docs):,} distinct documents, {sum(word_count(d) for d in docs):,} words; "
          f"{args.rounds} rounds of {statistics.median(words):,.0f} words "
          f"({'fresh text every round' if fresh else 'the same text every round: not enough distinct text'}), "
          f"every method and round in a fresh process")
    print(f"load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after, on {os.cpu_count()} cores")
    print(f"{'method':34}{'words/s (wall)':>16}{'range':>22}{'words/s (CPU)':>16}")
    rates = {}
    for name, runs in times.items():
        wall = [w / t for w, (t, _) in zip(words, runs)]
        cpu = [w / c for w, (_, c) in zip(words, runs)]
        rates[name] = statistics.median(wall), statistics.median(cpu)
        print(f"{name:34}{statistics.median(wall):>16,.0f}{f'{min(wall):,.0f}-{max(wall):,.0f}':>22}{statistics.median(cpu):>16,.0f}")
    default, harper = rates["mtqa default (rules + Harper)"], rates["Harper alone, its defaults"]
    print(f"mtqa default / Harper alone with its defaults: {default[0] / harper[0]:.2f}x (wall), {default[1] / harper[1]:.2f}x (CPU)")

    for name, engine in (("rules only", Engine(cfg.with_overrides(grammar="none"))), ("default pipeline", Engine(cfg))):
        flags = total = 0
        for p in sorted((ROOT / "corpora" / "clean").glob("*.txt")):
            r = engine.check(Document(text=p.read_text(encoding="utf-8"), path=str(p)))
            flags += len(r.issues)
            total += r.words
        print(f"clean copy, {name}: {flags} flag(s) in {total:,} words = {1000 * flags / total:.2f} per 1,000 words")
    from mtqa.evaluation import evaluate

    ev = evaluate(Engine(cfg), sorted((ROOT / "corpora" / "eval").glob("*.txt")))
    families = ", ".join(f"{f} {found}/{marked}" for f, (marked, found) in sorted(ev.by_family.items()))
    print(f"marked MT copy (corpora/eval), default pipeline: recall {ev.recall:.2f} ({ev.found}/{ev.marked}: {families}), "
          f"precision {ev.precision:.2f} ({ev.on_marked}/{ev.findings})")


if __name__ == "__main__":
    main()
