"""mtqa feed never hangs and never loses its state over one item; state and baseline files are validated when
loaded, before anything is checked (exit 2, the file named, a string never split into characters)."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest

from conftest import SAMPLES
from test_read_errors import BAD, mtqa


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held = []
    stop = threading.Event()

    def accept():
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/wire.rss"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    sock.close()


def test_a_feed_server_that_never_answers_times_out_with_a_clear_error(silent_server, tmp_path):
    started = time.monotonic()
    code, out, err = mtqa("feed", "--grammar", "none", "--timeout", "1", "--state", str(tmp_path / "seen.json"), silent_server)
    assert time.monotonic() - started < 15
    assert code == 2 and "no answer within 1 s" in err and silent_server in err
    assert not (tmp_path / "seen.json").exists()


ITEM = "<item><guid>{guid}</guid><title>{title}</title><description>{body}</description></item>"


def test_an_oversize_item_is_reported_the_rest_checked_and_the_state_saved(tmp_path):
    (tmp_path / "mtqa.toml").write_text("grammar = 'none'\nmax-chars = 300\n", encoding="utf-8")
    items = [ITEM.format(guid="a", title="Talks resume", body=BAD.strip()),
             ITEM.format(guid="big", title="Long", body="The minister spoke. " * 40),
             ITEM.format(guid="c", title="Fine", body="The talks resumed on Friday.")]
    feed = tmp_path / "wire.rss"
    feed.write_text('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>W</title>'
                    + "".join(items) + "</channel></rss>\n", encoding="utf-8")
    state = tmp_path / "seen.json"
    code, out, err = mtqa("feed", "--format", "json", "--state", str(state), str(feed), cwd=tmp_path)
    report = json.loads(out)
    assert code == 1
    assert [d["id"] for d in report["documents"]] == ["a", "c"]
    assert len(report["errors"]) == 1 and report["errors"][0]["message"].startswith("item big: ")
    assert "over the limit of 300" in report["errors"][0]["message"]
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert saved["seen"] == ["a", "c"] and set(saved["content"]) == {"a", "c"}
    assert "2 checked, 1 not checked" in err


@pytest.mark.parametrize("content, expected", [
    ('{"seen": "ew-2026-0001"}', '"seen" must be a list of item ids'),
    ('{"seen": [1, 2]}', '"seen" must be a list of item ids'),
    ('{"seen": {"a": 1}}', '"seen" must be a list of item ids'),
    ('{"seen": ["a"], "content": {"a": 1}}', '"content" must map item ids to text digests'),
    ('["a"]', "not an mtqa feed state file"),
    ("not json", "not an mtqa feed state file"),
    ('{"seen": [' + "9" * 5000 + "]}", "a number has more than 4,300 digits"),
    ("[" * 200_000, "JSON nested too deeply"),
])
def test_a_bad_state_file_is_refused_before_the_feed_is_read(tmp_path, monkeypatch, content, expected):
    from mtqa.formats import feeds

    state = tmp_path / "seen.json"
    state.write_text(content, encoding="utf-8")
    monkeypatch.setattr(feeds, "read_feed", lambda *a, **k: pytest.fail("the feed was read before the state was validated"))
    code, out, err = mtqa("feed", "--grammar", "none", "--state", str(state), str(SAMPLES / "feed.rss"))
    assert code == 2 and out == ""
    assert str(state) in err and expected in err
    assert state.read_text(encoding="utf-8") == content  # never rewritten


@pytest.mark.parametrize("where, expected", [
    ("missing/seen.json", "cannot write"),  # its folder does not exist: the run could never record what it checked
    ("folder", "a folder, not a feed state file"),
])
def test_a_state_that_cannot_be_written_is_refused_before_the_feed_is_read(tmp_path, monkeypatch, where, expected):
    from mtqa.formats import feeds

    (tmp_path / "folder").mkdir()
    monkeypatch.setattr(feeds, "read_feed", lambda *a, **k: pytest.fail("the feed was read before the state was validated"))
    code, out, err = mtqa("feed", "--grammar", "none", "--state", str(tmp_path / where), str(SAMPLES / "feed.rss"))
    assert code == 2 and out == "" and str(tmp_path / where) in err and expected in err, err


@pytest.mark.parametrize("fingerprints", [{"abc": "3"}, {"abc": -1}, {"abc": True}, {"abc": 1.5}, {"abc": None}])
def test_a_baseline_with_wrong_value_types_is_refused_before_the_check(tmp_path, monkeypatch, fingerprints):
    from mtqa import batch

    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"version": 1, "tool": "mtqa", "fingerprints": fingerprints}), encoding="utf-8")
    monkeypatch.setattr(batch, "_check_units", lambda *a: pytest.fail("documents were checked before the baseline was validated"))
    code, out, err = mtqa("check", "--grammar", "none", "--baseline", str(baseline), str(story))
    assert code == 2 and out == ""
    assert str(baseline) in err and "fingerprint 'abc'" in err


def test_a_feed_baseline_is_validated_before_the_feed_is_read(tmp_path, monkeypatch):
    from mtqa.formats import feeds

    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"version": 1, "fingerprints": []}', encoding="utf-8")
    monkeypatch.setattr(feeds, "read_feed", lambda *a, **k: pytest.fail("the feed was read first"))
    code, _, err = mtqa("feed", "--grammar", "none", "--baseline", str(baseline), str(SAMPLES / "feed.rss"))
    assert code == 2 and "not an mtqa baseline" in err


def _mtqa_with_timeout(args: list[str], cwd) -> "subprocess.CompletedProcess":
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    exe = shutil.which("mtqa", path=str(Path(sys.executable).parent))
    return subprocess.run(["timeout", "60", exe, *args], capture_output=True, text=True, cwd=cwd,
                          stdin=subprocess.DEVNULL, env={**os.environ, "MTQA_DAEMON": "off"})


@pytest.mark.parametrize("special, kind", [("fifo", "a named pipe (FIFO)"), ("/dev/zero", "a device")])
@pytest.mark.parametrize("how", ["accept-file", "lexicons", "--baseline", "--state", "--config"])
def test_a_fifo_or_device_named_in_an_option_is_refused_not_read(tmp_path, special, kind, how):
    import os

    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "story.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "feed.rss").write_bytes((SAMPLES / "feed.rss").read_bytes())
    args = ["check", "--grammar", "none", "--no-cache", "story.txt"]
    if how == "accept-file":
        (tmp_path / "mtqa.toml").write_text(f'accept-file = "{special}"\n', encoding="utf-8")
    elif how == "lexicons":
        (tmp_path / "mtqa.toml").write_text(f'lexicons = ["{special}"]\n', encoding="utf-8")
    elif how == "--state":
        args = ["feed", "--grammar", "none", "feed.rss", "--state", special]
    else:
        args += [how, special]
    proc = _mtqa_with_timeout(args, tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert special in proc.stderr and f"{kind}, not a regular file" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("content, expected", [
    ('{"version": 2, "tool": "mtqa", "fingerprints": {"abc": ' + "9" * 5000 + "}}",
     "a number has more than 4,300 digits"),
    ("[" * 200_000, "JSON nested too deeply"),
])
def test_a_baseline_with_a_huge_number_or_deep_nesting_is_refused_naming_it(tmp_path, content, expected):
    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(content, encoding="utf-8")
    code, out, err = mtqa("check", "--grammar", "none", "--baseline", str(baseline), str(story))
    assert code == 2 and out == "" and f"{baseline}: not a baseline file ({expected})" in err
