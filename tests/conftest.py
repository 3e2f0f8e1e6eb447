"""Shared fixtures: engines are built once per test session (models and automata load once)."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# the grammar cache of every CLI run in the tests (in-process or child) goes to a throw-away folder, never
# into the user's ~/.cache/mtqa
_CACHE_HOME = tempfile.mkdtemp(prefix="mtqa-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME
os.environ.pop("MTQA_DAEMON_SOCKET", None)  # nor into a daemon the user has running (tests/test_daemon.py starts its own)
os.environ.pop("MTQA_DAEMON", None)  # nor start one (auto), nor keep every command here (off): tests say which they need
atexit.register(shutil.rmtree, _CACHE_HOME, True)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "article.txt"
SAMPLES = ROOT / "corpora" / "samples"
CLEAN = ROOT / "corpora" / "clean"


def fresh_python(code: str) -> str:
    """Standard output of `code` run by a new interpreter with this checkout on its path: what a fresh start
    imports or loads, untouched by the modules this test process already holds."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout


@pytest.fixture(scope="session")
def rules_engine():
    from mtqa.config import load_config
    from mtqa.engine import Engine

    cfg = load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none", select=("ALL",))
    return Engine(cfg)


@pytest.fixture(scope="session")
def full_engine():
    from mtqa.config import load_config
    from mtqa.engine import Engine

    return Engine(load_config(ROOT / "configs" / "default.toml"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("../shared/seed/article.txt is not present")
    return SEED.read_text(encoding="utf-8")


def fixed_once(engine, text: str) -> str:
    """The text with one pass of `mtqa fix`'s edits (choose_fixes; no model's suggestion)."""
    from mtqa.issues import apply_edits, choose_fixes

    return apply_edits(text, choose_fixes(engine.check_text(text).issues, neural=False))


def engine_for(codes: tuple[str, ...]):
    from mtqa.config import load_config
    from mtqa.engine import Engine

    cfg = load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none", select=codes)
    return Engine(cfg)


def ctrl_c_after_commits(monkeypatch, commits: int = 2):
    """Make `--resume` runs raise KeyboardInterrupt (a Ctrl-C) once `commits` batches are recorded in the state.
    Returns the list of recorded batch sizes (it grows as the run goes) and the undo function."""
    from mtqa import resume

    real = resume.ResumeState.record
    sizes: list[int] = []

    def record_then_stop(self, done):
        real(self, done)
        sizes.append(len(done))
        if len(sizes) == commits:
            raise KeyboardInterrupt

    monkeypatch.setattr(resume.ResumeState, "record", record_then_stop)
    return sizes, lambda: monkeypatch.setattr(resume.ResumeState, "record", real)
