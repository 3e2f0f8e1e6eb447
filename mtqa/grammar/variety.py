"""US or UK spelling, decided per document from the document itself (house-style = "auto").

Harper knows both dictionaries. A word that Harper's British dictionary accepts and its American one does not
("honour", "travelling", "organise") is a UK form; the reverse ("color", "defense", "traveling") is a US form.
Both dictionaries accept -ize ("organize" is Oxford spelling too), so -ize never counts as US. Two small
spelling-only linters answer these questions, one word at a time, with an answer cache.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

log = logging.getLogger(__name__)

_LOWER_WORD = re.compile(r"(?<![\w’'])[a-z]+(?![\w’'])")


@dataclass(frozen=True)
class Form:
    word: str  # as written
    start: int
    end: int
    counterpart: str | None  # the other variety's spelling, when Harper suggests one


class VarietyProbe:
    """Which variety each word belongs to, from Harper's American and British dictionaries."""

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


def get_probe(ctx) -> VarietyProbe | None:
    """The probe for this engine, or None (said once) when harper-py is not installed."""
    def make():
        try:
            return VarietyProbe()
        except ImportError:
            log.warning("house-style auto needs harper-py to tell US from UK spelling; mixed spelling is not checked")
            return None

    return ctx.resource("spelling-variety-probe", make)


def document_forms(doc, ctx) -> dict[str, list[Form]]:
    """The US and UK forms in a document (lowercase words only: capitalised ones may be names)."""
    def compute():
        probe = get_probe(ctx)
        out: dict[str, list[Form]] = {"us": [], "uk": []}
        if probe is None:
            return out
        hits = list(_LOWER_WORD.finditer(doc.text))
        answers = probe.varieties({m.group() for m in hits})
        for m in hits:
            label, other = answers[m.group()]
            if label:
                out[label].append(Form(m.group(), m.start(), m.end(), other))
        return out

    return doc.memo("spelling-varieties", compute)
