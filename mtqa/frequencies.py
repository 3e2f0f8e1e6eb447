"""Word frequencies on the Zipf scale, read straight from wordfreq's own word lists: the same numbers as
`wordfreq.zipf_frequency(word, lang)`, without importing wordfreq (its import and its dictionaries cost about
half a second at every start). Words of Latin letters, with apostrophes (straight or curly) and hyphens, are
looked up here, cut into tokens and case-folded as wordfreq does (checked against it on every word of the LIG
corpus); anything else (digits, other scripts, mixed apostrophes) goes to wordfreq itself, whose tokenizer
decides those.
"""

from __future__ import annotations

import gzip
import math
import re
import unicodedata
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import Iterator

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
    return _rounded_zipf(1.0 / (0.0 + 1.0 / 10 ** (-index / 100)))


def _rounded_zipf(freq: float) -> float:
    """wordfreq's rounding of a frequency (three significant digits) and its Zipf value (two decimals)."""
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


# words whose tokens wordfreq's tokenizer gives the same way in English and French (checked against it on every such
# word of the LIG corpus, and in tests/test_frequencies.py): a word with one straight apostrophe is one token
# ("syria's", "aujourd'hui"), unless one or two letters and an apostrophe open it before a vowel or an h, the French
# elision ("l'homme", "qu'il": "l" and "homme"), and a trailing apostrophe is dropped ("dockers'"); a hyphenated word
# ("high-end", "vis-à-vis") is its pieces, their frequencies combined as wordfreq combines them
_LETTERS = "a-zà-öø-ÿœ"
_APOSTROPHE = re.compile(rf"([{_LETTERS}]+)'([{_LETTERS}]*)")
# hyphens between or around the pieces, one or several: wordfreq splits on each run and drops those at the ends
# ("man--one" is "man" and "one", "anti-" is "anti")
_HYPHENATED = re.compile(rf"-*[{_LETTERS}]+(?:-+[{_LETTERS}]+)*-*")
_ELIDED_BEFORE = set("aehiouyáéíóúàèìòùâêîôûåïöœ")


# a piece of a word with a curly apostrophe: wordfreq keeps one inside it ("market’s", "l’homme": no elision split)
# and looks the piece up with a straight one; it drops those around it ("dockers’", "’tis")
_CURLY_PIECE = re.compile(rf"’*([{_LETTERS}]+(?:’[{_LETTERS}]+)?)’*")


def _tokens(word: str) -> list[str] | None:
    """wordfreq's tokens of `word`, where they are sure without its tokenizer (else None)."""
    key = _plain_key(word)
    if key is not None:
        return [key]
    if not word.isascii() and not all(c.isalpha() or c in "'’-" for c in word):
        return None
    lower = unicodedata.normalize("NFC", word).casefold()
    if "’" in lower:
        if "'" in lower:
            return None
        pieces = [_CURLY_PIECE.fullmatch(piece) for piece in lower.split("-") if piece]
        if not pieces or None in pieces:
            return None
        return [piece.group(1).replace("’", "'") for piece in pieces]
    apostrophe = _APOSTROPHE.fullmatch(lower)
    if apostrophe:
        head, tail = apostrophe.groups()
        if not tail:
            return [head]
        if len(head) <= 2 and tail[0] in _ELIDED_BEFORE:
            return [head, tail]
        return [lower]
    if "-" in lower and _HYPHENATED.fullmatch(lower):
        return [piece for piece in lower.split("-") if piece]
    return None


def zipf_frequency(word: str, lang: str) -> float:
    """`wordfreq.zipf_frequency(word, lang)`."""
    tokens = _tokens(word)
    table = _table(lang) if tokens is not None else None
    if table is None:
        import wordfreq

        return wordfreq.zipf_frequency(word, lang)
    if len(tokens) == 1:
        index = table.get(tokens[0])
        return _ABSENT if index is None else _zipf_of_bucket(index)
    indexes = [table.get(t) for t in tokens]
    if None in indexes:
        return _ABSENT  # one piece unknown: wordfreq gives the minimum
    one_over = 0.0
    for index in indexes:  # 1/f = 1/f1 + 1/f2 + ..., in wordfreq's order of operations
        one_over += 1.0 / 10 ** (-index / 100)
    return _rounded_zipf(1.0 / one_over)


COMMON = 4.5  # Zipf 4.5: about 30 uses per million words


def _english_words_down_to(zipf: float) -> Iterator[str] | None:
    """English words of Zipf `zipf` or more, most used first (None when wordfreq's list cannot be read)."""
    buckets = _buckets("en")
    if buckets is None:
        return None

    def words() -> Iterator[str]:
        for n, bucket in enumerate(buckets):
            if _zipf_of_bucket(n) < zipf:
                return  # the buckets go from the most frequent words down
            yield from bucket

    return words()


@lru_cache(maxsize=None)
def _common_by_deletion() -> dict[str, tuple[str, ...]] | None:
    """Every common English word (Zipf >= COMMON), and each of its one-letter deletions, -> the common words it
    comes from: two words one edit apart (substitution, insertion, deletion, adjacent transposition) share a key."""
    words = _english_words_down_to(COMMON)
    if words is None:
        return None
    index: dict[str, set[str]] = {}
    for word in words:
        for key in {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}:
            index.setdefault(key, set()).add(word)
    return {key: tuple(words) for key, words in index.items()}


@lru_cache(maxsize=None)
def _common_by_letters() -> dict[str, tuple[str, ...]] | None:
    """Every English word of Zipf 3 or more, by its letters sorted: the words one letter moved apart share a key."""
    words = _english_words_down_to(3.0)
    if words is None:
        return None
    index: dict[str, list[str]] = {}
    for word in words:
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
