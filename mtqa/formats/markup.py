"""What is not prose in a Markdown or HTML file: code, link targets, tags and their attributes, scripts, styles and
preformatted text.

mtqa reads such files as text, so that offsets, line numbers and fixes stay those of the file itself; the spans
found here are left alone: a finding inside one is dropped, so neither `check` reports nor `fix` rewrites a code
sample ("print(\"10 000\")"), a URL ("/1,5%20a"), a class name or a stylesheet ("50 %"); a finding over prose and
markup together (a sentence left in French with a link in it) is kept without its fix (see engine._outside_markup).
"""

from __future__ import annotations

import re
from bisect import bisect_right

# the file name endings read with their markup set aside
MARKUP = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".xhtml": "html"}

_URL = r"(?:https?|ftp)://[^\s<>()\[\]]+|www\.[^\s<>()\[\]]+"
# a comment left open hides the rest of the page, as it does in a browser
_TAG = r"<!--.*?(?:-->|\Z)|<![^<>]*>|<\?[^<>]*\?>|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>"
_HTML = re.compile(
    rf"<(script|style|pre|code|kbd|samp|textarea)\b[^<>]*>.*?(?:</\1\s*>|\Z)|{_TAG}|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);|{_URL}",
    re.S | re.I,
)
_MARKDOWN = re.compile(
    r"""^[ ]{0,3}(?P<fence>(?>`{3,}|~{3,}))[^\n]*\n(?:.*?\n)??[ ]{0,3}(?P=fence)[`~]*[ \t]*(?:\n|\Z)  # fenced code
      |^[ ]{0,3}(?>`{3,}|~{3,})[^\n]*(?:\n.*)?\Z          # a fence never closed: code to the end
      |(?<!`)(?P<ticks>`{1,16})(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)  # a code span, within its paragraph
      |(?<=\])\((?P<target>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\)  # a link's target
      |^[ ]{0,3}\[[^\]\n]+\]:[ \t]*(?:<[^>\n]*>|\S+)(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$  # a reference definition
      |<(?:https?|ftp|mailto):[^\s<>]+>                   # an autolink
    """,
    re.M | re.S | re.X,
)
# an indented code block: lines of four spaces or a tab after a blank line (not a list item's continuation)
_INDENTED = re.compile(r"(?:\A|\n[ \t]*\n)((?:(?: {4}|\t)[^\n]*(?:\n|\Z)|[ \t]*\n(?= {4}|\t))+)")
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]", re.M)


def markup_kind(path: str | None) -> str | None:
    """"markdown" or "html" for a file name with such an ending; None for any other."""
    if not path:
        return None
    lower = path.lower()
    return next((kind for ending, kind in MARKUP.items() if lower.endswith(ending)), None)


class Markup:
    """The markup of a text as merged, sorted spans: what a finding lies inside of, or only touches."""

    def __init__(self, spans):
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __iter__(self):
        return zip(self._starts, self._ends)

    def holds(self, start: int, end: int) -> bool:
        """[start, end) lies wholly inside the markup (an empty span: its position does)."""
        k = bisect_right(self._starts, start) - 1
        return k >= 0 and self._ends[k] >= max(end, start + 1)

    def touches(self, start: int, end: int) -> bool:
        """[start, end) shares a character with the markup."""
        k = bisect_right(self._starts, max(start, end - 1)) - 1
        return k >= 0 and self._ends[k] > start


def markup_spans(text: str, kind: str) -> Markup:
    """The spans of `text` that are markup or code, not prose."""
    spans = [m.span() for m in _HTML.finditer(text)]
    if kind == "markdown":
        spans += [m.span() for m in _MARKDOWN.finditer(text)]
        spans += [m.span(1) for m in _INDENTED.finditer(text) if not _in_list(text, m.start(1))]
    return Markup(spans)


def _in_list(text: str, start: int) -> bool:
    """Whether the indented lines at `start` continue a list item (the paragraph before them opens one)."""
    before = text[max(0, start - 4000):start].rstrip("\n")  # a paragraph's head is near: no scan from the start
    paragraph = before[before.rfind("\n\n") + 2:] if "\n\n" in before else before
    return bool(_LIST_ITEM.search(paragraph))
