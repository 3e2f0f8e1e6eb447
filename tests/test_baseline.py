"""Baselines: accepted findings stay suppressed after edits elsewhere; new findings still fail the gate."""

from __future__ import annotations

import json
import subprocess
import sys


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "mtqa.cli", *args], capture_output=True, text=True, cwd=cwd)


STORY = (
    "Talks collapse in Geneva\n\n"
    "The two leaders exchanged on Friday, the ministry said.\n\n"
    "Some 10 000 people marched in the capital.\n"
)


def test_baseline_survives_edits_above_and_new_findings_fail(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert run("check", "--grammar", "none", "--fail-on", "minor", str(story)).returncode == 1
    created = run("baseline", "create", "--grammar", "none", str(story), "-o", str(baseline))
    assert created.returncode == 0 and baseline.is_file()
    assert run("check", "--grammar", "none", "--fail-on", "minor", "--baseline", str(baseline), str(story)).returncode == 0

    # an edit above the existing findings shifts every offset
    story.write_text("UPDATED with new reporting from our correspondent.\n\n" + STORY, encoding="utf-8")
    proc = run("check", "--grammar", "none", "--fail-on", "minor", "--format", "json", "--baseline", str(baseline), str(story))
    assert proc.returncode == 0, proc.stdout
    assert json.loads(proc.stdout)["documents"][0]["issues"] == []

    # a new finding is reported and fails the gate; the old ones stay suppressed
    story.write_text(STORY + "\nThe minister said announced a new plan.\n", encoding="utf-8")
    proc = run("check", "--grammar", "none", "--fail-on", "minor", "--format", "json", "--baseline", str(baseline), str(story))
    assert proc.returncode == 1
    assert [i["rule"] for i in json.loads(proc.stdout)["documents"][0]["issues"]] == ["REP003"]


def test_a_bad_baseline_file_is_a_clear_error(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    bad = tmp_path / "baseline.json"
    bad.write_text("{}", encoding="utf-8")
    proc = run("check", "--grammar", "none", "--fail-on", "minor", "--baseline", str(bad), str(story))
    assert proc.returncode == 2 and "not an mtqa baseline" in proc.stderr


def test_the_same_file_named_another_way_or_from_another_folder_matches_its_baseline(tmp_path):
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "story.txt").write_text(STORY, encoding="utf-8")
    assert run("baseline", "create", "--grammar", "none", "copy/", "-o", "baseline.json", cwd=tmp_path).returncode == 0
    gate = ("check", "--grammar", "none", "--fail-on", "minor")
    for cwd, baseline, path in [(tmp_path, "baseline.json", "copy/story.txt"), (tmp_path, "baseline.json", "./copy//story.txt"),
                                (tmp_path, "baseline.json", str(tmp_path / "copy")), (tmp_path / "copy", "../baseline.json", "story.txt"),
                                ("/", str(tmp_path / "baseline.json"), str(tmp_path / "copy" / "story.txt"))]:
        proc = run(*gate, "--baseline", baseline, path, cwd=cwd)
        assert proc.returncode == 0, (cwd, baseline, path, proc.stdout)


def test_a_paragraph_added_or_edited_next_to_a_finding_leaves_it_recorded(tmp_path):
    # the fingerprint's context stops at the line break: it ran on into the neighbouring paragraph, so a line added
    # just above a finding that opens its paragraph made the finding new
    story, baseline = tmp_path / "story.txt", tmp_path / "baseline.json"
    story.write_text("He has 45 years and leads the party.\n\nTalks resumed.\n", encoding="utf-8")
    assert run("baseline", "create", "--grammar", "none", str(story), "-o", str(baseline)).returncode == 0
    assert json.loads(baseline.read_text(encoding="utf-8"))["version"] == 2
    story.write_text("A new first line.\n\nHe has 45 years and leads the party.\n\nTalks resumed on Monday.\n",
                     encoding="utf-8")
    proc = run("check", "--grammar", "none", "--fail-on", "minor", "--format", "json", "--baseline", str(baseline), str(story))
    assert proc.returncode == 0 and json.loads(proc.stdout)["documents"][0]["issues"] == [], proc.stdout


def test_a_baseline_of_the_first_version_is_still_read_with_its_own_fingerprints(tmp_path):
    from mtqa.baseline import fingerprint
    from mtqa.config import load_config
    from mtqa.document import Document
    from mtqa.engine import Engine

    story, baseline = tmp_path / "story.txt", tmp_path / "baseline.json"
    story.write_text(STORY, encoding="utf-8")
    doc = Document(text=STORY, path=str(story))
    issues = Engine(load_config().with_overrides(grammar="none")).check(doc).issues
    assert issues
    v1 = {fingerprint(doc, i, str(baseline), version=1): 1 for i in issues}
    assert set(v1) != {fingerprint(doc, i, str(baseline)) for i in issues}  # the versions differ here
    baseline.write_text(json.dumps({"version": 1, "tool": "mtqa", "fingerprints": v1}), encoding="utf-8")
    proc = run("check", "--grammar", "none", "--fail-on", "minor", "--baseline", str(baseline), str(story))
    assert proc.returncode == 0, proc.stdout


def test_a_baseline_saved_with_a_byte_order_mark_is_read(tmp_path):
    from mtqa.baseline import load_baseline

    story, baseline = tmp_path / "story.txt", tmp_path / "baseline.json"
    story.write_text(STORY, encoding="utf-8")
    assert run("baseline", "create", "--grammar", "none", str(story), "-o", str(baseline)).returncode == 0
    recorded = load_baseline(str(baseline))
    baseline.write_bytes(b"\xef\xbb\xbf" + baseline.read_bytes())  # as a Windows editor saves it
    assert load_baseline(str(baseline)) == recorded


def test_baseline_create_with_output_dash_writes_to_standard_output(tmp_path):
    # `-o -` wrote a file named "-"; as for check, feed and fix it is standard output, with paths relative to the
    # working folder, so the printed baseline saved in that folder gates the same file
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    proc = run("baseline", "create", "--grammar", "none", "story.txt", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "-").exists() and "standard output" in proc.stderr
    assert json.loads(proc.stdout)["fingerprints"]
    (tmp_path / "saved.json").write_text(proc.stdout, encoding="utf-8")
    gate = run("check", "--grammar", "none", "--fail-on", "minor", "--baseline", "saved.json", "story.txt", cwd=tmp_path)
    assert gate.returncode == 0, gate.stdout
