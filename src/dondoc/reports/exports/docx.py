"""A report as a Word document in the layout of Decree 30/2020/NĐ-CP (Appendix I): A4, margins
top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 (13 in the header and the
tables, as the decree allows); the issuing agency at the top left and the national title at the
top right, each with a short line under it; the number, the place and date; "BÁO CÁO" and its
subject; the text; the recipients; an annex of the tasks done late or overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import IO, Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from dondoc.reports.exports.common import (
    ANNEX_HEADINGS,
    COLUMNS,
    SHARE_HEADING,
    UNIT_HEADING,
    Export,
    TableRow,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
BODY_SIZE = Pt(14)
HEAD_SIZE = Pt(13)
TABLE_SIZE = Pt(11)
CELL_MARGIN = Mm(0.8)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
# 20, 20, 30 and 15 mm, in whole twips (Word's unit) rounded up so that none falls below the
# decree's lower bound.
TOP, BOTTOM, LEFT, RIGHT = Twips(1134), Twips(1134), Twips(1701), Twips(851)
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT  # 165 mm
HEADER_LEFT = Mm(62)  # the issuing agency's column; the national title's takes the rest
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def write(export: Export, out: IO[bytes]) -> None:
    document = Document()
    _page(document)
    _styles(document)
    _header(document, export)
    _title(document, export)
    _body(document, export)
    _signature(document, export)
    _annex(document, export)
    _footer(document, export)
    _page_numbers(document)
    _properties(document, export)
    document.save(out)


def _properties(document: DocumentObject, export: Export) -> None:
    """The file's properties (what a file manager and Word's "Info" show): the issuing unit as
    its author, the subject as its title, made now; nothing left of python-docx's template."""
    properties = document.core_properties
    properties.author = _property(export.issuing_unit.name)
    properties.last_modified_by = _property(export.produced_by)
    properties.title = _property(export.subject)
    properties.subject = export.as_of_words
    properties.comments = _property(export.made_line)
    properties.language = "vi-VN"
    properties.keywords = "báo cáo; nhiệm vụ"
    properties.category = "Báo cáo"
    properties.revision = 1
    # Word reads these as UTC; python-docx writes a naive datetime as it is.
    made = export.produced_at.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    properties.created = properties.modified = made


def _property(text: str, limit: int = 255) -> str:
    """A text property as python-docx takes it: at most 255 characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _page(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.footer_distance = Mm(8)


def _set_font(run_properties: Any) -> None:
    """Times New Roman for every script Word may pick a font for (Vietnamese included)."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _styles(document: DocumentObject) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    _set_font(normal.element.get_or_add_rPr())
    paragraph = normal.paragraph_format
    paragraph.space_before, paragraph.space_after = Pt(0), Pt(6)
    paragraph.line_spacing = 1.15


def _paragraph(
    where: DocumentObject | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: Length | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    after: Pt | None = None,
    first: bool = False,
) -> Paragraph:
    """A paragraph of one run (`first`: the cell's own first paragraph, not a new one)."""
    paragraph = where.paragraphs[0] if first else where.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        if size is not None:
            run.font.size = size
    if align is not None:
        paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = after
    return paragraph


def _line_under(paragraph: Paragraph, margin: int) -> None:
    """Make an empty paragraph a thin line: indented `margin` on both sides, its bottom border
    drawn."""
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = margin
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _rule_under(cell: _Cell, width: Length) -> None:
    """The short line the decree draws under the issuing body and under the motto: an empty
    paragraph indented so that its bottom border is `width` long, centred in the cell."""
    paragraph = cell.add_paragraph()
    margin = max(0, int((cell.width - width) / 2))
    paragraph.paragraph_format.space_after = Pt(0)
    _line_under(paragraph, margin)


def _no_borders(table: Table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _widths(table: Table, widths: Sequence[int]) -> None:
    """Fixed column widths, in the grid (which LibreOffice reads) and in every cell (Word)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _header(document: DocumentObject, export: Export) -> None:
    """The issuing agency and the national title, then the number and the place and date."""
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [HEADER_LEFT, TEXT_WIDTH - HEADER_LEFT])
    left, right = table.cell(0, 0), table.cell(0, 1)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    issuer = export.issuer
    first = True
    if issuer.superior:
        _paragraph(left, issuer.superior, size=HEAD_SIZE, align=centre, after=Pt(0), first=True)
        first = False
    for line in issuer.body:
        _paragraph(left, line, bold=True, size=HEAD_SIZE, align=centre, after=Pt(0), first=first)
        first = False
    longest = max(len(line) for line in issuer.body)
    _rule_under(left, Mm(max(15, min(40, longest * 2.6 / 2))))
    _paragraph(right, NATIONAL_TITLE, bold=True, size=Pt(12), align=centre, after=Pt(0), first=True)
    _paragraph(right, MOTTO, bold=True, size=Pt(13), align=centre, after=Pt(0))
    _rule_under(right, Mm(60))
    number = table.cell(1, 0)
    _paragraph(number, "Số: ……/BC-…", size=HEAD_SIZE, align=centre, after=Pt(0), first=True)
    _paragraph(table.cell(1, 1), export.place_and_date, italic=True, size=Pt(14), align=centre,
               after=Pt(0), first=True)  # fmt: skip
    for cell in (number, table.cell(1, 1)):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _title(document: DocumentObject, export: Export) -> None:
    centre = WD_ALIGN_PARAGRAPH.CENTER
    title = _paragraph(document, export.title, bold=True, align=centre, after=Pt(0))
    title.paragraph_format.space_before = Pt(18)
    _paragraph(document, export.subject, bold=True, align=centre, after=Pt(0))
    _paragraph(document, export.as_of_line, italic=True, align=centre, after=Pt(0))
    _rule_under_document(document)


def _rule_under_document(document: DocumentObject) -> None:
    """The short line under the subject (a third of the text's width)."""
    paragraph = document.add_paragraph()
    margin = int(TEXT_WIDTH / 3)
    paragraph.paragraph_format.space_after = Pt(12)
    _line_under(paragraph, margin)


def _text(document: DocumentObject, text: str, *, bold: bool = False, italic: bool = False) -> None:
    paragraph = _paragraph(document, text, bold=bold, italic=italic)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)


def _body(document: DocumentObject, export: Export) -> None:
    _text(document, export.narrative)
    _text(document, f"{export.table_caption}:")
    _summary_table(document, export.unit_rows())
    carried = export.carried_rows()
    if carried:
        _text(document, f"{export.carried_caption}:")
        _summary_table(document, carried)
    else:
        _text(document, export.no_carried_line)
    _text(document, export.cancelled_line)
    if export.late:
        _text(
            document,
            f"Danh sách {len(export.late)} nhiệm vụ hoàn thành quá hạn và quá hạn chưa hoàn "
            "thành, với số ngày chậm và lý do, tại Phụ lục kèm theo.",
        )


def _shade(cell: _Cell, colour: str = "F2F2F2") -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_text(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    size: Length = TABLE_SIZE,
) -> None:
    paragraph = _paragraph(cell, text, bold=bold, size=size, align=align, first=True)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0


def _repeat_header(table: Table, rows: int) -> None:
    for row in table.rows[:rows]:
        properties = row._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)


def _narrow_cells(table: Table, margin: Length = CELL_MARGIN) -> None:
    """Cells with small left and right margins: eleven figures share the text's width."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(margin.twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _summary_table(document: DocumentObject, rows: list[TableRow]) -> None:
    """The figures by unit: a two-row header, the groups' headings merged over their columns."""
    centre, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    width = len(COLUMNS) + 2
    table = document.add_table(rows=2 + len(rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _narrow_cells(table)
    head = Pt(10)
    unit_width = Mm(35)
    figure_width = int((TEXT_WIDTH - unit_width) / (width - 1))
    _widths(table, [unit_width] + [figure_width] * (width - 1))
    _cell_text(table.cell(0, 0).merge(table.cell(1, 0)), UNIT_HEADING, bold=True, align=centre, size=head)  # fmt: skip
    last = width - 1
    _cell_text(table.cell(0, last).merge(table.cell(1, last)), SHARE_HEADING, bold=True, align=centre, size=head)  # fmt: skip
    groups: dict[str, list[int]] = {}
    for index, (group, heading, _value) in enumerate(COLUMNS, start=1):
        if group is None:
            _cell_text(table.cell(0, index).merge(table.cell(1, index)), heading, bold=True, align=centre, size=head)  # fmt: skip
        else:
            groups.setdefault(group, []).append(index)
            _cell_text(table.cell(1, index), heading, bold=True, align=centre, size=head)
    for group, columns in groups.items():
        merged = table.cell(0, columns[0]).merge(table.cell(0, columns[-1]))
        _cell_text(merged, group, bold=True, align=centre, size=head)
    for row in table.rows[:2]:
        for cell in row.cells:
            _shade(cell)
    _repeat_header(table, 2)
    for offset, table_row in enumerate(rows, start=2):
        cells = table.rows[offset].cells
        _cell_text(cells[0], table_row.label, bold=table_row.total)
        for cell, value in zip(cells[1:], table_row.values, strict=False):
            _cell_text(cell, f"{value:,}".replace(",", "."), bold=table_row.total, align=right)
        _cell_text(cells[last], table_row.share_text, bold=table_row.total, align=right)
    _paragraph(document, after=Pt(0))  # a gap after the table


def _signature(document: DocumentObject, export: Export) -> None:
    """The recipients at the bottom left; the signer's place at the bottom right."""
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [Mm(80), TEXT_WIDTH - Mm(80)])
    left, right = table.cell(0, 0), table.cell(0, 1)
    _paragraph(left, "Nơi nhận:", bold=True, italic=True, size=Pt(12), after=Pt(0), first=True)
    for line in export.recipients():
        _paragraph(left, line, size=Pt(11), after=Pt(0))
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(right, "THỦ TRƯỞNG CƠ QUAN", bold=True, size=Pt(14), align=centre, after=Pt(0), first=True)  # fmt: skip
    _paragraph(right, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, size=Pt(13), align=centre)


def _annex(document: DocumentObject, export: Export) -> None:
    """The late tasks, on pages of their own after the report."""
    if not export.late:
        return
    centre = WD_ALIGN_PARAGRAPH.CENTER
    heading = _paragraph(document, "Phụ lục", bold=True, align=centre, after=Pt(0))
    heading.paragraph_format.page_break_before = True
    _paragraph(document, export.annex_title, bold=True, align=centre, after=Pt(0))
    _paragraph(document, export.annex_note, italic=True, align=centre, after=Pt(12))
    rows = export.annex_rows()
    table = document.add_table(rows=1 + len(rows), cols=1 + len(ANNEX_HEADINGS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # A date (dd/mm/yyyy) and "STT" each on one line in 11 pt: 165 mm in all.
    widths: list[int] = [Mm(12), Mm(45), Mm(25), Mm(22), Mm(22), Mm(15), Mm(24)]
    _widths(table, widths)
    for cell, heading_text in zip(table.rows[0].cells, ("STT", *ANNEX_HEADINGS), strict=True):
        _cell_text(cell, heading_text, bold=True, align=centre)
        _shade(cell)
    _repeat_header(table, 1)
    for number, (row, values) in enumerate(zip(table.rows[1:], rows, strict=True), start=1):
        cells = row.cells
        _cell_text(cells[0], str(number), align=centre)
        for index, (cell, value) in enumerate(zip(cells[1:], values, strict=True)):
            _cell_text(cell, value, align=centre if index in (2, 3) else None)


def _footer(document: DocumentObject, export: Export) -> None:
    """Who produced the document, when, from which filters: in every page's footer, small (the
    first page has a footer of its own, having no page number: _page_numbers)."""
    section = document.sections[0]
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.text = ""
        run = paragraph.add_run(export.produced_line)
        run.italic = True
        run.font.size = Pt(9)


def _page_numbers(document: DocumentObject) -> None:
    """The page's number at the top, centred, from the second page on (Decree 30/2020, Annex I):
    a PAGE field, which Word and LibreOffice fill in."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, "PAGE"),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
