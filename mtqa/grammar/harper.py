"""The embedded grammar and spelling backend: Harper (harper-py), in-process and offline."""

from __future__ import annotations

import itertools
import logging
import os
import queue
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cached_property, lru_cache
from typing import NamedTuple

from mtqa.config import Config
from mtqa.errors import MtqaError
from mtqa.grammar.names import NameOracle
from mtqa.issues import Issue, Severity

log = logging.getLogger(__name__)

PREFIX = "HARPER:"
# a long unknown lowercase word far from every dictionary word ("zvqkjrtx"): Harper's first suggestion search on a
# thread builds that thread's automata (see below); a capitalised one would be taught as a name (see teach_names) by
# the check the server and the UI run before warming, and then lint as a known word
SUGGESTIONS_WARM_UP = "Talks with Kvartunović resumed after the goverrnment's reoprt on the zvqkjrtx."

_CATEGORY = {
    "Spelling": "Fluency/Spelling",
    "Capitalization": "Fluency/Spelling",
    "Punctuation": "Fluency/Punctuation",
    "Formatting": "Fluency/Punctuation",
    "Agreement": "Fluency/Grammar",
    "Grammar": "Fluency/Grammar",
    "Repetition": "Fluency/Grammar",
    "Miscellaneous": "Fluency/Grammar",
    "WordChoice": "Fluency/Grammar",
    "Usage": "Fluency/Grammar",
    "Eggcorn": "Fluency/Grammar",
    "Malapropism": "Fluency/Grammar",
    "Typo": "Fluency/Spelling",
    "Redundancy": "Style/Awkward",
    "Style": "Style/Awkward",
    "Readability": "Style/Awkward",
    "Enhancement": "Style/Awkward",
}
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_ACRONYM_NEXT = re.compile(r"\s*[A-Z]{2,}\b")
_ONE_WORD = re.compile(r"[\w'’.-]+")
_WORDS_ONLY = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CAPITALISED = re.compile(r"\b[^\W\d_a-z][^\W\d_]{2,}\b")  # a capitalised word of three letters or more
_MAX_WORDS_SEEN = 500_000
_WORD_KINDS = {"Spelling", "WordChoice", "Typo", "Miscellaneous", "Eggcorn", "Malapropism", "Usage"}
_MAJOR_KINDS = {"Agreement", "Grammar", "Repetition"}

# Harper builds its spelling-suggestion automata once per OS thread, on the first unknown word of six letters or
# more that no dictionary word is within two edits of: about 1.5 s of CPU. The main thread (the CLI, and --jobs
# workers forked from it) pays that once; a host that checks on other threads would pay it on each of them (the
# server's pool; Gradio's worker threads, one per concurrent check, ended once idle). Their lints therefore run on
# a few long-lived linter threads per backend (one per core, each with a linter of its own: Harper releases the GIL
# while it lints, so a document's paragraphs are linted side by side), and a Dask worker marks its task thread as
# one that lints for itself.
_MAX_LINTER_THREADS = 4
# the form of the rows the grammar cache keeps: 2 since a suggestion is the span's whole new text (an insertion
# after the span was kept as if it replaced it); 3 since no row suggests a name taught for another document; 4 since
# HTML tags are masked (a paragraph that opened with one was not linted at all)
ROWS_FORMAT = 4
# paragraphs after which a process's other linter threads start: each builds its suggestion automata again
# (1.4-2.2 s), which 20 small documents do not earn back and a few hundred do
_SPREAD_AFTER = 150
_here = threading.local()


def lint_on_this_thread() -> None:
    """Let this (long-lived) thread run Harper itself instead of handing its lints to the linter thread."""
    _here.direct = True


def _lints_here() -> bool:
    return getattr(_here, "direct", False) or threading.current_thread() is threading.main_thread()


def _import_for_threads() -> None:
    """Import on the calling thread, before the build or linter thread starts, what those threads import lazily:
    two threads importing a package for the first time at once can meet it half-initialised. rapidfuzz imports
    its own submodules in a cycle, and a rule and the linter thread importing it together raised ImportError."""
    import harper  # noqa: F401
    import msgpack  # noqa: F401
    import rapidfuzz.distance  # noqa: F401
    import rapidfuzz.fuzz  # noqa: F401


# Harper loads its dictionary once per process, with the first linter built: about 0.6 s of CPU (later linters take
# a few ms). A command line that will lint starts that load first, on a thread of its own, while Python imports mtqa,
# reads the config and the inputs and loads the rules' resources: a fresh one-line check saves about 0.2 s. Nothing
# waits for the thread when the grammar cache answers every paragraph: it ends with the process.
_preloading: threading.Thread | None = None


def preload_dictionary() -> None:
    """Start loading Harper's dictionary in the background, once per process. A fork waits until it is loaded:
    a child forked mid-load would find the dictionary locked for good."""
    global _preloading
    if _preloading is not None:
        return
    try:
        import harper
    except ImportError:
        return  # the backend says how to install it, if the config asks for Harper
    _preloading = threading.Thread(target=_load_dictionary, args=(harper,), name="mtqa-harper-preload", daemon=True)
    os.register_at_fork(before=_preloaded)
    _preloading.start()


def _load_dictionary(harper) -> None:
    try:
        harper.Linter(harper.Dialect.AMERICAN)
    except Exception:  # noqa: BLE001 - building the real linter raises it again, where it is reported
        log.debug("preloading Harper's dictionary failed", exc_info=True)


def _preloaded() -> None:
    if _preloading is not None:
        _preloading.join()


def as_on_a_worker_thread(fn, *args, **kwargs):
    """fn(*args, **kwargs) on a short-lived thread, as a server's or a UI's checks run: a warm-up run so pays its
    one-time costs where those checks will find them (Harper's on the linter thread, not on the main thread)."""
    with ThreadPoolExecutor(1, thread_name_prefix="mtqa-warm-up") as pool:
        return pool.submit(fn, *args, **kwargs).result()


class LinterThreads:
    """Long-lived threads that lint for a backend, fed from one queue. One runs from the start; the others (up
    to `limit`) join when `spread` is called: each new thread builds Harper's suggestion automata again on its
    first far-off unknown word (1.4-2.2 s of CPU), which a small batch does not earn back."""

    def __init__(self, limit: int):
        self.limit = limit
        # (priority, order, task): a word looked up for a check in progress goes before the paragraphs linted ahead
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._order = itertools.count()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self.spread(1)

    @property
    def count(self) -> int:
        return len(self._threads)

    def spread(self, threads: int | None = None) -> None:
        """Run `threads` threads (all of `limit` by default)."""
        with self._lock:
            while len(self._threads) < min(threads or self.limit, self.limit):
                thread = threading.Thread(target=self._serve, name=f"mtqa-harper-{len(self._threads)}", daemon=True)
                self._threads.append(thread)
                thread.start()

    def submit(self, fn, *args, urgent: bool = False) -> Future:
        done: Future = Future()
        self._queue.put((0 if urgent else 1, next(self._order), (done, fn, args)))
        return done

    def _serve(self) -> None:
        lint_on_this_thread()
        _here.serving = True
        while True:
            _, _, (done, fn, args) = self._queue.get()
            if not done.set_running_or_notify_cancel():
                continue
            try:
                done.set_result(fn(*args))
            except BaseException as exc:  # handed to the caller, which raises it
                done.set_exception(exc)


class Begun(NamedTuple):
    """What `HarperBackend.begin` started for a document: its paragraphs (offset, text), the cache's answers for
    them, the lints under way (paragraph -> Future, or rows if linted already), or the whole document's kept
    lints when the cache had them."""

    parts: list
    cached: dict
    started: dict
    kept: list | None = None


class HarperBackend:
    name = "harper"

    def __init__(self, config: Config, cache=None):
        """`cache` (mtqa.cache.GrammarCache or None) keeps Harper's answers per paragraph across runs; the
        linter itself is built on the first paragraph the cache does not answer."""
        import importlib.util

        if importlib.util.find_spec("harper") is None:
            raise MtqaError("the Harper backend needs harper-py: pip install harper-py (or set grammar = \"none\")")
        self.version = _version()
        self.config = config
        self.cache = cache
        self.name = f"harper-{self.version}"
        self._lock = threading.Lock()  # guards the taught words, and `linter` (the linter of the threads that lint
        # for themselves: a harper Linter must not be entered by two threads at once)
        self._pool_of: tuple[int, LinterThreads] | None = None  # (pid, the linter threads)
        self._linted = 0  # paragraphs handed to the linter threads (see _SPREAD_AFTER)
        self._local = threading.local()  # a linter thread's own linter
        self._words_seen: set[str] = set()  # capitalised words already offered to teach_names
        self._to_teach: list[str] = []  # capitalised words to teach Harper before its next lint, if names
        self._taught_log: list[str] = []  # the names among them, in the order they were taught
        self._taught: set[str] = set()  # the same, as a set
        self._imported: dict[int, int] = {}  # id(linter) -> how many of _taught_log it has been taught
        self._home_lock = threading.Lock()
        self.overlap = False  # begin() lints on the linter thread while the caller runs the rules
        self._words_linted: dict[tuple[str, str], list] = {}
        self._build: ThreadPoolExecutor | None = None  # start_building's thread
        self._built = None  # its Future

    def start_building(self) -> None:
        """Build the linter on a thread of its own while the caller goes on (reading inputs, loading the other
        resources): Harper releases the GIL while it builds, so on two cores the build costs no wall time.
        `linter` waits for it. Not before a fork: the build must be over before worker processes start."""
        with self._home_lock:
            if self._build is None and "linter" not in self.__dict__:
                _import_for_threads()
                self._build = ThreadPoolExecutor(1, thread_name_prefix="mtqa-harper-build")
                self._built = self._build.submit(self._new_linter)
                self._build.shutdown(wait=False)

    @cached_property
    def linter(self):
        """Harper's linter with mtqa's settings (building it loads Harper's dictionary: most of a second)."""
        with self._home_lock:
            built = self._built
        return built.result() if built is not None else self._new_linter()

    def _new_linter(self):
        import harper

        config = self.config
        dialect = harper.Dialect.BRITISH if config.house_style == "uk" else harper.Dialect.AMERICAN
        linter = harper.Linter(dialect)
        lint_config = linter.get_lint_config()
        if config.harper_lints == "news":
            from mtqa.grammar.harper_lints import NEWS_LINTS

            chosen = set(NEWS_LINTS)
            lint_config = {name: name in chosen for name in lint_config}
        for code in config.ignore:
            if code.startswith(PREFIX) and code[len(PREFIX):] in lint_config:
                lint_config[code[len(PREFIX):]] = False
        linter.set_lint_config(lint_config)
        if config.accept:
            linter.import_words(sorted(config.accept))
        return linter

    @cached_property
    def cache_namespace(self) -> str:
        """What decides Harper's answer for a paragraph, for the grammar cache: versions, dialect, lint
        settings (every HARPER: code selected or ignored, and any harper-* setting), the bounds on what Harper
        may see (max-token-chars, max-paragraph-chars) and accepted words."""
        from dataclasses import fields

        from mtqa import __version__
        from mtqa.cache import namespace

        cfg = self.config
        extra = {f.name: repr(getattr(cfg, f.name)) for f in fields(cfg) if f.name.startswith(("harper", "max_token", "max_paragraph"))}
        return namespace(
            mtqa=__version__, rows=ROWS_FORMAT, harper=self.version, dialect=cfg.house_style, accept=sorted(cfg.accept),
            select=sorted(c for c in cfg.select if c.startswith(PREFIX)),
            ignore=sorted(c for c in cfg.ignore if c.startswith(PREFIX)), **extra,
        )

    @cached_property
    def _kept_namespace(self) -> str:
        """A whole document's kept lints: Harper's answer (cache_namespace) as mtqa's code filtered it, so the
        code's digest is part of it (an edit of the name checks must not meet answers filtered the old way)."""
        from mtqa.cache import code_digest

        return f"{self.cache_namespace}:document:{code_digest()}"

    def warm(self) -> None:
        """Build the linter now (before worker processes are forked from this one), and have it suggest words for
        a long unknown word on every thread that will lint for the caller: Harper builds what it needs for that on
        first use, about 1.5 s of CPU per thread that a check would otherwise pay."""
        if self.overlap or not _lints_here():
            self._on_every_linter_thread(self._lint_on_linter_thread, SUGGESTIONS_WARM_UP)
        else:
            self.paragraph_lints(SUGGESTIONS_WARM_UP)

    def british(self, word: str) -> bool:
        """Whether Harper's British dictionary knows `word` ("storey", "manoeuvrable", "kerb"): a UK form, which
        house-style auto accepts. Asked only for a word with American suggestions, so that it is near known words:
        a word far from all of them would have this thread build Harper's suggestion automata (seconds of CPU)."""
        return not self._word_lints(word, "BRITISH")  # not even a typo or a wrong form ("overtaked")

    def canonical(self, word: str) -> str:
        """The dictionary's capitalisation of a known word ("VietNam" -> "Vietnam", "Linkedin" -> "LinkedIn"), else
        the word as it is."""
        return next((fix[0] for kind, fix in self._word_lints(word, "AMERICAN") if kind == "Capitalization" and fix), word)

    def _word_lints(self, word: str, dialect: str) -> list[tuple[str, list[str]]]:
        """Harper's lints of one word on its own, as (kind, replacements). Looked up on a linter thread when the
        paragraphs are linted there: Harper builds its suggestion automata once per thread (about 1.4 s of CPU),
        and a linter thread has them, where the caller's thread would build them for its first unknown word."""
        with self._home_lock:
            found = self._words_linted.get((dialect, word))
        if found is None:
            if (self.overlap or not _lints_here()) and not getattr(_here, "serving", False):
                found = self._pool().submit(self._word_lints_here, word, dialect, urgent=True).result()
            else:
                found = self._word_lints_here(word, dialect)
            with self._home_lock:
                if len(self._words_linted) < _MAX_WORDS_SEEN:
                    self._words_linted[(dialect, word)] = found
        return found

    def _word_lints_here(self, word: str, dialect: str) -> list[tuple[str, list[str]]]:
        """_word_lints on this thread, by this thread's linter of the dialect (cheap to build: it shares the loaded
        dictionary; a harper Linter must not be entered by two threads at once)."""
        import harper

        linters = getattr(self._local, "word_linters", None)
        if linters is None:
            linters = self._local.word_linters = {}
        if dialect not in linters:
            linters[dialect] = harper.Linter(getattr(harper.Dialect, dialect))
        return [(lint.lint_kind, [_replacement(s, word[lint.span.start:lint.span.end]) for s in lint.suggestions])
                for lint in linters[dialect].lint(word)]

    def teach_names(self, texts) -> None:
        """Have Harper take for known words the capitalised words of `texts` that can only be names: rare in
        English, and no common English word one edit away ("Kvartunović", not "Goverment"). mtqa drops Harper's
        spelling flag on such a word anyway (see `likely_typo`), but Harper no longer searches suggestions for
        it: most of its spelling cost on news, whose unknown words are names; and a long name no longer makes a
        thread build Harper's suggestion automata (about 2 s). Whether a word is taught depends on the word
        alone. A taught name can turn up among Harper's suggestions for a word one edit from it ("Helaba" for
        "hellaba"): such a lint gets an untaught linter's suggestions instead (`_untaught`), so that nothing a
        document gets depends on what was checked before it. The words go into the dictionary just
        before the next lint, all at once: each import costs Harper about 8 ms however many words it holds, so
        a batch teaches the names of many documents together (`Engine.prepare`)."""
        if len(self._words_seen) > _MAX_WORDS_SEEN:
            return  # a long-lived server: enough taught; what is not taught is only slower, not different
        new = {w for text in texts for w in _CAPITALISED.findall(text) if w[0].isupper()} - self._words_seen
        self._words_seen |= new
        self._to_teach.extend(new)  # sorted out just before the next lint: not at all if the cache answers

    def prepare(self, docs) -> None:
        self.teach_names(d.text for d in docs)

    def _pool(self) -> LinterThreads:
        """The linter threads, one per core this process may use (at most _MAX_LINTER_THREADS), of which one
        runs until a warm-up or _SPREAD_AFTER paragraphs call the others."""
        from mtqa.neural import available_cores

        with self._home_lock:
            if self._pool_of is None or self._pool_of[0] != os.getpid():  # a forked child has none of its parent's threads
                _import_for_threads()
                self._pool_of = (os.getpid(), LinterThreads(max(1, min(_MAX_LINTER_THREADS, available_cores()))))
            return self._pool_of[1]

    def _on_every_linter_thread(self, fn, *args) -> None:
        """Start every linter thread, and run fn(*args) once on each (each waits for the others, so no thread
        takes two)."""
        pool = self._pool()
        pool.spread()
        meet = threading.Barrier(pool.count)

        def task():
            meet.wait(timeout=300)
            return fn(*args)

        for done in [pool.submit(task) for _ in range(pool.count)]:
            done.result()

    def _taught_to(self, linter) -> None:
        """Teach `linter` the names taught so far, first sorting out those queued by teach_names. Under _lock."""
        if self._to_teach:
            pending, self._to_teach = self._to_teach, []  # other threads may add to a new list meanwhile
            base = self.linter
            if base is not linter:
                self._taught_to(base)
            unknown = sorted({w for w in pending if only_a_name(w) and not base.is_likely_english(w)})
            self._taught_log.extend(unknown)
            self._taught.update(unknown)
        done = self._imported.get(id(linter), 0)
        if done < len(self._taught_log):
            linter.import_words(self._taught_log[done:])
            self._imported[id(linter)] = len(self._taught_log)

    def paragraph_lints(self, text: str) -> list[list]:
        """Harper's lints of one paragraph as plain data: [start, end, rule, kind, message, suggestions]."""
        if not _lints_here():
            return self._pool().submit(self._lint_on_linter_thread, text).result()
        with self._lock:
            self._taught_to(self.linter)
            return self._untaught(_rows(_organized_lints(self.linter, text), text), text)

    def _lint_on_linter_thread(self, text: str) -> list[list]:
        linter = getattr(self._local, "linter", None)
        if linter is None:
            _ = self.linter  # wait for the build: a second linter then shares its dictionary (a few ms)
            linter = self._local.linter = self._new_linter()
        with self._lock:
            self._taught_to(linter)
        return self._untaught(_rows(_organized_lints(linter, text), text), text)

    def _untaught(self, rows: list[list], text: str) -> list[list]:
        """The rows as an untaught linter gives them: a spelling lint whose suggestions hold a name taught for any
        document ("Kiskunhalas" for "kiskunhalas", "Pendolino" before "Mendocino") gets the suggestions (and
        Harper's message) of a linter with mtqa's settings that was taught nothing. A paragraph's rows, and so
        the grammar cache and every report, then depend on the paragraph and the settings alone, never on what
        else the batch, the worker or the daemon checked before (a taught name may also have pushed one of
        Harper's own words out of its short list)."""
        for row in rows:
            if row[3] != "Spelling" or not any(s in self._taught for s in row[5]):
                continue
            word = text[row[0]:row[1]]
            pristine = getattr(self._local, "untaught", None)
            if pristine is None:  # on this thread, so it shares the thread's suggestion automata
                pristine = self._local.untaught = self._new_linter()
            fresh = next((lint for lint in pristine.lint(word)
                          if lint.lint_kind == "Spelling" and (lint.span.start, lint.span.end) == (0, len(word))), None)
            row[5] = [_replacement(s, word) for s in fresh.suggestions] if fresh else []
            row[4] = fresh.message if fresh else f"Did you mean to spell `{word}` this way?"
        return rows

    def _start(self, texts: list[str], out_of_time=None) -> dict:
        """Lint these paragraphs: on the linter threads, side by side (Future per paragraph), or, on a thread that
        lints for itself, here and now (rows per paragraph), until `out_of_time()` says the check's time budget
        ran out (the paragraphs left are not linted: see `lints`)."""
        if _lints_here() and not self.overlap:
            rows = {}
            for t in texts:
                if out_of_time is not None and out_of_time():
                    break
                rows[t] = self.paragraph_lints(t)
            return rows
        pool = self._pool()
        self._linted += len(texts)
        if self._linted >= _SPREAD_AFTER:
            pool.spread()
        return {t: pool.submit(self._lint_on_linter_thread, t) for t in texts}

    def begin(self, doc):
        """With `overlap` set, start linting the document's paragraphs on the linter threads and return at once,
        so the caller runs mtqa's rules meanwhile (Harper releases the GIL while it lints); `check(doc, ctx,
        begun)` collects the lints. None with overlap off."""
        if not self.overlap:
            return None
        ahead = doc.take("harper-begun")
        if ahead is not None:
            return ahead
        kept = self._kept_from_cache(doc)
        if kept is not None:
            return Begun([], {}, {}, kept)  # the cache has the whole document: nothing to lint, nor to look up again
        return self._started(doc)  # the first linter thread builds the linter, if need be, while the rules run

    def _started(self, doc, out_of_time=None) -> Begun:
        """The document's paragraphs, the cache's answers for them, and the others' lints started (see _start)."""
        parts, cached = self._parts(doc)
        todo = list(dict.fromkeys(t for _, t in parts if t not in cached))
        if todo:
            self.teach_names(todo)
        return Begun(parts, cached, self._start(todo, out_of_time))

    def begin_ahead(self, doc) -> None:
        """`begin` now, for a document checked later: its `begin` then returns what this started."""
        begun = self.begin(doc)
        if begun is not None:
            doc.memo("harper-begun", lambda: begun)

    def _parts(self, doc) -> tuple[list[tuple[int, str]], dict]:
        """(offset, text) of each paragraph as Harper sees it, and the cache's answers for them."""
        from mtqa.limits import model_text

        text = model_text(doc, self.config)
        parts = [(p.start, text[p.start:p.end]) for p in doc.paragraphs]
        parts = [(start, t) for start, t in parts if t.strip()]
        cached = self.cache.get_many(self.cache_namespace, [t for _, t in parts]) if self.cache else {}
        return parts, cached

    def lints(self, doc, begun=None, out_of_time=None) -> list[list]:
        """Harper's lints of every paragraph of the document, offsets into the document. Harper sees one
        paragraph at a time, with or without the cache, so cached and fresh answers are the same; it sees the
        bounded text (over-long tokens and paragraphs blanked, same length, so offsets hold). `begun`: what
        `begin` started for this document. Once `out_of_time()` says the check's time budget ran out (asked
        between paragraphs), a paragraph not begun is not linted and one under way is not waited for: the
        document then holds (paragraphs left, paragraphs) under "grammar-left", which the engine reports (E005)."""
        parts, cached, started, _ = begun if begun is not None else self._started(doc, out_of_time)
        fresh = {}
        for t, rows in started.items():
            if isinstance(rows, Future):
                if out_of_time is not None and not rows.done() and out_of_time():
                    rows.cancel()
                    continue
                rows = rows.result()
            fresh[t] = rows
        out, left = [], 0
        for offset, t in parts:
            found = cached.get(t)
            if found is None:
                found = fresh.get(t)
            if found is None:
                left += 1
                continue
            out.extend([offset + start, offset + end, *rest] for start, end, *rest in found)
        if fresh and self.cache:
            self.cache.put_many(self.cache_namespace, fresh)
        if left:
            doc.take("grammar-left")
            doc.memo("grammar-left", lambda: (left, len(parts)))
        return out

    def _kept_from_cache(self, doc) -> list | None:
        if not self.cache:
            return None
        return self.cache.get_many(self._kept_namespace, [doc.text], kind="document").get(doc.text)

    keeps_time = True  # check() takes `out_of_time`, the engine's time budget (max-check-seconds)

    def check(self, doc, ctx, begun=None, out_of_time=None) -> list[Issue]:
        """Harper's findings, less names and acronyms. With the cache, a document seen before (same text, same
        settings) is answered whole: the name checks (spaCy) need not run again either. Once `out_of_time()` is
        true no further paragraph is linted (see `lints`), and the lints of a document so cut short are not kept."""
        kept = begun.kept if begun is not None else self._kept_from_cache(doc)
        if kept is None:
            kept = self._kept_lints(doc, ctx, begun, out_of_time)
            left = doc.take("grammar-left")
            if left:
                doc.memo("grammar-left", lambda: left)
            elif self.cache:
                self.cache.put_many(self._kept_namespace, {doc.text: kept})
        return [Issue(
            rule=PREFIX + rule_name,
            category=_CATEGORY.get(kind, "Fluency/Grammar"),
            severity=Severity.MAJOR if kind in _MAJOR_KINDS else Severity.MINOR,
            start=start,
            end=end,
            text=doc.text[start:end],
            message=message,
            suggestions=tuple(suggestions),
            origin="harper",
            review=review or (kind == "Spelling" and bool(suggestions) and suggestions[0].lower() != doc.text[start:end].lower()
                              and _in_source(doc, start, end)),
        ) for start, end, rule_name, kind, message, suggestions, review in kept]

    def _kept_lints(self, doc, ctx, begun=None, out_of_time=None) -> list[list]:
        from mtqa.nlp import english_ner

        names = NameOracle(doc, self.config.accept, ner=_lazy(lambda: english_ner(ctx)))
        out = []
        rows = self.lints(doc, begun, out_of_time)
        foreign = _foreign_quotations(doc, ctx, [(r[0], r[1]) for r in rows if r[3] == "Spelling"
                                                 and doc.text[r[0]:r[0] + 1].islower() and not _near_a_word(r[5], doc.text[r[0]:r[1]])])
        placeholders = [m.span() for m in _PLACEHOLDER.finditer(doc.text)] if ("%" in doc.text or "{" in doc.text) else []
        for start, end, rule_name, kind, message, suggestions in rows:
            word = doc.text[start:end]
            if kind in _WORD_KINDS and _ONE_WORD.fullmatch(word) and names.is_name(start, end):
                continue  # a name is not a misspelling, nor a wrong word ("des Cars")
            if placeholders and any(a < end and start < b for a, b in placeholders):
                continue  # a format placeholder of a software string ("%s and" is not "sand")
            if kind in _WORD_KINDS and _split_by_invisible(doc.text, start, end):
                continue  # a piece of a word cut by a soft hyphen or zero-width space ("govern\u00adment"): TYP010's
            own = tuple(suggestions)  # Harper's own words: no taught name (see _untaught)
            if kind == "Spelling" and "’" in word:  # "goverment’s" -> "government’s", the apostrophe as written
                own = tuple(s.replace("'", "’") for s in own)
            if kind == "Spelling" and _ONE_WORD.fullmatch(word) and (moved := _moved_letter_word(word, own)):
                # "tounge": Harper offers "lounge", one edit away but not the word; "tongue" (a letter moved) goes
                # first, and the respelling, two edits away, is a guess for a person (see _needs_review)
                own = (moved, *own)
            suggestions = own  # what is shown; MergeWords below writes a merged word as the dictionary does
            if kind == "Spelling" and ((start and doc.text[start - 1].isdigit()) or doc.text[end:end + 1].isdigit()):
                continue  # part of a token with a number in it ("h30" of "14h30", a model "A320neo"): no word to respell
            if kind == "Spelling" and word.lower() in _SCALES and re.search(r"\d[ \u00a0]$", doc.text[:start]):
                continue  # "$2.5 bn", "40 mn": a scale after a figure, which Harper respelled "ban"
            if kind == "Spelling" and _in_address(doc.text, start, end):
                continue  # part of a web address or file name: "hvg.hu", "Aktualne.cz", ".docx"
            if kind == "Spelling" and word[:1].islower() and (
                    in_loan_phrase(doc.text, start, end) or _prefix_of_compound(doc.text, start, end)
                    or _kept_french(doc).contains(start, end)
                    or known_word(_compound(doc.text, start, end), own)) \
                    and not (self.config.house_style != "auto" and _variety(word, ctx)):
                continue  # "de facto", "neo-imperial", "homebuyers": English, though not in Harper's dictionary
            if kind == "Spelling" and word[:1].islower() and foreign.covers(start):
                continue  # a quotation in another language: "derjava", "ostpolitik und westbindung"
            if kind == "Spelling" and word[:1].isupper() and not likely_typo(word, own):
                continue  # an unknown capitalised word far from any common word is a name ("Anticor, which...")
            if kind == "Spelling" and self.config.house_style == "auto" and _ONE_WORD.fullmatch(word) \
                    and (_variety(word, ctx) == "uk" or _respelled(word, own)
                         or (own and self.british(word) and not _spelled_us(doc, ctx))):
                # house-style auto accepts UK spelling; SPL001 reports a document that mixes listed forms, and a UK
                # word its list lacks ("storey", "kerb") stays flagged in a story spelled the US way. Asked after
                # the checks above: Harper's British linter costs milliseconds for each unknown word
                continue
            if rule_name == "MergeWords":  # "Viet Nam" -> "Vietnam", as the dictionary writes it, not "VietNam"
                suggestions = tuple(dict.fromkeys(self.canonical(s) if " " not in s else s for s in suggestions))
            if rule_name == "PronounContraction" and word.lower() == "were" and doc.text[:start].rstrip().endswith(","):
                continue  # "paper goods, were the hardest hit": the verb of a subject set off by commas, not "we're"
            if rule_name == "MassNouns" and _not_a_mass_noun(word):
                continue  # "One might", "a worsening of", "A Dutch commission": Harper takes them for mass nouns
            if rule_name == "PronounVerbAgreement" and word.lower() in _IRREGULAR_PASTS:
                continue  # "She strove", "He withdrew", "She struck": a past tense agrees with any subject
            if rule_name == "PassionateAbout" and word.lower() not in _PREPOSITIONS:
                continue  # "passionate pro-European": Harper took the prefix for the preposition of "passionate of"
            if rule_name == "ModalOf" and word.lower().startswith("will") and _WILL_AS_NOUN.search(doc.text[max(0, start - 30):start]):
                continue  # "a strong will of the people": the noun, not "will have"
            if rule_name == "DotInitialisms" and word.endswith(",") and own and not own[0].endswith(","):
                own = suggestions = tuple(s + "," for s in own)  # "(ie, ministries)" -> "(i.e., ministries)"
            if rule_name == "AnA" and _DOTTED_ABBREVIATION.match(doc.text, start):
                continue  # "9 a.m." at the end of a sentence: an abbreviation, not the article
            if rule_name == "AnA" and _negated_word_after(doc.text, end):
                continue  # Harper reads "an unidentified" like "a unit"; "un-" + a word takes "an"
            if rule_name == "AnA" and word.lower() == "an" and _SILENT_H.match(doc.text, end):
                continue  # "an honour", "an honourable": the UK spelling of a silent-h word Harper does not know
            if kind != "Repetition" and (_ACRONYM.search(doc.text, start, end) or _ACRONYM_NEXT.match(doc.text, end)):
                continue  # "the WHO" is the World Health Organization, not "the who"
            out.append([start, end, rule_name, kind, message, list(suggestions),
                        bool(suggestions) and _needs_review(doc, rule_name, kind, start, end, own)])
        return out


# printf-style and brace placeholders of software strings (PO, XLIFF): "%s", "%(name)s", "%1$d", "{0}", "{name}"
_PLACEHOLDER = re.compile(r"(?<![\w%])%(?:\d+\$|\([\w.]+\))?[-#0+]?\d*(?:\.\d+)?[sdifuxXeEgGcr](?![^\W\d_])|\{[\w.]*\}")


def _split_by_invisible(text: str, start: int, end: int) -> bool:
    """Whether [start, end) is a piece of a word that an invisible character cuts in two ("ment" of
    "govern\u200bment"), or holds one."""
    from mtqa.rules.typography import INSIDE_WORD

    return any(INSIDE_WORD.match(text, p) for p in (end, max(0, start - 1))) or INSIDE_WORD.search(text, start, end) is not None


def _needs_review(doc, rule_name: str, kind: str, start: int, end: int, own: tuple[str, ...]) -> bool:
    """Whether Harper's first suggestion is a guess that `mtqa fix` must not apply on its own, decided on Harper's
    own suggestions (none is always a guess): a lint whose fix is not safe on MT (SAFE_FIXES); a
    merge that takes in a single letter ("the letter s and" -> "letters and"); a respelling of an unknown word that
    is no sure typo ("franceinfo" -> "franchise", "burkini" -> "bikini"), of a word with letters English does not
    use ("Esély"), or of a piece of a compound cut short ("de-icer" -> "de-ice"). A word the source has as it is
    is decided after the cache (see `_in_source`)."""
    from mtqa.grammar.harper_lints import SAFE_FIXES

    text = doc.text[start:end]
    if not own:
        return True
    if rule_name == "SingleBe":  # "is is" -> "is" is safe; "is were" -> "is" may keep the wrong one
        words = re.findall(r"\w+", doc.text[max(0, start - 20):end].lower())
        return not (len(words) >= 2 and words[-1] == words[-2])
    if rule_name not in SAFE_FIXES:
        return True
    if rule_name == "AnA" and _DETERMINER_NEXT.match(doc.text, end):
        return True  # "a any recognition": the article goes, it does not become "an"
    if rule_name == "EllipsisLength" and re.search(r"\betc\s*$", doc.text[max(0, start - 8):start]):
        return True  # "etc .." is "etc.", not an ellipsis
    if rule_name == "MergeWords":
        return any(len(part) == 1 for part in re.findall(r"\w+", text))
    if kind != "Spelling" or own[0].lower() == text.lower():
        return False  # a capital put right ("islam" -> "Islam") is safe whatever the word
    if not text.replace("’", "'").isascii():
        return True
    if "-" in doc.text[max(0, start - 1):start] + doc.text[end:end + 1] and text.lower().startswith(own[0].lower()):
        return True  # a piece of a compound cut short ("de-icer" -> "de-ice"), not a typo in one ("goverment-backed")
    if doc.text[max(0, start - 3):start] == " - " or doc.text[end:end + 3] == " - ":
        return True  # a piece of a French compound MT split ("celle - ci"): TYP009's to reword, not "cell - ci"
    if text[:1].isupper() and text[1:].islower() and len(text) < 7 and not _letters_swapped(text.lower(), own[0].lower()):
        return True  # a short capitalised word one edit from a common word is as often a name ("Enver": not "Enter")
    if doc.text[start - 1:start] in _QUOTES and doc.text[end:end + 1] in _QUOTES:
        return True  # a word quoted alone is cited, often foreign: "nyet" is no "net"
    return not sure_respelling(text, own) or _another_reading(text, own)


_DOTTED_ABBREVIATION = re.compile(r"\w\.\w\.")  # "a.m.", "p.m.", "e.g."
_PREPOSITIONS = frozenset("of for on with in by over towards toward to at".split())
_WILL_AS_NOUN = re.compile(r"\b(?:a|an|the|his|her|their|its|our|my|your|whose|strong|political|own|free|good|"
                           r"popular|public|general|collective|firm|clear|sovereign|democratic|iron|ill|common|"
                           r"\w+['’]s)\s+$", re.I)
_DETERMINER_NEXT = re.compile(r"\s+(?:any|the|some|every|each|this|that|these|those|a|an|no|my|his|her|their|its|our|your)\b", re.I)
_QUOTES = frozenset("\"'“”‘’«»")


def _letters_swapped(word: str, suggestion: str) -> bool:
    """Whether `suggestion` is `word` with two neighbouring letters swapped ("Teh" -> "The")."""
    return len(word) == len(suggestion) and any(word[:i] + word[i + 1] + word[i] + word[i + 2:] == suggestion
                                                for i in range(len(word) - 1))


def _another_reading(word: str, suggestions) -> bool:
    """Whether another of Harper's suggestions, no further from `word` than its first, is a more used word: "wich"
    is "which" as likely as "wish", and the first suggestion is no sure fix."""
    from rapidfuzz.distance import DamerauLevenshtein
    from mtqa.frequencies import zipf_frequency

    lower, first = word.lower(), suggestions[0].lower()
    edits, used = DamerauLevenshtein.distance(lower, first), zipf_frequency(first, "en")
    return any(DamerauLevenshtein.distance(lower, s.lower()) <= edits and zipf_frequency(s.lower(), "en") > used
               for s in suggestions[1:] if s.lower() != first)


def _moved_letter_word(word: str, own: tuple[str, ...]) -> str | None:
    """A common word that a lower-case `word` misspells by a letter moved (see frequencies.moved_letter_word), when
    Harper does not offer it (a capitalised unknown word is mostly a name)."""
    from mtqa.frequencies import moved_letter_word

    moved = moved_letter_word(word) if word.islower() else None
    return None if moved is None or moved in own else moved


def _in_source(doc, start: int, end: int) -> bool:
    """Whether the word at [start, end) is in the source as it is: a word both languages use ("bandanas"), which a
    respelling would turn into another ("bananas"). Asked after the grammar cache, which is keyed by the
    translation alone."""
    return bool(doc.source) and re.search(rf"(?<!\w){re.escape(doc.text[start:end])}(?!\w)", doc.source, re.I) is not None


def sure_respelling(word: str, suggestions) -> bool:
    """Whether the first suggestion is surely what `word` misspells: the same word in other capitals; one edit
    from it (a transposition counts as one) and far more used (Zipf 1.5 higher, and 3 or more); or Harper's only
    suggestion, two edits away and a common word much more used (Zipf 4 or more, 2 higher: "tommorow")."""
    from rapidfuzz.distance import DamerauLevenshtein
    from mtqa.frequencies import zipf_frequency

    lower, first = word.lower(), suggestions[0].lower()
    if lower == first:
        return True
    edits, used, own = DamerauLevenshtein.distance(lower, first), zipf_frequency(first, "en"), zipf_frequency(lower, "en")
    return (edits <= 1 and used >= max(3.0, own + 1.5)) or (len(suggestions) == 1 and edits == 2 and used >= max(4.0, own + 2.0))


# An HTML tag or comment in the copy (pasted from a web page or a CMS). Harper reads text as Markdown, where a line
# that opens with a block tag ("<p>The reoprt ...</p>") is an HTML block, left out of the lint whole; masked, the tags
# are left out and the words between them are linted. (In Rust's regex syntax: Harper applies the mask.)
_HTML_TAG = r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|(?s:<!--.*?-->)"
_HAS_TAG = re.compile(_HTML_TAG)


def _organized_lints(linter, text: str) -> dict:
    if "<" in text and _HAS_TAG.search(text):
        return linter.organized_lints(text, regex_mask=_HTML_TAG)
    return linter.organized_lints(text)


def _rows(organized: dict, text: str) -> list[list]:
    """Harper's lints of `text` as plain data: [start, end, rule, kind, message, suggestions], each suggestion
    the whole new text of the span (see `_replacement`)."""
    return [[lint.span.start, lint.span.end, rule_name, lint.lint_kind, lint.message,
             [_replacement(s, text[lint.span.start:lint.span.end]) for s in lint.suggestions]]
            for rule_name, lints in organized.items() for lint in lints]


def _replacement(suggestion, span_text: str) -> str:
    """What a suggestion makes of the span: its text for a replacement, nothing for a removal, and the span
    followed by its text for an insertion ("last" + " few" for "the last weeks": not "the few weeks")."""
    kind = getattr(suggestion.kind, "name", str(suggestion.kind)).upper()
    if kind.endswith("REMOVE"):
        return ""
    if kind.endswith("INSERT_AFTER"):
        return span_text + suggestion.replacement_text
    return suggestion.replacement_text


_NEXT_WORD = re.compile(r"\s+(un)([a-z]{4,})")
_SILENT_H = re.compile(r"\s+(?:honour|hour|heir|honest)", re.I)


# simple past forms of English irregular verbs (Harper's agreement lint took "strove", "withdrew", "froze" after
# "he" or "she" for present forms that lack their -s)
_IRREGULAR_PASTS = frozenset("""
arose awoke bore beat became began bent bet bid bit bled blew broke bred brought built burnt burst bought cast caught
chose clung came cost crept cut dealt dug dove did drew dreamt drank drove ate fell fed felt fought found fled flung flew
forbade forgot forgave forsook froze got gave went ground grew hung had heard hid hit held hurt kept knelt knew laid led
leapt learnt left lent let lay lit lost made meant met paid put quit rode rang rose ran said saw sought sold sent set
shook shed shone shot shrank shut sang sank sat slew slept slid slung slit smelt smote spoke sped spelt spent spilt spun
spat split spread sprang stood stole stuck stung stank strode struck strove swore swept swam swung took taught tore told
thought threw throve thrust trod understood undertook underwent upheld upset woke wore wove wept won wound withdrew
withheld withstood wrung wrote beheld bestrode foresaw foretold mistook overcame overran overtook overthrew oversaw
""".split())
_SCALES = {"bn", "mn", "tn", "mln", "mld", "bln", "k", "m"}
_MODALS = {"might", "may", "must", "can", "could", "will", "would", "shall", "should"}
# nouns in -ing that English does not count, which MT of French counts ("un financement": "a funding", "une
# formation": "a training"); other -ing nouns count ("a briefing", "a bearing on", "a worsening of the figures")
_MASS_ING = frozenset("""
funding financing training clothing bargaining shopping housing parking spending lending fighting rioting looting
shelling flooding schooling accounting advertising marketing networking lobbying banking engineering farming fishing
logging mining processing suffering sponsoring policing sentencing counselling counseling mentoring tutoring
""".split())


def _not_a_mass_noun(flagged: str) -> bool:
    """Harper's MassNouns flags the word after "a" or "one" (or a plural) that its dictionary marks a mass noun; it
    misreads a modal verb ("One might expect"), a capitalised proper adjective ("A Dutch commission") and nouns in
    -ing that English counts ("a briefing", "a worsening of"; "a funding" stays flagged)."""
    noun = flagged.split()[-1] if flagged.split() else flagged
    lower = noun.lower()
    return noun[:1].isupper() or lower in _MODALS or (lower.endswith("ing") and lower not in _MASS_ING)


def _negated_word_after(text: str, end: int) -> bool:
    """The word after an article is "un" + an English word ("unidentified", "unimportant")."""
    from mtqa.frequencies import zipf_frequency

    m = _NEXT_WORD.match(text, end)
    return bool(m) and zipf_frequency(m.group(2), "en") >= 3.5


def _variety(word: str, ctx) -> str | None:
    """"us" or "uk" when the word is spelled in one variety only, else None."""
    from mtqa.grammar.variety import get_probe

    return get_probe(ctx).variety(word.lower())[0]


def _spelled_us(doc, ctx) -> bool:
    """The document holds US forms of the variant list and no UK one ("color", "program", "center")."""
    from mtqa.grammar.variety import document_forms

    forms = document_forms(doc, ctx)
    return bool(forms["us"]) and not forms["uk"]


def _respelled(word: str, suggestions: tuple[str, ...]) -> bool:
    """Harper's American suggestion is the same word respelled by a regular variety change ("terrorise" ->
    "terrorize", "palaeontologists" -> "paleontologists"). Not "-ement" for "-ment": the few UK words that keep
    the e are listed ("judgement"), and the change would pass a misspelling ("arguement")."""
    from mtqa.grammar.variety import related

    lower = word.lower()
    return any(related(lower, s.lower()) and lower.replace("ement", "ment") != s.lower() for s in suggestions[:3])


# Foreign phrases English news uses as they are; Harper's dictionary lacks some of their words.
_LOAN_PHRASES = re.compile(
    r"""\b(?:de\s+facto|de\s+jure|per\s+capita|per\s+se|a\s+priori|a\s+posteriori|en\s+masse|en\s+route|
    willy-nilly|have-nots|vis-[àa]-vis|d[ée]j[àa]\s+vu|et\s+cetera|papier[\s-]m[âa]ch[ée]|raison[\s-]d['’][êe]tre|
    coup\s+d['’][ée]tat|annus\s+horribilis|status\s+quo|ad\s+hoc|bona\s+fide|mea\s+culpa|sine\s+qua\s+non|
    fait\s+accompli|force\s+majeure|laissez-faire|realpolitik|persona\s+non\s+grata|modus\s+operandi|
    quid\s+pro\s+quo|pro\s+rata|ad\s+infinitum|in\s+situ|et\s+al|
    [àa]\s+la\s+carte|[àa]\s+la\s+mode|au\s+lait|au\s+pair|au\s+fait|bon\s+voyage|b[êe]te\s+noire|carte\s+blanche|
    cause\s+c[ée]l[èe]bre|cordon\s+sanitaire|coup\s+de\s+gr[âa]ce|cr[èe]me\s+de\s+la\s+cr[èe]me|cri\s+de\s+c(?:œ|oe)ur|
    de\s+rigueur|en\s+bloc|en\s+passant|esprit\s+de\s+corps|femme\s+fatale|fin\s+de\s+si[èe]cle|haute\s+couture|
    joie\s+de\s+vivre|nouveau\s+riche|par\s+excellence|pi[èe]ce\s+de\s+r[ée]sistance|raison\s+d['’][ée]tat|
    savoir[\s-]faire|tour\s+de\s+force|t[êe]te-[àa]-t[êe]te|volte-face|id[ée]e\s+fixe|agent\s+provocateur|
    ancien\s+r[ée]gime|enfant\s+terrible|[ée]minence\s+grise|l[èe]se[\s-]majest[ée]|mise\s+en\s+sc[èe]ne|
    nom\s+de\s+(?:guerre|plume)|pied-[àa]-terre|prix\s+fixe|table\s+d['’]h[ôo]te|trompe[\s-]l['’](?:œ|oe)il|
    noblesse\s+oblige|amour[\s-]propre)\b""",
    re.I | re.X,
)
_PREFIXES = frozenset("neo geo socio anti pro non post pre semi multi mis self co counter over under inter "
                      "intra ultra micro macro mega euro franco pan sub super trans".split())


def _in_address(text: str, start: int, end: int) -> bool:
    before = start > 1 and text[start - 1] == "." and not text[start - 2].isspace()
    after = end + 1 < len(text) and text[end] == "." and text[end + 1].islower()
    return (before or after
            or _FILE_EXTENSION.fullmatch(text, max(0, start - 2), end + 1 if end < len(text) else end) is not None
            or _NAMED_EXTENSION.match(text, max(0, start - 2)) is not None and text[start - 1:start] == ".")


# a common file extension named on its own: " .xlsx,", "(.docx)"
_FILE_EXTENSION = re.compile(r"(?:^|[\s(\[,;])\.(?:docx?|xlsx?|pptx?|od[tsp]|rtf|pdf|txt|csv|tsv|jsonl?|xml|html?|"
                             r"ya?ml|toml|ini|md|log|py|js|po|xliff?|tmx|epub|jpe?g|png|gif|svg|webp|heic|"
                             r"mp[34]|mkv|mov|avi|wav|zip|gz|rar|exe|apk|dmg|iso)(?:$|[\s)\],;.])")
# any extension the text itself calls one: "the .fb2 file", "a .cbz archive"
_NAMED_EXTENSION = re.compile(r"(?:^|[\s(\[,;])\.[a-z0-9]{1,5} (?:files?|formats?|extensions?|archives?|documents?)\b")


def _prefix_of_compound(text: str, start: int, end: int) -> bool:
    """A prefix before a hyphen ("neo" in "neo-Keynesian", "socio" in "socio-economic"): not a misspelling
    whatever follows; an unknown word after the hyphen is flagged on its own."""
    return text[start:end].lower() in _PREFIXES and end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha()


def _compound(text: str, start: int, end: int) -> str:
    """The whole hyphenated word around a flagged part ("neo" in "neo-imperial"), or the word itself."""
    while start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
        start -= 2
        while start > 0 and text[start - 1].isalpha():
            start -= 1
    while end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha():
        end += 2
        while end < len(text) and text[end].isalpha():
            end += 1
    return text[start:end]


def _foreign_quotations(doc, ctx, unknown: list[tuple[int, int]]):
    """The quotations in another language than English: a quoted single word that the dictionary lacks
    ("derjava"), or a quotation with two such lowercase words or more ("ostpolitik und westbindung").
    Quoting marks the words as someone else's; their spelling is not English to correct. (A quotation left in
    French is BIL004's.) `unknown`: the spans of the lowercase words Harper does not know and that are no typo of
    a known word (see _near_a_word): "accomodation" in quotation marks is still a misspelling."""
    from mtqa.rules.quotes import quotes_of
    from mtqa.spans import Spans

    out = []
    for q in quotes_of(doc, ctx) if unknown else ():
        inside = sum(1 for a, _ in unknown if q.inner_start <= a < q.inner_end)
        if inside >= 2 or (inside == 1 and len(_WORDS_ONLY.findall(doc.text, q.inner_start, q.inner_end)) == 1):
            out.append((q.inner_start, q.inner_end))
    return Spans(out)


def _kept_french(doc):
    """The French terms English news keeps ("la rentrée", "laïcité") in this document, found once."""
    from mtqa.rules.bilingual import kept_terms

    return doc.memo("kept-french", lambda: kept_terms(doc.text))


def in_loan_phrase(text: str, start: int, end: int) -> bool:
    return any(m.start() <= start and end <= m.end() for m in _LOAN_PHRASES.finditer(text, max(0, start - 30), end + 30))


def known_word(word: str, suggestions: tuple[str, ...]) -> bool:
    """A lowercase word Harper does not know but English does: frequent enough in wordfreq's English lists
    ("homebuyers", "eurozone"), or a hyphenated compound of known parts ("neo-imperial"), and not a
    misspelling of a far more frequent word one edit away ("occured" -> "occurred", "wich" -> "which").
    A lowercase proper adjective ("english" -> "English") stays flagged."""
    from rapidfuzz.distance import DamerauLevenshtein
    from mtqa.frequencies import zipf_frequency

    bare = word.strip(".’'").lower()
    if any(s.lower() == bare for s in suggestions[:3]):
        return False  # only the capitalisation is wrong
    if "-" in bare:
        parts = [p for p in bare.split("-") if p]
        return bool(parts) and all(p in _PREFIXES or _known_part(p, suggestions) for p in parts)
    freq = zipf_frequency(bare, "en")
    if freq < 2.0:
        return derived_word(bare, suggestions)
    # wordfreq counts common misspellings too ("arguement", "tommorow"): one is known by the word it misspells
    return not (_near_a_word(suggestions, bare, freq, closer=1.5)
                or any(DamerauLevenshtein.distance(bare, s.lower()) <= 1 and zipf_frequency(s.lower(), "en") >= freq + 1.5
                       for s in suggestions[:5]))


def _known_part(part: str, suggestions: tuple[str, ...]) -> bool:
    """A part of a hyphenated compound that English knows: common, or rarer ("short-sightedness") but no
    misspelling of a word Harper suggests ("neo-goverment", "self-embarassment")."""
    from mtqa.frequencies import zipf_frequency

    freq = zipf_frequency(part, "en")
    return freq >= 3.0 or (freq >= 2.0 and not _near_a_word(suggestions, part, freq))


def _near_a_word(suggestions, word: str, freq: float | None = None, closer: float = 0.5) -> bool:
    """Whether one of Harper's first suggestions is a word that `word` misspells: one edit away and used more (a
    Zipf frequency of 3 or more: "accomodation"), or two edits away and used far more ("definatly"); not a foreign
    or rare word of its own ("derjava", "tacet", "corporatist" beside "corporation")."""
    from rapidfuzz.distance import DamerauLevenshtein
    from mtqa.frequencies import zipf_frequency

    lower = word.lower()
    own = zipf_frequency(lower, "en") if freq is None else freq
    for s in list(suggestions)[:3]:
        edits, used = DamerauLevenshtein.distance(lower, s.lower()), zipf_frequency(s.lower(), "en")
        if (edits <= 1 and used >= max(3.0, own + closer)) or (edits == 2 and used >= max(3.0, own + 2.5)):
            return True
    return False


def only_a_name(word: str) -> bool:
    """A capitalised word that no common English word is one edit from (itself included): "Kvartunović",
    "Merkel", "Brussels"; not "Goverment", "Teh", "Tuesday", nor the first part of a compound ("Socio-economic":
    taught "Socio", Harper would then offer it for a correct "socio"). A pure function of the word (see
    teach_names)."""
    from mtqa.frequencies import common_word_within_one_edit

    return word[:1].isupper() and word.lower() not in _PREFIXES and common_word_within_one_edit(word) is False


# Prefixes that English closes up with a word ("subforums", "reinsurer", "macroeconomists"). Negative prefixes
# (un-, in-, dis-) are left out: "injustified" is a real error, the French "injustifié".
_CLOSED_PREFIXES = ("electro", "counter", "macro", "micro", "multi", "super", "inter", "intra", "trans", "ultra",
                    "under", "over", "anti", "mega", "semi", "post", "sub", "neo", "non", "pre", "re")


def derived_word(word: str, suggestions: tuple[str, ...]) -> bool:
    """A word English builds regularly from a common one, which Harper's dictionary lacks: a closed-up prefix
    before a common word of four letters or more ("subforums", "reinsurer", "supercontinent"), or the
    adjective of a known "-ology" ("andrological"). Coinages from suffixes ("intelligentization",
    "lookingness") stay flagged: those are what editors and raters mark. A word one edit from a far more
    frequent one stays flagged too ("overtaked")."""
    from rapidfuzz.distance import DamerauLevenshtein
    from mtqa.frequencies import zipf_frequency

    if not word.isalpha():
        return False
    base = None
    for prefix in _CLOSED_PREFIXES:
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= 4 and zipf_frequency(rest, "en") >= 3.0:
            base = rest
            break
    if base is None and word.endswith("ological") and zipf_frequency(word[:-len("ical")] + "y", "en") >= 1.5:
        base = word
    if base is None:
        return False
    return not any(DamerauLevenshtein.distance(word, s.lower()) <= 1 and zipf_frequency(s.lower(), "en") >= 3.0
                   for s in suggestions[:5])


def likely_typo(word: str, suggestions: tuple[str, ...]) -> bool:
    """A capitalised unknown word is a typo only when one edit turns it into a common English word
    ("Goverment" -> "Government", "Teh" -> "The"); otherwise it is taken for a name."""
    from rapidfuzz.distance import DamerauLevenshtein
    from mtqa.frequencies import zipf_frequency

    return any(DamerauLevenshtein.distance(word.lower(), s.lower()) <= 1 and zipf_frequency(s.lower(), "en") >= 4.5
               for s in suggestions[:3])


def _lazy(factory):
    """A callable that builds the spaCy pipeline only when a name question needs it."""
    holder: dict = {}

    def call(text):
        if "nlp" not in holder:
            holder["nlp"] = factory()
        return holder["nlp"](text)

    return call


@lru_cache(maxsize=None)
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("harper-py")
    except PackageNotFoundError:
        return "unknown"
