"""The translator's review, built from the engine's results: which findings are still open, the fixes accepted
and the findings ignored, the corrected copy, its score, a safe "accept all", and batch reports for the UI.
Nothing here knows Gradio or HTML (mtqa.ui.view renders a Session)."""

from __future__ import annotations

import bisect
import difflib
import itertools
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from mtqa.config import load_config
from mtqa.document import Document
from mtqa.api import Checker
from mtqa.engine import WARM_UP_TEXT, Engine, Result
from mtqa.errors import MtqaError
from mtqa.formats.html import CODE_FAMILY_NAMES, FAMILY_NAMES, colour
from mtqa.formats.jsonout import document_dict
from mtqa.issues import PENALTY, UNTRANSLATED, Edit, Issue, apply_edits, quality_score
from mtqa.report import Report, family_of
from mtqa.spans import Spans

FAMILIES = {
    "repetition": ("REP",),
    "calques": ("CAL",),
    "quotes": ("QUO",),
    "duplication": ("DUP",),
    "boilerplate": ("BOI",),
    "typography": ("TYP",),
    "bilingual": ("BIL",),
    "fluency": ("FLU",),
    "spelling": ("SPL",),
    "grammar": ("HARPER:", "LT:", "AGR"),
}
DEFAULT_MAX_CHARS = 100_000
DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SPELLING = "Fluency/Spelling"
SCARE_QUOTES = "QUO004"  # its fix removes a speaker's quotation marks: a person decides
QUOTE_TYPOGRAPHY = ("QUO002", "QUO003")  # marks and spaces of a quotation, never its words
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
MAX_TOKEN = 1_000  # longest run without a space the UI passes on: one huge "word" can exhaust the grammar backend
_LONG_TOKEN = re.compile(r"\S{%d,}" % (MAX_TOKEN + 1))
_LONG_TOKEN_BYTES = re.compile(rb"[^\s]{%d,}" % (MAX_TOKEN + 1))


def family_label(rule: str) -> str:
    return CODE_FAMILY_NAMES.get(rule) or FAMILY_NAMES.get(family_of(rule), "other")


def legend_colours() -> dict[str, str]:
    return {name: colour(prefixes[0]) for name, prefixes in FAMILIES.items()}


@lru_cache(maxsize=8)
def engine_for(style: str, families: tuple[str, ...], neural: bool | None = None,
               max_chars: int | None = None) -> Engine:
    """Engines are built once per (house style, families, neural layer, size limit) and reused by every request;
    the models of the neural layer are loaded by the first request that asks for it."""
    cfg = load_config()
    # unticked families are ignored; the config's own selection (and rules that are off by default) stand
    ignore = cfg.ignore + tuple(p for f, prefixes in FAMILIES.items() if f not in families for p in prefixes)
    grammar = cfg.grammar if "grammar" in families else "none"
    return Checker.from_config(cfg, cache=False, house_style=style, ignore=ignore, grammar=grammar, neural=neural,
                               max_chars=max_chars).engine


def neural_loaded(style: str, families: tuple[str, ...]) -> bool:
    """Whether the neural layer's engine has already run once (its models are in memory)."""
    return any(key[0] == style and key[1] == tuple(sorted(families)) and key[2] for key in _NEURAL_RUN)


_NEURAL_RUN: set[tuple] = set()


def warm_up(style: str = "us") -> None:
    """Build the default engine and load its models before the first user arrives (1-4 s each in a translator's
    first checks otherwise): through `check`, so it is the very engine (the same cache key) that the UI's checks
    use, and from a thread other than the main one, as Gradio's checks are run."""
    from mtqa.grammar.harper import as_on_a_worker_thread

    def warm() -> None:
        check(WARM_UP_TEXT, style=style)
        engine_for(style, tuple(sorted(FAMILIES)), None).warm()  # every linter thread, not only those it met

    as_on_a_worker_thread(warm)


def check(text: str, source: str = "", reference: str = "", style: str = "us",
          families: tuple[str, ...] = tuple(FAMILIES), max_chars: int = DEFAULT_MAX_CHARS, neural: bool = False) -> Result:
    """The engine's result for one pasted story, exactly what `mtqa check` reports for it."""
    if (not text or not text.strip()) and not (source and source.strip()):
        raise MtqaError("Paste the English copy to check.")  # (an empty copy of a French source is E007)
    for name, value in (("English copy", text), ("French source", source), ("reference", reference)):
        if value and len(value) > max_chars:
            raise MtqaError(f"The {name} is {len(value):,} characters; the limit here is {max_chars:,}. "
                            "Check long files with the CLI.")
    for name, value in (("English copy", text), ("French source", source), ("reference", reference)):
        long = _LONG_TOKEN.search(value or "")
        if long:
            line = value.count("\n", 0, long.start()) + 1
            raise MtqaError(f"The {name} has a {len(long.group()):,}-character word on line {line}; the longest accepted "
                            f"here is {MAX_TOKEN:,}. Is a space missing, or was something pasted twice?")
    key = (style, tuple(sorted(families)), True if neural else None)
    result = engine_for(*key).check_text(text, source=source or None, reference=reference or None)
    if neural:
        _NEURAL_RUN.add(key)
    return result


@dataclass
class Review:
    """The findings of one check (the API's view: what `mtqa check --format json` prints)."""

    result: Result

    @property
    def issues(self) -> list[Issue]:
        return self.result.issues

    def document(self) -> dict:
        return document_dict(self.result)


def review(text: str, source: str = "", reference: str = "", style: str = "us",
           families: tuple[str, ...] = tuple(FAMILIES), max_chars: int = DEFAULT_MAX_CHARS, neural: bool = False) -> Review:
    return Review(check(text, source, reference, style, families, max_chars, neural))


def fix(text: str, source: str = "", reference: str = "", style: str = "us",
        families: tuple[str, ...] = tuple(FAMILIES), max_chars: int = DEFAULT_MAX_CHARS, neural: bool = False) -> str:
    """What `mtqa fix` writes for one pasted story: every fixable finding's first suggestion applied, checked again
    until nothing fixable remains (Engine.fix); suggestions only the neural layer makes wait for a person."""
    result = check(text, source, reference, style, families, max_chars, neural)
    return engine_for(style, tuple(sorted(families)), True if neural else None).fix(result, neural=False).text


def report_json(result: Result, style: str = "us", families: tuple[str, ...] = tuple(FAMILIES), neural: bool = False) -> str:
    """The report of one check as `mtqa check --format json` writes it (the same writer, mtqa.formats.jsonout),
    with the signature and thresholds of the engine that made it."""
    from mtqa.formats import jsonout

    engine = engine_for(style, tuple(sorted(families)), True if neural else None)
    report = Report(fail_on=engine.config.fail_on, fail_under=engine.config.fail_under, signature=engine.signature)
    report.add(result)
    return jsonout.render(report)


def current_report(session: "Session", style: str = "us", families: tuple[str, ...] = tuple(FAMILIES),
                   neural: bool = False) -> str:
    """The report of the copy as it now reads, the copy Download gives: once fixes are accepted, that copy checked
    again, so the report is what `mtqa check --format json` writes for the downloaded file (the report of the check
    before the fixes still listed the findings they fixed, quoting words no longer in the copy)."""
    text = session.text()
    if text == session.base:
        return report_json(session.result, style, families, neural)
    # the copy passed the size limit when it was checked: a fix that lengthens it by a few characters does not
    # take its report away
    limit = max(DEFAULT_MAX_CHARS, len(text), len(session.source), len(session.reference))
    return report_json(check(text, session.source, session.reference, style, families, limit, neural), style, families, neural)


def tidy_edit(text: str, edit: Edit) -> Edit:
    """The edit adjusted so the copy keeps well-formed punctuation and spacing where it meets its neighbours:
    "at 14h30." -> "at 2:30 p.m." (not "p.m.."), a deleted word leaves one space, never " ," or two spaces."""
    start, end, new = edit.start, edit.end, edit.replacement
    after = text[end:end + 1]
    before = text[start - 1:start] if start else ""
    if new and after and new[-1] in ".,;:!?" and after == new[-1] and text[end:end + 3] != "...":
        new = new[:-1]  # the sentence's own full stop (or comma) follows the suggestion's
    if new and new[0] == " " and before.isspace():
        new = new.lstrip(" ")
    if new and new[-1] == " " and after.isspace():
        new = new.rstrip(" ")
    if not new and start < end:
        if before == " " and after == " ":
            end += 1  # "a  b" would be left
        elif before == " " and after and after in ".,;:!?":
            start -= 1  # "said ." would be left
        prev = text[start - 1:start] if start else ""
        if prev and after and prev in ",;:" and after in ",;:.!?":
            start -= 1  # "talks, , failed" or "talks, ." would be left: the following mark stays
    return Edit(start, end, new)


def _carry(text: str, edit: Edit, inner: list[Edit]) -> Edit:
    """`edit` with the smaller edits made inside its span applied to its replacement, each where the replacement
    keeps the text that edit changed (found by aligning the span with the replacement); one whose text the
    replacement rewrites or drops is dropped with it."""
    span, new = text[edit.start:edit.end], edit.replacement
    blocks = difflib.SequenceMatcher(None, span, new, autojunk=False).get_matching_blocks()
    placed = []
    for e in inner:
        a, b = e.start - edit.start, e.end - edit.start
        for i, j, size in blocks:
            if size and i <= a and b <= i + size:
                placed.append((j + a - i, j + b - i, e.replacement))
                break
    for a, b, rep in sorted(placed, reverse=True):
        new = new[:a] + rep + new[b:]
    return Edit(edit.start, edit.end, new)


_SESSIONS = itertools.count(1)


@dataclass(frozen=True)
class Change:
    """A fix the translator accepted in an earlier check of the same document (its copy has been edited and checked
    again since): what it replaced and with what, kept for the Changes list."""

    rule: str
    old: str
    new: str


def _shingles(text: str) -> set:
    words = _WORD.findall(text.lower())
    return set(zip(words, words[1:], words[2:])) if len(words) >= 3 else {tuple(words)} if words else set()


def same_document(before: str, after: str, share: float = 0.5) -> bool:
    """Whether `after` is `before` edited (the same story), not another story pasted or loaded over it: at least
    half of the shorter one's three-word runs are in the other."""
    a, b = _shingles(before), _shingles(after)
    if not a or not b:
        return False
    return len(a & b) >= share * min(len(a), len(b))


@dataclass
class Session:
    """One translator's review of one checked story: decisions on findings, all in offsets of the checked text.

    Accepting a fix records an edit of the checked text; findings that the edit touches are settled with it.
    The corrected copy, the score and the diff are derived from the edits, so they cannot drift apart."""

    result: Result
    source: str = ""
    reference: str = ""
    accepted: dict[int, tuple[int, Edit]] = field(default_factory=dict)  # finding -> (suggestion, edit)
    # finding -> the accepted fixes its fix took in (made inside its span before it): each is a decision of its own,
    # back in `accepted` (and `also`) when that fix is undone: finding -> (suggestion, edit, further edits), or
    # (None, None, edits) for further edits of a fix that stands
    nested: dict[int, dict[int, tuple[int | None, Edit | None, list[Edit]]]] = field(default_factory=dict)
    # finding -> the further edits its accepted fix made elsewhere in the copy (a document-wide finding: SPL001)
    also: dict[int, list[Edit]] = field(default_factory=dict)
    ignored: set[int] = field(default_factory=set)
    ignored_rules: set[str] = field(default_factory=set)
    accepted_terms: set[str] = field(default_factory=set)  # lower case
    message: str = ""
    message_inner: str = ""  # what the last fix accepted did to the fixes made inside it
    history: list[Change] = field(default_factory=list)  # fixes accepted in earlier checks of this document
    original: str = ""  # the copy as first checked, before any fix of `history` ("" when there is no history)
    newline: str = "\n"  # the line end of the file the copy came from ("\r\n" from Windows): Download writes it
    # the source and reference are those given with another story checked before this copy, left in place (a sample
    # article's, in a closed panel): the bilingual findings compare this copy with that story
    foreign_source: bool = False
    seq: int = 0  # the last batch of decisions the review view sent and this session applied
    sid: int = field(default_factory=lambda: next(_SESSIONS))  # names this review in the page, so a late batch
    # of decisions meant for an earlier check is never applied to a later one

    @property
    def issues(self) -> list[Issue]:
        return self.result.issues

    @property
    def base(self) -> str:
        return self.result.document.text

    def fixes(self) -> list[tuple[Edit, int]]:
        """The accepted fixes as (edit, finding), in the order they stand in the copy; a document-wide finding's fix
        gives one edit per word it changes."""
        return sorted(((e, n) for n, e in self._accepted_edits()), key=lambda t: (t[0].start, t[0].end))

    def _accepted_edits(self) -> list[tuple[int, Edit]]:
        return [(n, e) for n, (_, e) in self.accepted.items()] + [(n, e) for n, more in self.also.items() for e in more]

    def edits(self) -> list[Edit]:
        return [e for e, _ in self.fixes()]

    def text(self) -> str:
        """The corrected copy: the checked text with every accepted fix applied."""
        return apply_edits(self.base, self.edits())

    @staticmethod
    def _touches_edit(issue: Issue, edits: list[Edit], ends: list[int]) -> bool:
        """Whether an accepted edit settles the finding: it overlaps it, and is not a smaller fix inside it (a
        misspelt word inside a quotation left in French guillemets, a tag inside a "Read also" line: the
        enclosing finding still stands after the inner fix)."""
        k = bisect.bisect_left(ends, issue.start)
        while k < len(edits) and edits[k].start <= issue.end:
            e = edits[k]
            inside = issue.start <= e.start and e.end <= issue.end and e.end - e.start < issue.end - issue.start
            if e.start < issue.end and issue.start < e.end and not inside:
                return True
            if (e.start == e.end or issue.start == issue.end) and e.start <= issue.end and issue.start <= e.end:
                if not (inside and issue.start < e.start < issue.end):
                    return True  # an insertion at a finding's edge, or a point finding at an edit
            k += 1
        return False

    def is_term(self, issue: Issue) -> bool:
        if issue.category != SPELLING or not self.accepted_terms:
            return False
        word = issue.text.strip().lower()
        return word in self.accepted_terms or word.removesuffix("'s").removesuffix("’s") in self.accepted_terms

    def open_findings(self) -> list[int]:
        """Findings still waiting for a decision: not fixed, not ignored (alone or by rule), not an accepted term,
        and not touched by an accepted fix."""
        edits = self.edits()
        ends = [e.end for e in edits]
        out = []
        for n, i in enumerate(self.issues):
            if n in self.accepted or n in self.ignored or i.rule in self.ignored_rules or self.is_term(i):
                continue
            if edits and self._touches_edit(i, edits, ends):
                continue
            out.append(n)
        return out

    def shift(self) -> Callable[[int], int]:
        """A function mapping an offset of the checked text (outside any edit) to the corrected copy."""
        edits = self.edits()
        starts = [e.start for e in edits]
        deltas, total = [], 0
        for e in edits:
            total += len(e.replacement) - (e.end - e.start)
            deltas.append(total)

        def to_current(offset: int) -> int:
            k = bisect.bisect_right(starts, offset) - 1
            while k >= 0 and edits[k].end > offset:
                k -= 1  # an edit that starts before but ends after `offset` (never for open findings)
            return offset + (deltas[k] if k >= 0 else 0)

        return to_current

    def planned_edit(self, n: int, k: int) -> Edit:
        """The edit accepting suggestion k of finding n makes, in offsets of the checked text. A finding that
        holds fixes accepted inside it (a misspelling fixed inside a quotation in guillemets) gets a fix that keeps
        them wherever its suggestion keeps the words they changed; where it rewrites those words, it wins."""
        i = self.issues[n]
        edit = tidy_edit(self.base, Edit(i.start, i.end, i.suggestions[k]))
        inner = [e for m, e in self._inside(edit) if m != n]
        return _carry(self.base, edit, inner) if inner else edit

    def planned_more(self, n: int, k: int) -> list[Edit]:
        """The further edits accepting suggestion k of finding n makes elsewhere in the copy: a document-wide
        finding's (Issue.also, as `mtqa fix` applies them), less any word an accepted fix has already changed."""
        i = self.issues[n]
        if k != 0 or not i.also:
            return []
        taken = [e for _, e in self._accepted_edits()]
        return [e for e in i.also if all(e.end <= a.start or a.end <= e.start for a in taken)]

    def _inside(self, edit: Edit) -> list[tuple[int, Edit]]:
        """The accepted fixes an edit overlaps (and so replaces), by finding."""
        return [(m, e) for m, e in self._accepted_edits() if e.start < edit.end and edit.start < e.end
                or (e.start == e.end and edit.start <= e.start <= edit.end)]

    def settled_with(self, edit: Edit, candidates: list[int]) -> list[int]:
        """Which of the candidate findings an edit would settle (it touches them), as `open_findings` decides."""
        return [n for n in candidates if self.issues[n].start <= edit.end and edit.start <= self.issues[n].end
                and self._touches_edit(self.issues[n], [edit], [edit.end])]

    def word_delta(self, edit: Edit, window: int = 40) -> int:
        """How many words the corrected copy gains (or loses) with this edit: counted in a window around it, on the
        copy as it reads now (with the fixes accepted in the window, which the edit may replace)."""
        a, b = max(0, edit.start - window), min(len(self.base), edit.end + window)
        near = [Edit(e.start - a, e.end - a, e.replacement) for _, e in self._accepted_edits() if a <= e.start and e.end <= b]
        replaced = {(e.start, e.end) for _, e in self._inside(edit)}
        kept = [e for e in near if (e.start + a, e.end + a) not in replaced]
        before = apply_edits(self.base[a:b], near)
        after = apply_edits(self.base[a:b], kept + [Edit(edit.start - a, edit.end - a, edit.replacement)])
        return len(_WORD.findall(after)) - len(_WORD.findall(before))

    @staticmethod
    def penalty(issue: Issue) -> int:
        return PENALTY[issue.severity]

    def score(self, open_findings: list[int] | None = None) -> tuple[float, int]:
        text = self.text()
        words = len(_WORD.findall(text))
        found = open_findings if open_findings is not None else self.open_findings()
        return quality_score([self.issues[n] for n in found], words), words

    # decisions
    def _finding(self, n: int) -> Issue:
        if not 0 <= n < len(self.issues):
            raise MtqaError(f"There is no finding #{n + 1} in this check.")
        return self.issues[n]

    def accept(self, n: int, k: int = 0) -> str:
        issue = self._finding(n)
        if n not in self.open_findings():
            return f"Finding #{n + 1} was already settled."
        if not 0 <= k < len(issue.suggestions):
            raise MtqaError(f"Finding #{n + 1} has no suggestion {k + 1}.")
        to_current = self.shift()
        was = self.text()[to_current(issue.start):to_current(issue.end)]  # with the fixes accepted inside it
        edit = self._take(n, k)
        new = edit.replacement if self.message_inner else issue.suggestions[k]
        more = len(self.also.get(n, ()))
        more = f", and {more} more word{'s' if more != 1 else ''} of the copy the same way" if more else ""
        return f"Applied {issue.rule}: {_quoted(was)} → {_quoted(new) if new else '(deleted)'}{more}.{self.message_inner}"

    def _take(self, n: int, k: int) -> Edit:
        """Record suggestion k of finding n as accepted; the fixes accepted inside its span become part of it (kept
        where the suggestion keeps their words) and leave the record as fixes of their own."""
        edit = self.planned_edit(n, k)
        more = self.planned_more(n, k)
        inside = [(m, e) for m, e in self._inside(edit) if m != n]
        inner = list(dict.fromkeys(m for m, _ in inside))
        self.nested[n] = {}
        for m in inner:
            if any(e is self.accepted[m][1] for m2, e in inside if m2 == m):
                # its own edit is in this one's span: the whole decision is taken in, its edits elsewhere go on with it
                k_m, e_m = self.accepted.pop(m)
                further = self.also.pop(m, [])
                self.nested[n][m] = (k_m, e_m, further)
                more += [e for e in further if e.end <= edit.start or edit.end <= e.start]
            else:  # only some of its edits elsewhere (a word SPL001 respelled inside a quotation now fixed)
                covered = [e for m2, e in inside if m2 == m]
                self.also[m] = [e for e in self.also[m] if e not in covered]
                self.nested[n][m] = (None, None, covered)
        self.accepted[n] = (k, edit)
        if more:
            self.also[n] = sorted(more, key=lambda e: (e.start, e.end))
        self.message_inner = (f" The {len(inner)} fix{'es' if len(inner) != 1 else ''} made inside it "
                              f"{'are' if len(inner) != 1 else 'is'} part of this one now." if inner else "")
        return edit

    def undo(self, n: int) -> str:
        """Take back one accepted fix: the copy gets that passage back, and the findings the fix settled are open
        again. The fixes accepted inside it before it are other decisions: they stay (the passage comes back with
        them)."""
        issue = self._finding(n)
        if n not in self.accepted:
            return f"Finding #{n + 1} has no fix applied."
        del self.accepted[n]
        self.also.pop(n, None)
        kept = self.nested.pop(n, {})
        for m, (k_m, e_m, further) in kept.items():
            if e_m is not None:
                self.accepted[m] = (k_m, e_m)
                if further:
                    self.also[m] = further
            elif m in self.accepted:  # (undone since: those words go with it)
                self.also[m] = sorted(self.also.get(m, []) + further, key=lambda e: (e.start, e.end))
        inner = (f" The {len(kept)} fix{'es' if len(kept) != 1 else ''} made inside it "
                 f"{'stay' if len(kept) != 1 else 'stays'}." if kept else "")
        to_current = self.shift()
        back = self.text()[to_current(issue.start):to_current(issue.end)]  # with the fixes made inside it, which stay
        return f"Undid {issue.rule}: {_quoted(back)} is back.{inner}"

    def ignore(self, n: int) -> str:
        issue = self._finding(n)
        if n in self.accepted:  # one decision per finding: a fix already applied stays applied
            return f"Finding #{n + 1} was already settled."
        self.ignored.add(n)
        return f"Ignored {issue.rule} at {_clip(issue.text)!r}."

    def ignore_rule(self, rule: str) -> str:
        self.ignored_rules.add(rule)
        return f"Ignoring {rule} in this review."

    def add_term(self, term: str) -> str:
        self.accepted_terms.add(term.strip().lower())
        return f"{term.strip()!r} is now an accepted term."

    def restore_rule(self, rule: str) -> str:
        self.ignored_rules.discard(rule)
        return f"Checking {rule} again."

    def terms_in_use(self) -> dict[str, int]:
        """The accepted terms that silence a finding of this copy, each with the first finding it silences."""
        out: dict[str, int] = {}
        for n, i in enumerate(self.issues):
            if self.is_term(i):
                word = i.text.strip().lower()
                out.setdefault(word if word in self.accepted_terms else word.removesuffix("'s").removesuffix("’s"), n)
        return out

    def remove_term(self, n: int) -> tuple[str, set[str]]:
        """Stop accepting the term that silences finding n; returns the message and the keys removed."""
        word = self._finding(n).text.strip().lower()
        keys = {word, word.removesuffix("'s").removesuffix("’s")} & self.accepted_terms
        self.accepted_terms -= keys
        return f"{self._finding(n).text.strip()!r} is no longer an accepted term.", keys

    def changes(self) -> list[Change]:
        """Every fix accepted in this document: those of earlier checks (already part of the checked copy), then
        this check's, in the order they stand in the copy."""
        return self.history + [Change(self.issues[n].rule, self.base[e.start:e.end], e.replacement) for e, n in self.fixes()]

    def take_over(self, earlier: "Session") -> bool:
        """After the copy `earlier` gives was checked again as it stood (Check pressed again without an edit, or a
        setting or the source changed): this session checked the copy as `earlier` checked it, and takes over its
        decisions, each on the same finding of this check, so the fixes accepted stay fixes of this review (undone
        one by one, by "Undo all") and are not made part of the checked copy. False, with nothing taken, when this
        check is of another copy or a fixed finding is not in it (its family switched off): the caller then checks
        the corrected copy as an edited one (carry_over)."""
        if self.base != earlier.base:
            return False
        where: dict[tuple, int] = {}
        for n, i in enumerate(self.issues):
            where.setdefault((i.rule, i.start, i.end, i.text, tuple(i.suggestions)), n)

        def new(m: int) -> int | None:
            i = earlier.issues[m]
            return where.get((i.rule, i.start, i.end, i.text, tuple(i.suggestions)))

        fixed = set(earlier.accepted) | set(earlier.also) | set(earlier.nested) | {
            m for inner in earlier.nested.values() for m in inner}
        if any(new(m) is None for m in fixed):
            return False
        self.accepted = {new(n): decision for n, decision in earlier.accepted.items()}
        self.also = {new(n): list(edits) for n, edits in earlier.also.items()}
        self.nested = {new(n): {new(m): taken for m, taken in inner.items()} for n, inner in earlier.nested.items()}
        self.ignored = {new(n) for n in earlier.ignored if new(n) is not None}
        self.ignored_rules |= earlier.ignored_rules
        self.accepted_terms |= earlier.accepted_terms
        self.history, self.original, self.newline = list(earlier.history), earlier.original, earlier.newline
        self.foreign_source = earlier.foreign_source and (self.source, self.reference) == (earlier.source, earlier.reference)
        return True

    def foreign_note(self, short: bool = False) -> str:
        """What the page says while the source is another story's (foreign_source), "" otherwise: at the check, and
        (short) in the summary for as long as it holds."""
        if not self.foreign_source:
            return ""
        given = " and ".join(name for name, value in (("French source", self.source), ("reference", self.reference)) if value)
        if short:
            return f"Checked against the {given} of another story: the bilingual findings and the score may be wrong."
        return (f"This copy was checked against the {given} of the story checked before it, still under “French source "
                "and reference”, and it is another story: its bilingual findings and score may be wrong. Paste this "
                "story's own source there, or clear it, to check the copy again.")

    def carry_over(self, earlier: "Session") -> "Session":
        """After the copy was edited and checked again: keep this review's accepted terms and, for the same story,
        its ignored rules, and ignore again the occurrences ignored before (same rule, same words), as many as there
        were. When the copy is the earlier one edited (not another story, nor the copy as first checked pasted
        again), the fixes accepted so far stay on record (`history`). An occurrence or a rule ignored in another
        story is not ignored in this one: the same words may be an error there."""
        first = earlier.original or earlier.base
        same = same_document(earlier.text(), self.base)
        # another story checked with the source and reference of the last one, left as they were
        kept = bool(self.source or self.reference) and (self.source, self.reference) == (earlier.source, earlier.reference)
        self.foreign_source = kept and (earlier.foreign_source if same
                                        else bool(_shingles(earlier.text())) and bool(_shingles(self.base)))
        if same and self.base.strip() != first.strip():
            # only the fixes the copy still holds: the MT pasted again with a paragraph more has none of them
            # (a deletion is held when the copy has fewer of its words than the copy as first checked: a repeated
            # paragraph deleted leaves its first copy)
            self.history = [c for c in earlier.changes()
                            if (c.new in self.base if c.new.strip() else self.base.count(c.old) < first.count(c.old))]
            self.original = first if self.history else ""
        if same and self.newline == "\n":
            self.newline = earlier.newline  # the page's box holds \n only: the file's line ends are the earlier ones
        self.accepted_terms |= earlier.accepted_terms
        if not same:
            # "Ignore rule" is for this story: in another one the rule may catch a real error. A rule ignored for
            # good ("Always ignore") comes from the store with every check; the others are checked again, and said so
            again = sorted(earlier.ignored_rules - self.ignored_rules)
            if again:
                self.message = (f"Another story: {', '.join(again)}, ignored in the last one, {'is' if len(again) == 1 else 'are'} "
                                "checked again (“Always ignore” keeps a rule off in every story).")
            return self
        self.ignored_rules |= earlier.ignored_rules
        pending = Counter((earlier.issues[n].rule, earlier.issues[n].text) for n in earlier.ignored)
        for n, i in enumerate(self.issues):
            if pending[(i.rule, i.text)] > 0:
                pending[(i.rule, i.text)] -= 1
                self.ignored.add(n)
        return self

    def apply(self, action: str, store=None) -> str:
        """One decision, as the review view sends it: accept:N:K, undo:N, ignore:N, rule:N, always:N, term:N, all, reset,
        and their way back: restore:RULE (a rule ignored or always ignored) and unterm:N (the accepted term that
        silences finding N). `always` and `term`, and their way back, are also remembered in the store when one is
        given."""
        kind, _, rest = (action or "").partition(":")
        n, _, k = rest.partition(":")
        if kind in ("accept", "ignore", "undo", "rule", "always", "term", "unterm") and not (
                n.isdigit() and (not k or k.isdigit())):
            raise MtqaError(f"unknown action {action!r}")
        if kind == "accept":
            return self.accept(int(n), int(k or 0))
        if kind == "ignore":
            return self.ignore(int(n))
        if kind == "undo":
            return self.undo(int(n))
        if kind == "rule":
            return self.ignore_rule(self._finding(int(n)).rule)
        if kind == "always":
            rule = self._finding(int(n)).rule
            if store is not None:
                store.ignore_rule(rule)
            return self.ignore_rule(rule) + " Remembered for later reviews."
        if kind == "term":
            finding = self._finding(int(n))
            if finding.category != SPELLING:
                raise MtqaError(f"only a word flagged as a misspelling can be accepted as a term, not a {finding.rule} finding")
            term = finding.text.strip()
            if store is None:
                return self.add_term(term)
            store.add_term(term)
            return self.add_term(term) + f" Remembered (and written to {store.accept_file.name} for the CLI)."
        if kind == "restore":  # rest is the rule's code, which may hold a colon (HARPER:SpellCheck)
            message = self.restore_rule(rest)
            if store is not None and rest in store.ignored_rules():
                store.restore_rule(rest)
                message += " No longer ignored in later reviews."
            return message
        if kind == "unterm":
            message, keys = self.remove_term(int(n))
            if store is not None:
                gone = [t for t in store.terms() if t.lower() in keys]
                for t in gone:
                    store.remove_term(t)
                if gone:
                    message += f" Removed from the remembered terms (and from {store.accept_file.name})."
            return message
        if kind == "all":
            return self.accept_all()
        if kind == "reset":
            self.undo_all()
            if store is not None:  # "Always ignore" is kept for later reviews: this one keeps it too
                self.ignored_rules |= set(store.ignored_rules())
            if self.history:  # said as it is: those fixes are in the copy that was checked, not decisions of this check
                return (f"All decisions of this check undone. The {len(self.history)} fix(es) accepted before the copy "
                        "was last checked are part of the copy now (see Changes): edit them out, or paste the copy "
                        "as first checked to start again.")
            return "All decisions undone."
        raise MtqaError(f"unknown action {action!r}")

    def decisions(self) -> tuple:
        """A copy of the decisions taken so far (accepted fixes, ignored findings and rules, accepted terms), for
        `restore`."""
        return (dict(self.accepted), {n: dict(m) for n, m in self.nested.items()}, {n: list(e) for n, e in self.also.items()},
                set(self.ignored), set(self.ignored_rules), set(self.accepted_terms))

    def restore(self, decisions: tuple) -> None:
        """Put back the decisions `decisions()` copied (a copy again: the same copy can be restored twice)."""
        accepted, nested, also, ignored, rules, terms = decisions
        self.accepted, self.ignored, self.ignored_rules, self.accepted_terms = dict(accepted), set(ignored), set(rules), set(terms)
        self.nested = {n: dict(m) for n, m in nested.items()}
        self.also = {n: list(e) for n, e in also.items()}

    def undo_all(self) -> None:
        self.accepted.clear()
        self.nested.clear()
        self.also.clear()
        self.ignored.clear()
        self.ignored_rules.clear()

    def safe_fixes(self) -> tuple[list[int], int]:
        """The open findings Accept all may fix, and how many fixable ones it leaves to a person: nothing
        inside untranslated text, nothing that changes the words of a quotation (someone's words), no removed
        quotation marks, no fix only the neural layer suggests; of overlapping fixes the wider one wins, as in
        `mtqa fix`."""
        from mtqa.rules.quotes import quotes_of

        quotes = quotes_of(Document(text=self.base), None)
        untranslated = Spans((i.start, i.end) for i in self.issues if i.category == UNTRANSLATED)
        candidates, held = [], 0
        for n in self.open_findings():
            i = self.issues[n]
            if not i.suggestions:
                continue
            if (i.origin == "neural" or i.review or i.rule == SCARE_QUOTES or self._rewords_quote(i, quotes)
                    or untranslated.contains(i.start, i.end)):
                held += 1
                continue
            candidates.append(n)
        candidates.sort(key=lambda n: (-(self.issues[n].end - self.issues[n].start), self.issues[n].start))
        accepted = [(e.start, e.end) for e in self.edits()]
        taken: list[tuple[int, int]] = []
        chosen = []
        for n in candidates:
            i = self.issues[n]
            # apart from what this pass takes; a fix already accepted may lie inside it (it is carried along: the
            # wider one wins, as in `mtqa fix`), but not across its edge
            if all(i.end <= a or i.start >= b for a, b in taken) and all(
                    i.end <= a or i.start >= b or (i.start <= a and b <= i.end) for a, b in accepted):
                taken.append((i.start, i.end))
                chosen.append(n)
        return sorted(chosen), held

    def _rewords_quote(self, issue: Issue, quotes: list) -> bool:
        """Whether a finding's fix (its first suggestion, as Accept all takes it) changes the words of a quotation:
        it meets them, and it neither takes the quotation out whole, marks and all, nor keeps it as it reads. A
        repeated paragraph or a "Read also" line that holds a quotation is deleted, as `mtqa fix` deletes it (it
        was left "inside quotations"); a fix inside a quotation, across one of its ends, or one that rewords it
        (QUO006) is left to a person. The marks and spaces of a quotation (QUO002, QUO003) are not its words.
        `quotes`: the copy's quotations (quotes_of), in the order of the copy, none inside another."""
        if issue.rule in QUOTE_TYPOGRAPHY:
            return False
        new = issue.suggestions[0]
        for k in range(bisect.bisect_right(quotes, issue.start, key=lambda q: q.inner_end), len(quotes)):
            q = quotes[k]
            if q.inner_start >= issue.end:
                break
            whole = issue.start <= q.open and q.close < issue.end
            if not whole or (new and self.base[q.open:q.close + 1] not in new):
                return True
        return False

    def accept_all(self) -> str:
        chosen, held = self.safe_fixes()
        for n in chosen:
            self._take(n, 0)
        left = f"; {held} left for you (inside quotations or untranslated text, a guess at an unknown word, or suggested by a model)" if held else ""
        if not chosen and self.accepted:  # a second click (a double click): say where the review stands, not "0"
            done = len(self.accepted)
            return f"Every safe fix is already applied ({done} fix{'es' if done != 1 else ''} accepted){left}."
        return f"Accept all applied {len(chosen)} fix{'es' if len(chosen) != 1 else ''}{left}."

    def counts(self, open_findings: list[int]) -> dict[str, int]:
        return dict(Counter(family_label(self.issues[n].rule) for n in open_findings))


def _clip(s: str, n: int = 60) -> str:
    s = " / ".join(part.strip() for part in s.strip().splitlines() if part.strip())
    return s if len(s) <= n else s[: n - 1] + "…"


def _quoted(s: str) -> str:
    """A finding's text or a fix for a message: quoted and clipped, or named when it is only white space (a
    doubled space or the space before "%" quoted would read as '')."""
    if s.strip():
        return repr(_clip(s))
    if "\n" in s:
        return "a line break"
    return "a space" if len(s) == 1 else f"{len(s)} spaces"


def stage_uploads(paths: list[str], max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES) -> tuple[Path, list[str]]:
    """Copy uploaded files into one private folder under their own names, so that story.en.txt finds its
    story.fr.txt and story.ref.txt as it does on disk; refuse files over the upload limit."""
    folder = Path(tempfile.mkdtemp(prefix="mtqa-batch-"))
    staged = []
    for p in paths:
        size = os.path.getsize(p)
        name = Path(p).name
        if size > max_bytes:
            shutil.rmtree(folder, ignore_errors=True)
            raise MtqaError(f"{name} is {size / 1e6:.1f} MB; the limit here is {max_bytes / 1e6:.1f} MB per file. "
                            "Check large files with the CLI.")
        with open(p, "rb") as fh:
            long = _LONG_TOKEN_BYTES.search(fh.read())
        if long:
            shutil.rmtree(folder, ignore_errors=True)
            raise MtqaError(f"{name} has a run of {len(long.group()):,} characters without a space; the longest accepted "
                            f"here is {MAX_TOKEN:,}. Check such files with the CLI.")
        target = folder / name
        stem, n = target, 1
        while target.exists():
            n += 1
            target = folder / f"{stem.stem}-{n}{stem.suffix}"
        shutil.copyfile(p, target)
        staged.append(str(target))
    return folder, staged


def batch(paths: list[str], style: str = "us", families: tuple[str, ...] = tuple(FAMILIES), neural: bool = False,
          max_chars: int = DEFAULT_MAX_CHARS, max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES) -> tuple[list[list], str, str, list]:
    """Check uploaded files as the CLI would (story.en.txt with its .fr/.ref companions; any format mtqa reads):
    per-document rows, a JSON and an HTML report that name files as uploaded, and each document's
    (text, source, reference) so a row can be opened in the review view."""
    from mtqa.batch import run_batch
    from mtqa.formats import html as html_writer
    from mtqa.formats import jsonout
    from mtqa.formats.readers import ReadError
    from mtqa.formats.readers import _is_companion as is_companion

    folder, staged = stage_uploads(paths, max_bytes)
    try:
        engine = engine_for(style, tuple(sorted(families)), True if neural else None, max_chars)
        inputs = [p for p in staged if not is_companion(Path(p))]  # as the CLI reads a folder
        report = Report(fail_on=engine.config.fail_on, fail_under=engine.config.fail_under, signature=engine.signature)
        run_batch(engine, inputs, report, quiet=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for r in report.results:  # reports name the file as uploaded, never the server's folder
        r.document.path = Path(r.document.path or "-").name
    report.errors = [ReadError(Path(e.path).name, e.message.replace(str(folder) + os.sep, "")) for e in report.errors]
    rows, docs = [], []
    for r in report.results:
        by_family = Counter(family_label(i.rule) for i in r.issues)
        rows.append([r.document.path, r.document.id or "", r.words, r.score, len(r.issues),
                     ", ".join(f"{k} {v}" for k, v in sorted(by_family.items()))])
        docs.append((r.document.text, r.document.source or "", r.document.reference or ""))
    rows += [[e.path, "", 0, None, None, f"could not check: {e.message}"] for e in report.errors]
    out = Path(tempfile.mkdtemp(prefix="mtqa-report-"))
    (out / "mtqa-report.json").write_text(jsonout.render(report), encoding="utf-8")
    (out / "mtqa-report.html").write_text(html_writer.render(report), encoding="utf-8")
    return rows, str(out / "mtqa-report.json"), str(out / "mtqa-report.html"), docs
