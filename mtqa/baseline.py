"""Baselines: record accepted findings so a gate fails only on new ones.

A finding is fingerprinted by rule, document (path and record id) and a hash of the flagged text with a
little context on both sides, never by offsets, so edits elsewhere in the file do not break the match. The path is
taken relative to the baseline file's folder, so a file named copy/a.txt, ./copy/a.txt or by its absolute path,
from any working folder, is the same document."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections import Counter
from pathlib import Path

from mtqa.errors import MtqaError
from mtqa.formats.readers import ReadError, is_url
from mtqa.report import Report
from mtqa.safeio import read_regular_file

CONTEXT = 20
# 2: the context stops at a line break, so a paragraph added or edited next to a finding leaves it recorded (in 1 the
# context ran on into the neighbouring paragraph); files of version 1 are still read, with their own fingerprints
VERSION = 2
READ_VERSIONS = (1, 2)


class Recorded(Counter):
    """A baseline's fingerprints (each with its count of occurrences) and the version they were made with."""

    version = VERSION


def document_path(path: str | None, baseline: str) -> str:
    """A document's path as a baseline at `baseline` records it: relative to the baseline's folder (standard
    input and URLs as they are)."""
    if not path or path == "-" or is_url(path):
        return path or "-"
    return Path(os.path.relpath(os.path.abspath(path), os.path.dirname(os.path.abspath(baseline)))).as_posix()


def fingerprint(doc, issue, baseline: str, version: int = VERSION) -> str:
    text = doc.text
    before, after = text[max(0, issue.start - CONTEXT):issue.start], text[issue.end:issue.end + CONTEXT]
    if version >= 2:
        before, after = before.rpartition("\n")[2], after.partition("\n")[0]
    before, after = " ".join(before.split()), " ".join(after.split())
    key = "\x1f".join([issue.rule, document_path(doc.path, baseline), doc.id or "", before, text[issue.start:issue.end], after])
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]  # a file name may not be UTF-8


def create_baseline(engine, items, output: str, errors: list | None = None) -> tuple[int, int]:
    """Record every finding of `items` (Documents and ReadErrors) in `output`; returns (findings, documents).
    Read errors and documents that cannot be checked are appended to `errors`; nothing is written when no
    document could be checked."""
    from mtqa.errors import DocumentError

    errors = errors if errors is not None else []
    counts: Counter = Counter()
    documents = 0
    for item in items:
        if isinstance(item, ReadError):
            errors.append(item)
            continue
        try:
            result = engine.check(item)
        except DocumentError as exc:
            errors.append(ReadError(item.path or "-", f"record {item.id}: {exc}" if item.id else str(exc)))
            continue
        documents += 1
        counts.update(fingerprint(item, i, output) for i in result.issues)
    if documents:
        from mtqa.safeio import atomic_write_text

        data = {"version": VERSION, "tool": "mtqa", "fingerprints": dict(sorted(counts.items()))}
        if output == "-":  # standard output; paths are then taken relative to the working folder
            sys.stdout.write(json.dumps(data, indent=1) + "\n")
        else:
            atomic_write_text(output, json.dumps(data, indent=1) + "\n")
    return sum(counts.values()), documents


def load_baseline(path: str) -> Recorded:
    """The recorded fingerprints, validated: a wrong file is an error naming it, before any check runs."""
    try:
        data = json.loads(read_regular_file(path).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise MtqaError(f"{path}: not a baseline file (not UTF-8 text)") from None
    except OSError as exc:
        raise MtqaError(f"cannot read baseline {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise MtqaError(f"{path}: not a baseline file (invalid JSON at line {exc.lineno})") from None
    except ValueError:  # a number of more digits than Python converts (4,300)
        raise MtqaError(f"{path}: not a baseline file (a number has more than {sys.get_int_max_str_digits():,} "
                        "digits); recreate it with `mtqa baseline create`") from None
    except RecursionError:
        raise MtqaError(f"{path}: not a baseline file (JSON nested too deeply); recreate it with "
                        "`mtqa baseline create`") from None
    if not isinstance(data, dict) or type(data.get("version")) is not int or data["version"] not in READ_VERSIONS \
            or not isinstance(data.get("fingerprints"), dict):
        raise MtqaError(f"{path}: not an mtqa baseline (expected version {VERSION}); recreate it with `mtqa baseline create`")
    for key, value in data["fingerprints"].items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise MtqaError(f"{path}: fingerprint {key!r} has count {json.dumps(value)}, expected a whole number >= 0; "
                            "recreate the file with `mtqa baseline create`")
    recorded = Recorded(data["fingerprints"])
    recorded.version = data["version"]
    return recorded


def filter_new(report: Report, baseline: str, loaded: Recorded | None = None) -> int:
    """Drop findings recorded in the baseline file (`loaded`: its fingerprints, already read; each recorded
    occurrence absorbs one finding); return how many."""
    loaded = loaded if loaded is not None else load_baseline(baseline)
    remaining, version = Counter(loaded), loaded.version
    dropped = 0
    for r in report.results:
        kept = []
        for i in r.issues:
            fp = fingerprint(r.document, i, baseline, version)
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
