"""mtqa serve under abuse: every bound the server keeps, tested over real sockets against a live uvicorn.

Each test here failed on the old http.server-based server: a negative Content-Length read to end of stream, a
request hidden in a refused body was executed, slow clients held a thread for ever, CORS was open to every
origin, {"annotation": 5} got a 500, and one slow check blocked every other.
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from mtqa.server import CheckService
from mtqa.serving import ServerLimits

LIMITS = ServerLimits(max_body=50_000, workers=2, queue=1, timeout=1.0, read_timeout=1.0, keep_alive=2, retry_after=3)
ALLOWED = "https://editor.example.org"


class GatedService(CheckService):
    """The real engine, except that a text starting with SLOW waits until the test opens the gate: a stand-in
    for a check that takes long, so that the pool's bounds can be observed."""

    def __init__(self, config):
        super().__init__(config)
        self.gate = threading.Event()
        self.gate.set()

    def check_text(self, text, style):
        if text.startswith("SLOW"):
            self.gate.wait(20)
        return super().check_text(text, style)


@pytest.fixture(scope="module")
def service():
    from mtqa.config import load_config

    return GatedService(load_config().with_overrides(grammar="none", max_chars=20_000))


def _start(service, limits):
    from mtqa.server import make_server

    server = make_server(service.config, "127.0.0.1", 0, limits=limits, service=service)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def port(service):
    server = _start(service, LIMITS)
    yield server.server_address[1]
    service.gate.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def cors_port(service):
    server = _start(service, ServerLimits(allow_origins=(ALLOWED,)))
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def gate(service):
    service.gate.clear()
    yield service.gate
    service.gate.set()


def _form(fields: dict) -> bytes:
    return urllib.parse.urlencode(fields).encode()


def _request(fields: dict | bytes, path="/v2/check", extra_headers: str = "") -> bytes:
    body = fields if isinstance(fields, bytes) else _form(fields)
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n{extra_headers}\r\n")
    return head.encode() + body


def _read_until_closed(sock: socket.socket, wait: float) -> tuple[bytes, bool]:
    """Everything the server sends, and whether it closed the connection within `wait` seconds."""
    buf, deadline = b"", time.monotonic() + wait
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([sock], [], [], left)
        if not ready:
            break
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return buf, True
        if not chunk:
            return buf, True
        buf += chunk
    return buf, False


def _exchange(port: int, data: bytes, wait: float = 5.0) -> tuple[bytes, bool]:
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(data)
        return _read_until_closed(sock, wait)


def _parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def _post(port: int, fields: dict, headers: dict | None = None, timeout: float = 10.0):
    import httpx

    r = httpx.post(f"http://127.0.0.1:{port}/v2/check", data=fields, headers=headers or {}, timeout=timeout)
    return r


def test_negative_content_length_is_refused_before_any_body_is_read(port):
    head = b"POST /v2/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n"
    raw, closed = _exchange(port, head + b"text=Hello&language=en-US", wait=3)
    assert raw.startswith(b"HTTP/1.1 400") and closed


@pytest.mark.parametrize("value", ["12abc", "1e3", " ", "99999999999999999999999999"])
def test_malformed_or_absurd_content_length_never_reads_the_body(port, value):
    head = f"POST /v2/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {value}\r\n\r\n".encode()
    raw, closed = _exchange(port, head + b"text=Hello", wait=3)
    status, _, _ = _parse(raw)
    assert status in (400, 413) and closed


def test_a_request_hidden_in_a_refused_body_is_never_run(port):
    hidden = b"GET /v2/languages HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    head = f"POST /v2/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {LIMITS.max_body + 1}\r\n\r\n".encode()
    raw, closed = _exchange(port, head + hidden, wait=3)
    status, headers, body = _parse(raw)
    assert status == 413 and headers["connection"] == "close" and closed
    assert raw.count(b"HTTP/1.1 ") == 1  # one answer: the hidden request was never parsed as a request
    assert "limit" in json.loads(body)["error"]


def test_a_streamed_body_over_the_cap_gets_413_before_it_ends(port):
    chunk = b"a" * 8192
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"POST /v2/check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n")
        answer, sent = b"", 0
        while sent < 20 * LIMITS.max_body and not answer:
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
            if select.select([sock], [], [], 0.02)[0]:
                answer, _ = _read_until_closed(sock, 2)
        assert answer.startswith(b"HTTP/1.1 413")
        assert sent < 2 * LIMITS.max_body  # refused while streaming, long before the client stopped sending


def test_an_error_closes_the_kept_alive_connection(port):
    raw, closed = _exchange(port, _request({"language": "en-US"}) + _request({"text": "Hidden.", "language": "en-US"}))
    status, headers, body = _parse(raw)
    assert status == 400 and headers["connection"] == "close" and closed
    assert raw.count(b"HTTP/1.1 ") == 1
    assert json.loads(body) == {"error": "missing 'text' (or 'data') parameter", "status": 400}


def test_a_good_request_keeps_the_connection_alive(port):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        for _ in range(2):
            sock.sendall(_request({"text": "The two leaders exchanged on Friday.", "language": "en-US"}))
            raw = b""
            while b"\r\n\r\n" not in raw or len(_parse(raw)[2]) < int(_parse(raw)[1]["content-length"]):
                raw += sock.recv(65536)
            status, _, body = _parse(raw)
            assert status == 200 and "CAL002" in {m["rule"]["id"] for m in json.loads(body)["matches"]}


def test_slow_clients_are_cut_off_and_never_block_others(port):
    """Slowloris: clients trickling a request head, or a body, a byte at a time. Each is closed once the
    read timeout passes (a trickled body gets 408), and normal requests are answered meanwhile."""
    heads = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(10)]
    bodies = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(10)]
    for s in bodies:
        s.sendall(b"POST /v2/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n\r\n")
    closed_after: dict[socket.socket, float] = {}
    answers: dict[socket.socket, bytes] = {}
    start = time.monotonic()
    stop = threading.Event()

    def trickle():
        payload = iter(b"POST /v2/check HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 1000)
        while not stop.is_set() and time.monotonic() - start < LIMITS.read_timeout + 4:
            byte = next(payload, ord("a"))
            for s in heads + bodies:
                if s in closed_after:
                    continue
                try:
                    if select.select([s], [], [], 0)[0]:
                        data, _ = _read_until_closed(s, 0.5)
                        answers[s] = data
                        closed_after[s] = time.monotonic() - start
                        continue
                    s.send(bytes([byte]) if s in heads else b"t")
                except OSError:
                    closed_after[s] = time.monotonic() - start
            time.sleep(0.1)

    worker = threading.Thread(target=trickle)
    worker.start()
    try:
        for n in range(5):  # normal requests are answered while the slow ones trickle
            t0 = time.monotonic()
            r = _post(port, {"text": f"Report {n}: the two leaders exchanged on Friday.", "language": "en-US"})
            assert r.status_code == 200 and time.monotonic() - t0 < 2
            assert "CAL002" in {m["rule"]["id"] for m in r.json()["matches"]}
        worker.join()
    finally:
        stop.set()
        worker.join()
        for s in heads + bodies:
            s.close()
    assert set(closed_after) == set(heads + bodies)  # every slow client was cut off, none held on
    assert max(closed_after.values()) < LIMITS.read_timeout + 3
    assert all(answers[s].startswith(b"HTTP/1.1 408") for s in bodies)


def test_cors_is_off_by_default(port):
    import httpx

    r = httpx.get(f"http://127.0.0.1:{port}/v2/languages", headers={"Origin": "https://any.example.com"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    r = httpx.post(f"http://127.0.0.1:{port}/v2/check", data={"text": "Fine.", "language": "en-US"},
                   headers={"Origin": "https://any.example.com"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


def test_cors_answers_only_the_origins_allowed(cors_port):
    import httpx

    url = f"http://127.0.0.1:{cors_port}/v2/check"
    r = httpx.post(url, data={"text": "Fine.", "language": "en-US"}, headers={"Origin": ALLOWED})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ALLOWED
    r = httpx.post(url, data={"text": "Fine.", "language": "en-US"}, headers={"Origin": "https://other.example.com"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    preflight = {"Origin": ALLOWED, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    r = httpx.options(url, headers=preflight)
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ALLOWED
    r = httpx.options(url, headers={**preflight, "Origin": "https://other.example.com"})
    assert r.status_code == 400 and "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize(
    "fields,needle",
    [
        ({"data": '{"annotation": 5}'}, '"annotation" is int, not a list'),
        ({"data": '{"annotation": [5]}'}, "annotation part 0 must be an object"),
        ({"data": '{"annotation": [{"text": "ok"}, {"text": 5}]}'}, "annotation part 1 needs a string"),
        ({"data": '[{"text": "a list, not an object"}]'}, 'no "annotation" key'),
        ({"data": "[" * 15_000}, "nested too deeply"),
        ({"data": "[" * 7_000 + "]" * 7_000}, "nested too deeply"),  # valid JSON: not said to be invalid
        ({"data": '{"annotation": [}'}, "not valid JSON"),
        ({"data": '{"annotation": [{"text": "x"}]}', "enabledOnly": "maybe"}, "enabledOnly must be true or false"),
        ({"text": "Fine.", "enabledOnly": "true"}, "enabledOnly=true needs enabledRules"),
    ],
)
def test_malformed_fields_get_a_400_with_a_json_message(port, fields, needle):
    r = _post(port, {"language": "en-US", **fields})
    assert r.status_code == 400 and needle in r.json()["error"]
    assert r.headers["connection"] == "close"


def test_non_utf8_percent_escapes_and_other_media_types_are_4xx(port):
    import httpx

    url = f"http://127.0.0.1:{port}/v2/check"
    r = httpx.post(url, content=b"text=caf%E9&language=en-US", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and "not UTF-8" in r.json()["error"]
    r = httpx.post(url, json={"text": "Fine.", "language": "en-US"})
    assert r.status_code == 415 and "x-www-form-urlencoded" in r.json()["error"]
    r = httpx.put(url, content=b"text=Fine.")
    assert r.status_code == 405 and r.json()["status"] == 405
    r = httpx.post(url, content=b"&".join(b"f%d=1" % n for n in range(500)),
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and "fields" in r.json()["error"]


def test_annotated_data_keeps_offsets_in_utf16_units_with_lone_surrogates_and_markup(port):
    data = ('{"annotation": [{"markup": "<p>\U0001f600", "interpretAs": "\\n\\n"}, {"text": "Bad \\ud800 char. '
            'The two leaders exchanged on Friday."}]}')
    r = _post(port, {"data": data, "language": "en-US"})
    assert r.status_code == 200
    match = next(m for m in r.json()["matches"] if m["rule"]["id"] == "CAL002")
    annotated = "<p>\U0001f600" + "Bad \ufffd char. The two leaders exchanged on Friday."
    units = annotated.encode("utf-16-le")
    assert units[2 * match["offset"]:2 * (match["offset"] + match["length"])].decode("utf-16-le") == "exchanged"


def test_a_slow_check_blocks_neither_the_server_nor_other_checks(port, gate):
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(_post, port, {"text": "SLOW text.", "language": "en-US"})
        time.sleep(0.2)
        t0 = time.monotonic()
        fast = _post(port, {"text": "The two leaders exchanged on Friday.", "language": "en-US"})
        assert fast.status_code == 200 and time.monotonic() - t0 < 0.9 and not slow.done()
        assert "CAL002" in {m["rule"]["id"] for m in fast.json()["matches"]}
        # the slow one outlives the check timeout: it gets 503, not a hang
        r = slow.result(10)
    assert r.status_code == 503 and "took longer than 1 s" in r.json()["error"]
    assert int(r.headers["retry-after"]) >= 1


def test_a_full_queue_gets_503_with_retry_after_and_the_server_recovers(port, gate):
    with ThreadPoolExecutor(3) as pool:
        held = [pool.submit(_post, port, {"text": f"SLOW {n}.", "language": "en-US"}) for n in range(3)]
        time.sleep(0.3)  # two checks running, one waiting: workers=2, queue=1
        r = _post(port, {"text": "One too many.", "language": "en-US"})
        assert r.status_code == 503 and r.headers["retry-after"] == "3" and "busy" in r.json()["error"]
        gate.set()
        statuses = sorted(f.result(10).status_code for f in held)
    assert statuses[0] in (200, 503) and set(statuses) <= {200, 503}
    deadline = time.monotonic() + 5
    while (r := _post(port, {"text": "The two leaders exchanged on Friday.", "language": "en-US"})).status_code == 503:
        assert time.monotonic() < deadline, "the server did not recover after the slow checks ended"
        time.sleep(0.1)
    assert r.status_code == 200 and "CAL002" in {m["rule"]["id"] for m in r.json()["matches"]}


def test_bad_serve_flags_are_a_usage_error(capsys):
    from mtqa.cli import main

    assert main(["serve", "--workers", "0"]) == 2
    assert "workers must be at least 1" in capsys.readouterr().err


def test_the_readme_lists_every_serve_flag_with_its_default():
    import dataclasses
    import re

    from conftest import ROOT
    from mtqa.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## mtqa serve\n", 1)[1].split("\n## ", 1)[0]
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(--[a-z-]+)[^|]*\| ([^|]+) \|", section, re.M)}
    serve = build_parser()._subparsers._group_actions[0].choices["serve"]
    common = {"--config", "--select", "--ignore", "--house-style", "--grammar", "--languagetool-url", "--neural", "--help",
              "--harper-lints", "--no-cache"}  # options every command shares, not the server's
    flags = {o for a in serve._actions for o in a.option_strings if o.startswith("--") and o not in common}
    assert flags - {"--no-neural"} <= set(rows) | {"--port"}  # --host and --port share a row
    defaults = ServerLimits()
    for field in dataclasses.fields(ServerLimits):
        flag = "--" + field.name.replace("_", "-")
        if flag in rows:
            assert rows[flag].strip() == str(getattr(defaults, field.name)).removesuffix(".0"), flag


def test_annotated_markup_is_left_out_of_the_check_and_offsets_index_the_annotated_text(port):
    parts = [{"markup": "<p>"}, {"text": "He spoke "}, {"markup": "<b>"}, {"text": "today"}, {"markup": "</b>"},
             {"text": ": the two leaders "}, {"markup": "<i>"}, {"text": "exchanged"}, {"markup": "</i>"},
             {"text": " on Friday."}, {"markup": "</p>", "interpretAs": "\n\n"}]
    r = _post(port, {"data": json.dumps({"annotation": parts}), "language": "en-US"})
    matches = r.json()["matches"]
    assert [m["rule"]["id"] for m in matches] == ["CAL002"]  # no doubled space or space before ":" from markup
    annotated = "".join(p.get("text", p.get("markup")) for p in parts)
    m = matches[0]
    assert annotated[m["offset"]:m["offset"] + m["length"]] == "exchanged"
    assert m["context"]["text"][m["context"]["offset"]:][:9] == "exchanged"
