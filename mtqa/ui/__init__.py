"""The review view of the web UI: HTML markup (view.py) and its stylesheet and script (review.css, review.js)."""

from pathlib import Path

ASSETS = Path(__file__).resolve().parent


def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")
