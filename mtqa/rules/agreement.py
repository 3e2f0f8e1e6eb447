"""Grammar the embedded checker misses in MT (AGR): subject-verb agreement after a plural noun subject ("the
discussions was", "the losses is"; Harper checks agreement after pronouns only), and the present perfect with a
finished past time ("has announced on Monday"), the French passé composé carried over, and "than" with no
comparative ("both the carrot than the stick"), French "que" carried over."""

from __future__ import annotations

import re
from bisect import bisect_left

from mtqa.nlp import english_parse
from mtqa.quantities import EN_MONTHS, EN_WEEKDAYS
from mtqa.rules.base import rule

_CANDIDATE = re.compile(r"\b(?P<det>\w+)[ \t]+(?P<noun>[a-z][a-z'’-]*[^s'’\W]s)[ \t]+(?P<verb>is|was|has)\b")
# The noun must follow a determiner: on real MT, a plural noun deeper in a noun phrase ("the ITV shares has", "the
# big loser European mechanisms was") or after no determiner ("Woo Hispanic voters is") was as often not the
# subject. Determiners that only go with plurals make any such noun a plural subject; the others leave out the
# plural-looking nouns English takes as singular ("Argentine politics is", "this species has").
_PLURAL_DETERMINERS = {"these", "those", "many", "several", "both", "few", "various", "numerous", "two", "three", "four",
                       "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozens", "hundreds", "thousands"}
_DETERMINERS = {"the", "its", "their", "his", "her", "our", "your", "my", "all", "some", "most", "other", "such"}
_SINGULAR_IN_S = {"news", "species", "series", "means", "headquarters", "crossroads", "whereabouts", "diabetes",
                  "measles", "mumps", "billiards", "lens", "bus", "gas", "plus", "bias", "chaos", "ethos", "thesis",
                  "analysis", "basis", "crisis", "status", "virus", "census", "consensus", "campus", "bonus", "focus"}
_PLURAL_VERB = {"is": "are", "was": "were", "has": "have"}
_END_MARK = re.compile(r"[.!?]")
# plural measure nouns take a singular verb as an amount ("two years is a long time")
_AMOUNTS = {"years", "months", "weeks", "days", "hours", "minutes", "seconds", "dollars", "euros", "pounds",
            "miles", "kilometers", "kilometres", "meters", "metres", "percent", "tons", "tonnes", "points"}


@rule(
    code="AGR001",
    name="plural-subject-singular-verb",
    family="agreement",
    category="Fluency/Grammar",
    severity="major",
    summary="A plural noun subject with a singular verb: \"the discussions was\", \"the losses is\".",
    why="French verb endings do not map one-to-one on English ones, and MT often loses the plural; readers notice at once.",
    use_instead="The plural verb: are, were, have.",
    fix_safety="Safe: a part-of-speech tagger confirms the noun is a plural subject of that verb; amounts (\"two years is\") are not flagged.",
    bad=[("According to an official, the discussions [[was]] long.", "were"), ("The losses [[is]] growing every day.", "are"),
         ("Although these countries [[has]] not recovered, growth is back.", "have"),
         ("Once these constraints [[is]] clear, the rest is simple.", "are")],
    good=["The news is bad.", "Two years is a long time.", "Politics is a tough business.",
          "The talks were long, and the outcome is unclear.", "The rise in prices is worrying.",
          "Argentine politics is still divided.", "This species has an unusual skull.",
          "Winning over rural voters is a complicated business.",
          "The purchase of the ITV shares has raised doubts.", "The economics is simple.",
          "He asked, \"How many divisions has the Pope?\"."],
)
def plural_subject_singular_verb(doc, ctx):
    text = doc.text
    for m in _CANDIDATE.finditer(text):
        noun_text, det = m.group("noun").lower(), m.group("det").lower()
        if noun_text in _AMOUNTS:
            continue
        if det not in _PLURAL_DETERMINERS and (det not in _DETERMINERS or noun_text in _SINGULAR_IN_S
                                                or noun_text.endswith("ics")):
            continue  # no determiner before the noun, or a singular noun in -s ("politics", "species")
        sentence = doc.sentence_at(m.start())
        if sentence is None:
            continue
        end_mark = _END_MARK.search(text, m.end(), sentence.end)
        if end_mark and end_mark.group() == "?":
            continue  # a question inverts subject and verb: "How many divisions has the Pope?"
        # each sentence parsed once, however many candidates it holds
        parsed, idx = english_parse(doc, ctx, sentence.start, sentence.end)
        noun = _token_at(parsed, idx, m.start("noun") - sentence.start)
        verb = _token_at(parsed, idx, m.start("verb") - sentence.start)
        if noun is None or verb is None or noun.tag_ != "NNS" or not noun.dep_.startswith("nsubj"):
            continue
        if noun.head.i != verb.i and verb.head.i != noun.head.i:
            continue  # (spaCy makes a new Token object on each access: compare positions, not identity)
        singular = m.group("verb")
        yield plural_subject_singular_verb.issue(
            doc, m.start("verb"), m.end("verb"),
            f"\"{m.group('noun')}\" is plural: the verb should be \"{_PLURAL_VERB[singular]}\".", [_PLURAL_VERB[singular]])


def _token_at(parsed, idx: list[int], offset: int):
    """The token that starts exactly at offset, or None."""
    i = bisect_left(idx, offset)
    return parsed[i] if i < len(idx) and idx[i] == offset else None


# The participles whose simple past differs (or is the same word but not in -ed); any other -ed participle is
# its own simple past. "been" becomes "was" or "were" by the auxiliary.
_IRREGULAR_PAST = dict(pair.split(":") for pair in """
    had:had said:said made:made taken:took given:gave seen:saw known:knew shown:showed written:wrote spoken:spoke
    chosen:chose broken:broke fallen:fell risen:rose driven:drove begun:began become:became come:came run:ran won:won
    lost:lost left:left met:met held:held sent:sent spent:spent built:built brought:brought bought:bought
    thought:thought fought:fought caught:caught taught:taught sought:sought told:told sold:sold found:found paid:paid
    laid:laid led:led fled:fled felt:felt kept:kept meant:meant put:put set:set cut:cut hit:hit let:let shut:shut
    cost:cost spread:spread struck:struck stood:stood understood:understood got:got gotten:got forgotten:forgot
    frozen:froze stolen:stole sworn:swore torn:tore drawn:drew grown:grew thrown:threw flown:flew withdrawn:withdrew
    undertaken:undertook overtaken:overtook shaken:shook eaten:ate beaten:beat hidden:hid gone:went done:did
    sunk:sank shot:shot dealt:dealt heard:heard upheld:upheld withheld:withheld overseen:oversaw arisen:arose
    forecast:forecast broadcast:broadcast swept:swept hurt:hurt""".split())
_PERFECT_ADVERB = r"(?:(?:also|already|just|recently|finally|officially|formally|again|even|publicly|suddenly)\s+)"
# a finished past time: yesterday, last week, on Monday (or a bare weekday, wire style, when what follows cannot
# make it a noun's modifier: "the Sunday paper"), three days ago, in 2005
_PAST_TIME = (
    rf"(?P<time>yesterday|last\s+(?:week|month|year|night|weekend|summer|autumn|fall|winter|spring|{EN_WEEKDAYS}|{EN_MONTHS})"
    rf"|on\s+(?:{EN_WEEKDAYS})|(?:{EN_WEEKDAYS})(?=\s*(?:[,.;:!?)]|$|\s+(?:that|in|at|to|after|when|and|but|as|by|with|from|"
    rf"during|amid|before|evening|morning|afternoon|night)\b))"
    rf"|(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d+|a\s+few|several)\s+(?:days?|weeks?|months?|years?|"
    rf"decades?)\s+ago"
    rf"|in\s+(?:19|20)\d\d(?![\d-])(?!\s+(?:and|to|or)\b))"
)
_PERFECT_WITH_TIME = re.compile(
    rf"(?P<before>\b[\w']{{1,60}}\s+)?\b(?P<aux>has|have)\s+(?P<adverb>{_PERFECT_ADVERB}?)(?P<been>been\s+{_PERFECT_ADVERB}?)?"
    rf"(?P<part>[a-z]+ed|{'|'.join(sorted(_IRREGULAR_PAST, key=len, reverse=True))}|been)\b"
    rf"\s+(?P<gap>(?:[^\s.;:!?]+\s+){{0,6}}?){_PAST_TIME}\b"
)
# what may not stand between the verb and the time: a clause or a phrase the time belongs to ("since last week",
# "until Monday", "that on Monday he"), or a comma (an aside)
_NOT_IN_GAP = re.compile(r"\b(?:since|until|till|by|from|for|before|after|every|each|next|this|that|which|who|when|"
                         r"because|if|as|than|between|through|throughout|over|during|within|around|about|whereas|"
                         r"while|or|but)\b|,")
# a participle in the gap may be what the time belongs to ("has demanded the repeal of the decrees adopted in
# 1990"); a capitalised function word there is a sentence whose full stop is missing ("no reply On Saturday")
_PARTICIPLE_IN_GAP = re.compile(r"\b(?:[a-z]{3,}ed|" + "|".join(p for p in _IRREGULAR_PAST if p.endswith("n")) + r")\b"
                                r"|\b(?:On|In|At|The|A|An|He|She|It|They|We|This|But|And)\b")
# a subject pronoun in the gap starts a clause of its own, which the time may belong to ("has said it sees a
# recovery in 2025")
_CLAUSE_IN_GAP = re.compile(r"\b(?:it|he|she|they|we|I|you)\b")
# after a verb of saying or thinking the words that follow are what was said: the time is that clause's unless it
# comes straight after the verb ("has announced on Monday", but "has warned prices will fall in 2025")
_SAYING = {"said", "announced", "warned", "indicated", "stated", "declared", "estimated", "explained", "added",
           "confirmed", "claimed", "reported", "told", "insisted", "stressed", "noted", "argued", "predicted",
           "forecast", "expected", "believed", "thought", "hoped", "promised", "suggested", "revealed", "denied",
           "admitted", "acknowledged", "assured", "considered", "judged", "felt", "decided", "agreed",
           "feared", "calculated", "projected", "planned", "pledged", "vowed", "threatened"}
# "would have left on Monday", "is said to have met on Monday": a perfect infinitive or modal perfect is right
_NOT_BEFORE = {"to", "would", "could", "should", "might", "must", "will", "shall", "may", "can", "not", "i", "you"}


@rule(
    code="AGR002",
    name="perfect-with-past-time",
    family="agreement",
    category="Fluency/Grammar",
    severity="minor",
    summary="The present perfect with a finished past time: \"the minister has announced on Monday\", \"they have "
            "left a year ago\".",
    why="French uses its passé composé (\"a annoncé lundi\") for a finished past event; English takes the simple "
        "past once a past time is named, and MT carries the French tense over.",
    use_instead="The simple past: \"announced on Monday\", \"left a year ago\", \"was arrested last week\".",
    fix_safety="Safe: only a perfect followed, within the same phrase, by a finished past time (yesterday, last week, on "
               "Monday, three days ago, in 2005), or in the main clause of a sentence that opens with one (\"On "
               "Thursday, the group has claimed\"); \"since\", \"until\" or a clause between them, a perfect "
               "infinitive (\"to have met\") and a modal perfect (\"would have left\") are left alone.",
    bad=[("The minister [[has announced]] on Monday that the talks would resume.", "announced"),
         ("The Syrian troops [[have left]] Lebanon a year ago.", "left"),
         ("The suspect [[has been]] arrested last week in Lyon.", "was"),
         ("The commission [[has also made]] a proposal in 2005.", "also made"),
         ("Two officials [[have also been]] questioned on Friday.", "were also"),
         ("On Thursday, the rebel group [[has claimed]] the attack.", "claimed"),
         ("The talks stalled. In 2007, a new government [[has taken]] office.", "took")],
    good=["The minister announced on Monday that the talks would resume.",
          "Prices have fallen sharply since last week.",
          "The rebels have held the town until Monday, officials say.",
          "He is said to have left the country on Monday.",
          "The suspect would have fled on Monday, according to the police.",
          "The paper has published the Sunday edition for 40 years.",
          "The government has said that on Monday it would present the budget.",
          "The company has grown fast, and in 2005 it was listed.",
          "Mr Orban has demanded the repeal of the decrees adopted in 1990.",
          "He has received no reply On Saturday the ministry wrote again.",
          "The Bundesbank has said it sees only a modest recovery in 2025.",
          "The central bank has warned prices will fall in 2025.",
          "On Monday, the minister who has led the talks since May spoke again.",
          "In 2007, prices rose; they have fallen since."],
)
def perfect_with_past_time(doc, ctx):
    for m in _PERFECT_WITH_TIME.finditer(doc.text):
        before = (m.group("before") or "").strip().lower()
        gap, part = m.group("gap"), m.group("part")
        if before in _NOT_BEFORE or _NOT_IN_GAP.search(gap) or _PARTICIPLE_IN_GAP.search(gap) \
                or _CLAUSE_IN_GAP.search(gap) or (gap and part in _SAYING):
            continue
        yield _simple_past_issue(doc, m, m.group("time"))
    for m in _TIME_THEN_PERFECT.finditer(doc.text):
        if not _SUBORDINATE.search(m.group("clause")):
            yield _simple_past_issue(doc, m, m.group("time").rstrip(", "))


# the time opens the sentence and the perfect follows in its main clause: "On Monday, the minister has announced"
_TIME_THEN_PERFECT = re.compile(
    rf"(?:^|(?<=[.!?\n])[ \t\"“]*|\n)(?P<time>(?:Yesterday|Last\s+(?:week|month|year|night|weekend|{EN_WEEKDAYS}|{EN_MONTHS})"
    rf"|On\s+(?:{EN_WEEKDAYS})|In\s+(?:19|20)\d\d|(?:A|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|\d+|A\s+few|Several)"
    rf"\s+(?:days?|weeks?|months?|years?|decades?)\s+ago),\s+)"
    rf"(?P<clause>(?:[^\s.;:!?]+,?\s+){{1,12}}?)(?P<aux>has|have)\s+(?P<adverb>{_PERFECT_ADVERB}?)"
    rf"(?P<been>been\s+{_PERFECT_ADVERB}?)?(?P<part>[a-z]+ed|{'|'.join(sorted(_IRREGULAR_PAST, key=len, reverse=True))}|been)\b",
    re.MULTILINE,
)
# a clause of its own between the time and the perfect may be what the time belongs to ("On Monday, after the
# vote that has divided the party, ..."); so may a modal or infinitive ("to have", "would have")
_SUBORDINATE = re.compile(r"\b(?:since|until|that|which|who|whom|whose|when|where|because|if|although|though|while|"
                          r"after|before|as|to|would|could|should|might|must|will|may|can|not)\b")


def _simple_past_issue(doc, m, time: str):
    """The finding for the perfect `m` matched beside a finished past time, with its simple past as the fix: "has
    announced" -> "announced", "has taken" -> "took", "has been arrested" -> "was arrested", "has also been" ->
    "was also"."""
    aux, part, adverb = m.group("aux"), m.group("part"), m.group("adverb")
    if m.group("been") or part == "been":
        verb = "was" if aux == "has" else "were"
        end = m.start("been") + len("been") if m.group("been") else m.end("part")
        fix = f"{verb} {adverb.strip()}" if adverb else verb
    else:
        end = m.end("part")
        fix = adverb + _IRREGULAR_PAST.get(part, part)
    start = m.start("aux")
    return perfect_with_past_time.issue(
        doc, start, end,
        f"\"{time}\" is a finished past time: English uses the simple past with it, not the present perfect "
        f"(\"{doc.text[start:end]}\" -> \"{fix}\").", [fix])


_THAN = re.compile(r"\bthan\b", re.I)
# what "than" may follow: a comparative (any word ending in -er is taken for one: "minister", "never" too, which
# only keeps a "than" unflagged), "more", "less", "rather", "other", "else", "different", a negative ("no sooner",
# "nothing but")
_COMPARES = re.compile(r"(?:[\w'’-]+er|more|less|fewer|worse|rather|other|another|others|else|elsewhere|different|"
                       r"differently|otherwise|prefer\w*|superior|inferior|no|none|nothing|anything|anyone|someone|"
                       r"nobody|hardly|scarcely|barely)", re.I)
_WORD = re.compile(r"[\w'’-]+")
_PARENTHESIS = re.compile(r"\([^()]*\)")
_THAN_WINDOW = 40  # words before "than" in its sentence, asides in parentheses left out
# the French construction the "than" renders, found nearest before it: "both X and Y" (aussi bien X que Y, tant X
# que Y), "the same X as Y" (le même X que Y), "as much X as Y" (autant X que Y); a bare "as" is too common to tell
_THAN_FOR = (("both", "and"), ("same", "as"), ("as much", "as"), ("as many", "as"))


@rule(
    code="AGR003",
    name="than-without-comparative",
    family="agreement",
    category="Fluency/Grammar",
    severity="major",
    summary="\"Than\" with no comparative before it in its sentence: \"both the carrot than the stick\", \"the same "
            "share than before\", \"as independent than it was\", \"by conflict than cooperation\".",
    why="French \"que\" follows \"aussi bien\", \"tant\", \"autant\", \"le même\" and \"plus\" alike; MT renders it "
        "\"than\" everywhere, where English needs \"and\" (both X and Y), \"as\" (the same as, as much as) or a "
        "comparative (more by conflict than by cooperation). On the LIG real data it marks about one sentence in "
        "10,000 words of Google's and Bing's MT, every one an error on reading; the post-edited copy keeps three. The "
        "post-edit metric of docs/quality.md credits fewer (10 of 17): where the comparative is missing, the post-editor "
        "adds it (\"less than three hours\") and keeps the \"than\" this rule marks.",
    use_instead="\"both X and Y\", \"the same X as Y\", \"as X as Y\", or the missing comparative (\"more by conflict "
                "than by cooperation\").",
    fix_safety="Safe where \"both\", \"same\", \"as much\" or \"as many\" comes before the \"than\" in its sentence: the fix "
               "gives \"and\" or \"as\". Otherwise no fix: only a person can tell which comparative is missing. Any word ending in -er "
               "in the 40 words before it (outside parentheses) is taken for a comparative, so a \"than\" after "
               "\"minister\" or \"never\" goes unflagged rather than flagged wrongly.",
    bad=[("Governments must use both the carrot [[than]] the stick.", "and"),
         ("The firm kept the same market share [[than]] it had in 1990.", "as"),
         ("It is as independent and private [[than]] it was in the 1930s.", None),
         ("Stability is as much a question of perception [[than]] of calculation.", "as"),
         ("Relations are marked mostly by conflict [[than]] cooperation.", None)],
    good=["Governments must use both the carrot and the stick.",
          "The firm kept a larger market share than it had in 1990.",
          "More control was exercised on oil under the UN programme (it was then the UN, not the regime, that set "
          "the level of exports) than will be possible later.",
          "No sooner had he left than the talks collapsed.",
          "It is different than it was, and other than that, nothing changed.",
          "The minister said prices rose faster than wages.",
          "He would rather resign than lie."],
)
def than_without_comparative(doc, ctx):
    text = doc.text
    for m in _THAN.finditer(text):
        sentence = doc.sentence_at(m.start())
        if sentence is None:
            continue
        # 40 words fit in 1,000 characters: a bounded window keeps a sentence of a thousand "than"s linear
        before = _PARENTHESIS.sub(" ", text[max(sentence.start, m.start() - 1000):m.start()])
        words = _WORD.findall(before)[-_THAN_WINDOW:]
        if not words or any(_COMPARES.fullmatch(w) for w in words):
            continue
        lowered = [w.lower() for w in words]
        last = {w: n for n, w in enumerate(lowered)}
        last |= {f"{a} {b}": n for n, (a, b) in enumerate(zip(lowered, lowered[1:]))}
        fix = max(((last[head], repl) for head, repl in _THAN_FOR if head in last), default=(None, None))[1]
        if fix is not None and m.group()[0].isupper():
            fix = fix.capitalize()
        yield than_without_comparative.issue(
            doc, m.start(), m.end(),
            "\"Than\" with no comparative before it: French \"que\" after \"aussi bien\", \"tant\", \"le même\" or "
            "\"autant\" is \"and\" or \"as\" in English, and after \"plus\" the English needs \"more\".",
            [fix] if fix else [])
