"""Source-aware checks and translators' formats: every format read, every changed figure, dropped and
untranslated sentence and changed name flagged, and the correct translation of the same text not flagged."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from conftest import ROOT, SAMPLES

BI = SAMPLES / "bilingual"
GOOD_EN = (ROOT / "tests" / "data" / "floods-good.en.txt").read_text(encoding="utf-8")
FR = (BI / "floods.fr.txt").read_text(encoding="utf-8")

# (id, source, bad translation, what must be flagged in it, good translation)
SEGMENTS = [
    ("money", "Le gouvernement a annoncé vendredi une aide de 1,5 million d'euros.",
     "The government announced on Friday aid of 2.5 million euros.", ("BIL001", "2.5 million"),
     "The government announced on Friday aid of 1.5 million euros."),
    ("thousands", "Quelque 10 000 hectares ont été submergés.", "Some 1,000 hectares were submerged.", ("BIL001", "1,000"),
     "Some 10,000 hectares were submerged."),
    ("time", "La ministre se rendra sur place lundi à 14 h 30.", "The minister will visit on Monday at 3:30 p.m.", ("BIL001", "3:30 p.m."),
     "The minister will visit on Monday at 2:30 p.m."),
    ("weekday", "Le vote aura lieu vendredi.", "The vote will take place on Thursday.", ("BIL001", "Thursday"),
     "The vote will take place on Friday."),
    ("currency", "La banque a promis un prêt de 25 M$.", "The bank promised a $35 million loan.", ("BIL001", "$35 million"),
     "The bank promised a $25 million loan."),
    ("percent", "Les prix ont augmenté de 3,2 % en un mois.", "Prices rose 2.3% in one month.", ("BIL001", "2.3%"),
     "Prices rose 3.2% in one month."),
    ("name", "La ministre Claire Dubreuil a visité la région.", "Minister Claire Dubois visited the region.", ("BIL002", "Claire Dubois"),
     "Minister Claire Dubreuil visited the region."),
    ("french", "Le dernier épisode comparable remonte à 2009.", "Le dernier épisode comparable remonte à 2009.", ("BIL004", "Le dernier épisode comparable remonte à 2009."),
     "The last comparable episode dates back to 2009."),
]


def run(*args):
    return subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--grammar", "none", "--format", "json", *args],
                          capture_output=True, text=True)


def _flags(doc: dict) -> set[tuple[str, str]]:
    return {(i["rule"], i["text"]) for i in doc["issues"] if i["rule"].startswith("BIL")}


def test_paired_files_flag_every_defect_and_compute_metrics():
    proc = run(str(BI / "floods.en.txt"))
    doc = json.loads(proc.stdout)["documents"][0]
    flags = _flags(doc)
    for expected in [("BIL001", "Thursday"), ("BIL001", "2.5 million"), ("BIL001", "1,000"), ("BIL001", "3:30 p.m."),
                     ("BIL001", "$35 million"), ("BIL001", "2.3%"), ("BIL002", "Claire Dubois"),
                     ("BIL004", "Le dernier épisode comparable remonte à 2009.")]:
        assert expected in flags, expected
    assert any(rule == "BIL005" for rule, _ in flags)  # the unions sentence was dropped
    assert set(doc["metrics"]) == {"bleu", "chrf++", "ter"}


def test_companions_named_with_their_story_are_read_with_it_as_in_a_folder(tmp_path):
    """`mtqa check copy/*.txt` names story.fr.txt and story.ref.txt as well: they were checked as English stories
    of their own (the French source scoring 40 and failing the gate); named without their story, they still are."""
    for f in BI.glob("floods.*.txt"):
        shutil.copy(f, tmp_path / f.name)
    globbed = sorted(str(p) for p in tmp_path.glob("*.txt"))
    assert len(globbed) == 3
    report = json.loads(run(*globbed).stdout)
    assert [Path(d["path"]).name for d in report["documents"]] == ["floods.en.txt"]
    assert report["documents"][0]["metrics"]  # the reference was read with it
    with_folder = json.loads(run(str(tmp_path), str(tmp_path / "floods.ref.txt")).stdout)
    assert [Path(d["path"]).name for d in with_folder["documents"]] == ["floods.en.txt"]
    alone = json.loads(run(str(tmp_path / "floods.ref.txt")).stdout)
    assert [Path(d["path"]).name for d in alone["documents"]] == ["floods.ref.txt"]


def test_the_correct_translation_of_the_same_story_is_not_flagged(tmp_path):
    shutil.copy(BI / "floods.fr.txt", tmp_path / "floods.fr.txt")
    (tmp_path / "floods.en.txt").write_text(GOOD_EN, encoding="utf-8")
    doc = json.loads(run(str(tmp_path / "floods.en.txt")).stdout)["documents"][0]
    assert doc["issues"] == []


def _write_formats(folder: Path, which: str) -> list[Path]:
    """The same segments in every format mtqa reads; `which` is "bad" or "good" translations."""
    rows = [(sid, src, bad if which == "bad" else good) for sid, src, bad, _, good in SEGMENTS]
    paths = []
    tsv = folder / "segments.tsv"
    with tsv.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(["id", "source", "target"])
        w.writerows(rows)
    paths.append(tsv)
    csv_path = folder / "segments.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "source", "target"])
        w.writerows(rows)
    paths.append(csv_path)
    jsonl = folder / "segments.jsonl"
    jsonl.write_text("".join(json.dumps({"id": i, "source": s, "target": t}, ensure_ascii=False) + "\n" for i, s, t in rows), encoding="utf-8")
    paths.append(jsonl)
    x12 = folder / "segments12.xlf"
    x12.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="story" source-language="fr" target-language="en" datatype="plaintext"><body>'
        + "".join(f'<trans-unit id="{i}"><source>{escape(s)}</source><target>{escape(t)}</target></trans-unit>' for i, s, t in rows)
        + "</body></file></xliff>\n", encoding="utf-8")
    paths.append(x12)
    x20 = folder / "segments20.xlf"
    x20.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="fr" trgLang="en">'
        '<file id="f1">'
        + "".join(f'<unit id="{i}"><segment><source>{escape(s)}</source><target>{escape(t)}</target></segment></unit>' for i, s, t in rows)
        + "</file></xliff>\n", encoding="utf-8")
    paths.append(x20)
    po = folder / "segments.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  + "".join(f'msgctxt "{i}"\nmsgid "{s}"\nmsgstr "{t}"\n\n' for i, s, t in rows), encoding="utf-8")
    paths.append(po)
    tmx = folder / "segments.tmx"
    tmx.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="mtqa-tests" creationtoolversion="1" '
                   'segtype="sentence" o-tmf="none" adminlang="en" srclang="fr" datatype="plaintext"/><body>'
                   + "".join(f'<tu tuid="{i}"><tuv xml:lang="fr"><seg>{escape(s)}</seg></tuv><tuv xml:lang="en"><seg>{escape(t)}</seg></tuv></tu>' for i, s, t in rows)
                   + "</body></tmx>\n", encoding="utf-8")
    paths.append(tmx)
    return paths


@pytest.mark.parametrize("fmt", ["tsv", "csv", "jsonl", "xlf12", "xlf20", "po", "tmx"])
def test_every_format_flags_the_bad_segments_and_not_the_good_ones(tmp_path, fmt):
    index = ["tsv", "csv", "jsonl", "xlf12", "xlf20", "po", "tmx"].index(fmt)
    bad_dir, good_dir = tmp_path / "bad", tmp_path / "good"
    bad_dir.mkdir()
    good_dir.mkdir()
    bad = _write_formats(bad_dir, "bad")[index]
    good = _write_formats(good_dir, "good")[index]
    report = json.loads(run(str(bad)).stdout)
    assert report["errors"] == []
    docs = report["documents"]
    assert len(docs) == len(SEGMENTS)
    for doc, (sid, _, target, expected, _) in zip(docs, SEGMENTS):
        assert expected in _flags(doc), (fmt, sid, doc["issues"])
        for i in doc["issues"]:
            assert target[i["start"]:i["end"]] == i["text"]
    good_report = json.loads(run(str(good)).stdout)
    assert [d["issues"] for d in good_report["documents"]] == [[]] * len(SEGMENTS)



def test_xliff_20_segments_are_named_by_their_unit(tmp_path):
    from test_read_errors import check_json

    # segment ids are unique only within their unit (Okapi and others number them 1, 2... in every unit)
    path = tmp_path / "segments.xlf"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
                    'srcLang="fr" trgLang="en"><file id="f1">'
                    '<unit id="vote"><segment id="1"><source>Le vote.</source><target>The the vote.</target></segment></unit>'
                    '<unit id="aid"><segment id="1"><source>L\'aide.</source><target>The aid.</target></segment>'
                    '<segment id="2"><source>Elle arrive.</source><target>It it arrives.</target></segment></unit>'
                    '<unit id="plain"><segment><source>Bon.</source><target>Fine.</target></segment></unit>'
                    "</file></xliff>\n", encoding="utf-8")
    _, report, _ = check_json(path)
    assert [d["id"] for d in report["documents"]] == ["vote::1", "aid::1", "aid::2", "plain"]
    assert [i["text"] for d in report["documents"] for i in d["issues"] if i["rule"] == "REP001"] == ["The the", "It it"]



def test_a_memory_from_english_says_so(tmp_path):
    """A TMX stored English -> French said "no English translation (fr)" of units that hold English."""
    from test_read_errors import check_json

    path = tmp_path / "memory.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
                    'segtype="sentence" o-tmf="none" adminlang="en" srclang="en" datatype="plaintext"/><body>'
                    '<tu tuid="r1"><tuv xml:lang="en"><seg>They spoke.</seg></tuv><tuv xml:lang="fr"><seg>Ils ont parlé.</seg></tuv></tu>'
                    "</body></tmx>\n", encoding="utf-8")
    code, _, err = check_json(path)
    assert code == 2 and "unit r1 (line 2): its source is the English (en), translated into fr: mtqa checks translations into English" in err


def test_a_multilingual_tmx_checks_and_fixes_the_english_variant(tmp_path):
    from test_read_errors import check_json, mtqa

    path = tmp_path / "memory.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
                    'segtype="sentence" o-tmf="none" adminlang="en" srclang="fr" datatype="plaintext"/><body>'
                    '<tu tuid="t1"><tuv xml:lang="fr"><seg>Ils ont parlé.</seg></tuv><tuv xml:lang="de"><seg>Sie sie sprachen.</seg></tuv>'
                    '<tuv xml:lang="en-GB"><seg>They they spoke.</seg></tuv></tu>'
                    '<tu tuid="t2"><tuv xml:lang="fr"><seg>Oui.</seg></tuv><tuv xml:lang="de"><seg>Ja.</seg></tuv>'
                    '<tuv xml:lang="it"><seg>Sì.</seg></tuv></tu>'
                    # a unit with one translation, not English: it was checked and fixed as English copy
                    '<tu tuid="t3"><tuv xml:lang="fr"><seg>Le prix.</seg></tuv><tuv xml:lang="de"><seg>Der der Preis.</seg></tuv></tu>'
                    "</body></tmx>\n", encoding="utf-8")
    code, report, _ = check_json(path)
    assert [(d["id"], [i["text"] for i in d["issues"]]) for d in report["documents"]] == [("t1", ["They they"])]
    assert report["errors"] == [{"path": str(path), "message": "unit t2 (line 2): no English translation (de, it)"},
                                {"path": str(path), "message": "unit t3 (line 2): no English translation (de)"}]
    out = tmp_path / "fixed.tmx"
    assert mtqa("fix", "--grammar", "none", "-o", str(out), str(path))[0] == 1  # t2's error is reported again
    after = out.read_text(encoding="utf-8")
    assert "<seg>They spoke.</seg>" in after and "<seg>Sie sie sprachen.</seg>" in after and "<seg>Der der Preis.</seg>" in after



@pytest.mark.parametrize("layout", ["attributes-on-lines", "long-comment", "utf-16"])
@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_xliff_is_read_whatever_its_root_layout_and_encoding(tmp_path, version, layout):
    from test_read_errors import check_json

    if version == "1.2":
        root = '<xliff\n    version="1.2"\n    xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        body = ('<file original="s" source-language="fr" target-language="en" datatype="plaintext"><body>'
                '<trans-unit id="u1"><source>Le vote.</source><target>The the vote.</target></trans-unit></body></file></xliff>\n')
    else:
        root = '<xliff\n    xmlns="urn:oasis:names:tc:xliff:document:2.0"\n    version="2.0" srcLang="fr" trgLang="en">'
        body = ('<file id="f"><unit id="u1"><segment><source>Le vote.</source><target>The the vote.</target></segment></unit>'
                "</file></xliff>\n")
    if layout == "long-comment":
        root = f"<!-- {'Copyright and licence of the project. ' * 60}-->\n" + root.replace("\n    ", " ")
    else:
        root = root if layout == "attributes-on-lines" else root.replace("\n    ", " ")
    encoding = "UTF-16" if layout == "utf-16" else "UTF-8"
    path = tmp_path / "story.xlf"
    path.write_bytes(f'<?xml version="1.0" encoding="{encoding}"?>\n{root}{body}'.encode(encoding.lower()))
    _, report, _ = check_json(path)
    assert report["errors"] == []
    assert [(d["id"], [i["text"] for i in d["issues"]]) for d in report["documents"]] == [("u1", ["The the"])]



@pytest.mark.parametrize("suffix", [".xlf", ".tmx"])
def test_a_utf16_file_is_fixed_in_place_and_stays_utf16(tmp_path, suffix):
    from test_read_errors import mtqa

    # translate-toolkit wrote a second byte-order mark after the XML declaration, which mtqa's read-back check
    # caught, so every fix of a UTF-16 XLIFF or TMX file was refused
    if suffix == ".xlf":
        body = ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="s" source-language="fr" '
                'target-language="en" datatype="plaintext"><body><trans-unit id="u1"><source>Le vote.</source>'
                "<target>The the vote.</target></trans-unit></body></file></xliff>\n")
    else:
        body = ('<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="none" '
                'adminlang="en" srclang="fr" datatype="plaintext"/><body><tu tuid="u1"><tuv xml:lang="fr"><seg>Le vote.</seg>'
                '</tuv><tuv xml:lang="en"><seg>The the vote.</seg></tuv></tu></body></tmx>\n')
    path = tmp_path / f"story{suffix}"
    path.write_bytes(f'<?xml version="1.0" encoding="UTF-16"?>\n{body}'.encode("utf-16"))
    assert mtqa("fix", "--grammar", "none", "--in-place", str(path))[0] == 0
    data = path.read_bytes()
    assert data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")
    text = data.decode("utf-16")
    assert "\ufeff" not in text and "The vote." in text and "The the" not in text


def test_a_tmx_whose_source_may_be_any_language_is_checked_in_english(tmp_path):
    from test_read_errors import check_json

    path = tmp_path / "memory.tmx"  # srclang="*all*": the English variant may come first
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
                    'segtype="sentence" o-tmf="none" adminlang="en" srclang="*all*" datatype="plaintext"/><body>'
                    '<tu tuid="t1"><tuv xml:lang="en"><seg>They they spoke.</seg></tuv><tuv xml:lang="fr"><seg>Ils ont parlé.</seg></tuv></tu>'
                    '<tu tuid="t2"><tuv xml:lang="fr-FR"><seg>Ils ont parlé.</seg></tuv><tuv xml:lang="en-US"><seg>They they spoke.</seg></tuv></tu>'
                    "</body></tmx>\n", encoding="utf-8")
    code, report, _ = check_json(path)
    assert [(d["id"], [i["text"] for i in d["issues"] if i["rule"] == "REP001"]) for d in report["documents"]] == \
        [("t1", ["They they"]), ("t2", ["They they"])]



def test_xliff_units_of_several_files_are_named_by_their_file(tmp_path):
    from test_read_errors import check_json

    # an XLIFF of several <file>s (Xcode's export: one per strings file) repeats ids, which are unique per <file> only
    files = "".join(f'<file original="{name}" source-language="fr" target-language="en" datatype="plaintext"><body>'
                    f'<trans-unit id="title"><source>Le vote.</source><target>{target}</target></trans-unit></body></file>'
                    for name, target in (("Main.strings", "The the vote."), ("Info.plist", "The vote the the day.")))
    path = tmp_path / "export.xliff"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                    f"{files}</xliff>\n", encoding="utf-8")
    _, report, _ = check_json(path)
    assert [d["id"] for d in report["documents"]] == ["Main.strings::title", "Info.plist::title"]
    files = "".join(f'<file id="{name}"><unit id="title"><segment id="1"><source>Le vote.</source><target>The the vote.</target>'
                    "</segment></unit></file>" for name in ("main", "info"))
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
                    f'srcLang="fr" trgLang="en">{files}</xliff>\n', encoding="utf-8")
    _, report, _ = check_json(path)
    assert [d["id"] for d in report["documents"]] == ["main::title::1", "info::title::1"]


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="fr" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>bonjour</source><target>&lol9;</target></trans-unit></body></file></xliff>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="fr" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>bonjour</source><target>&secret;</target></trans-unit></body></file></xliff>
"""


def test_billion_laughs_and_external_entities_are_refused_and_the_batch_goes_on(tmp_path):
    (tmp_path / "bomb.xlf").write_text(BOMB, encoding="utf-8")
    (tmp_path / "external.xlf").write_text(EXTERNAL, encoding="utf-8")
    good = _write_formats(tmp_path, "bad")[3]  # segments12.xlf
    proc = run(str(tmp_path / "bomb.xlf"), str(tmp_path / "external.xlf"), str(good))
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    errors = {Path(e["path"]).name: e["message"] for e in report["errors"]}
    assert set(errors) == {"bomb.xlf", "external.xlf"}
    assert all("refused unsafe XML" in m for m in errors.values())
    assert len(report["documents"]) == len(SEGMENTS)
    assert "root:" not in proc.stdout  # nothing of /etc/passwd was read


def test_bad_records_are_reported_with_their_line_and_the_rest_checked(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "a", "source": "Le vote aura lieu vendredi.", "target": "The vote is on Thursday."}\n'
                    '{"id": "b", "source": oops}\n'
                    '{"id": "c", "source": "Trois blessés."}\n', encoding="utf-8")
    report = json.loads(run(str(path)).stdout)
    assert [d["id"] for d in report["documents"]] == ["a"]
    messages = [e["message"] for e in report["errors"]]
    assert any(m.startswith("line 2: invalid JSON") for m in messages)
    assert any(m.startswith("record c (line 3): no \"target\"") for m in messages)


def test_a_cut_jsonl_record_names_its_line_and_column_in_plain_words(tmp_path):
    path = tmp_path / "cut.jsonl"
    path.write_text('{"source": "Il a dit.", "target": "He said."}\n{"source": "Il a dit.", "target": "He sa',
                    encoding="utf-8")
    messages = [e["message"] for e in json.loads(run(str(path)).stdout)["errors"]]
    assert messages == ["line 2: invalid JSON (the string that starts at column 35 is not closed: the record is cut "
                        "short, or a line break in a value is not written as \\n)"]
    path.write_text('{"source": "Il a dit.", "target": "He sa\n{"source": "Bon.", "target": "Good."}\n', encoding="utf-8")
    messages = [e["message"] for e in json.loads(run(str(path)).stdout)["errors"]]
    assert messages == ["line 1: invalid JSON (the line ends inside a string, at column 41: the record is cut short, "
                        "or a line break in a value is not written as \\n)"]


def test_sacrebleu_figures_equal_sacrebleu_api():
    from sacrebleu.metrics import BLEU, CHRF, TER

    hyp = (BI / "floods.en.txt").read_text(encoding="utf-8")
    ref = (BI / "floods.ref.txt").read_text(encoding="utf-8")
    report = json.loads(run(str(BI / "floods.en.txt")).stdout)
    doc = report["documents"][0]["metrics"]
    assert doc["bleu"] == round(BLEU(effective_order=True).sentence_score(hyp, [ref]).score, 2)
    assert doc["chrf++"] == round(CHRF(word_order=2).sentence_score(hyp, [ref]).score, 2)
    assert doc["ter"] == round(TER().sentence_score(hyp, [ref]).score, 2)
    corpus = report["summary"]["metrics"]
    bleu = BLEU()
    assert corpus["bleu"] == round(bleu.corpus_score([hyp], [[ref]]).score, 2)
    assert corpus["signatures"]["bleu"] == str(bleu.get_signature())
    assert corpus["chrf++"] == round(CHRF(word_order=2).corpus_score([hyp], [[ref]]).score, 2)


def test_two_jobs_give_the_same_results_as_one(tmp_path):
    paths = _write_formats(tmp_path, "bad")
    one = json.loads(run("--jobs", "1", *map(str, paths)).stdout)
    two = json.loads(run("--jobs", "2", *map(str, paths)).stdout)
    assert one["documents"] == two["documents"]
    assert one["summary"]["by_family"] == two["summary"]["by_family"]


def test_batch_formats_one_row_per_document(tmp_path):
    paths = _write_formats(tmp_path, "bad")
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--grammar", "none", "--format", "csv", str(paths[0])],
                          capture_output=True, text=True)
    rows = list(csv.DictReader(proc.stdout.splitlines()))
    assert [r["id"] for r in rows] == [s[0] for s in SEGMENTS]
    assert all(int(r["family_BIL"]) >= 1 for r in rows)


def test_e5_similarity_alignment_finds_the_dropped_sentence_and_passes_the_good_one():
    from mtqa.config import load_config
    from mtqa.engine import Engine

    engine = Engine(load_config().with_overrides(grammar="none", similarity="e5", select=("BIL005", "BIL006")))
    bad = engine.check_text((BI / "floods.en.txt").read_text(encoding="utf-8"), source=FR).issues
    assert [i.rule for i in bad] == ["BIL005"] and "syndicats" in bad[0].message
    assert engine.check_text(GOOD_EN, source=FR).issues == []


def test_po_entries_that_differ_only_in_context_are_named_apart(tmp_path):
    from test_read_errors import check_json

    path = tmp_path / "menu.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgctxt "menu"\nmsgid "Ouvrir"\nmsgstr "Open the the file"\n\n'
                    'msgctxt "button"\nmsgid "Ouvrir"\nmsgstr "Open"\n\n'
                    'msgid "Fermer"\nmsgstr "Close"\n', encoding="utf-8")
    _, report, _ = check_json(path)
    assert [d["id"] for d in report["documents"]] == ["menu::Ouvrir", "button::Ouvrir", "Fermer"]


def test_story_txt_is_read_with_story_fr_txt_as_story_en_txt_is(tmp_path):
    """A folder of story.txt with story.fr.txt beside it: the French source was checked as English copy (scoring
    44 for being French) and the translation without its source."""
    (tmp_path / "story.txt").write_text("The minister spoke on Friday about the 12 new schools.\n", encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text("Le ministre a parlé vendredi des 15 nouvelles écoles.\n", encoding="utf-8")
    for args in ((str(tmp_path),), (str(tmp_path / "story.txt"),), tuple(sorted(map(str, tmp_path.glob("*.txt"))))):
        report = json.loads(run(*args).stdout)
        assert [Path(d["path"]).name for d in report["documents"]] == ["story.txt"], args
        assert [i["rule"] for i in report["documents"][0]["issues"]] == ["BIL001"], args
    # beside story.en.txt, the source is story.en.txt's, and story.txt is a story of its own without one
    (tmp_path / "story.en.txt").write_text("The minister spoke on Friday about the 15 new schools.\n", encoding="utf-8")
    report = json.loads(run(str(tmp_path)).stdout)
    assert {Path(d["path"]).name: [i["rule"] for i in d["issues"]] for d in report["documents"]} == {
        "story.en.txt": [], "story.txt": []}


_LAID_OUT = {
    ".xlf": ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
             '<!-- exported by the newsroom CMS -->\n'
             ' <file original="w" source-language="fr" target-language="en" datatype="plaintext"><body>\n'
             '   <trans-unit id="u1">\n      <source>Bon.</source>\n      <target state="translated">Fine &amp; dandy.</target>\n'
             '      <alt-trans><target>The the old match.</target></alt-trans><alt-trans><target/></alt-trans>\n'
             '   </trans-unit>\n'
             '   <trans-unit id="u2"><source>Le vote.</source><target>The the vote &amp; count.</target></trans-unit>\n'
             ' </body></file>\n</xliff>\n'),
    ".xliff": ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"'
               ' srcLang="fr" trgLang="en">\n\t<file id="f1">\n\t\t<unit id="u1"><segment><source>Bon.</source>'
               '<target>Fine.</target></segment></unit>\n\t\t<unit id="u2">\n\t\t\t<segment>\n\t\t\t\t<source>Le vote.'
               '</source>\n\t\t\t\t<target>The the vote &amp; count.</target>\n\t\t\t</segment>\n\t\t</unit>\n\t</file>\n'
               '</xliff>\n'),
    ".tmx": ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1"'
             ' segtype="sentence" o-tmf="none" adminlang="en" srclang="fr" datatype="plaintext"/>\n<body>\n'
             '<tu tuid="u1"><tuv xml:lang="fr"><seg>Bon.</seg></tuv><tuv xml:lang="en"><seg>Fine.</seg></tuv></tu>\n'
             '<tu tuid="u2">\n  <tuv xml:lang="fr"><seg>Le vote.</seg></tuv>\n  <tuv xml:lang="en"><seg>The the vote &amp; '
             'count.</seg></tuv>\n</tu>\n</body>\n</tmx>\n'),
}


@pytest.mark.parametrize("suffix", sorted(_LAID_OUT))
def test_fixing_a_bilingual_xml_file_changes_only_the_fixed_target(tmp_path, suffix):
    """translate-toolkit re-indents the whole file it writes (and reorders the root's attributes): a translator's
    version control showed every line changed for one word fixed. Only the fixed target's text changes now."""
    path = tmp_path / f"wire{suffix}"
    path.write_text(_LAID_OUT[suffix], encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "fix", "--grammar", "none", str(path)],
                          capture_output=True, text=True)
    assert proc.stdout == _LAID_OUT[suffix].replace("The the vote &amp; count.", "The vote &amp; count."), proc.stderr


def test_a_french_catalogue_beside_an_english_one_is_no_companion(tmp_path):
    """messages.fr.po beside messages.po are two catalogues, not a story and its source."""
    for name, text in (("messages.po", "The the vote."), ("messages.fr.po", "Le vote.")):
        (tmp_path / name).write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                     f'msgid "x"\nmsgstr "{text}"\n', encoding="utf-8")
    report = json.loads(run(str(tmp_path)).stdout)
    assert sorted(Path(d["path"]).name for d in report["documents"]) == ["messages.fr.po", "messages.po"]


def test_fixing_an_xliff_with_processing_instructions_keeps_them_and_fixes_the_target(tmp_path):
    """translate-toolkit cannot serialise a file holding a processing instruction: mtqa fix failed (exit 2) on a
    file mtqa check read well. The splice needs no serialiser, and the result is read back unit by unit."""
    original = _LAID_OUT[".xlf"].replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                                         '<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet href="x.xsl"?>\n')
    original = original.replace("   <trans-unit id=\"u2\">", "   <?cms lock?>\n   <trans-unit id=\"u2\">")
    path = tmp_path / "wire.xlf"
    path.write_text(original, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "fix", "--grammar", "none", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == original.replace("The the vote &amp; count.", "The vote &amp; count.")


def test_a_fixed_xliff_target_keeps_its_cdata_and_its_character_references(tmp_path):
    """Fixing a target written in CDATA, or one holding "&#x2014;", made translate-toolkit write the whole file
    over (comment moved, "&apos;" and "&#x2014;" of untouched units resolved); a fixed target is now written as it
    was, and the rest of the file byte for byte."""
    original = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- wire -->\n'
                '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
                ' <file source-language="fr" target-language="en" datatype="plaintext" original="s.txt">\n  <body>\n'
                '   <trans-unit id="u1">\n    <source>Le ministre d&apos;Etat a parlé &#x2014; longuement.</source>\n'
                '    <target>The the minister of State spoke &#x2014; at length.</target>\n   </trans-unit>\n'
                '   <trans-unit id="u2">\n    <source><![CDATA[Le budget <b>atteint</b> un record.]]></source>\n'
                '    <target><![CDATA[The the budget <b>reaches</b> a record.]]></target>\n   </trans-unit>\n'
                '  </body>\n </file>\n</xliff>\n')
    path = tmp_path / "wire.xlf"
    path.write_text(original, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "fix", "--grammar", "none", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == original.replace("The the", "The")


def test_an_xliff_with_windows_line_ends_keeps_them_when_translate_toolkit_writes_it(tmp_path):
    """A ">" in an attribute of the target stops the splice, and translate-toolkit writes the file with \\n: every
    line of a Windows file then showed as changed for one word fixed."""
    original = ('<?xml version="1.0" encoding="UTF-8"?>\r\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\r\n'
                ' <file source-language="fr" target-language="en" datatype="plaintext" '
                'original="x">\r\n  <body>\r\n   <trans-unit id="a"><source>Il a dit.</source><target state-qualifier="x>y">He said said so.'
                '</target></trans-unit>\r\n  </body>\r\n </file>\r\n</xliff>\r\n')
    path = tmp_path / "wire.xlf"
    path.write_bytes(original.encode("utf-8"))
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "fix", "--grammar", "none", str(path)], capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert b">He said so.</target>" in proc.stdout and proc.stdout.endswith(b"</xliff>\r\n")
    assert proc.stdout.count(b"\n") == proc.stdout.count(b"\r\n") > 3


def test_fixing_a_windows_po_file_with_an_untranslated_fuzzy_entry_keeps_every_line_end(tmp_path):
    """translate-toolkit writes that entry's "#, fuzzy" line with \\n among the file's \\r\\n: the mixed file read
    back differently, and the fix was refused."""
    original = ('msgid ""\r\nmsgstr ""\r\n"Content-Type: text/plain; charset=UTF-8\\n"\r\n\r\n#, fuzzy\r\nmsgid "Bon."\r\n'
                'msgstr ""\r\n\r\nmsgid "Il a dit."\r\nmsgstr "He said said so."\r\n')
    path = tmp_path / "wire.po"
    path.write_bytes(original.encode("utf-8"))
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "fix", "--grammar", "none", str(path)], capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(b"\n") == proc.stdout.count(b"\r\n") and b"He said so." in proc.stdout


def test_a_target_named_in_a_comment_cdata_or_processing_instruction_does_not_stop_the_splice(tmp_path):
    """Start tags were counted in comments too: "<!-- old: <target>...</target> -->" sent the fix through
    translate-toolkit, which reordered the root's attributes, or had it refused."""
    original = _LAID_OUT[".xlf"].replace("<!-- exported by the newsroom CMS -->",
                                         "<!-- old: <target>The the vote</target> --><?cms <target>?>")
    path = tmp_path / "wire.xlf"
    path.write_text(original, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "fix", "--grammar", "none", str(path)],
                          capture_output=True, text=True)
    assert proc.stdout == original.replace("The the vote &amp; count.", "The vote &amp; count."), proc.stderr


def test_a_po_template_is_not_an_omission_for_each_of_its_untranslated_entries(tmp_path):
    # a .pot named on the command line reported E007 (critical, score 0) on every entry: a template is blank by design
    from test_read_errors import check_json

    path = tmp_path / "messages.pot"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Le prix."\nmsgstr ""\n\n'
                    'msgid "Le vote."\nmsgstr "The the vote."\n', encoding="utf-8")
    code, report, _ = check_json(path)
    assert [(d["id"], [i["rule"] for i in d["issues"]]) for d in report["documents"]] == [("Le vote.", ["REP001"])]
    path.write_text('msgid "Le prix."\nmsgstr ""\n', encoding="utf-8")  # nothing translated yet: say why nothing ran
    code, _, err = check_json(path)
    assert code == 2 and "PO templates hold no translations" in err


def test_a_table_header_names_its_columns_in_any_case(tmp_path):
    """A spreadsheet's "ID,Source,Target" header was refused for lacking a "target" column."""
    path = tmp_path / "story.csv"
    path.write_text('ID,Source,Target,Note\nr1,"Le port est bloqué.","The the port is blocked.",x\n', encoding="utf-8")
    report = json.loads(run(str(path)).stdout)
    assert report["errors"] == [] and [d["id"] for d in report["documents"]] == ["r1"]
    fixed = tmp_path / "fixed.csv"
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "fix", "--grammar", "none", str(path), "-o", str(fixed)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert fixed.read_text(encoding="utf-8") == 'ID,Source,Target,Note\nr1,"Le port est bloqué.","The port is blocked.",x\n'
