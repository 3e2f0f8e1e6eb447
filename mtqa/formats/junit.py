"""JUnit XML writer: a testsuite per file, a testcase per document, a failure per document failing the gate."""

from __future__ import annotations

import re
from collections import OrderedDict
from xml.etree import ElementTree as ET

from mtqa.report import Report

# what XML 1.0 forbids (C0 controls but tab, newline and carriage return; lone surrogates, U+FFFE, U+FFFF):
# ElementTree writes them as they are, and every XML parser then refuses the whole report
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text XML 1.0 can hold: a character it forbids (U+0001 in a record id, a surrogate-escaped byte of a file
    name) written visibly as its escape, \\x01, \\udce9, the same in names, attributes and messages."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def document_case(r, path: str, fail_on, fail_under) -> tuple[ET.Element, bool]:
    """One document's testcase, and whether it fails the gate."""
    case = ET.Element("testcase", classname=xml_safe(path), name=xml_safe(r.document.id or path))
    ET.SubElement(case, "system-out").text = f"score {r.score}, {len(r.issues)} issue(s)"
    if not r.fails(fail_on, fail_under):
        return case, False
    gating = [i for i in r.issues if i.severity >= fail_on] or r.issues
    body = "\n".join(f"{r.document.line_col(i.start)[0]}:{r.document.line_col(i.start)[1]} {i.rule} [{i.severity}] {i.message}" for i in gating)
    fail = ET.SubElement(case, "failure", message=f"score {r.score}; {len(gating)} finding(s) at or above {fail_on}", type="mtqa")
    fail.text = xml_safe(body)
    return case, True


def error_case(e, path: str) -> ET.Element:
    """A read error's testcase: always a failure."""
    case = ET.Element("testcase", classname=xml_safe(path), name=xml_safe(path))
    ET.SubElement(case, "failure", message=xml_safe(e.message), type="E001").text = xml_safe(e.message)
    return case


def interrupted_suite() -> ET.Element:
    """The suite that tells an interrupted run (Ctrl-C, SIGTERM): one failed testcase, so that a CI report of the
    documents checked before the stop does not pass for a whole one."""
    suite = suite_element("mtqa", 1, 1)
    case = ET.SubElement(suite, "testcase", classname="mtqa", name="run")
    text = "interrupted: the report covers only the documents checked before"
    ET.SubElement(case, "failure", message=text, type="interrupted").text = text
    return suite


def suite_element(path: str, tests: int, failures: int) -> ET.Element:
    suite = ET.Element("testsuite", name=xml_safe(path))
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    return suite


def render(report: Report) -> str:
    suites = ET.Element("testsuites", name="mtqa")
    by_file: "OrderedDict[str, list]" = OrderedDict()
    for r in report.results:
        by_file.setdefault(r.document.path or "-", []).append(r)
    for e in report.errors:
        by_file.setdefault(e.path, [])
    total_tests = total_failures = 0
    for path, results in by_file.items():
        errors = [e for e in report.errors if e.path == path]
        cases = [document_case(r, path, report.fail_on, report.fail_under) for r in results]
        failures = sum(failed for _, failed in cases) + len(errors)
        suite = suite_element(path, len(results) + len(errors), failures)
        suite.extend([case for case, _ in cases] + [error_case(e, path) for e in errors])
        suites.append(suite)
        total_tests += len(results) + len(errors)
        total_failures += failures
    if report.interrupted:
        suites.append(interrupted_suite())
        total_tests, total_failures = total_tests + 1, total_failures + 1
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def split_element(element: ET.Element, declaration: bool = False) -> tuple[str, str]:
    """An element's opening and closing tags as ET writes them around its children (for writing the children one
    at a time in between)."""
    ET.SubElement(element, "mtqa-children")
    text = ET.tostring(element, encoding="unicode", xml_declaration=declaration)
    head, tail = text.split("<mtqa-children />")
    return head, tail
