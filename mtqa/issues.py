"""Findings (Issue), their severities and MQM categories, merging of overlapping findings, fixes and the score."""

from __future__ import annotations

import enum
from bisect import bisect_left, insort
from dataclasses import dataclass, field, replace
from typing import Iterable

from mtqa.spans import Spans


class Severity(enum.IntEnum):
    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    @classmethod
    def parse(cls, value: "str | Severity") -> "Severity":
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r}: use minor, major or critical") from None

    def __str__(self) -> str:
        return self.name.lower()


# Penalty points per severity, as in the WMT MQM practice.
PENALTY = {Severity.MINOR: 1, Severity.MAJOR: 5, Severity.CRITICAL: 25}

CATEGORIES = (
    "Fluency/Grammar",
    "Fluency/Spelling",
    "Fluency/Punctuation",
    "Fluency/Inconsistency",
    "Fluency/Register",
    "Style/Awkward",
    "Accuracy/Mistranslation",
    "Accuracy/Omission",
    "Accuracy/Addition",
    "Accuracy/Untranslated",
    "Locale convention",
    "Other",
)


@dataclass(frozen=True)
class Issue:
    """One finding: a half-open span [start, end) of the document's target text."""

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestions: tuple[str, ...] = ()
    origin: str = "rules"
    related: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    confidence: float | None = field(default=None, compare=False)  # neural findings: how sure, 0.5 to 1
    # the first suggestion is a guess a person should confirm ("franceinfo" -> "franchise"): `mtqa fix` and the
    # review's Accept all leave it; it is still shown, and a person may accept it
    review: bool = field(default=False, compare=False)
    # the edits accepting the first suggestion makes elsewhere in the copy: a finding about the whole document
    # (SPL001: every other word of the less used spelling variety, respelled with the first)
    also: tuple["Edit", ...] = field(default=(), compare=False)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": str(self.severity),
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "origin": self.origin,
            "confidence": self.confidence,
            "review": self.review,
        }


def _specificity(issue: Issue) -> tuple:
    # mtqa's own rules explain news-copy defects better than a general grammar backend
    return (issue.origin in ("rules", "neural"), issue.severity, len(issue.message))


def merge_issues(issues: Iterable[Issue]) -> list[Issue]:
    """One finding per span and defect: findings on the same span are merged, the most specific explanation
    wins, and the suggestions of all of them are kept (best first). Two of mtqa's own findings of different MQM
    categories on one span (a mistranslated sentence next to which another was dropped) stay apart."""
    by_span: dict[tuple, list[Issue]] = {}
    for issue in issues:
        by_span.setdefault((issue.start, issue.end), []).append(issue)
    merged = []
    for group in by_span.values():
        own = [i for i in group if i.origin in ("rules", "neural")]
        own.sort(key=_specificity, reverse=True)
        categories = list(dict.fromkeys(i.category for i in own)) or [None]
        for n, category in enumerate(categories):
            members = [i for i in own if i.category == category]
            if n == 0:  # the grammar backend's findings join the first (most specific) one
                members += [i for i in group if i not in own]
            members.sort(key=_specificity, reverse=True)
            best = members[0]
            suggestions = list(dict.fromkeys(s for i in members for s in i.suggestions))
            origins = "+".join(dict.fromkeys(i.origin for i in members))
            # the first suggestion is the fix: a guess stays a guess when it comes first ("deliver" for an
            # untranslated "délitera" that BIL004 flags without a fix of its own)
            first = next((i for i in members if i.suggestions), best)
            merged.append(replace(best, suggestions=tuple(suggestions), origin=origins, review=first.review))
    merged.sort(key=lambda i: (i.start, i.end, i.rule))
    return merged


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str


UNTRANSLATED = "Accuracy/Untranslated"


def choose_fixes(issues: Iterable[Issue], neural: bool = True) -> list[Edit]:
    """The first suggestion of every fixable issue, keeping only non-overlapping edits.

    Wider edits win over the edits they contain (deleting a repeated paragraph also removes the
    findings inside it); among the rest, earlier spans win. With neural=False, suggestions that only the neural
    layer makes (model output: a re-translation, a deleted paraphrase) are left for a person to accept, as are
    suggestions marked for review at any time. Nothing inside text left untranslated is fixed but that text
    itself: English fixes of French words ("a" -> "an" of "a annoncé") only garble it."""
    issues = list(issues)
    own = {(i.start, i.end) for i in issues if i.category == UNTRANSLATED}
    untranslated = Spans(own)
    candidates = sorted(
        (i for i in issues if i.suggestions and not i.review and (neural or i.origin != "neural")
         and ((i.start, i.end) in own or not untranslated.contains(i.start, i.end))),
        key=lambda i: (-(i.end - i.start), i.start),
    )
    chosen: list[Edit] = []
    # the chosen spans by (start, end): they never overlap, so their ends rise with their starts, and the one that
    # starts last before an issue ends is the one that reaches furthest (a bisection, not a scan of every edit)
    taken: list[tuple[int, int]] = []
    def free(start: int, end: int) -> bool:
        k = bisect_left(taken, (end, -1))  # the chosen spans that start before this one ends
        return not (k and taken[k - 1][1] > start)

    for issue in candidates:
        if not free(issue.start, issue.end):
            continue
        insort(taken, (issue.start, issue.end))
        chosen.append(Edit(issue.start, issue.end, issue.suggestions[0]))
    for issue in candidates:  # a document-wide finding's edits elsewhere, where nothing else was chosen
        if issue.also and Edit(issue.start, issue.end, issue.suggestions[0]) in chosen:
            for e in issue.also:
                if free(e.start, e.end):
                    insort(taken, (e.start, e.end))
                    chosen.append(e)
    chosen.sort(key=lambda e: (e.start, e.end))
    return chosen


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits; raises ValueError if two of them overlap."""
    out = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start}")
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def penalty_points(issues: Iterable[Issue]) -> int:
    return sum(PENALTY[i.severity] for i in issues)


def quality_score(issues: Iterable[Issue], words: int) -> float:
    """MQM-style score: 100 x (1 - penalty points / words), clamped to [0, 100].

    Equivalently 100 minus the penalty points per 100 words. An empty document scores 100
    unless it has findings (then 0)."""
    points = penalty_points(issues)
    if words <= 0:
        return 100.0 if points == 0 else 0.0
    return round(max(0.0, 100.0 * (1.0 - points / words)), 2)


def fold_into_untranslated(issues: list[Issue]) -> list[Issue]:
    """Spelling findings inside a passage already reported as untranslated are the French words themselves:
    they are folded into that finding (reported once, and never "fixed" word by word into English)."""
    passages = [i for i in issues if i.category == "Accuracy/Untranslated"]
    if not passages:
        return issues
    folded: dict[int, int] = {}
    kept = []
    for i in issues:
        home = next((n for n, p in enumerate(passages) if i.category == "Fluency/Spelling"
                     and p.start <= i.start and i.end <= p.end), None)
        if home is None:
            kept.append(i)
        else:
            folded[home] = folded.get(home, 0) + 1
    if not folded:
        return issues
    notes = {id(p): n for p, n in ((passages[h], n) for h, n in folded.items())}
    return [replace(i, message=f"{i.message} ({notes[id(i)]} unknown word(s) in it are part of this finding.)")
            if id(i) in notes else i for i in kept]
