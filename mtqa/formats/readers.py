"""Readers: turn paths (files, folders, stdin, fsspec URLs) into Documents, or into ReadErrors that name the file
and reason.

Nothing a file contains may stop a batch: every problem (undecodable bytes, a bad record, an unreadable folder, a
FIFO given as a path) becomes a ReadError for that file or record, and reading goes on with the next one. Every
record of a multi-record file carries a locator in `meta["record"]` so mtqa fix can write that record back.

An input written as a URL (`file:///data/feed/`, `s3://bucket/2026/`, `memory://...`) is read through fsspec, Dask's
own I/O layer, so a batch on a cluster can name copy on a shared filesystem or an object store: a URL of a folder is
searched like a local folder, and each file found is named by its URL, read where its task runs. Protocols other
than file:// and memory:// need their fsspec package (s3fs, gcsfs, adlfs...), and the error says which."""

from __future__ import annotations

import csv
import json
import os
import re
import stat
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from mtqa.document import (Document, bad_byte_where, not_utf8, refuse_utf16_without_bom, unicode_problem,
                           utf16_column)
from mtqa.errors import MtqaError

MULTI_RECORD = {".tsv", ".csv", ".jsonl", ".xlf", ".xliff", ".tmx", ".po"}
BITEXT = {".xlf", ".xliff", ".tmx", ".po", ".pot"}
# csv's default field limit is 131,072 characters; a long article in one cell is legitimate (the engine's
# max-chars decides what is too long), so tables are read with this much larger bound
CSV_FIELD_LIMIT = 16 * 1024 * 1024


@dataclass(frozen=True)
class ReadError:
    path: str
    message: str
    line: int | None = None  # where in the file, when the reader knows it (for annotations that point into the file)
    column: int | None = None  # in characters, as an editor counts them
    utf16_column: int | None = None  # in UTF-16 code units, SARIF's unit, where it differs from `column` (an emoji)


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is kept in the text, so offsets index the file exactly as decoded). UTF-16 without a byte-order
    mark is refused as UTF-16 with one is (UnicodeDecodeError; not_utf8 names it), not read as text with a NUL
    between every letter."""
    text = data.decode("utf-8")
    if "\0" in text[:1024]:
        refuse_utf16_without_bom(data)
    return text


def _kind(mode: int) -> str:
    from mtqa.safeio import file_kind

    return file_kind(mode)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")


def is_url(path: str) -> bool:
    """An input named by URL (read through fsspec), not a local path."""
    return bool(_URL.match(path))


def _url_fs(url: str):
    """(fsspec filesystem, path inside it) for a URL; OSError with the reason when it cannot be opened."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise OSError(0, "reading a URL needs fsspec: pip install fsspec (it comes with 'mtqa[cluster]')") from None
    try:
        return url_to_fs(url)
    except ImportError as exc:  # a known protocol whose package is missing ("Install s3fs to access S3")
        raise OSError(0, f"{exc}") from None
    except ValueError as exc:  # "Protocol not known: ..."
        raise OSError(0, f"{exc}") from None


def _sibling(path: str, name: str) -> str:
    """The file called `name` in the folder of `path` (a local path or a URL)."""
    if is_url(path):
        return path.rsplit("/", 1)[0] + "/" + name
    return str(Path(path).with_name(name))


def _lexists(path: str) -> bool:
    if not is_url(path):
        return os.path.lexists(path)
    try:
        fs, inner = _url_fs(path)
        return fs.exists(inner)
    except Exception:  # noqa: BLE001 - an unreachable store: the companion is simply not there
        return False


def expand_paths(paths: list[str], extensions: tuple[str, ...]) -> Iterator[str | ReadError]:
    """Files as given; folders searched recursively for known extensions (sorted, so runs are stable).
    A folder that cannot be listed, or a matching entry that is not a readable file, is a ReadError. A file met
    again (named twice, or inside a folder also given, `-` twice: standard input is read once) is listed once,
    where it first came: checked twice, it would count twice in every total and score."""
    exts = set(extensions) | MULTI_RECORD
    seen: set[tuple[bool, str]] = set()
    given = {path_key(p) for p in paths}
    folders = [path_key(p) + os.sep for p in paths if p != "-" and not is_url(p) and os.path.isdir(p)]
    for item in _expand(paths, exts):
        key = (isinstance(item, ReadError), path_key(item.path if isinstance(item, ReadError) else item))
        story = None if key[0] else _companion_story(item, os.path.exists)
        if story is not None:
            # `mtqa check copy/*.txt` names story.fr.txt and story.ref.txt too: read with their story, as in a
            # folder, not checked as English copy of their own (named without their story, they are checked)
            story = path_key(story)
            if story in given or any(story.startswith(f) for f in folders):
                continue
        if key not in seen:
            seen.add(key)
            yield item


def path_key(name: str) -> str:
    """What makes two names of a path the same input: `-` and a URL as given, a file by its absolute path."""
    return name if name == "-" or is_url(name) else os.path.normpath(os.path.abspath(name))


def _expand(paths: list[str], exts: set[str]) -> Iterator[str | ReadError]:
    for p in paths:
        if p == "-":
            yield p
            continue
        if is_url(p):
            yield from _walk_url(p, exts)
            continue
        try:
            is_dir = stat.S_ISDIR(os.stat(p).st_mode)
        except OSError:
            is_dir = False  # read_path reports why
        if is_dir:
            yield from _walk(Path(p), exts)
        else:
            yield p


def _walk(top: Path, exts: set[str]) -> Iterator[str | ReadError]:
    problems: list[ReadError] = []
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        problems.append(ReadError(str(exc.filename or top), f"cannot read folder: {_reason(exc)}"))

    for folder, _dirs, files in os.walk(top, onerror=unreadable):
        for name in files:
            f = Path(folder, name)
            if f.suffix.lower() in exts:
                found.append(f)
    items: list[tuple[str, str | ReadError]] = [(e.path, e) for e in problems]
    for f in found:
        try:
            mode = os.stat(f).st_mode
        except OSError as exc:
            what = "broken symbolic link" if f.is_symlink() and exc.errno == 2 else f"cannot read: {_reason(exc)}"
            items.append((str(f), ReadError(str(f), what)))
            continue
        if not stat.S_ISREG(mode):
            if not stat.S_ISDIR(mode):  # a FIFO or device named like copy: say so rather than skip it silently
                items.append((str(f), ReadError(str(f), f"cannot read: {_kind(mode)}, not a file")))
            continue
        if not _is_companion(f) and not _is_fixed_copy(f):
            items.append((str(f), str(f)))
    for _, item in sorted(items, key=lambda kv: kv[0]):
        yield item


def _walk_url(url: str, exts: set[str]) -> Iterator[str | ReadError]:
    """A URL as given when it names a file (read_path reports a missing one); the files under it, as URLs, sorted,
    when it names a folder; a ReadError naming the URL when its store cannot be reached or listed."""
    try:
        fs, root = _url_fs(url)
        if not fs.isdir(root):
            yield url
            return
        found = sorted(f for f in fs.find(root) if Path(f).suffix.lower() in exts)
    except FileNotFoundError:
        yield ReadError(url, "no such file or folder")
        return
    except Exception as exc:  # noqa: BLE001 - any store's failure (OSError, its client's own errors) names the URL
        yield ReadError(url, f"cannot read: {_reason(exc) if isinstance(exc, OSError) else exc}")
        return
    names = set(found)
    for f in found:
        if not _companion_name(f, names.__contains__):
            yield fs.unstrip_protocol(f)


def _companion_name(name: str, exists) -> bool:
    """story.fr.txt and story.ref.txt are read with their story (when `exists` finds it), not checked alone."""
    return _companion_story(name, exists) is not None


def _companion_story(name: str, exists) -> str | None:
    """The story story.fr.txt or story.ref.txt belongs to: story.en.txt when `exists` finds it, else story.txt;
    None when neither exists or the name is no companion's."""
    parts = name.rsplit("/", 1)[-1].split(".")
    if len(parts) >= 3 and parts[-2] in ("fr", "ref"):
        plain = f".{parts[-1].lower()}" not in MULTI_RECORD | BITEXT  # messages.fr.po beside messages.po is a catalogue
        for story in (parts[:-2] + ["en", parts[-1]], *([parts[:-2] + [parts[-1]]] if plain else [])):
            if exists(_sibling(name, ".".join(story))):
                return _sibling(name, ".".join(story))
    return None


def _companion_base(name: str, exists) -> list[str] | None:
    """The name parts companions of this story are named from: story.en.txt and story.txt (when there is no
    story.en.txt beside it) have story.fr.txt and story.ref.txt; a companion itself has none."""
    parts = name.split(".")
    if len(parts) >= 3 and parts[-2] == "en":
        return parts[:-2]
    if len(parts) >= 2 and parts[-2] not in ("fr", "ref", "en") and f".{parts[-1].lower()}" not in MULTI_RECORD | BITEXT \
            and not exists(".".join(parts[:-1] + ["en", parts[-1]])):
        return parts[:-1]
    return None


def _is_companion(f: Path) -> bool:
    return _companion_name(str(f), os.path.exists)


def _is_fixed_copy(f: Path) -> bool:
    """story.fixed.txt beside story.txt is the copy `mtqa check --fix` wrote: a folder's next run checks the story,
    not the copy again (nor writes story.fixed.fixed.txt)."""
    parts = f.name.split(".")
    return len(parts) >= 3 and parts[-2] == "fixed" and f.with_name(".".join(parts[:-2] + parts[-1:])).is_file()


def read_file_bytes(path: str) -> bytes:
    """The bytes of a regular file; OSError (with a readable strerror) for anything else, without blocking on a
    FIFO or device. A URL is read through fsspec."""
    if is_url(path):
        return _read_url(path)
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "is a directory", path)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(0, f"{_kind(st.st_mode)}, not a file; mtqa reads files, folders and - (standard input)", path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # never wait on a FIFO swapped in after stat
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def _read_url(url: str) -> bytes:
    fs, inner = _url_fs(url)
    try:
        if fs.isdir(inner):
            raise IsADirectoryError(21, "is a directory", url)
        return fs.cat_file(inner)
    except OSError:
        raise
    except Exception as exc:  # noqa: BLE001 - a store client's own error type: an OSError with its message
        raise OSError(0, f"{type(exc).__name__}: {exc}", url) from None


STDIN_BYTES_PER_CHAR = 4  # the most bytes one character takes in UTF-8 (or UTF-16): the bound on standard input


def read_stdin(max_chars: int | None = None) -> bytes:
    """Standard input, read no further than `max_chars` (the config's max-chars) characters can take:
    StdinTooLong past it, rather than reading an endless stream (`< /dev/zero`) until memory runs out."""
    if max_chars is None:
        from mtqa.config import Config

        max_chars = Config().max_chars
    limit = STDIN_BYTES_PER_CHAR * max_chars
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise StdinTooLong(f"standard input is longer than {limit:,} bytes, more than a document of "
                           f"{max_chars:,} characters (max-chars in the config) can take; it was not read further")
    return data


class StdinTooLong(Exception):
    """Standard input goes on past what max-chars allows; the message says so."""


def read_path(path: str, max_chars: int | None = None) -> Iterator[Document | ReadError]:
    if path == "-":
        try:
            data = read_stdin(max_chars)
        except StdinTooLong as exc:
            yield ReadError("-", str(exc))
            return
        try:
            yield Document(text=decode(data), path="-")
        except UnicodeDecodeError as exc:
            yield ReadError("-", f"standard input is {not_utf8(exc)}", *bad_byte_where(exc))
        return
    try:
        data = read_file_bytes(path)
    except FileNotFoundError:
        yield ReadError(path, "no such file")
        return
    except IsADirectoryError:
        yield ReadError(path, "is a directory")
        return
    except OSError as exc:
        yield ReadError(path, f"cannot read: {_reason(exc)}")
        return
    yield from read_data(data, path)


FEEDS = (".rss", ".atom")  # read item by item, as `mtqa feed` reads them (and so baselined for `feed --baseline`)


def _read_feed_file(data: bytes, path: str) -> Iterator[Document | ReadError]:
    from mtqa.formats.feeds import feed_documents

    try:
        _, docs, cut = feed_documents(data, path)
    except MtqaError as exc:
        yield ReadError(path, str(exc).removeprefix(f"{path}: "))
        return
    for d in docs:  # an item is a record of the file: reports place it by the line its id stands on, when found
        at = data.find(d.id.encode("utf-8", "surrogatepass")) if d.id else -1
        d.meta.update(record=d.id, line=data.count(b"\n", 0, at) + 1 if at >= 0 else None)
        yield d
    if cut is not None:
        yield ReadError(path, f"the feed breaks off before its end ({cut}): what follows was not read")


def read_data(data: bytes, path: str) -> Iterator[Document | ReadError]:
    """Documents of a file's bytes, by its extension (companions of story.en.txt are read from beside it)."""
    suffix = Path(path).suffix.lower()
    if suffix in BITEXT:
        yield from _read_bitext(data, path, suffix)
        return
    if suffix in FEEDS:
        yield from _read_feed_file(data, path)
        return
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        yield ReadError(path, not_utf8(exc), *bad_byte_where(exc))
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(text, path)
    elif suffix in (".tsv", ".csv"):
        yield from _read_table(text, path, "\t" if suffix == ".tsv" else ",")
    else:
        companions, problems = _companions(path)
        yield from problems
        yield Document(text=text, path=path, **companions)


_PARSER_WHERE = re.compile(r"\bline (\d+)(?:, column (\d+))?")


def _read_bitext(data: bytes, path: str, suffix: str) -> Iterator[Document | ReadError]:
    from mtqa.formats.bitext import read_bitext

    for doc, problem in read_bitext(data, path, suffix):
        if doc is not None:
            yield doc
            continue
        where = _PARSER_WHERE.search(problem)  # a parser's "line 4, column 53" (XML) or "on line 2" (PO)
        yield ReadError(path, problem, int(where.group(1)) if where else None,
                        int(where.group(2)) if where and where.group(2) else None)


def _companions(path: str) -> tuple[dict, list[ReadError]]:
    """For story.en.txt (or story.txt): story.fr.txt as source and story.ref.txt as reference, when present. A
    companion that cannot be read is an error naming it; the story itself is still checked without it."""
    name = path.rsplit("/", 1)[-1] if is_url(path) else Path(path).name
    parts = name.split(".")
    out: dict = {}
    problems: list[ReadError] = []
    base = _companion_base(name, lambda n: _lexists(_sibling(path, n)))
    if base is not None:
        for key, lang in (("source", "fr"), ("reference", "ref")):
            other = _sibling(path, ".".join(base + [lang, parts[-1]]))
            if not _lexists(other):
                continue
            role = "source" if key == "source" else "reference"
            try:
                out[key] = decode(read_file_bytes(str(other)))
            except UnicodeDecodeError as exc:
                problems.append(ReadError(str(other), f"{role} of {name} is {not_utf8(exc)}; {name} was "
                                                      f"checked without it", *bad_byte_where(exc)))
            except OSError as exc:
                problems.append(ReadError(str(other), f"cannot read the {role} of {name}: {_reason(exc)}; "
                                                      f"{name} was checked without it"))
    return out, problems


def _record(rec: dict, path: str, rid: str, locator, line: int) -> Document | ReadError | None:
    """A JSONL or table record as a Document; `line` is where it starts in the file (meta["line"], for annotations
    that point into the file). A record is named as reports name it: by its id, with the line, else by the line.
    None for a record with neither target text nor source (a placeholder): nothing to check, as a blank line, or an
    XLIFF unit without a source."""
    rec_id = rec.get("id")
    if isinstance(rec_id, bool) or not isinstance(rec_id, (str, int, type(None))):
        return ReadError(path, f"record {rid}: \"id\" must be text or a whole number, not {_json_type(rec_id)}", line)
    named = rec_id not in (None, "") and not (isinstance(rec_id, str) and unicode_problem(rec_id))
    where = f"record {rec_id} (line {line})" if named else f"record {rid}"
    target = rec.get("target")
    if "target" in rec and target is None and isinstance(rec.get("source"), str) and rec["source"].strip():
        target = ""  # a record the MT never filled ("target": null): E007, as an empty one (no "target" is an error)
    if not isinstance(target, str):
        what = "no \"target\" text" if target is None else f"\"target\" must be text, not {_json_type(target)}"
        return ReadError(path, f"{where}: {what}", line)
    fields: dict = {}
    for key in ("source", "reference"):
        value = rec.get(key)
        if value is not None and not isinstance(value, str):
            return ReadError(path, f"{where}: \"{key}\" must be text, not {_json_type(value)}", line)
        fields[key] = value or None
    for key, value in (("target", target), ("source", fields["source"]), ("reference", fields["reference"]),
                       ("id", rec_id if isinstance(rec_id, str) else None)):
        problem = value and unicode_problem(value)
        if problem:
            return ReadError(path, f"{where}: \"{key}\" has {problem}", line)
    if not target.strip() and not (fields["source"] or "").strip():
        return None
    return Document(text=target, path=path, id=str(rid if rec_id in (None, "") else rec_id),
                    meta={"record": locator, "line": line}, **fields)


def _unless_blank(record: Document | ReadError | None) -> list:
    return [] if record is None else [record]


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if value is None:
        return "null"
    return "text" if isinstance(value, str) else type(value).__name__


def _json_problem(exc: json.JSONDecodeError) -> str:
    """What is wrong with a JSONL line, in words: a line cut inside a string (a truncated feed, an unescaped line
    break in a value) is said as such, not as the parser's "Invalid control character"."""
    cut = "the record is cut short, or a line break in a value is not written as \\n"
    if exc.msg.startswith("Unterminated string"):
        return f"the string that starts at column {exc.colno} is not closed: {cut}"
    if exc.msg.startswith("Invalid control character") and exc.doc[exc.pos:].strip("\r\n") == "":
        return f"the line ends inside a string, at column {exc.colno}: {cut}"
    if exc.lineno > 1 or not exc.doc[exc.pos:].strip():  # the parser wanted more past the end of the line
        return f"the line ends at column {_end_column(exc.doc)} inside the record: {cut}"
    where = "column" if exc.msg.endswith(" at") else "at column"
    return f"{exc.msg} {where} {exc.colno}"


def json_value_problem(exc: ValueError) -> str:
    """What json.loads's non-syntax ValueError means, in words: a number too long to convert."""
    if "integer string conversion" in str(exc):
        return f"a number has more than {sys.get_int_max_str_digits():,} digits"
    return str(exc)


def _end_column(line: str) -> int:
    """The column just after the last character of a JSONL line (its line break aside)."""
    return len(line.rstrip("\r\n")) + 1


def jsonl_lines(text: str) -> list[str]:
    """The lines of a JSONL file, split on \\n only (U+2028 and other Unicode line breaks are allowed inside JSON
    strings), each with its terminator."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _read_jsonl(text: str, path: str) -> Iterator[Document | ReadError]:
    for n, line in enumerate(jsonl_lines(text), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line.lstrip("\ufeff") if n == 1 else line)
        except json.JSONDecodeError as exc:
            column = exc.colno if exc.lineno == 1 else _end_column(line)  # past the end: where the line ends
            yield ReadError(path, f"line {n}: invalid JSON ({_json_problem(exc)})", n, column,
                            utf16_column(exc.doc[:exc.pos if exc.lineno == 1 else column - 1]))
            continue
        except RecursionError:
            yield ReadError(path, f"line {n}: JSON nested too deeply", n)
            continue
        except ValueError as exc:  # a number of more digits than Python converts (4,300): that record only
            yield ReadError(path, f"line {n}: invalid JSON ({json_value_problem(exc)})", n)
            continue
        if not isinstance(rec, dict):
            yield ReadError(path, f"line {n}: expected a JSON object, found {_json_type(rec)}", n)
            continue
        yield from _unless_blank(_record(rec, path, str(n), n - 1, n))


@contextmanager
def _field_limit(limit: int):
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, limit))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def table_lines(text: str) -> list[str]:
    """A table's lines, each with its terminator: split on \\n, or on \\r in a file with CR-only line ends (Excel's
    "CSV (Macintosh)", which csv refused with "new-line character seen in unquoted field")."""
    if "\r" in text and "\n" not in text:
        lines = text.split("\r")
        return [line + "\r" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return jsonl_lines(text)


def table_rows(text: str, delimiter: str) -> Iterator[tuple[int, int, list[str] | csv.Error]]:
    """(first line index, end line index, fields or the csv error) for every row, lines split as csv sees them."""
    lines = table_lines(text)
    # strict: a stray quotation mark is an error for its row; lenient csv drops the marks from the text, or reads
    # every line after an unclosed one into one field
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=True)
    with _field_limit(CSV_FIELD_LIMIT):
        while True:
            start = reader.line_num
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield start, reader.line_num, exc
                if reader.line_num == start:
                    return  # nothing consumed: stop rather than loop
                continue
            yield start, reader.line_num, row


TABLE_COLUMNS = ("id", "source", "target", "reference")


def table_header(row: list[str]) -> list[str]:
    """A table's header with mtqa's column names in any case and spacing ("Target", " ID") written as mtqa names
    them; other columns as they are."""
    return [name.strip().lower() if name.strip().lower() in TABLE_COLUMNS else name for name in row]


def _read_table(text: str, path: str, delimiter: str) -> Iterator[Document | ReadError]:
    body = text[1:] if text.startswith("\ufeff") else text
    header: list[str] | None = None
    for start, end, row in table_rows(body, delimiter):
        if isinstance(row, csv.Error):
            kind = "TSV" if delimiter == "\t" else "CSV"
            if end > start + 1 and "end of data" in str(row):
                yield ReadError(path, f"line {start + 1}: a quotation mark opened in this {kind} row is never closed, "
                                      f"so lines {start + 1}-{end} could not be read", start + 1)
            elif "new-line character seen in unquoted field" in str(row):
                yield ReadError(path, f"line {start + 1}: a carriage return (CR) inside an unquoted field of this {kind} "
                                      "row: the file mixes line ends; save it with one kind (\\n or \\r\\n), or quote the "
                                      "field", start + 1)
            else:
                yield ReadError(path, f"line {start + 1}: not a readable {kind} row ({row})", start + 1)
            if header is None:
                return
            continue
        if header is None:
            header = table_header(row)
            twice = next((name for k, name in enumerate(header) if name in header[:k]), None)
            if twice is not None:  # dict(zip()) kept the last: only it was checked, and fix read back differently
                spelt = ", ".join(f'"{raw}"' for raw, name in zip(row, header) if name == twice)
                yield ReadError(path, f"line {start + 1}: the header names the column \"{twice}\" more than once "
                                      f"({spelt}{', in any case' if twice in TABLE_COLUMNS else ''}): "
                                      "mtqa cannot tell which one to read; rename or remove the others", start + 1)
                return
            if "target" not in header:
                yield ReadError(path, "line 1: the header needs a \"target\" column (and optionally source, reference, id)", 1)
                return
            continue
        if not row:
            continue  # a blank line
        if len(row) != len(header):
            yield ReadError(path, f"line {start + 1}: {len(row)} field(s) where the header has {len(header)}", start + 1)
            continue
        yield from _unless_blank(_record(dict(zip(header, row)), path, str(start + 1), (start, end), start + 1))
    if header is None:
        yield ReadError(path, "empty table: the first line must be a header with a \"target\" column")
