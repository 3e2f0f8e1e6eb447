"""Bounded work per document: what the grammar backend and spaCy may see, and the findings for what they may not.

Harper's spelling suggestions cost memory quadratic in a word's length (a 100,000-character "word" asks for
30 GB and aborts the process), and spaCy refuses texts over a million characters. So before any text reaches
them, every run of non-space characters longer than `max-token-chars` and every paragraph longer than
`max-paragraph-chars` is replaced by spaces of the same length: offsets stay exact, the rest of the document is
still checked, and each blanked span becomes a finding (E003, E004) so nothing is skipped silently.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from mtqa.issues import Issue, Severity

WORKERS_PER_CPU = 4  # --jobs N and --cluster local:N: more worker processes than this per core only eat memory
MAX_WORKERS = 256


def max_workers() -> int:
    """The most worker processes `--jobs` or `--cluster local:N` may start on this machine."""
    return min(MAX_WORKERS, WORKERS_PER_CPU * (os.cpu_count() or 1))


def too_many_workers(option: str, count: int, shown: str | None = None) -> str | None:
    """Why `count` worker processes are refused (a usage error), or None when they are not; `shown`: the count
    as it was given."""
    most = max_workers()
    if count <= most:
        return None
    return (f"{option}: at most {most:,} worker processes on this machine ({WORKERS_PER_CPU} per CPU core, "
            f"{MAX_WORKERS} in all), not {shown or f'{count:,}'}")


LONG_TOKEN = "E003"
LONG_PARAGRAPH = "E004"
NOT_FULLY_CHECKED = "E005"

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_URL = re.compile(r"(?:https?://|www\.)\S+$", re.I)


@lru_cache(maxsize=8)
def _long_run(limit: int) -> re.Pattern:
    # the lookbehind makes each attempt start at a token's first character, so the scan stays linear
    return re.compile(rf"(?<!\S)\S{{{limit + 1},}}")


def long_tokens(text: str, limit: int) -> list[tuple[int, int]]:
    """Spans of every run of non-space characters longer than `limit` (0 or less: no limit)."""
    if limit <= 0 or len(text) <= limit:
        return []
    return [m.span() for m in _long_run(limit).finditer(text)]


def long_paragraphs(doc, limit: int) -> list[tuple[int, int]]:
    if limit <= 0 or len(doc.text) <= limit:
        return []
    return [(p.start, p.end) for p in doc.paragraphs if p.end - p.start > limit]


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with every span replaced by spaces of the same length (newlines kept, so lines stay lines)."""
    if not spans:
        return text
    parts, pos = [], 0
    for start, end in sorted(spans):
        if end <= pos:
            continue
        start = max(start, pos)
        parts.append(text[pos:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _spans(doc, config) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    return doc.memo("over-limit spans", lambda: (long_tokens(doc.text, config.max_token_chars),
                                                  long_paragraphs(doc, config.max_paragraph_chars)))


def model_text(doc, config) -> str:
    """The document's text as the grammar backend sees it: over-long tokens and paragraphs blanked."""
    def build():
        tokens, paragraphs = _spans(doc, config)
        return blank(doc.text, tokens + paragraphs)

    return doc.memo("model text", build)


def bounded_text(text: str, config) -> str:
    """Any text about to be parsed by spaCy: over-long tokens and over-long paragraphs blanked."""
    spans = long_tokens(text, config.max_token_chars)
    limit = config.max_paragraph_chars
    if limit > 0 and len(text) > limit:
        pos = 0
        for m in [*_PARAGRAPH_BREAK.finditer(text), None]:
            end = m.start() if m else len(text)
            if end - pos > limit:
                spans.append((pos, end))
            pos = m.end() if m else pos
    return blank(text, spans)


def limit_findings(doc, config) -> list[Issue]:
    """One finding per blanked span: the reader learns what the grammar layer did not check, and why."""
    tokens, paragraphs = _spans(doc, config)
    out = []
    for start, end in tokens:
        if _URL.match(doc.text, start, end):
            continue  # a long web address is blanked too, but it is not a defect of the copy
        out.append(Issue(
            rule=LONG_TOKEN, category="Other", severity=Severity.MAJOR, start=start, end=end,
            text=doc.text[start:end], origin="engine",
            message=(f"{end - start:,} characters without a space: too long to be a word (max-token-chars is "
                     f"{config.max_token_chars:,}); the grammar layer skipped it. Remove it or break it up."),
        ))
    for start, end in paragraphs:
        out.append(Issue(
            rule=LONG_PARAGRAPH, category="Other", severity=Severity.MINOR, start=start, end=start,
            text="", origin="engine",
            message=(f"This paragraph is {end - start:,} characters long, over max-paragraph-chars "
                     f"({config.max_paragraph_chars:,}): it was not grammar-checked. Separate its paragraphs "
                     f"with blank lines."),
        ))
    return out


def budget_finding(doc, seconds: float, ran: list[str], skipped: list[str]) -> Issue:
    return Issue(
        rule=NOT_FULLY_CHECKED, category="Other", severity=Severity.MAJOR, start=0, end=0, text="", origin="engine",
        message=(f"Not fully checked: the time budget of {seconds:g} s (max-check-seconds) ran out after "
                 f"{len(ran)} check(s); skipped: {', '.join(skipped)}."),
    )
