"""Calques and Gallicisms (CAL): substitution rules driven by the lexicon corpora/calques.tsv.

Every entry's first word (its first two words when both are literal) goes into one Aho-Corasick automaton;
the text is scanned once, and only where such a key occurs is the entry's own pattern tried at that position,
with its context conditions.

Pattern syntax (one entry, column `pattern`): words separated by spaces; `a|b|c` alternatives; `_` joins
words inside one alternative ("is_rising"); a trailing `?` makes a word optional; placeholders {NUM}
(a number in digits or words), {ANY} (any word), {DET} (a determiner), {DECADE} (1990, 2000...),
{PASTPART} (a past participle). A word written `=Word` matches with that exact case ("the =Turkey"
is the country, not the bird). The first word must be literal. Suggestions are `|`-separated and may use $1, $2... for the text matched by
the pattern's words; a `?` before the first marks them all as guesses, which `mtqa fix` leaves for a person (an
entry whose English depends on what the sentence means: "the possibility to" is "the chance to" or "the ability
to"). Conditions are regexes: `require_after`/`forbid_after` are matched right after the
match, `forbid_before` at the end of the text before it on the same line (an entry that needs a word
*before* it, such as a future tense, writes `^(?!...)...` there: it forbids every line start that lacks it).
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import groupby
from pathlib import Path

from mtqa.errors import MtqaError
from mtqa.resources import data_path
from mtqa.safeio import read_regular_file
from mtqa.rules.base import keep_case, rule, whole_word_hits

COLUMNS = ("id", "rule", "pattern", "suggestions", "french", "explanation", "require_after",
           "forbid_after", "forbid_before", "flag", "pass", "source")

_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                 "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                 "hundred|several|many|some")
PLACEHOLDERS = {
    "{NUM}": rf"(?:\d[\d,.]*|(?:{_NUMBER_WORDS})(?:-(?:{_NUMBER_WORDS}))?)",
    "{ANY}": r"[\w'’-]+",
    "{DET}": r"(?:the|a|an|this|that|these|those|his|her|its|their|our)",
    "{DECADE}": r"(?:1[5-9]|20)\d0",
    # a past participle, minus the verbs English uses in genuine conditionals without "if" ("would have liked")
    "{PASTPART}": (r"(?!(?:liked|loved|preferred|wanted|hoped|expected|thought|imagined|seemed|needed|wished|"
                   r"welcomed|been|had|done|gone|agreed|wondered|appreciated|enjoyed)\b)"
                   r"(?:[a-z]{2,}ed|fled|taken|left|sent|hidden|shot|met|spoken|sold|bought|paid|stolen|hit|struck|"
                   r"cost|fought|thrown|driven|flown|run|won|lost|told|known|seen|given|found|held|kept|brought|caught|"
                   r"begun|broken|chosen|fallen|risen|written|made|put|set|cut|led|built|spent|sought|beaten|"
                   r"drawn|torn|sworn|stood|understood|forgotten|hurt|spread)"),
}


@dataclass(frozen=True)
class Entry:
    """One lexicon row. Its regexes are compiled on first use (`compile()` forces them): a user's lexicon is
    compiled as it loads, so a bad row fails before any document; the bundled one, which the test suite checks
    row by row, is compiled only where the text has one of its keys (most of a third of a second at start)."""
    id: str
    rule: str
    pattern: str
    suggestions: tuple[str, ...]
    review: bool  # the suggestions are guesses for a person ("?" before them in the lexicon)
    french: str
    explanation: str
    conditions: tuple[str, str, str]  # require_after, forbid_after, forbid_before, as written
    flag: str
    ok: str
    source: str
    keys: tuple[str, ...]  # lowercase first word(s) indexed in the automaton
    where: str

    @cached_property
    def regex(self) -> re.Pattern:
        return _compile_pattern(self.pattern, self.where)

    @cached_property
    def require_after(self) -> GuardedRegex | None:
        return _compile_condition(self.conditions[0], self.where, "require_after")

    @cached_property
    def forbid_after(self) -> GuardedRegex | None:
        return _compile_condition(self.conditions[1], self.where, "forbid_after")

    @cached_property
    def forbid_before(self) -> GuardedRegex | None:
        return _compile_condition(self.conditions[2], self.where, "forbid_before", at_end=True)

    def compile(self) -> None:
        """Compile every regex of the row now; a bad one raises MtqaError naming the file and line."""
        for name in ("regex", "require_after", "forbid_after", "forbid_before"):
            getattr(self, name)


def _literal_alternatives(tok: str) -> tuple[str, ...] | None:
    """The lowercase words a pattern token stands for, or None if it is optional or a placeholder."""
    if tok.endswith("?") and len(tok) > 1:
        return None
    alts = tok.removeprefix("=").split("|")
    if any(a in PLACEHOLDERS or "{" in a for a in alts):
        return None
    return tuple(a.replace("_", " ").lower() for a in alts)


def _pattern_keys(pattern: str, where: str) -> tuple[str, ...]:
    """The automaton keys of a pattern: its first word's alternatives, or its first two words' when both are
    literal ("the tone", not "the": far fewer candidates)."""
    tokens = pattern.split()
    if not tokens:
        raise MtqaError(f"{where}: empty pattern")
    first = _literal_alternatives(tokens[0])
    if first is None:
        raise MtqaError(f"{where}: the first word of a pattern must be literal and not optional")
    second = _literal_alternatives(tokens[1]) if len(tokens) > 1 else None
    return tuple(f"{a} {b}" for a in first for b in second) if second else first


def _compile_pattern(pattern: str, where: str) -> re.Pattern:
    parts = []
    for n, tok in enumerate(pattern.split()):
        optional = tok.endswith("?") and len(tok) > 1
        tok = tok[:-1] if optional else tok
        exact = tok.startswith("=") and len(tok) > 1
        tok = tok[1:] if exact else tok
        alts = []
        for alt in tok.split("|"):
            if alt in PLACEHOLDERS:
                alts.append(PLACEHOLDERS[alt])
            elif "{" in alt:
                raise MtqaError(f"{where}: unknown placeholder in {alt!r} (known: {', '.join(PLACEHOLDERS)})")
            else:
                alts.append(r"[ \t]+".join(re.escape(w) for w in alt.split("_")))
        body = f"(?-i:{'|'.join(alts)})" if exact else "|".join(alts)
        group = f"(?P<w{n + 1}>{body})"
        parts.append(group if n == 0 else f"(?:[ \\t]+{group}){'?' if optional else ''}")
    try:
        return re.compile(r"\b" + "".join(parts) + r"\b", re.I)
    except re.error as exc:
        raise MtqaError(f"{where}: bad pattern {pattern!r}: {exc}") from None


LOOKBACK = 1000  # characters before a match that forbid_before conditions see (at most: the line starts sooner)
REGEX_TIMEOUT = 0.25  # seconds one condition may spend at one position of the text


class GuardedRegex:
    """A lexicon condition compiled with the `regex` module, whose matcher resists most catastrophic backtracking,
    and run with a timeout: a condition that still runs away fails the run with its file and line, instead of
    hanging it."""

    def __init__(self, compiled, pattern: str, where: str, column: str, timeout: float):
        self.compiled, self.pattern, self.where, self.column, self.timeout = compiled, pattern, where, column, timeout

    def match(self, text: str, pos: int = 0, endpos: int | None = None):
        return self._run(self.compiled.match, text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return self._run(self.compiled.search, text, pos, endpos)

    def _run(self, method, text, pos, endpos):
        try:
            return method(text, pos, len(text) if endpos is None else endpos, timeout=self.timeout)
        except TimeoutError:
            raise MtqaError(f"{self.where}: the {self.column} regex {self.pattern!r} took over {self.timeout:g} s at "
                            f"one place in the text; simplify it (nested or overlapping repeats)") from None


def guarded_regex(pattern: str, where: str, column: str, timeout: float = REGEX_TIMEOUT, flags: int | None = None) -> GuardedRegex:
    import regex

    _refuse_nested_repeats(pattern, where, column)
    try:
        compiled = regex.compile(pattern, regex.I | regex.M if flags is None else flags)
    except regex.error as exc:
        raise MtqaError(f"{where}: bad {column} regex {pattern!r}: {exc}") from None
    return GuardedRegex(compiled, pattern, where, column, timeout)


def _refuse_nested_repeats(pattern: str, where: str, column: str) -> None:
    """A repeat without an upper bound around another one (" (a+)+$") can take exponential time on text that
    almost matches: refused when the lexicon loads, naming the file and line."""
    import re._constants as sre
    import re._parser as sre_parse

    try:
        tree = sre_parse.parse(pattern)
    except re.error as exc:
        raise MtqaError(f"{where}: bad {column} regex {pattern!r}: {exc}") from None

    def unbounded_inside(items) -> bool:
        for op, av in items:
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                if av[1] == sre.MAXREPEAT or unbounded_inside(av[2]):
                    return True
            elif op == sre.SUBPATTERN:
                if unbounded_inside(av[3]):
                    return True
            elif op == sre.BRANCH:
                if any(unbounded_inside(b) for b in av[1]):
                    return True
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                if unbounded_inside(av[1]):
                    return True
        return False

    def check(items) -> None:
        for op, av in items:
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                if av[1] == sre.MAXREPEAT and unbounded_inside(av[2]):
                    raise MtqaError(f"{where}: the {column} regex {pattern!r} repeats a group that itself repeats "
                                    f"without limit, which can take forever on some text; rewrite it without the nesting")
                check(av[2])
            elif op == sre.SUBPATTERN:
                check(av[3])
            elif op == sre.BRANCH:
                for b in av[1]:
                    check(b)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                check(av[1])

    check(tree)


def _compile_condition(value: str, where: str, column: str, at_end: bool = False) -> GuardedRegex | None:
    if not value:
        return None
    return guarded_regex(f"(?:{value})$" if at_end else value, where, column)


def load_lexicon(path: Path, compile: bool = True) -> list[Entry]:
    """Read and validate one lexicon file; errors name the file and line. `compile` False leaves the regexes
    to be compiled on first use (the bundled lexicon, which the tests check row by row)."""
    try:
        text = read_regular_file(path).decode("utf-8-sig")
    except OSError as exc:
        raise MtqaError(f"cannot read lexicon {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        from mtqa.document import not_utf8

        raise MtqaError(f"{path}: lexicon is {not_utf8(exc)}") from None
    rows = csv.reader((ln for ln in text.splitlines()), delimiter="\t", quoting=csv.QUOTE_NONE)
    entries = []
    header = None
    for lineno, row in enumerate(rows, 1):
        if not row or row[0].startswith("#"):
            continue
        if header is None:
            header = row
            missing = [c for c in ("id", "rule", "pattern", "suggestions") if c not in header]
            if missing:
                raise MtqaError(f"{path}:{lineno}: header lacks column(s) {', '.join(missing)}")
            continue
        if len(row) != len(header):
            raise MtqaError(f"{path}:{lineno}: {len(row)} fields, the header has {len(header)}")
        rec = dict(zip(header, row))
        where = f"{path}:{lineno}"
        if rec["rule"] not in LEXICON_RULES:
            raise MtqaError(f"{where}: unknown rule {rec['rule']!r} (known: {', '.join(LEXICON_RULES)})")
        entry = Entry(
            id=rec["id"],
            rule=rec["rule"],
            pattern=rec["pattern"],
            suggestions=tuple(rec["suggestions"].removeprefix("?").split("|")) if rec["suggestions"].removeprefix("?") else (),
            review=rec["suggestions"].startswith("?"),
            french=rec.get("french", ""),
            explanation=rec.get("explanation", ""),
            conditions=(rec.get("require_after", ""), rec.get("forbid_after", ""), rec.get("forbid_before", "")),
            flag=rec.get("flag", ""),
            ok=rec.get("pass", ""),
            source=rec.get("source", ""),
            keys=_pattern_keys(rec["pattern"], where),
            where=where,
        )
        if compile:
            entry.compile()
        entries.append(entry)
    return entries


def lexicon_paths(config) -> tuple[Path, ...]:
    return (data_path("corpora", "calques.tsv"), *(Path(p) for p in config.lexicons))


class Lexicon:
    """All entries, indexed by first word in one Aho-Corasick automaton."""

    def __init__(self, entries: list[Entry]):
        import ahocorasick

        self.entries = entries
        self.automaton = ahocorasick.Automaton()
        index: dict[str, list[int]] = {}
        for n, e in enumerate(entries):
            for w in e.keys:
                index.setdefault(w, []).append(n)
        for word, ids in index.items():
            self.automaton.add_word(word, (len(word), tuple(ids)))
        self.automaton.make_automaton()

    def matches(self, text: str):
        """(entry, match) for every entry whose pattern and conditions hold somewhere in `text`."""
        seen: set[tuple[int, int]] = set()
        for start, _, ids in whole_word_hits(self.automaton, text):
            for i in ids:
                e = self.entries[i]
                m = e.regex.match(text, start)
                if not m or (e.id, start) in seen:
                    continue
                if e.require_after and not e.require_after.match(text, m.end()):
                    continue
                if e.forbid_after and e.forbid_after.match(text, m.end()):
                    continue
                if e.forbid_before:
                    # the same line, looked at no further back than LOOKBACK characters: linear on one-line texts
                    line_start = text.rfind("\n", max(0, start - LOOKBACK), start) + 1 or max(0, start - LOOKBACK)
                    if e.forbid_before.search(text, line_start, start):
                        continue
                seen.add((e.id, start))
                yield e, m


def fill(template: str, m: re.Match) -> str:
    """Fill $1, $2... with the words the pattern matched; drop the spaces an absent optional word leaves."""
    out = re.sub(r"\$(\d+)", lambda g: m.groupdict().get(f"w{g.group(1)}") or "", template)
    return re.sub(r"[ \t]{2,}", " ", out).strip()


@lru_cache(maxsize=8)
def _lexicon_for(paths: tuple[Path, ...], digest: str) -> Lexicon:
    """The lexicon of these files as they are now (`digest`: an edited file is read again by a long-lived process)."""
    bundled = data_path("corpora", "calques.tsv")
    entries = [e for p in paths for e in load_lexicon(p, compile=p != bundled)]
    return Lexicon(entries)


def get_lexicon(ctx) -> Lexicon:
    return ctx.resource("calque-lexicon", lambda: _lexicon_for(lexicon_paths(ctx.config), lexicon_digest(ctx.config)))


def lexicon_digest(config) -> str:
    h = hashlib.sha256()
    for p in lexicon_paths(config):
        try:
            h.update(read_regular_file(p))  # a FIFO or device is refused (load_lexicon says so), never waited on
        except OSError:
            h.update(str(p).encode())
    return h.hexdigest()


def document_matches(doc, ctx) -> list[tuple[Entry, re.Match]]:
    """All lexicon matches of a document, computed once for the CAL rules; a match inside a longer one
    ("read also" inside "to read also") is dropped."""
    def outermost():
        # a no-break or thin space (a French typesetting habit the MT kept, a CMS's &nbsp;) is a space between the
        # words of a phrase: matched on a copy with plain spaces in their place, offsets unchanged
        found = list(get_lexicon(ctx).matches(doc.text.translate(_AS_SPACE)))
        # a match is inside a longer one when another starts at or before it and ends at or after it, with a
        # different span: one sweep over the spans sorted by start (not every pair of matches)
        spans = sorted({m.span() for _, m in found})
        inside: set[tuple[int, int]] = set()
        reach = -1  # the furthest end of the spans that start before the current start
        for _, group in groupby(spans, key=lambda sp: sp[0]):
            group = list(group)
            longest = group[-1][1]
            inside.update(sp for sp in group if reach >= sp[1] or longest > sp[1])
            reach = max(reach, longest)
        return [(e, m) for e, m in found if m.span() not in inside]

    return doc.memo("calques", outermost)


_AS_SPACE = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f"), " ")
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’-])(?P<article>an?)(?P<space>[ \t]+)$", re.I)


def _article_for(phrase: str) -> str | None:
    """"a" or "an" before `phrase` where its first letters decide it, else None (an initial h, u, x or y, a
    number or an acronym depends on how it is said)."""
    word = phrase.split(" ", 1)[0]
    if not word[:1].isalpha() or (len(word) > 1 and word.isupper()):
        return None
    low = word.lower()
    if low[0] in "aio" or (low[0] == "e" and not low.startswith(("eu", "ew"))):
        return None if low.startswith(("one", "once")) else "an"
    return "a" if low[0] in "bcdfgjklmnpqrstvwz" else None


def _with_article(doc, start: int, suggestions: list[str]) -> tuple[int, list[str]]:
    """Where a replacement needs the other indefinite article ("an anti-doping control" -> "a doping test"), the
    finding starts at the article and each suggestion brings its own; else the finding and suggestions as they are."""
    before = _ARTICLE_BEFORE.search(doc.text, max(0, start - 4), start)
    if before is None:
        return start, suggestions
    article, space = before.group("article"), before.group("space")
    wanted = [_article_for(s) if s else None for s in suggestions]
    if all(w is None or w == article.lower() for w in wanted):
        return start, suggestions
    return before.start(), [keep_case(w or article.lower(), article) + space + s for w, s in zip(wanted, suggestions)]


_WORD_BEFORE = re.compile(r"(?<![\w'’-])(?P<word>[^\W\d_]+)[ \t]+$")


def _with_word_before(doc, start: int, end: int, suggestions: list[str]) -> tuple[int, list[str]]:
    """Where a suggestion opens with the word just before the finding ("about [[a thirty of]]" -> "about thirty"),
    the finding takes that word in, so that accepting it does not write the word twice ("about about thirty")."""
    before = _WORD_BEFORE.search(doc.text, max(0, start - 24), start)
    if before is None or not any(s.lower().startswith(before.group("word").lower() + " ") for s in suggestions):
        return start, suggestions
    return before.start(), [keep_case(s, doc.text[before.start():end]) for s in suggestions]


def _inflection(word: str) -> str:
    low = word.lower()
    return next((end for end in ("ing", "ed") if low.endswith(end) and len(low) > len(end) + 2), "")


def _same_inflection_first(matched: str, suggestions: list[str]) -> list[str]:
    """The suggestion whose first word is inflected as the matched first word is ("accepted to" -> "agreed to"
    before "agree to"), first: it is the one a fix applies."""
    wanted = _inflection(matched.split(" ", 1)[0])
    firsts = [s.split(" ", 1)[0].lower() for s in suggestions]
    if not wanted or not any(a != b and a.startswith(b) for a in firsts for b in firsts):
        return suggestions  # no two forms of one verb offered ("agree to|agreed to")
    return sorted(suggestions, key=lambda s: _inflection(s.split(" ", 1)[0]) != wanted)


def _check(rule_code: str):
    def check(doc, ctx):
        this = LEXICON_RULES[rule_code]
        for e, m in document_matches(doc, ctx):
            if e.rule != rule_code:
                continue
            matched = m.group(0)
            suggestions = _same_inflection_first(matched, [keep_case(fill(s, m), matched) for s in e.suggestions])
            start, suggestions = _with_article(doc, m.start(), suggestions)
            start, suggestions = _with_word_before(doc, start, m.end(), suggestions)
            french = f" (from French \"{e.french}\")" if e.french else ""
            yield this.issue(doc, start, m.end(), f"{e.explanation}{french}", suggestions, review=e.review)

    return check


def _lexicon_rule(code, name, category, severity, summary, why, bad, good):
    return rule(
        code=code, name=name, family="calques", category=category, severity=severity, summary=summary,
        why=why,
        use_instead="The suggestion given for each lexicon entry (see corpora/calques.tsv, column suggestions).",
        fix_safety="Review: the suggestion is the usual English equivalent; context conditions keep legitimate English from being flagged, but read the sentence before accepting.",
        bad=bad, good=good,
    )(_check(code))


LEXICON_RULES: dict = {}
for _r in (
    _lexicon_rule("CAL001", "institutional-calque", "Style/Awkward", "minor",
                  "French institutional phrasing rendered word for word: \"at the initiative of\", \"in the framework of\", \"proceed to the arrest of\".",
                  "Wire copy is full of French administrative turns; word-for-word they read as translationese and lengthen sentences.",
                  [("The call took place [[at the initiative of]] the American side.", "at the request of")],
                  ["The call was made on the initiative of Washington."]),
    _lexicon_rule("CAL002", "verb-calque", "Style/Awkward", "minor",
                  "French verb constructions rendered literally: \"organize a referendum\", \"the leaders exchanged\" (no object), \"precised\", \"assist at\".",
                  "These verbs exist in English but not with these objects or meanings, so the sentence sounds foreign or means something else.",
                  [("The region will [[organize a referendum]] on joining Russia.", "hold a referendum")],
                  ["The party will organize a rally on Sunday."]),
    _lexicon_rule("CAL003", "idiom-calque", "Style/Awkward", "minor",
                  "French idioms translated literally (\"the tone rises\", \"it is question of\", \"threw the sponge\"), and French articles or hyphens kept in names (\"the Russia\", \"the States-United\").",
                  "A literal idiom confuses readers: \"the tone rises\" is not English for growing tension.",
                  [("War in Ukraine: [[the tone rises]] between Kyiv and Paris", "tensions rise")],
                  ["The tone of the talks was cordial."]),
    _lexicon_rule("CAL004", "journalistic-conditional", "Accuracy/Mistranslation", "major",
                  "The French journalistic conditional (\"il aurait fui\") rendered as an English conditional: \"the suspect would have fled\".",
                  "In French the conditional marks unconfirmed information; in English \"would have fled\" means something hypothetical, so the reader gets the wrong meaning.",
                  [("According to police, the suspect [[would have fled]] to Belgium.", "reportedly fled")],
                  ["If the border had been open, he would have fled."]),
    _lexicon_rule("CAL005", "age-duration-calque", "Accuracy/Mistranslation", "major",
                  "Ages and durations built the French way: \"he has 45 years\", \"since three years\", \"during two years\".",
                  "\"He has 45 years\" does not say his age in English, and \"since three years\" is ungrammatical; both are frequent in MT of French copy.",
                  [("The victim [[has 45 years]].", "is 45")],
                  ["The victim has 45 years of experience."]),
    _lexicon_rule("CAL006", "quantity-calque", "Style/Awkward", "minor",
                  "French approximate quantities: \"a hundred of people\" (une centaine de), \"several thousands of\", \"the half of\".",
                  "English says \"about a hundred people\"; the French construction reads as an error.",
                  [("[[A hundred of]] people gathered outside.", "About a hundred")],
                  ["A hundred of the protesters were arrested."]),
    _lexicon_rule("CAL007", "false-friend", "Accuracy/Mistranslation", "major",
                  "False friends: \"the actual president\" for the current one, \"eventually, if necessary\" for possibly, \"manifestation\" for demonstration, \"deputies\" for lawmakers, \"sanitary\" for health.",
                  "A false friend changes the meaning: \"the actual president\" is not \"the current president\".",
                  [("[[The actual president]] will run again.", "The current president")],
                  ["The actual cost was higher than planned."]),
    _lexicon_rule("CAL008", "navigation-calque", "Other", "minor",
                  "Web-page cross-references left inside running text: \"(To read also: ...)\", \"Read also:\".",
                  "The French site's \"À lire aussi\" links do not belong in the English story, and \"to read also\" is not English.",
                  [("Talks resumed ([[to read also]]: our live report).", None)],
                  ["Readers who read also the earlier report will know the background."]),
):
    LEXICON_RULES[_r.code] = _r

RULES = tuple(LEXICON_RULES.values())
