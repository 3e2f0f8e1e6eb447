"""Neural adequacy checks (BIL007-BIL008): a translated sentence that says something other than its source,
by cross-lingual sentence similarity (multilingual-e5-small by default) or by a quality-estimation model the
user provides. Both run with the neural layer (--neural) and attach a re-translation when a translation model
is configured."""

from __future__ import annotations

import math

from mtqa.align import document_alignment, similarity_matrix, source_document
from mtqa.neural.translate import configured_translator
from mtqa.rules.base import rule

# Calibrated on corpora/eval/adequacy/dev.tsv by benchmarks/adequacy.py (how: docs/neural.md): an aligned
# target sentence is flagged when its similarity, or its margin over the best competing sentence of the same
# story, or its length ratio (a translation cut short) falls below these.
MIN_SIMILARITY = 0.876
MIN_MARGIN = 0.04
MIN_LENGTH_RATIO = 0.45
TRUNCATED_BELOW = 0.9  # a short translation is only suspect when its similarity is not high
MIN_WORDS = 4

_PORT_FR = ("Le port de Marseille a enregistré une hausse de son trafic de conteneurs au troisième trimestre. "
            "Les dockers ont menacé de faire grève si leurs salaires n'étaient pas revalorisés. "
            "Une réunion avec les syndicats est prévue la semaine prochaine à la préfecture.")
_PORT_OK = ("The port of Marseille recorded a rise in container traffic in the third quarter. "
            "The dockers threatened to strike if their wages were not raised. "
            "A meeting with the unions is scheduled for next week at the prefecture.")


@rule(
    code="BIL007",
    name="meaning-mismatch",
    family="bilingual",
    category="Accuracy/Mistranslation",
    severity="major",
    summary="A translated sentence whose meaning is far from its aligned source sentence (cross-lingual sentence similarity, its margin over the other sentences of the story, and truncation), with a confidence.",
    why="MT sometimes produces fluent English that says something else, or stops half-way through a sentence; nothing in the English alone shows it.",
    use_instead="Translate the source sentence again (the message quotes it); with a translation model configured, a re-translation is suggested.",
    fix_safety="Review: a suggested re-translation comes from a model; without one there is no automatic fix. Runs with the neural layer (--neural).",
    bad=[
        ("The port of Marseille recorded a rise in container traffic in the third quarter. "
         "[[The dockers celebrated the opening of a new terminal with the mayor.]] "
         "A meeting with the unions is scheduled for next week at the prefecture.", None, _PORT_FR),
        ("The port of Marseille recorded a rise in container traffic in the third quarter. "
         "[[The dockers threatened.]] "
         "A meeting with the unions is scheduled for next week at the prefecture.", None, _PORT_FR),
    ],
    good=[(_PORT_OK, _PORT_FR)],
    needs_source=True,
    neural=True,
)
def meaning_mismatch(doc, ctx):
    translate = configured_translator(ctx)
    for source, t, f in pair_features(doc, ctx):
        reasons = flag_reasons(f)
        if not reasons:
            continue
        message = (f"This sentence does not seem to say what its source says ({'; '.join(reasons)}). "
                   f"Source: {_quote(source)}")
        suggestions = translate([source]) if translate else ()
        yield meaning_mismatch.issue(doc, t.start, t.end, message, suggestions, confidence=confidence(f))


def pair_features(doc, ctx):
    """(source text, target sentence, features) for every target sentence aligned to source sentences: in a
    merge (two sources, one target, or the reverse) each target sentence is judged against its best source."""
    matrix = similarity_matrix(doc, ctx)
    if matrix is None:
        return
    row = {id(s): n for n, s in enumerate(source_document(doc).sentences)}
    col = {id(t): n for n, t in enumerate(doc.sentences)}
    # a sentence the story says twice is no competitor of itself: the margin over it is 0 by construction
    same_source, same_target = _same_text(source_document(doc).sentences), _same_text(doc.sentences)
    for pair in document_alignment(doc, ctx):
        if not pair.source or not pair.target or sum(len(s.text.split()) for s in pair.source) < MIN_WORDS:
            continue
        rows = [row[id(s)] for s in pair.source]
        cols = [col[id(t)] for t in pair.target]
        source = " ".join(s.text for s in pair.source)
        for t in pair.target:
            if not any(c.isalnum() for c in t.text):
                continue  # a quotation mark the splitter left alone ("Revolution. \"") says nothing to compare
            j = col[id(t)]
            f = adequacy_features(matrix, rows, j, cols, (set().union(*(same_source[i] for i in rows)), same_target[j]))
            f["ratio"] = len(t.text) / max(1, len(source)) if len(pair.source) == len(pair.target) == 1 else 1.0
            yield source, t, f


def _same_text(sentences) -> list[set[int]]:
    """For each sentence, the indices of the sentences with the same words (itself included)."""
    groups: dict[str, set[int]] = {}
    keys = [" ".join(s.text.split()).lower() for s in sentences]
    for n, k in enumerate(keys):
        groups.setdefault(k, set()).add(n)
    return [groups[k] for k in keys]


def adequacy_features(matrix, rows: list[int], j: int, cols: list[int], repeats: tuple[set, set] = (set(), set())) -> dict:
    """Similarity of target sentence j to its best aligned source (rows), and its margin over the best
    competitor: another source for this target, or another target for those sources; not a source or target
    sentence the story repeats word for word (`repeats`: the rows and the columns saying the same as these)."""
    sim = max(float(matrix[i][j]) for i in rows)
    competitors = [float(matrix[k][j]) for k in range(len(matrix)) if k not in rows and k not in repeats[0]]
    competitors += [float(matrix[i][k]) for i in rows for k in range(len(matrix[0])) if k not in cols and k not in repeats[1]]
    margin = sim - max(competitors) if competitors else None
    return {"similarity": sim, "margin": margin}


def flag_reasons(f: dict, min_similarity: float | None = None, min_margin: float | None = None) -> list[str]:
    """Why a pair is suspect (empty: it is not). Thresholds default to the calibrated ones."""
    min_similarity = MIN_SIMILARITY if min_similarity is None else min_similarity
    min_margin = MIN_MARGIN if min_margin is None else min_margin
    reasons = []
    if f["similarity"] < min_similarity:
        reasons.append(f"similarity {f['similarity']:.2f} < {min_similarity}")
    if f["margin"] is not None and f["margin"] < min_margin:
        reasons.append(f"it is about as close to other sentences of the story (margin {f['margin']:+.3f})")
    if f["ratio"] < MIN_LENGTH_RATIO and f["similarity"] < TRUNCATED_BELOW:
        reasons.append(f"it is {f['ratio']:.0%} of the source's length")
    return reasons


def confidence(f: dict) -> float:
    """How far past the thresholds, mapped to 0.5 (at a threshold) .. 1: an ordering, not a probability."""
    depth = max(
        (MIN_SIMILARITY - f["similarity"]) / 0.03,
        ((MIN_MARGIN - f["margin"]) / 0.03) if f["margin"] is not None else -1.0,
        ((MIN_LENGTH_RATIO - f["ratio"]) / 0.15) if f["similarity"] < TRUNCATED_BELOW else -1.0,
    )
    return 1 / (1 + math.exp(-2 * max(0.0, depth)))


def _quote(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return "«" + (text if len(text) <= n else text[: n - 1] + "…") + "»"


@rule(
    code="BIL008",
    name="low-estimated-quality",
    family="bilingual",
    category="Accuracy/Mistranslation",
    severity="major",
    summary="A sentence pair that a quality-estimation model you provide (neural.qe-model: sequence regression over source and target, CometKiwi-style) scores below neural.qe-threshold.",
    why="A trained QE model sees mistranslations that similarity and rules miss: wrong sense, wrong relation, lost negation.",
    use_instead="Translate the sentence again; with a translation model configured, a re-translation is suggested.",
    fix_safety="Review. The rule runs only when neural.qe-model points at a local model; its quality is the model's.",
    bad=[("The port of Marseille recorded a rise in container traffic in the third quarter. "
          "[[The dockers celebrated the opening of a new terminal with the mayor.]]", None,
          "Le port de Marseille a enregistré une hausse de son trafic de conteneurs au troisième trimestre. "
          "Les dockers ont menacé de faire grève si leurs salaires n'étaient pas revalorisés.")],
    good=[(_PORT_OK, _PORT_FR)],
    needs_source=True,
    neural=True,
    requires="qe-model",
)
def low_estimated_quality(doc, ctx):
    from mtqa.neural.qe import estimator

    pairs = [p for p in document_alignment(doc, ctx) if len(p.source) == 1 and len(p.target) == 1]
    if not pairs:
        return
    scores = estimator(ctx)([(p.source[0].text, p.target[0].text) for p in pairs])
    threshold = ctx.config.neural.qe_threshold
    translate = configured_translator(ctx)
    for pair, score in zip(pairs, scores):
        if score >= threshold:
            continue
        s, t = pair.source[0], pair.target[0]
        yield low_estimated_quality.issue(
            doc, t.start, t.end,
            f"The quality-estimation model scores this translation {score:.2f} (threshold {threshold}). Source: {_quote(s.text)}",
            translate([s.text]) if translate else (),
            confidence=1 / (1 + math.exp(-8 * (threshold - score))),
        )
