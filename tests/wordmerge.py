"""Word mail-merge fields built the way Word writes them, for the tests."""

from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

MAIL_MERGE_SOURCE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/mailMergeSource"


def _run(child=None, text: str | None = None, bold: bool = False):
    run = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        run.append(rpr)
    if child is not None:
        run.append(child)
    if text is not None:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
    return run


def _char(kind: str):
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    return char


def complex_runs(instr: list, shown: str, bold: bool = False) -> list:
    """The runs of a complex field: begin, instruction (strings, or nested `(instr, shown)` fields,
    each string split over two runs as Word often does), separate, the shown result, end."""
    runs = [_run(_char("begin"), bold=bold)]
    for piece in instr:
        if isinstance(piece, tuple):
            runs += complex_runs(*piece, bold=bold)
            continue
        for half in (piece[:len(piece) // 2], piece[len(piece) // 2:]):
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = half
            runs.append(_run(text, bold=bold))
    runs += [_run(_char("separate"), bold=bold), _run(text=shown, bold=bold), _run(_char("end"), bold=bold)]
    return runs


def add_complex(paragraph, instr: list | str, shown: str, bold: bool = False) -> None:
    for run in complex_runs([instr] if isinstance(instr, str) else instr, shown, bold):
        paragraph._p.append(run)


def add_simple(paragraph, instr: str, shown: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instr)
    field.append(_run(text=shown))
    paragraph._p.append(field)


_AFTER_MAIL_MERGE = ("w:revisionView", "w:trackRevisions", "w:doNotTrackMoves", "w:doNotTrackFormatting",
                     "w:documentProtection", "w:autoFormatOverride", "w:styleLockTheme", "w:styleLockQFSet",
                     "w:defaultTabStop", "w:autoHyphenation", "w:consecutiveHyphenLimit", "w:hyphenationZone",
                     "w:doNotHyphenateCaps", "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle",
                     "w:defaultTableStyle", "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting",
                     "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
                     "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
                     "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
                     "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning",
                     "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars", "w:noLineBreaksAfter",
                     "w:noLineBreaksBefore", "w:savePreviewPicture", "w:doNotValidateAgainstSchema",
                     "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
                     "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt",
                     "w:showXMLTags", "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults",
                     "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
                     "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                     "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
                     "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
                     "w:decimalSymbol", "w:listSeparator")


def make_merge_document(doc, source: str = "C:\\Users\\van-thu\\ds.xlsx") -> None:
    """What Word saves in a mail-merge main document: the data source it asks for on opening."""
    part = doc.part._settings_part
    rid = part.relate_to(f"file:///{source}", MAIL_MERGE_SOURCE, is_external=True)
    merge = parse_xml(
        f'<w:mailMerge {nsdecls("w", "r")}><w:mainDocumentType w:val="formLetters"/>'
        '<w:dataType w:val="native"/>'
        f'<w:connectString w:val="Provider=Microsoft.ACE.OLEDB.12.0;Data Source={source}"/>'
        f'<w:query w:val="SELECT * FROM `Danh sách$`"/><w:dataSource r:id="{rid}"/></w:mailMerge>')
    # Where Word puts it, in the schema's order: before the tab stop default and what follows it.
    part.element.insert_element_before(merge, *_AFTER_MAIL_MERGE)
