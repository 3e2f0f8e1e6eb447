"""JSON writer: the contract other tools read (see README, "The JSON contract")."""

from __future__ import annotations

import json

from mtqa import __version__
from mtqa.report import Report


def document_dict(r) -> dict:
    d = {
        "path": r.document.path,
        "id": r.document.id,
        "words": r.words,
        "score": r.score,
        "issues": [i.to_dict() for i in r.issues],
        "complete": r.complete,  # false when the time budget (max-check-seconds) skipped some rules
    }
    if r.skipped:
        d["skipped"] = list(r.skipped)
    if r.metrics:
        d["metrics"] = r.metrics
    return d


def render(report: Report) -> str:
    return json.dumps(
        {
            "version": __version__,
            "documents": [document_dict(r) for r in report.results],
            "errors": [{"path": e.path, "message": e.message} for e in report.errors],
            "summary": report.summary(),
        },
        ensure_ascii=False,
        indent=2,
    ) + "\n"
