"""Quality estimation with a local sequence-regression model over (source, target) sentence pairs."""

from __future__ import annotations

from mtqa.neural import batches, local_model


def load(config):
    """A score(pairs) -> list of floats function; higher is better, as the model was trained."""
    torch, tokenizer, model = local_model(config, "qe-model", "AutoModelForSequenceClassification")
    size = config.neural.batch_size
    limit = min(512, getattr(tokenizer, "model_max_length", 512) or 512)

    def score(pairs: list[tuple[str, str]]) -> list[float]:
        out: list[float] = []
        for chunk in batches(list(pairs), size):
            batch = tokenizer([s for s, _ in chunk], [t for _, t in chunk], padding=True, truncation=True,
                              max_length=limit, return_tensors="pt")
            with torch.no_grad():
                logits = model(**batch).logits
            out.extend(float(x) for x in logits[:, 0])  # a regression head has one output
        return out

    return score


def estimator(ctx):
    return ctx.resource("qe", lambda: load(ctx.config))
