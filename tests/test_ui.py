"""The translators' UI: API-level tests with gradio_client, and a real headless Chromium session."""

from __future__ import annotations

import contextlib
import json
import re
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED

FAMILIES = ["repetition", "calques", "quotes", "duplication", "boilerplate", "typography", "bilingual", "fluency", "spelling", "grammar"]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ui_url(tmp_path_factory):
    sys.path.insert(0, str(ROOT))
    import app
    from mtqa.store import Store

    port = _free_port()
    demo = app.build(max_chars=20_000, max_upload_mb=1, store=Store(tmp_path_factory.mktemp("store") / "review.sqlite"))
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, share=False, quiet=True,
                **app.launch_options(1))
    yield f"http://127.0.0.1:{port}/"
    demo.close()


@pytest.fixture(scope="module")
def client(ui_url):
    from gradio_client import Client

    return Client(ui_url, verbose=False)


def test_check_endpoint_returns_the_same_findings_as_the_cli(client, seed_text):
    api = client.predict(seed_text, "", "", "us", FAMILIES, api_name="/check")
    cli = json.loads(subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--house-style", "us", "--format", "json", str(SEED)],
                                    capture_output=True, text=True).stdout)["documents"][0]
    assert api["issues"] == cli["issues"]
    assert api["score"] == cli["score"]


def test_neural_toggle_gives_the_findings_of_mtqa_check_neural(client, seed_text):
    api = client.predict(seed_text, "", "", "us", FAMILIES, True, api_name="/check")
    cli = json.loads(subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--house-style", "us", "--neural", "--format", "json", str(SEED)],
                                    capture_output=True, text=True).stdout)["documents"][0]
    assert api["issues"] == cli["issues"]
    assert "QUO007" in {i["rule"] for i in api["issues"]}
    assert "QUO007" not in {i["rule"] for i in client.predict(seed_text, "", "", "us", FAMILIES, False, api_name="/check")["issues"]}


def test_fix_endpoint_equals_mtqa_fix(client, seed_text):
    api = client.predict(seed_text, "", "", "us", FAMILIES, api_name="/fix")
    cli = subprocess.run([sys.executable, "-m", "mtqa.cli", "fix", "--house-style", "us", str(SEED)], capture_output=True, text=True).stdout
    assert api == cli


def _default_style(client) -> str:
    """The house style the page starts with (the Settings radio's value)."""
    return next(p for p in client.view_api(print_info=False, return_format="dict")["named_endpoints"]["/check"]["parameters"]
                if p["parameter_name"] == "style")["parameter_default"]


def test_house_style_defaults_to_the_clis(client, tmp_path):
    """The UI forced "us" and offered no "auto", the CLI's default: British copy pasted with the default settings
    had every British spelling reported as a misspelling, copy that `mtqa check` passes."""
    text = "The programme's colour was chosen by the organisation's labour council, whose favourite theatre is in the centre."
    (tmp_path / "uk.txt").write_text(text + "\n", encoding="utf-8")
    cli = json.loads(subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--format", "json", str(tmp_path / "uk.txt")],
                                    capture_output=True, text=True, cwd=tmp_path).stdout)["documents"][0]
    default = _default_style(client)
    assert default == "auto"
    api = client.predict(text, "", "", default, FAMILIES, api_name="/check")
    assert api["issues"] == cli["issues"] == []
    assert "SpellCheck" in json.dumps(client.predict(text, "", "", "us", FAMILIES, api_name="/check")["issues"])  # "us" still flags them


def test_families_can_be_switched_off(client):
    text = "The two leaders exchanged on Friday, said announced the ministry."
    api = client.predict(text, "", "", "us", ["repetition"], api_name="/check")
    assert {i["rule"][:3] for i in api["issues"]} == {"REP"}


def test_long_input_is_refused_with_a_clear_message(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="limit here is 20,000"):
        client.predict("word " * 5000, "", "", "us", FAMILIES, api_name="/check")


def test_batch_upload_gives_a_table_and_reports(client, tmp_path):
    from gradio_client import handle_file

    a = tmp_path / "a.txt"
    a.write_text("The the talks failed, said announced the ministry.\n", encoding="utf-8")
    b = tmp_path / "b.jsonl"
    b.write_text('{"id": "x", "target": "Some 10 000 people marched."}\n', encoding="utf-8")
    rows, files, message = client.predict([handle_file(str(a)), handle_file(str(b))], "us", FAMILIES, api_name="/batch")
    assert message == ""
    data = rows["data"] if isinstance(rows, dict) else rows
    assert [r[0] for r in data] == ["a.txt", "b.jsonl"]
    names = sorted(Path(f).name for f in files)
    assert names == ["mtqa-report.html", "mtqa-report.json"]
    report = json.loads(Path([f for f in files if f.endswith(".json")][0]).read_text(encoding="utf-8"))
    assert len(report["documents"]) == 2


def test_batch_with_the_neural_toggle_checks_meaning_against_the_source(client, tmp_path):
    from gradio_client import handle_file

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({
        "id": "port",
        "source": "Le port de Marseille a enregistré une hausse de son trafic de conteneurs au troisième trimestre. "
                  "Les dockers ont menacé de faire grève si leurs salaires n'étaient pas revalorisés.",
        "target": "The port of Marseille recorded a rise in container traffic in the third quarter. "
                  "The dockers celebrated the opening of a new terminal with the mayor.",
    }, ensure_ascii=False) + "\n", encoding="utf-8")

    def rules(neural):
        _, files, _ = client.predict([handle_file(str(pairs))], "us", FAMILIES, neural, api_name="/batch")
        report = json.loads(Path([f for f in files if f.endswith(".json")][0]).read_text(encoding="utf-8"))
        return {i["rule"] for d in report["documents"] for i in d["issues"]}

    assert "BIL007" not in rules(False)
    assert "BIL007" in rules(True)


def test_review_actions_through_the_api_apply_the_chosen_suggestion(client):
    text = "The talks failed on Friday, said announced the ministry.\n\nThe two leaders exchanged on Monday."
    checked = client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")
    view = checked[1]
    assert Path(checked[5]).read_text(encoding="utf-8") == text  # Download works right after a check
    n = int(re.search(r'data-n="(\d+)" data-fam="repetition"', view).group(1))
    second = re.findall(rf'data-act="accept:{n}:1"[^>]*>([^<]+)<', view)[0]
    fixed, view, flist, summary, diff, download, message, report = client.predict("accept:%d:1" % n, text, "", "", "us", FAMILIES, False, api_name="/act")
    assert fixed == text.replace("said announced the ministry", second)
    assert diff.count('class="mtqa-chg"') == 1
    assert Path(download).read_text(encoding="utf-8") == fixed
    # an edited copy is checked again before any fix applies
    edited = fixed + "\n\nThe aides exchanged too."
    again = client.predict("accept:0:0", edited, "", "", "us", FAMILIES, False, api_name="/act")
    assert again[0] in (edited, {"__type__": "update"}) and "checked again" in again[3]  # the box keeps the edit
    assert again[4].count('class="mtqa-chg"') == 0
    # the fix accepted before the edit stays on record in Changes, and after a Check of the edited copy too
    assert "1 change(s)" in again[4] and f"<ins>{second}</ins>" in again[4]
    rechecked = client.predict(edited, "", "", "us", FAMILIES, False, api_name="/check_ui")
    assert "1 change(s)" in rechecked[4] and f"<ins>{second}</ins>" in rechecked[4] and "1 fixed" in rechecked[3]
    other = client.predict("Some 10 000 people marched in Paris on Sunday.", "", "", "us", FAMILIES, False, api_name="/check_ui")
    assert "0 change(s)" in other[4]  # another story: a new record


def test_the_report_after_accepted_fixes_is_the_report_of_the_copy_as_it_now_reads(client, tmp_path):
    """Report (JSON) after accepting a fix gave the report of the check before it, saying nothing: the fixed finding
    was still in it, quoting words no longer in the copy. It now gives what `mtqa check --format json` writes for
    the copy Download gives, and the check's own report again once the fix is undone."""
    text = "The the talks failed on Friday, said announced the ministry.\n\nSome 10 000 people marched."
    out = client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")
    first = json.loads(Path(out[9]).read_text(encoding="utf-8"))
    n = re.search(r'data-n="(\d+)"[^>]*data-rule="REP003"', out[2]).group(1)
    after = client.predict(f"accept:{n}:0", text, "", "", "us", FAMILIES, False, api_name="/act")
    fixed = Path(after[5]).read_text(encoding="utf-8")
    assert fixed == text.replace("said announced the ministry", "the ministry said")
    (tmp_path / "fixed.txt").write_text(fixed, encoding="utf-8")
    cli = json.loads(subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--house-style", "us", "--format", "json",
                                     str(tmp_path / "fixed.txt")], capture_output=True, text=True, cwd=tmp_path).stdout)
    shown = after[7] if isinstance(after[7], str) else out[9]  # an output left out keeps the page's file as it was
    report = json.loads(Path(shown).read_text(encoding="utf-8"))
    assert report["documents"][0]["issues"] == cli["documents"][0]["issues"]
    assert report["documents"][0]["score"] == cli["documents"][0]["score"] > first["documents"][0]["score"]
    assert "REP003" not in {i["rule"] for i in report["documents"][0]["issues"]}
    undone = client.predict(f"undo:{n}", text, "", "", "us", FAMILIES, False, api_name="/act")
    assert json.loads(Path(undone[7]).read_text(encoding="utf-8")) == first


def test_a_decision_on_results_of_an_older_source_or_setting_is_not_applied(client):
    """The page sent a decision with the copy only: after the house style, a family, the French source or the
    reference changed (the page marks its results stale and checks again a moment later), a fix chosen on the
    stale results was applied by the old check ("colour" made "color" in a story just switched to UK spelling).
    Now nothing is applied: the copy is checked again with what the page holds, and the translator chooses again."""
    text = "The programme's colour was chosen by the council, said announced the minister."
    out = client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")
    n = re.search(r'data-n="(\d+)"[^>]*data-rule="HARPER:SpellCheck"', out[2]).group(1)
    after = client.predict(f"seq=1|accept:{n}:0", text, "", "", "uk", FAMILIES, False, api_name="/act")
    assert Path(after[5]).read_text(encoding="utf-8") == text  # "colour" stays
    assert "a setting had changed" in after[3] and "nothing was applied" in after[3]
    assert "SpellCheck" not in after[2] and 'data-rule="REP003"' in after[2]  # the findings of a UK check
    rep = re.search(r'data-n="(\d+)"[^>]*data-rule="REP003"', after[2]).group(1)
    source = "Le programme a été choisi par le conseil, a annoncé le ministre."
    again = client.predict(f"seq=2|accept:{rep}:0", text, source, "", "uk", FAMILIES, False, api_name="/act")
    assert Path(again[5]).read_text(encoding="utf-8") == text and "checked again" in again[3]  # a new source: the same
    rep = re.search(r'data-n="(\d+)"[^>]*data-rule="REP003"', again[2]).group(1)
    done = client.predict(f"seq=3|accept:{rep}:0", text, source, "", "uk", FAMILIES, False, api_name="/act")
    assert done[0] == text.replace("said announced the minister", "the minister said")  # in step again: applied
    assert "checked again" not in done[3]


def test_checking_the_fixed_copy_again_without_an_edit_keeps_its_fixes_undoable(client):
    """Check pressed again without an edit, or a rule family or the house style changed, made the fixes accepted
    part of the copy: Changes lost their undo buttons and listed them as accepted "before the copy was last edited",
    and "Undo all decisions" could not undo them. They now stay fixes of this review, and the Report is of the copy
    Download gives."""
    text = "The talks failed on Friday, said announced the ministry.\n\nSome 10 000 people marched."
    out = client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")
    n = re.search(r'data-n="(\d+)"[^>]*data-rule="REP003"', out[2]).group(1)
    fixed = client.predict(f"accept:{n}:0", text, "", "", "us", FAMILIES, False, api_name="/act")[0]
    assert fixed == text.replace("said announced the ministry", "the ministry said")
    for families in (FAMILIES, [f for f in FAMILIES if f != "grammar"]):
        again = client.predict(fixed, "", "", "us", families, False, api_name="/check_ui")
        assert again[4].count('data-act="undo:') == 1 and "mtqa-earlier" not in again[4] and "1 fixed" in again[3]
        assert Path(again[5]).read_text(encoding="utf-8") == fixed
        report = json.loads(Path(again[9]).read_text(encoding="utf-8"))
        assert [i["rule"] for i in report["documents"][0]["issues"]] == ["TYP003"]
    typ = re.search(r'data-n="(\d+)"[^>]*data-rule="TYP003"', again[2]).group(1)
    changed = client.predict(f"ignore:{typ}", fixed, "", "", "uk", families, False, api_name="/act")  # another style
    assert "a setting had changed" in changed[3] and changed[4].count('data-act="undo:') == 1
    undo = re.search(r'data-act="(undo:\d+)"', changed[4]).group(1)
    undone = client.predict(undo, fixed, "", "", "uk", families, False, api_name="/act")
    assert undone[0] == text and "0 change(s)" in undone[4]


def test_another_story_checked_against_the_last_ones_source_is_warned_about(client):
    """The source of a sample article (or of the story checked before) left in place: the next story pasted was
    compared with it, with 15 bilingual findings of nothing and no word of why."""
    bilingual = ROOT / "corpora" / "samples" / "bilingual"
    en, fr = ((bilingual / f"floods.{lang}.txt").read_text(encoding="utf-8") for lang in ("en", "fr"))
    other = (bilingual.parent / "ceasefire-call.txt").read_text(encoding="utf-8")
    assert client.predict(en, fr, "", "us", FAMILIES, False, api_name="/check_ui")[8] == ""
    out = client.predict(other, fr, "", "us", FAMILIES, False, api_name="/check_ui")
    assert 'role="alert"' in out[8] and "another story" in out[8] and "another story" in out[3]
    assert "another story" not in client.predict(other, "", "", "us", FAMILIES, False, api_name="/check_ui")[3]


def test_the_findings_list_gives_the_line_in_the_copy_as_it_now_reads(client):
    """Each row says on which line its finding stands; after a fix removed a paragraph above it, the rows still
    counted the lines of the copy as first checked (line 5 for a finding now on line 3)."""
    text = "The talks failed.\n\nThe talks failed.\n\nSome 10 000 people marched.\n\nThe two leaders exchanged on Friday."
    out = client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")
    row = lambda html, rule: re.search(rf'data-rule="{rule}".*?· line (\d+)<', html).group(1)
    assert row(out[2], "TYP003") == "5"
    dup = re.search(r'data-n="(\d+)"[^>]*data-rule="DUP001"', out[2]).group(1)
    fixed, _, flist, *_ = client.predict(f"accept:{dup}:0", text, "", "", "us", FAMILIES, False, api_name="/act")
    assert fixed == "The talks failed.\n\nSome 10 000 people marched.\n\nThe two leaders exchanged on Friday."
    assert (row(flist, "TYP003"), row(flist, "CAL002")) == ("3", "5")


def test_download_files_are_one_per_distinct_copy_in_the_servers_own_folder(client):
    """Every check and every decision wrote the copy to a new folder in /tmp that nothing removed: a translator's
    copy left on the server's disk thousands of times a day. Now one file per distinct copy, in one folder."""
    sys.path.insert(0, str(ROOT))
    import app

    before = set(app.downloads().rglob("*.txt"))
    text = f"The the talks failed on day {os.getpid()}, said announced the ministry."  # a copy no other test renders
    out = client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")
    client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")  # the same copy again
    n = re.search(r'data-n="(\d+)"[^>]*data-rule="REP001"', out[2]).group(1)
    client.predict(f"ignore:{n}", text, "", "", "us", FAMILIES, False, api_name="/act")  # a decision that leaves the copy as it is
    rep = re.search(r'data-n="(\d+)"[^>]*data-rule="REP003"', out[2]).group(1)
    fixed = client.predict(f"accept:{rep}:0", text, "", "", "us", FAMILIES, False, api_name="/act")[0]  # one that changes it
    assert fixed == text.replace("said announced the ministry", "the ministry said")
    made = set(app.downloads().rglob("*.txt")) - before
    assert sorted(p.read_text(encoding="utf-8") for p in made) == sorted([text, fixed])
    assert Path(client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")[5]).read_text(encoding="utf-8") == text


def test_copy_with_windows_line_ends_is_reviewed_as_the_page_shows_it(client):
    """The page holds \\n line ends (a browser's HTML and textarea): copy with \\r\\n (a file opened from Batch)
    is checked with \\n line ends and the box gets them, so the page's fixes land where the server's do; Download
    gives the file's own \\r\\n back, before and after a fix."""
    text = "The the talks failed.\r\n\r\nThe talks failed, said announced the ministry.\r\n"
    out = client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")
    shown = text.replace("\r\n", "\n")
    assert out[0] == shown and Path(out[5]).read_bytes().decode("utf-8") == text
    assert 'data-newline="crlf"' in out[1]  # so the page, when it hands over the box's copy itself, does the same
    n = int(re.search(r'data-n="(\d+)"[^>]*data-rule="REP003"', out[2]).group(1))
    fixed = client.predict(f"accept:{n}:0", shown, "", "", "us", FAMILIES, False, api_name="/act")
    assert fixed[0] == shown.replace("said announced the ministry", "the ministry said") and "checked again" not in fixed[3]
    assert Path(fixed[5]).read_bytes().decode("utf-8") == fixed[0].replace("\n", "\r\n")


def _call_raw(ui_url: str, api: str, data: list) -> list:
    """One call of a Gradio endpoint as a page makes it: JSON over HTTP (here a lone surrogate can travel as a
    \\ud800 escape, which gradio_client cannot encode), the result read from the event stream."""
    import urllib.request

    req = urllib.request.Request(f"{ui_url}gradio_api/call/{api}", data=json.dumps({"data": data}).encode("ascii"),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        event = json.load(r)["event_id"]
    with urllib.request.urlopen(f"{ui_url}gradio_api/call/{api}/{event}", timeout=60) as r:
        stream = r.read().decode("utf-8")
    kind = re.findall(r"^event: (\w+)", stream, re.M)[-1]
    payload = re.findall(r"^data: (.*)$", stream, re.M)[-1]
    assert kind == "complete", stream[:500]
    return json.loads(payload)


def test_a_lone_surrogate_in_the_copy_is_checked_not_a_bare_error(ui_url):
    """A string cut in the middle of an emoji reaches the server as a lone surrogate: writing the Download file
    failed and the page showed only "Error". It is checked as U+FFFD (one UTF-16 unit, so offsets hold)."""
    text = "The the talks \ud83d failed, said announced the ministry."
    out = _call_raw(ui_url, "check_ui", [text, "Le \udc00 port.", "", "us", FAMILIES, False, None])
    shown = text.replace("\ud83d", "\ufffd")
    assert out[0] == shown  # the box gets the copy as checked
    assert 'data-rule="REP003"' in out[2] and out[8] == ""


def test_a_bad_check_gives_one_clear_message_and_keeps_the_last_results(client):
    out = client.predict("word " * 5000, "", "", "us", FAMILIES, False, api_name="/check_ui")
    message = out[8]
    assert "limit here is 20,000" in message and 'role="alert"' in message
    assert all(o is None or o == "" or isinstance(o, dict) and o.get("__type__") == "update" for o in out[1:8])  # left as they were


def test_batch_pairs_story_files_and_bounds_uploads(client, tmp_path):
    from gradio_client import handle_file

    (tmp_path / "story.en.txt").write_text("The port recorded a rise of 12% in traffic.\n", encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text("Le port a enregistré une hausse de 15 % de son trafic.\n", encoding="utf-8")
    (tmp_path / "story.ref.txt").write_text("The port recorded a 15% rise in traffic.\n", encoding="utf-8")
    rows, files, message = client.predict([handle_file(str(tmp_path / n)) for n in ("story.en.txt", "story.fr.txt", "story.ref.txt")],
                                          "us", FAMILIES, api_name="/batch")
    data = rows["data"] if isinstance(rows, dict) else rows
    assert [r[0] for r in data] == ["story.en.txt"]
    report = Path([f for f in files if f.endswith(".json")][0]).read_text(encoding="utf-8")
    assert "BIL001" in report and "/tmp/" not in report and "gradio" not in report
    big = tmp_path / "big.txt"
    big.write_text("word " * 300_000, encoding="utf-8")  # 1.5 MB, over this server's 1 MB
    try:
        _, _, message = client.predict([handle_file(str(big))], "us", FAMILIES, api_name="/batch")
    except Exception as exc:  # refused at upload by the server's max_file_size
        assert "size" in str(exc).lower() or "large" in str(exc).lower(), exc
    else:
        assert "limit" in message


def test_launch_options_take_the_command_line_upload_limit_as_parsed():
    sys.path.insert(0, str(ROOT))
    import app
    import gradio as gr

    for mb in (5.0, 0.5):  # `--max-upload-mb` is parsed as a float: its default made Gradio refuse to start
        with gr.Blocks() as demo:
            gr.Markdown("x")
        demo.launch(server_name="127.0.0.1", server_port=_free_port(), prevent_thread_lock=True, quiet=True,
                    **app.launch_options(mb))
        try:
            assert demo.max_file_size == int(mb * 1024 * 1024)
        finally:
            demo.close()


@contextlib.contextmanager
def _ui_with_store(tmp_path):
    """A UI server of its own with a review store in tmp_path: (its client, the store)."""
    sys.path.insert(0, str(ROOT))
    import app
    from gradio_client import Client
    from mtqa.store import Store

    store = Store(tmp_path / "review.sqlite")
    demo = app.build(store=store)
    port = _free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **app.launch_options())
    try:
        yield Client(f"http://127.0.0.1:{port}/", verbose=False), store
    finally:
        demo.close()


def test_add_to_accepted_terms_is_stored_and_exported_for_the_cli(tmp_path):
    with _ui_with_store(tmp_path) as (client, store):
        text = "The ministry published the reoprt on Friday, and the reoprt was long."
        view_html = client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")[1]
        n = re.search(r'data-act="term:(\d+)"', view_html).group(1)
        out = client.predict(f"seq=1|term:{n}", text, "", "", "us", FAMILIES, False, api_name="/act")
        assert "reoprt" not in out[2]  # both occurrences left the list
        assert store.terms() == ["reoprt"]
        assert "reoprt" in store.accept_file.read_text(encoding="utf-8").split("\n")
        client.predict("seq=1|ignore:0", text, "", "", "us", FAMILIES, False, api_name="/act")  # a batch sent again is not applied twice
        assert "ignored" not in client.predict("seq=2", text, "", "", "us", FAMILIES, False, api_name="/act")[3]


def test_a_batch_with_a_bad_decision_remembers_nothing_in_the_store(tmp_path):
    with _ui_with_store(tmp_path) as (client, store):
        text = "The ministry published the reoprt on Friday, said announced the minister."
        out = client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")
        rule_n = re.search(r'data-n="(\d+)"[^>]*data-rule="REP003"', out[2]).group(1)
        term_n = re.search(r'data-act="term:(\d+)"', out[1]).group(1)
        for seq, bad in enumerate([f"always:{rule_n}|accept:999:0", f"term:{term_n}|accept:abc", f"term:{rule_n}"], 1):
            out = client.predict(f"seq={seq}|{bad}", text, "", "", "us", FAMILIES, False, api_name="/act")
            assert store.ignored_rules() == [] and store.terms() == [], bad
            assert "invalid literal" not in str(out[6]) and str(out[6]).strip(), out  # said in the page's words, not Python's
        assert "only a word flagged as a misspelling" in str(out[6])


def test_always_ignored_rules_and_accepted_terms_can_be_taken_back_in_the_ui(tmp_path):
    """"Always ignore" and "Add to accepted terms" write to the store every later review reads, and nothing in the
    UI undid them ("Undo all decisions" keeps them): the summary now lists each with a button that takes it back,
    in this review and in the store (and in the accept file the CLI reads)."""
    with _ui_with_store(tmp_path) as (client, store):
        text = "The ministry published the reoprt on Friday, said announced the minister."
        out = client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")
        rule_n = re.search(r'data-n="(\d+)"[^>]*data-rule="REP003"', out[2]).group(1)
        term_n = re.search(r'data-act="term:(\d+)"', out[1]).group(1)
        out = client.predict(f"seq=1|always:{rule_n}|term:{term_n}", text, "", "", "us", FAMILIES, False, api_name="/act")
        assert store.ignored_rules() == ["REP003"] and store.terms() == ["reoprt"]
        assert 'data-rule="REP003"' not in out[2] and "reoprt" not in out[2]
        summary = out[3]
        assert 'data-act="restore:REP003"' in summary and f'data-act="unterm:{term_n}"' in summary
        # the next review starts with both switched off, and offers both back
        again = client.predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")
        assert 'data-act="restore:REP003"' in again[3] and "data-act=\"unterm:" in again[3]
        term_n = re.search(r'data-act="unterm:(\d+)"', again[3]).group(1)
        out = client.predict(f"seq=2|restore:REP003|unterm:{term_n}", text, "", "", "us", FAMILIES, False, api_name="/act")
        assert store.ignored_rules() == [] and store.terms() == []
        assert "reoprt" not in store.accept_file.read_text(encoding="utf-8").split("\n")
        assert 'data-rule="REP003"' in out[2] and "reoprt" in out[2]  # both findings are back in the list
        assert "restore:" not in out[3] and "unterm:" not in out[3]


def test_accepted_terms_survive_a_restart_of_the_ui(tmp_path):
    sys.path.insert(0, str(ROOT))
    import app
    from mtqa import review as rv
    from mtqa.store import Store

    path = tmp_path / "review.sqlite"
    Store(path).add_term("reoprt")  # as "Add to accepted terms" does, in a UI that has since stopped
    text = "The ministry published the reoprt on Friday."
    assert any(i.category == rv.SPELLING for i in rv.check(text).issues)
    demo = app.build(store=Store(path))
    port = _free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **app.launch_options())
    try:
        from gradio_client import Client

        out = Client(f"http://127.0.0.1:{port}/", verbose=False).predict(text, "", "", "us", FAMILIES, False, api_name="/check_ui")
        assert "reoprt" in out[1] and "HARPER:Spell" not in out[2]  # the list shows no spelling finding
    finally:
        demo.close()


# ---- the review view in a real browser ----------------------------------------------------------------------

WORD_SPLIT_JS = """() => {
  const root = document.querySelector('#mtqa-view .mtqa-text');
  const nodes = [];
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {acceptNode: (n) =>
      n.parentElement.closest('.mtqa-tag') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  let text = '';
  while (walk.nextNode()) { nodes.push([walk.currentNode, text.length]); text += walk.currentNode.data; }
  const at = (off) => { let k = nodes.length - 1; while (k > 0 && nodes[k][1] > off) k--; return [nodes[k][0], off - nodes[k][1]]; };
  const split = []; let words = 0;
  for (const m of text.matchAll(/\\S+/g)) {
    const r = document.createRange();
    const [a, ao] = at(m.index), [b, bo] = at(m.index + m[0].length - 1);
    r.setStart(a, ao); r.setEnd(b, bo + 1);
    const rects = [...r.getClientRects()].filter((x) => x.width > 0);
    words++;
    if (rects.some((x) => Math.abs(x.top - rects[0].top) > 12)) split.push(m[0]);
  }
  return {words, split};
}"""


def _in_viewport(page, selector: str) -> bool:
    return page.evaluate("""(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""", selector)


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                    reason="Debian's chromium is not installed (.ci/run installs it; under CI its absence fails)")
@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_review_view_in_chromium(ui_url, client, tmp_path, width, height):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    seed_text = (SEED if SEED.is_file() else ROOT / "corpora" / "samples" / "ceasefire-call.txt").read_text(encoding="utf-8")
    expected = client.predict(seed_text, "", "", _default_style(client), FAMILIES, api_name="/check")["issues"]  # as the page checks
    shots = Path(os.environ.get("MTQA_SCREENSHOT_DIR", tmp_path))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": width, "height": height})
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(ui_url.rstrip("/")) and not r.url.startswith("data:") else None)
        page.goto(ui_url, wait_until="load")
        box = page.locator("#mtqa-text textarea")
        box.wait_for(timeout=30_000)
        if width == 1440:
            check = page.locator("#mtqa-check").bounding_box()
            assert check["y"] + check["height"] <= height  # Check is above the fold
        box.fill(seed_text)
        box.press("Control+Enter")  # the keyboard shortcut checks
        page.locator("#mtqa-f-2").wait_for(timeout=30_000)

        # the copy reads like the copy: no word split across lines, nothing scrolls sideways
        words = page.evaluate(WORD_SPLIT_JS)
        assert words["words"] > 200 and words["split"] == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        # every finding opens a popover with its explanation and every suggestion
        for n, issue in enumerate(expected):
            if issue["end"] <= issue["start"]:
                continue
            page.keyboard.press("Escape")
            page.locator(f'#mtqa-view .mtqa-tag[data-n="{n}"]').click()
            pop = page.locator("#mtqa-pop")
            assert pop.is_visible()
            assert _in_viewport(page, "#mtqa-pop"), n  # on a narrow window too: the list below is not scrolled to
            assert issue["message"].replace("`", "") in pop.inner_text()  # Harper's code spans are shown as code
            assert pop.locator(".mtqa-sugg").count() == len(issue["suggestions"])
        page.keyboard.press("Escape")

        # a list row scrolls its highlight into view and flashes it (the last one is far down the page)
        last = max(n for n, i in enumerate(expected) if i["end"] > i["start"])
        page.evaluate("window.scrollTo(0, 0)")
        page.locator(f"#mtqa-row-{last}").scroll_into_view_if_needed()
        page.locator(f"#mtqa-row-{last}").click()
        page.wait_for_timeout(400)
        assert _in_viewport(page, f"#mtqa-f-{last}")
        assert "mtqa-flash" in page.locator(f"#mtqa-f-{last}").get_attribute("class")

        # axe-core: no contrast or label violations
        labels = {"color-contrast", "label", "button-name", "aria-input-field-name", "aria-command-name",
                  "aria-toggle-field-name", "select-name", "link-name", "input-button-name", "aria-dialog-name"}
        violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in Axe().run(page).response["violations"]
                      if v["id"] in labels]
        assert violations == []

        # choosing the second suggestion of "said announced" applies it
        rep = next(n for n, i in enumerate(expected) if i["rule"] == "REP003")
        second = expected[rep]["suggestions"][1]
        page.locator(f"#mtqa-f-{rep}").click()
        page.locator(f"#mtqa-f-{rep}").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / f"ui-review-{width}.png"))  # the README's pictures (MTQA_SCREENSHOT_DIR=docs)
        page.locator("#mtqa-pop .mtqa-sugg").nth(1).click()
        # applied in the page at once, before the server answers: the copy, the marks and the counts
        after = seed_text[expected[rep]["end"]:expected[rep]["end"] + 20]
        assert second + after in box.input_value()
        assert page.locator(f"#mtqa-f-{rep}").count() == 0 and page.locator(f"#mtqa-row-{rep}").count() == 0
        assert int(page.locator("#mtqa-summary .mtqa-open").inner_text()) < len(expected)
        # a second fix, anywhere else: the diff shows exactly those two changes
        other = next(n for n, i in enumerate(expected) if i["rule"].startswith("CAL") and i["suggestions"]
                     and i["start"] > expected[rep]["end"])
        page.locator(f'#mtqa-view .mtqa-tag[data-n="{other}"]').click()
        page.locator("#mtqa-pop button.mtqa-primary").click()
        page.wait_for_function("() => document.querySelectorAll('#mtqa-diff .mtqa-chg').length === 2", timeout=15_000)
        changes = page.evaluate("""() => [...document.querySelectorAll('#mtqa-diff .mtqa-chg')].map((c) => {
            const d = c.cloneNode(true); d.querySelectorAll('.mtqa-undo').forEach((x) => x.remove()); return d.innerText; })""")
        assert changes == [expected[rep]["text"] + second, expected[other]["text"] + expected[other]["suggestions"][0]]
        assert box.input_value().count("said announced") == seed_text.count("said announced") - 1
        # the server's Session (Download, diff) is in step with the page: its diff spells out the page's copy
        page.wait_for_function("() => window.mtqaReview.pending() === 0", timeout=15_000)
        served = page.evaluate("""() => { const d = document.querySelector('#mtqa-diff .mtqa-difftext').cloneNode(true);
            d.querySelectorAll('del, .mtqa-undo').forEach((x) => x.remove()); return d.textContent; }""")
        assert served == box.input_value()
        # one fix taken back from Changes: its passage is back in the copy and its finding open again
        page.locator(f'#mtqa-diff button[data-act="undo:{other}"]').click()
        page.wait_for_function("() => document.querySelectorAll('#mtqa-diff .mtqa-chg').length === 1", timeout=15_000)
        page.wait_for_selector(f"#mtqa-f-{other}", timeout=15_000)
        page.wait_for_function("(t) => document.querySelector('#mtqa-text textarea').value.includes(t)",
                               arg=expected[other]["text"], timeout=15_000)
        assert box.input_value().count("said announced") == seed_text.count("said announced") - 1

        # Ignore removes that finding, Ignore rule removes all of the rule's
        ignore = next(n for n, i in enumerate(expected) if i["rule"].startswith(("CAL", "QUO")) and n not in (rep, other))
        page.locator(f'#mtqa-view .mtqa-tag[data-n="{ignore}"]').click()
        page.locator("#mtqa-pop button", has_text="Ignore").first.click()
        page.wait_for_selector(f"#mtqa-f-{ignore}", state="detached", timeout=15_000)
        teasers = [n for n, i in enumerate(expected) if i["rule"] == "BOI001"]
        assert len(teasers) >= 2
        page.locator(f'#mtqa-view .mtqa-tag[data-n="{teasers[0]}"]').click()
        page.locator("#mtqa-pop button", has_text="Ignore rule BOI001").click()
        page.wait_for_function("(ns) => ns.every((n) => !document.getElementById('mtqa-f-' + n))", arg=teasers,
                               timeout=15_000)
        assert all(page.locator(f"#mtqa-f-{n}").count() == 0 for n in teasers)
        assert "BOI001" not in page.locator("#mtqa-findings").inner_text()

        # two quick decisions, the second before the server has answered the first: neither is lost
        quick = page.evaluate("""() => [...document.querySelectorAll('#mtqa-view .mtqa-text mark[id]')]
            .filter((m) => !m.querySelector('mark') && !m.classList.contains('mtqa-inner')).map((m) => +m.dataset.n)""")[:2]
        assert len(quick) == 2
        for n in quick:
            page.evaluate("(n) => window.mtqaReview.openPop(n, document.getElementById('mtqa-f-' + n))", str(n))
            page.locator(f'#mtqa-pop button[data-act="ignore:{n}"]').click()
        page.wait_for_function("() => window.mtqaReview.pending() === 0", timeout=15_000)
        page.wait_for_timeout(300)
        left = [(n, page.locator(f"#mtqa-f-{n}").count(), page.locator(f"#mtqa-row-{n}").count()) for n in quick]
        assert all(m == 0 and r == 0 for _, m, r in left), (left, page.locator("#mtqa-summary").inner_text(),
                                                           [expected[n]["rule"] for n in quick])
        assert f"{1 + len(quick)} ignored" in page.locator("#mtqa-summary").inner_text()  # as the server counts them

        # an edit marks the results stale at once, and they are checked again
        box.press("End")
        box.type(" Extra words.")
        assert "mtqa-stale" in page.locator("#mtqa-view .mtqa-review").get_attribute("class")
        page.wait_for_function("() => !document.querySelector('#mtqa-view .mtqa-review').classList.contains('mtqa-stale')",
                               timeout=30_000)
        assert "Extra words." in page.locator("#mtqa-view .mtqa-text").inner_text()
        page.screenshot(path=str(tmp_path / f"ui-review-{width}-full.png"), full_page=True)
        browser.close()
    assert outside == [], outside  # no CDN, no analytics: the page only talks to the mtqa server


FOCUSED_FINDING_JS = "() => { const t = document.activeElement.closest('.mtqa-tag'); return t ? t.dataset.n : null; }"
OUTLINE_JS = "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }"


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                    reason="Debian's chromium is not installed (.ci/run installs it; under CI its absence fails)")
def test_keyboard_focus_stays_on_the_findings_through_a_decision(ui_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        page.goto(ui_url, wait_until="load")
        box = page.locator("#mtqa-text textarea")
        box.wait_for(timeout=30_000)
        box.fill("The the talks failed, said announced the ministry. Some 10 000 people marched. The the end.")
        box.press("Control+Enter")
        page.locator("#mtqa-view .mtqa-tag").nth(3).wait_for(timeout=30_000)
        tags = page.evaluate("() => [...document.querySelectorAll('#mtqa-view .mtqa-text .mtqa-tag')].map((t) => t.dataset.n)")
        first = page.locator(f'#mtqa-view .mtqa-tag[data-n="{tags[1]}"]')
        first.focus()
        page.keyboard.press("Enter")
        assert page.locator("#mtqa-pop").is_visible()
        assert page.evaluate(OUTLINE_JS) == "solid 3px"  # its first button shows the focus as a label does (not 1 px)
        page.keyboard.press("Escape")  # back on the finding's label, not at the top of the page
        assert page.evaluate(FOCUSED_FINDING_JS) == tags[1]
        page.locator(f"#mtqa-f-{tags[2]}").click(position={"x": 2, "y": 2})  # the marked words, not the label: the same
        assert page.locator("#mtqa-pop").is_visible()
        page.keyboard.press("Escape")
        assert page.evaluate(FOCUSED_FINDING_JS) == tags[2]
        first.focus()
        page.keyboard.press("Enter")  # Tab through the popover and past its last button: the same
        for _ in range(page.locator("#mtqa-pop button").count()):
            page.keyboard.press("Tab")
        assert not page.locator("#mtqa-pop").is_visible() and page.evaluate(FOCUSED_FINDING_JS) == tags[1]
        page.keyboard.press("Enter")
        page.keyboard.press("Shift+Tab")  # and back before the first
        assert not page.locator("#mtqa-pop").is_visible() and page.evaluate(FOCUSED_FINDING_JS) == tags[1]
        page.keyboard.press("Enter")
        page.locator(f'#mtqa-pop button[data-act="ignore:{tags[1]}"]').focus()
        page.keyboard.press("Enter")  # on to the next finding ...
        assert page.evaluate(FOCUSED_FINDING_JS) == tags[2]
        page.wait_for_function("() => window.mtqaReview.pending() === 0", timeout=15_000)
        page.wait_for_function("() => /1 ignored/.test(document.querySelector('#mtqa-summary').innerText)", timeout=15_000)
        page.wait_for_timeout(300)
        assert page.evaluate(FOCUSED_FINDING_JS) == tags[2]  # ... and still there once the server's rendering is in
        browser.close()


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                                    reason="Debian's chromium is not installed (.ci/run installs it; under CI its absence fails)")


def _checked_page(p, ui_url, text):
    """A fresh page with `text` pasted and checked (Ctrl+Enter), its findings list in."""
    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page()
    page.goto(ui_url, wait_until="load")
    box = page.locator("#mtqa-text textarea")
    box.wait_for(timeout=30_000)
    box.fill(text)
    box.press("Control+Enter")
    page.locator("#mtqa-findings li[data-n]").first.wait_for(timeout=30_000)
    return browser, page, box


@needs_chromium
def test_keyboard_focus_goes_to_the_findings_panel_after_the_last_decision(ui_url):
    """Accepting the only finding from its popover leaves the focus on the findings panel, not at the top."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page, _ = _checked_page(p, ui_url, "The talks failed on Friday, said announced the ministry.")
        n = page.evaluate("() => document.querySelector('#mtqa-view .mtqa-text .mtqa-tag').dataset.n")
        page.locator(f'#mtqa-view .mtqa-tag[data-n="{n}"]').focus()
        page.keyboard.press("Enter")
        page.locator(f'#mtqa-pop button[data-act^="accept:{n}:"]').first.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement && document.activeElement.id") == "mtqa-findings"
        page.wait_for_function("() => window.mtqaReview.pending() === 0", timeout=15_000)
        page.wait_for_timeout(300)
        assert page.evaluate("() => document.activeElement && document.activeElement.id") == "mtqa-findings"
        browser.close()


@needs_chromium
def test_the_keyboard_goes_through_nested_findings_in_reading_order(ui_url):
    """A finding's label closes its mark, so Tab reached a calque inside a "Read also" line before the line, and
    went on from the line past the calque; after a decision on the line the focus skipped the calque too. Tab,
    Shift+Tab and the move on after a decision now take the findings where they start, as the list orders them."""
    from playwright.sync_api import sync_playwright

    text = ("The talks failed on Friday in Brussels.\n• To read also: the tone rises between Paris and Rome\n"
            "The ministers met again on Monday, said announced the minister.")
    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, text)
        listed = page.evaluate("() => [...document.querySelectorAll('#mtqa-findings li[data-n]')].map((li) => [li.dataset.n, li.dataset.rule])")
        assert [rule for _, rule in listed] == ["BOI001", "CAL003", "REP003"]
        order = [n for n, _ in listed]
        page.get_by_role("button", name="Settings").focus()  # the last stop before the copy
        seen = []
        for _ in order:
            page.keyboard.press("Tab")
            seen.append(page.evaluate(FOCUSED_FINDING_JS))
        assert seen == order
        back = []
        for _ in order[1:]:
            page.keyboard.press("Shift+Tab")
            back.append(page.evaluate(FOCUSED_FINDING_JS))
        assert back == order[-2::-1]
        page.keyboard.press("Shift+Tab")  # out of the copy, back where Tab came from
        assert page.evaluate(FOCUSED_FINDING_JS) is None
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED_FINDING_JS) == order[0]
        page.keyboard.press("Enter")
        page.locator(f'#mtqa-pop button[data-act="ignore:{order[0]}"]').focus()
        page.keyboard.press("Enter")  # on to the finding read next: the calque inside the line
        assert page.evaluate(FOCUSED_FINDING_JS) == order[1]
        browser.close()


@needs_chromium
def test_keyboard_focus_stays_in_changes_and_the_summary_after_taking_a_decision_back(ui_url):
    """An undo in Changes, "check the rule again" and "stop accepting the term" in the summary left the focus on
    the page itself once the server's rendering replaced the button: the next Tab started at the top of the page.
    The focus now goes to the next such button, else to the finding an undo brought back, else to the panel."""
    from playwright.sync_api import sync_playwright

    text = "The talks failed on Friday, said announced the ministry. Some 10 000 people marched. The two leaders " \
           "exchanged on Monday about the goverment plan."
    focused = "() => { const e = document.activeElement; return e.dataset.act || (e.closest('.mtqa-tag') || {dataset: {}}).dataset.n || e.id; }"
    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, text)
        n = {rule: page.locator(f'#mtqa-findings li[data-rule="{rule}"]').get_attribute("data-n")
             for rule in ("REP003", "TYP003", "CAL002", "HARPER:SpellCheck")}
        for act in (f"accept:{n['REP003']}:0", f"accept:{n['TYP003']}:0", f"rule:{n['CAL002']}", f"term:{n['HARPER:SpellCheck']}"):
            page.evaluate("(a) => window.mtqaReview.send(a)", act)
            page.wait_for_function("() => window.mtqaReview.pending() === 0", timeout=15_000)

        def press(button, left):  # Enter on a button, then wait for the server's rendering of the decision
            page.locator(button).first.focus()
            page.keyboard.press("Enter")
            page.wait_for_function("(left) => window.mtqaReview.pending() === 0 && document.querySelectorAll("
                                   "'#mtqa-diff .mtqa-undo, #mtqa-summary .mtqa-undo').length === left", arg=left, timeout=15_000)
            return page.evaluate(focused)

        page.wait_for_function("() => document.querySelectorAll('#mtqa-diff .mtqa-undo, #mtqa-summary .mtqa-undo').length === 4",
                               timeout=15_000)
        assert press("#mtqa-diff .mtqa-undo", 3) == f"undo:{n['TYP003']}"  # the next undo
        assert page.evaluate(OUTLINE_JS) == "solid 3px"  # shown as a label's focus is, not 1 px
        assert press("#mtqa-diff .mtqa-undo", 2) == n["TYP003"]  # none left: the finding brought back
        assert press("#mtqa-summary .mtqa-undo", 1) == f"unterm:{n['HARPER:SpellCheck']}"  # the next way back
        assert page.evaluate(OUTLINE_JS) == "solid 3px"
        assert press("#mtqa-summary .mtqa-undo", 0) == "mtqa-summary"  # none left: the summary
        assert "goverment" in page.locator("#mtqa-findings").inner_text()  # (the term is no longer accepted)
        browser.close()


@needs_chromium
def test_the_servers_confirmation_of_a_decision_is_read_out_by_one_lasting_live_region(ui_url):
    """The confirmation of a decision ("Ignored REP003 ...") came in a role=status element inserted with each new
    summary, which screen readers often do not announce. One live region, made with the page outside the HTML the
    server renders, now receives each message."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, "The the talks failed, said announced the ministry.")
        page.evaluate("() => { window.mtqaLive = document.getElementById('mtqa-live'); }")
        assert page.evaluate("() => window.mtqaLive.getAttribute('aria-live') === 'polite' && !window.mtqaLive.closest('.gradio-container')")
        for rule in ("REP003", "REP001"):
            n = page.locator(f'#mtqa-findings li[data-rule="{rule}"]').get_attribute("data-n")
            page.evaluate("(n) => window.mtqaReview.send('ignore:' + n)", n)
            page.wait_for_function("(rule) => window.mtqaReview.pending() === 0"
                                   " && document.querySelector('#mtqa-summary .mtqa-note').textContent.includes(rule)", arg=rule, timeout=15_000)
            assert page.evaluate("() => document.getElementById('mtqa-live') === window.mtqaLive")  # the same element
            assert page.evaluate("() => window.mtqaLive.textContent").startswith(f"Ignored {rule} at ")
        assert page.get_by_role("status").filter(has_text="Ignored REP001").count() == 1  # read out once
        browser.close()


COLUMN_ENDS_JS = """() => [...document.querySelectorAll('#mtqa-text, #mtqa-view')].map((el) => [...el.closest('.row').children]
  .map((column) => Math.round(Math.max(...[...column.children].filter((c) => c.getClientRects().length)
                                            .map((c) => c.getBoundingClientRect().bottom)))))"""


@needs_chromium
def test_the_layout_fits_a_phone_and_leaves_no_blank_band_under_a_column(ui_url):
    """At 390 px the sample articles' table scrolled sideways (Gradio gives each cell 200 px); at 1280 px the shorter
    column of each row left a blank band under it: under the source panel and Settings beside the copy, under the
    copy beside an opened French source, under the legend beside a longer findings list."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(ui_url, wait_until="load")
        table = page.locator("#mtqa-samples .table-wrap")
        table.wait_for(timeout=30_000)
        assert table.evaluate("(t) => t.scrollWidth <= t.clientWidth") and page.evaluate("document.documentElement.scrollWidth") <= 390
        page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(ui_url, wait_until="load")
        page.locator("#mtqa-samples tr", has_text="Floods").first.click()  # a story with its French source
        page.wait_for_function("() => /^Floods/.test(document.querySelector('#mtqa-text textarea').value)", timeout=15_000)
        # the panel that holds the source opens: it filled a closed one, and the next story was checked against it
        page.locator("#mtqa-source textarea").wait_for(timeout=5_000)
        page.locator("#mtqa-text textarea").press("Control+Enter")
        page.locator("#mtqa-findings li[data-n]").first.wait_for(timeout=30_000)
        for row in page.evaluate(COLUMN_ENDS_JS):
            assert max(row) - min(row) <= 1, row
        page.get_by_text("French source and reference (optional)").click()
        page.locator("#mtqa-source textarea").wait_for(state="hidden", timeout=5_000)
        for row in page.evaluate(COLUMN_ENDS_JS):
            assert max(row) - min(row) <= 1, row
        browser.close()


@needs_chromium
def test_a_nul_in_the_copy_keeps_the_page_and_the_server_in_step(ui_url):
    """An HTML parser drops a NUL: the page's copy was one character short, so a fix after it landed one character
    off ("failed, sthe ministry said Some ...") and the server, seeing a different copy, checked the garbled one."""
    from playwright.sync_api import sync_playwright

    text = "The talks\x00 failed, said announced the ministry. Some 10 000 people marched."
    fixed = text.replace("said announced the ministry", "the ministry said")
    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, text)
        assert "\u2400" in page.locator("#mtqa-view .mtqa-text").inner_text()  # the NUL is shown where it stands
        n = page.locator('#mtqa-findings li[data-rule="REP003"]').get_attribute("data-n")
        page.locator(f'#mtqa-view .mtqa-tag[data-n="{n}"]').click()
        page.locator("#mtqa-pop button.mtqa-primary").click()
        assert box.input_value() == fixed  # applied in the page, at the right place, NUL kept
        page.wait_for_function("() => window.mtqaReview.pending() === 0", timeout=15_000)
        page.wait_for_function("() => /1 fixed/.test(document.querySelector('#mtqa-summary').innerText)", timeout=15_000)
        assert "checked again" not in page.locator("#mtqa-summary").inner_text()
        assert box.input_value() == fixed
        browser.close()


@needs_chromium
def test_stale_results_say_so_when_the_new_check_fails(ui_url):
    """After an edit the results are marked stale, "checking again…"; when that check ended in an error (copy
    emptied, over the limit) the note went on saying "checking again…" for good, beside the error."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, "The the talks failed, said announced the ministry.")
        note = page.locator("#mtqa-view .mtqa-stale-note")
        for bad in ("   ", "word " * 4100, "  \n "):  # the same error twice running is met too
            box.fill(bad)
            assert note.is_visible() and "checking again" in note.inner_text()
            page.wait_for_function("() => !/checking again/.test(document.querySelector('#mtqa-view .mtqa-stale-note').textContent)",
                                   timeout=30_000)
            assert "could not be checked again" in note.inner_text()
            assert page.locator("#mtqa-message .mtqa-error").count() == 1
        box.fill("The talks failed, said announced the ministry.")
        page.wait_for_function("() => !document.querySelector('#mtqa-view .mtqa-review').classList.contains('mtqa-stale')",
                               timeout=30_000)
        assert not note.is_visible() and page.locator("#mtqa-message .mtqa-error").count() == 0
        browser.close()


@needs_chromium
def test_a_sample_article_loaded_over_checked_copy_is_never_overwritten(ui_url):
    """Loading a sample article (or a Batch row) puts new copy in the box without an input event, so the results
    of the earlier copy stayed live: accepting one of their fixes wrote the earlier copy, fixed, back over the
    article. Now a decision or a popover on results that are not the box's checks the box's copy instead."""
    from playwright.sync_api import sync_playwright

    sample = (ROOT / "corpora" / "samples" / "ceasefire-call.txt").read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, "The the talks failed, said announced the ministry.")
        n = page.locator('#mtqa-findings li[data-rule="REP003"]').get_attribute("data-n")
        page.locator("tr", has_text=sample[:25]).first.click()  # the sample in Gradio's Examples
        page.wait_for_function("(start) => document.querySelector('#mtqa-text textarea').value.startsWith(start)",
                               arg=sample[:40], timeout=15_000)
        page.locator(f'#mtqa-view .mtqa-tag[data-n="{n}"]').click()
        if page.locator("#mtqa-pop").is_visible():
            page.locator("#mtqa-pop button.mtqa-primary").click()
        page.evaluate("(n) => window.mtqaReview.send('accept:' + n + ':0')", n)  # a decision sent all the same
        assert box.input_value().startswith(sample[:40])
        page.wait_for_function("(start) => { const r = document.querySelector('#mtqa-view .mtqa-review');"
                               " return r && !r.classList.contains('mtqa-stale') && r.querySelector('.mtqa-text').textContent.startsWith(start); }",
                               arg=sample[:40], timeout=30_000)
        page.wait_for_function("() => window.mtqaReview.pending() === 0", timeout=15_000)
        assert box.input_value().replace("\r\n", "\n") == sample.replace("\r\n", "\n")
        assert "said announced the ministry" not in box.input_value()
        # a decision on the sample, the sample edited and checked again, then loaded again over the edit: the same
        page.locator("#mtqa-view .mtqa-tag").first.click()
        page.locator("#mtqa-pop button", has_text="Ignore").first.click()
        box.press("End")
        box.type(" Extra words.")
        page.wait_for_function("() => /Extra words\\.$/.test(document.querySelector('#mtqa-view .mtqa-text').textContent.trim())"
                               " && !document.querySelector('#mtqa-view .mtqa-review').classList.contains('mtqa-stale')", timeout=30_000)
        page.locator("tr", has_text=sample[:25]).first.click()
        page.wait_for_function("() => !/Extra words/.test(document.querySelector('#mtqa-text textarea').value)", timeout=15_000)
        n = page.locator("#mtqa-view .mtqa-tag").first.get_attribute("data-n")
        page.evaluate("(n) => window.mtqaReview.send('ignore:' + n)", n)
        page.wait_for_function("() => window.mtqaReview.pending() === 0", timeout=15_000)
        page.wait_for_timeout(500)
        assert "Extra words" not in box.input_value()
        browser.close()


@needs_chromium
def test_editing_the_french_source_checks_again(ui_url):
    """The source is checked with the copy (the bilingual rules), yet only an edit of the copy marked the results
    stale: a source pasted after the check left results without a single bilingual finding, looking current."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, "The port recorded a rise of 12% in traffic, said announced the union.")
        assert page.locator('#mtqa-findings li[data-fam="bilingual"]').count() == 0
        page.get_by_text("French source and reference (optional)").click()
        page.locator("#mtqa-source textarea").fill("Le port a enregistré une hausse de 15 % de son trafic, a annoncé le syndicat.")
        assert "mtqa-stale" in page.locator("#mtqa-view .mtqa-review").get_attribute("class")
        page.locator('#mtqa-findings li[data-fam="bilingual"]').first.wait_for(timeout=30_000)
        assert "mtqa-stale" not in page.locator("#mtqa-view .mtqa-review").get_attribute("class")
        assert "15 %" in page.locator("#mtqa-bitext").inner_text()
        browser.close()


@needs_chromium
def test_changing_a_setting_checks_again(ui_url):
    """A new house style or a family switched off left the results of the old settings on the page, looking
    current, until Check was pressed again."""
    from playwright.sync_api import sync_playwright

    text = "The programme's colour was chosen by the organisation's labour council, whose favourite theatre is in the centre."
    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, text + " Said announced the minister.")
        assert page.locator('#mtqa-findings li[data-rule="HARPER:SpellCheck"]').count() == 0  # auto: a British story
        page.get_by_text("Settings", exact=True).click()
        page.get_by_role("radio", name="US", exact=True).check()
        assert "mtqa-stale" in page.locator("#mtqa-view .mtqa-review").get_attribute("class")
        page.locator('#mtqa-findings li[data-rule="HARPER:SpellCheck"]').first.wait_for(timeout=30_000)
        page.get_by_role("checkbox", name="fluency", exact=True).uncheck()
        page.get_by_role("checkbox", name="grammar", exact=True).uncheck()
        page.wait_for_function("() => !document.querySelector('#mtqa-findings li[data-rule=\"HARPER:SpellCheck\"]')"
                               " && !document.querySelector('#mtqa-view .mtqa-review').classList.contains('mtqa-stale')",
                               timeout=30_000)
        assert page.locator('#mtqa-findings li[data-rule="REP003"]').count() == 1
        browser.close()


@needs_chromium
def test_download_right_after_an_edit_or_a_fix_gives_the_copy_in_the_box(ui_url):
    """Download gave the server's copy, which lags the page: an edit typed just before Download (the results stale,
    checked again a moment later) or a fix the server had not yet confirmed was missing from the file."""
    from playwright.sync_api import sync_playwright

    def download(page):
        with page.expect_download(timeout=15_000) as d:
            page.locator("#mtqa-download").click()
        return Path(d.value.path()).read_text(encoding="utf-8")

    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, "The talks failed on Friday, said announced the ministry.")
        assert download(page) == box.input_value()  # in step: the server's file
        box.press("End")
        box.type(" The end came.")
        assert download(page) == "The talks failed on Friday, said announced the ministry. The end came."
        page.wait_for_function("() => !document.querySelector('#mtqa-view .mtqa-review').classList.contains('mtqa-stale')",
                               timeout=30_000)
        page.route("**/gradio_api/queue/join*", lambda route: page.wait_for_timeout(1500) or route.continue_())  # a slow sync
        n = page.locator('#mtqa-findings li[data-rule="REP003"]').get_attribute("data-n")
        page.locator(f'#mtqa-view .mtqa-tag[data-n="{n}"]').click()
        page.locator("#mtqa-pop button.mtqa-primary").click()
        assert download(page) == "The talks failed on Friday, the ministry said. The end came."
        browser.close()


@needs_chromium
def test_leaving_the_page_mid_review_asks_first(ui_url):
    """The review lives in the page only: a reload or a closed tab mid-review lost every accepted fix without a
    word. The page now asks first when decisions were made (not after a mere check)."""
    from playwright.sync_api import sync_playwright

    def leave(page):
        try:
            page.goto("about:blank", timeout=5_000)
        except Exception:  # the navigation the translator cancelled
            pass
        return page.url

    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, "The talks failed on Friday, said announced the ministry.")
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
        page.locator("#mtqa-view .mtqa-tag").first.click()  # a click: Chromium asks only on a page the user touched
        page.keyboard.press("Escape")
        assert leave(page) == "about:blank" and dialogs == []  # checked, nothing decided: no question
        page.goto(ui_url, wait_until="load")
        box.fill("The talks failed on Friday, said announced the ministry.")
        box.press("Control+Enter")
        page.locator("#mtqa-view .mtqa-tag").first.click()
        page.locator("#mtqa-pop button.mtqa-primary").click()
        page.wait_for_function("() => window.mtqaReview.pending() === 0", timeout=15_000)
        assert leave(page).startswith(ui_url) and dialogs == ["beforeunload"]  # asked, and staying keeps the review
        assert box.input_value() == "The talks failed on Friday, the ministry said."
        browser.close()


@needs_chromium
def test_a_fix_over_one_already_accepted_inside_it_replaces_exactly_its_span(ui_url):
    """Accepting a fix inside a line (CAL003 on "the tone rises"), then the fix that deletes the whole line (BOI001),
    before the server answered: the page measured the line's end as if the first fix had not changed its length,
    and deleted the first character of the next line too, which the server then kept."""
    from playwright.sync_api import sync_playwright

    text = ("The talks failed on Friday in Brussels.\n• To read also: the tone rises between Paris and Rome\n"
            "The ministers met again on Monday.")
    fixed = "The talks failed on Friday in Brussels.\nThe ministers met again on Monday."
    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, text)
        inner = page.locator('#mtqa-findings li[data-rule="CAL003"]').get_attribute("data-n")
        outer = page.locator('#mtqa-findings li[data-rule="BOI001"]').get_attribute("data-n")
        page.evaluate("([a, b]) => { window.mtqaReview.send('accept:' + a + ':0'); window.mtqaReview.send('accept:' + b + ':0'); }",
                      [inner, outer])
        assert box.input_value() == fixed  # in the page at once ...
        page.wait_for_function("() => window.mtqaReview.pending() === 0", timeout=15_000)
        page.wait_for_timeout(300)
        assert box.input_value() == fixed  # ... and as the server keeps it
        browser.close()


@needs_chromium
def test_a_finding_clicked_on_results_older_than_the_copy_points_at_the_stale_note(ui_url):
    """After an edit, until the copy is checked again, a finding's popover opened and took an Accept that the server
    then dropped, saying nothing. Now no popover opens on out-of-date results: the note that says so flashes."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, "The talks failed on Friday, said announced the ministry.")
        box.press("Home")
        box.type("BREAKING: ")
        n = page.locator("#mtqa-view .mtqa-text .mtqa-tag").first.get_attribute("data-n")
        page.locator(f'#mtqa-view .mtqa-tag[data-n="{n}"]').click()
        assert not page.locator("#mtqa-pop").is_visible()
        assert "mtqa-flash" in (page.locator("#mtqa-view .mtqa-stale-note").get_attribute("class") or "")
        browser.close()


@needs_chromium
def test_accepting_mixed_spelling_in_the_page_respells_every_word_of_the_minority_variety(ui_url):
    """SPL001 (one finding for a document that mixes US and UK spelling) respelled only its first word in the page,
    and showed no open finding with the copy still mixing; `mtqa fix` respells them all."""
    from playwright.sync_api import sync_playwright

    from mtqa import review as rv

    text = ("The colour of the flag was chosen by the centre, the organisers said. The honour guard will march at the "
            "theatre. The color of the center was debated.")
    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, text)
        n = page.locator('#mtqa-findings li[data-rule="SPL001"]').get_attribute("data-n")
        page.route("**/gradio_api/queue/join*", lambda route: page.wait_for_timeout(1000) or route.continue_())  # a slow sync
        page.locator(f'#mtqa-view .mtqa-tag[data-n="{n}"]').click()
        page.locator("#mtqa-pop button.mtqa-primary").click()
        fixed = rv.fix(text, style="auto")  # what `mtqa fix` writes
        assert box.input_value() == fixed  # in the page at once ...
        page.wait_for_function("() => window.mtqaReview.pending() === 0", timeout=15_000)
        page.wait_for_function("() => /1 fixed/.test(document.querySelector('#mtqa-summary').innerText)", timeout=15_000)
        assert box.input_value() == fixed and "checked again" not in page.locator("#mtqa-summary").inner_text()  # ... and on the server
        assert page.locator("#mtqa-diff .mtqa-chg").count() == 2
        assert "SPL001" not in [i.rule for i in rv.check(box.input_value(), style="auto").issues]
        browser.close()


@needs_chromium
def test_harpers_messages_show_their_code_spans_as_code_not_backticks(ui_url):
    """Harper writes its messages in Markdown ("Use `it's` (short for `it has` or `it is`) here"): the popover and
    the findings list showed the backticks as they are."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, "The ministry published the reoprt on Friday.")
        row = page.locator('#mtqa-findings li[data-rule="HARPER:SpellCheck"]')
        n = row.get_attribute("data-n")
        page.locator(f'#mtqa-view .mtqa-tag[data-n="{n}"]').click()
        for message in (page.locator("#mtqa-pop .mtqa-msg"), row.locator(".mtqa-msg")):
            assert "`" not in message.inner_text() and "reoprt" in message.inner_text()
            assert message.locator("code").all_inner_texts() == ["reoprt"]
        label = page.locator(f'#mtqa-view .mtqa-tag[data-n="{n}"]').get_attribute("aria-label")
        assert "`" not in label and "reoprt" in label
        browser.close()


@needs_chromium
def test_download_before_any_check_says_what_to_do(ui_url):
    """Download (and Report) pressed before any check did nothing, without a word."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(ui_url, wait_until="load")
        box = page.locator("#mtqa-text textarea")
        box.wait_for(timeout=30_000)
        downloads = []
        page.on("download", lambda d: downloads.append(d))
        for button in ("#mtqa-download", "#mtqa-report"):
            page.locator(button).click()
            notice = page.get_by_role("status").filter(has_text="Nothing to download yet")
            notice.wait_for(timeout=5_000)
            assert "Check" in notice.inner_text()
            assert page.get_by_role("status").filter(has_text="Nothing to download yet").count() == 1  # said once
        box.fill("The talks failed on Friday, said announced the ministry.")
        box.press("Control+Enter")
        page.locator("#mtqa-findings li[data-n]").first.wait_for(timeout=30_000)
        assert page.get_by_text("Nothing to download yet").count() == 0  # gone with the first check
        with page.expect_download(timeout=15_000) as d:
            page.locator("#mtqa-download").click()
        assert Path(d.value.path()).read_text(encoding="utf-8") == box.input_value()
        assert downloads[:1] == [d.value]  # nothing was downloaded before the check
        browser.close()


@needs_chromium
def test_the_check_tab_downloads_the_report_as_mtqa_check_format_json(ui_url, tmp_path):
    """The machine-readable report was only on the Batch tab: a translator who checked a story in the first tab had
    no way to download it. Report (JSON) gives what `mtqa check --format json` writes for the copy checked."""
    from playwright.sync_api import sync_playwright

    text = "The the talks failed on Friday, said announced the ministry.\n\nSome 10 000 people marched."
    (tmp_path / "story.txt").write_text(text + "\n", encoding="utf-8")
    cli = json.loads(subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--format", "json", str(tmp_path / "story.txt")],
                                    capture_output=True, text=True, cwd=tmp_path).stdout)
    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, text)

        def report():
            with page.expect_download(timeout=15_000) as d:
                page.locator("#mtqa-report").click()
            assert d.value.suggested_filename.endswith(".json")
            return json.loads(Path(d.value.path()).read_text(encoding="utf-8"))

        got = report()
        assert set(got) == set(cli) and got["version"] == cli["version"]
        assert got["documents"][0]["issues"] == cli["documents"][0]["issues"] and got["documents"][0]["score"] == cli["documents"][0]["score"]
        worst = lambda summary: [{k: v for k, v in w.items() if k != "path"} for w in summary["worst"]]  # (no file here)
        assert {**got["summary"], "worst": worst(got["summary"])} == {**cli["summary"], "worst": worst(cli["summary"])}
        # Report pressed at once after an edit, before the copy is checked again, or after a fix the server has not
        # confirmed yet: it gave the report of the copy before them. It now waits for them, as Download gives them.
        box.fill("Some 10 000 people marched in Lyon on Sunday.")
        assert [i["rule"] for i in report()["documents"][0]["issues"]] == ["TYP003"]
        page.route("**/gradio_api/queue/join*", lambda route: page.wait_for_timeout(1500) or route.continue_())  # a slow sync
        page.locator("#mtqa-view .mtqa-tag").first.click()
        page.locator("#mtqa-pop button.mtqa-primary").click()
        assert box.input_value() == "Some 10,000 people marched in Lyon on Sunday."
        assert report()["documents"][0]["issues"] == []
        browser.close()


@needs_chromium
def test_pasted_html_is_shown_as_text_with_every_finding_in_its_place(ui_url, client):
    """Copy pasted with its HTML tags: the tags are shown as text (never as markup of the page), and every finding
    is marked on its words, those of a paragraph that opens with a tag too (Harper left such a paragraph unlinted)."""
    from playwright.sync_api import sync_playwright

    text = ("<p>The ministry published the reoprt on Friday, said said the minister.</p>\n"
            "<p><b>Paris</b> and he go home.</p> <img src=x onerror=\"window.mtqaInjected=1\">")
    expected = client.predict(text, "", "", _default_style(client), FAMILIES, api_name="/check")["issues"]  # as the page checks
    assert {i["text"] for i in expected} >= {"reoprt", "go"}  # the words inside the tags are checked
    with sync_playwright() as p:
        browser, page, box = _checked_page(p, ui_url, text)
        view = page.locator("#mtqa-view .mtqa-text")
        assert page.evaluate("""() => { const d = document.querySelector('#mtqa-view .mtqa-text').cloneNode(true);
            d.querySelectorAll('.mtqa-tag').forEach((t) => t.remove()); return d.textContent; }""") == text
        assert view.locator("p, b, img").count() == 0 and not page.evaluate("() => window.mtqaInjected")
        marks = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#mtqa-view .mtqa-text mark[id]')].map((m) => {
            const all = [...document.querySelectorAll('#mtqa-view .mtqa-text mark[data-n="' + m.dataset.n + '"]')];
            return [m.dataset.n, all.map((x) => { const d = x.cloneNode(true); d.querySelectorAll('.mtqa-tag').forEach((t) => t.remove());
                                                  return d.textContent; }).join('')]; }))""")
        shown = {int(n): t for n, t in marks.items()}
        assert shown == {n: i["text"] for n, i in enumerate(expected) if i["end"] > i["start"]}
        browser.close()
