"""Self-contained HTML report: scores, summary, each text with its findings highlighted, and the findings list.
No external assets (styles inline), so the file can be attached to a ticket or opened offline."""

from __future__ import annotations

import html

from mtqa.report import Report, family_of

FAMILY_COLOURS = {
    "REP": "#ffd6a5", "CAL": "#caffbf", "QUO": "#9bf6ff", "DUP": "#ffadad", "BOI": "#bdb2ff",
    "TYP": "#fdffb6", "AGR": "#ffc6ff", "HARPER": "#ffc6ff", "LT": "#ffc6ff", "BIL": "#a0c4ff", "FLU": "#d8e2dc", "SPL": "#f1c0e8",
    "E": "#e0e0e0",
}
FAMILY_NAMES = {
    "REP": "repetition", "CAL": "calques", "QUO": "quotes", "DUP": "duplication", "BOI": "boilerplate",
    "TYP": "typography", "AGR": "grammar", "HARPER": "grammar", "LT": "grammar", "BIL": "bilingual", "FLU": "fluency", "SPL": "spelling",
    "E": "engine",
}
CODE_FAMILY_NAMES = {"E006": "bilingual", "E007": "bilingual"}  # the engine's findings about source and copy

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
.doc{border:1px solid #ccc;border-radius:6px;padding:1em;margin:1.5em 0}
.text{white-space:pre-wrap;line-height:1.6;font-family:Georgia,serif}
mark{border-radius:3px;padding:0 1px}
mark sup{font-size:.65em;font-family:monospace;margin-left:2px;color:#444}
table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border-bottom:1px solid #ddd;padding:4px;text-align:left;vertical-align:top}
.legend span{display:inline-block;padding:2px 8px;margin:2px;border-radius:3px}
.score{font-size:1.4em;font-weight:bold}
"""


def colour(rule: str) -> str:
    return FAMILY_COLOURS.get(family_of(rule), "#eeeeee")


def highlight(text: str, issues) -> str:
    """The text as HTML with every finding in a <mark>; nested or overlapping findings are shown as the
    outermost span (the findings table lists them all)."""
    out, pos = [], 0
    for n, i in enumerate(sorted(issues, key=lambda i: (i.start, -i.end))):
        if i.start < pos or i.end <= i.start:
            continue
        out.append(html.escape(text[pos:i.start]))
        title = html.escape(f"{i.rule} [{i.severity}] {i.message}", quote=True)
        span = text[i.start:i.end]
        core = span.rstrip() or span  # a deleted paragraph's span ends in its blank line: keep the label on the text
        out.append(f'<mark style="background:{colour(i.rule)}" title="{title}" data-rule="{html.escape(i.rule)}">'
                   f"{html.escape(core)}<sup>{html.escape(i.rule)}</sup></mark>{html.escape(span[len(core):])}")
        pos = i.end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def legend() -> str:
    seen = {}
    for fam, col in FAMILY_COLOURS.items():
        seen.setdefault(FAMILY_NAMES[fam], col)
    return '<div class="legend">' + "".join(f'<span style="background:{c}">{html.escape(n)}</span>' for n, c in seen.items()) + "</div>"


def findings_table(doc, issues) -> str:
    rows = []
    for i in issues:
        line, col = doc.line_col(i.start)
        fix = ", ".join(html.escape(repr(s)) if s else "(delete)" for s in i.suggestions[:3])
        sure = f" (confidence {i.confidence:.2f})" if i.confidence is not None else ""
        rows.append(f"<tr><td>{line}:{col}</td><td><code>{html.escape(i.rule)}</code></td><td>{i.severity}</td>"
                    f"<td>{html.escape(i.category)}</td><td>{html.escape(i.message + sure)}</td><td>{fix}</td></tr>")
    return ("<table><tr><th>Where</th><th>Rule</th><th>Severity</th><th>Category</th><th>Explanation</th><th>Fix</th></tr>"
            + "".join(rows) + "</table>")


def render(report: Report) -> str:
    s = report.summary()
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>mtqa report</title><style>{STYLE}</style></head><body>",
             "<h1>mtqa report</h1>",
             f"<p>{s['documents']} document(s), {s['issues']} finding(s), {s['failed_to_read']} unreadable; "
             f"mean score {s['score']['mean']}; gate {'FAILED' if report.gate_failed() else 'passed'}.</p>",
             f"<p><small>{html.escape(report.signature)}</small></p>", legend()]
    for e in report.errors:
        parts.append(f"<div class='doc'><h2>{html.escape(e.path)}</h2><p>E001: {html.escape(e.message)}</p></div>")
    for r in report.results:
        name = html.escape((r.document.path or "-") + (f"#{r.document.id}" if r.document.id else ""))
        metrics = "".join(f" · {html.escape(k)} {v}" for k, v in (r.metrics or {}).items() if not isinstance(v, dict))
        parts.append(f"<div class='doc'><h2>{name}</h2><p class='score'>Score {r.score}</p>"
                     f"<p>{r.words} words · {len(r.issues)} finding(s){metrics}</p>"
                     f"<div class='text'>{highlight(r.document.text, r.issues)}</div>{findings_table(r.document, r.issues)}</div>")
    parts.append("</body></html>\n")
    return "".join(parts)
