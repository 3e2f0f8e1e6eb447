"""Applying any set of non-overlapping fixes gives the expected text and never shifts other offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import fixed_once
from mtqa.issues import Edit, Issue, Severity, apply_edits, choose_fixes


@st.composite
def text_and_edits(draw):
    text = draw(st.text(min_size=0, max_size=80))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=10)))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        edits.append(Edit(a, b, draw(st.text(max_size=5))))
    return text, edits


@given(text_and_edits())
@settings(max_examples=300)
def test_non_overlapping_edits_apply_exactly(case):
    text, edits = case
    result = apply_edits(text, edits)
    # rebuild by hand: untouched stretches are copied verbatim, edits replace their spans
    expected, pos = "", 0
    for e in sorted(edits, key=lambda e: e.start):
        expected += text[pos:e.start] + e.replacement
        pos = e.end
    assert result == expected + text[pos:]
    # untouched text keeps its relative place: each gap appears in order in the result
    cursor = 0
    pos = 0
    for e in sorted(edits, key=lambda e: e.start):
        gap = text[pos:e.start]
        found = result.find(gap, cursor)
        assert found >= cursor
        cursor = found + len(gap)
        pos = e.end


@given(st.text(min_size=1, max_size=60), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=8))
@settings(max_examples=300)
def test_chosen_fixes_never_overlap_and_later_text_is_kept(text, spans):
    issues = []
    for start, length in spans:
        start = min(start, len(text))
        end = min(len(text), start + length)
        issues.append(Issue("T001", "Other", Severity.MINOR, start, end, text[start:end], "m", ("X",)))
    edits = choose_fixes(issues)
    for a, b in zip(edits, edits[1:]):
        assert a.end <= b.start
    result = apply_edits(text, edits)
    if edits:
        last = edits[-1]
        assert result.endswith(text[last.end:])
        assert result.startswith(text[: edits[0].start])
    else:
        assert result == text


# texts whose first fix left a finding of the same defect for a second run (fix is not idempotent)
FIXED_IN_ONE_RUN = {
    "a word three times": ("The vote took place in in in Paris.", "The vote took place in Paris."),
    "a decimal comma and a space before %": ("Inflation hit 2,3 % in May.", "Inflation hit 2.3% in May."),
    "two spaces before a colon": ("The question remains  : who pays?", "The question remains: who pays?"),
    "two spaces before a percent sign": ("Prices rose by 5  % in May.", "Prices rose by 5% in May."),
    "a French amount after a number": ("The 10 25 M$ grants were approved.", "The 10 $25 million grants were approved."),
    "nested guillemets": ("He said « they told me « never » again » on Friday.",
                          "He said \"they told me 'never' again\" on Friday."),
    "double quotes inside guillemets": ("He said « they told me \"never\" again » on Friday.",
                                        "He said \"they told me 'never' again\" on Friday."),
    "a closing mark touching the attribution": ("We think the plan will work, \"said Paulson. \"Markets agree,\" he added.",
                                                "We think the plan will work,\" said Paulson. \"Markets agree,\" he added."),
    "a curly closing mark before a subject and verb": ("It will end in an accident, ”he warned, before leaving.",
                                                       "It will end in an accident,” he warned, before leaving."),
}


@pytest.mark.parametrize("text, once", list(FIXED_IN_ONE_RUN.values()), ids=list(FIXED_IN_ONE_RUN))
def test_one_fix_run_leaves_nothing_for_a_second(rules_engine, text, once):
    assert fixed_once(rules_engine, text) == once
    assert fixed_once(rules_engine, once) == once


def _choose_by_scanning(issues) -> list[Edit]:
    """choose_fixes as first written: each candidate against every edit chosen so far."""
    candidates = sorted((i for i in issues if i.suggestions), key=lambda i: (-(i.end - i.start), i.start))
    chosen: list[Edit] = []
    for issue in candidates:
        if all(issue.end <= e.start or issue.start >= e.end for e in chosen):
            chosen.append(Edit(issue.start, issue.end, issue.suggestions[0]))
    return sorted(chosen, key=lambda e: (e.start, e.end))


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6), st.booleans()), max_size=25))
@settings(max_examples=300)
def test_chosen_fixes_are_those_a_scan_of_every_chosen_edit_gives(spans):
    """Empty spans (insertions) included: they may sit at the edge of a chosen edit, not inside it."""
    issues = [Issue("T001", "Other", Severity.MINOR, s, s + n, "", "m", (f"x{k}",) if fixable else ())
              for k, (s, n, fixable) in enumerate(spans)]
    assert choose_fixes(issues) == _choose_by_scanning(issues)


def _counting(name: str):
    def compare(self, other):
        _Counted.compared += 1
        return getattr(int, name)(self, other)
    return compare


class _Counted(int):
    """An offset that counts how often it is compared."""

    compared = 0
    __lt__, __le__, __gt__, __ge__, __eq__ = map(_counting, ("__lt__", "__le__", "__gt__", "__ge__", "__eq__"))
    __hash__ = int.__hash__


def test_choosing_the_fixes_of_many_findings_is_not_quadratic():
    """A long document with thousands of fixable findings ("10 000" in every line): each candidate edit was
    compared with every edit chosen before it, n * n / 2 comparisons (tens of seconds of `mtqa fix` for 20,000
    findings); a bisection needs about n * log2(n)."""
    n = 4000
    issues = [Issue("TYP003", "Locale convention", Severity.MINOR, _Counted(6 * k), _Counted(6 * k + 6), "10 000", "m",
                    ("10,000",)) for k in range(n)]
    _Counted.compared = 0
    edits = choose_fixes(issues)
    assert len(edits) == n
    assert _Counted.compared < 40 * n * 12, _Counted.compared  # log2(4000) < 12; the scan made about 16 million


@pytest.mark.parametrize("text", ["The 10 $50 notes were fake.", "Some 3 €20 tickets were sold."])
def test_a_number_before_an_english_amount_is_left_alone(rules_engine, text):
    """"10 $50" is ten notes of $50: reading "10 $" as a French amount made it "$1050"."""
    assert fixed_once(rules_engine, text) == text


def test_a_quotation_in_single_marks_gets_double_marks_at_both_ends(rules_engine):
    """QUO008 fixed the opening mark alone: "We will not give in', and a second run made QUO003 pair the marks
    across sentences and delete the spaces between them ("said"We")."""
    text = "'We will not give in', he said. The minister called the plan 'a costly mistake' on Monday."
    source = "« Nous ne céderons pas », a-t-il dit. Le ministre a qualifié le projet d'« erreur coûteuse » lundi."
    once = apply_edits(text, choose_fixes(rules_engine.check_text(text, source=source).issues, neural=False))
    assert once == "\"We will not give in\", he said. The minister called the plan \"a costly mistake\" on Monday."


@pytest.mark.parametrize("text, fixed", [
    ("The budget vote\x1ewas delayed again.", "The budget vote was delayed again."),
    ("Farmers blocked the ring road\u200bnear Lyon.", "Farmers blocked the ring road near Lyon."),
    ("Farmers blocked the ring road \u200b\u200bnear Lyon.", "Farmers blocked the ring road near Lyon."),
    ("The word\x00less draft was read out.", "The wordless draft was read out."),
])
def test_deleting_an_invisible_character_never_glues_two_words(rules_engine, text, fixed):
    """TYP010 deleted a zero-width space or record separator that was all that kept two words apart ("votewas")."""
    assert fixed_once(rules_engine, text) == fixed


def test_a_fix_that_uncovers_another_is_fixed_in_the_same_run(rules_engine):
    """Replacing « » (one edit) puts the period outside the new quotation marks, which QUO005 moves (a second
    edit, found only by checking the fixed text): Engine.fix applies both and counts both."""
    text = "The mayor called the new tram line « a waste of money »."
    source = "Le maire a qualifié la nouvelle ligne de tram de « gaspillage »."
    fixed = rules_engine.fix(rules_engine.check_text(text, source=source), neural=False)
    assert (fixed.text, fixed.applied, fixed.passes) == ("The mayor called the new tram line \"a waste of money.\"", 2, 2)
    again = rules_engine.fix(rules_engine.check_text(fixed.text, source=source), neural=False)
    assert (again.text, again.applied, again.passes) == (fixed.text, 0, 0)


def test_fixes_that_undo_each_other_stop_at_the_pass_cap():
    """Two rules that turn "colour" into "color" and back could loop: Engine.fix stops at a text it has seen."""
    from mtqa.engine import MAX_FIX_PASSES, Engine, Result

    class Flipping(Engine):
        def __init__(self):
            pass

        def check(self, doc):
            word = "colour" if "colour" in doc.text else "color"
            other = "color" if word == "colour" else "colour"
            start = doc.text.index(word)
            issue = Issue("SPL999", "Fluency/Spelling", Severity.MINOR, start, start + len(word), word, "spelling", (other,))
            return Result(doc, [issue], 3, 100.0)

    engine = Flipping()
    fixed = engine.fix(engine.check_text("The colour changed."))
    assert (fixed.text, fixed.applied, fixed.passes) == ("The color changed.", 1, 1)
    assert 1 <= MAX_FIX_PASSES <= 4
