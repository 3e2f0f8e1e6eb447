"""Word frequencies on the Zipf scale, read straight from wordfreq's own word lists: the same numbers as
`wordfreq.zipf_frequency(word, lang)`, without importing wordfreq (its import and its dictionaries cost about
half a second at every start). Only plain lowercase words are looked up here; anything else (digits,
apostrophes, hyphens, capitals, other scripts) goes to wordfreq itself, whose tokenizer decides those.
"""

from __future__ import annotations

import gzip
import math
import re
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path

# a word wordfreq's tokenizer keeps whole and unchanged in English and French: lowercase Latin letters
_PLAIN = re.compile(r"[a-zà-öø-ÿœ]+")


@lru_cache(maxsize=None)
def _table(lang: str) -> dict[str, int] | None:
    """word -> its centibel bucket in wordfreq's "best" list for `lang` (None: let wordfreq answer)."""
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


def zipf_frequency(word: str, lang: str) -> float:
    """`wordfreq.zipf_frequency(word, lang)`."""
    table = _table(lang) if _PLAIN.fullmatch(word) else None
    if table is None:
        import wordfreq

        return wordfreq.zipf_frequency(word, lang)
    index = table.get(word)
    return _ABSENT if index is None else _zipf_of_bucket(index)
