"""The grammar layer: Harper embedded, names never flagged, the same findings through mtqa serve + LanguageTool's client."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from grammar_cases import CASES
from tests.conftest import ROOT
from mtqa.rules.base import Example

NAMES_TEXT = (
    "Sergei Shoigu met Volodymyr Zelensky in Kyiv. Shoigu later flew to the Donbass, then to Kiev.\n\n"
    "Zelensky told AFP that Ursula von der Leyen would visit Zaporizhzhia. Zupančič agreed, said the Quai d'Orsay."
)


@pytest.mark.parametrize("marked,fix", CASES, ids=[c[1] for c in CASES])
def test_grammar_case_is_flagged_with_its_fix(full_engine, marked, fix):
    ex = Example(marked)
    issues = full_engine.check_text(ex.text).issues
    hits = [i for i in issues if (i.start, i.end) == ex.span]
    assert hits, [(i.rule, i.text) for i in issues]
    assert fix in hits[0].suggestions


def test_a_suggestion_to_insert_after_a_word_keeps_the_word_when_fixed(full_engine):
    result = full_engine.check_text("Prices have risen sharply in the last weeks, officials said.")
    assert "in the last few weeks" in full_engine.fix(result).text


def test_names_are_never_spelling_errors(full_engine):
    issues = full_engine.check_text(NAMES_TEXT).issues
    assert [i for i in issues if i.category == "Fluency/Spelling"] == []


def test_seed_names_pass_and_including_of_is_flagged(full_engine, seed_text):
    issues = full_engine.check_text(seed_text).issues
    spelled = [i.text for i in issues if i.category == "Fluency/Spelling"]
    assert spelled == []
    assert any(i.text == "including of" for i in issues)


def test_accepted_vocabulary_is_never_flagged():
    from mtqa.config import load_config
    from mtqa.engine import Engine

    cfg = load_config().with_overrides(accept=frozenset({"Zorblax", "frumpton"}))
    issues = Engine(cfg).check_text("zorblax and frumpton are accepted words here.").issues
    assert not [i for i in issues if i.category == "Fluency/Spelling"]
    unaccepted = Engine(load_config()).check_text("zorblax and frumpton are accepted words here.").issues
    assert [i.text for i in unaccepted if i.category == "Fluency/Spelling"] == ["zorblax", "frumpton"]


def test_uk_house_style_accepts_uk_spelling():
    from mtqa.config import load_config
    from mtqa.engine import Engine

    text = "The organisation changed the colour of its logo."
    us = Engine(load_config().with_overrides(house_style="us")).check_text(text).issues
    uk = Engine(load_config().with_overrides(house_style="uk")).check_text(text).issues
    assert {i.text for i in us if i.category == "Fluency/Spelling"} == {"organisation", "colour"}
    assert [i for i in uk if i.category == "Fluency/Spelling"] == []


def test_languagetool_without_a_server_fails_fast_with_a_clear_message(monkeypatch, tmp_path):
    from mtqa.config import load_config
    from mtqa.errors import MtqaError
    from mtqa.grammar.languagetool import ENV_URL, LanguageToolBackend

    monkeypatch.delenv(ENV_URL, raising=False)
    monkeypatch.setenv("LTP_PATH", str(tmp_path))  # an empty folder: no local install to start, and no download
    with pytest.raises(MtqaError, match="needs a LanguageTool server"):
        LanguageToolBackend(load_config().with_overrides(grammar="languagetool"))
    with pytest.raises(MtqaError, match="not reachable"):
        LanguageToolBackend(load_config().with_overrides(grammar="languagetool", languagetool_url="http://127.0.0.1:9"))
    assert list(tmp_path.iterdir()) == []  # nothing was downloaded


def test_capitalised_typos_are_still_caught_but_unknown_names_pass(full_engine):
    issues = full_engine.check_text("Goverment officials met. Anticor, which joined the case, said so. Teh end came.").issues
    spelled = {i.text for i in issues if i.category == "Fluency/Spelling"}
    assert spelled == {"Goverment", "Teh"}


class _Recording:
    """Harper's linter, recording the name of each thread that runs it, in a list shared by every linter of the
    backend."""

    def __init__(self, linter, threads, pause=0.0):
        self.linter, self.threads, self.pause = linter, threads, pause

    def organized_lints(self, text):
        import threading
        import time

        self.threads.append(threading.current_thread().name)
        time.sleep(self.pause)  # a slow linter: the other threads surely take their share meanwhile
        return self.linter.organized_lints(text)

    def __getattr__(self, name):
        return getattr(self.linter, name)


def _backend_recording_threads(pause=0.0):
    from mtqa.config import load_config
    from mtqa.grammar.harper import HarperBackend

    backend = HarperBackend(load_config())
    threads: list[str] = []
    backend.threads = threads
    backend.linter = _Recording(backend.linter, threads)  # replaces the cached property's value on this instance
    build = backend._new_linter
    backend._new_linter = lambda: _Recording(build(), threads, pause)  # the linter threads' own linters
    return backend


def _on_new_thread(fn, *args):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="caller") as pool:
        return pool.submit(fn, *args).result()


TYPO = "The talks with Zupančič resumed after the reoprt."


def test_harper_runs_on_the_linter_threads_for_every_other_thread():
    # Harper builds its suggestion automata once per OS thread (1.5-2 s): short-lived callers (Gradio's worker
    # threads, a server's pool) must hand their lints to the long-lived linter threads instead of building them
    # again
    backend = _backend_recording_threads()
    here = backend.paragraph_lints(TYPO)
    assert backend.threads == ["MainThread"]
    elsewhere = [_on_new_thread(backend.paragraph_lints, TYPO) for _ in range(3)]
    assert elsewhere == [here] * 3
    assert len(backend.threads) == 4 and all(t.startswith("mtqa-harper") for t in backend.threads[1:])
    assert any(row[3] == "Spelling" and "report" in row[5] for row in here)


def test_a_word_looked_up_while_the_paragraphs_lint_elsewhere_is_looked_up_there_and_ahead_of_them(monkeypatch):
    # Harper builds its suggestion automata once per thread: a word looked up on the caller's thread (is "storey"
    # British?) cost the first check about 1.4 s of CPU that the linter threads had already spent
    import threading

    from mtqa.config import load_config
    from mtqa.grammar.harper import HarperBackend

    backend = HarperBackend(load_config())
    seen = []
    look_up = backend._word_lints_here
    monkeypatch.setattr(backend, "_word_lints_here", lambda *a: seen.append(threading.current_thread().name) or look_up(*a))
    assert backend.british("storey") and not backend.british("goverment")
    assert seen == ["MainThread", "MainThread"]  # a thread that lints for itself looks words up itself
    backend.overlap = True
    pool = backend._pool()
    gate = threading.Event()
    busy = [pool.submit(gate.wait) for _ in range(pool.count)] + [pool.submit(lambda: seen.append("paragraph"))]
    answer = pool.submit(backend.british, "kerb", urgent=True)
    gate.set()
    assert answer.result(timeout=30) and all(b.result(timeout=30) in (True, None) for b in busy)
    assert backend.british("manoeuvrable")
    assert seen[2].startswith("mtqa-harper") and seen[3] == "paragraph"  # ahead of the paragraph queued before it
    assert seen[-1].startswith("mtqa-harper")  # the caller's word, looked up on a linter thread


def test_a_large_batch_is_linted_side_by_side_on_every_cores_thread(monkeypatch):
    # one linter per thread: paragraphs are shared out among the linter threads once there are enough of them,
    # and what each finds is what one linter finds alone
    import mtqa.neural
    from mtqa.config import load_config
    from mtqa.document import Document
    from mtqa.engine import Engine

    import mtqa.grammar.harper as harper_backend

    monkeypatch.setattr(mtqa.neural, "available_cores", lambda: 2)
    paragraphs = [f"Talks number {n} with Zupančič resumed after the reoprt." for n in range(12)]
    doc = Document(text="\n\n".join(paragraphs))
    alone = Engine(load_config()).grammar.lints(doc)
    assert len([r for r in alone if r[3] == "Spelling"]) == 12
    # a small batch keeps to one thread (each new one builds Harper's suggestion automata again)
    small = _backend_recording_threads(pause=0.05)
    assert _on_new_thread(small.lints, doc) == alone
    assert set(small.threads) == {"mtqa-harper-0"}
    # past _SPREAD_AFTER paragraphs, every core's thread takes its share
    monkeypatch.setattr(harper_backend, "_SPREAD_AFTER", len(paragraphs))
    large = _backend_recording_threads(pause=0.05)
    assert _on_new_thread(large.lints, doc) == alone
    assert set(large.threads) == {"mtqa-harper-0", "mtqa-harper-1"}


def test_a_thread_marked_long_lived_lints_for_itself():
    from mtqa.grammar.harper import lint_on_this_thread

    backend = _backend_recording_threads()

    def marked():
        lint_on_this_thread()
        return backend.paragraph_lints(TYPO)

    _on_new_thread(marked)
    assert backend.threads[0].startswith("caller")


def test_a_warm_up_run_as_on_a_worker_thread_warms_every_linter_thread(monkeypatch):
    import mtqa.neural
    from mtqa.grammar.harper import as_on_a_worker_thread

    monkeypatch.setattr(mtqa.neural, "available_cores", lambda: 2)
    backend = _backend_recording_threads()
    as_on_a_worker_thread(backend.warm)
    assert len(backend.threads) == 2 and len(set(backend.threads)) == 2
    assert all(t.startswith("mtqa-harper") for t in backend.threads)


_FORKED: list = []  # the backend a forked child inherits


def _lint_from_a_thread_in_the_child():
    return _on_new_thread(_FORKED[0].paragraph_lints, TYPO)


def test_a_forked_child_lints_from_a_thread_on_a_linter_thread_of_its_own():
    # the parent's linter thread does not survive a fork: the child must not wait on it for ever
    import multiprocessing

    _FORKED[:] = [_backend_recording_threads()]
    _on_new_thread(_FORKED[0].paragraph_lints, TYPO)  # the parent's linter thread exists now
    with multiprocessing.get_context("fork").Pool(1) as pool:
        rows = pool.apply_async(_lint_from_a_thread_in_the_child).get(timeout=120)
    assert rows == _FORKED[0].paragraph_lints(TYPO)


@pytest.mark.parametrize("word, name", [
    ("Kvartunović", True), ("Zelensky", True), ("Helaba", True),
    ("Goverment", False), ("Teh", False), ("Tuesday", False),  # one edit from a common word, or one itself
    ("Socio", False), ("kvartunović", False),  # the first part of a compound; not capitalised
])
def test_only_a_name(word, name):
    from mtqa.grammar.harper import only_a_name

    assert only_a_name(word) is name


def test_names_taught_to_harper_change_no_finding():
    # a batch teaches Harper its names before they are linted (no suggestion search for them): a document
    # checked after another that taught names gets the same findings as in a fresh engine, down to each
    # message and suggestion ("Helaba", taught for the teacher, is no suggestion for the pupil's "hellaba")
    from mtqa.config import load_config
    from mtqa.document import Document
    from mtqa.engine import Engine

    teacher = Document(text="Kvartunović and Helaba officials met in Zagreb.")
    pupil = Document(text="Goverment officials of the hellaba met Kvartunović. Teh talks ended.")

    def found(engine):
        return {(i.rule, i.text, i.start, i.end, i.message, tuple(i.suggestions)) for i in engine.check(pupil).issues}

    taught = Engine(load_config())
    taught.prepare([teacher])
    taught.check(teacher)
    assert {"Kvartunović", "Helaba"} <= taught.grammar._taught
    assert found(taught) == found(Engine(load_config()))
    assert {f[1] for f in found(taught)} >= {"Goverment", "Teh", "hellaba"}
    assert "Kvartunović" not in {f[1] for f in found(taught)}


def test_the_linter_built_on_a_thread_of_its_own_serves_the_caller():
    from mtqa.config import load_config
    from mtqa.grammar.harper import HarperBackend

    backend = HarperBackend(load_config())
    backend.start_building()
    building = backend._built
    assert building is not None
    backend.start_building()  # once only
    assert backend._built is building
    assert any(row[3] == "Spelling" and "report" in row[5] for row in backend.paragraph_lints(TYPO))
    assert backend.linter is building.result()


def test_harper_linting_beside_the_rules_finds_the_same(seed_text):
    # with overlap, Harper lints a document on its linter thread while the rules run on the caller's
    from mtqa.config import load_config
    from mtqa.document import Document
    from mtqa.engine import Engine

    plain, overlapped = Engine(load_config()), Engine(load_config())
    overlapped.overlap_grammar()
    for text in (seed_text, "Goverment officials met Kvartunović. Teh talks ended, said announced the the minister."):
        doc = Document(text=text)
        begun = overlapped.grammar.begin(doc)
        assert begun is not None and all(rows.result() is not None for rows in begun[2].values())  # linter threads
        found = [(i.rule, i.start, i.end, i.suggestions) for i in overlapped.check(doc).issues]
        assert found == [(i.rule, i.start, i.end, i.suggestions) for i in plain.check(doc).issues]
    assert {rule for rule, *_ in found} >= {"HARPER:SpellCheck", "REP001", "REP003"}


def test_what_the_linter_threads_import_is_imported_before_they_start():
    # a rule on the main thread and the linter thread importing rapidfuzz at once met it half-initialised
    # (ImportError); the thread that starts them imports it first
    from tests.conftest import fresh_python

    code = ("import sys\nfrom mtqa.config import load_config\nfrom mtqa.grammar.harper import HarperBackend\n"
            "HarperBackend(load_config())._pool()\n"
            "print(all(m in sys.modules for m in ('harper', 'msgpack', 'rapidfuzz.distance', 'rapidfuzz.fuzz')))")
    assert fresh_python(code).split() == ["True"]


def test_a_prepared_batch_is_linted_ahead_and_finds_the_same(seed_text):
    # with Harper beside the rules, `prepare` starts linting every document of the batch, so the linter threads
    # go on to the next documents while the rules run on this one
    from mtqa.config import load_config
    from mtqa.document import Document
    from mtqa.engine import Engine

    texts = [seed_text, "Goverment officials met Kvartunović. Teh talks ended, said announced the the minister."]
    plain, ahead = Engine(load_config()), Engine(load_config())
    ahead.overlap_grammar()
    docs = [Document(text=t) for t in texts]
    ahead.prepare(docs)
    assert all("harper-begun" in doc._memo for doc in docs)
    for doc, text in zip(docs, texts):
        found = [(i.rule, i.start, i.end, i.suggestions) for i in ahead.check(doc).issues]
        assert found == [(i.rule, i.start, i.end, i.suggestions) for i in plain.check(Document(text=text)).issues]
        assert "_memo" not in vars(doc)  # what was started ahead was taken, then released with the check


def test_the_suggestions_warm_up_still_has_a_far_off_word_after_a_check_taught_its_names():
    # the server and the UI check WARM_UP_TEXT (teaching its names) before warming every linter thread: the warm-up
    # must then still meet a word with no dictionary word near it, or each thread builds Harper's suggestion
    # automata on a client's first such word instead (about 2 s)
    from mtqa.config import load_config
    from mtqa.document import Document
    from mtqa.engine import WARM_UP_TEXT, Engine
    from mtqa.grammar.harper import SUGGESTIONS_WARM_UP

    engine = Engine(load_config())
    engine.prepare([Document(text=WARM_UP_TEXT)])
    engine.check(Document(text=WARM_UP_TEXT))
    rows = engine.grammar.paragraph_lints(SUGGESTIONS_WARM_UP)
    assert any(kind == "Spelling" and not suggestions for _, _, _, kind, _, suggestions in rows)


def test_letters_glued_to_a_number_are_not_respelled(full_engine):
    """Harper reads "14h30" as "14" and the word "h30", and would turn it into "14ha"; TYP004 has the time. A
    typo beside it is still caught."""
    issues = full_engine.check_text("The meeting starts at 14h30 on Friday, after the reoprt.").issues
    spelled = [i.text for i in issues if i.rule == "HARPER:SpellCheck"]
    assert spelled == ["reoprt"] and "TYP004" in {i.rule for i in issues}


def test_an_before_a_uk_spelled_silent_h_word_is_not_flagged(full_engine):
    """Harper does not know "honour" and reads its h as spoken: "an honour" was flagged, with "a" as the fix. A
    wrong article beside it is still caught."""
    text = "It was an honour and an honourable act, said a aide who waited an hour."
    flagged = [(i.start, i.text) for i in full_engine.check_text(text).issues if i.rule == "HARPER:AnA"]
    assert flagged == [(text.index("a aide"), "a")]


def test_french_words_are_not_respelled_into_english(full_engine):
    """A term English keeps is no misspelling; a short quotation left in French is one untranslated finding, not
    English "corrections" of its words (partons -> pardons)."""
    kept = full_engine.check_text('Teachers went back for what the French call "la rentrée" on Monday.').issues
    assert not [i for i in kept if i.rule.startswith("HARPER:")]
    quoted = full_engine.check_text("He said: « Nous partons demain », and left on Friday.").issues
    assert [(i.rule, i.text) for i in quoted if i.rule != "QUO002"] == [("BIL004", "Nous partons demain")]
    nested = full_engine.check_text('He said: « nous partons "demain matin" », and left on Friday.').issues
    assert [i.rule for i in nested].count("BIL004") == 1  # a quotation inside another is one passage
    assert [i for i in full_engine.check_text("The renntree was late.").issues if i.rule == "HARPER:SpellCheck"]


def test_mass_noun_lints_leave_modals_proper_adjectives_and_verbal_nouns(full_engine):
    text = ("One might expect the minister to resign. A Dutch commission noted a worsening of the figures. "
            "They gave an advice to the minister, and a research showed it. The region got a funding of 5 million. "
            "A briefing was given on issues that have a bearing on the vote.")
    flagged = [i.text for i in full_engine.check_text(text).issues if i.rule == "HARPER:MassNouns"]
    assert flagged == ["an advice", "a research", "a funding"]


def test_an_irregular_past_after_he_or_she_is_no_agreement_error(full_engine):
    text = "She strove to reform the courts. He withdrew his bid and froze the talks. She go to Brussels every week."
    flagged = [i.text for i in full_engine.check_text(text).issues if i.rule == "HARPER:PronounVerbAgreement"]
    assert flagged == ["go"]


def test_words_merged_into_one_take_the_dictionarys_capitals(full_engine):
    [merged] = [i for i in full_engine.check_text("The minister arrived in Viet Nam on Monday.").issues
                if i.rule == "HARPER:MergeWords"]
    assert merged.text == "Viet Nam" and merged.suggestions == ("Vietnam",)  # Harper offered "VietNam"


def test_were_after_a_comma_is_a_verb_not_we_are(full_engine):
    text = "Rubber and its products, paper goods, were the hardest hit in March. Were the best team, he said."
    assert [i.text for i in full_engine.check_text(text).issues if i.rule == "HARPER:PronounContraction"] == ["Were"]


def test_a_quotation_in_another_language_is_not_respelled(full_engine):
    # a cited foreign word or phrase is someone else's words; a typo near a common word is still a typo, quoted or not
    text = ('The infamous "derjava" could not resist. The banner read "ostpolitik und westbindung" on Monday. '
            'He said "the goverment and the reoprt" failed, with "accomodation" and "definatly".')
    spelled = [i.text for i in full_engine.check_text(text).issues if i.rule == "HARPER:SpellCheck"]
    assert spelled == ["goverment", "reoprt", "accomodation", "definatly"]


def test_a_fork_waits_for_the_preloading_dictionary():
    # Harper's dictionary loads once per process; a child forked while another thread loads it would wait for it
    # forever (the load never ends in the child). --jobs and --cluster fork workers after a command started it.
    code = ("import os\nfrom mtqa.grammar import harper as H\nH.preload_dictionary()\npid = os.fork()\n"
            "if pid == 0:\n    import harper\n    linter = harper.Linter(harper.Dialect.AMERICAN)\n"
            "    os.write(1, b'%d lint(s)\\n' % len(linter.lint('Teh report was late.')))\n    os._exit(0)\n"
            "os.waitpid(pid, 0)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.split() == ["1", "lint(s)"], out.stderr


@pytest.mark.parametrize("argv, preloads", [
    (["check", "{file}"], True),
    (["fix", "{file}", "-o", "{out}"], True),
    (["check", "--grammar", "none", "{file}"], False),
    (["check", "--languagetool-url", "http://127.0.0.1:9/v2", "{file}"], False),
    (["rules"], False),
])
def test_commands_that_lint_preload_harpers_dictionary(tmp_path, argv, preloads):
    from tests.conftest import fresh_python

    story = tmp_path / "story.txt"
    story.write_text("The minister spoke on Monday.\n", encoding="utf-8")
    argv = [a.format(file=story, out=tmp_path / "fixed.txt") for a in argv]
    code = ("import os\nos.environ['MTQA_DAEMON'] = 'off'\nfrom mtqa import cli\nfrom mtqa.grammar import harper\n"
            f"cli.main({argv!r})\nprint(harper._preloading is not None)")
    assert fresh_python(code).split()[-1] == str(preloads)


def test_fix_leaves_a_guess_at_an_unknown_word_for_a_person(full_engine):
    text = "He spoke on franceinfo about the burkini and the goverment; it is ok. The letter s and the letter t."
    result = full_engine.check_text(text)
    guesses = {i.text for i in result.issues if i.review}
    assert {"franceinfo", "burkini"} <= guesses
    assert all(i.suggestions for i in result.issues if i.review)  # still offered
    fixed = full_engine.fix(result).text
    assert "franceinfo" in fixed and "burkini" in fixed and " ok." in fixed and "letter s and" in fixed
    assert "the government;" in fixed  # a sure typo is still fixed


@pytest.mark.parametrize("word,suggestions,sure", [
    ("goverment", ("government",), True),
    ("recieve", ("receive", "relieve"), True),
    ("Teh", ("The",), True),
    ("franceinfo", ("franchise",), False),
    ("burkini", ("bikini",), False),
    ("ok", ("oak", "OK"), False),
    ("préfet", ("prefect",), False),
    ("tommorow", ("tomorrow",), True),  # Harper's only word, two edits away
    ("dissapointing", ("disappointing",), True),
    ("neice", ("niece", "nice", "naive"), True),
    ("macronists", ("machinists",), False),  # only word, but no common one
    ("definatly", ("defiantly", "definable", "definitely"), False),  # the first is the wrong word
])
def test_a_respelling_is_sure_only_one_edit_from_a_far_more_used_word(word, suggestions, sure):
    from mtqa.grammar.harper import sure_respelling

    assert sure_respelling(word, suggestions) is sure


def test_a_word_with_a_letter_moved_gets_that_word_first_as_a_guess_not_a_neighbour_one_edit_away(full_engine):
    # Harper offered "lounge" for "tounge", and `mtqa fix` applied it
    result = full_engine.check_text("He bit his tounge during the debate.")
    flagged = [i for i in result.issues if i.rule == "HARPER:SpellCheck"]
    assert [(i.text, i.suggestions[0], i.review) for i in flagged] == [("tounge", "tongue", True)]
    assert "tounge" in full_engine.fix(result).text


@pytest.mark.parametrize("cut", ["\u00ad", "\u200b"])
def test_a_word_cut_by_an_invisible_character_is_mended_not_respelled(full_engine, cut):
    text = f"The govern{cut}ment and the presi{cut}dent agreed on Friday."
    result = full_engine.check_text(text)
    assert not [i for i in result.issues if i.rule.startswith("HARPER:")], [(i.rule, i.text) for i in result.issues]
    assert full_engine.fix(result).text == "The government and the president agreed on Friday."


def test_format_placeholders_of_software_strings_are_not_respelled_or_merged(full_engine):
    issues = full_engine.check_text("Format %s and %(name)s for {0} items, %1$d left.").issues
    assert not [i for i in issues if i.rule.startswith("HARPER:")], [(i.rule, i.text) for i in issues]
    # a percentage is no placeholder: the word after it is checked
    issues = full_engine.check_text("Some 60% recieved the aid, and 20% could of voted.").issues
    assert {"recieved", "could of"} <= {i.text for i in issues}


def test_a_name_taught_from_a_sentence_start_is_no_fix_for_the_same_typo(full_engine):
    result = full_engine.check_text("Tommorow the talks resume in Geneva. They will take place tommorow morning.")
    assert "take place tomorrow morning" in full_engine.fix(result).text


@pytest.mark.parametrize("text", ["The minister spoke à la carte, as always.", "They met for coffee au lait and a tête-à-tête.",
                                  "The parties kept a cordon sanitaire around the far right.", "It was the coup de grâce."])
def test_french_phrases_english_news_uses_as_they_are_are_not_respelled(full_engine, text):
    assert [i.text for i in full_engine.check_text(text).issues if i.category == "Fluency/Spelling"] == []


def test_a_word_of_a_loan_phrase_on_its_own_is_still_checked(full_engine):
    assert "carte" in [i.text for i in full_engine.check_text("The carte was long.").issues]


def test_fix_applies_only_harpers_safe_fixes_and_sure_respellings(full_engine):
    text = "He go to Brussels every week. It was a apple. They marched in bandanas. The goverment spoke on islam."
    result = full_engine.check_text(text, source="Il va à Bruxelles. C'était une pomme. Ils défilaient en bandanas.")
    review = {i.text: i.review for i in result.issues if i.rule.startswith("HARPER:")}
    assert review == {"go": True, "a": False, "bandanas": True, "goverment": False, "islam": False}, review
    fixed = full_engine.fix(result).text
    assert fixed == "He go to Brussels every week. It was an apple. They marched in bandanas. The government spoke on Islam."


@pytest.mark.parametrize("text,fixed", [
    ("The goverment-backed plan and a well-knwon author.", "The government-backed plan and a well-known author."),
    ("The goverment’s plan was ready.", "The government’s plan was ready."),  # the apostrophe as written
    ("The plan is is ready.", "The plan is ready."),
    ("More younger voters turned out; most older residents stayed home.",  # "more" counts the voters: not fixed
     "More younger voters turned out; most older residents stayed home."),
    ("They bought a de-icer.", "They bought a de-icer."),  # "ice" for a piece cut short is a guess
    ("These groups which is were illustrated.", "These groups which is were illustrated."),  # which "be" to keep?
])
def test_sure_fixes_in_compounds_and_doubled_verbs_are_applied_and_guesses_are_not(full_engine, text, fixed):
    assert full_engine.fix(full_engine.check_text(text)).text == fixed


def test_a_word_the_source_has_is_a_guess_with_the_grammar_cache_too(tmp_path):
    from mtqa.cache import open_cache
    from mtqa.config import load_config
    from mtqa.engine import Engine

    cfg = load_config(config_file=None).with_overrides(cache=True, cache_dir=str(tmp_path))
    engine = Engine(cfg, cache=open_cache(cfg))
    assert engine.grammar.cache is not None  # the second check is answered by the cache, keyed by the English
    text = "The talks on the conflit in the region resumed on Monday."
    plain = engine.check_text(text)
    with_source = engine.check_text(text, source="Les pourparlers sur le conflit dans la région ont repris lundi.")
    [a], [b] = ([i.review for i in r.issues if i.text == "conflit"] for r in (plain, with_source))
    assert (a, b) == (False, True)
