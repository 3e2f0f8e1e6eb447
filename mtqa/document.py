"""The text under check and its segmentation into lines, paragraphs and sentences, with exact offsets."""

from __future__ import annotations

import codecs
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NEXT_CONTENT = re.compile(r"\S")
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_NON_WORD = re.compile(r"[\W_]+")


def paragraph_key(text: str) -> str:
    """A paragraph's words, case, spacing and punctuation ignored: what makes two paragraphs one repeated."""
    return _NON_WORD.sub(" ", text.lower()).strip()


@dataclass(frozen=True)
class Segment:
    """A half-open span [start, end) of the target text."""

    start: int
    end: int
    text: str


@dataclass
class Document:
    """Target text exactly as read, optional source and reference, and where it came from."""

    text: str
    source: str | None = None
    reference: str | None = None
    path: str | None = None
    id: str | None = None
    meta: dict = field(default_factory=dict)
    lang: str = "en"

    @cached_property
    def paragraphs(self) -> list[Segment]:
        """Blocks separated by blank lines, stripped of surrounding whitespace."""
        out: list[Segment] = []
        pos = 0
        for m in _PARAGRAPH_BREAK.finditer(self.text):
            out.extend(_stripped(self.text, pos, m.start()))
            pos = m.end()
        out.extend(_stripped(self.text, pos, len(self.text)))
        return out

    @cached_property
    def repeated_paragraphs(self) -> list[Segment]:
        """Paragraphs of three words or more that repeat an earlier one exactly, up to case, spacing and punctuation
        (DUP001's exact repeats): no translation of anything in a source."""
        seen, out = set(), []
        for p in self.paragraphs:
            key = paragraph_key(p.text)
            if len(key.split()) < 3:
                continue
            if key in seen:
                out.append(p)
            seen.add(key)
        return out

    @cached_property
    def lines(self) -> list[Segment]:
        """Every line without its line terminator (CRLF aware)."""
        out = []
        pos = 0
        for line in self.text.splitlines(keepends=True):
            body = line.rstrip("\r\n")
            out.append(Segment(pos, pos + len(body), body))
            pos += len(line)
        return out

    @cached_property
    def sentences(self) -> list[Segment]:
        """Sentences of every paragraph, found by a real sentence splitter (blingfire)."""
        return [s for p in self.paragraphs for s in self.sentences_of(p)]

    def sentences_of(self, paragraph: Segment) -> list[Segment]:
        """Sentences of one paragraph, split once and cached: most rules need only a few paragraphs split."""
        cache = self.__dict__.setdefault("_sentences_by_paragraph", {})
        if paragraph.start not in cache:
            cache[paragraph.start] = split_sentences(paragraph, self.lang)
        return cache[paragraph.start]

    def sentence_at(self, offset: int) -> Segment | None:
        paragraph = self.paragraph_at(offset)
        if paragraph is None:
            return None
        return _segment_at(self.sentences_of(paragraph), offset)

    @cached_property
    def word_count(self) -> int:
        return len(_WORD.findall(self.text))

    def memo(self, key: str, factory):
        """A value derived from this document by a rule family (quotes, lexicon matches, alignment), computed
        once and shared by the rules that need it; dropped by release_caches."""
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            memo[key] = factory()
        return memo[key]

    def take(self, key: str, default=None):
        """Remove and return what `memo` holds under `key` (work started for this document ahead of its check)."""
        return self.__dict__.get("_memo", {}).pop(key, default)

    def release_caches(self) -> None:
        """Drop segmentation and per-rule caches once a document is checked: a batch keeps thousands of
        results, and only their text is needed afterwards."""
        keep = {"text", "source", "reference", "path", "id", "meta"}
        for key in [k for k in self.__dict__ if k not in keep]:
            del self.__dict__[key]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an offset, by binary search over the line breaks. A leading
        byte order mark is in the offsets but, as in editors, not a column."""
        breaks = self.memo("line breaks", lambda: [m.start() for m in re.finditer("\n", self.text)])
        line = bisect_right(breaks, offset - 1)  # line breaks before `offset`
        col = offset - (breaks[line - 1] + 1 if line else 0) + 1
        if not line and offset and self.text.startswith("\ufeff"):
            col -= 1
        return line + 1, col

    def removal_end(self, end: int) -> int:
        """Where a deletion ending at `end` should stop so that the following text keeps its place:
        the start of the next non-blank text, or the end of the document."""
        m = _NEXT_CONTENT.search(self.text, end)
        return m.start() if m else len(self.text)

    def line_at(self, offset: int) -> Segment | None:
        """The line holding `offset` (its end included: an offset at a line's end belongs to that line)."""
        lines = self.lines
        n = bisect_right(lines, offset, key=lambda s: s.start) - 1
        return lines[n] if n >= 0 and offset <= lines[n].end else None

    def paragraph_at(self, offset: int) -> Segment | None:
        """The paragraph holding `offset`, by binary search (rules ask this once per quotation or finding)."""
        return _segment_at(self.paragraphs, offset)


def _segment_at(segments: list[Segment], offset: int) -> Segment | None:
    """The segment of a sorted, non-overlapping list that holds `offset`, or None."""
    n = bisect_right(segments, offset, key=lambda s: s.start) - 1
    if n >= 0 and segments[n].start <= offset < segments[n].end:
        return segments[n]
    return None


def _stripped(text: str, start: int, end: int) -> list[Segment]:
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    if right <= left:
        return []
    return [Segment(start + left, start + right, chunk[left:right])]


# French sentence ends blingfire's English model takes for abbreviations ("pendant sept ans. Les données"):
# a lowercase word of three letters or more, a full stop, a capital.
_FRENCH_END = re.compile(r"(?<=[a-zà-ÿ]{3}[.!?])\s+(?=[«\"“]?\s?[A-ZÀ-Ý])")


# A line that opens a list item ("• item", "- item", "* item", "1. item", "2) item"): a list item is a unit of its
# own, as a sentence is, even without a full stop before it (blingfire reads a list as one sentence, and a dropped
# item was then no dropped sentence).
_LIST_ITEM = re.compile(r"(?:^|\n)[ \t]*(?P<mark>[•·▪◦‣●○■□➢►*\-–—]|\d{1,2}[.)])[ \t]+\S")


def _list_items(paragraph: Segment) -> list[Segment]:
    """The paragraph cut before each line that opens a list item (one piece when it has none). A list has two items
    or more with the same kind of mark: one line of hard-wrapped prose that starts with a dash ("- which began in
    May -") or a number ("12. ") is no list, and is not cut."""
    items = [(m.start(), re.sub(r"\d+", "1", m.group("mark"))) for m in _LIST_ITEM.finditer(paragraph.text)]
    marks = [mark for _, mark in items]
    cuts = [start for start, mark in items if start > 0 and marks.count(mark) >= 2]
    if not cuts:
        return [paragraph]
    pieces, pos = [], 0
    for cut in cuts + [len(paragraph.text)]:
        pieces.extend(_stripped(paragraph.text, pos, cut))
        pos = cut
    return [Segment(paragraph.start + p.start, paragraph.start + p.end, p.text) for p in pieces]


def split_sentences(paragraph: Segment, lang: str = "en") -> list[Segment]:
    """Split one paragraph into sentences with offsets into the document; each list item starts a sentence."""
    out = [s for piece in _list_items(paragraph) for s in _blingfire_sentences(piece)]
    if lang != "fr":
        return out
    split = []
    for s in out:
        pos = 0
        for m in _FRENCH_END.finditer(s.text):
            split.append(Segment(s.start + pos, s.start + m.start(), s.text[pos:m.start()]))
            pos = m.end()
        split.append(Segment(s.start + pos, s.end, s.text[pos:]) if pos else s)
    return split


def _blingfire_sentences(paragraph: Segment) -> list[Segment]:
    import blingfire  # small and fast, but kept off the import path of the package

    text = paragraph.text
    if not text.strip():
        return []
    _, offsets = blingfire.text_to_sentences_and_offsets(text)
    out = []
    for a, b in offsets:
        # blingfire reports code point offsets; guard anyway so spans always match the text
        a, b = max(0, a), min(len(text), b)
        if b > a:
            out.append(Segment(paragraph.start + a, paragraph.start + b, text[a:b]))
    return out or [paragraph]


# ---- offsets as JavaScript and LanguageTool's API count them ------------------------------------------------

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_len(s: str) -> int:
    return len(s) + len(_ASTRAL.findall(s))


def unicode_problem(value: str) -> str | None:
    """Why `value` is not Unicode text (a lone surrogate, such as a surrogateescape'd byte or a JSON "\\udc80"
    escape, which no backend can encode), or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"a lone surrogate (\\u{ord(value[exc.start]):04x}) at character {exc.start}, not valid Unicode text"
    return None


_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"), (codecs.BOM_UTF16_LE, "UTF-16"),
              (codecs.BOM_UTF16_BE, "UTF-16"))
_DOCUMENT_FILES = ((b"PK\x03\x04", "a ZIP archive (a Word .docx, an OpenDocument .odt, ...)"), (b"%PDF-", "a PDF"),
                   (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (a Word .doc, ...)"))
_BINARY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


def _before_bad_byte(exc: UnicodeDecodeError) -> tuple[int, str]:
    """The line of the first byte that is not UTF-8, and the text of that line before it."""
    head = exc.object[:exc.start]
    line = head.count(b"\n") + 1
    before = head[head.rfind(b"\n") + 1:]
    if line == 1 and before.startswith(codecs.BOM_UTF8):
        before = before[len(codecs.BOM_UTF8):]  # an editor shows no character for the byte-order mark
    return line, before.decode("utf-8", "replace")


def utf16_column(before: str) -> int:
    """The 1-based column, in UTF-16 code units (SARIF's), of what follows `before` on its line."""
    return len(before.encode("utf-16-le", "surrogatepass")) // 2 + 1


def bad_byte_at(exc: UnicodeDecodeError) -> tuple[int, int]:
    """The line and column (as an editor counts them) of the first byte that is not UTF-8."""
    line, before = _before_bad_byte(exc)
    return line, len(before) + 1


def bad_byte_where(exc: UnicodeDecodeError) -> tuple[int, int, int]:
    """bad_byte_at's line and column, and the column in UTF-16 code units (an emoji before it counts two)."""
    line, before = _before_bad_byte(exc)
    return line, len(before) + 1, utf16_column(before)


def wide_text(data: bytes) -> str | None:
    """Why bytes that open with a UTF-16 or UTF-32 byte-order mark, or that are UTF-16 without one (see
    utf16_without_bom), are not UTF-8, or None when they are neither."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return f"not valid UTF-8: {name} text (it starts with a {name} byte-order mark); re-save it as UTF-8"
    order = utf16_without_bom(data)
    if order:
        return (f"not valid UTF-8: UTF-16 ({order}) text without a byte-order mark (every other byte is NUL); "
                "re-save it as UTF-8")
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """"little-endian" or "big-endian" when the first KB reads as UTF-16 text without a byte-order mark: most of
    its odd (or even) bytes are NUL, the high byte of a Latin character, and next to none of the others; else
    None. Such bytes are valid UTF-8 (NUL is), and were checked as text with a NUL between every letter."""
    head = data[:1024]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0:pairs * 2:2].count(0), head[1:pairs * 2:2].count(0)
    if odd > pairs / 2 and even <= pairs / 10:
        return "little-endian"
    if even > pairs / 2 and odd <= pairs / 10:
        return "big-endian"
    return None


def refuse_utf16_without_bom(data: bytes) -> None:
    """UnicodeDecodeError, at the first NUL, for bytes that are UTF-16 without a byte-order mark (not_utf8 then
    says so): read as UTF-8, they would pass as text with a NUL between every letter."""
    if utf16_without_bom(data):
        at = data.index(0)
        raise UnicodeDecodeError("utf-8", data, at, at + 1, "UTF-16 text without a byte-order mark")


def not_utf8(exc: UnicodeDecodeError) -> str:
    """Why the bytes `exc` failed on are not UTF-8, where (line and column, as an editor counts them), and what
    they most likely are: UTF-16 or UTF-32 (Windows "Unicode" text starts with a byte-order mark), or Latin-1 /
    Windows-1252 (a French accent as one byte)."""
    data = exc.object
    line, column = bad_byte_at(exc)
    where = f"{exc.reason}, byte 0x{data[exc.start]:02X} on line {line}, column {column}"
    for magic, what in _DOCUMENT_FILES:
        if data.startswith(magic):  # "re-save it as UTF-8" means nothing for these: their text must be exported
            return f"not valid UTF-8: it is {what}, not plain text; export its text as a UTF-8 .txt file"
    wide = wide_text(data)
    if wide:
        return wide
    guess = ""
    as_latin = data.decode("cp1252", "replace")
    if 0xA0 <= data[exc.start] <= 0xFF and not _BINARY.search(as_latin):
        start = data.rfind(b"\n", 0, exc.start) + 1
        around = data[max(start, exc.start - 40):exc.start + 20].split(b"\n")[0].decode("cp1252", "replace")
        guess = f"; it looks like Latin-1 or Windows-1252 text (\"{around.strip()}\")"
    return f"not valid UTF-8 ({where}){guess}; re-save it as UTF-8"


class Utf16Offsets:
    """Python string offsets -> UTF-16 code units (a browser's and LanguageTool's offsets: a character beyond the
    BMP, an emoji or a flag, is two units there), in O(log n) per offset."""

    def __init__(self, text: str):
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def __call__(self, index: int) -> int:
        return index + bisect_left(self._astral, index)
