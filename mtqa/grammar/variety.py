"""US or UK spelling, decided per document from the document itself (house-style = "auto").

A word that Harper's British dictionary accepts and its American one does not ("honour", "travelling",
"organise") is a UK form; the reverse ("color", "defense", "traveling") is a US form. Both dictionaries accept
-ize ("organize" is Oxford spelling too), so -ize never counts as US. At run time the pairs come from
corpora/spelling_variants.tsv (a dictionary lookup: building two more Harper linters would cost seconds of
start-up); scripts/spelling_variants.py regenerates that file from Harper's dictionaries with HarperProbe.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass


_LOWER_WORD = re.compile(r"(?<![\w’'])[a-z]+(?![\w’'])")


@dataclass(frozen=True)
class Form:
    word: str  # as written
    start: int
    end: int
    counterpart: str | None  # the other variety's spelling, when Harper suggests one


_CHANGES = [("our", "or"), ("ise", "ize"), ("isi", "izi"), ("isa", "iza"), ("yse", "yze"), ("ysi", "yzi"),
            ("tre", "ter"), ("ll", "l"), ("ence", "ense"), ("ogue", "og"), ("ae", "e"), ("oe", "e"), ("mme", "m"),
            ("grey", "gray"), ("eing", "ing"), ("ement", "ment"), ("ium", "um"), ("l", "ll"), ("re", "er"), ("red", "ered"),
            ("arte", "arti")]


def related(uk: str, us: str) -> bool:
    """`us` is `uk` after one or two regular variety changes (-our/-or, -ise/-ize, -tre/-ter, doubled l, ...)."""
    if uk == us:
        return False
    frontier = {uk}
    for _ in range(2):
        nxt = set()
        for w in frontier:
            for a, b in _CHANGES:
                for m in re.finditer(re.escape(a), w):
                    nxt.add(w[:m.start()] + b + w[m.end():])
        if us in nxt:
            return True
        frontier = nxt
    return False


class HarperProbe:
    """Which variety each word belongs to, asked of Harper's American and British dictionaries (slow to build:
    used to generate corpora/spelling_variants.tsv)."""

    def __init__(self):
        import harper

        self._linters = {}
        for label, dialect in (("us", harper.Dialect.AMERICAN), ("uk", harper.Dialect.BRITISH)):
            linter = harper.Linter(dialect)
            linter.set_lint_config({name: name == "SpellCheck" for name in linter.get_lint_config()})
            self._linters[label] = linter
        self._answers: dict[str, tuple[str | None, str | None]] = {}
        self._lock = threading.Lock()

    def variety(self, word: str) -> tuple[str | None, str | None]:
        """("uk" | "us" | None, the other variety's form) for one lowercase word."""
        return self.varieties([word])[word]

    def varieties(self, words) -> dict[str, tuple[str | None, str | None]]:
        for w in words:
            if len(w) > LONGEST_WORD and w not in self._answers:
                self._answers[w] = (None, None)  # no spelling variety is that long; Harper's cost grows with its square
        todo = sorted({w for w in words if w not in self._answers})
        if todo:
            joined = "\n".join(todo)
            starts = {}
            pos = 0
            for w in todo:
                starts[pos] = w
                pos += len(w) + 1
            with self._lock:
                flagged = {label: {starts.get(l.span.start): l for l in linter.lint(joined)}
                           for label, linter in self._linters.items()}
            for w in todo:
                in_us, in_uk = w not in flagged["us"], w not in flagged["uk"]
                if in_uk and not in_us:
                    self._answers[w] = ("uk", _first(flagged["us"][w]))
                elif in_us and not in_uk:
                    self._answers[w] = ("us", _first(flagged["uk"][w]))
                else:
                    self._answers[w] = (None, None)
        return {w: self._answers[w] for w in words}


LONGEST_WORD = 45  # longer "words" are no dictionary word of either variety


def _first(lint) -> str | None:
    return next((s.replacement_text for s in lint.suggestions), None)


class VarietyTable:
    """Which variety each word belongs to, from corpora/spelling_variants.tsv (word, us|uk, other spelling):
    only words one variety alone spells so are listed ("organise" is UK; "organize" is both, so absent)."""

    def __init__(self, path=None):
        from mtqa.resources import data_path, data_rows

        path = path or data_path("corpora", "spelling_variants.tsv")
        self._answers: dict[str, tuple[str, str]] = {}
        for cols in data_rows(path, lambda c: len(c) == 3 and c[1].strip() in ("us", "uk") and bool(c[0].strip())
                              and bool(c[2].strip()), "a word, us or uk, and the other variety's spelling, tab-separated"):
            word, variety, other = (c.strip() for c in cols)
            self._answers[word] = (variety, other)

    def variety(self, word: str) -> tuple[str | None, str | None]:
        return self._answers.get(word, (None, None))

    def varieties(self, words) -> dict[str, tuple[str | None, str | None]]:
        return {w: self._answers.get(w, (None, None)) for w in words}


def get_probe(ctx) -> VarietyTable:
    """The US/UK spelling table, loaded once per engine."""
    return ctx.resource("spelling-variety-table", VarietyTable)


def _ise(word: str) -> str:
    return word.replace("iz", "is").replace("yz", "ys")


def _ize_of(uk: str, us: str) -> bool:
    """`us` is `uk` with -ize for -ise or -yze for -yse ("modernization", "analyze"), and nothing else changed."""
    return us != uk and _ise(us) == uk


_INFLECTED = (("ations", "ation"), ("izes", "ize"), ("ises", "ize"), ("ized", "ize"), ("ised", "ize"), ("izing", "ize"),
              ("ising", "ize"), ("yzes", "yze"), ("yses", "yze"), ("yzed", "yze"), ("ysed", "yze"), ("yzing", "yze"),
              ("ysing", "yze"))


def _singular(word: str) -> str:
    """The -ise form of a word's base, so that its inflections count together: "organizations" against
    "organisation", "organized" against "organise"."""
    for ending, base in _INFLECTED:
        if word.endswith(ending):
            return _ise(word[: -len(ending)] + base)
    return _ise(word)


def document_forms(doc, ctx) -> dict[str, list[Form]]:
    """The US and UK forms in a document (lowercase words only: capitalised ones may be names)."""
    def compute():
        probe = get_probe(ctx)
        out: dict[str, list[Form]] = {"us": [], "uk": []}
        hits = list(_LOWER_WORD.finditer(doc.text))
        answers = probe.varieties({m.group() for m in hits})
        for m in hits:
            label, other = answers[m.group()]
            if label:
                out[label].append(Form(m.group(), m.start(), m.end(), other))
        # -ize is Oxford spelling too, so it counts as US only against the document's own -ise form of the same
        # word: "modernization" seven times beside one "modernisation" makes the -ise form the odd one out
        against = {_singular(f.counterpart) for f in out["uk"] if f.counterpart and _ize_of(f.word, f.counterpart)}
        if against:  # (most stories have no -ise form: no need to look at every word again)
            out["us"] += [Form(m.group(), m.start(), m.end(), _ise(m.group())) for m in hits
                          if _ise(m.group()) != m.group() and _singular(m.group()) in against]
            out["us"].sort(key=lambda f: f.start)
        return out

    return doc.memo("spelling-varieties", compute)
