"""mtqa's Python API for pipelines and notebooks: a checker built once from a config, one text or pair at a
time, or an iterable of documents checked lazily in bounded batches, and results as the JSON contract.

    from mtqa.api import Checker, result_to_json

    checker = Checker.from_config(grammar="none")
    result = checker.check("The minister has exchanged with his counterpart.")
    print(result_to_json(result)["issues"])

The checker holds the engine and its heavy resources (lexicon automaton, grammar linter, models): build it once
and reuse it. It is not thread-safe; give each thread or process its own.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from mtqa.config import Config, load_config, number, score, whole
from mtqa.document import Document
from mtqa.engine import Engine, Result
from mtqa.errors import DocumentError, MtqaError
from mtqa.issues import Severity

__all__ = ["Checker", "Document", "Result", "result_to_json", "DocumentError", "MtqaError"]

BATCH_SIZE = 64  # documents read ahead and prepared together (the encoder batches across them); bounds memory
_DOCUMENT_FIELDS = ("text", "source", "reference", "path", "id", "meta")
_CHOICES = {"house_style": ("auto", "us", "uk"), "grammar": ("harper", "languagetool", "none"),
            "harper_lints": ("news", "all"), "similarity": ("length", "e5")}
_NUMBERS = {"max_chars": whole, "max_paragraph_chars": whole, "max_token_chars": whole,
            "max_check_seconds": number, "fail_under": score}


class Checker:
    """Checks documents with one engine, built once."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def from_config(cls, config: str | Path | Config | None = None, *, cache: bool = True, **overrides) -> "Checker":
        """A checker from a config file (mtqa.toml, pyproject.toml), a Config, or None for what `mtqa check`
        uses in the current folder (the project file found upwards, else the defaults). `overrides` are Config
        fields (grammar="none", select=("CAL", "REP"), house_style="uk", neural=True, ...); select and ignore
        also take a comma-separated string. `cache=False` keeps the grammar cache off (as --no-cache)."""
        from mtqa.cache import open_cache

        cfg = config if isinstance(config, Config) else load_config(config, start=".")
        for key in ("select", "ignore"):
            if isinstance(overrides.get(key), str):
                overrides[key] = tuple(s.strip() for s in overrides[key].split(",") if s.strip())
        unknown = sorted(set(overrides) - set(Config.__dataclass_fields__))
        if unknown:
            raise MtqaError(f"unknown config field(s) {', '.join(unknown)} for Checker.from_config")
        for key, allowed in _CHOICES.items():  # what the config file and the CLI would refuse
            if overrides.get(key) is not None and overrides[key] not in allowed:
                raise MtqaError(f"{key} must be {' or '.join(map(repr, allowed))}, not {overrides[key]!r}")
        for key, convert in _NUMBERS.items():
            if overrides.get(key) is not None:
                try:
                    overrides[key] = convert(overrides[key])
                except (TypeError, ValueError) as exc:
                    raise MtqaError(f"{key}: {exc}") from None
        if overrides.get("fail_on") is not None:
            try:
                overrides["fail_on"] = Severity.parse(overrides["fail_on"])
            except ValueError as exc:
                raise MtqaError(f"fail_on: {exc}") from None
        cfg = cfg.with_overrides(**overrides)
        return cls(Engine(cfg, cache=open_cache(cfg, enabled=cache)))

    @property
    def config(self) -> Config:
        return self.engine.config

    @property
    def signature(self) -> str:
        """What produces these results (version, rule set hash, backends), as every report states it."""
        return self.engine.signature

    def check(self, text: str, source: str | None = None, reference: str | None = None, *,
              id: str | None = None, path: str | None = None) -> Result:
        """Check one target text, with its French source (bilingual rules) and a reference (metrics) if given.
        Raises DocumentError for a text over the configured limits or with a lone surrogate (not Unicode text),
        MtqaError for a text that is not a string."""
        for name, value in (("text", text), ("source", source), ("reference", reference), ("id", id), ("path", path)):
            if not isinstance(value, str) and (value is not None or name == "text"):
                hint = " (decode the bytes first)" if isinstance(value, (bytes, bytearray)) else ""
                raise MtqaError(f"check: {name} must be a string{'' if name == 'text' else ' or None'}, "
                                f"not {type(value).__name__}{hint}")
        return self.engine.check(Document(text=text, source=source, reference=reference, id=id, path=path))

    def check_documents(self, documents: Iterable[Document | Mapping], *, batch_size: int = BATCH_SIZE,
                        on_error: Callable[[Document, DocumentError], None] | None = None) -> Iterator[Result]:
        """Results of `documents` (Documents, or dicts with "text" and optionally "source", "reference", "path",
        "id", "meta"), in order and lazily: at most `batch_size` documents are read ahead of the results given
        back. A document the engine refuses (over the limits) raises DocumentError, unless `on_error` is given:
        it is then called with the document and the error, and the run goes on."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        items = iter(documents)
        position = 0
        while True:
            batch = [as_document(item, position + n) for n, item in enumerate(islice(items, batch_size))]
            if not batch:
                return
            position += len(batch)
            self.engine.prepare(batch)
            for doc in batch:
                try:
                    result = self.engine.check(doc)
                except DocumentError as exc:
                    if on_error is None:
                        raise DocumentError(f"{_name(doc)}: {exc}") from exc
                    on_error(doc, exc)
                    continue
                yield result


def as_document(item: Document | Mapping, position: int = 0) -> Document:
    """A Document from a Document or a dict of its fields; a bad dict is an MtqaError naming its position."""
    if isinstance(item, Document):
        return item
    if not isinstance(item, Mapping):
        raise MtqaError(f"document {position}: expected a Document or a dict, not {type(item).__name__}")
    unknown = sorted(set(item) - set(_DOCUMENT_FIELDS))
    if unknown:
        raise MtqaError(f"document {position}: unknown field(s) {', '.join(map(str, unknown))} "
                        f"(known: {', '.join(_DOCUMENT_FIELDS)})")
    if not isinstance(item.get("text"), str):
        raise MtqaError(f"document {position}: \"text\" must be a string")
    for key in ("source", "reference", "path", "id"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise MtqaError(f"document {position}: {key!r} must be a string or None")
    return Document(**{k: v for k, v in item.items() if v is not None})


def _name(doc: Document) -> str:
    return " ".join(x for x in (doc.path, f"record {doc.id}" if doc.id else None) if x) or "document"


def result_to_json(result: Result) -> dict:
    """One document's entry of the JSON contract (the "documents" items of `mtqa check --format json`)."""
    from mtqa.formats.jsonout import document_dict

    return document_dict(result)
