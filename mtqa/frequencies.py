"""Word frequencies on the Zipf scale, read straight from wordfreq's own word lists: the same numbers as
`wordfreq.zipf_frequency(word, lang)`, without importing wordfreq (its import and its dictionaries cost about
half a second at every start). Only words of Latin letters are looked up here, case-folded as wordfreq does;
anything else (digits, apostrophes, hyphens, other scripts) goes to wordfreq itself, whose tokenizer decides
those.
"""

from __future__ import annotations

import gzip
import math
import re
import unicodedata
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path

# a word wordfreq's tokenizer keeps whole and unchanged in English and French: lowercase Latin letters
_PLAIN = re.compile(r"[a-zà-öø-ÿœ]+")


@lru_cache(maxsize=None)
def _buckets(lang: str) -> list[list[str]] | None:
    """wordfreq's "best" list for `lang` as it is stored: bucket i holds the words of frequency 10^(-i/100),
    most frequent first (None: let wordfreq answer)."""
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(spec.submodule_search_locations[0]) / "data"
    path = next((p for p in (folder / f"large_{lang}.msgpack.gz", folder / f"small_{lang}.msgpack.gz") if p.is_file()), None)
    if path is None:
        return None
    import msgpack

    pack = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)
    header, buckets = pack[0], pack[1:]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        return None  # a format this module does not know: wordfreq reads it
    return buckets


@lru_cache(maxsize=None)
def _table(lang: str) -> dict[str, int] | None:
    """word -> its centibel bucket in wordfreq's "best" list for `lang` (None: let wordfreq answer)."""
    buckets = _buckets(lang)
    if buckets is None:
        return None
    words = chain.from_iterable(buckets)
    return dict(zip(words, chain.from_iterable(repeat(i, len(b)) for i, b in enumerate(buckets))))


@lru_cache(maxsize=None)
def _zipf_of_bucket(index: int) -> float:
    """wordfreq's arithmetic for a one-token word in bucket `index` (frequency 10^(-index/100)), rounded as
    it rounds: three significant digits, then two decimals of Zipf."""
    freq = 1.0 / (0.0 + 1.0 / 10 ** (-index / 100))
    unrounded = max(freq, _MINIMUM)
    freq = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)


_MINIMUM = 10 ** 0.0 / 1e9  # wordfreq's floor for zipf_frequency's default minimum of 0
_ABSENT = round(math.log(_MINIMUM, 10) + 9, 2)


def _plain_key(word: str) -> str | None:
    """How wordfreq looks up a word of Latin letters only, capitals and accents included ("Kvartunović"): one
    token, NFC-normalised and case-folded. None for anything its tokenizer must decide."""
    if _PLAIN.fullmatch(word):
        return word
    if word.isalpha() and max(map(ord, word)) < 0x250:  # Latin letters: Basic to Latin Extended-B
        return unicodedata.normalize("NFC", word).casefold()
    return None


def zipf_frequency(word: str, lang: str) -> float:
    """`wordfreq.zipf_frequency(word, lang)`."""
    key = _plain_key(word)
    table = _table(lang) if key is not None else None
    if table is None:
        import wordfreq

        return wordfreq.zipf_frequency(word, lang)
    index = table.get(key)
    return _ABSENT if index is None else _zipf_of_bucket(index)


COMMON = 4.5  # Zipf 4.5: about 30 uses per million words


@lru_cache(maxsize=None)
def _common_by_deletion() -> dict[str, tuple[str, ...]] | None:
    """Every common English word (Zipf >= COMMON), and each of its one-letter deletions, -> the common words it
    comes from: two words one edit apart (substitution, insertion, deletion, adjacent transposition) share a key."""
    buckets = _buckets("en")
    if buckets is None:
        return None
    index: dict[str, set[str]] = {}
    for n, bucket in enumerate(buckets):
        if _zipf_of_bucket(n) < COMMON:
            break  # the buckets go from the most frequent words down
        for word in bucket:
            for key in {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}:
                index.setdefault(key, set()).add(word)
    return {key: tuple(words) for key, words in index.items()}


@lru_cache(maxsize=None)
def _common_by_letters() -> dict[str, tuple[str, ...]] | None:
    """Every English word of Zipf 3 or more, by its letters sorted: the words one letter moved apart share a key."""
    buckets = _buckets("en")
    if buckets is None:
        return None
    index: dict[str, list[str]] = {}
    for n, bucket in enumerate(buckets):
        if _zipf_of_bucket(n) < 3.0:
            break
        for word in bucket:
            if word.isalpha():
                index.setdefault("".join(sorted(word)), []).append(word)
    return {key: tuple(words) for key, words in index.items()}


def moved_letter_word(word: str) -> str | None:
    """The English word (Zipf 3 or more, the most used if several) that `word` misspells by moving one letter
    further than next door ("tounge" for "tongue", "wierd"-like slips that a one-edit search misses), keeping
    its first letter; None when there is none, or when wordfreq's list cannot be read."""
    from rapidfuzz.distance import Indel

    index = _common_by_letters()
    lower = word.lower()
    if index is None or len(lower) < 4:
        return None
    for candidate in index.get("".join(sorted(lower)), ()):  # most used first
        if candidate != lower and candidate[0] == lower[0] and Indel.distance(candidate, lower) == 2:
            return candidate  # one letter taken out and put back elsewhere
    return None


def common_word_within_one_edit(word: str) -> bool | None:
    """Is a common English word (Zipf >= COMMON) at most one edit from `word` (case aside), the word itself
    included? None when wordfreq's list cannot be read."""
    from rapidfuzz.distance import DamerauLevenshtein

    index = _common_by_deletion()
    if index is None:
        return None
    lower = word.lower()
    keys = {lower, *(lower[:i] + lower[i + 1:] for i in range(len(lower)))}
    return any(DamerauLevenshtein.distance(lower, common) <= 1
               for key in keys for common in index.get(key, ()))
