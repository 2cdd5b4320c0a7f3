"""Writing tasks out as a register (.xlsx or .csv), in the format the importer reads back.

Stored text is written as the format can hold it, so no task ever makes an export fail: the
characters no stored text may hold (which came in before they were refused) are left out, and a
workbook cell keeps at most what a spreadsheet cell holds.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from dondoc.core.dates import format_date
from dondoc.core.text import CELL_LIMIT, fit
from dondoc.registers.columns import COLUMNS
from dondoc.registers.rows import (
    FORMULA_STARTS,
    RegisterRow,
    UnitDirectory,
    cells_of,
    rows_of_tasks,
)
from dondoc.tasks.models import Task

CHUNK = 2000
WIDTHS = {"title": 60, "lead_unit": 32, "coordinating_units": 32, "assigner": 28, "note": 30}
DATE_FORMAT = "DD/MM/YYYY"


def register_rows(
    tasks: QuerySet[Task], as_of: dt.date, units: UnitDirectory
) -> Iterator[RegisterRow]:
    """Each task as a register row as of `as_of`, in the queryset's order, a chunk at a time."""
    chunk: list[Task] = []
    for task in tasks.select_related("document").iterator(chunk_size=CHUNK):
        chunk.append(task)
        if len(chunk) == CHUNK:
            yield from _chunk(chunk, as_of, units)
            chunk = []
    yield from _chunk(chunk, as_of, units)


def _chunk(tasks: list[Task], as_of: dt.date, units: UnitDirectory) -> Iterator[RegisterRow]:
    rows = rows_of_tasks(tasks, units, as_of)
    for task in tasks:
        yield rows[task.pk]


def write_xlsx(tasks: QuerySet[Task], as_of: dt.date, out: IO[bytes]) -> int:
    """Write the register as a workbook (streamed: memory stays small); returns the row count."""
    units = UnitDirectory()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Nhiệm vụ")
    for index, column in enumerate(COLUMNS):
        letter = chr(ord("A") + index)
        sheet.column_dimensions[letter].width = WIDTHS.get(column.key, 12 if column.is_date else 16)
    sheet.freeze_panes = "C2"
    bold = Font(bold=True)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in register_rows(tasks, as_of, units):
        values: list[Any] = []
        for column, value in zip(COLUMNS, cells_of(row, units), strict=True):
            value = _text(value, limit=CELL_LIMIT)
            if column.is_date and isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # dates are fine
                cell.number_format = DATE_FORMAT
                values.append(cell)
            elif isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text that looks like a formula stays text, never runs
                values.append(cell)
            else:
                values.append(value)
        sheet.append(values)
        count += 1
    workbook.save(out)
    return count


def escape_formula(value: Any) -> Any:
    """A text a spreadsheet would run as a formula gets a leading apostrophe (the import drops it)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def _text(value: Any, *, limit: int | None = None) -> Any:
    """A cell's text without what the format cannot hold (and cut to `limit`): stored text never
    makes an export fail."""
    return fit(value)[:limit] if isinstance(value, str) else value


def write_csv(tasks: QuerySet[Task], as_of: dt.date, out: IO[str]) -> int:
    """Write the register as CSV (the caller opens `out` as UTF-8 with a BOM, for Excel)."""
    units = UnitDirectory()
    writer = csv.writer(out)
    writer.writerow([c.header for c in COLUMNS])
    count = 0
    for row in register_rows(tasks, as_of, units):
        writer.writerow(
            [
                format_date(v) if isinstance(v, dt.date) else escape_formula(_text(v))
                for v in cells_of(row, units)
            ]
        )
        count += 1
    return count
