"""Baselines: record accepted findings so a gate fails only on new ones.

A finding is fingerprinted by rule, document (path and record id) and a hash of the flagged text with a
little context on both sides, never by offsets, so edits elsewhere in the file do not break the match."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from mtqa.errors import MtqaError
from mtqa.formats.readers import ReadError
from mtqa.report import Report

CONTEXT = 20
VERSION = 1


def fingerprint(doc, issue) -> str:
    text = doc.text
    before = " ".join(text[max(0, issue.start - CONTEXT):issue.start].split())
    after = " ".join(text[issue.end:issue.end + CONTEXT].split())
    key = "\x1f".join([issue.rule, doc.path or "-", doc.id or "", before, text[issue.start:issue.end], after])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def create_baseline(engine, items, output: str) -> int:
    counts: Counter = Counter()
    for item in items:
        if isinstance(item, ReadError):
            continue
        result = engine.check(item)
        counts.update(fingerprint(item, i) for i in result.issues)
    data = {"version": VERSION, "tool": "mtqa", "fingerprints": dict(sorted(counts.items()))}
    try:
        Path(output).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise MtqaError(f"cannot write baseline {output}: {exc.strerror}") from None
    return sum(counts.values())


def load_baseline(path: str) -> Counter:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise MtqaError(f"cannot read baseline {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise MtqaError(f"{path}: not a baseline file (invalid JSON at line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("fingerprints"), dict):
        raise MtqaError(f"{path}: not an mtqa baseline (expected version {VERSION}); recreate it with `mtqa baseline create`")
    return Counter({k: int(v) for k, v in data["fingerprints"].items()})


def filter_new(report: Report, path: str) -> int:
    """Drop findings recorded in the baseline (each recorded occurrence absorbs one finding); return how many."""
    remaining = load_baseline(path)
    dropped = 0
    for r in report.results:
        kept = []
        for i in r.issues:
            fp = fingerprint(r.document, i)
            if remaining[fp] > 0:
                remaining[fp] -= 1
                dropped += 1
            else:
                kept.append(i)
        if len(kept) != len(r.issues):
            from mtqa.issues import quality_score

            r.issues = kept
            r.score = quality_score(kept, r.words)
    return dropped
