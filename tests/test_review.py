"""The review logic behind the UI: decisions on findings, the corrected copy and its score, the diff built from
the applied fixes, a safe Accept all, well-formed punctuation, and batch pairing like the CLI."""

from __future__ import annotations

import html as html_lib
import json
import re
import subprocess
import sys

import pytest

from mtqa import review as rv
from mtqa.issues import Edit
from mtqa.ui import view

FRENCH = "Nous ne céderons jamais à la pression des syndicats, a-t-il déclaré."


def _session(text: str) -> rv.Session:
    return rv.Session(rv.check(text))


def _find_any(session: rv.Session, rule: str) -> int:
    return next(n for n, i in enumerate(session.issues) if i.rule == rule)


def _find(session: rv.Session, rule: str) -> int:
    return next(n for n in session.open_findings() if session.issues[n].rule == rule)


def test_choosing_the_second_suggestion_applies_it_and_updates_score_and_counts():
    s = _session("The talks failed on Friday, said announced the ministry.")
    n = _find(s, "REP003")
    before, _ = s.score()
    second = s.issues[n].suggestions[1]
    s.accept(n, 1)
    assert s.text() == f"The talks failed on Friday, {second}."
    assert n not in s.open_findings()
    after, _ = s.score()
    assert after > before
    assert "REP003" not in {s.issues[k].rule for k in s.open_findings()}


def test_the_message_of_a_fix_that_deletes_white_space_names_it():
    """Deleting the space of "5 %" or a doubled space is told as such, not as "'' → (deleted)"."""
    s = _session("Prices rose by 5 % in May, and  the minister said so.")
    assert s.accept(_find(s, "TYP007")) == "Applied TYP007: a space → (deleted)."
    assert s.accept(_find(s, "REP002")).startswith("Applied REP002: 2 spaces → ")


def test_accepting_a_closing_mark_that_touches_the_attribution_moves_the_space_as_mtqa_fix_does():
    """`ready, "said Paulson`: the finding is the space before the mark; accepting it also puts a space after the
    mark, or the copy would read `ready,"said`."""
    s = _session("We think the plan will work, \"said Paulson on Friday.")
    s.accept(_find(s, "QUO003"))
    assert s.text() == "We think the plan will work,\" said Paulson on Friday."


def test_ignore_removes_one_occurrence_and_ignore_rule_removes_all_of_them():
    s = _session("The two leaders exchanged on Friday. Their aides exchanged on Monday.")
    found = [n for n in s.open_findings() if s.issues[n].rule == "CAL002"]
    assert len(found) == 2
    s.ignore(found[0])
    assert [n for n in s.open_findings() if s.issues[n].rule == "CAL002"] == found[1:]
    s.ignore_rule("CAL002")
    assert not [n for n in s.open_findings() if s.issues[n].rule == "CAL002"]
    assert s.text() == s.base  # ignoring changes no word


def test_a_finding_takes_one_decision_only():
    # the page offers one decision per finding; a client sending both through the API must not record a finding
    # as both fixed and ignored
    s = _session("The two leaders exchanged on Friday, said announced the ministry.")
    n, m = _find(s, "REP003"), _find(s, "CAL002")
    s.accept(n)
    assert "already settled" in s.apply(f"ignore:{n}")
    assert n in s.accepted and n not in s.ignored
    s.ignore(m)
    assert "already settled" in s.apply(f"accept:{m}:0")
    assert m in s.ignored and m not in s.accepted
    assert s.text().count("exchanged") == 1  # the ignored finding's fix was not applied


def test_an_accepted_term_silences_its_spelling_findings():
    s = _session("The ministry published the reoprt on Friday, and the reoprt was long.")
    spelled = [n for n in s.open_findings() if s.issues[n].category == rv.SPELLING]
    assert len(spelled) == 2
    s.add_term(s.issues[spelled[0]].text)
    assert not [n for n in s.open_findings() if s.issues[n].category == rv.SPELLING
                and s.issues[n].text.lower() == s.issues[spelled[0]].text.lower()]


def test_findings_touched_by_an_accepted_fix_are_settled_with_it():
    s = _session("Read also: the tone rises between the two capitals\n\nThe talks failed on Friday.")
    boilerplate = next((n for n in s.open_findings() if s.issues[n].rule.startswith("BOI")), None)
    calque = next((n for n in s.open_findings() if s.issues[n].rule == "CAL003"), None)
    assert boilerplate is not None and calque is not None
    s.accept(boilerplate)
    assert calque not in s.open_findings()


def test_a_smaller_fix_inside_a_finding_leaves_that_finding_open_and_its_wider_fix_replaces_it():
    text = "The talks failed on Friday.\n\n• Read also: [LIVE] The war in Ukraine, day 300\n\nThe ministry said so."
    s = _session(text)
    line, tag = _find(s, "BOI001"), _find(s, "BOI002")
    s.accept(tag)  # the tag goes, the scrape line is still there
    assert "[LIVE]" not in s.text() and "Read also" in s.text()
    assert line in s.open_findings() and s.score()[0] < 100
    page = view.annotated(s, s.open_findings(), 1)
    marked = re.search(r'<mark [^>]*data-n="%d"[^>]*>(.*?)<sup' % line, page, re.S).group(1)
    assert html_lib.unescape(re.sub(r"<[^>]+>", "", marked)) == "• Read also: The war in Ukraine, day 300"
    start, end, rep = re.search(r'data-act="accept:%d:0" data-s="(\d+)" data-e="(\d+)" data-rep="([^"]*)"' % line, page).groups()
    shown = s.text()  # what the page applies at once is what the server will hold
    assert shown[:int(start)] + html_lib.unescape(rep) + shown[int(end):] == "The talks failed on Friday.\n\nThe ministry said so."
    assert "The 1 fix made inside it is part of this one now" in s.accept(line)
    assert s.text() == "The talks failed on Friday.\n\nThe ministry said so." and s.open_findings() == []
    assert list(s.accepted) == [line]


def test_a_wider_fix_keeps_the_smaller_fixes_made_inside_it_where_it_keeps_their_words():
    """Accepting the guillemets' fix after a spelling fix inside the quotation brought the misspelling back, with
    its finding closed: the wider fix was made from the copy as first checked."""
    s = _session("He said: « the goverment will act quickly », and left on Friday.")
    s.accept(_find(s, "HARPER:SpellCheck"))
    quote = _find(s, "QUO002")
    planned = s.planned_edit(quote, 0)
    assert planned.replacement == '"the government will act quickly"' and s.word_delta(planned) == 0
    page = view.annotated(s, s.open_findings(), 1)  # the popover's button says what it will write
    assert re.findall(r'class="mtqa-sugg"[^>]*>([^<]*)</button>', page) == ["&quot;the government will act quickly&quot;"]
    s.accept(quote)
    assert s.text() == 'He said: "the government will act quickly", and left on Friday.' and s.open_findings() == []
    s.undo(quote)  # the guillemets come back; the spelling fix, a decision of its own, stays
    assert s.text() == "He said: « the government will act quickly », and left on Friday."
    assert {s.issues[n].rule for n in s.open_findings()} == {"QUO002"}


def test_undoing_a_wider_fix_keeps_the_fix_accepted_inside_it():
    """Accepting a fix inside a line (CAL003), then the fix that deletes the line (BOI001), then undoing the
    deletion brought the line back as first checked: the inner fix, never undone, was lost with it."""
    text = ("The talks failed on Friday in Brussels.\n• To read also: the tone rises between Paris and Rome\n"
            "The ministers met again on Monday.")
    s = _session(text)
    inner, outer = _find(s, "CAL003"), _find(s, "BOI001")
    s.accept(inner)
    with_inner = s.text()
    assert with_inner != text
    s.accept(outer)
    assert "To read also" not in s.text()
    assert "stays" in s.apply(f"undo:{outer}")
    assert s.text() == with_inner  # only the deletion is taken back
    assert outer in s.open_findings() and inner not in s.open_findings() and inner in s.accepted
    s.apply(f"undo:{inner}")
    assert s.text() == text and {inner, outer} <= set(s.open_findings())
    s.accept(inner)
    s.accept(outer)
    saved = s.decisions()
    s.undo_all()
    s.restore(saved)  # a batch that failed puts back the nested fix too
    s.apply(f"undo:{outer}")
    assert s.text() == with_inner


def test_the_findings_list_quotes_a_finding_as_the_copy_now_reads_after_a_fix_inside_it():
    """After a calque was fixed inside a "Read also" line, the line's row in the findings list still quoted the
    calque ("the tone rises"), words no longer in the copy: the row quotes the line as it now reads."""
    s = _session("The talks failed on Friday in Brussels.\n• To read also: the tone rises between Paris and Rome\n"
                 "The ministers met again on Monday.")
    inner, outer = _find(s, "CAL003"), _find(s, "BOI001")
    s.accept(inner)
    rows = view.findings_list(s, s.open_findings(), 1)
    row = re.search(r'<li data-n="%d".*?</li>' % outer, rows, re.S).group()
    excerpt = html_lib.unescape(re.search(r'class="mtqa-excerpt">(.*?)</span>', row).group(1))
    assert excerpt == "“• To read also: tensions rise between Paris and Rome”"


def test_accepting_a_finding_quotes_its_words_as_the_copy_read_with_a_fix_inside_it():
    """Accepting the "Read also" line after a calque was fixed inside it said "Applied BOI001: '... the tone rises
    ...' -> (deleted)": words the copy no longer had. The message quotes the line as it read."""
    s = _session("The talks failed on Friday in Brussels.\n• To read also: the tone rises between Paris and Rome\n"
                 "The ministers met again on Monday.")
    s.accept(_find(s, "CAL003"))
    said = s.accept(_find(s, "BOI001"))
    assert "tensions rise between Paris and Rome" in said and "the tone rises" not in said


def test_undoing_a_finding_quotes_its_words_as_the_copy_now_reads_with_a_fix_inside_it():
    """Undoing the deletion of a "Read also" line after a calque was fixed inside it said "Undid BOI001: '... the
    tone rises ...' is back", though the line came back with the fix. The message quotes the line as it now reads."""
    s = _session("The talks failed on Friday in Brussels.\n• To read also: the tone rises between Paris and Rome\n"
                 "The ministers met again on Monday.")
    s.accept(_find(s, "CAL003"))
    outer = _find(s, "BOI001")
    s.accept(outer)
    said = s.undo(outer)
    assert said.startswith("Undid BOI001: '• To read also: tensions rise between Paris and Rome") and "the tone rises" not in said
    assert s.undo(_find_any(s, "CAL003")) == "Undid CAL003: 'the tone rises' is back."


def test_accept_all_takes_a_wider_fix_around_one_already_accepted():
    s = _session("The talks failed on Friday.\n\n• Read also: [LIVE] The war in Ukraine, day 300\n\nThe ministry said so.")
    s.accept(_find(s, "BOI002"))
    s.accept_all()
    assert s.text() == "The talks failed on Friday.\n\nThe ministry said so."


def test_the_diff_shows_exactly_the_applied_fixes_where_they_stand():
    text = "The talks failed, said announced the ministry.\n\nThe two leaders exchanged on Friday at 14h30."
    s = _session(text)
    s.accept(_find(s, "REP003"), 0)
    s.accept(_find(s, "CAL002"), 0)
    html = view.diff(s)
    changes = re.findall(r'<span class="mtqa-chg">(.*?)<button[^>]*data-act="undo:(\d+)"', html)
    assert changes == [("<del>said announced the ministry</del><ins>the ministry said</ins>", str(_find_any(s, "REP003"))),
                       ("<del>exchanged</del><ins>spoke</ins>", str(_find_any(s, "CAL002")))]
    assert "2 change(s)" in html


def test_one_fix_is_undone_and_the_findings_it_settled_are_open_again():
    text = "The talks failed, said announced the ministry.\n\nThe two leaders exchanged on Friday."
    s = _session(text)
    opened = set(s.open_findings())
    rep, cal = _find(s, "REP003"), _find(s, "CAL002")
    s.accept(rep)
    s.accept(cal)
    assert s.apply(f"undo:{rep}").startswith("Undid REP003:")
    assert s.text() == text.replace("exchanged", "spoke") and rep in s.open_findings() and cal not in s.open_findings()
    assert "has no fix applied" in s.apply(f"undo:{rep}")
    s.apply(f"undo:{cal}")
    assert s.text() == text and set(s.open_findings()) == opened
    assert "undo:" not in view.diff(s)


def test_annotated_view_nests_findings_and_keeps_every_character():
    s = _session("Read also: [LIVE] the tone rises between the two capitals\n\nThe talks failed.")
    found = s.open_findings()
    html = view.annotated(s, found, 1)
    text_part = html.split('<div class="mtqa-text"', 1)[1].split("</div>", 1)[0]
    plain = re.sub(r"<sup[^>]*>.*?</sup>", "", text_part.split(">", 1)[1])
    plain = re.sub(r"<[^>]+>", "", plain)
    import html as h

    assert h.unescape(plain) == s.text()
    assert "mtqa-inner" in html  # "[LIVE]" and "the tone rises" sit inside the teaser line
    for n in found:
        if s.issues[n].end > s.issues[n].start:
            assert f'id="mtqa-f-{n}"' in html and f'id="mtqa-tpl-{n}"' in html


@pytest.mark.parametrize("text, span, replacement, expected", [
    ("The vote closes at 14h30.", "14h30", "2:30 p.m.", "The vote closes at 2:30 p.m."),
    ("Doors open at 8h. Come early.", "8h", "8 a.m.", "Doors open at 8 a.m. Come early."),
    ("It rose 5 %, he said.", "5 %,", "5%,", "It rose 5%, he said."),
    ("It failed , he said.", " ,", ",", "It failed, he said."),
    ("They met on Friday , and left.", "Friday ,", "Friday,", "They met on Friday, and left."),
    ("A very  big deal.", "very ", "", "A big deal."),
    ("He said it is over.", "over", "", "He said it is."),
    ("The talks, said the minister, failed.", "said the minister", "", "The talks, failed."),
])
def test_fixes_leave_well_formed_punctuation(text, span, replacement, expected):
    start = text.index(span)
    edit = rv.tidy_edit(text, Edit(start, start + len(span), replacement))
    from mtqa.issues import apply_edits

    assert apply_edits(text, [edit]) == expected


def test_accept_all_keeps_out_of_quotations_untranslated_text_and_model_suggestions():
    text = ("The vote closes at 14h30. The two leaders exchanged on Friday.\n\n"
            f"The minister said: {FRENCH}\n\n"
            "He called the plan \"a very good idea for the farmers, the two leaders exchanged\" on Friday.\n\n"
            "He called for an \"immediate\" ceasefire.")
    s = _session(text)
    message = s.accept_all()
    fixed = s.text()
    assert "2:30 p.m. The two" in fixed and "p.m.." not in fixed
    assert "The two leaders spoke on Friday" in fixed
    assert FRENCH in fixed  # nothing "corrected" inside the untranslated sentence
    assert "the two leaders exchanged\" on Friday" in fixed  # the speaker's words stay theirs
    assert "\"immediate\"" in fixed  # a speaker's own word keeps its quotation marks
    m = re.match(r"Accept all applied (\d+) fix", message)
    assert m and int(m.group(1)) == len(s.accepted) == 2
    assert "left for you" in message


def test_accept_all_deletes_a_repeated_paragraph_that_holds_a_quotation_as_mtqa_fix_does():
    """A repeated paragraph with a quotation in it was left by Accept all as "inside quotations", and `mtqa fix`
    deletes it. Only a fix that changes a quotation's words is left: one inside it, or one that rewords it whole
    (QUO006: the same statement quoted twice with different words)."""
    para = 'The minister said the talks were "useful" and would resume next week in Geneva.'
    text = f"Talks to resume\n\n{para}\n\nOther news follows here today in the capital.\n\n{para}"
    s = _session(text)
    assert "DUP001" in [s.issues[n].rule for n in s.open_findings()]
    s.accept_all()
    assert "DUP001" not in [s.issues[n].rule for n in s.open_findings()]
    assert s.text() == rv.fix(text) and s.text().count(para) == 1
    requote = _session("Talks failed and no \"acute problems\" could be resolved, the Pentagon said.\n\n"
                       "An official said \"the call did not resolve any acute issues.\"")
    n = _find(requote, "QUO006")
    assert requote.accept_all().endswith("left for you (inside quotations or untranslated text, a guess at an unknown "
                                         "word, or suggested by a model).")
    assert n in requote.open_findings() and requote.text() == requote.base


def test_accept_all_twice_says_the_safe_fixes_are_applied_not_zero():
    """A double click on Accept all: the second click has nothing left to apply, and says so with the count."""
    s = _session("The vote closes at 14h30. The two leaders exchanged on Friday.")
    first = s.accept_all()
    assert first.startswith("Accept all applied 2 fixes")
    fixed = s.text()
    assert s.accept_all() == "Every safe fix is already applied (2 fixes accepted)." and s.text() == fixed


def test_accept_all_never_applies_a_suggestion_only_a_model_made():
    from dataclasses import replace

    s = _session("The two leaders exchanged on Friday.")
    n = _find(s, "CAL002")
    s.result.issues[n] = replace(s.issues[n], origin="neural")
    assert s.accept_all().startswith("Accept all applied 0 fixes")
    assert s.text() == s.base


def test_spelling_inside_untranslated_french_is_folded_into_that_finding_in_the_cli(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(f"The minister spoke on Friday. {FRENCH} The talks went on.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--format", "json", str(story)],
                         capture_output=True, text=True)
    issues = json.loads(out.stdout)["documents"][0]["issues"]
    french = [i for i in issues if i["rule"] == "BIL004"]
    assert len(french) == 1
    inside = [i for i in issues if i["category"] == rv.SPELLING and french[0]["start"] <= i["start"] < french[0]["end"]]
    assert inside == []


def test_an_edit_is_never_silently_lost_the_session_tracks_the_text_it_checked():
    s = _session("The two leaders exchanged on Friday.")
    s.accept(_find(s, "CAL002"))
    assert s.text() == "The two leaders spoke on Friday."
    assert s.base == "The two leaders exchanged on Friday."  # the UI compares its textbox with s.text() before a fix


def test_batch_pairs_companions_like_the_cli_and_names_no_server_path(tmp_path):
    (tmp_path / "story.en.txt").write_text("The port recorded a rise of 12% in traffic.\n", encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text("Le port a enregistré une hausse de 15 % de son trafic.\n", encoding="utf-8")
    (tmp_path / "story.ref.txt").write_text("The port recorded a 15% rise in traffic.\n", encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("story.en.txt", "story.fr.txt", "story.ref.txt")]
    rows, json_path, html_path, docs = rv.batch(paths)
    assert [r[0] for r in rows] == ["story.en.txt"]
    assert docs[0][1].startswith("Le port") and docs[0][2].startswith("The port recorded a 15%")
    report = open(json_path, encoding="utf-8").read() + open(html_path, encoding="utf-8").read()
    assert "mtqa-batch-" not in report and str(tmp_path) not in report
    assert "BIL001" in {i["rule"] for i in json.loads(open(json_path, encoding="utf-8").read())["documents"][0]["issues"]}


def test_batch_is_bounded_by_upload_size_and_characters(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 3000, encoding="utf-8")
    with pytest.raises(rv.MtqaError, match="limit here is"):
        rv.batch([str(big)], max_bytes=10_000)
    rows, *_ = rv.batch([str(big)], max_chars=5_000)
    assert rows[0][0] == "big.txt" and "could not check" in rows[0][5] and "limit" in rows[0][5]


def test_source_beside_target_marks_both_sides_of_a_bilingual_finding():
    source = "Le ministre a parlé vendredi à Paris. Les négociations reprendront lundi."
    target = "The minister spoke on Thursday in Paris. Talks will resume on Monday."
    s = rv.Session(rv.check(target, source), source)
    n = next(k for k, i in enumerate(s.issues) if i.rule == "BIL001" and i.text == "Thursday")
    html = view.source_view(s)
    pair = next(p for p in html.split('<div class="mtqa-pair') if "vendredi" in p)
    assert pair.count(f'data-n="{n}"') == 2  # the French sentence and the English word
    # the source side marks the exact word the finding is about, not the whole sentence
    assert re.search(rf'<div class="mtqa-src" lang="fr">Le ministre a parlé <mark[^>]*data-n="{n}"[^>]*>vendredi</mark> à Paris',
                     pair)
    assert "Les négociations reprendront lundi." in html.split("vendredi", 1)[1]
    assert view.source_view(rv.Session(rv.check(target))) == ""


def test_a_huge_word_is_refused_before_it_reaches_the_grammar_backend(tmp_path):
    with pytest.raises(rv.MtqaError, match=r"2,000-character word on line 2"):
        rv.check("The word\nis " + "a" * 2000 + " long.")
    upload = tmp_path / "w.txt"
    upload.write_text("The word " + "a" * 5000 + " is long.", encoding="utf-8")
    with pytest.raises(rv.MtqaError, match="w.txt has a run of 5,000 characters"):
        rv.batch([str(upload)])


def test_a_recheck_after_an_edit_keeps_what_was_ignored():
    s = _session("The two leaders exchanged on Friday. Their aides exchanged on Monday. The talks failed at 14h30.")
    cal = [n for n in s.open_findings() if s.issues[n].rule == "CAL002"]
    s.ignore(cal[0])
    s.ignore_rule("TYP004")
    again = _session(s.base + " It rained.").carry_over(s)
    left = [again.issues[n].rule for n in again.open_findings()]
    assert left.count("CAL002") == 1 and "TYP004" not in left


def test_an_occurrence_ignored_in_one_story_is_still_flagged_in_another():
    """Ignoring "said announced the Pentagon" in one story hid the same words in the next story pasted, with its
    score and counts."""
    s = _session("The talks failed on Friday, said announced the Pentagon. The two leaders exchanged on Monday.")
    s.ignore(_find(s, "REP003"))
    other = _session("Paris police closed three roads on Tuesday after a protest, said announced the Pentagon. "
                     "The mayor asked residents to stay home, and the two leaders exchanged.").carry_over(s)
    left = [other.issues[n].rule for n in other.open_findings()]
    assert "REP003" in left


def test_a_rule_ignored_in_one_story_is_checked_again_in_another_and_the_page_says_so():
    """"Ignore rule" carried over to every story pasted after, hiding that rule's findings there too, with nothing
    in the page to say so but a small button. It holds for the story (edited and checked again); another story is
    checked with the rule again and the summary says which rules came back. "Always ignore" is the way to keep a
    rule off in every story."""
    s = _session("The talks failed on Friday, said announced the Pentagon. The two leaders exchanged on Monday.")
    s.apply(f"rule:{_find(s, 'CAL002')}")
    summary = view.summary(s, s.open_findings())
    assert 'data-act="restore:CAL002"' in summary and "CAL002 (1 hidden)" in summary  # shown, with its way back
    edited = _session(s.base + " It rained.").carry_over(s)  # the same story: still ignored
    assert "CAL002" not in [edited.issues[n].rule for n in edited.open_findings()] and "CAL002" in edited.ignored_rules
    other = _session("Paris police closed three roads on Tuesday after a protest. "
                     "The mayor asked residents to stay home, and the two leaders exchanged.").carry_over(edited)
    assert "CAL002" in [other.issues[n].rule for n in other.open_findings()] and not other.ignored_rules
    summary = view.summary(other, other.open_findings())
    assert "CAL002" in summary and "checked again" in summary and "restore:" not in summary


def test_fixes_accepted_before_an_edit_stay_in_the_changes_until_another_story():
    """After an edit the copy is checked again as a new Session, and the fixes accepted before it vanished from
    Changes (and from the summary's count): the record of what the translator accepted is kept for the document,
    and dropped only when another story is checked."""
    s = _session("The talks failed on Friday, said announced the ministry.\n\nSome 10 000 people marched in Paris.")
    s.accept(_find(s, "REP003"))
    again = _session(s.text() + " It rained.").carry_over(s)
    assert again.history == [rv.Change("REP003", "said announced the ministry", "the ministry said")]
    again.accept(_find(again, "TYP003"))
    html = view.diff(again)
    assert "2 change(s)" in html and "<del>said announced the ministry</del>" in html and "<ins>10,000</ins>" in html
    assert "2 fixed" in view.summary(again, again.open_findings())
    third = _session(again.text() + " It rained again.").carry_over(again)
    assert [c.rule for c in third.history] == ["REP003", "TYP003"] and "2 change(s)" in view.diff(third)
    other = _session("The two leaders exchanged on Monday in Brussels about the budget.").carry_over(third)
    assert other.history == [] and "0 change(s)" in view.diff(other)
    # the copy as first checked, pasted again over the fixed one: none of those fixes is in it any more
    first = "The talks failed on Friday, said announced the ministry.\n\nSome 10 000 people marched in Paris."
    pasted_back = _session(first).carry_over(third)
    assert pasted_back.history == [] and " fixed" not in view.summary(pasted_back, pasted_back.open_findings())
    # the MT pasted again with a paragraph more, over the copy with a fix: like enough to be the same story, and
    # without the fix
    mt = "The talks failed on Friday, said announced the ministry. The two leaders exchanged on Monday."
    fixed = _session(mt)
    fixed.accept(_find(fixed, "REP003"))
    more = _session(mt + "\n\nThe strike goes on in the ports.").carry_over(fixed)
    assert more.history == [] and " fixed" not in view.summary(more, more.open_findings())


def test_a_deleted_repeat_stays_on_record_after_the_copy_is_edited():
    """The first copy of a repeated paragraph is still in the copy after its repeat was deleted: that is no reason
    to drop the deletion from Changes when the copy is checked again."""
    para = "The minister said the plan would be ready by the end of the year, after talks with the unions."
    s = _session(f"{para}\n\nSome 10 000 people marched in Paris.\n\n{para}")
    s.accept(_find(s, "DUP001"))
    again = _session(s.text() + " It rained.").carry_over(s)
    assert [c.rule for c in again.history] == ["DUP001"]
    assert "1 fixed" in view.summary(again, again.open_findings())


def test_undo_all_after_a_recheck_says_what_it_cannot_undo():
    """After a re-check the fixes accepted before are part of the checked copy: "Undo all decisions" said "All
    decisions undone." while they stayed in the text."""
    s = _session("The talks failed on Friday, said announced the ministry. The two leaders exchanged on Monday.")
    s.accept(_find(s, "REP003"))
    again = _session(s.text()).carry_over(s)
    message = again.apply("reset")
    assert "1 fix(es) accepted before the copy was last checked are part of the copy" in message
    assert "the ministry said" in again.text()
    assert s.apply("reset") == "All decisions undone." and "said announced" in s.text()


def test_the_corrected_copy_checked_again_unedited_keeps_its_fixes_undoable():
    """Check pressed again without an edit, or with a rule family switched off, made the fixes accepted part of the
    checked copy: Changes lost their undo buttons and listed them as accepted before an edit, and "Undo all
    decisions" said they were part of the copy now. The copy as this review checked it is checked again and the
    review's decisions are taken over, each on the same finding."""
    s = _session("The talks failed on Friday, said announced the ministry. Some 10 000 people marched. The the end.")
    s.accept(_find(s, "REP003"))
    s.accept(_find(s, "TYP003"))
    s.ignore(_find(s, "REP001"))
    for families in (tuple(rv.FAMILIES), tuple(f for f in rv.FAMILIES if f != "grammar")):
        again = rv.Session(rv.check(s.base, families=families))
        assert again.take_over(s)
        assert again.text() == s.text() and again.history == [] and len(again.accepted) == 2
        assert "REP001" not in [again.issues[n].rule for n in again.open_findings()]  # still ignored
        diff = view.diff(again)
        assert diff.count('data-act="undo:') == 2 and "mtqa-earlier" not in diff
        assert "2 fixed, 1 ignored" in view.summary(again, again.open_findings())
        assert again.undo(_find_any(again, "TYP003")).startswith("Undid TYP003") and "10 000" in again.text()
        assert again.apply("reset") == "All decisions undone." and again.text() == s.base
    # a fixed finding no longer flagged (its family switched off): nothing is taken, the corrected copy is checked
    assert not rv.Session(rv.check(s.base, families=("repetition",))).take_over(s)
    assert not _session(s.text()).take_over(s)  # another copy


def test_another_story_checked_against_the_source_left_for_the_last_one_is_said_to_be():
    """A sample article filled the French source (in a closed panel); the translator's own story, pasted and checked
    next, was compared with that source without a word: a score of 49 for 87, 15 bilingual findings of nothing.
    The summary now says the source is the last story's for as long as it is in use."""
    from pathlib import Path

    bilingual = Path(__file__).resolve().parent.parent / "corpora" / "samples" / "bilingual"
    en, fr = ((bilingual / f"floods.{lang}.txt").read_text(encoding="utf-8") for lang in ("en", "fr"))
    other = (bilingual.parent / "ceasefire-call.txt").read_text(encoding="utf-8")
    sample = rv.Session(rv.check(en, fr), fr)
    assert not sample.foreign_source
    pasted = rv.Session(rv.check(other, fr), fr).carry_over(sample)
    assert pasted.foreign_source and "another story" in view.summary(pasted, pasted.open_findings())
    edited = rv.Session(rv.check(other + "\n\nIt rained.", fr), fr).carry_over(pasted)
    assert edited.foreign_source  # still that source: still said
    own = rv.Session(rv.check(other, FRENCH), FRENCH).carry_over(pasted)
    assert not own.foreign_source and "another story" not in view.summary(own, own.open_findings())
    assert not rv.Session(rv.check(en + "\n\nIt rained.", fr), fr).carry_over(sample).foreign_source  # the same story
    blank = rv.Session(rv.check("", fr), fr)  # the source checked first without its translation, then the translation
    assert not rv.Session(rv.check(en, fr), fr).carry_over(blank).foreign_source


def test_a_bilingual_finding_without_a_quoted_source_word_marks_the_whole_source_sentence():
    from mtqa.issues import Issue, Severity

    hit = Issue("BIL007", "Accuracy/Mistranslation", Severity.MAJOR, 0, 3, "The", "The meaning differs from the source.")
    html = view._source_marks("Le port a grandi.", [(4, hit)])
    assert html == '<mark class="mtqa-f fam-bil sev-major" data-n="4">Le port a grandi.</mark>'


def test_what_the_page_needs_to_apply_a_fix_at_once_matches_the_server(seed_text):
    """review.js applies a fix from data-s, data-e, data-rep, data-dw and data-settles before the server answers:
    for every suggestion of the seed article, that data must give the server's own copy, word count and findings."""
    s = _session(seed_text)
    s.accept(_find(s, "CAL002"))  # one fix already in: offsets are of the corrected copy
    found = s.open_findings()
    page = view.annotated(s, found, 1)
    shown, words = s.text(), s.score(found)[1]
    buttons = re.findall(r'data-act="accept:(\d+):(\d+)" data-s="(\d+)" data-e="(\d+)" data-rep="([^"]*)" '
                         r'data-dw="(-?\d+)" data-settles="([\d ]*)"', page)
    assert len({(n, k) for n, k, *_ in buttons}) == sum(len(s.issues[n].suggestions) for n in found) > 10
    for n, k, start, end, rep, dw, settles in buttons:
        after = rv.Session(s.result, accepted=dict(s.accepted))
        after.accept(int(n), int(k))
        assert shown[:int(start)] + html_lib.unescape(rep) + shown[int(end):] == after.text()
        assert words + int(dw) == after.score()[1]
        assert set(found) - {int(n)} - {int(m) for m in settles.split()} == set(after.open_findings())


def test_the_page_offsets_of_a_fix_count_as_javascript_does_after_an_emoji():
    """The page counts a character beyond the BMP (an emoji, a flag) as two UTF-16 units: data-s and data-e must
    too, or accepting a fix after one cut into the wrong words."""
    s = _session("👍🏽 The talks failed 🇫🇷, said announced the ministry.\n\nThe two leaders exchanged on Friday.")
    found = s.open_findings()
    page = view.annotated(s, found, 1)
    shown = s.text().encode("utf-16-le")
    buttons = re.findall(r'data-act="accept:(\d+):(\d+)" data-s="(\d+)" data-e="(\d+)" data-rep="([^"]*)"', page)
    assert {s.issues[int(n)].rule for n, *_ in buttons} >= {"REP003", "CAL002"}
    for n, k, start, end, rep in buttons:
        after = rv.Session(s.result)
        after.accept(int(n), int(k))
        page_copy = shown[:2 * int(start)] + html_lib.unescape(rep).encode("utf-16-le") + shown[2 * int(end):]
        assert page_copy.decode("utf-16-le") == after.text()


def test_undo_all_keeps_the_rules_the_store_always_ignores(tmp_path):
    from mtqa.store import Store

    store = Store(tmp_path / "review.sqlite")
    store.ignore_rule("REP001")  # "Always ignore", in an earlier review
    s = rv.Session(rv.check("The the talks failed, said announced the ministry. The two leaders exchanged on Friday."),
                   ignored_rules=set(store.ignored_rules()))
    s.apply(f"always:{_find(s, 'REP003')}", store)
    s.apply(f"rule:{_find(s, 'CAL002')}", store)  # this review only
    s.apply("reset", store)
    assert s.ignored_rules == {"REP001", "REP003"}
    assert {s.issues[n].rule for n in s.open_findings()} == {"CAL002"}


def test_warm_up_prepares_the_engine_the_checks_use_and_its_lazy_models():
    rv.warm_up()
    engine = rv.engine_for("us", tuple(sorted(rv.FAMILIES)), None)  # the key `check` asks for
    before = rv.engine_for.cache_info()
    rv.check("The ministry published the plan on Friday.")
    after = rv.engine_for.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)  # no engine of its own for the first check
    # the part-of-speech tagger and the named-entity recogniser are loaded on first need: the warm-up needed them
    assert {"spacy-en-tagger", "spacy-en-ner"} <= set(engine.context._cache)


def test_the_fix_endpoint_fixes_what_its_own_fixes_uncover():
    """As `mtqa fix`: « » replaced by double quotes leaves a period outside them, which a second pass moves in."""
    text = "The mayor called the new tram line « a waste of money »."
    source = "Le maire a qualifié la nouvelle ligne de tram de « gaspillage »."
    assert rv.fix(text, source) == "The mayor called the new tram line \"a waste of money.\""


def test_an_empty_copy_of_a_french_source_is_reviewed_as_no_translation_and_blank_copy_alone_is_refused():
    s = rv.Session(rv.check("", "Le président a parlé lundi à Paris."))
    assert [s.issues[n].rule for n in s.open_findings()] == ["E007"] and s.score()[0] == 0
    assert view.summary(s, s.open_findings()).count("bilingual 1") == 1  # not "internal": nothing went wrong
    with pytest.raises(rv.MtqaError, match="Paste the English copy"):
        rv.check("  \n", "")


@pytest.mark.parametrize("omitted", [
    "Il coûtera trois milliards d'euros.",
    "Il a déclaré : « C'est l'heure de \"l'action\" ».",  # both kinds of quotation mark in it
    "Il a précisé que les mesures prévues par ce plan porteront avant tout sur les petites entreprises, les artisans "
    "et les commerçants des zones rurales.",  # longer than the message quotes
])
def test_an_omitted_sentence_is_marked_on_the_source_sentence_it_quotes_not_on_its_neighbour(omitted):
    source = f"Le ministre a annoncé lundi un plan de relance. {omitted} Les syndicats ont salué la mesure."
    s = rv.Session(rv.check("The minister announced a recovery plan on Monday. The unions welcomed the measure.", source),
                   source)
    assert [i.rule for i in s.issues] == ["BIL005"]
    rows = re.findall(r'<div class="mtqa-src" lang="fr">(.*?)</div><div class="mtqa-tgt" lang="en">(.*?)</div>',
                      view.source_view(s))
    marked = [(html_lib.unescape(re.sub(r"<[^>]+>", "", src)), "<mark" in src, "<mark" in tgt) for src, tgt in rows]
    assert marked == [("Le ministre a annoncé lundi un plan de relance.", False, True), (omitted, True, False),
                      ("Les syndicats ont salué la mesure.", False, False)]


def test_a_guess_at_an_unknown_word_is_shown_as_one_and_left_by_accept_all():
    s = _session("He spoke on franceinfo about the goverment.")
    guess = next(n for n, i in enumerate(s.issues) if i.text == "franceinfo")
    typo = next(n for n, i in enumerate(s.issues) if i.text == "goverment")
    assert s.issues[guess].review and not s.issues[typo].review
    assert "A guess at a word the dictionary lacks" in view._popover(guess, s.issues[guess])
    assert "A guess" not in view._popover(typo, s.issues[typo])
    assert "a guess at an unknown word" in s.accept_all()
    assert s.text() == "He spoke on franceinfo about the government."


def test_mixed_spelling_is_a_family_the_ui_offers():
    """SPL001 was counted as "other": no family to untick, no legend entry, no colour."""
    from mtqa.formats.html import FAMILY_COLOURS

    assert rv.family_label("SPL001") == "spelling" and "SPL" in FAMILY_COLOURS
    text = "The defense minister spoke about their behavior. The defence budget rose. Missile defence is costly."
    assert "SPL001" in [i.rule for i in rv.check(text, style="auto").issues]
    others = tuple(f for f in rv.FAMILIES if f != "spelling")
    assert "SPL001" not in [i.rule for i in rv.check(text, style="auto", families=others).issues]


def test_accepting_mixed_spelling_respells_every_word_of_the_minority_variety_as_mtqa_fix_does():
    """SPL001 is one finding for the document, at the first word of the less used variety: accepting it respelled
    that word only, and the finding was closed with the copy still mixing US and UK spelling, where `mtqa fix`
    goes on to respell every such word over its passes."""
    text = ("The colour of the flag was chosen by the centre, the organisers said. The honour guard will march at the "
            "theatre. The color of the center was debated.")
    s = rv.Session(rv.check(text, style="auto"))
    assert [i.rule for i in s.issues] == ["SPL001"]
    n = _find(s, "SPL001")
    assert "Accept also changes 1 more word of the copy the same way: centre." in view._popover(n, s.issues[n])
    assert "and 1 more word" in s.accept(n)
    assert s.text() == rv.fix(text, style="auto")  # what `mtqa fix` writes
    assert s.open_findings() == [] and "SPL001" not in [i.rule for i in rv.check(s.text(), style="auto").issues]
    assert view.diff(s).count('data-act="undo:%d"' % n) == 2  # one change per word, each undoing the decision
    assert "2 change(s) applied by 1 fix." in view.diff(s)  # as the summary counts decisions
    s.undo(n)
    assert s.text() == text and s.open_findings() == [n]
    # more words of the minority variety than `mtqa fix` has passes: every one of them
    longer = ("The colour of the flag was chosen by the centre, the organisers said. The honour guard will march at the "
              "theatre with the neighbours and their favourite labour union, the defence ministry said. The color of "
              "the center was debated at the theater by the labor union and the defense.")
    s = rv.Session(rv.check(longer, style="auto"))
    s.accept_all()
    assert "SPL001" not in [i.rule for i in rv.check(s.text(), style="auto").issues]
    assert s.text().count("colour") == 2 and "defense" not in s.text()


def test_a_wider_fix_over_a_respelled_word_and_its_undo_keep_the_rest_of_the_spelling_fix():
    text = ("The colour of the flag was chosen by the centre, the organisers said. The honour guard will march at the "
            "theatre. He said: « the color of the center was debated », and left.")
    s = rv.Session(rv.check(text, style="auto"))
    spelling, quote = _find(s, "SPL001"), _find(s, "QUO002")
    s.accept(spelling)
    respelled = s.text()
    assert "color " not in respelled and "center" not in respelled
    s.accept(quote)
    assert '"the colour of the centre was debated"' in s.text()
    s.undo(quote)
    assert s.text() == respelled
    s.undo(spelling)
    assert s.text() == text


def test_a_message_with_code_spans_is_shown_as_code_and_escaped():
    """Harper's Markdown code spans become <code> (no backticks); the rest of the message, and the code itself, is
    escaped: a message never writes markup into the page."""
    message = "Use `<b>it's</b>` & not `its` <script>x</script>"
    shown = view.message_html(message)
    assert shown == ("Use <code>&lt;b&gt;it&#x27;s&lt;/b&gt;</code> &amp; not <code>its</code> "
                     "&lt;script&gt;x&lt;/script&gt;")
    assert view.message_text(message) == "Use “<b>it's</b>” & not “its” <script>x</script>"
    s = _session("Its a good idea, the minister said on Friday.")
    n = _find(s, "HARPER:ItsContraction")
    assert "`" in s.issues[n].message  # (Harper's own wording)
    page = view.annotated(s, s.open_findings(), 1) + view.findings_list(s, s.open_findings(), 1)
    assert "`" not in page and "<code>it&#x27;s</code>" in page


@pytest.mark.parametrize("open_tag, close_tag", [("<p>", "</p>"), ('<div class="body">', "</div>"), ("<h2>", "</h2>"),
                                                 ("<!-- lead -->\n<p>", "</p>")])
def test_copy_pasted_with_html_tags_gets_the_findings_of_its_words(open_tag, close_tag):
    """Harper reads text as Markdown, where a paragraph that opens with a block tag is an HTML block, not linted:
    copy pasted from a web page ("<p>...</p>") lost every grammar and spelling finding. The tags are set aside, and
    the words get the findings they get without them, at their own places."""
    plain = "The ministry published the reoprt on Friday, said said the minister, and he go home."
    tagged = open_tag + plain + close_tag
    expected = [(i.rule, i.text, i.start + len(open_tag)) for i in rv.check(plain).issues]
    assert any(rule.startswith("HARPER:") for rule, _, _ in expected)
    assert [(i.rule, i.text, i.start) for i in rv.check(tagged).issues] == expected
