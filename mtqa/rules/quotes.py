"""Quotations (QUO): unbalanced quotes, French guillemets, stray spaces, scare quotes, punctuation placement,
and the same statement quoted twice with different words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mtqa.issues import Edit
from mtqa.rules.base import ABBREVIATION_END, rule

_STRAIGHT_OR_CURLY = re.compile(r"[\"“”]")
# a pair of guillemets, with any pairs nested in it (« il a dit « non » hier »): one finding, fixed in one run
_GUILLEMETS = re.compile(r"«[ \u00a0\u202f]*(?P<inner>(?:[^«»\n]|«[^«»\n]*»)*?)[ \u00a0\u202f]*»|[«»]")
_NESTED_GUILLEMETS = re.compile(r"«[ \u00a0\u202f]*([^«»\n]*?)[ \u00a0\u202f]*»")
_TO_SINGLE = str.maketrans({'"': "'", "“": "‘", "”": "’"})
_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True)
class Quote:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark
    inner_start: int
    inner_end: int


def _pair_quotes(doc, paragraph) -> tuple[list[Quote], int | None]:
    """Pair the double quotation marks of one paragraph; return the pairs and an unmatched mark, if any."""
    quotes: list[Quote] = []
    pending: int | None = None
    text = doc.text
    for m in _STRAIGHT_OR_CURLY.finditer(text, paragraph.start, paragraph.end):
        ch, pos = m.group(), m.start()
        if pending is None:
            if ch == "”":
                return quotes, pos
            pending = pos
        else:
            if ch == "“":
                return quotes, pending
            quotes.append(Quote(pending, pos, pending + 1, pos))
            pending = None
    return quotes, pending


def _pairings(doc) -> list[tuple]:
    """(paragraph, its paired quotations, its unmatched mark or None) for every paragraph, once per document."""
    return doc.memo("quote-pairings", lambda: [(p, *_pair_quotes(doc, p)) for p in doc.paragraphs])


def quotes_of(doc, ctx) -> list[Quote]:
    """Every paired quotation of the document, computed once per document and shared by the QUO rules."""
    return doc.memo("quotes", lambda: [q for _, pairs, _ in _pairings(doc) for q in pairs])


def unpaired_paragraphs(doc) -> list:
    """The paragraphs with a double quotation mark that pairs with none (see balanced_quotes_of)."""
    return doc.memo("unpaired-quote-paragraphs", lambda: [p for p, _, stray in _pairings(doc) if stray is not None])


def balanced_quotes_of(doc, ctx) -> list[Quote]:
    """Paired quotations of the paragraphs whose marks all pair up. Where one mark is stray (a quotation
    opened in an earlier paragraph, a typo), which mark pairs with which is a guess, so rules about the
    inside of a quotation (spacing, scare quotes) leave that paragraph to QUO001."""
    return doc.memo("balanced-quotes", lambda: [q for _, pairs, stray in _pairings(doc) if stray is None for q in pairs])


@rule(
    code="QUO001",
    name="unbalanced-quote",
    family="quotes",
    category="Fluency/Punctuation",
    severity="major",
    summary="An opening quotation mark that is never closed in its paragraph, or a closing mark with no opening one.",
    why="An unclosed quote leaves the reader unsure where the speaker's words end, which in news copy is a matter of attribution.",
    use_instead="Close the quotation where the speaker's words end, or remove the stray mark.",
    fix_safety="No automatic fix: only a person can tell where the quotation ends. Off by default: on real MT its flags fell on a quotation mark the post-editor changed less than half the time (tune fold: 7 of 34 on Google's output, 7 of 22 on Bing's; 8 of 10 on the WMT23 MQM segments), because a quotation that opens in an earlier paragraph or an earlier excerpt of the story looks unclosed, and where one mark of a paragraph is stray, which one is a guess. Select QUO001 to check whole stories whose paragraphs close their quotations.",
    bad=[("He said [[\"]]the talks failed, and left.", None), ("He said the talks failed[[”]] and left.", None)],
    good=[
        "He said \"the talks failed\" and left.",
        "\"We will not give in,\" she said.\n\n\"Never.\"",
        "\"The first paragraph of a long quote stays open.\n\n\"The second one closes it,\" he said.",
    ],
    default_enabled=False,
)
def unbalanced_quote(doc, ctx):
    paragraphs = doc.paragraphs
    for n, (_, _, stray) in enumerate(_pairings(doc)):
        if stray is None:
            continue
        nxt = paragraphs[n + 1].text if n + 1 < len(paragraphs) else ""
        if doc.text[stray] in "\"“" and nxt[:1] in ("\"", "“"):
            continue  # news style: a quote running over paragraphs is reopened, not closed, at each break
        yield unbalanced_quote.issue(doc, stray, stray + 1, "This quotation mark has no partner in the paragraph.")


@rule(
    code="QUO002",
    name="french-guillemets",
    family="quotes",
    category="Locale convention",
    severity="minor",
    summary="French quotation marks « » (and the spaces inside them) left in English copy.",
    why="English news uses double quotation marks; guillemets mark the copy as an unedited translation.",
    use_instead="The house style's quotation marks: \" in both US and UK copy (UK house styles that prefer single quotes can set that in the config).",
    fix_safety="Safe: the fix replaces the guillemets and the spaces inside them with straight double quotes, and a quotation inside them with single ones; a lone guillemet gets no fix.",
    bad=[("He called it [[« a disaster »]] on Friday.", "\"a disaster\""), ("He called it [[«a disaster»]].", "\"a disaster\""), ("He called it [[«]] a disaster.", None)],
    good=["He called it \"a disaster\" on Friday."],
)
def french_guillemets(doc, ctx):
    for m in _GUILLEMETS.finditer(doc.text):
        if m.group("inner") is None:
            yield french_guillemets.issue(doc, m.start(), m.end(), "French quotation mark in English copy, with no partner.")
        else:
            # a quotation inside the quotation, in guillemets or double marks, takes single marks in English
            inner = _NESTED_GUILLEMETS.sub(r"'\1'", m.group("inner")).translate(_TO_SINGLE)
            yield french_guillemets.issue(doc, m.start(), m.end(), "French quotation marks in English copy.", [f"\"{inner}\""])


# a space, then a mark and a comma or full stop that ends there: `an accident ", he`; not `".com"`, `"...`, `"!"`
_SPACED_CLOSING = re.compile(r"(?<=\w)[ \u00a0]+(?=[\"”][,.;:!?](?:\s|$))")
# reporting verbs that are also plural nouns: a quotation may open with them ("the plan", she said, "reports ...")
_NOUN_TOO = frozenset("states reports details notes claims comments answers remarks judges estimates hammers".split())


@cache
def _detached_closing() -> re.Pattern:
    """A space after the quotation's last punctuation, then a mark touching the attribution that follows it:
    `we are ready, "said Paulson`, `duties, "he added,`, `right now, "Marek stressed.` (MT that detokenised the
    closing mark as an opening one). The mark closes the quotation: a quotation does not open on a reporting verb,
    nor on a subject and its reporting verb that a comma or a full stop ends."""
    from mtqa.rules.reporting import _verbs

    every = "|".join(sorted(map(re.escape, _verbs()), key=len, reverse=True))
    bare = "|".join(sorted((re.escape(v) for v in _verbs() if v not in _NOUN_TOO), key=len, reverse=True))
    sp = "[ \u00a0]"
    return re.compile(
        rf"(?<=[,.!?]){sp}+(?=[\"”](?:(?:{bare})\b|(?:(?:he|she|they|we|I|it)|[A-Z][\w’'.-]*(?:{sp}[A-Z][\w’'.-]*){{0,2}})"
        rf"{sp}(?:{every}){sp}?[.,;]))")


@rule(
    code="QUO003",
    name="space-inside-quotes",
    family="quotes",
    category="Fluency/Punctuation",
    severity="minor",
    summary="A space just inside a quotation mark: \" a disaster \", or `we are ready, \"said Paulson` where the closing mark touches the attribution after it.",
    why="A French habit (spaces inside guillemets) carried over to straight quotes; it also breaks smart-quote conversion in the CMS.",
    use_instead="No space between the quotation mark and the quoted words.",
    fix_safety="Safe: the fix removes the space (and, where the closing mark touches the next word, puts one after the mark: `ready,\" said Paulson`). A closing mark is recognised by a reporting verb after it (`, \"said`, `, \"he added,`, `, \"Marek stressed.`): a quotation that opens with a verb noun (`\"reports of ...`) or runs on after its subject and verb (`\"he said he would pay\"`) is left alone. A pair of marks with a letter or a digit right outside it (12\" wide and 14\" long) is not a quotation: inch marks or marks paired wrongly are left alone.",
    bad=[("He called it \"[[ ]]a disaster\" on Friday.", ""), ("He called it \"a disaster[[ ]]\" on Friday.", ""),
         ("\"The talks are over. It will end in an accident[[ ]]\", he warned. Then he \"left.", ""),
         ("We believe the plan will restore confidence,[[ ]]\"said Paulson on Friday.", ""),
         ("Sooner or later it will end in an accident,[[ ]]\"he warned, before leaving.", ""),
         ("What matters now is the vote,[[ ]]”Marek stressed. Talks resume today.", "")],
    good=["He called it \"a disaster\" on Friday.", "\"No,\" he said. \"Never.\"",
          "The talks \"failed,\" he said. It was \"the end of the road.\" Then \"he left.",
          "The pipe is 12\" wide and the hose 14\" long.", "It was a \"farce, he said. Then he called it \"a joke\".",
          "The word \" \" is blank, and \"yes\", he said.",
          "Sites ending in \".fr\" grew faster than those in \".com\". He replied \"... and then nothing\", she said. "
          "Known as \".NET\", it spread. Read \"!\" and \"?\" as marks.",
          "The union cited, \"reports of unpaid overtime\", in its letter.",
          "She told the court, \"he said he would pay me back.\"",
          "As Stalin asked, \"How many divisions has the Pope?\" Few remember it.",
          "The settlers feel betrayed by Sharon, \"the father of the settlements.\""],
)
def space_inside_quotes(doc, ctx):
    text = doc.text
    closing = set()
    for q in balanced_quotes_of(doc, ctx):
        if any(c.isalnum() for c in text[max(q.open - 1, 0):q.open] + text[q.close + 1:q.close + 2]):
            continue  # `12" wide ... 14"`, `"farce, he said ... it "a joke"`: not the marks of one quotation
        m = re.match(r"[ \u00a0]+", text[q.inner_start:q.inner_end])
        if m and m.end() < q.inner_end - q.inner_start:
            yield space_inside_quotes.issue(doc, q.inner_start, q.inner_start + m.end(), "Space after the opening quotation mark.", [""])
        m = re.search(r"[ \u00a0]+$", text[q.inner_start:q.inner_end])
        if m and m.start() > 0:
            closing.add(q.inner_end)
            yield space_inside_quotes.issue(doc, q.inner_start + m.start(), q.inner_end, "Space before the closing quotation mark.", [""])
    # a mark right before a comma or a full stop closes a quotation, whatever the count of marks says (its opening
    # mark in an earlier paragraph, a stray mark in between): `an accident ", he warned`
    for m in _SPACED_CLOSING.finditer(text):
        if m.end() not in closing:
            yield space_inside_quotes.issue(doc, m.start(), m.end(), "Space before the closing quotation mark.", [""])
    # the same space where the mark touches the next word: the fix also puts a space after the mark
    for m in _detached_closing().finditer(text):
        after = m.end() + 1
        yield space_inside_quotes.issue(doc, m.start(), m.end(), "Space before the closing quotation mark, which touches "
                                        "the next word: the mark goes after the punctuation, then a space.", [""],
                                        also=[Edit(after, after, " ")])


# Words that attribute a quotation to someone: a quoted word in their sentence reports what was said.
_ATTRIBUTION_EXTRA = (
    "say saying tell telling call calls called calling describe describes described describing dub dubbed "
    "term termed label labels labelled labeled brand branded promise promised promises vow vowed vows "
    "pledge pledged urge urged urges hail hailed condemn condemned condemns welcome welcomed criticised "
    "criticized slammed decried qualified spoke speaks speaking refer refers referred referring mention "
    "mentioned mentions deem deemed deems"
).split()
_ATTRIBUTION_PHRASES = r"according\s+to|in\s+the\s+words\s+of|as\s+\w+\s+put\s+it|in\s+(?:his|her|their|its)\s+words|quoted"


def _attribution() -> re.Pattern:
    from mtqa.rules.reporting import _verbs

    words = sorted(set(_verbs()) | set(_ATTRIBUTION_EXTRA), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words))}|{_ATTRIBUTION_PHRASES})\b", re.I)


@rule(
    code="QUO004",
    name="scare-quotes",
    family="quotes",
    category="Style/Awkward",
    severity="minor",
    summary="A single word in quotation marks (\"immediate\") in a sentence that attributes it to nobody.",
    why="News quotes a speaker's own word all the time (\"He called the plan 'reckless'\"), and that is kept. A lone quoted word with no speaker and no reporting verb in its sentence reads as irony (scare quotes) and can suggest the paper doubts it; French copy often quotes single words this way.",
    use_instead="Drop the quotation marks, or say who used the word (\"what the ministry called an 'exceptional' measure\").",
    fix_safety="Review: the fix removes the marks; keep them when the word is a term someone coined, and add the attribution. Off by default: on real copy most unattributed quoted words are deliberate (a term, a coinage, a word the writer keeps at a distance), and post-editors kept the marks on more than half of the words it flagged in real MT (precision 0.14-0.47 against post-edits, docs/quality.md); select QUO004 to enable it.",
    bad=[
        ("The [[\"immediate\"]] ceasefire did not hold through the night.", "immediate"),
        ("Prices rose again in a market that remains [[\"fragile\"]] after the crisis.", "fragile"),
    ],
    good=[
        "He called for an \"immediate and unconditional\" ceasefire.",
        "\"Yes,\" he said.",
        "The word \"ceasefire\" was not used.",
        "The minister said the plan was \"reckless\" and would be withdrawn.",
        "The reform is \"necessary\", according to the prime minister.",
        "Opposition leaders described the budget as \"unrealistic\" on Tuesday.",
        "The mayor told reporters the situation was \"serious\".",
    ],
    default_enabled=False,
)
def scare_quotes(doc, ctx):
    text = doc.text
    attribution = ctx.resource("quote-attribution", _attribution)
    for q in balanced_quotes_of(doc, ctx):
        inner = text[q.inner_start:q.inner_end]
        if not re.fullmatch(r"[a-z][\w’'-]*", inner):
            continue  # capitalised (a title or a sentence) or punctuated ("Yes,") quotes are real quotes
        before = text[max(0, q.open - 12):q.open].lower()
        if re.search(r"\b(?:word|term|phrase|expression|called|dubbed|nicknamed|so-called)\s*$", before):
            continue
        sentence = doc.sentence_at(q.open)
        if sentence is not None and attribution.search(text, sentence.start, sentence.end):
            continue  # someone said it: quoting a speaker's own word is news style, not a scare quote
        yield scare_quotes.issue(doc, q.open, q.close + 1, f"Single word in quotation marks with nobody quoted: \"{inner}\" reads as a scare quote.", [inner])


@rule(
    code="QUO005",
    name="quote-punctuation-placement",
    family="quotes",
    category="Locale convention",
    severity="minor",
    summary="A comma or period after a closing quotation mark where US style puts it inside: in a translation from a source with quotations (house-style auto, unless the document keeps to UK spelling), or everywhere under house-style us or when selected by code.",
    why="US wire style (AP) places commas and periods inside the quotation marks. French always puts them outside its guillemets, and machine translation copies that placement; on real MT of French news (Google and Bing with the French source, tune fold) post-editors moved 3 of 4 such marks. Without a source the placement may be the writer's logical (UK) punctuation: on edited copy and on Chinese-English MT rated by experts it was right barely half the time, so house-style auto only checks translations.",
    use_instead="Move the comma or period inside the closing quotation mark.",
    fix_safety="Safe in US house style. A UK-spelled document keeps logical punctuation under house-style auto; select QUO005 by code (or set house-style = \"us\") to check every document, with or without a source.",
    bad=[("The call was made \"at the initiative of the American side[[\",]] it said.", ",\""),
         ("The minister called the plan \"a mistake[[\".]]", ".\"",
          "Le ministre a qualifié le projet d'« erreur »."),
         ("He asked: \"Why did you support him?[[\".]] Nobody answered.", "\"",
          "Il a demandé : « Pourquoi l'avez-vous soutenu ? ». Personne n'a répondu."),
         ("He spoke of a \"policy of independence[[.\".]] Then he left.", ".\"",
          "Il a parlé de « politique d'indépendance. ». Ensuite il est parti."),
         ("\"We will stay[[.\",]] he said.", ",\"", "« Nous resterons. », a-t-il dit."),
         ("He called it \"a problem for the U.S.[[\",]] officials said.", ",\"", "Il a parlé d'« un problème pour les É.-U. », selon des responsables."),
         ],
    good=[("He asked \"why?\"... and then left the room.", "Il a demandé « pourquoi ? »... et a quitté la salle."),
          "The call was made \"at the initiative of the American side,\" it said.",
          ("The minister called the plan \"a mistake.\"", "Le ministre a qualifié le projet d'« erreur »."),
          ],
)
def quote_punctuation_placement(doc, ctx):
    if ctx.config.house_style == "uk":
        return  # logical punctuation is UK style
    if ctx.config.house_style == "auto" and not _selected_by_code(ctx.config) and not _translated_quotation(doc, ctx):
        return
    text = doc.text
    for q in quotes_of(doc, ctx):
        after = text[q.close + 1:q.close + 2]
        if text[q.close + 1:q.close + 3] == "..":
            continue  # an ellipsis after the quotation ("why?"... and then), not a full stop
        if after in (",", ".") and text[q.close - 1:q.close] in ("?", "!"):
            # the quotation ends with its own mark: US style drops the comma or period ("Why?" he asked), and
            # moving it inside would give "Why?."
            yield quote_punctuation_placement.issue(doc, q.close, q.close + 2, "The quotation ends with its own question or "
                                                    "exclamation mark: drop the comma or period after it.", [text[q.close]])
        elif after in (",", ".") and text[q.close - 1:q.close] in (",", ".") and not (
                after == "," and ABBREVIATION_END.search(text, max(0, q.close - 8), q.close)):
            # the quotation ends with a comma or period of its own ("independence.".): one mark, inside (an
            # abbreviation keeps its period before a comma: "the U.S.,")
            yield quote_punctuation_placement.issue(doc, q.close - 1, q.close + 2, "The quotation already ends with a "
                                                    "comma or period: keep one, inside the quotation marks.",
                                                    [(text[q.close - 1] if after == "." else after) + text[q.close]])
        elif after in (",", "."):
            yield quote_punctuation_placement.issue(doc, q.close, q.close + 2, "US style puts the comma or period inside the quotation marks.", [after + text[q.close]])


def _selected_by_code(config) -> bool:
    """QUO005 (or QUO, QUO0...) named in select: the user asked for US placement in every document."""
    return any(p != "ALL" and "QUO005".startswith(p) for p in config.select)


_SOURCE_QUOTE = re.compile(r"[«»\"“”]")


def _translated_quotation(doc, ctx) -> bool:
    """House-style auto: a translation whose source quotes someone, in a document that does not keep to UK
    spelling (a UK-spelled story keeps logical punctuation)."""
    if not doc.source or not _SOURCE_QUOTE.search(doc.source):
        return False
    from mtqa.grammar.variety import document_forms

    forms = document_forms(doc, ctx)
    return len(forms["uk"]) <= len(forms["us"])


# a single mark in the source that is not an elision inside a word (French "l'homme"): a quotation mark
_SOURCE_SINGLE = re.compile(r"(?:^|[\s(\[«\"“])['‘]|['’](?=[\s,.;:!?)\]»\"”]|$)")
_SINGLE = re.compile(r"(?<![\w'’‘])['‘](?=\w)[^'’‘\n\"“”«»]{1,120}?(?<=[\w.,!?])['’](?![\w'’])")


@rule(
    code="QUO008",
    name="single-quotes-for-quotation",
    family="quotes",
    category="Locale convention",
    severity="minor",
    summary="A quotation set in single quotation marks ('...') in a translation whose source quotes with « » or double marks (house-style auto, unless the document keeps to UK spelling; and under house-style us).",
    why="US style, and the wires, quote in double marks and keep single ones for a quotation inside a quotation. Some machine translation turns the source's « » into single marks; on real MT of French news (Bing with the French source, tune fold) post-editors changed 14 of 17 of them (Google keeps double marks).",
    use_instead="Use double quotation marks; keep single ones for a quotation inside another.",
    fix_safety="Safe in US house style. Not checked inside a double-quoted passage (a quotation within a quotation), nor where the source itself uses single marks, nor in a UK-spelled document or under house-style uk (UK papers often quote in single marks).",
    bad=[("The minister called the plan [['a costly mistake']] on Monday.", "\"a costly mistake\"",
          "Le ministre a qualifié le projet d'« erreur coûteuse » lundi.")],
    good=[("The minister called the plan \"a costly mistake\" on Monday.",
           "Le ministre a qualifié le projet d'« erreur coûteuse » lundi."),
          ("\"He told me 'never again' and left,\" she said.", "« Il m'a dit ‹ plus jamais › et il est parti », a-t-elle dit."),
          ("The minister spoke of a 'disaster' on Monday.", "Le ministre a parlé d’un ‘désastre’ lundi."),
          ],
    needs_source=True,
)
def single_quotes_for_quotation(doc, ctx):
    if ctx.config.house_style == "uk" or not doc.source:
        return
    if not re.search(r"[«»\"“”]", doc.source) or _SOURCE_SINGLE.search(doc.source):
        return  # the source quotes in single marks itself, or not at all
    if ctx.config.house_style == "auto":
        from mtqa.grammar.variety import document_forms

        forms = document_forms(doc, ctx)
        if len(forms["uk"]) > len(forms["us"]):
            return
    doubles = quotes_of(doc, ctx)
    for m in _SINGLE.finditer(doc.text):
        if any(q.open < m.start() and m.end() <= q.close + 1 for q in doubles):
            continue  # a quotation inside a quotation
        # the finding holds both marks: its fix changes them together (a fix of the opening mark alone left
        # "a costly mistake' with marks that no longer pair)
        yield single_quotes_for_quotation.issue(doc, m.start(), m.end(),
                                                "A quotation in single marks: US style quotes in double marks.",
                                                [f"\"{m.group()[1:-1]}\""])


_STOP = frozenset(
    "a an the of to in on at for and or but no not any all be is are was were been has have had do does did "
    "could would should will can may might with by from that this these those it its their his her they he she "
    "we our us as so if than then there here what which who".split()
)


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w not in _STOP and len(w) > 2]


def _stem(w: str) -> str:
    return w[:5]


@rule(
    code="QUO006",
    name="inconsistent-requote",
    family="quotes",
    category="Fluency/Inconsistency",
    severity="major",
    summary="The same statement quoted twice in one story with different words (\"acute problems\" here, \"acute issues\" there).",
    why="A quotation is a speaker's exact words. When MT renders the same French quote twice, the two English versions differ, and the story misquotes someone.",
    use_instead="Quote the statement the same way both times (check the source), or paraphrase one of them without quotation marks.",
    fix_safety="Review: the suggestion reuses the wording of the other quotation; check the source before accepting.",
    bad=[(
        "Talks failed and no [[\"acute problems\"]] could be resolved, the Pentagon said.\n\n"
        "An official said \"the call did not resolve any acute issues.\"",
        "\"acute issues\"",
    )],
    good=[
        "He promised \"economic growth\" in May.\n\nShe called for \"economic reform\" in June.",
        "No \"acute problems\" were resolved.\n\nAn official said \"the call did not resolve any acute problems.\"",
        "Today the city unveiled plans for a \"green corridor\" along the river.\n\n"
        "The museum opened a show called \"Today in the Corridor\" about old houses.",
        "The regulator said its \"fund E-account\" app lists every account.\n\n"
        "Investors check all holdings through the \"fund E account\" app, the regulator said.",
        # the same words as one quotation, one word off another: consistent (the fix of the first example gave
        # "acute issues", which the next pass turned into "current issues", and back)
        "No \"acute issues\" were resolved in Ukraine.\n\nAn official said \"the call did not resolve any acute issues.\"\n\n"
        "They \"discussed current issues of security, including the situation in Ukraine\".",
    ],
)
def inconsistent_requote(doc, ctx):
    text = doc.text
    quotes = quotes_of(doc, ctx)
    # hyphenated words in their parts: "E-account" and "E account" are the same words
    inner = [(q, [p for w in _WORD.findall(text[q.inner_start:q.inner_end]) for p in w.lower().split("-") if p])
             for q in quotes]
    paragraph = {q.open: doc.paragraph_at(q.open) for q, _ in inner}
    # Identical quotations (a repeated paragraph, a refrain) are one text: the windows are looked for in each
    # distinct text once, not in every copy of it, so that a story quoting the same words a thousand times costs
    # a thousand look-ups, not a million.
    copies: dict[tuple[str, ...], list[int]] = {}
    for n, (_, owords) in enumerate(inner):
        copies.setdefault(tuple(owords), []).append(n)
    texts = list(copies)
    # Where each word occurs in each text. A window of another text that matches this one in all places but one
    # matches it at one of any two places: so the windows worth looking at are found from the two rarest words of
    # the quotation, instead of sliding over every other text.
    positions: dict[str, list[tuple[int, int]]] = {}
    for t, owords in enumerate(texts):
        for at, w in enumerate(owords):
            positions.setdefault(w, []).append((t, at))
    stems: dict[int, set[str]] = {}  # content-word stems of each text, computed when first needed
    said: dict[tuple[int, int], set[str]] = {}  # the words of each sentence holding a quotation

    def _stems_of(t: int) -> set[str]:
        if t not in stems:
            stems[t] = {_stem(w) for w in _content(list(texts[t]))}
        return stems[t]

    for me, (q, words) in enumerate(inner):
        if not 2 <= len(words) <= 6:
            continue
        mine = set(_content(words))
        if not mine:
            continue
        s = doc.sentence_at(q.open)
        where = (s.start, s.end) if s else (-1, -1)
        if where not in said:
            said[where] = {w.lower() for w in _WORD.findall(s.text)} if s else set()
        context = said[where] - set(words)
        context_stems = {_stem(w) for w in _content(list(context))}
        size = len(words)
        key = tuple(words)
        rarest = sorted(range(size), key=lambda j: len(positions.get(words[j], ())))[:2]
        starts: dict[int, set[int]] = {}
        for j in rarest:
            for t, at in positions.get(words[j], ()):
                if 0 <= at - j <= len(texts[t]) - size:
                    starts.setdefault(t, set()).add(at - j)
        # The same words inside a longer quotation (not the same short quotation again, as a repeated paragraph
        # has it) are this statement quoted consistently, unless a quotation one word off shares more of this one's
        # sentence: the other quotation that says the same thing decides ("acute issues" of "did not resolve any
        # acute issues" is not a misquote of "discussed current issues of security").
        exact = max((len(context_stems & (_stems_of(t) - {_stem(w) for w in words}))
                     for t in starts for i in starts[t] if texts[t] != key and texts[t][i:i + size] == key),
                    default=-1)
        found: list[tuple[int, list[str]]] = []  # (other quotation, its window), in the order of the quotations
        for t in starts:
            owords = texts[t]
            if len(owords) < len(words):
                continue
            window = next((w for w in (list(owords[i:i + size]) for i in sorted(starts[t])) if _reworded(
                words, w, mine, context_stems, _stems_of(t), exact)), None)
            if window is not None:
                found += [(n, window) for n in copies[owords] if n != me and paragraph[inner[n][0].open] != paragraph[q.open]]
        for n, window in sorted(found, key=lambda f: f[0]):
            other = inner[n][0]
            line, _ = doc.line_col(other.open)
            phrase = " ".join(window)
            yield inconsistent_requote.issue(
                doc, q.open, q.close + 1,
                f"This quotation differs from the same statement quoted on line {line} (\"{phrase}\"): a quotation must use the speaker's words consistently.",
                [text[q.open] + _recase(phrase, text[q.inner_start:q.inner_end]) + text[q.close]],
                related=[(other.inner_start, other.inner_end)],
            )


def _reworded(words: list[str], window: list[str], mine: set[str], context_stems: set[str], stems: set[str],
              exact: int) -> bool:
    """Whether `window` of another quotation (whose content-word stems are `stems`) is `words` with one word
    changed, in a quotation of the same statement (see inconsistent_requote)."""
    from rapidfuzz import fuzz

    same = [a == b for a, b in zip(words, window)]
    if sum(same) != len(words) - 1 or not mine & set(_content(window)):
        return False
    changed, instead = next((a, b) for a, b in zip(words, window) if a != b)
    if any(w in _STOP or _content([w]) == [] for w in (changed, instead)):
        return False  # a word against a word: "green corridor" is not a rewording of "the Corridor"
    shared = len(context_stems & (stems - {_stem(w) for w in window}))
    if not shared:
        return False  # the surroundings must also say the same thing (e.g. "resolved"/"resolve")
    if shared <= exact:
        return False  # quoted word for word in a quotation as close to this one
    return fuzz.ratio(" ".join(words), " ".join(window)) >= 50


def _sentence_words(doc, offset: int) -> set[str]:
    s = doc.sentence_at(offset)
    return {w.lower() for w in _WORD.findall(s.text)} if s else set()


def _sentence_text(doc, offset: int) -> str:
    s = doc.sentence_at(offset) or doc.paragraph_at(offset)
    return s.text if s else ""


def _recase(phrase: str, like: str) -> str:
    return phrase[:1].upper() + phrase[1:] if like[:1].isupper() else phrase


REQUOTE_THRESHOLD = 0.85
SAME_STATEMENT = 0.5
_POLARITY = frozenset("not no never nothing none nobody nor neither without out cannot can't won't don't didn't isn't wasn't".split())


@rule(
    code="QUO007",
    name="requote-in-other-words",
    family="quotes",
    category="Fluency/Inconsistency",
    severity="major",
    summary="A quotation whose words mean the same as a passage of another quotation of the same statement, in different words (all-MiniLM-L6-v2 similarity of the quotations and of their sentences).",
    why="When MT renders one French quotation twice, the English versions can share no word at all (\"totally unacceptable\" / \"completely inadmissible\"); a lexical comparison misses them, and the story misquotes someone.",
    use_instead="Quote the statement the same way both times (check the source).",
    fix_safety="Review: the suggestion reuses the other quotation's words. Quotations that differ by a negation are never paired. Runs with the neural layer (--neural).",
    bad=[(
        "No [[\"acute problems\"]] were resolved during the call, the Pentagon said.\n\n"
        "\"The call itself did not resolve any acute issues,\" a senior official said.",
        "\"acute issues\"",
    ), (
        "The foreign minister called the strikes [[\"totally unacceptable\"]] on Sunday.\n\n"
        "In a statement, the minister said the strikes were \"completely unacceptable and must stop.\"",
        "\"completely unacceptable\"",
    )],
    good=[
        "He promised \"economic growth\" in May.\n\nShe called for \"economic reform\" in June.",
        "The mayor said the fire was \"under control\" on Monday.\n\nBy Tuesday firefighters said the fire was \"out of control\" again.",
        "The minister called the deal \"a historic step\" for the region.\n\nThe opposition called the vote \"a bitter defeat\" for the government.",
    ],
    neural=True,
)
def requote_in_other_words(doc, ctx):
    from mtqa.neural.minilm import embedder

    text = doc.text
    embed = embedder(ctx, doc)
    quotes = [(q, _WORD.findall(text[q.inner_start:q.inner_end])) for q in quotes_of(doc, ctx)]
    quotes = [(q, words) for q, words in quotes if words]
    candidates = [(q, words, other, owords) for q, words in quotes if 2 <= len(words) <= 12 for other, owords in quotes
                  if other is not q and len(owords) >= len(words) and doc.paragraph_at(other.open) != doc.paragraph_at(q.open)]
    if not candidates:
        return
    # first the sentences around the quotations: only two quotations of the same statement are compared
    context = {q.open: _sentence_text(doc, q.open) for q, _ in quotes}
    sentences = list(dict.fromkeys(context.values()))
    svec = dict(zip(sentences, embed(sentences)))
    same = lambda a, b: float(svec[context[a.open]] @ svec[context[b.open]]) >= SAME_STATEMENT  # noqa: E731
    pairs = []  # (short quote, its words, other quote, a window of the other's words of the same length)
    for q, words, other, owords in candidates:
        lowered = [w.lower() for w in words]
        windows = [owords[i:i + len(words)] for i in range(len(owords) - len(words) + 1)]
        if any([w.lower() for w in window] == lowered for window in windows) or not same(q, other):
            continue  # quoted with the same words (consistent), or another statement
        pairs += [(q, " ".join(words), other, " ".join(window)) for window in windows
                  if not (set(lowered) ^ {w.lower() for w in window}) & _POLARITY]
    if not pairs:
        return
    phrases = list(dict.fromkeys([p[1].lower() for p in pairs] + [p[3].lower() for p in pairs]))
    vec = dict(zip(phrases, embed(phrases)))
    best: dict = {}
    for q, words, other, window in pairs:
        sim = float(vec[words.lower()] @ vec[window.lower()])
        if sim >= REQUOTE_THRESHOLD and sim > best.get(q, (0.0,))[0]:
            best[q] = (sim, other, window)
    for q, (sim, other, phrase) in best.items():
        line, _ = doc.line_col(other.open)
        yield requote_in_other_words.issue(
            doc, q.open, q.close + 1,
            f"This quotation says what the quotation on line {line} says in other words (\"{phrase}\", similarity {sim:.2f}): quote the speaker the same way both times.",
            [text[q.open] + _recase(phrase, text[q.inner_start:q.inner_end]) + text[q.close]],
            related=[(other.inner_start, other.inner_end)],
            confidence=0.5 + 0.5 * min(1.0, (sim - REQUOTE_THRESHOLD) / (1 - REQUOTE_THRESHOLD)),
        )
