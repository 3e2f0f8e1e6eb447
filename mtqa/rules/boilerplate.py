"""Scrape leftovers (BOI): "Read also:" teaser lines, [LIVE] tags, navigation lines, lone page numbers."""

from __future__ import annotations

import re
from functools import cache

from mtqa.errors import MtqaError
from mtqa.quantities import EN_MONTHS
from mtqa.resources import data_path
from mtqa.rules.base import rule

_BULLET = r"[•·*\-–—►▶>▪◦]"


@cache
def _labels() -> dict[str, list[str]]:
    path = data_path("corpora", "boilerplate.tsv")
    out: dict[str, list[str]] = {"teaser": [], "line": [], "tag": []}
    header_seen = False
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        kind, _, text = line.partition("\t")
        if kind not in out or not text.strip():
            raise MtqaError(f"{path}:{n}: expected \"teaser|line|tag<TAB>text\", got {line!r}")
        out[kind].append(text.strip().lower())
    return out


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def _teaser_re() -> re.Pattern:
    # "• Read also: ...", "To read also - ...", "READ MORE >> ..."
    return re.compile(
        rf"^[ \t]*(?:{_BULLET}[ \t]*)*(?P<label>{_alternation(_labels()['teaser'])})[ \t]*(?:[:|»>–—-]+)[ \t]*\S.*$",
        re.I | re.M,
    )


@cache
def _tag_re() -> re.Pattern:
    return re.compile(rf"\[[ \t]*(?:{_alternation(_labels()['tag'])})[ \t]*\][ \t]*", re.I)


_PUNCT = re.compile(r"[\W_]+")
# no two runs of spaces side by side (with only an optional mark between them, a long run was split every way)
_PAGE_NUMBER = re.compile(r"^(?:page)?\s*(?:[-–(]\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?\s*[-–)]?$", re.I)



@rule(
    code="BOI001",
    name="teaser-line",
    family="boilerplate",
    category="Accuracy/Addition",
    severity="major",
    summary="A cross-reference line scraped from the web page: \"• Read also: ...\", \"To read also: ...\", \"READ MORE: ...\".",
    why="These links belong to the source site's layout; in the English story they interrupt the text and point to articles the reader does not have.",
    use_instead="Delete the line.",
    fix_safety="Safe: the fix deletes the whole line and the blank line after it.",
    bad=[
        ("Talks failed.\n\n[[• Read also: [LIVE] 79th day of war in Ukraine\n\n]]Moscow gave no sign.", ""),
        ("Talks failed.\n[[To read also: War in Ukraine, the latest\n]]Moscow gave no sign.", ""),
    ],
    good=["He said he would read also the annex: it was short.", "Read the full statement below.\n\nThe minister spoke."],
)
def teaser_line(doc, ctx):
    for m in _teaser_re().finditer(doc.text):
        end = doc.removal_end(m.end())
        yield teaser_line.issue(doc, m.start(), end, f"\"{m.group('label')}\" line left from the web page: delete it.", [""])


@rule(
    code="BOI002",
    name="bracket-tag",
    family="boilerplate",
    category="Accuracy/Addition",
    severity="minor",
    summary="A bracketed web label such as [LIVE], [VIDEO] or [PHOTOS] left in a headline or teaser.",
    why="Labels for the web page's media or live format are not part of the story and are often wrong in the published copy.",
    use_instead="Delete the tag.",
    fix_safety="Safe: the fix deletes the tag and the space after it.",
    bad=[("[[[LIVE] ]]War in Ukraine: the latest", ""), ("Floods: [[[VIDEO] ]]rivers rise in the south", "")],
    good=["The court heard [sic] evidence on Friday.", "He said the event was live on TV."],
)
def bracket_tag(doc, ctx):
    for m in _tag_re().finditer(doc.text):
        yield bracket_tag.issue(doc, m.start(), m.end(), f"Web label {m.group(0).strip()} left in the copy: delete it.", [""])


@rule(
    code="BOI003",
    name="navigation-line",
    family="boilerplate",
    category="Accuracy/Addition",
    severity="major",
    summary="A line that is only page navigation: \"NEXT NEWS\", \"Share this article\", \"Advertisement\", \"Most read\".",
    why="Navigation text scraped with the article ends up published as part of the story.",
    use_instead="Delete the line.",
    fix_safety="Safe: the fix deletes the line; only whole lines that equal a known navigation label are flagged.",
    bad=[("The talks will resume.\n\n[[NEXT NEWS]]", ""), ("The talks will resume.\n\n[[Share this article\n\n]]More text.", "")],
    good=["The next news conference is on Friday.", "Share prices fell.\n\nNext, the minister spoke."],
)
def navigation_line(doc, ctx):
    labels = set(_labels()["line"])
    for line in doc.lines:
        stripped = line.text.strip()
        if not stripped or len(stripped) > 40:
            continue
        key = _PUNCT.sub(" ", stripped.lower()).strip()
        if key in labels:
            start = line.start + (len(line.text) - len(line.text.lstrip()))
            yield navigation_line.issue(doc, start, doc.removal_end(line.end), f"Navigation line \"{stripped}\" left from the web page: delete it.", [""])


@rule(
    code="BOI004",
    name="lone-page-number",
    family="boilerplate",
    category="Accuracy/Addition",
    severity="minor",
    summary="A paragraph that is only a page number (\"1\", \"2/3\", \"- 4 -\", \"Page 2\").",
    why="Pagination of the source page is not part of the story.",
    use_instead="Delete the line.",
    fix_safety="Safe: only paragraphs consisting of a short number alone are flagged.",
    bad=[("The alliance grew.\n\n[[1\n\n]]The end.", ""), ("The alliance grew.\n\n[[Page 2\n\n]]More.", "")],
    good=["The vote was 12 to 1.\n\n2022 was a hard year.", "Results:\n\n1. France\n\n2. Spain"],
)
def lone_page_number(doc, ctx):
    for p in doc.paragraphs:
        if "\n" not in p.text and _PAGE_NUMBER.match(p.text):
            yield lone_page_number.issue(doc, p.start, doc.removal_end(p.end), f"Lone page number \"{p.text}\": delete it.", [""])


_MONTHS = (rf"(?:{EN_MONTHS}|"
           r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|"
           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_S = r"[ \t]{0,3}"  # the spaces of a metadata line: bounded, so that no line makes the pattern backtrack at length
_DATE = (rf"(?:\d{{4}}-\d\d-\d\d|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|{_MONTHS}[ \t]\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]\d{{4}}|"
         rf"\d{{1,2}}(?:er|st|nd|rd|th)?[ \t]{_MONTHS},?[ \t]\d{{4}})")
_CLOCK = r"(?:\d{1,2}(?::\d\d(?::\d\d)?|[ ]?h[ ]?\d\d|h)(?:[ ]?[ap]\.?[ ]?m\.?)?(?:[ ](?:GMT|UTC|CET|CEST|EST|ET))?)"
_STAMPED = r"(?:published|posted|updated|last[ ]updated|modified|publié|mis[ ]à[ ]jour|modifié)"
# one item of a page's metadata: when it was posted ("2023-02-11 13:07:20", "Published on 12/03/2023 at 14:05",
# "Updated 3:10 p.m."), a bracketed credit ("[Source: Xinhua]", "[Editor: Li]"), or a widget's label with its
# choices or figure ("Font: [Large Medium Small]", "Reading time: 3 min")
_META_ITEM = (
    rf"(?:{_STAMPED}{_S}(?:(?:on|at|le|à){_S})?:?{_S}(?:{_DATE}(?:,?{_S}(?:(?:at|à|-){_S})?{_CLOCK})?|{_CLOCK})"
    rf"|{_DATE},?{_S}(?:(?:at|à|-){_S})?{_CLOCK}"
    r"|[\[【(][ \t]?(?:source|sources|editor|editors|editor[ ]in[ ]charge|responsible[ ]editor|edited[ ]by|author|"
    r"reporter|correspondent|photo|credit|rédacteur|rédaction|auteur)\b[^\]】)\n]{0,60}[\]】)]"
    rf"|(?:font|font[ ]size|text[ ]size|police|taille[ ]du[ ]texte|taille[ ]de[ ]police){_S}[:：]?{_S}[\[【][^\]】\n]{{1,40}}[\]】]"
    rf"|(?:reading[ ]time|temps[ ]de[ ]lecture){_S}[:：]?{_S}\d+{_S}(?:min(?:utes?)?|mn)\.?)")
_META_LINE = re.compile(rf"^[ \t]*(?:{_META_ITEM}[ \t|·•,;-]{{0,5}})+[ \t]*$", re.I | re.M)


@rule(
    code="BOI005",
    name="page-metadata",
    family="boilerplate",
    category="Accuracy/Addition",
    severity="minor",
    summary="A line that is only the web page's metadata: when it was posted (\"2023-02-11 13:07:20\", "
            "\"Published on 12/03/2023 at 14:05\", \"Updated 3:10 p.m.\"), bracketed credits (\"[Source: Xinhua] "
            "[Editor: Li Ming]\") or a reader widget (\"Font: [Large Medium Small]\", \"Reading time: 3 min\").",
    why="Scrapers take the page's header and footer with the story; machine translation turns them into English "
        "lines that look like copy (\"Font: [Large Medium Small]\"), and expert raters of news MT mark them as "
        "errors.",
    use_instead="Delete the line; put the time and credits where the house style wants them (the dateline, the "
                "byline).",
    fix_safety="Safe: the fix deletes the line. Only a whole line made of such items is flagged: a date on its own "
               "(a dateline) and a credit in running text (\"Source: Reuters\") are left alone.",
    bad=[("[[2023-02-11 13:07:20 [Source: Xinhua] [Editor: Li Ming] Font: [Large Medium Small]\n\n]]The plant "
          "reopened on Saturday.", ""),
         ("The strike ended.\n\n[[Published on 12/03/2023 at 14:05 - Updated on 12/03/2023 at 15:10\n\n]]Unions "
          "said they would meet again.", ""),
         ("[[Reading time: 3 min\n]]The strike ended on Friday.", "")],
    good=["February 11, 2023\n\nThe plant reopened on Saturday.", "Source: Reuters",
          "The figures (source: INSEE) were published on 12/03/2023 at noon.",
          "The editor [Li Ming] said the font was too small.",
          "The vote was held on 12/03/2023 at 14:05, officials said."],
)
def page_metadata(doc, ctx):
    for m in _META_LINE.finditer(doc.text):
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        yield page_metadata.issue(doc, start, doc.removal_end(m.end()),
                                  "The web page's metadata (posting time, credits, widgets) left in the copy: delete it.", [""])
