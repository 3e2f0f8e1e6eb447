"""RSS and Atom feeds (feedparser): every item becomes a Document (title + content, HTML stripped to text),
with a map from text offsets back to the item's HTML so findings can be located in the original markup."""

from __future__ import annotations

import hashlib
import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from mtqa.document import Document
from mtqa.errors import MtqaError

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article", "figure", "figcaption"}
_SKIP = {"script", "style", "noscript"}
_PRE = {"pre", "textarea"}  # whitespace kept as written
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's whitespace (not NBSP): a run of it in flowing text shows as one space


class _TextExtractor(HTMLParser):
    """Collects text with, for every character, the offset of the HTML it came from."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.chars: list[str] = []
        self.origin: list[int] = []
        self.skip = 0
        self.pre = 0
        self._line_starts = [0]
        for n, ch in enumerate(source):
            if ch == "\n":
                self._line_starts.append(n + 1)

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _emit(self, text: str, at: int, each_from_source: bool = True) -> None:
        for n, ch in enumerate(text):
            self.chars.append(ch)
            self.origin.append(at + n if each_from_source else at)

    def _break(self) -> None:
        while self.chars and self.chars[-1] in " \t":
            self.chars.pop()
            self.origin.pop()
        if self.chars and not "".join(self.chars[-2:]).endswith("\n\n"):
            need = 2 if not self.chars[-1:] == ["\n"] else 1
            self._emit("\n" * need, self._pos(), each_from_source=False)

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _PRE:
            self.pre += 1
            self._break()
        elif tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _PRE:
            self.pre = max(0, self.pre - 1)
            self._break()
        elif tag in _BLOCK:
            self._break()

    def handle_data(self, data):
        if self.skip:
            return
        at = self._pos()
        if self.pre:
            self._emit(data, at)
            return
        done = 0
        for m in _HTML_SPACE.finditer(data):  # a line break or indentation of the markup is not in the text
            self._emit(data[done:m.start()], at + done)
            if self.chars and self.chars[-1] not in " \n":
                self._emit(" ", at + m.start())
            done = m.end()
        self._emit(data[done:], at + done)

    def handle_entityref(self, name):
        if not self.skip:
            at = self._pos()
            end = at + 1 + len(name)
            raw = self.source[at:end + 1 if self.source[end:end + 1] == ";" else end]  # "AT&T": no ";" to add
            shown = html.unescape(raw)
            self._emit(shown, at, each_from_source=shown == raw)

    def handle_charref(self, name):
        if not self.skip:
            self._emit(html.unescape(f"&#{name};"), self._pos(), each_from_source=False)


def html_to_text(markup: str) -> tuple[str, list[int]]:
    """Plain text of an HTML fragment and, per character, its offset in the markup."""
    parser = _TextExtractor(markup)
    parser.feed(markup + " ")  # the space, trimmed below, ends a last "&T": close() would drop its "&" ("Q&A" -> "QA")
    parser.close()
    text = "".join(parser.chars)
    # trim surrounding whitespace, keeping the map aligned
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    return text[left:right], parser.origin[left:right]


def _field_text(value: str, media: str | None) -> tuple[str, list[int]]:
    """A feed field's text and its map: HTML stripped, but plain text (Atom's type="text", an RSS title without
    markup, as feedparser types them) taken as it is, so "Use <b> for bold" keeps its "<b>"."""
    if media != "text/plain":
        return html_to_text(value)
    left, right = len(value) - len(value.lstrip()), len(value.rstrip())
    return value[left:right], list(range(left, right))


MAX_FEED_BYTES = 50 * 1024 * 1024


def fetch(url: str, timeout: float, max_bytes: int = MAX_FEED_BYTES) -> bytes:
    """The body of an http(s) URL, within `timeout` seconds in all (not per read: a server that drips bytes is
    stopped too) and at most `max_bytes`; MtqaError saying which limit was hit."""
    import socket
    import time
    import urllib.error
    import urllib.request

    from mtqa import __version__

    if not url.lower().startswith(("http://", "https://")):
        raise MtqaError(f"{url}: only http:// and https:// feeds (or a local file) can be read")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": f"mtqa/{__version__}"})
    chunks: list[bytes] = []
    size = 0
    answered = False
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answered = True
            while True:
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise MtqaError(f"{url}: the feed is larger than {max_bytes // (1024 * 1024)} MB; refused")
                chunks.append(chunk)
    except (TimeoutError, socket.timeout):
        what = "no complete answer" if answered else "no answer"
        raise MtqaError(f"{url}: {what} within {timeout:g} s (--timeout); the feed was not checked") from None
    except urllib.error.HTTPError as exc:
        raise MtqaError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise MtqaError(f"{url}: no answer within {timeout:g} s (--timeout); the feed was not checked") from None
        raise MtqaError(f"{url}: cannot fetch the feed ({reason})") from None
    except OSError as exc:
        raise MtqaError(f"{url}: cannot fetch the feed ({exc})") from None
    return b"".join(chunks)


def read_feed(source: str, timeout: float = 30.0) -> tuple[str, list[Document], str | None]:
    """Parse an RSS/Atom feed from a file path or URL; returns the feed title, one Document per item, and, for a
    feed whose XML breaks off before its end tag (a download cut short), where and why it broke (else None). The
    last item of such a feed may be cut: if it is a document, its meta holds "cut_short"."""
    from mtqa.formats.readers import read_file_bytes

    if "://" in source:
        data = fetch(source, timeout)
    elif source == "-":  # `curl -s URL | mtqa feed -`
        data = sys.stdin.buffer.read(MAX_FEED_BYTES + 1)
        if len(data) > MAX_FEED_BYTES:
            raise MtqaError(f"standard input: the feed is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB; refused")
    else:
        try:
            data = read_file_bytes(source)
        except FileNotFoundError:
            raise MtqaError(f"{source}: no such feed file") from None
        except OSError as exc:
            raise MtqaError(f"{source}: cannot read the feed ({exc.strerror})") from None
        if len(data) > MAX_FEED_BYTES:
            raise MtqaError(f"{source}: the feed is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB; refused")
    return feed_documents(data, source)


def feed_documents(data: bytes, source: str) -> tuple[str, list[Document], str | None]:
    """The feed title, the documents and where the XML broke off (see read_feed), from a feed's bytes."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):  # an HTML page parses without error
        reason = parsed.get("bozo_exception") or ("it is empty" if not data.strip() else "no <rss>, <feed> or <rdf:RDF> in it")
        raise MtqaError(f"{source}: not a readable RSS or Atom feed ({reason})")
    docs, kept = [], set()
    last_kept = False  # whether the feed's last entry became the last document
    for entry in parsed.entries:
        last_kept = False
        title, _ = _field_text(entry.get("title", ""), entry.get("title_detail", {}).get("type"))
        body_html, media = "", None
        if entry.get("content"):
            body_html, media = entry.content[0].get("value", ""), entry.content[0].get("type")
        elif entry.get("summary"):
            body_html, media = entry.summary, entry.get("summary_detail", {}).get("type")
        body, origin = _field_text(body_html, media)
        text = f"{title}\n\n{body}" if title and body else (title or body)
        if not text.strip():
            continue  # no title and no text (a photo item, a placeholder): nothing to check, and nothing to name it by
        # an item with neither guid nor link is known by its content: a position would name a new item at the
        # top of the feed after one already seen
        guid = str(entry.get("id") or entry.get("link") or "item-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16])
        if (guid, text) in kept:
            continue  # the same item twice in one feed is one item
        kept.add((guid, text))
        docs.append(Document(text=text, path=source, id=guid,
                             meta={"title": title, "html_offsets": origin, "body_start": len(text) - len(body)}))
        last_kept = True
    cut = None
    if _cut_short(parsed) and not _ROOT_END.search(data):
        # broken XML where the feed's end tag is missing (a download cut short): the last item may lack its end (or
        # be cut before any of its text, and so be no document). A stray "&" mid-feed breaks the XML too, but the
        # items after it are whole.
        cut = f"{parsed.bozo_exception}"
        if last_kept:
            docs[-1].meta["cut_short"] = cut
    return parsed.feed.get("title", ""), docs, cut


_ROOT_END = re.compile(rb"</(?:[\w.-]+:)?(?:rss|feed|RDF)\s*>\s*(?:<!--.*?-->\s*)*\Z", re.S)


def _cut_short(parsed) -> bool:
    """Whether the feed's XML is not well-formed, so that its parse stopped where the XML broke."""
    from xml.sax import SAXParseException

    return bool(parsed.bozo) and isinstance(parsed.get("bozo_exception"), SAXParseException)


def load_state(path: str | None) -> dict[str, str | None]:
    """The ids already checked, each with a digest of the text it had then (None in a state written before
    digests were kept), validated: anything but {"seen": [text, ...], "content": {id: digest}} is an error naming
    the file."""
    if not path or not Path(path).exists():
        return {}
    advice = "delete it to start afresh"
    if Path(path).is_dir():
        raise MtqaError(f"{path}: a folder, not a feed state file; name a file (it is created on the first run)")
    from mtqa.safeio import read_regular_file

    try:
        raw = read_regular_file(path)
    except OSError as exc:
        raise MtqaError(f"cannot read feed state {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise MtqaError(f"{path}: not an mtqa feed state file (unreadable or not JSON); {advice}") from None
    except ValueError:  # a number of more digits than Python converts (4,300)
        raise MtqaError(f"{path}: not an mtqa feed state file (a number has more than "
                        f"{sys.get_int_max_str_digits():,} digits); {advice}") from None
    except RecursionError:
        raise MtqaError(f"{path}: not an mtqa feed state file (JSON nested too deeply); {advice}") from None
    if not isinstance(data, dict) or "seen" not in data:
        raise MtqaError(f"{path}: not an mtqa feed state file (expected {{\"seen\": [...]}}); {advice}")
    seen = data["seen"]
    if not isinstance(seen, list) or not all(isinstance(x, str) for x in seen):
        raise MtqaError(f"{path}: \"seen\" must be a list of item ids (text), found {type(seen).__name__}"
                        f"{' with other values' if isinstance(seen, list) else ''}; {advice}")
    content = data.get("content", {})
    if not isinstance(content, dict) or not all(isinstance(v, str) for v in content.values()):
        raise MtqaError(f"{path}: \"content\" must map item ids to text digests; {advice}")
    return {x: content.get(x) for x in seen}


def item_digests(docs: list[Document]) -> dict[str, str]:
    """What each id's text was when it was checked, so that a story updated under the same id is checked again.
    Items that share an id (no guid, one link for several) share one digest of all their texts: a digest of one
    of them would call the other updated on every run."""
    texts: dict[str, list[str]] = {}
    for d in docs:
        texts.setdefault(d.id, []).append(d.text)
    return {k: hashlib.sha256("\0".join(sorted(v)).encode("utf-8", "surrogatepass")).hexdigest()[:16]
            for k, v in texts.items()}


def already_seen(doc: Document, seen: dict[str, str | None], digests: dict[str, str]) -> bool:
    return doc.id in seen and seen[doc.id] in (None, digests[doc.id])


def save_state(path: str, seen: dict[str, str | None]) -> None:
    from mtqa.safeio import atomic_write_text

    content = {k: v for k, v in sorted(seen.items()) if v is not None}
    atomic_write_text(path, json.dumps({"seen": sorted(seen), **({"content": content} if content else {})}, indent=1) + "\n")
