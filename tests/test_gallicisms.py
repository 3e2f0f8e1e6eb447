"""Source-aware Gallicisms (BIL010-BIL012): each finding needs the French feature in the aligned source
sentence, and each check leaves alone what another rule or a quotation already accounts for."""

from __future__ import annotations

import pytest

from conftest import engine_for
from mtqa.rules import gallicisms


@pytest.fixture(scope="module")
def engine():
    return engine_for(("BIL010", "BIL011", "BIL012", "CAL003"))


def found(engine, target: str, source: str | None, rule: str) -> list[str]:
    return [i.text for i in engine.check_text(target, source=source).issues if i.rule == rule]


def test_every_country_of_the_table_has_a_french_pattern_that_matches_its_own_french_name():
    table = gallicisms._countries()
    assert {"Russia", "India", "Saudi Arabia", "Latin America"} <= set(table)
    assert table["Saudi Arabia"].search(gallicisms._folded("les réserves de l'Arabie saoudite"))
    assert table["Eastern Europe"].search(gallicisms._folded("les pays d'Europe de l'Est")) is None  # no article
    assert table["Eastern Europe"].search(gallicisms._folded("la chute de l'Europe de l'Est"))


def test_the_country_article_is_flagged_only_where_the_aligned_source_sentence_has_the_french_article(engine):
    source = "L'Inde ouvre son compte de capital. La guerre en Irak continue."
    assert found(engine, "The India opens its capital account. The war in the Iraq continues.", source, "BIL010") == ["The India"]


def test_a_country_the_lexicon_already_flags_gets_one_finding(engine):
    target, source = "Trade with the Russia is growing.", "Le commerce avec la Russie progresse."
    assert found(engine, target, source, "CAL003") == ["the Russia"]
    assert found(engine, target, source, "BIL010") == []


def test_no_source_no_finding(engine):
    assert found(engine, "After the crisis the Argentina slid into default. It's over.", None, "BIL010") == []
    assert found(engine, "After the crisis the Argentina slid into default. It's over.", None, "BIL011") == []


def test_a_contraction_inside_a_quotation_or_in_a_paragraph_with_a_stray_quote_mark_is_left_alone(engine):
    source = "Le ministre a dit : « Ce n'est pas fini ». Il est temps d'agir."
    assert found(engine, 'The minister said: "It\'s not over." It\'s time to act.', source, "BIL011") == ["It's"]
    assert found(engine, 'The minister said: "It\'s not over. It\'s time to act.', source, "BIL011") == []


def test_a_contraction_is_spelled_out_in_the_suggestion():
    assert gallicisms._expanded("won't") == ["will not"]
    assert gallicisms._expanded("Can’t") == ["Cannot"]
    assert gallicisms._expanded("doesn't") == ["does not"]
    assert gallicisms._expanded("It's") == ["It is", "It has"]
    assert gallicisms._expanded("they're") == ["they are"]


@pytest.mark.parametrize("target,expected", [
    ("The plan is may be the first step.", ["may be"]),
    ("The storm will calm down, may be.", ["may be"]),
    ("The plan may be the first step.", []),  # "may be" with its own subject is a fair rendering
])
def test_may_be_is_flagged_only_without_a_subject_of_its_own(engine, target, expected):
    assert found(engine, target, "Le plan est peut-être le premier pas.", "BIL012") == expected


def test_may_be_needs_peut_etre_in_the_source(engine):
    assert found(engine, "The plan is may be the first step.", "Le plan pourrait être le premier pas.", "BIL012") == []


@pytest.fixture(scope="module")
def ago_engine():
    return engine_for(("BIL014",))


@pytest.mark.parametrize("target, expected", [
    ("The treaty was signed there thirty years, in another world.", ["there thirty years"]),
    ("The treaty was signed there are about thirty years.", ["there are about thirty years"]),
    ("There are thirty years left before the treaty expires.", []),
    ("There were thirty years of peace.", []),
])
def test_there_for_ago_needs_a_bare_length_of_time(ago_engine, target, expected):
    assert found(ago_engine, target, "Le traité a été signé il y a trente ans.", "BIL014") == expected


def test_there_for_ago_needs_il_y_a_in_the_aligned_source_sentence(ago_engine):
    assert found(ago_engine, "The treaty was signed there thirty years.", "Le traité dure depuis trente ans.", "BIL014") == []


def test_there_for_ago_suggests_the_length_before_ago(ago_engine):
    issue = next(i for i in ago_engine.check_text("She left there is less than a month.",
                                                   source="Elle est partie il y a moins d'un mois.").issues)
    assert issue.suggestions[0] == "less than a month ago"


@pytest.fixture(scope="module")
def order_engine():
    return engine_for(("BIL015",))


@pytest.mark.parametrize("target, source, expected", [
    ("Critics of the government Blair spoke.", "Les critiques du gouvernement Blair ont parlé.", ["the government Blair"]),
    ("Critics of the government Blair spoke.", "Les critiques du gouvernement de M. Blair ont parlé.", []),  # not French order
    ("Deficits grew in the era Reagan Bush.", "Les déficits ont crû sous l'ère Reagan Bush.", []),  # a longer name
    ("Deficits grew in the era Reagan.", None, []),  # no source
])
def test_head_noun_before_name_needs_the_french_order_in_the_source(order_engine, target, source, expected):
    assert found(order_engine, target, source, "BIL015") == expected


def test_head_noun_before_name_suggests_the_name_first(order_engine):
    issue = next(i for i in order_engine.check_text("Deficits grew in the era Reagan.",
                                                    source="Les déficits ont crû sous l'ère Reagan.").issues)
    assert issue.suggestions[0] == "the Reagan era"


@pytest.fixture(scope="module")
def adjective_engine():
    return engine_for(("BIL016",))


@pytest.mark.parametrize("target, source, expected", [
    ("The power Russian of today worries them.", "La puissance russe d'aujourd'hui les inquiète.", ["The power Russian"]),
    ("The power Russian of today worries them.", "La puissance de Moscou les inquiète.", []),  # no French adjective
    ("A new Soviet dictionary was printed.", "Un nouveau dictionnaire soviétique a été imprimé.", []),  # adjective first
    ("The only European to win was Dutch.", "Le seul Européen à gagner était néerlandais.", []),
])
def test_adjective_after_noun_needs_french_order_and_the_french_adjective(adjective_engine, target, source, expected):
    assert found(adjective_engine, target, source, "BIL016") == expected


def test_adjective_after_noun_suggests_the_adjective_first(adjective_engine):
    issue = next(i for i in adjective_engine.check_text("The power Russian of today worries them.",
                                                        source="La puissance russe d'aujourd'hui les inquiète.").issues)
    assert issue.suggestions[0] == "The Russian power"


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"])
def test_a_calque_with_a_no_break_or_thin_space_between_its_words_is_found(space):
    """MT that keeps French typesetting puts a no-break space where a space was: the phrase is the same phrase."""
    issues = [i for i in engine_for(("CAL002",)).check_text(f"They want to organize{space}a referendum in May.").issues if i.rule == "CAL002"]
    assert [(i.text, i.suggestions) for i in issues] == [(f"organize{space}a referendum", ("hold a referendum",))]


def test_since_a_duration_ago_gets_no_for_fix_that_would_keep_ago():
    cal = engine_for(("CAL005",))
    issues = cal.check_text("The talks stalled since three days ago; the town has waited since three years.").issues
    assert [(i.text, i.suggestions[0]) for i in issues] == [("since three years", "for three years")]
