"""RSS and Atom feeds (feedparser): every item becomes a Document (title + content, HTML stripped to text),
with a map from text offsets back to the item's HTML so findings can be located in the original markup."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from pathlib import Path

from mtqa.document import Document
from mtqa.errors import MtqaError

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article", "figure", "figcaption"}
_SKIP = {"script", "style", "noscript"}


class _TextExtractor(HTMLParser):
    """Collects text with, for every character, the offset of the HTML it came from."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.chars: list[str] = []
        self.origin: list[int] = []
        self.skip = 0
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
        elif tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self._break()

    def handle_data(self, data):
        if not self.skip:
            self._emit(data, self._pos())

    def handle_entityref(self, name):
        if not self.skip:
            self._emit(html.unescape(f"&{name};"), self._pos(), each_from_source=False)

    def handle_charref(self, name):
        if not self.skip:
            self._emit(html.unescape(f"&#{name};"), self._pos(), each_from_source=False)


def html_to_text(markup: str) -> tuple[str, list[int]]:
    """Plain text of an HTML fragment and, per character, its offset in the markup."""
    parser = _TextExtractor(markup)
    parser.feed(markup)
    parser.close()
    text = "".join(parser.chars)
    # trim surrounding whitespace, keeping the map aligned
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    return text[left:right], parser.origin[left:right]


def read_feed(source: str) -> tuple[str, list[Document]]:
    """Parse an RSS/Atom feed from a file path or URL; returns the feed title and one Document per item."""
    import feedparser

    if "://" not in source and not Path(source).is_file():
        raise MtqaError(f"{source}: no such feed file")
    parsed = feedparser.parse(source)
    if parsed.bozo and not parsed.entries:
        raise MtqaError(f"{source}: not a readable RSS or Atom feed ({parsed.get('bozo_exception')})")
    docs = []
    for n, entry in enumerate(parsed.entries, 1):
        guid = entry.get("id") or entry.get("link") or f"item-{n}"
        title, _ = html_to_text(entry.get("title", ""))
        body_html = ""
        if entry.get("content"):
            body_html = entry.content[0].get("value", "")
        elif entry.get("summary"):
            body_html = entry.summary
        body, origin = html_to_text(body_html)
        text = f"{title}\n\n{body}" if title and body else (title or body)
        docs.append(Document(text=text, path=source, id=guid,
                             meta={"title": title, "html_offsets": origin, "body_start": len(title) + 2 if title and body else 0}))
    return parsed.feed.get("title", ""), docs


def load_state(path: str | None) -> set[str]:
    if not path or not Path(path).is_file():
        return set()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return set(data["seen"])
    except (OSError, json.JSONDecodeError, KeyError, TypeError):
        raise MtqaError(f"{path}: not an mtqa feed state file; delete it to start afresh") from None


def save_state(path: str, seen: set[str]) -> None:
    try:
        Path(path).write_text(json.dumps({"seen": sorted(seen)}, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise MtqaError(f"cannot write state file {path}: {exc.strerror}") from None
