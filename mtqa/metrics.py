"""Reference metrics with sacrebleu: BLEU, chrF++ and TER per document and for a whole batch, each with
sacrebleu's signature so the figures can be reproduced."""

from __future__ import annotations

from functools import cache


@cache
def _metrics():
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {
        "bleu": BLEU(effective_order=True),  # effective order keeps short segments from scoring 0
        "chrf": CHRF(word_order=2),  # chrF++
        "ter": TER(),
        "bleu_corpus": BLEU(),
    }


def document_metrics(hypothesis: str, reference: str) -> dict:
    m = _metrics()
    return {
        "bleu": round(m["bleu"].sentence_score(hypothesis, [reference]).score, 2),
        "chrf++": round(m["chrf"].sentence_score(hypothesis, [reference]).score, 2),
        "ter": round(m["ter"].sentence_score(hypothesis, [reference]).score, 2),
    }


def corpus_metrics(hypotheses: list[str], references: list[str]) -> dict:
    m = _metrics()
    bleu = m["bleu_corpus"].corpus_score(hypotheses, [references])
    chrf = m["chrf"].corpus_score(hypotheses, [references])
    ter = m["ter"].corpus_score(hypotheses, [references])
    return {
        "documents": len(hypotheses),
        "bleu": round(bleu.score, 2),
        "chrf++": round(chrf.score, 2),
        "ter": round(ter.score, 2),
        "signatures": {
            "bleu": str(m["bleu_corpus"].get_signature()),
            "chrf++": str(m["chrf"].get_signature()),
            "ter": str(m["ter"].get_signature()),
        },
    }
