"""Subject-verb agreement (AGR) after a plural noun subject: "the discussions was", "the losses is".
The embedded grammar checker only checks agreement after pronouns; MT gets noun subjects wrong too."""

from __future__ import annotations

import re
from bisect import bisect_left

from mtqa.nlp import english_parse
from mtqa.rules.base import rule

_CANDIDATE = re.compile(r"\b(?P<det>\w+)[ \t]+(?P<noun>[a-z][a-z'’-]*[^s'’\W]s)[ \t]+(?P<verb>is|was|has)\b")
# The noun must follow a determiner: on real MT, a plural noun deeper in a noun phrase ("the ITV shares has", "the
# big loser European mechanisms was") or after no determiner ("Woo Hispanic voters is") was as often not the
# subject. Determiners that only go with plurals make any such noun a plural subject; the others leave out the
# plural-looking nouns English takes as singular ("Argentine politics is", "this species has").
_PLURAL_DETERMINERS = {"these", "those", "many", "several", "both", "few", "various", "numerous", "two", "three", "four",
                       "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozens", "hundreds", "thousands"}
_DETERMINERS = {"the", "its", "their", "his", "her", "our", "your", "my", "all", "some", "most", "other", "such"}
_SINGULAR_IN_S = {"news", "species", "series", "means", "headquarters", "crossroads", "whereabouts", "diabetes",
                  "measles", "mumps", "billiards", "lens", "bus", "gas", "plus", "bias", "chaos", "ethos", "thesis",
                  "analysis", "basis", "crisis", "status", "virus", "census", "consensus", "campus", "bonus", "focus"}
_PLURAL_VERB = {"is": "are", "was": "were", "has": "have"}
_END_MARK = re.compile(r"[.!?]")
# plural measure nouns take a singular verb as an amount ("two years is a long time")
_AMOUNTS = {"years", "months", "weeks", "days", "hours", "minutes", "seconds", "dollars", "euros", "pounds",
            "miles", "kilometers", "kilometres", "meters", "metres", "percent", "tons", "tonnes", "points"}


@rule(
    code="AGR001",
    name="plural-subject-singular-verb",
    family="agreement",
    category="Fluency/Grammar",
    severity="major",
    summary="A plural noun subject with a singular verb: \"the discussions was\", \"the losses is\".",
    why="French verb endings do not map one-to-one on English ones, and MT often loses the plural; readers notice at once.",
    use_instead="The plural verb: are, were, have.",
    fix_safety="Safe: a part-of-speech tagger confirms the noun is a plural subject of that verb; amounts (\"two years is\") are not flagged.",
    bad=[("According to an official, the discussions [[was]] long.", "were"), ("The losses [[is]] growing every day.", "are"),
         ("Although these countries [[has]] not recovered, growth is back.", "have"),
         ("Once these constraints [[is]] clear, the rest is simple.", "are")],
    good=["The news is bad.", "Two years is a long time.", "Politics is a tough business.",
          "The talks were long, and the outcome is unclear.", "The rise in prices is worrying.",
          "Argentine politics is still divided.", "This species has an unusual skull.",
          "Winning over rural voters is a complicated business.",
          "The purchase of the ITV shares has raised doubts.", "The economics is simple.",
          "He asked, \"How many divisions has the Pope?\"."],
)
def plural_subject_singular_verb(doc, ctx):
    text = doc.text
    for m in _CANDIDATE.finditer(text):
        noun_text, det = m.group("noun").lower(), m.group("det").lower()
        if noun_text in _AMOUNTS:
            continue
        if det not in _PLURAL_DETERMINERS and (det not in _DETERMINERS or noun_text in _SINGULAR_IN_S
                                                or noun_text.endswith("ics")):
            continue  # no determiner before the noun, or a singular noun in -s ("politics", "species")
        sentence = doc.sentence_at(m.start())
        if sentence is None:
            continue
        end_mark = _END_MARK.search(text, m.end(), sentence.end)
        if end_mark and end_mark.group() == "?":
            continue  # a question inverts subject and verb: "How many divisions has the Pope?"
        # each sentence parsed once, however many candidates it holds
        parsed, idx = english_parse(doc, ctx, sentence.start, sentence.end)
        noun = _token_at(parsed, idx, m.start("noun") - sentence.start)
        verb = _token_at(parsed, idx, m.start("verb") - sentence.start)
        if noun is None or verb is None or noun.tag_ != "NNS" or not noun.dep_.startswith("nsubj"):
            continue
        if noun.head.i != verb.i and verb.head.i != noun.head.i:
            continue  # (spaCy makes a new Token object on each access: compare positions, not identity)
        singular = m.group("verb")
        yield plural_subject_singular_verb.issue(
            doc, m.start("verb"), m.end("verb"),
            f"\"{m.group('noun')}\" is plural: the verb should be \"{_PLURAL_VERB[singular]}\".", [_PLURAL_VERB[singular]])


def _token_at(parsed, idx: list[int], offset: int):
    """The token that starts exactly at offset, or None."""
    i = bisect_left(idx, offset)
    return parsed[i] if i < len(idx) and idx[i] == offset else None
