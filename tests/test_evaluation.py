"""The marked evaluation set (corpora/eval): the news-copy families find every defect they target, and the
whole pipeline stays precise on MT copy too."""

from __future__ import annotations

from conftest import ROOT
from mtqa.evaluation import evaluate, parse_marked

EVAL = sorted((ROOT / "corpora" / "eval").glob("*.txt"))


def test_parse_marked_keeps_offsets_exact():
    text, spans = parse_marked("A [[said said|REP]] b [[x|CAL]].")
    assert text == "A said said b x."
    assert [(text[s.start:s.end], s.family) for s in spans] == [("said said", "REP"), ("x", "CAL")]


def test_news_families_find_every_marked_defect(full_engine):
    ev = evaluate(full_engine, EVAL)
    rule_families = {f: c for f, c in ev.by_family.items() if f != "GRAM"}
    assert all(found == marked for marked, found in rule_families.values()), ev.missed


def test_recall_and_precision_on_the_marked_set(full_engine):
    ev = evaluate(full_engine, EVAL)
    assert ev.marked >= 30
    assert ev.recall >= 0.9, ev.missed
    assert ev.precision >= 0.95, ev.unmarked
