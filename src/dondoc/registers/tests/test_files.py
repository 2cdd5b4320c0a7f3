"""Files that are not registers at all get one clear message, and nothing is read further."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.registers.importer import import_register
from dondoc.registers.tests.helpers import write_csv, write_xlsx

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


def test_not_utf8_csv(tmp_path: Path):
    path = tmp_path / "so.csv"
    # "Nội dung,Đơn vị,Ngày giao" in Windows-1258, what Excel's plain "CSV" writes in Vietnam
    path.write_bytes(b"N\xf4\xf2i dung,\xd0\xf5n v\xef\xf2,Ng\xe0y giao\n")
    assert path.read_bytes().decode("cp1258")
    assert errors_of(path) == ["Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”)."]


def test_broken_workbook_and_other_types(tmp_path: Path):
    broken = tmp_path / "so.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert errors_of(broken) == [
        "Không đọc được tệp Excel “so.xlsx”: tệp hỏng hoặc không phải .xlsx."
    ]
    other = tmp_path / "so.xls"
    other.write_bytes(b"\xd0\xcf\x11\xe0")
    assert errors_of(other) == ["Chỉ nhận tệp .xlsx hoặc .csv (tệp đã chọn: “so.xls”)."]
