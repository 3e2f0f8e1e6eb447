"""Suggested re-translations from a local seq2seq model (Marian opus-mt-fr-en or any AutoModelForSeq2SeqLM)."""

from __future__ import annotations

from mtqa.neural import batches, local_model


def load(config):
    """A translate(texts) -> list of English strings function (beam search, 4 beams)."""
    torch, tokenizer, model = local_model(config, "translation-model", "AutoModelForSeq2SeqLM")
    size = config.neural.batch_size

    def translate(texts: list[str]) -> list[str]:
        out: list[str] = []
        for chunk in batches(list(texts), size):
            batch = tokenizer(chunk, padding=True, truncation=True, max_length=256, return_tensors="pt")
            with torch.no_grad():
                generated = model.generate(**batch, num_beams=4, max_new_tokens=256)
            out.extend(" ".join(t.split()) for t in tokenizer.batch_decode(generated, skip_special_tokens=True))
        return out

    return translate


def translator(ctx):
    return ctx.resource("translator", lambda: load(ctx.config))


def configured_translator(ctx):
    """The engine's translator when a translation model is configured, else None (no suggestion to make)."""
    return translator(ctx) if ctx.config.neural.translation_model else None
