"""The real-data benchmark (benchmarks/realdata.py): its scoring on hand-made cases, and, when the development
data in ../shared/realdata is present, its reading of that data. Without the data those tests skip."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT

_SPEC = importlib.util.spec_from_file_location("realdata_benchmark", ROOT / "benchmarks" / "realdata.py")
realdata = importlib.util.module_from_spec(_SPEC)
sys.modules["realdata_benchmark"] = realdata
_SPEC.loader.exec_module(realdata)

needs_data = pytest.mark.skipif(
    not (realdata.DEFAULT_DATA / "lig-fr-en-dev.jsonl").exists(), reason="no real development data in ../shared/realdata"
)


def test_without_data_the_benchmark_says_so_and_exits_0(tmp_path, capsys):
    assert realdata.main([str(tmp_path)]) == 0
    assert "no data in" in capsys.readouterr().out


def test_words_the_post_edit_changed_are_bad_and_kept_words_are_not():
    mt = "The minister has exchanged with his counterpart on Friday."
    pe = "The minister spoke with his counterpart on Friday."
    bad, _ = realdata.post_edit_labels(mt, pe)
    assert [mt[a:b] for a, b in bad] == ["has", "exchanged"]


def test_a_gap_is_bad_when_the_post_edit_changed_its_spacing_or_what_it_joins():
    mt = "It cost $ 700 , he said  on Friday."
    pe = "It cost $700, he said on Friday."
    _, gaps = realdata.post_edit_labels(mt, pe)
    assert [mt[a:b] for a, b in gaps] == [" ", " ", "  "]  # "$ 700", "700 ,", "said  on"
    _, gaps = realdata.post_edit_labels("He left the city.", "He quickly left the city.")
    assert gaps == [(2, 3)]  # a word inserted between "He" and "left"


def test_a_flag_on_spacing_alone_is_judged_on_its_gap():
    mt, pe = "It cost $ 700 in  May.", "It cost $700 in  May."
    tokens, gaps = realdata.post_edit_labels(mt, pe)
    doc = realdata.Doc(key="d", fold="dev", text=mt, gold=tokens, bad_gaps=gaps, words=5)
    found = {"d": [realdata.Flag("TYP012", 9, 10), realdata.Flag("TYP001", 16, 18)]}
    t = realdata.score([doc], found, "qe")["dev"]
    assert (t.flags, t.spaces, t.spaces_right) == (0, 2, 1)
    assert t.per_rule_right == {"TYP012": 1, "TYP001": 0}


def test_a_flag_is_right_when_it_overlaps_a_gold_span_and_long_flags_count_apart():
    doc = realdata.Doc(key="d", fold="dev", text="x" * 200, gold=[(10, 15)], words=40)
    found = {"d": [realdata.Flag("A", 12, 20), realdata.Flag("B", 30, 35), realdata.Flag("C", 0, 100)]}
    t = realdata.score([doc], found, "mqm")["dev"]
    assert (t.flags, t.right, t.long, t.caught, t.gold) == (2, 1, 1, 1, 1)
    assert t.per_rule_right == {"A": 1, "B": 0}


def test_folds_are_fixed_by_the_key_and_both_are_used():
    keys = [f"lig-{n:05d}" for n in range(200)]
    folds = [realdata.fold_of(k) for k in keys]
    assert folds == [realdata.fold_of(k) for k in keys]
    assert 60 < folds.count("dev") < 140


def test_recorded_pe_verdicts_are_well_formed():
    verdicts = realdata.read_verdicts()
    assert verdicts, "benchmarks/realdata_pe_verdicts.tsv holds the classification of flags on edited copy"
    assert all(v in realdata.VERDICT_KINDS and reason.strip() for v, reason in verdicts.values())
    assert all(k[0].startswith("lig-") and k[2] >= 0 for k in verdicts)


@needs_data
def test_lig_documents_are_six_consecutive_sentences_in_one_fold():
    rows = realdata.lig_rows(realdata.DEFAULT_DATA)
    docs = realdata.lig_docs(rows[:300], "google")
    for d in docs:
        ids = [int(sid.split("-")[1]) for _, _, sid in d.segments]
        assert 1 <= len(ids) <= 6 and ids == list(range(ids[0], ids[0] + len(ids)))
        assert d.source and "\n" not in d.text
    assert {d.fold for d in docs} == {"dev", "held-out"}


@needs_data
def test_mqm_gold_spans_index_the_joined_document():
    docs = realdata.mqm_docs(realdata.DEFAULT_DATA)
    assert len({d.key for d in docs}) == len(docs)
    d = next(d for d in docs if d.gold)
    for a, b in d.gold:
        assert any(s <= a and b <= e for s, e, _ in d.segments)
