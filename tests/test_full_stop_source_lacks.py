"""BIL013: a full stop the source sentence does not have (a headline, a caption, a cut sentence), including a
headline the source runs into its story without a break."""

from __future__ import annotations

import pytest

from conftest import engine_for
from mtqa.rules import bilingual


@pytest.fixture(scope="module")
def engine():
    return engine_for(("BIL013",))


def offsets(engine, target: str, source: str | None) -> list[int]:
    return [i.start for i in engine.check_text(target, source=source).issues if i.rule == "BIL013"]


def test_a_headline_on_its_own_paragraph_gets_its_full_stop_flagged(engine):
    target = "Floods close the ring road.\n\nThe ring road was closed on Sunday after heavy rain."
    source = "Les inondations ferment le périphérique\n\nLe périphérique a été fermé dimanche après de fortes pluies."
    assert offsets(engine, target, source) == [target.index(".")]


def test_a_headline_run_into_its_story_in_the_source_is_found_at_the_lost_break(engine):
    target = "Floods close the ring road. The ring road was closed on Sunday after heavy rain."
    source = "Les inondations ferment le périphérique Le périphérique a été fermé dimanche après de fortes pluies."
    assert offsets(engine, target, source) == [target.index(".")]


@pytest.mark.parametrize("target, source", [
    ("Floods close the ring road", "Les inondations ferment le périphérique"),  # no full stop to flag
    ("Floods close the ring road...", "Les inondations ferment le périphérique"),  # an ellipsis is left alone
    ("The talks were led by Mr.", "Les négociations étaient menées par M."),  # the source closes its sentence
    ("Two questions remain.", "Deux questions demeurent :"),  # a colon runs on: left alone
    ("Two questions remain.", "« Deux questions demeurent »."),
    ("He read Le Monde. Then he left.", "Il lisait le journal Le Monde puis il est parti."),  # a name, not a break
])
def test_left_alone(engine, target, source):
    assert offsets(engine, target, source) == []


def test_without_a_source_nothing_is_flagged(engine):
    assert offsets(engine, "Floods close the ring road.", None) == []


def test_the_lost_break_needs_a_french_opener_followed_by_lower_case():
    assert bilingual._LOST_BOUNDARY.search("pour les Balkans Les États-Unis et leurs amis")
    assert bilingual._LOST_BOUNDARY.search("selon Marine Le Pen la France doit") is None
    assert bilingual._LOST_BOUNDARY.search("pour la monnaie unique L'Europe doit")
    assert bilingual._LOST_BOUNDARY.search("le journal Le Monde a écrit") is None
    assert bilingual._LOST_BOUNDARY.search("la Cour de La Haye a jugé") is None


def test_a_long_source_with_no_punctuation_at_all_says_nothing_about_full_stops(engine):
    source = " ".join(["les inondations ferment le périphérique et la rocade depuis dimanche soir"] * 5)
    target = " ".join(["The floods close the ring road and the bypass since Sunday evening."] * 5)
    assert offsets(engine, target, source) == []
