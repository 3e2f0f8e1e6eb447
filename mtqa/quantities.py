"""Numbers, amounts, percentages, times and weekdays in French and English text, normalised so that
"1,5 million" == "1.5 million", "10 000" == "10,000", "14 h 30" == "2:30 p.m.", "25 M$" == "$25 million",
"vendredi" == "Friday"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SP = "[ \u00a0\u202f]"


@dataclass(frozen=True)
class Quantity:
    kind: str  # number | percent | money | time | weekday
    value: object
    start: int
    end: int
    text: str


_FR_MULT = {"million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "mille": 1e3, "md": 1e9, "mds": 1e9, "m": 1e6, "k": 1e3}
_EN_MULT = {"million": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3, "trillion": 1e12, "m": 1e6}
_FR_DAYS = {"lundi": "monday", "mardi": "tuesday", "mercredi": "wednesday", "jeudi": "thursday", "vendredi": "friday", "samedi": "saturday", "dimanche": "sunday"}
_EN_DAYS = {d: d for d in _FR_DAYS.values()}
_EN_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
             "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12}

_FR_NUMBER = re.compile(
    rf"""(?<![\w,.])(?P<num>\d{{1,3}}(?:(?:{_SP}|\.)\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d])
    (?:{_SP}*(?P<mult>millions?|milliards?|mille|Mds?|M|k)\b)?
    (?:{_SP}*(?P<unit>%|pour{_SP}cent|€|\$|£|euros?\b|dollars?\b|d'euros|de{_SP}dollars))?""",
    re.X | re.I,
)
_FR_TIME = re.compile(rf"\b(?P<h>[01]?\d|2[0-3]){_SP}?h(?:{_SP}?(?P<m>[0-5]\d))?\b")
_EN_NUMBER = re.compile(
    rf"""(?P<cur>[$€£])?(?<![\w.])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])
    (?:{_SP}*(?P<mult>million|billion|bn|thousand|trillion)\b)?
    (?:{_SP}*(?P<unit>%|percent|per{_SP}cent|euros?\b|dollars?\b|pounds?\b))?""",
    re.X | re.I,
)
_EN_TIME = re.compile(r"\b(?P<h>1[0-2]|0?\d)(?::(?P<m>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)|\b(?P<word>noon|midnight)\b", re.I)
_EN_WORD = re.compile(r"\b(" + "|".join(_EN_WORDS) + r")\b", re.I)
_DAY = re.compile(r"\b(" + "|".join(list(_FR_DAYS) + list(_EN_DAYS)) + r")\b", re.I)


def _num(raw: str, decimal: str) -> float:
    if decimal == ",":
        raw = re.sub(rf"(?:{_SP}|\.)(?=\d{{3}}\b)", "", raw).replace(",", ".")
    else:
        raw = raw.replace(",", "")
    return float(raw)


def _money_kind(unit: str | None, cur: str | None = None) -> str | None:
    u = (unit or "").lower()
    if cur or u in ("€", "$", "£") or "euro" in u or "dollar" in u or "pound" in u:
        return "money"
    if u in ("%", "percent") or "cent" in u:
        return "percent"
    return None


def french(text: str) -> list[Quantity]:
    out = []
    times = [(m.start(), m.end()) for m in _FR_TIME.finditer(text)]
    for m in _FR_TIME.finditer(text):
        out.append(Quantity("time", (int(m.group("h")), int(m.group("m") or 0)), m.start(), m.end(), m.group()))
    for m in _FR_NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in times):
            continue
        value = _num(m.group("num"), ",") * _FR_MULT.get((m.group("mult") or "").lower(), 1)
        kind = _money_kind(m.group("unit")) or "number"
        out.append(Quantity(kind if kind != "money" else "number", round(value, 6), m.start(), m.end(), m.group().strip()))
    for m in _DAY.finditer(text):
        day = m.group(1).lower()
        if day in _FR_DAYS:
            out.append(Quantity("weekday", _FR_DAYS[day], m.start(), m.end(), m.group()))
    return out


def english(text: str) -> list[Quantity]:
    out = []
    times = []
    for m in _EN_TIME.finditer(text):
        if m.group("word"):
            value = (12, 0) if m.group("word").lower() == "noon" else (0, 0)
        else:
            h = int(m.group("h")) % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
            value = (h, int(m.group("m") or 0))
        times.append((m.start(), m.end()))
        out.append(Quantity("time", value, m.start(), m.end(), m.group()))
    for m in _EN_NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in times):
            continue
        value = _num(m.group("num"), ".") * _EN_MULT.get((m.group("mult") or "").lower(), 1)
        kind = _money_kind(m.group("unit"), m.group("cur")) or "number"
        # the span is the figure itself ("2.5 million", "$25 million", "3.2%"), not a unit word after it
        unit = m.group("unit") or ""
        end = m.end() if unit in ("%",) or not unit else (m.end("mult") if m.group("mult") else m.end("num"))
        out.append(Quantity(kind if kind != "money" else "number", round(value, 6), m.start(), end, text[m.start():end]))
    for m in _EN_WORD.finditer(text):
        out.append(Quantity("word", float(_EN_WORDS[m.group(1).lower()]), m.start(), m.end(), m.group()))
    for m in _DAY.finditer(text):
        day = m.group(1).lower()
        if day in _EN_DAYS:
            out.append(Quantity("weekday", day, m.start(), m.end(), m.group()))
    return out


def key(q: Quantity) -> tuple:
    """What must match across languages: spelled-out English numbers count as plain numbers."""
    return ("number", q.value) if q.kind == "word" else (q.kind, q.value)
