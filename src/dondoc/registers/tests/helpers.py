"""Writing small registers for tests, as a user's spreadsheet would hold them."""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.db import connection
from openpyxl import Workbook

HEADER = ["Mã", "Nội dung nhiệm vụ", "Cơ quan giao", "Đơn vị chủ trì", "Ngày giao", "Hạn xử lý"]


def write_csv(
    path: Path, rows: Sequence[Sequence[Any]], *, delimiter: str = ",", bom: bool = True
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        csv.writer(out, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, skip_rows: int = 0) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for _ in range(skip_rows):
        sheet.append([])
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def wipe_tasks() -> None:
    """Empty the task tables (the test's transaction puts them back): an "empty database"."""
    with connection.cursor() as cursor:
        # What the reorganisations handed over refers to the tasks (the reorganisations stay).
        cursor.execute("DELETE FROM organisations_handover")
        cursor.execute("DELETE FROM notifications_notification")  # of the tasks and their events
        for table in ("tasks_attachment", "tasks_task_coordinating_units", "tasks_taskevent",
                      "tasks_taskspan"):  # fmt: skip
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608  (fixed table names)
        cursor.execute("UPDATE tasks_task SET parent_id = NULL")
        cursor.execute("DELETE FROM tasks_task")
        cursor.execute("DELETE FROM documents_document")


def rewrite_sheet(path: Path, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite the first sheet's XML of the workbook at `path`, as a broken writer would."""
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as source:
        members = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for item, content in members:
            sheet = item.filename == "xl/worksheets/sheet1.xml"
            out.writestr(item, change(content) if sheet else content)
    return path


def windows_1258(text: str, errors: str = "strict") -> bytes:
    """Text as Excel's plain "CSV" saves it on Vietnamese Windows: tone marks as combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        marks = [m for m in parts if m in tones]
        out.append(unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones)))
        out.extend(marks)
    return "".join(out).encode("cp1258", errors=errors)
