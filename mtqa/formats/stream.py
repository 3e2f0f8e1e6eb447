"""Streamed reports: a batch's writer receives each result as it is checked, in input order, and the batch keeps
only running counts (report.Tally), so memory stays flat whatever the corpus size.

- text: each document's findings are printed as they come; read errors and the summary follow at the end.
- json: each document is written into the "documents" list as it comes; errors and summary close the object.
- jsonl, csv: a row needs a column for every rule family of the whole batch, known only at the end, so rows are
  spooled to a temporary file as they come (compact, without the zero columns) and copied out at the end.
- sarif: the rules a run used head the log, so each document's results are spooled as they come and written out
  after the rules at the end.
- junit: a file's testsuite opens with its counts, so each document's testcase is spooled as it comes (with its
  position, by file) and each suite is written out at the end; only the positions stay in memory (8 bytes each).

The output is byte for byte what the in-memory writers produce. A file named with -o is written to a temporary
file beside it and renamed into place at the end (a crash leaves the old file, never half a report).
"""

from __future__ import annotations

import json
import signal
import sys
import tempfile
import threading
from contextlib import contextmanager
from itertools import chain

from mtqa import __version__

STREAMED = ("text", "json", "jsonl", "csv", "sarif", "junit")


@contextmanager
def _whole():
    """Ctrl-C waits until the block is done: a document is written and counted whole or not at all, so an
    interrupted run still ends with a well-formed report. The interrupt is held back by a handler of our own for
    the block's duration and replayed when it ends."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if held and callable(previous):
            previous(signal.SIGINT, None)  # the default handler raises KeyboardInterrupt here, after the block
        elif held and previous == signal.SIG_DFL:
            raise KeyboardInterrupt


def _json_head() -> str:
    """The JSON report's opening, up to the "documents" list's bracket."""
    return '{\n  "version": ' + json.dumps(__version__) + ',\n  "documents": ['


class _Target:
    """Where the report goes: standard output, or (-o) an AtomicFile put in place by commit()."""

    def __init__(self, path: str | None):
        from mtqa.safeio import AtomicFile

        self.path = path
        self.file = AtomicFile(path, text=True) if path is not None else None

    def write(self, text: str) -> None:
        if self.file is None:
            sys.stdout.write(text)
        else:
            self.file.write(text)

    def commit(self) -> None:
        if self.file is None:
            sys.stdout.flush()
        else:
            self.file.commit()

    def discard(self) -> None:
        if self.file is not None:
            self.file.discard()


class StreamWriter:
    """Writes a report in `fmt` as results arrive (see the module's doc); finish() closes it, discard() drops it."""

    def __init__(self, fmt: str, output: str | None, quiet: bool = False, fail_on=None, fail_under=None):
        if fmt not in STREAMED:
            raise ValueError(f"{fmt} is not streamed")
        self.fmt, self.output, self.quiet = fmt, output, quiet
        self.fail_on, self.fail_under = fail_on, fail_under
        from mtqa.formats.textout import use_colour

        self.colour = fmt == "text" and output is None and use_colour(sys.stdout)
        self.out = _Target(output)
        self.count = 0
        self.held: list = []  # blank documents before the first one with text
        self.held_back_done = False
        self.spool = None
        self.families: set[str] = set()
        self.metric_keys: list[str] = []
        self.codes: list[str] = []  # sarif: the rules used, in order of first use
        self.cases: dict[str, list] = {}  # junit: path -> [tests, failures, spool positions]

    def document(self, result) -> None:
        if not self.held_back_done and not result.document.text.strip():
            # until a document with text comes, blank ones wait: a batch of blank documents only is a usage
            # error that prints no report, and standard output cannot take back what it printed
            self.held.append(result)
            return
        with _whole():  # a Ctrl-C lands between documents, never inside one (nor before it is counted)
            self._release()
            self._document(result)
            if self.out.path is None:
                sys.stdout.flush()

    def _release(self) -> None:
        self.held_back_done = True
        held, self.held = self.held, []
        for result in held:
            self._document(result)

    def _document(self, result) -> None:
        if self.fmt == "text":
            from mtqa.formats.textout import document_lines

            lines = document_lines(result, self.colour)
            if lines:
                self.out.write("\n".join(lines) + "\n")
        elif self.fmt == "json":
            from mtqa.formats.jsonout import document_dict

            head = _json_head() + "\n" if not self.count else ",\n"
            self.out.write(head + "    " + json.dumps(document_dict(result), ensure_ascii=False, indent=2).replace("\n", "\n    "))
        elif self.fmt == "sarif":
            from mtqa.formats.sarif import document_results

            for r in document_results(result, self.codes):
                self._spool(r)
        elif self.fmt == "junit":
            from array import array
            from xml.etree import ElementTree as ET

            from mtqa.formats.junit import document_case

            path = result.document.path or "-"
            case, failed = document_case(result, path, self.fail_on, self.fail_under)
            counts = self.cases.setdefault(path, [0, 0, array("q")])
            counts[0] += 1
            counts[1] += failed
            counts[2].append(self._spool(ET.tostring(case, encoding="unicode")))
        else:
            from mtqa.formats.table import document_row

            row, counts, metrics = document_row(result, self.fail_on, self.fail_under)
            self.families.update(counts)
            self.metric_keys.extend(k for k in metrics if k not in self.metric_keys)
            self._spool([row, counts, metrics])
        self.count += 1

    def _spool(self, item) -> int:
        """Append one JSON line to the spool; its position."""
        if self.spool is None:
            self.spool = tempfile.TemporaryFile("w+b")
        where = self.spool.tell()
        # surrogatepass: a file name that is not UTF-8 comes back as it went in, for the writer to escape
        self.spool.write(json.dumps(item, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n")
        return where

    def _spooled(self):
        if self.spool is not None:
            self.spool.seek(0)
            for line in self.spool:
                yield json.loads(line.decode("utf-8", "surrogatepass"))

    def finish(self, report) -> None:
        """The rest of the report (errors, summary), then the file is put in place; the summary goes to standard
        error as the in-memory writers send it."""
        from mtqa.formats import textout

        try:
            self._release()
            if self.fmt == "text":
                lines = textout.error_lines(report.errors)
                if lines:
                    self.out.write("\n".join(lines) + "\n")
                if self.output or not self.quiet:
                    self.out.write(textout.render_summary(report))
            elif self.fmt == "json":
                if not self.count:
                    self.out.write(_json_head() + "],\n")
                else:
                    self.out.write("\n  ],\n")
                errors = [{"path": e.path, "message": e.message} for e in report.errors]
                tail = json.dumps({"errors": errors, "summary": report.summary()}, ensure_ascii=False, indent=2)
                self.out.write(tail[2:] + "\n")  # the two keys, without the opening brace
            elif self.fmt == "sarif":
                from mtqa.formats import sarif

                errors = sarif.error_results(report.errors, self.codes)  # E001 joins the rules before they are written
                sarif.write_streamed(self.out.write, self.codes, chain(self._spooled(), errors), report.signature,
                                     report.interrupted)
            elif self.fmt == "junit":
                self._write_suites(report)
            else:
                self._write_rows(report)
            self.out.commit()
        finally:
            self.discard()
        if self.output:
            if not self.quiet:
                sys.stderr.write(textout.render_terminal_summary(report))
        elif self.fmt != "text" and not self.quiet and sys.stderr.isatty():
            sys.stderr.write(textout.render_terminal_summary(report))

    def _write_rows(self, report) -> None:
        import csv
        import io

        from mtqa.formats.table import error_row, spreadsheet_safe

        families = sorted(self.families)
        rows = self._rows(families)
        errors = [error_row(e) for e in report.errors]
        if self.fmt == "jsonl":
            for row in rows:
                self.out.write(json.dumps(row, ensure_ascii=False) + "\n")
            for row in errors:
                self.out.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        fields: list[str] = []
        if self.count:
            fields = ["path", "id", "words", "score", "issues", "minor", "major", "critical", "fails_gate",
                      *(f"family_{f}" for f in families), *self.metric_keys]
        for row in errors:
            fields.extend(k for k in row if k not in fields)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        self.out.write(buf.getvalue())
        for row in (*rows, *errors):
            buf.seek(0)
            buf.truncate()
            writer.writerow(spreadsheet_safe(row))
            self.out.write(buf.getvalue())

    def _rows(self, families):
        from mtqa.formats.table import full_row

        for row, counts, metrics in self._spooled():
            yield full_row(row, counts, metrics, families)

    def _write_suites(self, report) -> None:
        """The JUnit report junit.render gives: a suite per file in order of first appearance (files with only read
        errors last), each with its documents' spooled testcases, then its errors' testcases."""
        from xml.etree import ElementTree as ET

        from mtqa.formats.junit import error_case, interrupted_suite, split_element, suite_element

        errors: dict[str, list] = {}
        for e in report.errors:
            errors.setdefault(e.path, []).append(e)
        paths = list(self.cases) + [p for p in errors if p not in self.cases]
        if not paths:
            from mtqa.formats.junit import render

            self.out.write(render(report))  # no suite: nothing was spooled
            return
        sizes = {}
        for path in paths:
            tests, failures, _ = self.cases.get(path, (0, 0, ()))
            failed_reads = len(errors.get(path, ()))  # a read error is a test, and a failed one
            sizes[path] = (tests + failed_reads, failures + failed_reads)
        root = ET.Element("testsuites", name="mtqa")
        cut = interrupted_suite() if report.interrupted else None
        root.set("tests", str(sum(t for t, _ in sizes.values()) + (cut is not None)))
        root.set("failures", str(sum(f for _, f in sizes.values()) + (cut is not None)))
        head, tail = split_element(root, declaration=True)
        self.out.write(head)
        for path in paths:
            suite_head, suite_tail = split_element(suite_element(path, *sizes[path]))
            self.out.write(suite_head)
            for where in self.cases.get(path, (0, 0, ()))[2]:
                self.spool.seek(where)
                self.out.write(json.loads(self.spool.readline()))
            for e in errors.get(path, ()):
                self.out.write(ET.tostring(error_case(e, path), encoding="unicode"))
            self.out.write(suite_tail)
        if cut is not None:
            self.out.write(ET.tostring(cut, encoding="unicode"))
        self.out.write(tail + "\n")

    def discard(self) -> None:
        self.out.discard()
        if self.spool is not None:
            self.spool.close()
            self.spool = None
