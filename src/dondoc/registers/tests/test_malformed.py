"""Malformed register files: each gets one message, on the page and from the command (exit 2),
never a traceback; and the files a careless user or a broken program writes are refused whole."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from dondoc.registers.importer import import_register
from dondoc.registers.models import RegisterImport
from dondoc.registers.tests.helpers import rewrite_sheet, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
HEADER = ["Nội dung nhiệm vụ", "Cơ quan giao", "Đơn vị chủ trì", "Ngày giao"]
ROW = ["Kiểm tra hồ sơ", "lang-son", "so-y-te", "01/02/2026"]
BROKEN = "Không đọc được tệp “so.xlsx” từ dòng {row}: tệp hỏng, hoặc có ô không đọc được (như số quá dài, NaN, Infinity)."
NOT_UTF8 = "Dòng {row}: tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”)."
NOT_XLSX = "Không đọc được tệp Excel “so.xlsx”: tệp hỏng hoặc không phải .xlsx."


def with_number(tmp_path: Path, text: str, column: int = 0) -> Path:
    """A workbook whose row 2 has, in `column`, a number cell that the XML spells `text`."""
    row: list[object] = list(ROW)
    row[column] = 12345
    path = write_xlsx(tmp_path / "so.xlsx", [HEADER, row])
    return rewrite_sheet(path, lambda xml: xml.replace(b"<v>12345</v>", f"<v>{text}</v>".encode()))


def unterminated(tmp_path: Path) -> Path:
    path = write_xlsx(tmp_path / "so.xlsx", [HEADER, ROW])
    return rewrite_sheet(path, lambda xml: xml[: xml.index(b"</sheetData>")])


def charts_only(tmp_path: Path) -> Path:
    workbook = Workbook()
    workbook.create_chartsheet()
    workbook.remove(workbook.worksheets[0])
    workbook.save(tmp_path / "so.xlsx")
    return tmp_path / "so.xlsx"


def utf8_then_not(tmp_path: Path) -> Path:
    """Valid UTF-8 for the first 64 KiB the encoding is guessed from, then a Windows-1258 row."""
    rows = [HEADER] + [[f"Việc {i}", *ROW[1:]] for i in range(2000)]
    path = write_csv(tmp_path / "so.csv", rows)
    assert path.stat().st_size > 64 * 1024
    path.write_bytes(path.read_bytes() + b"Vi\xeac,lang-son,so-y-te,01/02/2026\r\n")
    return path


def long_first_line(tmp_path: Path) -> Path:
    """A first line longer than the sample, its bad byte past the sample's end."""
    path = tmp_path / "so.csv"
    path.write_bytes(b"x" * (70 * 1024) + b"\xff\r\n")
    return path


def file_of(name: str, content: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        (tmp_path / name).write_bytes(content)
        return tmp_path / name

    return make


def truncated(tmp_path: Path) -> Path:
    path = write_xlsx(tmp_path / "so.xlsx", [HEADER, ROW])
    path.write_bytes(path.read_bytes()[:-200])
    return path


def not_a_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "so.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    return path


MALFORMED: dict[str, tuple[Callable[[Path], Path], str]] = {
    "unterminated sheet XML": (unterminated, BROKEN.format(row=3)),
    "charts alone": (
        charts_only,
        "Tệp Excel “so.xlsx” không có trang tính nào (chỉ có biểu đồ): hãy ghi sổ theo dõi trên một trang tính.",
    ),
    "5,000 digits": (lambda p: with_number(p, "1" * 5000), BROKEN.format(row=2)),
    "NaN": (lambda p: with_number(p, "NaN", 1), BROKEN.format(row=2)),
    "Infinity": (lambda p: with_number(p, "Infinity", 3), BROKEN.format(row=2)),
    "1e999": (lambda p: with_number(p, "1e999", 2), "Dòng 2, cột C: số quá lớn, không đọc được."),
    "5,000 digits and a point": (
        lambda p: with_number(p, "9" * 5000 + ".5"),
        "Dòng 2, cột A: số quá lớn, không đọc được.",
    ),
    "UTF-8, then not": (utf8_then_not, NOT_UTF8.format(row=2002)),
    "a long first line, then not UTF-8": (long_first_line, NOT_UTF8.format(row=1)),
    "a zip that is not a workbook": (not_a_workbook, NOT_XLSX),
    "a truncated workbook": (truncated, NOT_XLSX),
    "an empty workbook file": (file_of("so.xlsx", b""), NOT_XLSX),
    "binary junk named .csv": (
        file_of("so.csv", bytes(range(256)) * 4),
        "Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”).",
    ),
    "a row of 20,000 cells": (
        file_of(
            "so.csv",
            ",".join(HEADER).encode() + b"\n" + ",".join(ROW).encode() + b"," * 20_000 + b"x\n",
        ),
        "Dòng 2: có dữ liệu ở cột không có tiêu đề (cột 20004): kiểm tra dấu phân cách hoặc thêm tiêu đề cho cột đó.",
    ),
    "a huge single line": (
        file_of("so.csv", b"x" * 200_000),
        "Dòng 1: không đọc được dòng CSV (field larger than field limit (131072)).",
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_file_gets_one_message_and_nothing_is_saved(tmp_path: Path, case: str):
    make, expected = MALFORMED[case]
    result = import_register(make(tmp_path))
    assert not result.saved
    assert [str(e) for e in result.errors] == [expected]


@pytest.mark.parametrize("case", MALFORMED)
def test_the_command_prints_the_message_and_exits_with_status_2(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
):
    make, expected = MALFORMED[case]
    with pytest.raises(CommandError) as refused:
        call_command("import_tasks", str(make(tmp_path)), "--no-progress")
    assert refused.value.returncode == 2
    assert expected in capsys.readouterr().err


@pytest.fixture
def media(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    return tmp_path


def test_the_preview_of_a_stored_upload_that_cannot_be_read_shows_the_message_every_time(
    client_as: Callable[[str | None], Client], media: Path
):
    office = client_as("vanphong")
    good = write_xlsx(media / "so.xlsx", [HEADER, ROW]).read_bytes()
    file = SimpleUploadedFile("so.xlsx", good)
    response = office.post(reverse("registers:import"), {"file": file})
    assert response.status_code == 302
    record = RegisterImport.objects.get(name="so.xlsx")
    # The stored upload as a broken program wrote it (the upload's checks see only its start).
    Path(record.file.path).write_bytes(unterminated(media).read_bytes())
    for _visit in range(2):
        page = office.get(response["Location"])
        assert page.status_code == 200
        assert BROKEN.format(row=3) in page.content.decode()
    assert office.post(response["Location"]).status_code == 200  # confirming saves nothing
    assert RegisterImport.objects.get(pk=record.pk).imported_at is None


def test_a_cell_far_down_and_far_right_is_read_at_once(tmp_path: Path):
    """openpyxl fills the gap above it with a million rows as wide as the sheet: 16,384 cells."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(ROW)
    sheet["XFD1048576"] = "x"
    workbook.save(tmp_path / "so.xlsx")
    started = time.monotonic()
    result = import_register(tmp_path / "so.xlsx")
    assert time.monotonic() - started < 10  # it took about 12 minutes
    errors = [str(e) for e in result.errors]
    assert errors[0] == (
        "Dòng 1048576: có dữ liệu ở cột không có tiêu đề (cột XFD): kiểm tra dấu phân cách hoặc thêm tiêu đề cho cột đó."
    )
    assert all(e.startswith("Dòng 1048576") for e in errors)  # and what that row lacks
