"""A batch's results, read errors and summary: what every writer renders."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from mtqa import __version__
from mtqa.engine import Result
from mtqa.formats.readers import ReadError
from mtqa.issues import Severity


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)
    signature: str = ""
    fail_on: Severity = Severity.MAJOR
    fail_under: float | None = None
    interrupted: bool = False
    _metrics: dict = field(default_factory=dict, repr=False)
    _metrics_for: tuple | None = field(default=None, repr=False)

    def failing(self) -> list[Result]:
        return [r for r in self.results if r.fails(self.fail_on, self.fail_under)]

    def gate_failed(self) -> bool:
        return bool(self.errors) or bool(self.failing())

    def summary(self) -> dict:
        by_sev: Counter = Counter()
        by_family: Counter = Counter()
        for r in self.results:
            for i in r.issues:
                by_sev[str(i.severity)] += 1
                by_family[family_of(i.rule)] += 1
        scores = sorted(r.score for r in self.results)
        worst = sorted(self.results, key=lambda r: r.score)[:5]
        return {
            "version": __version__,
            "signature": self.signature,
            "documents": len(self.results),
            "failed_to_read": len(self.errors),
            "failing_gate": len(self.failing()),
            "issues": sum(by_sev.values()),
            "by_severity": dict(sorted(by_sev.items())),
            "by_family": dict(sorted(by_family.items())),
            "score": {
                "mean": round(sum(scores) / len(scores), 2) if scores else None,
                "min": scores[0] if scores else None,
                "median": scores[len(scores) // 2] if scores else None,
                "max": scores[-1] if scores else None,
            },
            "worst": [{"path": r.document.path, "id": r.document.id, "score": r.score} for r in worst],
            "interrupted": self.interrupted,
            **({"metrics": self.corpus_metrics()} if any(r.document.reference for r in self.results) else {}),
        }

    def corpus_metrics(self) -> dict:
        """Corpus-level BLEU/chrF++/TER, computed once: several writers ask for the summary."""
        with_ref = [r for r in self.results if r.document.reference]
        key = tuple(id(r) for r in with_ref)
        if self._metrics_for != key:
            from mtqa.metrics import corpus_metrics

            self._metrics = corpus_metrics([r.document.text for r in with_ref], [r.document.reference for r in with_ref])
            self._metrics_for = key
        return self._metrics


def family_of(code: str) -> str:
    """The family prefix of a rule code: letters before the number (CAL012 -> CAL, HARPER:X -> HARPER)."""
    head = code.split(":", 1)[0]
    return head.rstrip("0123456789") or head
