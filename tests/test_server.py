"""mtqa serve speaks LanguageTool's HTTP API: tested end to end with language-tool-python as the client."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from grammar_cases import CASES
from mtqa.rules.base import Example


@pytest.fixture(scope="module")
def server_url():
    from mtqa.config import load_config
    from mtqa.server import make_server

    cfg = load_config().with_overrides(max_chars=20_000)
    server = make_server(cfg, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def client(server_url):
    import language_tool_python

    tool = language_tool_python.LanguageTool("en-US", remote_server=server_url)
    yield tool
    tool.close()


def _post(url: str, fields: dict | bytes, content_type="application/x-www-form-urlencoded"):
    data = fields if isinstance(fields, bytes) else urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.mark.parametrize("marked,fix", CASES, ids=[c[1] for c in CASES])
def test_same_findings_through_the_languagetool_client(client, full_engine, marked, fix):
    ex = Example(marked)
    direct = {(i.rule, i.start, i.end) for i in full_engine.check_text(ex.text).issues}
    remote = {(m.rule_id, m.offset, m.offset + m.error_length) for m in client.check(ex.text)}
    assert remote == direct
    hit = [m for m in client.check(ex.text) if (m.offset, m.offset + m.error_length) == ex.span]
    assert hit and fix in hit[0].replacements


def test_utf16_offsets_with_non_ascii_and_emoji(client, server_url):
    text = "Émigrés 😀😀 gathered. The two leaders exchanged on Friday, said announced the ministry."
    matches = client.check(text)
    by_rule = {m.rule_id: m for m in matches}
    assert text[by_rule["CAL002"].offset:][:9] == "exchanged"
    status, body = _post(server_url + "/v2/check", {"text": text, "language": "en-US"})
    raw = [m for m in json.loads(body)["matches"] if m["rule"]["id"] == "CAL002"][0]
    assert raw["offset"] == len(text[: text.index("exchanged")].encode("utf-16-le")) // 2
    assert raw["rule"]["issueType"] == "style" and raw["rule"]["category"]["id"] == "CAL"
    ctx16 = raw["context"]["text"].encode("utf-16-le")  # context offsets are UTF-16 units too
    off, length = raw["context"]["offset"], raw["context"]["length"]
    assert ctx16[2 * off:2 * (off + length)].decode("utf-16-le") == "exchanged"


def test_disabled_and_enabled_rules(server_url):
    text = "The two leaders exchanged on Friday, said announced the ministry."
    _, body = _post(server_url + "/v2/check", {"text": text, "language": "en-US", "disabledRules": "CAL002"})
    assert "CAL002" not in {m["rule"]["id"] for m in json.loads(body)["matches"]}
    _, body = _post(server_url + "/v2/check", {"text": text, "language": "en-US", "enabledRules": "CAL002", "enabledOnly": "true"})
    assert {m["rule"]["id"] for m in json.loads(body)["matches"]} == {"CAL002"}


def test_enabled_rules_turn_on_rules_that_are_off_by_default(server_url):
    text = 'Officials called the plan "historic". The "experts" left. The two leaders exchanged on Friday.'
    _, body = _post(server_url + "/v2/check", {"text": text, "language": "en-US"})
    assert "QUO004" not in {m["rule"]["id"] for m in json.loads(body)["matches"]}  # opt-in: off by default
    _, body = _post(server_url + "/v2/check", {"text": text, "language": "en-US", "enabledRules": "QUO004"})
    rules = {m["rule"]["id"] for m in json.loads(body)["matches"]}
    assert {"QUO004", "CAL002"} <= rules
    _, body = _post(server_url + "/v2/check", {"text": text, "language": "en-US", "enabledRules": "QUO004", "enabledOnly": "true"})
    assert {m["rule"]["id"] for m in json.loads(body)["matches"]} == {"QUO004"}


def test_categories_can_be_disabled_and_enabled_by_the_ids_matches_carry(server_url):
    import language_tool_python

    text = 'The two leaders exchanged on Friday, said announced the ministry. He recieve the "experts" again.'
    tool = language_tool_python.LanguageTool("en-US", remote_server=server_url)
    try:
        assert {"CAL", "REP", "HARPER"} <= {m.category for m in tool.check(text)}
        tool.disabled_categories = {"CAL", "HARPER"}
        assert {m.category for m in tool.check(text)} == {"REP"}
    finally:
        tool.close()
    _, body = _post(server_url + "/v2/check", {"text": text, "language": "en-US", "enabledCategories": "QUO", "enabledOnly": "true"})
    assert {m["rule"]["id"] for m in json.loads(body)["matches"]} == {"QUO004"}  # an opt-in rule of the category


def test_languages_endpoint(server_url):
    with urllib.request.urlopen(server_url + "/v2/languages", timeout=10) as resp:
        langs = json.loads(resp.read())
    assert {"en-US", "en-GB"} <= {l["longCode"] for l in langs}


def test_concurrent_requests_all_answered_correctly(server_url):
    texts = [f"Report {n}: the the talks failed, said announced the ministry." for n in range(24)]

    def one(t):
        status, body = _post(server_url + "/v2/check", {"text": t, "language": "en-US"})
        return status, {m["rule"]["id"] for m in json.loads(body)["matches"]}

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, texts))
    assert all(status == 200 and {"REP001", "REP003"} <= rules for status, rules in results)


@pytest.mark.parametrize(
    "fields,status,needle",
    [
        ({"language": "en-US"}, 400, "missing 'text'"),
        ({"text": "Hello.", "language": "xx-YY"}, 400, "not supported"),
        ({"text": "word " * 5000, "language": "en-US"}, 413, "limit"),
        ({"data": "{not json", "language": "en-US"}, 400, "'data' must be JSON"),
    ],
)
def test_malformed_or_oversize_requests_get_a_4xx_with_a_message(server_url, fields, status, needle):
    got, body = _post(server_url + "/v2/check", fields)
    assert got == status and needle in body


def test_non_utf8_body_and_unknown_path(server_url):
    got, body = _post(server_url + "/v2/check", b"text=caf\xe9&language=en-US")
    assert got == 400 and "UTF-8" in body
    got, _ = _post(server_url + "/v2/nothing", {"text": "x"})
    assert got == 404
    # the server is still alive after bad requests
    got, _ = _post(server_url + "/v2/check", {"text": "Fine text.", "language": "en-US"})
    assert got == 200


def test_languagetool_backend_maps_a_remote_server(server_url):
    from mtqa.config import load_config
    from mtqa.engine import Engine

    cfg = load_config().with_overrides(grammar="languagetool", languagetool_url=server_url)
    issues = Engine(cfg).check_text("The two leaders exchanged on Friday. He will recieve it.").issues
    by_text = {i.text: i for i in issues}
    assert "LT:HARPER:SpellCheck" in by_text["recieve"].rule or by_text["recieve"].origin.endswith("languagetool")
    assert by_text["exchanged"].rule == "CAL002"  # merged with mtqa's own finding on the same span


def test_the_engine_warmed_at_start_is_the_one_an_en_us_request_uses():
    from mtqa.config import load_config
    from mtqa.server import CheckService

    service = CheckService(load_config().with_overrides(grammar="none", house_style="auto"))
    assert list(service._engines) == ["us"]  # house-style auto is no request's style: en-US, en and auto are us


@pytest.mark.parametrize("house_style,fields,expected", [
    ("uk", {"language": "auto"}, "uk"),  # a UK desk's editor plugin sends language=auto
    ("us", {"language": "auto"}, "us"),
    ("auto", {"language": "auto"}, "us"),  # as LanguageTool answers auto for English text
    ("us", {"language": "auto", "preferredVariants": "en-GB"}, "uk"),
    ("uk", {"language": "en-US"}, "us"),  # an explicit variant is the client's choice
])
def test_language_auto_follows_the_servers_house_style(house_style, fields, expected):
    from mtqa.server import check_request

    assert check_request({"text": "The colour.", **fields}, 1000, house_style).style == expected
