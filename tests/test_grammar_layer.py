"""The grammar layer: Harper embedded, names never flagged, the same findings through mtqa serve + LanguageTool's client."""

from __future__ import annotations

import pytest

from grammar_cases import CASES
from mtqa.rules.base import Example

NAMES_TEXT = (
    "Sergei Shoigu met Volodymyr Zelensky in Kyiv. Shoigu later flew to the Donbass, then to Kiev.\n\n"
    "Zelensky told AFP that Ursula von der Leyen would visit Zaporizhzhia. Zupančič agreed, said the Quai d'Orsay."
)


@pytest.mark.parametrize("marked,fix", CASES, ids=[c[1] for c in CASES])
def test_grammar_case_is_flagged_with_its_fix(full_engine, marked, fix):
    ex = Example(marked)
    issues = full_engine.check_text(ex.text).issues
    hits = [i for i in issues if (i.start, i.end) == ex.span]
    assert hits, [(i.rule, i.text) for i in issues]
    assert fix in hits[0].suggestions


def test_names_are_never_spelling_errors(full_engine):
    issues = full_engine.check_text(NAMES_TEXT).issues
    assert [i for i in issues if i.category == "Fluency/Spelling"] == []


def test_seed_names_pass_and_including_of_is_flagged(full_engine, seed_text):
    issues = full_engine.check_text(seed_text).issues
    spelled = [i.text for i in issues if i.category == "Fluency/Spelling"]
    assert spelled == []
    assert any(i.text == "including of" for i in issues)


def test_accepted_vocabulary_is_never_flagged():
    from mtqa.config import load_config
    from mtqa.engine import Engine

    cfg = load_config().with_overrides(accept=frozenset({"Zorblax", "frumpton"}))
    issues = Engine(cfg).check_text("zorblax and frumpton are accepted words here.").issues
    assert not [i for i in issues if i.category == "Fluency/Spelling"]
    unaccepted = Engine(load_config()).check_text("zorblax and frumpton are accepted words here.").issues
    assert [i.text for i in unaccepted if i.category == "Fluency/Spelling"] == ["zorblax", "frumpton"]


def test_uk_house_style_accepts_uk_spelling():
    from mtqa.config import load_config
    from mtqa.engine import Engine

    text = "The organisation changed the colour of its logo."
    us = Engine(load_config().with_overrides(house_style="us")).check_text(text).issues
    uk = Engine(load_config().with_overrides(house_style="uk")).check_text(text).issues
    assert {i.text for i in us if i.category == "Fluency/Spelling"} == {"organisation", "colour"}
    assert [i for i in uk if i.category == "Fluency/Spelling"] == []


def test_languagetool_without_a_server_fails_fast_with_a_clear_message(monkeypatch, tmp_path):
    from mtqa.config import load_config
    from mtqa.errors import MtqaError
    from mtqa.grammar.languagetool import ENV_URL, LanguageToolBackend

    monkeypatch.delenv(ENV_URL, raising=False)
    monkeypatch.setenv("LTP_PATH", str(tmp_path))  # an empty folder: no local install to start, and no download
    with pytest.raises(MtqaError, match="needs a LanguageTool server"):
        LanguageToolBackend(load_config().with_overrides(grammar="languagetool"))
    with pytest.raises(MtqaError, match="not reachable"):
        LanguageToolBackend(load_config().with_overrides(grammar="languagetool", languagetool_url="http://127.0.0.1:9"))
    assert list(tmp_path.iterdir()) == []  # nothing was downloaded


def test_capitalised_typos_are_still_caught_but_unknown_names_pass(full_engine):
    issues = full_engine.check_text("Goverment officials met. Anticor, which joined the case, said so. Teh end came.").issues
    spelled = {i.text for i in issues if i.category == "Fluency/Spelling"}
    assert spelled == {"Goverment", "Teh"}
