"""The one checking call every face uses: selected rules (and the grammar layer) over Documents -> Results."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import Iterable

from mtqa import __version__
from mtqa.config import Config
from mtqa.document import Document, unicode_problem
from mtqa.errors import DocumentError, MtqaError
from mtqa.grammar.harper import SUGGESTIONS_WARM_UP
from mtqa.issues import Issue, Severity, apply_edits, choose_fixes, fold_into_untranslated, merge_issues, quality_score
from mtqa.limits import LONG_PARAGRAPH, LONG_TOKEN, NOT_FULLY_CHECKED, budget_finding, limit_findings
from mtqa.rules import ALL_RULES, Rule
from mtqa.spans import Spans

log = logging.getLogger(__name__)

REPEATED_PARAGRAPH = "DUP001"
# A document that loads what the rules load lazily on a first real document (word-frequency tables, the French
# word list, the part-of-speech tagger for an ambiguous pair of reporting verbs, the named-entity recogniser for an
# unknown capitalised word opening a sentence, one edit from a common word: Harper is taught the others as names),
# and its last paragraph Harper's suggestion search for a long unknown word (automata built once per thread):
# checked by warm_up() in a batch worker before its first task, and by the server and the UI before their first
# request, so that cost is not paid inside one.
_MODELS_WARM_UP = ("Sentor spoke to reporters on Friday. The minister said announced that the talks would resume.\n\n"
                   "Le ministre a annoncé vendredi la reprise des négociations.\n")
WARM_UP_TEXT = _MODELS_WARM_UP + "\n" + SUGGESTIONS_WARM_UP + "\n"
GRAMMAR_STEP = "grammar"
# A fix can leave something for another: a wide fix hides the findings inside it ("« a mistake »." becomes
# "\"a mistake\"." and only then is QUO005's period outside the quotation found). `mtqa fix` checks its result again
# and fixes that too, at most this many passes in all, so two fixes that undo each other can never loop.
MAX_FIX_PASSES = 4
_clock = time.monotonic  # the time budget's clock (a test replaces it)


@dataclass(frozen=True)
class Fixed:
    """A document's text with its fixes applied: how many edits changed it, over how many passes."""

    text: str
    applied: int
    passes: int


@dataclass
class Result:
    """What the engine found in one document."""

    document: Document
    issues: list[Issue]
    words: int
    score: float
    metrics: dict = field(default_factory=dict)
    skipped: tuple[str, ...] = ()  # rules (and "grammar") the time budget left out: the check is incomplete

    @property
    def complete(self) -> bool:
        return not self.skipped

    def worst(self) -> Severity | None:
        return max((i.severity for i in self.issues), default=None)

    def fails(self, fail_on: Severity, fail_under: float | None = None) -> bool:
        if any(i.severity >= fail_on for i in self.issues):
            return True
        return fail_under is not None and self.score < fail_under


def _outside_markup(doc: Document, issues: list[Issue]) -> list[Issue]:
    """A Markdown or HTML file's findings less those inside its code, link targets, tags, scripts and styles (see
    mtqa.formats.markup); a finding that spans prose and markup (an untranslated sentence with a link in it) stays,
    without the fix that would rewrite the markup. The engine's own findings stay."""
    from mtqa.formats.markup import markup_kind, markup_spans

    kind = markup_kind(doc.path)
    markup = markup_spans(doc.text, kind) if kind else None
    if not markup:
        return issues
    kept = []
    for i in issues:
        if i.rule.startswith("E0") or not markup.touches(i.start, i.end):
            kept.append(i)
        elif not markup.holds(i.start, i.end):
            kept.append(replace(i, suggestions=(), review=False) if i.suggestions else i)
    return kept


def _prefix_match(code: str, prefixes: Iterable[str]) -> int:
    """Length of the most specific prefix in `prefixes` matching `code` (ALL counts 0), or -1."""
    best = -1
    for p in prefixes:
        if p == "ALL":
            best = max(best, 0)
        elif code.startswith(p):
            best = max(best, len(p))
    return best


GRAMMAR_PREFIXES = ("HARPER:", "LT:")


def check_selectors(config: Config, rules: Iterable[Rule] = ALL_RULES) -> None:
    """Every code or prefix in select and ignore names at least one rule (like ruff, an unknown selector is a
    usage error, not a run that silently checks nothing), and every severity override a rule's code. Grammar codes
    (HARPER:..., LT:...) are the backend's."""
    codes = [r.code for r in rules]
    where = f" (in {config.origin})" if config.origin != "defaults" else ""  # the command line's are checked first
    for key, selectors in (("select", config.select), ("ignore", config.ignore)):
        check_selector_list(key, selectors, codes, where)
    for code in config.severity:  # an override of no rule would change nothing, silently
        if (code not in codes and code not in ENGINE_CODES and not code.startswith(GRAMMAR_PREFIXES)) \
                or _unknown_harper_lint(code, whole=True):
            raise MtqaError(f"severity: no rule {code!r} (from {config.origin}); severity takes whole rule codes "
                            f"(CAL001, HARPER:SpellCheck), not prefixes; `mtqa rules` lists the codes"
                            + _harper_hint(code))


@cache
def _harper_lints() -> tuple[str, ...] | None:
    """The names of Harper's lints (HARPER:<name>), or None without Harper. Asked only when a setting names one:
    it loads Harper's dictionary (about half a second, once)."""
    try:
        import harper
    except ImportError:
        return None
    return tuple(sorted(harper.get_default_lint_config()))


@cache
def _shipped_harper_codes() -> frozenset[str]:
    """The HARPER: codes written in configs/default.toml: tested against Harper's lints (tests/test_config.py),
    so that a run with the defaults alone need not load Harper's dictionary to check them."""
    import tomllib

    from mtqa.resources import data_path

    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str) and value.startswith("HARPER:"):
            found.add(value)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)

    walk(tomllib.loads(data_path("configs", "default.toml").read_text(encoding="utf-8")))
    return frozenset(found)


def _unknown_harper_lint(selector: str, whole: bool = False) -> bool:
    """A HARPER:<name> selector (a prefix, or with `whole` a whole code) that names no lint of Harper's: a typo
    ("HARPER:Spellcheck") would otherwise select or ignore nothing, silently."""
    name = selector[len("HARPER:"):] if selector.startswith("HARPER:") else None
    if not name or selector in _shipped_harper_codes():
        return False
    lints = _harper_lints()
    return lints is not None and not any(lint == name if whole else lint.startswith(name) for lint in lints)


def _harper_hint(selector: str) -> str:
    import difflib

    if not selector.startswith("HARPER:") or not _harper_lints():
        return ""
    by_lower = {n.lower(): n for n in _harper_lints()}
    close = difflib.get_close_matches(selector[len("HARPER:"):].lower(), list(by_lower), n=1, cutoff=0.8)
    return f" (did you mean HARPER:{by_lower[close[0]]}?)" if close else ""


def check_selector_list(key: str, selectors: Iterable[str], codes: Iterable[str] | None = None, where: str = "") -> None:
    """A usage error naming the first selector that matches no rule nor grammar code, and where it was written."""
    codes = [r.code for r in ALL_RULES] if codes is None else list(codes)
    for s in selectors:
        if s == "ALL" or any(c.startswith(s) for c in (*codes, *IGNORABLE_ENGINE_CODES)):
            continue
        if any(s.startswith(g) or g.startswith(s) for g in GRAMMAR_PREFIXES) and not _unknown_harper_lint(s):
            continue
        raise MtqaError(f"{key}: no rule matches {s!r}{where}; `mtqa rules` lists the codes" + _harper_hint(s))


def select_rules(config: Config, rules: Iterable[Rule] = ALL_RULES, provided: Iterable[str] = ()) -> list[Rule]:
    """The rules to run: selection by most specific prefix, opt-in and neural rules only when asked for, and
    rules needing a user's model only when that model is configured (or `provided` as a function)."""
    check_selectors(config, rules)
    chosen = []
    for r in rules:
        sel = _prefix_match(r.code, config.select)
        ign = _prefix_match(r.code, config.ignore)
        if sel < 0 or ign >= sel:
            continue
        if not r.default_enabled and sel == 0:
            continue  # opt-in rules need to be selected by family or code
        if r.neural and r.code not in config.select and not config.neural.enabled:
            continue  # the neural layer is off unless asked for (--neural) or the rule is selected by its code: a
            # family ("BIL") does not load models
        if r.requires and not config.neural.model_path(r.requires) and r.requires not in provided:
            if sel <= 0 or r.code not in config.select:
                continue  # a bring-your-own-model rule runs only once its model is configured
            raise MtqaError(
                f"{r.code} needs a local model: set {r.requires} = \"PATH\" under [mtqa.neural] in mtqa.toml "
                f"(a folder saved with transformers' save_pretrained; see docs/neural.md)"
            )
        chosen.append(r)
    return chosen


class Context:
    """Shared, lazily created resources for one engine: created once, reused for every document."""

    def __init__(self, config: Config):
        self.config = config
        self._cache: dict = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def resource(self, key: str, factory):
        """The resource `key`, created by `factory` on first use. Two threads that ask for it at once (the
        server's checks; a pipeline loading beside a check) get the same one, created once."""
        try:
            return self._cache[key]
        except KeyError:
            pass
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._cache:
                self._cache[key] = factory()
        return self._cache[key]

    def provide(self, key: str, value) -> None:
        """Use `value` for resource `key` instead of creating it (a caller's own model function)."""
        self._cache[key] = value


class Engine:
    """Runs the selected rules and the grammar layer over documents. Knows nothing of files or terminals."""

    def __init__(self, config: Config, grammar=None, models: dict | None = None, cache=None):
        """`models` maps [mtqa.neural] keys ("qe-model", "fluency-model", "translation-model", "encoder") to
        functions used instead of loading a model folder: the same signatures as mtqa.neural's loaders return.
        `cache` (mtqa.cache.GrammarCache, or None) keeps the grammar backend's answers across runs."""
        from mtqa.neural import RESOURCE

        models = dict(models or {})
        self.config = config
        self.rules = select_rules(config, provided=models)
        self._e006 = engine_finding_on(SOURCE_NOT_FRENCH, config)
        self._e007 = engine_finding_on(NO_TRANSLATION, config)
        self.context = Context(config)
        for key, fn in models.items():
            self.context.provide(RESOURCE[key], fn)
        self._grammar = grammar
        self._grammar_loaded = grammar is not None
        self.cache = cache
        if any(r.family == "calques" for r in self.rules):
            from mtqa.rules.lexicon import get_lexicon

            get_lexicon(self.context)  # validate the lexicons now: a bad user file fails before any document
        if any(r.neural for r in self.rules):
            check_model_paths(config, self.rules, provided=models)  # a missing folder fails now, not mid-batch

    @property
    def grammar(self):
        """The grammar backend, created on first use (None when the config says grammar = "none")."""
        if not self._grammar_loaded:
            from mtqa.grammar import make_backend

            self._grammar = make_backend(self.config, cache=self.cache)
            self._grammar_loaded = True
        return self._grammar

    def warm_up(self, this_thread: bool = True) -> None:
        """Pay the one-time costs of a first document now (see WARM_UP_TEXT): for a worker that has no warmed
        parent to inherit them from. `this_thread` False: not what belongs to this thread alone (Harper's
        suggestion automata), for a process that will not check on it."""
        if this_thread:
            self.warm([Document(text=WARM_UP_TEXT)])
        else:
            self.check(Document(text=_MODELS_WARM_UP))

    def warm(self, docs: Iterable[Document] = ()) -> list[Result]:
        """Load the heavy resources now (the grammar linter, and whatever checking `docs` needs), so worker
        processes forked from this one share them instead of loading their own. Returns the results of `docs`."""
        if self.grammar is not None and hasattr(self.grammar, "warm"):
            self.grammar.warm()
        return [self.check(d) for d in docs]

    @cached_property
    def signature(self) -> str:
        """Like sacrebleu's signature: what produced these results, so two scores can be compared."""
        from mtqa.rules.lexicon import lexicon_digest

        h = hashlib.sha256()
        for r in self.rules:
            h.update(f"{r.code}:{self.config.severity.get(r.code, r.severity)};".encode())
        for code, on in ((SOURCE_NOT_FRENCH, self._e006), (NO_TRANSLATION, self._e007)):
            if not on:  # an ignored engine finding changes scores as a rule left out does (kept: no change)
                h.update(f"-{code};".encode())
        for code in sorted(set(self.config.severity) & set(ENGINE_CODES)):
            h.update(f"{code}:{self.config.severity[code]};".encode())
        h.update(lexicon_digest(self.config).encode())
        grammar = backend_label(self.config)
        signature = f"mtqa:{__version__}|rules:{len(self.rules)}|hash:{h.hexdigest()[:10]}|grammar:{grammar}|style:{self.config.house_style}"
        if any(r.neural for r in self.rules):
            signature += f"|neural:{neural_label(self.config)}"
        return signature

    def _with_severities(self, issues: list[Issue]) -> list[Issue]:
        """The findings with the config's severity overrides applied (rules, grammar codes, engine findings)."""
        overrides = self.config.severity
        return [replace(i, severity=overrides[i.rule]) if i.rule in overrides else i for i in issues]

    def overlap_grammar(self) -> None:
        """Let the grammar backend lint each document on a thread of its own while the rules run (a process
        that checks on one thread: not a forked worker, whose linter thread would rebuild Harper's per-thread
        state)."""
        if self.grammar is not None and hasattr(self.grammar, "overlap"):
            self.grammar.overlap = True

    def prepare(self, docs: list[Document]) -> None:
        """Work done better for many documents at once than one by one, before they are checked: the
        cross-lingual encoder's calls, batched across records (when the selected rules use it), and the names
        the grammar backend should learn before it lints them."""
        docs = [d for d in docs if not not_unicode(d)]  # check() refuses them, each on its own
        if self.grammar is not None and hasattr(self.grammar, "prepare"):
            self.grammar.prepare(docs)
        if self.grammar is not None and getattr(self.grammar, "overlap", False):
            # lint them all now: the linter threads go on to the next documents while the rules run on this one
            # (a first long unknown word or a model loading no longer stops both sides in turn)
            for doc in self._not_kept(docs):
                self.grammar.begin_ahead(doc)
        if any(r.needs_source for r in self.rules) and any(d.source for d in docs):
            from mtqa.align import prefetch_similarities, uses_similarity

            if uses_similarity(self.context):
                prefetch_similarities(docs, self.context)

    def fix(self, result: Result, neural: bool = True, max_passes: int = MAX_FIX_PASSES) -> Fixed:
        """The text of `result`'s document with the first suggestion of every fixable finding applied (choose_fixes),
        checked again and fixed again until a check finds nothing it can fix, at most `max_passes` passes in all.
        A pass that gives back a text seen before (two fixes undoing each other) ends it at the last new text."""
        text, applied, passes = result.document.text, 0, 0
        seen = {text}
        while passes < max_passes:
            if passes:
                try:
                    result = self.check(replace(result.document, text=text))
                except DocumentError:  # the fixed text broke a limit (max-chars): keep what the passes so far gave
                    break
            edits = [e for e in choose_fixes(result.issues, neural=neural) if text[e.start:e.end] != e.replacement]
            new = apply_edits(text, edits)
            if not edits or new in seen:
                break
            seen.add(new)
            text, applied, passes = new, applied + len(edits), passes + 1
        return Fixed(text, applied, passes)

    def check_text(self, text: str, **doc_fields) -> Result:
        return self.check(Document(text=text, **doc_fields))

    def check(self, doc: Document) -> Result:
        if len(doc.text) > self.config.max_chars:
            raise DocumentError(
                f"{len(doc.text):,} characters is over the limit of "
                f"{self.config.max_chars:,} (max-chars in the config)"
            )
        problem = not_unicode(doc)
        if problem:
            raise DocumentError(problem)
        key = self._result_key(doc) if self.cache is not None else None
        kept = self._kept_result(doc, key)
        if kept is not None:
            return kept
        if not doc.text.strip() and doc.source and doc.source.strip() and self._e007:
            missing = self._with_severities([no_translation(doc)])
            result = Result(doc, missing, 0, quality_score(missing, 0))
            if doc.reference:  # the corpus figures count this document: its own figures say why they fell
                from mtqa.metrics import document_metrics

                result.metrics = document_metrics(doc.text, doc.reference)
            self._keep_result(key, result)
            return result
        found: list[Issue] = limit_findings(doc, self.config)
        wrong = foreign_source(doc) if self._e006 else None
        if wrong is not None:  # the copy is checked alone: checks against another text would only mislead
            found.append(wrong)
        checked = replace(doc, source=None) if wrong is not None else doc
        begun = self.grammar.begin(doc) if self.grammar is not None and hasattr(self.grammar, "begin") else None
        budget = self.config.max_check_seconds
        started = _clock()
        ran: list[str] = []
        skipped: list[str] = []
        left = None  # (paragraphs the grammar layer left, paragraphs) when the budget ran out during it
        for r in self.rules:
            if r.needs_source and not checked.source:
                continue
            if budget and _clock() - started > budget:
                skipped.append(r.code)
                continue
            ran.append(r.code)
            try:
                found.extend(r.check(checked, self.context))
            except MtqaError:
                raise  # the user's to fix (a bad lexicon, a missing model): say so, do not bury it as a finding
            except Exception as exc:  # a broken rule must not stop the run
                log.exception("rule %s failed on %s", r.code, doc.path or doc.id or "input")
                found.append(internal_error(doc, r.code, exc))
        if self.grammar is not None and budget and _clock() - started > budget:
            skipped.append(GRAMMAR_STEP)
        elif self.grammar is not None:
            cfg = self.config
            # a backend that keeps time (Harper) stops between paragraphs when the budget runs out, as the rules do
            timed = {"out_of_time": lambda: _clock() - started > budget} if budget and getattr(self.grammar, "keeps_time", False) else {}
            found.extend(
                i for i in (self.grammar.check(doc, self.context, begun, **timed) if begun is not None
                            else self.grammar.check(doc, self.context, **timed))
                if _prefix_match(i.rule, cfg.select) > _prefix_match(i.rule, cfg.ignore)
            )
            left = doc.take("grammar-left")
            if left:
                skipped.append(GRAMMAR_STEP)
        if skipped:
            named = [f"{s} ({left[0]:,} of {left[1]:,} paragraphs)" if s == GRAMMAR_STEP and left else s for s in skipped]
            found.append(budget_finding(doc, budget, ran, named))
        found = self._with_severities(found)
        issues = _outside_markup(doc, fold_into_untranslated(_drop_inside_repeats(merge_issues(found))))
        words = doc.word_count
        result = Result(doc, issues, words, quality_score(issues, words), skipped=tuple(skipped))
        if doc.reference:
            from mtqa.metrics import document_metrics

            result.metrics = document_metrics(doc.text, doc.reference)
        self._keep_result(key, result)
        doc.release_caches()
        checked.release_caches()
        return result

    @cached_property
    def _result_space(self) -> str:
        """What decides a document's whole result, for the cache: the signature (versions, rules and their
        severities, lexicons, backends, models), the code itself and every setting of the config."""
        from dataclasses import fields

        from mtqa.cache import code_digest, namespace

        cfg = self.config
        return namespace(kind="result", signature=self.signature, code=code_digest(),
                         config={f.name: _stable(getattr(cfg, f.name)) for f in fields(cfg) if f.name not in _NOT_IN_A_RESULT})

    @staticmethod
    def _result_key(doc: Document) -> str:
        """Everything of the document the check reads: its text, source and reference (not its name); built once
        per document, so a batch's look-up (_not_kept) and the document's check share it."""
        from mtqa.formats.markup import markup_kind

        return doc.memo("result-key", lambda: "\x1f".join("\x00" if part is None else "\x01" + part
                                                           for part in (doc.text, doc.source, doc.reference,
                                                                        markup_kind(doc.path))))

    def _not_kept(self, docs: list[Document]) -> list[Document]:
        """The documents the cache holds no result for (looked up together; each remembers the answer for its
        check), less those too long to check."""
        docs = [d for d in docs if len(d.text) <= self.config.max_chars]
        if self.cache is None:
            return docs
        keys = [self._result_key(d) for d in docs]
        found = self.cache.get_many(self._result_space, keys, kind="result")
        for doc, key in zip(docs, keys):
            doc.memo("kept-result", lambda key=key: found.get(key))
        return [d for d, key in zip(docs, keys) if key not in found]

    def _kept_result(self, doc: Document, key: str | None) -> Result | None:
        """The result of a document checked before with the same engine and settings, from the cache (`key`:
        its `_result_key`, None without a cache): a re-run of unchanged copy runs no rule at all."""
        if key is None:
            return None
        data = doc.take("kept-result", False)
        if data is False:  # not looked up with its batch (see _not_kept)
            data = self.cache.get_many(self._result_space, [key], kind="result").get(key)
        if data is None:
            return None
        from mtqa.resume import restore_result

        try:
            return restore_result(doc, data)
        except ValueError:  # a damaged cache row (see restore_result): checked again, and rewritten
            log.warning("a cached result for %s is damaged; checking it again", doc.path or doc.id or "input")
            return None

    def _keep_result(self, key: str | None, result: Result) -> None:
        """Cache a complete result; not one the time budget cut short, nor one with a rule's internal error."""
        if key is None or result.skipped or any(i.rule == INTERNAL_ERROR for i in result.issues):
            return
        from mtqa.resume import stored_result

        self.cache.put_many(self._result_space, {key: stored_result(result)})


def not_unicode(doc: Document) -> str | None:
    """Why a document's text, source or reference is not Unicode text (a lone surrogate, such as a
    surrogateescape'd byte or a JSON "\\udc80" escape, which no backend can encode), or None."""
    for name, value in (("text", doc.text), ("source", doc.source), ("reference", doc.reference)):
        problem = value and unicode_problem(value)
        if problem:
            return f"the {name} has {problem}"
    return None


def backend_label(config: Config) -> str:
    """The grammar backend and its version, without starting it."""
    if config.grammar == "harper":
        from mtqa.grammar.harper import _version

        version = _version()
        return f"harper-{version}" if version != "unknown" else "harper-missing"
    if config.grammar == "languagetool":
        return f"languagetool@{config.languagetool_url or 'env'}"
    return "none"


def check_model_paths(config: Config, rules: list[Rule], provided: Iterable[str] = ()) -> None:
    """Every model folder the selected neural rules will load exists (nothing is loaded yet)."""
    from mtqa.neural import model_dir

    n = config.neural
    keys = {r.requires for r in rules if r.requires}
    if n.translation_model:
        keys.add("translation-model")
    if n.encoder != "e5" and any(r.needs_source for r in rules):
        keys.add("encoder")
    for key in sorted(keys - set(provided)):
        model_dir(n.model_path(key), key)


def neural_label(config: Config) -> str:
    """Which models the neural layer uses: the encoder, then any model the user brought (by folder name)."""
    from pathlib import Path

    n = config.neural
    parts = ["e5-small" if n.encoder == "e5" else Path(n.encoder).name, "minilm-l6"]
    parts += [f"{k}={Path(v).name}" for k, v in (("qe", n.qe_model), ("lm", n.fluency_model), ("mt", n.translation_model)) if v]
    return "+".join(parts)


def _drop_inside_repeats(issues: list[Issue]) -> list[Issue]:
    """Findings inside a repeated paragraph were already reported on its first copy, and deleting the
    repeat fixes them: report them once."""
    repeats = Spans((i.start, i.end) for i in issues if i.rule == REPEATED_PARAGRAPH)
    if not repeats:
        return issues
    return [i for i in issues if i.rule == REPEATED_PARAGRAPH or not repeats.contains(i.start, i.end)]


def _stable(value):
    """A setting as the same plain data in every process (a set's order changes from one process to the next)."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(_stable, value), key=repr)
    if isinstance(value, dict):
        return sorted(([_stable(k), _stable(v)] for k, v in value.items()), key=repr)
    if isinstance(value, (list, tuple)):
        return [_stable(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


# settings that decide nothing in a document's result: the gate, where the config came from, where state is kept
_NOT_IN_A_RESULT = frozenset({"fail_on", "fail_under", "origin", "cache", "cache_dir", "review_store"})
INTERNAL_ERROR = "E002"
SOURCE_NOT_FRENCH = "E006"
NO_TRANSLATION = "E007"
ENGINE_CODES = (INTERNAL_ERROR, LONG_TOKEN, LONG_PARAGRAPH, NOT_FULLY_CHECKED, SOURCE_NOT_FRENCH,
                NO_TRANSLATION)  # the engine's own findings
# what each says, for `mtqa rules`: (severity, category, summary)
ENGINE_FINDINGS = {
    "E001": ("critical", "Other", "A file or record that could not be read (not UTF-8, broken JSON, XML or PO, "
                                  "unreadable): named with its line; the others are checked, and the run exits 1."),
    INTERNAL_ERROR: ("minor", "Other", "A rule failed on this document (a bug in mtqa: please report it); the other "
                                       "rules ran."),
    LONG_TOKEN: ("major", "Other", "A run without a space longer than max-token-chars: blanked for the grammar layer."),
    LONG_PARAGRAPH: ("minor", "Other", "A paragraph longer than max-paragraph-chars: not grammar-checked."),
    NOT_FULLY_CHECKED: ("major", "Other", "The max-check-seconds budget ran out: the rules (or grammar-layer paragraphs) it names were skipped."),
    SOURCE_NOT_FRENCH: ("major", "Other", "The source is not French: the checks against it did not run. "
                                          "`--ignore E006` compares with it anyway."),
    NO_TRANSLATION: ("critical", "Accuracy/Omission", "The copy is empty while its source has text: scores 0. "
                                                      "`--ignore E007` lets such records pass."),
}
# the engine's findings a user may switch off (the others say that a document was not fully checked)
IGNORABLE_ENGINE_CODES = (SOURCE_NOT_FRENCH, NO_TRANSLATION)


def engine_finding_on(code: str, config: Config) -> bool:
    """An engine finding is reported unless ignored more specifically than it is selected: `--select CAL` alone
    does not hide that a record has no translation."""
    ignored = _prefix_match(code, config.ignore)
    return ignored < 0 or ignored < _prefix_match(code, config.select)


def no_translation(doc: Document) -> Issue:
    """The one finding of an empty translation whose source has text (a feed record the MT never filled): the
    whole story is missing, so the document scores 0 and fails any gate."""
    words = Document(text=doc.source or "").word_count
    return Issue(
        rule=NO_TRANSLATION, category="Accuracy/Omission", severity=Severity.CRITICAL, start=0, end=0, text="",
        origin="engine",
        message=f"No translation: the copy is empty while its source has {words:,} word{'s' if words != 1 else ''}.",
    )


def foreign_source(doc: Document) -> Issue | None:
    """A finding when the source given is not French (the English copy itself, another story's translation, a
    source in another language): the checks against the source do not run on it, and the user is told why."""
    from mtqa.rules.bilingual import source_not_french

    language = source_not_french(doc.source) if doc.source else None
    if language is None:
        return None
    return Issue(
        rule=SOURCE_NOT_FRENCH, category="Other", severity=Severity.MAJOR, start=0, end=0, text="", origin="engine",
        message=(f"The source is not French{' (it reads as English)' if language else ''}: the checks against the source (BIL, and the calque "
                 "and quotation checks that compare with it) did not run. Give the French original as the source."),
    )


def internal_error(doc: Document, code: str, exc: Exception) -> Issue:
    return Issue(
        rule=INTERNAL_ERROR,
        category="Other",
        severity=Severity.MINOR,
        start=0,
        end=0,
        text="",
        message=f"internal error in rule {code}: {type(exc).__name__}: {exc} (please report it)",
        origin="engine",
    )
