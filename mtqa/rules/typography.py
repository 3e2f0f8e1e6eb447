"""French typography and locale residue (TYP): spaces before punctuation, French number, time, currency and
ordinal formats, each with the English form as the suggestion."""

from __future__ import annotations

import re

from mtqa.quantities import COUNTED_NOUNS
from mtqa.rules.base import rule

_SPACES = "[ \u00a0\u202f]"
_SPACE_BEFORE_PUNCT = re.compile(rf"(?<=[\w\"”»)]){_SPACES}+(?=[;:!?](?:\s|$|[\"”]))")
# a full stop (not an ellipsis, a decimal or a ".com") or a comma, followed by a space, a closing mark or the end
_SPACE_BEFORE_STOP = re.compile(
    rf"(?<=[\w\"”’»)\]%]){_SPACES}+(?=(?:\.(?![.\w])(?!{_SPACES}\.)|,)(?=\s|$|[\"”’)\]]))")  # not ". . ." (spaced ellipsis)
_SPACE_BEFORE_PERCENT = re.compile(rf"(?<=\d){_SPACES}+(?=%)")
_DECIMAL_COMMA = re.compile(rf"\b(?P<int>\d{{1,3}}),(?P<frac>\d{{1,2}}){_SPACES}*(?P<unit>million|billion|trillion|bn|percent|per\s+cent|%)", re.I)
_SPACE_THOUSANDS = re.compile(rf"(?<![\d,.])(?P<num>\d{{1,3}}(?:{_SPACES}\d{{3}})+)(?![\d,])")
_FRENCH_TIME = re.compile(rf"\b(?P<h>[01]?\d|2[0-3]){_SPACES}?h(?:{_SPACES}?(?P<m>[0-5]\d))?\b(?!\w)")
# a symbol right before a digit opens the next amount, written the English way ("10 $25 notes"): not this one's;
# a country's letters may follow the sign ("20 $US"), any other letters glue it to the next word (_GLUED_SIGN)
_SIGN_COUNTRY = "US|CA|AU|NZ|HK|C|A"
_FRENCH_CURRENCY = re.compile(rf"\b(?P<num>\d+(?:[.,]\d+)?){_SPACES}?(?P<mult>M|Md|Mds|G|k)?{_SPACES}?(?P<cur>[$€£](?P<country>{_SIGN_COUNTRY})?(?![^\W_])|euros?\b)(?P<mult2>{_SPACES}?(?:M|Md|Mds)\b)?")
_FRENCH_ORDINAL = re.compile(r"\b(?P<n>\d{1,2})(?P<suf>er|ère|re|e|ème|eme)\b(?=\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|round|century|arrondissement|anniversary|time|place|day|week|edition|division|floor))")


def space_english_deletes(text: str, start: int, end: int) -> bool:
    """[start, end) is exactly a run of spaces before ; : ! ? or a percent sign that TYP001 or TYP007 deletes."""
    return any((m := p.match(text, start)) is not None and m.end() == end
               for p in (_SPACE_BEFORE_PUNCT, _SPACE_BEFORE_PERCENT))


def _english_ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


@rule(
    code="TYP001",
    name="space-before-punctuation",
    family="typography",
    category="Locale convention",
    severity="minor",
    summary="A space before ; : ! or ? (French typography).",
    why="French sets a thin space before these marks; in English copy the space is an error and can strand the mark at the start of a line.",
    use_instead="No space before the mark.",
    fix_safety="Safe: the fix deletes the space.",
    bad=[("The question remains[[ ]]: who pays?", ""), ("Is it over[[ ]]?", "")],
    good=["The question remains: who pays?", "Times: 10:30 and 11:45.", "He said \"No!\" twice."],
)
def space_before_punctuation(doc, ctx):
    for m in _SPACE_BEFORE_PUNCT.finditer(doc.text):
        yield space_before_punctuation.issue(doc, m.start(), m.end(), "Space before punctuation (French typography).", [""])


@rule(
    code="TYP002",
    name="decimal-comma",
    family="typography",
    category="Locale convention",
    severity="major",
    summary="A French decimal comma in an amount: \"1,5 million\", \"2,3%\".",
    why="In English \"1,5 million\" is unreadable or misread; English uses a decimal point.",
    use_instead="A decimal point: \"1.5 million\".",
    fix_safety="Safe when the unit follows: only a comma followed by one or two digits and million/billion/percent is flagged.",
    bad=[("The deal is worth [[1,5 million]] euros.", "1.5 million"), ("Inflation hit [[2,3%]] in May.", "2.3%")],
    good=["The deal is worth 1.5 million euros.", "It cost 1,500 euros.", "Votes: 12,345 million viewers"],
)
def decimal_comma(doc, ctx):
    for m in _DECIMAL_COMMA.finditer(doc.text):
        # English sets no space before "%" (TYP007, which this finding's wider span hides)
        sep = "" if m.group("unit") == "%" else doc.text[m.end("frac"):m.start("unit")]
        fixed = f"{m.group('int')}.{m.group('frac')}{sep}{m.group('unit')}"
        yield decimal_comma.issue(doc, m.start(), m.end(), "French decimal comma: English uses a point.", [fixed])


@rule(
    code="TYP003",
    name="space-thousands-separator",
    family="typography",
    category="Locale convention",
    severity="minor",
    summary="Thousands separated by spaces, the French way: \"10 000\", \"1 200 000\".",
    why="English copy groups thousands with commas; \"10 000\" may be read as two numbers.",
    use_instead="Commas: \"10,000\".",
    fix_safety="Safe: only groups of exactly three digits after a space are joined.",
    bad=[("Some [[10 000]] people marched.", "10,000"), ("The city has [[1 200 000]] residents.", "1,200,000")],
    good=["Some 10,000 people marched.", "In 2022 100 people died.", "On May 15 2022 he left."],
)
def space_thousands(doc, ctx):
    for m in _SPACE_THOUSANDS.finditer(doc.text):
        groups = re.split(_SPACES, m.group("num"))
        yield space_thousands.issue(doc, m.start(), m.end(), "Space as thousands separator: English uses commas.", [",".join(groups)])


@rule(
    code="TYP004",
    name="french-time",
    family="typography",
    category="Locale convention",
    severity="major",
    summary="A 24-hour French time: \"14 h 30\", \"14h30\", \"8 h\".",
    why="English news gives times as \"2:30 p.m.\"; \"14 h 30\" is unedited French.",
    use_instead="The 12-hour clock with a.m./p.m. (AP style), e.g. \"2:30 p.m.\".",
    fix_safety="Safe: the suggestion converts the time exactly; check the time zone is given.",
    bad=[("The vote closes at [[14 h 30]] local time.", "2:30 p.m."), ("Doors open at [[8h.]]", "8 a.m."),
         ("The vote closes at [[14h30]], officials said.", "2:30 p.m.")],
    good=["The vote closes at 2:30 p.m. local time.", "The car reached 130 km/h on the road.", "He served 24 h of community service"],
)
def french_time(doc, ctx):
    text = doc.text
    for m in _FRENCH_TIME.finditer(text):
        if m.group("m") is None and not re.search(r"\b(?:at|from|until|to|before|after|by|around|since)\s+$", text[max(0, m.start() - 8):m.start()]):
            continue  # "24 h" alone is usually a duration
        h = int(m.group("h"))
        minutes = m.group("m")
        hh = h % 12 or 12
        suffix = "a.m." if h < 12 else "p.m."
        fixed = f"{hh}:{minutes} {suffix}" if minutes and minutes != "00" else f"{hh} {suffix}"
        if h == 12 and not (minutes and minutes != "00"):
            fixed = "noon"
        end = m.end()
        if fixed.endswith(".") and doc.text[end:end + 1] == ".":
            end += 1  # "at 14h30." -> "at 2:30 p.m.": the abbreviation's point ends the sentence too
        yield french_time.issue(doc, m.start(), end, "French 24-hour time format.", [fixed])


_MULT = {"M": "million", "Md": "billion", "Mds": "billion", "G": "billion", "k": "thousand"}
_SYMBOL = {"$": "$", "€": "€", "£": "£"}
# the sign after the amount and glued to the next word ("99.80 $le baril" half translated): flagged without a fix
_GLUED_SIGN = re.compile(rf"\b(?P<num>\d+(?:[.,]\d+)?)[ \u00a0]?(?P<cur>[$€£])(?=[^\W\d_])(?!(?:{_SIGN_COUNTRY})(?![^\W_]))")


@rule(
    code="TYP005",
    name="french-currency-format",
    family="typography",
    category="Locale convention",
    severity="major",
    summary="An amount in French notation: \"25 M$\", \"3 Md€\", \"40 €\", \"1,2 M€\".",
    why="English puts the currency symbol first and spells out the multiplier: \"$25 million\". \"M$\" can be misread as Malaysian dollars.",
    use_instead="Symbol first, multiplier in words: \"$25 million\", \"€3 billion\", \"€40\".",
    fix_safety="Safe: the suggestion keeps the amount; decimal commas are converted.",
    bad=[("A grant of [[25 M$]] was approved.", "$25 million"), ("Tickets cost [[40 €]].", "€40"), ("A [[3 Md€]] plan.", "€3 billion"),
         ("Oil fell below [[20 $US]] a barrel.", "US$20"), ("Oil reached [[99.80 $]]le barrel.", None)],
    good=["A grant of $25 million was approved.", "Tickets cost €40.", "He paid 40 euros."],
)
def french_currency(doc, ctx):
    for m in _FRENCH_CURRENCY.finditer(doc.text):
        cur = m.group("cur")
        mult = m.group("mult") or (m.group("mult2") or "").strip() or None
        if cur.lower().startswith("euro"):
            if not mult:
                continue  # "40 euros" is English
            symbol = "€"
        else:
            symbol = _SYMBOL[cur[0]]
            if m.group("country"):  # "20 $US": the country's letters go before the sign, as English writes them
                symbol = m.group("country") + symbol
        amount = m.group("num").replace(",", ".")
        fixed = f"{symbol}{amount}" + (f" {_MULT[mult]}" if mult else "")
        yield french_currency.issue(doc, m.start(), m.end(), "French currency notation.", [fixed])
    for m in _GLUED_SIGN.finditer(doc.text):
        amount = m.group("num").replace(",", ".")
        yield french_currency.issue(doc, m.start(), m.end(), f"French currency notation, the sign glued to the word after "
                                    f"it: write {m.group('cur')}{amount} and a space before that word.")


@rule(
    code="TYP006",
    name="french-ordinal",
    family="typography",
    category="Locale convention",
    severity="minor",
    summary="A French ordinal abbreviation: \"1er mai\", \"2e round\", \"20ème century\".",
    why="\"1er\", \"2e\" and \"3ème\" are French abbreviations; English uses 1st, 2nd, 3rd (and dates like May 1).",
    use_instead="The English ordinal: \"1st\", \"2nd\", \"20th\".",
    fix_safety="Safe: the suggestion only changes the suffix.",
    bad=[("The [[2e]] round is on Sunday.", "2nd"), ("It dates from the [[20ème]] century.", "20th")],
    good=["The 2nd round is on Sunday.", "Vitamin 2e is sold in May."],
)
def french_ordinal(doc, ctx):
    for m in _FRENCH_ORDINAL.finditer(doc.text):
        yield french_ordinal.issue(doc, m.start(), m.end(), "French ordinal abbreviation.", [_english_ordinal(int(m.group("n")))])


@rule(
    code="TYP007",
    name="space-before-percent",
    family="typography",
    category="Locale convention",
    severity="minor",
    summary="A space between a number and the percent sign: \"5 %\".",
    why="French sets a space before %; English does not.",
    use_instead="\"5%\" (or \"5 percent\" in AP style).",
    fix_safety="Safe: the fix deletes the space.",
    bad=[("Prices rose by 5[[ ]]% in May.", "")],
    good=["Prices rose by 5% in May."],
)
def space_before_percent(doc, ctx):
    for m in _SPACE_BEFORE_PERCENT.finditer(doc.text):
        yield space_before_percent.issue(doc, m.start(), m.end(), "Space before the percent sign.", [""])


_FRENCH_MONTHS = {
    "janvier": "January", "février": "February", "fevrier": "February", "mars": "March", "avril": "April",
    "mai": "May", "juin": "June", "juillet": "July", "août": "August", "aout": "August", "septembre": "September",
    "octobre": "October", "novembre": "November", "décembre": "December", "decembre": "December",
}
_FRENCH_DATE = re.compile(
    rf"\b(?P<d>[0-3]?\d)(?:er|re)?{_SPACES}+(?P<m>{'|'.join(_FRENCH_MONTHS)})(?:{_SPACES}+(?P<y>\d{{4}}))?\b")


@rule(
    code="TYP008",
    name="french-date",
    family="typography",
    category="Locale convention",
    severity="major",
    summary="A date left in French: \"18 février\", \"1er mai 2024\".",
    why="A French month name is untranslated text in the middle of a date, and English puts the month first.",
    use_instead="The English date, month first: \"February 18\", \"May 1, 2024\".",
    fix_safety="Safe: the suggestion keeps day, month and year.",
    bad=[("The call was the first since [[18 février]].", "February 18"), ("Talks resume on [[1er mai 2024]].", "May 1, 2024")],
    good=["The call was the first since February 18.", "He was born on 18 March 1990.", "The rover reached Mars in 2021."],
)
def french_date(doc, ctx):
    for m in _FRENCH_DATE.finditer(doc.text):
        fixed = f"{_FRENCH_MONTHS[m.group('m')]} {int(m.group('d'))}" + (f", {m.group('y')}" if m.group("y") else "")
        yield french_date.issue(doc, m.start(), m.end(), "Date in French format, month untranslated.", [fixed])


# A hyphenated compound printed with a space on each side of the hyphen ("Wal - Mart", "the United - States"):
# MT systems of French do this to French compounds and to English ones alike. A spaced hyphen is also how
# some copy writes a dash ("the plan - a surprise - failed"), so only pairs that cannot be a dash are flagged:
# an English prefix before it, a French compound (country names, "-même", "-ci", "-là", "week-end"), a French
# double given name or saint's name, or a French question's verb-pronoun inversion ("can - they ...?").
_PREFIX_WORDS = ("anti|post|pre|pro|non|ex|semi|sub|mid|quasi|half|self|under|over|co|neo|multi|inter|intra|vice|"
                 "counter|cross|extra|ultra|pan|socio|franco|sino|russo|anglo|politico|meta|grand|north|south|east|west")
# words that open a clause after a dash: after them a spaced hyphen is a dash, whatever precedes it
_CLAUSE_WORDS = frozenset("the a an it its they he she we i you this that these those and but or which who whom "
                          "what when where while as if his her their our my there here not no".split())
_FRENCH_PAIRS = {
    ("united", "states"): "United States", ("states", "united"): "United States", ("united", "kingdom"): "United Kingdom",
    ("kingdom", "uni"): "United Kingdom", ("middle", "east"): "Middle East", ("week", "end"): "weekend",
    ("after", "noon"): "afternoon", ("after", "war"): "post-war", ("between", "time"): "meanwhile",
    ("between", "wars"): "interwar", ("new", "york"): "New York", ("new", "orleans"): "New Orleans",
    ("new", "zealand"): "New Zealand", ("grande", "bretagne"): "Britain", ("hong", "kong"): "Hong Kong",
    ("sri", "lanka"): "Sri Lanka", ("costa", "rica"): "Costa Rica", ("puerto", "rico"): "Puerto Rico",
    ("el", "salvador"): "El Salvador", ("saudi", "arabia"): "Saudi Arabia", ("south", "africa"): "South Africa",
    ("north", "korea"): "North Korea", ("south", "korea"): "South Korea", ("latin", "america"): "Latin America",
    ("north", "america"): "North America", ("south", "america"): "South America", ("prime", "minister"): "prime minister",
    ("great", "britain"): "Britain", ("states", "states"): "United States", ("kingdom", "kingdom"): "United Kingdom",
    ("netherlands", "netherlands"): "Netherlands", ("door", "word"): "spokesperson",
    ("back", "plane"): "background", ("back", "plan"): "background", ("insurance", "life"): "life insurance",
    ("there", "down"): "down there", ("video", "clip"): "video clip",
    ("south", "african"): "South African", ("north", "african"): "North African", ("south", "korean"): "South Korean",
    ("north", "korean"): "North Korean", ("latin", "american"): "Latin American",
}
# "peut-être" split: the adverb "maybe", or the verb "may be" / "can be" that the sentence may need ("the plan
# may - be good"); both are offered, for a person to choose
_PERHAPS = {("may", "be"): ("maybe", "may be"), ("can", "be"): ("maybe", "can be")}
# the country names whose English form drops the article that French gives them ("la Grande-Bretagne": Britain)
_NO_ARTICLE = frozenset({"Britain"})
# words that cannot close a compound after a prefix: "self - to", "south - of" are broken MT, not "self-made"
_NOT_AFTER_PREFIX = frozenset("to of in on at by for with from into onto than as".split())
# the small words of French place names ("Val - de - Marne", "Saint - Germain - en - Laye")
_FRENCH_NAME_WORDS = frozenset("de du des sur en lès les la le saint sainte".split())
_SELF_WORDS = ("him|her|it|them|itself|themselves|himself|herself|those|these|this|that|one|ones|time|day|moment|"
               "year|point|moi|lui|elle|eux|celle|celui|ceux|celles|nous|vous")
_FRENCH_GIVEN = ("Jean|Marie|Pierre|Jacques|François|Francois|Louis|Anne|Paul|Claude|Michel|Charles|Saint|Sainte|St|"
                 "Ste|Jean-Marie|Jean-Pierre|Marc|Luc|Philippe|Henri|Georges|Nicolas|Dominique|Christian|Noël|"
                 "Rose|Hélène|Helene|Louise|Françoise|Marie-France|Laure|Joseph|Antoine|Guy|Yves|Alain|René|Rene")
_INVERSION_VERBS = "is|are|was|were|can|could|must|should|will|would|does|do|did|has|have|had|may|might|shall"
# a first word is read only where " - " follows it within 60 characters (each apostrophe of a long "a'a'a'..."
# opens a new word: reading every one to the run's end was quadratic)
_SPACED_HYPHEN = re.compile(r"(?<![\w-])(?=[\w']{1,60} - )(?P<a>[^\W\d_][\w']*)(?P<rest>(?: - [\w']+)+)(?![\w-])")
# a range of years split the same way ("1994 - 1995", "1947 - 48"); not one of a run of numbers or a score
_YEAR_RANGE = re.compile(r"(?<![\w.,:/-])(?<!\d - )(?<!\d )(?P<a>(?:1[6-9]|20)\d\d) - (?P<b>(?:1[6-9]|20)\d\d|\d\d)(?![\w:/%-]|[.,]\d| - \d)")


def year_ranges(text: str):
    """Each spaced-hyphen range of years whose second year comes after the first, within 20 years; a second year
    of two digits only after "the" or a bracket ("the 1947 - 48 war", not "In 2010 - 15 people were held")."""
    for m in _YEAR_RANGE.finditer(text):
        a, b = int(m.group("a")), m.group("b")
        later = int(b) if len(b) == 4 else a // 100 * 100 + int(b)
        if len(b) == 2 and not re.search(r"(?:\bthe[ \u00a0]|\()$", text[max(0, m.start() - 4):m.start()], re.I):
            continue
        if 0 < later - a <= 20:
            yield m


def spaced_hyphen_runs(text: str):
    """(match, (kind, fix) or None) for every run of words joined by spaced hyphens in `text`: why the run is a
    broken compound and its fix, or None when it may be a dash."""
    for m in _SPACED_HYPHEN.finditer(text):
        yield m, _spaced_hyphen_kind([m.group("a"), *m.group("rest").split(" - ")[1:]], text, m.end())


def _spaced_hyphen_kind(words: list[str], text: str, end: int) -> tuple[str, str | tuple[str, ...] | None] | None:
    """Why this run of words joined by spaced hyphens is a broken compound, and its fix (a tuple: readings for a
    person to choose from); None when it may be a dash."""
    a, b = words[0], words[1]
    la, lb = a.lower(), b.lower()
    joined = "-".join(words)
    if (la, lb) in _FRENCH_PAIRS and len(words) == 2:
        return "French compound", keep_case_first(_FRENCH_PAIRS[(la, lb)], a)
    if (la, lb) in _PERHAPS and len(words) == 2:
        return "French compound", tuple(keep_case_first(f, a) for f in _PERHAPS[(la, lb)])
    if len(words) >= 3 and la in ("vis", "is", "that") and [w.lower() for w in words[-2:]] in (["à", "vis"], ["a", "vis"], ["to", "say"]):
        return "French compound", ("vis-à-vis" if la == "vis" else None)
    if (re.fullmatch(_PREFIX_WORDS, la) and lb not in _CLAUSE_WORDS) or (la, lb) == ("so", "called"):
        return "hyphenated word", None if lb in _NOT_AFTER_PREFIX else joined
    if re.fullmatch(_SELF_WORDS, la) and lb in ("even", "same", "ci", "there", "là", "la", "here"):
        return "French \"-même\", \"-ci\" or \"-là\"", None
    if re.fullmatch(_FRENCH_GIVEN, a) and b[:1].isupper():
        return "French compound name", joined
    if len(words) >= 3 and a[:1].isupper() and any(w.lower() in _FRENCH_NAME_WORDS for w in words[1:-1]):
        return "French compound name", joined
    if (len(words) == 2 and (a.islower() or re.fullmatch(_INVERSION_VERBS, la)) and la not in _CLAUSE_WORDS
            and lb in ("it", "they", "he", "she", "we", "you", "one", "there", "i")):
        # "peut-il", "pense-t-il": a French question's inversion; only in a sentence that ends with "?"
        stop = re.search(r"[.!?]", text[end:end + 200])
        if stop and stop.group() == "?":
            return "French question inversion", None
    return None


def keep_case_first(fix: str, matched: str) -> str:
    return fix[:1].upper() + fix[1:] if matched[:1].isupper() else fix


@rule(
    code="TYP009",
    name="spaced-hyphen-compound",
    family="typography",
    category="Fluency/Punctuation",
    severity="minor",
    summary="A hyphenated word printed with spaces around its hyphen (\"ex - KGB\", \"pro - European\"), a French compound split the same way (\"the United - States\", \"him - even\" for lui-même, \"week - end\"), or a range of years (\"1994 - 1995\").",
    why="MT of French breaks compounds at the hyphen and spaces the pieces: the reader sees a dash in the middle of a word, and a French compound (Etats-Unis, lui-même, celui-ci) that English writes as one word, two words or not at all. A spaced hyphen that may be a dash (\"the plan - a surprise - failed\") is not flagged: only a known prefix, a French compound, a French double given name or a verb-pronoun question inversion.",
    use_instead="The closed compound (\"ex-KGB\", \"pro-European\"), or the English form of the French compound (\"the United States\", \"himself\", \"weekend\"); a closed range of years (\"1994-1995\").",
    fix_safety="Review: the suggestion joins the pieces or gives the English compound (\"the Great - Britain\" becomes \"Britain\", article and all); \"may - be\" and \"can - be\" get \"maybe\" and the verb for a person to choose; \"-même\", \"-ci\", \"-là\", inverted questions and a prefix before a small word (\"self - to\") need rewording and get no fix.",
    bad=[
        ("The [[ex - KGB]] officer was named on Monday.", "ex-KGB"),
        ("The deal angered the [[United - States]].", "United States"),
        ("He backed a [[pro - European]] line.", "pro-European"),
        ("The minister [[him - even]] said so.", None),
        ("The talks resume after the [[week - end]].", "weekend"),
        ("[[Jean - Marie]] Dupont spoke first.", "Jean-Marie"),
        ("Why [[can - they]] not agree?", None),
        ("Prices fell during the [[1997 - 1998]] crisis.", "1997-1998"),
        ("The [[1947 - 48]] war displaced them.", "1947-48"),
        ("Growth was weak in [[1997 - 1998]].", "1997-1998"),
    ],
    good=[
        "Shares of Wal-Mart fell on Monday.",
        "The motion passed 2001 - 1994, with 12 abstentions.",
        "Call 020 1994 - 1995 for tickets.",
        "The index moved from 1994 - 1995.5 points.",
        "In 2010 - 15 people were arrested.",
        "The plan - a surprise to many - failed on Monday.",
        "PARIS (Reuters) - The talks resumed on Monday.",
        "The score was 3 - 1 at half time.",
        "He won - it was close - and left.",
        "France - Germany, the final, is on Sunday.",
    ],
)
def spaced_hyphen_compound(doc, ctx):
    for m, found in spaced_hyphen_runs(doc.text):
        if found is None:
            continue
        kind, fix = found
        start = m.start()
        if fix in _NO_ARTICLE:  # "the Great - Britain" -> "Britain"
            article = re.search(r"\b[Tt]he[ \u00a0]$", doc.text[max(0, start - 4):start])
            start -= len(article.group()) if article else 0
        yield spaced_hyphen_compound.issue(doc, start, m.end(), f"Spaces around the hyphen of a {kind}.",
                                           fix if isinstance(fix, tuple) else [fix] if fix else [],
                                           review=isinstance(fix, tuple))
    for m in year_ranges(doc.text):
        yield spaced_hyphen_compound.issue(doc, m.start(), m.end(), "Spaces around the hyphen of a range of years.",
                                           [f"{m.group('a')}-{m.group('b')}"])


# Zero-width spaces and word joiners: invisible in the CMS, but they split words for search, spell-checking and
# hyphenation. Web MT output carries them over from the page (Google's output of this era put two before a word
# it moved). Zero-width joiners and non-joiners are left alone: emoji sequences and some scripts need them.
# Control characters (C0 but tab and line ends, DEL, C1 but NEL) are never text: a NUL or an escape code in copy comes
# from a broken conversion or paste, and some systems cut the story at a NUL.
# Direction controls (embeddings, overrides, isolates and the two marks) have no use in English copy: pasted from a
# right-to-left page they reorder what a reader sees ("Trojan source") while the text stays as it was. A vertical tab
# (a word processor's manual line break) and a form feed (a page break) are line breaks no news system shows as one.
_ZERO_WIDTH = "\u200b\u2060\ufeff"
_DIRECTION = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
_LINE_BREAKS = "\x0b\x0c"
_SOFT_HYPHEN = "\u00ad"  # shows only where a line breaks inside the word: in copy it is a leftover of the page
_INVISIBLE = re.compile(f"[{_ZERO_WIDTH}{_DIRECTION}{_SOFT_HYPHEN}\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]+")
# what splits a word in two for a spell checker while the reader sees one word ("govern\u00adment")
INSIDE_WORD = re.compile(f"(?<=\\w)[{_ZERO_WIDTH}{_SOFT_HYPHEN}]+(?=\\w)")
_IS_DIRECTION = re.compile(f"[{_DIRECTION}]")
# A zero-width space and the information separators (U+001C-U+001F, which Unicode and Python count as white space)
# mark a boundary between words: alone between two words, they are the only thing that keeps the words apart, and
# deleting them would glue "plan" and "was" into "planwas". The other characters (a NUL, an escape code, a word
# joiner) join or sit inside a word and are deleted.
_WORD_BOUNDARY = re.compile("[\u200b\x1c-\x1f]")
_ENDS_WORD = re.compile(r"[\w,;:.!?)\]”’]")
_STARTS_WORD = re.compile(r"[\w(\[“‘\"]")


def _keeps_words_apart(text: str, start: int, end: int) -> bool:
    """The invisible run [start, end) holds a word boundary and stands alone between two words: not between
    two pieces of one word ("govern\u200bment", "goverm\u200bent"; "not\u200bable" and "road\u200bnear" are two words)."""
    if not (_WORD_BOUNDARY.search(text, start, end) is not None and start > 0 and end < len(text)
            and _ENDS_WORD.match(text[start - 1]) is not None and _STARTS_WORD.match(text[end]) is not None):
        return False
    return not _cuts_a_word(text, start, end)


def _cuts_a_word(text: str, start: int, end: int) -> bool:
    """Whether [start, end) stands between the pieces of one word that the run cut: letters on both sides, of
    which one is no common word on its own ("presi", "goverm") or is rarer than the two joined ("ment" of
    "government"); not two words ("not" and "able", "is" and "land")."""
    from mtqa.frequencies import zipf_frequency

    left = re.search(r"[^\W\d_]+$", text[max(0, start - 40):start])
    right = re.match(r"[^\W\d_]+", text[end:end + 40])
    if not (left and right):
        return False
    rarer = min(zipf_frequency(left.group().lower(), "en"), zipf_frequency(right.group().lower(), "en"))
    return rarer < 3.0 or zipf_frequency((left.group() + right.group()).lower(), "en") > rarer


@rule(
    code="TYP010",
    name="invisible-character",
    family="typography",
    category="Fluency/Punctuation",
    severity="minor",
    summary="A zero-width space, word joiner, soft hyphen, byte-order mark, text-direction control or control character (a NUL, an escape code, a vertical tab) inside the copy: invisible, but it splits words for search and spell-checking.",
    why="Copied from a web page or an MT service, these characters cannot be seen in the editor, yet they break searches for the word, hyphenation and the spell checker, and can show as boxes on some devices.",
    use_instead="Delete the character; where a zero-width space or a separator control character is all that stands between two words, a space.",
    fix_safety="Safe: the fix deletes the invisible characters and nothing else, except that a run holding a zero-width space or an information separator (U+001C-U+001F) with a word on each side and no space becomes one space, so the words are not glued together (unless they are the pieces of one word, \"govern\u200bment\"), and a vertical tab or form feed becomes a line break.",
    bad=[
        ("Most officials still despise the values [[\u200b\u200b]]of human rights.", ""),
        ("The plan[[\u2060]] was approved.", ""),
        ("The minister[[\x00]] resigned on Friday.", ""),
        ("Talks resume[[\x1b\x1b]] on Monday.", ""),
        ("The budget vote[[\x1e]]was delayed again.", " "),
        ("Farmers blocked the ring road[[\u200b]]near Lyon.", " "),
        ("The govern[[\u200b]]ment said so.", ""),
        ("He was not[[\u200b]]able to come.", " "),
        ("It is[[\u200b]]land policy.", " "),
        ("The goverm[[\u200b]]ent said so.", ""),
        ("The presi[[\u00ad]]dent agreed.", ""),
        ("The mayor said,[[\x1f]]\"We will rebuild.\"", " "),
        ("The word[[\x00]]less draft was read out.", ""),
        ("The decree[[\u202e]] takes effect in May.", ""),
        ("Paris[[\u200f]] and Lyon voted.", ""),
        ("The vote was delayed.[[\x0b]]Talks resume on Monday.", "\n"),
        ("Page one ends here.[[\x0c]]Page two starts here.", "\n"),
    ],
    good=[
        "Most officials still despise the values of human rights.",
        "\ufeffThe plan was approved on Monday.",
        "The team celebrated with a \U0001F468\u200d\U0001F469\u200d\U0001F467 emoji.",
    ],
)
def invisible_character(doc, ctx):
    for m in _INVISIBLE.finditer(doc.text):
        if m.start() == 0 and m.group() == "\ufeff":
            continue  # a byte-order mark that opens the file
        run = m.group()
        if any(c in _LINE_BREAKS for c in run):
            what, fix = "line or page break (vertical tab, form feed)", "\n"
        else:
            what = ("character (zero-width space or joiner)" if run[0] in _ZERO_WIDTH
                    else "soft hyphen" if run[0] == _SOFT_HYPHEN
                    else "text-direction control" if _IS_DIRECTION.match(run) else "control character")
            fix = " " if _keeps_words_apart(doc.text, m.start(), m.end()) else ""
        yield invisible_character.issue(doc, m.start(), m.end(), f"Invisible {what} in the copy.", [fix])


@rule(
    code="TYP011",
    name="space-before-full-stop",
    family="typography",
    category="Fluency/Punctuation",
    severity="minor",
    summary="A space before a full stop or a comma (\"on the website .\", \"the Court Hasim Kilic , after\"): left by the tokeniser of a translation system or by a scraper.",
    why="Neither English nor French typography has it; a reader sees a stray mark, and a line can start with the full stop or the comma.",
    use_instead="No space before the full stop or the comma.",
    fix_safety="Safe: the fix deletes the space. An ellipsis (\" ...\" or \". . .\"), a decimal (\" .5\") and a domain (\" .com\") are not flagged.",
    bad=[("Talks resumed on the National Review Online website[[ ]].", ""),
         ("The president of the court[[ ]], after four days, ruled.", ""),
         ("He met M[[ ]]. Obama in Berlin.", "")],
    good=["Talks resumed on the website.", "The rate fell by .5 percent.", "Sales on the .com site rose.",
          "He paused ... and then went on.", "He paused . . . and then went on.", "He said \"no\", then left."],
)
def space_before_full_stop(doc, ctx):
    for m in _SPACE_BEFORE_STOP.finditer(doc.text):
        mark = "full stop" if doc.text[m.end()] == "." else "comma"
        yield space_before_full_stop.issue(doc, m.start(), m.end(), f"Space before a {mark}.", [""])


# a currency sign on its own (not the end of "US$", "HK$" or "R$", nor the sign of the amount before it, French style:
# "2 $ 30 minutes later"), a space, then the amount
_SPACE_AFTER_CURRENCY = re.compile(r"(?<![\w$£€¥])(?<!\d[ \u00a0\u202f])[$£€¥](?P<gap>[ \u00a0\u202f]+)(?=\d)")


@rule(
    code="TYP012",
    name="space-after-currency-sign",
    family="typography",
    category="Fluency/Punctuation",
    severity="minor",
    summary="A space between a currency sign and the amount: \"$ 700 billion\", \"£ 40 million\".",
    why="MT systems detokenise \"700 milliards $\" into \"$ 700\"; English sets the sign against the figure, and a line can break between them.",
    use_instead="\"$700 billion\", \"£40 million\".",
    fix_safety="Safe: the fix deletes the space. A sign that ends a currency code (\"US$ 5\", \"HK$ 20\") and a sign with no figure after it (\"prices in $ and €\") are not flagged.",
    bad=[("The bank set aside £[[ ]]40 million for the scheme.", ""), ("Aid reached $[[ ]]700 billion.", "")],
    good=["The fund grew to $40 million.", "Prices in $ and € are listed.", "The bond paid US$ 5 a share.",
          "The barrel gained 2 $ 30 minutes after the opening."],
)
def space_after_currency_sign(doc, ctx):
    for m in _SPACE_AFTER_CURRENCY.finditer(doc.text):
        yield space_after_currency_sign.issue(doc, m.start("gap"), m.end("gap"), "Space after the currency sign.", [""])


# what a number of four digits or more counts or measures: what BIL001 takes a figure to count (quantities), and
# more money, people, things, distances and weights
_COUNTED = (rf"(?:{COUNTED_NOUNS}|(?:US |Hong Kong |Singapore |Canadian |Australian )?dollars?|euro|pound|francs?|yuan|"
            r"RMB|renminbi|yen|won|rupees?|roubles?|rubles?|dinars?|dirhams?|pesos?|rand|"
            r"persons|men|women|pupils|staff|police(?:men|\s+officers)?|buildings|aircraft|planes|trucks|lorries|"
            r"delegates|villages|pages|kilometre|kilometer|feet|tons?|kg|kilos|kilograms?|hectare|acres|calories|"
            r"megawatts|MW|"
            r"square\s+(?:kilometres?|kilometers?|metres?|meters?|feet|miles))")
# a bare number of four digits or more: not part of a bigger number (nor the second group of a telephone number), a
# decimal, a code, a range or a time
_BARE_THOUSANDS = re.compile(
    rf"(?<![\w.,:/#+\-–])(?<!\d )(?P<sign>(?:US|HK|C|A|S)?[$€£¥]\s?)?(?P<num>[1-9]\d{{3,}})(?![\w.,:/\-–]\w|\w|[-–]\d)"
    rf"(?P<after>\s+{_COUNTED}\b)?")
# a year before a count noun ("in 2023 people voted", "2004 workers lost their jobs"): a number from 1000 to
# 2100 after one of these words, or opening a sentence, is taken for a year
_YEAR_BEFORE = re.compile(r"(?:(?:^|[.!?:;]\s+)|\b(?:in|since|by|from|until|till|to|before|after|during|of|between|and|or|"
                          r"through|around|circa|early|late|mid|spring|summer|autumn|fall|winter|January|February|March|"
                          r"April|May|June|July|August|September|October|November|December)\s+|,\s*)$", re.I)


@rule(
    code="TYP013",
    name="thousands-without-comma",
    family="typography",
    category="Fluency/Punctuation",
    severity="minor",
    summary="An amount or a count of four digits or more written without its thousands comma: \"5000 yuan\", "
            "\"$2500\", \"4339 km\", \"20000 passengers\". Only a number with a currency sign before it or a "
            "counted noun after it (money, people, things, distances, weights) is flagged, so years, codes and "
            "model numbers are left alone.",
    why="English news style groups thousands with commas from 1,000 up (years and addresses apart); MT copies "
        "the source's bare figure (\"5000元\", \"4339 km\"), and expert raters of news MT mark it as a punctuation "
        "error (21 of 22 such figures in the WMT23 Chinese-English ratings).",
    use_instead="The figure with its comma: \"5,000 yuan\", \"$2,500\".",
    fix_safety="Safe: the fix only inserts the commas. A year before a count noun (\"in 2023 people voted\", a "
               "sentence opening \"2004 workers lost...\") is not flagged; metres are not counted, so a race "
               "(\"the 1500 metres\") is not flagged.",
    bad=[("Donors receive a subsidy of [[5000]] yuan.", "5,000"),
         ("The line runs for [[4339]] km across the plains.", "4,339"),
         ("The terminal handles [[20000]] passengers a day.", "20,000"),
         ("Tickets cost $[[2500]] each.", "2,500"),
         ("About [[2000]] people marched in Lyon.", "2,000"),
         ("The repairs cost [[1500]] euros.", "1,500")],
    good=["Donors receive a subsidy of 5,000 yuan.", "In 2023 people voted early.",
          "The A3000 road and flight AF1234 were closed.", "Call 0800 1234 people say.",
          "She won the 1500 metres in Rome.", "The 1990-2000 cars were recalled.",
          "2004 workers lost their jobs.", "Between 1998 and 2004 workers lost their jobs.",
          "The index rose to 7500.5 points."],
)
def thousands_without_comma(doc, ctx):
    text = doc.text
    for m in _BARE_THOUSANDS.finditer(text):
        num, after = m.group("num"), m.group("after")
        if not (m.group("sign") or after):
            continue
        if not m.group("sign") and len(num) == 4 and int(num) <= 2100 and _YEAR_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            continue  # a year before a count noun
        grouped = f"{int(num):,}"
        yield thousands_without_comma.issue(doc, m.start("num"), m.end("num"), "No comma in a number of four "
                                            "digits or more: English news groups thousands.", [grouped])
