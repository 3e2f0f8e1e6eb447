"""mtqa's web UI for translators (Gradio): layout and wiring only; checking is mtqa.review -> the engine, and the
review view's markup is mtqa.ui.view.

    python app.py [--host 127.0.0.1] [--port 7860] [--max-chars 100000] [--max-upload-mb 5]
Basic auth: set MTQA_UI_AUTH="user:password". Analytics are off and no share link is ever created.
Accepted terms and ignored rules are kept in the review store (review-store in mtqa.toml, or $MTQA_STORE).
"""

from __future__ import annotations

import argparse
import atexit
import functools
import gc
import hashlib
import inspect
import os
import re
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import gradio as gr  # noqa: E402

from mtqa import review as rv  # noqa: E402
from mtqa.errors import MtqaError  # noqa: E402
from mtqa.ui import asset  # noqa: E402
from mtqa.ui import view  # noqa: E402

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "corpora" / "samples"
if not SAMPLES.is_dir():  # installed wheel: the samples ship inside the package
    from mtqa.resources import data_path

    SAMPLES = data_path("corpora", "samples")
FAMILY_CHOICES = list(rv.FAMILIES)
# Local fonts only: the default theme would fetch web fonts from a CDN, and mtqa makes no outside requests.
THEME = gr.themes.Default(primary_hue="blue", font=["system-ui", "Helvetica", "Arial", "sans-serif"],
                          font_mono=["ui-monospace", "monospace"]).set(
    # white on Gradio's orange is 3.5:1; WCAG AA asks 4.5:1
    button_primary_background_fill="#0b57d0", button_primary_background_fill_hover="#0842a0",
    button_primary_text_color="#ffffff", button_primary_border_color="#0b57d0")
CSS = asset("review.css") + view.family_css() + """
#mtqa-intro h1 { font-size: 1.35rem; margin: 0; } #mtqa-intro p { margin: .1rem 0 0; }
"""
HEAD = f"<script>{asset('review.js')}</script>"
MAX_UPLOAD_MB = 5
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # in a str from JSON every surrogate is a lone one


def launch_options(max_upload_mb: float = MAX_UPLOAD_MB) -> dict:
    """What `launch` needs besides host and port: the theme, the view's stylesheet and script, the upload bound.
    Gradio's run history is off: it kept every check's copy and rendered view in the browser's localStorage (up to
    100 runs, a few MB, rewritten several times per event: about 40-60 ms of each check in Chromium), and copy under
    review is not the browser's to keep. (Gradio releases before the run history have no such option.)"""
    options = {"theme": THEME, "css": CSS, "head": HEAD, "max_file_size": int(max_upload_mb * 1024 * 1024), "footer_links": ["api"]}
    if "run_history" in inspect.signature(gr.Blocks.launch).parameters:
        options["run_history"] = False
    return options


def _clean(text: str | None) -> str | None:
    """The copy as the page and the engine take it. The page holds \n line ends (as a browser parses HTML
    and a textarea): a file saved with \r\n, opened from Batch, would otherwise put every offset the page applies a
    fix at off by one per line. A lone UTF-16 surrogate (a browser string cut in the middle of an emoji) cannot be
    written as UTF-8, so the Download file failed and the check ended in a bare "Error": it becomes U+FFFD, one
    UTF-16 unit as before (in the source and the reference too)."""
    if not text:
        return text
    return _LONE_SURROGATE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _show_source(source: str, reference: str):
    """The source panel opened when a sample article or a Batch row fills it (it starts closed), left as it is
    otherwise."""
    return gr.Accordion(open=True) if (source or "").strip() or (reference or "").strip() else gr.skip()


def _examples() -> list[list[str]]:
    out = []
    for en in sorted(SAMPLES.glob("*.txt")):
        out.append([en.read_text(encoding="utf-8"), "", ""])
    bi = SAMPLES / "bilingual"
    for en in sorted(bi.glob("*.en.txt")):
        stem = en.name[: -len(".en.txt")]
        fr, ref = bi / f"{stem}.fr.txt", bi / f"{stem}.ref.txt"
        out.append([en.read_text(encoding="utf-8"), fr.read_text(encoding="utf-8") if fr.exists() else "",
                    ref.read_text(encoding="utf-8") if ref.exists() else ""])
    return out


def _store(config_store: str | None = None):
    from mtqa.store import Store, default_path

    return Store(default_path(config_store))


def build(max_chars: int = rv.DEFAULT_MAX_CHARS, max_upload_mb: float = MAX_UPLOAD_MB, store=None) -> gr.Blocks:
    from mtqa.config import load_config

    config = load_config()
    if store is None:
        store = _store(config.review_store)
    # the house style the CLI would use (mtqa.toml, else "auto": each document US or UK), so pasted copy is
    # checked as `mtqa check` checks it; "us" was forced, and every British spelling came up as a misspelling
    house_style = config.house_style
    max_bytes = int(max_upload_mb * 1024 * 1024)

    def render(session: rv.Session, rev: int):
        """Everything an action changes: copy, annotated view, list, summary, diff, download."""
        found = session.open_findings()
        text = session.text()
        return (text, view.annotated(session, found, rev), view.findings_list(session, found, rev),
                view.summary(session, found), view.diff(session), _download(text.replace("\n", session.newline)))

    def new_session(text, source, reference, style, families, neural) -> rv.Session:
        newline = "\r\n" if text and "\r\n" in text else "\n"  # a Windows file's Download keeps its line ends
        text = _clean(text)
        source, reference = (_LONE_SURROGATE.sub("\ufffd", v) if v else v for v in (source, reference))
        result = rv.check(text, source, reference, style, tuple(families), max_chars=max_chars, neural=bool(neural))
        return rv.Session(result, source or "", reference or "", ignored_rules=set(store.ignored_rules()),
                          accepted_terms={t.lower() for t in store.terms()}, newline=newline)

    def recheck(text, source, reference, style, families, neural, earlier: rv.Session) -> rv.Session:
        """A check that follows `earlier` in the same page. When the copy is the one that review gives (Check pressed
        again without an edit, or only the source or a setting changed), the copy as that review checked it is
        checked again and its decisions taken over: its fixes stay undoable. They were made part of the checked
        copy, listed as fixes "before the copy was last edited", which it had not been. Otherwise the copy is
        checked as an edited one (carry_over)."""
        if earlier.accepted and _clean(text) == earlier.text():
            session = new_session(earlier.base, source, reference, style, families, neural)
            if session.take_over(earlier):
                return session
        return new_session(text, source, reference, style, families, neural).carry_over(earlier)

    def run_check(text, source, reference, style, families, neural, state):
        # the "loading models" notice is shown by the page itself as the click goes out (review.js): one event, no stream
        rev = (state or {}).get("rev", 0) + 1
        earlier = state.get("session") if state else None
        try:
            if earlier is None:
                session = new_session(text, source, reference, style, families, neural)
            else:  # the same review goes on: keep what the translator decided
                session = recheck(text, source, reference, style, families, neural, earlier)
                session.seq = earlier.seq
        except MtqaError as exc:
            return (gr.skip(),) * 8 + (view.message(str(exc)), gr.skip(), gr.skip())
        copy, annotated, flist, summary, diff, download = render(session, rev)
        box = copy if copy != text else gr.skip()  # only its line ends can differ
        # the report of the copy Download gives: fixes taken over from the last check are in it
        # another story checked against the source left in place for the last one: said at once, and in the summary
        warning = view.message(session.foreign_note(), "warning")
        return (box, annotated, flist, summary, diff, download, view.source_view(session), gr.skip(), warning,
                _report(rv.current_report(session, style, tuple(families), bool(neural))),
                {"session": session, "rev": rev, "settings": (style, tuple(families), bool(neural))})

    def act(action, text, source, reference, style, families, neural, state):
        """Decisions from the popover or the list. The page applies them at once and sends them here in batches,
        "seq=S|accept:N:K|ignore:N|...", so this Session (what Download and the diff are made from) follows;
        a batch already applied (S not above the last) is not applied twice. A bare action (API) works too.
        The page sends the source, reference and settings it now holds: when they are not those of the check, its
        results are stale, and nothing is applied (the copy is checked again with them), as for an edited copy."""
        if not state or "session" not in state:
            return (gr.skip(),) * 6 + (view.message("Check the copy first."), gr.skip(), state)
        session: rv.Session = state["session"]
        parts = [p for p in (action or "").split("|") if p]
        seq = None
        if parts and parts[0].startswith("seq="):
            number, _, sid = parts.pop(0)[4:].partition("@")
            try:
                seq = int(number)
            except ValueError:
                return (gr.skip(),) * 6 + (view.message(f"unknown action {action!r}"), gr.skip(), state)
            if seq <= session.seq or (sid and sid != str(session.sid)):  # a retry already applied, or meant for
                return (gr.skip(),) * 8 + (state,)                      # an earlier check of the copy
        state["rev"] += 1
        texts = {session.text()}  # the copy before the batch and after each decision: what the page may show
        saved = session.decisions()
        settings = (style, tuple(families or ()), bool(neural))
        source, reference = (_LONE_SURROGATE.sub("\ufffd", v) if v else "" for v in (source, reference))
        inputs_changed = ((source, reference) != (session.source, session.reference)
                          or (settings[0], sorted(settings[1]), settings[2])
                          != (state["settings"][0], sorted(state["settings"][1]), state["settings"][2]))
        messages = []
        try:
            todo = [] if inputs_changed else parts  # stale results: their fixes are not applied
            for part in todo:  # a dry run first: a bad decision fails the batch before the store remembers any
                session.apply(part, None)
            session.restore(saved)
            for part in todo:
                messages.append(session.apply(part, store))
                texts.add(session.text())
        except (MtqaError, ValueError, IndexError) as exc:
            session.restore(saved)
            if seq is not None:
                session.seq = seq
            return render(session, state["rev"])[:6] + (view.message(str(exc)), gr.skip(), state)
        if inputs_changed or text not in texts:  # the copy, the source or a setting changed after the check:
            session.restore(saved)  # check again
            try:
                session = recheck(text, source, reference, *settings, session)
            except MtqaError as exc:
                return (gr.skip(),) * 6 + (view.message(str(exc)), gr.skip(), state)
            session.message = ("The copy had changed, so it was checked again: nothing was applied. Choose again."
                               if text not in texts else "The French source, the reference or a setting had changed since "
                               "the check, so the copy was checked again with them: nothing was applied. Choose again.")
            state["session"] = session
            state["settings"] = settings
        else:
            session.message = " ".join(messages[-2:])
        if seq is not None:
            state["session"].seq = seq
        out = render(state["session"], state["rev"])
        if out[0] == text:  # the page already shows this copy: leave the box alone (the translator may be typing)
            out = (gr.skip(),) + out[1:]
        # Report (JSON) follows Download: the findings of the copy as it now reads, fixes and all
        return out + ("", _report(rv.current_report(state["session"], *state["settings"])), state)

    def check_api(text, source, reference, style, families, neural=False):
        try:
            return rv.review(text, source, reference, style, tuple(families), max_chars=max_chars, neural=bool(neural)).document()
        except MtqaError as exc:
            raise gr.Error(str(exc)) from None

    def fix_api(text, source, reference, style, families, neural=False):
        try:
            return rv.fix(text, source, reference, style, tuple(families), max_chars=max_chars, neural=bool(neural))
        except MtqaError as exc:
            raise gr.Error(str(exc)) from None

    def run_batch(files, style, families, neural=False):
        if not files:
            return gr.skip(), gr.skip(), view.message("Upload one or more files."), gr.skip()
        paths = [f if isinstance(f, str) else f.name for f in files]
        try:
            rows, json_path, html_path, docs = rv.batch(paths, style, tuple(families), bool(neural),
                                                        max_chars=max_chars, max_bytes=max_bytes)
        except MtqaError as exc:
            return gr.skip(), gr.skip(), view.message(str(exc)), gr.skip()
        return rows, [json_path, html_path], "", docs

    def open_row(docs, evt: gr.SelectData):
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        if not docs or row is None or row >= len(docs):
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        text, source, reference = docs[row]
        return text, source, reference, gr.Tabs(selected="check"), _show_source(source, reference)

    with gr.Blocks(title="mtqa: QA for machine-translated news") as demo:
        state = gr.State(None)
        batch_docs = gr.State([])
        gr.Markdown("# mtqa · machine-translated news QA\nPaste the English copy (and the French source if you have it), "
                    "then **Check** (Ctrl+Enter). Click a marked passage to see why and fix it.", elem_id="mtqa-intro")
        with gr.Tabs() as tabs:
            with gr.Tab("Check a story", id="check"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=320):
                        text = gr.Textbox(label="English copy", lines=9, max_lines=9, autoscroll=False, elem_id="mtqa-text")
                        with gr.Row():
                            check_btn = gr.Button("Check", variant="primary", elem_id="mtqa-check", scale=0, min_width=120)
                            download = gr.DownloadButton("Download", elem_id="mtqa-download", scale=0, min_width=120)
                            # the findings of the copy as it now reads (Download's copy), as `mtqa check --format json`
                            # writes them
                            report = gr.DownloadButton("Report (JSON)", elem_id="mtqa-report", scale=0, min_width=120)
                    with gr.Column(scale=2, min_width=300):
                        message = gr.HTML(elem_id="mtqa-message")
                        summary = gr.HTML(elem_id="mtqa-summary")
                        with gr.Accordion("French source and reference (optional)", open=False) as source_panel:
                            source = gr.Textbox(label="French source", lines=5, elem_id="mtqa-source")
                            reference = gr.Textbox(label="Reference translation", lines=4, elem_id="mtqa-reference")
                        with gr.Accordion("Settings", open=False):
                            style = gr.Radio([("auto (each story US or UK)", "auto"), ("US", "us"), ("UK", "uk")], value=house_style,
                                             label="House style (spelling)", elem_id="mtqa-style")
                            families = gr.CheckboxGroup(FAMILY_CHOICES, value=FAMILY_CHOICES, label="Rule families",
                                                        elem_id="mtqa-families")
                            neural = gr.Checkbox(False, label="Neural checks: meaning against the source, reworded repeats and "
                                                              "quotations (loads models on first use; slower)", elem_id="mtqa-neural")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=320):
                        annotated = gr.HTML(elem_id="mtqa-view")
                    with gr.Column(scale=2, min_width=300):
                        flist = gr.HTML(elem_id="mtqa-findings")
                bitext = gr.HTML(elem_id="mtqa-bitext")
                with gr.Accordion("Changes (the fixes applied)", open=True):
                    diff = gr.HTML(elem_id="mtqa-diff")
                action = gr.Textbox(elem_id="mtqa-action", elem_classes=["mtqa-hidden"], label="action", show_label=False)
                act_btn = gr.Button("apply", elem_id="mtqa-act-btn", elem_classes=["mtqa-hidden"])
                doc_json = gr.JSON(label="JSON (same as mtqa check --format json)", visible=False)
                corrected = gr.Textbox(visible=False)
                samples = gr.Examples(_examples(), inputs=[text, source, reference], label="Sample articles", elem_id="mtqa-samples")
                # a sample with its French source filled the source in a closed panel, unseen, and the story pasted
                # next was checked against it: the panel opens
                samples.load_input_event.then(_show_source, [source, reference], source_panel, queue=False,
                                              show_progress="hidden", api_name=False)

                inputs = [text, source, reference, style, families, neural, state]
                check_btn.click(run_check, inputs, [text, annotated, flist, summary, diff, download, bitext, doc_json, message, report, state],
                                api_name="check_ui", concurrency_limit=4, trigger_mode="always_last",
                                # one small progress mark on the summary: a timer and an overlay on every output
                                # cost the page more than the engine's check of a 1,000-word story
                                show_progress="minimal", show_progress_on=[summary])
                act_btn.click(act, [action, text, source, reference, style, families, neural, state], [text, annotated, flist, summary, diff, download, message, report, state],
                              api_name="act", concurrency_limit=4, trigger_mode="multiple",
                              show_progress="hidden")  # the page already shows the decision: the sync is silent
                # API endpoints (gradio_client): the same engine call as `mtqa check --format json` and `mtqa fix`
                gr.Button(visible=False).click(check_api, [text, source, reference, style, families, neural], doc_json, api_name="check")
                gr.Button(visible=False).click(fix_api, [text, source, reference, style, families, neural], corrected, api_name="fix")
            with gr.Tab("Batch", id="batch"):
                gr.Markdown(f"Upload files in any format mtqa reads; `story.en.txt` is checked with `story.fr.txt` and "
                            f"`story.ref.txt` as in the CLI. Up to {max_upload_mb:g} MB a file and {max_chars:,} characters a "
                            "document. House style, families and neural checks are those of the first tab. "
                            "Click a row to review that document.")
                files = gr.File(label="Files (txt, tsv, csv, jsonl, xliff, po, tmx)", file_count="multiple", elem_id="mtqa-files")
                batch_btn = gr.Button("Check files", variant="primary", elem_id="mtqa-batch-check")
                batch_message = gr.HTML()
                table = gr.Dataframe(headers=["File", "Id", "Words", "Score", "Findings", "By family"], interactive=False,
                                     wrap=True, elem_id="mtqa-batch-table")
                reports = gr.File(label="Reports (JSON and HTML)", file_count="multiple")
                batch_btn.click(run_batch, [files, style, families, neural], [table, reports, batch_message, batch_docs],
                                api_name="batch", concurrency_limit=1)
                table.select(open_row, [batch_docs], [text, source, reference, tabs, source_panel], api_name=False).then(
                    run_check, inputs, [text, annotated, flist, summary, diff, download, bitext, doc_json, message, report, state],
                    api_name=False, show_progress="minimal", show_progress_on=[summary])
    demo.queue(default_concurrency_limit=4, max_size=64)
    rv.warm_up(house_style)
    # what start-up built (Gradio, the engine and its models: about 190,000 objects) lives as long as the server:
    # left out of the collector's full passes, which otherwise walk it for about 100 ms in one check out of ~30
    gc.collect()
    gc.freeze()
    return demo


@functools.lru_cache(maxsize=1)
def downloads() -> Path:
    """This server's folder of corrected copies, made on first use (not at import) and gone when it stops."""
    folder = Path(tempfile.mkdtemp(prefix="mtqa-fixed-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _download(text: str) -> str:
    """The corrected copy as a file for Download: one file per distinct copy, named by its hash. Every check and
    every decision wrote a new folder in /tmp that nothing removed (thousands a day, each a translator's copy); Gradio
    keeps its own copy of a file by content, so one of ours per copy is all it needs."""
    return _file(text, "corrected.txt")


def _report(data: str) -> str:
    """A check's JSON report as a file for "Report (JSON)": one per distinct report, as for _download."""
    return _file(data, "mtqa-report.json")


def _file(text: str, name: str) -> str:
    data = text.encode("utf-8")
    path = downloads() / hashlib.sha256(data).hexdigest()[:32] / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")  # renamed into place: never half a file
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    return str(path)


def _auth():
    value = os.environ.get("MTQA_UI_AUTH")
    if not value:
        return None
    user, _, password = value.partition(":")
    if not user or not password:
        raise SystemExit("MTQA_UI_AUTH must look like user:password")
    return (user, password)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="mtqa web UI")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7860)
    ap.add_argument("--max-chars", type=int, default=int(os.environ.get("MTQA_UI_MAX_CHARS", rv.DEFAULT_MAX_CHARS)))
    ap.add_argument("--max-upload-mb", type=float, default=float(os.environ.get("MTQA_UI_MAX_UPLOAD_MB", MAX_UPLOAD_MB)))
    args = ap.parse_args(argv)
    build(args.max_chars, args.max_upload_mb).launch(server_name=args.host, server_port=args.port, share=False, auth=_auth(),
                                                     **launch_options(args.max_upload_mb))


if __name__ == "__main__":
    main()
