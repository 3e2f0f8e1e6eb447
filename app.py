"""mtqa's web UI for translators (Gradio): layout and wiring only; every check is mtqa.review -> the engine.

    python app.py [--host 127.0.0.1] [--port 7860] [--max-chars 100000]
Basic auth: set MTQA_UI_AUTH="user:password". Analytics are off and no share link is ever created.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import gradio as gr  # noqa: E402

from mtqa import review as rv  # noqa: E402
from mtqa.errors import MtqaError  # noqa: E402

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "corpora" / "samples"
if not SAMPLES.is_dir():  # installed wheel: the samples ship inside the package
    from mtqa.resources import data_path

    SAMPLES = data_path("corpora", "samples")
FAMILY_CHOICES = list(rv.FAMILIES)
# Local fonts only: the default theme would fetch web fonts from a CDN, and mtqa makes no outside requests.
THEME = gr.themes.Default(font=["system-ui", "Helvetica", "Arial", "sans-serif"], font_mono=["ui-monospace", "monospace"])
CSS = """
#mtqa-highlight .textspan { font-family: Georgia, serif; }
.mtqa-legend span { display:inline-block; padding:2px 8px; margin:2px; border-radius:3px; }
"""


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


def build(max_chars: int = rv.DEFAULT_MAX_CHARS) -> gr.Blocks:
    legend = "".join(f'<span style="background:{c}">{n}</span>' for n, c in rv.legend_colours().items())

    def reviewed(text, source, reference, style, families, neural=False) -> rv.Review:
        try:
            return rv.review(text, source, reference, style, tuple(families), max_chars=max_chars, neural=bool(neural))
        except MtqaError as exc:
            raise gr.Error(str(exc)) from None

    def run_check(text, source, reference, style, families, neural=False):
        rev = reviewed(text, source, reference, style, families, neural)
        labels = rev.choice_labels()
        fixed = rv.apply_accepted(rev, [])
        return (rev.summary_markdown(), rev.highlighted(), rev.findings_rows(),
                gr.CheckboxGroup(choices=labels, value=[]), fixed, rv.diff_html(text, fixed), rev.document(), rev)

    def accept(rev, accepted):
        if rev is None:
            return "", "", None
        fixed = rv.apply_accepted(rev, rv.accepted_indices(accepted))
        return fixed, rv.diff_html(rev.result.document.text, fixed), _download(fixed)

    def accept_all(rev):
        return rev.choice_labels() if rev is not None else []

    def check_api(text, source, reference, style, families, neural=False):
        return reviewed(text, source, reference, style, families, neural).document()

    def fix_api(text, source, reference, style, families, neural=False):
        rev = reviewed(text, source, reference, style, families, neural)
        return rv.apply_accepted(rev, rev.automatic)  # as `mtqa fix`: the neural layer's own suggestions wait for a person

    def run_batch(files, style, families, neural=False):
        if not files:
            raise gr.Error("upload one or more files")
        paths = [f if isinstance(f, str) else f.name for f in files]
        rows, json_path, html_path = rv.batch(paths, style, tuple(families), bool(neural))
        return rows, [json_path, html_path]

    with gr.Blocks(title="mtqa: QA for machine-translated news") as demo:
        state = gr.State(None)
        gr.Markdown("# mtqa · machine-translated news QA\nPaste the English copy; add the French source and a reference if you have them.")
        with gr.Tab("Check a story"):
            with gr.Row():
                with gr.Column(scale=1):
                    text = gr.Textbox(label="English copy", lines=14, max_lines=40, elem_id="mtqa-text")
                    with gr.Accordion("French source and reference (optional)", open=False):
                        source = gr.Textbox(label="French source", lines=6, elem_id="mtqa-source")
                        reference = gr.Textbox(label="Reference translation", lines=6, elem_id="mtqa-reference")
                    with gr.Row():
                        style = gr.Radio(["us", "uk"], value="us", label="House style")
                        families = gr.CheckboxGroup(FAMILY_CHOICES, value=FAMILY_CHOICES, label="Rule families")
                    neural = gr.Checkbox(False, label="Neural checks: meaning against the source, reworded repeats and quotations "
                                                      "(loads sentence encoders on first use; slower)", elem_id="mtqa-neural")
                    check_btn = gr.Button("Check", variant="primary", elem_id="mtqa-check")
                with gr.Column(scale=1):
                    summary = gr.Markdown(elem_id="mtqa-summary")
                    gr.HTML(f'<div class="mtqa-legend">{legend}</div>')
                    highlighted = gr.HighlightedText(label="Findings in the text", color_map=rv.legend_colours(),
                                                     show_legend=False, combine_adjacent=False, elem_id="mtqa-highlight")
            findings = gr.Dataframe(headers=["#", "Rule", "Severity", "Family", "Where", "Text", "Explanation", "Fix"],
                                    label="Findings", wrap=True, interactive=False, elem_id="mtqa-findings")
            with gr.Row():
                with gr.Column(scale=1):
                    choices = gr.CheckboxGroup([], label="Suggested fixes: tick to accept", elem_id="mtqa-fixes")
                    with gr.Row():
                        all_btn = gr.Button("Accept all", elem_id="mtqa-accept-all")
                        none_btn = gr.Button("Reject all", elem_id="mtqa-reject-all")
                with gr.Column(scale=1):
                    corrected = gr.Textbox(label="Corrected copy", lines=10, buttons=["copy"], elem_id="mtqa-corrected")
                    download = gr.DownloadButton("Download corrected copy", elem_id="mtqa-download")
            diff = gr.HTML(label="Changes", elem_id="mtqa-diff")
            doc_json = gr.JSON(label="JSON (same as mtqa check --format json)", visible=False)
            gr.Examples(_examples(), inputs=[text, source, reference], label="Sample articles")

            check_btn.click(run_check, [text, source, reference, style, families, neural],
                            [summary, highlighted, findings, choices, corrected, diff, doc_json, state],
                            api_name="check_ui", concurrency_limit=4)
            choices.change(accept, [state, choices], [corrected, diff, download], api_name=False)
            all_btn.click(accept_all, [state], [choices], api_name=False)
            none_btn.click(lambda: [], None, [choices], api_name=False)
            # API endpoints (gradio_client): the same engine call as `mtqa check --format json` and `mtqa fix`
            gr.Button(visible=False).click(check_api, [text, source, reference, style, families, neural], doc_json, api_name="check")
            gr.Button(visible=False).click(fix_api, [text, source, reference, style, families, neural], corrected, api_name="fix")
        with gr.Tab("Batch"):
            gr.Markdown("House style, rule families and neural checks are the ones chosen on the first tab.")
            files = gr.File(label="Files (txt, tsv, csv, jsonl, xliff, po, tmx)", file_count="multiple", elem_id="mtqa-files")
            batch_btn = gr.Button("Check files", variant="primary")
            table = gr.Dataframe(headers=["File", "Id", "Words", "Score", "Findings", "By family"], interactive=False)
            reports = gr.File(label="Reports (JSON and HTML)", file_count="multiple")
            batch_btn.click(run_batch, [files, style, families, neural], [table, reports], api_name="batch", concurrency_limit=1)
    demo.queue(default_concurrency_limit=4, max_size=64)
    rv.warm_up()
    return demo


def _download(text: str) -> str:
    path = Path(tempfile.mkdtemp(prefix="mtqa-fixed-")) / "corrected.txt"
    path.write_text(text, encoding="utf-8")
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
    args = ap.parse_args(argv)
    build(args.max_chars).launch(server_name=args.host, server_port=args.port, share=False, auth=_auth(),
                                 css=CSS, theme=THEME, footer_links=["api"])


if __name__ == "__main__":
    main()
