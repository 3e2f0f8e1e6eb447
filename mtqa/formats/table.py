"""One row per document for spreadsheets: CSV or JSONL with path, id, words, score, counts by family, metrics."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from mtqa.report import Report, family_of


def rows(report: Report) -> list[dict]:
    families = sorted({family_of(i.rule) for r in report.results for i in r.issues})
    out = [full_row(*document_row(r, report.fail_on, report.fail_under), families) for r in report.results]
    out.extend(error_row(e) for e in report.errors)
    return out


def document_row(r, fail_on, fail_under) -> tuple[dict, dict, dict]:
    """(the fixed columns, issue counts by family, metrics) of one document's row."""
    sev = Counter(str(i.severity) for i in r.issues)
    row = {"path": r.document.path, "id": r.document.id, "words": r.words, "score": r.score,
           "issues": len(r.issues), "minor": sev["minor"], "major": sev["major"], "critical": sev["critical"],
           "fails_gate": r.fails(fail_on, fail_under)}
    counts = dict(Counter(family_of(i.rule) for i in r.issues))
    metrics = {k: v for k, v in (r.metrics or {}).items() if not isinstance(v, dict)}
    return row, counts, metrics


def full_row(row: dict, counts: dict, metrics: dict, families: list[str]) -> dict:
    """A document's row with a column for every family of the batch (0 where it has none)."""
    return {**row, **{f"family_{f}": counts.get(f, 0) for f in families}, **metrics}


def error_row(e) -> dict:
    return {"path": e.path, "id": None, "error": e.message}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(row: dict) -> dict:
    """The row for a CSV file: a text cell that a spreadsheet would run as a formula (it begins with = + - @, a tab
    or a carriage return: a record id or a path taken from the input) gets a leading apostrophe, which spreadsheet
    programs read as "this cell is text". Numbers are left as they are."""
    return {k: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) and v != "-" else v
            for k, v in row.items()}


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
    writer.writerows(map(spreadsheet_safe, data))
    return buf.getvalue()
