"""The WordprocessingML children python-docx does not declare, declared its way.

python-docx gives each element class `get_or_add_x()` / `_remove_x()` methods that put a child
where the schema wants it. Its classes lack a few children vanthu writes (spacing, szCs and lang of run
properties, pBdr and the mark's rPr of a paragraph, pgNumType of a section, widths, borders and
margins of a table, cantSplit and tblHeader of a row, the document defaults); the subclasses
here add them with python-docx's own descriptors and are registered for their tags, so every
element python-docx parses or creates has them. Each sequence is the schema's (ECMA-376 Part 1,
wml.xsd, transitional), as python-docx writes its own `_tag_seq`.
"""

from __future__ import annotations

import types

from docx.oxml import section, table
from docx.oxml.ns import qn
from docx.oxml.parser import register_element_cls
from docx.oxml.shared import CT_OnOff
from docx.oxml.simpletypes import ST_DecimalNumber
from docx.oxml.table import CT_TblWidth
from docx.oxml.text import font, parfmt
from docx.oxml.xmlchemy import BaseOxmlElement, OptionalAttribute, ZeroOrOne


def _declare(name: str, base: type, sequence: tuple[str, ...], *tags: str) -> type:
    """A subclass of `base` with the optional children `tags` (all of `sequence` when none is named)
    declared where the schema's `sequence` puts them."""
    children = {tag.split(":")[1]: ZeroOrOne(tag, successors=sequence[sequence.index(tag) + 1:])
                for tag in tags or sequence}
    return types.new_class(name, (base,), exec_body=lambda ns: ns.update(children, __module__=__name__))


RPR = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
       "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
       "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
       "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
       "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")
PPR = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
       "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
       "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
       "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
       "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
       "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
       "w:sectPr", "w:pPrChange")
SECTPR = ("w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders",
          "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
          "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
TBLPR = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
         "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
         "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
         "w:tblPrChange")

CT_RPr = _declare("CT_RPr", font.CT_RPr, RPR, "w:spacing", "w:szCs", "w:lang")
CT_PPr = _declare("CT_PPr", parfmt.CT_PPr, PPR, "w:pBdr", "w:rPr")
CT_SectPr = _declare("CT_SectPr", section.CT_SectPr, SECTPR, "w:pgNumType")
CT_TblPr = _declare("CT_TblPr", table.CT_TblPr, TBLPR, "w:tblW", "w:tblInd", "w:tblBorders", "w:tblCellMar")
CT_TrPr = _declare("CT_TrPr", table.CT_TrPr, ("w:cantSplit", "w:tblHeader"))  # a choice: any order is valid
CT_PBdr = _declare("CT_PBdr", BaseOxmlElement, ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"))
CT_TblBorders = _declare("CT_TblBorders", BaseOxmlElement,
                         ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"))
CT_TblCellMar = _declare("CT_TblCellMar", BaseOxmlElement, ("w:top", "w:left", "w:bottom", "w:right"))
CT_DocDefaults = _declare("CT_DocDefaults", BaseOxmlElement, ("w:rPrDefault", "w:pPrDefault"))
CT_RPrDefault = _declare("CT_RPrDefault", BaseOxmlElement, ("w:rPr",))
CT_PPrDefault = _declare("CT_PPrDefault", BaseOxmlElement, ("w:pPr",))


class CT_PageNumber(BaseOxmlElement):
    start = OptionalAttribute("w:start", ST_DecimalNumber)


for _tag, _cls in (("w:rPr", CT_RPr), ("w:pPr", CT_PPr), ("w:pBdr", CT_PBdr), ("w:sectPr", CT_SectPr),
                   ("w:pgNumType", CT_PageNumber), ("w:tblPr", CT_TblPr), ("w:tblW", CT_TblWidth),
                   ("w:tblInd", CT_TblWidth), ("w:tblBorders", CT_TblBorders),
                   ("w:tblCellMar", CT_TblCellMar), ("w:trPr", CT_TrPr), ("w:cantSplit", CT_OnOff),
                   ("w:tblHeader", CT_OnOff), ("w:docDefaults", CT_DocDefaults),
                   ("w:rPrDefault", CT_RPrDefault), ("w:pPrDefault", CT_PPrDefault)):
    register_element_cls(_tag, _cls)


def set_attrs(element, **values) -> None:
    """Set `w:` attributes, in the order given."""
    for key, value in values.items():
        element.set(qn(f"w:{key}"), str(value))


def detach(element) -> None:
    """Take an element out of the document (it was found inside it, so it has a parent)."""
    parent = element.getparent()
    assert parent is not None
    parent.remove(element)
