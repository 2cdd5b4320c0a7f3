"""Reading registers: every column, every date form, both file types, every validation message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dondoc.core.dates import today
from dondoc.documents.models import Document
from dondoc.organisations.models import Unit
from dondoc.registers.importer import ImportResult, import_register
from dondoc.registers.tests.helpers import HEADER, write_csv, write_xlsx
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db
D = dt.date
ALL_COLUMNS = [
    "Mã", "Nội dung nhiệm vụ", "Văn bản giao", "Ngày văn bản", "Cơ quan giao", "Người giao",
    "Đơn vị chủ trì", "Đơn vị phối hợp", "Ngày giao", "Hạn xử lý", "Gia hạn đến", "Ngày gia hạn",
    "Ngày hoàn thành", "Ngày xác nhận", "Ngày hủy", "Trọng tâm", "Nguồn", "Lĩnh vực", "Ghi chú",
]  # fmt: skip


def run(path: Path, **options: object) -> ImportResult:
    return import_register(path, **options)  # type: ignore[arg-type]


def messages(result: ImportResult) -> list[str]:
    return [str(e) for e in result.errors]


def test_every_column_from_an_excel_register(tmp_path: Path):
    row = [
        "KL-2024-07",
        "Đẩy nhanh giải phóng mặt bằng dự án cao tốc",
        "86/TB-UBND",
        dt.datetime(2024, 3, 4),  # noqa: DTZ001  (an Excel date cell has no zone)
        "Ủy ban nhân dân tỉnh Lạng Sơn",
        "Phó Chủ tịch Đoàn Thu Hà",
        "ubnd huyen cao loc",  # a name, without diacritics
        "so-tai-chinh; Sở Xây dựng tỉnh Lạng Sơn",
        "05/03/2024",
        "2024-04-30",
        "31/5/2024",
        "25/04/2024",
        "28/05/2024",
        "",  # confirmed the day it was reported
        "",
        "có",
        "kết luận kiểm tra",
        "Giáo dục",
        "Theo dõi hằng tuần",
    ]
    path = write_xlsx(tmp_path / "so.xlsx", [ALL_COLUMNS, row])
    result = run(path)
    assert result.ok, messages(result)
    assert (result.created, result.documents) == (1, 1)
    task = Task.objects.get(external_code="KL-2024-07")
    assert task.title == "Đẩy nhanh giải phóng mặt bằng dự án cao tốc"
    assert task.document is not None and task.document.number == "86/TB-UBND"
    assert task.document.issued_on == D(2024, 3, 4) and task.document.kind == "conclusion_notice"
    assert task.assigner.code == "lang-son"
    assert (task.assigned_by, task.assigned_by_name) == ("vice_chairman", "Đoàn Thu Hà")
    assert task.lead_unit.code == "cao-loc"
    assert {u.code for u in task.coordinating_units.all()} == {"so-tai-chinh", "so-xay-dung"}
    assert (task.assigned_on, task.deadline) == (D(2024, 3, 5), D(2024, 4, 30))
    assert task.current_deadline == D(2024, 5, 31)
    assert (task.completed_on, task.confirmed_on) == (D(2024, 5, 28), D(2024, 5, 28))
    assert task.is_key and task.source == "inspection" and task.field == "society"
    assert task.note == "Theo dõi hằng tuần"
    events = list(task.events.order_by("id").values_list("kind", "effective_on", "deadline"))
    assert events == [
        ("assigned", D(2024, 3, 5), D(2024, 4, 30)),
        ("extension_approved", D(2024, 4, 25), D(2024, 5, 31)),
        ("completion_reported", D(2024, 5, 28), None),
        ("completion_confirmed", D(2024, 5, 28), None),
    ]


def test_awaiting_confirmation_and_cancelled_rows(tmp_path: Path):
    rows = [
        [
            "Mã",
            "Nội dung nhiệm vụ",
            "Đơn vị chủ trì",
            "Ngày giao",
            "Hạn xử lý",
            "Ngày hoàn thành",
            "Ngày xác nhận",
            "Ngày hủy",
        ],
        [
            "A1",
            "Báo cáo chờ xác nhận",
            "so-y-te",
            "01/02/2026",
            "01/03/2026",
            "20/02/2026",
            "chưa xác nhận",
            "",
        ],
        ["A2", "Nhiệm vụ đã hủy", "so-y-te", "01/02/2026", "", "", "", "10/02/2026"],
        [
            "A3",
            "Xác nhận sau",
            "so-y-te",
            "01/02/2026",
            "01/03/2026",
            "20/02/2026",
            "23/02/2026",
            "",
        ],
    ]
    result = run(
        write_csv(tmp_path / "so.csv", rows), default_assigner=Unit.objects.get(code="lang-son")
    )
    assert result.ok, messages(result)
    a1, a2, a3 = (Task.objects.get(external_code=c) for c in ("A1", "A2", "A3"))
    assert a1.current_status == "open" and a1.reported_on == D(2026, 2, 20)
    assert a2.current_status == "cancelled" and a2.deadline is None
    assert (a3.completed_on, a3.confirmed_on) == (D(2026, 2, 20), D(2026, 2, 23))


@pytest.mark.parametrize(
    "cell",
    ["19/06/2020", "9/6/2020", "2020-06-09", dt.datetime(2020, 6, 9), D(2020, 6, 9), 43991],  # noqa: DTZ001
    ids=["dd/mm/yyyy", "d/m/yyyy", "yyyy-mm-dd", "excel-datetime", "excel-date", "excel-number"],
)
def test_every_date_form(cell: object, tmp_path: Path):
    path = write_xlsx(
        tmp_path / "so.xlsx",
        [["Nội dung nhiệm vụ", "Đơn vị chủ trì", "Ngày giao"], ["Việc", "so-y-te", cell]],
    )
    result = run(path, default_assigner=Unit.objects.get(code="lang-son"))
    assert result.ok, messages(result)
    expected = D(2020, 6, 19) if cell == "19/06/2020" else D(2020, 6, 9)
    assert Task.objects.get(title="Việc").assigned_on == expected


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(",", True), (",", False), (";", True), (";", False)]
)
def test_csv_with_either_delimiter_with_or_without_bom(delimiter: str, bom: bool, tmp_path: Path):
    rows = [
        HEADER,
        ["C1", "Việc có dấu phẩy, và chấm phẩy;", "lang-son", "Sở Y tế", "01/02/2026", ""],
    ]
    path = write_csv(tmp_path / "so.csv", rows, delimiter=delimiter, bom=bom)
    result = run(path)
    assert result.ok, messages(result)
    assert Task.objects.get(external_code="C1").title == "Việc có dấu phẩy, và chấm phẩy;"


def test_headers_ignore_case_diacritics_spaces_and_accept_english(tmp_path: Path):
    rows: list[list[object]] = [
        [],
        ["STT", "NOI DUNG  NHIEM VU", "lead_unit", "Ngàygiao", "ASSIGNER", "deadline"],
        [1, "Việc một", "so-y-te", "01/02/2026", "lang-son", "01/03/2026"],
    ]
    result = run(write_xlsx(tmp_path / "so.xlsx", rows, skip_rows=2))
    assert result.ok, messages(result)
    assert result.ignored_columns == ["STT"]
    assert Task.objects.get(title="Việc một").deadline == D(2026, 3, 1)


def test_a_malformed_file_gives_every_error_at_once_and_saves_nothing(tmp_path: Path):
    future = (today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    rows = [
        ALL_COLUMNS,
        # code, title, doc, doc date, assigner, by, lead, coordinating, assigned, deadline,
        # extended to, extended on, completed, confirmed, cancelled, key, source, field, note
        ["E3", "Ngày sai", "", "", "", "", "so-y-te", "", "31/02/2020", "", "", "", "", "", "", "", "", "", ""],
        ["E4", "Hạn trước ngày giao", "", "", "", "", "so-y-te", "", "10/03/2020", "01/03/2020", "", "", "", "", "", "", "", "", ""],
        ["E5", "Xác nhận trước hoàn thành", "", "", "", "", "so-y-te", "", "10/03/2020", "", "", "", "20/03/2020", "15/03/2020", "", "", "", "", ""],
        ["E6", "Gia hạn sau hoàn thành", "", "", "", "", "so-y-te", "", "10/03/2020", "30/03/2020", "30/04/2020", "25/04/2020", "20/04/2020", "", "", "", "", "", ""],
        ["E7", "Đơn vị lạ", "", "", "", "", "so-khong-co", "", "10/03/2020", "", "", "", "", "", "", "", "", "", ""],
        ["E8", "Không trực thuộc", "", "", "cao-loc", "", "so-y-te", "", "10/03/2020", "", "", "", "", "", "", "", "", "", ""],
        ["E9", "Chưa thành lập", "", "", "", "", "so-nong-nghiep-moi-truong", "", "10/03/2020", "", "", "", "", "", "", "", "", "", ""],
        ["E10", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["E11", "Tương lai", "", "", "", "", "so-y-te", "", future, "", "", "", "", "", "", "", "", "", ""],
        ["E12", "Gia hạn thiếu ngày", "", "", "", "", "so-y-te", "", "10/03/2020", "30/03/2020", "30/04/2020", "", "", "", "", "", "", "", ""],
        ["E13", "Gia hạn không xa hơn", "", "", "", "", "so-y-te", "", "10/03/2020", "30/03/2020", "20/03/2020", "15/03/2020", "", "", "", "", "", "", ""],
        ["E14", "Xác nhận không hoàn thành", "", "", "", "", "so-y-te", "", "10/03/2020", "", "", "", "", "15/03/2020", "", "", "", "", ""],
        ["E15", "Sau khi hủy", "", "", "", "", "so-y-te", "", "10/03/2020", "", "", "", "", "", "15/03/2020", "", "", "", ""],
        ["E17", "Hoàn thành sau khi hủy", "", "", "", "", "so-y-te", "", "10/03/2020", "", "", "", "20/03/2020", "", "15/03/2020", "", "", "", ""],
        ["E16", "Giá trị sai", "", "", "", "Bí thư", "so-y-te", "so-y-te", "10/03/2020", "", "", "", "", "", "", "hay", "tin đồn", "Thiên văn", ""],
        ["E15", "Mã trùng", "", "", "", "", "so-y-te", "", "10/03/2020", "", "", "", "", "", "", "", "", "", ""],
        ["E18", "Văn bản sau ngày giao", "86/TB-UBND", "20/03/2020", "", "", "so-y-te", "", "10/03/2020", "", "", "", "", "", "", "", "", "", ""],
        ["E19", "Tên trùng", "", "", "", "", "Phòng Nội vụ", "", "10/03/2020", "", "", "", "", "", "", "", "", "", ""],
        ["E20", "Không phải ngày", "", "", "", "", "so-y-te", "", "hôm qua", "", "", "", "", "", "", "", "", "", ""],
        ["E21", "Không hạn mà gia hạn", "", "", "", "", "so-y-te", "", "10/03/2020", "", "30/04/2020", "25/03/2020", "", "", "", "", "", "", ""],
        ["E22", "Cơ quan lạ", "", "", "UBND tỉnh Mặt Trăng", "", "so-y-te", "", "10/03/2020", "", "", "", "", "", "", "", "", "", ""],
    ]  # fmt: skip
    tasks, documents = Task.objects.count(), Document.objects.count()
    result = run(
        write_csv(tmp_path / "loi.csv", rows), default_assigner=Unit.objects.get(code="lang-son")
    )
    found = messages(result)
    expected = [
        "Dòng 2, cột Ngày giao: ngày 31/02/2020 không tồn tại",
        "Dòng 3, cột Hạn xử lý: ngày 01/03/2020 trước ngày giao 10/03/2020.",
        "Dòng 4, cột Ngày xác nhận: ngày xác nhận 15/03/2020 trước ngày hoàn thành 20/03/2020.",
        "Dòng 5, cột Ngày gia hạn: gia hạn ngày 25/04/2020, sau ngày hoàn thành 20/04/2020.",
        "Dòng 6, cột Đơn vị chủ trì: không có đơn vị “so-khong-co” (ghi mã hoặc tên đầy đủ của đơn vị).",
        "Dòng 7, cột Đơn vị chủ trì: Sở Y tế tỉnh Lạng Sơn không phải là đơn vị trực thuộc Ủy ban nhân dân huyện Cao Lộc.",
        "Dòng 8, cột Đơn vị chủ trì: Sở Nông nghiệp và Môi trường tỉnh Lạng Sơn không tồn tại vào ngày giao 10/03/2020.",
        "Dòng 9, cột Nội dung nhiệm vụ: thiếu nội dung nhiệm vụ.",
        "Dòng 9, cột Đơn vị chủ trì: thiếu đơn vị chủ trì.",
        "Dòng 9, cột Ngày giao: thiếu ngày giao.",
        f"Dòng 10, cột Ngày giao: ngày giao {future} sau ngày hôm nay.",
        "Dòng 11, cột Ngày gia hạn: cần ghi cả Gia hạn đến và Ngày gia hạn.",
        "Dòng 12, cột Gia hạn đến: hạn mới 20/03/2020 phải sau hạn xử lý 30/03/2020.",
        "Dòng 13, cột Ngày xác nhận: có xác nhận nhưng thiếu ngày hoàn thành.",
        "Dòng 15, cột Ngày hoàn thành: ngày 20/03/2020 sau ngày hủy 15/03/2020.",
        "Dòng 16, cột Người giao: “Bí thư” không hợp lệ",
        "Dòng 16, cột Đơn vị phối hợp: Sở Y tế tỉnh Lạng Sơn đã là đơn vị chủ trì.",
        "Dòng 16, cột Trọng tâm: “hay” không hợp lệ: ghi x, có hoặc để trống.",
        "Dòng 16, cột Nguồn: “tin đồn” không hợp lệ",
        "Dòng 16, cột Lĩnh vực: “Thiên văn” không có trong danh mục lĩnh vực",
        "Dòng 17, cột Mã: mã E15 trùng với dòng 14.",
        "Dòng 18, cột Ngày giao: ngày giao 10/03/2020 trước ngày văn bản 20/03/2020.",
        "đơn vị cùng tên “Phòng Nội vụ”: hãy ghi mã đơn vị",
        "Dòng 20, cột Ngày giao: “hôm qua” không phải là ngày",
        "Dòng 21, cột Gia hạn đến: nhiệm vụ không có hạn xử lý thì không gia hạn.",
        "Dòng 22, cột Cơ quan giao: không có đơn vị “UBND tỉnh Mặt Trăng”",
    ]
    for message in expected:
        assert any(message in f for f in found), (message, found)
    assert any(f.startswith("Dòng 19, cột Đơn vị chủ trì: có ") for f in found)
    assert len(found) == len(expected)
    assert not result.saved
    assert (Task.objects.count(), Document.objects.count()) == (tasks, documents)


def test_the_remaining_row_messages(tmp_path: Path):
    future = (today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    head = ["Mã", "Nội dung nhiệm vụ", "Văn bản giao", "Ngày văn bản", "Đơn vị chủ trì",
            "Đơn vị phối hợp", "Ngày giao", "Hạn xử lý", "Gia hạn đến", "Ngày gia hạn",
            "Ngày hoàn thành"]  # fmt: skip
    rows = [
        head,
        ["M" * 65, "Mã quá dài", "", "", "so-y-te", "", "10/03/2020", "", "", "", ""],
        ["F2", "Số văn bản quá dài", "9" * 61, "", "so-y-te", "", "10/03/2020", "", "", "", ""],
        ["F3", "Ngày văn bản không số", "", "01/03/2020", "so-y-te", "", "10/03/2020", "", "", "", ""],
        ["F4", "Phối hợp lạ", "", "", "so-y-te", "so-khong-co", "10/03/2020", "", "", "", ""],
        ["F5", "Hoàn thành tương lai", "", "", "so-y-te", "", "10/03/2020", "", "", "", future],
        ["F6", "Gia hạn trước ngày gia hạn", "", "", "so-y-te", "", "10/03/2020", "20/03/2020", "25/03/2020", "30/03/2020", ""],
        ["", "Không mã", "", "", "so-y-te", "", "10/03/2020", "", "", "", ""],
        ["", "Không mã", "", "", "Sở Y tế", "", "10/03/2020", "", "", "", ""],
        ["F9", "Văn bản nhiều năm", "10/TB-UBND", "", "so-y-te", "", "10/03/2024", "", "", "", ""],
    ]  # fmt: skip
    result = run(
        write_csv(tmp_path / "so.csv", rows), default_assigner=Unit.objects.get(code="lang-son")
    )
    found = messages(result)
    expected = [
        "Dòng 2, cột Mã: mã dài quá 64 ký tự.",
        "Dòng 3, cột Văn bản giao: số, ký hiệu dài quá 60 ký tự.",
        "Dòng 4, cột Ngày văn bản: có ngày văn bản nhưng thiếu số, ký hiệu văn bản giao.",
        "Dòng 5, cột Đơn vị phối hợp: không có đơn vị “so-khong-co”",
        f"Dòng 6, cột Ngày hoàn thành: ngày {future} sau ngày hôm nay.",
        "Dòng 7, cột Gia hạn đến: hạn mới 25/03/2020 trước ngày gia hạn 30/03/2020.",
        "Dòng 9: nhiệm vụ này trùng với dòng 8.",
        "Dòng 10, cột Văn bản giao: UBND tỉnh Lạng Sơn có ",
    ]
    for message in expected:
        assert any(f.startswith(message) for f in found), (message, found)
    assert "hãy ghi Ngày văn bản." in found[-1]
    assert len(found) == len(expected)


def test_long_names_are_refused_before_the_database_does(tmp_path: Path):
    rows = [["Nội dung nhiệm vụ", "Người giao", "Đơn vị chủ trì", "Ngày giao"],
            ["Việc", "Chủ tịch " + "Nguyễn " * 30, "so-y-te", "01/02/2026"],
            ["Việc khác", "", "lang-son", "01/02/2026"]]  # fmt: skip
    result = run(
        write_csv(tmp_path / "so.csv", rows), default_assigner=Unit.objects.get(code="lang-son")
    )
    assert messages(result) == [
        "Dòng 2, cột Người giao: họ tên người giao dài quá 150 ký tự.",
        "Dòng 3, cột Đơn vị chủ trì: đơn vị chủ trì là chính cơ quan giao; hãy ghi đơn vị trực thuộc.",
    ]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of two rows: new tasks are written while the rest of the file is still checked."""
    from dondoc.registers import importer

    monkeypatch.setattr(importer, "BATCH", 2)
    monkeypatch.setattr(importer, "WRITE_BATCH", 2)


@pytest.mark.usefixtures("small_batches")
def test_a_wrong_row_after_new_tasks_were_written_leaves_nothing_saved(tmp_path: Path):
    rows = [
        [*HEADER, "Văn bản giao"],
        *([f"W{n}", "Đã ghi rồi bị hủy bỏ", "", "so-y-te", "10/03/2020", "", "7/TB-UBND"] for n in range(5)),
        ["W9", "Ngày sai", "", "so-y-te", "31/02/2020", "", ""],
    ]  # fmt: skip
    tasks, documents = Task.objects.count(), Document.objects.count()
    result = run(
        write_csv(tmp_path / "so.csv", rows), default_assigner=Unit.objects.get(code="lang-son")
    )
    assert messages(result) == ["Dòng 7, cột Ngày giao: ngày 31/02/2020 không tồn tại"]
    assert not result.saved
    assert (Task.objects.count(), Document.objects.count()) == (tasks, documents)


@pytest.mark.usefixtures("small_batches")
def test_a_new_document_is_dated_by_its_earliest_row_even_when_that_row_comes_last(
    tmp_path: Path,
):
    rows = [
        [*HEADER, "Văn bản giao"],
        ["V1", "Việc thứ nhất", "", "so-y-te", "10/03/2020", "", "8/TB-UBND"],
        ["V2", "Việc thứ hai", "", "so-y-te", "12/03/2020", "", "8/TB-UBND"],
        ["V3", "Việc thứ ba", "", "so-y-te", "05/03/2020", "", "8/TB-UBND"],
    ]
    result = run(
        write_csv(tmp_path / "so.csv", rows), default_assigner=Unit.objects.get(code="lang-son")
    )
    assert result.ok, messages(result)
    (document,) = Document.objects.filter(number="8/TB-UBND", tasks__external_code="V1")
    assert result.documents == 1 and document.issued_on == D(2020, 3, 5)
    assert set(document.tasks.values_list("external_code", flat=True)) == {"V1", "V2", "V3"}


def test_a_unit_that_has_ended_reports_nothing_after_its_end_in_a_new_row(tmp_path: Path):
    rows = [
        [*HEADER, "Ngày hoàn thành"],
        ["Z1", "Việc của huyện", "", "cao-loc", "10/03/2025", "", "20/06/2025"],
        ["Z2", "Việc của huyện", "", "cao-loc", "11/03/2025", "", "10/07/2025"],
    ]
    result = run(
        write_csv(tmp_path / "so.csv", rows), default_assigner=Unit.objects.get(code="lang-son")
    )
    assert messages(result) == [
        "Dòng 3, cột Ngày hoàn thành: Ủy ban nhân dân huyện Cao Lộc đã kết thúc hoạt động ngày 30/06/2025, trước ngày 10/07/2025."
    ]


def test_a_hand_over_needs_both_its_columns_and_units_that_existed_on_its_days(tmp_path: Path):
    head = [*HEADER, "Đơn vị chủ trì khi giao", "Ngày đổi đơn vị chủ trì"]
    base = ["lang-son", "xa-dong-dang", "10/03/2025", "31/10/2025"]
    rows = [
        head,
        ["H-1", "Chỉ có đơn vị khi giao", *base, "cao-loc-tt-dong-dang", ""],
        ["H-2", "Đổi trước khi có đơn vị mới", *base, "cao-loc-tt-dong-dang", "01/05/2025"],
        ["H-3", "Đơn vị khi giao chưa có", *base, "xa-cao-loc", "01/07/2025"],
        ["H-4", "Đúng", *base, "cao-loc-tt-dong-dang", "01/07/2025"],
    ]
    result = run(write_csv(tmp_path / "so.csv", rows), dry_run=True)
    said = messages(result)
    assert any(m.startswith("Dòng 2, cột Ngày đổi đơn vị chủ trì: cần ghi cả") for m in said), said
    assert any(m.startswith("Dòng 3, cột Đơn vị chủ trì: ") and "ngày đổi đơn vị chủ trì 01/05/2025" in m for m in said), said  # fmt: skip
    assert any(m.startswith("Dòng 4, cột Đơn vị chủ trì khi giao: ") for m in said), said
    assert not any(m.startswith("Dòng 5") for m in said), said
