"""GitHub Actions workflow commands: one ::error/::warning/::notice annotation per finding."""

from __future__ import annotations

from mtqa.report import Report

_COMMAND = {"minor": "notice", "major": "warning", "critical": "error"}


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for r in report.results:
        doc = r.document
        for i in r.issues:
            line, col = doc.line_col(i.start)
            end_line, end_col = doc.line_col(i.end)
            level = "error" if i.severity >= report.fail_on else _COMMAND[str(i.severity)]
            props = [f"file={_escape_prop(doc.path or 'stdin')}", f"line={line}", f"col={col}"]
            if end_line == line:
                props.append(f"endColumn={end_col}")
            else:
                props.append(f"endLine={end_line}")
            props.append(f"title={_escape_prop(i.rule + (' ' + doc.id if doc.id else ''))}")
            lines.append(f"::{level} {','.join(props)}::{_escape_data(i.message)}")
    for e in report.errors:
        lines.append(f"::error file={_escape_prop(e.path)},title=E001::{_escape_data(e.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
