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
            level = "error" if i.severity >= report.fail_on else _COMMAND[str(i.severity)]
            props = [f"file={_escape_prop(doc.path or 'stdin')}"]
            if "record" in doc.meta:
                # a record of a multi-record file: the line it starts on, when its reader knows it (not a line of
                # the target text, which the file escapes or wraps), else the file as a whole
                props += [f"line={doc.meta['line']}"] if doc.meta.get("line") else []
            else:
                line, col = doc.line_col(i.start)
                end_line, end_col = doc.line_col(i.end)
                props += [f"line={line}", f"col={col}", f"endColumn={end_col}" if end_line == line else f"endLine={end_line}"]
            props.append(f"title={_escape_prop(i.rule + (' ' + doc.id if doc.id else ''))}")
            lines.append(f"::{level} {','.join(props)}::{_escape_data(i.message)}")
    for e in report.errors:
        where = (f",line={e.line}" if e.line else "") + (f",col={e.column}" if e.line and e.column else "")
        lines.append(f"::error file={_escape_prop(e.path)}{where},title=E001::{_escape_data(e.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
