"""Source-aware checks on the cases real MT from French produces: conventional English names, nationality
nouns and titles French capitalises, scale words, numbers in words, years, quotation styles, short dropped
sentences and questions."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT
from mtqa import crossnames, quantities
from mtqa.config import load_config
from mtqa.engine import Engine
from mtqa.errors import MtqaError
from mtqa.issues import Severity
from mtqa.rules.bilingual import has_quotation


@pytest.fixture(scope="module")
def engine():
    return Engine(load_config().with_overrides(grammar="none", select=("BIL001", "BIL002", "BIL003", "BIL004", "BIL005", "BIL006")))


def flags(engine, target: str, source: str, rule: str) -> list[tuple[str, str]]:
    return [(i.text, i.message) for i in engine.check_text(target, source=source).issues if i.rule == rule]


@pytest.mark.parametrize("french,value", [
    ("2 000 milliards de dollars", 2e12), ("1,5 billion d'euros", 1.5e12), ("25 M€", 25e6), ("3 millions de dollars", 3e6),
    ("vingt-et-unième", 21), ("quatre-vingt-dix", 90), ("trois cents", 300), ("deux millions", 2e6), ("XXe", 20),
    ("septante-cinq", 75), ("nonante", 90),
])
def test_french_scale_words_and_numbers_in_words_have_their_value(french, value):
    assert [q.value for q in quantities.french(french)] == [pytest.approx(value)]


@pytest.mark.parametrize("english, values", [
    ("a hundred and fifty years", [150]),
    ("two hundred million euros", [200e6]),
    ("the company cut fifteen hundred jobs", [1500]),
    ("three and a half billion euros", [3.5e9]),
    ("twenty - five years", [25]),
    ("a fifty-year-old man", [50]),
    ("between three and four thousand people", [3000, 4000]),
    ("back at ten thirty", []),  # a time, no one number
    ("two point three billion", []),
    ("$700 billion", []),  # the scale of a figure
    ("half a billion people", []),
])
def test_english_counts_in_words_have_their_value(english, values):
    assert [q.value for q in quantities.english_counts(english)] == [pytest.approx(v) for v in values]


@pytest.mark.parametrize("english, values", [
    ("his seventeenth title and the twenty-first century", [17, 21]),
    ("a third of voters in third world countries", []),  # a share, a fixed phrase
    ("for the second time, the first ever", []),  # "first" and "second" only in a compound ("twenty-second")
    ("Third: be back tonight. He came third, behind Kipchoge.", [3]),  # a point of a list is no rank
])
def test_english_ranks_in_words_have_their_value(english, values):
    assert [q.value for q in quantities.english_ordinals(english)] == [pytest.approx(v) for v in values]


def test_a_percentage_in_words_is_a_percentage_in_both_languages():
    assert quantities.key(quantities.french("3,5 pour cent")[0]) == quantities.key(quantities.english("3.5 percent")[0])


def test_ten_metres_is_not_ten_million():
    assert [q.value for q in quantities.french("un mur de 10 m de haut")] == [10]


@pytest.mark.parametrize("target,source", [
    ("The debt reached 2 trillion dollars.", "La dette a atteint 2 000 milliards de dollars."),
    ("Twenty of the 25 members voted in the 21st century.", "Vingt des vingt-cinq membres ont voté au XXIe siècle."),
    ("The 20 ministers met in 1995, he recalled.", "Les vingt ministres se sont réunis, a-t-il rappelé."),
    ("Unemployment hit 1.5 million people, and €2.5bn was spent over 2.5 years; the vote was at 3:30 a.m.",
     "Le chômage a touché un million et demi de personnes, et 2 milliards et demi d'euros ont été dépensés en deux ans "
     "et demi ; le vote a eu lieu à 3 heures et demie."),
    ("Will the future be bright for the 1 billion young people of the South?",
     "L'avenir sera-t-il radieux pour le milliard de jeunes du Sud ?"),
    ("About 15 people were hurt and some 60 countries protested.",
     "Une quinzaine de personnes ont été blessées et une soixantaine de pays ont protesté."),
    # a range whose figures share one scale word in French: each written out in English
    ("The figure rose from 1.2 million to 1.8 million in a year.", "Le chiffre est passé de 1,2 à 1,8 million en un an."),
    ("Between 3 billion and 4 billion euros will be invested.", "Entre 3 et 4 milliards d'euros seront investis."),
    ("The figure rose from 1.2 to 1.8 million.", "Le chiffre est passé de 1,2 à 1,8 million."),
])
def test_figures_the_source_has_in_another_form_and_added_years_are_not_flagged(engine, target, source):
    assert flags(engine, target, source, "BIL001") == []


@pytest.mark.parametrize("target,source", [
    ("Almost 33% of the vineyards were hit by frost.", "Près d'un tiers des vignes ont été touchées par le gel."),
    ("Some 33.3 percent of the budget goes to schools.", "Le tiers du budget va aux écoles."),
    ("About 25% of the staff were on strike.", "Environ un quart du personnel était en grève."),
    ("Nearly 75% of the flats are empty.", "Près des trois quarts des logements sont vides."),
    ("Roughly 50% of the voters abstained.", "La moitié des électeurs se sont abstenus."),
    ("Some 66% of the members backed the motion.", "Les deux tiers des membres ont soutenu la motion."),
    ("Some 67% of the members backed the motion.", "Deux tiers des membres ont soutenu la motion."),
])
def test_a_share_in_french_words_may_be_its_percentage(engine, target, source):
    """"un tiers" translated as "33%" is a fair translation, not a changed figure (nor is 25%, 50%, 66-67%, 75%)."""
    assert flags(engine, target, source, "BIL001") == []


def test_a_percentage_far_from_the_share_is_still_flagged(engine):
    assert flags(engine, "Almost 40% of the vineyards were hit by frost.", "Près d'un tiers des vignes ont été touchées "
                 "par le gel.", "BIL001") == [("40%", "'40%' is not in the source.")]
    assert quantities.share_percents(2 / 3) == {66.0, 67.0, 66.67, 66.7}


def test_a_changed_year_is_flagged_with_the_source_year(engine):
    result = engine.check_text("The wall fell in 1991. Germany reunited a year later.", source="Le mur est tombé en 1989. L'Allemagne s'est réunifiée un an plus tard.")
    found = [i for i in result.issues if i.rule == "BIL001"]
    assert [(i.text, i.suggestions) for i in found] == [("1991", ("1989",))]


@pytest.mark.parametrize("target,source", [
    ("Pope John Paul II met Putin and Zelensky.", "Le Pape Jean-Paul II a rencontré Poutine et Zelenski."),
    ("The UN and NATO criticised the EU.", "L'ONU et l'OTAN ont critiqué l'UE."),
    ("Latin America and the Soviet Union were rivals of the State and the Church.",
     "L'Amérique Latine et l'Union Soviétique étaient rivales de l'Etat et de l'Eglise."),
    ("Fortunately, the Poles and the Iraqis agreed in Beijing.", "Heureusement, les Polonais et les Irakiens se sont entendus à Pékin."),
    ("Yulia Tymoshenko and Yitzhak Rabin were named.", "Ioulia Timochenko et Itzak Rabin ont été cités."),
    # an acronym that spells an English function word is still the table's English form
    ("According to the WHO, the virus is spreading.", "Selon l'OMS, le virus se propage."),
])
def test_conventional_english_forms_titles_and_nationality_nouns_are_not_flagged(engine, target, source):
    assert flags(engine, target, source, "BIL002") == []


def test_a_replaced_name_is_reported_as_a_different_name_with_the_source_name(engine):
    result = engine.check_text("The talks with Lukashenko resumed in Minsk.", source="Les pourparlers avec Poutine ont repris à Minsk.")
    [issue] = [i for i in result.issues if i.rule == "BIL002"]
    assert issue.text == "Lukashenko" and "different name" in issue.message and issue.suggestions == ("Putin",)


def test_a_missing_person_is_reported_as_missing_without_a_fix(engine):
    found = flags(engine, "The minister said the talks would resume.", "Le ministre Jean-Claude Fortier a dit que les pourparlers reprendraient.", "BIL002")
    assert len(found) == 1 and "missing" in found[0][1]


@pytest.mark.parametrize("text", ["He called it “a disaster”.", "He called it ‘a disaster’.", "He called it 'a disaster'.",
                                  "Il parle de « désastre ».", "He said \"no\" twice."])
def test_every_quotation_style_is_a_quotation(text):
    assert has_quotation(text)


@pytest.mark.parametrize("text", ["The minister's plan.", "L'accord d'Oslo n'a pas tenu.", "The workers' union met."])
def test_apostrophes_are_not_quotations(text):
    assert not has_quotation(text)


def test_single_curly_quotes_for_guillemets_are_not_a_lost_quotation(engine):
    assert flags(engine, "He called the plan ‘a disaster for farmers’.", "Il a qualifié le plan de « désastre pour les agriculteurs ».", "BIL003") == []


def test_a_lost_quotation_is_still_flagged(engine):
    assert len(flags(engine, "He called the plan a disaster for farmers.", "Il a qualifié le plan de « désastre pour les agriculteurs ».", "BIL003")) == 1


SOURCE = ("La grève a commencé lundi au port de Marseille. Pourquoi maintenant ? Les syndicats réclament une hausse "
          "de 4 % des salaires. La direction refuse toute négociation avant la fin du mois.")


def test_a_dropped_question_is_found_and_the_full_translation_passes(engine):
    full = ("The strike began on Monday at the port of Marseille. Why now? The unions are demanding a 4% wage rise. "
            "Management refuses any negotiation before the end of the month.")
    dropped = full.replace(" Why now?", "")
    assert flags(engine, full, SOURCE, "BIL005") == []
    [(_, message)] = flags(engine, dropped, SOURCE, "BIL005")
    assert "Pourquoi maintenant" in message


LONG = ("Le préfet a visité jeudi le barrage de Vouglans, a inspecté la digue endommagée vendredi et a promis "
        "samedi une enveloppe de 12 millions d'euros aux communes sinistrées.")
SPLIT = ("The prefect visited the Vouglans dam on Thursday. He inspected the damaged dike on Friday. "
         "On Saturday he promised 12 million euros to the stricken towns.")
SHORT = "Le préfet a visité jeudi le barrage. Il a inspecté la digue vendredi. Il a rencontré samedi les maires sinistrés."


@pytest.mark.parametrize("marker", ["•", "-", "*", "1."])
def test_a_dropped_list_item_is_a_dropped_sentence(engine, marker):
    """A list was one sentence to the splitter: a translation missing one of its items dropped nothing."""
    items = ["des contrôles renforcés aux frontières", "une aide de l'État aux éleveurs", "un registre national des ventes"]
    source = "Le projet prévoit :\n" + "\n".join(f"{marker} {item}" for item in items)
    target = f"The bill provides for:\n{marker} tighter border checks\n{marker} a national sales register"
    found = flags(engine, target, source, "BIL005")
    assert [text for text, _ in found] == [f"{marker} tighter border checks"]
    assert "une aide de l'État aux éleveurs" in found[0][1]
    full = f"The bill provides for:\n{marker} tighter border checks\n{marker} state aid for farmers\n{marker} a national sales register"
    assert flags(engine, full, source, "BIL005") == []


def test_each_list_item_line_is_a_sentence():
    from mtqa.document import Document

    doc = Document(text="Talks resume today:\n• on fishing rights\n  • on tariffs\n2) on visas and\ncustoms\n3) on ports")
    assert [s.text for s in doc.sentences] == ["Talks resume today:", "• on fishing rights", "• on tariffs",
                                               "2) on visas and\ncustoms", "3) on ports"]


def test_hard_wrapped_prose_with_one_line_opening_like_a_list_item_is_one_sentence():
    from mtqa.document import Document

    doc = Document(text="The talks, which began in May\n- and stalled in June -\nresumed on Monday in Geneva.")
    assert len(doc.sentences) == 1


def test_a_sentence_translated_as_three_or_three_joined_into_one_is_neither_dropped_nor_added(engine):
    assert flags(engine, SPLIT, LONG, "BIL006") == [] and flags(engine, SPLIT, LONG, "BIL005") == []
    joined = "The prefect visited the dam on Thursday, inspected the dike on Friday and met the stricken mayors on Saturday."
    assert flags(engine, joined, SHORT, "BIL005") == [] and flags(engine, joined, SHORT, "BIL006") == []


def test_a_sentence_that_only_repeats_a_word_of_its_neighbours_is_not_merged_away(engine):
    # the dropped or added sentence shares "prefect" with the rest: still dropped, still added
    source = SHORT.replace("Il a rencontré samedi les maires sinistrés.", "Le préfet a aussi salué longuement le courage des pompiers.")
    [(_, message)] = flags(engine, "The prefect visited the dam on Thursday and inspected the dike on Friday.", source, "BIL005")
    assert "pompiers" in message
    added = SPLIT.replace("On Saturday he promised 12 million euros to the stricken towns.", "The prefect also praised the local cheese at length.")
    assert [text for text, _ in flags(engine, added, LONG, "BIL006")] == ["The prefect also praised the local cheese at length."]


def test_an_added_sentence_is_found(engine):
    full = ("The strike began on Monday at the port of Marseille. Why now? The unions are demanding a 4% wage rise. "
            "Heavy snow also closed three airports in the north of the country. "
            "Management refuses any negotiation before the end of the month.")
    assert [t for t, _ in flags(engine, full, SOURCE, "BIL006")] == ["Heavy snow also closed three airports in the north of the country."]


@pytest.mark.parametrize("target,source", [
    ("The law on laïcité bans religious symbols in state schools.", "La loi sur la laïcité interdit les signes religieux à l'école publique."),
    ("Half the pupils who sat the baccalauréat were girls.", "La moitié des candidats au baccalauréat étaient des filles."),
    ("Strikes are expected at the rentrée, and in the banlieues.", "Des grèves sont attendues à la rentrée, et dans les banlieues."),
])
def test_a_french_term_english_news_keeps_is_not_untranslated(engine, target, source):
    assert flags(engine, target, source, "BIL004") == []


def test_french_around_a_kept_term_is_still_untranslated(engine):
    found = flags(engine, "The mayor said that la laïcité doit être défendue partout.",
                  "Le maire a dit que la laïcité doit être défendue partout.", "BIL004")
    assert [text for text, _ in found] == ["la laïcité doit être défendue partout"]


def test_a_bad_kept_french_line_is_reported_with_file_and_line(tmp_path, monkeypatch):
    from mtqa.rules import bilingual

    bad = tmp_path / "kept_french.tsv"
    bad.write_text("# comment\nlaïcité\tsecularism\nrentrée\n", encoding="utf-8")
    monkeypatch.setattr("mtqa.resources.data_path", lambda *parts: bad)
    bilingual._kept_french.cache_clear()
    try:
        with pytest.raises(MtqaError, match=r"kept_french.tsv: line 3"):
            bilingual._kept_french()
    finally:
        bilingual._kept_french.cache_clear()


@pytest.mark.parametrize("target,source,swapped,right", [
    ("The UK announced new sanctions on Monday.", "Les États-Unis ont annoncé lundi de nouvelles sanctions.", "UK", "United States"),
    ("Talks with Iran resumed in Vienna.", "Les discussions avec l'Irak ont repris à Vienne.", "Iran", "Iraq"),
    ("The U.S. backed the plan, Mr Dupont said.", "Le Royaume-Uni a soutenu le projet, a dit M. Dupont.", "U.S.", "United Kingdom"),
])
def test_a_country_swapped_for_another_is_a_changed_name(engine, target, source, swapped, right):
    found = [i for i in engine.check_text(target, source=source).issues if i.rule == "BIL002"]
    assert [(i.text, i.suggestions) for i in found] == [(swapped, (right,))]


@pytest.mark.parametrize("target,source", [
    # the same country under another name, spaced by MT, or abbreviated in the source
    ("Unlike Germany, the UK or the United - States, France kept its share.",
     "À l'inverse de l'Allemagne, du RU ou des Etats-Unis, la France a gardé sa part."),
    ("Britain and the Netherlands voted against.", "L'Angleterre et la Hollande ont voté contre, comme les Pays-Bas."),
    # a country the source names elsewhere, or in English ("Chad" is a first name too)
    ("Chad Martin flew to Paris on Monday.", "Chad Martin s'est rendu lundi en France."),
    ("Spain voted yes. Italy abstained.", "L'Italie s'est abstenue. L'Espagne a voté oui."),
    # two candidates: no guess
    ("Germany and Spain backed the plan.", "La France a soutenu le projet."),
])
def test_no_country_swap_where_the_source_accounts_for_the_country(engine, target, source):
    assert [i.text for i in engine.check_text(target, source=source).issues
            if i.rule == "BIL002" and "another country" in i.message] == []


def test_every_capital_row_names_a_country_of_the_name_tables():
    from mtqa.resources import data_path

    rows = [l for l in data_path("corpora", "capitals.tsv").read_text(encoding="utf-8").splitlines()
            if l.strip() and not l.startswith("#")]
    assert len(crossnames.capitals()) == len(rows) >= 60  # a row whose country is unknown stops the load
    assert {"washington"} <= crossnames.metonyms("Les États-Unis ont protesté.")
    assert {"united", "states"} <= crossnames.metonyms("Washington a protesté.")
    assert crossnames.metonyms("Le ministre a protesté.") == set()


@pytest.mark.parametrize("target, source, changed", [
    ("Washington and London condemned the attack on Monday.",
     "Les États-Unis et le Royaume-Uni ont condamné lundi l'attaque.", []),
    ("The Kremlin denied the report on Tuesday.", "La Russie a démenti mardi cette information.", []),
    ("Russia denied the report on Tuesday.", "Moscou a démenti mardi cette information.", []),
    # a date's word is never the stand-in for a name: the other capital is
    ("The attack was condemned by Madrid on Monday.", "L'attaque a été condamnée lundi par Londres.", ["Madrid"]),
])
def test_a_capital_for_its_country_is_no_changed_name(engine, target, source, changed):
    assert [i.text for i in engine.check_text(target, source=source).issues if i.rule == "BIL002"] == changed


def test_the_name_tables_load_and_map_french_to_english():
    assert "putin" in crossnames.english_forms("poutine")
    assert {"un"} <= crossnames.english_forms("onu")
    assert crossnames.conventional("Jean-Paul II") == "John Paul II"


def test_a_bad_exonym_line_is_reported_with_file_and_line(tmp_path, monkeypatch):
    bad = tmp_path / "exonyms.tsv"
    bad.write_text("# comment\nPoutine\tPutin\nLondres only\n", encoding="utf-8")
    monkeypatch.setattr(crossnames, "EXONYMS", bad)
    crossnames.exonyms.cache_clear()
    try:
        with pytest.raises(MtqaError, match=r"exonyms.tsv: line 3"):
            crossnames.exonyms()
    finally:
        crossnames.exonyms.cache_clear()


def test_the_injected_benchmark_exits_cleanly_without_the_data(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "injected.py"), "--data", str(tmp_path / "absent.jsonl")],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "not found" in proc.stdout


# Cases found on real MT of French news (benchmarks/injected.py, tune fold): each with what must pass and
# what must still be flagged.

@pytest.mark.parametrize("target,source", [
    ("The Virgin Mary was painted by Sassoferrato.", "La Vierge Marie a été peinte par Sassoferrato."),
    ("Yasir Arafat returned to Jakarta and Tyre.", "Yasser Arafat est revenu à Djakarta et à Tyr."),
    ("Students of Birzeit University marched.", "Les étudiants de l'université de Bir Zeit ont défilé."),
    ("The Lamentations Book: A Bitterly Nostalgic Look", "Le Livre des Contestations: Un Regard Amèrement Nostalgique"),
    ("Congressional Republicans opposed the Italian-Swiss deal.", "Les Républicains du Congrès se sont opposés à l'accord italo-suisse."),
    ("The USA and the Ivory Coast signed in January.", "Les USA et la Côte d'Ivoire ont signé en Janvier."),
])
def test_names_rendered_by_translation_or_transliteration_are_not_flagged(engine, target, source):
    assert flags(engine, target, source, "BIL002") == []


@pytest.mark.parametrize("target,source,replacement", [
    ("Twenty-five years after his departure for Woods, we remain grateful.",
     "Vingt-cinq ans après son départ pour Rome, nous lui restons reconnaissants.", "Woods"),
    ("The reign of terror of Szövetség Hussein is coming to an end.", "Le règne de la terreur de Saddam Hussein prend fin.", "Szövetség"),
    ("He studied at the University of Cambridge.", "Il a étudié à l'Université d'Oxford.", "Cambridge"),
])
def test_a_name_replaced_by_a_common_english_name_is_still_flagged(engine, target, source, replacement):
    found = flags(engine, target, source, "BIL002")  # as a different name, or (Oxford, an ordinary word too) as missing
    assert len(found) == 1 and replacement in found[0][0]


def test_exonym_rows_do_not_let_one_word_of_a_name_stand_for_another():
    assert "hussein" not in crossnames.english_forms("saddam")
    assert {"ivory", "coast"} <= crossnames.english_forms("ivoire")


def test_transliteration_skeletons():
    assert crossnames.skeleton("yasser") == crossnames.skeleton("yasir")
    assert crossnames.skeleton("rome") != crossnames.skeleton("woods")


@pytest.mark.parametrize("target,source", [
    ("He won in Berlin in 2: 06: 05.", "Il gagna à Berlin en 2 :06 :05."),
    ("The shares rose 13, 5 percent.", "Les actions ont progressé de 13,5 pour cent."),
    ("The yield fell to 3,632% on Friday.", "Le rendement a reculé à 3,632% vendredi."),
    ("Trains run between 10.00 a.m. and 8 p.m.", "Les trains circulent entre 10H00 et 20H00."),
    ("Four buses leave at 11.45 p.m. on Monday.", "Quatre bus partent lundi à 23h45."),
    ("The alarm rings every morning at 7 a.m.", "Le réveil sonne chaque matin à 7 heures."),
    ("Police arrested 600 700 people.", "La police a interpellé 600 à 700 personnes."),
    ("The deficit passed 4% in 2003-04.", "Le déficit a dépassé 4 % en 2003-2004."),
    ("The 2024/25 season opens on Friday.", "La saison 2024-2025 s'ouvre vendredi."),
    ("The government forced the bill through with Article 49.3.", "Le gouvernement a fait passer le texte avec le 49-3."),
    ("Sales reached roughly 19 billion dollars.", "Les ventes atteignent 19 billions de dollars."),
    ("The concert starts at 8 p.m., the show at 9 p.m.", "Le concert commence à 8 heures du soir, le spectacle à 9 h de l'après-midi."),
    ("The EU pledged €1.5m, the US $4.2M and Britain £80mn.",
     "L'UE a promis 1,5 million d'euros, les États-Unis 4,2 millions de dollars et le Royaume-Uni 80 millions de livres."),
])
def test_figures_split_copied_or_reformatted_by_mt_are_not_flagged(engine, target, source):
    assert flags(engine, target, source, "BIL001") == []


@pytest.mark.parametrize("target,source,wrong", [
    ("He won in Berlin in 2: 07: 05.", "Il gagna à Berlin en 2 :06 :05.", "2: 07: 05"),
    ("The shares rose 13, 7 percent.", "Les actions ont progressé de 13,5 pour cent.", "13"),
    ("The yield fell to 3,682% on Friday.", "Le rendement a reculé à 3,632% vendredi.", "3,682%"),
    ("The EU pledged €35m.", "L'UE a promis 25 millions d'euros.", "€35m"),
    # the source's digits with another scale or another half of the day
    ("The EU pledged 3 million euros.", "L'UE a promis 3 milliards d'euros.", "3 million"),
    ("The EU pledged €3m.", "L'UE a promis 3 milliards d'euros.", "€3m"),
    ("The meeting starts at 9 p.m.", "La réunion commence à 9 h.", "9 p.m."),
    ("Unemployment hit 2.5 million people.", "Le chômage a touché un million et demi de personnes.", "2.5 million"),
])
def test_a_changed_figure_in_an_mt_format_is_still_flagged(engine, target, source, wrong):
    assert wrong in [t for t, _ in flags(engine, target, source, "BIL001")]


HEADLINE = ("La colle qui défie la gravité. Des chercheurs américains ont mis au point une colle qui permet de marcher "
            "sur les murs et de défier la gravité. Ils espèrent la commercialiser dans deux ans.")


def test_a_dropped_headline_whose_words_the_next_sentence_repeats_is_found(engine):
    full = ("The glue that defies gravity. American researchers have developed a glue that lets people walk on walls "
            "and defy gravity. They hope to sell it in two years.")
    dropped = full.replace("The glue that defies gravity. ", "")
    assert flags(engine, full, HEADLINE, "BIL005") == []
    [(_, message)] = flags(engine, dropped, HEADLINE, "BIL005")
    assert "La colle qui défie la gravité" in message


def test_an_ordinary_word_of_a_place_name_rendered_in_english_is_not_a_changed_name(engine):
    assert flags(engine, "Students gathered in Tiananmen Square.", "Les étudiants se sont rassemblés Place Tienanmen.", "BIL002") == []


# Names, second pass (issue 14): a flag only on strong evidence. Examples written for these tests.

@pytest.mark.parametrize("target,source", [
    # transliterations that French and English spell their own way
    ("Mikhail Gorbachev later praised Nikita Khrushchev.", "Mikhaïl Gorbatchev a ensuite salué Nikita Khrouchtchev."),
    ("Troops left Uzbekistan and Kyrgyzstan.", "Les troupes ont quitté l'Ouzbékistan et le Kirghizstan."),
    # a name in a third language that the MT translated into English words
    ("The New Earth Foundation opened a school.", "La Fundación Nueva Tierra a ouvert une école."),
    # an acronym or a people's adjective in English is no other name
    ("The Hungarian firm Feher LLC was sold.", "L'entreprise Feher Kft a été vendue."),
    # a capital French writes without its accent: an ordinary word, not a name
    ("The novel Strange Season came out in 2001.", "Le roman Etrange Saison a paru en 2001."),
    # a 'person' of the recogniser that the MT rendered with English words is not missing
    ("Yesterday the Green Movement won the vote.", "Hier, Zelena Stranka a gagné le vote."),
    # a one-word 'person' of the recogniser that the sentence does not need is not reported as missing
    ("The report agrees.", "Le rapport de Horvath est d'accord."),
])
def test_weak_evidence_of_a_changed_or_missing_name_is_not_flagged(engine, target, source):
    assert flags(engine, target, source, "BIL002") == []


@pytest.mark.parametrize("target,source,replacement", [
    ("The victory of Paul Garnier in 1981 surprised everyone.", "La victoire de Lemaire en 1981 a surpris tout le monde.", "Paul Garnier"),
    ("Europeans are debating the future of Norway.", "Les Européens débattent de l'avenir de l'Europe.", "Norway"),
    ("AIDS is spreading fastest in Zambia.", "Le sida progresse le plus vite au Malawi.", "Zambia"),
    ("The Labour Party lost to Durand.", "Le Parti travailliste a perdu face à Dupont.", "Durand"),
    # other names beside cognates, titles and compounds (the rule's own examples have "Panama" beside "European")
    ("The council opened the Gomez Office in Madrid.", "Le conseil a ouvert l'Oficina Martínez à Madrid.", "Gomez"),
    ("In a Town Apart, Hendricks and the trials of Country Life", "Dans une Ville à Part, l'Avarice et les épreuves de la Vie Rurale", "Hendricks"),
    ("Her family came from Brandenburg.", "Sa famille venait de Poméranie.", "Brandenburg"),
    ("According to Jerusalem, the plan will work.", "D'après Bush, le plan fonctionnera.", "Jerusalem"),  # a person, not a title's word
])
def test_a_replaced_name_is_flagged_on_the_new_name_not_on_words_around_it(engine, target, source, replacement):
    found = flags(engine, target, source, "BIL002")
    assert [t for t, _ in found] == [replacement] and "different name" in found[0][1]


def test_transliteration_keys():
    assert crossnames.sounds_alike("gorbatchev", "gorbachev") and crossnames.sounds_alike("iouri", "yury")
    assert not crossnames.sounds_alike("dupont", "durand") and not crossnames.sounds_alike("paul", "pierre")
    assert crossnames.derived_from("europe", "europeans") and not crossnames.derived_from("amerique", "america")


def test_a_first_name_both_languages_use_is_still_another_name(engine):
    found = flags(engine, "In the end, Richard Moreau won the vote.", "Finalement, Lucien Moreau a gagné le vote.", "BIL002")
    assert [t for t, _ in found] == ["Richard Moreau"]


@pytest.mark.parametrize("target,source", [
    ("The council opened the LIVE Office in Madrid.", "Le conseil a ouvert l'Oficina LIVE à Madrid."),  # cognate, doubled letter
    ("In a Town Apart, Greed and the trials of Country Life", "Dans une Ville à Part, l'Avarice et les épreuves de la Vie Rurale"),
    ("Her family came from Hinterpommern.", "Sa famille venait de Poméranie ultérieure."),  # a compound built on the name
])  # "European Commission" and the biblical exonym "Noah" are among the rule's own examples
def test_cognates_translated_titles_compounds_and_exonyms_are_not_changed_names(engine, target, source):
    assert flags(engine, target, source, "BIL002") == []


def test_a_compound_ends_with_the_name_in_another_spelling():
    assert crossnames.compound_of("vorpommern", "pomeranie") and not crossnames.compound_of("pomeranie", "pomeranie")
    assert not crossnames.compound_of("brandenburg", "pomeranie")


@pytest.mark.parametrize("target,source,replacement", [
    ("Yesterday we saw Richard Dumas in Lyon.", "Hier, nous avons vu Olivier Dumas à Lyon.", "Richard Dumas"),  # a first name that is also a noun
    ("The criticism from Lambert is not convincing.", "Les critiques apportées par Boulez ne sont pas convaincantes.", "Lambert"),  # a surname that is also a verb's form
    ("Banks in Ella and Stuttgart fared better than it did.", "Les banques de Munich et de Stuttgart ont mieux résisté qu'elle.", "Ella"),  # not "elle"
])
def test_names_that_look_like_french_words_are_still_names(engine, target, source, replacement):
    assert [text for text, _ in flags(engine, target, source, "BIL002")] == [replacement]


@pytest.mark.parametrize("target,source", [
    ("Yesterday we saw Olivier Dumas in Lyon.", "Hier, nous avons vu Olivier Dumas à Lyon."),
    ("The criticism from Boulez is not convincing.", "Les critiques apportées par Boulez ne sont pas convaincantes."),
    ("Banks in Munich and Stuttgart fared better than it did.", "Les banques de Munich et de Stuttgart ont mieux résisté qu'elle."),
])
def test_the_same_names_kept_are_not_flagged(engine, target, source):
    assert flags(engine, target, source, "BIL002") == []


def test_a_name_is_not_found_as_its_peoples_adjective():
    assert crossnames.derived_from("italia", "italian") and crossnames.derived_from("israel", "israeli")
    assert not crossnames.derived_from("italia", "italia") and not crossnames.derived_from("iran", "irak")


@pytest.mark.parametrize("target,source,replacement", [
    ("The Italian party Forza Lazio won in Rome.", "Le parti italien Forza Italia a gagné à Rome.", "Lazio"),  # "Italian" is not "Italia"
    ("Badr spoke on Monday. Later, Ayatollah Bari replied in Najaf.", "Badr a parlé lundi. Plus tard, l'ayatollah Sistani a répondu à Nadjaf.", "Bari"),
])
def test_a_replaced_name_is_not_excused_by_an_adjective_or_another_sentences_look_alike(engine, target, source, replacement):
    found = flags(engine, target, source, "BIL002")
    assert len(found) == 1 and replacement in found[0][0]
    kept = target.replace(replacement, {"Lazio": "Italia", "Bari": "Sistani"}[replacement])
    assert flags(engine, kept, source, "BIL002") == []


@pytest.mark.parametrize("target,source,replacement", [
    # the recogniser's entity runs across the paragraph break ("Golfe\n\nLe président Bush"): two names
    ("The warships stayed in the Gulf.\n\nPresident Paris asked the nation for calm.",
     "Les navires de guerre sont restés dans le Golfe\n\nLe président Bush a demandé le calme à la nation.", "Paris"),
    # a name the French model's word list holds, used more in English than in French, is still a name
    ("He was a critic of the excesses of Mazen.", "Il était un critique des excès d'Hollywood.", "Mazen"),
])
def test_names_across_paragraphs_and_names_in_the_french_word_list_are_checked(engine, target, source, replacement):
    assert [text for text, _ in flags(engine, target, source, "BIL002")] == [replacement]


@pytest.mark.parametrize("target,source", [
    ("The warships stayed in the Gulf.\n\nPresident Bush asked the nation for calm.",
     "Les navires de guerre sont restés dans le Golfe\n\nLe président Bush a demandé le calme à la nation."),
    ("He was a critic of the excesses of Hollywood.", "Il était un critique des excès d'Hollywood."),
    ("The exhibition A Glance at the City opens on Monday.", "L'exposition Un Regard sur la Ville ouvre lundi."),  # a title's French word
])
def test_kept_names_and_a_titles_translated_words_are_not_flagged(engine, target, source):
    assert flags(engine, target, source, "BIL002") == []


# Names, third pass (issue 14): titles, names of the table and names English writes as French does. Examples
# written for these tests.

@pytest.mark.parametrize("target,source,replacement", [
    # a title where the source has a name and no such title
    ("President Lord and Congress brought in a tax.", "Le président Roosevelt et le Congrès ont instauré une taxe.", "Lord"),
    ("The talks in Colonel ended on Monday.", "Les pourparlers de Brighton ont pris fin lundi.", "Colonel"),
    # a name of the table, however ordinary its French word, rendered by an English word that stands alone
    ("A Sunni branch of Sterling was active.", "Une branche sunnite de l'Islam était active.", "Sterling"),
    ("The University of River confirmed it.", "L'université de Milan l'a confirmé.", "River"),
    # a word English writes as French does ("China") is no ordinary word that a translation replaces
    ("Shares of Hang Seng Oxford Enterprises fell.", "Les titres de l'indice Hang Seng China Enterprises ont baissé.", "Oxford"),
    # a name that ends like a French noun of nationality ("Virgin") is still a name
    ("The Rudd Media group bought a channel.", "Le groupe Virgin Media a racheté une chaîne.", "Rudd"),
])
def test_a_name_replaced_by_a_title_or_an_english_word_is_flagged(engine, target, source, replacement):
    found = flags(engine, target, source, "BIL002")
    assert len(found) == 1 and replacement in found[0][0] and "different name" in found[0][1]


@pytest.mark.parametrize("target,source", [
    ("President Roosevelt and Congress brought in a tax.", "Le président Roosevelt et le Congrès ont instauré une taxe."),
    ("The talks in Brighton ended on Monday.", "Les pourparlers de Brighton ont pris fin lundi."),
    ("President Obama met Angela Merkel.", "Barack Obama a rencontré Angela Merkel."),  # a title before a name
    ("Colonel Martin and King Juan Carlos met.", "Le colonel Martin et le roi Juan Carlos se sont rencontrés."),
    ("On Monday the King opened the bridge.", "Lundi, Juan Carlos a inauguré le pont."),  # a title renders a person
    ("A Sunni branch of Islam was active.", "Une branche sunnite de l'Islam était active."),
    ("The University of Milan confirmed it.", "L'université de Milan l'a confirmé."),
    ("Trade with East Asian countries grew.", "Le commerce avec les pays d'Asie de l'Est a augmenté."),  # a people's adjective
    ("The Great Leap Forward was a disaster.", "Le Grand Bond en avant fut un désastre."),  # ordinary words translated
    ("The General Management of Finance published the report.", "La Direction Générale des Finances a publié le rapport."),
    ("Shares of Hang Seng China Enterprises fell.", "Les titres de l'indice Hang Seng China Enterprises ont baissé."),
    ("The Virgin Media group bought a channel.", "Le groupe Virgin Media a racheté une chaîne."),
    ("They moved from Ghent to Edinburgh.", "Ils ont déménagé de Gand à Édimbourg."),
])
def test_titles_the_source_gives_and_names_of_the_table_kept_are_not_flagged(engine, target, source):
    assert flags(engine, target, source, "BIL002") == []


def test_offices_are_explained_only_by_the_source_title():
    assert crossnames.explained("pope", {"pape", "visite"}, set()) and crossnames.explained("mr", set(), set())
    assert not crossnames.explained("lord", {"roosevelt", "congres"}, set())


def test_the_benchmark_judge_reads_a_source_typo_in_the_post_edits_spelling(monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("injected_benchmark", ROOT / "benchmarks" / "injected.py")
    injected = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "injected_benchmark", injected)  # its dataclass looks its module up
    monkeypatch.setattr(sys, "path", list(sys.path))  # the script puts the checkout first
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # and sets these: undone after the test
        monkeypatch.setenv(name, os.environ.get(name, "1"))
    spec.loader.exec_module(injected)
    assert injected.as_post_edited("chrsitine", {"marie", "christine", "said"}) == "christine"
    assert injected.as_post_edited("daubigney", {"daubigney"}) == "daubigney"
    assert injected.as_post_edited("lavrov", {"the", "minister"}) is None
    assert injected.as_post_edited("martin", {"martens"}) is None  # another name, not a corrected typo


_COPY = ("The minister said on Friday that talks with the unions would resume next week in Geneva, where about 300 "
         "delegates are expected.")


@pytest.mark.parametrize("source, told", [
    ("Talks between the two sides broke down on Monday after 12 hours, and the president will travel to Berlin "
     "on 3 May with 40 advisers.", "The source is not French (it reads as English): "),
    ("Der Bundeskanzler kündigte am Montag an, dass die Gespräche mit den Gewerkschaften in der kommenden Woche in "
     "Berlin fortgesetzt werden.", "The source is not French: "),
    # told by the script, however short: a Chinese sentence has no spaces to count words by
    ("部长周五表示，与工会的谈判将于下周在日内瓦恢复。", "The source is not French: "),
    ("قال الوزير يوم الجمعة إن المحادثات ستستأنف.", "The source is not French: "),
    ("Министр заявил в пятницу.", "The source is not French: "),
])
def test_a_source_that_is_not_french_is_reported_once_and_not_compared(engine, source, told):
    """Another story's English or a German text given as the source: one finding (E006) saying so, and none of the
    figure, name or sentence checks, whose every flag would be false."""
    issues = engine.check_text(_COPY, source=source).issues
    assert [i.rule for i in issues] == ["E006"]
    assert issues[0].message.startswith(told) and issues[0].severity == Severity.MAJOR


@pytest.mark.parametrize("source", [
    "Le ministre a déclaré vendredi que les négociations avec les syndicats reprendraient la semaine prochaine à "
    "Genève, où quelque 300 délégués sont attendus.",
    # a French sentence that quotes an English title at length is French
    "Il a publié vendredi un livre intitulé « The Death of the West: How Dying Populations and Immigrant Invasions "
    "Imperil Our Country » chez un éditeur de New York.",
    "The minister spoke on Friday.",  # too short to tell: compared as given
    "Le ministre a cité Tolstoï (« Война и мир ») vendredi à Genève.",  # a quotation in another script
    "Владимир Путин à Paris lundi.",  # a name in another script
    # a French source made mostly of an English quotation and English names: its own words are French
    "« We will not accept any deal that leaves our workers behind, and we will keep fighting for every one of "
    "them », a déclaré Joe Biden devant des ouvriers de General Motors à Detroit, Michigan.",
])
def test_a_french_source_or_one_too_short_to_tell_is_compared(engine, source):
    assert "E006" not in {i.rule for i in engine.check_text(_COPY, source=source).issues}


@pytest.mark.parametrize("copy", ["", "  \n\n", "\u00a0\n"])
def test_an_empty_translation_of_a_source_with_text_is_a_critical_omission(engine, copy):
    """A record whose target is empty (a feed item the MT never filled) scored 100 and passed every gate."""
    result = engine.check_text(copy, source="Le ministre a déclaré vendredi que les négociations reprendraient lundi.")
    assert [(i.rule, i.category, i.severity) for i in result.issues] == [("E007", "Accuracy/Omission", Severity.CRITICAL)]
    assert "has 10 words" in result.issues[0].message and result.score == 0.0
    assert result.fails(Severity.MAJOR)
    assert engine.check_text(copy).issues == [] and engine.check_text(copy, source=" ").issues == []
    # with a reference, its figures are there as for any document (the corpus figures count it)
    with_reference = engine.check_text(copy, source="Le ministre a parlé.", reference="The minister spoke.")
    assert with_reference.metrics["bleu"] == pytest.approx(0.0) and with_reference.metrics["ter"] == pytest.approx(100.0)


def test_an_empty_target_in_a_batch_fails_the_gate_and_is_named(tmp_path):
    wire = tmp_path / "wire.jsonl"
    wire.write_text('{"id": "a", "source": "Le vote a eu lieu.", "target": "The vote took place."}\n'
                    '{"id": "b", "source": "Le ministre a parlé.", "target": ""}\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--grammar", "none", str(wire)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "E007" in proc.stdout and "#b" in proc.stdout


_UNTRANSLATED_UNITS = {
    "units.xlf": '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                 '<file source-language="fr" target-language="en" datatype="plaintext" original="x"><body>\n'
                 '<trans-unit id="a"><source>Le ministre a parlé.</source><target></target></trans-unit>\n'
                 '<trans-unit id="b"><source>Le vote a eu lieu.</source></trans-unit>\n</body></file></xliff>\n',
    "units.po": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                'msgctxt "a"\nmsgid "Le ministre a parlé."\nmsgstr ""\n\nmsgctxt "b"\nmsgid "Le vote a eu lieu."\nmsgstr ""\n',
    "units.jsonl": '{"id": "a", "source": "Le ministre a parlé.", "target": ""}\n'
                   '{"id": "b", "source": "Le vote a eu lieu.", "target": " "}\n',
    "units.txt": "",  # with units.fr.txt beside it
}


@pytest.mark.parametrize("name", sorted(_UNTRANSLATED_UNITS))
def test_a_file_with_no_target_filled_is_reported_as_untranslated_not_as_empty_input(tmp_path, name):
    """Every unit untranslated: E007 for each (exit 1, the gate), not "no documents to check" (a usage error);
    and mtqa fix leaves such a file as it is."""
    path = tmp_path / name
    path.write_text(_UNTRANSLATED_UNITS[name], encoding="utf-8")
    (tmp_path / "units.fr.txt").write_text("Le ministre a parlé.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--grammar", "none", "--format", "json", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert not report["errors"]
    assert [[i["rule"] for i in d["issues"]] for d in report["documents"]] == [["E007"]] * (1 if name == "units.txt" else 2)
    fixed = subprocess.run([sys.executable, "-m", "mtqa.cli", "fix", "--grammar", "none", str(path)], capture_output=True)
    assert fixed.returncode == 0 and fixed.stdout == path.read_bytes(), fixed.stderr


def test_e006_and_e007_are_ignored_by_code_and_kept_by_a_selection_that_does_not_name_them(tmp_path):
    from mtqa.engine import ENGINE_FINDINGS

    base = load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none")
    english = "The minister said on Friday that the talks would resume on Monday in Brussels with all parties."
    for code, copy, source in (("E007", "", "Le ministre a parlé vendredi."), ("E006", "The talks resume.", english)):
        assert code in {i.rule for i in Engine(base).check_text(copy, source=source).issues}
        assert code in {i.rule for i in Engine(base.with_overrides(select=("CAL",))).check_text(copy, source=source).issues}
        assert code not in {i.rule for i in Engine(base.with_overrides(ignore=(code,))).check_text(copy, source=source).issues}
    assert Engine(base.with_overrides(ignore=("E007",))).check_text("", source="Le ministre a parlé.").score == 100.0
    # scores made without E006 or E007 are not comparable, nor is a --resume state reusable: the signature says so
    signatures = {Engine(base.with_overrides(**o)).signature for o in ({}, {"ignore": ("E007",)}, {"ignore": ("E006",)})}
    assert len(signatures) == 3 and Engine(base.with_overrides(select=("ALL", "E007"))).signature in signatures
    minor = Engine(base.with_overrides(severity={"E007": Severity.MINOR}))
    assert [i.severity for i in minor.check_text("", source="Le ministre a parlé.").issues] == [Severity.MINOR]
    assert minor.signature not in signatures
    with pytest.raises(MtqaError, match="no rule matches 'E002'"):  # a document not fully checked is always said
        Engine(base.with_overrides(ignore=("E002",)))
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "rules", "E007"], capture_output=True, text=True)
    assert proc.returncode == 0 and "Accuracy/Omission" in proc.stdout and "critical" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "rules", "E007", "--format", "json"], capture_output=True, text=True)
    assert json.loads(proc.stdout) | {"summary": ""} == {"code": "E007", "family": "engine", "severity": "critical",
                                                       "category": "Accuracy/Omission", "summary": "", "ignorable": True}
    listing = subprocess.run([sys.executable, "-m", "mtqa.cli", "rules"], capture_output=True, text=True).stdout
    assert all(code in listing for code in ENGINE_FINDINGS)


def test_a_figure_copied_in_french_format_uses_up_the_source_figure(engine):
    # "777,68" copied as is is no changed figure, and the source's 777,68 is accounted for: it is not offered as
    # the fix of another, added figure
    found = engine.check_text("The index plunged 777,68 points, for 45 points.", source="L'indice a plongé de 777,68 points.").issues
    assert [(i.rule, i.text, i.suggestions) for i in found if i.rule == "BIL001"] == [("BIL001", "45", ())]


def test_a_different_name_in_place_of_the_sources_is_a_fix_for_a_person_not_for_mtqa_fix():
    from conftest import engine_for

    engine = engine_for(("BIL002",))
    result = engine.check_text("The talks with Lukashenko resumed in Minsk.", source="Les pourparlers avec Poutine ont repris à Minsk.")
    [issue] = [i for i in result.issues if i.rule == "BIL002"]
    assert issue.suggestions == ("Putin",) and issue.review
    assert engine.fix(result).text == "The talks with Lukashenko resumed in Minsk."


def test_a_run_of_dropped_sentences_is_one_finding_that_names_each(engine):
    """A four-sentence source translated as its first sentence only: the three findings on the same translated
    sentence were merged into one that named only the first of the missing sentences."""
    source = ("Le port de Marseille a enregistré une hausse du trafic au troisième trimestre. Selon la direction, la "
              "hausse est due à deux nouvelles lignes vers l'Asie. Une réunion avec les syndicats est prévue la semaine "
              "prochaine. Le port emploie directement quelque quarante mille personnes.")
    [finding] = [i for i in engine.check_text("The port of Marseille recorded a rise in traffic in the third quarter.",
                                              source=source).issues if i.rule == "BIL005"]
    assert finding.message.startswith("3 source sentences next to this one have no translation")
    for words in ("nouvelles lignes", "réunion avec les syndicats", "quarante mille"):
        assert words in finding.message


def test_a_paragraph_printed_twice_is_compared_on_its_first_copy(rules_engine):
    """The repeat is DUP001's; the first copy is the translation: a changed year in it is flagged there, and the
    first copy is no sentence added to the source (BIL006)."""
    para = "The government will hold a referendum in 2026 on the reform."
    english = f"{para}\n\nThe unions called a strike on Monday.\n\n{para}"
    french = "Le gouvernement organisera un référendum en 2027 sur la réforme.\n\nLes syndicats ont appelé à la grève lundi."
    issues = rules_engine.check_text(english, source=french).issues
    assert [(i.rule, i.start) for i in issues if i.rule == "BIL001"] == [("BIL001", english.index("2026"))]
    assert not [i for i in issues if i.rule == "BIL006" and i.start < len(para)]
    fixed = rules_engine.fix(rules_engine.check_text(english, source=french)).text
    assert fixed == "The government will hold a referendum in 2027 on the reform.\n\nThe unions called a strike on Monday."
