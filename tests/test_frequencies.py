"""mtqa.frequencies gives wordfreq's own Zipf frequencies, without importing wordfreq for plain words."""

from __future__ import annotations

import random
import re

import pytest

from mtqa import frequencies
from tests.conftest import CLEAN

wordfreq = pytest.importorskip("wordfreq")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_same_numbers_as_wordfreq(lang):
    listed = random.Random(7).sample(sorted(frequencies._table(lang)), 3000)
    words = {w for p in CLEAN.glob("*.txt") for w in re.findall(r"[^\W\d_][\w'’-]*", p.read_text(encoding="utf-8"))}
    corpus = words | {w.lower() for w in words}
    odd = ["straße", "ß", "cœur", "naïve", "été", "aujourd'hui", "a-t-il", "Paris", "covid-19", "zzqxv", "", "l'état",
           "Kvartunović", "ÉTÉ", "Œuvre", "İstanbul", "Dž", "e\u0301te\u0301", "Ǆemal", "ǅ", "Ærø", "Łódź",
           "syria's", "Syria's", "we're", "don't", "it'll", "o'neill", "qu'il", "l's", "market’s", "high-end", "vis-à-vis",
           "e-mail", "x-ray", "franco-allemand", "Franco-German", "zzqxv-end", "anti-", "-end", "a--b", "man--one", "--one", "man---one", "a--b--c",
           "l--homme", "zzqxv--end", "-", "--", "rock'n'roll", "it’s", "l’homme", "qu’il", "aujourd’hui", "dockers’",
           "’tis", "market’s’", "l’état-major", "c’est-à-dire", "it’’s", "a’b’c", "x’-y", "l’", "’", "O’Neill’s",
           "L'Homme", "d'heure", "qu'un", "s'y", "dockers'", "'tis", "ba'ath", "jusqu'au", "Giménez's", "ÉTÉ's", "c'est-à-dire"]
    for word in listed + sorted(corpus) + odd:
        assert frequencies.zipf_frequency(word, lang) == wordfreq.zipf_frequency(word, lang), word


def test_plain_words_never_import_wordfreq():
    from tests.conftest import fresh_python

    code = ("import sys\nfrom mtqa.frequencies import zipf_frequency\n"
            "print(zipf_frequency('government', 'en') > 4.5, zipf_frequency('maison', 'fr') > 4,"
            " zipf_frequency('Kvartunović', 'en') < 1, zipf_frequency('Élysée', 'fr') > 2,"
            " zipf_frequency(\"Syria's\", 'en') > 2, zipf_frequency('high-end', 'en') > 4,"
            " zipf_frequency(\"l'agriculture\", 'fr') > 3, zipf_frequency('man--one', 'en') > 4,"
            " zipf_frequency('Syria’s', 'en') > 2, zipf_frequency('l’homme', 'fr') < 1,"
            " 'wordfreq' in sys.modules)")
    assert fresh_python(code).split() == ["True"] * 10 + ["False"]


@pytest.mark.parametrize("word, near", [
    ("Goverment", True), ("Teh", True), ("wiht", True), ("Tuesday", True), ("Presdent", True),  # one edit or none
    ("Kvartunović", False), ("Zelensky", False), ("Shoigu", False), ("Bidne", False),
])
def test_common_word_within_one_edit(word, near):
    assert frequencies.common_word_within_one_edit(word) is near
