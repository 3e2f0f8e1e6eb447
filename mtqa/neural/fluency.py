"""Token surprisal from a local causal language model, mapped back to character offsets of the text."""

from __future__ import annotations

import math

from mtqa.neural import batches, local_model


def load(config):
    """A surprisal(texts) function: for each text, a list of (start, end, bits) per token after the first."""
    torch, tokenizer, model = local_model(config, "fluency-model", "AutoModelForCausalLM")
    if not getattr(tokenizer, "is_fast", False):
        from mtqa.errors import MtqaError

        raise MtqaError(f"neural fluency-model {config.neural.fluency_model}: a fast tokenizer (tokenizer.json) is needed to map tokens to text")
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token or tokenizer.unk_token
    tokenizer.padding_side = "right"
    size = config.neural.batch_size

    def surprisal(texts: list[str]) -> list[list[tuple[int, int, float]]]:
        out = []
        for chunk in batches(list(texts), size):
            batch = tokenizer(chunk, padding=True, truncation=True, max_length=512, return_tensors="pt",
                              return_offsets_mapping=True)
            offsets = batch.pop("offset_mapping")
            with torch.no_grad():
                logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
            logp = torch.log_softmax(logits[:, :-1].float(), dim=-1)
            nexts = batch["input_ids"][:, 1:]
            token_logp = logp.gather(-1, nexts.unsqueeze(-1)).squeeze(-1)
            for row in range(len(chunk)):
                tokens = []
                for k in range(nexts.shape[1]):
                    if not batch["attention_mask"][row, k + 1]:
                        continue
                    start, end = (int(x) for x in offsets[row, k + 1])
                    if end > start:  # special tokens have empty offsets
                        tokens.append((start, end, -float(token_logp[row, k]) / math.log(2)))
                out.append(tokens)
        return out

    return surprisal


def scorer(ctx):
    return ctx.resource("fluency", lambda: load(ctx.config))
