"""Subject-verb agreement (AGR) after a plural noun subject: "the discussions was", "the losses is".
The embedded grammar checker only checks agreement after pronouns; MT gets noun subjects wrong too."""

from __future__ import annotations

import re

from mtqa.nlp import english_tagger
from mtqa.rules.base import rule

_CANDIDATE = re.compile(r"\b(?P<noun>[a-z][a-z'’-]*[^s'’\W]s)[ \t]+(?P<verb>is|was|has)\b")
_PLURAL_VERB = {"is": "are", "was": "were", "has": "have"}
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
    bad=[("According to an official, the discussions [[was]] long.", "were"), ("The losses [[is]] growing every day.", "are")],
    good=["The news is bad.", "Two years is a long time.", "Politics is a tough business.",
          "The talks were long, and the outcome is unclear.", "The rise in prices is worrying."],
)
def plural_subject_singular_verb(doc, ctx):
    text = doc.text
    parses: dict[int, tuple] = {}  # each sentence parsed once, however many candidates it holds
    for m in _CANDIDATE.finditer(text):
        if m.group("noun").lower() in _AMOUNTS:
            continue
        sentence = doc.sentence_at(m.start())
        if sentence is None:
            continue
        if sentence.start not in parses:
            parsed = english_tagger(ctx)(sentence.text)
            parses[sentence.start] = (parsed, {t.idx: t.i for t in parsed})
        parsed, at = parses[sentence.start]
        noun_at = m.start("noun") - sentence.start
        verb_at = m.start("verb") - sentence.start
        noun = parsed[at[noun_at]] if noun_at in at else None
        verb = parsed[at[verb_at]] if verb_at in at else None
        if noun is None or verb is None or noun.tag_ != "NNS" or not noun.dep_.startswith("nsubj"):
            continue
        if noun.head.i != verb.i and verb.head.i != noun.head.i:
            continue  # (spaCy makes a new Token object on each access: compare positions, not identity)
        singular = m.group("verb")
        yield plural_subject_singular_verb.issue(
            doc, m.start("verb"), m.end("verb"),
            f"\"{m.group('noun')}\" is plural: the verb should be \"{_PLURAL_VERB[singular]}\".", [_PLURAL_VERB[singular]])
