"""HTML of the review view, rendered from a review Session: the annotated copy (findings as nested <mark>s,
each with its popover in a hidden <div>), the findings list with filters, the summary, the diff of the applied
fixes, and the source beside the target. The markup follows the HTML report's (mtqa.formats.html)."""

from __future__ import annotations

import bisect
import html
import itertools
import json
import re
from collections import Counter
from functools import lru_cache

from mtqa.document import Utf16Offsets
from mtqa.formats.html import FAMILY_COLOURS
from mtqa.issues import Issue
from mtqa.report import family_of
from mtqa.review import SPELLING, FAMILIES, Session, _clip, family_label

SEVERITY_MARK = {"minor": "", "major": "!", "critical": "!!"}
SEVERITY_TEXT = {"minor": "minor: dotted underline", "major": "major: solid underline, !", "critical": "critical: double underline, !!"}
esc = html.escape
NUL_MARK = "\u2400"  # ␀: how the page shows a NUL, which an HTML parser drops from the text


def copy_html(text: str) -> str:
    """Copy as the page's HTML: escaped, and each NUL shown as ␀ in a span that review.js reads back as a NUL.
    An HTML parser drops a NUL from the text, so the page's copy (and every offset past it) would be one short."""
    out = esc(text)
    if "\x00" in out:
        out = re.sub("\x00+", lambda m: f'<span class="mtqa-nul" title="NUL character">{NUL_MARK * len(m.group())}</span>', out)
    return out


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def message_html(message: str) -> str:
    """A finding's message as HTML: escaped, each Markdown code span of Harper's messages ("use `it's` here") shown
    as code, without its backticks."""
    out, pos = [], 0
    for m in _CODE_SPAN.finditer(message):
        out.append(f"{esc(message[pos:m.start()])}<code>{esc(m.group(1))}</code>")
        pos = m.end()
    return "".join(out) + esc(message[pos:])


def message_text(message: str) -> str:
    """A finding's message as plain text (a label, a tooltip): Harper's code spans in quotation marks."""
    return _CODE_SPAN.sub(r"“\1”", message)


@lru_cache(maxsize=1)
def _rules() -> dict:
    from mtqa.rules import ALL_RULES

    return {r.code: r for r in ALL_RULES}


def _fam(rule: str) -> str:
    return family_label(rule)


def _fam_class(rule: str) -> str:
    return "fam-" + family_of(rule).lower()


def family_css() -> str:
    """One background per family, from the HTML report's palette (dark text on pastel passes WCAG AA)."""
    return "".join(f".mtqa-f.fam-{p.lower()},.mtqa-swatch.fam-{p.lower()}{{background:{c}}}" for p, c in FAMILY_COLOURS.items())


def legend() -> str:
    fams = "".join(f'<li><span class="mtqa-swatch {_fam_class(prefixes[0])}">{esc(name)}</span></li>'
                   for name, prefixes in FAMILIES.items())
    sevs = "".join(f'<li><span class="mtqa-sevkey sev-{s}">{esc(t)}</span></li>' for s, t in SEVERITY_TEXT.items())
    return (f'<section class="mtqa-legend" aria-labelledby="mtqa-legend-title"><h2 id="mtqa-legend-title">Legend</h2>'
            f'<ul aria-label="Rule families">{fams}</ul><ul aria-label="Severity">{sevs}</ul></section>')


def _label(n: int, i: Issue) -> str:
    name = getattr(_rules().get(i.rule), "name", "")
    return f"Finding {n + 1}: {i.rule} {name}, {i.severity}. {message_text(i.message)}"


def _term(i: Issue) -> str:
    """The key under which "Add to accepted terms" silences a spelling finding (as Session.is_term reads it)."""
    return i.text.strip().lower() if i.category == SPELLING else ""


def _edit_attrs(session: Session, n: int, k: int, to_current, open_set: list[int], units: Utf16Offsets) -> str:
    """What the browser needs to apply this suggestion at once, before the server confirms it: the span of the
    corrected copy it replaces (in the page's UTF-16 units), the replacement, the words it adds and the findings it
    settles."""
    edit = session.planned_edit(n, k)
    start = to_current(edit.start)
    more = session.planned_more(n, k)  # a document-wide finding's fix: every other word it changes
    settles = " ".join(str(m) for m in dict.fromkeys(m for e in [edit, *more] for m in session.settled_with(e, open_set)) if m != n)
    attrs = (f' data-s="{units(start)}" data-e="{units(to_current(edit.end))}" data-rep="{esc(edit.replacement, quote=True)}"'
             f' data-dw="{sum(session.word_delta(e) for e in [edit, *more])}" data-settles="{settles}"')
    if more:
        spans = [[units(to_current(e.start)), units(to_current(e.end)), e.replacement] for e in more]
        attrs += f' data-more="{esc(json.dumps(spans, ensure_ascii=False), quote=True)}"'
    return attrs


def _popover(n: int, i: Issue, edit=lambda k: "", shown=None) -> str:
    """The finding's popover; `shown` gives the text of each suggestion as applying it writes it (a wider fix that
    keeps a smaller one made inside it shows the corrected words, not the ones first checked)."""
    rule = _rules().get(i.rule)
    name = rule.name if rule else i.rule.split(":", 1)[-1]
    why = f'<p class="mtqa-why">{esc(rule.why)}</p>' if rule else ""
    sure = f" (confidence {i.confidence:.2f})" if i.confidence is not None else ""
    model = ' <span class="mtqa-model">suggested by a model: check it</span>' if i.origin == "neural" else ""
    suggestions = "".join(
        f'<button type="button" class="mtqa-sugg" data-act="accept:{n}:{k}"{edit(k)} aria-label="Apply suggestion {k + 1}: '
        f'{esc(s or "delete", quote=True)}">{esc(_clip(s, 80)) if s else "<em>(delete)</em>"}</button>'
        for k, s in enumerate(shown or i.suggestions))
    suggestions = (f'<div class="mtqa-suggs" role="group" aria-label="Suggestions">{suggestions}</div>' if suggestions
                   else '<p class="mtqa-nofix">No automatic fix: edit the copy.</p>')
    if i.review and i.suggestions:
        suggestions = ('<p class="mtqa-nofix">A guess at a word the dictionary lacks (a name or a foreign word, perhaps): '
                       'check it before you accept it; Accept all leaves it.</p>' + suggestions)
    if i.also:  # a document-wide finding: say what else accepting it changes
        more = len(i.also)
        suggestions += (f'<p class="mtqa-also">Accept also changes {more} more word{"s" if more != 1 else ""} of the copy the '
                        f'same way: {esc(", ".join(_clip(e.replacement, 20) for e in i.also[:6]))}{"…" if more > 6 else ""}.</p>')
    accept = f'<button type="button" class="mtqa-primary" data-act="accept:{n}:0"{edit(0)}>Accept</button>' if i.suggestions else ""
    term = (f'<button type="button" data-act="term:{n}">Add “{esc(_clip(i.text, 30))}” to accepted terms</button>'
            if i.category == SPELLING else "")
    # a hidden <div>, not a <template>: Gradio patches the HTML in place, and a patched <template> keeps old content
    return (f'<div class="mtqa-tpl" id="mtqa-tpl-{n}" hidden><div class="mtqa-pophead"><code>{esc(i.rule)}</code> <strong>{esc(name)}</strong> '
            f'<span class="mtqa-sev sev-{i.severity}">{i.severity}</span> <span class="mtqa-famname">{esc(_fam(i.rule))}</span></div>'
            f'<p class="mtqa-msg">{message_html(i.message)}{esc(sure)}{model}</p>{why}{suggestions}'
            f'<div class="mtqa-acts">{accept}<button type="button" data-act="ignore:{n}">Ignore</button>'
            f'<button type="button" data-act="rule:{n}">Ignore rule {esc(i.rule)}</button>{term}'
            f'<button type="button" class="mtqa-link" data-act="always:{n}">Always ignore {esc(i.rule)}</button></div></div>')


def _shown(session: Session, n: int, edits: list) -> list[str] | None:
    """The suggestions of finding n as applying them would write them, when a fix made inside it (one of the
    session's `edits`) changes them."""
    i = session.issues[n]
    if not i.suggestions or not any(i.start <= e.start and e.end <= i.end for e in edits):
        return None
    return [session.planned_edit(n, k).replacement or s for k, s in enumerate(i.suggestions)]


def _visible_end(text: str, start: int, end: int) -> int:
    core = text[start:end].rstrip()  # a deleted paragraph's span ends in its blank line: mark the words only
    return start + len(core) if core else end


def annotated(session: Session, open_findings: list[int], revision: int) -> str:
    """The corrected copy with every open finding marked; overlapping marks are split so the markup nests."""
    text = session.text()
    to_current = session.shift()
    units = Utf16Offsets(text)
    spans = []
    for n in open_findings:
        i = session.issues[n]
        if i.end <= i.start:
            continue  # a whole-document finding (an internal error) is only in the list
        s = to_current(i.start)
        e = to_current(i.end)  # an open finding may hold a smaller fix accepted inside it
        ve = _visible_end(text, s, e)
        if ve > s:
            spans.append((s, ve, n))
    spans.sort(key=lambda t: (t[0], -t[1]))
    bounds = sorted({0, len(text), *(b for s, e, _ in spans for b in (s, e))})
    starts: dict[int, list] = {}
    for sp in spans:
        starts.setdefault(sp[0], []).append(sp)
    out: list[str] = []
    stack: list[tuple] = []  # open marks, outermost first
    active: list[tuple] = []
    first_fragment: set[int] = set()

    def open_mark(sp):
        s, e, n = sp
        i = session.issues[n]
        attrs = f'class="mtqa-f {_fam_class(i.rule)} sev-{i.severity}{" mtqa-inner" if stack else ""}" data-n="{n}" ' \
                f'data-fam="{_fam(i.rule)}" data-sev="{i.severity}"'
        if n not in first_fragment:
            first_fragment.add(n)
            attrs += f' id="mtqa-f-{n}"'
        out.append(f"<mark {attrs}>")
        stack.append(sp)

    def close_mark(pos):
        s, e, n = stack.pop()
        if e == pos:
            i = session.issues[n]
            # the label is the finding's keyboard handle: marks nest, buttons must not
            out.append(f'<sup class="mtqa-tag" role="button" tabindex="0" aria-haspopup="dialog" data-n="{n}" '
                       f'aria-label="{esc(_label(n, i), quote=True)}">{esc(i.rule)}{SEVERITY_MARK[str(i.severity)]}</sup>')
        out.append("</mark>")

    for a, b in zip(bounds, bounds[1:]):
        active = [sp for sp in active if sp[1] > a] + starts.get(a, [])
        active.sort(key=lambda t: (t[0], -t[1]))
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        while len(stack) > keep:
            close_mark(a)
        for sp in active[keep:]:
            open_mark(sp)
        out.append(copy_html(text[a:b]))
    while stack:
        close_mark(len(text))
    edits = session.edits()
    templates = "".join(_popover(n, session.issues[n], lambda k, n=n: _edit_attrs(session, n, k, to_current, open_findings,
                                                                                        units), _shown(session, n, edits))
                        for n in open_findings)
    crlf = ' data-newline="crlf"' if session.newline == "\r\n" else ""
    return (f'<div class="mtqa-review" data-rev="{revision}" data-seq="{session.seq}" data-sid="{session.sid}"{crlf}><p class="mtqa-stale-note" role="status">The copy has changed '
            f'since this check: checking again…</p><div class="mtqa-text" lang="en" aria-label="Copy with findings">{"".join(out)}</div>'
            f'{templates}{legend()}</div>')


def findings_list(session: Session, open_findings: list[int], revision: int) -> str:
    # the line and the words in the copy as it now reads (an accepted fix may have removed or added lines above the
    # finding, or changed words inside it: a calque fixed inside a "Read also" line)
    text = session.text()
    newlines = [m.start() for m in re.finditer("\n", text)]
    to_current = session.shift()
    rows = []
    for n in open_findings:
        i = session.issues[n]
        line = bisect.bisect_left(newlines, to_current(i.start)) + 1
        words = text[to_current(i.start):to_current(i.end)]
        fix = " · ".join(f"“{esc(_clip(s, 40))}”" if s else "(delete)" for s in i.suggestions[:3]) or "no automatic fix"
        sure = f" (confidence {i.confidence:.2f})" if i.confidence is not None else ""
        rows.append(
            f'<li data-n="{n}" data-fam="{_fam(i.rule)}" data-sev="{i.severity}" data-rule="{esc(i.rule)}" '
            f'data-term="{esc(_term(i), quote=True)}" data-pts="{session.penalty(i)}"><button type="button" class="mtqa-row" data-n="{n}" '
            f'id="mtqa-row-{n}"><span class="mtqa-rowhead"><span class="mtqa-swatch {_fam_class(i.rule)}">{esc(i.rule)}</span> '
            f'<span class="mtqa-sev sev-{i.severity}">{i.severity}</span> {esc(_fam(i.rule))} · line {line}</span>'
            f'<span class="mtqa-excerpt">“{copy_html(_clip(words, 70))}”</span><span class="mtqa-msg">{message_html(i.message)}{esc(sure)}</span>'
            f'<span class="mtqa-fix">Fix: {fix}</span></button></li>')
    fam_counts = Counter(_fam(session.issues[n].rule) for n in open_findings)
    sev_counts = Counter(str(session.issues[n].severity) for n in open_findings)
    fam_boxes = "".join(f'<label><input type="checkbox" class="mtqa-filter" data-kind="fam" value="{f}" checked> {f} '
                        f'({fam_counts[f]})</label>' for f in FAMILIES if fam_counts[f])
    sev_boxes = "".join(f'<label><input type="checkbox" class="mtqa-filter" data-kind="sev" value="{s}" checked> {s} '
                        f'({sev_counts[s]})</label>' for s in ("critical", "major", "minor") if sev_counts[s])
    empty = "" if rows else '<p class="mtqa-empty">No open findings.</p>'
    return (f'<div class="mtqa-listpanel" data-rev="{revision}"><div class="mtqa-listtools">'
            f'<button type="button" class="mtqa-primary" data-act="all">Accept all safe fixes</button>'
            f'<button type="button" data-act="reset">Undo all decisions</button></div>'
            f'<fieldset class="mtqa-filters"><legend>Show families</legend>{fam_boxes or "–"}</fieldset>'
            f'<fieldset class="mtqa-filters"><legend>Show severities</legend>{sev_boxes or "–"}</fieldset>'
            f'<ol class="mtqa-list" aria-label="Findings">{"".join(rows)}</ol>{empty}</div>')


def summary(session: Session, open_findings: list[int]) -> str:
    score, words = session.score(open_findings)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(session.counts(open_findings).items())) or "none"
    fixed = len(session.history) + len(session.accepted)  # with the fixes of earlier checks of this document
    done = f" · {fixed} fixed, {len(session.ignored)} ignored" if fixed or session.ignored else ""
    # what this review (or an earlier one, for "Always ignore" and accepted terms) switched off, each with its way back
    hidden = Counter(i.rule for i in session.issues)  # what each ignored rule hides in this copy
    rules = "".join(f' <button type="button" class="mtqa-undo" data-act="restore:{esc(r)}" aria-label="Check {esc(r)} '
                    f'again ({hidden[r]} hidden)">{esc(r)} ({hidden[r]} hidden) ✕</button>' for r in sorted(session.ignored_rules))
    rules = f" · ignoring{rules}" if rules else ""
    terms = "".join(f' <button type="button" class="mtqa-undo" data-act="unterm:{n}" aria-label="Stop accepting '
                    f'{esc(t, quote=True)}">“{esc(_clip(t, 30))}” ✕</button>' for t, n in sorted(session.terms_in_use().items()))
    terms = f" · accepted terms{terms}" if terms else ""
    metrics = ""
    if session.result.metrics:
        m = session.result.metrics
        metrics = f'<p>BLEU {m["bleu"]} · chrF++ {m["chrf++"]} · TER {m["ter"]} (of the copy as checked)</p>'
    # (read out by the page's own live region, #mtqa-live: a status inserted with new markup is often not announced)
    note = f'<p class="mtqa-note">{esc(session.message)}</p>' if session.message else ""
    if session.foreign_source:  # said for as long as it holds (the message above is the last action's)
        note = f'<p class="mtqa-warn">{esc(session.foreign_note(short=True))}</p>' + note
    return (f'<div class="mtqa-summary" data-words="{words}" data-seq="{session.seq}"><p><strong class="mtqa-score">Score '
            f'<span class="mtqa-score-v">{score}</span></strong> · <span class="mtqa-words">{words}</span> words · '
            f'<span class="mtqa-open">{len(open_findings)}</span> open finding(s) (<span class="mtqa-counts">{esc(counts)}'
            f'</span>){done}{rules}{terms}</p>{metrics}{note}</div>')


def diff(session: Session) -> str:
    """The corrected copy with each applied fix shown where it stands: built from the edits themselves."""
    base = session.base
    out, pos = [], 0
    edits = session.fixes()
    for e, n in edits:
        out.append(copy_html(base[pos:e.start]))
        old, new = base[e.start:e.end], e.replacement
        rule = session.issues[n].rule
        back = f"bring back “{_clip(old, 40)}”" if old.strip() else "take out the insertion"
        if session.also.get(n):  # a document-wide fix (SPL001): one decision, every word it changed
            others = len(session.also[n])
            back += f" and the {others} other word{'s' if others != 1 else ''} it changed"
        undo = (f'<button type="button" class="mtqa-undo" data-act="undo:{n}" title="Undo this fix" '
                f'aria-label="{esc(f"Undo the {rule} fix: {back}", quote=True)}">↶</button>')
        out.append('<span class="mtqa-chg">' + (f"<del>{copy_html(old)}</del>" if old else "")
                   + (f"<ins>{copy_html(new)}</ins>" if new else "") + undo + "</span>")
        pos = e.end
    out.append(copy_html(base[pos:]))
    changes, decisions = len(session.history) + len(edits), len(session.history) + len(session.accepted)
    of = f" by {decisions} fix{'es' if decisions != 1 else ''}" if changes != decisions else ""  # (SPL001: one fix, many words)
    head = f'<p class="mtqa-diffhead">{changes} change(s) applied{of}.</p>'
    # the fixes accepted before the copy was last edited and checked again (or checked with a setting that no
    # longer flags what they fixed): part of the checked copy now, so not marked in it, but still on the record of
    # this document until another story is checked
    earlier = "".join(f'<li class="mtqa-was"><code>{esc(c.rule)}</code> ' + (f"<del>{copy_html(_clip(c.old, 80))}</del>" if c.old else "")
                      + (" → " if c.old and c.new else "") + (f"<ins>{copy_html(_clip(c.new, 80))}</ins>" if c.new else "(deleted)")
                      + "</li>" for c in session.history)
    earlier = (f'<p class="mtqa-washead">Accepted before the copy was last checked (part of it now):</p><ol class="mtqa-earlier">{earlier}</ol>'
               if earlier else "")
    now = (f'<p class="mtqa-washead">Since:</p>' if earlier and edits else "")
    return (f'<div class="mtqa-diff">{head}{earlier}{now}<div class="mtqa-difftext">{"".join(out) if edits else ""}</div></div>')


def source_view(session: Session) -> str:
    """Source and target sentence by sentence; a bilingual finding is marked on both sides."""
    if not session.source:
        return ""
    from mtqa.align import align
    from mtqa.document import Document

    target = Document(text=session.base)
    pairs = align(Document(text=session.source, lang="fr").sentences, target.sentences)
    bilingual = [(n, i) for n, i in enumerate(session.issues) if i.rule.startswith("BIL") and i.end > i.start]
    rows = []
    for p in pairs:
        t0 = p.target[0].start if p.target else None
        t1 = p.target[-1].end if p.target else None
        hits = [(n, i) for n, i in bilingual if t0 is not None and t0 <= i.start < t1]
        tgt = session.base[t0:t1] if p.target else ""
        if hits and p.target:
            parts, pos = [], t0
            for n, i in sorted(hits, key=lambda h: h[1].start):
                if i.start < pos:
                    continue
                parts.append(copy_html(session.base[pos:i.start]))
                parts.append(f'<mark class="mtqa-f fam-bil sev-{i.severity}" data-n="{n}" title="{esc(i.rule)}: '
                             f'{esc(message_text(i.message), quote=True)}">{copy_html(session.base[i.start:min(i.end, t1)])}</mark>')
                pos = min(i.end, t1)
            parts.append(copy_html(session.base[pos:t1]))
            tgt_html = "".join(parts)
        else:
            tgt_html = copy_html(tgt)
        src = " ".join(s.text for s in p.source)
        # an omitted sentence (BIL005) is marked on the source sentence it quotes, which stands in a pair of its own
        # with nothing on the English side; its English anchor, the neighbouring sentence, is marked on that side
        src_hits = [(n, i) for n, i in hits if i.rule != OMITTED_SENTENCE]
        omitted = [(n, i) for n, i in bilingual if i.rule == OMITTED_SENTENCE and _omits(src, i)] if src and not p.target else []
        src_html = (_source_marks(src, src_hits) if src_hits and src
                    else "".join(f'<mark class="mtqa-f fam-bil sev-{i.severity}" data-n="{n}" title="{esc(i.rule)}: '
                                 f'{esc(message_text(i.message), quote=True)}">{copy_html(src)}</mark>' for n, i in omitted[:1])
                    or copy_html(src))
        rows.append(f'<div class="mtqa-pair{" mtqa-hit" if hits or omitted else ""}"><div class="mtqa-src" lang="fr">{src_html or "<em>(nothing)</em>"}'
                    f'</div><div class="mtqa-tgt" lang="en">{tgt_html or "<em>(nothing)</em>"}</div></div>')
    return (f'<section class="mtqa-bitext" aria-labelledby="mtqa-bitext-title"><h2 id="mtqa-bitext-title">Source beside target</h2>'
            f'<div class="mtqa-pair mtqa-pairhead" aria-hidden="true"><div>French source</div><div>English copy (as checked)</div></div>'
            f'{"".join(rows)}</section>')


_QUOTED = re.compile(r"'([^']+)'|\"([^\"]+)\"")
OMITTED_SENTENCE = "BIL005"


def _omits(src: str, issue: Issue) -> bool:
    """Whether an omitted-sentence finding names this source sentence: its message quotes the sentence in “ ”
    (cut with "…" when long), whatever quotation marks the sentence holds itself."""
    said = issue.message.partition(": “")[2].removesuffix("”").removesuffix("…").strip()
    return bool(said) and " ".join(src.split()).startswith(" ".join(said.split()))


def _source_span(src: str, issue: Issue) -> tuple[int, int] | None:
    """Where in the source sentence a bilingual finding points: the first word or phrase its message quotes
    that the sentence holds ("... which has '15 %' here", "The source names 'Sébastien Lecornu'")."""
    for m in _QUOTED.finditer(issue.message):
        quoted = (m.group(1) or m.group(2)).removesuffix("…").strip()
        if len(quoted) < 2 or quoted == issue.text.strip():
            continue
        at = src.find(quoted)
        if at < 0:
            at = src.lower().find(quoted.lower())
        if at >= 0:
            return at, at + len(quoted)
    return None


def _source_marks(src: str, hits: list[tuple[int, Issue]]) -> str:
    """The source sentence with the exact span of each bilingual finding marked; a finding whose span cannot be
    found in the sentence marks the whole sentence around the others."""
    spans, whole = [], None
    for n, i in hits:
        span = _source_span(src, i)
        if span:
            spans.append((*span, n, i))
        elif whole is None:
            whole = (n, i)
    parts, pos = [], 0
    for a, b, n, i in sorted(spans, key=lambda t: t[0]):
        if a < pos:
            continue
        parts.append(copy_html(src[pos:a]))
        parts.append(f'<mark class="mtqa-f fam-bil sev-{i.severity}" data-n="{n}" title="{esc(i.rule)}: '
                     f'{esc(message_text(i.message), quote=True)}">{copy_html(src[a:b])}</mark>')
        pos = b
    parts.append(copy_html(src[pos:]))
    inner = "".join(parts)
    if whole:
        n, i = whole
        return f'<mark class="mtqa-f fam-bil sev-{i.severity}" data-n="{n}">{inner}</mark>'
    return inner


_MESSAGES = itertools.count(1)


def message(text: str, kind: str = "error") -> str:
    """A message for the page; each one is new markup (its serial), so the page meets the same error twice."""
    role = "alert" if kind in ("error", "warning") else "status"
    return (f'<div class="mtqa-message mtqa-{kind}" role="{role}" data-serial="{next(_MESSAGES)}">{esc(text)}</div>'
            if text else "")
