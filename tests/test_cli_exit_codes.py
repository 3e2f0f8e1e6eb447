"""Exit codes through the real console script: 0 pass, 1 gate failed (or unreadable file), 2 could not run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MTQA = shutil.which("mtqa", path=str(Path(sys.executable).parent))


def run(*args, stdin: str | None = None, cwd=None):
    assert MTQA, "the mtqa console script is not installed in this environment"
    return subprocess.run([MTQA, *args], capture_output=True, text=True, input=stdin, cwd=cwd)


@pytest.fixture
def files(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("The minister said on Friday that talks would resume next week.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("The minister said announced that the the talks would resume.\n", encoding="utf-8")
    minor = tmp_path / "minor.txt"
    minor.write_text("Prices rose by 5 % in May, the office said.\n", encoding="utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"caf\xe9 latin-1 text\n")
    return {"clean": clean, "bad": bad, "minor": minor, "broken": broken}


def test_clean_file_exits_0(files):
    assert run("check", "--grammar", "none", str(files["clean"])).returncode == 0


def test_major_finding_fails_the_gate_with_1(files):
    proc = run("check", "--grammar", "none", str(files["bad"]))
    assert proc.returncode == 1
    assert "REP003" in proc.stdout and "REP001" in proc.stdout


def test_fail_on_threshold_decides(files):
    assert run("check", "--grammar", "none", str(files["minor"])).returncode == 0
    assert run("check", "--grammar", "none", "--fail-on", "minor", str(files["minor"])).returncode == 1


def test_fail_under_score(files):
    assert run("check", "--grammar", "none", "--fail-on", "critical", "--fail-under", "99", str(files["minor"])).returncode == 1


@pytest.mark.parametrize("value", ["150", "-5", "high"])
def test_a_fail_under_outside_the_score_range_is_a_usage_error(files, value):
    proc = run("check", "--grammar", "none", f"--fail-under={value}", str(files["clean"]))
    assert proc.returncode == 2 and "expected a score from 0 to 100" in proc.stderr


@pytest.mark.parametrize("value", ["0", "-3", "two"])
def test_a_jobs_count_under_one_is_a_usage_error(files, value):
    proc = run("check", "--grammar", "none", f"--jobs={value}", str(files["clean"]))
    assert proc.returncode == 2 and "expected a number of worker processes, 1 or more" in proc.stderr


def test_unreadable_file_is_reported_and_the_rest_still_checked(files):
    proc = run("check", "--grammar", "none", "--format", "json", str(files["broken"]), str(files["bad"]))
    assert proc.returncode == 1
    import json

    report = json.loads(proc.stdout)
    assert report["errors"][0]["path"].endswith("broken.txt") and "UTF-8" in report["errors"][0]["message"]
    assert report["documents"][0]["path"].endswith("bad.txt")


def test_only_unreadable_input_exits_2(files, tmp_path):
    assert run("check", str(tmp_path / "missing.txt")).returncode == 2


def test_usage_error_exits_2():
    assert run("check", "--format", "nope", "x.txt").returncode == 2
    assert run("frobnicate").returncode == 2


def test_stdin_is_checked():
    proc = run("check", "--grammar", "none", "-", stdin="He [[has 45 years]].".replace("[[", "").replace("]]", ""))
    assert proc.returncode == 1 and "CAL005" in proc.stdout


def test_bad_config_is_a_clear_error(tmp_path, files):
    cfg = tmp_path / "mtqa.toml"
    cfg.write_text("selekt = ['REP']\n", encoding="utf-8")
    proc = run("check", str(files["clean"]), cwd=tmp_path)
    assert proc.returncode == 2 and "mtqa.toml" in proc.stderr and "selekt" in proc.stderr


def test_project_config_selects_and_overrides_severity(tmp_path, files):
    (tmp_path / "mtqa.toml").write_text("grammar = 'none'\nignore = ['REP003']\n[severity]\nREP001 = 'minor'\n", encoding="utf-8")
    proc = run("check", str(files["bad"]), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "REP003" not in proc.stdout and "REP001 [minor]" in proc.stdout


def test_fix_writes_stdout_and_never_touches_input_without_in_place(files):
    before = files["bad"].read_text(encoding="utf-8")
    proc = run("fix", "--grammar", "none", str(files["bad"]))
    assert proc.returncode == 0
    assert proc.stdout == "The minister said that the talks would resume.\n"
    assert files["bad"].read_text(encoding="utf-8") == before
    assert run("fix", "--grammar", "none", "--in-place", str(files["bad"])).returncode == 0
    assert files["bad"].read_text(encoding="utf-8") == proc.stdout


def test_rules_lists_and_shows_one():
    listing = run("rules")
    assert listing.returncode == 0 and "CAL002" in listing.stdout and "QUO006" in listing.stdout
    one = run("rules", "CAL002")
    assert one.returncode == 0 and "What it flags" in one.stdout and "Flagged:" in one.stdout
    assert run("rules", "XXX999").returncode == 2


def test_check_fix_writes_fixed_copies_beside_the_inputs(files):
    proc = run("check", "--grammar", "none", "--fix", str(files["bad"]), str(files["minor"]))
    assert proc.returncode == 1
    assert (files["bad"].parent / "bad.fixed.txt").read_text(encoding="utf-8") == "The minister said that the talks would resume.\n"
    assert (files["minor"].parent / "minor.fixed.txt").read_text(encoding="utf-8") == "Prices rose by 5% in May, the office said.\n"


def test_a_second_check_fix_of_a_folder_checks_the_stories_not_their_fixed_copies(tmp_path):
    (tmp_path / "bad.txt").write_text("The minister said announced that the the talks would resume.\n", encoding="utf-8")
    (tmp_path / "story.en.txt").write_text("Prices rose by 5 % in May, the office said.\n", encoding="utf-8")
    (tmp_path / "lone.fixed.txt").write_text("A file of its own named like a copy.\n", encoding="utf-8")
    first = run("check", "--grammar", "none", "--fix", "--format", "csv", str(tmp_path))
    second = run("check", "--grammar", "none", "--fix", "--format", "csv", str(tmp_path))
    assert first.stdout == second.stdout and first.stdout.count("\n") == 4  # header and three documents
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.fixed.txt", "bad.txt", "lone.fixed.fixed.txt",
                                                         "lone.fixed.txt", "story.en.fixed.txt", "story.en.txt"]


def test_check_fix_of_standard_input_says_it_wrote_no_copy(files, tmp_path):
    proc = run("check", "--grammar", "none", "--fix", "-", str(files["bad"]), cwd=tmp_path,
               stdin="Prices rose by 5 % in May, the office said.\n")
    assert proc.returncode == 1
    assert "--fix wrote no fixed copy of standard input" in proc.stderr and "`mtqa fix -`" in proc.stderr
    assert (files["bad"].parent / "bad.fixed.txt").is_file()


def test_neural_fixes_without_fix_is_a_usage_error_not_ignored(files):
    proc = run("check", "--grammar", "none", "--neural-fixes", str(files["bad"]))
    assert proc.returncode == 2 and "add --fix" in proc.stderr and proc.stdout == ""


def test_several_files_need_in_place(files):
    proc = run("fix", "--grammar", "none", str(files["bad"]), str(files["minor"]))
    assert proc.returncode == 2 and "--in-place" in proc.stderr


def test_fix_diff_shows_what_would_change_and_writes_nothing(files):
    before = {name: path.read_bytes() for name, path in files.items()}
    proc = run("fix", "--diff", "--grammar", "none", "bad.txt", "clean.txt", "minor.txt", cwd=files["bad"].parent)
    assert proc.returncode == 1  # something would change, as `ruff --diff` and `black --diff --check` say it
    assert {name: path.read_bytes() for name, path in files.items()} == before
    import subprocess as sp

    patch = files["bad"].parent / "fixes.diff"
    patch.write_text(proc.stdout, encoding="utf-8")
    assert "clean.txt" not in proc.stdout  # an unchanged file has no hunk
    assert proc.stdout.startswith("--- a/bad.txt\n+++ b/bad.txt\n")  # named as git names them
    applied = sp.run(["patch", "-p1", "--dry-run", "-i", str(patch)], cwd=files["bad"].parent, capture_output=True, text=True) \
        if shutil.which("patch") else None
    assert applied is None or applied.returncode == 0, applied.stderr
    assert "-The minister said announced that the the talks would resume.\n+The minister said that the talks would resume.\n" \
        in proc.stdout
    assert "+Prices rose by 5% in May, the office said.\n" in proc.stdout
    assert run("fix", "--diff", "--grammar", "none", str(files["clean"])).returncode == 0
    assert run("fix", "--diff", "--grammar", "none", str(files["clean"])).stdout == ""
    refused = run("fix", "--diff", "--in-place", "--grammar", "none", str(files["bad"]))
    assert refused.returncode == 2 and "--diff writes nothing" in refused.stderr


def test_fix_diff_of_a_file_named_twice_is_one_patch_that_applies(files):
    proc = run("fix", "--diff", "--grammar", "none", "bad.txt", "./bad.txt", cwd=files["bad"].parent)
    assert proc.returncode == 1
    assert proc.stdout.count("+++ ") == 1 and proc.stdout.startswith("--- a/bad.txt\n+++ b/bad.txt\n")
    one = run("fix", "--grammar", "none", "bad.txt", "bad.txt", cwd=files["bad"].parent)  # one file: stdout is fine
    assert one.returncode == 0 and one.stdout == "The minister said that the talks would resume.\n"


def test_fix_leaves_nothing_a_second_fix_would_change(tmp_path):
    """Replacing « » uncovered QUO005's period outside the quotation marks: a second `mtqa fix` changed the copy
    again. One run (and its --diff, and check --fix) now gives the copy a second run leaves alone."""
    story = tmp_path / "story.en.txt"
    story.write_text("The mayor called the new tram line «  a waste of money ».\n", encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text("Le maire a qualifié la nouvelle ligne de tram de « gaspillage ».\n",
                                           encoding="utf-8")
    once = "The mayor called the new tram line \"a waste of money.\"\n"
    assert run("fix", "--grammar", "none", str(story)).stdout == once
    diff = run("fix", "--diff", "--grammar", "none", "story.en.txt", cwd=tmp_path).stdout
    assert diff.endswith("-The mayor called the new tram line «  a waste of money ».\n+" + once)
    run("check", "--grammar", "none", "--fix", str(story))
    assert (tmp_path / "story.en.fixed.txt").read_text(encoding="utf-8") == once
    story.write_text(once, encoding="utf-8")
    assert run("fix", "--diff", "--grammar", "none", str(story)).stdout == ""


@pytest.mark.parametrize("stdin", ["", "  \n\n"])
@pytest.mark.parametrize("command", [("check",), ("fix",), ("fix", "--diff")])
def test_empty_standard_input_is_a_usage_error_for_check_and_fix_alike(command, stdin):
    """`mtqa fix -` exited 0 and printed nothing on empty input, where `mtqa check -` says there is nothing to check."""
    proc = run(*command, "--grammar", "none", "-", stdin=stdin)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith(f"mtqa: error: no documents to {command[0]} in - (no text in it")


@pytest.mark.parametrize("command", [("check",), ("fix",)])
def test_a_closed_standard_input_is_read_as_empty_not_a_traceback(command):
    # `mtqa check - <&-`: sys.stdin is None, and reading it raised AttributeError
    proc = subprocess.run([MTQA, *command, "--grammar", "none", "-"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert (proc.returncode, proc.stdout) == (2, "") and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith(f"mtqa: error: no documents to {command[0]} in -")


def test_a_closed_standard_output_still_gives_the_gate_s_exit_code(tmp_path):
    # `mtqa check story.txt >&-` ended in a traceback (exit 1 whatever the gate said)
    story = tmp_path / "story.txt"
    story.write_text("The minister spoke on Friday.\n", encoding="utf-8")
    proc = subprocess.run([MTQA, "check", "--grammar", "none", str(story)], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


def test_fix_of_a_file_without_records_says_so(tmp_path):
    empty = tmp_path / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    proc = run("fix", "--grammar", "none", str(empty))
    assert (proc.returncode, proc.stderr) == (2, f"mtqa: error: no documents to fix in {empty} (no text in it: no record "
                                                 "or line holds any)\n")


def test_an_empty_file_beside_one_with_text_is_no_usage_error(files, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    proc = run("fix", "--diff", "--grammar", "none", "empty.txt", "minor.txt", cwd=tmp_path)
    assert proc.returncode == 1 and "+Prices rose by 5% in May, the office said.\n" in proc.stdout


def test_an_oversize_document_is_reported_and_the_batch_goes_on(tmp_path, files):
    (tmp_path / "mtqa.toml").write_text("grammar = 'none'\nmax-chars = 200\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("The minister spoke. " * 50, encoding="utf-8")
    proc = run("check", "--format", "json", str(big), str(files["bad"]), cwd=tmp_path)
    import json

    report = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert "over the limit of 200" in report["errors"][0]["message"]
    assert [d["path"] for d in report["documents"]] == [str(files["bad"])]


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv"])
def test_a_batch_at_a_terminal_shows_its_progress_bar_and_exits_as_usual(files, fmt):
    """On a terminal, a batch of several files has a tqdm progress bar on standard error (and, for a machine
    format, the summary there too); the bar (which has no total) must not be asked for a truth value, which tqdm
    refuses with a TypeError at the end of the batch."""
    pty = pytest.importorskip("pty")
    import os

    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([MTQA, "check", "--format", fmt, "--grammar", "none", str(files["clean"]),
                               str(files["bad"])], stdout=subprocess.PIPE, stderr=follower, text=True)
    finally:
        os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end is closed: everything has been read
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert proc.returncode == 1, shown.decode(errors="replace")
    assert b"Traceback" not in shown
    assert "REP003" in proc.stdout if fmt in ("text", "json") else "bad.txt" in proc.stdout  # one row a document
    if fmt != "text":
        assert b"1 issue" in shown or b"issue(s)" in shown  # the summary goes to the terminal


def test_colour_follows_no_color_and_force_color(files):
    import os

    def report(**env):
        base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        return subprocess.run([MTQA, "check", "--grammar", "none", str(files["bad"])], capture_output=True,
                              text=True, env={**base, **env}).stdout

    assert "\033[" not in report()  # not a terminal
    assert "\033[" in report(FORCE_COLOR="1")
    assert "\033[" not in report(FORCE_COLOR="1", NO_COLOR="1")  # NO_COLOR wins
    assert "\033[" not in report(FORCE_COLOR="")  # empty means unset
    plain = report()
    assert plain == report(NO_COLOR="1")


def test_a_terminal_that_cannot_show_a_character_gets_an_escape_not_a_traceback(tmp_path):
    story = tmp_path / "café.txt"
    story.write_text("The café owner said announced it.\n", encoding="utf-8")
    for env in ({"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "utf-8:strict"}):
        proc = subprocess.run([MTQA, "check", "--no-daemon", "--grammar", "none", str(story)], capture_output=True,
                              env={**os.environ, **env}, timeout=300)
        assert proc.returncode == 1 and b"REP003" in proc.stdout, proc.stderr
        assert b"Traceback" not in proc.stderr
        if env["PYTHONIOENCODING"] == "ascii":
            assert b"caf\\xe9" in proc.stdout  # the line and the file name, escaped


def test_rules_describes_a_harper_lint_and_refuses_one_harper_lacks():
    import json

    pytest.importorskip("harper")
    proc = run("rules", "HARPER:SpellCheck")
    assert proc.returncode == 0 and "a lint of Harper" in proc.stdout and "Runs by default: yes" in proc.stdout
    proc = run("rules", "HARPER:OxfordComma", "--format", "json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["default"].startswith("no (ignored")
    proc = run("rules", "HARPER:Nope")
    assert proc.returncode == 2 and "Harper has no lint 'Nope'" in proc.stderr


@pytest.mark.parametrize("command", [("check", "--format", "json"), ("fix",)])
def test_output_dash_is_standard_output_not_a_file_named_dash(files, tmp_path, command):
    proc = run(*command, "--grammar", "none", "-o", "-", str(files["bad"]), cwd=tmp_path)
    assert not (tmp_path / "-").exists()
    assert ('"documents"' in proc.stdout) if command[0] == "check" else ("the talks would resume" in proc.stdout)


@pytest.mark.parametrize("select", ["E007", "E006,E007"])
def test_selecting_only_engine_findings_reports_them(tmp_path, select):
    """`--select E007` alone was refused with "runs no check", although E007 is a finding one can select: it lists
    the records the MT never filled."""
    import json

    path = tmp_path / "mt.jsonl"
    path.write_text('{"id": "1", "source": "Il a 45 ans.", "target": ""}\n'
                    '{"id": "2", "source": "Bonjour.", "target": "Hello the the."}\n', encoding="utf-8")
    proc = run("check", "--grammar", "none", "--no-cache", "--format", "json", "--select", select, str(path))
    assert proc.returncode == 1, proc.stderr
    docs = {d["id"]: d for d in json.loads(proc.stdout)["documents"]}
    assert [i["rule"] for i in docs["1"]["issues"]] == ["E007"] and docs["2"]["issues"] == []
    # ignored as well as selected, it still runs nothing
    proc = run("check", "--grammar", "none", "--no-cache", "--select", "E007", "--ignore", "E007", str(path))
    assert proc.returncode == 2 and "runs no check" in proc.stderr


@pytest.mark.parametrize("command", ["check", "fix"])
@pytest.mark.parametrize("daemon", ["off", "on"])
def test_an_endless_standard_input_is_read_only_as_far_as_max_chars_allows(tmp_path, command, daemon):
    (tmp_path / "mtqa.toml").write_text("max-chars = 1000\n", encoding="utf-8")
    env = {**os.environ, "MTQA_DAEMON": daemon, "MTQA_DAEMON_SOCKET": str(tmp_path / "none.sock")}
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run(["timeout", "60", MTQA, command, "--grammar", "none", "-"], stdin=zero,
                              capture_output=True, text=True, cwd=tmp_path, env=env)
    assert proc.returncode == 2, proc.stderr  # as a document over max-chars, alone
    assert "standard input is longer than 4,000 bytes" in proc.stderr and "max-chars" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("option", [["--jobs", "100000"], ["--cluster", "local:99999999999999999999"],
                                    ["--cluster", "local:100000"]])
def test_more_worker_processes_than_the_machine_can_use_is_a_usage_error(tmp_path, option):
    from mtqa.limits import max_workers

    story = tmp_path / "story.txt"
    story.write_text("Prices rose on Friday.\n", encoding="utf-8")
    proc = subprocess.run(["timeout", "-s", "KILL", "60", MTQA, "check", "--grammar", "none", "--no-cache",
                           *option, str(story)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2, proc.stderr
    assert f"at most {max_workers():,} worker processes on this machine" in proc.stderr
    assert option[1].split(":")[-1] in proc.stderr and "Traceback" not in proc.stderr


def test_the_worker_limit_is_four_per_core_and_256_in_all(monkeypatch):
    from mtqa import limits

    monkeypatch.setattr(limits.os, "cpu_count", lambda: 2)
    assert limits.max_workers() == 8 and limits.too_many_workers("--jobs", 8) is None
    monkeypatch.setattr(limits.os, "cpu_count", lambda: 1000)
    assert limits.max_workers() == 256 and "not 257" in limits.too_many_workers("--jobs", 257)
