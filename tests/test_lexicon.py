"""The calque lexicon's format, its evidence, and the script that mines and scores it against real post-edits."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import fixed_once
from mtqa.errors import MtqaError
from mtqa.rules.lexicon import Lexicon, load_lexicon

ROOT = Path(__file__).resolve().parent.parent
LEXICON_PATH = ROOT / "corpora" / "calques.tsv"
SCRIPT = ROOT / "scripts" / "mine_calques.py"
HEADER = "id\trule\tpattern\tsuggestions\tfrench\texplanation\trequire_after\tforbid_after\tforbid_before\tflag\tfix\tpass\tsource\n"


def _script():
    spec = importlib.util.spec_from_file_location("mine_calques", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lexicon(tmp_path: Path, *rows: list[str]) -> Path:
    path = tmp_path / "lex.tsv"
    path.write_text(HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _row(pattern, suggestion="", require="", forbid_after="", forbid_before="", rule="CAL003"):
    return ["T1", rule, pattern, suggestion, "fr", "why", require, forbid_after, forbid_before, "x [[y]]", suggestion, "z", "test"]


def _hits(path: Path, text: str) -> list[str]:
    return [m.group(0) for _, m in Lexicon(load_lexicon(path)).matches(text)]


# ---------------------------------------------------------------------------------------------- the entries

ENTRIES = load_lexicon(LEXICON_PATH)


def test_every_entry_states_its_evidence():
    evidence = [re.search(r"evidence: (editorial|lig-dev \d+ \w.*)$", e.source) for e in ENTRIES]
    assert all(evidence), [e.id for e, ev in zip(ENTRIES, evidence) if not ev]
    assert sum(ev.group(1) != "editorial" for ev in evidence) >= 50


def test_every_entry_names_its_french_origin_and_explains_it():
    assert all(e.french and len(e.explanation) > 20 for e in ENTRIES), [e.id for e in ENTRIES if not (e.french and len(e.explanation) > 20)]


def test_no_two_entries_share_a_pattern_and_conditions():
    keys = [(e.pattern.lower(), *(c.pattern if c else "" for c in (e.require_after, e.forbid_after, e.forbid_before)))
            for e in ENTRIES]
    assert len(set(keys)) == len(keys)


def test_no_alternative_is_written_as_a_whole_phrase():
    # `|` separates the alternatives of one word; `_` joins words inside one. "the wooden language|wooden_tongue"
    # reads "the wooden (language | wooden tongue)": an alternative that repeats a word of the pattern was meant
    # as a whole phrase of its own, and can never match as written
    small = {"the", "a", "an", "of", "to", "in", "on", "at", "for", "by", "and", "or"}

    def words(token):
        return [w.lower() for alt in token.lstrip("=").rstrip("?").split("|") for w in alt.split("_")]

    broken = []
    for e in ENTRIES:
        tokens = e.pattern.split()
        for n, token in enumerate(tokens):
            others = {w for m, t in enumerate(tokens) if m != n for w in words(t)} - small
            before = set(words(tokens[n - 1])) if n else set()
            for alt in token.lstrip("=").rstrip("?").split("|"):
                pieces = [w.lower() for w in alt.split("_")]
                if len(pieces) > 1 and (set(pieces) & others or pieces[0] in before):
                    broken.append((e.id, e.pattern, alt))
    assert not broken


# ---------------------------------------------------------------------------------------------- pattern syntax

def test_exact_case_word_matches_only_that_case(tmp_path):
    path = _lexicon(tmp_path, _row("the =Turkey", "Turkey"))
    assert _hits(path, "Talks with the Turkey envoy. Exports to the Turkey rose.") == ["the Turkey", "the Turkey"]
    assert _hits(path, "We carved the turkey. THE TURKEY is big.") == []


def test_exact_case_word_works_as_first_word(tmp_path):
    path = _lexicon(tmp_path, _row("=Hexagon"))
    assert _hits(path, "Hexagon and hexagon") == ["Hexagon"]


def test_forbid_before_with_a_lookahead_requires_a_word_earlier_on_the_line(tmp_path):
    future = r"^(?![^\n]*\bwill\b)[^\n]*"
    path = _lexicon(tmp_path, _row("the next week", forbid_before=future))
    assert _hits(path, "The vote will be held the next week.") == ["the next week"]
    assert _hits(path, "He resigned and the next week he left.") == []
    # the condition looks at the same line only
    assert _hits(path, "It will rain.\nHe resigned and the next week he left.") == []


def test_a_bad_condition_names_the_file_and_line(tmp_path):
    path = _lexicon(tmp_path, _row("the thing", require="(unclosed"))
    with pytest.raises(MtqaError, match=r"lex\.tsv:2: bad require_after regex"):
        load_lexicon(path)


# ---------------------------------------------------------------------------------------------- the script

RECORDS = [
    # written for this test: one calque the editor fixed, one sentence left alone
    {"id": "lig-00001", "fr": "La France a voté selon les experts.",
     "mt": "the france voted according the experts .", "pe": "France voted, according to the experts.",
     "google": "The France voted according the experts.", "bing": "France voted according to the experts."},
    {"id": "lig-00002", "fr": "Le marché a progressé.", "mt": "the market rose .", "pe": "The market rose.",
     "google": "The market rose.", "bing": "The market went up."},
    {"id": "lig-00003", "fr": "Il est actuellement en prison.", "mt": "he is actually in prison .",
     "pe": "He is currently in prison.", "google": "He is actually in prison.", "bing": "He is currently in jail."},
    # in the other fold (ids in alternating blocks of 20)
    {"id": "lig-00025", "fr": "Il a pris part à la réunion.", "mt": "he took part to the meeting .",
     "pe": "He took part to the meeting.", "google": "He took part in the meeting.", "bing": "He took part to the meeting."},
]


@pytest.fixture()
def data(tmp_path) -> Path:
    path = tmp_path / "lig.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return path


def test_changed_mask_marks_words_outside_the_common_blocks_and_the_gaps():
    bad, gaps = _script().changed_mask(["according", "the", "experts", "said"], ["according", "to", "the", "experts"])
    assert bad == [False, False, False, True]
    assert gaps == {1}  # "to" is inserted before "the"


def test_detokenize_rejoins_punctuation_and_clitics():
    assert _script().detokenize("the minister 's plan , he said .") == "the minister's plan, he said."


def test_folds_keep_runs_of_consecutive_ids_together_as_the_benchmark_does():
    import importlib.util

    spec = importlib.util.spec_from_file_location("realdata", ROOT / "benchmarks" / "realdata.py")
    realdata = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("realdata", realdata)  # its dataclasses look their module up
    spec.loader.exec_module(sys.modules["realdata"])
    realdata = sys.modules["realdata"]
    records = [{"id": f"lig-{n:05d}"} for n in [*range(0, 30), *range(40, 70), *range(100, 130)]]
    folds = _script().folds_of(records)
    for first, run in ((0, range(0, 30)), (40, range(40, 70)), (100, range(100, 130))):
        assert {folds[f"lig-{n:05d}"] for n in run} == {realdata.fold_of(f"lig-{first:05d}")}
    assert set(folds.values()) == {"dev", "held-out"}


def test_score_counts_pe_hits_and_mt_hits_on_edited_words(data, tmp_path):
    lex = _lexicon(tmp_path, ["A1", "CAL001", "according the", "according to the", "selon les", "needs to", "", "", "",
                              "x [[according the]]", "according to the", "according to the", "t"])
    script = _script()
    per_entry, totals = script.score(script.read_records(data), lex)
    # google and mt say "according the" where the editor inserted "to": right both times; pe is never hit
    assert per_entry["A1"]["google"] == 1 and per_entry["A1"]["google_bad"] == 1
    assert per_entry["A1"]["mt"] == 1 and per_entry["A1"]["mt_bad"] == 1
    assert per_entry["A1"]["pe"] == 0 and totals["pe_hits"] == 0


def test_evidence_rewrites_the_source_column_with_counts_only(data, tmp_path):
    lex = _lexicon(tmp_path,
                   ["A1", "CAL001", "according the", "according to the", "selon les", "needs to", "", "", "",
                    "x [[according the]]", "according to the", "according to the", "t"],
                   ["A2", "CAL001", "in the frame of", "as part of", "dans le cadre de", "frame", "", "", "",
                    "x [[in the frame of]]", "as part of", "as part of", "t"])
    script = _script()
    per_entry, _ = script.score(script.read_records(data), lex)
    assert script.evidence_column(per_entry, lex) == 2
    sources = {ln.split("\t")[0]: ln.split("\t")[-1] for ln in lex.read_text(encoding="utf-8").splitlines()[1:]}
    assert sources == {"A1": "mtqa authors; evidence: lig-dev 2 MT hits on edited words in 1 sentences",
                       "A2": "mtqa authors; evidence: editorial"}


def test_mine_lists_the_substitution_with_the_french_lookalike(data):
    script = _script()
    rows = script.mine(script.read_records(data), min_sentences=1)
    by_pair = {(r["mt"], r["pe"]): r for r in rows}
    actually = by_pair[("actually", "currently")]
    assert (actually["count"], actually["sentences"], actually["outputs"]) == (2, 1, "google,mt")
    assert actually["french_lookalike"] == "actuellement:2"
    # substitutions echoing a French word of the source rank first
    assert rows[0]["french_lookalike"] and not by_pair[("jail", "prison")]["french_lookalike"]


def test_script_exits_cleanly_when_the_data_is_absent(tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPT), "score", str(tmp_path / "missing.jsonl")],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "no data at" in proc.stderr


def test_script_names_the_line_of_a_broken_record(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(RECORDS[0]) + "\n{not json\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCRIPT), "mine", str(bad)], capture_output=True, text=True)
    assert proc.returncode != 0 and f"{bad}:2" in proc.stderr


def test_recorded_pe_errors_point_at_existing_entries():
    patterns = {e.pattern for e in ENTRIES}
    assert {p for _, p in _script().PE_TRUE_ERRORS} <= patterns


# ---------------------------------------------------------------------------------------------- on real data

REAL = _script().DEFAULT_DATA


@pytest.mark.skipif(not REAL.is_file(), reason="../shared/realdata/lig-fr-en-dev.jsonl is not present")
def test_lexicon_is_precise_on_the_held_out_fold_of_real_post_edits():
    script = _script()
    records = script.read_records(REAL)
    folds = script.folds_of(records)
    records = [r for r in records if folds[r["id"]] == "held-out"]
    _, totals = script.score(records, LEXICON_PATH)
    false_pe = totals["pe_hits"] - totals["pe_true_errors"]
    assert 1000 * false_pe / totals["pe_words"] <= 0.1
    mt_hits = sum(totals[f"{o}_hits"] for o in script.OUTPUTS)
    on_edited = sum(totals[f"{o}_hits_bad"] for o in script.OUTPUTS)
    assert mt_hits >= 100 and on_edited / (mt_hits + false_pe) >= 0.8


@pytest.mark.parametrize("text, fixed", [
    ("He failed an anti-doping control in July.", "He failed a doping test in July."),
    ("A judge of instruction will lead the inquiry.", "An investigating judge will lead the inquiry."),
    ("He failed the anti-doping control in July.", "He failed the doping test in July."),  # no article to change
    ("A manifestation against the reform drew thousands.", "A demonstration against the reform drew thousands."),
])
def test_a_replacement_brings_the_indefinite_article_it_needs(rules_engine, text, fixed):
    """A fix must not make "an doping test" or "A investigating judge" of correct English."""
    assert fixed_once(rules_engine, text) == fixed


@pytest.mark.parametrize("text, fixed", [
    ("Police said about a thirty of people were hurt.", "Police said about thirty people were hurt."),
    ("About a ten of people were arrested.", "About ten people were arrested."),
    ("The minister has accepted to meet the strikers.", "The minister has agreed to meet the strikers."),
    ("The minister will accept to meet the strikers.", "The minister will agree to meet the strikers."),
])
def test_a_fix_neither_doubles_the_word_before_it_nor_changes_the_tense(rules_engine, text, fixed):
    """Accepting a calque's fix must give English: not "about about thirty", nor "has agree to"."""
    assert fixed_once(rules_engine, text) == fixed


def test_a_user_lexicon_saved_with_a_byte_order_mark_is_read(tmp_path):
    from mtqa.rules.lexicon import load_lexicon

    bundled = Path(__file__).resolve().parent.parent / "corpora" / "calques.tsv"
    path = tmp_path / "mine.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + bundled.read_bytes())
    assert len(load_lexicon(path)) == len(load_lexicon(bundled))


def test_a_lexicon_that_is_not_utf8_is_an_error_naming_the_file_line_and_byte(tmp_path):
    from mtqa.rules.lexicon import load_lexicon

    path = tmp_path / "latin.tsv"
    path.write_bytes(b"id\trule\tpattern\tsuggestions\nx\tCAL001\tcaf\xe9\tcafe\n")
    with pytest.raises(MtqaError) as info:
        load_lexicon(path)
    message = str(info.value)
    assert message.startswith(f"{path}: lexicon is not valid UTF-8")
    assert "byte 0xE9 on line 2, column 13" in message and "Latin-1" in message


def test_a_non_utf8_lexicon_named_in_the_config_exits_2_without_a_traceback(tmp_path):
    from test_read_errors import mtqa

    (tmp_path / "latin.tsv").write_bytes(b"id\trule\tpattern\tsuggestions\nx\tCAL001\tcaf\xe9\tcafe\n")
    (tmp_path / "mtqa.toml").write_text('lexicons = ["latin.tsv"]\n', encoding="utf-8")
    (tmp_path / "story.txt").write_text("Talks resumed on Friday.\n", encoding="utf-8")
    code, _, err = mtqa("check", "--grammar", "none", "--no-cache", str(tmp_path / "story.txt"), cwd=tmp_path)
    assert code == 2 and "latin.tsv: lexicon is not valid UTF-8" in err and "line 2" in err
