"""One row per document for spreadsheets: CSV or JSONL with path, id, words, score, counts by family, metrics."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from mtqa.report import Report, family_of


def rows(report: Report) -> list[dict]:
    families = sorted({family_of(i.rule) for r in report.results for i in r.issues})
    out = []
    for r in report.results:
        counts = Counter(family_of(i.rule) for i in r.issues)
        sev = Counter(str(i.severity) for i in r.issues)
        row = {"path": r.document.path, "id": r.document.id, "words": r.words, "score": r.score,
               "issues": len(r.issues), "minor": sev["minor"], "major": sev["major"], "critical": sev["critical"],
               "fails_gate": r.fails(report.fail_on, report.fail_under)}
        row.update({f"family_{f}": counts[f] for f in families})
        row.update({k: v for k, v in (r.metrics or {}).items() if not isinstance(v, dict)})
        out.append(row)
    for e in report.errors:
        out.append({"path": e.path, "id": None, "error": e.message})
    return out


def render(report: Report, fmt: str) -> str:
    data = rows(report)
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data)
    fields: list[str] = []
    for r in data:
        fields.extend(k for k in r if k not in fields)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    return buf.getvalue()
