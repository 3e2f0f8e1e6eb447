"""Fuzzing `mtqa serve` over HTTP with Hypothesis, against a live uvicorn on 127.0.0.1 with the full engine.

Invariants: never a 500; every answer is well-formed JSON with a documented status (200, 400, 404, 405, 413,
415, 503); a 200 from /v2/check has matches whose UTF-16 offsets lie inside the text; and the server answers a
normal request normally afterwards. About a minute in CI; run it longer with MTQA_FUZZ_EXAMPLES=5000.
"""

from __future__ import annotations

import json
import os
import socket
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("MTQA_FUZZ_EXAMPLES", "300"))
DOCUMENTED = {200, 400, 404, 405, 413, 415, 503}
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NORMAL = {"text": "The two leaders exchanged on Friday, said announced the ministry.", "language": "en-US"}


@pytest.fixture(scope="module")
def base_url():
    from mtqa.config import load_config
    from mtqa.server import make_server
    from mtqa.serving import ServerLimits

    server = make_server(load_config().with_overrides(max_chars=5_000), "127.0.0.1", 0,
                         limits=ServerLimits(max_body=100_000, timeout=30))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def http(base_url):
    import httpx

    with httpx.Client(base_url=base_url, timeout=60) as client:
        yield client


# Pieces of news copy and of hostile text: separators, NULs, combining marks, astral characters, quotes.
PIECES = ["The two leaders exchanged on Friday.", " said announced the ministry", "“It is over,” he said.",
          "« citation »", "\u2028", "\u2029", "\x00", "\n\n", "\r\n", "\t", "😀", "e\u0301", "\ufeff", "\u200b",
          "'", '"', "—", "...", "Mr.", "U.S.", "1,000", "€5", "a" * 120, "Émigrés", "ﬁ", "\U000e0001"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)),
                 max_size=12).map("".join)
languages = st.one_of(st.sampled_from(["en-US", "en-GB", "auto", "en", "EN-us", "fr", "", "xx-YY"]), st.text(max_size=8))
rule_lists = st.one_of(st.just(""), st.lists(st.sampled_from(["CAL002", "REP003", "HARPER:SpellCheck", "NOPE", ",", " "]),
                                             max_size=4).map(",".join), st.text(max_size=20))
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=12)
parts = st.one_of(
    st.builds(lambda t: {"text": t}, texts),
    st.builds(lambda m, i: {"markup": m, **({"interpretAs": i} if i is not None else {})},
              st.sampled_from(["<p>", "</p>", "<b>", "<br/>", "<img src='😀'/>", ""]), st.none() | st.sampled_from(["\n\n", " ", "xxxxxxxxxx"])),
    json_values,
)
annotations = st.one_of(
    st.builds(lambda ps: json.dumps({"annotation": ps}), st.lists(parts, max_size=6)),
    st.builds(json.dumps, json_values),
    # JSON escapes of lone surrogates and NULs: valid JSON, not valid text
    st.sampled_from(['{"annotation": [{"text": "a\\ud800b \\udfff c"}]}', '{"annotation": [{"text": "\\u0000 x"}]}',
                     '{"annotation": [{"markup": "\\ud83d"}, {"text": "The two leaders exchanged."}]}']),
    st.text(max_size=30),
)
fields = st.fixed_dictionaries({}, optional={
    "text": texts, "data": annotations, "language": languages, "enabledRules": rule_lists, "disabledRules": rule_lists,
    "enabledOnly": st.sampled_from(["true", "false", "TRUE", "", "maybe"]), "preferredVariants": st.sampled_from(["en-GB", "en-US", "x"]),
    "level": st.sampled_from(["picky", "default"]),
})
extra_fields = st.dictionaries(st.text(max_size=6), st.text(max_size=10), max_size=2)
fields = st.builds(lambda known, extra: {**extra, **known}, fields, extra_fields)
paths = st.sampled_from(["/v2/check"] * 8 + ["/v2/check/", "/v2/languages", "/v2/nothing", "/", "/v2/check?language=en-US"])
content_types = st.sampled_from(["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8",
                                 "application/json", "text/plain", "", "multipart/form-data; boundary=zz"])


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def _assert_well_formed(response, sent_text: str | None) -> None:
    assert response.status_code in DOCUMENTED, (response.status_code, response.text[:300])
    body = response.json()  # always JSON, errors included
    if response.status_code != 200:
        assert isinstance(body["error"], str) and body["error"] and body["status"] == response.status_code
        if response.status_code == 503:
            assert int(response.headers["retry-after"]) >= 1
        return
    if isinstance(body, list):  # /v2/languages
        assert all({"name", "code", "longCode"} <= set(lang) for lang in body)
        return
    assert isinstance(body["matches"], list)
    for m in body["matches"]:
        assert isinstance(m["offset"], int) and isinstance(m["length"], int) and m["offset"] >= 0 and m["length"] >= 0
        assert all(isinstance(r["value"], str) for r in m["replacements"])
        if sent_text is not None:
            assert m["offset"] + m["length"] <= _utf16_len(sent_text)
            units = sent_text.encode("utf-16-le", "surrogatepass")
            ctx = m["context"]["text"].encode("utf-16-le", "surrogatepass")
            c = m["context"]["offset"]
            assert ctx[2 * c:2 * (c + m["length"])] == units[2 * m["offset"]:2 * (m["offset"] + m["length"])]


@FUZZ
@given(form=fields, path=paths, method=st.sampled_from(["POST", "POST", "GET"]))
def test_form_requests_never_get_a_500(http, form, path, method):
    if method == "GET":
        response = http.get(path, params=form)
    else:
        response = http.post(path, data=form)
    checked = form.get("text") if path.startswith("/v2/check") and "text" in form else None
    _assert_well_formed(response, checked)


@FUZZ
@given(body=st.one_of(st.binary(max_size=400), texts.map(lambda t: t.encode("utf-8", "surrogatepass"))), ctype=content_types)
def test_raw_bodies_never_get_a_500(http, body, ctype):
    response = http.post("/v2/check", content=body, headers={"Content-Type": ctype} if ctype else {})
    _assert_well_formed(response, None)


@settings(max_examples=max(20, EXAMPLES // 3), deadline=None)
@given(raw=st.one_of(
    st.binary(max_size=300),
    st.builds(lambda line, headers: line + b"\r\n" + headers + b"\r\n\r\n",
              st.sampled_from([b"POST /v2/check HTTP/1.1", b"GET /v2/languages HTTP/1.0", b"POST /v2/check HTTP/9.9",
                               b"POST  /v2/check HTTP/1.1", b"\x00\xff", b"GET / HTTP/1.1\x00"]),
              st.lists(st.sampled_from([b"Host: x", b"Content-Length: -1", b"Content-Length: 5", b"Content-Length: 1, 2",
                                        b"Transfer-Encoding: chunked", b"Transfer-Encoding: gzip, chunked", b"Expect: 100-continue",
                                        b"X: \xff\xfe", b"Bad Header", b": empty"]), max_size=5).map(b"\r\n".join)),
))
def test_raw_http_garbage_is_refused_and_the_server_carries_on(base_url, raw):
    port = int(base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    for line in answer.split(b"\r\n"):
        if line.startswith(b"HTTP/1."):
            assert int(line.split()[1]) != 500, answer[:300]


def test_the_server_answers_normally_after_the_fuzzing(http):
    response = http.post("/v2/check", data=NORMAL)
    assert response.status_code == 200
    assert {"CAL002", "REP003"} <= {m["rule"]["id"] for m in response.json()["matches"]}
