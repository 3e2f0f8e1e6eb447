"""mtqa feed: per-item findings for RSS and Atom, HTML stripped with offsets kept, --state skips seen items."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SAMPLES
from mtqa.formats.feeds import html_to_text


def run(*args):
    return subprocess.run([sys.executable, "-m", "mtqa.cli", "feed", "--grammar", "none", *args], capture_output=True, text=True)


def test_rss_items_are_checked_one_by_one():
    proc = run("--format", "json", str(SAMPLES / "feed.rss"))
    assert proc.returncode == 1
    docs = {d["id"]: d for d in json.loads(proc.stdout)["documents"]}
    assert set(docs) == {"ew-2026-0001", "ew-2026-0002", "ew-2026-0003"}
    rules = {d: {i["rule"] for i in doc["issues"]} for d, doc in docs.items()}
    assert {"CAL003", "REP003", "BOI001", "TYP003"} <= rules["ew-2026-0001"]
    assert {"CAL002", "TYP004"} <= rules["ew-2026-0002"]
    assert rules["ew-2026-0003"] == set()


def test_atom_items_are_checked():
    proc = run("--format", "json", str(SAMPLES / "feed.atom"))
    docs = {d["id"]: d for d in json.loads(proc.stdout)["documents"]}
    texts = {i["text"] for i in docs["urn:example:wire:a1"]["issues"]}
    assert {"would have fled", "has 34 years"} <= texts
    assert docs["urn:example:wire:a2"]["issues"] == []


def test_state_file_makes_the_second_run_check_nothing_new(tmp_path):
    state = tmp_path / "state.json"
    first = run("--state", str(state), "--format", "json", str(SAMPLES / "feed.rss"))
    assert len(json.loads(first.stdout)["documents"]) == 3
    second = run("--state", str(state), "--format", "json", str(SAMPLES / "feed.rss"))
    assert second.returncode == 0
    assert json.loads(second.stdout)["documents"] == []
    assert "3 already seen, 0 checked" in second.stderr


def test_html_is_stripped_with_offsets_into_the_markup():
    markup = "<p>The mayor <b>said announced</b> it &amp; left.</p><p>Second para.</p>"
    text, origin = html_to_text(markup)
    assert text == "The mayor said announced it & left.\n\nSecond para."
    start = text.index("said announced")
    assert markup[origin[start]:origin[start] + len("said announced")] == "said announced"
    assert markup[origin[text.index("Second")]:].startswith("Second")


def test_the_markups_line_breaks_and_indentation_are_not_in_the_text():
    # an HTML body is usually wrapped and indented; a browser shows each run of that whitespace as one space, so
    # a check of the raw runs flagged doubled spaces (REP002) that no reader sees
    markup = "<p>\n    The mayor said\n    on   Friday\tthat <b>it</b>\n    will <i> go</i>.\n</p>\n<pre>a  b\n c</pre>"
    text, origin = html_to_text(markup)
    assert text == "The mayor said on Friday that it will go.\n\na  b\n c"
    assert len(origin) == len(text)
    assert markup[origin[text.index("Friday")]:].startswith("Friday")
    assert markup[origin[text.index("a  b")]:].startswith("a  b")


def test_missing_feed_is_a_usage_error(tmp_path):
    proc = run(str(tmp_path / "nope.rss"))
    assert proc.returncode == 2 and "no such feed file" in proc.stderr


def test_ampersands_that_open_no_entity_are_kept_as_written():
    for markup, expected in [("AT&T profits rose", "AT&T profits rose"), ("R&D: a Q&A", "R&D: a Q&A"),
                             ("<p>Shares of AT&T</p>", "Shares of AT&T"), ("Q&A", "Q&A"),
                             ("Tom &amp; Jerry &copy; caf&eacute;", "Tom & Jerry © café")]:
        text, origin = html_to_text(markup)
        assert text == expected and len(origin) == len(text)
    text, origin = html_to_text("<b>AT&T</b> said")
    assert "<b>AT&T</b> said"[origin[0]:origin[3] + 1] == "AT&T"


def _rss(*items: str) -> str:
    return '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>' + "".join(items) + "</channel></rss>"


OLD = "<item><title>Talks resume</title><description>The two leaders exchanged on Friday.</description></item>"
NEW = "<item><title>Vote delayed</title><description>The minister said announced a delay.</description></item>"


def test_an_item_without_guid_or_link_is_known_by_its_content_not_its_position(tmp_path):
    feed, state = tmp_path / "wire.rss", tmp_path / "seen.json"
    feed.write_text(_rss(OLD), encoding="utf-8")
    assert len(json.loads(run("--state", str(state), "--format", "json", str(feed)).stdout)["documents"]) == 1
    feed.write_text(_rss(NEW, OLD), encoding="utf-8")  # a new item on top, the old one below it
    second = run("--state", str(state), "--format", "json", str(feed))
    [doc] = json.loads(second.stdout)["documents"]
    assert [i["rule"] for i in doc["issues"]] == ["REP003"] and "1 already seen, 1 checked" in second.stderr


def test_an_item_repeated_in_the_feed_is_checked_and_reported_once(tmp_path):
    feed = tmp_path / "wire.rss"
    item = "<item><guid>g1</guid><title>Talks</title><description>The two leaders exchanged on Friday.</description></item>"
    feed.write_text(_rss(item, item), encoding="utf-8")
    proc = run("--format", "json", str(feed))
    assert [d["id"] for d in json.loads(proc.stdout)["documents"]] == ["g1"]
    assert "1 item(s) in the feed, 0 already seen, 1 checked\n" in proc.stderr


def test_a_page_or_an_empty_file_is_not_an_empty_feed(tmp_path):
    page, empty, channel = tmp_path / "page.html", tmp_path / "empty.rss", tmp_path / "quiet.rss"
    page.write_text("<html><body><p>Subscribe to read this story.</p></body></html>", encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    channel.write_text(_rss(), encoding="utf-8")
    for path, reason in ((page, "no <rss>, <feed> or <rdf:RDF>"), (empty, "it is empty")):
        proc = run(str(path))
        assert proc.returncode == 2 and f"not a readable RSS or Atom feed ({reason}" in proc.stderr
    assert run(str(channel)).returncode == 0  # a real feed with no items is fine


def test_plain_text_fields_are_taken_as_written_not_as_html(tmp_path):
    feed = tmp_path / "wire.atom"
    feed.write_text('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>'
                    '<id>urn:w</id><updated>2026-01-01T00:00:00Z</updated><entry><id>urn:1</id>'
                    '<title type="text">Editors use &lt;b&gt; for bold</title><updated>2026-01-01T00:00:00Z</updated>'
                    '<content type="text">Write &lt;i&gt; around titles.</content></entry></feed>', encoding="utf-8")
    from mtqa.formats.feeds import read_feed

    [doc] = read_feed(str(feed))[1]
    assert doc.text == "Editors use <b> for bold\n\nWrite <i> around titles."
    assert "REP002" not in {i["rule"] for i in json.loads(run("--format", "json", str(feed)).stdout)["documents"][0]["issues"]}


def test_the_last_item_of_a_feed_cut_short_is_checked_but_not_recorded_as_seen(tmp_path):
    whole = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Wire</title>\n'
             "<item><guid>a1</guid><title>First story</title><description>The minister spoke on Friday.</description></item>\n"
             "<item><guid>a2</guid><title>Second story</title><description>Talks resumed in Brussels on Monday after "
             "a long pause in the negotiations.</description></item>\n</channel></rss>\n")
    feed, state = tmp_path / "wire.rss", tmp_path / "seen.json"
    feed.write_text(whole[:whole.index("after a long")], encoding="utf-8")  # a download cut off mid-item
    first = run("--state", str(state), "--format", "json", str(feed))
    report = json.loads(first.stdout)
    cut = {d["id"]: d for d in report["documents"]}
    assert set(cut) == {"a1", "a2"} and "2 checked" in first.stderr
    [error] = report["errors"]  # an incomplete feed is a read error: exit 1, said in the report
    assert first.returncode == 1 and "breaks off" in error["message"] and "a2, may be cut off" in error["message"]
    assert set(json.loads(state.read_text(encoding="utf-8"))["seen"]) == {"a1"}
    feed.write_text(whole, encoding="utf-8")  # the next run gets the whole feed: the cut item is checked again
    second = run("--state", str(state), "--format", "json", str(feed))
    [doc] = json.loads(second.stdout)["documents"]
    assert doc["id"] == "a2" and doc["words"] > cut["a2"]["words"] and json.loads(second.stdout)["errors"] == []
    assert set(json.loads(state.read_text(encoding="utf-8"))["seen"]) == {"a1", "a2"}


def test_a_feed_cut_before_its_last_items_text_says_so_and_records_the_whole_items(tmp_path):
    feed, state = tmp_path / "wire.rss", tmp_path / "seen.json"
    feed.write_text("<rss><channel><item><guid>g1</guid><title>The minister spoke.</title></item>"
                    "<item><guid>g2</guid><title>Talks resumed on Mon", encoding="utf-8")
    proc = run("--state", str(state), "--format", "json", str(feed))
    report = json.loads(proc.stdout)
    assert [d["id"] for d in report["documents"]] == ["g1"] and proc.returncode == 1
    [error] = report["errors"]
    assert "breaks off" in error["message"] and "g1" not in error["message"]  # the whole item is not blamed
    assert json.loads(state.read_text(encoding="utf-8"))["seen"] == ["g1"]
    feed.write_text("<rss><channel><item><title>Cut", encoding="utf-8")  # nothing whole at all: not a silent pass
    proc = run("--format", "json", str(feed))
    assert proc.returncode == 1 and "breaks off" in json.loads(proc.stdout)["errors"][0]["message"]


def test_a_feed_broken_mid_way_but_whole_records_its_last_item(tmp_path):
    # a bare "&" in one item makes the XML not well-formed, yet the feed is whole (its end tag is there): every item
    # is recorded as seen, and a second run checks nothing
    items = "".join(f"<item><guid>k{n}</guid><title>Story {n}</title><description>{text}</description></item>"
                    for n, text in enumerate(["The minister spoke on Friday.", "Shares in AT&T rose & fell.",
                                              "Talks resumed on Monday."]))
    feed, state = tmp_path / "wire.rss", tmp_path / "seen.json"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>\n',
                    encoding="utf-8")
    first = run("--state", str(state), "--format", "json", str(feed))
    assert len(json.loads(first.stdout)["documents"]) == 3 and "cut off" not in first.stderr, first.stderr
    assert set(json.loads(state.read_text(encoding="utf-8"))["seen"]) == {"k0", "k1", "k2"}
    assert json.loads(run("--state", str(state), "--format", "json", str(feed)).stdout)["documents"] == []


def test_a_feed_on_standard_input_is_read_and_checked():
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "feed", "--grammar", "none", "--format", "json", "-"],
                          input=(SAMPLES / "feed.rss").read_text(encoding="utf-8"), capture_output=True, text=True)
    docs = {d["id"]: d for d in json.loads(proc.stdout)["documents"]}
    assert proc.returncode == 1 and set(docs) == {"ew-2026-0001", "ew-2026-0002", "ew-2026-0003"}, proc.stderr
    assert {d["path"] for d in docs.values()} == {"-"}


def test_an_item_without_title_or_text_is_no_document(tmp_path):
    feed = tmp_path / "wire.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
                    "<item><description></description></item><item><title> </title></item>"
                    "<item><guid>k1</guid><title>Talks resumed on Monday.</title></item></channel></rss>\n", encoding="utf-8")
    docs = json.loads(run("--format", "json", str(feed)).stdout)["documents"]
    assert [d["id"] for d in docs] == ["k1"]


def test_a_feed_file_is_read_item_by_item_by_check_and_baseline_so_feed_can_use_the_baseline(tmp_path):
    feed, baseline = tmp_path / "wire.rss", tmp_path / "baseline.json"
    feed.write_bytes((SAMPLES / "feed.rss").read_bytes())
    cli = [sys.executable, "-m", "mtqa.cli"]
    check = subprocess.run([*cli, "check", "--grammar", "none", "--format", "json", str(feed)], capture_output=True, text=True)
    assert {d["id"] for d in json.loads(check.stdout)["documents"]} == {"ew-2026-0001", "ew-2026-0002", "ew-2026-0003"}
    assert check.returncode == 1
    made = subprocess.run([*cli, "baseline", "create", "--grammar", "none", str(feed), "-o", str(baseline)],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    gated = run("--baseline", str(baseline), "--format", "json", str(feed))
    assert gated.returncode == 0 and all(d["issues"] == [] for d in json.loads(gated.stdout)["documents"])
    fix = subprocess.run([*cli, "fix", "--grammar", "none", str(feed)], capture_output=True, text=True)
    assert fix.returncode == 2 and "a feed cannot be fixed" in fix.stderr
    assert feed.read_bytes() == (SAMPLES / "feed.rss").read_bytes()


def test_a_story_updated_under_the_same_id_is_checked_again_and_an_old_state_still_works(tmp_path):
    def write(text):
        feed.write_text(f'<rss version="2.0"><channel><title>W</title><item><guid>s1</guid><title>Story</title>'
                        f'<description>{text}</description></item><item><guid>s2</guid><title>Other</title>'
                        f'<description>Talks resumed.</description></item></channel></rss>', encoding="utf-8")

    feed, state = tmp_path / "wire.rss", tmp_path / "seen.json"
    write("The minister spoke on Friday.")
    assert len(json.loads(run("--state", str(state), "--format", "json", str(feed)).stdout)["documents"]) == 2
    assert json.loads(run("--state", str(state), "--format", "json", str(feed)).stdout)["documents"] == []
    write("The minister spoke on Friday, said announced the ministry.")  # a correction of the story, same guid
    [doc] = json.loads(run("--state", str(state), "--format", "json", str(feed)).stdout)["documents"]
    assert doc["id"] == "s1" and [i["rule"] for i in doc["issues"]] == ["REP003"]
    assert json.loads(run("--state", str(state), "--format", "json", str(feed)).stdout)["documents"] == []
    state.write_text('{"seen": ["s1", "s2"]}', encoding="utf-8")  # a state written before digests were kept
    assert json.loads(run("--state", str(state), "--format", "json", str(feed)).stdout)["documents"] == []


def test_items_that_share_an_id_are_not_checked_again_on_every_run(tmp_path):
    feed, state = tmp_path / "wire.rss", tmp_path / "seen.json"
    items = "".join(f"<item><link>https://example.com/</link><title>Story {n}</title><description>{t}</description></item>"
                    for n, t in enumerate(["The minister spoke on Friday.", "Talks resumed on Monday."]))
    feed.write_text(f'<rss version="2.0"><channel><title>W</title>{items}</channel></rss>', encoding="utf-8")
    assert len(json.loads(run("--state", str(state), "--format", "json", str(feed)).stdout)["documents"]) == 2
    assert json.loads(run("--state", str(state), "--format", "json", str(feed)).stdout)["documents"] == []
