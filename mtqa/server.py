"""`mtqa serve`: mtqa's full check behind LanguageTool's HTTP API (/v2/check, /v2/languages), so any
LanguageTool client (browser extensions, LibreOffice, editor plugins, language-tool-python) can use it.

The ASGI app here is protocol translation only: routes, limits, form and JSON parsing, errors, and LanguageTool's
JSON for the engine's findings. Checking is the engine's; running the app (uvicorn, the check pool) is serving.py's.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import threading
from bisect import bisect_right
from dataclasses import dataclass
from urllib.parse import parse_qsl

from mtqa import __version__
from mtqa.api import Checker
from mtqa.config import Config
from mtqa.document import Utf16Offsets, utf16_len
from mtqa.engine import WARM_UP_TEXT, Engine, Result
from mtqa.grammar.harper import as_on_a_worker_thread
from mtqa.errors import MtqaError
from mtqa.issues import Issue
from mtqa.rules import ALL_RULES
from mtqa.serving import CheckPool, CheckTimedOut, PoolFull, ServerLimits, UvicornServer, listening_socket

log = logging.getLogger(__name__)

LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "English", "code": "en", "longCode": "en"},
]
_STYLE_FOR = {"en-us": "us", "en": "us", "auto": "us", "en-gb": "uk"}
MAX_FIELDS = 100  # form fields in one request; LanguageTool's API has about twenty
_OPT_IN_ENGINES_KEPT = 8  # engines for requests whose enabledRules turn on opt-in rules, one per set of them

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


class HttpError(Exception):
    """A request the server answers with an error status and a JSON message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


# --- LanguageTool's JSON for mtqa's findings -------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def to_match(text: str, issue: Issue, describe, utf16: Utf16Offsets | None = None,
             markup: "MarkupOffsets | None" = None) -> dict:
    """`markup`: the text checked came from annotated `data`, and the match's offsets index that (the context's
    offsets index the context's text, as LanguageTool's do)."""
    utf16 = utf16 or Utf16Offsets(text)
    start, end = utf16(issue.start), utf16(issue.end)
    offset, length = markup.span(issue.start, issue.end) if markup else (start, end - start)
    lo = max(0, issue.start - 40)
    hi = min(len(text), issue.end + 40)
    family = category_id(issue.rule)
    return {
        "message": issue.message,
        "shortMessage": issue.category,
        "replacements": [{"value": s} for s in issue.suggestions],
        "offset": offset,
        "length": length,
        "context": {"text": text[lo:hi], "offset": start - utf16(lo), "length": end - start},
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


def category_id(code: str) -> str:
    """The category a rule answers under, which disabledCategories and enabledCategories name: its family's
    prefix (CAL, REP, ...) or its grammar backend (HARPER, LT)."""
    return code.split(":")[0].rstrip("0123456789") or code


def describe_rule(code: str) -> str:
    from mtqa.formats.ruledocs import find_rule

    rule = find_rule(code)
    return rule.summary if rule else code


def check_response(request: "CheckRequest", result: Result) -> dict:
    issues = [i for i in result.issues
              if i.rule not in request.disabled and category_id(i.rule) not in request.disabled_categories
              and (not request.enabled_only or i.rule in request.enabled or category_id(i.rule) in request.enabled_categories)]
    utf16 = Utf16Offsets(request.text)
    long_code = {"uk": "en-GB"}.get(request.style, "en-US")  # house-style auto answers as en-US, as "auto" asks
    return {
        "software": {"name": "mtqa", "version": __version__, "apiVersion": 1, "status": "", "premium": False},
        "warnings": {"incompleteResults": False},
        "language": {"name": f"English ({'US' if request.style == 'us' else 'GB'})", "code": long_code,
                     "detectedLanguage": {"name": "English", "code": long_code, "confidence": 1.0}},
        "matches": [to_match(request.text, i, describe_rule, utf16, request.markup) for i in issues],
    }


# --- Requests ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckRequest:
    text: str
    style: str
    enabled: frozenset[str]
    disabled: frozenset[str]
    enabled_only: bool
    markup: "MarkupOffsets | None" = None  # set when the text comes from annotated `data`
    enabled_categories: frozenset[str] = frozenset()
    disabled_categories: frozenset[str] = frozenset()


def parse_fields(raw: bytes, where: str) -> dict[str, str]:
    """application/x-www-form-urlencoded (or a query string), strictly UTF-8; a repeated field keeps its last value."""
    try:
        return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict",
                              max_num_fields=MAX_FIELDS))
    except UnicodeDecodeError:
        raise HttpError(400, f"the {where} is not UTF-8 (percent-encode the UTF-8 bytes of the text)") from None
    except ValueError:
        raise HttpError(400, f"the {where} has more than {MAX_FIELDS} fields") from None


def check_request(fields: dict[str, str], max_chars: int, house_style: str = "auto") -> CheckRequest:
    """LanguageTool's /v2/check parameters -> what to check and how; HttpError (4xx) for anything malformed.
    `house_style` is the server's: language=auto (an editor plugin's usual request) follows it when it is us or
    uk, so a UK desk's plugin is not told that "colour" is misspelt; preferredVariants=en-GB asks for uk."""
    text, markup = fields.get("text"), None
    if text is None and "data" in fields:
        text, markup = text_from_data(fields["data"])
    if text is None:
        raise HttpError(400, "missing 'text' (or 'data') parameter")
    if len(text) > max_chars:
        raise HttpError(413, f"text is {len(text):,} characters; the limit is {max_chars:,}")
    language = fields.get("language", "")
    style = _STYLE_FOR.get(language.lower())
    if style is None:
        raise HttpError(400, f"language {language!r} is not supported; use en-US, en-GB or auto")
    if language.lower() == "auto":
        if "en-gb" in _csv(fields.get("preferredVariants", "").lower()):
            style = "uk"
        elif house_style in ("us", "uk"):
            style = house_style
    enabled_only = fields.get("enabledOnly", "false").lower()
    if enabled_only not in ("true", "false"):
        raise HttpError(400, f"enabledOnly must be true or false, not {fields['enabledOnly']!r}")
    enabled = _csv(fields.get("enabledRules"))
    enabled_categories = _csv(fields.get("enabledCategories"))
    if enabled_only == "true" and not enabled and not enabled_categories:
        raise HttpError(400, "enabledOnly=true needs enabledRules or enabledCategories (the rules to run)")
    return CheckRequest(text=text, style=style, enabled=frozenset(enabled), disabled=frozenset(_csv(fields.get("disabledRules"))),
                        enabled_only=enabled_only == "true", markup=markup, enabled_categories=frozenset(enabled_categories),
                        disabled_categories=frozenset(_csv(fields.get("disabledCategories"))))


def _csv(value: str | None) -> set[str]:
    return {v.strip() for v in (value or "").split(",") if v.strip()}


class MarkupOffsets:
    """Where each character of the text checked stands in the annotated text, in UTF-16 units: a text part's
    characters where they are, an `interpretAs` character over the whole of its markup."""

    def __init__(self):
        self._starts: list[int] = []  # where each non-empty part begins in the text checked
        self._parts: list[tuple[int, int, Utf16Offsets | None]] = []  # its annotated span; the text's own units
        self.length = 0  # UTF-16 units of the annotated text
        self._checked = 0

    def add(self, checked: str, width: int, is_text: bool) -> None:
        if checked:
            self._starts.append(self._checked)
            self._parts.append((self.length, self.length + width, Utf16Offsets(checked) if is_text else None))
            self._checked += len(checked)
        self.length += width

    def span(self, start: int, end: int) -> tuple[int, int]:
        """(offset, length) in the annotated text of the checked text's [start, end)."""
        if start >= self._checked:
            return self.length, 0
        offset = self._at(start, start, False)
        return offset, (self._at(end - 1, end, True) - offset if end > start else 0)

    def _at(self, index: int, boundary: int, is_end: bool) -> int:
        n = bisect_right(self._starts, index) - 1
        begin, finish, units = self._parts[n]
        if units is None:  # a character of interpretAs stands for all of its markup
            return finish if is_end else begin
        return begin + units(boundary - self._starts[n])


_DATA_SHAPE = "'data' must be JSON like {\"annotation\": [{\"text\": \"...\"}, {\"markup\": \"<b>\"}]}"


def text_from_data(data: str) -> tuple[str, MarkupOffsets]:
    """LanguageTool's annotated `data`: the text parts are checked, each markup part replaced by its
    `interpretAs` (e.g. "\\n\\n" for <p>) or by nothing, as LanguageTool does, so that markup never reads as
    doubled spaces or a space before a colon; the offsets map gives matches' positions in the whole annotated
    text. Lone surrogates (valid in JSON escapes, not in text) become U+FFFD, one UTF-16 unit like them."""
    try:
        parsed = json.loads(data)
    except ValueError:
        raise HttpError(400, _DATA_SHAPE + ": it is not valid JSON") from None
    except RecursionError:  # valid JSON, but nested deeper than any annotation is
        raise HttpError(400, _DATA_SHAPE + ": it is nested too deeply") from None
    if not isinstance(parsed, dict) or "annotation" not in parsed:
        raise HttpError(400, _DATA_SHAPE + ": it has no \"annotation\" key")
    parts = parsed["annotation"]
    if not isinstance(parts, list):
        raise HttpError(400, _DATA_SHAPE + f": \"annotation\" is {type(parts).__name__}, not a list")
    out, offsets = [], MarkupOffsets()
    for n, part in enumerate(parts):
        if not isinstance(part, dict):
            raise HttpError(400, f"annotation part {n} must be an object with \"text\" or \"markup\"")
        if isinstance(part.get("text"), str):
            text = _SURROGATE.sub("\ufffd", part["text"])
            offsets.add(text, utf16_len(text), is_text=True)
        elif isinstance(part.get("markup"), str):
            shown = part.get("interpretAs")
            text = _SURROGATE.sub("\ufffd", shown) if isinstance(shown, str) else ""
            offsets.add(text, utf16_len(part["markup"]), is_text=False)
        else:
            raise HttpError(400, f"annotation part {n} needs a string \"text\" or \"markup\"")
        out.append(text)
    return "".join(out), offsets


# --- The engine, behind one call ---------------------------------------------------------------------------

class CheckService:
    """One engine per house style, each built once and reused by every request (the configured style's, or us
    under house-style auto, at start-up; the other on first use). Engines are shared by the pool's threads: the
    grammar linter guards itself, and resources are loaded by the warm-up check before any request arrives."""

    def __init__(self, config: Config):
        self.config = config
        self._engines: dict[str, Engine] = {}
        self._with_opt_in: dict[tuple[str, frozenset[str]], Engine] = {}
        self._lock = threading.Lock()
        # what checks load lazily, loaded before any client waits, and from a thread other than the main one, as
        # the pool's checks are run; house-style auto is no request's style (en-US, en and auto then ask for us)
        style = config.house_style if config.house_style in ("us", "uk") else _STYLE_FOR["auto"]
        as_on_a_worker_thread(self.respond, CheckRequest(WARM_UP_TEXT, style, frozenset(), frozenset(), False))
        as_on_a_worker_thread(self.engine(style).warm)  # every linter thread, not only those it met

    def engine(self, style: str, opt_in: frozenset[str] = frozenset()) -> Engine:
        """The style's engine, or one that also runs the opt-in rules `opt_in` (sharing its grammar linter; the
        last few such sets are kept)."""
        with self._lock:
            if style not in self._engines:
                self._engines[style] = Checker.from_config(self.config, cache=False, house_style=style).engine
            base = self._engines[style]
            if not opt_in:
                return base
            key = (style, opt_in)
            engine = self._with_opt_in.pop(key, None) or Engine(
                base.config.with_overrides(select=base.config.select + tuple(sorted(opt_in))), grammar=base.grammar)
            self._with_opt_in[key] = engine  # the most recently used last
            while len(self._with_opt_in) > _OPT_IN_ENGINES_KEPT:
                del self._with_opt_in[next(iter(self._with_opt_in))]
            return engine

    def opt_in(self, request: CheckRequest) -> frozenset[str]:
        """The rules off by default that the request's enabledRules or enabledCategories turn on, as
        LanguageTool's do (never a neural rule: a request does not load models)."""
        if not request.enabled and not request.enabled_categories:
            return frozenset()
        running = {r.code for r in self.engine(request.style).rules}
        return frozenset(r.code for r in ALL_RULES
                         if (r.code in request.enabled or category_id(r.code) in request.enabled_categories)
                         and r.code not in running and not r.neural and not r.requires)

    def check_text(self, text: str, style: str) -> Result:
        return self.engine(style).check_text(text)

    def respond(self, request: CheckRequest) -> dict:
        """Runs in a pool thread: the check, then LanguageTool's JSON for it."""
        opt_in = self.opt_in(request)
        result = (self.engine(request.style, opt_in).check_text(request.text) if opt_in
                  else self.check_text(request.text, request.style))
        return check_response(request, result)


# --- The ASGI app ------------------------------------------------------------------------------------------

def create_app(service: CheckService, limits: ServerLimits, pool: CheckPool):
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import ClientDisconnect, Request
    from starlette.responses import Response
    from starlette.routing import Route

    def json_response(body, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        headers = dict(headers or {})
        if status >= 400:
            headers["Connection"] = "close"  # whatever the client sent after a bad request is not read
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        return Response(data, status, headers, media_type="application/json; charset=utf-8")

    def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        return json_response({"error": message, "status": status}, status, headers)

    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None:  # the HTTP parser refuses a malformed one; this keeps the app safe behind any server
            if not declared.isascii() or not declared.isdigit():
                raise HttpError(400, f"bad Content-Length {declared!r}")
            if int(declared) > limits.max_body:
                raise HttpError(413, f"request body of {int(declared):,} bytes; the limit is {limits.max_body:,}")
        chunks, size = [], 0
        try:
            async with asyncio.timeout(limits.read_timeout):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limits.max_body:
                        raise HttpError(413, f"request body over the limit of {limits.max_body:,} bytes")
                    chunks.append(chunk)
        except TimeoutError:
            raise HttpError(408, f"the request body did not arrive within {limits.read_timeout:g} s") from None
        return b"".join(chunks)

    async def drain(request: Request) -> None:
        """Reads (within the limits) a body that will not be used: closing a connection with unread data makes the
        kernel reset it, and the client may then lose the error response it was about to read."""
        if request.headers.get("content-length", "0") != "0" or "transfer-encoding" in request.headers:
            try:
                await read_body(request)
            except (HttpError, ClientDisconnect):
                pass

    async def check(request: Request) -> Response:
        try:
            body = await read_body(request)  # read first, so an error never leaves a body unread
            body = body if request.method == "POST" else b""
            fields = parse_fields(request.scope.get("query_string", b""), "query string")
            if body:
                media = request.headers.get("content-type", "").split(";")[0].strip().lower()
                if media not in ("", "application/x-www-form-urlencoded"):
                    raise HttpError(415, "send the parameters as application/x-www-form-urlencoded, as LanguageTool clients do")
                fields.update(parse_fields(body, "request body"))
            parsed = check_request(fields, service.config.max_chars, service.config.house_style)
            return json_response(await pool.run(lambda: service.respond(parsed), limits.timeout))
        except HttpError as exc:
            return error_response(exc.status, str(exc), exc.headers)
        except PoolFull:
            return error_response(503, "the server is busy: every worker is checking and the queue is full; retry later",
                                  {"Retry-After": str(limits.retry_after)})
        except CheckTimedOut:
            return error_response(503, f"the check took longer than {limits.timeout:g} s; send a shorter text or retry later",
                                  {"Retry-After": str(max(limits.retry_after, math.ceil(limits.timeout)))})
        except ClientDisconnect:
            return Response(status_code=400, headers={"Connection": "close"})  # nobody is listening any more
        except MtqaError as exc:
            return error_response(400, str(exc))
        except Exception:  # a bug answers 500 and leaves the server running
            log.exception("internal error on %s", request.url.path)
            return error_response(500, "internal error (see the server log)")

    async def languages(request: Request) -> Response:
        return json_response(LANGUAGES)

    async def healthcheck(request: Request) -> Response:
        return Response("OK", media_type="text/plain; charset=utf-8")

    async def http_error(request: Request, exc: HTTPException) -> Response:
        await drain(request)
        if exc.status_code == 404:
            return error_response(404, f"no endpoint {request.url.path}; try /v2/check or /v2/languages")
        return error_response(exc.status_code, str(exc.detail), dict(exc.headers or {}))

    routes = []
    for path, endpoint, methods in (("/v2/check", check, ["GET", "POST"]), ("/v2/languages", languages, ["GET"]),
                                    ("/v2/healthcheck", healthcheck, ["GET"]), ("/healthcheck", healthcheck, ["GET"])):
        routes += [Route(path, endpoint, methods=methods), Route(path + "/", endpoint, methods=methods)]
    middleware = []
    if limits.allow_origins:  # CORS is off unless origins are named: a web page cannot use a local server uninvited
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(limits.allow_origins),
                                     allow_methods=["GET", "POST"], allow_headers=["Content-Type"]))
    return Starlette(routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error})


# --- Start and stop ----------------------------------------------------------------------------------------

def make_server(config: Config, host: str = "127.0.0.1", port: int = 8081, limits: ServerLimits | None = None,
                service: CheckService | None = None) -> UvicornServer:
    """The server, bound and listening (port 0 picks a free port: see server_address), engines warmed up;
    call serve_forever() to answer requests."""
    limits = limits or ServerLimits()
    service = service or CheckService(config)
    pool = CheckPool(limits.workers, limits.queue)
    try:
        sock = listening_socket(host, port, limits.backlog)
    except OSError as exc:
        pool.close()
        raise MtqaError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return UvicornServer(create_app(service, limits, pool), sock, limits, on_close=pool.close)


def serve(config: Config, host: str = "127.0.0.1", port: int = 8081, limits: ServerLimits | None = None) -> None:
    server = make_server(config, host, port, limits)
    shown = f"[{host}]" if ":" in host else host
    print(f"mtqa: LanguageTool-compatible API on http://{shown}:{server.server_address[1]}/v2/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
