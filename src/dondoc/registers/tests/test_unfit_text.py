"""Text no stored text may hold: a register row that carries it is refused with its row and column
(in the dry run as in the real import, on SQLite as on PostgreSQL), and such text already stored
never makes an export fail; `export_tasks` never leaves a partial file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from dondoc.registers.importer import import_register
from dondoc.registers.management.commands import export_tasks
from dondoc.registers.tests.helpers import HEADER, wipe_tasks, write_csv
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db
HEADER_WITH_NOTE = [*HEADER, "Ghi chú"]


def register(tmp_path: Path, title: str, note: str = "") -> Path:
    row = ["U-1", title, "lang-son", "Sở Y tế", "01/02/2026", "01/03/2026", note]
    return write_csv(tmp_path / "so.csv", [HEADER_WITH_NOTE, row])


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_nul_byte_or_escape_in_a_cell_is_refused_by_row_and_column(tmp_path, dry_run):
    path = register(tmp_path, "Kiểm tra\x00 tiến độ", note="\x1b[31m đỏ")
    result = import_register(path, dry_run=dry_run)
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột Nội dung nhiệm vụ: có ký tự không hợp lệ (mã U+0000, ở ký tự thứ 9): "
        "hãy xóa ký tự đó.",
        "Dòng 2, cột Ghi chú: có ký tự không hợp lệ (mã U+001B, ở ký tự thứ 1): hãy xóa ký tự đó.",
    ]
    assert not Task.objects.filter(external_code="U-1").exists()


def test_a_unit_name_with_a_control_character_gets_one_message(tmp_path):
    row = ["U-2", "Việc", "lang-son", "Sở Y\x07 tế", "01/02/2026", ""]
    result = import_register(write_csv(tmp_path / "so.csv", [HEADER, row]))
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột Đơn vị chủ trì: có ký tự không hợp lệ (mã U+0007, ở ký tự thứ 5): "
        "hãy xóa ký tự đó."
    ]


def test_the_command_refuses_such_a_register_with_status_2_and_writes_nothing(tmp_path):
    err = io.StringIO()
    path = register(tmp_path, "Việc\x00")
    with pytest.raises(CommandError) as error:
        call_command("import_tasks", str(path), "--no-progress", stdout=io.StringIO(), stderr=err)
    assert error.value.returncode == 2
    assert "Dòng 2, cột Nội dung nhiệm vụ: có ký tự không hợp lệ (mã U+0000" in err.getvalue()
    assert not Task.objects.filter(external_code="U-1").exists()


def test_a_title_longer_than_a_spreadsheet_cell_is_refused(tmp_path):
    result = import_register(register(tmp_path, "x" * 32_768))
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột Nội dung nhiệm vụ: dài quá 32.767 ký tự (hiện có 32.768 ký tự)."
    ]


def test_a_register_with_tabs_and_line_breaks_imports(tmp_path):
    result = import_register(register(tmp_path, "Dòng một\nDòng\thai", note="Ghi\r\nchú"))
    assert result.ok, [str(e) for e in result.errors]
    assert Task.objects.get(external_code="U-1").title == "Dòng một\nDòng\thai"


@pytest.fixture
def stored_unfit_text() -> Task:
    """A task whose title and note hold what is now refused: stored before the check, or by a
    path that does not check."""
    task = Task.objects.filter(assigner__code="lang-son").order_by("id").first()
    assert task is not None
    Task.objects.filter(pk=task.pk).update(
        title="Báo cáo\x01 quý\x0b I", note="\x1b[0mghi chú\x08", external_code="X-1"
    )
    return task


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_export_of_stored_control_characters_works_and_imports_back(
    tmp_path, stored_unfit_text, kind
):
    path = tmp_path / f"so.{kind}"
    call_command("export_tasks", str(path), "--assigner", "lang-son", stdout=io.StringIO())
    if kind == "xlsx":
        titles = [row[1] for row in load_workbook(path, read_only=True).worksheets[0].values]
        assert "Báo cáo quý I" in titles
    wipe_tasks()
    out = io.StringIO()
    call_command("import_tasks", str(path), "--no-progress", stdout=out)
    task = Task.objects.get(external_code="X-1")
    assert (task.title, task.note) == ("Báo cáo quý I", "[0mghi chú")


def test_the_lists_excel_export_of_stored_control_characters_works(client_as, stored_unfit_text):
    response = client_as("vanphong").get(reverse("tasks:export"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert "Báo cáo quý I" in [row[1] for row in workbook.worksheets[0].values]


def test_a_failed_export_leaves_no_partial_file_and_keeps_the_earlier_one(tmp_path, monkeypatch):
    path = tmp_path / "so.xlsx"
    path.write_bytes(b"the earlier export")

    def disk_full(tasks: object, as_of: object, out: io.BufferedWriter) -> int:
        out.write(b"PK\x03\x04 half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_tasks, "write_xlsx", disk_full)
    with pytest.raises(OSError, match="No space left"):
        call_command("export_tasks", str(path), stdout=io.StringIO())
    assert path.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["so.xlsx"]


def test_an_export_replaces_the_earlier_file_whole_and_leaves_nothing_beside_it(tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(b"the earlier export")
    call_command("export_tasks", str(path), "--assigner", "lang-son", stdout=io.StringIO())
    assert len(list(load_workbook(path, read_only=True).worksheets[0].values)) > 1
    assert [p.name for p in tmp_path.iterdir()] == ["so.xlsx"]
