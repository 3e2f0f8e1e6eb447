"""Questions about a fixed set of character spans, answered by bisection.

Rules keep asking "is this offset inside a quotation?", "is this finding inside a repeated paragraph?",
"does this match overlap a lexicon hit?". A scan of every span per question is quadratic on a long
document; `Spans` sorts the spans once and keeps the running maximum of their ends, so each question
costs O(log n) and any overlap between the spans themselves is fine.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Iterable


class Spans:
    """Half-open spans (start, end), in any order, overlapping or not."""

    __slots__ = ("_starts", "_reach")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        # _reach[k]: the furthest end among the first k + 1 spans (by start)
        self._reach = list(accumulate((b for _, b in ordered), max))

    def __len__(self) -> int:
        return len(self._starts)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def _reaches(self, k: int, past: int) -> bool:
        """Some span among the first k (by start) ends beyond `past`."""
        return k > 0 and self._reach[k - 1] > past

    def covers(self, offset: int) -> bool:
        """Some span holds the character at `offset`: start <= offset < end."""
        return self._reaches(bisect_right(self._starts, offset), offset)

    def contains(self, start: int, end: int) -> bool:
        """Some span holds all of [start, end): span start <= start and end <= span end."""
        return self._reaches(bisect_right(self._starts, start), end - 1)

    def overlaps(self, start: int, end: int) -> bool:
        """Some span meets [start, end): span start < end and start < span end."""
        return self._reaches(bisect_left(self._starts, end), start)
