"""Translators' bilingual files through translate-toolkit's storage classes: XLIFF 1.2 and 2.0, PO and TMX.
Every translation unit is a Document (id = the unit's id). XML is screened with defusedxml first: entity
declarations (billion laughs) and external entities are refused before any parser expands them."""

from __future__ import annotations

import io
from typing import Iterator

from mtqa.document import Document

XML_SUFFIXES = {".xlf", ".xliff", ".tmx"}
SUFFIXES = XML_SUFFIXES | {".po", ".pot"}


class UnsafeXml(Exception):
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
        raise ValueError(f"not well-formed XML ({exc})") from None


def _store(data: bytes, suffix: str):
    from translate.storage import factory, po, tmx, xliff2

    buf = io.BytesIO(data)
    if suffix in (".xlf", ".xliff"):
        head = data[:2000]
        if b"urn:oasis:names:tc:xliff:document:2" in head or b"version=\"2." in head or b"version='2." in head:
            return xliff2.Xliff2File.parsefile(buf)
        return factory.getobject(buf, localfiletype="xlf")
    if suffix == ".tmx":
        return tmx.tmxfile.parsefile(buf)
    return po.pofile.parsefile(buf)


def read_bitext(data: bytes, path: str, suffix: str) -> Iterator[tuple[Document | None, str | None]]:
    """(Document, None) per translated unit, or (None, reason) for a problem with the file or a unit."""
    if suffix in XML_SUFFIXES:
        try:
            screen_xml(data)
        except (UnsafeXml, ValueError) as exc:
            yield None, str(exc)
            return
    try:
        store = _store(data, suffix)
    except Exception as exc:  # translate-toolkit raises many types for malformed files
        yield None, f"cannot parse as {suffix[1:].upper()}: {exc}"
        return
    for n, unit in enumerate(store.units, 1):
        if getattr(unit, "isheader", lambda: False)():
            continue
        source = str(unit.source or "")
        target = unit.target
        element = getattr(unit, "xmlelement", None)
        unit_id = (element.get("id") if element is not None else None) or (unit.getid() or str(n)).split("\x04")[-1]
        if target is None or str(target) == "":
            if source:
                yield None, f"unit {unit_id}: no translation"
            continue
        yield Document(text=str(target), source=source or None, path=path, id=str(unit_id)), None
