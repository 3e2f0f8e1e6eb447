"""What the translators' UI shows, built from the engine's results: highlighted spans, the findings list,
accepting fixes one by one, the corrected copy with a diff, and batch reports. Nothing here knows Gradio."""

from __future__ import annotations

import difflib
import html
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mtqa.config import load_config
from mtqa.engine import Engine, Result
from mtqa.errors import MtqaError
from mtqa.formats.html import FAMILY_NAMES, colour
from mtqa.formats.jsonout import document_dict
from mtqa.issues import Issue, apply_edits, choose_fixes
from mtqa.report import Report, family_of

FAMILIES = {
    "repetition": ("REP",),
    "calques": ("CAL",),
    "quotes": ("QUO",),
    "duplication": ("DUP",),
    "boilerplate": ("BOI",),
    "typography": ("TYP",),
    "bilingual": ("BIL",),
    "fluency": ("FLU",),
    "grammar": ("HARPER:", "LT:", "AGR"),
}
DEFAULT_MAX_CHARS = 100_000


def family_label(rule: str) -> str:
    return FAMILY_NAMES.get(family_of(rule), "other")


def legend_colours() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, prefixes in FAMILIES.items():
        out[name] = colour(prefixes[0])
    return out


@lru_cache(maxsize=8)
def engine_for(style: str, families: tuple[str, ...], neural: bool | None = None) -> Engine:
    """Engines are built once per (house style, families, neural layer) and reused by every request; the
    models of the neural layer are loaded by the first request that asks for it."""
    cfg = load_config()
    # unticked families are ignored; the config's own selection (and rules that are off by default) stand
    ignore = cfg.ignore + tuple(p for f, prefixes in FAMILIES.items() if f not in families for p in prefixes)
    grammar = cfg.grammar if "grammar" in families else "none"
    return Engine(cfg.with_overrides(house_style=style, ignore=ignore, grammar=grammar, neural=neural))


def warm_up(style: str = "us") -> None:
    """Build the default engine and load its models before the first user arrives."""
    engine_for(style, tuple(sorted(FAMILIES))).check_text("Warm-up: the minister said announced the plan on Friday.")


@dataclass
class Review:
    result: Result
    fixable: list[int]  # indices into result.issues of findings that have a fix

    @property
    def issues(self) -> list[Issue]:
        return self.result.issues

    @property
    def automatic(self) -> list[int]:
        """The fixes `mtqa fix` applies without asking: all but those only the neural layer suggests."""
        return [n for n in self.fixable if self.issues[n].origin != "neural"]

    def document(self) -> dict:
        return document_dict(self.result)

    def counts(self) -> dict[str, int]:
        return dict(Counter(family_label(i.rule) for i in self.issues))

    def highlighted(self) -> list[tuple[str, str | None]]:
        """(text, family) chunks for a highlighted view; nested findings show as their outermost span."""
        text = self.result.document.text
        out, pos = [], 0
        for i in sorted(self.issues, key=lambda i: (i.start, -i.end)):
            if i.start < pos or i.end <= i.start:
                continue
            if i.start > pos:
                out.append((text[pos:i.start], None))
            span = text[i.start:i.end]
            core = span.rstrip() or span  # the blank line a deletion takes with it is not highlighted
            out.append((core, family_label(i.rule)))
            if len(core) < len(span):
                out.append((span[len(core):], None))
            pos = i.end
        if pos < len(text):
            out.append((text[pos:], None))
        return out

    def choice_labels(self) -> list[str]:
        labels = []
        for n in self.fixable:
            i = self.issues[n]
            line, _ = self.result.document.line_col(i.start)
            fix = i.suggestions[0]
            shown = _clip(i.text)
            labels.append(f"#{n + 1} {i.rule} line {line}: {shown!r} → {repr(_clip(fix)) if fix else '(delete)'}")
        return labels

    def findings_rows(self) -> list[list]:
        rows = []
        for n, i in enumerate(self.issues):
            line, col = self.result.document.line_col(i.start)
            fixes = " | ".join(repr(s) if s else "(delete)" for s in i.suggestions[:3])
            message = i.message + (f" (confidence {i.confidence:.2f})" if i.confidence is not None else "")
            rows.append([n + 1, i.rule, str(i.severity), family_label(i.rule), f"{line}:{col}", _clip(i.text), message, fixes])
        return rows

    def summary_markdown(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.counts().items())) or "none"
        parts = [f"**Score {self.result.score}** · {self.result.words} words · {len(self.issues)} finding(s) ({counts})"]
        if self.result.metrics:
            m = self.result.metrics
            parts.append(f"BLEU {m['bleu']} · chrF++ {m['chrf++']} · TER {m['ter']}")
        return "  \n".join(parts)


def _clip(s: str, n: int = 60) -> str:
    s = " / ".join(part.strip() for part in s.strip().splitlines() if part.strip())
    return s if len(s) <= n else s[: n - 1] + "…"


def review(text: str, source: str = "", reference: str = "", style: str = "us",
           families: tuple[str, ...] = tuple(FAMILIES), max_chars: int = DEFAULT_MAX_CHARS, neural: bool = False) -> Review:
    if not text or not text.strip():
        raise MtqaError("paste the English copy to check")
    for name, value in (("English copy", text), ("source", source), ("reference", reference)):
        if value and len(value) > max_chars:
            raise MtqaError(f"The {name} is {len(value):,} characters; the limit here is {max_chars:,}. Check long files with the CLI.")
    engine = engine_for(style, tuple(sorted(families)), True if neural else None)
    result = engine.check_text(text, source=source or None, reference=reference or None)
    fixable = [n for n, i in enumerate(result.issues) if i.suggestions]
    return Review(result, fixable)


def accepted_indices(labels: list[str]) -> list[int]:
    """Finding indices from the choice labels the translator ticked ("#3 CAL002 ...")."""
    out = []
    for label in labels or []:
        m = re.match(r"#(\d+) ", label)
        if m:
            out.append(int(m.group(1)) - 1)
    return out


def apply_accepted(rev: Review, accepted: list[int]) -> str:
    chosen = [rev.issues[n] for n in accepted if 0 <= n < len(rev.issues)]
    return apply_edits(rev.result.document.text, choose_fixes(chosen))


def diff_html(original: str, fixed: str) -> str:
    """Word-level diff: deletions struck through in red, insertions in green."""
    a = re.findall(r"\s+|[^\s]+", original)
    b = re.findall(r"\s+|[^\s]+", fixed)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f'<del style="background:#ffd7d5">{html.escape("".join(a[i1:i2]))}</del>')
        if j2 > j1:
            out.append(f'<ins style="background:#ccffd8">{html.escape("".join(b[j1:j2]))}</ins>')
    return f'<div class="mtqa-diff" style="white-space:pre-wrap;font-family:Georgia,serif;line-height:1.6">{"".join(out)}</div>'


def batch(paths: list[str], style: str = "us", families: tuple[str, ...] = tuple(FAMILIES),
          neural: bool = False) -> tuple[list[list], str, str]:
    """Check uploaded files (any format mtqa reads): per-document rows and paths of a JSON and an HTML report."""
    from mtqa.batch import run_batch
    from mtqa.formats import html as html_writer
    from mtqa.formats import jsonout

    engine = engine_for(style, tuple(sorted(families)), True if neural else None)
    report = Report(fail_on=engine.config.fail_on, fail_under=engine.config.fail_under, signature=engine.signature)
    run_batch(engine, paths, report, quiet=True)
    rows = [[Path(r.document.path or "-").name, r.document.id or "", r.words, r.score, len(r.issues),
             ", ".join(f"{k} {v}" for k, v in sorted(Counter(family_label(i.rule) for i in r.issues).items()))]
            for r in report.results]
    rows += [[Path(e.path).name, "", 0, None, None, f"could not read: {e.message}"] for e in report.errors]
    out = Path(tempfile.mkdtemp(prefix="mtqa-report-"))
    (out / "mtqa-report.json").write_text(jsonout.render(report), encoding="utf-8")
    (out / "mtqa-report.html").write_text(html_writer.render(report), encoding="utf-8")
    return rows, str(out / "mtqa-report.json"), str(out / "mtqa-report.html")
