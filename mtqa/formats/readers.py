"""Readers: turn paths (files, folders, stdin) into Documents, or into ReadErrors that name the file and reason."""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from mtqa.document import Document

MULTI_RECORD = {".tsv", ".csv", ".jsonl", ".xlf", ".xliff", ".tmx", ".po"}


@dataclass(frozen=True)
class ReadError:
    path: str
    message: str


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is kept in the text, so offsets index the file exactly as decoded)."""
    return data.decode("utf-8")


def expand_paths(paths: list[str], extensions: tuple[str, ...]) -> Iterator[str]:
    """Files as given; folders searched recursively for known extensions (sorted, so runs are stable)."""
    exts = set(extensions) | MULTI_RECORD
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix.lower() in exts and not _is_companion(f):
                    yield str(f)
        else:
            yield p


def _is_companion(f: Path) -> bool:
    """story.fr.txt and story.ref.txt are read with story.en.txt, not checked on their own."""
    parts = f.name.split(".")
    if len(parts) >= 3 and parts[-2] in ("fr", "ref"):
        return (f.with_name(".".join(parts[:-2] + ["en", parts[-1]]))).exists()
    return False


def read_path(path: str) -> Iterator[Document | ReadError]:
    if path == "-":
        data = sys.stdin.buffer.read()
        try:
            yield Document(text=decode(data), path="-")
        except UnicodeDecodeError as exc:
            yield ReadError("-", f"standard input is not valid UTF-8 ({exc.reason} at byte {exc.start})")
        return
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        yield ReadError(path, "no such file")
        return
    except IsADirectoryError:
        yield ReadError(path, "is a directory")
        return
    except OSError as exc:
        yield ReadError(path, f"cannot read: {exc.strerror}")
        return
    if p.suffix.lower() in (".xlf", ".xliff", ".tmx", ".po", ".pot"):
        yield from _read_bitext(data, path, p.suffix.lower())
        return
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        yield ReadError(path, f"not valid UTF-8 ({exc.reason} at byte {exc.start}); re-save the file as UTF-8")
        return
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(text, path)
    elif suffix in (".tsv", ".csv"):
        yield from _read_table(text, path, "\t" if suffix == ".tsv" else ",")
    else:
        yield Document(text=text, path=path, **_companions(p))


def _read_bitext(data: bytes, path: str, suffix: str) -> Iterator[Document | ReadError]:
    from mtqa.formats.bitext import read_bitext

    for doc, problem in read_bitext(data, path, suffix):
        yield doc if doc is not None else ReadError(path, problem)


def _companions(p: Path) -> dict:
    """For story.en.txt: story.fr.txt as source and story.ref.txt as reference, when present."""
    parts = p.name.split(".")
    out = {}
    if len(parts) >= 3 and parts[-2] == "en":
        for key, lang in (("source", "fr"), ("reference", "ref")):
            other = p.with_name(".".join(parts[:-2] + [lang, parts[-1]]))
            if other.is_file():
                out[key] = other.read_text(encoding="utf-8")
    return out


def _record(rec: dict, path: str, rid: str) -> Document | ReadError:
    target = rec.get("target")
    if not isinstance(target, str):
        return ReadError(path, f"record {rid}: no \"target\" text")
    return Document(
        text=target,
        source=rec.get("source") or None,
        reference=rec.get("reference") or None,
        path=path,
        id=str(rec.get("id") or rid),
    )


def _read_jsonl(text: str, path: str) -> Iterator[Document | ReadError]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(path, f"line {n}: invalid JSON ({exc.msg})")
            continue
        if not isinstance(rec, dict):
            yield ReadError(path, f"line {n}: expected a JSON object")
            continue
        yield _record(rec, path, str(n))


def _read_table(text: str, path: str, delimiter: str) -> Iterator[Document | ReadError]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    if not reader.fieldnames or "target" not in reader.fieldnames:
        yield ReadError(path, "line 1: the header needs a \"target\" column (and optionally source, reference, id)")
        return
    for rec in reader:
        yield _record(rec, path, str(reader.line_num))
