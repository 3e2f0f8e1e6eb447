"""Grammar and spelling backends behind one interface: `check(doc, ctx) -> list[Issue]` and a `name`."""

from __future__ import annotations

from mtqa.config import Config
from mtqa.errors import MtqaError


def make_backend(config: Config, cache=None):
    """The backend the config asks for, created once per engine; None when grammar = "none". `cache` (a
    mtqa.cache.GrammarCache) keeps answers across runs, for the backends that use one."""
    if config.grammar == "none":
        return None
    if config.grammar == "harper":
        from mtqa.grammar.harper import HarperBackend

        return HarperBackend(config, cache=cache)
    if config.grammar == "languagetool":
        from mtqa.grammar.languagetool import LanguageToolBackend

        return LanguageToolBackend(config)
    raise MtqaError(f"unknown grammar backend {config.grammar!r}")
