"""Suggested re-translations from a local seq2seq model (Marian opus-mt-fr-en or any AutoModelForSeq2SeqLM)."""

from __future__ import annotations

from mtqa.neural import batches, load_pretrained, torch_stack


def load(config):
    torch, transformers = torch_stack()
    path = config.neural.translation_model
    tokenizer = load_pretrained(transformers.AutoTokenizer, path, "translation-model")
    model = load_pretrained(transformers.AutoModelForSeq2SeqLM, path, "translation-model")
    model.eval()
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
