"""Start-up paths: a check imports only what it needs. Behaviour only: nothing here is timed."""

from __future__ import annotations

from tests.conftest import fresh_python


def _imported_after(check: str) -> list[str]:
    code = (
        "import sys\nfrom mtqa.config import load_config\nfrom mtqa.engine import Engine\n"
        f"{check}\n"
        "print(sorted(m for m in ('spacy', 'numpy', 'wordfreq', 'torch', 'harper') if m in sys.modules))"
    )
    return eval(fresh_python(code).strip().splitlines()[-1])  # a list of module names printed by the child


def test_a_one_line_check_without_grammar_imports_nothing_heavy():
    """No numpy (DUP001 has nothing to compare in one paragraph), no wordfreq (mtqa.frequencies reads its
    lists for plain words), no spaCy (no rule needs a parse here)."""
    assert _imported_after(
        "Engine(load_config().with_overrides(grammar='none'))"
        ".check_text('The minister said the talks would resume on Monday.')") == []


def test_repeated_paragraphs_are_still_compared_with_numpy():
    assert _imported_after(
        "r = Engine(load_config().with_overrides(grammar='none', select=('DUP001',)))"
        ".check_text('Talks collapsed in Geneva on Friday.\\n\\nTalks collapsed in Geneva on Friday.')\n"
        "assert [i.rule for i in r.issues] == ['DUP001'], r.issues") == ["numpy"]
