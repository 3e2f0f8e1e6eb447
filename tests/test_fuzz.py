"""Fuzzing: generated documents in every input format go through the real CLI (`mtqa check`, `mtqa fix`, `mtqa feed`)
and the engine, and the invariants hold: no traceback, the documented exit code, every finding's offsets index the
document's text, and a fix writes the same format back, which reads again with the fixes in place.

Default example counts keep the file to a minute or two; MTQA_FUZZ_EXAMPLES=500 (say) runs every test longer.
Generated tokens stay under 200 characters and documents under ~1,500 (long tokens and slow rules are bounded
by the engine; widen the strategies once those limits are in)."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import os
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mtqa import cli
from mtqa.issues import Issue, Severity, apply_edits, choose_fixes

EXAMPLES = int(os.environ.get("MTQA_FUZZ_EXAMPLES", "0"))


def fuzz(default: int):
    """Hypothesis settings: `default` examples, or MTQA_FUZZ_EXAMPLES when set; no deadline (first calls load
    spaCy), and tmp files made inside the test."""
    return settings(max_examples=EXAMPLES or default, deadline=None, derandomize=not EXAMPLES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


# --- strategies ----------------------------------------------------------------------------------------------

# phrases that make rules fire (so fixes are exercised), quotes to unbalance, separators of every kind
TRIGGERS = [
    "The minister said announced that", "the the", "Some 10 000 people", "rose by 5 %", "at 14 h 30", "2e round",
    "at the initiative of the mayor", "He has 45 years.", "« Non »", "“quoted”", '"open quote', "' single",
    "\u00ab\u00a0talks\u00a0\u00bb", "a hundred of people", "the actual president", "1,5 million", "25 M$",
    "• Read also: the latest", "[LIVE]", "NEXT NEWS", "officials said announced,", "The talks resumed.",
]
SEPARATORS = [" ", "  ", "\n", "\n\n", "\r\n", "\u2028", "\u2029", "\t", "", "\x85", ". ", "\n \n"]
SPECIAL = "\x00\u2028\u2029\ufeff\u200b\u00a0\r\n\t\"'«»“”‘’\\<>&"


def _xml_ok(ch: str) -> bool:
    """Characters XML 1.0 can carry as text (and that survive line-end normalisation unchanged)."""
    o = ord(ch)
    return (o in (0x9, 0xA) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000) and ch != "\x85"


any_char = st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(SPECIAL))
word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçABCDEFGH'-", min_size=1, max_size=12)
long_token = st.text(alphabet="abcdefghij", min_size=60, max_size=200)
deep_quotes = st.integers(1, 30).flatmap(lambda n: st.sampled_from(['"', "«", "“", "'", "»"]).map(lambda q: q * n))
piece = st.one_of(st.sampled_from(TRIGGERS), word, word, st.text(any_char, max_size=20), long_token, deep_quotes)


@st.composite
def documents(draw, max_pieces: int = 40, charset=None):
    parts = draw(st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), max_size=max_pieces))
    text = "".join(p + s for p, s in parts)
    if charset is not None:
        text = "".join(ch for ch in text if charset(ch))
    return text


xml_text = documents(charset=_xml_ok).map(lambda t: t.replace("\r", ""))


def _po_ok(ch: str) -> bool:
    return ch in "\n\t" or (ch.isprintable() and ch not in "\ufeff\x85") or ch in "\u00a0"


po_text = documents(charset=_po_ok)


# --- running the CLI in this process ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shared_engine():
    """The CLI builds its engine from the flags; building it (spaCy included) per example would take seconds, so
    every run with the same config gets the one engine, exactly as the CLI would have built it."""
    from mtqa import commands
    from mtqa.engine import Engine

    real = commands.make_engine

    class Engines:
        def __init__(self):
            self.cache: dict = {}
            self.last = None  # the engine the last CLI run used

        def __call__(self, cfg, args=None):
            key = (repr(cfg), getattr(args, "no_cache", False))
            if key not in self.cache:
                self.cache[key] = real(cfg, args) if args is not None else Engine(cfg)
            self.last = self.cache[key]
            return self.last

        def check(self, doc):
            return self.last.check(doc)

        def fix(self, result, **kwargs):
            return self.last.fix(result, **kwargs)

    commands.make_engine = engines = Engines()
    try:
        yield engines
    finally:
        commands.make_engine = real


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])  # any exception escapes: a traceback fails the test
    return code, out.getvalue(), err.getvalue()


def check_report(path: Path, command: str = "check") -> tuple[int, dict, str]:
    code, out, err = run_cli(command, "--grammar", "none", "--format", "json", str(path))
    if code == 2:
        assert out == "", "exit 2 prints no report"
        return code, {"documents": [], "errors": []}, err
    return code, json.loads(out), err


def documents_of(path: Path) -> dict:
    """The reader's own view of the file: (id -> Document) for every readable record."""
    from mtqa.document import Document
    from mtqa.formats.readers import read_path

    return {d.id: d for d in read_path(str(path)) if isinstance(d, Document)}


def assert_invariants(path: Path, code: int, report: dict, err: str, docs: dict, empty_ok: bool = False) -> None:
    """The documented exit code, offsets that index the text, no internal errors. `empty_ok`: nothing to check is
    no usage error (a feed with no new item)."""
    assert "Traceback" not in err
    assert not any("internal error" in e["message"] for e in report["errors"]), report["errors"]
    assert not any(i["rule"] == "E002" for d in report["documents"] for i in d["issues"]), "a rule raised"
    if not report["documents"]:
        assert code == (0 if empty_ok and not report["errors"] else 2), (code, err)
        return
    failing = any(i["severity"] in ("major", "critical") for d in report["documents"] for i in d["issues"])
    assert code == (1 if report["errors"] or failing else 0)
    for d in report["documents"]:
        text = docs[d["id"]].text
        for i in d["issues"]:
            assert 0 <= i["start"] <= i["end"] <= len(text)
            assert text[i["start"]:i["end"]] == i["text"], (i, text)


def expected_fixes(engine, docs: dict) -> dict:
    """id -> the target as the engine fixes it directly (Engine.fix: checked and fixed again until nothing is left
    to fix), which `mtqa fix` must write back."""
    return {k: engine.fix(engine.check(d), neural=False).text for k, d in docs.items()}


def assert_fix_round_trips(path: Path, engine, docs: dict, original: bytes, has_errors: bool) -> Path | None:
    """mtqa fix -o writes the same format; read again, each record holds its fixed target and nothing else moved.
    None when there was nothing to fix: no text and no read error is a usage error (exit 2), as for mtqa check."""
    out = path.with_name("fixed" + "".join(path.suffixes))
    code, stdout, err = run_cli("fix", "--grammar", "none", "-o", out, path)
    assert "Traceback" not in err
    if not any(d.text.strip() or (d.source or "").strip() for d in docs.values()) and not check_report(path)[1]["errors"]:
        assert code == 2 and not out.exists(), (code, err)
        return None
    assert code == (1 if has_errors else 0), err
    fixed_docs = documents_of(out)
    want = expected_fixes(engine, docs)
    bitext = path.suffix in (".xlf", ".xliff", ".tmx", ".po")
    # a deleted target reads back as an untranslated unit (E007), or as nothing when its source is empty too (a
    # record of a table or JSONL: when its target is left blank)
    records = path.suffix in (".jsonl", ".csv", ".tsv")
    emptied = [k for k in docs if (bitext and want[k] == "" or records and not want[k].strip())
               and not (docs[k].source or "").strip()]
    assert list(fixed_docs) == [k for k in docs if k not in emptied]
    for key, d in fixed_docs.items():
        assert d.text == want[key], key
        if key is None:
            continue  # a plain file's companions stay beside the original
        if path.suffix in (".xlf", ".xliff", ".tmx"):  # a rewritten unit may be marked xml:space="preserve"
            assert " ".join((d.source or "").split()) == " ".join((docs[key].source or "").split())
        else:
            assert (d.source, d.reference) == (docs[key].source, docs[key].reference)
    # and the fixed file is as readable as the original: no new errors
    code2, report2, err2 = check_report(out)
    assert "Traceback" not in err2
    # exit 2 only where there is nothing to check: no record, or only blank text (the README's contract)
    assert code2 in (0, 1) or (code2 == 2 and not any(d.text.strip() for d in fixed_docs.values()))
    assert len(report2["errors"]) <= len(check_report(path)[1]["errors"]) + len(emptied)
    return out


# --- the formats -----------------------------------------------------------------------------------------------

@given(text=documents(), source=st.one_of(st.none(), documents(max_pieces=10)))
@fuzz(60)
def test_plain_text_with_companions(shared_engine, text, source):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "story.en.txt")
        data = text.encode("utf-8")
        path.write_bytes(data)
        if source is not None:
            Path(tmp, "story.fr.txt").write_bytes(source.encode("utf-8"))
        docs = documents_of(path)
        assert [d.text for d in docs.values()] == [text]  # offsets index the file exactly as decoded
        code, report, err = check_report(path)
        assert_invariants(path, code, report, err, docs)
        out = assert_fix_round_trips(path, shared_engine, docs, data, has_errors=False)
        if out is not None:
            assert out.read_bytes().decode("utf-8") == expected_fixes(shared_engine, docs)[None]


@st.composite
def jsonl_files(draw):
    records, lines, expected, bad = [], [], {}, set()
    for n in range(draw(st.integers(1, 5))):
        rid = f"r{n}"
        rec = {"id": rid, "target": draw(documents(max_pieces=15))}
        if draw(st.booleans()):
            rec = {"source": draw(documents(max_pieces=6)), **rec, "meta": {"n": n, "x": [1.5, None, True]}}
        kind = draw(st.sampled_from(["ok", "ok", "ok", "surrogate", "number", "garbage", "blank"]))
        line = json.dumps(rec, ensure_ascii=draw(st.booleans()))
        if kind == "surrogate":
            line = json.dumps({"id": rid, "target": "x"}).replace('"x"', '"bad \\udc80 text"')
        elif kind == "number":
            line = json.dumps({"id": rid, "target": rec["target"], "reference": n})
        elif kind == "garbage":
            line = line[: draw(st.integers(0, max(0, len(line) - 1)))] + "\x00{"
        elif kind == "blank":
            line = draw(st.sampled_from(["", "  ", "\t"]))
        if kind == "ok":
            if rec["target"].strip() or rec.get("source", "").strip():  # else a blank record: no document
                expected[rid] = rec["target"]
        elif kind != "blank":
            bad.add(n + 1)
        lines.append(line + draw(st.sampled_from(["\n", "\r\n"])))
    return "".join(lines), expected, bad


@given(case=jsonl_files())
@fuzz(50)
def test_jsonl(shared_engine, case):
    body, expected, bad_lines = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "records.jsonl")
        data = body.encode("utf-8")
        path.write_bytes(data)
        docs = documents_of(path)
        assert {k: d.text for k, d in docs.items()} == expected
        code, report, err = check_report(path)
        errors = report["errors"] if report["documents"] else [
            {"path": str(path), "message": m} for m in err.splitlines() if "no documents to check" not in m]
        assert len(errors) == len(bad_lines)
        assert all(str(path) in e["path"] or str(path) in e["message"] for e in errors)
        assert_invariants(path, code, report, err, docs)
        out = assert_fix_round_trips(path, shared_engine, docs, data, has_errors=bool(bad_lines))
        if docs and out is not None:  # lines that were not fixed are byte-for-byte the same
            want = expected_fixes(shared_engine, docs)
            before, after = data.split(b"\n"), out.read_bytes().split(b"\n")
            assert len(before) == len(after)
            for n, (a, b) in enumerate(zip(before, after), 1):
                rid = f"r{n - 1}"
                if rid not in docs or want[rid] == docs[rid].text:
                    assert a == b


@st.composite
def table_files(draw, delimiter: str):
    header = draw(st.sampled_from([["id", "target"], ["id", "source", "target"], ["target", "id", "note"]]))
    rows, expected = [], {}
    for n in range(draw(st.integers(1, 5))):
        values = {"id": f"r{n}", "target": draw(documents(max_pieces=12)), "source": draw(documents(max_pieces=5)),
                  "note": draw(st.text(any_char, max_size=10))}
        rows.append([values[c] for c in header])
        if values["target"].strip() or ("source" in header and values["source"].strip()):  # else a blank record: none
            expected[f"r{n}"] = values["target"]
    buf = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])), quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue(), expected


@pytest.mark.parametrize("delimiter", [",", "\t"], ids=["csv", "tsv"])
@given(data=st.data())
@fuzz(30)
def test_tables(shared_engine, delimiter, data):
    body, expected = data.draw(table_files(delimiter))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "rows.csv" if delimiter == "," else "rows.tsv")
        raw = body.encode("utf-8")
        path.write_bytes(raw)
        docs = documents_of(path)
        assert {k: d.text for k, d in docs.items()} == expected
        code, report, err = check_report(path)
        assert report["errors"] == []
        assert_invariants(path, code, report, err, docs)
        assert_fix_round_trips(path, shared_engine, docs, raw, has_errors=False)


def xliff12(units) -> str:
    body = "".join(f'<trans-unit id="u{n}"><source>{escape(s)}</source><target>{escape(t)}</target></trans-unit>'
                   for n, (s, t) in enumerate(units))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            f'<file original="story" source-language="fr" target-language="en" datatype="plaintext"><body>{body}</body></file></xliff>\n')


def xliff20(units) -> str:
    body = "".join(f'<unit id="u{n}"><segment><source>{escape(s)}</source><target>{escape(t)}</target></segment></unit>'
                   for n, (s, t) in enumerate(units))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
            f'srcLang="fr" trgLang="en"><file id="f1">{body}</file></xliff>\n')


def tmx(units) -> str:
    body = "".join(f'<tu tuid="u{n}"><tuv xml:lang="fr"><seg>{escape(s)}</seg></tuv><tuv xml:lang="en"><seg>{escape(t)}</seg></tuv></tu>'
                   for n, (s, t) in enumerate(units))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="fuzz" creationtoolversion="1" '
            f'segtype="sentence" o-tmf="none" adminlang="en" srclang="fr" datatype="plaintext"/><body>{body}</body></tmx>\n')


@pytest.mark.parametrize("builder, suffix", [(xliff12, ".xlf"), (xliff20, ".xliff"), (tmx, ".tmx")], ids=["xliff12", "xliff20", "tmx"])
@given(units=st.lists(st.tuples(xml_text, xml_text), min_size=1, max_size=4), truncate=st.one_of(st.none(), st.integers(0, 400)))
@fuzz(25)
def test_xml_bitext(shared_engine, builder, suffix, units, truncate):
    text = builder(units)
    if truncate is not None:
        text = text[:truncate]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "units" + suffix)
        raw = text.encode("utf-8")
        path.write_bytes(raw)
        docs = documents_of(path)
        code, report, err = check_report(path)
        assert_invariants(path, code, report, err, docs)
        if truncate is not None:
            return
        # every unit is a document (an empty target of a source is one: E007) or an error naming it
        named = {e["message"].split(":")[0] for e in report["errors"]}
        for n, (source, target) in enumerate(units):
            assert f"u{n}" in docs or f"unit u{n}" in named or not (target.strip() or source.strip())
        assert_fix_round_trips(path, shared_engine, docs, raw, has_errors=bool(report["errors"]))


def po_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


@given(entries=st.lists(st.tuples(po_text, po_text, st.one_of(st.none(), po_text)), min_size=1, max_size=4))
@fuzz(40)
def test_po_with_plurals(shared_engine, entries):
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    parts, expected = [head], {}
    for n, (source, target, plural) in enumerate(entries):
        if plural is None:
            parts.append(f'msgctxt "c{n}"\nmsgid "{po_escape(source)}-{n}"\nmsgstr "{po_escape(target)}"\n\n')
            expected[f"c{n}::{source}-{n}"] = target  # named by context and source; untranslated, it is E007's
        else:
            parts.append(f'msgctxt "c{n}"\nmsgid "{po_escape(source)}-{n}"\nmsgid_plural "{po_escape(source)}s"\n'
                         f'msgstr[0] "{po_escape(target)}"\nmsgstr[1] "{po_escape(plural)}"\n\n')
            if target or plural:
                for k, t in enumerate((target, plural)):
                    expected[f"c{n}::{source}-{n}[{k}]"] = t
            else:  # not translated at all: one document, as a singular entry
                expected[f"c{n}::{source}-{n}"] = ""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "strings.po")
        raw = "".join(parts).encode("utf-8")
        path.write_bytes(raw)
        docs = documents_of(path)
        assert {k: d.text for k, d in docs.items()} == expected
        code, report, err = check_report(path)
        assert_invariants(path, code, report, err, docs)
        assert_fix_round_trips(path, shared_engine, docs, raw, has_errors=bool(report["errors"]))


@pytest.mark.parametrize("kind", ["rss", "atom"])
@given(items=st.lists(st.tuples(xml_text, xml_text), min_size=1, max_size=4), markup=st.booleans())
@fuzz(20)
def test_feeds(shared_engine, kind, items, markup):
    def body(t: str) -> str:
        inner = "".join(f"<p>{html.escape(p)}</p>" for p in t.split("\n\n")) if markup else html.escape(t)
        return escape(inner)

    if kind == "rss":
        xml = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>'
               + "".join(f"<item><guid>g{n}</guid><title>{escape(t)}</title><description>{body(b)}</description></item>"
                         for n, (t, b) in enumerate(items)) + "</channel></rss>\n")
    else:
        xml = ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
               '<id>urn:wire</id><updated>2026-01-01T00:00:00Z</updated>'
               + "".join(f'<entry><id>urn:g{n}</id><title>{escape(t)}</title><updated>2026-01-01T00:00:00Z</updated>'
                         f'<content type="html">{body(b)}</content></entry>' for n, (t, b) in enumerate(items)) + "</feed>\n")
    from mtqa.formats.feeds import read_feed

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "wire." + kind)
        path.write_bytes(xml.encode("utf-8"))
        docs = {d.id: d for d in read_feed(str(path))[1]}
        code, report, err = check_report(path, command="feed")
        assert "Traceback" not in err
        assert code in (0, 1) and report["errors"] == []
        assert_invariants(path, code, report, err, docs, empty_ok=True)  # items with no text are no documents
        for d in docs.values():  # the HTML map points every character at its place in the markup
            assert len(d.meta["html_offsets"]) == len(d.text) - d.meta["body_start"]


@given(text=documents(max_pieces=60), source=st.one_of(st.none(), documents(max_pieces=20)))
@fuzz(120)
def test_engine_offsets_and_fixes_on_any_text(shared_engine, text, source):
    """The engine alone, faster than the CLI: offsets index the text, fixes apply, and the fixed text checks."""
    from mtqa.config import load_config
    from conftest import ROOT

    engine = shared_engine(load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none", select=("ALL",)))
    result = engine.check_text(text, source=source)
    for i in result.issues:
        assert isinstance(i, Issue) and 0 <= i.start <= i.end <= len(text)
        assert text[i.start:i.end] == i.text
        assert i.rule != "E002", i.message
    fixed = apply_edits(text, choose_fixes(result.issues, neural=False))
    again = engine.check_text(fixed, source=source)
    assert all(i.rule != "E002" for i in again.issues)
    assert 0 <= result.score <= 100 and result.worst() in (None, *Severity)


# --- a corrupt corpus, end to end ------------------------------------------------------------------------------

def test_a_corrupt_corpus_is_reported_file_by_file_and_every_good_file_checked(tmp_path, shared_engine):
    corpus = tmp_path / "corpus"
    (corpus / "nested").mkdir(parents=True)
    good_units = [("Le ministre a parlé.", "The minister spoke."), ("Bonjour.", "Hello.")]
    good = {
        "good.txt": "The talks resumed on Friday, the ministry said.\n".encode(),
        "empty.txt": b"",
        "nested/good.jsonl": (json.dumps({"id": "a", "target": "The talks resumed."}) + "\n").encode(),
        "good.csv": b"id,target\na,The talks resumed.\n",
        "good.xlf": xliff12(good_units).encode(),
        "good.po": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Bonjour."\nmsgstr "Hello."\n'.encode(),
        "good.tmx": tmx(good_units).encode(),
        "long-line.txt": (" ".join(f"talks{n % 97} resumed" for n in range(7000)) + "\n").encode(),
        "nested/long-field.csv": ('id,target\nbig,"' + " ".join(f"vote{n % 89} counted" for n in range(10_000)) + '"\n').encode(),
    }
    bad = {
        "truncated.xlf": xliff12(good_units).encode()[:150],
        "truncated.tmx": tmx(good_units).encode()[:-40],
        "latin1.txt": "Le ministre a parlé à l'Élysée.\n".encode("latin-1"),
        "utf16.txt": "The talks resumed.\n".encode("utf-16"),
        "junk.po": bytes(range(256)) * 4,
        "junk.xliff": b"\x89PNG\r\n\x1a\n" + bytes(range(200)),
        "bad.jsonl": b'{"id": "a", "target": "Fine."}\n{"id": "b", "target": \n[1, 2]\n',
        "mismatched.csv": b"id,target\na,Fine.,extra\n",
        "no-target.tsv": b"id\tsource\na\tBonjour\n",
        "bomb.xlf": (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                     b'<xliff version="1.2"><file><body><trans-unit id="1"><source>&b;</source></trans-unit></body></file></xliff>'),
        "nested/story.en.txt": "The talks resumed.\n".encode(),
        "nested/story.fr.txt": b"\xff\xfe broken source",
    }
    for name, data in {**good, **bad}.items():
        (corpus / name).write_bytes(data)
    code, report, err = check_report(corpus)
    assert code == 1, err
    error_paths = {Path(e["path"]).relative_to(corpus).as_posix() for e in report["errors"]}
    doc_paths = {Path(d["path"]).relative_to(corpus).as_posix() for d in report["documents"]}
    expected_bad = set(bad) - {"nested/story.en.txt"}
    assert expected_bad <= error_paths, expected_bad - error_paths
    assert set(good) | {"nested/story.en.txt", "bad.jsonl"} >= doc_paths >= set(good) | {"nested/story.en.txt"}
    assert not any("internal error" in e["message"] for e in report["errors"])
