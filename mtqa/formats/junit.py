"""JUnit XML writer: a testsuite per file, a testcase per document, a failure per document failing the gate."""

from __future__ import annotations

from collections import OrderedDict
from xml.etree import ElementTree as ET

from mtqa.report import Report


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
        suite = ET.SubElement(suites, "testsuite", name=path)
        failures = 0
        for r in results:
            name = r.document.id or path
            case = ET.SubElement(suite, "testcase", classname=path, name=name)
            ET.SubElement(case, "system-out").text = f"score {r.score}, {len(r.issues)} issue(s)"
            if r.fails(report.fail_on, report.fail_under):
                failures += 1
                gating = [i for i in r.issues if i.severity >= report.fail_on] or r.issues
                body = "\n".join(f"{r.document.line_col(i.start)[0]}:{r.document.line_col(i.start)[1]} {i.rule} [{i.severity}] {i.message}" for i in gating)
                fail = ET.SubElement(case, "failure", message=f"score {r.score}; {len(gating)} finding(s) at or above {report.fail_on}", type="mtqa")
                fail.text = body
        for e in errors:
            case = ET.SubElement(suite, "testcase", classname=path, name=path)
            failures += 1
            ET.SubElement(case, "failure", message=e.message, type="E001").text = e.message
        suite.set("tests", str(len(results) + len(errors)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        total_tests += len(results) + len(errors)
        total_failures += failures
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
