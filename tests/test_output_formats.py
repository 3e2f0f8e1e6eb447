"""Writers: SARIF validates against the official schema, JUnit parses with a real reader, GitHub annotations,
HTML is self-contained, CSV/JSONL rows; exit codes are the same in every format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def run(*args):
    return subprocess.run([sys.executable, "-m", "mtqa.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("in")
    (d / "clean.txt").write_text("The minister said on Friday that talks would resume.\n", encoding="utf-8")
    (d / "bad.txt").write_text("Talks failed, said announced the Pentagon.\nSome 10 000 people marched.\n", encoding="utf-8")
    (d / "minor.txt").write_text("Prices rose by 5 % in May.\n", encoding="utf-8")
    return [d / "clean.txt", d / "bad.txt", d / "minor.txt", SAMPLES / "ceasefire-call.txt"]


def test_sarif_validates_against_the_official_schema(inputs):
    import jsonschema

    if not SCHEMA.is_file():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is not present")
    proc = run("check", "--grammar", "none", "--format", "sarif", *map(str, inputs))
    assert proc.returncode == 1
    sarif = json.loads(proc.stdout)
    jsonschema.validate(sarif, json.loads(SCHEMA.read_text(encoding="utf-8")))
    run_ = sarif["runs"][0]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert "REP003" in rules and rules["REP003"]["fullDescription"]["text"]
    rep = [r for r in run_["results"] if r["ruleId"] == "REP003"][0]
    region = rep["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (1, 15)
    assert region["snippet"]["text"] == "said announced the Pentagon"
    assert rep["level"] == "warning"
    replacement = rep["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "the Pentagon said"
    assert run_["tool"]["driver"]["rules"][rep["ruleIndex"]]["id"] == "REP003"


def test_junit_failures_equal_documents_failing_the_gate(inputs, tmp_path):
    from junitparser import Failure, JUnitXml

    out = tmp_path / "report.xml"
    proc = run("check", "--grammar", "none", "--format", "junit", "-o", str(out), *map(str, inputs))
    assert proc.returncode == 1
    assert "Gate: FAILED" in proc.stderr  # the terminal keeps the text summary
    xml = JUnitXml.fromfile(str(out))
    cases = [c for suite in xml for c in suite]
    failing = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
    report = json.loads(run("check", "--grammar", "none", "--format", "json", *map(str, inputs)).stdout)
    assert len(cases) == len(report["documents"]) == 4
    assert len(failing) == report["summary"]["failing_gate"] == 2


def test_github_annotations(inputs):
    proc = run("check", "--grammar", "none", "--format", "github", str(inputs[1]))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert any(l.startswith("::error file=") and ",line=1,col=15,endColumn=42,title=REP003::" in l for l in lines), lines
    assert any(l.startswith("::notice ") and "title=TYP003::" in l for l in lines), lines  # minor = notice


def test_annotations_of_records_point_at_the_records_line_in_the_file(tmp_path):
    import jsonschema

    # a record's target is escaped (JSONL) or wrapped (XLIFF) in the file: its own line and column say nothing of
    # where it stands there, so annotations name the record's line (or, where the reader knows none, the file)
    jsonl = tmp_path / "wire.jsonl"
    jsonl.write_text('{"id": "a", "target": "Talks resumed on Friday."}\n'
                     '{"id": "b", "target": "Officials said\\nthe the talks failed."}\n', encoding="utf-8")
    xlf = tmp_path / "wire.xlf"
    xlf.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file original="w" source-language="fr" '
                   'target-language="en" datatype="plaintext"><body>\n<trans-unit id="u1"><source>Bon.</source><target>Fine.'
                   '</target></trans-unit>\n\n<trans-unit id="u2"><source>Le vote.</source><target>The the vote.</target>'
                   '</trans-unit>\n</body></file></xliff>\n', encoding="utf-8")
    po = tmp_path / "wire.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Le vote."\nmsgstr "The the vote."\n',
                  encoding="utf-8")
    lines = run("check", "--grammar", "none", "--format", "github", str(jsonl), str(xlf), str(po)).stdout.splitlines()
    rep = [l for l in lines if "title=REP001" in l]
    assert any(f"file={jsonl}".replace(":", "%3A") in l and ",line=2,title=REP001 b::" in l for l in rep), rep
    assert any(",line=5,title=REP001 u2::" in l for l in rep), rep
    assert any(l.startswith(f"::error file={str(po).replace(':', '%3A')},title=REP001") for l in rep), rep
    sarif = json.loads(run("check", "--grammar", "none", "--format", "sarif", str(jsonl), str(xlf), str(po)).stdout)
    if SCHEMA.is_file():
        jsonschema.validate(sarif, json.loads(SCHEMA.read_text(encoding="utf-8")))
    where = {r["locations"][0]["logicalLocations"][0]["name"]: r["locations"][0]["physicalLocation"]
             for r in sarif["runs"][0]["results"] if r["ruleId"] == "REP001"}
    assert where["b"]["region"]["startLine"] == 2 and "startColumn" not in where["b"]["region"]
    assert where["b"]["region"]["properties"] == {"recordOffset": 15, "recordLength": 7}
    assert where["u2"]["region"]["startLine"] == 5
    assert "region" not in where["Le vote."]  # PO: no line kept for an entry


def test_html_report_is_self_contained_with_highlights(inputs):
    proc = run("check", "--grammar", "none", "--format", "html", *map(str, inputs))
    page = proc.stdout
    assert page.startswith("<!doctype html>") and "<mark" in page and "REP003" in page
    assert "http://" not in page and "https://" not in page and "<script src" not in page and "<link" not in page


def test_csv_and_jsonl_rows(inputs):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(run("check", "--grammar", "none", "--format", "csv", *map(str, inputs)).stdout)))
    assert [Path(r["path"]).name for r in rows] == ["clean.txt", "bad.txt", "minor.txt", "ceasefire-call.txt"]
    assert rows[0]["issues"] == "0" and float(rows[0]["score"]) == 100.0
    assert int(rows[1]["family_REP"]) == 1 and int(rows[1]["family_TYP"]) == 1
    lines = run("check", "--grammar", "none", "--format", "jsonl", *map(str, inputs)).stdout.splitlines()
    assert len(lines) == 4 and json.loads(lines[1])["major"] == 1


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "html", "csv", "jsonl"])
def test_exit_codes_are_the_same_in_every_format(inputs, fmt):
    assert run("check", "--grammar", "none", "--format", fmt, str(inputs[0])).returncode == 0
    assert run("check", "--grammar", "none", "--format", fmt, str(inputs[1])).returncode == 1
    assert run("check", "--grammar", "none", "--format", fmt, "/nonexistent/file.txt").returncode == 2


def test_a_record_id_with_a_line_break_keeps_one_line_per_finding_in_the_text_report(tmp_path):
    path = tmp_path / "strings.po"  # a PO entry is named by its msgid, which may hold several lines
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "Le vote.\\nLa suite."\nmsgstr "The vote.\\nThe the rest."\n\n'
                    'msgid "Un."\nmsgstr "One one."\n', encoding="utf-8")
    proc = run("check", "--grammar", "none", "--select", "REP", str(path))
    lines = proc.stdout.splitlines()
    assert f"{path}#Le vote.\\nLa suite.:2:1: REP001 [major] \"The\" is repeated." in lines
    assert any(line.startswith("Worst: ") and "#Le vote.\\nLa suite. 0.0" in line for line in lines)


def test_a_byte_order_mark_is_not_a_column(tmp_path):
    path = tmp_path / "bom.txt"  # offsets count the BOM (they index the file as decoded); editors' columns do not
    path.write_bytes("\ufeffThe the vote.\r\n".encode("utf-8"))
    lines = run("check", "--grammar", "none", "--select", "REP", str(path)).stdout.splitlines()
    assert lines[:3] == [f'{path}:1:1: REP001 [major] "The" is repeated.', "    The the vote.", "    ^^^^^^^"]
    github = run("check", "--grammar", "none", "--select", "REP", "--format", "github", str(path)).stdout
    assert ",line=1,col=1,endColumn=8," in github


def test_sarif_columns_and_offsets_are_utf16_code_units(tmp_path):
    """SARIF counts columns in UTF-16 code units unless the run says otherwise (2.1.0, 3.14.17): a character beyond
    U+FFFF (an emoji, a mathematical letter) is two units, so the region of a finding after one must count it twice,
    or a viewer marks the wrong characters."""
    text = "\ufeffThe \U0001F469\u200d\U0001F469\u200d\U0001F467 team won.\r\nThe \U0001D400 rose by 5 % and the the vote.\n"
    story = tmp_path / "emoji.txt"
    story.write_bytes(text.encode("utf-8"))
    proc = run("check", "--grammar", "none", "--format", "sarif", str(story))
    assert proc.returncode == 1, proc.stderr[-2000:]
    run_ = json.loads(proc.stdout)["runs"][0]
    assert run_.get("columnKind", "utf16CodeUnits") == "utf16CodeUnits"
    units = text.encode("utf-16-le")
    lines = text.split("\n")
    found = {}
    for result in run_["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        snippet = region["snippet"]["text"]
        found[result["ruleId"]] = snippet
        at, length = region["charOffset"], region["charLength"]
        assert units[2 * at:2 * (at + length)].decode("utf-16-le") == snippet
        line = lines[region["startLine"] - 1].lstrip("\ufeff").encode("utf-16-le")
        assert line[2 * (region["startColumn"] - 1):2 * (region["endColumn"] - 1)].decode("utf-16-le") == snippet
        deleted = result["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
        assert (deleted["charOffset"], deleted["charLength"]) == (at, length)
    assert found == {"TYP007": " ", "REP001": "the the"}


def test_the_text_report_shows_control_characters_instead_of_sending_them_to_the_terminal(tmp_path):
    """A story (or a file name) holding an escape sequence must not clear the reader's screen or retitle the window
    when its excerpt is printed, nor a CR, U+2028 or a bidi override move the rest of the line: each shows as one
    visible character, and the marks stay under the span."""
    import contextlib
    import io
    import re

    from mtqa import cli

    story = tmp_path / "esc\x1b[31m.txt"
    story.write_text("\x1b[2J\x1b]0;pwned\x07Odd\rline \u202eand\u2028the the vote.\n", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.main(["check", "--grammar", "none", "--no-cache", "--format", "text", str(story)])
    shown = out.getvalue()
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", shown), repr(shown)
    lines = shown.splitlines()
    at = next(n for n, line in enumerate(lines) if "REP001" in line)
    excerpt, marks = lines[at + 1], lines[at + 2]
    assert excerpt[marks.index("^"):len(marks)] == "the the"


def test_the_summary_median_of_an_even_count_is_the_mean_of_the_two_middle_scores(inputs):
    proc = run("check", "--grammar", "none", "--format", "json", str(inputs[0]), str(inputs[1]))
    report = json.loads(proc.stdout)
    low, high = sorted(d["score"] for d in report["documents"])
    assert low < high == 100.0
    assert report["summary"]["score"]["median"] == round((low + high) / 2, 2) == report["summary"]["score"]["mean"]
    text = run("check", "--grammar", "none", str(inputs[0]), str(inputs[1])).stdout
    assert f"median {round((low + high) / 2, 2)}," in text


@pytest.mark.parametrize("fmt", ["json", "csv", "html", "text"])
def test_the_terminal_summary_beside_a_report_file_names_the_inputs_that_could_not_be_read(inputs, tmp_path, fmt):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "target": "Talks resumed."}\nnot json\n', encoding="utf-8")
    proc = run("check", "--grammar", "none", "--format", fmt, "-o", str(tmp_path / f"report.{fmt}"), str(inputs[0]),
               str(broken))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith(f"{broken}: E001 [critical] line 2: invalid JSON")
    assert "2 document(s) checked, 0 issue(s), 1 failed to read." in proc.stderr

@pytest.fixture()
def quiet_copy(inputs):
    quiet = inputs[0].with_name("quiet.txt")
    quiet.write_text("The ministry said on Monday that the bridge would reopen.\n", encoding="utf-8")
    return quiet


def test_the_worst_list_of_the_text_summary_names_only_documents_with_findings(inputs, quiet_copy):
    """A batch of clean documents and some with findings listed the clean ones, at 100, among its "worst"."""
    text = run("check", "--grammar", "none", str(inputs[0]), str(inputs[1]), str(inputs[2]), str(quiet_copy))
    worst = [l for l in text.stdout.splitlines() if l.startswith("Worst: ")]
    assert len(worst) == 1 and "bad.txt" in worst[0] and "minor.txt" in worst[0]
    assert "clean.txt" not in worst[0] and " 100.0" not in worst[0]
    quiet = run("check", "--grammar", "none", str(inputs[0]), str(quiet_copy))
    assert not any(l.startswith("Worst:") for l in quiet.stdout.splitlines())


def test_csv_report_cells_cannot_run_as_spreadsheet_formulas(tmp_path):
    """A record id (or a path) beginning with = + - @ opens as a formula in a spreadsheet: the CSV report writes
    it as text with a leading apostrophe, as spreadsheet programs read it; JSONL keeps the value as it is."""
    import csv
    import io

    wire = tmp_path / "wire.jsonl"
    wire.write_text('{"id": "=HYPERLINK(\\"http://x\\")", "target": "Talks resumed."}\n'
                    '{"id": "@SUM(1)", "target": "The the vote."}\n{"id": "-12", "target": "Fine."}\n'
                    '{"id": "ok", "target": "Fine."}\nnot json\n', encoding="utf-8")
    for args in ((), ("-o", str(tmp_path / "report.csv"))):
        proc = run("check", "--grammar", "none", "--format", "csv", *args, str(wire))
        body = proc.stdout if not args else (tmp_path / "report.csv").read_text(encoding="utf-8")
        ids = [r["id"] for r in csv.DictReader(io.StringIO(body))]
        assert ids[:4] == ["'=HYPERLINK(\"http://x\")", "'@SUM(1)", "'-12", "ok"], ids
    jsonl = run("check", "--grammar", "none", "--format", "jsonl", str(wire)).stdout.splitlines()
    assert json.loads(jsonl[0])["id"] == '=HYPERLINK("http://x")'


def test_annotations_of_read_errors_point_at_the_line_when_it_is_known(tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "target": "Talks resumed."}\n\nnot json\n{"id": "b"}\n', encoding="utf-8")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Talks resumed.\nLe ministre a parl\xe9.\n".encode("latin-1"))
    lines = run("check", "--grammar", "none", "--format", "github", str(broken), str(latin)).stdout.splitlines()
    errors = [l for l in lines if "title=E001" in l]
    assert any(",line=3,col=1,title=E001::line 3: invalid JSON" in l for l in errors), errors
    assert any(",line=4,title=E001::record b (line 4)" in l for l in errors), errors
    assert any(l.startswith(f"::error file={str(latin).replace(':', '%3A')},line=2,col=19,title=E001::") for l in errors), errors
    sarif = json.loads(run("check", "--grammar", "none", "--format", "sarif", str(broken), str(latin)).stdout)
    regions = [r["locations"][0]["physicalLocation"].get("region") for r in sarif["runs"][0]["results"]
               if r["ruleId"] == "E001"]
    assert {"startLine": 3, "startColumn": 1} in regions and {"startLine": 4} in regions, regions
    assert {"startLine": 2, "startColumn": 19} in regions, regions


def test_sarif_uris_are_percent_encoded_from_the_file_names_bytes(tmp_path):
    """A "#" began a fragment and a "%" an escape: a viewer opened another file, or none."""
    from urllib.parse import unquote_to_bytes

    folder = tmp_path / "in"
    folder.mkdir()
    names = [b"a b#c%.txt", "caf\u00e9.txt".encode("utf-8"), b"bad\xffname.txt"]
    for name in names:
        with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
            fh.write(b"The the vote was held.\n")
    proc = run("check", "--grammar", "none", "--format", "sarif", str(folder))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(proc.stdout)["runs"][0]["results"]]
    assert len(uris) == 3 and all(u.isascii() and " " not in u and "#" not in u for u in uris)
    assert sorted(unquote_to_bytes(u).rsplit(b"/", 1)[-1] for u in uris) == sorted(names)


def test_sarif_columns_of_read_errors_are_utf16_code_units_too(tmp_path):
    """A read error after an emoji on its line was placed one unit short per emoji: the run counts UTF-16 units."""
    cut = tmp_path / "cut.jsonl"
    cut.write_text('{"source": "Bon.", "target": "\U0001F600\U0001F600 He sa\n', encoding="utf-8")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("\U0001F600\U0001F600 caf".encode("utf-8") + b"\xe9 au lait.\n")
    good = tmp_path / "good.txt"
    good.write_text("The vote was held.\n", encoding="utf-8")
    proc = run("check", "--grammar", "none", "--format", "sarif", str(cut), str(latin), str(good))
    columns = {Path(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).name:
               r["locations"][0]["physicalLocation"]["region"]["startColumn"]
               for r in json.loads(proc.stdout)["runs"][0]["results"] if r["ruleId"] == "E001"}
    assert columns == {"cut.jsonl": len('{"source": "Bon.", "target": "\U0001F600\U0001F600 He sa'.encode("utf-16-le")) // 2 + 1,
                       "latin.txt": 2 + 2 + len(" caf") + 1}
    github = run("check", "--grammar", "none", "--format", "github", str(latin), str(good)).stdout
    assert f"file={latin},line=1,col=7," in github  # an editor's column: the emoji counts one


def test_a_feed_items_annotations_point_at_the_line_of_its_id(tmp_path):
    feed = tmp_path / "wire.rss"
    feed.write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>W</title>\n<item>\n<guid>k1</guid>\n'
                    "<title>Fine</title><description>The talks resumed.</description></item>\n<item>\n<guid>k2</guid>\n"
                    "<title>Bad</title><description>Officials said the the talks failed.</description></item>\n"
                    "</channel></rss>\n", encoding="utf-8")
    rep = [l for l in run("check", "--grammar", "none", "--format", "github", str(feed)).stdout.splitlines() if "REP001" in l]
    assert rep and all(",line=7,title=REP001 k2::" in l for l in rep), rep  # the line of <guid>k2


def test_a_guess_for_a_person_is_marked_in_sarif_and_offered_as_no_fix(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("He spoke on franceinfo about the goverment.\n", encoding="utf-8")
    results = json.loads(run("check", "--format", "sarif", str(story)).stdout)["runs"][0]["results"]
    by_text = {r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]: r for r in results}
    assert by_text["franceinfo"]["properties"].get("review") is True and "fixes" not in by_text["franceinfo"]
    assert "review" not in by_text["goverment"]["properties"] and "fixes" in by_text["goverment"]


@pytest.mark.parametrize("fmt", ["sarif", "junit"])
@pytest.mark.parametrize("to_file", [True, False])
def test_an_interrupted_run_says_so_in_sarif_and_junit(tmp_path, monkeypatch, capsys, fmt, to_file):
    # only the JSON report said "interrupted": a SARIF or JUnit upload of a partial run passed for a whole one
    from xml.etree import ElementTree as ET

    from mtqa.cli import main
    from mtqa.engine import Engine

    for n in range(4):
        (tmp_path / f"s{n}.txt").write_text("The the talks failed.\n", encoding="utf-8")
    real, seen = Engine.check, []

    def check(self, doc):
        seen.append(doc)
        if len(seen) > 2:
            raise KeyboardInterrupt
        return real(self, doc)

    monkeypatch.setattr(Engine, "check", check)
    out = tmp_path / f"report.{fmt}"
    argv = ["check", "--grammar", "none", "--no-cache", "--format", fmt, *(["-o", str(out)] if to_file else []),
            *sorted(str(p) for p in tmp_path.glob("s*.txt"))]
    assert main(argv) == 130
    text = out.read_text(encoding="utf-8") if to_file else capsys.readouterr().out
    if fmt == "sarif":
        [run] = json.loads(text)["runs"]
        [invocation] = run["invocations"]
        assert invocation["executionSuccessful"] is False and "interrupted" in str(invocation)
        assert len({r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}) == 2
        if SCHEMA.exists():
            import jsonschema

            jsonschema.validate(json.loads(text), json.loads(SCHEMA.read_text(encoding="utf-8")))
    else:
        root = ET.fromstring(text)
        cut = [s for s in root if s.get("name") == "mtqa"]
        assert len(cut) == 1 and cut[0].find("testcase/failure").get("type") == "interrupted"
        assert int(root.get("tests")) == 3 and int(root.get("failures")) == sum(int(s.get("failures")) for s in root)


def test_a_whole_run_says_its_execution_succeeded_in_sarif(inputs):
    sarif = json.loads(run("check", "--format", "sarif", *inputs).stdout)
    assert sarif["runs"][0]["invocations"] == [{"executionSuccessful": True}]


@pytest.mark.parametrize("to_file", [False, True])
def test_junit_writes_characters_xml_forbids_as_visible_escapes(tmp_path, to_file):
    """A record id "a\\u0001b", a file name with U+0001 and a read error naming it: written raw, they made a report
    that expat and lxml both refused."""
    from xml.etree import ElementTree as ET

    from lxml import etree

    good = tmp_path / "c\x01d.jsonl"
    good.write_text('{"id": "a\\u0001b", "target": "He has 45 years the the."}\n', encoding="utf-8")
    bad = tmp_path / "e\x01f.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    out = tmp_path / "report.xml"
    proc = run("check", "--grammar", "none", "--no-cache", "--format", "junit", *(["-o", str(out)] if to_file else []),
               str(good), str(bad))
    assert proc.returncode == 1, proc.stderr
    text = out.read_text(encoding="utf-8") if to_file else proc.stdout
    assert "\x01" not in text
    etree.fromstring(text.encode("utf-8"))
    root = ET.fromstring(text.encode("utf-8"))
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert "a\\x01b" in cases
    assert cases["a\\x01b"].get("classname") == str(good).replace("\x01", "\\x01")
    assert str(bad).replace("\x01", "\\x01") in cases
