"""Which Harper lints run by default: the ones that earn their cost on news copy, chosen by measurement.

Harper with all its default lints took 84% of the pipeline's time while most of its ~900 lints never fire on
news; parsing alone is about 40 times faster. `harper-lints = "news"` (the default) runs only the lints below;
`harper-lints = "all"` (or `--harper-lints all`) runs Harper's own default set.

How the list was chosen (benchmarks/realdata.py, dev folds only; docs/quality.md has every lint's figures):
a lint stays when its flags on real MT (Google and Bing output of French news, WMT23 MQM segments) fall on
words that post-editors or expert raters marked at least 0.6 of the time, or when it names an unambiguous
confusion that was right every time it fired; it goes when it was mostly wrong (CurrencyPlacement 0.46,
SplitWords 0.43, MissingPreposition 0.20, OrthographicConsistency 0.08, UpdatePlaceNames, QuiteQuiet, ...),
when it is house-style advice already ignored in configs/default.toml, or when it duplicates an mtqa rule
(RepeatedWords: REP001; UnclosedQuotes: QUO001), or when it was right on MT no more often than it was
wrong on the professionally edited copy of the dev fold (ToTwoToo, ModalBeAdjective, ObsessPreposition:
a handful of flags each, every one on correct English in the edited copy). MergeWords came back after a second
reading: on the tune fold its one MT flag was right and its one flag on the edited copy was a real misspelling
("di Caprio"); the held-out fold confirmed it (MT flags right 6 times of 7, "Viet Nam" for Vietnam; on the edited
copy "nano tubes", and one false flag, "Lega to"). The grammar cases of tests/grammar_cases.py need the
agreement, a/an, their/there, past-participle and "could of" lints, which are here.
"""

from __future__ import annotations

NEWS_LINTS: tuple[str, ...] = (
    # spelling (names are filtered by mtqa.grammar.names; UK forms accepted under house-style auto)
    "SpellCheck",
    # agreement and verb forms
    "PronounVerbAgreement",
    "PronounInflectionBe",
    "SimplePastToPastParticiple",
    "SingleBe",
    "WillNonLemma",
    "ModalOf",
    "AllowTo",
    "MultipleSequentialPronouns",
    "PronounContraction",
    # articles and countability ("a agreement", "informations", "a butchering of")
    "AnA",
    "MassNouns",
    # confusable words
    "TheirToTheyre",
    "ThereToTheir",
    "TheirToThere",
    "ItsContraction",
    "PossessiveYour",
    "ThatThis",
    "ThinkKnowOff",
    "NominalWants",
    # fixed phrases MT gets wrong
    "PayForPrice",
    "GoSoFarAsTo",
    "ToAdverb",
    "TheLastDays",
    "AdjectiveDoubleDegree",
    "Overnight",
    "PassionateAbout",
    "AWhile",
    # typography
    "EllipsisLength",
    "DotInitialisms",
    # words split in two ("nano tubes", "Viet Nam")
    "MergeWords",
)

# The lints whose first suggestion `mtqa fix` (and the review's Accept all) may apply without a person: a fixed
# phrase or a typographic form with one right answer. The others are shown with their suggestions but marked
# `review`: on real MT of French news (300 Google and Bing documents of the development data, every automatic
# edit read beside the French) Harper's agreement and confusable-word lints fire on garbled sentences, where their
# fix is wrong as often as right ("its refining" -> "it's refining" for "son raffinage", "pay for their" -> "pay for
# there", "she ready" -> "she readies" for the adjective "prête", "a passion for" -> "passion for"). SpellCheck is
# decided word by word (see mtqa.grammar.harper.sure_respelling).
SAFE_FIXES: frozenset[str] = frozenset({
    "SpellCheck", "AnA", "ModalOf", "WillNonLemma", "PayForPrice", "GoSoFarAsTo", "ToAdverb", "TheLastDays",
    "Overnight", "PassionateAbout", "EllipsisLength", "DotInitialisms", "MergeWords",
})
# Not AdjectiveDoubleDegree: "more bigger" -> "bigger" is right, but "more younger voters" (a larger number of them)
# is correct English that its fix would turn into "younger voters"
