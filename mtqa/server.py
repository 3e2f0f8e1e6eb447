"""`mtqa serve`: mtqa's full check behind LanguageTool's HTTP API (/v2/check, /v2/languages), so any
LanguageTool client (browser extensions, LibreOffice, editor plugins, language-tool-python) can use it."""

from __future__ import annotations

import json
import logging
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from mtqa import __version__
from mtqa.config import Config
from mtqa.engine import Engine
from mtqa.errors import MtqaError
from mtqa.issues import Issue

log = logging.getLogger(__name__)

LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "English", "code": "en", "longCode": "en"},
]
_STYLE_FOR = {"en-us": "us", "en": "us", "auto": "us", "en-gb": "uk"}
MAX_BODY = 2_000_000

ISSUE_TYPES = {
    "Fluency/Spelling": "misspelling",
    "Fluency/Grammar": "grammar",
    "Fluency/Punctuation": "typographical",
    "Fluency/Inconsistency": "inconsistency",
    "Fluency/Register": "register",
    "Style/Awkward": "style",
    "Accuracy/Mistranslation": "mistranslation",
    "Accuracy/Omission": "omission",
    "Accuracy/Addition": "addition",
    "Accuracy/Untranslated": "untranslated",
    "Locale convention": "locale-violation",
}


class BadRequest(Exception):
    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def to_match(text: str, issue: Issue, describe) -> dict:
    offset = utf16_len(text[: issue.start])
    length = utf16_len(text[issue.start:issue.end])
    lo = max(0, issue.start - 40)
    hi = min(len(text), issue.end + 40)
    family = issue.rule.split(":")[0].rstrip("0123456789") or issue.rule
    return {
        "message": issue.message,
        "shortMessage": issue.category,
        "replacements": [{"value": s} for s in issue.suggestions],
        "offset": offset,
        "length": length,
        "context": {"text": text[lo:hi], "offset": utf16_len(text[lo:issue.start]), "length": length},
        "sentence": text[lo:hi],
        "type": {"typeName": "Other"},
        "rule": {
            "id": issue.rule,
            "description": describe(issue.rule),
            "issueType": ISSUE_TYPES.get(issue.category, "uncategorized"),
            "category": {"id": family, "name": issue.category},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


class CheckService:
    """One engine per house style, created on first use and reused; calls are serialised because the
    grammar linter is not thread-safe."""

    def __init__(self, config: Config):
        self.config = config
        self._engines: dict[str, Engine] = {}
        self._lock = threading.Lock()

    def engine(self, style: str) -> Engine:
        if style not in self._engines:
            self._engines[style] = Engine(self.config.with_overrides(house_style=style))
        return self._engines[style]

    def check(self, form: dict[str, str]) -> dict:
        text = form.get("text")
        if text is None and "data" in form:
            text = _text_from_data(form["data"])
        if text is None:
            raise BadRequest(HTTPStatus.BAD_REQUEST, "missing 'text' (or 'data') parameter")
        if len(text) > self.config.max_chars:
            raise BadRequest(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                             f"text is {len(text):,} characters; the limit is {self.config.max_chars:,}")
        language = form.get("language", "")
        style = _STYLE_FOR.get(language.lower())
        if style is None:
            raise BadRequest(HTTPStatus.BAD_REQUEST, f"language {language!r} is not supported; use en-US, en-GB or auto")
        enabled = _csv(form.get("enabledRules"))
        disabled = _csv(form.get("disabledRules"))
        only = form.get("enabledOnly", "false").lower() == "true"
        with self._lock:
            result = self.engine(style).check_text(text)
        issues = [i for i in result.issues if i.rule not in disabled and (not only or i.rule in enabled)]
        from mtqa.formats.ruledocs import find_rule

        def describe(code):
            r = find_rule(code)
            return r.summary if r else code

        long_code = {"us": "en-US", "uk": "en-GB"}[style]
        return {
            "software": {"name": "mtqa", "version": __version__, "apiVersion": 1, "status": "", "premium": False},
            "warnings": {"incompleteResults": False},
            "language": {"name": f"English ({'US' if style == 'us' else 'GB'})", "code": long_code,
                         "detectedLanguage": {"name": "English", "code": long_code, "confidence": 1.0}},
            "matches": [to_match(text, i, describe) for i in issues],
        }


def _csv(value: str | None) -> set[str]:
    return {v.strip() for v in (value or "").split(",") if v.strip()}


def _text_from_data(data: str) -> str:
    """LanguageTool's annotated `data`: markup is replaced by spaces of the same length so offsets still match."""
    try:
        parsed = json.loads(data)
        parts = parsed["annotation"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise BadRequest(HTTPStatus.BAD_REQUEST, "'data' must be JSON like {\"annotation\": [{\"text\": ...}, {\"markup\": ...}]}") from None
    out = []
    for part in parts:
        if not isinstance(part, dict):
            raise BadRequest(HTTPStatus.BAD_REQUEST, "each annotation part must be an object")
        if "text" in part:
            out.append(str(part["text"]))
        elif "markup" in part:
            out.append(" " * len(str(part["markup"])))
    return "".join(out)


def make_handler(service: CheckService):
    class Handler(BaseHTTPRequestHandler):
        server_version = f"mtqa/{__version__}"
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # route access logs through logging, not stderr
            log.debug("%s " + fmt, self.address_string(), *args)

        def _send(self, status: HTTPStatus, body, content_type="application/json"):
            data = (json.dumps(body, ensure_ascii=False) if content_type == "application/json" else body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(data)

        def _form(self) -> dict[str, str]:
            query = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
            form = {k: v[-1] for k, v in query.items()}
            if self.command == "POST":
                try:
                    length = int(self.headers.get("Content-Length") or 0)
                except ValueError:
                    raise BadRequest(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
                if length > MAX_BODY:
                    raise BadRequest(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY:,} bytes")
                raw = self.rfile.read(length)
                try:
                    body = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise BadRequest(HTTPStatus.BAD_REQUEST, "request body is not UTF-8") from None
                ctype = self.headers.get("Content-Type", "")
                if body and "json" in ctype:
                    raise BadRequest(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send application/x-www-form-urlencoded, as LanguageTool does")
                form.update({k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()})
            return form

        def _route(self):
            path = urlsplit(self.path).path.rstrip("/")
            try:
                if path == "/v2/languages":
                    self._send(HTTPStatus.OK, LANGUAGES)
                elif path == "/v2/check":
                    self._send(HTTPStatus.OK, service.check(self._form()))
                elif path in ("/v2/healthcheck", "/healthcheck"):
                    self._send(HTTPStatus.OK, "OK", "text/plain")
                else:
                    self._send(HTTPStatus.NOT_FOUND, {"error": f"no endpoint {path}; try /v2/check or /v2/languages"})
            except BadRequest as exc:
                self._send(exc.status, f"Error: {exc}", "text/plain")
            except MtqaError as exc:
                self._send(HTTPStatus.BAD_REQUEST, f"Error: {exc}", "text/plain")
            except Exception:  # a bug must answer 500, never kill the server
                log.exception("internal error on %s", self.path)
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "Error: internal error (see the server log)", "text/plain")

        do_GET = _route
        do_POST = _route

    return Handler


def make_server(config: Config, host: str = "127.0.0.1", port: int = 8081) -> ThreadingHTTPServer:
    service = CheckService(config)
    service.engine(config.house_style)  # pay start-up (linter, automata) before the first request
    server = ThreadingHTTPServer((host, port), make_handler(service))
    server.daemon_threads = True
    return server


def serve(config: Config, host: str = "127.0.0.1", port: int = 8081) -> None:
    try:
        server = make_server(config, host, port)
    except OSError as exc:
        raise MtqaError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    print(f"mtqa: LanguageTool-compatible API on http://{host}:{server.server_address[1]}/v2/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
