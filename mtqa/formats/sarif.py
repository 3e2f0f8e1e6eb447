"""SARIF 2.1.0 writer: one run, the rules under tool.driver.rules, one result per finding with a fix."""

from __future__ import annotations

import json
from pathlib import Path

from mtqa import __version__
from mtqa.formats.ruledocs import find_rule
from mtqa.report import Report

_LEVEL = {"minor": "note", "major": "warning", "critical": "error"}


def _region(doc, start: int, end: int) -> dict:
    line, col = doc.line_col(start)
    end_line, end_col = doc.line_col(end)
    return {
        "startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col,
        "charOffset": start, "charLength": end - start,
        "snippet": {"text": doc.text[start:end]},
    }


def _uri(path: str | None) -> str:
    if not path or path == "-":
        return "stdin"
    return Path(path).as_posix()


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


def render(report: Report) -> str:
    codes: list[str] = []
    results = []
    for res in report.results:
        doc = res.document
        uri = _uri(doc.path)
        for i in res.issues:
            if i.rule not in codes:
                codes.append(i.rule)
            location = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(doc, i.start, i.end)}}
            if doc.id:
                location["logicalLocations"] = [{"name": doc.id, "kind": "record"}]
            result = {
                "ruleId": i.rule,
                "ruleIndex": codes.index(i.rule),
                "level": _LEVEL[str(i.severity)],
                "message": {"text": i.message},
                "locations": [location],
                "properties": {"category": i.category, "severity": str(i.severity), "origin": i.origin,
                               **({"confidence": i.confidence} if i.confidence is not None else {})},
            }
            if i.suggestions and not doc.id:
                result["fixes"] = [{
                    "description": {"text": f"Replace with {i.suggestions[0]!r}" if i.suggestions[0] else "Delete"},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri},
                        "replacements": [{
                            "deletedRegion": {"charOffset": i.start, "charLength": i.end - i.start},
                            "insertedContent": {"text": i.suggestions[0]},
                        }],
                    }],
                }]
            results.append(result)
    for e in report.errors:
        if "E001" not in codes:
            codes.append("E001")
        results.append({
            "ruleId": "E001", "ruleIndex": codes.index("E001"), "level": "error",
            "message": {"text": e.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(e.path)}}}],
        })
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "mtqa",
                "version": __version__,
                "informationUri": "https://example.invalid/mtqa",
                "rules": [_rule_descriptor(c) for c in codes],
            }},
            "results": results,
            "properties": {"signature": report.signature},
        }],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
