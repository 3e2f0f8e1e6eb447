"""Markdown and HTML files: their prose is checked and fixed; code, link targets, tags, scripts and styles are not."""

from __future__ import annotations

import pytest

from mtqa.cli import main

MARKDOWN = """# The the headline

Prices rose by 5 % in May, with `print("10 000")` and a [link](http://x.com/1,5%20a) here.

```python
x = 1,5  # the the
print("10 000")
```

    indented  code the the

- a list item
    that goes on with 10 000 people
"""
MARKDOWN_FIXED = MARKDOWN.replace("The the headline", "The headline").replace("5 %", "5%").replace(
    "goes on with 10 000", "goes on with 10,000")

HTML = """<html><head><title>The the title</title>
<style>p { width: 50 %; }</style><script>if (a  ==  b) { y = 10 000; }</script></head>
<body><p class="x  y" data-v="1,5 million">Prices rose the the most, by 1,5 million.</p>
<a href="http://ex.com/a  b?x=1,5">link  text</a> <!-- the the --> <pre>code  here : the the</pre> 5&nbsp;%
</body></html>
"""
HTML_FIXED = HTML.replace("The the title", "The title").replace("rose the the most, by 1,5", "rose the most, by 1.5").replace(
    "link  text", "link text")


@pytest.mark.parametrize("name,text,fixed", [("story.md", MARKDOWN, MARKDOWN_FIXED), ("page.html", HTML, HTML_FIXED)])
def test_only_the_prose_of_a_markup_file_is_fixed(tmp_path, capsys, name, text, fixed):
    # `mtqa fix` rewrote code samples, link targets, attributes and stylesheets as if they were prose
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["fix", "--grammar", "none", "--no-cache", str(path)]) == 0
    assert capsys.readouterr().out == fixed


def test_the_same_text_as_plain_text_is_checked_whole(tmp_path, capsys):
    # a .txt holds no markup: its "code" is copy like any other (and the cache keeps the two apart)
    for name in ("story.md", "story.txt"):
        (tmp_path / name).write_text(MARKDOWN, encoding="utf-8")
    import json

    assert main(["check", "--grammar", "none", "--format", "json", "--exit-zero",
                 str(tmp_path / "story.md"), str(tmp_path / "story.txt")]) == 0
    docs = {d["path"].rsplit("/", 1)[1]: d["issues"] for d in json.loads(capsys.readouterr().out)["documents"]}
    start = MARKDOWN.index("```")
    end = MARKDOWN.index("```", start + 3)

    def in_code(issues):
        return [i["rule"] for i in issues if start < i["start"] < end]

    assert "TYP003" in in_code(docs["story.txt"]) and in_code(docs["story.md"]) == [] and docs["story.md"]


@pytest.mark.parametrize("piece", ["`", "~", "<!", "<!--", "<?", "<script", "<pre ", "<a b='", "&#", "](", "[a]: b c\n",
                                   "    x\n\n", "- a\n    b\n\n"])
def test_markup_spans_of_hostile_text_take_linear_work(piece):
    # 1 MB of backticks, "<!" or "<script" took over five minutes: a pattern rescanned the rest of the text from each
    # mark. 300,000 characters of each now take well under a second; the alarm only catches a return of that
    import signal

    from mtqa.formats.markup import markup_spans

    text = piece * (300_000 // len(piece))
    signal.signal(signal.SIGALRM, lambda *a: (_ for _ in ()).throw(TimeoutError(f"{piece!r}: still scanning")))
    signal.alarm(60)
    try:
        for kind in ("markdown", "html"):
            spans = markup_spans(text, kind)
            assert all(0 <= a <= b <= len(text) for a, b in spans)
    finally:
        signal.alarm(0)


def test_a_finding_over_prose_and_markup_stays_without_a_fix_that_would_touch_the_markup(tmp_path, capsys):
    # a sentence left in French with a link in it was dropped whole, and a line opening "[Update]:" was taken for a
    # link definition, an unclosed "<?" for markup to the end of the file
    import json

    path = tmp_path / "story.md"
    path.write_text("Le gouvernement a publié hier [le rapport annuel](https://x.fr/r) sur la dette publique du pays.\n\n"
                    "[Update]: The company employs 10 000 people. Is it <?php or not? Some 20 000 more.\n", encoding="utf-8")
    assert main(["check", "--grammar", "none", "--no-cache", "--format", "json", "--exit-zero", str(path)]) == 0
    issues = json.loads(capsys.readouterr().out)["documents"][0]["issues"]
    assert {(i["rule"], i["text"]) for i in issues if i["rule"] == "TYP003"} == {("TYP003", "10 000"), ("TYP003", "20 000")}
    [french] = [i for i in issues if i["rule"] == "BIL004"]
    assert "https://x.fr/r" in french["text"] and french["suggestions"] == []
