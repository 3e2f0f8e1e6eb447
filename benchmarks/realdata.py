"""How far to trust each rule on real copy nobody on the team wrote: precision and recall of mtqa beside
Harper alone on the development data in ../shared/realdata (see its README; nothing of it is stored here).

    .venv/bin/python benchmarks/realdata.py [DATA_DIR] [--write-docs] [--corpus mqm,google,bing,pe]

Three measurements, each on a dev fold (to tune on) and a held-out fold (to report), chosen by a hash of the
document id so that the split never changes:
- WMT23 zh-en MQM segments: a flag of at most 60 characters is right when it overlaps any rater's error
  span; recall is the share of all rater spans that some such flag overlaps. (Longer flags, a whole
  sentence or paragraph, say little about where the error is: they are counted apart, here and below.)
- Google's and Bing's MT of the LIG French news, checked with the French source in documents of six
  consecutive sentences: a flag is right when it covers a word the post-edit `pe` does not keep (a word
  outside the longest common blocks of the MT and `pe`, as word-level quality estimation labels words).
  The base rate (the share of such words: what random flags would score) is printed beside it. Flags on
  spacing alone (a doubled space, "$ 700") cover no word: they are judged apart, on the gap between two
  tokens, as quality estimation labels gaps: a gap is BAD unless the tokens on both sides are kept side by
  side in the post-edit with the same spacing between them. Both figures are printed, and their sum.
- `pe` itself, professionally edited copy: flags per 1,000 words, and how many of them a person judged to be
  true errors (benchmarks/realdata_pe_verdicts.tsv: lig id, rule, offset in the sentence, verdict, reason).

With --write-docs the per-rule table (all rules, opt-in ones included, and every Harper lint) goes to
docs/quality.md. The data is absent from a fresh clone: the script then says so and exits 0.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")



def default_data() -> Path:
    """$MTQA_REALDATA, else ../shared/realdata beside the checkout (or beside the folder of git worktrees)."""
    if os.environ.get("MTQA_REALDATA"):
        return Path(os.environ["MTQA_REALDATA"])
    candidates = [ROOT.parent / "shared" / "realdata", ROOT.parent.parent / "shared" / "realdata"]
    return next((c for c in candidates if c.is_dir()), candidates[0])


DEFAULT_DATA = default_data()
VERDICTS = ROOT / "benchmarks" / "realdata_pe_verdicts.tsv"
QUALITY_DOC = ROOT / "docs" / "quality.md"
MAX_FLAG = 60  # MQM: longer flags (a whole sentence or paragraph) are counted apart
FOLDS = ("dev", "held-out")
# true: a real defect of the edited copy; false: a false flag; window: caused by cutting the story into
# six-sentence documents (a quotation opened or closed in a sentence outside the window), counted apart
VERDICT_KINDS = ("true", "false", "window")
_TOKEN = re.compile(r"\w+(?:['’-]\w+)*|[^\w\s]")


def fold_of(key: str) -> str:
    """A fixed fold for a document key: the same key always lands in the same fold."""
    return FOLDS[hashlib.sha1(key.encode()).digest()[0] % 2]


@dataclass
class Doc:
    key: str
    fold: str
    text: str
    source: str | None = None
    # (start, end, sentence id) of each segment in `text`
    segments: list = field(default_factory=list)
    gold: list = field(default_factory=list)  # MQM: (start, end) of every rater span; QE: (start, end) of BAD tokens
    bad_gaps: list = field(default_factory=list)  # QE: (start, end) of the spacing between two tokens, when BAD
    words: int = 0


def _join(parts: list[str], sep: str = "\n\n") -> tuple[str, list[tuple[int, int]]]:
    spans, pos = [], 0
    for p in parts:
        spans.append((pos, pos + len(p)))
        pos += len(p) + len(sep)
    return sep.join(parts), spans


def _words(text: str) -> int:
    return len(re.findall(r"\w+(?:['’-]\w+)*", text))


def mqm_docs(data: Path) -> list[Doc]:
    """One document per system and source document, its segments as paragraphs in their order."""
    groups: dict[tuple, list] = defaultdict(list)
    with (data / "wmt23-zhen-mqm-dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            groups[(r["system"], r["doc"])].append(r)
    docs = []
    for (system, doc_id), rows in sorted(groups.items()):
        rows.sort(key=lambda r: int(r["id"].rsplit("|", 1)[1]))
        text, spans = _join([r["target"] for r in rows])
        d = Doc(key=f"{system}|{doc_id}", fold=fold_of(doc_id), text=text)
        for r, (a, b) in zip(rows, spans):
            d.segments.append((a, b, r["id"]))
            d.gold.extend((a + e["start"], a + e["end"]) for e in r["errors"] if e["end"] > e["start"])
        d.words = _words(text)
        docs.append(d)
    return docs


def lig_rows(data: Path) -> list[dict]:
    with (data / "lig-fr-en-dev.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def lig_docs(rows: list[dict], fld: str) -> list[Doc]:
    """Documents of six consecutive sentences (a gap in the ids ends a document); folds by block of
    consecutive ids, so one article never sits in both folds."""
    runs, run = [], []
    for r in rows:
        n = int(r["id"].split("-")[1])
        if run and n != int(run[-1]["id"].split("-")[1]) + 1:
            runs.append(run)
            run = []
        run.append(r)
    if run:
        runs.append(run)
    docs = []
    for run in runs:
        fold = fold_of(run[0]["id"])
        for i in range(0, len(run), 6):
            chunk = run[i:i + 6]
            # one paragraph: a quotation often runs over several sentences of a story
            text, spans = _join([r[fld].strip() for r in chunk], " ")
            d = Doc(key=chunk[0]["id"], fold=fold, text=text)
            if fld != "pe":
                d.source = " ".join(r["fr"].strip() for r in chunk)
            for r, (a, b) in zip(chunk, spans):
                d.segments.append((a, b, r["id"]))
                if fld != "pe":
                    tokens, gaps = post_edit_labels(r[fld].strip(), r["pe"])
                    d.gold.extend((a + s, a + e) for s, e in tokens)
                    d.bad_gaps.extend((a + s, a + e) for s, e in gaps)
            d.words = _words(text)
            docs.append(d)
    return docs


def post_edit_labels(mt: str, pe: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The BAD tokens of the MT (outside the longest common blocks with the post-edit, case-insensitive),
    and its BAD gaps: the spacing between two tokens, unless both are kept side by side in the post-edit
    with the same spacing between them. A gap is (end of one token, start of the next): empty when none."""
    toks = list(_TOKEN.finditer(mt))
    ref = list(_TOKEN.finditer(pe))
    sm = SequenceMatcher(None, [m.group().lower() for m in toks], [m.group().lower() for m in ref], autojunk=False)
    kept = {}
    for block in sm.get_matching_blocks():
        kept.update((block.a + i, block.b + i) for i in range(block.size))
    bad = [(m.start(), m.end()) for n, m in enumerate(toks) if n not in kept]
    gaps = []
    for n in range(len(toks) - 1):
        j = kept.get(n)
        same = (j is not None and kept.get(n + 1) == j + 1
                and mt[toks[n].end():toks[n + 1].start()] == pe[ref[j].end():ref[j + 1].start()])
        if not same:
            gaps.append((toks[n].end(), toks[n + 1].start()))
    return bad, gaps


# ---- the checkers --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Flag:
    rule: str
    start: int
    end: int


class MtqaChecker:
    def __init__(self, profile: str):
        from mtqa.config import load_config
        from mtqa.engine import Engine
        from mtqa.rules import ALL_RULES

        cfg = load_config(config_file=None, start=ROOT / "benchmarks")
        if profile == "all":  # every rule and Harper's own default lints: for the per-rule table
            cfg = cfg.with_overrides(
                select=tuple(sorted({r.code for r in ALL_RULES if not r.neural and not r.requires})) + ("HARPER",),
                ignore=(), harper_lints="all",
            )
        self.name = "mtqa" if profile == "default" else f"mtqa ({profile})"
        self.engine = Engine(cfg)

    def __call__(self, doc: Doc) -> list[Flag]:
        from mtqa.document import Document

        r = self.engine.check(Document(text=doc.text, source=doc.source, id=doc.key))
        return [Flag(i.rule, i.start, i.end) for i in r.issues]


class HarperAlone:
    """harper-py with its own defaults (American dialect), nothing filtered."""

    name = "Harper alone"

    def __init__(self):
        import harper

        self.linter = harper.Linter(harper.Dialect.AMERICAN)

    def __call__(self, doc: Doc) -> list[Flag]:
        out = []
        for rule_name, lints in self.linter.organized_lints(doc.text).items():
            out.extend(Flag("HARPER:" + rule_name, l.span.start, l.span.end) for l in lints)
        return out


def run(checker, docs: list[Doc]) -> tuple[dict, float]:
    """Findings per document and the seconds they took, after one warm-up document (models and linters
    load lazily; start-up is measured elsewhere)."""
    if docs:
        checker(docs[0])
    start = time.perf_counter()
    found = {d.key: checker(d) for d in docs}
    return found, time.perf_counter() - start


# ---- scoring -------------------------------------------------------------------------------------------

def _overlaps(f: Flag, spans) -> bool:
    a, b = (f.start, f.end) if f.end > f.start else (f.start - 1, f.start + 1)
    return any(s < b and a < e for s, e in spans)


@dataclass
class Tally:
    flags: int = 0
    right: int = 0
    long: int = 0
    spaces: int = 0  # QE: flags on spacing alone, judged on gaps
    spaces_right: int = 0
    words: int = 0
    gold: int = 0
    caught: int = 0
    bad_words: int = 0
    per_rule: Counter = field(default_factory=Counter)
    per_rule_right: Counter = field(default_factory=Counter)

    @property
    def precision(self) -> float | None:
        return self.right / self.flags if self.flags else None


def score(docs: list[Doc], found: dict, kind: str) -> dict[str, Tally]:
    """Per fold (and 'all'): flags, right flags, recall of gold spans (MQM), base rate (QE)."""
    tallies = {f: Tally() for f in (*FOLDS, "all")}
    for d in docs:
        flags = found[d.key]
        for t in (tallies[d.fold], tallies["all"]):
            t.words += d.words
            if kind == "qe":
                words = [m.span() for m in re.finditer(r"\w+(?:['’-]\w+)*", d.text)]
                t.bad_words += sum(1 for w in words if any(s < w[1] and w[0] < e for s, e in d.gold))
            if kind == "mqm":
                t.gold += len(d.gold)
                short = [f for f in flags if f.end - f.start <= MAX_FLAG]
                t.caught += sum(1 for g in d.gold if any(_overlaps(f, [g]) for f in short))
            for f in flags:
                if f.end - f.start > MAX_FLAG:
                    t.long += 1
                    continue
                if kind == "qe" and not d.text[f.start:f.end].strip():
                    # a flag on spacing alone covers no word: it is judged on the gap it touches
                    ok = any(s <= f.end and f.start <= e for s, e in d.bad_gaps)
                    t.spaces += 1
                    t.spaces_right += ok
                    t.per_rule[f.rule] += 1
                    t.per_rule_right[f.rule] += ok
                    continue
                ok = _overlaps(f, d.gold)
                t.flags += 1
                t.right += ok
                t.per_rule[f.rule] += 1
                t.per_rule_right[f.rule] += ok
    return tallies


def read_verdicts(path: Path = VERDICTS) -> dict[tuple[str, str, int], tuple[str, str]]:
    """(lig id, rule, offset in the sentence) -> (verdict, reason) from the person-made classification."""
    out = {}
    if not path.exists():
        return out
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 5 or cols[3] not in VERDICT_KINDS:
            raise SystemExit(f"{path}:{n}: expected lig-id, rule, offset, {'|'.join(VERDICT_KINDS)}, reason")
        out[(cols[0], cols[1], int(cols[2]))] = (cols[3], cols[4])
    return out


def pe_flags(docs: list[Doc], found: dict):
    """(fold, lig id, rule, offset in its sentence) for every flag on the edited copy."""
    for d in docs:
        for f in found[d.key]:
            for a, b, sid in d.segments:
                if a <= f.start <= b:
                    yield d.fold, sid, f.rule, f.start - a
                    break


# ---- printing ------------------------------------------------------------------------------------------

def _p(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.2f}"


def report_mqm(name: str, t: dict[str, Tally], secs: float) -> None:
    for fold in FOLDS:
        x = t[fold]
        recall = x.caught / x.gold if x.gold else 0.0
        print(f"  {name:<20} {fold:<9} precision {_p(x.precision)} ({x.right}/{x.flags})  recall {recall:.3f} "
              f"({x.caught}/{x.gold})  flags/1k words {1000 * x.flags / x.words:.2f}  (+{x.long} longer than {MAX_FLAG})")
    print(f"  {name:<20} {t['all'].words / secs:,.0f} words/s")


def report_qe(name: str, t: dict[str, Tally], secs: float) -> None:
    for fold in FOLDS:
        x = t[fold]
        both = x.flags + x.spaces
        print(f"  {name:<20} {fold:<9} precision {_p(x.precision)} ({x.right}/{x.flags})  base rate "
              f"{x.bad_words / x.words:.2f}  flags/100 words {100 * x.flags / x.words:.2f}  (+{x.long} longer than {MAX_FLAG})")
        print(f"  {'':<20} {fold:<9} on spacing alone: {x.spaces_right}/{x.spaces} where the post-edit changed the "
              f"spacing; words and gaps together: precision {_p((x.right + x.spaces_right) / both if both else None)} "
              f"({x.right + x.spaces_right}/{both})  flags/100 words {100 * both / x.words:.2f}")
    print(f"  {name:<20} {t['all'].words / secs:,.0f} words/s")


def report_pe(name: str, docs: list[Doc], found: dict, verdicts: dict) -> list:
    unjudged = []
    for fold in FOLDS:
        words = sum(d.words for d in docs if d.fold == fold)
        flags = [x for x in pe_flags(docs, found) if x[0] == fold]
        kinds = Counter(verdicts.get(x[1:], ("unjudged",))[0] for x in flags)
        unjudged += [x for x in flags if x[1:] not in verdicts]
        if name != "mtqa":  # the recorded classification is of the default pipeline's flags
            print(f"  {name:<20} {fold:<9} flags/1k words {1000 * len(flags) / words:.2f}")
            continue
        print(f"  {name:<20} {fold:<9} flags/1k words {1000 * len(flags) / words:.2f}  judged true errors {kinds['true']}, "
              f"false flags {kinds['false']} ({1000 * kinds['false'] / words:.2f}/1k words), window artefacts "
              f"{kinds['window']}, not yet judged {kinds['unjudged']}")
        by_rule = Counter(x[2] for x in flags)
        print("      flags/1k words: " + ", ".join(f"{r} {1000 * c / words:.2f}" for r, c in by_rule.most_common(12)))
        wrong = Counter(x[2] for x in flags if verdicts.get(x[1:], ("",))[0] == "false")
        print("      false flags: " + ", ".join(f"{r} {c}" for r, c in wrong.most_common()))
    return unjudged


def rule_table(results: dict) -> list[tuple]:
    """rule -> (MQM flags, right), (QE flags, right), pe flags per 1k words, pe false flags."""
    rows: dict[str, dict] = defaultdict(dict)
    for corpus, (t, extra) in results.items():
        for r, c in t["all"].per_rule.items():
            rows[r][corpus] = (t["all"].per_rule_right[r], c)
    return sorted(rows.items())


def write_quality_doc(results: dict, pe: tuple | None, checker_rules: dict) -> None:
    lines = [
        "# How far to trust each rule on real copy",
        "",
        "Generated by `benchmarks/realdata.py --write-docs` from the development data in `../shared/realdata`",
        "(see that folder's README; the data itself is not part of this repository). Regenerate after changing a",
        "rule or the default profile:",
        "",
        "    .venv/bin/python benchmarks/realdata.py --write-docs",
        "",
        "Every rule and every Harper lint that fired is listed, with all rules switched on (opt-in ones included)",
        "and Harper's own default lints, both folds together.",
        "",
        "- **MQM**: WMT23 Chinese-English news MT with expert error spans; a flag (at most 60 characters) is",
        "  right when it overlaps a span some rater marked. Accuracy errors dominate there, so recall is low for",
        "  any monolingual check.",
        "- **MT vs post-edit**: Google's and Bing's MT of French news; a flag is right when it covers a word the",
        "  human post-edit changed, or, for a flag on spacing alone, when the post-edit changed that spacing. The",
        "  post-edit is of another system's output, so a changed word may also be a paraphrase: compare with the",
        "  base rate (what random flags would score).",
        "- **Edited copy**: flags per 1,000 words on the professional post-edits themselves (no source, so no BIL",
        "  rule runs). That copy still holds real typos, untranslated words and doubled spaces, so a flag there is",
        "  not always false: a person classified each flag of the default pipeline (benchmarks/realdata_pe_verdicts.tsv).",
        "- **Default**: `yes` runs by default, `opt-in` needs selecting by code (`--select CODE` or `select` in",
        "  mtqa.toml), `all` is a Harper lint that only runs with `harper-lints = \"all\"`.",
        "",
    ]
    bases = {c: (t["all"].bad_words / t["all"].words) for c, (t, kind) in results.items() if kind == "qe" and t["all"].words}
    if bases:
        lines.append("Base rates (share of MT words the post-edit changed): " +
                     ", ".join(f"{c} {b:.2f}" for c, b in bases.items()) + ".")
        lines.append("")
    corpora = list(results)
    head = "| rule | default | " + " | ".join(f"{c} precision (n)" for c in corpora) + " | edited copy flags/1k words |"
    lines += [head, "|" + "---|" * (3 + len(corpora))]
    per_rule: dict[str, dict] = defaultdict(dict)
    for c, (t, kind) in results.items():
        for r, n in t["all"].per_rule.items():
            per_rule[r][c] = (t["all"].per_rule_right[r], n)
    pe_rate = {}
    if pe:
        pe_docs, pe_found = pe
        words = sum(d.words for d in pe_docs)
        for r, n in Counter(f.rule for d in pe_docs for f in pe_found[d.key]).items():
            pe_rate[r] = 1000 * n / words
            per_rule.setdefault(r, {})
    for r in sorted(per_rule):
        cells = []
        for c in corpora:
            right, n = per_rule[r].get(c, (0, 0))
            cells.append(f"{right / n:.2f} ({n})" if n else "")
        lines.append(f"| {r} | {checker_rules.get(r, 'all')} | " + " | ".join(cells) + f" | {pe_rate.get(r, 0):.2f} |")
    QUALITY_DOC.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {QUALITY_DOC.relative_to(ROOT)}")


def default_status() -> dict[str, str]:
    from mtqa.config import default_config
    from mtqa.engine import select_rules
    from mtqa.grammar.harper_lints import NEWS_LINTS
    from mtqa.rules import ALL_RULES

    on = {r.code for r in select_rules(default_config())}
    out = {r.code: "yes" if r.code in on else "opt-in" for r in ALL_RULES}
    ignored = set(default_config().ignore)
    out.update({f"HARPER:{n}": "yes" for n in NEWS_LINTS if f"HARPER:{n}" not in ignored})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="folder with the realdata files")
    ap.add_argument("--corpus", default="mqm,google,bing,pe", help="comma-separated: mqm, google, bing, pe")
    ap.add_argument("--write-docs", action="store_true", help="also run every rule and write docs/quality.md")
    ap.add_argument("--list-unjudged", action="store_true", help="print pe flags with no recorded verdict")
    args = ap.parse_args(argv)
    data = Path(args.data)
    if not (data / "lig-fr-en-dev.jsonl").exists() or not (data / "wmt23-zhen-mqm-dev.jsonl").exists():
        print(f"realdata: no data in {data} (lig-fr-en-dev.jsonl, wmt23-zhen-mqm-dev.jsonl): nothing to measure")
        return 0
    wanted = [c.strip() for c in args.corpus.split(",") if c.strip()]
    rows = lig_rows(data)
    corpora = {}
    for c in wanted:
        if c == "mqm":
            corpora[c] = (mqm_docs(data), "mqm")
        elif c in ("google", "bing", "pe"):
            corpora[c] = (lig_docs(rows, c), "pe" if c == "pe" else "qe")
        else:
            ap.error(f"unknown corpus {c!r}")
    checkers = [MtqaChecker("default"), HarperAlone()]
    if args.write_docs:
        checkers.append(MtqaChecker("all"))
    verdicts = read_verdicts()
    table_results, pe_all = {}, None
    for c, (docs, kind) in corpora.items():
        words = sum(d.words for d in docs)
        print(f"\n== {c}: {len(docs)} documents, {words:,} words ==")
        for checker in checkers:
            found, secs = run(checker, docs)
            if kind == "pe":
                unjudged = report_pe(checker.name, docs, found, verdicts)
                if checker.name == "mtqa" and args.list_unjudged:
                    text = {sid: d.text[a:b] for d in docs for a, b, sid in d.segments}
                    for fold, sid, rule, off in unjudged:
                        print(f"    unjudged {fold} {sid}\t{rule}\t{off}\t{text[sid][max(0, off - 40):off + 40]!r}")
                if checker.name.endswith("(all)"):
                    pe_all = (docs, found)
                print(f"  {checker.name:<14} {words / secs:,.0f} words/s")
                continue
            t = score(docs, found, kind)
            (report_mqm if kind == "mqm" else report_qe)(checker.name, t, secs)
            if kind == "mqm" and isinstance(checker, HarperAlone):
                # most of Harper's MQM recall is capitalised names it does not know, which mtqa never flags
                text = {d.key: d.text for d in docs}
                no_names = {k: [f for f in v if not (f.rule == "HARPER:SpellCheck" and text[k][f.start:f.start + 1].isupper())]
                            for k, v in found.items()}
                report_mqm("Harper, names aside", score(docs, no_names, kind), secs)
            if checker.name == "mtqa":
                x = t["held-out"]
                worst = sorted(((x.per_rule_right[r] / n, n, r) for r, n in x.per_rule.items()))
                print("      held-out per rule: " + ", ".join(f"{r} {p:.2f} ({n})" for p, n, r in worst))
            if checker.name.endswith("(all)"):
                table_results[c] = (t, kind)
    if args.write_docs:
        write_quality_doc(table_results, pe_all, default_status())
    return 0


if __name__ == "__main__":
    sys.exit(main())
