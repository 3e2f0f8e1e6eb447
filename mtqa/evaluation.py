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
