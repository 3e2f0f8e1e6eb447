"""Translators' bilingual files through translate-toolkit's storage classes: XLIFF 1.2 and 2.0, PO and TMX.
Every translation unit is a Document (id = the unit's id). XML is screened with defusedxml first: entity
declarations (billion laughs) and external entities are refused before any parser expands them."""

from __future__ import annotations

import codecs
import io
import re
from typing import Iterator

from mtqa.document import Document

XML_SUFFIXES = {".xlf", ".xliff", ".tmx"}
SUFFIXES = XML_SUFFIXES | {".po", ".pot"}


class UnsafeXml(Exception):
    pass


class NoEnglish(ValueError):
    pass


def screen_xml(data: bytes) -> None:
    """Raise UnsafeXml for entity declarations, external entities or DTDs that fetch; ValueError if not XML."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException
    from xml.etree.ElementTree import ParseError

    try:
        DET.parse(io.BytesIO(data), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeXml(f"refused unsafe XML ({type(exc).__name__}: entity declarations and external entities are not allowed)") from None
    except ParseError as exc:
        line, column = exc.position  # expat counts columns from 0; an editor, and the message, from 1
        reason = str(exc).rsplit(": line ", 1)[0]
        raise ValueError(f"not well-formed XML ({reason}: line {line}, column {column + 1}){_not_declared_utf8(data)}") from None
    except LookupError as exc:  # <?xml encoding="..."?> names a codec Python does not have
        raise ValueError(f"the XML declaration names an encoding that cannot be read ({exc}): save the file as UTF-8") from None


def _not_declared_utf8(data: bytes) -> str:
    """Why bytes may not parse: the file is read as UTF-8 (no other encoding declared) but is not UTF-8."""
    head = data[:200].lower()
    if b"encoding=" in head and b"utf-8" not in head and b"utf8" not in head:
        return ""  # another encoding is declared: the parser read it as such
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from mtqa.document import not_utf8

        return f"; the file is {not_utf8(exc)}, or declare its encoding in <?xml ... encoding=\"...\"?>"
    return ""


def _is_xliff2(data: bytes) -> bool:
    """Whether the (screened) XLIFF's root is 2.x, read by an XML parser: the root may follow a long comment, carry
    its attributes on lines of their own or be encoded in UTF-16, which no byte pattern of the head catches."""
    from lxml import etree

    events = etree.iterparse(io.BytesIO(data), events=("start",), resolve_entities=False, load_dtd=False, no_network=True)
    for _, root in events:
        return root.tag.startswith("{urn:oasis:names:tc:xliff:document:2") or root.get("version", "").startswith("2")
    return False


def _store(data: bytes, suffix: str):
    from translate.storage import po, tmx, xliff, xliff2

    buf = io.BytesIO(data)
    if suffix in (".xlf", ".xliff"):
        if _is_xliff2(data):
            return xliff2.Xliff2File.parsefile(buf)
        return xliff.Xliff1File.parsefile(buf)
    if suffix == ".tmx":
        store = tmx.tmxfile.parsefile(buf)
        _tmx11_lang(store)
        if (store.sourcelanguage or "").lower() == "*all*":  # any variant may be the source: mtqa's source is French
            store.setsourcelanguage("fr")
        return store
    return po.pofile.parsefile(buf)


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tmx11_lang(store) -> None:
    """TMX 1.1 names a <tuv>'s language by lang="EN", which translate-toolkit does not read (every unit then had
    "no English translation (?, ?)"): read as xml:lang, in the parsed tree only (the file keeps its attribute)."""
    for tuv in store.document.getroot().iter("tuv"):
        if tuv.get(XML_LANG) is None and tuv.get("lang"):
            tuv.set(XML_LANG, tuv.get("lang"))


def _orphan_target(unit):
    """An XLIFF unit's <target> when it has no <source>: translate-toolkit reads its target as none (a unit that
    was skipped silently, a file of such units "no text in it"); mtqa checks it as a monolingual record."""
    element = getattr(unit, "xmlelement", None)
    tag = element.tag if element is not None and isinstance(element.tag, str) else ""
    if not tag.endswith(("}segment", "}trans-unit")):
        return None
    ns = tag.rsplit("}", 1)[0] + "}"
    if element.find(ns + "source") is not None:
        return None
    return element.find(ns + "target")


def _target_dom(unit, lang: str | None = None):
    dom = unit.get_target_dom(lang)
    return dom if dom is not None else _orphan_target(unit)


def _where(unit) -> str:
    """" (line N)" of a unit's element in the file, for a problem with the unit (the reader takes the line from it)."""
    line = getattr(getattr(unit, "xmlelement", None), "sourceline", None)
    return f" (line {line})" if line else ""


def _forms(value) -> list[str]:
    """The strings of a (possibly plural) translate-toolkit value."""
    strings = getattr(value, "strings", None)
    if strings:
        return [str(s) for s in strings]
    return [str(value)] if value is not None else []


def _unit_id(unit, n: int) -> str:
    element = getattr(unit, "xmlelement", None)
    tag = element.tag if element is not None and isinstance(element.tag, str) else ""
    if tag.endswith("}segment"):
        # XLIFF 2.0: a segment's id is unique only within its unit; translate-toolkit names it "unit::segment"
        # (the unit alone when it has one segment without an id)
        unit_id, name = unit.getid() or str(n), "id"
    else:
        # a PO entry is named by its msgid, and by "msgctxt::msgid" when it has a context: the same msgid may come
        # several times, once per context
        unit_id = (element.get("id") if element is not None else None) or (unit.getid() or str(n)).replace("\x04", "::")
        name = "original"
    if tag.endswith(("}segment", "}trans-unit")):
        # a unit's id is unique only within its <file>: in an XLIFF of several, the file's name goes first
        file = next(element.iterancestors(tag.rsplit("}", 1)[0] + "}file"), None)
        if file is not None and len(file.getparent().findall(file.tag)) > 1:
            return f"{file.get(name) or ''}::{unit_id}"
    return unit_id


def _target_lang(unit, suffix: str) -> str | None:
    """For a TMX unit, the xml:lang of its English translation (mtqa checks English: a memory's German must be
    neither checked nor fixed as English, even when it is the unit's only translation); None for one translation
    that names no language, for translate-toolkit's target. NoEnglish naming the languages when none is English
    (a memory from English into French has its French neither checked nor fixed as English copy)."""
    if suffix != ".tmx":
        return None
    from translate.misc.xml_helpers import getXMLlang

    source = unit.source_dom
    langs = [getXMLlang(node) or "?" for node in unit.getlanguageNodes() if node is not source]
    if langs == ["?"] or not langs:
        return None
    if set(langs) == {"?"}:
        raise NoEnglish(f"its {len(langs)} <tuv> elements name no language (no xml:lang, nor lang in TMX 1.1), so "
                        "the English translation cannot be told from the source")
    english = [lang for lang in langs if _is_english(lang)]
    if not english:
        origin = getXMLlang(source) if source is not None else None
        if origin and _is_english(origin):  # a memory from English: its English is the source, not a translation
            raise NoEnglish(f"its source is the English ({origin}), translated into {', '.join(langs)}: mtqa checks "
                            "translations into English")
        raise NoEnglish(f"no English translation ({', '.join(langs)})")
    return english[0]


def _is_english(lang: str) -> bool:
    return lang.lower().replace("_", "-").split("-")[0] == "en"


def _plural_indices(unit) -> list[int] | None:
    """A PO entry's msgstr[N] indices as written, in order (translate-toolkit keeps them as its msgstr keys)."""
    msgstr = getattr(unit, "msgstr", None)
    return sorted(msgstr) if isinstance(msgstr, dict) and msgstr else None


def _keep_plural_indices(unit, indices: list[int] | None) -> None:
    """The written msgstr[N] indices back on an entry whose plural forms were set: translate-toolkit numbers them
    0, 1, 2... again, so a fix renumbered an untouched msgstr[7] as msgstr[3]."""
    msgstr = getattr(unit, "msgstr", None)
    if not indices or not isinstance(msgstr, dict) or sorted(msgstr) != list(range(len(indices))) \
            or indices == list(range(len(indices))):
        return
    renumbered = type(msgstr)(msgstr.default_factory) if hasattr(msgstr, "default_factory") else {}
    for k, index in enumerate(indices):
        renumbered[index] = msgstr[k]
    unit.msgstr = renumbered


def _is_header(unit) -> bool:
    return bool(getattr(unit, "isheader", lambda: False)())


def _frozen(unit) -> bool:
    """An XLIFF unit marked translate="no", by itself or by the nearest enclosing group, unit or file that says:
    a name, code or placeholder kept as it is, which mtqa neither checks nor fixes."""
    element = getattr(unit, "xmlelement", None)
    if element is None:
        return False
    for el in (element, *element.iterancestors()):
        value = el.get("translate")
        if value is not None:
            return value.strip().lower() == "no"
    return False


def read_bitext(data: bytes, path: str, suffix: str) -> Iterator[tuple[Document | None, str | None]]:
    """(Document, None) per translated unit (per plural form for a PO plural), or (None, reason) for a problem
    with the file or a unit. meta["record"] is (unit index, plural form index or None)."""
    try:
        store = parse_store(data, suffix)
    except ValueError as exc:
        yield None, str(exc)
        return
    for n, unit in enumerate(store.units, 1):
        if _is_header(unit) or getattr(unit, "isobsolete", lambda: False)() or _frozen(unit):
            continue
        try:
            unit_id = _unit_id(unit, n)
            sources = _forms(unit.source)
            lang = _target_lang(unit, suffix)
            targets = _forms(unit.gettarget(lang) if lang else unit.target)
            plural = bool(getattr(unit, "hasplural", lambda: False)()) and len(targets) > 1
            indices = _plural_indices(unit) if plural else None  # msgstr[N] as written: the id names that N
            orphan = _orphan_target(unit) if not targets and not sources else None
            if orphan is not None:
                if len(orphan):
                    raise NoEnglish("its <target> has no <source> and holds inline markup, which mtqa cannot read "
                                    "without the source")
                targets = [orphan.text or ""]
            if suffix == ".tmx" and not targets and not sources and len(unit.getlanguageNodes()) == 1:
                raise NoEnglish("its only <tuv> names no language, so it cannot be told whether it is the source "
                                "or the English translation")
        except NoEnglish as exc:
            yield None, f"unit {unit_id}{_where(unit)}: {exc}"
            continue
        except Exception as exc:  # a unit translate-toolkit cannot represent: this unit only
            yield None, f"unit {n}{_where(unit)}: cannot read ({type(exc).__name__}: {exc})"
            continue
        if not targets or all(t == "" for t in targets):
            if suffix == ".pot":
                continue  # a template's entries are untranslated by design: no omission (E007) to report
            targets, plural = [""], False
        for k, target in enumerate(targets if plural else targets[:1]):
            source = sources[min(k, len(sources) - 1)] if sources else ""
            doc_id = f"{unit_id}[{indices[k] if indices and len(indices) == len(targets) else k}]" if plural else str(unit_id)
            if target == "" and not source.strip():
                continue  # nothing on either side
            meta = {"record": (n - 1, k if plural else None)}
            element = getattr(unit, "xmlelement", None)
            if getattr(element, "sourceline", None):  # XLIFF and TMX: the unit's line in the file (PO: none kept)
                meta["line"] = element.sourceline
            # an empty target of a source is a document too: the engine reports it as not translated (E007)
            yield Document(text=target, source=source or None, path=path, id=doc_id, meta=meta), None


def parse_store(data: bytes, suffix: str):
    """The translate-toolkit store of a file, XML screened first; ValueError with the reason when it fails."""
    if suffix in XML_SUFFIXES:
        try:
            screen_xml(data)
        except UnsafeXml as exc:
            raise ValueError(str(exc)) from None
    if suffix in (".po", ".pot"):  # a PO file in UTF-16 read as bytes gave "Syntax error on line 1: 'ÿþm\x00s...'"
        from mtqa.document import wide_text

        wide = wide_text(data)
        if wide:
            raise ValueError(wide)
    try:
        return _store(data, suffix)
    except Exception as exc:  # translate-toolkit raises many types for malformed files
        raise ValueError(f"cannot parse as {suffix[1:].upper()}: {_parser_reason(exc)}") from None


def _parser_reason(exc: Exception) -> str:
    """A parser's complaint in words a user can act on: libxml's depth limit names an option nobody can set here,
    and some failures carry no message at all (an XLIFF whose root is <html>)."""
    text = str(exc).strip()
    depth = re.match(r"Excessive depth in document: (\d+)", text)
    if depth:
        where = re.search(r"line \d+, column \d+", text)
        return f"elements nested more than {depth.group(1)} deep{f' ({where.group()})' if where else ''}"
    return text or f"not a file of this kind ({type(exc).__name__})"


def _has_inline_markup(unit, lang: str | None = None) -> bool:
    """A target with inline elements (<g>, <ph>, <bpt>...) cannot be replaced by plain text faithfully. Only the
    target written counts: markup in the source or in an <alt-trans> match stays as it is."""
    if getattr(unit, "xmlelement", None) is None:
        return False
    target = _target_dom(unit, lang)
    if target is None:
        return False
    for el in target.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.rsplit("}", 1)[-1] in ("target", "seg") and len(el):
            return True
    return False


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _set_target(unit, text: str, lang: str | None = None) -> None:
    """unit.target = text, keeping the unit's attributes: translate-toolkit's XLIFF 1.2 marks a target it sets
    state="translated" and its unit approved="yes", which a fix must not do (it is no review, no sign-off), and
    marks the unit xml:space="preserve", which makes the whitespace of its source and notes significant: that
    stays only when the new text would not read back exactly without it."""
    element = getattr(unit, "xmlelement", None)
    if element is None:
        unit.target = text
        return
    orphan = _orphan_target(unit)
    if orphan is not None:  # no <source>: translate-toolkit would add a second <target>; its text is set as it is
        orphan.text = text
        return
    kept = [(el, dict(el.attrib)) for el in (element, unit.get_target_dom(lang)) if el is not None]
    if lang:
        unit.settarget(text, lang=lang)
    else:
        unit.target = text
    for el, attrib in kept:
        for name in set(el.attrib) - set(attrib):
            del el.attrib[name]
        for name, value in attrib.items():
            el.set(name, value)
    if unit.gettarget(lang) != text:
        element.set(XML_SPACE, "preserve")


def write_back(data: bytes, suffix: str, fixed: dict) -> bytes:
    """The file with fixed targets: `fixed` maps a Document's meta["record"] to its new text. Serialised by
    translate-toolkit (layout may be normalised, content is not). ValueError when it cannot be done faithfully."""
    store = parse_store(data, suffix)
    by_unit: dict[int, dict] = {}
    for (index, form), text in fixed.items():
        by_unit.setdefault(index, {})[form] = text
    for index, forms in sorted(by_unit.items()):
        unit = store.units[index]
        lang = _target_lang(unit, suffix)
        if _has_inline_markup(unit, lang):
            raise ValueError(f"unit {_unit_id(unit, index + 1)} has inline markup in its target, which plain "
                             "fixed text would lose")
        if None in forms:
            _set_target(unit, forms[None], lang)
        else:
            from translate.misc.multistring import multistring

            strings = _forms(unit.target)
            for k, text in forms.items():
                strings[k] = text
            indices = _plural_indices(unit)
            unit.target = multistring(strings)
            _keep_plural_indices(unit, indices)
    targets = _changed_targets(store, by_unit, suffix)
    spliced = _splice(data, targets)
    try:
        normalised = _one_bom(bytes(store))
    except Exception as exc:  # noqa: BLE001 - translate-toolkit's serialiser fails on what it does not expect
        if spliced is not None:  # (a processing instruction): the splice, which rewrite() reads back unit by unit
            return spliced
        raise ValueError(f"translate-toolkit cannot serialise it: {type(exc).__name__}: {exc}") from None
    if spliced is not None:
        try:
            if _cdata_as_text(_one_bom(bytes(parse_store(spliced, suffix)))) == _cdata_as_text(normalised):
                return spliced  # the same file as translate-toolkit would write, with the original layout
        except Exception:  # noqa: BLE001 - any doubt: translate-toolkit's own serialisation below
            pass
    return _same_ending(data, normalised)


def _changed_targets(store, by_unit: dict, suffix: str) -> list | None:
    """The target elements set, each as (qualified tag, its ordinal among elements of that tag in the document,
    new text), or None when a change is not one plain target's text (plural forms, a PO file, an element
    translate-toolkit created)."""
    if suffix not in XML_SUFFIXES:
        return None
    out = []
    root = store.document.getroot()
    ordinals: dict[str, dict] = {}  # tag -> {element: its place among the elements of that tag}
    for index, forms in by_unit.items():
        unit = store.units[index]
        if set(forms) != {None}:
            return None
        element = _target_dom(unit, _target_lang(unit, suffix))
        if element is not None and element.tag.rsplit("}", 1)[-1] == "tuv":
            element = next(iter(element), None)  # TMX: the <seg> of the target <tuv>
        if element is None or element.sourceline is None or len(element) or element.text != forms[None]:
            return None
        if element.tag not in ordinals:
            ordinals[element.tag] = {el: n for n, el in enumerate(root.iter(element.tag))}
        name = element.tag.rsplit("}", 1)[-1]
        out.append(((f"{element.prefix}:{name}" if element.prefix else name), ordinals[element.tag][element], forms[None]))
    return out


_OPAQUE = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)


def _splice(data: bytes, targets: list | None) -> bytes | None:
    """The original UTF-8 file with only the text of the changed target elements replaced (every other byte kept:
    indentation, attribute order, entities, comments), found by counting start tags; None when it cannot be
    done. The caller checks the result reads back as translate-toolkit's own serialisation of the fix."""
    from xml.sax.saxutils import escape

    if not targets:
        return None
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # UTF-16 and the like: translate-toolkit's serialisation
    edits = []
    # tags are looked for where the parser sees markup: not in a comment, a CDATA section or a processing
    # instruction (blanked out, offsets kept), so "<!-- old: <target>...</target> -->" counts no target
    markup = _OPAQUE.sub(lambda m: " " * len(m.group()), text)
    starts: dict[str, list] = {}  # the start tags of each name, empty elements (<target/>) included, in order
    for qname, ordinal, new in targets:
        if qname not in starts:
            starts[qname] = list(re.finditer(rf"<{re.escape(qname)}(?:\s[^>]*)?/?>", markup))
        if ordinal >= len(starts[qname]) or starts[qname][ordinal].group().endswith("/>"):
            return None
        start = starts[qname][ordinal].end()
        close = re.compile(rf"</{re.escape(qname)}\s*>").search(markup, start)
        if close is None:
            return None
        edits.append((start, close.start(), _written_as(text[start:close.start()], new)))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


_CDATA_ONLY = re.compile(r"\s*<!\[CDATA\[.*\]\]>\s*", re.S)
_CHAR_REF = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")


def _cdata_as_text(xml: bytes) -> bytes:
    """A serialised file with its CDATA sections written as escaped text: the same content either way (a target
    kept in CDATA reads back as one, the store's own writing of the fix escapes it)."""
    from xml.sax.saxutils import escape

    return re.sub(rb"<!\[CDATA\[(.*?)\]\]>", lambda m: escape(m.group(1).decode("utf-8")).encode("utf-8"), xml, flags=re.S)


def _written_as(old: str, new: str) -> str:
    """The fixed text of a target written as its original was: in a CDATA section if it was one, with the
    characters it gave as character references ("&#x2014;") given so again; else escaped."""
    from xml.sax.saxutils import escape

    if _CDATA_ONLY.fullmatch(old) and "]]>" not in new and "\r" not in new:
        return f"<![CDATA[{new}]]>"
    out = escape(new).replace("\r", "&#13;")
    refs = {}
    for m in _CHAR_REF.finditer(old):
        code = int(m.group(1)[1:], 16) if m.group(1)[0] in "xX" else int(m.group(1))
        if 0x20 < code < 0x110000 and chr(code) not in "<>&\"'" and not 0xD800 <= code < 0xE000:
            refs.setdefault(chr(code), m.group())
    for char, ref in refs.items():
        out = out.replace(char, ref)
    return out


def _same_ending(data: bytes, out: bytes) -> bytes:
    """The original's run of final newlines on the serialised file: translate-toolkit writes a PO file's closing
    blank line as none, a change every diff of a fixed catalogue would show."""
    if b"\x00" in data[:4] or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return out  # UTF-16 or UTF-32: a newline is no single byte there
    lines = data.count(b"\n")
    if lines and data.count(b"\r\n") == lines and out.count(b"\r\n") != out.count(b"\n"):
        # a Windows file: its line ends stay \r\n, every one (translate-toolkit writes \n, or a mixture: a PO
        # file's "#, fuzzy" line); an XML parser reads either the same, and a PO reader strips them
        data, out = data.replace(b"\r\n", b"\n"), out.replace(b"\r\n", b"\n")
        return _same_ending(data, out).replace(b"\n", b"\r\n")
    ending = data[len(data.rstrip(b"\n")):]
    if not out.endswith(b"\n"):
        return out
    return out.rstrip(b"\n") + ending if ending else out


def _one_bom(out: bytes) -> bytes:
    """translate-toolkit encodes the XML declaration and the tree of a UTF-16 file one after the other, each with
    its own byte-order mark: the second, after the declaration, is stray text before the root element."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if out.startswith(bom):
            head, sep, rest = out[len(bom):].decode(codec).partition("?>\n")
            if sep and rest.startswith("\ufeff"):
                return bom + (head + sep + rest[1:]).encode(codec)
    return out
