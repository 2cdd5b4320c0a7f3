"""A report as an Excel workbook: the summary by unit on the first sheet, every task behind the
figures on the second, each with its status on the report's day.

Both sheets are streamed (a write-only workbook): the task list is the register's rows
(registers/rows.py, as the register export reads them) a chunk at a time, with the status of each
task read off its span on the day in one query per block, so a province's year costs a few
queries per 2,000 tasks and the memory of one chunk. Writing cells is most of the time: the task
sheet keeps the register's columns a reader of the report needs (the register export has them
all), and each style is made once and copied onto its cells (openpyxl hashes a style each time
one is set).
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from typing import IO, Any, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dondoc.core.dates import format_date
from dondoc.core.text import CELL_LIMIT, fit
from dondoc.organisations.models import Unit
from dondoc.registers.columns import BY_KEY as REGISTER_COLUMNS
from dondoc.registers.exporter import CHUNK, DATE_FORMAT
from dondoc.registers.exporter import WIDTHS as REGISTER_WIDTHS
from dondoc.registers.rows import SOURCE_LABEL, RegisterRow, UnitDirectory, rows_of_tasks
from dondoc.reports.exports.common import (
    AS_OF_LABEL,
    BLOCK_NAMES,
    CHASE_HEADINGS,
    COLUMNS,
    SHARE_HEADING,
    UNIT_HEADING,
    Export,
    TableRow,
    blocks_of_tasks,
)
from dondoc.tasks.models import Source, Task
from dondoc.tasks.selectors import chases_in, load_histories

SUMMARY = "Tổng hợp"
TASKS = "Danh sách nhiệm vụ"
# A write-only sheet: types-openpyxl leaves out its merged cells and dimensions, which it has.
WriteOnlyWorksheet = Any
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTH = len(COLUMNS) + 2  # the unit, the figures, the share
LAST = get_column_letter(WIDTH)
HEADER_ROW = 7  # the table's two header rows: 7 and 8; the figures from row 9
COUNT_FORMAT = "#,##0"
SHARE_FORMAT = "0%"

_thin = Side(style="thin", color="808080")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)


def write(export: Export, out: IO[bytes]) -> int:
    """Write the workbook of `export` to `out`; returns the number of tasks listed."""
    workbook = Workbook(write_only=True)
    _properties(workbook, export)
    _summary(workbook.create_sheet(SUMMARY), export)
    count = _tasks(workbook.create_sheet(TASKS), export)
    workbook.save(out)
    return count


def _properties(workbook: Workbook, export: Export) -> None:
    """The file's properties (what a file manager and Excel's "Info" show): the issuing unit as
    its creator, the subject as its title, made now (not openpyxl's defaults)."""
    properties = workbook.properties
    properties.creator = export.issuing_unit.name
    properties.lastModifiedBy = export.produced_by
    properties.title = export.subject
    properties.subject = export.as_of_words
    properties.description = export.made_line
    properties.language = "vi-VN"
    properties.keywords = "báo cáo; nhiệm vụ"
    properties.category = "Báo cáo"
    # openpyxl writes these as UTC, from a naive datetime (it sets `modified` on saving).
    properties.created = export.produced_at.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)


# The register's columns the task sheet shows, after the block and the status on the day.
TASK_COLUMNS = ("code", "title", "document", "lead_unit", "assigned_on", "deadline",
                "extended_to", "completed_on", "confirmed_on", "key", "source")  # fmt: skip


class Styles:
    """Each style of a sheet made once, on a cell of its own, then copied onto the cells that
    take it."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        self._made: dict[str, Any] = {}

    def cell(self, value: Any, style: str = "", **made: Any) -> Cell:
        """A cell holding `value` in the style named `style`, which `made` sets the first time."""
        cell = WriteOnlyCell(self.sheet, value=value)
        if not style:
            return cell
        kept = self._made.get(style)
        if kept is None:
            for name, setting in made.items():
                setattr(cell, name, setting)
            self._made[style] = copy(cell._style)  # type: ignore[attr-defined]  # (its stubs lack it)
        else:
            cell._style = copy(kept)  # type: ignore[attr-defined]
        return cell


def _cell(sheet: WriteOnlyWorksheet, value: Any, **style: Any) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _merged_line(sheet: WriteOnlyWorksheet, row: int, text: str, **style: Any) -> None:
    sheet.append([_cell(sheet, text, **style)])
    sheet.merged_cells.add(f"A{row}:{LAST}{row}")


def _summary(sheet: WriteOnlyWorksheet, export: Export) -> None:
    sheet.column_dimensions["A"].width = 38
    for index in range(2, WIDTH + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.freeze_panes = f"B{HEADER_ROW + 2}"  # the header and the unit column stay in view
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    _print_on_a4_across(sheet)
    bold = Font(bold=True)
    # The filters but the as-of day, which the dates' line says beside the day of making.
    shown = [(label, value) for label, value in export.parameters if label != AS_OF_LABEL]
    half = (len(shown) + 1) // 2
    filters = [
        "; ".join(f"{label}: {value}" for label, value in shown[:half]),
        "; ".join(f"{label}: {value}" for label, value in shown[half:]),
    ]
    # A streamed sheet writes a row's height with the row: set before it is appended. A merged
    # cell does not grow with its text: about 120 characters a line across the table
    # (Vietnamese letters with two marks are tall: 16 points a line).
    sheet.row_dimensions[4].height = 30
    sheet.row_dimensions[6].height = 16 * (len(export.narrative) // 120 + 1) + 6
    _merged_line(sheet, 1, export.title, font=Font(bold=True, size=14), alignment=CENTRE)
    _merged_line(sheet, 2, export.subject, font=bold, alignment=CENTRE)
    _merged_line(sheet, 3, export.dates_line, font=Font(italic=True), alignment=CENTRE)
    _merged_line(sheet, 4, filters[0], alignment=WRAP)
    _merged_line(sheet, 5, filters[1], alignment=WRAP)
    _merged_line(sheet, 6, export.narrative, alignment=WRAP)
    row = _table(sheet, HEADER_ROW, export.unit_rows())
    row += 1
    sheet.append([])
    carried = export.carried_rows()
    if carried:
        _merged_line(sheet, row, export.carried_caption, font=bold)
        row = _table(sheet, row + 1, carried)
    else:
        _merged_line(sheet, row, export.no_carried_line)
        row += 1
    _merged_line(sheet, row, export.cancelled_line)
    sheet.append([])
    sheet.row_dimensions[row + 2].height = 13 * (len(export.produced_line) // 150 + 1) + 4
    _merged_line(
        sheet, row + 2, export.produced_line, font=Font(italic=True, size=9), alignment=WRAP
    )


def _print_on_a4_across(sheet: WriteOnlyWorksheet) -> None:
    """Printed on A4 landscape, every column on the page's width."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _table(sheet: WriteOnlyWorksheet, first: int, rows: list[TableRow]) -> int:
    """The table's two header rows (groups merged) and `rows` from row `first`; returns the row
    after it."""
    bold = Font(bold=True)
    head = dict(font=bold, alignment=CENTRE, border=BORDER, fill=HEADER_FILL)
    top: list[Any] = [_cell(sheet, UNIT_HEADING, **head)]
    bottom: list[Any] = [_cell(sheet, None, **head)]
    groups: dict[str, list[int]] = {}
    for index, (group, heading, _value) in enumerate(COLUMNS, start=2):
        if group is None:
            top.append(_cell(sheet, heading, **head))
            bottom.append(_cell(sheet, None, **head))
            sheet.merged_cells.add(f"{get_column_letter(index)}{first}:{get_column_letter(index)}{first + 1}")  # fmt: skip
        else:
            first_of_group = group not in groups
            groups.setdefault(group, []).append(index)
            top.append(_cell(sheet, group if first_of_group else None, **head))
            bottom.append(_cell(sheet, heading, **head))
    top.append(_cell(sheet, SHARE_HEADING, **head))
    bottom.append(_cell(sheet, None, **head))
    sheet.merged_cells.add(f"A{first}:A{first + 1}")
    sheet.merged_cells.add(f"{LAST}{first}:{LAST}{first + 1}")
    for columns in groups.values():
        start, end = get_column_letter(columns[0]), get_column_letter(columns[-1])
        sheet.merged_cells.add(f"{start}{first}:{end}{first}")
    sheet.row_dimensions[first + 1].height = 45
    sheet.append(top)
    sheet.append(bottom)
    styles = Styles(sheet)
    right = Alignment(horizontal="right")
    for table_row in rows:
        kind = "total" if table_row.total else "unit"
        style: dict[str, Any] = {"border": BORDER}
        if table_row.total:
            style |= {"font": bold, "fill": TOTAL_FILL}
        cells = [styles.cell(table_row.label, f"{kind}-label", alignment=WRAP, **style)]
        cells += [
            styles.cell(n, f"{kind}-count", number_format=COUNT_FORMAT, **style)
            for n in table_row.values
        ]
        share = table_row.share if table_row.share is not None else table_row.share_text
        cells.append(styles.cell(share, f"{kind}-share", number_format=SHARE_FORMAT, alignment=right, **style))  # fmt: skip
        sheet.append(cells)
    return first + 2 + len(rows)


def _tasks(sheet: WriteOnlyWorksheet, export: Export) -> int:
    """Every task of the report (the period's, the carried over, the cancelled): its block, its
    status on the day, then the register's columns that a reader of the report needs."""
    day = export.as_of
    columns = [REGISTER_COLUMNS[key] for key in TASK_COLUMNS]
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 26
    for index, column in enumerate(columns, start=3):
        width = REGISTER_WIDTHS.get(column.key, 12 if column.is_date else 16)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index in range(len(columns) + 3, len(columns) + 3 + len(CHASE_HEADINGS)):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    _print_on_a4_across(sheet)
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "E2"  # the block, the status, the code and the task stay in view
    head = dict(font=Font(bold=True), alignment=CENTRE, border=BORDER, fill=HEADER_FILL)
    headings = [
        "Khối",
        f"Tình trạng ngày {format_date(day)}",
        *(c.header for c in columns),
        *CHASE_HEADINGS,
    ]
    sheet.append([_cell(sheet, heading, **head) for heading in headings])
    units = cast(UnitDirectory, _UnitsById())
    styles = Styles(sheet)
    count = 0
    for block, chunks in blocks_of_tasks(export.query, CHUNK):
        for chunk in chunks:
            count += _append_tasks(styles, chunk, BLOCK_NAMES[block], day, units)
    return count


def _shown(row: RegisterRow) -> list[Any]:
    """The values of TASK_COLUMNS, as the register writes them (registers.rows.cells_of), the
    lead unit by its short name as the report's tables name it."""
    return [
        row.code,
        row.title,
        row.document_number,
        row.lead_unit.short_name,
        row.assigned_on,
        row.deadline,
        row.extended_to,
        row.completed_on,
        "chưa xác nhận" if row.awaiting_confirmation else row.confirmed_on,
        "x" if row.is_key else "",
        SOURCE_LABEL[Source(row.source)],
    ]


class _UnitsById:
    """What rows_of_tasks reads of a UnitDirectory (its units by id), without the folded names
    that finding a unit by name needs and this sheet does not."""

    def __init__(self) -> None:
        self.by_id = Unit.objects.in_bulk()


def _append_tasks(
    styles: Styles,
    chunk: list[tuple[Task, str]],
    block: str,
    day: dt.date,
    units: UnitDirectory,
) -> int:
    """The rows of a chunk of tasks with their status on the day: the register's values (dates
    as dates, text that a spreadsheet would run as a formula kept as text, what a cell cannot
    hold left out)."""
    tasks = [task for task, _status in chunk]
    # The tasks' events are read once, for the register's columns and the chases alike.
    histories = load_histories(tasks, until=day)
    rows = rows_of_tasks(tasks, units, day, histories)
    sheet = styles.sheet
    for task, status in chunk:
        chases = chases_in(histories[task.pk])
        cells: list[Any] = [block, status]
        for value in _shown(rows[task.pk]):
            if isinstance(value, str):
                value = fit(value)[:CELL_LIMIT]
                if value.startswith("="):
                    cell = styles.cell(value)
                    cell.data_type = "s"  # text, never a formula that runs
                    value = cell
            elif isinstance(value, dt.date):
                value = styles.cell(value, "date", number_format=DATE_FORMAT)
            cells.append(value)
        last = chases.last
        cells.append(chases.count)
        cells.append(styles.cell(last, "date", number_format=DATE_FORMAT) if last else None)
        sheet.append(cells)
    return len(chunk)
