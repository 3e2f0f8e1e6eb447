"""Fluency (FLU): wording a language model finds unlikely, by token surprisal from a causal language model
the user provides (neural.fluency-model). Runs with the neural layer only."""

from __future__ import annotations

import math
import re

from mtqa.rules.base import rule

_WORD = re.compile(r"\w[\w'’-]*")
MIN_WORDS = 4


@rule(
    code="FLU001",
    name="unlikely-wording",
    family="fluency",
    category="Style/Awkward",
    severity="minor",
    summary="Words that a causal language model you provide (neural.fluency-model) finds very unlikely in context: more bits of surprisal than neural.fluency-threshold. Capitalised words and numbers are never marked.",
    why="Calques and garbled MT output are improbable English; surprisal finds awkward spans no rule lists.",
    use_instead="Reword the marked span in idiomatic English.",
    fix_safety="No automatic fix. The rule runs only when neural.fluency-model points at a local model; its quality is the model's (a small model marks rare but correct words too).",
    bad=[("The delegations exchanged [[velleities]] on Friday, the ministry said.", None)],
    good=["The minister said the talks had been useful and that both sides would meet again next week."],
    neural=True,
    requires="fluency-model",
)
def unlikely_wording(doc, ctx):
    from mtqa.neural.fluency import scorer

    sentences = [s for s in doc.sentences if len(s.text.split()) >= MIN_WORDS]
    if not sentences:
        return
    threshold = ctx.config.neural.fluency_threshold
    for sentence, tokens in zip(sentences, scorer(ctx)([s.text for s in sentences])):
        for start, end, bits in marked_spans(sentence.text, tokens, threshold):
            yield unlikely_wording.issue(
                doc, sentence.start + start, sentence.start + end,
                f"A language model finds this wording unlikely here ({bits:.1f} bits of surprisal a word; "
                f"threshold {threshold:g}): check that it is idiomatic English.",
                confidence=1 / (1 + math.exp(-(bits - threshold) / 2)),
            )


def marked_spans(text: str, tokens: list[tuple[int, int, float]], threshold: float):
    """Runs of adjacent words whose surprisal (the bits of the tokens that start in them) exceeds the
    threshold, as (start, end, mean bits) within `text`. The first word has no context and is skipped."""
    starts = [(s + len(text[s:e]) - len(text[s:e].lstrip()), b) for s, e, b in tokens]  # offsets may hold the space
    words = []
    for m in list(_WORD.finditer(text))[1:]:
        bits = sum(b for s, b in starts if m.start() <= s < m.end())
        hot = bits > threshold and not (m.group()[0].isupper() or m.group()[0].isdigit())
        words.append((m.start(), m.end(), bits, hot))
    run: list = []
    for w in words + [(0, 0, 0.0, False)]:
        if w[3]:
            run.append(w)
            continue
        if run:
            yield run[0][0], run[-1][1], sum(x[2] for x in run) / len(run)
            run = []

