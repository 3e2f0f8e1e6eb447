"""Build corpora/word_pairs.tsv, the French-English word-pair table behind the lexical signal of the
sentence alignment (mtqa/align.py), from sentence-aligned French/English text.

    python scripts/build_word_pairs.py ../shared/realdata/lig-fr-en-dev.jsonl > corpora/word_pairs.tsv

Only the "tune" fold of benchmarks/injected.py is read (so the held-out fold measures a table that never saw
it), French against each of its three English versions (`pe`, `google`, `bing`). A pair is kept when the two words co-occur in at least MIN_PAIRS
sentence pairs and their Dice coefficient reaches MIN_DICE; each French word keeps its best TOP pairs.
The output holds word pairs and counts only, no sentence or phrase of the data.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

MIN_PAIRS = 4
MIN_DICE = 0.25
TOP = 3
_WORD = re.compile(r"[^\W\d_]+")


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def words(text: str) -> set[str]:
    return {w for w in _WORD.findall(fold(text)) if len(w) > 2}


def main(path: str) -> None:
    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root), str(root / "benchmarks")]
    from injected import fold_of, load_documents  # the benchmark's documents and folds

    from mtqa.align import EN_STOPWORDS, FR_STOPWORDS

    fr_n, en_n, pair_n = Counter(), Counter(), Counter()
    rows = [row for doc in load_documents(Path(path)) if fold_of(doc[0]["id"]) == "tune" for row in doc]
    for row in rows:  # the held-out documents of benchmarks/injected.py are not read
        f = words(row["fr"]) - FR_STOPWORDS
        for system in ("pe", "google", "bing"):  # three English versions: three times the evidence per word
            e = words(row[system]) - EN_STOPWORDS
            fr_n.update(f)
            en_n.update(e)
            pair_n.update((a, b) for a in f for b in e)
    # names are matched by their spelling (and corpora/exonyms.tsv), never through co-occurrence: a word
    # mostly capitalised inside sentences ("Bush", "Chirac") takes no part in the table
    capitalised, lower = Counter(), Counter()
    for row in rows:
        for text in (row["fr"], row["pe"]):
            for m in re.finditer(r"(?<=[\w,;] )([^\W\d_]+)", text):
                (capitalised if m.group(1)[0].isupper() else lower)[fold(m.group(1))] += 1
    names = {w for w in capitalised if capitalised[w] > lower[w]}
    best: dict[str, list] = {}
    for (a, b), n in pair_n.items():
        if n < MIN_PAIRS or a == b or a in names or b in names:
            continue
        dice = 2 * n / (fr_n[a] + en_n[b])
        if dice >= MIN_DICE:
            best.setdefault(a, []).append((dice, b, n))
    print("# french\tenglish\tcount\tdice  (built by scripts/build_word_pairs.py; see corpora/README.md)")
    for a in sorted(best):
        for dice, b, n in sorted(best[a], reverse=True)[:TOP]:
            print(f"{a}\t{b}\t{n}\t{dice:.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
