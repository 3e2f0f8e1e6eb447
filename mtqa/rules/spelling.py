"""Spelling variety (SPL): one document, one spelling. With house-style "auto" (the default) a document may be
US or UK; what it may not do is mix them."""

from __future__ import annotations

from mtqa.grammar.variety import document_forms
from mtqa.issues import Edit
from mtqa.rules.base import rule

_LABEL = {"us": "US", "uk": "UK"}


def _listing(forms, limit: int = 4) -> str:
    words = list(dict.fromkeys(f.word for f in forms))
    more = f" and {len(words) - limit} more" if len(words) > limit else ""
    return ", ".join(f"\"{w}\"" for w in words[:limit]) + more


@rule(
    code="SPL001",
    name="mixed-spelling-variety",
    family="spelling",
    category="Fluency/Inconsistency",
    severity="minor",
    summary="A document that uses both US and UK spellings (\"color\" and \"honour\"); reported once per document, at the first word of the less used variety, listing both.",
    why="A story may follow US or UK spelling, but not both: mixed spelling shows that segments were translated or edited separately, and readers notice it. With house-style \"auto\" (the default) each document's own majority decides; with \"us\" or \"uk\" the grammar layer flags every word of the other variety instead.",
    use_instead="Spell every word in the document's majority variety (or set house-style to the agency's variety).",
    fix_safety="Review: the fix respells every word of the minority variety (the finding stands at the first; the message lists them all). Words spelled alike in both (\"organize\" is also Oxford spelling) never count. Measured on real MT against a post-edit of another system (tune fold: 7 of 10 flags on a word the editor changed; held-out: 0 of 4 on Bing's output), the word flagged is right only about as often as the editor's own choice of variety agrees: the finding is about the document, so read it as \"this story mixes\", and pick the variety.",
    bad=[
        ("The team's [[colour]] was chosen after the color of the city's flag, the center said.", "color"),
        ("The organisers will honour the victims, and the travelling fans will follow the [[color]] guard.", "colour"),
    ],
    good=[
        "The color of the flag was chosen by the center, the organizers said.",
        "The colour of the flag was chosen by the centre, the organisers said.",
        "The organization will realize its program by the end of the year.",
    ],
)
def mixed_spelling_variety(doc, ctx):
    if ctx.config.house_style != "auto":
        return
    forms = document_forms(doc, ctx)
    us, uk = forms["us"], forms["uk"]
    if not us or not uk:
        return
    minority = "us" if len(us) < len(uk) or (len(us) == len(uk) and us[0].start > uk[0].start) else "uk"
    majority = "uk" if minority == "us" else "us"
    first = forms[minority][0]
    message = (f"Mixed spelling: {_LABEL[majority]} {_listing(forms[majority])} beside "
               f"{_LABEL[minority]} {_listing(forms[minority])}. Keep to one variety.")
    also = [Edit(f.start, f.end, f.counterpart) for f in forms[minority][1:] if f.counterpart]
    yield mixed_spelling_variety.issue(doc, first.start, first.end, message,
                                      [first.counterpart] if first.counterpart else [], also=also)
