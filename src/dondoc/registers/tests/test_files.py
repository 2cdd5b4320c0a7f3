"""Files that are not registers at all get one clear message, and nothing is read further."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.registers.importer import import_register
from dondoc.registers.tests.helpers import windows_1258, write_csv, write_xlsx
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db


def errors_of(path: Path) -> list[str]:
    result = import_register(path)
    assert not result.saved
    return [str(e) for e in result.errors]


def test_missing_required_columns(tmp_path: Path):
    path = write_xlsx(tmp_path / "so.xlsx", [["Mã", "Ghi chú"], ["A", "b"]])
    assert errors_of(path) == [
        "Dòng tiêu đề (dòng 1) thiếu cột: Nội dung nhiệm vụ, Đơn vị chủ trì, Ngày giao."
    ]


def test_a_column_twice(tmp_path: Path):
    header = ["Nội dung nhiệm vụ", "title", "Đơn vị chủ trì", "Ngày giao"]
    path = write_csv(tmp_path / "so.csv", [header])
    assert errors_of(path) == ["Dòng 1: cột “Nội dung nhiệm vụ” xuất hiện hai lần."]


def test_empty_files_and_headers_alone(tmp_path: Path):
    empty = tmp_path / "trong.csv"
    empty.write_bytes(b"")
    assert errors_of(empty) == ["Tệp không có dòng tiêu đề: tệp trống."]
    header_only = write_csv(
        tmp_path / "so.csv", [["Nội dung nhiệm vụ", "Đơn vị chủ trì", "Ngày giao"]]
    )
    assert errors_of(header_only) == ["Tệp không có dòng nhiệm vụ nào dưới dòng tiêu đề."]


def test_windows_1258_csv_is_read(tmp_path: Path):
    path = tmp_path / "so.csv"
    path.write_bytes(
        windows_1258("Nội dung nhiệm vụ,Cơ quan giao,Đơn vị chủ trì,Ngày giao\r\n")
        + windows_1258("Kiểm tra hồ sơ đất đai,lang-son,Sở Y tế tỉnh Lạng Sơn,01/02/2026\r\n")
    )
    result = import_register(path)
    assert result.ok, result.errors
    assert Task.objects.filter(title="Kiểm tra hồ sơ đất đai", lead_unit__code="so-y-te").exists()


def test_a_bad_byte_is_reported_on_its_row(tmp_path: Path):
    rows = [["Nội dung nhiệm vụ", "Cơ quan giao", "Đơn vị chủ trì", "Ngày giao"]]
    rows += [[f"Việc {i}", "lang-son", "so-y-te", "01/02/2026"] for i in range(3000)]
    path = write_csv(tmp_path / "so.csv", rows, bom=False)
    path.write_bytes(path.read_bytes() + b"Vi\xe9c,lang-son,so-y-te,01/02/2026\r\n")
    assert errors_of(path) == [
        "Dòng 3002: tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”)."
    ]


def test_a_workbook_named_csv(tmp_path: Path):
    path = write_xlsx(tmp_path / "so.xlsx", [["Nội dung nhiệm vụ"]]).rename(tmp_path / "so.csv")
    assert errors_of(path) == [
        "Tệp “so.csv” là tệp Excel (.xlsx), không phải CSV: hãy đổi phần mở rộng thành .xlsx."
    ]


def test_title_lines_above_the_header_and_stray_cells(tmp_path: Path):
    rows: list[list[object]] = [
        ["SỔ THEO DÕI NHIỆM VỤ NĂM 2026"],
        [],
        ["Văn phòng UBND tỉnh"],
        ["Nội dung nhiệm vụ", "Cơ quan giao", "Đơn vị chủ trì", "Ngày giao"],
        ["Việc một", "lang-son", "so-y-te", "01/02/2026"],
        ["Việc hai", "lang-son", "so-y-te", "01/02/2026", "", "so-xay-dung"],
    ]
    result = import_register(write_xlsx(tmp_path / "so.xlsx", rows))
    assert [str(e) for e in result.errors] == [
        "Dòng 6: có dữ liệu ở cột không có tiêu đề (cột F): kiểm tra dấu phân cách hoặc thêm tiêu đề cho cột đó."
    ]
    del rows[-1]
    assert import_register(write_xlsx(tmp_path / "so.xlsx", rows)).created == 1


def test_broken_workbook_and_other_types(tmp_path: Path):
    broken = tmp_path / "so.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert errors_of(broken) == [
        "Không đọc được tệp Excel “so.xlsx”: tệp hỏng hoặc không phải .xlsx."
    ]
    other = tmp_path / "so.xls"
    other.write_bytes(b"\xd0\xcf\x11\xe0")
    assert errors_of(other) == ["Chỉ nhận tệp .xlsx hoặc .csv (tệp đã chọn: “so.xls”)."]
