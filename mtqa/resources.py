"""Where the shipped data lives: the wheel's copy inside the package, or the source tree's folders."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Callable, Iterator

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


def code_files() -> list[Path]:
    """What makes one copy of mtqa differ from another: its modules and the tables its rules read
    (corpora/*.tsv, *.txt). The result cache keys on their contents, the daemon's fingerprint on their times."""
    tables = (p for p in data_path("corpora").iterdir() if p.suffix in (".tsv", ".txt"))
    return sorted(_PACKAGE.rglob("*.py")) + sorted(tables)


def data_rows(path: Path, valid: Callable[[list[str]], bool], expected: str) -> Iterator[list[str]]:
    """The tab-separated columns of every line of a shipped table, blank lines and # comments skipped; a line
    that `valid` refuses stops the load with an error naming the file, the line and what was `expected`."""
    from mtqa.errors import MtqaError

    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not valid(cols):
            raise MtqaError(f"{path}: line {n}: expected {expected}")
        yield cols
