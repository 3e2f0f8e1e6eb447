"""Pick the writer for a format and send the report to stdout or a file."""

from __future__ import annotations

import sys

from mtqa.errors import MtqaError
from mtqa.report import Report


def render(report: Report, fmt: str, colour: bool = False) -> str:
    if fmt == "text":
        from mtqa.formats import textout

        return textout.render(report, colour)
    if fmt == "json":
        from mtqa.formats import jsonout

        return jsonout.render(report)
    if fmt in ("csv", "jsonl"):
        from mtqa.formats import table

        return table.render(report, fmt)
    if fmt == "sarif":
        from mtqa.formats import sarif

        return sarif.render(report)
    if fmt == "junit":
        from mtqa.formats import junit

        return junit.render(report)
    if fmt == "github":
        from mtqa.formats import github

        return github.render(report)
    if fmt == "html":
        from mtqa.formats import html

        return html.render(report)
    raise MtqaError(f"unknown format {fmt!r}")


def write_report(report: Report, fmt: str, output: str | None, quiet: bool = False) -> None:
    from mtqa.formats import textout

    if output:
        from mtqa.safeio import atomic_write_text

        atomic_write_text(output, render(report, fmt))
        if not quiet:
            sys.stderr.write(textout.render_terminal_summary(report))
        return
    colour = fmt == "text" and textout.use_colour(sys.stdout)
    if fmt == "text" and quiet:
        sys.stdout.write(textout.render_issues(report, colour))
        return
    sys.stdout.write(render(report, fmt, colour))
    if fmt not in ("text",) and not quiet and sys.stderr.isatty():
        sys.stderr.write(textout.render_terminal_summary(report))
