"""What makes checking cheap without changing what it finds: the spelling pass does not send Harper the words
mtqa would drop anyway (their suggestions cost milliseconds each, a long name over a second), and a one-line
check imports nothing heavy it does not need. Behaviour only: nothing here is timed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

MIXED = (
    "Politkovskaya was killed in 2006. Krugman said the goverment had organised a centre de facto in Zuschlag's "
    "town.\n\nTeh minister met Jean-Luc Bussereau and significatly the colour changed. An unidentified man came. "
    "Zupančič told AFP their was no plan."
)


def _engine(**overrides):
    from mtqa.config import load_config
    from mtqa.engine import Engine

    return Engine(load_config().with_overrides(**overrides))


def test_spelling_pass_blanks_names_and_uk_forms_but_not_typos():
    pytest.importorskip("harper")
    from mtqa.document import Document
    from mtqa.grammar.harper import BLANK, spelling_text
    from mtqa.grammar.names import NameOracle

    engine = _engine()
    doc = Document(text=MIXED)
    seen = spelling_text(doc, doc.text, NameOracle(doc, frozenset()), engine.context, engine.config)
    assert len(seen) == len(doc.text)
    for word in ("Zuschlag's", "Bussereau", "Zupančič", "organised", "centre", "facto", "colour"):
        at = doc.text.index(word)
        assert seen[at:at + len(word)] == BLANK * len(word), word
    for word in ("goverment", "significatly", "Teh", "minister", "their"):
        at = doc.text.index(word)
        assert seen[at:at + len(word)] == word


def test_findings_are_those_of_one_pass_over_the_whole_text(monkeypatch):
    """The two passes (grammar lints on the text, SpellCheck on the text less names) find what Harper's full
    lint set on the whole text finds, after mtqa's filters."""
    pytest.importorskip("harper")
    import mtqa.grammar.harper as harper_backend

    for style in ("auto", "us", "uk"):
        fast = [(i.rule, i.start, i.end, i.suggestions) for i in _engine(house_style=style).check_text(MIXED).issues]
        with monkeypatch.context() as m:
            m.setattr(harper_backend.HarperBackend, "passes", property(lambda self: [("grammar", self.linter)]))
            whole = [(i.rule, i.start, i.end, i.suggestions) for i in _engine(house_style=style).check_text(MIXED).issues]
        assert fast == whole, style
        if style != "uk":
            assert {"goverment", "significatly"} <= {MIXED[s:e] for r, s, e, _ in fast if r == "HARPER:SpellCheck"}


def test_a_blanked_name_opening_a_line_does_not_hide_the_line_from_harper():
    """Harper reads Markdown: a line opening with four spaces would be code, and never checked."""
    pytest.importorskip("harper")
    issues = _engine().check_text("Politkovskaya Krugmanov said the goverment had gone.").issues
    assert [i.text for i in issues if i.rule == "HARPER:SpellCheck"] == ["goverment"]


def test_spelling_check_off_means_one_pass():
    pytest.importorskip("harper")
    engine = _engine(ignore=("HARPER:SpellCheck",))
    assert [name for name, _ in engine.grammar.passes] == ["grammar"]
    assert [name for name, _ in _engine().grammar.passes] == ["grammar", "spelling"]


def test_a_one_line_check_without_grammar_imports_nothing_heavy():
    code = (
        "import sys\nfrom mtqa.config import load_config\nfrom mtqa.engine import Engine\n"
        "Engine(load_config().with_overrides(grammar='none')).check_text('The minister said the talks would resume on Monday.')\n"
        "print(sorted(m for m in ('spacy', 'numpy', 'wordfreq', 'torch', 'harper') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    assert out.strip().splitlines()[-1] == "[]"
