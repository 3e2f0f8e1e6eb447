"""Repetition family (REP): doubled words and doubled spaces, the simplest defects MT and editing leave."""

from __future__ import annotations

import re

from mtqa.rules.base import rule

# Words that may legitimately be doubled in English ("that that", "had had", "is is" in quoted speech aside).
_LEGIT_DOUBLES = {"that", "had", "is", "bye", "no", "very", "so", "ha", "knock", "tut", "chop", "night", "go", "there", "win", "do", "bora", "walla"}
# every further copy belongs to the same finding ("the the the"): its fix keeps one, so a second run finds none
# a word is looked at only where a space follows it within 60 characters: each apostrophe of a long run of
# "a’a’a’..." opens a new word, and reading every one to the run's end was quadratic
_DOUBLED = re.compile(r"\b(?=[\w’']{1,60}[ \t])(?P<word>[A-Za-z][\w’']*)(?:[ \t]+(?P=word))+(?![\w’'-])", re.I)
_DOUBLE_SPACE = re.compile(r"(?<=\S)(?P<gap>[ \u00a0]{2,})(?=\S)")


@rule(
    code="REP001",
    name="doubled-word",
    family="repetition",
    category="Fluency/Grammar",
    severity="major",
    summary="The same word twice in a row, such as \"the the\" or \"in in\".",
    why="A doubled word is the most visible sign of careless post-editing; readers notice it at once.",
    use_instead="Keep one copy of the word.",
    fix_safety="Safe: the fix deletes the second copy. Words that English doubles on purpose (\"had had\", \"that that\") are not flagged. A capitalised word twice that is no common English word gets no fix: it may be a name that doubles (\"Sirhan Sirhan\"), or two names with the word between them lost.",
    bad=[("Officials said [[the the]] talks failed.", "the"), ("The vote took place [[in in]] Paris.", "in"),
         ("[[The the]] talks failed.", "The"), ("Sales grew faster at [[Renault Renault]] had forecast.", None)],
    good=["He said that that decision had had no effect.", "The the-word appears in quotes.", "Paris, Paris and Lyon."],
)
def doubled_word(doc, ctx):
    for m in _DOUBLED.finditer(doc.text):
        word = m.group("word")
        if word.lower() in _LEGIT_DOUBLES:
            continue
        if _name_twice(doc.text, m):  # no fix: deleting one copy is wrong either way
            yield doubled_word.issue(doc, m.start(), m.end(), f"\"{word}\" twice in a row: a name that doubles "
                                     "(\"Sirhan Sirhan\") is right as it is; otherwise a word between the two was lost.")
            continue
        yield doubled_word.issue(doc, m.start(), m.end(), f"\"{word}\" is repeated.", [word])


def _name_twice(text: str, m) -> bool:
    """The same capitalised word twice that is no common English word, wherever it stands: a name that doubles
    ("Sirhan Sirhan was convicted"), or a name pair that lost the word between them ("taller than Schmidt" as
    "taller Schmidt Schmidt"), not a stutter to delete ("The The talks", "New New York")."""
    from mtqa.frequencies import zipf_frequency

    word = m.group("word")
    return (word[:1].isupper() and not word.isupper() and len(set(m.group().split())) == 1
            and zipf_frequency(word.lower(), "en") < 4.0)


@rule(
    code="REP002",
    name="doubled-space",
    family="repetition",
    category="Fluency/Punctuation",
    severity="minor",
    summary="Two or more spaces between words inside a line.",
    why="Doubled spaces come from pasted or re-joined segments; they break layout in the CMS and hint at a dropped word.",
    use_instead="One space.",
    fix_safety="Safe: the fix replaces the run of spaces with one space, or deletes it before ; : ! ? or % after a word (French spacing, TYP001 and TYP007, whose fix is the same).",
    bad=[("The minister[[  ]]arrived on Friday.", " ")],
    good=["The minister arrived on Friday.\n\nHe left on Monday.", "Indented\n    line stays."],
)
def doubled_space(doc, ctx):
    from mtqa.rules.typography import space_english_deletes

    for m in _DOUBLE_SPACE.finditer(doc.text):
        # one fix for the span, whichever finding on it is applied: else "5  %" became "5 %", and TYP007 was
        # left for a second run
        fix = "" if space_english_deletes(doc.text, m.start(), m.end()) else " "
        yield doubled_space.issue(doc, m.start(), m.end(), "Several spaces in a row.", [fix])
