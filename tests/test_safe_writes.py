"""Safe writes and fix --in-place: every file mtqa writes is replaced atomically (never truncated, mode kept),
and structured files are written back in their own format (or refused with exit 2), never as plain text."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys

import pytest

from mtqa.errors import MtqaError
from test_read_errors import BAD, GOOD, mtqa

FIXED = "The minister said that the talks would resume.\n"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def fix(*args: str, cwd=None):
    return mtqa("fix", "--grammar", "none", *map(str, args), cwd=cwd)


# --- atomic writes -------------------------------------------------------------------------------------------

def test_a_failed_write_leaves_the_original_intact_and_no_temporary_file(tmp_path, monkeypatch):
    from mtqa.safeio import atomic_write_text

    target = tmp_path / "report.json"
    target.write_text("the old report\n", encoding="utf-8")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(MtqaError, match="No space left on device"):
        atomic_write_text(target, "x" * 100_000)
    assert target.read_text(encoding="utf-8") == "the old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_device_or_fifo_is_written_through_not_replaced_by_a_regular_file(tmp_path):
    """The rename that makes a write atomic would put a regular file in place of /dev/null (for root) or a FIFO:
    such a target gets the bytes as a shell's `>` gives them."""
    import threading

    from mtqa.safeio import atomic_write_text

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    atomic_write_text(fifo, "the report\n")
    reader.join(timeout=30)
    assert got == ["the report\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
    atomic_write_text(os.devnull, "nothing\n")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_report_to_dev_null_or_a_pipe_works_from_the_command_line(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--no-daemon", "--grammar", "none",
                           "--format", "json", "-o", "/dev/stdout", str(story)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 1 and json.loads(proc.stdout)["documents"][0]["issues"]
    assert subprocess.run([sys.executable, "-m", "mtqa.cli", "check", "--no-daemon", "--grammar", "none",
                           "-o", os.devnull, str(story)], capture_output=True, timeout=300).returncode == 1


@pytest.mark.parametrize("command", [("check", "--format", "html"), ("check", "--format", "github"),
                                     ("check", "--format", "json", "--fix"), ("check", "--format", "csv"),
                                     ("baseline", "create"), ("fix",)])
@pytest.mark.parametrize("where", ["missing/report.out", "."])
def test_an_output_that_cannot_be_written_fails_before_anything_is_checked(tmp_path, monkeypatch, command, where):
    from mtqa.engine import Engine

    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    checked = []
    monkeypatch.setattr(Engine, "check", lambda self, doc, *a, **k: checked.append(doc))
    code, out, err = mtqa(*command, "--grammar", "none", "-o", str(tmp_path / where), str(story))
    assert code == 2 and out == "" and checked == []
    assert err.startswith(f"mtqa: error: cannot write {tmp_path / where}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"] and story.read_text(encoding="utf-8") == BAD


@pytest.mark.parametrize("command,output", [
    (("check", "--format", "json"), "story.txt"),
    (("baseline", "create"), "story.txt"),
    (("fix",), "./story.txt"),
    (("check", "--format", "json", "--fix"), "story.fixed.txt"),
])
def test_an_output_that_would_overwrite_an_input_or_a_fixed_copy_is_refused(tmp_path, monkeypatch, command, output):
    from mtqa.engine import Engine

    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    checked = []
    monkeypatch.setattr(Engine, "check", lambda self, doc, *a, **k: checked.append(doc))
    code, out, err = mtqa(*command, "--grammar", "none", "-o", output, "story.txt", cwd=tmp_path)
    assert code == 2 and out == "" and checked == []
    assert f"-o {output} is the " in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"] and story.read_text(encoding="utf-8") == BAD


@pytest.mark.parametrize("command,output", [
    (("check",), "copy/story.txt"),  # a file the folder given holds
    (("check", "--fix"), "copy/story.fixed.txt"),
    (("check", "--baseline", "base.json"), "base.json"),
])
def test_an_output_that_would_overwrite_a_file_found_in_a_folder_or_the_baseline_is_refused(tmp_path, command, output):
    (tmp_path / "copy").mkdir()
    story = tmp_path / "copy" / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    assert mtqa("baseline", "create", "--grammar", "none", "copy", "-o", "base.json", cwd=tmp_path)[0] == 0
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    code, out, err = mtqa(*command, "--grammar", "none", "-o", output, "copy", cwd=tmp_path)
    assert code == 2 and f"-o {output} is the " in err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_fix_in_place_that_fails_mid_write_keeps_the_original(tmp_path, monkeypatch):
    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    written = []
    real_fdopen = os.fdopen

    class DiesHalfway:  # the disk fills after half the bytes reached the temporary file
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def close(self):
            self.fh.close()

        def write(self, data):
            written.append(self.fh.write(data[: len(data) // 2]))
            raise OSError(28, "No space left on device")

    def fdopen(fd, mode="r", *args, **kwargs):
        fh = real_fdopen(fd, mode, *args, **kwargs)
        return DiesHalfway(fh) if "w" in mode else fh

    monkeypatch.setattr(os, "fdopen", fdopen)
    code, _, err = fix("--in-place", story)
    assert written, "the write went through the temporary file"
    assert code == 2 and "No space left on device" in err
    assert story.read_text(encoding="utf-8") == BAD
    assert [p.name for p in tmp_path.iterdir()] == ["story.txt"]


def test_fix_in_place_leaves_a_file_edited_while_the_batch_ran(tmp_path, monkeypatch):
    # every file is fixed before any is written: a file edited in that time keeps the edit, and is reported
    import mtqa.formats.rewrite as rewrite

    edited, untouched = tmp_path / "a.txt", tmp_path / "b.txt"
    for story in (edited, untouched):
        story.write_text(BAD, encoding="utf-8")
    real = rewrite.fixed_file

    def fixed_then_edited(path, *args, **kwargs):
        out = real(path, *args, **kwargs)
        if path == str(edited):
            edited.write_text(BAD + "\nA paragraph the editor added meanwhile.\n", encoding="utf-8")
        return out

    monkeypatch.setattr(rewrite, "fixed_file", fixed_then_edited)
    code, _, err = fix("--in-place", edited, untouched)
    assert code == 1 and f"{edited}: changed on disk while it was being fixed" in err
    assert edited.read_text(encoding="utf-8") == BAD + "\nA paragraph the editor added meanwhile.\n"
    assert untouched.read_text(encoding="utf-8") == FIXED


def test_fix_in_place_carries_on_past_a_file_it_cannot_write(tmp_path, monkeypatch):
    # the first file that could not be written stopped the batch: the files after it were left unfixed
    import mtqa.safeio as safeio

    stories = [tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"]
    for story in stories:
        story.write_text(BAD, encoding="utf-8")
    real = safeio.AtomicFile.commit

    def commit(self):  # b.txt's folder refuses the rename, as an immutable folder does
        if str(self.path).endswith("b.txt"):
            raise MtqaError(f"cannot write {self.path}: Operation not permitted")
        return real(self)

    monkeypatch.setattr(safeio.AtomicFile, "commit", commit)
    code, _, err = fix("--in-place", *stories)
    assert code == 1 and str(stories[1]) in err and "Operation not permitted" in err
    assert [s.read_text(encoding="utf-8") for s in stories] == [FIXED, BAD, FIXED]
    assert fix("--in-place", stories[1])[0] == 2  # nothing written back: as for nothing readable


def test_the_replaced_file_keeps_its_mode(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    story.chmod(0o640)
    assert fix("--in-place", story)[0] == 0
    assert story.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(story.stat().st_mode) == 0o640


@pytest.mark.parametrize("command", ["report", "baseline", "state", "fixed-copy"])
def test_every_written_file_goes_through_a_temporary_file_and_a_rename(tmp_path, monkeypatch, command):
    from conftest import SAMPLES

    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    renames = []
    real_replace = os.replace

    def replace(src, dst):
        renames.append((os.path.basename(src), os.path.basename(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    args = {
        "report": ("check", "--grammar", "none", "--format", "json", "-o", str(tmp_path / "out.json"), str(story)),
        "baseline": ("baseline", "create", "--grammar", "none", "-o", str(tmp_path / "base.json"), str(story)),
        "state": ("feed", "--grammar", "none", "--state", str(tmp_path / "seen.json"), "-o", str(tmp_path / "r.txt"), str(SAMPLES / "feed.rss")),
        "fixed-copy": ("check", "--grammar", "none", "--fix", str(story)),
    }[command]
    mtqa(*args)
    expected = {"report": "out.json", "baseline": "base.json", "state": "seen.json", "fixed-copy": "story.fixed.txt"}[command]
    assert any(dst == expected and src.startswith(f".{expected}.") for src, dst in renames), renames


# --- fix --in-place on structured formats --------------------------------------------------------------------

def test_fix_in_place_on_a_one_record_jsonl_keeps_it_jsonl(tmp_path):
    path = tmp_path / "one.jsonl"
    line = '{"id": "a1", "source": "Le ministre a dit.", "target": "The minister said announced that the talks would resume.", "meta": {"n": 1.50}}\n'
    path.write_text(line, encoding="utf-8")
    code, out, err = fix("--in-place", path)
    assert code == 0, err
    after = path.read_text(encoding="utf-8")
    assert after == line.replace("said announced", "said")  # every other byte kept, 1.50 included
    assert json.loads(after)["target"] == FIXED.strip()


def test_fix_in_place_on_jsonl_touches_only_the_fixed_records(tmp_path):
    path = tmp_path / "many.jsonl"
    lines = [
        json.dumps({"id": "clean", "target": GOOD.strip()}) + "\n",
        '{"target":"Prices rose by 5 % in May.",  "id":"spaced" ,"x":[1, 2]}\r\n',
        "this line is not JSON\n",
        json.dumps({"id": "esc", "target": "Caf\u00e9 talks: the the end."}) + "\n",  # \u00e9 kept as an escape
    ]
    path.write_text("".join(lines), encoding="utf-8")
    code, _, err = fix("--in-place", path)
    assert code == 1 and "line 3: invalid JSON" in err  # the bad line is reported and left as it was
    after = path.read_bytes().decode("utf-8").split("\n")
    assert after[0] + "\n" == lines[0] and after[2] + "\n" == lines[2]
    assert after[1] == '{"target":"Prices rose by 5% in May.",  "id":"spaced" ,"x":[1, 2]}\r'
    assert after[3] == '{"id": "esc", "target": "Caf\\u00e9 talks: the end."}'


@pytest.mark.parametrize("delimiter, suffix", [(",", "csv"), ("\t", "tsv")])
def test_fix_in_place_on_a_one_row_table_keeps_the_table(tmp_path, delimiter, suffix):
    path = tmp_path / f"one.{suffix}"
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(["id", "source", "target", "note"])
    w.writerow(["r1", "Le ministre a dit.", BAD.strip(), 'a "quoted", note'])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    code, _, err = fix("--in-place", path)
    assert code == 0, err
    after = path.read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(after, newline=""), delimiter=delimiter))
    assert rows == [["id", "source", "target", "note"], ["r1", "Le ministre a dit.", FIXED.strip(), 'a "quoted", note']]
    assert after.splitlines(keepends=True)[0] == buf.getvalue().splitlines(keepends=True)[0]
    assert after.endswith("\r\n")


def test_fix_in_place_on_a_table_leaves_other_rows_byte_for_byte(tmp_path):
    path = tmp_path / "rows.csv"
    text = 'id,target\n"a","The talks resumed."\nb,"Some 10 000 people, marched."\n"c" ,odd but kept\n'
    path.write_text(text, encoding="utf-8")
    code, _, err = fix("--in-place", path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0] == "id,target\n" and lines[1] == '"a","The talks resumed."\n'
    assert lines[2] == 'b,"Some 10,000 people, marched."\n'
    assert lines[3] == '"c" ,odd but kept\n'


def test_fix_in_place_on_a_table_changes_only_the_target_field_and_keeps_its_quoting(tmp_path):
    path = tmp_path / "rows.csv"  # a quoted text next to an unquoted id: the fix must not drop the quotes
    text = ('id,target,note\r\nr1,"He said ""no"" to 10 000 people.",""\r\n'
            'r2,"Prices rose by 5 % in May.",x\r\nr3,Some 10 000 people marched.,"kept"\r\n')
    path.write_bytes(text.encode("utf-8"))
    code, _, err = fix("--in-place", path)
    assert code == 0, err
    assert path.read_bytes().decode("utf-8") == (
        'id,target,note\r\nr1,"He said ""no"" to 10,000 people.",""\r\n'
        'r2,"Prices rose by 5% in May.",x\r\nr3,"Some 10,000 people marched.","kept"\r\n')


def test_fix_in_place_on_a_one_entry_po_keeps_the_po(tmp_path):
    path = tmp_path / "one.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    '#: story:1\nmsgid "Le ministre a dit que les discussions reprendraient."\n'
                    f'msgstr "{BAD.strip()}"\n', encoding="utf-8")
    code, _, err = fix("--in-place", path)
    assert code == 0, err
    after = path.read_text(encoding="utf-8")
    assert f'msgstr "{FIXED.strip()}"' in after and "#: story:1" in after and "Content-Type" in after


def test_fix_in_place_on_a_po_keeps_its_closing_blank_line(tmp_path):
    path = tmp_path / "story.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    f'#: story:1\nmsgid "Le ministre a dit que les discussions reprendraient."\nmsgstr "{BAD.strip()}"\n\n',
                    encoding="utf-8")
    assert fix("--in-place", path)[0] == 0
    assert path.read_text(encoding="utf-8").endswith(f'msgstr "{FIXED.strip()}"\n\n')


def test_fix_in_place_on_po_plurals_fixes_each_form(tmp_path):
    path = tmp_path / "plural.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                    'msgid "%d maison"\nmsgid_plural "%d maisons"\nmsgstr[0] "the the %d house"\nmsgstr[1] "%d houses"\n',
                    encoding="utf-8")
    assert fix("--in-place", path)[0] == 0
    after = path.read_text(encoding="utf-8")
    assert 'msgstr[0] "the %d house"' in after and 'msgstr[1] "%d houses"' in after


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_fix_in_place_on_xliff_keeps_xliff(tmp_path, version):
    path = tmp_path / "story.xlf"
    if version == "1.2":
        body = ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="s" source-language="fr" '
                'target-language="en" datatype="plaintext"><body>'
                f'<trans-unit id="u1"><source>Le ministre.</source><target>{BAD.strip()}</target></trans-unit>'
                '<trans-unit id="u2"><source>Bon.</source><target>Fine.</target></trans-unit></body></file></xliff>')
    else:
        body = ('<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="fr" trgLang="en"><file id="f">'
                f'<unit id="u1"><segment><source>Le ministre.</source><target>{BAD.strip()}</target></segment></unit>'
                '<unit id="u2"><segment><source>Bon.</source><target>Fine.</target></segment></unit></file></xliff>')
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", encoding="utf-8")
    code, _, err = fix("--in-place", path)
    assert code == 0, err
    code, report, _ = __import__("test_read_errors").check_json(path)
    assert {d["id"] for d in report["documents"]} == {"u1", "u2"} and code == 0


def test_fix_in_place_on_tmx_keeps_tmx(tmp_path):
    path = tmp_path / "memory.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
                    'segtype="sentence" o-tmf="none" adminlang="en" srclang="fr" datatype="plaintext"/><body>'
                    f'<tu tuid="t1"><tuv xml:lang="fr"><seg>Le ministre.</seg></tuv><tuv xml:lang="en"><seg>{BAD.strip()}</seg></tuv></tu>'
                    '</body></tmx>\n', encoding="utf-8")
    assert fix("--in-place", path)[0] == 0
    after = path.read_text(encoding="utf-8")
    assert FIXED.strip() in after and "<tmx" in after and "Le ministre." in after


def test_a_target_with_inline_markup_is_refused_with_exit_2_and_the_file_untouched(tmp_path):
    path = tmp_path / "markup.xlf"
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            '<file original="s" source-language="fr" target-language="en" datatype="plaintext"><body>'
            '<trans-unit id="u1"><source>Le <g id="1">ministre</g>.</source>'
            '<target>The the <g id="1">minister</g> spoke.</target></trans-unit></body></file></xliff>\n')
    path.write_text(text, encoding="utf-8")
    code, _, err = fix("--in-place", path)
    assert code == 2 and "inline markup" in err and "nothing was written" in err
    assert path.read_text(encoding="utf-8") == text


def test_several_files_in_place_are_all_checked_before_any_is_written(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text(BAD, encoding="utf-8")
    markup = tmp_path / "b.xlf"
    markup.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                      '<file original="s" source-language="fr" target-language="en" datatype="plaintext"><body>'
                      '<trans-unit id="u1"><source>x</source><target>The the <g id="1">y</g>.</target></trans-unit>'
                      '</body></file></xliff>\n', encoding="utf-8")
    assert fix("--in-place", story, markup)[0] == 2
    assert story.read_text(encoding="utf-8") == BAD


def test_fix_to_stdout_on_jsonl_prints_jsonl(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "a", "target": BAD.strip()}) + "\n", encoding="utf-8")
    code, out, _ = fix(path)
    assert code == 0 and json.loads(out) == {"id": "a", "target": FIXED.strip()}


def test_check_fix_writes_structured_copies_in_their_format(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"id": "a", "target": BAD.strip()}) + "\n" + json.dumps({"id": "b", "target": GOOD.strip()}) + "\n",
                    encoding="utf-8")
    code, _, _ = mtqa("check", "--grammar", "none", "--fix", str(path))
    assert code == 1
    copy = [json.loads(line) for line in (tmp_path / "rows.fixed.jsonl").read_text(encoding="utf-8").splitlines()]
    assert copy == [{"id": "a", "target": FIXED.strip()}, {"id": "b", "target": GOOD.strip()}]


def test_a_file_changed_after_the_check_is_not_overwritten_with_stale_fixes(tmp_path, rules_engine):
    from mtqa.formats.readers import read_path
    from mtqa.formats.rewrite import fixed_file

    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"id": "a", "target": BAD.strip()}) + "\n", encoding="utf-8")
    results = [rules_engine.check(d) for d in read_path(str(path))]
    edited = (json.dumps({"id": "a", "target": "Someone rewrote this record meanwhile."}) + "\n").encode("utf-8")
    with pytest.raises(MtqaError, match="changed after it was checked"):
        fixed_file(str(path), edited, results)
    assert fixed_file(str(path), path.read_bytes(), results) == (json.dumps({"id": "a", "target": FIXED.strip()}) + "\n").encode()


def test_fix_in_place_on_xliff_keeps_each_units_workflow_state(tmp_path):
    from lxml import etree

    # unit id: (trans-unit attributes, target attributes); translate-toolkit marks a target it sets as translated
    # and its unit approved, which a typo fix must not do
    units = {"u1": ({}, {"state": "needs-review-translation", "state-qualifier": "leveraged-mt"}),
             "u2": ({"approved": "no"}, {"state": "new"}),
             "u3": ({}, {}),
             "u4": ({"approved": "yes"}, {"state": "final"})}

    def attrs(d):
        return "".join(f' {k}="{v}"' for k, v in d.items())

    path = tmp_path / "states.xlf"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                    '<file original="s" source-language="fr" target-language="en" datatype="plaintext"><body>'
                    + "".join(f'<trans-unit id="{u}"{attrs(unit)}><source>Le ministre a dit.</source>'
                              f'<target{attrs(target)}>{BAD.strip()}</target></trans-unit>' for u, (unit, target) in units.items())
                    + "</body></file></xliff>\n", encoding="utf-8")
    code, _, err = fix("--in-place", path)
    assert code == 0, err
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    tree = etree.parse(str(path))
    for u, (unit_attrs, target_attrs) in units.items():
        unit = tree.find(f".//x:trans-unit[@id='{u}']", ns)
        target = unit.find("x:target", ns)
        assert target.text == FIXED.strip()
        assert {k: v for k, v in unit.attrib.items() if k not in ("id", XML_SPACE)} == unit_attrs, u
        assert dict(target.attrib) == target_attrs, u


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_units_marked_translate_no_are_neither_checked_nor_fixed(tmp_path, version):
    from test_read_errors import check_json

    frozen = "Acme the the 10 000 Pro"  # a product name, code or placeholder kept as it is
    if version == "1.2":
        body = ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="s" source-language="fr" '
                'target-language="en" datatype="plaintext"><body>'
                f'<trans-unit id="name" translate="no"><source>{frozen}</source><target>{frozen}</target></trans-unit>'
                f'<group id="g" translate="no"><trans-unit id="code"><source>{frozen}</source><target>{frozen}</target></trans-unit></group>'
                f'<trans-unit id="u1"><source>Le ministre.</source><target>{BAD.strip()}</target></trans-unit></body></file></xliff>')
    else:
        body = ('<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="fr" trgLang="en"><file id="f">'
                f'<unit id="name" translate="no"><segment><source>{frozen}</source><target>{frozen}</target></segment></unit>'
                f'<group id="g" translate="no"><unit id="code"><segment><source>{frozen}</source><target>{frozen}</target></segment></unit></group>'
                f'<unit id="u1"><segment><source>Le ministre.</source><target>{BAD.strip()}</target></segment></unit></file></xliff>')
    path = tmp_path / "story.xlf"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", encoding="utf-8")
    assert [d["id"] for d in check_json(path)[1]["documents"]] == ["u1"]
    code, _, err = fix("--in-place", path)
    assert code == 0, err
    after = path.read_text(encoding="utf-8")
    assert after.count(f">{frozen}<") == 4 and FIXED.strip() in after


def test_an_xliff_translate_toolkit_cannot_serialise_is_spliced_or_refused_with_exit_2_not_a_traceback(tmp_path):
    path = tmp_path / "pi.xlf"
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            '<file original="s" source-language="fr" target-language="en" datatype="plaintext"><body><?tool state="x"?>'
            f'<trans-unit id="u1"><source>Le ministre.</source><target>{BAD.strip()}</target></trans-unit></body></file></xliff>\n')
    path.write_text(text, encoding="utf-8")
    code, _, err = fix("--in-place", path)  # translate-toolkit's writer fails on the processing instruction: spliced
    assert code == 0, err
    assert path.read_text(encoding="utf-8") == text.replace(BAD.strip(), FIXED.strip())
    # a ">" in an attribute of the target defeats the splice too: nothing can write the file faithfully, and
    # nothing is written
    odd = text.replace("<target>", '<target state-qualifier="x>y">')
    path.write_text(odd, encoding="utf-8")
    code, _, err = fix("--in-place", path)
    assert code == 2 and "cannot write the fixes back" in err and "nothing was written" in err
    assert path.read_text(encoding="utf-8") == odd
    code, _, _ = mtqa("check", "--grammar", "none", "--fix", str(path))
    assert code == 1 and not (tmp_path / "pi.fixed.xlf").exists()


def test_fix_on_xliff_leaves_the_whitespace_rules_of_the_source_and_notes_alone(tmp_path):
    from lxml import etree

    path = tmp_path / "pretty.xlf"
    source, note = "\n    Le   vote\n    a eu lieu.\n  ", "\n    Keep the house style.\n  "
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                    '<file original="s" source-language="fr" target-language="en" datatype="plaintext"><body>\n<trans-unit id="u1">'
                    f'<source>{source}</source><target>\n    The minister said   announced\n    that the talks would resume.\n  </target>'
                    f'<note>{note}</note></trans-unit></body></file></xliff>\n', encoding="utf-8")
    code, _, err = fix("--in-place", path)
    assert code == 0, err
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    unit = etree.parse(str(path)).find(".//x:trans-unit", ns)
    # translate-toolkit marked the whole unit xml:space="preserve", which made the pretty-printed source and note
    # significant whitespace; the fixed target reads the same without it
    assert unit.get(XML_SPACE) is None
    assert unit.find("x:source", ns).text == source and unit.find("x:note", ns).text == note
    assert unit.find("x:target", ns).text == FIXED.strip()


def test_markup_in_the_source_or_a_match_does_not_stop_a_fix_of_a_plain_target(tmp_path):
    path = tmp_path / "matches.xlf"
    match = '<alt-trans match-quality="80"><source>Le <g id="1">ministre</g>.</source><target>The <g id="1">minister</g>.</target></alt-trans>'
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                    '<file original="s" source-language="fr" target-language="en" datatype="plaintext"><body>'
                    f'<trans-unit id="u1"><source>Le <x id="1"/>ministre.</source><target>{BAD.strip()}</target>{match}</trans-unit>'
                    '</body></file></xliff>\n', encoding="utf-8")
    code, _, err = fix("--in-place", path)
    assert code == 0, err
    after = path.read_text(encoding="utf-8")
    assert f"<target>{FIXED.strip()}</target>" in after
    assert '<source>Le <x id="1"/>ministre.</source>' in after and '<target>The <g id="1">minister</g>.</target>' in after


def test_fix_keeps_a_rows_unquoted_quotation_marks_unquoted(tmp_path):
    path = tmp_path / "rows.tsv"  # a TSV written without CSV quoting: its quotation marks are the copy's own
    rows = ['id\ttarget\n', 'a\tHe said "no" to 10 000 people.\n', 'b\tPrices rose by 5 % in May.\n']
    path.write_text("".join(rows), encoding="utf-8")
    code, _, err = fix("--in-place", path)
    assert code == 0, err
    assert path.read_text(encoding="utf-8").splitlines(keepends=True) == \
        [rows[0], 'a\tHe said "no" to 10,000 people.\n', 'b\tPrices rose by 5% in May.\n']


@pytest.mark.parametrize("command", [("check",), ("fix",), ("baseline", "create")])
def test_an_empty_output_name_is_refused_in_words(tmp_path, command):
    # `-o ''` said "cannot write : it is a folder"
    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    code, _, err = mtqa(*command, "--grammar", "none", "-o", "", str(story))
    assert code == 2 and "-o was given an empty file name" in err


def test_an_output_fifo_without_a_reader_gives_way_to_sigterm_with_a_clear_error(tmp_path):
    # the open blocked for good (Python retries it after a signal, and Ctrl-C was held for the report): only
    # SIGKILL ended it. `timeout` sends SIGTERM long after the one-line check is over, while mtqa waits on the FIFO
    import shutil
    from pathlib import Path

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    exe = shutil.which("mtqa", path=str(Path(sys.executable).parent))
    proc = subprocess.run(["timeout", "--preserve-status", "-k", "5", "15", exe, "check", "--grammar", "none", "--no-cache", str(story),
                           "-o", str(fifo)], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env={**os.environ, "MTQA_DAEMON": "off"})
    assert proc.returncode == 2, proc.stderr
    assert f"no process is reading FIFO {fifo} (stopped waiting for one on SIGTERM)" in proc.stderr


def test_ctrl_c_ends_the_wait_for_a_fifo_reader_even_while_ctrl_c_is_held(tmp_path):
    # in a process of its own, under `timeout`: before the fix this open never ended
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    script = f"""
import os, signal
from mtqa import interrupts
from mtqa.errors import MtqaError
from mtqa.safeio import atomic_write_text
previous = signal.getsignal(signal.SIGINT)
with interrupts.restored():
    interrupts.hold()  # the report is being written: Ctrl-C is ignored
    signal.signal(signal.SIGALRM, lambda *a: os.kill(os.getpid(), signal.SIGINT))
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        atomic_write_text({str(fifo)!r}, "the report\\n")
    except MtqaError as exc:
        print(exc)
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # still held after the wait
assert signal.getsignal(signal.SIGINT) is previous
"""
    proc = subprocess.run(["timeout", "-s", "KILL", "30", sys.executable, "-c", script], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"cannot write {fifo}: no process is reading FIFO {fifo} (stopped waiting for one on SIGINT)"
