"""Tiny transformers models built here from a config, with random weights, for testing the neural layer's
loading, batching and span mapping for real without downloading anything. Their scores mean nothing."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _training_text() -> list[str]:
    files = sorted((ROOT / "corpora" / "clean").glob("*.txt")) + sorted((ROOT / "corpora" / "samples" / "bilingual").glob("*.txt"))
    return [line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def tokenizer(folder: Path):
    """A small BPE tokenizer (fast, with offsets) trained on the bundled French and English text."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.decoder = decoders.BPEDecoder()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[EOS]"]
    tok.train_from_iterator(_training_text(), trainers.BpeTrainer(vocab_size=800, special_tokens=specials))
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", eos_token="[EOS]", model_max_length=512)
    fast.save_pretrained(folder)
    return fast


def build(root: Path) -> dict[str, Path]:
    """qe (BERT regression), lm (GPT-2), mt (Marian) and encoder (BERT) folders under root."""
    import torch
    from transformers import (BertConfig, BertForSequenceClassification, BertModel, GPT2Config, GPT2LMHeadModel,
                              MarianConfig, MarianMTModel)

    torch.manual_seed(0)
    out = {}
    for name in ("qe", "lm", "mt", "encoder"):
        out[name] = root / name
        out[name].mkdir(parents=True, exist_ok=True)
    tok = tokenizer(out["qe"])
    for name in ("lm", "mt", "encoder"):
        tok.save_pretrained(out[name])
    v = len(tok)
    bert = dict(vocab_size=v, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                max_position_embeddings=512, pad_token_id=tok.pad_token_id)
    BertForSequenceClassification(BertConfig(num_labels=1, problem_type="regression", **bert)).eval().save_pretrained(out["qe"])
    BertModel(BertConfig(**bert)).eval().save_pretrained(out["encoder"])
    GPT2LMHeadModel(GPT2Config(vocab_size=v, n_embd=32, n_layer=2, n_head=2, n_positions=512,
                               bos_token_id=tok.cls_token_id, eos_token_id=tok.eos_token_id)).save_pretrained(out["lm"])
    MarianMTModel(MarianConfig(vocab_size=v, d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
                               decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=512,
                               pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id,
                               decoder_start_token_id=tok.pad_token_id, forced_eos_token_id=tok.eos_token_id)).save_pretrained(out["mt"])
    return out
