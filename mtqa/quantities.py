"""Numbers, amounts, percentages, times, weekdays and months in French and English text, normalised so that
"1,5 million" == "1.5 million", "10 000" == "10,000", "14 h 30" == "2:30 p.m.", "25 M$" == "$25 million",
"vendredi" == "Friday", "mars" == "March", "2 000 milliards" == "2 trillion", "vingt-et-unième" == "21st", "XXe siècle" == "20th century"
(numbers spelled out in either language are kind "word": they excuse a figure, they are never flagged as figures;
English counts and ranks in words are read apart by `english_counts` and `english_ordinals`, which BIL001 compares
with the source, as it compares the units counts are in: `unit_of`, `measure`, "two days" == "48 heures")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtqa.spans import Spans

_SP = "[ \u00a0\u202f]"


@dataclass(frozen=True)
class Quantity:
    kind: str  # number | percent | money | time | weekday | month
    value: object
    start: int
    end: int
    text: str


_FR_MULT = {"million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "billion": 1e12, "billions": 1e12, "mille": 1e3, "md": 1e9, "mds": 1e9, "m": 1e6, "mn": 1e6, "k": 1e3}
_EN_MULT = {"million": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3, "trillion": 1e12, "m": 1e6, "mn": 1e6, "k": 1e3, "tn": 1e12}
_FR_DAYS = {"lundi": "monday", "mardi": "tuesday", "mercredi": "wednesday", "jeudi": "thursday", "vendredi": "friday", "samedi": "saturday", "dimanche": "sunday"}
_EN_DAYS = {d: d for d in _FR_DAYS.values()}
_FR_DAYS.update({f"{fr}s": en for fr, en in _FR_DAYS.items()})  # "tous les lundis": every Monday
_EN_MONTH_NAMES = ("january february march april may june july august september october november december").split()
_FR_MONTHS = dict(zip("janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
                      _EN_MONTH_NAMES)) | {"fevrier": "february", "aout": "august", "decembre": "december"}
# English months are capitalised ("march" is the verb); French copy capitalises its months now and then ("le 18
# Juin"), and a source's month only ever excuses the translation's (the planet Mars excuses a March)
_FR_MONTH = re.compile(r"(?<!\w)(" + "|".join(_FR_MONTHS) + r")(?!\w)", re.I)  # "mi-juillet", "mai-juin" too
# An English month counts only where it reads as a date: next to a figure ("March 3", "3 March", "May 2021") or after
# a word that opens a time ("in March", "since April", "mid-July"), and not before "'s" or a capitalised word, nor
# after a capitalised one ("Long March 5", "the Women's March", "April Ryan", "Thousands March Against"). "May" is
# also Theresa May: "of May" and "by May" are hers, and so is a May a verb follows ("since May left"); BIL001
# also leaves a month the source has as the same word ("Après May").
EN_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
EN_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_EN_MONTH = re.compile(rf"(?<!\w)({EN_MONTHS})(?!\w|['’]s\b)")
# an English month abbreviated with its point beside a day, as AP style writes dates ("Sept. 12", "Jan. 5"; "12 Sept.")
_EN_SHORT_MONTHS = {"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
                    "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november",
                    "dec": "december"}
_EN_MONTH_SHORT = re.compile(r"(?<!\w)(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.(?=[ \u00a0]+\d{1,2}\b)"
                             r"|(?<=\d[ \u00a0])(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.")
_TIME_OPENER = re.compile(r"(?:\b(?:in|on|since|until|till|through|from|early|late|last|next|this|before|after|during|of|by|"
                          r"end|mid|" + "|".join(_EN_DAYS) + r"),?[ \u00a0-]|\bmid-)$", re.I)
_CAPITAL_WORD = re.compile(r"[A-Z][\w'’]*[ \u00a0]$")
_MAY_ACTS = re.compile(r"[ \u00a0]+(?:had|has|have|was|is|will|would|could|should|can|cannot|must|might|may|did|does|"
                       r"do|says|said|tells|told|left|leaves|became|becomes|won|wins|lost|loses|met|meets|faces|"
                       r"faced|wants|wanted|hopes|hoped|insists|insisted|made|makes|took|takes|went|goes|gave|gives|"
                       r"stood|quit|resigned|announced|warned|promised|urged|added|argued|claimed|admitted|refused|"
                       r"rejected|called|agreed|vowed|pledged|survived|stepped|appointed|sacked|named|struck|"
                       r"signed|spoke|speaks|visited|thanked|replied|responded|declared|conceded|accepted)\b")
_NUMERIC_DATE = re.compile(r"(?<![\d/.])(?:[0-3]?\d)[/.](0?[1-9]|1[0-2])[/.](?:\d{4}|\d\d)(?![\d/]|\.\d)"
                           r"|(?<![\d/.-])(?:[0-3]?\d)-(0?[1-9]|1[0-2])-\d{4}(?![\d/-])"  # "18-06-1940"
                           r"|(?<![\d/.-])\d{4}-(0?[1-9]|1[0-2])-[0-3]?\d(?![\d/-])")  # "2021-03-12"
# a French month abbreviated with its point beside a day or a year ("le 12 sept. 2021", "févr. 2020")
_FR_SHORT_MONTHS = {"janv": "january", "févr": "february", "fév": "february", "avr": "april", "juil": "july",
                    "sept": "september", "oct": "october", "nov": "november", "déc": "december"}
_SHORT = "|".join(_FR_SHORT_MONTHS)
_FR_MONTH_SHORT = re.compile(rf"(?<!\w)\d{{1,2}}(?:er)?{_SP}+(?P<a>{_SHORT})\.|(?<!\w)(?P<b>{_SHORT})\.{_SP}*\d{{4}}",
                             re.I)  # not "Ils étaient sept."
# "l'édition dominicale" is the Sunday edition: a weekday of the source, said by an adjective
_FR_DAYS.update(dict.fromkeys(("dominical", "dominicale", "dominicaux", "dominicales"), "sunday"))
_EN_UNITS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_EN_ORDINALS = {"third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                "twelfth": 12, "twentieth": 20, "thirtieth": 30, "hundredth": 100}
_EN_UNIT_VALUES = {w: n + 1 for n, w in enumerate(_EN_UNITS)}  # "one" 1 ... "nineteen" 19
_EN_WORDS = _EN_UNIT_VALUES | _EN_TENS | _EN_ORDINALS | {
    "hundred": 100, "thousand": 1000, "dozen": 12, "decade": 10, "decades": 10, "century": 100, "half": 0.5, "million": 1e6, "billion": 1e9}
_FR_UNITS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11,
             "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
             "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "mille": 1000, "un": 1, "une": 1,
             "septante": 70, "huitante": 80, "octante": 80, "nonante": 90}  # (Belgian and Swiss French too)
_FR_ROOTS = {"unième": 1, "deuxième": 2, "troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8,
             "neuvième": 9, "dixième": 10, "onzième": 11, "douzième": 12, "treizième": 13, "quatorzième": 14, "quinzième": 15,
             "seizième": 16, "vingtième": 20, "trentième": 30, "quarantième": 40, "cinquantième": 50, "soixantième": 60,
             "centième": 100, "millième": 1000}
_FR_COUNTS = {"douzaine": 12, "douzaines": 12, "dizaine": 10, "dizaines": 10, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
              "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "centaines": 100, "millier": 1000, "milliers": 1000, "décennie": 10,
              "décennies": 10, "siècle": 100, "moitié": 0.5}
_FR_PIECE = "|".join(sorted(set(_FR_UNITS) | set(_FR_ROOTS), key=len, reverse=True))
# "et" joins only a ten and one ("vingt et un", "soixante et onze", "trente-et-unième"): "six et huit" is two numbers
_FR_ET = r"[- ]et[- ](?:une?|unième|onze|onzième)(?![\w-])"
# "quatre-vingt-dix", "vingt et un"; at most 24 pieces after the first (the longest run a number takes, "neuf cent
# quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf", has 13; "millions" parts runs): an unbounded run
# was read again from each of its words wherever no noun followed, quadratic in a long list of number words
_FR_WORDS_RUN = rf"(?:{_FR_PIECE})(?:[- ](?:{_FR_PIECE})|{_FR_ET}){{0,24}}"
_NO_SPACE = re.compile(r"\S+")
_FR_COUNT_OF = re.compile(rf"(?<![\w-])(?P<n>une?|{_FR_WORDS_RUN}){_SP}+(?P<noun>douzaines?|dizaines?|vingtaines?|centaines?)"
                          rf"(?:{_SP}+de{_SP}+(?P<scale>milliers|millions|milliards))?\b", re.I)
_FR_COUNT_SCALE = {"milliers": 1e3, "millions": 1e6, "milliards": 1e9}
_FR_WORD = re.compile(rf"(?<![\w-])({_FR_WORDS_RUN}|" + "|".join(_FR_COUNTS) + r")(?![\w-])", re.I)
# the second figure of a range in words and its scale, which the first shares: "deux et trois millions"
_FR_WORDS_RANGE_SCALE = re.compile(rf"{_SP}+(?:à|et|ou){_SP}+(?:{_FR_PIECE})(?:[- ](?:{_FR_PIECE})){{0,24}}{_SP}+(millions?|milliards?)\b",
                                   re.I)
# quantities French says in words English gives in figures: half a million, half an hour, a quarter of an hour, a
# year and a half (18 months), a zero rate, "numéro un", "un sur deux", "trois buts à un"
_FR_SPECIAL_VALUES = {"half_million": 500_000.0, "half_hour": 30.0, "quarter_hour": 15.0, "three_quarters": 45.0,
                      "year_and_half": 18.0, "zero": 0.0, "one": 1.0, "war_one": 1.0, "war_two": 2.0}
_FR_SPECIAL = re.compile(
    rf"(?P<half_million>\bdemi-million)|(?P<half_hour>\bdemi-heure)|(?P<three_quarters>\btrois{_SP}+quarts{_SP}+d['’]heure)"
    rf"|(?P<quarter_hour>\bquart{_SP}+d['’]heure)|(?P<year_and_half>\bun{_SP}+an{_SP}+et{_SP}+demi)|(?P<zero>(?<=\btaux{_SP})zéro\b)"
    rf"|(?P<war_one>\bpremière(?={_SP}+guerre))|(?P<war_two>\bseconde(?={_SP}+guerre))"  # "la Seconde Guerre mondiale"
    rf"|(?P<one>(?<=numéro{_SP})un\b|\bune?(?={_SP}+(?:[\w-]+{_SP}+)?sur{_SP}+(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|cent|mille|\d))|(?<=\bà{_SP})un\b)", re.I)
# a date without its year, day and month: "le 12/03"
_FR_DAY_MONTH = re.compile(rf"(?<=\ble{_SP})[0-3]?\d/(0?[1-9]|1[0-2])(?![\d/])", re.I)
_FR_RACE_TIME = re.compile(rf"\b(\d{{1,2}}){_SP}*h{_SP}*([0-5]\d){_SP}*(?:min|mn|'){_SP}*([0-5]\d){_SP}*(?:s|sec|\"|'')(?!\w)")
_FR_EVENING = re.compile(rf"{_SP}*(?:du{_SP}+soir|de{_SP}+l['’]après-midi)\b", re.I)
# the words of a number after a scale word: "deux cent mille" of "un million deux cent mille"
_FR_TAIL = re.compile(rf"{_SP}+({_FR_WORDS_RUN})(?![\w-])", re.I)
_FR_TENS_BEFORE_ET = ("vingt", "trente", "quarante", "cinquante", "soixante", "mille")  # "mille et une nuits"
_FR_SCALE_AFTER = re.compile(rf"{_SP}+(millions?|milliards?|billions?)\b", re.I)
# a scale word with an article and no figure: "le milliard d'habitants", "au million près" (one of it)
_THE_SCALE = re.compile(rf"\b(?:le|du|au|ce){_SP}+(million|milliard)\b", re.I)
# the second figure of a range and its scale, which the first shares: " à 1,8 million", " et 4 milliards", " ou 4 M€"
_FR_RANGE_SCALE = re.compile(rf"{_SP}*(?:à|et|ou|-|–){_SP}*(?:\d{{1,3}}(?:(?:{_SP}|\.)\d{{3}})+|\d+)(?:,\d+)?{_SP}*"
                             r"(millions?|milliards?|billions?|Mds?|(?-i:M))\b", re.I)  # "de 1 200 à 1 500 milliards", "3 ou 4 M€"
# "un million et demi", "2 milliards et demi", "deux ans et demi": half a unit more
_FR_HALF = re.compile(rf"(?:{_SP}+[^\W\d_]+)?{_SP}+et{_SP}+demie?\b", re.I)
_ROMAN_CENTURY = re.compile(r"\b(?P<r>[IVXL]+)(?:e|ème|è)\b")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}

_FR_NUMBER = re.compile(
    rf"""(?<![\w,.])(?P<num>\d{{1,3}}(?:(?:{_SP}|\.)\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d])
    (?:{_SP}*(?P<mult>millions?|milliards?|billions?|mille|Mds?|(?-i:M)|k)\b)?
    (?:{_SP}*(?P<unit>%|pour{_SP}cent|€|\$|£|euros?\b|dollars?\b|d'euros|de{_SP}dollars))?""",
    re.X | re.I,
)
_FR_TIME = re.compile(rf"\b(?P<h>[01]?\d|2[0-3]){_SP}?[hH](?:{_SP}?(?P<m>[0-5]\d))?\b|\b(?P<word>midi|minuit)\b", re.I)
_EN_NUMBER = re.compile(
    rf"""(?P<cur>[$€£])?(?<![\w.])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{1,3}}(?:{_SP}\d{{3}})+(?![\d.,])|\d+(?:\.\d+)?)(?![\d])
    (?:{_SP}*(?P<mult>million|billion|bn|thousand|trillion)\b|(?P<abbr>mn|m|k|tn)\b)?
    (?:{_SP}*(?P<unit>%|percent(?!age)|per{_SP}cent|(?-i:pc)\b|euros?\b|dollars?\b|pounds?\b))?""",
    re.X | re.I,
)
_EN_TIME = re.compile(r"\b(?P<h>1[0-2]|0?\d)(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)|\b(?P<word>noon|midnight)\b"
                      r"|\b(?P<h24>[01]?\d|2[0-3])(?::|(?-i:h) ?| (?-i:h) )(?P<m24>[0-5]\d)\b"  # "20:00", and "5 h 13" left French
                      r"|\b(?P<oh>1[0-2]|0?\d)\s+o['’]clock\b"  # "2 o'clock"
                      r"|\b(?:at|around|about|by|until|till|from|before|after|to) (?P<bh>1[0-2]|[1-9])"
                      r"(?=\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)\b)"  # "at 9 in the evening"
                      r"|\b(?P<mil>[01]\d|2[0-3])(?P<milm>[0-5]\d)(?=\s*(?:GMT|UTC|CET|CEST|BST|EDT|EST|ET)\b)", re.I)  # "0830 GMT"
# a clock time without a.m. or p.m. that the words after it put after noon: "2:30 in the afternoon", "9:30 Tuesday night"
_LATER = re.compile(rf"\s+(?:(?:on\s+)?(?:(?:{EN_WEEKDAYS}|tomorrow|yesterday|last|this|that)"
                    r"\s+)?(?:night|evening|afternoon)|in\s+the\s+(?:afternoon|evening)|at\s+night|tonight)\b", re.I)
# what a figure counts: "1.5m people" (where "m" cannot be metres), "some 1500 soldiers" (no year)
COUNTED_NOUNS = (r"people|residents|inhabitants|voters|users|customers|subscribers|viewers|visitors|tourists|"
                 r"passengers|workers|employees|jobs|homes|houses|households|children|families|doses|barrels|tonnes|tons|"
                 r"units|copies|shares|votes|seats|members|cases|deaths|victims|refugees|migrants|followers|downloads|"
                 r"soldiers|troops|police|officers|protesters|demonstrators|marchers|participants|spectators|fans|students|teachers|doctors|nurses|patients|beds|prisoners|signatures|"
                 r"vehicles|cars|flights|companies|firms|shops|stores|schools|euros|dollars|pounds|hectares|km|"
                 r"kilometres|kilometers|miles")
COUNTED = re.compile(rf"[ \u00a0]+(?:{COUNTED_NOUNS})\b", re.I)
# a race time or duration, "2:06:05" (MT writes "2: 06: 05", French copy "2 :06 :05")
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):([0-5]\d):([0-5]\d)(?![\d:])")
# "à 7 heures", "vers 22 heures", "dès 8 heures 30", "8 heures et quart", "9 heures moins le quart": a time of day
# after a word that opens one (a bare "3 heures" is a duration: it stays a number too); "midi et demi" is 12:30
_DAY_NAMES = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_FR_HOURS = re.compile(
    rf"\b(?:à|vers|dès|avant|après|jusqu['’]à|depuis|entre|et|de|d['’]ici){_SP}+(?P<h>[01]?\d|2[0-3]){_SP}+heures?\b"
    rf"(?:{_SP}+(?P<m>[0-5]\d)\b(?!{_SP}+(?!(?:heures?|du|de|le|la|ce|cet|et|ou|au|à|locale?|{_DAY_NAMES})\b)[a-zà-ÿ])|{_SP}+et{_SP}+(?P<quarter>quart)\b|{_SP}+et{_SP}+(?P<half>demie)\b"
    rf"|{_SP}+moins{_SP}+(?:le{_SP}+)?(?P<less>quart)\b)?"
    rf"|\b(?P<word>midi|minuit){_SP}+et{_SP}+(?:(?P<wquarter>quart)|(?P<whalf>demie?))\b", re.I)
# figures that MT or typing split: "2: 19", "13, 5 %", "13 .5%", "$ 40" (spaces dropped before parsing)
_SPLIT = re.compile(rf"(?<=\d){_SP}?(?=:{_SP}?\d\d)|(?<=\d:){_SP}(?=\d\d)|(?<=\d,){_SP}(?=\d+{_SP}?(?:%|pour{_SP}cent|per{_SP}?cent))"
                    rf"|(?<=\d){_SP}(?=\.\d)|(?<=[$€£]){_SP}(?=\d)", re.I)


def _compact(text: str) -> tuple[str, list[int]]:
    """The text with split figures joined, and the offset in `text` of every character kept."""
    if not _SPLIT.search(text):
        return text, []
    keep, out, last = [], [], 0
    for m in _SPLIT.finditer(text):
        out.append(text[last:m.start()])
        keep.extend(range(last, m.start()))
        last = m.end()
    out.append(text[last:])
    keep.extend(range(last, len(text)))
    return "".join(out), keep


def _restore(found: list["Quantity"], text: str, keep: list[int]) -> list["Quantity"]:
    if not keep:
        return found
    out = []
    for q in found:
        start, end = keep[q.start], keep[q.end - 1] + 1 if q.end > q.start else keep[q.start]
        out.append(Quantity(q.kind, q.value, start, end, text[start:end]))
    return out
_EN_WORD = re.compile(r"\b(?:(?P<tens>" + "|".join(_EN_TENS) + r")-(?P<unit>" + "|".join(_EN_UNITS[:9]) + r"|first|second|third|"
                      r"fourth|fifth|sixth|seventh|eighth|ninth)|(?P<word>" + "|".join(sorted(_EN_WORDS, key=len, reverse=True)) + r"))\b", re.I)
_EN_UNIT_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9}
_DAY = re.compile(r"\b(" + "|".join(list(_FR_DAYS) + list(_EN_DAYS)) + r")\b", re.I)


def _num(raw: str, decimal: str) -> float:
    if decimal == ",":
        raw = re.sub(rf"(?:{_SP}|\.)(?=\d{{3}}\b)", "", raw).replace(",", ".")
    else:
        raw = re.sub(_SP, "", raw.replace(",", ""))
    return float(raw)


def _money_kind(unit: str | None, cur: str | None = None) -> str | None:
    u = (unit or "").lower()
    if cur or u in ("€", "$", "£") or "euro" in u or "dollar" in u or "pound" in u:
        return "money"
    if u in ("%", "percent", "pc") or "cent" in u:
        return "percent"
    return None


def french(text: str) -> list[Quantity]:
    compact, keep = _compact(text)
    return _restore(_french(compact), text, keep)


def english(text: str) -> list[Quantity]:
    compact, keep = _compact(text)
    return _restore(_english(compact), text, keep)


def _clocks(text: str) -> tuple[list[Quantity], list[tuple[int, int]]]:
    found = [Quantity("clock", m.group(), m.start(), m.end(), m.group()) for m in _CLOCK.finditer(text)]
    return found, [(q.start, q.end) for q in found]


def _french(text: str) -> list[Quantity]:
    out, clock_spans = _clocks(text)
    for m in _FR_HOURS.finditer(text):
        if m.group("word"):
            value, start = ((12 if m.group("word").lower() == "midi" else 0), 15 if m.group("wquarter") else 30), m.start()
        else:
            h, start = int(m.group("h")), m.start("h")
            value = ((h - 1) % 24, 45) if m.group("less") else (
                h, int(m.group("m")) if m.group("m") else 15 if m.group("quarter") else 30 if m.group("half") else 0)
            if value[0] < 12 and _FR_EVENING.match(text, m.end()):  # "vers 10 heures du soir" is 10 p.m.
                value = (value[0] + 12, value[1])
        out.append(Quantity("time", value, start, m.end(), text[start:m.end()]))
    clocks = Spans(clock_spans + [(q.start, q.end) for q in out if q.kind == "time"])  # "midi et demi" is no "midi"
    times = Spans([m.span() for m in _FR_TIME.finditer(text)] + clock_spans)
    for m in _FR_TIME.finditer(text):
        if clocks.covers(m.start()):
            continue
        value = ((12 if m.group("word").lower() == "midi" else 0), 0) if m.group("word") else (int(m.group("h")), int(m.group("m") or 0))
        out.append(Quantity("time", value, m.start(), m.end(), m.group()))
    for m in _FR_NUMBER.finditer(text):
        if times.covers(m.start()):
            continue
        value = _num(m.group("num"), ",") * _FR_MULT.get((m.group("mult") or "").lower(), 1)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", m.group("num")):  # "30,000" in French copy: also thirty thousand
            out.append(Quantity("number", float(m.group("num").replace(",", "")), m.start(), m.end(), m.group().strip()))
        kind = _money_kind(m.group("unit")) or "number"
        out.append(Quantity(kind if kind != "money" else "number", round(value, 6), m.start(), m.end(), m.group().strip()))
        out.extend(_and_a_half(text, m.start(), m.end("mult") if m.group("mult") else m.end("num"), value,
                               _FR_MULT.get((m.group("mult") or "").lower(), 1)))
        shared = _FR_RANGE_SCALE.match(text, m.end()) if not (m.group("mult") or m.group("unit")) else None
        if shared:  # "de 1,2 à 1,8 million": the first figure is 1.2 million too, which English may write out
            out.append(Quantity("word", round(value * _FR_MULT[shared.group(1).lower()], 6), m.start(), m.end(), m.group()))
    for m in _FR_WORD.finditer(text):
        words = m.group(1).lower()
        value = _french_words(words)
        if value is None and " " in words:  # "un Onze", "les six sept": each number on its own
            out.extend(Quantity("word", float(v), p.start(), p.end(), p.group()) for p in _NO_SPACE.finditer(text, m.start(1), m.end(1))
                       if (v := _french_words(p.group().lower())))
            continue
        scale = _FR_SCALE_AFTER.match(text, m.end())
        if scale:  # "deux millions", "un milliard"
            value = (value or (1 if words in ("un", "une") else None))
            value = value * _FR_MULT[scale.group(1).lower()] if value else None
        shared = None if scale else _FR_WORDS_RANGE_SCALE.match(text, m.end())
        if value and shared:  # "entre deux et trois millions": the first shares the second's scale
            out.append(Quantity("word", float(value * _FR_MULT[shared.group(1).lower()]), m.start(), m.end(), m.group()))
        if value:
            end = scale.end() if scale else m.end()
            out.append(Quantity("word", float(value), m.start(), end, text[m.start():end]))
            out.extend(_and_a_half(text, m.start(), end, value, _FR_MULT[scale.group(1).lower()] if scale else 1))
            tail = _FR_TAIL.match(text, end) if scale else None
            more = _french_words(tail.group(1).lower()) if tail else None
            if more and more < _FR_MULT[scale.group(1).lower()]:  # "un million deux cent mille": 1.2 million
                out.append(Quantity("word", float(value + more), m.start(), tail.end(), text[m.start():tail.end()]))
    for m in _FR_COUNT_OF.finditer(text):  # "deux douzaines" (24), "une centaine de milliers" (100,000)
        count = 1.0 if m.group("n").lower() in ("un", "une") else _french_words(m.group("n").lower())
        if count and (count != 1 or m.group("scale")):  # ("une vingtaine" alone is the noun's own value)
            value = count * _FR_COUNTS[m.group("noun").lower()] * _FR_COUNT_SCALE.get((m.group("scale") or "").lower(), 1)
            out.append(Quantity("word", float(value), m.start(), m.end(), m.group()))
    for m in _FR_SPECIAL.finditer(text):  # "une demi-heure" (30 minutes), "un sur deux", "taux zéro"
        word = next(k for k, v in m.groupdict().items() if v)
        out.append(Quantity("word", _FR_SPECIAL_VALUES[word], m.start(), m.end(), m.group()))
    for m in _FR_DAY_MONTH.finditer(text):  # "le 12/03": 12 March
        out.append(Quantity("month", _EN_MONTH_NAMES[int(m.group(1)) - 1], m.start(), m.end(), m.group()))
    for m in _FR_RACE_TIME.finditer(text):  # "2 h 06 min 05 s", a race time: "2:06:05"
        out.append(Quantity("clock", f"{int(m.group(1))}:{m.group(2)}:{m.group(3)}", m.start(), m.end(), m.group()))
    for m in _THE_SCALE.finditer(text):  # "le milliard de jeunes": one billion
        out.append(Quantity("word", _FR_MULT[m.group(1).lower()], m.start(1), m.end(), m.group(1)))
    for m in _ROMAN_CENTURY.finditer(text):
        value = _roman(m.group("r"))
        if value:
            out.append(Quantity("word", float(value), m.start(), m.end(), m.group()))
    for m in _DAY.finditer(text):
        day = m.group(1).lower()
        if day in _FR_DAYS:
            out.append(Quantity("weekday", _FR_DAYS[day], m.start(), m.end(), m.group()))
    for m in _FR_MONTH.finditer(text):
        out.append(Quantity("month", _FR_MONTHS[m.group(1).lower()], m.start(), m.end(), m.group()))
    for m in _FR_MONTH_SHORT.finditer(text):
        part = "a" if m.group("a") else "b"
        out.append(Quantity("month", _FR_SHORT_MONTHS[m.group(part).lower()], m.start(part), m.end(part), m.group(part)))
    for m in _NUMERIC_DATE.finditer(text):  # "12/03/2021", which English may write "March 12, 2021"
        month = next(g for g in m.groups() if g)
        out.append(Quantity("month", _EN_MONTH_NAMES[int(month) - 1], m.start(), m.end(), m.group()))
    return out


def _and_a_half(text: str, start: int, end: int, value: float, mult: float) -> list[Quantity]:
    """The figure of "un million et demi" (1.5 million), "deux ans et demi" (2.5): a form the translation may
    take, never a figure of its own (kind "word")."""
    half = _FR_HALF.match(text, end)
    if not half or mult == 1 and not float(value).is_integer():
        return []
    return [Quantity("word", round(value + mult / 2, 6), start, half.end(), text[start:half.end()])]


def _english(text: str) -> list[Quantity]:
    out, time_spans = _clocks(text)
    clocks = Spans(time_spans)
    for m in _EN_TIME.finditer(text):
        if clocks.covers(m.start()):  # (the matches of one finditer never overlap: only the clocks can hold it)
            continue
        if m.group("word"):
            value = (12, 0) if m.group("word").lower() == "noon" else (0, 0)
        elif m.group("mil"):  # "0830 GMT"
            value = (int(m.group("mil")), int(m.group("milm")))
        elif not m.group("ap"):  # "20:00", "2 o'clock", "9 in the evening"
            h = int(m.group("h24") or m.group("oh") or m.group("bh"))
            later = _LATER.match(text, m.end()) if h <= 12 else None
            night = later is not None and later.group().rstrip().lower().endswith("night")
            if later and (h < 6 or h == 12) and night:
                later = None  # "at 2:30 last night" is early in the morning
            value = (0 if h == 12 and night else h + 12 if later and h < 12 else h, int(m.group("m24") or 0))
        else:
            h = int(m.group("h")) % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
            value = (h, int(m.group("m") or 0))
        start = m.start("bh") if m.group("bh") else m.start()  # "at 9 in the evening": the figure, not "at"
        time_spans.append((start, m.end()))
        out.append(Quantity("time", value, start, m.end(), text[start:m.end()]))
    times = Spans(time_spans)
    for m in _EN_NUMBER.finditer(text):
        if times.covers(m.start()):
            continue
        value = _num(m.group("num"), ".") * _EN_MULT.get((m.group("mult") or "").lower(), 1)
        kind = _money_kind(m.group("unit"), m.group("cur")) or "number"
        # the span is the figure itself ("2.5 million", "$25 million", "3.2%"), not a unit word after it
        unit = m.group("unit") or ""
        end = m.end() if unit in ("%",) or not unit else (m.end("mult") if m.group("mult") else m.end("num"))
        if m.group("abbr"):  # "€1.5m", "$40k", "1.5m people" are amounts in millions and thousands; "25m" alone is metres
            scaled = m.group("cur") or m.group("abbr").lower() in ("mn", "tn") or COUNTED.match(text, m.end("abbr"))
            value, end = (value * _EN_MULT[m.group("abbr").lower()], m.end("abbr")) if scaled else (value, m.end("num"))
        out.append(Quantity(kind if kind != "money" else "number", round(value, 6), m.start(), end, text[m.start():end]))
    for m in _EN_WORD.finditer(text):
        if m.group("tens"):
            value = _EN_TENS[m.group("tens").lower()] + {**_EN_UNIT_VALUES, **_EN_UNIT_ORD}[m.group("unit").lower()]
        else:
            value = _EN_WORDS[m.group("word").lower()]
        out.append(Quantity("word", float(value), m.start(), m.end(), m.group()))
    for m in _DAY.finditer(text):
        day = m.group(1).lower()
        if day in _EN_DAYS:
            out.append(Quantity("weekday", day, m.start(), m.end(), m.group()))
    for m in _EN_MONTH.finditer(text):
        if _a_date(text, m):
            out.append(Quantity("month", m.group(1).lower(), m.start(), m.end(), m.group(1)))
    for m in _EN_MONTH_SHORT.finditer(text):  # "Sept. 12", "12 Sept."
        out.append(Quantity("month", _EN_SHORT_MONTHS[(m.group(1) or m.group(2)).lower()], m.start(), m.end(), m.group()))
    return out


# an English count written in words, as a run: "three", "twenty-five" ("twenty - five" as MT spaces it), "a hundred
# and fifty", "two hundred million", "a dozen"
_EN_SCALE_WORDS = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_COUNT_WORD = "|".join(sorted([*_EN_UNITS, *_EN_TENS, *_EN_SCALE_WORDS, "dozen"], key=len, reverse=True))
_EN_SPELLED = re.compile(rf"(?<![\w-])(?:(?:an?|one){_SP}+(?=(?:hundred|thousand|million|billion|trillion|dozen)(?![\w-])))?"
                         rf"(?:{_EN_COUNT_WORD})(?:(?:{_SP}*-{_SP}*|{_SP}+(?:and{_SP}+)?)(?:{_EN_COUNT_WORD}))*"
                         r"(?:(?![\w-])|(?=-(?:year|month|week|day|hour|minute|mile|kilometre|kilometer|metre|meter|point|star|seat|member|"
                         r"man|woman|storey|story|game|match|goal|stage|lap|set|round|page|room|bed|vote)s?\b))", re.I)
_SPELLED_HALF = re.compile(rf"{_SP}+and{_SP}+a{_SP}+half(?:{_SP}+(thousand|million|billion|trillion)\b)?", re.I)
_SPELLED_POINT = re.compile(rf"{_SP}+point{_SP}+(?:{_EN_COUNT_WORD}|\d)", re.I)


def _spelled_value(words: list[str]) -> float | None:
    """The value of a run of English number words, or None where the run is no one number ("ten thirty", a time;
    "two and three"; "five six")."""
    if "and" in words[:1] + words[-1:] or any(w == "and" and p not in ("hundred", "thousand", "million", "billion")
                                              for p, w in zip(words, words[1:])):
        return None
    units = _EN_UNIT_VALUES
    total, current, last, scale_before = 0.0, 0.0, "", float("inf")
    for n, w in enumerate(w for w in words if w != "and"):
        if w in ("a", "an", "one") and n == 0 and len(words) > 1 and words[1] in (*_EN_SCALE_WORDS, "dozen"):
            current, last = 1.0, "unit"
        elif w in units:
            if not (last in ("", "hundred", "scale") or last == "tens" and units[w] < 10):
                return None
            current, last = current + units[w], "unit"
        elif w in _EN_TENS:
            if last not in ("", "hundred", "scale"):
                return None
            current, last = current + _EN_TENS[w], "tens"
        elif w == "hundred":
            if last == "hundred" or current >= 100 or current >= 10 and scale_before < float("inf"):
                return None
            current, last = (current or 1) * 100, "hundred"  # "two hundred", "fifteen hundred" (1,500)
        elif w == "dozen":
            if last not in ("", "unit") or current >= 10:
                return None
            current, last = (current or 1) * 12, "dozen"
        else:  # thousand, million...: each smaller than the one before ("two million three hundred thousand")
            if _EN_SCALE_WORDS[w] >= scale_before:
                return None
            total, current, last, scale_before = total + (current or 1) * _EN_SCALE_WORDS[w], 0.0, "scale", _EN_SCALE_WORDS[w]
    return total + current


_ORDINAL_UNITS = {w: v for w, v in _EN_UNIT_ORD.items() if v >= 3}  # ("first" and "second" only in a compound)
_ORDINAL_TEENS = {"tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                  "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
_ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
                 "eightieth": 80, "ninetieth": 90}
_EN_ORDINAL = re.compile(
    r"(?<![\w-])(?:(?P<tens>" + "|".join(_EN_TENS) + r")-(?P<unit>first|second|" + "|".join(_ORDINAL_UNITS) + r")|(?P<word>"
    + "|".join([*_ORDINAL_UNITS, *_ORDINAL_TEENS, *_ORDINAL_TENS]) + r"))(?![\w-])", re.I)
# an ordinal word that is no rank: a share ("a third of", "two fifths"), and fixed phrases ("third world", "third
# party", "fifth column", "the fourth estate")
_NO_RANK_BEFORE = re.compile(rf"\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten){_SP}+$", re.I)
_NO_RANK_AFTER = re.compile(rf"(?:{_SP}|-)+(?:world|party|parties|country|countries|column|estate|wheel|degree|grade|"
                            rf"person|time[s]?{_SP}+(?:as|more|less)|cousin|dimension|rate)\b|s\b", re.I)


def in_words(n: int) -> str:
    """An English count below 1,000 in words, as a fix writes it: 3 "three", 45 "forty-five", 150 "a hundred and
    fifty"."""
    if n < 20:
        return _UNIT_WORDS[n]
    if n < 100:
        return _TENS_WORDS[n // 10] + (f"-{_UNIT_WORDS[n % 10]}" if n % 10 else "")
    hundreds = "a hundred" if n // 100 == 1 else f"{_UNIT_WORDS[n // 100]} hundred"
    return hundreds + (f" and {in_words(n % 100)}" if n % 100 else "")


def ordinal_in_words(n: int) -> str | None:
    """An English rank below ten in words ("seventh"), or None."""
    return _ORDINAL_WORDS.get(n)


_UNIT_WORDS = ["zero", *_EN_UNITS]
_TENS_WORDS = {v // 10: w for w, v in _EN_TENS.items()}
_ORDINAL_WORDS = {v: w for w, v in _EN_UNIT_ORD.items()}


def english_ordinals(text: str) -> list[Quantity]:
    """Ranks the English writes in words ("seventh", "twenty-first"), kind "ordinal"; "first" and "second" (a
    unit of time too) only inside a compound, and no share ("a third of") or fixed phrase ("third world")."""
    out = []
    for m in _EN_ORDINAL.finditer(text):
        if m.group("word"):
            w = m.group("word").lower()
            value = _ORDINAL_UNITS.get(w) or _ORDINAL_TEENS.get(w) or _ORDINAL_TENS[w]
        else:
            value = _EN_TENS[m.group("tens").lower()] + _EN_UNIT_ORD[m.group("unit").lower()]
        if _NO_RANK_BEFORE.search(text[max(0, m.start() - 8):m.start()]) or _NO_RANK_AFTER.match(text, m.end()):
            continue
        if re.match(rf"{_SP}*[:,]", text[m.end():m.end() + 2]) and re.search(r"(?:^|[.!?:\n][ \u00a0\"“]*)$", text[:m.start()][-4:]):
            continue  # "Third: ...", "Fourth, ...": a point of a list ("Troisièmement")
        out.append(Quantity("ordinal", float(value), m.start(), m.end(), m.group()))
    return out


def english_counts(text: str) -> list[Quantity]:
    """Counts the English writes in words ("three", "a hundred and fifty", "two hundred million"), kind "spelled";
    a run that is no one number is left out."""
    out = []
    for m in _EN_SPELLED.finditer(text):
        if re.match(r"(?:thousand|million|billion|trillion)\b", m.group(), re.I) or re.search(
                rf"(?:\d|\bhalf|\d{_SP}+and|\bpoint){_SP}*$", text[max(0, m.start() - 8):m.start()], re.I):
            continue  # the scale of a figure ("700 billion", "7 and a half million"), "half a billion"
        if _SPELLED_POINT.match(text, m.end()):
            continue  # "two point three billion": no count in words
        found = _spelled_run(text, m.start(), m.end())
        if found is None:  # "between three and four thousand": two counts, the first sharing the second's scale
            parts = _parts(text, m.start(), m.end())
            runs = [_spelled_run(text, a, b) for a, b in parts]
            if len(runs) < 2 or None in runs:
                continue
            scale = re.search(r"(thousand|million|billion|trillion)$", runs[-1].text, re.I)
            for q in runs[:-1]:
                bare = scale and not re.search(r"(?:thousand|million|billion|trillion)$", q.text, re.I)
                out.append(Quantity("spelled", q.value * _EN_SCALE_WORDS[scale.group(1).lower()] if bare else q.value,
                                    q.start, q.end, q.text))
            out.append(runs[-1])
        else:
            out.append(found)
    return out


_AND = re.compile(rf"{_SP}+and{_SP}+", re.I)


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of a run of number words between its "and"s."""
    cuts = list(_AND.finditer(text, start, end))
    bounds = [start, *(c for m in cuts for c in (m.start(), m.end())), end]
    return list(zip(bounds[::2], bounds[1::2]))


def _spelled_run(text: str, start: int, end: int) -> Quantity | None:
    words = [w.lower() for w in re.split(rf"(?:{_SP}|-)+", text[start:end]) if w]
    value = _spelled_value(words)
    if value is None:
        return None
    half = _SPELLED_HALF.match(text, end)
    if half and value < 1000:  # "two and a half billion", "six and a half feet"
        value, end = (value + 0.5) * _EN_SCALE_WORDS.get((half.group(1) or "").lower(), 1), half.end()
    return Quantity("spelled", float(value), start, end, text[start:end])


# Units: what a count counts in (either language), and the conversions between them.
# the unit a count is in, in either language, so that a count converted to another unit ("two days" for "48
# heures", "five miles" for "8 km") is not taken for a changed one
_UNITS = {"minute": "minute", "minutes": "minute", "min": "minute", "hour": "hour", "hours": "hour", "heure": "hour",
          "heures": "hour", "h": "hour", "day": "day", "days": "day", "jour": "day", "jours": "day", "journées": "day",
          "week": "week", "weeks": "week", "semaine": "week", "semaines": "week", "month": "month", "months": "month",
          "mois": "month", "year": "year", "years": "year", "an": "year", "ans": "year", "année": "year", "années": "year",
          "decade": "decade", "decades": "decade", "décennie": "decade", "décennies": "decade", "century": "century",
          "centuries": "century", "siècle": "century", "siècles": "century", "km": "km", "kilometres": "km",
          "kilometers": "km", "kilomètres": "km", "mile": "mile", "miles": "mile", "milles": "mile", "metres": "m",
          "meters": "m", "mètres": "m", "m": "m", "cm": "cm", "centimetres": "cm", "centimeters": "cm", "centimètres": "cm",
          "inches": "in", "inch": "in", "pouces": "in", "yards": "yd", "kg": "kg", "kilos": "kg", "kilograms": "kg",
          "kilogrammes": "kg", "grammes": "g", "grams": "g", "g": "g", "ounces": "oz", "pounds": "lb", "livres": "lb",
          "tonnes": "t", "tons": "t", "hectares": "ha", "acres": "acre", "feet": "ft", "foot": "ft", "pieds": "ft",
          "degrees": "deg", "degrés": "deg", "fahrenheit": "deg", "celsius": "deg", "litres": "l", "liters": "l",
          "gallons": "gal", "mph": "mph", "km/h": "kmh", "kmh": "kmh", "km²": "km2", "km2": "km2", "m²": "m2"}
# a unit of two words: "miles an hour", "square miles", "kilomètres carrés", "kilomètres heure"
_UNIT_PAIRS = {("mile", "an"): "mph", ("mile", "per"): "mph", ("km", "an"): "kmh", ("km", "per"): "kmh",
               ("km", "heure"): "kmh", ("km", "à"): "kmh", ("square", "mile"): "sqmi", ("square", "km"): "km2",
               ("square", "m"): "m2", ("km", "carrés"): "km2", ("m", "carrés"): "m2"}
_NEXT_WORDS = re.compile(r"(?:[ \u00a0-]+|(?=°))(°|[^\W\d_]+(?:/h|²)?)(?:[ \u00a0]+|[dD]['’])?([^\W\d_]+(?:/h|²)?)?")
_RANGE_NEXT = re.compile(r"[ \u00a0]+(?:to|and|or|à|et|ou)[ \u00a0]+(?:\d+(?:[.,]\d+)?|[^\W\d_]+(?:-[^\W\d_]+)*)", re.I)


def unit_after(text: str, end: int, range_too: bool = True) -> str | None:
    """The unit of the count ending at `end`: one of the next two words ("two years", "vingt dernières années",
    "deux millions de tonnes", "a fifty-year-old", "miles an hour", "kilomètres carrés"), a degree sign, or the
    unit of the other end of a range ("de 90 à 80 km/h", "fifty-five to fifty miles an hour")."""
    m = _NEXT_WORDS.match(text, end)
    words = [w.lower() for w in (m.groups() if m else ()) if w]
    if "°" in words:
        return "deg"
    units = [_UNITS.get(w) for w in words]
    if len(words) == 2 and ((units[0], words[1]) in _UNIT_PAIRS or (words[0], units[1]) in _UNIT_PAIRS):
        return _UNIT_PAIRS.get((units[0], words[1])) or _UNIT_PAIRS[(words[0], units[1])]
    unit = next((u for u in units if u), None)
    if unit is None and range_too:
        other = _RANGE_NEXT.match(text, end)
        if other:
            return unit_after(text, other.end(), range_too=False)
    return unit


# what each unit measures, in a base unit of its dimension (days, metres, kilograms, hectares, litres): "two days"
# and "48 heures" are one length of time; "twenty miles" is not "16 km"
UNIT_SIZES = {"minute": ("time", 1 / 1440), "hour": ("time", 1 / 24), "day": ("time", 1), "week": ("time", 7),
              "month": ("time", 30.44), "year": ("time", 365.25), "decade": ("time", 3652.5), "century": ("time", 36525),
              "km": ("length", 1000), "mile": ("length", 1609.34), "m": ("length", 1), "cm": ("length", 0.01),
              "in": ("length", 0.0254), "ft": ("length", 0.3048), "yd": ("length", 0.9144), "kg": ("mass", 1),
              "g": ("mass", 0.001), "lb": ("mass", 0.4536), "oz": ("mass", 0.02835), "t": ("mass", 1000),
              "ha": ("area", 1), "acre": ("area", 0.4047), "km2": ("area", 100), "sqmi": ("area", 259), "m2": ("area", 1e-4),
              "l": ("volume", 1), "gal": ("volume", 3.785), "kmh": ("speed", 1), "mph": ("speed", 1.609)}
_DAYS_IN = {unit: size for unit, (dimension, size) in UNIT_SIZES.items() if dimension == "time"}
# French count nouns that are a length of time on their own: "une décennie" is ten years, "un siècle" a hundred
_YEARS_NOUN = re.compile(r"(?:décennies?|siècles?)$", re.I)


# French nouns that are a length of time with their count: "une quinzaine" (a fortnight), "deux trimestres" (six
# months), "un quart de siècle", "son quinquennat" (five years), "deux ans et demi"
_FR_SPAN = re.compile(r"(?:\b(?P<n>" + _FR_WORDS_RUN + r"|\d+)[ \u00a0]+)?(?:(?P<noun>quinzaine|trimestres?|semestres?|"
                      r"quart[ \u00a0]+de[ \u00a0]+siècle|quinquennats?|septennats?)\b|(?P<fixed>huit|quinze)[ \u00a0]+jours\b"
                      r"|(?P<half>ans|années|mois|heures|jours)[ \u00a0]+et[ \u00a0]+demie?\b)", re.I)
_FR_SPAN_DAYS = {"quinzaine": (14, 15), "trimestre": (91.31,), "semestre": (182.62,), "quart de siècle": (9131.25,),
                 "quinquennat": (1826.25,), "septennat": (2556.75,)}


_AGE_BEFORE = re.compile(r"\b(?:aged|age[ \u00a0]+of|turns|turned|turning|died[ \u00a0]+at|dies[ \u00a0]+at)[ \u00a0]+$", re.I)
# a French count of one with its unit ("un mois", "une semaine", "un an et demi"): no figure, but a length the English
# may change ("two months" for "un mois")
_FR_ONE = re.compile(r"(?<![\w'’-])(?:un|une)[ \u00a0]+(?=(?:minute|heure|jour|semaine|mois|an|année|kilomètre|mètre|kilo)s?\b)", re.I)


def unit_of(text: str, q, english: bool) -> str | None:
    """The unit of a count: the word after it, a French noun that is its own unit ("une décennie"), or the age
    that "aged fifty" gives."""
    if not english and _YEARS_NOUN.search(q.text):
        return "year"
    unit = unit_after(text, q.end)
    if unit is None and english and _AGE_BEFORE.search(text[max(0, q.start - 16):q.start]):
        return "year"  # "aged fifty", "turns fifty-six", "died at eighty"
    return unit


def measure(text: str, q, english: bool) -> tuple[str, float] | None:
    """A count's dimension and its size in the base unit of that dimension ("48 heures": time, 2 days), or None."""
    unit = unit_of(text, q, english)
    if unit not in UNIT_SIZES or not isinstance(q.value, (int, float)):
        return None
    dimension, size = UNIT_SIZES[unit]
    return dimension, float(q.value) * size


def same_measure(a: tuple[str, float] | None, measures: list[tuple[str, float]]) -> bool:
    """Whether a measure is one of `measures`, up to a conversion's rounding (4% for time, 12% for the rest:
    "ten miles" for "16 km")."""
    if a is None:
        return False
    slack = 0.04 if a[0] == "time" else 0.12
    return any(a[0] == d and abs(a[1] - v) <= slack * max(a[1], v) for d, v in measures)


def other_unit_of_a_kind(a: str | None, b: str | None) -> bool:
    """Whether two units differ and measure the same kind of thing (months and years, miles and kilometres)."""
    return a is not None and b is not None and a != b and a in UNIT_SIZES and b in UNIT_SIZES and UNIT_SIZES[a][0] == UNIT_SIZES[b][0]


_UNIT_WORD = re.compile(r"(?:[ \u00a0-]+(?:de[ \u00a0]+|d['’])?)([^\W\d_]+(?:/h|²)?)")


def unit_word(text: str, end: int) -> str:
    """The word of the unit after a count ("ans" in "cinq ans de prison", "months" in "five months"), or ""."""
    pos = end
    for _ in range(2):
        m = _UNIT_WORD.match(text, pos)
        if not m:
            break
        if m.group(1).lower() in _UNITS:
            return m.group(1)
        pos = m.end()
    return ""


def french_time_spans(source: str) -> list[float]:
    """The lengths of time, in days, that French nouns give with their count (see _FR_SPAN)."""
    out = []
    for m in _FR_SPAN.finditer(source):
        n = (m.group("n") or "un").lower()
        count = float(n) if n.isdigit() else 1.0 if n in ("un", "une") else _french_words(n)
        if not count:
            continue
        if m.group("fixed"):  # "dans huit jours": in a week; "quinze jours": a fortnight
            out.append(7.0 if m.group("fixed").lower() == "huit" else 14.0)
        elif m.group("half"):  # "deux ans et demi": two and a half years
            out.append((count + 0.5) * _DAYS_IN[_UNITS[m.group("half").lower()]])
        else:
            noun = re.sub(r"[ \u00a0]+", " ", m.group("noun").lower())
            out.extend(count * d for d in _FR_SPAN_DAYS[noun if noun.endswith("siècle") else noun.rstrip("s")])
    return out


def french_ones(text: str) -> list[Quantity]:
    """A French count of one with its unit ("un mois", "une semaine"), kind "word" (value 1)."""
    return [Quantity("word", 1.0, m.start(), m.end(), m.group()) for m in _FR_ONE.finditer(text)]


def beside_a_figure(text: str, start: int, end: int) -> bool:
    """Whether the English month at text[start:end] has a day or a year beside it: "March 3", "March 2021",
    "3 March", "the 3rd March", "the 2nd of May" (not "in 2016 May became")."""
    return bool(re.match(r"[ \u00a0]+\d|,?[ \u00a0]+\d{4}\b", text[end:end + 12])
                or re.search(r"(?<!\d)\d{1,2}(?:(?:st|nd|rd|th)[ \u00a0]+of|(?:st|nd|rd|th)?)[ \u00a0]+$", text[max(0, start - 16):start]))


# "of May" is a month after a word for part of a time ("the end of May"), "by May" where a clause ends after it
# ("ready by May,"); either is Theresa May's otherwise ("the government of May", "a speech by May on Brexit")
_PART_OF = re.compile(r"\b(?:end|beginning|start|middle|month|week|weekend|half|part|rest|first|second|third|fourth|last|"
                      r"ides|course|days?)[ \u00a0]+of[ \u00a0]+$", re.I)
_CLAUSE_ENDS = re.compile(r"[ \u00a0]*[,;:](?![ \u00a0]+(?:who|whom|whose|which|the[ \u00a0]+prime)\b)"
                          r"|[ \u00a0]+(?:next|this|at[ \u00a0]+the[ \u00a0]+latest|\d{4})\b")
# a month before what happens in it ("the June election", "the April deadline")
_MONTH_EVENT = re.compile(r"[ \u00a0]+(?:elections?|vote|deadline|summit|meeting|polls?|referendum|talks|session|report|figures|"
                          r"data|agreement|accord|ceasefire|truce|attacks?|floods?|storms?|protests?|strikes?|crisis|budget|"
                          r"issue|edition|visit|trip|conference|census|survey|primary|primaries|runoff|run-off|ballot|"
                          r"uprising|revolution|coup|massacre|offensive|riots?|quarter|sales|inflation|deal)\b", re.I)
# a month that opens a sentence and is its subject ("June was the hottest month on record")
_MONTH_SUBJECT = re.compile(r"[ \u00a0]+(?:was|is|will[ \u00a0]+be)[ \u00a0]+(?:the|a|an|one|also|[a-z]+(?:est|er))\b"
                            r"|[ \u00a0]+(?:saw|brought|marked)\b")  # not "June has worked", "April was born"


def _a_date(text: str, m: re.Match) -> bool:
    """Whether the English month at `m` reads as a date (see _EN_MONTH)."""
    before, after = text[max(0, m.start() - 12):m.start()], text[m.end():m.end() + 12]
    opener = _TIME_OPENER.search(before)
    if m.group(1) != "May" and re.search(r"\b(?:the|a|an|this|last|next)[ \u00a0]+$", before, re.I) and _MONTH_EVENT.match(after):
        return True  # "the June election" (not "the May deal", Theresa May's)
    if _CAPITAL_WORD.search(before) and not opener:
        return False  # "Long March 5", "the Women's March", "Thousands March"
    if beside_a_figure(text, m.start(), m.end()):
        return True
    if re.match(r"[ \u00a0]+[A-Z]", after):
        return False  # "April Ryan", "in March Madness"
    if m.group(1) == "May":  # Theresa May where a verb follows: "since May left", "On Tuesday May told MPs"
        if re.search(r"\bof[ \u00a0]$", before, re.I):
            return bool(_PART_OF.search(text[max(0, m.start() - 24):m.start()]))
        if re.search(r"\bby[ \u00a0]$", before, re.I):
            return bool(_CLAUSE_ENDS.match(after))
        return bool(opener) and not _MAY_ACTS.match(after)
    if not opener and re.search(r"(?:^|[.!?][ \u00a0]+|\n)$", text[max(0, m.start() - 3):m.start()]) and _MONTH_SUBJECT.match(after):
        return True  # "June was the hottest month"
    return bool(opener)


def _french_words(words: str) -> float | None:
    """"vingt-et-un" 21, "soixante-dix" 70, "quatre-vingt-dixième" 90, "trois" 3, "milliers" 1000."""
    if words in _FR_COUNTS:
        return _FR_COUNTS[words]
    total, current, before = 0.0, 0.0, None
    pieces = re.split(r"[- ]", words)
    for n, w in enumerate(pieces):
        if w == "et":  # "vingt et un": the one is added next; "six et un" is no number
            if not n or pieces[n - 1] not in _FR_TENS_BEFORE_ET:
                return None
            continue
        n = _FR_UNITS.get(w, _FR_ROOTS.get(w))
        if n is None:
            return None
        if before is not None and before < 20 and n < 100 and not (before == 10 and n < 10 or before == 4 and n == 20):
            return None  # "un Onze", "six sept": two numbers side by side ("dix-sept", "quatre-vingts" are one)
        before = n
        if n in (100, 1000):
            current = (current or 1) * n
            if n == 1000:
                total, current = total + current, 0.0
        elif w in ("vingt", "vingts", "vingtième") and current and current % 100 == 4:  # quatre-vingt(s)
            current = current - 4 + 80
        else:
            current += n
    value = total + current
    return value if value >= 1 and words not in ("un", "une", "et") else None


def is_roman(text: str) -> bool:
    """Whether a French quantity is a century in Roman figures ("XXe siècle")."""
    return bool(_ROMAN_CENTURY.fullmatch(text))


def _roman(r: str) -> int | None:
    values = [_ROMAN[c] for c in r]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if 0 < total <= 30 else None


# "un tiers", "les deux tiers", "trois quarts", "la moitié": a share of a whole, which English news often gives as a
# percentage ("a third" as "33%", "two thirds" as "66%" or "67%"). "tiers" alone is also "third party" ("pays
# tiers", "un tiers de confiance" is rare in news beside "un tiers des"): a count word must come before it.
_FR_SHARE = re.compile(rf"""(?<![\w-])(?:
      (?P<count>un|une|deux|trois|quatre|le|les{_SP}+deux|les{_SP}+trois){_SP}+(?P<part>tiers|quarts?|cinquièmes?|dixièmes?)
    | (?P<half>moitié)
    | (?P<of>un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|\d){_SP}+(?:[\w-]+{_SP}+)?sur{_SP}+(?P<den>deux|trois|quatre|cinq|dix|\d{{1,2}})
    )(?![\w-])""", re.X | re.I)
_PARTS = {"tiers": 3, "quart": 4, "quarts": 4, "cinquième": 5, "cinquièmes": 5, "dixième": 10, "dixièmes": 10}
_OF_TEN = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9}
_DENOMINATORS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10}
_SHARE_COUNTS = {"un": 1, "une": 1, "le": 1, "deux": 2, "les deux": 2, "trois": 3, "les trois": 3, "quatre": 4}


def french_shares(text: str) -> list[Quantity]:
    """Fractions written in words ("un tiers" 1/3, "les deux tiers" 2/3, "un quart" 1/4, "la moitié" 1/2, "un
    Français sur cinq" 1/5), kind "share": forms a percentage of the translation may take (see `share_percents`), never a figure of their own."""
    out = []
    for m in _FR_SHARE.finditer(text):
        if m.group("half"):
            value = 0.5
        elif m.group("of"):  # "quatre Français sur dix", "un Français sur cinq"
            of, den = m.group("of").lower(), m.group("den").lower()
            den = int(den) if den.isdigit() else _DENOMINATORS[den]
            value = (int(of) if of.isdigit() else _OF_TEN[of]) / den if den else 1
            if value >= 1:
                continue  # "deux sur deux": no share
        else:
            count = _SHARE_COUNTS[re.sub(_SP + "+", " ", m.group("count").lower())]
            value = count / _PARTS[m.group("part").lower()]
            if value >= 1:
                continue  # "trois tiers": no share
        out.append(Quantity("share", value, m.start(), m.end(), m.group()))
    return out


def share_percents(share: float) -> set[float]:
    """The percentages English writes for a share: a third is 33%, 33.3% or 33.33%; two thirds 66%, 67% or 66.7%."""
    exact = share * 100
    return {float(int(exact)), float(round(exact)), round(exact, 1), round(exact, 2)}


def key(q: Quantity) -> tuple:
    """What must match across languages: spelled-out English numbers count as plain numbers."""
    return ("number", q.value) if q.kind == "word" else (q.kind, q.value)
