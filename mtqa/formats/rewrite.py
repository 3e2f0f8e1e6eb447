"""Write fixed targets back into the file they came from, in its own format: JSONL and CSV/TSV records are
spliced in place (every other byte kept), XLIFF/PO/TMX go through translate-toolkit's stores. The result is
read back and compared before anyone writes it, so a format mtqa cannot write faithfully is refused, never
replaced by plain text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from mtqa.document import Document
from mtqa.errors import MtqaError
from mtqa.formats.bitext import SUFFIXES as BITEXT, XML_SUFFIXES, write_back
from mtqa.formats.readers import ReadError, jsonl_lines, read_data, table_header, table_lines, table_rows

STRUCTURED = {".jsonl", ".csv", ".tsv"} | BITEXT


def is_structured(path: str) -> bool:
    return Path(path).suffix.lower() in STRUCTURED


def rewrite(path: str, data: bytes, fixed: dict) -> bytes:
    """`data` (the bytes of `path`) with each record's target replaced: `fixed` maps a Document's
    meta["record"] to its fixed text. MtqaError (exit 2) when the format cannot be written back faithfully."""
    suffix = Path(path).suffix.lower()
    fixed = {k: v for k, v in fixed.items()}
    if not fixed:
        return data
    try:
        if suffix == ".jsonl":
            out = _jsonl(data.decode("utf-8"), fixed).encode("utf-8")
        elif suffix in (".csv", ".tsv"):
            out = _table(data.decode("utf-8"), fixed, "\t" if suffix == ".tsv" else ",").encode("utf-8")
        elif suffix in BITEXT:
            out = write_back(data, suffix, fixed)
        else:
            raise ValueError("mtqa cannot write this format back")
    except (ValueError, UnicodeError) as exc:
        raise MtqaError(f"{path}: cannot write the fixes back into this {suffix[1:].upper()} file ({exc}); "
                        "nothing was written") from None
    _verify(path, data, out, fixed)
    return out


def _key(item: Document, xml: bool = False) -> tuple:
    if xml:  # translate-toolkit marks a changed unit xml:space="preserve": its source may gain edge whitespace
        return (item.id, " ".join((item.source or "").split()), item.reference)
    return (item.id, item.source, item.reference)


def _verify(path: str, before: bytes, after: bytes, fixed: dict) -> None:
    """Every record reads back as it was, except the fixed targets, which read back as fixed."""
    old = [d for d in read_data(before, path) if isinstance(d, Document)]
    new = list(read_data(after, path))
    problems = [d for d in new if isinstance(d, ReadError)]
    new_docs = [d for d in new if isinstance(d, Document)]
    suffix = Path(path).suffix.lower()
    xml = suffix in XML_SUFFIXES
    expected = [(_key(d, xml), fixed.get(_locator(d), d.text)) for d in old]
    # a unit left with no target and no source text, or a record with only blanks in both (a boilerplate line
    # deleted whole), reads as no document
    empty = (lambda t: t == "") if suffix in BITEXT else (lambda t: not t.strip())
    expected = [e for e in expected if not empty(e[1]) or (e[0][1] or "").strip()]
    got = [(_key(d, xml), d.text) for d in new_docs]
    if len(problems) > sum(isinstance(d, ReadError) for d in read_data(before, path)) or expected != got:
        bad = next((e[0][0] for e, g in zip(expected, got) if e != g), None)
        where = f" (record {bad} reads back differently)" if bad is not None else ""
        raise MtqaError(f"{path}: cannot write the fixes back faithfully in this format{where}; nothing was written. "
                        "Fix it by hand, or run mtqa fix on a plain-text copy")


def _locator(doc: Document):
    loc = doc.meta.get("record")
    return tuple(loc) if isinstance(loc, list) else loc


def _jsonl(text: str, fixed: dict) -> str:
    lines = jsonl_lines(text)
    for index, new_target in fixed.items():
        lines[index] = _splice_json_target(lines[index], new_target)
    return "".join(lines)


def _splice_json_target(line: str, new_target: str) -> str:
    """Replace the value of the (last) "target" key of the JSON object on this line, keeping every other byte."""
    decoder = json.JSONDecoder()
    body_start = 1 if line.startswith("\ufeff") else 0
    pos = _skip_ws(line, body_start)
    if line[pos:pos + 1] != "{":
        raise ValueError("a record is not a JSON object")
    pos = _skip_ws(line, pos + 1)
    span = None
    while line[pos:pos + 1] != "}":
        key, pos = json.decoder.scanstring(line, pos + 1)
        pos = _skip_ws(line, pos)
        pos = _skip_ws(line, pos + 1)  # the colon
        _, end = decoder.raw_decode(line, pos)
        if key == "target":
            span = (pos, end)  # json.loads keeps the last of duplicate keys: so do we
        pos = _skip_ws(line, end)
        if line[pos:pos + 1] == ",":
            pos = _skip_ws(line, pos + 1)
    if span is None:
        raise ValueError("a record has no \"target\"")
    old = line[span[0]:span[1]]
    value = json.dumps(new_target, ensure_ascii="\\u" in old)  # keep the file's habit: escapes or raw UTF-8
    return line[:span[0]] + value + line[span[1]:]


def _field_spans(raw: str, delimiter: str) -> list[tuple[int, int]] | None:
    """Where each field of one CSV/TSV row (without its line end) starts and ends, quotation marks included;
    None when the row is not plain CSV quoting (its fields are then written by csv.writer)."""
    spans, i, n = [], 0, len(raw)
    while True:
        j = i
        if raw.startswith('"', i):
            j = i + 1
            while True:
                k = raw.find('"', j)
                if k < 0:
                    return None
                if raw.startswith('"', k + 1):
                    j = k + 2
                    continue
                j = k + 1
                break
            if j < n and raw[j] != delimiter:
                return None
        else:
            k = raw.find(delimiter, i)
            j = n if k < 0 else k
        spans.append((i, j))
        if j >= n:
            return spans
        i = j + 1


def _skip_ws(s: str, pos: int) -> int:
    while pos < len(s) and s[pos] in " \t\r\n":
        pos += 1
    return pos


def _table(text: str, fixed: dict, delimiter: str) -> str:
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    lines = table_lines(body)
    rows = {(start, end): row for start, end, row in table_rows(body, delimiter)}
    column = table_header(next(iter(rows.values()))).index("target")
    for (start, end), new_target in sorted(fixed.items(), reverse=True):
        row = list(rows[(start, end)])
        raw = "".join(lines[start:end])
        terminator = "\r\n" if raw.endswith("\r\n") else raw[-1] if raw.endswith(("\n", "\r")) else ""
        spans = _field_spans(raw[:len(raw) - len(terminator)], delimiter)
        if spans is not None and len(spans) == len(row):  # only the target's own bytes change, its quoting kept
            a, b = spans[column]
            quoted = raw[a:b].startswith('"')
            if quoted or new_target.startswith('"') or any(c in new_target for c in (delimiter, "\n", "\r")):
                value = '"' + new_target.replace('"', '""') + '"'
            else:
                value = new_target
            lines[start:end] = [raw[:a] + value + raw[b:]]
            continue
        unquoted = '"' in raw and raw.rstrip("\r\n").split(delimiter) == row  # its marks are written as they are
        row[column] = new_target
        if unquoted and not any(f.startswith('"') or delimiter in f or "\n" in f or "\r" in f for f in row):
            lines[start:end] = [delimiter.join(row) + terminator]
            continue
        quote_all = raw.startswith('"') and raw.rstrip("\r\n").endswith('"') and raw.count(f'"{delimiter}"') >= len(row) - 1
        buf = io.StringIO()
        csv.writer(buf, delimiter=delimiter, lineterminator=terminator,
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerow(row)
        lines[start:end] = [buf.getvalue()]
    return bom + "".join(lines)


def fixed_copy_name(path: str) -> str:
    """story.txt -> story.fixed.txt (mtqa check --fix)."""
    p = Path(path)
    return str(p.with_name(f"{p.stem}.fixed{p.suffix}"))


def refuse_feed(path: str) -> None:
    """A feed is checked item by item, but not written back: its items are HTML in XML that the site makes."""
    from mtqa.formats.readers import FEEDS

    if Path(path).suffix.lower() in FEEDS:
        raise MtqaError(f"{path}: a feed cannot be fixed: mtqa fix writes text and translation files, and a feed is made by its site (fix the stories there)")


def fixed_file(path: str, data: bytes, results: list, neural: bool = False, engine=None) -> bytes:
    """The bytes of `path` with the first suggestion of every fixable finding applied, in the file's format.
    `results` are the engine's results for the documents read from `data`; with the `engine` that gave them, each
    fixed text is checked again and fixed until nothing fixable remains (Engine.fix), without it one pass is made."""
    from mtqa.issues import apply_edits, choose_fixes

    refuse_feed(path)
    current = {_locator(d): d.text for d in read_data(data, path) if isinstance(d, Document)}
    if any(current.get(_locator(r.document)) != r.document.text for r in results):
        raise MtqaError(f"{path}: the file changed after it was checked; nothing was written")
    fixes = {}
    for r in results:
        new = (engine.fix(r, neural=neural).text if engine is not None
               else apply_edits(r.document.text, choose_fixes(r.issues, neural=neural)))
        if new != r.document.text:
            fixes[_locator(r.document)] = new
    if not is_structured(path):
        if len(results) != 1:
            raise MtqaError(f"{path}: expected one document, found {len(results)}")
        text = fixes.get(None, results[0].document.text)
        return text.encode("utf-8") if fixes else data
    if None in fixes:
        raise MtqaError(f"{path}: a record without a locator; cannot write it back")
    return rewrite(path, data, fixes)
