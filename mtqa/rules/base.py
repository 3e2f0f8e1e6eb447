"""What a rule is: a small record with a stable code, its explanation, its examples and a check function."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

from mtqa.issues import Edit, Issue, Severity

if TYPE_CHECKING:
    from mtqa.document import Document
    from mtqa.engine import Context

_MARKER = re.compile(r"\[\[(.*?)\]\]", re.S)


@dataclass(frozen=True)
class Example:
    """A must-flag example: the span to flag is marked [[like this]]; `fix` is the expected suggestion."""

    marked: str
    fix: str | None = None
    source: str | None = None  # for source-aware rules: the French the example translates

    @property
    def text(self) -> str:
        return _MARKER.sub(lambda m: m.group(1), self.marked)

    @property
    def span(self) -> tuple[int, int]:
        m = _MARKER.search(self.marked)
        if not m:
            raise ValueError(f"example has no [[marker]]: {self.marked!r}")
        start = m.start()
        return start, start + len(m.group(1))


@dataclass(frozen=True)
class Rule:
    """One rule. `check` yields Issues for a document; the engine applies selection and severity overrides."""

    code: str
    name: str
    family: str
    category: str
    severity: Severity
    summary: str
    why: str
    use_instead: str
    fix_safety: str
    bad: tuple[Example, ...]
    good: tuple  # clean texts; for source-aware rules (text, source) pairs
    check: Callable[["Document", "Context"], Iterable[Issue]] = field(compare=False, repr=False)
    default_enabled: bool = True
    needs_source: bool = False
    neural: bool = False  # runs with the neural layer (--neural), or when selected by code
    requires: str | None = None  # a model the user provides: a [mtqa.neural] key such as "qe-model"

    def issue(
        self,
        doc: "Document",
        start: int,
        end: int,
        message: str,
        suggestions: Iterable[str] = (),
        related: Iterable[tuple[int, int]] = (),
        confidence: float | None = None,
        review: bool = False,
        also: Iterable[Edit] = (),
    ) -> Issue:
        suggestions = tuple(suggestions)
        return Issue(
            rule=self.code,
            category=self.category,
            severity=self.severity,
            start=start,
            end=end,
            text=doc.text[start:end],
            message=message,
            suggestions=suggestions,
            origin="neural" if self.neural else "rules",
            related=tuple(related),
            confidence=None if confidence is None else round(float(confidence), 3),
            review=review and bool(suggestions),
            also=tuple(also) if suggestions else (),
        )

    def doc_sections(self) -> dict[str, str]:
        return {
            "What it flags": self.summary,
            "Why it matters in news copy": self.why,
            "Use instead": self.use_instead,
            "Fix safety": self.fix_safety,
        }


def rule(**kwargs) -> Callable[[Callable], Rule]:
    """Decorator turning a check function into a Rule with the given metadata."""

    def wrap(fn: Callable) -> Rule:
        kwargs.setdefault("severity", Severity.MINOR)
        kwargs["severity"] = Severity.parse(kwargs["severity"])
        kwargs["bad"] = tuple(e if isinstance(e, Example) else Example(*e) for e in kwargs.get("bad", ()))
        kwargs["good"] = tuple(kwargs.get("good", ()))
        return Rule(check=fn, **kwargs)

    return wrap


# a period that ends an abbreviation or an initial, not a sentence: "U.S.", "a.m.", "Inc.", "Jr.", "No.", "John F."
ABBREVIATION_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Inc|Ltd|Co|Corp|Jr|Sr|etc|vs|al|No|Bros|Gen|Gov|Sen|Rep|[A-Z])"
                              r"|\.[A-Za-z])\.$")


def whole_word_hits(automaton, text: str):
    """(start, end, payload) for every automaton key found in `text` as whole words, case-insensitively.
    Keys are lowercase; values are (key length, payload). Offsets index `text` itself."""
    lowered = text.lower()
    if len(lowered) != len(text):  # rare characters whose lowercase is longer: keep offsets exact
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    n = len(text)
    for end_index, (length, payload) in automaton.iter(lowered):
        start = end_index - length + 1
        if (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")) or (
            end_index + 1 < n and text[end_index + 1].isalnum()
        ):
            continue
        yield start, end_index + 1, payload


def keep_case(template: str, matched: str) -> str:
    """Give a suggestion the capitalisation of the text it replaces (sentence start stays capitalised)."""
    if matched[:1].isupper() and template[:1].islower():
        return template[:1].upper() + template[1:]
    return template
