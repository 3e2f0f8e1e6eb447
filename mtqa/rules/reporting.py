"""Doubled reporting verbs (REP003): "said announced the Pentagon", "indicated said", "has said announced"."""

from __future__ import annotations

import re
from functools import cache

from mtqa.nlp import english_parse
from mtqa.resources import data_path
from mtqa.rules.base import rule, whole_word_hits

_FINITE = {"VBD", "VBZ", "VBP", "MD"}


@cache
def _verbs() -> tuple[str, ...]:
    return tuple(
        ln.strip().lower()
        for ln in data_path("corpora", "reporting_verbs.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    )


@cache
def _pattern() -> re.Pattern:
    alt = "|".join(sorted(map(re.escape, _verbs()), key=len, reverse=True))
    # Tried only where two reporting verbs touch; an inverted attribution ends the sentence:
    # ", said announced the Pentagon."
    return re.compile(
        rf"""(?P<v1>{alt})[ \t]+(?P<v2>{alt})\b
        (?:[ \t]+(?P<subject>(?:the[ \t]+)?[\w'’-]+(?:[ \t]+[\w'’-]+){{0,5}}?)(?=[ \t]*(?:[.;!?]|$)))?""",
        re.X | re.I | re.M,
    )


@cache
def _automaton():
    import ahocorasick

    a = ahocorasick.Automaton()
    for v in _verbs():
        a.add_word(v, (len(v), v))
    a.make_automaton()
    return a


def _verb_pairs(text: str):
    """Start offsets of two reporting verbs separated only by spaces: one pass of an Aho-Corasick automaton."""
    previous_start, previous_end = -1, -10
    for start, end, _ in whole_word_hits(_automaton(), text):
        gap = text[previous_end:start]
        if previous_end > 0 and gap and gap.strip(" \t") == "":
            yield previous_start
        previous_start, previous_end = start, end


_WINDOW = 5000  # characters of a line parsed at once: the tagger and parser only look a few words around


def _window_starts(text: str, start: int, end: int) -> list[int]:
    """Where the parse windows of the line text[start:end] begin: the whole line when it is short, otherwise
    pieces of at most _WINDOW characters cut after a sentence end (or a space)."""
    starts = [start]
    pos = start
    while end - pos > _WINDOW:
        cut = text.rfind(". ", pos + 1, pos + _WINDOW)
        if cut >= 0:
            cut += 1
        else:
            cut = text.rfind(" ", pos + 1, pos + _WINDOW)
        pos = cut + 1 if cut >= 0 else pos + _WINDOW
        starts.append(pos)
    return starts


class _Parses:
    """Each sentence (or, when the sentence splitter cuts a verb pair or a sentence is very long, each line or
    window of a long line) holding a verb pair is parsed once, whatever the number of pairs in it; the token at an
    offset is found by binary search. This keeps the rule linear in the length of the text, and the tagger's work
    to the sentences that need it: a paragraph costs the tagger several times what its one sentence does."""

    def __init__(self, doc, ctx):
        self.doc, self.ctx = doc, ctx
        self._windows: dict[int, list[int]] = {}

    def _span(self, offset: int, needed_end: int) -> tuple[int, int] | None:
        """Where the text parsed for a pair from offset to needed_end starts and ends."""
        from bisect import bisect_right

        sentence = self.doc.sentence_at(offset)
        if sentence is not None and sentence.start <= offset and needed_end <= sentence.end \
                and sentence.end - sentence.start <= _WINDOW:
            return sentence.start, sentence.end
        line = self.doc.line_at(offset)
        if line is None:
            return None
        if line.start not in self._windows:
            self._windows[line.start] = _window_starts(self.doc.text, line.start, line.end)
        starts = self._windows[line.start]
        n = bisect_right(starts, offset) - 1
        return starts[n], (starts[n + 1] if n + 1 < len(starts) else line.end)

    def tokens_from(self, offset: int, needed_end: int):
        """The parsed tokens of the text around offset (up to needed_end at least) from the first one starting at
        or after offset."""
        from bisect import bisect_left

        span = self._span(offset, needed_end)
        if span is None:
            return []
        start, end = span
        parsed, idx = english_parse(self.doc, self.ctx, start, end)
        return parsed[bisect_left(idx, offset - start):]


def _is_verb_pile_up(tokens) -> bool:
    """Part-of-speech evidence: the second verb is a verb, not an adjective ("said added costs were")."""
    if len(tokens) < 2:
        return False
    v2 = tokens[1]
    if v2.dep_ == "amod" or not v2.tag_.startswith("VB"):
        return False
    after = tokens[2:4]
    # "said declared war was unlikely": the second verb modifies a noun that has its own verb
    if len(after) == 2 and after[0].tag_.startswith("NN") and after[1].tag_ in _FINITE:
        return False
    return True


@rule(
    code="REP003",
    name="doubled-reporting-verb",
    family="repetition",
    category="Fluency/Grammar",
    severity="major",
    summary="Two attribution verbs in a row, such as \"said announced\" or \"indicated said\", often in a French-style inverted attribution (\", said announced the Pentagon.\").",
    why="French wire copy attributes with \"a annoncé le Pentagone\"; MT often renders the verb twice and keeps the inverted order. Readers see a garbled attribution in the most quoted sentence of the story.",
    use_instead="Keep one verb, usually \"said\", and put the subject first: \", the Pentagon said.\"",
    fix_safety="Review: the first suggestion keeps the first verb and, for an inverted attribution, restores subject-verb order. A part-of-speech tagger keeps adjectival uses (\"said added costs were\") from being flagged.",
    bad=[
        ("No problems were resolved, [[said announced the Pentagon]].", "the Pentagon said"),
        ("The minister [[said announced]] that talks would resume.", "said"),
        ("The ministry has [[said announced]] a new plan.", "said"),
        ("Officials [[indicated said]] the border was closed.", "said"),
    ],
    good=[
        "He said added costs were too high.",
        "The firm said announced plans would be delayed.",
        "The minister said on Friday that talks would resume, the ministry announced.",
        "She said declared war was unlikely.",
    ],
)
def doubled_reporting_verb(doc, ctx):
    text = doc.text
    parses = None
    for pos in _verb_pairs(text):
        m = _pattern().match(text, pos)
        if not m:
            continue
        parses = parses or _Parses(doc, ctx)
        if not _is_verb_pile_up(parses.tokens_from(m.start("v1"), m.end("v2"))):
            continue
        inverted = re.search(r",[ \t]*$", text[max(0, pos - 4):pos]) is not None
        v1, v2, subject = m.group("v1"), m.group("v2"), m.group("subject")
        # "said" is the neutral attribution verb of English news: keep it when it is one of the two
        keep, other = (v2, v1) if v2.lower() in ("said", "says") and v1.lower() not in ("said", "says") else (v1, v2)
        if subject and inverted:
            start, end = m.start("v1"), m.end("subject")
            suggestions = [f"{subject} {keep.lower()}", f"{keep.lower()} {subject}", f"{subject} {other.lower()}"]
            message = f"Two reporting verbs (\"{v1} {v2}\") in an inverted attribution: keep one and put the subject first."
        else:
            start, end = m.start("v1"), m.end("v2")
            suggestions = [keep, other]
            message = f"Two reporting verbs in a row (\"{v1} {v2}\"): keep one."
        yield doubled_reporting_verb.issue(doc, start, end, message, suggestions)
