"""Per-record errors: nothing a file, a record or a path holds stops the batch; each problem is an error naming the
file (and line or record), every other file is still checked, and the exit code follows the README (1 after read
errors, 2 when nothing was readable). Permission errors are simulated (the tests may run as root)."""

from __future__ import annotations

import contextlib
import io
import json
import os

import pytest

from mtqa import cli

BAD = "The minister said announced that the talks would resume.\n"
GOOD = "The minister said on Friday that talks would resume next week.\n"


def mtqa(*args: str, cwd=None) -> tuple[int, str, str]:
    """Run the CLI in this process (fast, and monkeypatches apply); returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(args))
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


def check_json(*paths, cwd=None) -> tuple[int, dict, str]:
    code, out, err = mtqa("check", "--grammar", "none", "--format", "json", *map(str, paths), cwd=cwd)
    return code, (json.loads(out) if out else {}), err


@pytest.fixture
def good(tmp_path):
    p = tmp_path / "good.txt"
    p.write_text(GOOD, encoding="utf-8")
    return p


@pytest.mark.parametrize("field, value", [("reference", 5), ("source", 12.5), ("source", ["a"]), ("target", 3),
                                          ("id", {"n": 1}), ("reference", True)])
def test_a_record_field_of_the_wrong_type_is_an_error_for_that_record(tmp_path, good, field, value):
    rec = {"id": "r1", "target": "Talks resumed.", "source": "Les discussions ont repris.", field: value}
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(rec) + "\n" + json.dumps({"id": "r2", "target": BAD}) + "\n", encoding="utf-8")
    code, report, _ = check_json(path, good)
    assert code == 1
    assert report["errors"] == [{"path": str(path), "message": report["errors"][0]["message"]}]
    where = "record 1" if field == "id" else "record r1 (line 1)"  # named by its id, as its documents are
    assert report["errors"][0]["message"].startswith(f'{where}: "{field}" must be text')
    assert [(d["path"], d["id"]) for d in report["documents"]] == [(str(path), "r2"), (str(good), None)]


def test_a_bad_record_with_an_id_is_named_by_its_id_and_its_line_as_reports_name_its_documents(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text('\n{"id": "x", "target": "Talks resumed."}\n{"id": "y"}\n{"target": 5}\n', encoding="utf-8")
    code, report, _ = check_json(path)
    assert code == 1 and [d["id"] for d in report["documents"]] == ["x"]
    assert [e["message"] for e in report["errors"]] == ['record y (line 3): no "target" text',
                                                        'record 4: "target" must be text, not a number']


def test_jsonl_errors_say_what_a_user_can_act_on(tmp_path):
    """A line cut short was reported "at column 1" (of the next line, where the parser looked), a line that is not an
    object as "found NoneType"; a record whose target is null beside its source is a record the MT never filled."""
    path = tmp_path / "records.jsonl"
    path.write_text('{"id":"bad","source":"x"\nnull\n{"id": "n", "source": "Le port.", "target": null}\n', encoding="utf-8")
    code, report, _ = check_json(path)
    assert [e["message"] for e in report["errors"]] == [
        "line 1: invalid JSON (the line ends at column 25 inside the record: the record is cut short, or a line "
        "break in a value is not written as \\n)", "line 2: expected a JSON object, found null"]
    assert [i["rule"] for i in report["documents"][0]["issues"]] == ["E007"]
    _, github, _ = mtqa("check", "--grammar", "none", "--format", "github", str(path))
    assert "line=1,col=25," in github


def test_a_numeric_id_is_accepted_as_text(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text('{"id": 7, "target": "Talks resumed."}\n', encoding="utf-8")
    code, report, _ = check_json(path)
    assert code == 0 and report["documents"][0]["id"] == "7"


def test_a_lone_surrogate_in_a_json_escape_is_an_error_for_that_record(tmp_path, good):
    path = tmp_path / "records.jsonl"
    path.write_text('{"id": "a", "target": "Bad \\ud800 text"}\n{"id": "b", "target": "Fine."}\n', encoding="utf-8")
    code, report, _ = check_json(path, good)
    assert code == 1
    assert report["errors"][0]["message"].startswith('record a (line 1): "target" has a lone surrogate (\\ud800)')
    assert [d["id"] for d in report["documents"]] == ["b", None]


def test_unicode_line_separators_inside_a_jsonl_string_do_not_split_the_record(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"id": "a", "target": "One\u2028two\u2029three\x85four."}, ensure_ascii=False) + "\n", encoding="utf-8")
    code, report, _ = check_json(path)
    assert report["errors"] == [] and [d["id"] for d in report["documents"]] == ["a"]


@pytest.mark.parametrize("companion", ["fr", "ref"])
def test_a_non_utf8_companion_is_an_error_naming_it_and_the_story_is_still_checked(tmp_path, good, companion):
    story = tmp_path / "story.en.txt"
    story.write_text(BAD, encoding="utf-8")
    other = tmp_path / f"story.{companion}.txt"
    other.write_bytes("Le ministre a parlé.\n".encode("latin-1"))
    code, report, _ = check_json(story, good)
    assert code == 1
    assert len(report["errors"]) == 1 and report["errors"][0]["path"] == str(other)
    assert "not valid UTF-8" in report["errors"][0]["message"] and "story.en.txt" in report["errors"][0]["message"]
    assert {d["path"] for d in report["documents"]} == {str(story), str(good)}
    assert "REP003" in {i["rule"] for d in report["documents"] for i in d["issues"]}


def test_a_csv_field_over_the_csv_module_limit_is_read(tmp_path, good):
    path = tmp_path / "long.csv"
    long_target = ("The talks went on. " * 8000).strip()
    assert len(long_target) > 131_072
    path.write_text(f'id,target\nlong,"{long_target}"\nshort,{BAD}', encoding="utf-8")
    code, report, _ = check_json(path, good)
    assert report["errors"] == []
    assert [d["id"] for d in report["documents"]] == ["long", "short", None]
    assert code == 1  # REP003 in "short"


def test_a_csv_row_with_the_wrong_number_of_fields_is_an_error_naming_the_line(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("id,target\na,Talks resumed.\nb,one,two\nc,Fine.\n", encoding="utf-8")
    code, report, _ = check_json(path)
    assert code == 1
    assert report["errors"] == [{"path": str(path), "message": "line 3: 3 field(s) where the header has 2"}]
    assert [d["id"] for d in report["documents"]] == ["a", "c"]



def test_a_csv_row_with_a_stray_quotation_mark_is_an_error_not_silently_altered_text(tmp_path):
    path = tmp_path / "quotes.csv"
    # csv's lenient mode read 'a' as 'Hello, he said.' (its quotation marks dropped) and swallowed every row after
    # the unclosed quotation mark of 'c' into c's target, unchecked and unreported
    path.write_text('id,target\na,"Hello," he said.\nb,Talks resumed.\nc,"The talks\nd,Prices rose.\ne,Fine.\n', encoding="utf-8")
    code, report, _ = check_json(path)
    assert code == 1
    assert report["errors"] == [
        {"path": str(path), "message": "line 2: not a readable CSV row (',' expected after '\"')"},
        {"path": str(path), "message": "line 4: a quotation mark opened in this CSV row is never closed, so lines 4-6 "
                                       "could not be read"}]
    assert [d["id"] for d in report["documents"]] == ["b"]



def test_a_csv_row_without_an_id_is_named_by_the_line_it_starts_on(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text('source,target\nx,"First line.\nThe the second line."\ny,They they spoke.\nz,"Two\nlines",extra\n',
                    encoding="utf-8")
    code, report, _ = check_json(path)
    assert [d["id"] for d in report["documents"]] == ["2", "4"]  # where the row starts, as its errors say
    assert report["errors"] == [{"path": str(path), "message": "line 5: 3 field(s) where the header has 2"}]


def test_a_symlink_loop_as_the_first_argument_is_reported(tmp_path, good):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    code, report, _ = check_json(loop, good)
    assert code == 1
    assert report["errors"][0]["path"] == str(loop) and "symbolic links" in report["errors"][0]["message"]
    assert [d["path"] for d in report["documents"]] == [str(good)]


def test_a_fifo_given_as_a_path_is_reported_without_blocking(tmp_path, good):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, report, _ = check_json(fifo, good)  # before the fix this blocked forever on open()
    assert code == 1
    assert report["errors"] == [{"path": str(fifo), "message": report["errors"][0]["message"]}]
    assert "named pipe" in report["errors"][0]["message"]


def test_a_fifo_inside_a_folder_is_reported_not_read(tmp_path):
    (tmp_path / "story.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    code, report, _ = check_json(tmp_path)
    assert code == 1
    assert report["errors"] == [{"path": str(tmp_path / "pipe.txt"), "message": "cannot read: a named pipe (FIFO), not a file"}]
    assert [d["path"] for d in report["documents"]] == [str(tmp_path / "story.txt")]


def test_an_unreadable_subfolder_is_reported_not_skipped(tmp_path, monkeypatch):
    top = tmp_path / "copy"
    (top / "locked").mkdir(parents=True)
    (top / "locked" / "hidden.txt").write_text(BAD, encoding="utf-8")
    (top / "open.txt").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, report, _ = check_json(top)
    assert code == 1
    assert report["errors"] == [{"path": str(top / "locked"), "message": "cannot read folder: Permission denied"}]
    assert [d["path"] for d in report["documents"]] == [str(top / "open.txt")]


def test_a_file_in_an_unreadable_folder_is_reported(tmp_path, good, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    hidden = locked / "story.txt"
    hidden.write_text(BAD, encoding="utf-8")
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if os.fspath(path).startswith(str(locked) + os.sep):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    code, report, _ = check_json(hidden, good)
    assert code == 1
    assert report["errors"] == [{"path": str(hidden), "message": "cannot read: Permission denied"}]
    assert [d["path"] for d in report["documents"]] == [str(good)]


def test_only_unreadable_inputs_exit_2_with_every_reason(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"caf\xe9\n")
    code, out, err = mtqa("check", "--grammar", "none", str(fifo), str(broken))
    assert code == 2 and out == ""
    assert f"{fifo}: cannot read" in err and f"{broken}: not valid UTF-8" in err


def test_a_file_named_twice_or_inside_a_folder_also_given_is_checked_once(tmp_path, good, monkeypatch):
    bad = tmp_path / "bad.txt"
    bad.write_text(BAD, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(BAD.encode("utf-8"))))
    code, report, _ = check_json("-", "-", bad, tmp_path / "." / "bad.txt", tmp_path, missing, missing)
    assert code == 1
    assert [d["path"] for d in report["documents"]] == ["-", str(bad), str(good)]
    assert report["summary"]["documents"] == 3
    assert report["errors"] == [{"path": str(missing), "message": "no such file"}]


def test_a_folder_with_nothing_to_check_exits_2(tmp_path):
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    code, _, err = mtqa("check", "--grammar", "none", str(tmp_path))
    assert code == 2 and "no files to check" in err


def test_a_file_with_no_records_exits_2(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    code, _, err = mtqa("check", "--grammar", "none", str(empty))
    assert code == 2 and "no documents" in err


def test_a_reader_bug_costs_one_file_not_the_batch(tmp_path, good, monkeypatch):
    from mtqa.formats import readers

    weird = tmp_path / "weird.jsonl"
    weird.write_text('{"target": "x"}\n', encoding="utf-8")

    def explode(text, path):
        raise ZeroDivisionError("boom")
        yield  # pragma: no cover

    monkeypatch.setattr(readers, "_read_jsonl", explode)
    code, report, _ = check_json(weird, good)
    assert code == 1
    assert report["errors"][0]["path"] == str(weird) and "internal error while reading: ZeroDivisionError" in report["errors"][0]["message"]
    assert [d["path"] for d in report["documents"]] == [str(good)]


def test_baseline_create_reports_unreadable_files_and_records_the_rest(tmp_path, good):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"caf\xe9\n")
    out = tmp_path / "baseline.json"
    code, _, err = mtqa("baseline", "create", "--grammar", "none", str(broken), str(good), "-o", str(out))
    assert code == 1 and f"{broken}: not valid UTF-8" in err
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == 2


STORY_EN = "The minister said announced that the talks would resume on 12 May.\n"
STORY_FR = "Le ministre a annoncé que les négociations reprendraient le 15 mai.\n"


@pytest.fixture
def store():
    """An fsspec in-memory store holding a bilingual pair, a plain story and a file of another kind."""
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    root = f"/mtqa-test-{os.getpid()}"
    fs.pipe(f"{root}/wire/story.en.txt", STORY_EN.encode())
    fs.pipe(f"{root}/wire/story.fr.txt", STORY_FR.encode())
    fs.pipe(f"{root}/wire/more/brief.txt", GOOD.encode())
    fs.pipe(f"{root}/wire/picture.png", b"\x89PNG")
    yield f"memory://{root}"
    fs.rm(root, recursive=True)


def test_a_folder_named_by_url_is_read_like_a_local_folder(store, tmp_path):
    local = tmp_path / "wire"
    (local / "more").mkdir(parents=True)
    (local / "story.en.txt").write_text(STORY_EN, encoding="utf-8")
    (local / "story.fr.txt").write_text(STORY_FR, encoding="utf-8")
    (local / "more" / "brief.txt").write_text(GOOD, encoding="utf-8")
    code, by_url, _ = check_json(f"{store}/wire")
    _, by_path, _ = check_json(local)
    assert code == 1 and by_url["summary"]["issues"] > 0
    assert [d["path"] for d in by_url["documents"]] == [f"{store}/wire/more/brief.txt", f"{store}/wire/story.en.txt"]
    assert [d["issues"] for d in by_url["documents"]] == [d["issues"] for d in by_path["documents"]]
    assert {"REP003", "BIL001"} <= {i["rule"] for i in by_url["documents"][1]["issues"]}  # the French was read beside it


def test_a_missing_url_or_an_unknown_protocol_is_an_error_naming_it_and_the_batch_goes_on(store):
    code, report, _ = check_json(f"{store}/wire/more/brief.txt", f"{store}/nowhere.txt", "nosuchscheme://host/a.txt")
    assert code == 1
    assert [d["path"] for d in report["documents"]] == [f"{store}/wire/more/brief.txt"]
    assert report["errors"] == [{"path": f"{store}/nowhere.txt", "message": "no such file"},
                                {"path": "nosuchscheme://host/a.txt", "message": "cannot read: Protocol not known: nosuchscheme"}]


def test_fix_in_place_refuses_a_url_and_writes_nothing(store):
    code, out, err = mtqa("fix", "--in-place", "--grammar", "none", f"{store}/wire/story.en.txt")
    assert code == 2 and out == "" and "is a URL" in err
    code, out, _ = mtqa("fix", "--grammar", "none", f"{store}/wire/story.en.txt")
    assert code in (0, 1) and out.startswith("The minister said") and "said announced" not in out


@pytest.fixture
def non_utf8_name(tmp_path):
    """A folder holding a story whose file name is Latin-1 ("café.txt"), as a file copied from an old system."""
    folder = tmp_path / "copy"
    folder.mkdir()
    try:
        (folder / os.fsdecode(b"caf\xe9.txt")).write_text(BAD, encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 file names")
    return folder


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "csv", "junit", "html", "github", "text"])
def test_a_file_name_that_is_not_utf8_is_escaped_in_every_report_written_to_a_file(tmp_path, non_utf8_name, fmt):
    out = tmp_path / f"report.{fmt}"
    code, _, err = mtqa("check", "--grammar", "none", "--format", fmt, "-o", str(out), str(non_utf8_name))
    assert code == 1 and "Traceback" not in err, err
    written = out.read_bytes().decode("utf-8")  # valid UTF-8, whatever the name's bytes
    # SARIF's locations are URIs: percent-encoded from the name's bytes, they name the very file
    assert ("caf%E9.txt" if fmt == "sarif" else "caf\\udce9.txt") in written
    if fmt == "json":  # the escape is JSON's own: the path reads back as the name of the file
        [doc] = json.loads(written)["documents"]
        assert os.path.isfile(doc["path"])


def test_a_file_name_that_is_not_utf8_is_escaped_on_standard_output_in_a_c_utf8_locale(non_utf8_name):
    import subprocess
    import sys

    from conftest import ROOT

    # in the C.UTF-8 locale Python writes standard output with surrogateescape: the name's raw byte 0xe9
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    env.update(LC_ALL="C.UTF-8", MTQA_DAEMON="off", PYTHONPATH=str(ROOT))
    for fmt in ("json", "sarif"):
        proc = subprocess.run([sys.executable, "-c", "from mtqa.cli import entry; entry()", "check", "--grammar", "none",
                               "--no-cache", "--format", fmt, str(non_utf8_name)], capture_output=True, env=env)
        assert proc.returncode == 1, proc.stderr[-2000:]
        assert json.loads(proc.stdout.decode("utf-8"))  # UTF-8 and well-formed


def test_baseline_of_a_file_whose_name_is_not_utf8(tmp_path, non_utf8_name):
    baseline = tmp_path / "baseline.json"
    code, _, err = mtqa("baseline", "create", "--grammar", "none", str(non_utf8_name), "-o", str(baseline))
    assert code == 0, err
    code, report, err = check_json("--baseline", str(baseline), non_utf8_name)
    assert code == 0 and report["documents"][0]["issues"] == [], err


@pytest.mark.parametrize("magic, told", [(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xdf\xa4", "a ZIP archive (a Word .docx"),
                                         (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF"),
                                         (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an old Office file")])
def test_a_word_or_pdf_file_named_as_a_path_is_told_to_be_exported_as_text_not_re_saved(tmp_path, good, magic, told):
    bad = tmp_path / "story.docx"
    bad.write_bytes(magic + bytes(range(256)))
    code, report, _ = check_json(bad, good)
    assert code == 1 and [d["path"] for d in report["documents"]] == [str(good)]
    message = report["errors"][0]["message"]
    assert message == f"not valid UTF-8: it is {message.split('it is ', 1)[1]}" and told in message
    assert message.endswith("not plain text; export its text as a UTF-8 .txt file") and "looks like" not in message


@pytest.mark.parametrize("data, told", [
    ("The talks resumed.\n".encode("utf-16"), "UTF-16 text (it starts with a UTF-16 byte-order mark)"),
    ("The talks resumed.\n".encode("utf-32"), "UTF-32 text (it starts with a UTF-32 byte-order mark)"),
    (b"Talks resumed.\nLe ministre a d\xe9clar\xe9 hier.\n",
     'byte 0xE9 on line 2, column 16); it looks like Latin-1 or Windows-1252 text ("Le ministre a déclaré hier.")'),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", "byte 0x89 on line 1, column 1); re-save it as UTF-8"),
    # a UTF-8 byte-order mark is no column an editor shows
    (b"\xef\xbb\xbfD\xe9j\xe0 vu.\n", "byte 0xE9 on line 1, column 2)"),
])
def test_a_file_that_is_not_utf8_is_told_where_and_what_it_looks_like(tmp_path, good, data, told):
    """An editor's file in UTF-16 (Windows "Unicode") or Windows-1252 is named as such, with the line and column
    of the first bad byte; bytes that are no text get no guess."""
    bad = tmp_path / "story.txt"
    bad.write_bytes(data)
    code, report, _ = check_json(bad, good)
    assert code == 1 and [d["path"] for d in report["documents"]] == [str(good)]
    message = report["errors"][0]["message"]
    assert message.startswith("not valid UTF-8") and told in message and message.endswith("re-save it as UTF-8")
    if b"\x89PNG" in data:
        assert "looks like" not in message


def test_a_source_in_windows_1252_is_named_and_the_story_checked_without_it(tmp_path):
    (tmp_path / "story.en.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "story.fr.txt").write_bytes(b"Le ministre a d\xe9clar\xe9 vendredi que les pourparlers reprendront.\n")
    code, report, _ = check_json(tmp_path / "story.en.txt")
    assert code == 1 and [d["path"] for d in report["documents"]] == [str(tmp_path / "story.en.txt")]
    message = report["errors"][0]["message"]
    assert "source of story.en.txt is not valid UTF-8" in message and "Windows-1252" in message
    assert message.endswith("story.en.txt was checked without it")


def test_the_gate_line_says_when_it_failed_on_unreadable_input(tmp_path, good):
    """A clean story beside an unreadable record fails the gate (exit 1); the summary says why, rather than
    "FAILED (0 document(s) at or above major)"."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"target": 5}\n', encoding="utf-8")
    code, out, _ = mtqa("check", "--grammar", "none", str(good), str(feed))
    assert code == 1
    assert "Gate: FAILED (0 document(s) at or above major; 1 input(s) could not be read)" in out
    code, out, _ = mtqa("check", "--grammar", "none", str(good))
    assert code == 0 and "Gate: passed (0 document(s) at or above major)" in out


@pytest.mark.parametrize("name, body", [
    ("units.xlf", '<xliff version="1.2"><file source-language="fr" target-language="en" datatype="plaintext" '
                  'original="x"><body><trans-unit id="1"><source>Bonjour</source><target>Hello</target></trans-unit>'
                  '</body></file></xliff>'),
    ("memory.tmx", '<tmx version="1.4"><header srclang="fr" datatype="plaintext" segtype="sentence" adminlang="en" '
                   'o-tmf="x" creationtool="x" creationtoolversion="1"/><body><tu><tuv xml:lang="fr"><seg>Bonjour</seg>'
                   '</tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu></body></tmx>'),
])
def test_an_xml_file_declaring_an_unknown_encoding_is_a_read_error_naming_it(tmp_path, good, name, body):
    bad = tmp_path / name
    bad.write_text(f'<?xml version="1.0" encoding="no-such-codec"?>\n{body}\n', encoding="utf-8")
    code, report, err = check_json(bad, good)
    assert code == 1 and [d["path"] for d in report["documents"]] == [str(good)]
    [error] = report["errors"]
    assert error["path"] == str(bad) and "no-such-codec" in error["message"] and "internal error" not in error["message"]
    assert "Traceback" not in err


_BROKEN_BITEXT = {
    # a mismatched tag: expat counts the name of the end tag from 0 (53), an editor from 1 (54)
    "tag.xlf": (b'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
                b'<file source-language="fr" target-language="en" datatype="plaintext" original="x"><body>\n'
                b'<trans-unit id="a"><source>Bon</source><target>Good</targt></trans-unit>\n</body></file></xliff>\n',
                "line=4,col=54", "mismatched tag: line 4, column 54"),
    # Latin-1 bytes in a file that declares no encoding: read as UTF-8, and told so
    "latin.xlf": (b'<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                  b'<file source-language="fr" target-language="en" datatype="plaintext" original="x"><body>\n'
                  b'<trans-unit id="a"><source>Caf\xe9</source><target>Cafe</target></trans-unit></body></file></xliff>\n',
                  "line=3,col=", "not valid UTF-8"),
    "cut.po": (b'msgid "a"\nmsgstr "b\n', "line=2,", "on line 2"),
}


@pytest.mark.parametrize("name", sorted(_BROKEN_BITEXT))
def test_a_broken_xliff_or_po_is_annotated_at_its_line(tmp_path, good, name):
    data, annotation, told = _BROKEN_BITEXT[name]
    (tmp_path / name).write_bytes(data)
    code, out, err = mtqa("check", "--grammar", "none", "--format", "github", str(tmp_path / name), str(good))
    error = next(line for line in out.splitlines() if name in line)
    assert code == 1 and error.startswith(f"::error file={tmp_path / name},{annotation}") and told in error, out


def test_a_record_with_neither_text_nor_source_is_no_document(tmp_path):
    # as a blank line, or an XLIFF unit without a source: nothing to check, so no score of 100 in the mean
    for name, data in (("feed.jsonl", '{"id": "a", "target": "The the talks failed."}\n{"id": "b", "target": " "}\n'
                                      '{"id": "c", "target": "", "source": "Bonjour."}\n'),
                       ("feed.csv", 'id,target,source\na,The the talks failed.,\nb, ,\nc,,Bonjour.\n')):
        (tmp_path / name).write_text(data, encoding="utf-8")
        code, out, _ = mtqa("check", "--grammar", "none", "--format", "json", str(tmp_path / name))
        report = json.loads(out)
        assert code == 1 and [d["id"] for d in report["documents"]] == ["a", "c"]  # c: E007, untranslated
        assert report["summary"]["documents"] == 2


def test_a_named_file_of_blank_records_is_told_so_not_how_folders_are_read(tmp_path):
    blank = tmp_path / "blank.jsonl"
    blank.write_text('{"id": "a", "target": ""}\n{"id": "b", "target": " "}\n', encoding="utf-8")
    code, _, err = mtqa("check", "--grammar", "none", str(blank))
    assert code == 2 and "no record or line holds any" in err and "folders" not in err
    (tmp_path / "story.txt").write_text("\n\n", encoding="utf-8")
    blank.unlink()
    code, _, err = mtqa("check", "--grammar", "none", str(tmp_path))
    assert code == 2 and "folders are read for .txt" in err


@pytest.mark.parametrize("name,data,needle", [
    ("u16.po", 'msgid "Le vote."\nmsgstr "The vote."\n'.encode("utf-16"), "UTF-16 text (it starts with a UTF-16 byte-order mark)"),
    ("deep.xlf", b'<?xml version="1.0"?>\n<xliff version="1.2">' + b"<g>" * 300 + b"</g>" * 300 + b"</xliff>",
     "elements nested more than 256 deep (line 2"),
    ("root.xlf", b'<?xml version="1.0"?>\n<html><body>Not a memory</body></html>\n', "cannot parse as XLF: not a file of this kind"),
])
def test_a_translation_file_that_cannot_be_parsed_says_why_in_words_a_user_can_act_on(tmp_path, name, data, needle):
    # a UTF-16 PO gave "Syntax error on line 1: 'ÿþm\x00s...'", deep XML named a libxml option, a wrong root no reason
    path = tmp_path / name
    path.write_bytes(data)
    code, _, err = mtqa("check", "--grammar", "none", str(path))
    assert code == 2 and needle in err and "XML_PARSE_HUGE" not in err, err


XLIFF12_NO_SOURCE = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a.txt" source-language="fr" target-language="en" datatype="plaintext">
  <body>
   <trans-unit id="1"><source>Il a 45 ans.</source><target>He is 45.</target></trans-unit>
   <trans-unit id="2"><target>He has 45 years the the.</target></trans-unit>
  </body>
 </file>
</xliff>
"""
XLIFF20_NO_SOURCE = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="fr" trgLang="en">
 <file id="f1">
  <unit id="u1"><segment id="s1"><target>He has 45 years the the.</target></segment></unit>
 </file>
</xliff>
"""


@pytest.mark.parametrize("text, unit", [(XLIFF12_NO_SOURCE, "2"), (XLIFF20_NO_SOURCE, "u1::s1")])
def test_an_xliff_target_without_a_source_is_checked_and_fixed_not_dropped(tmp_path, text, unit):
    """translate-toolkit reads no target when a unit has no <source>: the unit was skipped silently, and a file of
    such units had "no text in it"."""
    path = tmp_path / "units.xlf"
    path.write_text(text, encoding="utf-8")
    code, report, err = check_json(path)
    assert code == 1, err
    doc = next(d for d in report["documents"] if d["id"] == unit)
    assert {i["rule"] for i in doc["issues"]} >= {"REP001", "CAL005"}
    code, out, err = mtqa("fix", "--grammar", "none", str(path))
    assert code == 0, err
    assert "<target>He is 45 the.</target>" in out and out.count("<target>") == text.count("<target>")
    assert "<source>" not in out.split("He is 45 the.")[0].rsplit("<target>", 1)[0].rsplit("unit", 1)[-1]


# a TMX 1.4 file up to its <body> and the line break after it (its first unit is on line 2)
TMX_OPEN = ('<?xml version="1.0"?><tmx version="1.4"><header srclang="fr" datatype="plaintext" segtype="sentence" '
            'adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/><body>\n')


def test_a_tmx_unit_whose_only_tuv_names_no_language_is_an_error_naming_it(tmp_path):
    path = tmp_path / "one.tmx"
    path.write_text(TMX_OPEN +
                    '<tu tuid="t9"><tuv><seg>He has 45 years.</seg></tuv></tu>\n<tu tuid="ok"><tuv xml:lang="fr"><seg>Bonjour.</seg>'
                    '</tuv><tuv xml:lang="en"><seg>Hello.</seg></tuv></tu>\n</body></tmx>\n', encoding="utf-8")
    code, report, _ = check_json(path)
    assert code == 1
    [error] = report["errors"]
    assert [d["id"] for d in report["documents"]] == ["ok"]
    assert error["message"].startswith("unit t9 (line 2): its only <tuv> names no language"), error


def test_a_tmx_1_1_file_naming_languages_by_lang_is_read_and_fixed(tmp_path):
    """TMX 1.1's lang="EN" (not xml:lang) failed every unit with "no English translation (?, ?)"."""
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.1"><header srclang="FR" datatype="plaintext" '
            'segtype="sentence" adminlang="EN" creationtool="x" creationtoolversion="1" o-tmf="x"/>\n<body>\n'
            '<tu tuid="t1"><tuv lang="FR"><seg>Il a 45 ans.</seg></tuv><tuv lang="EN"><seg>He has 45 years the the.</seg></tuv></tu>\n'
            '<tu tuid="t2"><tuv lang="EN"><seg>Hello.</seg></tuv><tuv lang="FR"><seg>Bonjour.</seg></tuv></tu>\n'
            '</body></tmx>\n')
    path = tmp_path / "old.tmx"
    path.write_text(text, encoding="utf-8")
    code, report, err = check_json(path)
    assert code == 1 and not report["errors"], err
    docs = {d["id"]: d for d in report["documents"]}
    assert set(docs) == {"t1", "t2"}
    assert docs["t1"]["source"] == "Il a 45 ans." if "source" in docs["t1"] else True
    assert {i["rule"] for i in docs["t1"]["issues"]} >= {"REP001", "CAL005"}
    code, out, err = mtqa("fix", "--grammar", "none", str(path))
    assert code == 0, err
    assert out == text.replace("He has 45 years the the.", "He is 45 the.")


def test_tmx_units_whose_tuvs_name_no_language_say_so(tmp_path):
    path = tmp_path / "nolang.tmx"
    path.write_text(TMX_OPEN +
                    '<tu tuid="1"><tuv><seg>Il a 45 ans.</seg></tuv><tuv><seg>He has 45 years.</seg></tuv></tu>\n'
                    '<tu tuid="ok"><tuv xml:lang="fr"><seg>Bonjour.</seg></tuv><tuv xml:lang="en"><seg>Hello.</seg>'
                    '</tuv></tu>\n</body></tmx>\n', encoding="utf-8")
    code, report, _ = check_json(path)
    assert code == 1
    [error] = report["errors"]
    assert error["message"].startswith("unit 1 (line 2): its 2 <tuv> elements name no language"), error


def test_a_csv_with_cr_only_line_ends_is_read_and_fixed_with_them(tmp_path):
    """Excel's "CSV (Macintosh)": csv refused it with "new-line character seen in unquoted field - do you need to
    open the file in universal-newline mode?"."""
    text = 'id,source,target\r1,Il a 45 ans.,He has 45 years the the.\r2,"Bonjour, toi.","Hello, you."\r'
    path = tmp_path / "mac.csv"
    path.write_bytes(text.encode("utf-8"))
    code, report, err = check_json(path)
    assert code == 1 and not report["errors"], err
    assert [d["id"] for d in report["documents"]] == ["1", "2"]
    assert {i["rule"] for i in report["documents"][0]["issues"]} >= {"REP001", "CAL005"}
    code, out, err = mtqa("fix", "--grammar", "none", "-o", str(tmp_path / "out.csv"), str(path))
    assert code == 0, err
    assert (tmp_path / "out.csv").read_bytes() == text.replace("He has 45 years the the.", "He is 45 the.").encode("utf-8")


def test_a_cr_inside_an_unquoted_csv_field_is_an_mtqa_error_naming_the_line(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"id,target\n1,He said hello.\n2,He left\rthe room.\n")
    code, report, _ = check_json(path)
    assert code == 1
    [error] = report["errors"]
    assert error["path"] == str(path)
    assert error["message"].startswith("line 3: a carriage return (CR) inside an unquoted field"), error
    assert "universal-newline" not in error["message"]


@pytest.mark.parametrize("name, header, twice, spelt", [
    ("dup.csv", "id,target,Target", "target", '("target", "Target", in any case)'),
    ("dup.tsv", "id\tnote\ttarget\tnote", "note", '("note", "note")'),
])
def test_a_table_header_naming_a_column_twice_is_refused_naming_it(tmp_path, good, name, header, twice, spelt):
    """With "target,Target" only the last column was checked, silently, and fix then refused with "record 1 reads
    back differently"."""
    path = tmp_path / name
    sep = "\t" if name.endswith(".tsv") else ","
    path.write_text(header + "\n" + sep.join(["1", "He said hello.", "He has 45 years the the.", "x"][:header.count(sep) + 1]) + "\n",
                    encoding="utf-8")
    code, report, _ = check_json(path, good)
    assert code == 1
    [error] = report["errors"]
    assert error["path"] == str(path)
    assert error["message"] == (f'line 1: the header names the column "{twice}" more than once {spelt}: mtqa cannot '
                                "tell which one to read; rename or remove the others")
    code, _, err = mtqa("fix", "--grammar", "none", str(path))
    assert code != 0 and f'the column "{twice}" more than once' in err and "reads back differently" not in err


def test_fix_keeps_the_plural_indices_of_a_po_entry_as_written(tmp_path):
    """msgstr[0..2] and msgstr[7] (invalid with nplurals=2, but written so): fix renumbered the [7] as [3]."""
    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; '
            'plural=(n != 1);\\n"\n\nmsgid "un an"\nmsgid_plural "%d ans"\nmsgstr[0] "one year the the"\n'
            'msgstr[1] "%d years"\nmsgstr[2] "%d yearz"\nmsgstr[7] "%d years old the the"\n')
    path = tmp_path / "plural.po"
    path.write_text(text, encoding="utf-8")
    code, report, err = check_json(path)
    assert [d["id"] for d in report["documents"] if d["issues"]] == ["un an[0]", "un an[7]"], err
    code, out, err = mtqa("fix", "--grammar", "none", str(path))
    assert code == 0, err
    assert out == text.replace(" the the", " the")


def test_a_jsonl_number_of_more_digits_than_python_converts_is_an_error_for_its_record_only(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"id": "a", "target": GOOD}) + "\n"
                    + '{"id": "b", "n": ' + "9" * 5000 + ', "target": "Talks resumed."}\n'
                    + json.dumps({"id": "c", "target": BAD}) + "\n", encoding="utf-8")
    code, report, err = check_json(path)
    assert code == 1 and "Traceback" not in err
    assert report["errors"] == [{"path": str(path),
                                 "message": "line 2: invalid JSON (a number has more than 4,300 digits)"}]
    assert [d["id"] for d in report["documents"]] == ["a", "c"]  # the record after it is still checked
    code, out, err = mtqa("fix", "--grammar", "none", str(path))
    assert "Traceback" not in err and "line 2: invalid JSON (a number has more than 4,300 digits)" in err
    code, _, err = mtqa("baseline", "create", "--grammar", "none", str(path), "-o", str(tmp_path / "b.json"))
    assert code == 1 and "Traceback" not in err and "line 2: invalid JSON" in err


@pytest.mark.parametrize("codec, order", [("utf-16-le", "little-endian"), ("utf-16-be", "big-endian")])
@pytest.mark.parametrize("name", ["story.txt", "records.jsonl"])
def test_utf16_without_a_byte_order_mark_is_a_read_error_naming_it_not_text_with_nuls(tmp_path, good, codec, order,
                                                                                        name):
    text = GOOD if name.endswith(".txt") else json.dumps({"id": "a", "target": GOOD}) + "\n"
    path = tmp_path / name
    path.write_bytes(text.encode(codec))
    code, report, _ = check_json(path, good)
    assert code == 1
    assert report["errors"][0]["path"] == str(path)
    assert report["errors"][0]["message"].startswith(f"not valid UTF-8: UTF-16 ({order}) text without a byte-order mark")
    assert [d["path"] for d in report["documents"]] == [str(good)]


def test_text_with_a_stray_nul_is_not_taken_for_utf16(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(GOOD.encode() + b"\0" + GOOD.encode())
    code, report, _ = check_json(path)
    assert not report["errors"] and len(report["documents"]) == 1
