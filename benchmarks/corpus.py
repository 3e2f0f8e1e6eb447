"""Distinct text for the benchmarks, built in memory: the bundled copy (corpora/) and, when ../shared/realdata
is present, its English sentences grouped into news-sized documents. No paragraph appears twice, so no cache
(Harper's own, or mtqa's) can answer a repeat; nothing is written to disk.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared/realdata beside the checkout (or beside the folder of worktrees), or MTQA_REALDATA
REALDATA = next((p for p in (Path(os.environ.get("MTQA_REALDATA", "/nonexistent")), ROOT.parent / "shared" / "realdata",
                             ROOT.parent.parent / "shared" / "realdata") if p.is_dir()), ROOT.parent / "shared" / "realdata")
SENTENCES_PER_DOC = 12
SENTENCES_PER_PARAGRAPH = 3


def bundled() -> list[str]:
    corpora = ROOT / "corpora"
    files = sorted((corpora / "clean").glob("*.txt")) + sorted((corpora / "samples").glob("*.txt"))
    files += sorted((corpora / "eval").glob("*.txt")) + sorted((corpora / "samples" / "bilingual").glob("*.en.txt"))
    return [p.read_text(encoding="utf-8") for p in files]


def _grouped(sentences: list[str]) -> list[str]:
    docs = []
    for start in range(0, len(sentences), SENTENCES_PER_DOC):
        chunk = sentences[start:start + SENTENCES_PER_DOC]
        paragraphs = [" ".join(chunk[i:i + SENTENCES_PER_PARAGRAPH]) for i in range(0, len(chunk), SENTENCES_PER_PARAGRAPH)]
        docs.append("\n\n".join(paragraphs) + "\n")
    return docs


def realdata() -> list[str]:
    """Documents of consecutive sentences: LIG's post-edits and its Google and Bing output (one document set
    each), and the WMT23 systems' English, one document per system and source document."""
    docs: list[str] = []
    lig = REALDATA / "lig-fr-en-dev.jsonl"
    if lig.is_file():
        rows = [json.loads(line) for line in lig.read_text(encoding="utf-8").splitlines() if line.strip()]
        for field in ("pe", "google", "bing"):
            docs += _grouped([r[field].strip() for r in rows if r.get(field, "").strip()])
    wmt = REALDATA / "wmt23-zhen-mqm-dev.jsonl"
    if wmt.is_file():
        by_doc: dict[tuple, list[str]] = {}
        for line in wmt.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                by_doc.setdefault((r["system"], r["doc"]), []).append(r["target"].strip())
        docs += ["\n\n".join(t for t in segments if t) + "\n" for segments in by_doc.values()]
    return docs


def distinct_documents(seed: int = 0) -> list[str]:
    """Every document once, each paragraph once across all of them (a repeated paragraph is dropped), in a
    fixed shuffled order so any slice mixes the sources."""
    seen: set[str] = set()
    out = []
    for text in bundled() + realdata():
        paragraphs = [p for p in text.split("\n\n") if p.strip() and p.strip() not in seen]
        seen.update(p.strip() for p in paragraphs)
        if paragraphs:
            out.append("\n\n".join(paragraphs).rstrip("\n") + "\n")
    random.Random(seed).shuffle(out)
    return out


def word_count(text: str) -> int:
    return len(text.split())


def slices(docs: list[str], words: int, rounds: int) -> tuple[list[list[str]], bool]:
    """`rounds` disjoint slices of about `words` words each when there is enough text (fresh text every
    round: True), else the same first slice every round (False)."""
    out, current, count = [], [], 0
    for d in docs:
        current.append(d)
        count += word_count(d)
        if count >= words:
            out.append(current)
            current, count = [], 0
            if len(out) == rounds:
                return out, True
    first = out[0] if out else docs
    return [first] * rounds, False
