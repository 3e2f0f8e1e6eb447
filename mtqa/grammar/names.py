"""Names are not typos: decide whether a flagged word is a proper noun, from the document itself, a
named-entity recogniser (spaCy) and the user's accepted vocabulary."""

from __future__ import annotations

import re

_WORD = re.compile(r"[\w’'-]+")
# Lowercase particles inside personal and place names: "Ursula von der Leyen", "Luiz Inácio Lula da Silva".
_PARTICLES = frozenset("von van der den de des del della di da das dos du la le les bin ibn al el ben ter ten zu y".split())
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}|(?:[A-Za-z]\.)+[A-Za-z]")
_ELIDED_NAME = re.compile(r"^(?:d|l|dell|all)['’][A-ZÀ-Ý]")
# a lowercase start, then a capital inside: a brand's own spelling ("teamLab", "iPhone", "eBay"), not a small word
# glued to a name by the MT or a scraper ("theUnited", "leLabour", "byMacron", "saidReuters")
_GLUED = ("the|a|an|and|or|but|nor|of|in|on|at|to|by|with|from|for|into|onto|as|than|that|this|these|those|"
          "said|says|is|was|were|are|be|has|had|have|his|her|its|their|our|after|before|over|under|about|against|"
          "between|during|without|within|via|per|le|la|les|de|du|des|et|en|au|aux|un|une|dans|par|pour|sur")
_INNER_CAPITAL = re.compile(rf"(?!(?:{_GLUED})[A-Z])[a-z]+[A-Z][A-Za-z]*")
_ENTITY_LABELS = {"PERSON", "GPE", "LOC", "ORG", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}


class NameOracle:
    """Answers "is this span a name?" for one document; spaCy runs only on sentences the cheap evidence leaves open."""

    def __init__(self, doc, accept: frozenset, ner=None):
        self.doc = doc
        self.accept = {a.lower() for a in accept}
        self._ner = ner
        self._capitalised_mid_sentence: set[str] | None = None
        self._entity_spans: dict[int, list[tuple[int, int]]] = {}

    def _mid_sentence_caps(self) -> set[str]:
        if self._capitalised_mid_sentence is None:
            found = set()
            for s in self.doc.sentences:
                for n, m in enumerate(_WORD.finditer(s.text)):
                    w = m.group()
                    if n > 0 and w[:1].isupper():
                        found.add(w)
            self._capitalised_mid_sentence = found
        return self._capitalised_mid_sentence

    def is_name(self, start: int, end: int) -> bool:
        word = self.doc.text[start:end]
        if word.lower() in self.accept or word.strip("’'s").lower() in self.accept:
            return True
        if _ABBREVIATION.fullmatch(word):
            return True  # "B.C.", "U.N.": abbreviations are not misspellings
        if _ELIDED_NAME.match(word):
            return True  # "d'Orsay", "l'Aquila": an elided French or Italian article before a name
        if self._inside_hyphenated_name(start, end):
            return True  # "Saint-Priest-les-Vignes"
        if not word[:1].isupper():
            if _INNER_CAPITAL.fullmatch(word):
                return True  # a brand written with an inner capital: teamLab, iPhone, eBay
            # lowercase: only name particles; the recogniser also tags lowercase typos as entities, so it is not asked
            return word.lower() in _PARTICLES and self._between_name_words(start, end)
        if word.isupper() and len(word) > 1:
            return True  # acronyms: NATO, AFP
        if not word.isascii():
            return True  # capitalised words with diacritics in English copy are foreign names: Zupančič, Émile
        if not self._at_sentence_start(start) or word in self._mid_sentence_caps():
            return True
        if self._next_or_previous_capitalised(start, end):
            return True  # part of a multi-word name: "Sergei Shoigu" at the start of a sentence
        return self._entity(start, end)

    def _inside_hyphenated_name(self, start: int, end: int) -> bool:
        text = self.doc.text
        if not ((start > 0 and text[start - 1] == "-") or (end < len(text) and text[end:end + 1] == "-")):
            return False
        left = start
        while left > 0 and (text[left - 1].isalnum() or text[left - 1] in "-'’"):
            left -= 1
        right = end
        while right < len(text) and (text[right].isalnum() or text[right] in "-'’"):
            right += 1
        parts = [p for p in re.split(r"-", text[left:right]) if p]
        return sum(1 for p in parts if p[:1].isupper()) >= 2

    def _between_name_words(self, start: int, end: int) -> bool:
        """A particle followed (possibly through other particles) by a capitalised word: "von der Leyen"."""
        for m in re.finditer(r"[ \t]+([\w’'-]+)", self.doc.text[end:end + 60]):
            w = m.group(1)
            if w[:1].isupper():
                return True
            if w.lower() not in _PARTICLES:
                return False
        return False

    def _at_sentence_start(self, start: int) -> bool:
        s = self.doc.sentence_at(start)
        if s is None:
            return True
        first = _WORD.search(s.text)
        return first is not None and s.start + first.start() == start

    def _next_or_previous_capitalised(self, start: int, end: int) -> bool:
        text = self.doc.text
        after = re.match(r"[ \t]+([\w’'-]+)", text[end:end + 40])
        before = re.search(r"([\w’'-]+)[ \t]+$", text[max(0, start - 40):start])
        return bool((after and after.group(1)[:1].isupper()) or (before and before.group(1)[:1].isupper()
                    and not self._at_sentence_start(start - len(before.group(0)))))

    def _entity(self, start: int, end: int) -> bool:
        s = self.doc.sentence_at(start) if self._ner is not None else None
        if s is None:
            return False
        if s.start not in self._entity_spans:
            parsed = self._ner(s.text)
            self._entity_spans[s.start] = [
                (s.start + e.start_char, s.start + e.end_char) for e in parsed.ents if e.label_ in _ENTITY_LABELS
            ]
        return any(a <= start and end <= b for a, b in self._entity_spans[s.start])
