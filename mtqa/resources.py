"""Where the shipped data lives: the wheel's copy inside the package, or the source tree's folders."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _root(kind: str) -> Path:
    bundled = _PACKAGE / "_data" / kind  # laid there by the wheel build (pyproject force-include)
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / kind


def data_path(kind: str, *parts: str) -> Path:
    """Path of a shipped file: data_path("corpora", "calques.tsv") or data_path("configs", "default.toml")."""
    return _root(kind).joinpath(*parts)
