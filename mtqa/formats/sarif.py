"""SARIF 2.1.0 writer: one run, the rules under tool.driver.rules, one result per finding with a fix."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from mtqa import __version__
from mtqa.document import Utf16Offsets
from mtqa.formats.ruledocs import find_rule
from mtqa.report import Report

_LEVEL = {"minor": "note", "major": "warning", "critical": "error"}


def _utf16(doc, offset: int) -> int:
    """A code-point offset of the document's text in UTF-16 code units, SARIF's unit for columns and character
    offsets (the run says columnKind utf16CodeUnits): a character beyond U+FFFF (an emoji) is two."""
    return doc.memo("utf16-offsets", lambda: Utf16Offsets(doc.text))(offset)


def _column(doc, offset: int) -> tuple[int, int]:
    """1-based line and UTF-16 column of an offset (a leading byte order mark is no column, as in line_col)."""
    line, col = doc.line_col(offset)
    line_start = doc.text.rfind("\n", 0, offset) + 1
    return line, col + (_utf16(doc, offset) - offset) - (_utf16(doc, line_start) - line_start)


def _region(doc, start: int, end: int) -> dict | None:
    """The finding's region in the file. A record of a multi-record file has its text escaped or wrapped there:
    the record's first line when its reader knows it (None otherwise), its offsets in the record's own text kept
    as properties."""
    if "record" in doc.meta:
        if not doc.meta.get("line"):
            return None
        return {"startLine": doc.meta["line"], "snippet": {"text": doc.text[start:end]},
                "properties": {"recordOffset": start, "recordLength": end - start}}
    line, col = _column(doc, start)
    end_line, end_col = _column(doc, end)
    return {
        "startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col,
        "charOffset": _utf16(doc, start), "charLength": _utf16(doc, end) - _utf16(doc, start),
        "snippet": {"text": doc.text[start:end]},
    }


def _uri(path: str | None) -> str:
    """The path as a URI reference, as SARIF requires: "#", "%", spaces and non-ASCII letters percent-encoded from
    the name's bytes (a file name that is not UTF-8 keeps its own byte: %FF)."""
    if not path or path == "-":
        return "stdin"
    return quote(os.fsencode(Path(path).as_posix()), safe="/")


def _rule_descriptor(code: str) -> dict:
    r = find_rule(code)
    if r is None:  # grammar backends and internal findings
        return {"id": code, "shortDescription": {"text": code}}
    sections = r.doc_sections()
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": sections["Why it matters in news copy"]},
        "help": {"text": "\n\n".join(f"{k}: {v}" for k, v in sections.items())},
        "defaultConfiguration": {"level": _LEVEL[str(r.severity)]},
        "properties": {"category": r.category, "family": r.family},
    }


def document_results(res, codes: list[str]) -> list[dict]:
    """The SARIF results of one document's findings; `codes` (the run's rules, in order of first use) grows."""
    doc = res.document
    uri = _uri(doc.path)
    results = []
    for i in res.issues:
        if i.rule not in codes:
            codes.append(i.rule)
        location = {"physicalLocation": {"artifactLocation": {"uri": uri}}}
        region = _region(doc, i.start, i.end)
        if region is not None:
            location["physicalLocation"]["region"] = region
        if doc.id:
            location["logicalLocations"] = [{"name": doc.id, "kind": "record"}]
        result = {
            "ruleId": i.rule,
            "ruleIndex": codes.index(i.rule),
            "level": _LEVEL[str(i.severity)],
            "message": {"text": i.message},
            "locations": [location],
            "properties": {"category": i.category, "severity": str(i.severity), "origin": i.origin,
                           **({"confidence": i.confidence} if i.confidence is not None else {}),
                           **({"review": True} if i.review else {})},
        }
        if i.suggestions and not doc.id and not i.review:  # a guess for a person is no fix a tool may apply
            result["fixes"] = [{
                "description": {"text": f"Replace with {i.suggestions[0]!r}" if i.suggestions[0] else "Delete"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri},
                    "replacements": [{
                        "deletedRegion": {"charOffset": _utf16(doc, i.start),
                                          "charLength": _utf16(doc, i.end) - _utf16(doc, i.start)},
                        "insertedContent": {"text": i.suggestions[0]},
                    }],
                }],
            }]
        results.append(result)
    return results


def _error_region(e) -> dict:
    """Where a read error stands in its file, when the reader knows (a record's or a bad byte's line)."""
    if not getattr(e, "line", None):
        return {}
    region = {"startLine": e.line}
    if e.column:
        region["startColumn"] = getattr(e, "utf16_column", None) or e.column  # the run counts UTF-16 code units
    return {"region": region}


def error_results(errors, codes: list[str]) -> list[dict]:
    """One E001 result per read error."""
    results = []
    for e in errors:
        if "E001" not in codes:
            codes.append("E001")
        results.append({
            "ruleId": "E001", "ruleIndex": codes.index("E001"), "level": "error",
            "message": {"text": e.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(e.path)}, **_error_region(e)}}],
        })
    return results


def envelope(codes: list[str], results, signature: str, interrupted: bool = False) -> dict:
    """The SARIF log of one run around `results`; an interrupted run (Ctrl-C, SIGTERM) says so in its invocation,
    so an upload step can tell a partial report from a whole one."""
    invocation: dict = {"executionSuccessful": not interrupted}
    if interrupted:
        invocation["toolExecutionNotifications"] = [{
            "level": "error", "message": {"text": "interrupted: the results cover only the documents checked before"}}]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "mtqa",
                "version": __version__,
                "informationUri": "https://example.invalid/mtqa",
                "rules": [_rule_descriptor(c) for c in codes],
            }},
            "invocations": [invocation],
            "columnKind": "utf16CodeUnits",
            "results": results,
            "properties": {"signature": signature},
        }],
    }


def render(report: Report) -> str:
    codes: list[str] = []
    results = [r for res in report.results for r in document_results(res, codes)]
    results += error_results(report.errors, codes)
    return json.dumps(envelope(codes, results, report.signature, report.interrupted), ensure_ascii=False, indent=2) + "\n"


def write_streamed(write, codes: list[str], results, signature: str, interrupted: bool = False) -> None:
    """The text render() gives, written piece by piece: `results` (an iterable, e.g. read back from a spool) are
    written one at a time inside the envelope, each indented as json.dumps indents it at that depth."""
    marker = "\x00results\x00"
    head, tail = json.dumps(envelope(codes, marker, signature, interrupted), ensure_ascii=False,
                            indent=2).split(json.dumps(marker))
    write(head)
    first = True
    for result in results:
        write(("[\n" if first else ",\n") + "        " + json.dumps(result, ensure_ascii=False, indent=2).replace("\n", "\n        "))
        first = False
    write("[]" if first else "\n      ]")
    write(tail + "\n")
