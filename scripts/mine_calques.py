"""Mine French-induced substitutions from real post-edits, and measure the calque lexicon against them.

Reads the LIG French->English post-editing corpus (one JSON object per line: id, fr, mt, pe, google, bing;
see ../shared/realdata/README.md). Nothing of the data is written into the repository: the candidates go to
stdout or to a path you give (keep it outside the repo, e.g. /tmp).

    python scripts/mine_calques.py mine  [DATA] [--out /tmp/calque-candidates.tsv]
    python scripts/mine_calques.py ngrams [DATA] [--out /tmp/calque-ngrams.tsv]
    python scripts/mine_calques.py score [DATA] [--lexicon corpora/calques.tsv] [--fold dev|held-out|all] [--show C012,...]
    python scripts/mine_calques.py evidence [DATA]   (rewrites the lexicon's `source` column with the counts)

`mine` aligns each MT output (mt, google, bing) with the post-edit on lowercased word tokens (difflib's
longest common blocks) and counts the substitutions "MT phrase -> PE phrase", with the French words of the
source that look like the MT words (shared stem), ranked by distinct sentences.
`ngrams` contrasts word n-grams: how many sentences have the n-gram in an MT output but not in the post-edit,
against how many post-edits contain it (a calque candidate is frequent in MT and rare in edited English).
`score` runs every lexicon entry over `pe` (edited English: a hit there is a false flag) and over google, bing
and mt (a hit is right when it covers a word the post-editor changed, as word-level quality estimation labels
words), per entry and in total, on one fold of the data split by lig id.

DATA defaults to ../shared/realdata/lig-fr-en-dev.jsonl beside the repository; when it is absent the script says
so and exits with status 0, so that it can run in any checkout.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared/realdata beside the checkout (or beside the worktrees folder that holds it)
DEFAULT_DATA = next((p for p in (ROOT.parent / "shared" / "realdata" / "lig-fr-en-dev.jsonl",
                                 ROOT.parent.parent / "shared" / "realdata" / "lig-fr-en-dev.jsonl") if p.is_file()),
                    ROOT.parent / "shared" / "realdata" / "lig-fr-en-dev.jsonl")
OUTPUTS = ("mt", "google", "bing")
WORD = re.compile(r"[\w]+(?:['’][\w]+)?|[^\w\s]", re.U)
# Folds: the same as benchmarks/realdata.py's, so that what is mined on its dev fold is measured on its held-out
# one: a run of consecutive ids (one article) goes whole to the fold that a hash of its first id names.
FOLDS = ("dev", "held-out")


def _number(record_id: str) -> int:
    return int(re.sub(r"\D", "", record_id) or 0)


def folds_of(records: list[dict]) -> dict[str, str]:
    """Record id -> fold; a gap in the ids ends a run (records in file order)."""
    out, first, previous = {}, None, None
    for rec in records:
        n = _number(rec["id"])
        if previous is None or n != previous + 1:
            first = rec["id"]
        previous = n
        out[rec["id"]] = FOLDS[hashlib.sha1(first.encode()).digest()[0] % 2]
    return out


def read_records(path: Path) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{lineno}: not a JSON object ({exc.msg})") from None
            missing = [k for k in ("id", "fr", "pe", *OUTPUTS) if k not in rec]
            if missing:
                raise SystemExit(f"{path}:{lineno}: record lacks {', '.join(missing)}")
            records.append(rec)
    return records


def detokenize(text: str) -> str:
    """Undo the LIG system's tokenisation well enough for phrase patterns ("word , word" -> "word, word")."""
    text = re.sub(r" ([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    text = re.sub(r" ' s\b", "'s", text)
    text = re.sub(r"(\w) (['’]s)\b", r"\1\2", text)
    text = re.sub(r"\b(\w+) n't\b", r"\1n't", text)
    return text


def fold_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Lowercase word and punctuation tokens with their character offsets."""
    return [(m.group(0).lower(), m.start(), m.end()) for m in WORD.finditer(text)]


def changed_mask(hyp: list[str], ref: list[str]) -> tuple[list[bool], set[int]]:
    """True for each hypothesis token outside the longest common blocks against the reference (a BAD word),
    and the gaps where the reference inserts words (gap i lies before token i), as word-level QE tags them."""
    sm = difflib.SequenceMatcher(None, hyp, ref, autojunk=False)
    bad = [True] * len(hyp)
    for block in sm.get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            bad[i] = False
    gaps = {i1 for op, i1, i2, _, _ in sm.get_opcodes() if op == "insert"}
    return bad, gaps


# ---------------------------------------------------------------------------------------------- mining

def looks_like(word: str, french: set[str]) -> list[str]:
    """French words of the source sharing a stem with an English word (actuellement ~ actually)."""
    w = fold_accents(word)
    if len(w) < 4 or not w.isalpha():
        return []

    def shared(f: str) -> int:
        n = 0
        while n < min(len(w), len(f)) and w[n] == f[n]:
            n += 1
        return n

    # a common start of at least four letters and half the shorter word: actually ~ actuellement, society ~ société
    return sorted(f for f in french if len(f) >= 4 and shared(f) >= max(4, min(len(w), len(f)) / 2))


def substitutions(rec: dict, output: str):
    """(mt phrase, pe phrase, mt context) for each non-matching stretch of the alignment."""
    hyp_text = rec[output] if output != "mt" else detokenize(rec[output])
    hyp = [t for t, _, _ in tokens(hyp_text)]
    ref = [t for t, _, _ in tokens(rec["pe"])]
    sm = difflib.SequenceMatcher(None, hyp, ref, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or i2 - i1 > 5 or j2 - j1 > 5:
            continue
        src = " ".join(hyp[i1:i2])
        tgt = " ".join(ref[j1:j2])
        # a word of context on each side makes "of -> in" readable as "participate of -> participate in"
        left = hyp[i1 - 1] if i1 > 0 else "^"
        right = hyp[i2] if i2 < len(hyp) else "$"
        yield src, tgt, f"{left} [{src}] {right}"


def mine(records: list[dict], min_sentences: int) -> list[dict]:
    counts: Counter = Counter()
    sentences: dict = defaultdict(set)
    outputs: dict = defaultdict(set)
    contexts: dict = defaultdict(Counter)
    french_words: dict = defaultdict(Counter)
    for rec in records:
        fr = {fold_accents(w) for w in re.findall(r"\w+", rec["fr"])}
        for output in OUTPUTS:
            for src, tgt, ctx in substitutions(rec, output):
                key = (src, tgt)
                counts[key] += 1
                sentences[key].add(rec["id"])
                outputs[key].add(output)
                contexts[key][ctx] += 1
                for w in src.split():
                    for f in looks_like(w, fr):
                        french_words[key][f] += 1
    rows = []
    for key, n in counts.items():
        if len(sentences[key]) < min_sentences:
            continue
        src, tgt = key
        rows.append({
            "mt": src or "(nothing)", "pe": tgt or "(deleted)", "count": n, "sentences": len(sentences[key]),
            "outputs": ",".join(sorted(outputs[key])),
            "french_lookalike": " ".join(f"{w}:{c}" for w, c in french_words[key].most_common(3)),
            "contexts": " | ".join(c for c, _ in contexts[key].most_common(3)),
        })
    # a substitution whose MT words echo French words of the source is the likeliest calque: rank those first
    rows.sort(key=lambda r: (-bool(r["french_lookalike"]), -r["sentences"], -r["count"]))
    return rows


def ngram_contrast(records: list[dict], max_n: int, min_sentences: int) -> list[dict]:
    """n-grams present in an MT output but absent from its post-edit, against their frequency in post-edits."""
    mt_only: Counter = Counter()
    in_pe: Counter = Counter()
    for rec in records:
        pe = [t for t, _, _ in tokens(rec["pe"])]
        pe_grams = {tuple(pe[i:i + n]) for n in range(1, max_n + 1) for i in range(len(pe) - n + 1)}
        for g in pe_grams:
            in_pe[g] += 1
        seen = set()
        for output in OUTPUTS:
            text = rec[output] if output != "mt" else detokenize(rec[output])
            hyp = [t for t, _, _ in tokens(text)]
            for n in range(2, max_n + 1):
                for i in range(len(hyp) - n + 1):
                    g = tuple(hyp[i:i + n])
                    if g not in pe_grams:
                        seen.add(g)
        for g in seen:
            mt_only[g] += 1
    rows = []
    for g, n in mt_only.items():
        if n < min_sentences or all(not w.isalpha() for w in g):
            continue
        ratio = n / (n + in_pe[g])
        rows.append({"ngram": " ".join(g), "mt_not_pe_sentences": n, "pe_sentences": in_pe[g], "mt_share": round(ratio, 3)})
    rows.sort(key=lambda r: (-(r["mt_share"] >= 0.8), -r["mt_not_pe_sentences"]))
    return rows


# ---------------------------------------------------------------------------------------------- scoring

# `pe` is edited copy, not flawless. Lexicon hits in it that were read and found to be real errors left by the
# post-editor, keyed by (lig id, entry pattern), with the reason in our words; every other hit in pe counts as a
# false flag. Entries are keyed by pattern because ids may be renumbered.
PE_TRUE_ERRORS = {
    ("lig-00550", "took|take|takes|taking in account"): "'take in account' left for 'take into account'",
    ("lig-00707", "the question of knowing"): "'the question of knowing what' left for 'the question of what'",
    ("lig-01558", "billion|million|billions|millions of euros|dollars|pounds|francs|people|inhabitants|voters|tonnes|barrels"):
        "a plural 'billions of' after a figure with a decimal comma",
    ("lig-03071", "it is not question of"): "'it is not question of' left without its article",
    ("lig-06555", "at the contrary"): "'at the contrary' for 'on the contrary'",
    ("lig-06635", "during {NUM} years|months|weeks|days|hours"): "'during five years' for 'for five years'",
    ("lig-07576", "take|takes part to"): "'take part to' for 'take part in'",
    ("lig-08200", "as for example"): "'as for example' opening a sentence fragment",
    ("lig-09092", "great-britain"): "French hyphen kept in 'Great-Britain'",
    ("lig-09614", "great-britain"): "French hyphen kept in 'Great-Britain'",
    ("lig-09617", "great-britain"): "French hyphen kept in 'Great-Britain'",
    ("lig-09666", "during {NUM} years|months|weeks|days|hours"): "'during three years' for 'over three years'",
    ("lig-10040", "at the exit of"): "'at the exit of the hearing' for 'after the hearing'",
    ("lig-10115", "in the night of Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday to Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"):
        "'in the night of Thursday to Friday' left word for word",
    ("lig-10173", "precises"): "'precises' is not an English verb form",
    ("lig-09227", "the last week|month|year"): "'the last month' for 'last month'",
    ("lig-03175", "=Poutine"): "a sentence left in French in the edited copy, the name in its French spelling",
}

def _outermost(found):
    return [(e, m) for e, m in found
            if not any(o is not m and o.start() <= m.start() and m.end() <= o.end() and (o.end() - o.start()) > (m.end() - m.start())
                       for _, o in found)]


def score(records: list[dict], lexicon_path: Path, show: set[str] = frozenset()) -> tuple[dict, dict]:
    sys.path.insert(0, str(ROOT))
    from mtqa.rules.lexicon import Lexicon, load_lexicon

    entries = load_lexicon(lexicon_path)
    lexicon = Lexicon(entries)
    per_entry: dict = defaultdict(Counter)
    for e in entries:
        per_entry[e.id]["pattern"] = e.pattern
    totals: Counter = Counter()
    for rec in records:
        pe_text = rec["pe"]
        totals["pe_words"] += len(pe_text.split())
        for e, m in _outermost(list(lexicon.matches(pe_text))):
            if (rec["id"], e.pattern) in PE_TRUE_ERRORS:
                per_entry[e.id]["pe_true_error"] += 1
                totals["pe_true_errors"] += 1
            if e.id in show:
                print(f"{e.id} pe     {rec['id']}: ...{pe_text[max(0, m.start() - 60):m.end() + 60]}...", file=sys.stderr)
            per_entry[e.id]["pe"] += 1
            totals["pe_hits"] += 1
        ref = [t for t, _, _ in tokens(pe_text)]
        for output in OUTPUTS:
            text = rec[output] if output != "mt" else detokenize(rec[output])
            toks = tokens(text)
            bad, gaps = changed_mask([t for t, _, _ in toks], ref)
            totals[f"{output}_words"] += sum(1 for t, _, _ in toks if t[0].isalnum())
            totals[f"{output}_bad_words"] += sum(1 for (t, _, _), b in zip(toks, bad) if b and t[0].isalnum())
            covered: set[int] = set()
            for e, m in _outermost(list(lexicon.matches(text))):
                inside = [i for i, (t, s, end) in enumerate(toks) if s < m.end() and end > m.start() and t[0].isalnum()]
                # right when it covers a changed word, or a place inside it where the editor inserted words
                # ("according [to] the")
                on_bad = any(bad[i] for i in inside) or any(inside[0] < g <= inside[-1] for g in gaps) if inside else False
                if e.id in show:
                    print(f"{e.id} {output:6} {rec['id']} {'BAD' if on_bad else 'ok '}: ...{text[max(0, m.start() - 60):m.end() + 60]}...", file=sys.stderr)
                per_entry[e.id][output] += 1
                per_entry[e.id][f"{output}_bad"] += on_bad
                if on_bad:
                    per_entry[e.id].setdefault("sentences", set()).add(rec["id"])
                totals[f"{output}_hits"] += 1
                totals[f"{output}_hits_bad"] += on_bad
                covered.update(i for i in inside if bad[i])
            totals[f"{output}_bad_covered"] += len(covered)
    return per_entry, totals


def print_score(per_entry: dict, totals: Counter, fold: str, lexicon_path: Path, out) -> None:
    print(f"# calque lexicon {lexicon_path.name} on fold {fold}: {totals['pe_words']} pe words", file=out)
    false_pe = totals["pe_hits"] - totals["pe_true_errors"]
    print(f"pe: {totals['pe_hits']} hits, {totals['pe_true_errors']} of them real errors left in pe (PE_TRUE_ERRORS): "
          f"{false_pe} false flags = {1000 * false_pe / max(totals['pe_words'], 1):.3f} per 1,000 words", file=out)
    for o in OUTPUTS:
        hits, good = totals[f"{o}_hits"], totals[f"{o}_hits_bad"]
        base = totals[f"{o}_bad_words"] / max(totals[f"{o}_words"], 1)
        recall = totals[f"{o}_bad_covered"] / max(totals[f"{o}_bad_words"], 1)
        prec = good / hits if hits else float("nan")
        print(f"{o}: {hits} hits, {good} on words the post-editor changed: precision {prec:.3f} "
              f"(base rate {base:.3f}); recall of changed words {recall:.4f}; {100 * hits / max(totals[f'{o}_words'], 1):.3f} hits per 100 words", file=out)
    mt_all = sum(totals[f"{o}_hits"] for o in OUTPUTS)
    bad_all = sum(totals[f"{o}_hits_bad"] for o in OUTPUTS)
    print(f"all MT: {mt_all} hits, precision {bad_all / mt_all if mt_all else float('nan'):.3f}; "
          f"counting pe false flags as wrong too: {bad_all / (mt_all + false_pe) if mt_all + false_pe else float('nan'):.3f}", file=out)
    print("\nentry\tpe\tpe_true_errors\tmt\tgoogle\tbing\tmt_hits_on_changed\tprecision\tpattern", file=out)
    ranked = sorted(per_entry.items(), key=lambda kv: -(kv[1]["mt"] + kv[1]["google"] + kv[1]["bing"] + kv[1]["pe"]))
    for eid, c in ranked:
        hits = sum(c[o] for o in OUTPUTS)
        if not hits and not c["pe"]:
            continue
        good = sum(c[f"{o}_bad"] for o in OUTPUTS)
        prec = (good + c["pe_true_error"]) / (hits + c["pe"]) if hits + c["pe"] else float("nan")
        print(f"{eid}\t{c['pe']}\t{c['pe_true_error']}\t{c['mt']}\t{c['google']}\t{c['bing']}\t{good}\t{prec:.2f}\t{c['pattern']}", file=out)
    silent = sum(1 for c in per_entry.values() if not any(c[o] for o in (*OUTPUTS, "pe")))
    print(f"({silent} of {len(per_entry)} entries never fire on this fold)", file=out)


def evidence_column(per_entry: dict, lexicon_path: Path) -> int:
    """Rewrite the `source` column of the lexicon with each entry's evidence in the data: the MT hits on words the
    post-editor changed (and the sentences they come from), plus real errors of the same kind left in pe;
    "editorial" for entries the data never shows. Only counts are written, never text of the data."""
    lines = lexicon_path.read_text(encoding="utf-8").splitlines()
    header = next(ln for ln in lines if ln.startswith("id\t")).split("\t")
    col = header.index("source")
    changed = 0
    for n, line in enumerate(lines):
        fields = line.split("\t")
        if line.startswith("#") or fields[0] == "id" or len(fields) != len(header):
            continue
        c = per_entry.get(fields[0], Counter())
        hits = sum(c[f"{o}_bad"] for o in OUTPUTS)
        kept = c["pe_true_error"]
        if hits or kept:
            parts = [f"{hits} MT hits on edited words in {len(c.get('sentences', ()))} sentences"] if hits else []
            parts += [f"{kept} left in pe"] if kept else []
            evidence = f"lig-dev {'; '.join(parts)}"
        else:
            evidence = "editorial"
        new = f"mtqa authors; evidence: {evidence}"
        if fields[col] != new:
            fields[col] = new
            lines[n] = "\t".join(fields)
            changed += 1
    lexicon_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed


# ---------------------------------------------------------------------------------------------- cli

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("mine", "ngrams", "score", "evidence"))
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="lig-fr-en-dev.jsonl")
    ap.add_argument("--out", help="write the table here (outside the repository) instead of stdout")
    ap.add_argument("--fold", choices=("dev", "held-out", "all"), default="all",
                    help="records to use: the folds of benchmarks/realdata.py (runs of consecutive ids, hashed)")
    ap.add_argument("--min-sentences", type=int, default=3)
    ap.add_argument("--max-n", type=int, default=4)
    ap.add_argument("--lexicon", default=str(ROOT / "corpora" / "calques.tsv"))
    ap.add_argument("--show", default="", help="score: print each hit of these entry ids (comma-separated) to stderr")
    args = ap.parse_args(argv)

    data = Path(args.data)
    if not data.is_file():
        print(f"mine_calques: no data at {data}; nothing to do (see ../shared/realdata/README.md)", file=sys.stderr)
        return 0
    records = read_records(data)
    fold = folds_of(records)
    records = [r for r in records if args.fold == "all" or fold[r["id"]] == args.fold]
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout
    try:
        if args.mode == "evidence":
            per_entry, _ = score(records, Path(args.lexicon))
            print(f"{evidence_column(per_entry, Path(args.lexicon))} entries' evidence updated in {args.lexicon}", file=sys.stderr)
        elif args.mode == "score":
            per_entry, totals = score(records, Path(args.lexicon), set(filter(None, args.show.split(","))))
            print_score(per_entry, totals, args.fold, Path(args.lexicon), out)
        else:
            rows = mine(records, args.min_sentences) if args.mode == "mine" else ngram_contrast(records, args.max_n, args.min_sentences)
            if rows:
                w = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
                w.writeheader()
                w.writerows(rows)
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
