"""Numbers, amounts, percentages, times, weekdays and months in French and English text, normalised so that
"1,5 million" == "1.5 million", "10 000" == "10,000", "14 h 30" == "2:30 p.m.", "25 M$" == "$25 million",
"vendredi" == "Friday", "mars" == "March", "2 000 milliards" == "2 trillion", "vingt-et-unième" == "21st", "XXe siècle" == "20th century"
(numbers spelled out in either language are kind "word": they excuse a figure, they are never flagged)."""

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
_EN_MULT = {"million": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3, "trillion": 1e12, "m": 1e6, "mn": 1e6, "k": 1e3}
_FR_DAYS = {"lundi": "monday", "mardi": "tuesday", "mercredi": "wednesday", "jeudi": "thursday", "vendredi": "friday", "samedi": "saturday", "dimanche": "sunday"}
_EN_DAYS = {d: d for d in _FR_DAYS.values()}
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
_EN_MONTH = re.compile(r"(?<!\w)(January|February|March|April|May|June|July|August|September|October|November|December)"
                       r"(?!\w|['’]s\b)")
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
_EN_WORDS = {w: n + 1 for n, w in enumerate(_EN_UNITS)} | _EN_TENS | _EN_ORDINALS | {
    "hundred": 100, "thousand": 1000, "dozen": 12, "decade": 10, "decades": 10, "century": 100, "half": 0.5, "million": 1e6, "billion": 1e9}
_FR_UNITS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11,
             "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40,
             "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "mille": 1000, "un": 1, "une": 1, "et": 0}
_FR_ROOTS = {"unième": 1, "deuxième": 2, "troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8,
             "neuvième": 9, "dixième": 10, "onzième": 11, "douzième": 12, "treizième": 13, "quatorzième": 14, "quinzième": 15,
             "seizième": 16, "vingtième": 20, "trentième": 30, "quarantième": 40, "cinquantième": 50, "soixantième": 60,
             "centième": 100, "millième": 1000}
_FR_COUNTS = {"douzaine": 12, "douzaines": 12, "dizaine": 10, "dizaines": 10, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
              "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "centaines": 100, "millier": 1000, "milliers": 1000, "décennie": 10,
              "décennies": 10, "siècle": 100, "moitié": 0.5}
_FR_WORD = re.compile(r"(?<![\w-])((?:" + "|".join(sorted(set(_FR_UNITS) | set(_FR_ROOTS), key=len, reverse=True))
                      + r")(?:[- ](?:" + "|".join(sorted(set(_FR_UNITS) | set(_FR_ROOTS), key=len, reverse=True)) + r"))*|"
                      + "|".join(_FR_COUNTS) + r")(?![\w-])", re.I)
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
    (?:{_SP}*(?P<mult>million|billion|bn|thousand|trillion)\b|(?P<abbr>mn|m|k)\b)?
    (?:{_SP}*(?P<unit>%|percent|per{_SP}cent|euros?\b|dollars?\b|pounds?\b))?""",
    re.X | re.I,
)
_EN_TIME = re.compile(r"\b(?P<h>1[0-2]|0?\d)(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)|\b(?P<word>noon|midnight)\b"
                      r"|\b(?P<h24>[01]?\d|2[0-3])(?::|(?-i:h) ?| (?-i:h) )(?P<m24>[0-5]\d)\b", re.I)  # "20:00", and "5 h 13" left French
# a race time or duration, "2:06:05" (MT writes "2: 06: 05", French copy "2 :06 :05")
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):([0-5]\d):([0-5]\d)(?![\d:])")
# "à 7 heures": a time of day (a bare "3 heures" is a duration, left a number)
_FR_HOURS = re.compile(rf"\b[àÀ]{_SP}(?P<h>[01]?\d|2[0-3]){_SP}heures?\b(?P<half>{_SP}+et{_SP}+demie\b)?")
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
    if u in ("%", "percent") or "cent" in u:
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
        out.append(Quantity("time", (int(m.group("h")), 30 if m.group("half") else 0), m.start("h"), m.end(), text[m.start("h"):m.end()]))
    clocks = Spans(clock_spans)
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
        scale = _FR_SCALE_AFTER.match(text, m.end())
        if scale:  # "deux millions", "un milliard"
            value = (value or (1 if words in ("un", "une") else None))
            value = value * _FR_MULT[scale.group(1).lower()] if value else None
        if value:
            end = scale.end() if scale else m.end()
            out.append(Quantity("word", float(value), m.start(), end, text[m.start():end]))
            out.extend(_and_a_half(text, m.start(), end, value, _FR_MULT[scale.group(1).lower()] if scale else 1))
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
        elif m.group("h24"):  # "20:00"
            value = (int(m.group("h24")), int(m.group("m24")))
        else:
            h = int(m.group("h")) % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
            value = (h, int(m.group("m") or 0))
        time_spans.append((m.start(), m.end()))
        out.append(Quantity("time", value, m.start(), m.end(), m.group()))
    times = Spans(time_spans)
    for m in _EN_NUMBER.finditer(text):
        if times.covers(m.start()):
            continue
        value = _num(m.group("num"), ".") * _EN_MULT.get((m.group("mult") or "").lower(), 1)
        kind = _money_kind(m.group("unit"), m.group("cur")) or "number"
        # the span is the figure itself ("2.5 million", "$25 million", "3.2%"), not a unit word after it
        unit = m.group("unit") or ""
        end = m.end() if unit in ("%",) or not unit else (m.end("mult") if m.group("mult") else m.end("num"))
        if m.group("abbr"):  # "€1.5m", "$40k" are amounts in millions and thousands; "25m" alone is metres
            value, end = (value * _EN_MULT[m.group("abbr").lower()], m.end("abbr")) if m.group("cur") else (value, m.end("num"))
        out.append(Quantity(kind if kind != "money" else "number", round(value, 6), m.start(), end, text[m.start():end]))
    for m in _EN_WORD.finditer(text):
        if m.group("tens"):
            value = _EN_TENS[m.group("tens").lower()] + {**{w: n + 1 for n, w in enumerate(_EN_UNITS)}, **_EN_UNIT_ORD}[m.group("unit").lower()]
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
    return out


def beside_a_figure(text: str, start: int, end: int) -> bool:
    """Whether the English month at text[start:end] has a day or a year beside it: "March 3", "March 2021",
    "3 March", "the 3rd March" (not "in 2016 May became")."""
    return bool(re.match(r"[ \u00a0]+\d|,?[ \u00a0]+\d{4}\b", text[end:end + 12])
                or re.search(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?[ \u00a0]+$", text[max(0, start - 12):start]))


def _a_date(text: str, m: re.Match) -> bool:
    """Whether the English month at `m` reads as a date (see _EN_MONTH)."""
    before, after = text[max(0, m.start() - 12):m.start()], text[m.end():m.end() + 12]
    opener = _TIME_OPENER.search(before)
    if _CAPITAL_WORD.search(before) and not opener:
        return False  # "Long March 5", "the Women's March", "Thousands March"
    if beside_a_figure(text, m.start(), m.end()):
        return True
    if re.match(r"[ \u00a0]+[A-Z]", after):
        return False  # "April Ryan", "in March Madness"
    if m.group(1) == "May":  # Theresa May where a verb follows: "since May left", "On Tuesday May told MPs"
        return bool(opener) and not re.search(r"\b(?:of|by)[ \u00a0]$", before, re.I) and not _MAY_ACTS.match(after)
    return bool(opener)


def _french_words(words: str) -> float | None:
    """"vingt-et-un" 21, "soixante-dix" 70, "quatre-vingt-dixième" 90, "trois" 3, "milliers" 1000."""
    if words in _FR_COUNTS:
        return _FR_COUNTS[words]
    total, current = 0.0, 0.0
    for w in re.split(r"[- ]", words):
        n = _FR_UNITS.get(w, _FR_ROOTS.get(w))
        if n is None:
            return None
        if n in (100, 1000):
            current = (current or 1) * n
            if n == 1000:
                total, current = total + current, 0.0
        elif w in ("vingt", "vingtième") and current and current % 100 == 4:  # quatre-vingt(s)
            current = current - 4 + 80
        else:
            current += n
    value = total + current
    return value if value >= 1 and words not in ("un", "une", "et") else None


def _roman(r: str) -> int | None:
    values = [_ROMAN[c] for c in r]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if 0 < total <= 30 else None


# "un tiers", "les deux tiers", "trois quarts", "la moitié": a share of a whole, which English news often gives as a
# percentage ("a third" as "33%", "two thirds" as "66%" or "67%"). "tiers" alone is also "third party" ("pays
# tiers", "un tiers de confiance" is rare in news beside "un tiers des"): a count word must come before it.
_FR_SHARE = re.compile(rf"""(?<![\w-])(?:
      (?P<count>un|une|deux|trois|le|les{_SP}+deux|les{_SP}+trois){_SP}+(?P<part>tiers|quarts?)
    | (?P<half>moitié)
    )(?![\w-])""", re.X | re.I)
_SHARE_COUNTS = {"un": 1, "une": 1, "le": 1, "deux": 2, "les deux": 2, "trois": 3, "les trois": 3}


def french_shares(text: str) -> list[Quantity]:
    """Fractions written in words ("un tiers" 1/3, "les deux tiers" 2/3, "un quart" 1/4, "la moitié" 1/2), kind
    "share": forms a percentage of the translation may take (see `share_percents`), never a figure of their own."""
    out = []
    for m in _FR_SHARE.finditer(text):
        if m.group("half"):
            value = 0.5
        else:
            count = _SHARE_COUNTS[re.sub(_SP + "+", " ", m.group("count").lower())]
            value = count / (3 if m.group("part").lower() == "tiers" else 4)
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
