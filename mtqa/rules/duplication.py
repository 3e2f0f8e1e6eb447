"""Repeated paragraphs (DUP): a headline or paragraph printed twice, exactly or nearly."""

from __future__ import annotations

import re
from functools import cache

from mtqa.document import paragraph_key
from mtqa.rules.base import rule




@rule(
    code="DUP001",
    name="repeated-paragraph",
    family="duplication",
    category="Accuracy/Addition",
    severity="major",
    summary="A paragraph (often the headline or the lede) that repeats an earlier one, exactly or up to case, spacing and punctuation.",
    why="Scrapers and CMS imports often print the headline and lede twice; a published duplicate looks broken and inflates the story.",
    use_instead="Delete the second copy.",
    fix_safety="Safe for exact repeats: the fix deletes the second copy and the blank line after it. Near repeats (over 95% similar) are flagged too; check which version to keep.",
    bad=[
        ("Talks collapse in Geneva\n\nTalks collapsed on Friday.\n\n[[Talks collapse in Geneva\n\n]]The two sides left.", ""),
        ("Talks collapsed on Friday.\n\n[[talks collapsed on friday\n\n]]The two sides left.", ""),
        ("Talks collapsed on Friday.\n\nThe two sides left.[[\n\nThe two sides left.]]", ""),
    ],
    good=["Talks collapse in Geneva\n\nTalks collapsed in Geneva on Friday, officials said.", "Yes.\n\nYes.\n\nNo."],
)
def repeated_paragraph(doc, ctx):
    from bisect import bisect_left, bisect_right

    paragraphs = [(p, key) for p in doc.paragraphs if len((key := paragraph_key(p.text)).split()) >= 3]
    # (a short line repeated, "Yes.", is not a duplicated paragraph)
    if len(paragraphs) < 2:
        return  # nothing to repeat: and no need to import numpy for a one-paragraph check
    import numpy as np
    from rapidfuzz import fuzz

    first: dict[str, int] = {}  # exact repeats: the first paragraph with each key
    counts = np.zeros((len(paragraphs), len(_ALPHABET) + 1), dtype=np.int32)  # character counts, by order
    sizes = np.zeros(len(paragraphs), dtype=np.int64)
    by_length: list[int] = []  # the sizes seen so far, sorted, and the order of each in the document
    orders: list[int] = []
    for order, (p, key) in enumerate(paragraphs):
        size = len(key)
        counts[order] = _char_counts(key)
        sizes[order] = size
        earlier = first.get(key)
        if earlier is None and size >= 40:
            # A near repeat (95% similar) has about the same length, and about the same letters: an insertion or
            # deletion changes one letter's count by one, so the difference of the counts is a lower bound of the
            # edit distance. Only the few paragraphs that pass both are scored, the first in the document first.
            lo, hi = bisect_right(by_length, size - 0.1 * size), bisect_left(by_length, size + 0.1 * size)
            window = np.array(orders[lo:hi], dtype=np.int64)
            if len(window):
                apart = np.abs(counts[window] - counts[order]).sum(axis=1)
                for n in np.sort(window[apart * 20 <= sizes[window] + size]):
                    if fuzz.ratio(paragraphs[n][1], key, score_cutoff=95):
                        earlier = paragraphs[n][0].start
                        break
        if earlier is not None:
            start, end = p.start, doc.removal_end(p.end)
            if not doc.text[end:].strip():  # the story's last paragraph: the break before it goes with it
                start = max((q.end for q in doc.paragraphs if q.end <= p.start), default=p.start)
            yield repeated_paragraph.issue(doc, start, end, _message(doc, earlier), [""], related=[(earlier, earlier)])
        at = bisect_right(by_length, size)
        by_length.insert(at, size)
        orders.insert(at, order)
        first.setdefault(key, p.start)


_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 "


def _char_counts(key: str):
    """How often each letter, digit and space occurs in a key; every other character counts in one last bucket
    (merging counts keeps the lower bound a lower bound)."""
    import numpy as np

    table = _char_table()
    return np.bincount(table[np.frombuffer(key.encode("ascii", "replace"), dtype=np.uint8)], minlength=len(_ALPHABET) + 1)


@cache
def _char_table():
    import numpy as np

    table = np.full(128, len(_ALPHABET), dtype=np.int64)
    for n, c in enumerate(_ALPHABET):
        table[ord(c)] = n
    return table


def _message(doc, earlier: int) -> str:
    line, _ = doc.line_col(earlier)
    return f"This paragraph repeats the one on line {line}: delete the second copy."



@rule(
    code="DUP002",
    name="paraphrased-repeat",
    family="duplication",
    category="Accuracy/Addition",
    severity="minor",
    summary="A paragraph that says again, in other words, what an earlier paragraph said (sentence embeddings from all-MiniLM-L6-v2).",
    why="Wire stories assembled from several MT outputs repeat the lede in a second wording; exact-match checks miss it.",
    use_instead="Keep one version of the paragraph.",
    fix_safety="Review: the suggestion deletes the later paragraph; compare both first. Runs with the neural layer (--neural), or when selected by code.",
    bad=[(
        "US Defense Secretary Lloyd Austin called his Russian counterpart on Friday for an immediate ceasefire in Ukraine, but no acute problems were resolved, the Pentagon said.\n\n"
        "Finland and Sweden said this week they want to join NATO.\n\n"
        "[[On Friday, Lloyd Austin, the US defense secretary, urged his Russian counterpart to agree to an immediate ceasefire in Ukraine, but no acute issues were resolved, according to the Pentagon.]]",
        "",
    )],
    good=[
        "US Defense Secretary Lloyd Austin called his Russian counterpart on Friday for an immediate ceasefire in Ukraine, the Pentagon said.\n\n"
        "Lloyd Austin will travel to Brussels next week to meet NATO defense ministers about military aid to Ukraine.",
    ],
    neural=True,
)
def paraphrased_repeat(doc, ctx):
    yield from _repeat_issues(paraphrased_repeat, doc, paragraph_repeats(doc, ctx), PARAPHRASE_THRESHOLD,
                              "This paragraph repeats, in other words, the one on line {line} (score {score:.2f}).")


def _repeat_issues(r, doc, scored, threshold: float, message: str):
    """A deletion finding for each (earlier, later, score) at or over the threshold, pointing at the earlier one;
    deleting the later paragraph takes the blank line after it too."""
    for earlier, p, score in scored:
        if score >= threshold:
            line, _ = doc.line_col(earlier.start)
            yield r.issue(doc, p.start, doc.removal_end(p.end), message.format(line=line, score=score), [""],
                          related=[(earlier.start, earlier.end)], confidence=_confidence(score, threshold))


def paragraph_repeats(doc, ctx):
    """(earlier paragraph, later paragraph, repeat score) for each later paragraph of 12 words or more and its
    most similar earlier one of comparable length; exact repeats are left to DUP001."""
    from mtqa.neural.minilm import embedder

    paragraphs = [p for p in doc.paragraphs if len(p.text.split()) >= 12]
    if len(paragraphs) < 2:
        return
    vectors = embedder(ctx, doc)([p.text for p in paragraphs])
    similarity = vectors @ vectors.T
    keys = [paragraph_key(p.text) for p in paragraphs]
    for j in range(1, len(paragraphs)):
        if keys[j] in keys[:j]:
            continue  # an exact repeat is DUP001's
        scored = [(repeat_score(paragraphs[i].text, paragraphs[j].text, similarity[i, j]), i) for i in range(j)
                  if 0.7 <= len(keys[j]) / max(1, len(keys[i])) <= 1.4]
        if scored:
            score, i = max(scored)
            yield paragraphs[i], paragraphs[j], score


# Calibrated with benchmarks/repeats.py: the lowest threshold (0.005 steps) at least 0.02 above every pair of
# distinct paragraphs in the clean copy (corpora/clean); recall is measured on corpora/eval/repeats.tsv.
PARAPHRASE_THRESHOLD = 0.85
RESTATED_THRESHOLD = 0.8  # the floor: no pair in the clean copy passes the headline's length gate
ANCHOR_WEIGHT = 0.1
_ANCHOR = re.compile(r"\d[\d,.]*\d|\d|(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]+")


def repeat_score(a: str, b: str, similarity: float) -> float:
    """Sentence-embedding similarity, plus a little for the names and figures both share: a repeat keeps them."""
    x, y = _anchors(a), _anchors(b)
    return float(similarity) + ANCHOR_WEIGHT * (len(x & y) / len(x | y) if x | y else 0.0)


def _anchors(text: str) -> set[str]:
    return {m.group().lower().replace(",", "") for m in _ANCHOR.finditer(text)}


def _confidence(score: float, threshold: float) -> float:
    """0.5 at the threshold, towards 1 as the score nears 1: an ordering, not a probability."""
    return 0.5 + 0.5 * min(1.0, max(0.0, (float(score) - threshold) / (1 - threshold)))


@rule(
    code="DUP003",
    name="restated-headline",
    family="duplication",
    category="Accuracy/Addition",
    severity="minor",
    summary="A later paragraph of about the headline's length that says what the headline says in other words (all-MiniLM-L6-v2 similarity): the headline printed twice, translated twice.",
    why="Scraped pages carry the headline twice (title and summary); MT translates each copy differently, so exact-repeat checks miss the second one.",
    use_instead="Delete the restated headline.",
    fix_safety="Review: the suggestion deletes the paragraph. A lede that develops the headline is longer and is not flagged. Runs with the neural layer (--neural).",
    bad=[(
        "Lloyd Austin calls on Moscow for an immediate ceasefire in Ukraine\n\n"
        "[[Lloyd Austin urges Russia to agree to an immediate truce in Ukraine\n\n]]"
        "US Defense Secretary Lloyd Austin spoke to his Russian counterpart on Friday for the first time since February and called for an immediate ceasefire, the Pentagon said.",
        "",
    )],
    good=[
        "Lloyd Austin calls on Moscow for an immediate ceasefire in Ukraine\n\n"
        "US Defense Secretary Lloyd Austin spoke to his Russian counterpart on Friday for the first time since February and called for an immediate ceasefire, the Pentagon said.\n\n"
        "Sergei Shoigu did not say whether Moscow would consider a truce.",
        "Floods kill 12 in southern France\n\nRescue teams search for the missing in the Gard\n\nTwelve people died when rivers burst their banks.",
    ],
    neural=True,
)
def restated_headline(doc, ctx):
    yield from _repeat_issues(restated_headline, doc, headline_restatements(doc, ctx), RESTATED_THRESHOLD,
                              "This paragraph restates the headline (line {line}) in other words (score {score:.2f}): "
                              "the headline was printed, and translated, twice.")


def headline_restatements(doc, ctx):
    """(headline, later paragraph, repeat score) for each later paragraph of about the headline's length."""
    from mtqa.neural.minilm import embedder

    paragraphs = doc.paragraphs
    if len(paragraphs) < 2:
        return
    headline = paragraphs[0]
    size = len(headline.text.split())
    if not 4 <= size <= 25 or headline.text.rstrip().endswith((".", "?", "!", ":")):
        return  # no headline: the story starts with running text
    key = paragraph_key(headline.text)
    candidates = [p for p in paragraphs[1:] if 0.6 * size <= len(p.text.split()) <= 1.6 * size and paragraph_key(p.text) != key]
    if not candidates:
        return
    vectors = embedder(ctx, doc)([headline.text] + [p.text for p in candidates])
    for p, vector in zip(candidates, vectors[1:]):
        yield headline, p, repeat_score(headline.text, p.text, vectors[0] @ vector)
