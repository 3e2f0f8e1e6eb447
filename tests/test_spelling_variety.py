"""House style "auto" decides US or UK spelling per document; "us" and "uk" keep flagging the other variety;
the Harper lints run by default are the measured news set, and the full set is an option."""

from __future__ import annotations

import pytest

from mtqa.config import load_config
from mtqa.engine import Engine

UK_DOC = "The organisers will honour the victims. The travelling fans painted the centre in one colour."
US_DOC = "The organizers will honor the victims. The traveling fans painted the center in one color."
MIXED_DOC = "The organisers will honour the victims. The travelling fans painted the center in one color."


@pytest.fixture(scope="module")
def engines():
    return {style: Engine(load_config().with_overrides(house_style=style)) for style in ("auto", "us", "uk")}


def _spelling(issues):
    return sorted(i.text for i in issues if i.category == "Fluency/Spelling")


def test_auto_is_the_default_house_style():
    assert load_config().house_style == "auto"


@pytest.mark.parametrize("text", [UK_DOC, US_DOC])
def test_auto_accepts_a_document_that_keeps_to_one_variety(engines, text):
    issues = engines["auto"].check_text(text).issues
    assert _spelling(issues) == [] and [i for i in issues if i.rule == "SPL001"] == []


def test_auto_reports_a_mixed_document_once_listing_both_varieties(engines):
    issues = engines["auto"].check_text(MIXED_DOC).issues
    mixed = [i for i in issues if i.rule == "SPL001"]
    assert len(mixed) == 1
    assert mixed[0].text == "center" and mixed[0].suggestions[:1] == ("centre",)
    for word in ("organisers", "honour", "travelling", "center", "color"):
        assert f'"{word}"' in mixed[0].message
    assert _spelling(issues) == []


def test_fixing_a_mixed_document_respells_every_word_of_the_less_used_variety_in_one_pass(engines):
    """Not one word per fix pass: `mtqa fix` stops after a few passes, which left a story with five US words in
    UK copy still mixed."""
    text = ("The organisers will honour the travelling fans, the favourite and the neighbours at the theatre; the "
            "colour, the centre and the behaviour of the labour party are analysed. The color guard, the center, the "
            "favorite team, the neighbor and the behavior of the crowd were praised.")
    engine = engines["auto"]
    fixed = engine.fix(engine.check_text(text))
    assert fixed.passes == 1
    for us, uk in (("color", "colour"), ("center", "centre"), ("favorite", "favourite"), ("neighbor", "neighbour"),
                   ("behavior", "behaviour")):
        assert f" {us} " not in fixed.text and f"the {uk}" in fixed.text
    assert [i for i in engine.check_text(fixed.text).issues if i.rule == "SPL001"] == []


def test_us_and_uk_flag_the_other_variety_and_never_report_mixing(engines):
    us = engines["us"].check_text(MIXED_DOC).issues
    uk = engines["uk"].check_text(MIXED_DOC).issues
    assert _spelling(us) == ["honour", "organisers", "travelling"]
    assert _spelling(uk) == ["center", "color"]
    assert not [i for i in us + uk if i.rule == "SPL001"]


def test_capitalised_uk_word_at_sentence_start_is_accepted_in_auto(engines):
    assert _spelling(engines["auto"].check_text("Honour was restored, the organisers said.").issues) == []


def test_auto_accepts_uk_words_harpers_british_dictionary_knows(engines):
    # not in the variant table, nor one regular change from the American form; a typo stays flagged
    text = "The drone is highly manoeuvrable. The fire gutted a 12-storey tower. The goverment acted."
    assert _spelling(engines["auto"].check_text(text).issues) == ["goverment"]
    assert _spelling(engines["us"].check_text(text).issues) == ["goverment", "manoeuvrable", "storey"]
    # in a story spelled the US way, such a word is the odd one out
    us = "The color of the program changed. The building has a third storey near the center."
    assert _spelling(engines["auto"].check_text(us).issues) == ["storey"]


def test_a_brand_with_an_inner_capital_is_no_misspelling_but_a_glued_article_is(engines):
    text = ("Visitors queued outside the teamLab gallery. However, leLabour stressed it, and theUnited team left, "
            "led byMacron withMerkel.")
    assert _spelling(engines["auto"].check_text(text).issues) == ["byMacron", "leLabour", "theUnited", "withMerkel"]


def test_a_rarer_part_of_a_hyphenated_word_is_known_unless_it_misspells_a_common_one(engines):
    text = ("Short-sightedness rules out many recruits. The neo-goverment plan stressed forward-lookingness, "
            "self-embarassment and non-accomodation.")
    assert _spelling(engines["auto"].check_text(text).issues) == ["accomodation", "embarassment", "goverment", "lookingness"]


def test_ize_counts_as_us_against_the_same_words_ise_form(engines):
    # -ize alone is Oxford spelling too; beside the document's own -ise form of the word it is the US side
    text = ("The plan stresses modernization. Officials said modernization takes time.\n\n"
            "It praised the modernization of farms and the modernisation of schools, and more spending on defense.")
    [mixed] = [i for i in engines["auto"].check_text(text).issues if i.rule == "SPL001"]
    assert mixed.text == "modernisation" and mixed.suggestions == ("modernization",)
    oxford = "The organisers will honour the victims and organize a march."
    assert [i for i in engines["auto"].check_text(oxford).issues if i.rule == "SPL001"] == []
    # the word's other forms count with it
    plural = "Three organizations and the organizations of farmers met. One organisation left."
    [mixed] = [i for i in engines["auto"].check_text(plural).issues if i.rule == "SPL001"]
    assert mixed.text == "organisation" and mixed.suggestions == ("organization",)


def test_common_misspellings_that_word_lists_count_are_flagged_and_scales_are_not(engines):
    # wordfreq counts "arguement" and "tommorow" (web text misspells them often); "-ement" is no UK form of "-ment"
    # unless the British dictionary knows it ("judgement"); "bn" after a figure is billion, not "ban"
    text = "The arguement failed and the judgement stood. He will wait until tommorow. It cost $2.5 bn last year."
    assert _spelling(engines["auto"].check_text(text).issues) == ["arguement", "tommorow"]


def test_only_the_news_lints_run_by_default_and_all_runs_harpers_set():
    from mtqa.grammar.harper_lints import NEWS_LINTS

    default = Engine(load_config())
    everything = Engine(load_config().with_overrides(harper_lints="all"))
    lint_config = default.grammar.linter.get_lint_config()
    assert {name for name, on in lint_config.items() if on} == set(NEWS_LINTS) - {
        c.split(":", 1)[1] for c in load_config().ignore if c.startswith("HARPER:")}
    assert sum(v is not False for v in everything.grammar.linter.get_lint_config().values()) > 5 * len(NEWS_LINTS)


def test_every_news_lint_is_a_harper_lint():
    import harper

    from mtqa.grammar.harper_lints import NEWS_LINTS

    known = harper.Linter(harper.Dialect.AMERICAN).get_lint_config()
    assert [n for n in NEWS_LINTS if n not in known] == []


def test_harper_lints_setting_is_validated(tmp_path):
    from mtqa.errors import MtqaError

    (tmp_path / "mtqa.toml").write_text('harper-lints = "some"\n', encoding="utf-8")
    with pytest.raises(MtqaError, match="harper-lints must be"):
        load_config(tmp_path / "mtqa.toml")
    (tmp_path / "mtqa.toml").write_text('harper-lints = "all"\nhouse-style = "auto"\n', encoding="utf-8")
    cfg = load_config(tmp_path / "mtqa.toml")
    assert (cfg.harper_lints, cfg.house_style) == ("all", "auto")


def test_cli_offers_auto_and_the_harper_lint_sets():
    from mtqa.cli import build_parser

    args = build_parser().parse_args(["check", "x.txt", "--house-style", "auto", "--harper-lints", "all"])
    assert (args.house_style, args.harper_lints) == ("auto", "all")


def test_english_words_missing_from_harpers_dictionary_are_not_misspellings(engines):
    text = ("The homebuyers met de facto hardliners, and per capita income in the neo-imperial era rose. "
            "It occured to them wich way the goverment had transfered the money. The english teams left on friday.")
    assert _spelling(engines["auto"].check_text(text).issues) == [
        "english", "friday", "goverment", "occured", "transfered", "wich"]


def test_words_built_regularly_from_common_ones_are_not_misspellings(engines):
    # must not flag: a closed-up prefix before a common word, the adjective of a known "-ology"
    text = ("The regulator fined the reinsurer, and the subforums of the site discussed it. "
            "Clinics offer andrological checks, and macroeconomists spoke of a supercontinent of debt.")
    assert _spelling(engines["auto"].check_text(text).issues) == []
    # must flag: coinages from suffixes, a negative prefix on a French stem, a prefix before a non-word
    text = ("The plan stresses the intelligentization of factories and the forward-lookingness of policy. "
            "The delay was injustified, and the rebels overtaked the town.")
    assert _spelling(engines["auto"].check_text(text).issues) == [
        "injustified", "intelligentization", "lookingness", "overtaked"]


def test_a_prefix_before_a_hyphen_and_a_file_extension_are_not_misspellings(engines):
    # must not flag: the prefix of a compound whose other part is a name or a rarer word (a real one: "corporatist"),
    # file extensions named on their own
    text = ("Krugman is a neo-Keynesian, and the neo-corporatist plan failed. "
            "The new formats (.docx, .xlsx, .pptx) open in any editor. Settings live in a .yaml or .toml file, "
            "and the scans come as a .djvu document.")
    assert _spelling(engines["auto"].check_text(text).issues) == []
    # must flag: a misspelled word that merely follows a hyphen or a dot inside a sentence
    text = "The neo-goverment plan was announced. It ended .wich was expected."
    assert _spelling(engines["auto"].check_text(text).issues) == ["goverment", "wich"]


def test_other_variety_words_stay_flagged_under_us_even_when_common():
    text = "The organisation changed the colour of its logo in the neighbourhood."
    us = Engine(load_config().with_overrides(house_style="us")).check_text(text).issues
    assert _spelling(us) == ["colour", "neighbourhood", "organisation"]
