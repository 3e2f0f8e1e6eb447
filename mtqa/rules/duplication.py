"""Repeated paragraphs (DUP): a headline or paragraph printed twice, exactly or nearly."""

from __future__ import annotations

import re

from mtqa.rules.base import rule

_NON_WORD = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    """Case, whitespace and punctuation ignored."""
    return _NON_WORD.sub(" ", text.lower()).strip()


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
    ],
    good=["Talks collapse in Geneva\n\nTalks collapsed in Geneva on Friday, officials said.", "Yes.\n\nYes.\n\nNo."],
)
def repeated_paragraph(doc, ctx):
    from rapidfuzz import fuzz

    seen: list[tuple[str, int]] = []
    paragraphs = doc.paragraphs
    for n, p in enumerate(paragraphs):
        key = _key(p.text)
        if len(key.split()) < 3:  # a short line repeated ("Yes.") is not a duplicated paragraph
            continue
        earlier = next((s for k, s in seen if k == key), None)
        if earlier is None and len(key) >= 40:
            earlier = next((s for k, s in seen if abs(len(k) - len(key)) < 0.1 * len(key)
                            and fuzz.ratio(k, key) >= 95), None)
        if earlier is not None:
            end = doc.removal_end(p.end)
            yield repeated_paragraph.issue(doc, p.start, end, _message(doc, earlier), [""], related=[(earlier, earlier)])
        seen.append((key, p.start))


def _message(doc, earlier: int) -> str:
    line, _ = doc.line_col(earlier)
    return f"This paragraph repeats the one on line {line}: delete the second copy."


PARAPHRASE_THRESHOLD = 0.88


@rule(
    code="DUP002",
    name="paraphrased-repeat",
    family="duplication",
    category="Accuracy/Addition",
    severity="minor",
    summary="A paragraph that says again, in other words, what an earlier paragraph said (sentence embeddings from all-MiniLM-L6-v2).",
    why="Wire stories assembled from several MT outputs repeat the lede in a second wording; exact-match checks miss it.",
    use_instead="Keep one version of the paragraph.",
    fix_safety="Review: the suggestion deletes the later paragraph; compare both first. Off by default (it loads a neural model): select DUP002 to use it.",
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
    default_enabled=False,
)
def paraphrased_repeat(doc, ctx):
    from mtqa.neural.minilm import embedder

    paragraphs = [p for p in doc.paragraphs if len(p.text.split()) >= 12]
    if len(paragraphs) < 2:
        return
    vectors = embedder(ctx)([p.text for p in paragraphs])
    similarity = vectors @ vectors.T
    keys = [_key(p.text) for p in paragraphs]
    for j in range(1, len(paragraphs)):
        for i in range(j):
            if keys[i] == keys[j]:
                break  # an exact repeat is DUP001's
            length_ratio = len(keys[j]) / max(1, len(keys[i]))
            if similarity[i, j] >= PARAPHRASE_THRESHOLD and 0.7 <= length_ratio <= 1.4:
                line, _ = doc.line_col(paragraphs[i].start)
                p = paragraphs[j]
                yield paraphrased_repeat.issue(
                    doc, p.start, p.end,
                    f"This paragraph repeats, in other words, the one on line {line} (similarity {similarity[i, j]:.2f}).",
                    [""], related=[(paragraphs[i].start, paragraphs[i].end)])
                break
