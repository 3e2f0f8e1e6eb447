"""The real seed article: every defect the news rules exist for is flagged, and little else."""

from __future__ import annotations

import subprocess
import sys

from conftest import SEED

EXPECTED = [
    # (family prefix, text the finding's span must contain, occurrence of that text in the article)
    ("DUP", "The United States calls for a ceasefire from Russia, but in vain", 1),
    ("DUP", "US Secretary of Defense Lloyd Austin called on Friday", 1),
    ("REP", "said announced", 0),
    ("BOI", "• Read also: [LIVE] 79th day", 0),
    ("BOI", "• Read also: A separatist region", 0),
    ("BOI", "To read also", 0),
    ("BOI", "[LIVE]", 0),
    ("CAL", "the tone rises", 0),
    ("CAL", "organize a referendum", 0),
    ("CAL", "at the initiative of", 0),
    ("CAL", "exchanged", 0),
    ("QUO", "\"acute problems\"", 0),
    ("BOI", "NEXT NEWS", 0),
    ("BOI", "\n1\n", 0),
]


def _nth(text: str, needle: str, n: int) -> int:
    pos = -1
    for _ in range(n + 1):
        pos = text.index(needle, pos + 1)
    return pos


def _covering(issues, text, family, needle, n):
    start = _nth(text, needle, n) + (1 if needle.startswith("\n") else 0)
    end = start + len(needle.strip("\n"))
    return [i for i in issues if i.rule.startswith(family) and i.start <= start and end <= i.end]


def test_seed_flags_every_expected_defect(rules_engine, seed_text):
    issues = rules_engine.check_text(seed_text).issues
    for family, needle, n in EXPECTED:
        assert _covering(issues, seed_text, family, needle, n), (family, needle)


def test_seed_has_at_most_two_other_findings_with_grammar_on(full_engine, seed_text):
    issues = full_engine.check_text(seed_text).issues
    expected = set()
    for family, needle, n in EXPECTED:
        expected |= {id(i) for i in _covering(issues, seed_text, family, needle, n)}
    others = [(i.rule, i.text) for i in issues if id(i) not in expected]
    assert len(others) <= 2, others


def test_exchanged_is_flagged_as_a_calque_with_a_fix(rules_engine, seed_text):
    issues = rules_engine.check_text(seed_text).issues
    found = [i for i in issues if i.text == "exchanged"]
    assert found and found[0].rule.startswith("CAL") and "spoke" in found[0].suggestions


def test_the_second_lede_quote_points_back_to_acute_issues(rules_engine, seed_text):
    issues = [i for i in rules_engine.check_text(seed_text).issues if i.rule == "QUO006"]
    assert len(issues) == 1  # the copy inside the repeated lede is not reported twice
    assert issues[0].suggestions == ("\"acute issues\"",)


def test_fix_removes_repeats_and_scrape_lines_and_repairs_the_attribution(tmp_path):
    out = tmp_path / "fixed.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "mtqa.cli", "fix", "--grammar", "none", str(SEED), "-o", str(out)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    fixed = out.read_text(encoding="utf-8")
    assert fixed.count("The United States calls for a ceasefire from Russia, but in vain") == 1
    assert fixed.count("US Secretary of Defense Lloyd Austin called on Friday") == 1
    for gone in ("Read also", "To read also", "[LIVE]", "NEXT NEWS", "said announced"):
        assert gone not in fixed
    assert "\n1\n" not in fixed and not fixed.rstrip().endswith("1")
    assert "during their exchange, the Pentagon said." in fixed
    assert fixed.rstrip().endswith("which is not a member of the Atlantic Alliance.")
