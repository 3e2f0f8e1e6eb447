"""Recall and precision against copy with its defects marked inline as [[span|FAMILY]] (corpora/eval)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mtqa.report import family_of

_MARK = re.compile(r"\[\[(?P<span>.+?)\|(?P<family>[A-Z]+)\]\]", re.S)


@dataclass(frozen=True)
class Marked:
    start: int
    end: int
    family: str


def parse_marked(marked: str) -> tuple[str, list[Marked]]:
    out, spans, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        length += m.start() - pos
        spans.append(Marked(length, length + len(m.group("span")), m.group("family")))
        out.append(m.group("span"))
        length += len(m.group("span"))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def _same_family(rule: str, family: str) -> bool:
    fam = family_of(rule)
    return fam == family or (family == "GRAM" and fam in ("HARPER", "LT", "AGR"))


@dataclass
class Evaluation:
    marked: int = 0
    found: int = 0
    findings: int = 0
    on_marked: int = 0
    by_family: dict = field(default_factory=dict)  # family -> [marked, found]
    missed: list = field(default_factory=list)
    unmarked: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.marked if self.marked else 1.0

    @property
    def precision(self) -> float:
        return self.on_marked / self.findings if self.findings else 1.0


def evaluate(engine, paths: list[Path]) -> Evaluation:
    ev = Evaluation()
    for path in paths:
        text, spans = parse_marked(path.read_text(encoding="utf-8"))
        issues = engine.check_text(text).issues
        for s in spans:
            hit = any(_same_family(i.rule, s.family) and i.start < s.end and s.start < i.end for i in issues)
            ev.marked += 1
            ev.found += hit
            counts = ev.by_family.setdefault(s.family, [0, 0])
            counts[0] += 1
            counts[1] += hit
            if not hit:
                ev.missed.append((path.name, s.family, text[s.start:s.end]))
        for i in issues:
            ev.findings += 1
            if any(i.start < s.end and s.start < i.end for s in spans):
                ev.on_marked += 1
            else:
                ev.unmarked.append((path.name, i.rule, i.text))
    return ev


# --- Adequacy: French/English documents built from labelled sentence pairs (corpora/eval/adequacy) ---

ADEQUACY_RULES = ("BIL005", "BIL006", "BIL007", "BIL008")


@dataclass
class PairRow:
    kind: str  # ok, mistranslation, dropped (no English), added (no French)
    fr: str
    en: str
    start: int = -1  # span of the English in the built document
    end: int = -1


@dataclass
class AdequacyDoc:
    id: str
    source: str
    target: str
    rows: list


def load_adequacy(path: Path) -> list[AdequacyDoc]:
    """Documents from a TSV of doc, kind, fr, en rows: the French rows joined as the source, the English as
    the target, each row remembering where its English sits."""
    import csv

    docs: dict[str, list[PairRow]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for line, rec in enumerate(csv.DictReader(fh, delimiter="\t"), start=2):
            if rec.get("kind") not in ("ok", "mistranslation", "dropped", "added"):
                raise ValueError(f"{path}:{line}: unknown kind {rec.get('kind')!r}")
            docs.setdefault(rec["doc"], []).append(PairRow(rec["kind"], rec["fr"] or "", rec["en"] or ""))
    out = []
    for doc_id, rows in docs.items():
        target = ""
        for r in rows:
            if r.en:
                target += (" " if target else "")
                r.start, r.end = len(target), len(target) + len(r.en)
                target += r.en
        out.append(AdequacyDoc(doc_id, " ".join(r.fr for r in rows if r.fr), target, rows))
    return out


@dataclass
class AdequacyEvaluation:
    by_kind: dict = field(default_factory=dict)  # kind -> [rows, found]
    findings: int = 0
    correct: int = 0
    false_flags: list = field(default_factory=list)  # (doc, rule, text)
    missed: list = field(default_factory=list)  # (doc, kind, text)

    def recall(self, kind: str) -> float:
        rows, found = self.by_kind.get(kind, (0, 0))
        return found / rows if rows else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.findings if self.findings else 1.0

    @property
    def defect_recall(self) -> float:
        rows = sum(v[0] for k, v in self.by_kind.items() if k != "ok")
        return sum(v[1] for k, v in self.by_kind.items() if k != "ok") / rows if rows else 1.0


def judge_adequacy(doc: AdequacyDoc, issues, ev: AdequacyEvaluation) -> None:
    """Score one document's adequacy findings against its labels."""
    issues = [i for i in issues if i.rule in ADEQUACY_RULES]
    dropped = [r for r in doc.rows if r.kind == "dropped"]
    names_drop = lambda i, r: i.rule == "BIL005" and " ".join(r.fr.split())[:40] in i.message  # noqa: E731
    for r in doc.rows:
        if r.kind == "dropped":
            hit = any(names_drop(i, r) for i in issues)
        elif r.kind == "ok":
            hit = False
        else:
            hit = any(i.start < r.end and r.start < i.end for i in issues)
        counts = ev.by_kind.setdefault(r.kind, [0, 0])
        counts[0] += 1
        counts[1] += hit
        if r.kind != "ok" and not hit:
            ev.missed.append((doc.id, r.kind, r.en or r.fr))
    for i in issues:
        ev.findings += 1
        right = any(names_drop(i, r) for r in dropped) or any(
            r.kind in ("mistranslation", "added") and i.start < r.end and r.start < i.end for r in doc.rows)
        ev.correct += right
        if not right:
            ev.false_flags.append((doc.id, i.rule, i.text))


def evaluate_adequacy(engine, path: Path) -> AdequacyEvaluation:
    ev = AdequacyEvaluation()
    for doc in load_adequacy(path):
        judge_adequacy(doc, engine.check_text(doc.target, source=doc.source, id=doc.id).issues, ev)
    return ev
