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
