"""Source-aware checks (BIL), run when a document has its source: numbers and dates that changed, names
missing or changed, quotations lost or added, French left untranslated, sentences dropped or added."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from mtqa import crossnames, quantities
from mtqa.align import document_alignment, fold, pair_at
from mtqa.document import Segment
from mtqa.neural.translate import configured_translator
from mtqa.rules.base import ABBREVIATION_END, rule
from mtqa.spans import Spans

_ROME = ("Le ministre est arrivé lundi à Rome. Les discussions devraient porter sur la migration et l'énergie. "
         "Il rencontrera mardi son homologue italien.")
_ROME_SHORT = "Le ministre est arrivé lundi à Rome. Il rencontrera mardi son homologue italien."
OMITTED_MIN_WORDS = 2  # a dropped question or a two-word answer is still dropped
ADDED_MIN_WORDS = 4


def _short(s: str, n: int = 70) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


@rule(
    code="BIL001",
    name="number-mismatch",
    family="bilingual",
    category="Accuracy/Mistranslation",
    severity="critical",
    summary="A number, amount, percentage, time, weekday or month in the translation that the source does not have, a count or rank written in words (\"three people\" for \"deux personnes\", \"fifty years\" for \"cent cinquante ans\", \"seventh\" for \"dix-septième\"), a figure or count whose unit changed (\"five months\" for \"cinq ans\"), or a code of capitals and digits the source writes with other digits (\"A321\" for \"A320\", \"G20\" for \"G7\"; French formats understood: \"1,5 million\", \"10 000\", \"14 h 30\", \"25 M$\", \"vendredi\", \"mars\", \"12/03/2021\"; English amounts abbreviated as \"€1.5m\", \"$3bn\", \"$40k\"; a share in words given as its percentage: \"un tiers\" as \"33%\", \"les deux tiers\" as \"66%\" or \"67%\", \"un quart\" as \"25%\", \"la moitié\" as \"50%\", \"un Français sur cinq\" as \"20%\"; a percentage in words is compared as one: \"two percent\" for \"deux cents\").",
    why="A changed figure or day is the most damaging error a news translation can publish, and MT changes them more often than one expects.",
    use_instead="The figure of the source, in English format.",
    fix_safety="Review: when the aligned source sentence has exactly one unmatched figure of the same kind, it is suggested in English format.",
    bad=[
        ("[[2.5 million]] euros were promised on Friday.", "1.5 million", "1,5 million d'euros ont été promis vendredi."),
        ("Aid was announced on [[Thursday]]. The minister visits on Monday.", "Friday", "L'aide a été annoncée vendredi. La ministre se rend sur place lundi."),
        ("The vote is on [[Thursday]] at 2:30 p.m.", "Friday", "Le vote a lieu vendredi à 14 h 30."),
        ("Some [[1,000]] people marched.", "10,000", "Quelque 10 000 personnes ont défilé."),
        ("The debt reached [[2 billion]] dollars.", "2 trillion", "La dette a atteint 2 000 milliards de dollars."),
        ("The treaty was signed in [[1958]].", "1957", "Le traité a été signé en 1957."),
        ("Frost hit almost [[40%]] of the vineyards.", None, "Le gel a touché près d'un tiers des vignes."),
        ("He hires [[two percent]] of them.", None, "Il en embauche deux cents."),
        ("Unemployment fell [[twenty percent]] last year.", "2 percent", "Le chômage a baissé de 2 % l'an dernier."),
        ("The meeting will take place on 15 [[May]] in Paris.", "March", "La réunion aura lieu le 15 mars à Paris."),
        ("Prices rose in [[June]].", "July", "Les prix ont augmenté en juillet."),
        ("The vote will be held in [[May]], the minister said.", "March", "Le vote aura lieu en mars, a dit le ministre."),
        ("Sales slumped in [[May]] amid the lockdown.", "March", "Les ventes ont chuté en mars, en plein confinement."),
        ("Theresa May resigned on Friday. MPs will vote on 15 [[May]].", "March",
         "Theresa May a démissionné vendredi. Les députés voteront le 15 mars."),
        ("The bill is put at between [[1.3 trillion]] and 1.5 trillion dollars.", "1.2 trillion",
         "La facture est estimée de 1 200 à 1 500 milliards de dollars."),
        ("The dike will cost from [[€1.4m]] to €1.8m.", "€1.2m", "La digue coûtera de 1,2 à 1,8 M€."),
        ("The shop opened on 12 [[October]].", "September", "La boutique a ouvert le 12 sept."),
        ("It costs from [[2.5]] to 3 million euros.", "2", "Cela coûte de 2 à 3 millions d'euros."),
        ("In [[May]], Theresa May said she would resign.", "March", "En mars, Theresa May a annoncé qu'elle démissionnerait."),
        ("Sales in [[May]] increased by 4%.", "March", "En mars, les ventes ont progressé de 4 %."),
        ("There were seven of them. The elections are due in [[September]].", "October",
         "Ils étaient sept. Les élections sont prévues en octobre."),
        ("The summit opens on the [[2nd]] of June.", "3rd", "Le sommet s'ouvre le 3 juin."),
        ("Polls open on [[Sept.]] 12 in Lisbon.", "Oct.", "Les bureaux de vote ouvrent le 12 octobre à Lisbonne."),
        ("The law must pass by [[May]], the minister said.", "June", "La loi doit être adoptée d'ici juin, a dit la ministre."),
        ("Turnout in the [[June]] election was low.", "May", "La participation à l'élection de mai a été faible."),
        ("The loan is worth [[$4 million]].", "€3 million", "Le prêt s'élève à 3 millions d'euros."),
        ("The deal is worth [[€2.5bn]].", "€2.5m", "L'accord vaut 2,5 millions d'euros."),
        ("Debt rose by between [[1.3]] and 1.6 trillion euros.", "1.2", "La dette a augmenté de 1 200 à 1 600 milliards d'euros."),
        ("A coffee now costs [[€19]].", "€1.90", "Un café coûte désormais 1,90 €."),
        ("Some [[1500]] troops were sent.", "1,300", "Quelque 1 300 militaires ont été envoyés."),
        ("Steamships crossed the Atlantic [[fifty]] years earlier.", "150",
         "Les navires à vapeur ont traversé l'Atlantique cent cinquante ans plus tôt."),
        ("[[Three]] people were injured in the fire.", "Two", "Deux personnes ont été blessées dans l'incendie."),
        ("In Le Havre, [[a dozen]] trawlers blocked the harbour.", "about 20",
         "Au Havre, une vingtaine de chalutiers ont bloqué le port."),
        ("The ministry will still lack [[five billion]] crowns.", "4 billion", "Il manquera encore au ministère quatre milliards de couronnes."),
        ("Investment has soared over the past [[two]] years.", "20", "L'investissement a explosé au cours des vingt dernières années."),
        ("The airline ordered ten [[A321]] jets.", "A320", "La compagnie a commandé dix A320."),
        ("He was sentenced to [[five]] months in prison.", None, "Il a été condamné à cinq ans de prison."),
        ("The plane flew at [[10,000]] feet.", None, "L'avion volait à 10 000 mètres."),
        ("The firm hired two dozen workers and [[12]] engineers.", None, "L'entreprise a embauché 24 ouvriers."),
        ("It was his [[seventh]] title.", "17th", "C'était son dix-septième titre."),
        ("The abbey was built in the [[eleventh]] century.", "12th", "L'abbaye a été construite au XIIe siècle."),
        ("Labour took a [[seven]]-point lead.", "six", "Le Labour a pris six points d'avance."),
        ("Three people were killed and [[three]] injured.", "two", "Deux personnes ont été tuées et trois blessées."),
        ("The village is [[twenty]] miles from the border.", None, "Le village se trouve à 16 km de la frontière."),
        ("Air France ordered about forty Airbus [[A330s]].", "A350s", "Air France a commandé une quarantaine d'Airbus A350."),
        ("The [[CAC 30]] fell 2.3% on Friday.", "CAC 40", "Le CAC 40 a cédé 2,3 % vendredi."),
        ("A [[fifty]]-year-old man was arrested.", "40", "Un homme de quarante ans a été interpellé."),
        ("The hostages were freed after [[three]] days.", None, "Les otages ont été libérés après 48 heures."),
        ("The company is to cut [[fifteen hundred]] jobs.", "1,200", "L'entreprise va supprimer 1 200 postes."),
        ("[[Fourteen]] years ago, the plant opened.", "Forty", "Il y a 40 ans, la centrale était inaugurée."),
        ("Leaders of the [[G20]] met in Biarritz.", "G7", "Les dirigeants du G7 se sont réunis à Biarritz."),
        ("The crash happened at [[12:30]] at night.", "12:30 p.m.", "L'accident s'est produit à midi et demi."),
    ],
    good=[
        ("A third of voters in third world countries abstained; it finished twenty-first, its third defeat, the fourth "
         "time this year.", "Un tiers des électeurs des pays du tiers monde s'est abstenu ; il a fini 21e, sa troisième "
         "défaite, la quatrième fois cette année."),
        ("The 35-hour week stays, he got a 10-year sentence and the plane flew at 10,000 metres for 2 h.",
         "Les 35 heures restent, il a été condamné à dix ans de prison et l'avion a volé à 10 000 mètres pendant 2 heures."),
        ("The stage covered 112 miles; speeds drop from fifty-five to fifty miles an hour on about a hundred square miles.",
         "L'étape a couvert 180 kilomètres ; la vitesse passe de 90 à 80 km/h sur 250 kilomètres carrés."),
        ("The two dozen most influential countries met; a hundred thousand marched, say organisers, against an eleven "
         "from Illhaeusern.", "Les deux douzaines de pays les plus influents se sont réunis ; une centaine de milliers "
         "ont défilé, selon les organisateurs, face à un Onze illhousien."),
        ("The meeting starts at 7 o'clock and ends at 9:30.", "La réunion commence à 19 heures et se termine à 21 h 30."),
        ("Repairs will take two weeks and the works six months; the carp was ten inches long and the deficit stands at two "
         "and a half billion euros.", "Les réparations prendront une quinzaine de jours et le chantier deux trimestres ; la "
         "carpe mesurait 25 cm et le déficit atteint 2,5 milliards d'euros."),
        ("Twenty percent of the French live in the five largest cities, and during his five years in office the fans were "
         "on cloud nine.", "Un Français sur cinq vit dans les cinq plus grandes villes, et pendant son quinquennat les "
         "supporters étaient au septième ciel."),
        ("The government used Article 49.3; the crash happened at 12:30 at night, and the storm covered 5 miles (8 km).",
         "Le gouvernement a utilisé l'article 49 alinéa 3 ; l'accident s'est produit à minuit et demi, et la tempête a "
         "parcouru 8 km."),
        ("The A320neo sells well, unlike the A380; delegates at COP26 noted that the F-35 replaced the F-16.",
         "L'A320 se vend bien, contrairement à l'A380 ; les délégués de la COP 26 ont noté que le F-35 a remplacé le F-16."),
        ("Two people were injured and both hospitals were full.", "Deux personnes ont été blessées et les deux hôpitaux étaient pleins."),
        ("About a dozen services will merge, one in three posts will go and two-thirds of the sites will close.",
         "Une dizaine de services fusionneront, un poste sur trois sera supprimé et les deux tiers des sites fermeront."),
        ("The talks lasted two days; the strike, three weeks.", "Les négociations ont duré 48 heures ; la grève, 21 jours."),
        ("Tiger Holding Four holds 13.5 percent, and two hundred million euros were offered.",
         "Tiger Holding Four détient 13,5 %, et deux cents millions d'euros ont été proposés."),
        ("For the two remaining billion, life is hard; the plan costs a hundred and fifty million euros.",
         "Pour les deux milliards restants, la vie est dure ; le plan coûte cent cinquante millions d'euros."),
        ("The leaders met at seven o'clock, two days after the vote of the 27 member states.",
         "Les dirigeants se sont réunis à 19 heures, deux jours après le vote des Vingt-Sept."),
        ("The blast was heard around 11 p.m., police said.", "L'explosion a été entendue vers 23 heures, selon la police."),
        ("The match kicks off at 8:45 p.m.", "Le match débute à 20 heures 45."),
        ("Talks resume at 9:15 a.m. and end at 12:30 p.m.", "Les discussions reprennent dès 9 heures et quart et s'achèvent à midi et demi."),
        ("Voting ends at 7:30 in the evening.", "Le vote s'achève à 19 h 30."),
        ("Markets open at 0800 GMT.", "Les marchés ouvrent à 8h00 GMT."),
        ("Some 90 people were evacuated, and between 6 and 9 roads closed.", "Quelque quatre-vingt-dix personnes ont été évacuées, et entre six et neuf routes fermées."),
        ("The firm sold 2.3 million phones.", "L'entreprise a vendu deux millions trois cent mille téléphones."),
        ("The ECB cut its rate by 0.25 percentage point.", "La BCE a baissé son taux de 0,25 point."),
        ("The market is held every Friday.", "Le marché se tient tous les vendredis."),
        ("Some 2.5m people live in the region.", "Quelque 2,5 millions de personnes vivent dans la région."),
        ("Between 2 million and 4 million people are affected.", "Entre deux et quatre millions de personnes sont touchées."),
        ("One voter in three stayed home.", "Un électeur sur trois est resté chez lui."),
        ("He waited for 30 minutes, then 45 more.", "Il a attendu une demi-heure, puis trois quarts d'heure."),
        ("Shares rose on Black Friday, the day after Thanksgiving.", "Les actions ont monté lors du Black Friday, au lendemain de Thanksgiving."),
        ("The Covid-19 crisis cost 12 billion euros.", "La crise du Covid a coûté 12 milliards d'euros."),
        ("The route is 40 km (25 miles) long.", "Le parcours fait 40 km."),
        ("The hall opened on Monday. Monday's crowd was huge.", "La salle a ouvert lundi. La foule était immense."),
        ("The winner finished in 2:08:14.", "Le vainqueur a terminé en 2 h 08 min 14 s."),
        ("He fought in World War 2.", "Il a combattu pendant la Seconde Guerre mondiale."),
        ("Four voters in ten back the plan.", "Quatre électeurs sur dix soutiennent le plan."),
        ("1.5 million euros were promised on Friday.", "1,5 million d'euros ont été promis vendredi."),
        ("The vote is on Friday at 2:30 p.m.", "Le vote a lieu vendredi à 14 h 30."),
        ("The Sunday edition of the paper reported the talks. The board met on Sunday evening.",
         "L'édition dominicale du journal a fait état des discussions. Le conseil s'est réuni dimanche soir."),
        ("Some 10,000 people marched for a 3.2% raise and $25 million.", "Quelque 10 000 personnes ont défilé pour une hausse de 3,2 % et 25 M$."),
        ("Three people were hurt.", "3 personnes ont été blessées."),
        ("The debt reached 2 trillion dollars, 1.5 trillion of it public.", "La dette a atteint 2 000 milliards de dollars, dont 1,5 billion public."),
        ("In the 21st century, 20 of the 25 members voted yes.", "Au XXIe siècle, vingt des vingt-cinq membres ont voté oui."),
        ("Unemployment fell 2.5 percent, to 9.1%, in the third quarter of 2024.", "Le chômage a reculé de 2,5 pour cent, à 9,1 %, au troisième trimestre 2024."),
        ("Unemployment fell 2% and twenty per cent of the firms hired.", "Le chômage a baissé de deux pour cent et vingt pour cent des entreprises ont embauché."),
        ("The treaty, signed in 1957, took effect the next year.", "Le traité, signé en 1957, est entré en vigueur l'année suivante."),
        ("The EU pledged €1.5m for a 25m dike.", "L'UE a promis 1,5 million d'euros pour une digue de 25 m."),
        ("Frost hit almost 33% of the vineyards and 25% of the orchards.", "Le gel a touché près d'un tiers des vignes et un quart des vergers."),
        ("Two years on, 67% of the flats and 50% of the shops are empty.", "Deux ans après, les deux tiers des logements et la moitié des commerces sont vides."),
        ("He was born on June 18, 1918, and the contract signed on March 12, 2021 runs until mid-July.",
         "Il est né le 18 Juin 1918, et le contrat signé le 12/03/2021 court jusqu'à la mi-juillet."),
        ("Theresa May said the probe reached Mars in February.", "Theresa May a dit que la sonde a atteint Mars en février."),
        ("In 2016 May became prime minister. Since May left, the party has split. On Tuesday May told MPs she would go.",
         "En 2016, la ministre est devenue Première ministre. Depuis son départ, le parti est divisé. Mardi, elle a dit aux "
         "députés qu'elle partirait."),
        ("The bill is put at between 1.2 trillion and 1.5 trillion dollars; the dike will cost from €1.2m to €1.8m, and "
         "the farms 3 million or 4 million euros.", "La facture est estimée de 1 200 à 1 500 milliards de dollars ; la "
         "digue coûtera de 1,2 à 1,8 M€, et les fermes 3 ou 4 millions d'euros."),
        ("The ministers meet on September 12, 2021; the decree of March 12, 2021 repealed the law of June 18, 1940.",
         "Les ministres se réunissent le 12 sept. 2021 ; le décret du 2021-03-12 a abrogé la loi du 18-06-1940."),
        ("On 12/03/2019, MPs rejected the deal. After May, Boris Johnson took over the party.",
         "Le 12/03/2019, les députés ont rejeté l'accord. Après May, Boris Johnson a pris la tête du parti."),
        ("The festival runs from March 3 to March 5, between May 9th and May 24th, and the text was adopted on 12 March 2021.",
         "Le festival se tiendra du 3 au 5 mars, entre le 9 et le 24 mai, et le texte a été adopté le 12/03/2021."),
        ("The Long March 5 rocket left after the Women's March; April Ryan asked how May's cabinet, criticised by May, "
         "would vote in May-June 2017.",
         "La fusée Longue Marche 5 est partie après la Marche des femmes ; April Ryan a demandé comment le cabinet de "
         "May, critiqué par May, voterait en mai-juin 2017."),
    ],
    needs_source=True,
)
def number_mismatch(doc, ctx):
    src = quantities.french(doc.source or "")
    every = quantities.english(doc.text)
    # a figure inside a code both sides write ("CAC 40", "F-16") is the code's: compared as one by _code_mismatches
    source_codes, codes = list(_CODE.finditer(doc.source or "")), list(_CODE.finditer(doc.text))
    letters = {m.group("letters") for m in source_codes} & {m.group("letters") for m in codes}
    if letters:
        src, every = _outside_codes(src, source_codes, letters), _outside_codes(every, codes, letters)
    tgt = [q for q in every if q.kind != "word"]
    spelled = {quantities.key(q) for q in every if q.kind == "word"}  # (and each count in words: "two dozen" is 24)
    counts = quantities.english_counts(doc.text)
    spelled |= {("number", q.value) for q in counts}
    # a percentage in words ("twenty percent", "two per cent") is compared as the percentage it is
    tgt += [quantities.Quantity("percent", q.value, q.start, m.end(), doc.text[q.start:m.end()])
            for q in counts if (m := _PERCENT_AFTER.match(doc.text, q.end))]
    available = Counter(quantities.key(q) for q in src)
    for q in src:  # forms a faithful translation may also take
        if q.kind == "number" and re.search(r"billions?\b", q.text, re.I):
            available[("number", round(q.value / 1000, 6))] += 1  # "19 billions de dollars" often means 19 billion
        if q.kind == "word" and q.value == 0:  # "un prêt à taux zéro": a 0% loan
            available[("percent", 0.0)] += 1
        if q.kind == "word" and _POUR_CENT.match(doc.source, q.end):  # "deux pour cent" as "2%" or "two percent"
            available[("percent", q.value)] += 1
        if q.kind == "number" and _POINTS.match(doc.source, q.end) and "basis point" in doc.text.lower():  # "0,25 point" as "25 basis points"
            available[("number", round(q.value * 100, 6))] += 1
        if q.kind == "time":  # "10H00" as "10.00", "20h" as "20"
            h, m = q.value
            available[("number", round(h + m / 100, 6))] += 1
            available[("number", float(h))] += 1
            if h < 12 and _EVENING.match(doc.source, q.end):  # "à 8 heures du soir" is 8 p.m.
                available[("time", (h + 12, m))] += 1
    for share in quantities.french_shares(doc.source or ""):  # "un tiers" as "33%", "la moitié" as "50 percent"
        for percent in quantities.share_percents(share.value):
            available[("percent", percent)] += 1
    literals = {re.sub(_SP, "", m.group()) for m in _FIGURE_RUN.finditer(doc.source or "")}
    # an article's number written with a hyphen in French copy, with a point in English ("le 49-3", "Article 49.3")
    literals |= {f"{m.group(1)}.{m.group(2)}" for m in re.finditer(
        r"(?<![\d.,-])(\d{1,3})(?:-|[ \u00a0]+alinéa[ \u00a0]+)(\d)(?![\d-])", doc.source or "", re.I)}  # "49 alinéa 3" too
    source_values = {quantities.key(q)[1] for q in src}
    unmatched, copies, by_value = [], set(), None
    named = {(q.kind, q.value) for q in src if q.kind in ("month", "weekday")}
    for q in tgt:  # first pass: every figure the source also has (in figures or in words) is fine
        if _part_of_a_name(doc.text, q, doc.source):
            continue
        if q.kind == "number" and doc.text[q.start - 1:q.start] in ("'", "’") and doc.text[q.end:q.end + 1] == "s" \
                and {1900 + q.value, 2000 + q.value} & source_values:
            continue  # "the '90s" for "les années 1990"
        k = quantities.key(q)
        if available[k] <= 0 and _twelve_hour(q):  # "7 o'clock", "at 7:30" for "19 h 30": the English says which
            k = ("time", (q.value[0] + 12, q.value[1]))  # half of the day no more than it did
        if available[k] > 0:
            available[k] -= 1
            if q.kind == "number":
                if by_value is None:
                    by_value = _by_value(src)
                other = _figure_in_another_unit(doc, q, by_value.get(q.value, ()))
                if other is not None:  # "10,000 feet" for "10 000 mètres", "200 mph" for "200 km/h"
                    yield _unit_change(doc, q, other)
            continue
        copied = _written_as_source(doc.text, q, literals, source_values)
        if not copied:
            unmatched.append(q)
        elif isinstance(copied, tuple) and copied not in copies:  # the source's figure it copies is accounted for
            copies.add(copied)
            used = next((s for s in src if re.sub(_SP, "", s.text) == copied[1] and available[quantities.key(s)] > 0), None)
            if used is not None:
                available[quantities.key(used)] -= 1
    leftovers = [s for s in src if s.kind != "word" and available[quantities.key(s)] > 0 and quantities.key(s) not in spelled]
    if unmatched:  # a figure converted to another unit: "112 miles" for "180 kilomètres", "26.2 miles" for "42,195 km"
        measures = [m for m in (quantities.measure(doc.source, s, False) for s in src if s.kind in ("number", "word")) if m]
        source_units = {quantities.unit_of(doc.source, s, False) for s in src}
        unmatched = [q for q in unmatched if not quantities.same_measure(quantities.measure(doc.text, q, True), measures)
                     or quantities.unit_of(doc.text, q, True) in source_units]
    for q in unmatched:
        year = _is_year(q) and not _a_count(doc.text, q)  # "some 1500 soldiers" counts soldiers: no year
        same_kind = [s for s in leftovers if s.kind == q.kind and (_is_year(s) and not _FR_COUNTED.match(doc.source, s.end)) == year]
        if (q.kind, q.value) in named and not same_kind:
            continue  # "du 3 au 5 mars": one French month for "March 3 to March 5"; a weekday said again
        pair = pair_at(doc, ctx, q.start)
        spans = [(s.start, s.end) for s in pair.source] if pair else []
        if q.kind == "number" and q.value == 1 and not same_kind and pair and any(
                re.search(r"\b(?:un|une)\b", s.text, re.I) for s in pair.source) and not any(
                s.kind in ("word", "number") and s.value != 1 and any(a <= s.start < b for a, b in spans) for s in src):
            continue  # "1 in the evening" for "une dans la soirée" (the French article is the figure), where the
            # aligned source sentence has no other figure the 1 could stand for
        if q.kind == "month" and not quantities.beside_a_figure(doc.text, q.start, q.end) and _named_in_source(q, pair):
            continue  # "Après May, Boris Johnson...": the name the source sentence has, as it has it
        here = [s for s in same_kind if any(a <= s.start < b for a, b in spans)]
        if year and not here:
            continue  # a year the source does not state is usually context the translator added; a changed one is not
        if len(same_kind) > 1:  # several candidates: the one in the aligned source sentence
            same_kind = here
        if len(same_kind) == 1:
            expected = same_kind[0]
            leftovers.remove(expected)
            fix = _english_form(_with_shared_scale(src, expected, q, doc.text), q)
            tail = _PERCENT_AFTER.search(q.text) if fix and q.kind == "percent" else None
            if tail:  # "twenty percent" for "2 %": "2 percent"
                fix += tail.group()
            end = q.end
            ordinal = re.match(r"(?:st|nd|rd|th)\b", doc.text[q.end:q.end + 3]) if q.kind == "number" else None
            if ordinal and fix and fix.isdigit():  # "March 3rd" for "le 4 mars" is "March 4th", not "March 4rd"
                end, fix = q.end + 2, fix + _ordinal_suffix(int(fix))
            yield number_mismatch.issue(doc, q.start, end, f"{q.text!r} is not in the source, which has {expected.text!r} here.", [fix] if fix else [])
        else:
            yield number_mismatch.issue(doc, q.start, q.end, f"{q.text!r} is not in the source.")
    yield from _spelled_mismatches(doc, ctx, src, every, counts)
    yield from _code_mismatches(doc, source_codes, codes)


# a model, a group or a conference named by capitals and a number: "A320", "G7", "F-16", "COP 26", "Euro 2024"
# (with a plural "s" in English: "A330s", "F-35s")
_CODE = re.compile(r"(?<![\w.-])(?P<letters>[A-Z]{1,4})(?P<sep>[- \u00a0]?)(?P<digits>\d{1,4})(?P<tail>[a-z]{0,3})(?![\w-]|[.,]\d)")


def _outside_codes(found: list, codes: list[re.Match], letters: set[str]) -> list:
    inside = Spans([m.span() for m in codes if m.group("letters") in letters])
    return [q for q in found if not inside.covers(q.start)]


def _code_key(m: re.Match, english: bool) -> str:
    tail = m.group("tail").lower()
    return m.group("digits") + (tail[:-1] if english and tail.endswith("s") else tail)


def _code_mismatches(doc, source_matches: list[re.Match], matches: list[re.Match]):
    """A code of capitals and digits that the source writes with the same capitals and other digits: "A321" for
    "A320", "G20" for "G7" (the spacing and hyphen of the code may differ: "COP 26", "COP26")."""
    source_codes: dict[str, dict[str, str]] = {}  # letters -> digits and tail -> the code as the source writes it
    for m in source_matches:
        source_codes.setdefault(m.group("letters"), {})[_code_key(m, False)] = m.group()
    if not source_codes:
        return
    for m in matches:
        theirs = source_codes.get(m.group("letters"))
        key = _code_key(m, True)
        if not theirs or key in theirs:
            continue
        if m.group("sep") and not m.group("sep").strip() and _is_year_like(m.group("digits")):
            continue  # "Euro 2024", "COP 2030": the year of an event, which BIL001 reads as a year already
        if m.group("tail") and m.group("digits") in {re.sub(r"[a-z]+$", "", t) for t in theirs}:
            continue  # "A320neo" for "A320": a variant the English names more precisely
        plural = "s" if m.group("tail").lower().endswith("s") and key != m.group("digits") + m.group("tail").lower() else ""
        fix = [m.group("letters") + m.group("sep") + next(iter(theirs)) + plural] if len(theirs) == 1 else []
        yield number_mismatch.issue(doc, m.start(), m.end(), f"{m.group()!r} is not in the source, which has "
                                    f"{', '.join(sorted(theirs.values()))}.", fix)


def _is_year_like(digits: str) -> bool:
    return len(digits) == 4 and 1900 <= int(digits) <= 2100


# an English count in words that is no count of its own: a share ("two-thirds", "three quarters"), odds ("one in
# three", "nine out of ten"), a time of day ("at seven o'clock", "eight in the evening", "at five", "quarter to
# eight"), a percentage ("twenty percent", compared as a share by the figures' pass), a plural ("two hundreds"),
# and idioms ("on cloud nine", "two at a time", "a hundred times")
_COUNT_WORDS = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty|hundred)\b"
_SPELLED_AFTER_SKIP = re.compile(
    r"[ \u00a0]*-?[ \u00a0]*(?:thirds?|quarters?|fifths?|sixths?|eighths?|tenths?|halves|hundreds|thousands|millions|billions|"
    r"dozens)\b|[ \u00a0]+(?:in|out[ \u00a0]+of)[ \u00a0]+" + _COUNT_WORDS +
    r"|[ \u00a0]+(?:o['’]clock|a\.m\.|p\.m\.|am|pm|in[ \u00a0]+the[ \u00a0]+(?:morning|afternoon|evening)|at[ \u00a0]+night|"
    r"tonight|percent|per[ \u00a0]+cent|at[ \u00a0]+a[ \u00a0]+time)\b|[ \u00a0]*%|[ \u00a0]+or[ \u00a0]+(?:two|three|four|five|six)\b", re.I)
_SPELLED_BEFORE_SKIP = re.compile(r"(?:" + _COUNT_WORDS + r"[ \u00a0]+(?:in|out[ \u00a0]+of)|" + _COUNT_WORDS + r"[ \u00a0]+or|\b(?:cloud|(?:half|quarter)[ \u00a0]+past|quarter[ \u00a0]+to)"
                                  r"|-)[ \u00a0]*$", re.I)
_AT_THE_HOUR = re.compile(r"\bat[ \u00a0]+$", re.I)  # "the train leaves at five."
_CLAUSE_END = re.compile(r"[ \u00a0]*(?:[.,;:!?)]|$)")
_HYPERBOLE = re.compile(r"[ \u00a0]+times\b", re.I)  # "I told him a hundred times"
# English words that give a source's "deux" without the figure: "both", "twice", "the second time", "a pair"
_TWO = re.compile(r"\b(?:both|twice|second|double|pair|couple|duo)\b", re.I)
_SCALE_SOON = re.compile(r"(?:[ \u00a0]+[a-z]+){0,2}?[ \u00a0]+(thousand|million|billion|trillion)\b", re.I)
_SCALE_VALUES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
def _unit_change(doc, q, theirs):
    """The finding for an English figure or count that keeps the source's value in another unit."""
    mine, source = quantities.unit_word(doc.text, q.end), quantities.unit_word(doc.source, theirs.end)
    return number_mismatch.issue(doc, q.start, q.end, f"{q.text} {mine} is in another unit than the source's "
                                 f"{theirs.text} {source}: the value is the same, the unit is not.")


def _spelled_mismatches(doc, ctx, src, every, spelled):
    """English counts written in words ("two years", "a hundred and fifty", "five billion") compared with the
    aligned source sentences: one that they have in no form is flagged where they have a count that the aligned
    English has in no form, in the same unit or both without one (with exactly one such count, it is the fix)."""
    counts = [q for q in spelled if q.value >= 2] + quantities.english_ordinals(doc.text)
    if not counts:
        return
    counts.sort(key=lambda q: q.start)
    ones = quantities.french_ones(doc.source or "")
    source_side, english_side = _ByOffset([*src, *ones]), _ByOffset([*every, *counts])
    by_pair: dict[int, tuple] = {}
    for q in counts:
        pair = pair_at(doc, ctx, q.start)
        if pair is not None and pair.source and not _no_count_of_its_own(doc.text, q):  # (an added sentence: BIL006)
            by_pair.setdefault(id(pair), (pair, []))[1].append(q)
    for pair, mine in by_pair.values():
        # the source around the aligned sentences, as far again as they run each way: an alignment that missed a
        # sentence (MT run together into one, a sentence left unpaired) must not make its count a changed one
        reach = sum(len(t.text) for t in pair.target)
        around = Segment(max(0, pair.source[0].start - reach), pair.source[-1].end + reach, "")
        own = source_side.within(pair.source)
        nearby = {float(q.value) for q in source_side.within([around]) if isinstance(q.value, (int, float)) and q not in own}
        sides = _Sides(doc, pair, own, english_side.within(pair.target))
        yield from (issue for q, issue in sides.compare(mine) if q.value not in nearby)


class _ByOffset:
    """Quantities sorted by where they start, to take those of a few sentences without a pass over them all."""

    def __init__(self, found):
        self.found = sorted(found, key=lambda q: q.start)
        self.starts = [q.start for q in self.found]

    def within(self, segments) -> list:
        return [q for seg in segments for q in self.found[bisect_left(self.starts, seg.start):bisect_left(self.starts, seg.end)]]


class _Sides:
    """The counts of an alignment pair's source sentences (each with its unit) and what its English sentences
    hold: an English figure or count takes the source count of its value and unit, so that a value the source
    has once cannot answer for two English counts ("three killed and three injured" for "deux tuées et trois
    blessées")."""

    def __init__(self, doc, pair, src, english):
        self.doc = doc
        inside = Spans([(q.start, q.end) for q in english if q.kind == "spelled"])
        # the figures, times and words of the English (a word inside a count in words is that count's)
        english = [q for q in english if q.kind == "spelled" or not (q.kind == "word" and inside.covers(q.start))]
        self.english_values = {v for q in english if q.kind == "time" for v in _time_values(q.value)}
        self.english_values |= {float(q.value) for q in english if isinstance(q.value, (int, float))}
        if _TWO.search(" ".join(t.text for t in pair.target)):
            self.english_values.add(2.0)
        self.entries = []  # [value, unit, quantity, taken]
        self.rough = []
        for s in src:
            if s.kind == "time":
                self.entries += [[v, None, s, False] for v in _time_values(s.value)]
            elif isinstance(s.value, (int, float)) and s.kind != "share":
                self.entries.append([float(s.value), quantities.unit_of(doc.source, s, False), s, False])
                if re.search(r"aines?$", s.text, re.I):
                    self.rough.append(float(s.value))  # "une vingtaine": about twenty
        for q in english:  # the English figures take their source counts first (the figures' own pass compares them)
            if q.kind not in ("spelled", "ordinal", "word", "time") and isinstance(q.value, (int, float)):
                self._take(float(q.value), quantities.unit_of(doc.text, q, True))
        self.source_measures = [m for m in (quantities.measure(doc.source, e[2], False) for e in self.entries) if m]
        self.source_measures += [("time", days) for days in quantities.french_time_spans(" ".join(t.text for t in pair.source))]
        self.english_measures = [m for m in (quantities.measure(doc.text, q, True) for q in english if q.kind != "time") if m]

    def _take(self, value: float, unit: str | None) -> bool:
        for e in self.entries:
            if not e[3] and e[0] == value and (unit is None or e[1] is None or e[1] == unit):
                e[3] = True
                return True
        return False

    def _in_another_unit(self, value: float, unit: str | None):
        """The source count of this value in another unit of the same kind ("cinq ans" for "five months"), taken."""
        for e in self.entries:
            if not e[3] and e[0] == value and quantities.other_unit_of_a_kind(unit, e[1]):
                e[3] = True
                return e[2]
        return None

    def compare(self, counts):
        """(count, finding) for each count the aligned source does not have."""
        doc, unmatched = self.doc, []
        for q in counts:  # first every count that the source has, in its unit
            unit = quantities.unit_of(doc.text, q, True)
            if self._take(q.value, unit) or q.text.lower().endswith("dozen") and self._take(10.0, unit):
                continue  # "a dozen" for "une dizaine" too
            if any(abs(q.value - r) <= 0.25 * r for r in self.rough):
                continue  # "two dozen" for "une vingtaine"
            measure = quantities.measure(doc.text, q, True)
            if unit == "deg" or quantities.same_measure(measure, self.source_measures):
                continue  # "two days" for "48 heures", "ten miles" for "16 km"; a temperature, maybe in Fahrenheit
            later = _SCALE_SOON.match(doc.text, q.end)  # "the two remaining billion" for "les deux milliards restants"
            if later and self._take(q.value * _SCALE_VALUES[later.group(1).lower()], None):
                continue
            other = self._in_another_unit(q.value, unit)
            if other is not None:  # "five months" for "cinq ans"
                yield q, _unit_change(doc, q, other)
                continue
            unmatched.append((q, unit, measure))
        for q, unit, measure in unmatched:
            candidates, converted = [], []
            for value, theirs_unit, s, taken in self.entries:
                if taken or s.kind not in ("number", "word") or value in self.english_values or _is_year(s) \
                        or value < (1 if theirs_unit else 2) or quantities.is_roman(s.text) and q.kind != "ordinal" or _SHARE_OF.search(
                            doc.source[max(0, s.start - 12):s.start]):
                    continue
                if s.text[0].isupper() and not quantities.is_roman(s.text) \
                        and not _SENTENCE_START.search(doc.source[max(0, s.start - 3):s.start]):
                    continue  # "les Trente Glorieuses", "les Vingt-Sept": a name
                theirs = quantities.measure(doc.source, s, False)
                if quantities.same_measure(theirs, self.english_measures):
                    continue  # "21 jours" given as "three weeks"
                if theirs_unit == unit:
                    candidates.append(s)
                elif measure and theirs and measure[0] == theirs[0]:
                    converted.append(s)  # "three days" for "48 heures": another unit, and another length of time
            if not candidates and not converted:
                continue  # no count of the source left for it: "two constraints" for "la double contrainte"
            in_range = _RANGE_AROUND.search(doc.text[max(0, q.start - 12):q.start]) or _RANGE_AFTER.match(doc.text, q.end)
            if len(candidates) == 1 and not converted and not in_range:  # (in a range, the changed end may be the other)
                fix = _spelled_form(candidates[0], q, doc.text)
                yield q, number_mismatch.issue(doc, q.start, q.end, f"{q.text!r} is not in the source, which has "
                                               f"{candidates[0].text!r} here.", [fix] if fix else [])
            else:
                yield q, number_mismatch.issue(doc, q.start, q.end, f"{q.text!r} is not in the source.")


_SHARE_OF = re.compile(r"(?:quart|tiers|moitié|demi)[ \u00a0]+(?:de|d['’])[ \u00a0]*$|\bdemi-$", re.I)  # "un quart de siècle"


def _no_count_of_its_own(text: str, q) -> bool:
    """A name ("Tiger Holding Four", "the Big Three"), a share, odds, a time of day, a percentage or an idiom
    (see _SPELLED_AFTER_SKIP), hyperbole ("a hundred times") or an hour ("the train leaves at five.")."""
    before = text[max(0, q.start - 14):q.start]
    return bool(q.text[0].isupper() and not _SENTENCE_START.search(before)
                or _SPELLED_AFTER_SKIP.match(text, q.end) or _SPELLED_BEFORE_SKIP.search(before)
                or q.value in (100, 1000) and _HYPERBOLE.match(text, q.end)
                or q.value <= 12 and _AT_THE_HOUR.search(before) and _CLAUSE_END.match(text, q.end))


_SENTENCE_START = re.compile(r"(?:^|[.!?:\n\"“«(][ \u00a0]*)$")
_RANGE_AROUND = re.compile(r"(?:\d|" + _COUNT_WORDS + r"|\b(?:thirty|forty|sixty|seventy|eighty|ninety|thousand|million|billion))"
                           r"[ \u00a0]+(?:to|and|or)[ \u00a0]+$|\bbetween[ \u00a0]+$", re.I)
_RANGE_AFTER = re.compile(r"[ \u00a0]+(?:to|and|or)[ \u00a0]+" + _COUNT_WORDS, re.I)
_HEDGED = re.compile(r"\b(?:about|some|around|nearly|roughly|approximately|almost)[ \u00a0]+$", re.I)


def _spelled_form(expected, q, text: str) -> str | None:
    """The source's count as the English wrote its own: in words below ten ("three") and at the start of a
    sentence ("Forty"), in figures from ten up ("150", "1,200"), with the English run's scale word ("4 billion")."""
    value = float(expected.value)
    if not value.is_integer():
        return None
    opens = q.text[0].isupper() and _SENTENCE_START.search(text[max(0, q.start - 3):q.start])
    if q.kind == "ordinal":  # "seventeenth" for "dix-septième": "17th"; AP spells out first to ninth
        n = int(value)
        body = quantities.ordinal_in_words(n) or f"{n}{_ordinal_suffix(n)}"
        return body[0].upper() + body[1:] if opens else body
    if value < 10 or opens and value < 1000:
        body = quantities.in_words(int(value))
    elif value < 1e6:
        body = f"{value:,.0f}"  # "1,200", not "1.2 thousand"
    else:
        body = _english_form(expected, q)
    hedged = _HEDGED.search(text[max(0, q.start - 15):q.start])
    if body and re.search(r"aines?$", expected.text, re.I) and not hedged:
        body = "about " + body  # "une vingtaine": about twenty
    if body and q.text[0].isupper() and body[0].isalpha():
        body = body[0].upper() + body[1:]
    return body


_SP = r"[ \u00a0\u202f]"
_SCALED = re.compile(r"(?i)\b(?:thousand|million|billion|trillion)\b|\d(?:bn|mn|m|k)\b")
_EVENING = re.compile(r"[ \u00a0\u202f]*(?:du[ \u00a0\u202f]+soir|de[ \u00a0\u202f]+l['’]après-midi)\b", re.I)
# a figure with its separators, as MT may copy it from French copy ("375.000", "8,72", "13, 5", "115 000")
_FIGURE_RUN = re.compile(r"\d(?:[\d.,:]|[ \u00a0\u202f](?=[\d.,:]))*\d|\d")


def _written_as_source(text: str, q, literals: set[str], source_values: set) -> bool | tuple[int, str]:
    """A figure the translation copied from the source in the source's own format ("1.335", "3,632%",
    "13, 5 percent"), two figures whose "to" was lost ("600 700" for "600 à 700"), the end of a year range
    ("2003-04", a season's "2024/25") or a date written with a slash ("9/11"): not a changed figure (a copied
    figure is returned as where it stands and what it copies, so that the source's figure counts as used). Plain
    digits the source also has do not excuse a scale or a time of day that the source does not give them
    ("3 million" for "3 milliards", "9 p.m." for "9 h"): the digits are read alike in both languages, so the
    change is in the words."""
    scaled = q.kind == "time" or _SCALED.search(q.text) is not None
    for m in _FIGURE_RUN.finditer(text, max(0, q.start - 12), q.end + 12):
        if m.start() <= q.start < m.end() or q.start <= m.start() < q.end:
            run = re.sub(_SP, "", m.group())
            if run in literals and not (scaled and run.isdigit()):
                return m.start(), run  # where it stands (its parts share it) and the source's figure it copies
            parts = re.split(_SP, m.group().strip())
            if len(parts) > 1 and all(p.isdigit() and float(p) in source_values for p in parts):
                return True
    if re.fullmatch(r"\d\d", q.text) and re.search(r"\d{4}[-–/]$", text[:q.start]):
        return True
    return bool(re.match(r"\d{1,2}/\d{1,2}(?!\d)", text[q.start:]) or re.search(r"(?<!\d)\d{1,2}/$", text[:q.start]))


# "0,25 point": a change in percentage points, which English may give in basis points
# a count in words that is a percentage: "vingt pour cent" in the source, "twenty percent" in the translation
_POUR_CENT = re.compile(r"[ \u00a0\u202f]*(?:%|pour[ \u00a0\u202f]*cent\b)", re.I)
_PERCENT_AFTER = re.compile(r"[ \u00a0\u202f]+(?:percent|per[ \u00a0\u202f]+cent)\b", re.I)
_POINTS = re.compile(r"[ \u00a0\u202f]+(?:de[ \u00a0\u202f]+)?points?\b(?![ \u00a0\u202f]+de[ \u00a0\u202f]+(?:vente|presse|vue|départ|passage|suture))", re.I)
# the same in French copy ("1300 militaires")
_FR_COUNTED = re.compile(r"[ \u00a0\u202f]+(?:militaires|soldats|personnes|membres|adhérents|salariés|employés|habitants|euros|"
                         r"dollars|élèves|étudiants|policiers|gendarmes|migrants|réfugiés|tonnes|km|kilomètres|mètres|hectares|"
                         r"visiteurs|touristes|voix|sièges|détenus|véhicules|voitures|vols|passagers|patients|lits|médecins|"
                         r"enfants|familles|ménages|entreprises|emplois|logements|maisons|morts|victimes|cas)\b", re.I)

# a figure or a day that is part of a name: "Covid-19", "Black Friday", "High Noon", "Midnight Oil", and the
# conversion English adds in brackets ("30 km (19 miles)") to a source that gives no such unit. A day's name that is
# a date (Good Friday, Shrove Tuesday) and a model or a rank ("F-16", "No. 10") are compared
_GLUED = re.compile(r"\b(?:Covid|COVID|SARS-CoV|MERS-CoV)-$")
_NAMED_DAY = re.compile(r"\b(?:Black|Cyber|Super|Blue|Manic|Giving|Freaky|Casual|Throwback)[ \u00a0]$")
_IMPERIAL = r"miles?|mph|feet|ft|pounds|lbs?|inches|°F|acres|gallons|yards"
_CONVERSION = re.compile(rf"[ \u00a0]*(?P<unit>{_IMPERIAL}|in|F|sq[ \u00a0]+ft)\)")
_CONVERTED = re.compile(rf"[ \u00a0]*(?:{_IMPERIAL})[ \u00a0]*\([ \u00a0]*\d[\d.,]*"
                        r"[ \u00a0]*(?:km|kilomet(?:re|er)s?|km/h|m|metres|meters|kg|kilos|kilograms|cm|centimet(?:re|er)s|°C|C|"
                        r"hectares|ha|litres|liters)\)")
_FRENCH_UNIT = {"mile": r"miles?|milles?", "mph": r"miles?|milles?", "feet": "pieds?", "ft": "pieds?", "pound": "livres?",
                "lb": "livres?", "inche": "pouces?", "in": "pouces?", "°f": "fahrenheit", "f": "fahrenheit",
                "acre": "acres?", "gallon": "gallons?", "yard": "yards?", "sq ft": "pieds?"}


def _part_of_a_name(text: str, q, source: str) -> bool:
    before = text[max(0, q.start - 12):q.start]
    if q.kind in ("number", "percent") and _GLUED.search(before):
        return True
    if q.kind == "weekday" and _NAMED_DAY.search(before):
        return True
    if q.kind == "time" and q.text.lower() in ("noon", "midnight"):
        opens_sentence = re.search(r"(?:^|[.!?\n][ \u00a0]*)$", text[max(0, q.start - 3):q.start])
        if q.text[0].isupper() and not opens_sentence:
            return True  # "High Noon", "Midnight Oil": a title or a name
    if q.kind == "number" and _CONVERTED.match(text, q.end):
        return True  # "5 miles (8 km)": the English unit first, the source's figure in brackets
    unit = _CONVERSION.match(text, q.end) if q.kind == "number" and text[max(0, q.start - 1):q.start] == "(" else None
    if unit:
        word = re.sub(r"s$", "", unit.group("unit").lower()) if len(unit.group("unit")) > 2 else unit.group("unit").lower()
        return not re.search(rf"\b(?:{_FRENCH_UNIT.get(word, word)})\b", source, re.I)  # the source's own unit is compared
    return False


def _a_count(text: str, q) -> bool:
    """A four-digit figure that counts something ("some 1500 soldiers", "has 1580 members"), not a year ("in 2015
    police arrested"): a noun of things counted after it, and no word before it that opens a year."""
    return bool(quantities.COUNTED.match(text, q.end)) and not re.search(
        r"\b(?:in|since|by|of|from|until|till|before|after|during|through|between|and|to|circa|early|late|mid|the)[ \u00a0]+$",
        text[max(0, q.start - 12):q.start], re.I)


def _time_values(value: tuple[int, int]) -> set[float]:
    """The figures a time of day may be written with: its hour in 24 and 12 hours, and its minutes."""
    h, m = value
    return {float(h), float(h % 12 or 12), float(m)}


def _by_value(src) -> dict:
    """The source's figures and counts by value."""
    out: dict = {}
    for s in src:
        if s.kind in ("number", "word"):
            out.setdefault(s.value, []).append(s)
    return out


def _figure_in_another_unit(doc, q, same: list):
    """The source's figure of q's value when every such figure (`same`) is in another unit of the kind q's is in."""
    mine = quantities.unit_of(doc.text, q, True)
    if mine not in quantities.UNIT_SIZES:
        return None
    if same and all(quantities.other_unit_of_a_kind(mine, quantities.unit_of(doc.source, s, False)) for s in same):
        return same[0]
    return None


def _twelve_hour(q) -> bool:
    """A time of day in the morning by its figures that says nothing of the half of the day: "7 o'clock", "7:30"
    (not "7:30 a.m.", "7 in the morning" or "07:30")."""
    return q.kind == "time" and 1 <= q.value[0] < 12 and not q.text.startswith("0") and not re.search(
        r"[ap]\.?m\b|morning|afternoon|evening|night|GMT|UTC", q.text, re.I)


def _is_year(q) -> bool:
    return q.kind == "number" and float(q.value).is_integer() and 1000 <= float(q.value) <= 2100 and "," not in q.text \
        and " " not in q.text.strip()


def _named_in_source(q, pair) -> bool:
    """Whether the aligned source sentences write the English month's word ("May") as often as the aligned
    English does: then each is a name there ("Après May" for "After May"); "En mars, Theresa May" has one May
    for the two of "In May, Theresa May"."""
    if pair is None:
        return False
    word = re.compile(rf"(?<!\w){q.text}(?!\w)")
    return sum(len(word.findall(s.text)) for s in pair.source) >= sum(len(word.findall(t.text)) for t in pair.target) > 0


def _with_shared_scale(src, expected, q, text: str):
    """The source's figure as its English should read: the first figure of a range that shares the second's scale
    ("de 1 200 à 1 500 milliards") with that scale, where the English writes one ("1.2 trillion", not "1.2
    thousand"); where the English range shares a scale too ("between 1.3 and 1.5 trillion"), the bare figure in
    that scale ("1.2")."""
    if expected.kind != "number":
        return expected
    scaled = next((s for s in src if s.kind == "word" and (s.start, s.end) == (expected.start, expected.end)
                   and s.value > expected.value), expected)
    if _SCALED.search(q.text):
        return scaled
    shared = _ENGLISH_SHARED_SCALE.match(text, q.end)
    if shared:
        mult = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}[shared.group(1).lower()]
        if scaled.value >= mult:
            return quantities.Quantity("number", round(scaled.value / mult, 6), expected.start, expected.end, expected.text)
    return expected


# the English second figure of a range whose scale the first shares: " and 1.5 trillion", " to 3 million", "-3 billion"
# (one run of spaces before the dash or the word: two runs side by side split a long run every way)
_ENGLISH_SHARED_SCALE = re.compile(r"(?:[ \u00a0]*[-–]|[ \u00a0]+(?:and|to|or)[ \u00a0]+)[$€£]?\d[\d.,]*[ \u00a0]+"
                                   r"(thousand|million|billion|trillion)\b", re.I)


def _ordinal_suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


# AP style abbreviates these months beside a day ("Sept. 12"); March to July are written out
_AP_MONTHS = {"january": "Jan.", "february": "Feb.", "august": "Aug.", "september": "Sept.", "october": "Oct.",
              "november": "Nov.", "december": "Dec."}
_SCALES = (("trillion", 1e12), ("billion", 1e9), ("million", 1e6))
_ABBREVIATIONS = (("tn", 1e12), ("bn", 1e9), ("m", 1e6))


def _english_form(src, tgt) -> str | None:
    """The source quantity written the way the target wrote its (wrong) one: its scale word or abbreviation
    chosen for the source's value ("€1.5bn" for 1,5 million is "€1.5m"), in the source's currency."""
    if src.kind == "weekday":
        return src.value.capitalize()
    if src.kind == "month":
        return _AP_MONTHS.get(src.value, src.value.capitalize()) if tgt.text.endswith(".") else src.value.capitalize()
    if src.kind == "clock":
        return src.value
    if src.kind == "time" and src.value in ((12, 0), (0, 0)):
        return "noon" if src.value == (12, 0) else "midnight"  # "12 p.m." reads either way
    if src.kind == "time":
        h, m = src.value
        return f"{h % 12 or 12}:{m:02d} {'a.m.' if h < 12 else 'p.m.'}" if m else f"{h % 12 or 12} {'a.m.' if h < 12 else 'p.m.'}"
    value = float(src.value)
    t = tgt.text.lower()
    abbreviated = re.search(r"\d(bn|mn|tn|m|k)$", t)
    if abbreviated and value >= 1e3:  # "€25m", "$3bn", "1.5m people"
        if abbreviated.group(1) == "k" and value < 1e6:
            body = f"{value / 1e3:g}k"
        else:
            abbr, mult = next(((a, m) for a, m in _ABBREVIATIONS if value >= m), (None, 1))
            abbr = "mn" if abbr == "m" and abbreviated.group(1) == "mn" else abbr
            body = f"{value / mult:g}{abbr}" if abbr else f"{value:,.0f}"
    elif value >= 1e6 and (any(word in t for word, _ in _SCALES) or float(tgt.value) < 1e6):
        # "2 000 milliards" is "2 trillion"; a figure that lost its scale gets it back ("4.5" for 4,5 milliards)
        word, mult = next((w, m) for w, m in _SCALES if value >= m)
        body = f"{value / mult:g} {word}"
    elif "thousand" in t and value >= 1e3:
        body = f"{value / 1e3:g} thousand"
    elif _is_year(src):
        body = f"{value:.0f}"
    elif not value.is_integer() and re.search(r",\d\d(?!\d)", src.text) and _CURRENCY.search(src.text):
        body = f"{value:.2f}"  # "1,90 €" is "€1.90"
    else:
        body = f"{value:,.0f}" if value.is_integer() else f"{value:g}"
    prefix = tgt.text[0] if tgt.text[:1] in "$€£" else ""
    if prefix:  # the source's currency, when it names one ("3 millions d'euros" is "€3 million", not "$3 million")
        said = _CURRENCY.search(src.text)
        prefix = _CURRENCY_SIGN.get(said.group().lower(), prefix) if said else prefix
    suffix = "%" if tgt.text.endswith("%") else ""
    return f"{prefix}{body}{suffix}"


_CURRENCY = re.compile(r"€|\$|£|euros?|dollars?|livres?", re.I)
_CURRENCY_SIGN = {"€": "€", "euro": "€", "euros": "€", "$": "$", "dollar": "$", "dollars": "$", "£": "£", "livre": "£",
                  "livres": "£"}


_ELISION = re.compile(r"^(?:[dlDL]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’]")
_NAME_LABELS = {"PER", "LOC", "ORG"}
_FR_CAP = re.compile(r"(?<![\w'’-])(?:[dlDL]['’])?([A-ZÀ-Ý][\w'’-]+)")


@dataclass(frozen=True)
class Name:
    text: str
    start_char: int
    words: tuple[str, ...]  # folded words that must have an English counterpart
    person: bool  # the recogniser calls it a person: only a person is reported as missing
    weak: frozenset[str] = frozenset()  # words that are also ordinary French words ("Vierge", "Regard", "Pierre")
    ordinary: frozenset[str] = frozenset()  # words of a recognised name that are ordinary French words too ("Direction")


def _source_names(doc, ctx) -> list[Name]:
    """Names of the source: the French recogniser's people, places and organisations, and capitalised words
    inside a sentence; titles and common nouns French capitalises ("Pape", "Etat") and a sentence's first
    word when it is an ordinary French word ("Pensez", "Heureusement") are left out."""
    def compute():
        from mtqa.align import source_document
        from mtqa.nlp import french_ner

        source = doc.source or ""
        firsts = {s.start + (len(s.text) - len(s.text.lstrip("«“\"'‘ (—-"))) for s in source_document(doc).sentences}
        firsts |= {m.end() for m in re.finditer(r"[«“\"‘:]\s*", source)}
        covered: list[tuple[int, int]] = []
        names = []
        for e in french_ner(ctx)(source).ents:
            if e.label_ not in _NAME_LABELS:
                continue
            covered.append((e.start_char, e.end_char))
            # an entity never runs across a line break: "Golfe\n\nLe président Bush" is two names
            for line in re.finditer(r"[^\n]+", e.text):
                text, at = line.group().strip(), e.start_char + line.start() + len(line.group()) - len(line.group().lstrip())
                elided = _ELISION.match(text)
                cut = elided.end() if elided else 0
                words, weak = _name_words(source, at + cut, text[cut:], firsts, person=e.label_ == "PER", entity=True)
                if words:
                    # a name of the table ("Milan") is no ordinary word: no translation of it stands in for it
                    ordinary = frozenset(w for w in words if w not in weak and w not in crossnames.listed_names()
                                         and crossnames.common_french(w))
                    names.append(Name(text[cut:], at + cut, words, e.label_ == "PER", weak, ordinary))
        covered_index = Spans(covered)
        for m in _FR_CAP.finditer(source):
            if covered_index.covers(m.start(1)):
                continue
            words, weak = _name_words(source, m.start(1), m.group(1), firsts)
            if words:
                names.append(Name(m.group(1), m.start(1), words, False, weak))
        return sorted(names, key=lambda n: n.start_char)

    return doc.memo("source-names", compute)


_DEMONYM = re.compile(r"(?:ais|aise|ois|oise|ien|ienne|ain|aine|and|ande|que|ite|an|ol|ole|in|ine)s?$")


def _name_words(source: str, start: int, text: str, firsts: set[int], person: bool = False,
                entity: bool = False) -> tuple[tuple[str, ...], frozenset[str]]:
    """The folded words of a name that the translation must render, and those of them that are ordinary French
    words too (a title's "Regard", "Prix Nobel", "Vierge Marie": matched through their translations, and only a
    rare English word stands in for them)."""
    out, weak = [], set()
    for m in re.finditer(r"[^\W\d_]+(?:['’][^\W\d_]+)*", text):
        elided = _ELISION.match(m.group())
        word = m.group()[elided.end():] if elided else m.group()  # "l'Université d'Oxford": Oxford
        at = start + m.start() + (elided.end() if elided else 0)
        if not word[:1].isupper():
            continue  # "vis-à-vis de l'implication": lowercase words are not part of a name
        folded = crossnames.tokens(word)
        if not folded:
            continue
        w = folded[-1]
        acronym = word.isupper() and len(word) >= 2
        if w in crossnames.FRENCH_TITLES or (len(w) < 3 and not acronym):
            continue
        if at in firsts and _common_french(word.lower()):
            continue  # a sentence's first word is capitalised anyway
        listed = w in crossnames.listed_names()
        if not person and not listed:
            if acronym:
                continue  # French acronyms are often not the English ones (PNB / GNP); the table has those that matter
            if _DEMONYM.search(w) and not word.isupper() and len(w) > 5 and crossnames.common_french(word) \
                    and not _english_word(_french_spelling(word)):
                continue  # "les Slovaques", "les Kosovars": French capitalises nouns of nationality ("Virgin" is no people)
        # an ordinary French word, unless English uses it more than French ("Anna", "Hollywood", "Bush": names the
        # French model's word list happens to hold), or the recogniser calls it a name and it is a rare form ("Baverez", a
        # surname and a verb's form) or the first name of a person's full name ("Olivier Martin"; "Pierre" and other
        # such names have their English forms in the table)
        spelling = _french_spelling(word)  # "Etoiles" is "étoiles"
        lexical = crossnames.common_french(word) and not _more_english(spelling) \
            and (not entity or _more_french(spelling) and _common_french(spelling) and not (person and _full_name(text)))
        if not listed and (lexical or _french_only(spelling)):
            weak.add(w)  # "la Santé", "Janvier", "Montrer": a word French capitalises in titles and at a quote's start
        out.append(w)
    return tuple(out), frozenset(weak)


def _french_spelling(word: str) -> str:
    """The commonest French spelling of a capitalised word, its capital's accent restored when French drops it."""
    from mtqa.frequencies import zipf_frequency

    return max(crossnames.french_spellings(word), key=lambda w: zipf_frequency(w, "fr"))


@lru_cache(maxsize=20_000)
def _english_vocabulary(word: str) -> bool:
    """A common English word that French hardly uses ("Heights", "Forward", "Twenty", "Eastern", "Christmas"):
    capitalised inside a title or a term, it translates the source's words and names nobody. A name is written
    alike in both languages and is about as frequent in French news as in English ("Richard", "Oxford")."""
    from mtqa.frequencies import zipf_frequency

    en = zipf_frequency(word, "en")
    return en >= 3.0 and en - zipf_frequency(word, "fr") >= 1.0


_PEOPLES = re.compile(r"(?:an|ans|ese|ish|i|is|(?:east|west|north|south)ern)$")


def _weak_candidate(word: str, vocabulary: bool = True) -> bool:
    """An English capitalised word that is no evidence of a different name: an acronym (its expansion is in the
    source: "USD", "LLC"), a common adjective of a people or a region ("Hungarian", "Eastern"), English
    vocabulary (see `_english_vocabulary`). A word both languages use a lot ("Alliance") is not cleared: names
    are too ("Mary", "Tony", "Europe"), and the English recogniser misses many of them in MT."""
    if len(word) >= 2 and word.isupper():
        return True
    folded = [t for t in crossnames.tokens(word) if len(t) >= 3]
    if not folded:
        return True
    from mtqa.frequencies import zipf_frequency

    def people(t: str) -> bool:  # "Hungarian", "Lebanese", "Iraqis"; not "Dubois", as French as it is English
        en = zipf_frequency(t, "en")
        return _PEOPLES.search(t) is not None and en >= 3.0 and en - zipf_frequency(t, "fr") >= 0.5

    return all(vocabulary and _english_vocabulary(t) or people(t) for t in folded)


@lru_cache(maxsize=20_000)
def _more_french(word: str) -> bool:
    from mtqa.frequencies import zipf_frequency

    return zipf_frequency(word, "fr") - zipf_frequency(word, "en") >= 1.0


@lru_cache(maxsize=20_000)
def _more_english(word: str) -> bool:
    from mtqa.frequencies import zipf_frequency

    return zipf_frequency(word, "en") > zipf_frequency(word, "fr")


@lru_cache(maxsize=20_000)
def _french_only(word: str) -> bool:
    """A very frequent French word that English hardly uses ("temps", "prix"): a name it is not."""
    from mtqa.frequencies import zipf_frequency

    fr = zipf_frequency(word, "fr")
    return fr >= 5.0 and fr - zipf_frequency(word, "en") >= 1.8


@lru_cache(maxsize=20_000)
def _common_english(word: str) -> bool:
    from mtqa.frequencies import zipf_frequency

    return zipf_frequency(word, "en") >= 3.0


@lru_cache(maxsize=20_000)
def _common_english_word(word: str) -> bool:
    from mtqa.frequencies import zipf_frequency

    return zipf_frequency(word, "en") >= 4.3


@lru_cache(maxsize=20_000)
def _common_french(word: str) -> bool:
    from mtqa.frequencies import zipf_frequency

    return zipf_frequency(word, "fr") >= 3.0


@rule(
    code="BIL002",
    name="name-mismatch",
    family="bilingual",
    category="Accuracy/Mistranslation",
    severity="major",
    summary="A name of the source (person, place, organisation) replaced by a different name in the translation, a monarch's or pope's number changed (\"Mohammed V\" for \"Mohammed VI\"), a compass point turned round (\"South Korea\" for \"la Corée du Nord\"), a country swapped for another (\"Britain\" for \"les États-Unis\": a country of the source sentence that the translated sentence does not name, beside one the whole source never names; corpora/country_articles.tsv and exonyms.tsv), or a person's full name missing from it. Conventional English forms (corpora/exonyms.tsv: Jean-Paul II / John Paul II, Poutine / Putin, ONU / UN), transliteration variants (Gorbatchev / Gorbachev), accents and hyphens are accepted; titles and common nouns French capitalises are not names, and an acronym, a people's adjective or an English common word in the translation is not taken for another name unless the English recogniser calls it a person or a place.",
    why="MT swaps and drops names (\"Sergueï Lavrov\" becomes \"Sergei Lavrow\", one minister becomes another), and a wrong name in a news story is a correction waiting to happen. A replaced name is the worse error: the message says which it is.",
    use_instead="The name as the source gives it, in its conventional English form.",
    fix_safety="Review: a replaced name gets the source's name (its English form when the table has one) as the suggestion, which mtqa fix applies only to a misspelling of that name; another name or word in its place is left for a person (the suggestion is marked review). A missing name has no automatic fix.",
    bad=[("Foreign Minister [[Jean-Pierre Martin]] will visit Rome on Monday.", "Jean-Paul Martin",
          "Le ministre Jean-Paul Martin se rendra lundi à Rome."),
         ("The talks with [[Lukashenko]] resumed in Minsk.", "Putin", "Les pourparlers avec Poutine ont repris à Minsk."),
         ("Pope [[Benedict XVI]] visited Warsaw.", "John Paul II", "Le Pape Jean-Paul II s'est rendu à Varsovie."),
         ("Europeans are worried about [[Norway]].", "Europe", "Les Européens s'inquiètent pour l'Europe."),
         ("According to the Bible, [[Abraham]] built the ark.", "Noah", "Selon la Bible, Noé construisit l'arche."),
         ("The European Commission backed [[Panama]] on Monday.", "Costa Rica", "La Commission Européenne a soutenu le Costa Rica lundi."),
         ("King Mohammed [[V]] received the envoy.", "VI", "Le roi Mohammed VI a reçu l'émissaire."),
         ("[[South]] Korea fired a missile on Monday.", "North", "La Corée du Nord a tiré un missile lundi."),
         ("Settlers moved into [[West]] Jerusalem.", "East", "Des colons se sont installés à Jérusalem-Est."),
         ("[[Britain]] imposed new tariffs on steel on Monday.", "United States",
          "Les États-Unis ont imposé lundi de nouveaux droits de douane sur l'acier."),
         ("Farmers in [[Australia]] fear the new quotas.", "Austria", "Les agriculteurs d'Autriche redoutent les nouveaux quotas."),
         ("The attack was condemned by [[Madrid]] on Monday.", "London", "L'attaque a été condamnée lundi par Londres.")],
    good=[("Foreign Minister Jean-Paul Martin will visit Rome on Monday.", "Le ministre Jean-Paul Martin se rendra lundi à Rome."),
          ("Sergei Lavrov met Jean-Yves Le Drian in Moscow.", "Sergueï Lavrov a rencontré Jean-Yves Le Drian à Moscou."),
          ("Pope John Paul II visited Warsaw and the Church welcomed him.", "Le Pape Jean-Paul II s'est rendu à Varsovie et l'Eglise l'a accueilli."),
          ("Putin and Zelensky spoke to the UN and NATO.", "Poutine et Zelenski se sont adressés à l'ONU et à l'OTAN."),
          ("Latin America and the Soviet Union were rivals of the State.", "L'Amérique Latine et l'Union Soviétique étaient rivales de l'Etat."),
          ("Fortunately, the plan worked.", "Heureusement, le plan a fonctionné."),
          ("Mikhail Gorbachev thanked the New Earth Foundation.", "Mikhaïl Gorbatchev a remercié la Fundación Nueva Tierra."),
          ("According to the Bible, Noah built the ark.", "Selon la Bible, Noé construisit l'arche."),
          ("The European Commission backed Costa Rica on Monday.", "La Commission Européenne a soutenu le Costa Rica lundi."),
          ("Henry IV, son of Antoine de Bourbon, succeeded Henry III.", "Henri IV, fils d'Antoine de Bourbon, a succédé à Henri III."),
          ("Napoleon I was crowned in 1804, in the 19th century.", "Napoléon Ier a été sacré en 1804, au XIXe siècle."),
          ("North Korea and South Korea met in the south.", "La Corée du Nord et la Corée du Sud se sont rencontrées dans le sud."),
          ("Settlers moved into the West Bank and East Jerusalem.", "Des colons se sont installés en Cisjordanie et à Jérusalem-Est."),
          ("It is South Africa's turn, the minister says.", "C'est le tour de l'Afrique du Sud, dit le ministre."),
          ("The East is red, said the Middle East envoy in the west.", "L'Est est rouge, dit l'envoyé au Proche-Orient dans l'ouest."),
          ("The UK and the US signed the steel deal.", "Le Royaume-Uni et les États-Unis ont signé l'accord sur l'acier."),
          ("England beat Wales in the final.", "L'Angleterre a battu le pays de Galles en finale."),
          ("The US envoy praised Germany.", "L'envoyé américain a salué l'Allemagne."),
          # a capital for its country's government, and the reverse
          ("London and Washington condemned the attack on Monday.", "Le Royaume-Uni et les États-Unis ont condamné lundi l'attaque."),
          ("The US and Britain condemned the attack on Monday.", "Washington et Londres ont condamné lundi l'attaque.")],
    needs_source=True,
)
def name_mismatch(doc, ctx):
    pairs = document_alignment(doc, ctx)
    source_words = set(crossnames.tokens(doc.source or ""))
    source_forms = set().union(*(crossnames.english_forms(w, dictionary=True) for w in source_words)) if source_words else set()
    source_forms |= crossnames.metonyms(doc.source or "")  # "Washington" for "les États-Unis", "Moscow" for "la Russie"
    target_words = set(crossnames.tokens(doc.text))
    reported: set[tuple[int, int]] = set()
    names = _source_names(doc, ctx)  # in source order
    name_starts = [n.start_char for n in names]
    for pair in pairs:
        if not pair.source or not pair.target:
            continue  # a dropped sentence is BIL005's
        here_names = [names[k] for s in pair.source
                      for k in range(bisect_left(name_starts, s.start), bisect_left(name_starts, s.end))]
        regnal = list(_changed_regnal_numbers(doc, pair, reported))
        yield from regnal
        yield from _swapped_compass_points(doc, pair, reported)
        yield from _swapped_countries(doc, pair, reported)
        if regnal:  # "Napoléon III" is there as "Napoleon I": changed, not missing
            here_names = [n for n in here_names if not _REGNAL.search(n.text)]
        if not here_names:
            continue
        start, end = pair.target[0].start, pair.target[-1].end
        window = doc.text[start:end]
        here = crossnames.tokens(window)
        # a name the source gives twice in a sentence must be there twice
        short = _unmatched(Counter(w for n in here_names for w in n.words), here)
        for name in here_names:
            missing = [w for w in name.words if w in short]
            if missing and crossnames.found_joined(name.words, set(here)):
                continue  # "Bir Zeit" / "Birzeit"
            if missing and not set(missing) <= name.weak:  # an ordinary word's translation is no other name
                src_start, src_end = pair.source[0].start, pair.source[-1].end
                where = (name.start_char - src_start) / max(1, src_end - src_start)
                # a word of the translation is explained by the source's words and their forms anywhere, but only a
                # word of its own source sentence explains it as a look-alike ("Bari" is no spelling of another
                # sentence's "Badr")
                sentence_words = set(crossnames.tokens(doc.source[src_start:src_end]))
                yield from _changed_or_missing(doc, ctx, name, missing, start, end, sentence_words, source_forms, target_words,
                                               reported, where)


# a monarch's or a pope's name and its number ("Louis XIV", "Jean-Paul II", "Napoléon Ier"); "XXe siècle" is no name
_REGNAL = re.compile(r"\b([A-ZÀ-Ý][^\W\d_]+)[ -]((?:X{0,2})(?:IX|IV|V?I{0,3})|Ier|Ire)(?![\w'’-])")


def _changed_regnal_numbers(doc, pair, reported: set):
    """A name of the source with its regnal number that the translation gives with another number ("Mohammed V"
    for "Mohammed VI", "John Paul I" for "Jean-Paul II"): two numbers of one dynasty are two people. The name
    words' own check cannot see it: the numbers are too short to be names."""
    source = " ".join(s.text for s in pair.source)
    wanted: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    for m in _REGNAL.finditer(source):
        words = crossnames.tokens(m.group(1))
        if words and m.group(2):
            wanted.setdefault(words[-1], set()).add(re.sub(r"I(?:er|re)$", "I", m.group(2)))
            spelled.setdefault(words[-1], m.group(1))
    if not wanted:
        return
    start = pair.target[0].start
    window = doc.text[start:pair.target[-1].end]
    found = [(m, crossnames.tokens(m.group(1))) for m in _REGNAL.finditer(window) if m.group(2)]
    for m, words in found:
        if not words:
            continue
        for name, numbers in wanted.items():
            if m.group(2) in numbers or not crossnames.found_in(name, {words[-1]}):
                continue
            if any(n.group(2) in numbers and w and crossnames.found_in(name, {w[-1]}) for n, w in found):
                continue  # the source's number is there too, beside another ("Henri IV, son of Henri III")
            span = (start + m.start(2), start + m.end(2))
            if span not in reported:
                reported.add(span)
                yield name_mismatch.issue(doc, *span, f"The source gives {spelled[name]} the number "
                                          f"{' or '.join(sorted(numbers))}; the translation has {m.group(2)!r}, another person.",
                                          sorted(numbers))


_EN_COMPASS = {"North": "nord", "South": "sud", "East": "est", "West": "ouest"}
_OPPOSITE = {"nord": "sud", "sud": "nord", "est": "ouest", "ouest": "est"}
# "North Korea", "South-East Asia": a compass point that is part of a name (a capital follows)
_EN_COMPASS_NAME = re.compile(r"\b(North|South|East|West)(?=[ -][A-Z])")
# names whose compass point the French does not give ("la Cisjordanie", "le Proche-Orient")
_NO_FRENCH_COMPASS = re.compile(r"\b(?:West Bank|Middle East|Far East|Near East|West Indies|West End|East End)\b")
# the French compass points of a sentence: "du Nord", "Jérusalem-Est", "l'ouest"; "est" only where it is no verb
_FR_COMPASS = re.compile(r"\b(?:[Nn]ord|[Ss]ud|[Oo]uest)\b|\bEst\b(?!-ce)|(?<=-)[Ee]st\b|(?<=[lL]['’])est\b")


def _swapped_compass_points(doc, pair, reported: set):
    """A place whose compass point the translation turned round ("South Korea" for "la Corée du Nord", "West
    Jerusalem" for "Jérusalem-Est"): another country or territory. The name words' own check cannot see it, as
    "Corée" may be North or South Korea. Flagged only where the source sentence has the opposite point and not this
    one."""
    source = " ".join(s.text for s in pair.source)
    points = {m.group().lower() for m in _FR_COMPASS.finditer(source)}
    if not points:
        return
    start = pair.target[0].start
    window = doc.text[start:pair.target[-1].end]
    kept = [m.span() for m in _NO_FRENCH_COMPASS.finditer(window)]
    for m in _EN_COMPASS_NAME.finditer(window):
        french = _EN_COMPASS[m.group(1)]
        if french in points or _OPPOSITE[french] not in points or any(a <= m.start() < b for a, b in kept):
            continue
        right = next(en for en, fr in _EN_COMPASS.items() if fr == _OPPOSITE[french])
        span = (start + m.start(), start + m.end())
        if span not in reported:
            reported.add(span)
            yield name_mismatch.issue(doc, *span, f"The source says {_OPPOSITE[french]!r} here, not {french!r}: "
                                      f"{right}, not {m.group(1)}, is the place it names.", [right])


def _swapped_countries(doc, pair, reported: set):
    """A country of the source sentence that the translation replaced by another ("the UK" for "les États-Unis",
    "Australia" for "l'Autriche"). Flagged only when it is unambiguous: exactly one country of the source sentence
    has none of its English names in the translated sentence, and exactly one country of the translated sentence
    is one the whole source never names (in French, or in English as it is: "Chad" may be a first name)."""
    named = crossnames.countries_in_french(" ".join(s.text for s in pair.source))
    if not named:
        return
    start = pair.target[0].start
    window = doc.text[start:pair.target[-1].end]
    present = crossnames.countries_in_english(window)
    missing = [c for c in named if c not in present]
    if len(missing) != 1:
        return
    # the whole source's countries, once per document (per sentence, they made a long story's check quadratic)
    everywhere = doc.memo("source-countries", lambda: crossnames.countries_in_french(doc.source or ""))
    in_source_as_english = doc.memo("source-countries-english", lambda: crossnames.countries_in_english(doc.source or ""))
    extra = {c: spans for c, spans in crossnames.countries_in_english(window, strict=True).items()
             if c not in everywhere and c not in in_source_as_english}
    if len(extra) != 1:
        return
    country, spans = next(iter(extra.items()))
    lost = missing[0]
    right = lost.english_for(named[lost])
    for a, b in spans:
        span = (start + a, start + b)
        if span not in reported:
            reported.add(span)
            yield name_mismatch.issue(doc, *span, f"The source names {right} here, and the translation does not; "
                                      f"{window[a:b]!r} is another country, which the source never names.", [right])


def _unmatched(need: Counter, here: list[str]) -> set[str]:
    """The name words of the source (with how often the sentence gives each) that the English words `here`
    do not account for, each English word standing for one name word only: the same word first (in "European
    Commission", "Commission" is the source's "Commission", not a form of it that "European" would be), then a
    conventional form, then a transliteration, cognate or translation, never an English function word ("Andrei" is not
    "and"; "Franco" stands for "Franco", not also for "Francisco")."""
    from mtqa.align import EN_STOPWORDS

    pool = Counter(here)
    left = Counter(need)
    for tier in ("same", "form", "loose"):
        for w in sorted(left):
            forms = crossnames.english_forms(w)
            while left[w] > 0:
                t = next((t for t, k in pool.items() if k > 0 and (t == w if tier == "same" else t in forms if tier == "form"
                                                                   else t not in EN_STOPWORDS
                                                                   and crossnames.found_in(w, {t}, dictionary=True))), None)
                if t is None:
                    break
                pool[t] -= 1
                left[w] -= 1
    return {w for w, k in left.items() if k > 0}


# the English recogniser's people and places: a vocabulary word it calls one is a name ("Norway", "Zambia");
# an organisation's name is often its words translated ("Labour Party"), and its other labels are too noisy on a
# single word to clear one
_EN_NAMES = {"PERSON", "GPE", "LOC", "FAC"}


def _english_entity(doc, ctx, at: int) -> str | None:
    """The English recogniser's label for the word of the translation at offset `at` (None: no entity)."""
    def compute():
        from mtqa.nlp import english_ner

        return [(e.start_char, e.end_char, e.label_) for e in english_ner(ctx)(doc.text).ents]

    return next((label for a, b, label in doc.memo("target-entities", compute) if a <= at < b), None)


@lru_cache(maxsize=20_000)
def _english_word(word: str) -> bool:
    """A frequent word of English that is much less used in French ("Heights"; not "Paula", a name in both)."""
    from mtqa.frequencies import zipf_frequency

    en = zipf_frequency(word, "en")
    return en >= 4.0 and en - zipf_frequency(word, "fr") >= 0.5


# English weekdays and months ("May" left out: Theresa May)
_CALENDAR = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June
    July August September October November December""".split())


def _weak_word(doc, ctx, word: str, at: int, source_acronym: bool, words_of_a_title: bool = False,
               listed: bool = False) -> bool:
    """A capitalised English word that is no evidence of another name: an acronym (its expansion is in the
    source: "USD", "LLC"), English vocabulary or a people's adjective ("Forward", "Twenty", "Hungarian",
    "Labour"), unless the recogniser calls it a person or a place ("Norway"). When the source's missing words
    are ordinary French words and no person's (`words_of_a_title`: "Grand Bond", "Ville à Part"), English
    vocabulary is their translation whatever the recogniser, which takes a title's words for a person or a place,
    says (a person called "Bush" replaced by "Jerusalem" is still another name). When the missing words are names
    of the table (`listed`: "Milan", "Islam"), their English form is known and English vocabulary is no rendering
    of them when it stands alone ("University of River" for "université de Milan"; not "East Asian" for "Asie de
    l'Est")."""
    bare = word.strip(".,;:’'\"()")
    if len(bare) >= 2 and bare.isupper():
        return not source_acronym
    if bare in _CALENDAR:
        return True  # "Monday", "January": a date's word, never another name
    return _weak_candidate(bare, vocabulary=not listed) and (words_of_a_title or _english_entity(doc, ctx, at) not in _EN_NAMES)


POSITION_TOLERANCE = 0.35  # French and English keep a sentence's names in about the same order


def _changed_or_missing(doc, ctx, name, missing, start, end, source_words, source_forms, target_words, reported, where=None):
    """A name of the source that its aligned sentence lacks: replaced when that sentence has a name the source
    does not account for (the closest one to the source's name is reported), else missing."""
    from rapidfuzz import fuzz

    window = doc.text[start:end]
    english = crossnames.conventional(name.text)
    source_acronym = any(w.isupper() and len(w) >= 2 for w in name.text.split())
    ordinary_only = set(missing) <= name.weak | name.ordinary
    listed = set(missing) <= crossnames.listed_names()
    best = None
    rendered = False
    for run in crossnames.english_name_runs(window):
        words = list(re.finditer(r"[^\s]+", run.text))
        # a word only counts as another name when it is no weak evidence (an acronym, English vocabulary, a
        # people's adjective), unless the source's name is an acronym itself
        # a title before a name needs no word of the source ("President Obama" for "Obama"), nor a title that renders
        # a person ("the King" for "Juan Carlos"); a title standing for a place or as a name ("President Lord") does
        by_title = name.person and re.search(r"\bthe\s+$", window[:run.start], re.I) is not None
        raw = [[t for t in crossnames.tokens(w.group()) if not crossnames.explained(t, source_words, source_forms)
                and not (t in crossnames.OFFICES and (k + 1 < len(words) or by_title and k == 0))] for k, w in enumerate(words)]
        odd = [o if o and not _weak_word(doc, ctx, w.group(), start + run.start + w.start(), source_acronym,
                                                    ordinary_only and not name.person, listed and len(words) == 1) else []
               for o, w in zip(raw, words)]
        if any(raw) and not any(odd) and (where is None or abs(run.start / max(1, len(window)) - where) <= POSITION_TOLERANCE):
            rendered = True  # "The Green Alliance" where the source has "Alleanza Verde": translated, not missing
        if ordinary_only and all(_english_word(t) for o in odd for t in o) and not any(_english_vocabulary(w) for w in missing) \
                and any(crossnames.found_in(k, {t}) for k in set(name.words) - set(missing) for w in words for t in crossnames.tokens(w.group())):
            continue  # "Golan Heights" for "Plateau du Golan": the name is there, its ordinary word translated (a
            # missing word that is English vocabulary, "China", "Media", is written alike in English: not translated)
        marked = [k for k, o in enumerate(odd) if o]
        for i in range(len(words)):
            for j in range(i, len(words)):
                if not marked or i > marked[0] or j < marked[-1]:
                    continue  # the span covers every unexplained word of the run: "Ronald Linke", not "Ronald"
                unexplained = [t for o in odd[i:j + 1] for t in o]
                if not unexplained:
                    continue
                a, b = run.start + words[i].start(), run.start + words[j].end()
                distance = abs(a / max(1, len(window)) - where) if where is not None else 0.0
                if distance > POSITION_TOLERANCE:
                    continue  # another name at the other end of the sentence is no stand-in for this one
                # a rare word is a name ("Trittin"); a common one that is no English vocabulary ("Woods", "Israel",
                # "Cambridge") stands in for a name of the source that the recogniser calls a name or that is no
                # ordinary French word (English vocabulary, "Treaty", "Eastern", never got here)
                rare = any(not _common_english_word(t) for t in unexplained)
                name_like = rare or not set(missing) <= name.weak
                similarity = fuzz.ratio(fold(window[a:b]), fold(english))
                if not name_like and similarity < 50:
                    continue  # "Place Tienanmen" / "Tiananmen Square": an ordinary word rendered by an ordinary word
                score = (name_like, rare, -round(distance, 1), similarity, -(b - a))  # "Eastern Vaclav" for "Europe de l'est": Vaclav
                if best is None or score > best[0]:
                    best = (score, a, b)
    if best is not None:
        (name_like, _, _, similarity, _), a, b = best
        if (start + a, start + b) not in reported:
            reported.add((start + a, start + b))
            # the source's name is a sure fix only for a misspelling of it ("Lavrow"); for another word or name
            # ("the Manager" for a garbled company name) it is a guess for a person
            yield name_mismatch.issue(doc, start + a, start + b,
                                      f"The source names {name.text!r} here; the translation has a different name, {window[a:b]!r}.", [english],
                                      review=not (name_like and similarity >= 70))
    elif name.person and not rendered and _full_name(name.text) and not set(missing) <= name.weak | name.ordinary \
            and not any(crossnames.found_in(w, target_words, dictionary=True) for w in name.words) and (start, end) not in reported:
        # a person is missing when no word of the name is anywhere in the translation ("Feher" of "Feher Kft" is)
        reported.add((start, end))
        yield name_mismatch.issue(doc, start, end, f"The source names {name.text!r}, who is missing from this sentence.")


_PARTICLES = frozenset("de du da di del van von der den al el bin ben ibn le la".split())


def _full_name(text: str) -> bool:
    """A person's name as a byline or a story gives it, a first name and a surname or more ("Hosni Moubarak",
    "Jean-Claude Fortier", "Charles de Gaulle"): the recogniser's one-word "people" are too often places,
    brands or words ("Amérique", "Horeca") to report one as missing, and a party's name is no person."""
    parts = text.split()
    capitalised = [p for p in parts if p[:1].isupper()]
    return 2 <= len(capitalised) <= 4 and len(parts) <= 5 and all(p[:1].isupper() or p.lower() in _PARTICLES for p in parts) \
        and all(re.fullmatch(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?", p) for p in parts)


@rule(
    code="BIL003",
    name="quotation-mismatch",
    family="bilingual",
    category="Accuracy/Mistranslation",
    severity="major",
    summary="A sentence whose source has a quotation and whose translation has none, or the reverse; any quotation style counts on either side (« », “ ”, ‘ ’, \" \", ' '), and a partial quote is a quote. A title or code name the source sets in quotation marks and the translation keeps as it is (« Barkhane », \"Le Monde\") is no lost quotation.",
    why="Quotation marks attribute words to a speaker; losing them turns a quote into the paper's own claim, and adding them puts words in someone's mouth.",
    use_instead="Quote in the translation exactly what the source quotes.",
    fix_safety="No automatic fix: restore the quotation marks by hand.",
    bad=[("[[The minister said the plan was a disaster.]]", None, "Le ministre a qualifié le plan de « désastre »."),
         ("[[The minister called the plan \"a failure\".]]", None, "Le ministre a qualifié le plan d'échec."),
         ("[[Operation Barkhane ended on Monday and a page was turned, the minister said.]]", None,
          "L'opération « Barkhane » a pris fin lundi et « une page se tourne », a dit le ministre.")],
    good=[("The minister called the plan \"a disaster\".", "Le ministre a qualifié le plan de « désastre »."),
          ("The minister called the plan a failure.", "Le ministre a qualifié le plan d'échec."),
          ("The minister called the plan ‘a disaster for farmers’.", "Le ministre a qualifié le plan de « désastre pour les agriculteurs »."),
          ("The minister said the plan was \"a disaster\" for farmers.", "« Ce plan est un désastre pour les agriculteurs », a dit le ministre."),
          ("Governments should offer a 'second chance' to young people.", "Les gouvernements doivent offrir une 'deuxième chance' aux jeunes."),
          ("The book is called '1001 ways to relax'.", "Le livre s'intitule ' 1001 façons de se détendre '."),
          ("The British newspaper \"Telegraph\" published the story.", "Le quotidien britannique Telegraph a publié l'article."),
          ("He experienced d \"dream state and woke up.", "Il a fait l’expérience d’état de rêve et s'est réveillé."),
          ("The minister's plan was called a failure.", "Le plan du ministre a été qualifié d'échec."),
          ("Operation Barkhane ended on Monday, the newspaper Le Monde reported.", "L'opération « Barkhane » a pris fin lundi, rapporte le journal \"Le Monde\".")],
    needs_source=True,
)
def quotation_mismatch(doc, ctx):
    for pair in document_alignment(doc, ctx):
        if not pair.source or not pair.target:
            continue
        source_text = " ".join(s.text for s in pair.source)
        # MT that turned a French apostrophe into a double quote ("d’état" -> "d "state") quotes no one
        target_text = _MANGLED_ELISION.sub(r"\1’", " ".join(t.text for t in pair.target))
        start, end = pair.target[0].start, pair.target[-1].end
        # one side quotes, and the other has no quotation mark at all (a quote may open in one sentence and
        # close in the next, so a lone mark counts as a quotation there)
        if has_quotation(source_text) and not _QUOTE_MARK.search(target_text) and not _quoted_names_kept(source_text, target_text):
            yield quotation_mismatch.issue(doc, start, end, f"The source quotes someone here and the translation does not: {_short(source_text)!r}")
        elif has_quotation(target_text) and not _QUOTE_MARK.search(source_text) and not _only_single_words_quoted(target_text):
            yield quotation_mismatch.issue(doc, start, end, f"The translation quotes someone here but the source has no quotation: {_short(source_text)!r}")


# A quotation in any style: « », “ ”, „ “, " ", ‹ ›, ‘ ’ and ' ' (a single straight or curly quote only when it
# opens after a space or bracket and closes before one: "l'accord" and "the minister's" are apostrophes).
_QUOTATION = re.compile(
    r"""«[^»]+»|“[^”“]+[”“]|„[^“”]+[“”]|"[^"]+"|‹[^›]+›
    |(?:(?<=^)|(?<=[\s(\[—–-]))[‘'`](?=\w)[^‘'’`\n]*?\w[.,!?]?['’](?![\w])""",
    re.X,
)
_QUOTE_MARK = re.compile(r"[«»“”„\"‹›‘`]|(?:^|(?<=[\s(]))'(?=\w)|(?<=[\w.,!?])'(?=[\s.,;:!?)]|$)|(?:^|(?<=\s))'(?=\s)")


_MANGLED_ELISION = re.compile(r"(?<![\w'’])([dlDLjJnNsScC]|[Qq]u) ?\"(?=\w)")


def _only_single_words_quoted(text: str) -> bool:
    """Quotation marks around single words only ("the \"Telegraph\"", a coined \"SetPoints\"): a title or a
    term set off, no one's words put in a mouth."""
    quoted = [re.sub(r"^\W+|\W+$", "", m.group()) for m in _QUOTATION.finditer(text)]
    return bool(quoted) and all(q and " " not in q for q in quoted)


def _quoted_names_kept(source: str, target: str) -> bool:
    """Every quotation of the source is a capitalised name or title the translation keeps as it is (« Barkhane »,
    "Le Monde", « Les Misérables »): French sets off titles and code names with quotation marks, English copy
    writes them bare (or in italics), and no one's words were lost."""
    quoted = [re.sub(r"^\W+|\W+$", "", m.group()) for m in _QUOTATION.finditer(source)]
    kept = f" {' '.join(crossnames.tokens(target))} "
    return bool(quoted) and all(q[:1].isupper() and 0 < len(crossnames.tokens(q)) <= 6
                                and f" {' '.join(crossnames.tokens(q))} " in kept for q in quoted)


def has_quotation(text: str) -> bool:
    return bool(_QUOTATION.search(text))


@lru_cache(maxsize=50_000)
def _frenchness(word: str) -> int:
    """1 if the word is clearly French rather than English by word frequencies, -1 if English, 0 if unclear. A word
    with a digit in it ("mp3", "G20", "H1N1") is a name or a code in either language: unclear (and wordfreq, which
    alone knows how to weigh digits, is not imported for it: half a second at the start of a run)."""
    from mtqa.frequencies import zipf_frequency

    if any(c.isdigit() for c in word):
        return 0
    fr, en = zipf_frequency(word, "fr"), zipf_frequency(word, "en")
    if fr >= 3.0 and fr - en >= 1.5:
        return 1
    if en >= 2.5 and en >= fr:
        return -1
    return 0


_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def source_not_french(source: str) -> str | None:
    """What a source that is not French reads as ("English", or "" for another language), or None when it is
    French or too short to tell. Measured on the LIG news: a French source of
    six sentences has at least 63% of its words clearly French by word frequencies (a sentence of 12 words or more,
    31%); English copy at most 19%, with at least 73% clearly English. Only the source's own words count: what it
    quotes (a French story quoting an English statement at length) is left out, and a capitalised word (a name, a
    title: "Joe Biden", "General Motors") never counts as English, so a French source mostly made of an English
    quotation and English names is French."""
    own = _QUOTATION.sub(" ", source)
    # the letters of its lower-case words: a name in another script ("Владимир Путин à Paris") is no language
    letters = [c for w in own.split() if not w[:1].isupper() for c in w if c.isalpha()]
    if len(letters) >= 4 and sum(not _latin(c) for c in letters) > len(letters) / 2:
        return ""  # Chinese, Arabic, Russian...: told by its script, however short (a Chinese sentence has no spaces)
    words = _WORDS.findall(own)
    if len(words) < 12:
        return None
    french = sum(_frenchness(w.lower()) == 1 for w in words) / len(words)
    if french >= 0.15:  # a French sentence quoting an English title or body ("intitulé « The Death of the West »")
        return None     # still has 31% or more
    english = sum(not w[:1].isupper() and _frenchness(w.lower()) == -1 for w in words) / len(words)
    return "English" if english >= 0.5 else ""


def _latin(letter: str) -> bool:
    """A letter of the Latin script: ASCII, Latin-1, Latin Extended A and B, Latin Extended Additional."""
    code = ord(letter)
    return code < 0x250 or 0x1E00 <= code < 0x1F00


@lru_cache(maxsize=10_000)
def _english_use(phrase: str) -> float:
    """How common the phrase is in English: loan phrases ("coup d'état", "à la carte") are English."""
    from mtqa.frequencies import zipf_frequency

    return zipf_frequency(phrase, "en")


KEPT_FRENCH = "kept_french.tsv"


@lru_cache(maxsize=1)
def _kept_french() -> re.Pattern:
    """One pattern for the French terms English news keeps (corpora/kept_french.tsv: laïcité, baccalauréat, ...)."""
    from mtqa.resources import data_path, data_rows

    terms = [cols[0].strip() for cols in data_rows(
        data_path("corpora", KEPT_FRENCH), lambda c: len(c) == 2 and bool(c[0].strip()) and bool(c[1].strip()),
        "french term<TAB>what it is in English")]
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’-])", re.I)


def kept_terms(text: str) -> Spans:
    """Where `text` holds a French term English news keeps (corpora/kept_french.tsv): BIL004 leaves them, and the
    spell checker does not respell them."""
    return Spans(m.span() for m in _kept_french().finditer(text))


@rule(
    code="BIL004",
    name="untranslated-text",
    family="bilingual",
    category="Accuracy/Untranslated",
    severity="major",
    summary="A sentence, a run of three or more words, or a quotation of two words or more, left in French in the English copy (word frequencies from wordfreq decide the language); or, with the source, a single French word with an accent (\"définitivement\", \"réglementation\") that is no English word and that the source has. French terms English news keeps when it writes about France (corpora/kept_french.tsv: \"laïcité\", \"baccalauréat\", \"grandes écoles\") are not flagged on their own.",
    why="MT leaves sentences untranslated when it fails on them, typically long quotes; editors skimming the English miss them.",
    use_instead="Translate the passage.",
    fix_safety="No automatic fix.",
    bad=[("The minister spoke on Friday. [[Nous ne céderons pas à la pression, a-t-il déclaré.]]", None),
         ("He said the plan was [[une très mauvaise idée]] for farmers.", None),
         ("He told them: \"[[Nous partons demain]]\", and left.", None),
         ("\"[[Nous ne céderons pas]],\" the minister said.", None),
         ("The bank rules were [[définitivement]] changed.", None, "Les règles bancaires ont été définitivement modifiées."),
         ("The minister insisted that [[la laïcité ne se négocie pas]].", None, "Le ministre a insisté : la laïcité ne se négocie pas.")],
    good=["The minister spoke on Friday. \"We will not give in to pressure,\" he said.", "He met Jean-Yves Le Drian at the Quai d'Orsay in Paris.",
          "The café served crème brûlée à la carte.", "The army staged a coup d'état in 1973.",
          "The crowd sang \"La Marseillaise\" and chanted \"liberté, égalité, fraternité\".",
          "Behind the façade, the protégé felt a sense of déjà vu at the café.", "The fiancé of the née Dupont spoke.",
          ("Behind the façade of the old bank, little has changed.", "Derrière la façade de la vieille banque, peu de choses ont changé."),
          ("The bank rules were changed for good.", "Les règles bancaires ont été définitivement modifiées."),
          ("Pupils sit the baccalauréat in June, and the debate on laïcité returns with the rentrée.",
           "Les élèves passent le baccalauréat en juin, et le débat sur la laïcité revient avec la rentrée."),
          ("Graduates of the grandes écoles run most ministries.", "Les diplômés des grandes écoles dirigent la plupart des ministères.")],
)
def untranslated_text(doc, ctx):
    found: list[tuple[int, int]] = []
    kept = kept_terms(doc.text)
    for p in doc.paragraphs:
        if sum(_frenchness(w.lower()) == 1 for w in _WORDS.findall(p.text)) < 3:
            continue  # cheap screen: most paragraphs have no French at all, and need no sentence split
        for s in doc.sentences_of(p):
            # a term English keeps (laïcité) is English here: neither French nor evidence of English, so a French
            # sentence or phrase around it is still found
            words = [(m, 0 if kept.covers(s.start + m.start()) else _frenchness(m.group().lower()))
                     for m in _WORDS.finditer(s.text) if not (m.start() > 0 and m.group()[:1].isupper())]
            if len(words) >= 4 and sum(1 for _, f in words if f == 1) >= 0.6 * len(words):
                found.append((s.start, s.end))
                yield untranslated_text.issue(doc, s.start, s.end, "This sentence is in French: it was left untranslated.")
                continue
            run: list = []
            for m, f in words + [(None, -1)]:
                if f == 1:
                    run.append(m)
                    continue
                if len(run) >= 3 and _english_use(s.text[run[0].start():run[-1].end()]) < 2.0:
                    found.append((s.start + run[0].start(), s.start + run[-1].end()))
                    yield untranslated_text.issue(doc, s.start + run[0].start(), s.start + run[-1].end(),
                                                  "These words are French: they were left untranslated.")
                run = [] if f == -1 or m is None else run
    yield from _french_quotations(doc, ctx, found, kept)
    yield from _untranslated_words(doc, found, kept)


def _french_quotations(doc, ctx, found: list[tuple[int, int]], kept: Spans):
    """A short quotation whose words are French, but for rare ones neither language knows well ("« Nous partons
    demain »", "« Nous ne céderons pas »"): too short for the sentence and
    run tests above, but its marks say where it starts and ends; left to the spell checker, each word got an English
    "correction" (partons -> pardons). A quoted title or name (a capital after the first word) and a term English
    keeps are left alone. None in the LIG news (pe, mt, Google, Bing): it is what MT leaves when it gives up."""
    from mtqa.rules.quotes import _NESTED_GUILLEMETS, quotes_of

    flagged = Spans(found)
    inners = [(q.inner_start, q.inner_end) for q in quotes_of(doc, ctx)]
    inners += [m.span(1) for m in _NESTED_GUILLEMETS.finditer(doc.text)] if "«" in doc.text else []
    taken: list[tuple[int, int]] = []  # a quotation inside another ("« il a dit "non" »") is reported once
    for start, end in sorted(inners, key=lambda span: (span[0], -span[1])):
        words = list(_WORDS.finditer(doc.text, start, end))
        if len(words) < 2 or flagged.overlaps(start, end) or any(a < end and start < b for a, b in taken):
            continue
        if any(n and m.group()[:1].isupper() for n, m in enumerate(words)) or any(kept.covers(m.start()) for m in words):
            continue
        scores = [_frenchness(m.group().lower()) for m in words]
        # every word French, or all but words neither language knows well ("céderons", a rare verb form)
        if -1 not in scores and scores.count(1) >= max(2, 0.6 * len(scores)):
            taken.append((start, end))
            found.append((words[0].start(), words[-1].end()))
            yield untranslated_text.issue(doc, words[0].start(), words[-1].end(),
                                          "This quotation is in French: it was left untranslated.")


# one French word left in an English sentence: lowercase, with a French accent, not an English word (loans such
# as "façade", "café", "déjà vu" are), and found in the source. Without a source this stays quiet: edited copy
# keeps loans the word lists barely know ("plié", "pâté").
_ACCENTED_WORD = re.compile(r"(?<![\w'’-])[a-zàâçéèêëîïôûùüÿœ]*[àâçéèêëîïôûùüœ][a-zàâçéèêëîïôûùüÿœ]*(?![\w'’])")


def _untranslated_words(doc, found: list[tuple[int, int]], kept: Spans):
    from mtqa.frequencies import zipf_frequency

    if not doc.source:
        return
    flagged = Spans(found)
    hits = [m for m in _ACCENTED_WORD.finditer(doc.text) if not flagged.covers(m.start()) and not kept.covers(m.start())]
    if not hits:
        return
    source_words = {w.lower() for w in _WORDS.findall(doc.source)}
    for m in hits:
        w = m.group()
        if w in source_words and zipf_frequency(w, "en") < 1.9:
            yield untranslated_text.issue(doc, m.start(), m.end(), f"\"{w}\" is French: it was left untranslated.")


# A hyphen with a space on each side ("insurance - health") is either a dash or a compound the MT broke apart.
# When the source has no dash at all, it cannot be a translated dash: the MT split a French hyphenated word
# (assurance-maladie, celui-ci, a-t-il, Jean-Marie) and spaced the pieces. When the source has a dash somewhere,
# each sentence is judged by the source sentences aligned with it. Pairs TYP009 recognises without the
# source (a known prefix, a French compound it names) are left to it, so one place gets one finding.
# (a dash opening a line is looked for after the line's last newline: "\n\s*-" read every later newline from each)
_SOURCE_DASH = re.compile(r"\s[-\u2010\u2011]\s|[\u2012-\u2015]|--|(?<=\s)-(?=\S)|(?<=\S)-(?=\s)|(?:^|\n)[^\S\n]*-")


@rule(
    code="BIL009",
    name="broken-compound",
    family="bilingual",
    category="Fluency/Punctuation",
    severity="minor",
    summary="A hyphen with a space on each side (\"insurance - health\", \"these days - ci\") in a translation whose source (the aligned source sentence, when the source has dashes elsewhere) has no dash: the MT broke a French hyphenated word (assurance-maladie, ces jours-ci, a-t-il) into pieces.",
    why="A spaced hyphen reads as a dash, but when the source has none it is a French compound split at its hyphen: the English is a word-for-word fragment (\"insurance - health\" for health insurance) or a French inversion (\"is - it\"). Web MT of French does this often, and an editor reading fast takes it for punctuation.",
    use_instead="The English for the French compound (\"health insurance\", \"these days\", \"is it\"), or the closed compound (\"Jean-Marie\").",
    fix_safety="No automatic fix: the English for a French compound is rarely its pieces joined.",
    bad=[
        ("The reform of the [[insurance - health]] system was delayed.", None, "La réforme du système d'assurance-maladie a été reportée."),
        ("Prices have risen these [[days - ci]] in every shop.", None, "Les prix ont augmenté ces jours-ci dans tous les commerces."),
        ("The two [[trucks - tanks]] caught fire near the border.", None, "Les deux camions-citernes ont pris feu près de la frontière."),
        ("The vote - a surprise to many - was close. The [[insurance - health]] reform failed.", None,
         "Le vote - une surprise pour beaucoup - a été serré. La réforme de l'assurance-maladie a échoué."),
    ],
    good=[
        ("The reform of the health insurance system was delayed.", "La réforme du système d'assurance-maladie a été reportée."),
        ("The plan - a surprise to many - failed on Monday.", "Le plan - une surprise pour beaucoup - a échoué lundi."),
        ("The plan - a surprise to many - failed on Monday.", "Le plan, une surprise pour beaucoup, a échoué lundi – sans appel."),
        ("The plan failed on Monday. The vote - a surprise to many - was close.", "Le plan a échoué lundi. Le vote - une surprise pour beaucoup - a été serré."),
        ("Shares of Wal-Mart fell on Monday.", "Les actions de Wal-Mart ont baissé lundi."),
    ],
    needs_source=True,
)
def broken_compound(doc, ctx):
    from mtqa.rules.typography import spaced_hyphen_runs

    if " - " not in doc.text or not doc.source:
        return
    undashed = None  # the source has a dash somewhere: judge each sentence by the source sentences aligned with it
    if _SOURCE_DASH.search(doc.source):
        undashed = Spans((p.target[0].start, p.target[-1].end) for p in document_alignment(doc, ctx)
                         if p.target and p.source and not any(_SOURCE_DASH.search(x.text) for x in p.source))
    for m, found in spaced_hyphen_runs(doc.text):
        if found is not None:
            continue  # TYP009 flags it without the source
        if undashed is not None and not undashed.covers(m.start()):
            continue  # in a sentence whose source has a dash (or none aligned): it may translate that dash
        yield broken_compound.issue(doc, m.start(), m.end(),
                                    "Spaced hyphen where the source has no dash: a French hyphenated word split into pieces.")


@rule(
    code="BIL005",
    name="omitted-sentence",
    family="bilingual",
    category="Accuracy/Omission",
    severity="major",
    summary="A source sentence with no counterpart in the translation, a short one, a question or a list item (a line opening with \"•\", \"-\" or \"1.\") included (sentence alignment of source and target by length, numbers and names, and a French-English word-pair table; the neural layer's cross-lingual similarity is stronger still).",
    why="MT and hurried post-editing drop sentences, often the caveat or the attribution, and nothing in the English shows the gap.",
    use_instead="Translate the missing sentence; the finding sits on the sentence after which it is missing.",
    fix_safety="No automatic fix, unless the neural layer has a translation model (neural.translation-model): then the suggestion adds its translation of the missing sentence, to review.",
    bad=[("[[The minister arrived in Rome on Monday.]] He will meet his Italian counterpart on Tuesday.", None, _ROME),
         ("[[The strike began on Monday at the port.]] The unions want a raise of 4%.", None,
          "La grève a commencé lundi au port. Pourquoi maintenant ? Les syndicats réclament une hausse de 4 %."),
         ("The plan has three parts:\n[[• new rail lines to the north]]\n• cheaper fares for students", None,
          "Le plan comporte trois volets :\n• de nouvelles lignes ferroviaires vers le nord\n• un bus gratuit le dimanche\n"
          "• des tarifs réduits pour les étudiants")],
    good=[("The minister arrived in Rome on Monday. Talks are expected to focus on migration and energy. He will meet his Italian counterpart on Tuesday.", _ROME),
          ("The strike began on Monday at the port. Why now? The unions want a raise of 4%.",
           "La grève a commencé lundi au port. Pourquoi maintenant ? Les syndicats réclament une hausse de 4 %."),
          ("The plan has three parts:\n• new rail lines to the north\n• a free bus on Sundays\n• cheaper fares for students",
           "Le plan comporte trois volets :\n• de nouvelles lignes ferroviaires vers le nord\n• un bus gratuit le dimanche\n"
           "• des tarifs réduits pour les étudiants")],
    needs_source=True,
)
def omitted_sentence(doc, ctx):
    pairs = document_alignment(doc, ctx)
    # the sentences missing before and after each translated sentence, in order: one finding names them all
    missing: dict[tuple[int, int], tuple[list[str], list[str]]] = {}
    for n, pair in enumerate(pairs):
        if pair.target or not pair.source:
            continue
        text = " ".join(s.text for s in pair.source)
        if len(text.split()) < OMITTED_MIN_WORDS:
            continue
        before = next((p.target for p in reversed(pairs[:n]) if p.target), None)
        anchor = before or next((p.target for p in pairs[n + 1:] if p.target), None)
        if anchor:
            missing.setdefault((anchor[0].start, anchor[-1].end), ([], []))[1 if before else 0].append(text)
    translate = configured_translator(ctx) if ctx.config.neural.enabled and missing else None
    for (start, end), (ahead, behind) in missing.items():
        texts = ahead + behind
        suggestions = ()
        if translate:  # the missing sentences, translated, each side of their neighbour
            words = translate(texts)
            suggestions = (" ".join([*words[:len(ahead)], doc.text[start:end], *words[len(ahead):]]),)
        if len(texts) == 1:
            message = f"A source sentence next to this one has no translation: “{_short(texts[0], 120)}”"
        else:
            message = (f"{len(texts)} source sentences next to this one have no translation: "
                       + " ".join(f"“{_short(t, 80)}”" for t in texts))
        yield omitted_sentence.issue(doc, start, end, message, suggestions)


@rule(
    code="BIL006",
    name="added-sentence",
    family="bilingual",
    category="Accuracy/Addition",
    severity="minor",
    summary="A sentence of the translation with no counterpart in the source.",
    why="Text added in translation (a repeated sentence, a leftover from another story) is unchecked content.",
    use_instead="Remove it, or check the source for the passage it translates.",
    fix_safety="No automatic fix.",
    bad=[("The minister arrived in Rome on Monday. [[Floods have also hit northern Italy this autumn, killing several people.]] He will meet his Italian counterpart on Tuesday.", None, _ROME_SHORT)],
    good=[("The minister arrived in Rome on Monday. He will meet his Italian counterpart on Tuesday.", _ROME_SHORT)],
    needs_source=True,
)
def added_sentence(doc, ctx):
    for pair in document_alignment(doc, ctx):
        if pair.source or not pair.target:
            continue
        t = pair.target[0]
        if len(" ".join(x.text for x in pair.target).split()) >= ADDED_MIN_WORDS:
            yield added_sentence.issue(doc, t.start, pair.target[-1].end, "This sentence has no counterpart in the source.")


# A source sentence that ends with no closing punctuation: a headline, a caption, a list item or a sentence cut
# off. One that ends with a colon or a semicolon runs on into what follows and is left alone too.
_SOURCE_CLOSED = re.compile(r"[.!?…:;]\s*[\"»”’')\]]*\s*$")
# A sentence boundary the source lost (a headline run into its story: "... pour les Balkans Les États-Unis ont"):
# a word ending in lower case, then a capitalised French word that opens sentences, unless the two make a name
# ("journal Le Monde", "à La Haye", "Marine Le Pen").
_NAMES_WITH_ARTICLE = (
    r"Le\s+(?:Monde|Figaro|Parisien|Point|Temps|Soir|Nouvel|Pen|Caire|Havre|Mans|Cap|Touquet|Drian|Maire|Foll|Bras)|"
    r"La\s+(?:Haye|Paz|Mecque|Réunion|Rochelle|Croix|Tribune|Poste|Fontaine|Libre|Stampa|Repubblica|Nouvelle|Défense|"
    r"Villette|Baule|Manche|Seyne|Courneuve)|"
    r"Les\s+(?:Echos|Républicains|Verts|Inrockuptibles|Misérables|Sables|Mureaux|Ulis)|De\s+Gaulle|Des\s+Moines|Du\s+Pont"
)
_FRENCH_OPENER = (
    r"Le|La|Les|Un|Une|Des|Du|De|Il|Elle|Ils|Elles|On|Nous|Je|En|Dans|Pour|Mais|Au|Aux|À|Ce|Cet|Cette|Ces|Si|"
    r"Selon|Depuis|Lorsque|Quand|Alors|Pourtant|Après|Avant|Pendant|Leur|Leurs|Son|Sa|Ses|Dès|Malgré|Par|Sur|"
    r"Sous|Avec|Tout|Toute|Tous|Face|Même|Outre|Aussi|Ainsi|Cependant|Toutefois|Or|Enfin|Voici|Bien|Comme|"
    r"Certes|Néanmoins|Pourquoi|Comment|Entre|Parmi|Lors|Contrairement|Chaque|Plusieurs|Certains|Certaines|"
    r"Beaucoup|Quelques|Que|Quel|Quelle|Ceci|Cela|Celui|Celle|Ceux|Ici|Hier|Demain|Désormais|Ensuite|Puis|Déjà|"
    r"Seul|Seule|Seuls|Environ|Près|Moins|Sans|Aucun|Aucune|Chez|Vers|Contre|Grâce|Afin|Quant|Tandis|Puisque|"
    r"Parce|Notre|Nos|Votre|Vos|Mon|Ma|Mes|Deux|Trois|Quatre|Cinq|Dix|Cent|Mille"
)
_LOST_BOUNDARY = re.compile(
    rf"[a-zà-ÿ0-9%)] (?!(?:{_NAMES_WITH_ARTICLE})\b)(?:(?:{_FRENCH_OPENER})\s+\w|(?:L|D|C|Qu|Jusqu|Aujourd)['’]\w)"
)
UNPUNCTUATED_MAX_WORDS = 40  # a headline or a caption alone is short
HEADLINE_MAX_WORDS = 15  # a headline that the source runs into its story
_UNCLOSED = "Full stop where the source sentence has none: a headline or caption takes none, and a cut sentence should not look finished."
_RUN_ON = ("Full stop after what the source runs into the next sentence without one: a headline. It takes no full stop; "
           "put it on a line of its own.")


def _final_full_stop(doc, sentence) -> int | None:
    """Offset of the single full stop that ends this target sentence, or None (no full stop, an ellipsis, an
    abbreviation)."""
    text = sentence.text.rstrip()
    if not text.endswith(".") or text.endswith("..") or ABBREVIATION_END.search(text):
        return None
    pos = sentence.start + len(text) - 1
    return pos if doc.text[pos] == "." else None


@rule(
    code="BIL013",
    name="full-stop-the-source-lacks",
    family="bilingual",
    category="Fluency/Punctuation",
    severity="minor",
    summary="A full stop ending a sentence whose source has none: a headline, caption or fragment (\"Last chance for the euro\") that the MT closed like a sentence, including a headline the source runs into its story without a break (\"... pour l'euro Les ministres ont\") that the MT set off with a full stop.",
    why="Headlines and captions take no full stop in news copy, and a source that stops mid-sentence should not be made to look finished: the full stop hides that the sentence was cut. Web MT adds one to everything it translates.",
    use_instead="No full stop, as in the source (and, for a fragment, check the source for what was cut).",
    fix_safety="No automatic fix: check whether the sentence is a headline or a cut sentence. Only a single full stop is flagged (not an ellipsis, not one ending an abbreviation such as \"Mr.\"); a source sentence that ends with a colon or a semicolon runs on and is left alone, and so is a source of more than 40 words with no punctuation at all (a transcript). A lost break in the source is recognised only at a capitalised French word that opens sentences (\"Les\", \"Dans\", \"L'\") after a word in lower case, not where the two make a name (\"le journal Le Monde\", \"à La Haye\", \"Marine Le Pen\"), and only after a headline's length (15 words at most): a longer sentence there is the source's own, missing its full stop.",
    bad=[
        ("Last chance for the single currency[[.]]", None, "Dernière chance pour la monnaie unique"),
        ("Storm warning for the Breton coast[[.]] Forecasters expect winds of 120 km/h on Tuesday.", None,
         "Alerte à la tempête sur les côtes bretonnes Les prévisionnistes attendent des vents de 120 km/h mardi."),
    ],
    good=[
        ("Last chance for the single currency", "Dernière chance pour la monnaie unique"),
        ("The ministers met on Monday. They agreed on a new budget.", "Les ministres se sont réunis lundi. Ils se sont mis d'accord sur un nouveau budget."),
        ("According to Le Monde, the talks failed. A new round is planned.", "Selon le journal Le Monde les négociations ont échoué et un nouveau cycle est prévu."),
        ("The minister met Mr.", "Le ministre a rencontré M."),
        ("Three points stand out:", "Trois points ressortent :"),
        ("The government announced a series of measures on Monday to support the farmers hit by the drought that has "
         "struck the south of the country since the start of the summer. The unions say the aid falls short.",
         "Le gouvernement a annoncé lundi une série de mesures pour soutenir les agriculteurs touchés par la sécheresse "
         "qui frappe le sud du pays depuis le début de l'été Les syndicats jugent ces aides insuffisantes."),
    ],
    needs_source=True,
)
def full_stop_the_source_lacks(doc, ctx):
    source_text = doc.source or ""
    if not re.search(r"[.!?…]", source_text) and len(source_text.split()) > UNPUNCTUATED_MAX_WORDS:
        return  # a long source with no punctuation at all (a transcript) says nothing about full stops
    for pair in document_alignment(doc, ctx):
        if not pair.source or not pair.target:
            continue
        source = " ".join(s.text for s in pair.source).strip()
        stops = []
        if not _SOURCE_CLOSED.search(source):
            stops.append((_final_full_stop(doc, pair.target[-1]), _UNCLOSED))
        if len(pair.target) > len(pair.source):
            lost = len(_LOST_BOUNDARY.findall(source))
            # a headline is short: a long sentence there is the source's own sentence missing its full stop
            stops.extend((_final_full_stop(doc, t), _RUN_ON) for t in pair.target[:-1][:lost]
                         if len(t.text.split()) <= HEADLINE_MAX_WORDS)
        for pos, message in stops:
            if pos is not None:
                yield full_stop_the_source_lacks.issue(doc, pos, pos + 1, message)
