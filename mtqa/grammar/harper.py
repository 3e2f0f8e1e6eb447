"""The embedded grammar and spelling backend: Harper (harper-py), in-process and offline."""

from __future__ import annotations

import logging
import re
import threading

from mtqa.config import Config
from mtqa.errors import MtqaError
from mtqa.grammar.names import NameOracle
from mtqa.issues import Issue, Severity

log = logging.getLogger(__name__)

PREFIX = "HARPER:"

_CATEGORY = {
    "Spelling": "Fluency/Spelling",
    "Capitalization": "Fluency/Spelling",
    "Punctuation": "Fluency/Punctuation",
    "Formatting": "Fluency/Punctuation",
    "Agreement": "Fluency/Grammar",
    "Grammar": "Fluency/Grammar",
    "Repetition": "Fluency/Grammar",
    "Miscellaneous": "Fluency/Grammar",
    "WordChoice": "Fluency/Grammar",
    "Usage": "Fluency/Grammar",
    "Eggcorn": "Fluency/Grammar",
    "Malapropism": "Fluency/Grammar",
    "Typo": "Fluency/Spelling",
    "Redundancy": "Style/Awkward",
    "Style": "Style/Awkward",
    "Readability": "Style/Awkward",
    "Enhancement": "Style/Awkward",
}
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_ACRONYM_NEXT = re.compile(r"\s*[A-Z]{2,}\b")
_ONE_WORD = re.compile(r"[\w'’.-]+")
_WORD_KINDS = {"Spelling", "WordChoice", "Typo", "Miscellaneous", "Eggcorn", "Malapropism", "Usage"}
_MAJOR_KINDS = {"Agreement", "Grammar", "Repetition"}


class HarperBackend:
    name = "harper"

    def __init__(self, config: Config):
        try:
            import harper
        except ImportError:
            raise MtqaError("the Harper backend needs harper-py: pip install harper-py (or set grammar = \"none\")") from None
        self.version = _version()
        self.config = config
        dialect = harper.Dialect.BRITISH if config.house_style == "uk" else harper.Dialect.AMERICAN
        self.linter = harper.Linter(dialect)
        lint_config = self.linter.get_lint_config()
        if config.harper_lints == "news":
            from mtqa.grammar.harper_lints import NEWS_LINTS

            chosen = set(NEWS_LINTS)
            lint_config = {name: name in chosen for name in lint_config}
        for code in config.ignore:
            if code.startswith(PREFIX) and code[len(PREFIX):] in lint_config:
                lint_config[code[len(PREFIX):]] = False
        self.linter.set_lint_config(lint_config)
        if config.accept:
            self.linter.import_words(sorted(config.accept))
        self.name = f"harper-{self.version}"
        self._lock = threading.Lock()  # a harper Linter must not be entered by two threads at once

    def check(self, doc, ctx) -> list[Issue]:
        from mtqa.nlp import english_ner

        names = NameOracle(doc, self.config.accept, ner=_lazy(lambda: english_ner(ctx)))
        out = []
        with self._lock:
            organized = self.linter.organized_lints(doc.text)
        for rule_name, lints in organized.items():
            for lint in lints:
                start, end = lint.span.start, lint.span.end
                kind = lint.lint_kind
                word = doc.text[start:end]
                if kind in _WORD_KINDS and _ONE_WORD.fullmatch(word) and names.is_name(start, end):
                    continue  # a name is not a misspelling, nor a wrong word ("des Cars")
                suggestions = tuple(s.replacement_text for s in lint.suggestions)
                if kind == "Spelling" and self.config.house_style == "auto" and _ONE_WORD.fullmatch(word) \
                        and _other_variety(word, ctx):
                    continue  # house-style auto accepts UK spelling; SPL001 reports a document that mixes both
                if kind == "Spelling" and word[:1].isupper() and not likely_typo(word, suggestions):
                    continue  # an unknown capitalised word far from any common word is a name ("Anticor, which...")
                if rule_name == "AnA" and _negated_word_after(doc.text, end):
                    continue  # Harper reads "an unidentified" like "a unit"; "un-" + a word takes "an"
                if kind != "Repetition" and (_ACRONYM.search(doc.text, start, end) or _ACRONYM_NEXT.match(doc.text, end)):
                    continue  # "the WHO" is the World Health Organization, not "the who"
                out.append(Issue(
                    rule=PREFIX + rule_name,
                    category=_CATEGORY.get(kind, "Fluency/Grammar"),
                    severity=Severity.MAJOR if kind in _MAJOR_KINDS else Severity.MINOR,
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    message=lint.message,
                    suggestions=suggestions,
                    origin="harper",
                ))
        return out


_NEXT_WORD = re.compile(r"\s+(un)([a-z]{4,})")


def _negated_word_after(text: str, end: int) -> bool:
    """The word after an article is "un" + an English word ("unidentified", "unimportant")."""
    from wordfreq import zipf_frequency

    m = _NEXT_WORD.match(text, end)
    return bool(m) and zipf_frequency(m.group(2), "en") >= 3.5


def _other_variety(word: str, ctx) -> bool:
    from mtqa.grammar.variety import get_probe

    probe = get_probe(ctx)
    return probe is not None and probe.variety(word.lower())[0] == "uk"


def likely_typo(word: str, suggestions: tuple[str, ...]) -> bool:
    """A capitalised unknown word is a typo only when one edit turns it into a common English word
    ("Goverment" -> "Government", "Teh" -> "The"); otherwise it is taken for a name."""
    from rapidfuzz.distance import DamerauLevenshtein
    from wordfreq import zipf_frequency

    return any(DamerauLevenshtein.distance(word.lower(), s.lower()) <= 1 and zipf_frequency(s.lower(), "en") >= 4.5
               for s in suggestions[:3])


def _lazy(factory):
    """A callable that builds the spaCy pipeline only when a name question needs it."""
    holder: dict = {}

    def call(text):
        if "nlp" not in holder:
            holder["nlp"] = factory()
        return holder["nlp"](text)

    return call


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("harper-py")
    except PackageNotFoundError:
        return "unknown"
