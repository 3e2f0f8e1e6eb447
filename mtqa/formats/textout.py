"""Text writer for people: file:line:col, code, message, the line with the span marked, suggestions, summary."""

from __future__ import annotations

from mtqa.report import Report

_COLOURS = {"minor": "\033[36m", "major": "\033[33m", "critical": "\033[31m"}
_RESET, _BOLD = "\033[0m", "\033[1m"


def use_colour(stream) -> bool:
    """Colour for the text report on `stream`: at a terminal, unless NO_COLOR is set (no-color.org);
    FORCE_COLOR asks for it anywhere (a CI log that shows colours). An empty variable counts as unset."""
    import os

    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


# a record's id may hold line breaks (a PO entry is named by its msgid): escaped, so each finding stays on one line
_LINE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\v": "\\v", "\f": "\\f", "\x85": "\\x85",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


# what a terminal would act on rather than show (an escape sequence that clears the screen or sets the window title,
# a line break inside the excerpt, a bidi control that reorders the line): each becomes one visible character, so the
# excerpt's marks still stand under the span. C0 controls get their control picture (ESC shows as U+241B).
_UNSHOWABLE = {c: chr(0x2400 + c) for c in range(0x20) if c != 0x09}
_UNSHOWABLE.update({0x7F: "\u2421", **{c: "\ufffd" for c in range(0x80, 0xA0)}, 0x2028: "\u2424", 0x2029: "\u2424"})
_UNSHOWABLE.update({c: "\ufffd" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)})


def _visible(s: str) -> str:
    return s.translate(_UNSHOWABLE)


def _paint(s: str, code: str, colour: bool) -> str:
    return f"{code}{s}{_RESET}" if colour else s


def render_issues(report: Report, colour: bool = False) -> str:
    out = [line for r in report.results for line in document_lines(r, colour)]
    out.extend(error_lines(report.errors))
    return "\n".join(out) + ("\n" if out else "")


def document_lines(r, colour: bool = False) -> list[str]:
    """One document's findings, each with its excerpt and suggestions (a streamed batch prints them as they come)."""
    out = []
    doc = r.document
    name = _visible(doc.path or "-")
    if doc.id:
        name = f"{name}#{_visible(doc.id.translate(_LINE_BREAKS))}"
    for i in r.issues:
        line, col = doc.line_col(i.start)
        sev = str(i.severity)
        sure = f" (confidence {i.confidence:.2f})" if i.confidence is not None else ""
        out.append(f"{_paint(name, _BOLD, colour)}:{line}:{col}: {_paint(i.rule, _COLOURS[sev], colour)} [{sev}] {_visible(i.message)}{sure}")
        out.extend(_excerpt(doc.text, i.start, i.end, colour))
        if i.suggestions:
            shown = _visible(", ".join(repr(s) if s else "(delete)" for s in i.suggestions[:3]))
            out.append(f"    suggestion{' (a guess to check: mtqa fix leaves it)' if i.review else ''}: {shown}")
    return out


def error_lines(errors) -> list[str]:
    return [_visible(f"{e.path}: E001 [critical] {e.message}") for e in errors]


def _excerpt(text: str, start: int, end: int, colour: bool) -> list[str]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if line_end == -1:
        line_end = len(text)
    if line_start == 0 and text.startswith("\ufeff"):  # the byte order mark is not shown: the marks stay under the span
        line_start = 1
    line = text[line_start:line_end].rstrip("\r")
    a = max(0, start - line_start)
    b = min(end, line_start + len(line)) - line_start
    if len(line) > 160:  # keep long paragraphs readable: a window around the span
        lo = max(0, a - 60)
        hi = min(len(line), max(b, a + 1) + 60)
        prefix = "…" if lo else ""
        line = prefix + line[lo:hi] + ("…" if hi < len(line) else "")
        a, b = a - lo + len(prefix), b - lo + len(prefix)
    return [f"    {_visible(line)}", "    " + " " * a + "^" * max(1, b - a)]


def render_summary(report: Report) -> str:
    s = report.summary()
    parts = [f"{s['documents']} document(s) checked", f"{s['issues']} issue(s)"]
    if s["failed_to_read"]:
        parts.append(f"{s['failed_to_read']} failed to read")
    lines = [", ".join(parts) + "."]
    if s["by_severity"]:
        lines.append("By severity: " + ", ".join(f"{k} {v}" for k, v in s["by_severity"].items()))
        lines.append("By family: " + ", ".join(f"{k} {v}" for k, v in s["by_family"].items()))
    if s["score"]["mean"] is not None:
        sc = s["score"]
        lines.append(f"Score: mean {sc['mean']}, min {sc['min']}, median {sc['median']}, max {sc['max']}")
    worst = [w for w in s["worst"] if w["score"] < 100]  # a document without findings is no one's worst
    if s["documents"] > 1 and worst:
        lines.append("Worst: " + _visible("; ".join(f"{w['path']}{'#' + w['id'].translate(_LINE_BREAKS) if w['id'] else ''} {w['score']}" for w in worst)))
    if "metrics" in s:
        m = s["metrics"]
        lines.append(f"Reference metrics ({m['documents']} document(s)): BLEU {m['bleu']}, chrF++ {m['chrf++']}, TER {m['ter']}")
        lines.extend(f"  {name}: {sig}" for name, sig in m["signatures"].items())
    unread = f"; {s['failed_to_read']} input(s) could not be read" if s["failed_to_read"] else ""
    lines.append(f"Gate: {'FAILED' if report.gate_failed() else 'passed'} ({s['failing_gate']} document(s) at or above {report.fail_on}"
                 + (f" or under score {report.fail_under}" if report.fail_under is not None else "") + unread + ")")
    if s["interrupted"]:
        lines.append("Interrupted: partial results.")
    lines.append(f"Signature: {s['signature']}")
    return "\n".join(lines) + "\n"


_ERRORS_SHOWN = 10


def render_terminal_summary(report: Report) -> str:
    """The summary sent to standard error beside a report written elsewhere (-o, or another format): the inputs
    that could not be read are named first (the first ten), so a CI log says which, not only how many."""
    lines = error_lines(report.errors[:_ERRORS_SHOWN])
    if len(report.errors) > _ERRORS_SHOWN:
        lines.append(f"... and {len(report.errors) - _ERRORS_SHOWN} more unreadable input(s), listed in the report")
    return "".join(line + "\n" for line in lines) + render_summary(report)


def render(report: Report, colour: bool = False) -> str:
    return render_issues(report, colour) + render_summary(report)
