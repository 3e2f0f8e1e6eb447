"""The engine bounds its own work: no input within the limits kills the process or makes a rule quadratic, a
document that ran out of time says so, and selection or config mistakes stop the run before any check."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import ROOT, engine_for
from mtqa.config import load_config
from mtqa.document import Document
from mtqa.engine import Engine
from mtqa.errors import MtqaError
from mtqa.limits import blank, bounded_text

MTQA = shutil.which("mtqa", path=str(Path(sys.executable).parent))
LONG_WORD = "The word " + "a" * 100_000 + " is long."


def _cli(*args, cwd=None):
    return subprocess.run([MTQA, *args], capture_output=True, text=True, cwd=cwd)


# --- bounded input ------------------------------------------------------------------------------------------------

def test_one_long_word_does_not_kill_the_check_and_both_files_get_a_report(tmp_path):
    ok, long = tmp_path / "ok.txt", tmp_path / "w.txt"
    ok.write_text("The minister said on Friday that talks would resume.\n", encoding="utf-8")
    long.write_text(LONG_WORD, encoding="utf-8")
    proc = _cli("check", "--format", "json", str(ok), str(long))
    assert proc.returncode == 1, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert [Path(d["path"]).name for d in report["documents"]] == ["ok.txt", "w.txt"]
    flagged = [i for i in report["documents"][1]["issues"] if i["rule"] == "E003"]
    assert [(i["start"], i["end"]) for i in flagged] == [(9, 100_009)]
    assert "100,000 characters without a space" in flagged[0]["message"]


def test_text_around_an_over_long_token_is_still_checked_with_exact_offsets(full_engine):
    text = "Teh talks failed. " + "x" * 5000 + " The the minister left, and the goverment fell."
    issues = full_engine.check_text(text).issues
    by_rule = {i.rule: i for i in issues}
    assert (by_rule["E003"].start, by_rule["E003"].end) == (18, 5018)
    assert by_rule["REP001"].text.lower() == "the the"
    spelling = [i for i in issues if i.rule.startswith("HARPER:") and i.text == "goverment"]
    assert spelling and text[spelling[0].start:spelling[0].end] == "goverment"
    assert all(text[i.start:i.end] == i.text for i in issues)


def test_a_long_web_address_is_kept_from_the_grammar_layer_without_a_finding(rules_engine):
    url = "https://example.com/" + "a" * 400
    assert [i.rule for i in rules_engine.check_text(f"Read it at {url} today.").issues] == []


@pytest.mark.parametrize("line,rule", [
    ("Published on" + " " * 100_000 + "x", "BOI005"),
    ("Updated on 12/03/2023" + " \t" * 50_000 + "x", "BOI005"),
    ("2023-02-11 13:07:20" + " -|," * 25_000 + "x", "BOI005"),
    ("Page" + " " * 100_000 + "x", "BOI004"),
    ("He said " + "a’" * 50_000, "REP001"),
    ("He said " + "a'" * 50_000 + " - b", "TYP009"),
    ("It has " + "a'" * 50_000, "AGR002"),
])
def test_a_long_run_that_almost_matches_a_rule_is_read_in_one_pass(rules_engine, line, rule):
    """Patterns whose repeats could share a long run of spaces, or start a word after every apostrophe of
    "a'a'a'...", took quadratic or cubic time on such a line (BOI005's first pattern: 0.9 s at 2,000 spaces, hours
    at 100,000; "Page" and spaces for BOI004, seconds at 16,000), and no time budget can stop one regex search.
    Each is now read in one pass; none of these lines is what its rule looks for."""
    issues = rules_engine.check_text(f"The talks failed.\n\n{line}\n").issues
    assert not [i for i in issues if i.rule == rule]


def test_an_amount_and_a_long_run_of_spaces_before_a_shared_scale_is_read_in_one_pass(rules_engine):
    """BIL001 reads "1.2 and 1.5 trillion" as two amounts of trillions: its pattern had two runs of spaces side by
    side, which split a long run every way (0.6 s at 4,000 spaces for one look, the CLI 21 s at 32,000)."""
    text = "Debts reached between 1.2" + " " * 100_000 + "x and 1.5 trillion euros."
    issues = rules_engine.check_text(text, source="Les dettes ont atteint entre 1 200 et 1 500 milliards d'euros.").issues
    assert all(i.rule != "E005" for i in issues)


def test_a_source_made_of_a_long_list_of_number_words_is_read_in_one_pass(rules_engine):
    """The French number words were read again from each word of a run wherever no noun ("douzaines", "trimestres")
    followed: quadratic in a long list of them (1.4 s for 16,000 characters of one pattern alone)."""
    issues = rules_engine.check_text("Fourteen.", source="quatorze " * 20_000).issues
    assert all(i.rule != "E005" for i in issues)


def test_a_source_with_a_long_run_of_blank_lines_is_read_in_one_pass(rules_engine):
    """Whether the source has a dash (BIL009) was asked with a pattern that read every later newline from each
    newline of a run: quadratic in a source padded with blank lines (0.5 s for 16,000 of them)."""
    issues = rules_engine.check_text("The deal - a surprise - failed.", source="L'accord a échoué." + "\n" * 200_000).issues
    assert all(i.rule != "E005" for i in issues)


def test_an_over_long_paragraph_is_not_grammar_checked_and_says_so(full_engine):
    cfg = replace(full_engine.config, max_paragraph_chars=300)
    engine = Engine(cfg)
    long_paragraph = "The goverment said talks would resume. " * 10
    text = "Teh first paragraph is short.\n\n" + long_paragraph
    issues = engine.check_text(text).issues
    notes = [i for i in issues if i.rule == "E004"]
    assert len(notes) == 1 and notes[0].start == text.index(long_paragraph) and "max-paragraph-chars" in notes[0].message
    grammar = [i for i in issues if i.rule.startswith("HARPER:")]
    assert grammar and all(i.end <= text.index(long_paragraph) for i in grammar)


def test_blanking_keeps_every_offset_and_line():
    text = "ab " + "x" * 10 + "\ncd " + "y" * 3
    masked = blank(text, [(3, 13), (17, 20)])
    assert len(masked) == len(text) and masked.count("\n") == 1
    assert masked == "ab " + " " * 10 + "\ncd " + "   "
    cfg = replace(load_config(ROOT / "configs" / "default.toml"), max_token_chars=5, max_paragraph_chars=12)
    assert bounded_text("one two\n\n" + "word " * 4, cfg) == "one two\n\n" + " " * 20


def test_spacy_never_sees_an_over_long_token(rules_engine):
    from mtqa.nlp import english_tagger

    parsed = english_tagger(rules_engine.context)("He said " + "z" * 50_000 + " was late.")
    assert not any("z" in t.text for t in parsed)  # the run is blanked: spaCy sees spaces
    assert [t.idx for t in parsed if t.text == "was"] == [8 + 50_001]


def test_a_200000_word_document_is_within_the_default_limit():
    cfg = load_config(ROOT / "configs" / "default.toml")
    assert cfg.max_chars >= 200_000 * 7  # news copy averages under six characters a word, spaces included


# --- linear rules (work counted, not timed) ---------------------------------------------------------------------

class _CountingTagger:
    def __init__(self, tagger):
        self.tagger, self.calls, self.chars = tagger, 0, 0

    def __call__(self, text):
        self.calls += 1
        self.chars += len(text)
        return self.tagger(text)


@pytest.mark.parametrize("unit", ["Officials said announced, ", "Officials said announced. "])
def test_doubled_reporting_verbs_parse_each_line_once_not_once_per_pair(unit):
    from mtqa.nlp import english_tagger

    engine = engine_for(("REP003",))
    counting = _CountingTagger(english_tagger(engine.context))
    engine.context.provide("spacy-en-tagger", counting)
    text = unit * 500
    issues = engine.check_text(text).issues
    assert len(issues) == 500
    assert counting.chars <= 2 * len(text)  # before: about 500 parses of the rest of the line (3.2 M characters)


def test_agreement_parses_a_sentence_once_however_many_candidates_it_holds():
    from mtqa.nlp import english_tagger

    engine = engine_for(("AGR001",))
    counting = _CountingTagger(english_tagger(engine.context))
    engine.context.provide("spacy-en-tagger", counting)
    text = "The losses is growing, and " * 200 + "that is all."
    issues = engine.check_text(text).issues
    assert issues and all(i.text == "is" for i in issues)
    assert counting.calls == 1  # before: one parse of the whole sentence per candidate (200)


def test_requote_and_repeat_rules_find_the_same_as_an_all_pairs_search():
    """The indexed QUO006 and DUP001 against the all-pairs definitions they replace, on planted cases."""
    from rapidfuzz import fuzz

    from mtqa.document import paragraph_key

    paragraphs = []
    for n in range(60):
        paragraphs.append(f"Paragraph {n} says the council met on day {n} to discuss the budget for the {n}th time.")
        if n % 7 == 3:
            paragraphs.append(f"An official said \"the talks did not resolve any acute issues\" on day {n}.")
        if n % 7 == 5:
            paragraphs.append(f"No \"acute problems\" were resolved in talks, officials said on day {n}.")
        if n % 11 == 10:
            paragraphs.append(paragraphs[n // 2].replace("council", "Council"))
            paragraphs.append(paragraphs[n // 3].replace("met", "mett"))
    text = "\n\n".join(paragraphs)
    found = {(i.rule, i.start, i.end) for code in ("QUO006", "DUP001") for i in engine_for((code,)).check_text(text).issues}

    doc = Document(text)
    expected_dup = set()
    seen = []
    for n, p in enumerate(doc.paragraphs):
        key = paragraph_key(p.text)
        if len(key.split()) < 3:
            continue
        earlier = next((s for k, s in seen if k == key), None)
        if earlier is None and len(key) >= 40:
            earlier = next((s for k, s in seen if abs(len(k) - len(key)) < 0.1 * len(key) and fuzz.ratio(k, key) >= 95), None)
        if earlier is not None:  # (the last paragraph's deletion takes the break before it)
            last = n == len(doc.paragraphs) - 1
            expected_dup.add(("DUP001", doc.paragraphs[n - 1].end if last else p.start, doc.removal_end(p.end)))
        seen.append((key, p.start))
    assert {f for f in found if f[0] == "DUP001"} == expected_dup and len(expected_dup) >= 10
    requotes = {f for f in found if f[0] == "QUO006"}
    assert len(requotes) == sum(1 for p in paragraphs if p.startswith("No \"acute problems\""))


def _requotes_by_sliding_every_window(doc, ctx):
    """QUO006's test as first written, by brute force: every quotation against every window of every other
    quotation (hyphenated words in their parts; a content word must stand against a content word)."""
    from rapidfuzz import fuzz

    from mtqa.rules.quotes import _STOP, _WORD, _content, _sentence_words, _stem, quotes_of

    text = doc.text
    inner = [(q, [p for w in _WORD.findall(text[q.inner_start:q.inner_end]) for p in w.lower().split("-") if p])
             for q in quotes_of(doc, ctx)]
    out = set()
    for q, words in inner:
        mine = set(_content(words))
        if not 2 <= len(words) <= 6 or not mine:
            continue
        context = _sentence_words(doc, q.open) - set(words)
        context_stems = {_stem(w) for w in _content(list(context))}
        # the same words in a longer quotation: consistent, unless a quotation one word off shares more context
        exact = max((len(context_stems & ({_stem(w) for w in _content(owords)} - {_stem(w) for w in words}))
                     for _, owords in inner if owords != words
                     and any(owords[i:i + len(words)] == words for i in range(len(owords)))), default=-1)
        for other, owords in inner:
            if other is q or len(owords) < len(words) or doc.paragraph_at(other.open) == doc.paragraph_at(q.open):
                continue
            for i in range(len(owords) - len(words) + 1):
                window = owords[i:i + len(words)]
                if sum(a == b for a, b in zip(words, window)) != len(words) - 1 or not mine & set(_content(window)):
                    continue
                if any(w in _STOP or _content([w]) == [] for a, b in zip(words, window) if a != b for w in (a, b)):
                    continue
                shared = len(context_stems & ({_stem(w) for w in _content(owords)} - {_stem(w) for w in window}))
                if not shared or shared <= exact:
                    continue
                if fuzz.ratio(" ".join(words), " ".join(window)) < 50:
                    continue
                out.add((q.open, q.close + 1, " ".join(window)))
                break
    return out


@pytest.mark.parametrize("seed", range(6))
def test_indexed_requote_search_finds_exactly_what_sliding_every_window_finds(seed):
    import random

    rng = random.Random(seed)
    vocab = "the talks did not resolve any acute problems issues crisis budget deal border trade a of said".split()
    paragraphs = []
    for n in range(40):
        quoted = " ".join(rng.choice(vocab) for _ in range(rng.randint(2, 8)))
        paragraphs.append(f"An official said \"{quoted}\" after the talks on the budget crisis, day {n}.")
    text = "\n\n".join(paragraphs)
    engine = engine_for(("QUO006",))
    doc = Document(text)
    expected = _requotes_by_sliding_every_window(doc, engine.context)
    found = {(i.start, i.end): {s[1:-1].lower() for s in i.suggestions} for i in engine.check_text(text).issues}
    by_span: dict = {}
    for a, b, phrase in expected:
        by_span.setdefault((a, b), set()).add(phrase)
    assert found == by_span and (seed > 0 or found)


def test_a_quotation_repeated_thousands_of_times_is_compared_once_per_distinct_text():
    """QUO006 walked every window of every other copy of a repeated quotation: quadratic (5.4 s for 4,000 copies
    of one sentence, over 120 s for 20,000 or for 10,000 of 'He said "yes" and "no'). Run in a child process
    with a generous limit (it now takes about a second), so that a regression fails instead of hanging."""
    code = (
        "from conftest import engine_for\n"
        "from mtqa.document import Document\n"
        "engine = engine_for(('QUO006',))\n"
        "rule = next(r for r in engine.rules if r.code == 'QUO006')\n"
        "for text in (' '.join('Mr. Dupont said: \"He has 45 years.\"' for _ in range(20_000)),\n"
        "             'He said \"yes\" and \"no ' * 10_000):\n"
        "    assert list(rule.check(Document(text), engine.context)) == []\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=ROOT / "tests")
    assert done.returncode == 0, done.stderr


def test_offset_lookups_agree_with_a_scan():
    text = "One. Two three.\n\nFour five. Six.\n\n\nSeven eight nine."
    doc = Document(text)
    for offset in range(len(text) + 1):
        para = next((p for p in doc.paragraphs if p.start <= offset < p.end), None)
        assert doc.paragraph_at(offset) == para
        sent = next((s for s in doc.sentences_of(para) if s.start <= offset < s.end), None) if para else None
        assert doc.sentence_at(offset) == sent
        assert doc.line_col(offset) == (text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1)


# --- the time budget -----------------------------------------------------------------------------------------------

def test_past_the_time_budget_the_remaining_rules_are_skipped_and_the_document_says_so(monkeypatch):
    import mtqa.engine

    cfg = replace(load_config(ROOT / "configs" / "default.toml"), grammar="none", max_check_seconds=2.5)
    engine = Engine(cfg)
    ticks = iter(range(10_000))
    monkeypatch.setattr(mtqa.engine, "_clock", lambda: float(next(ticks)))  # one second per look at the clock
    result = engine.check_text("The the talks failed.")
    assert not result.complete
    note = next(i for i in result.issues if i.rule == "E005")
    ran = [r.code for r in engine.rules if not r.needs_source][:2]
    assert list(result.skipped) == [r.code for r in engine.rules if not r.needs_source][2:]
    assert "2.5 s" in note.message and "after 2 check(s)" in note.message and result.skipped[0] in note.message
    assert any(i.rule == "REP001" for i in result.issues) == ("REP001" in ran)


def test_past_the_time_budget_the_grammar_layer_lints_no_further_paragraph_and_the_document_says_so(monkeypatch):
    """Harper checked the budget only before it began: 400 paragraphs of one long unknown word each took 28 s with
    max-check-seconds = 5, reported complete. It now stops between paragraphs, as the rules stop between rules."""
    import mtqa.engine
    from mtqa.grammar.harper import HarperBackend

    cfg = replace(load_config(ROOT / "configs" / "default.toml"), select=("REP001",), max_check_seconds=100, cache=False)
    engine = Engine(cfg)
    engine.grammar.linter  # noqa: B018 - built before the clock is faked
    now = [0.0]
    monkeypatch.setattr(mtqa.engine, "_clock", lambda: now[0])
    linted, lint = [], HarperBackend.paragraph_lints
    monkeypatch.setattr(HarperBackend, "paragraph_lints",  # each paragraph takes 30 s of the budget
                        lambda self, text: linted.append(text) or now.__setitem__(0, now[0] + 30) or lint(self, text))
    result = engine.check_text("\n\n".join(f"The the talks in town {k} failed." for k in range(10)))
    assert len(linted) == 4
    assert not result.complete and result.skipped == ("grammar",)
    note = next(i for i in result.issues if i.rule == "E005")
    assert "100 s" in note.message and "grammar (6 of 10 paragraphs)" in note.message
    assert engine.check_text("The the talks failed.").complete  # within the budget: complete, no E005


def test_json_reports_whether_each_document_was_fully_checked(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("The talks failed.\n", encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text("grammar = 'none'\nmax-check-seconds = 1e-9\n", encoding="utf-8")
    report = json.loads(_cli("check", "--format", "json", str(story), cwd=tmp_path).stdout)
    doc = report["documents"][0]
    assert doc["complete"] is False and doc["skipped"] and any(i["rule"] == "E005" for i in doc["issues"])
    (tmp_path / "mtqa.toml").write_text("grammar = 'none'\n", encoding="utf-8")
    doc = json.loads(_cli("check", "--format", "json", str(story), cwd=tmp_path).stdout)["documents"][0]
    assert doc["complete"] is True and "skipped" not in doc


# --- user lexicon regexes ----------------------------------------------------------------------------------------

def test_a_catastrophic_user_regex_is_refused_at_load_time_with_file_and_line(tmp_path):
    from mtqa.rules.lexicon import load_lexicon

    lex = tmp_path / "house.tsv"
    lex.write_text("id\trule\tpattern\tsuggestions\tforbid_after\n"
                   "H1\tCAL001\tin the framework of\twithin\t (a+)+$\n", encoding="utf-8")
    with pytest.raises(MtqaError) as err:
        load_lexicon(lex)
    assert f"{lex}:2" in str(err.value) and "forbid_after" in str(err.value)


def test_a_user_regex_that_could_backtrack_forever_is_stopped_by_a_timeout(tmp_path):
    from mtqa.rules.lexicon import guarded_regex

    slow = guarded_regex(r"\w*\d\b", "house.tsv:2", "forbid_after", timeout=0.05)  # quadratic in a search
    with pytest.raises(MtqaError) as err:
        slow.search("a" * 30_000)
    assert "house.tsv:2" in str(err.value) and "forbid_after" in str(err.value)


# --- selection and config mistakes are usage errors ----------------------------------------------------------------

def test_an_unknown_selector_is_a_usage_error_before_any_check(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("The the talks failed.\n", encoding="utf-8")
    proc = _cli("check", "--grammar", "none", "--select", "NOPE999", str(story))
    assert proc.returncode == 2 and "NOPE999" in proc.stderr and proc.stdout == ""
    assert _cli("check", "--grammar", "none", "--ignore", "XYZ", str(story)).returncode == 2
    assert _cli("check", "--grammar", "none", "--select", "REP,HARPER:SpellCheck", str(story)).returncode in (0, 1)


def test_an_unknown_selector_is_blamed_on_where_it_was_written(tmp_path):
    """The message said "(from <config> or the command line)": the user had to guess which of the two to fix."""
    story = tmp_path / "story.txt"
    story.write_text("The the talks failed.\n", encoding="utf-8")
    given = _cli("check", "--grammar", "none", "--ignore", "XYZ", str(story), cwd=tmp_path)
    assert given.stderr == "mtqa: error: --ignore: no rule matches 'XYZ'; `mtqa rules` lists the codes\n"
    (tmp_path / "mtqa.toml").write_text('select = ["REP", "NOPE9"]\n', encoding="utf-8")
    written = _cli("check", "--grammar", "none", str(story), cwd=tmp_path)
    assert written.returncode == 2 and written.stderr == (
        f"mtqa: error: select: no rule matches 'NOPE9' (in {tmp_path / 'mtqa.toml'}); `mtqa rules` lists the codes\n")
    # the config is read whole, as ruff reads its own: a bad code in it is said even when --select replaces it
    overridden = _cli("check", "--grammar", "none", "--select", "REP", str(story), cwd=tmp_path)
    assert overridden.returncode == 2 and "'NOPE9' (in " in overridden.stderr


@pytest.mark.parametrize("value", [",", " , ", ""])
def test_a_select_that_names_no_rule_is_a_usage_error_not_a_run_that_checks_nothing(tmp_path, value):
    story = tmp_path / "story.txt"
    story.write_text("The the talks failed.\n", encoding="utf-8")
    proc = _cli("check", "--grammar", "none", f"--select={value}", str(story))
    assert proc.returncode == 2 and "names no rule" in proc.stderr and proc.stdout == ""
    # an empty --ignore, however written, is as if not given: the config's ignore list stays
    (tmp_path / "mtqa.toml").write_text('ignore = ["REP"]\n', encoding="utf-8")
    for empty in ("--ignore=", "--ignore=,"):
        given = _cli("check", "--grammar", "none", "--format", "json", empty, str(story))
        assert given.returncode == 0 and json.loads(given.stdout)["summary"]["issues"] == 0


@pytest.mark.parametrize("grammar,select", [("none", "LT:FOO"), ("none", "HARPER:"), ("none", "LT"), ("harper", "LT:")])
def test_grammar_codes_alone_with_the_grammar_layer_off_are_a_usage_error(tmp_path, grammar, select):
    # they ran nothing and passed the gate
    story = tmp_path / "story.txt"
    story.write_text("The the talks failed.\n", encoding="utf-8")
    proc = _cli("check", "--grammar", grammar, "--select", select, str(story))
    assert proc.returncode == 2 and "runs no check" in proc.stderr and proc.stdout == ""


def test_a_selector_string_in_the_config_is_one_code_not_its_characters(tmp_path):
    (tmp_path / "mtqa.toml").write_text('select = "CAL001"\n', encoding="utf-8")
    cfg = load_config(start=tmp_path)
    assert cfg.select == ("CAL001",)
    assert [r.code for r in Engine(replace(cfg, grammar="none")).rules] == ["CAL001"]


@pytest.mark.parametrize("setting", ['max-chars = "big"', "max-chars = 1.5", "max-check-seconds = true",
                                     "accept = 5", "select = [1, 2]", "severity = 'major'", "fail-under = '90'",
                                     "max-check-seconds = -1", "max-token-chars = -5"])
def test_a_wrong_value_type_in_the_config_names_the_key_and_file(tmp_path, setting):
    story = tmp_path / "story.txt"
    story.write_text("The talks failed.\n", encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(setting + "\n", encoding="utf-8")
    proc = _cli("check", str(story), cwd=tmp_path)
    key = setting.split(" =")[0]
    assert proc.returncode == 2 and "mtqa.toml" in proc.stderr and repr(key) in proc.stderr, proc.stderr


def test_no_document_to_check_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = _cli("check", "--grammar", "none", str(tmp_path / "empty"))
    assert proc.returncode == 2 and "no document" in proc.stderr
    blank_file = tmp_path / "blank.txt"
    blank_file.write_text("\n  \n", encoding="utf-8")
    assert _cli("check", "--grammar", "none", str(blank_file)).returncode == 2
    story = tmp_path / "story.txt"
    story.write_text("The talks failed.\n", encoding="utf-8")
    assert _cli("check", "--grammar", "none", str(blank_file), str(story)).returncode == 0


# --- sentence alignment: a band around the diagonal ----------------------------------------------------------------

def _story(n: int, dropped: set[int], seed: int) -> tuple[str, str]:
    """A French story of n sentences and its English translation with the sentences in `dropped` left out."""
    import random

    rng = random.Random(seed)
    towns = ["Lyon", "Nantes", "Lille", "Rennes", "Nice", "Brest", "Metz", "Caen", "Dijon", "Tours"]
    fr, en = [], []
    for k in range(n):
        town, count = rng.choice(towns), rng.randint(2, 900)
        fr.append(f"La mairie de {town} a recensé {count} logements vides au mois de mars, selon le rapport numéro {k}.")
        if k not in dropped:
            en.append(f"The {town} town hall counted {count} empty homes in March, according to report number {k}.")
    return " ".join(fr), " ".join(en)


@pytest.mark.parametrize("n,dropped", [
    (60, set()), (80, set(range(20, 45))), (90, {3, 17, 50, 51, 52, 88}), (120, set(range(0, 30))),
    (100, set(range(70, 100))),
])
def test_the_banded_alignment_is_the_whole_tables(n, dropped):
    """The alignment works out only the cells near the diagonal: on stories with none, a run or scattered sentences
    dropped (at the start, the middle, the end), it pairs the sentences as the whole table does."""
    from mtqa.align import _align, align, source_document

    fr, en = _story(n, dropped, seed=n)
    doc = Document(en, source=fr)
    source, target = source_document(doc).sentences, doc.sentences
    assert align(source, target) == _align(source, target, None, None)
    assert sum(1 for p in align(source, target) if p.source and not p.target) == len(dropped)


def test_the_band_of_each_row_meets_the_next_however_steep_the_guide():
    """One source sentence, five in the translation: the guide climbs five columns in one row. Even a band of no
    width around it reaches the last cell (each row's band spans the guide's crossing of its neighbours), and
    the alignment is the whole table's."""
    from mtqa.align import _align, align, source_document

    fr, _ = _story(1, set(), seed=1)
    _, en = _story(5, set(), seed=2)
    doc = Document(en, source=fr)
    source, target = source_document(doc).sentences, doc.sentences
    assert (len(source), len(target)) == (1, 5)
    assert _align(source, target, None, 0) == _align(source, target, None, None) == align(source, target)


def test_a_block_dropped_in_one_place_and_another_added_elsewhere_is_found():
    """400 sentences; the translation lacks the first 60 and has 60 sentences of its own in the middle, so both
    sides count 400. Along the diagonal the band paired unrelated sentences without nearing its edge (29 dropped
    sentences reported, 22 of them wrongly, and BIL001 "fixed" figures from the wrong sentences); the guide through
    the pairs that share rare figures and words finds the two blocks."""
    from mtqa.align import align, source_document

    fr, en = _story(400, set(), seed=5)
    english = [s + "." for s in en.split(". ") if s]
    english[-1] = english[-1].rstrip(".")
    added = [f"Officials in Brest opened {k + 5000} new libraries, the culture ministry said of year {k}." for k in range(60)]
    doc = Document(" ".join(english[60:200] + added + english[200:]), source=fr)
    source, target = source_document(doc).sentences, doc.sentences
    assert (len(source), len(target)) == (400, 400)
    pairs = align(source, target)
    dropped = [s.text for p in pairs if not p.target for s in p.source]
    inserted = [t.text for p in pairs if not p.source for t in p.target]
    assert dropped == [s.text for s in source[:60]]
    assert inserted == added


def test_a_story_whose_path_leaves_the_band_is_aligned_on_the_whole_table():
    """45 sentences dropped in the middle and 45 others added at the end (real MT, from the development data when
    present): the counts are equal, so the band is narrow, and the best path inside it was a worse alignment (12
    omissions reported in scattered places instead of one run of 45)."""
    import json

    from mtqa.align import _align, align, source_document

    data = ROOT.parent / "shared" / "realdata" / "lig-fr-en-dev.jsonl"
    if not data.is_file():
        pytest.skip("the real development data (../shared/realdata) is not here")
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()[:1045]]
    fr = " ".join(r["fr"] for r in rows[:120])
    en = " ".join(r["google"] for r in rows[:20] + rows[65:120] + rows[1000:1045])
    doc = Document(en, source=fr)
    source, target = source_document(doc).sentences, doc.sentences
    pairs = align(source, target)
    assert pairs == _align(source, target, None, None)
    assert sum(len(p.source) for p in pairs if not p.target) >= 40


def test_a_story_whose_sides_drift_apart_is_aligned_in_a_band_drawn_around_its_path(monkeypatch):
    """A story of 400 sentences whose first 25 the translation splits in two: the path runs 23 sentences off the
    diagonal there, past the band's edge. The band is drawn again around the path it found, at the same width,
    instead of being doubled (on real long stories, whose sides drift apart by tens of sentences, each doubling
    cost as much again as the whole first attempt)."""
    from mtqa import align as alignment

    fr, en = [], []
    for k in range(400):
        fr.append(f"La mairie de Lyon a recensé {k + 2} logements vides en mars, selon le rapport numéro {k}.")
        english = f"The Lyon town hall counted {k + 2} empty homes in March, according to report number {k}."
        en.append(english.replace(" in March, ", " in March. This is ") if k < 25 else english)
    doc = Document(" ".join(en), source=" ".join(fr))
    source, target = alignment.source_document(doc).sentences, doc.sentences
    assert (len(source), len(target)) == (400, 425)
    bands, real = [], alignment._align
    monkeypatch.setattr(alignment, "_align", lambda *a, **k: bands.append(a[3]) or real(*a, **k))
    monkeypatch.setattr(alignment, "_skeleton", lambda *a: None)  # no sure pairs: the first guide is the diagonal
    pairs = alignment.align(source, target)
    assert [len(p.target) for p in pairs] == [2] * 25 + [1] * 375 and all(len(p.source) == 1 for p in pairs)
    assert len(bands) >= 2 and len(set(bands)) == 1 and None not in bands


def test_a_recap_that_repeats_an_early_sentence_does_not_mislead_the_guide(monkeypatch):
    """A story whose sentences share few rare words: the translation drops sentence 10 and adds, 300 sentences
    later, a recap with sentence 10's figures. That pair looked sure, and a guide through it ran hundreds of
    columns off the path: the band was redrawn and doubled to the width of the story (minutes on 1,000
    sentences). It is left out of the guide as a stray; the band keeps its width."""
    from mtqa import align as alignment

    who = [("Le maire", "The mayor"), ("La police", "The police"), ("Le syndicat", "The union"), ("Le préfet", "The prefect")]
    did = [("a parlé du budget", "spoke about the budget"), ("a visité le marché", "visited the market"),
           ("a critiqué le projet", "criticised the project"), ("a salué les habitants", "greeted the residents")]
    when = [("lundi", "on Monday"), ("mardi", "on Tuesday"), ("jeudi", "on Thursday")]
    fr, en = [], []
    for k in range(400):
        (wf, we), (df, de), (tf, te) = who[k % 4], did[(k // 4) % 4], when[(k // 16) % 3]
        if k in (2, 5, 10, 310, 320, 350):
            fr.append(f"Au total, {k + 1370} personnes ont été évacuées et {k + 120} maisons détruites, selon le rapport.")
            en.append(f"In all, {k + 1370} people were evacuated and {k + 120} houses destroyed, according to the report.")
        else:
            fr.append(f"{wf} {df} {tf}.")
            en.append(f"{we} {de} {te}.")
    recap = "As reported earlier, 1380 people were evacuated and 130 houses destroyed, according to the report."
    english = en[:10] + en[11:300] + [recap] + en[300:]
    doc = Document(" ".join(english), source=" ".join(fr))
    source, target = alignment.source_document(doc).sentences, doc.sentences
    bands, real = [], alignment._align
    monkeypatch.setattr(alignment, "_align", lambda *a, **k: bands.append(a[3]) or real(*a, **k))
    pairs = alignment.align(source, target)
    assert [s.text for p in pairs if not p.target for s in p.source] == [fr[10]]
    assert [t.text for p in pairs if not p.source for t in p.target] == [recap]
    assert len(set(bands)) == 1 and None not in bands


def test_a_story_told_twice_over_is_guided_by_the_nearer_of_each_sentences_twins(monkeypatch):
    """Every sentence is there twice (a story printed twice over, as a long benchmark document wraps around its
    data): each English sentence shares its figures with two French ones, so no pair was sure and the guide fell
    back to the diagonal (four passes at 200,000 words). The nearer twin counts; the band keeps its width."""
    from mtqa import align as alignment

    fr, en = _story(200, set(), seed=9)
    french, english = [fr] * 2, [s + "." for s in en.split(". ") if s] * 2
    english = [e.replace("..", ".") for e in english]
    added = [f"Officials in Brest opened {k + 5000} new libraries, the culture ministry said of year {k}." for k in range(30)]
    english = english[30:250] + added + english[250:]
    doc = Document(" ".join(english), source=" ".join(french))
    source, target = alignment.source_document(doc).sentences, doc.sentences
    bands, real = [], alignment._align
    monkeypatch.setattr(alignment, "_align", lambda *a, **k: bands.append(a[3]) or real(*a, **k))
    pairs = alignment.align(source, target)
    assert [s.text for p in pairs if not p.target for s in p.source] == [s.text for s in source[:30]]
    assert [t.text for p in pairs if not p.source for t in p.target] == added
    assert len(bands) == 1


def test_a_shift_longer_than_a_quarter_of_the_story_keeps_its_sure_pairs():
    """130 of 400 sentences dropped at the start and 130 others added at the end: every pair sits 130 sentences
    off the diagonal, further than the quarter of the story within which twins are told apart. A pair with no
    twin is sure wherever it lies (limiting every pair to that quarter lost them all: 44 false drops, 118 missed)."""
    from mtqa.align import align, source_document

    fr, en = _story(400, set(), seed=13)
    english = [s if s.endswith(".") else s + "." for s in en.split(". ")]
    added = [f"Officials in Brest opened {k + 5000} new libraries, the culture ministry said of year {k}." for k in range(130)]
    doc = Document(" ".join(english[130:] + added), source=fr)
    source, target = source_document(doc).sentences, doc.sentences
    pairs = align(source, target)
    assert [s.text for p in pairs if not p.target for s in p.source] == [s.text for s in source[:130]]
    assert [t.text for p in pairs if not p.source for t in p.target] == added


def test_a_story_of_the_same_few_sentences_weighs_each_step_once(monkeypatch):
    """"Macron met." 2,000 times beside "Macron a rencontré.": no key is rare, and every cell of the band weighed its
    steps again, the same few sentences a million times at 10,000 of them (1.01 million reads of their words at
    2,500, 83 s at 10,000). The costs of a step depend on the texts alone: each is read once."""
    from mtqa import align as alignment

    doc = Document(" ".join(["Macron met."] * 2000), source=" ".join(["Macron a rencontré."] * 2000))
    source, target = alignment.source_document(doc).sentences, doc.sentences
    calls, real = [], alignment._lexical
    monkeypatch.setattr(alignment, "_lexical", lambda *a: calls.append(1) or real(*a))
    pairs = alignment.align(source, target)
    assert [(len(p.source), len(p.target)) for p in pairs] == [(1, 1)] * 2000
    assert len(calls) < 50


def test_the_costs_read_once_for_repeated_sentences_are_the_costs_read_afresh(monkeypatch):
    """Sentences naming the same few people in a random order on each side: the alignment with each step's costs
    kept (by the sentences' texts) is the one with nothing kept (a table that clears at every entry)."""
    import random

    from mtqa import align as alignment

    rng = random.Random(3)
    names = ["Macron", "Biden", "Poutine", "Zelensky", "Paris"]
    fr = " ".join(f"{rng.choice(names)} a rencontré." for _ in range(300))
    en = " ".join(f"{rng.choice(names).replace('Poutine', 'Putin')} met." for _ in range(290))
    doc = Document(en, source=fr)
    source, target = alignment.source_document(doc).sentences, doc.sentences
    kept = alignment.align(source, target)
    monkeypatch.setattr(alignment, "MEMO", 1)
    assert alignment.align(source, target) == kept


def test_a_text_over_spacys_limit_is_parsed_in_pieces_with_its_offsets(monkeypatch):
    """spaCy refuses over max_length characters (a million): the source of a long story (1.4 million characters)
    stopped BIL002 with "[E088] Text of length ... exceeds maximum". It is parsed in pieces, joined into one Doc."""
    from mtqa.nlp import french_ner

    ner = french_ner(Engine(replace(load_config(ROOT / "configs" / "default.toml"), grammar="none")).context)
    text = "".join(f"Le président Emmanuel Macron a reçu Olaf Scholz à Berlin le {n} mars pour parler d'énergie.\n\n"
                   for n in range(1, 31))
    whole = [(e.start_char, e.text) for e in ner(text).ents]
    monkeypatch.setattr(ner.pipeline, "max_length", 500)
    doc = ner(text)
    assert doc.text == text and [(e.start_char, e.text) for e in doc.ents] == whole and len(whole) >= 60
