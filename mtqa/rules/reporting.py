"""Doubled reporting verbs (REP003): "said announced the Pentagon", "indicated said", "has said announced"."""

from __future__ import annotations

import re
from functools import cache

from mtqa.nlp import english_tagger
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


def _is_verb_pile_up(doc_text: str, start: int, tagger) -> bool:
    """Part-of-speech evidence: the second verb is a verb, not an adjective ("said added costs were")."""
    sent_start = max(doc_text.rfind(".", 0, start), doc_text.rfind("\n", 0, start)) + 1
    sent_end = doc_text.find("\n", start)
    sent_end = len(doc_text) if sent_end == -1 else sent_end
    parsed = tagger(doc_text[sent_start:sent_end])
    rel = start - sent_start
    tokens = [t for t in parsed if t.idx >= rel]
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
    for pos in _verb_pairs(text):
        m = _pattern().match(text, pos)
        if not m or not _is_verb_pile_up(text, m.start("v1"), english_tagger(ctx)):
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
