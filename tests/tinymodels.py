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


def marian_tokenizer(folder: Path, scratch: Path):
    """A real MarianTokenizer (sentencepiece models for source and target, and a shared vocabulary), as an
    opus-mt model ships it, trained on the bundled text."""
    import json

    import sentencepiece as spm
    from transformers import MarianTokenizer

    scratch.mkdir(parents=True, exist_ok=True)
    vocab = {"<pad>": 0, "</s>": 1, "<unk>": 2}
    for side in ("source", "target"):
        spm.SentencePieceTrainer.train(sentence_iterator=iter(_training_text()), model_prefix=str(scratch / side),
                                       vocab_size=400, model_type="unigram", character_coverage=1.0, pad_id=-1,
                                       bos_id=-1, eos_id=1, unk_id=2, minloglevel=2)
        pieces = spm.SentencePieceProcessor(model_file=str(scratch / f"{side}.model"))
        for n in range(pieces.get_piece_size()):
            vocab.setdefault(pieces.id_to_piece(n), len(vocab))
    (scratch / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    tok = MarianTokenizer(source_spm=str(scratch / "source.model"), target_spm=str(scratch / "target.model"),
                          vocab=str(scratch / "vocab.json"))
    tok.save_pretrained(folder)
    return tok


def build(root: Path) -> dict[str, Path]:
    """qe (BERT regression), lm (GPT-2), mt (Marian, with its sentencepiece tokenizer) and encoder (BERT)
    folders under root."""
    import torch
    from transformers import (BertConfig, BertForSequenceClassification, BertModel, GPT2Config, GPT2LMHeadModel,
                              MarianConfig, MarianMTModel)

    torch.manual_seed(0)
    out = {}
    for name in ("qe", "lm", "mt", "encoder"):
        out[name] = root / name
        out[name].mkdir(parents=True, exist_ok=True)
    tok = tokenizer(out["qe"])
    for name in ("lm", "encoder"):
        tok.save_pretrained(out[name])
    marian = marian_tokenizer(out["mt"], root / "spm")
    v = len(tok)
    bert = dict(vocab_size=v, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                max_position_embeddings=512, pad_token_id=tok.pad_token_id)
    BertForSequenceClassification(BertConfig(num_labels=1, problem_type="regression", **bert)).eval().save_pretrained(out["qe"])
    BertModel(BertConfig(**bert)).eval().save_pretrained(out["encoder"])
    GPT2LMHeadModel(GPT2Config(vocab_size=v, n_embd=32, n_layer=2, n_head=2, n_positions=512,
                               bos_token_id=tok.cls_token_id, eos_token_id=tok.eos_token_id)).save_pretrained(out["lm"])
    MarianMTModel(MarianConfig(vocab_size=len(marian), d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
                               decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=512,
                               pad_token_id=marian.pad_token_id, eos_token_id=marian.eos_token_id,
                               decoder_start_token_id=marian.pad_token_id, forced_eos_token_id=marian.eos_token_id)).save_pretrained(out["mt"])
    return out
