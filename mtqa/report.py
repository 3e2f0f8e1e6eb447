"""A batch's results, read errors and summary: what every writer renders."""

from __future__ import annotations

from array import array
from bisect import insort
from collections import Counter
from dataclasses import dataclass, field

from mtqa import __version__
from mtqa.engine import Result
from mtqa.formats.readers import ReadError
from mtqa.issues import Severity


class Tally:
    """The summary's running counts, fed one result at a time: what a streamed batch keeps instead of its results.
    It holds a float per document (the scores, for an exact median: 8 bytes each, 80 MB for 10 million documents),
    the five worst documents, and the texts of documents that carry a reference (corpus BLEU/chrF++/TER need them)."""

    WORST = 5

    def __init__(self, fail_on: Severity, fail_under: float | None):
        self.fail_on, self.fail_under = fail_on, fail_under
        self.documents = self.failing = self.with_text = 0
        self.by_severity: Counter = Counter()
        self.by_family: Counter = Counter()
        self.scores = array("d")
        self.worst: list[tuple] = []  # (score, position, path, id), the lowest scores, earliest first on ties
        self.hypotheses: list[str] = []
        self.references: list[str] = []

    def add(self, r: Result) -> None:
        for i in r.issues:
            self.by_severity[str(i.severity)] += 1
            self.by_family[family_of(i.rule)] += 1
        self.failing += r.fails(self.fail_on, self.fail_under)
        self.with_text += bool(r.document.text.strip() or (r.document.source or "").strip())  # E007: a source, no copy
        self.scores.append(r.score)
        entry = (r.score, self.documents, r.document.path, r.document.id)
        if len(self.worst) < self.WORST or entry < self.worst[-1]:
            insort(self.worst, entry)
            del self.worst[self.WORST:]
        if r.document.reference:
            self.hypotheses.append(r.document.text)
            self.references.append(r.document.reference)
        self.documents += 1

    @classmethod
    def of(cls, results: list[Result], fail_on: Severity, fail_under: float | None) -> "Tally":
        tally = cls(fail_on, fail_under)
        for r in results:
            tally.add(r)
        return tally


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)
    signature: str = ""
    fail_on: Severity = Severity.MAJOR
    fail_under: float | None = None
    interrupted: bool = False
    stream: object | None = field(default=None, repr=False)  # a writer with .document(result): results are not kept
    resumed: tuple[int, int] = (0, 0)  # with --resume: documents restored from the state, documents checked now
    _tally: Tally | None = field(default=None, repr=False)
    _metrics: dict = field(default_factory=dict, repr=False)
    _metrics_for: tuple | None = field(default=None, repr=False)

    def add(self, result: Result) -> None:
        """One more result: kept in `results`, or with a stream, counted and handed to the stream's writer."""
        if self.stream is None:
            self.results.append(result)
            return
        if self._tally is None:
            self._tally = Tally(self.fail_on, self.fail_under)
        self._tally.add(result)
        self.stream.document(result)

    def tally(self) -> Tally:
        if self.stream is not None:
            return self._tally or Tally(self.fail_on, self.fail_under)
        return Tally.of(self.results, self.fail_on, self.fail_under)

    def failing(self) -> list[Result]:
        return [r for r in self.results if r.fails(self.fail_on, self.fail_under)]

    def gate_failed(self) -> bool:
        return bool(self.errors) or bool(self.tally().failing)

    def summary(self) -> dict:
        t = self.tally()
        scores = sorted(t.scores)
        return {
            "version": __version__,
            "signature": self.signature,
            "documents": t.documents,
            "failed_to_read": len(self.errors),
            "failing_gate": t.failing,
            "issues": sum(t.by_severity.values()),
            "by_severity": dict(sorted(t.by_severity.items())),
            "by_family": dict(sorted(t.by_family.items())),
            "score": {
                "mean": round(sum(scores) / len(scores), 2) if scores else None,
                "min": scores[0] if scores else None,
                # of an even count, the mean of the two middle scores (the upper one alone made [60, 100] 100)
                "median": round((scores[(len(scores) - 1) // 2] + scores[len(scores) // 2]) / 2, 2) if scores else None,
                "max": scores[-1] if scores else None,
            },
            "worst": [{"path": path, "id": id_, "score": score} for score, _, path, id_ in t.worst],
            "interrupted": self.interrupted,
            **({"metrics": self._corpus_metrics(t)} if t.hypotheses else {}),
        }

    def corpus_metrics(self) -> dict:
        """Corpus-level BLEU/chrF++/TER, computed once: several writers ask for the summary."""
        return self._corpus_metrics(self.tally())

    def _corpus_metrics(self, t: Tally) -> dict:
        key = (len(t.hypotheses), hash(tuple(t.hypotheses)), hash(tuple(t.references)))
        if self._metrics_for != key:
            from mtqa.metrics import corpus_metrics

            self._metrics = corpus_metrics(t.hypotheses, t.references)
            self._metrics_for = key
        return self._metrics


def family_of(code: str) -> str:
    """The family prefix of a rule code: letters before the number (CAL012 -> CAL, HARPER:X -> HARPER)."""
    head = code.split(":", 1)[0]
    return head.rstrip("0123456789") or head
