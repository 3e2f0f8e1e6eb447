"""The translators' UI: API-level tests with gradio_client, and a real headless Chromium session."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED

FAMILIES = ["repetition", "calques", "quotes", "duplication", "boilerplate", "typography", "bilingual", "fluency", "grammar"]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ui_url():
    sys.path.insert(0, str(ROOT))
    import app

    port = _free_port()
    demo = app.build(max_chars=20_000)
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, share=False, quiet=True,
                theme=app.THEME, css=app.CSS)
    yield f"http://127.0.0.1:{port}/"
    demo.close()


@pytest.fixture(scope="module")
def client(ui_url):
    from gradio_client import Client

    return Client(ui_url, verbose=False)


def test_check_endpoint_returns_the_same_findings_as_the_cli(client, seed_text):
    api = client.predict(seed_text, "", "", "us", FAMILIES, api_name="/check")
    cli = json.loads(subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--format", "json", str(SEED)],
                                    capture_output=True, text=True).stdout)["documents"][0]
    assert api["issues"] == cli["issues"]
    assert api["score"] == cli["score"]


def test_neural_toggle_gives_the_findings_of_mtqa_check_neural(client, seed_text):
    api = client.predict(seed_text, "", "", "us", FAMILIES, True, api_name="/check")
    cli = json.loads(subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--neural", "--format", "json", str(SEED)],
                                    capture_output=True, text=True).stdout)["documents"][0]
    assert api["issues"] == cli["issues"]
    assert "QUO007" in {i["rule"] for i in api["issues"]}
    assert "QUO007" not in {i["rule"] for i in client.predict(seed_text, "", "", "us", FAMILIES, False, api_name="/check")["issues"]}


def test_fix_endpoint_equals_mtqa_fix(client, seed_text):
    api = client.predict(seed_text, "", "", "us", FAMILIES, api_name="/fix")
    cli = subprocess.run([sys.executable, "-m", "mtqa.cli", "fix", str(SEED)], capture_output=True, text=True).stdout
    assert api == cli


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
    rows, files = client.predict([handle_file(str(a)), handle_file(str(b))], "us", FAMILIES, api_name="/batch")
    data = rows["data"] if isinstance(rows, dict) else rows
    assert [r[0] for r in data] == ["a.txt", "b.jsonl"]
    names = sorted(Path(f).name for f in files)
    assert names == ["mtqa-report.html", "mtqa-report.json"]
    report = json.loads(Path([f for f in files if f.endswith(".json")][0]).read_text(encoding="utf-8"))
    assert len(report["documents"]) == 2


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                    reason="Debian's chromium is not installed (.ci/run installs it; under CI its absence fails)")
def test_real_browser_check_highlight_and_accept_a_fix(ui_url, seed_text, tmp_path):
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("MTQA_SCREENSHOT_DIR", tmp_path))
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync", "--disable-quic"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 2200})
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(ui_url.rstrip("/")) and not r.url.startswith("data:") else None)
        page.goto(ui_url, wait_until="load")
        page.locator("#mtqa-text textarea").wait_for(timeout=30_000)
        page.locator("#mtqa-text textarea").fill(seed_text)
        page.locator("#mtqa-check").click()
        highlight = page.locator("#mtqa-highlight")
        highlight.get_by_text("said announced the Pentagon").first.wait_for(timeout=30_000)
        assert "REP003" in page.locator("#mtqa-findings").inner_text()
        corrected = page.locator("#mtqa-corrected textarea")
        before = corrected.input_value()
        assert before == seed_text
        page.locator("#mtqa-fixes label", has_text="REP003").first.click()
        page.wait_for_function(
            "() => document.querySelector('#mtqa-corrected textarea').value.includes('the Pentagon said')", timeout=30_000)
        after = corrected.input_value()
        # one fix accepted: the first "said announced" is repaired, the repeated lede (a DUP001 finding) is untouched
        assert after.count("said announced") == before.count("said announced") - 1
        assert page.locator("#mtqa-diff ins").count() >= 1
        # the neural layer, ticked in the page, adds the quotation rendered two ways
        assert "QUO007" not in page.locator("#mtqa-findings").inner_text()
        page.locator("#mtqa-neural input").check()
        page.locator("#mtqa-check").click()
        page.wait_for_function("() => document.querySelector('#mtqa-findings').innerText.includes('QUO007')", timeout=60_000)
        page.wait_for_timeout(1500)  # let the other outputs finish rendering before the picture
        page.screenshot(path=str(shots / "mtqa-ui.png"), full_page=True)
        browser.close()
    assert outside == [], outside  # no CDN, no analytics: the page only talks to the mtqa server
    assert (shots / "mtqa-ui.png").stat().st_size > 10_000


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
        _, files = client.predict([handle_file(str(pairs))], "us", FAMILIES, neural, api_name="/batch")
        report = json.loads(Path([f for f in files if f.endswith(".json")][0]).read_text(encoding="utf-8"))
        return {i["rule"] for d in report["documents"] for i in d["issues"]}

    assert "BIL007" not in rules(False)
    assert "BIL007" in rules(True)
