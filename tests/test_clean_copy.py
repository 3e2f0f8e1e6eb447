"""Precision first: on clean, professionally written copy the checker stays quiet (<= 1 false flag per 1,000 words)."""

from __future__ import annotations

from conftest import CLEAN
from mtqa.document import Document


def _rate(engine) -> tuple[float, list]:
    words, flags = 0, []
    for path in sorted(CLEAN.glob("*.txt")):
        doc = Document(text=path.read_text(encoding="utf-8"), path=str(path))
        result = engine.check(doc)
        words += result.words
        flags += [(path.name, i.rule, i.text) for i in result.issues]
    return 1000 * len(flags) / words, flags


def test_clean_corpus_is_big_enough():
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in CLEAN.glob("*.txt"))
    assert words >= 2500


def test_rules_alone_false_flags_at_most_one_per_thousand_words(rules_engine):
    rate, flags = _rate(rules_engine)
    assert rate <= 1.0, flags


def test_default_pipeline_false_flags_at_most_one_per_thousand_words(full_engine):
    rate, flags = _rate(full_engine)
    assert rate <= 1.0, flags
