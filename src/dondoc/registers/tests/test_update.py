"""Importing a register again: identical rows are skipped, changed rows are refused unless the
user asks for an update, which records correcting events (history stays append-only)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dondoc.organisations.models import Unit
from dondoc.registers.importer import import_register
from dondoc.registers.tests.helpers import write_csv
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db
D = dt.date
HEAD = ["Mã", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Ngày giao", "Hạn xử lý", "Gia hạn đến",
        "Ngày gia hạn", "Ngày hoàn thành", "Ngày xác nhận", "Ghi chú", "Đơn vị phối hợp"]  # fmt: skip
FIRST = [
    "U1",
    "Rà soát quy hoạch",
    "so-xay-dung",
    "02/02/2026",
    "02/03/2026",
    "",
    "",
    "",
    "",
    "",
    "",
]


@pytest.fixture
def province() -> Unit:
    return Unit.objects.get(code="lang-son")


def load(tmp_path: Path, province: Unit, *rows: list[str], update: bool = False):
    path = write_csv(tmp_path / "so.csv", [HEAD, *rows])
    return import_register(path, default_assigner=province, update=update)


def test_same_file_twice_adds_nothing_with_or_without_codes(tmp_path: Path, province: Unit):
    uncoded = ["", "Việc không có mã", "so-y-te", "03/02/2026", "", "", "", "", "", "", ""]
    first = load(tmp_path, province, FIRST, uncoded)
    assert (first.created, first.skipped) == (2, 0)
    again = load(tmp_path, province, FIRST, uncoded)
    assert again.ok and (again.created, again.skipped) == (0, 2)
    assert Task.objects.filter(title__in=[FIRST[1], uncoded[1]]).count() == 2


def test_a_known_code_with_other_content_is_an_error_without_update(tmp_path: Path, province: Unit):
    load(tmp_path, province, FIRST)
    changed = [*FIRST]
    changed[1], changed[4] = "Rà soát quy hoạch chung", "15/03/2026"
    result = load(tmp_path, province, changed)
    assert not result.saved
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột Mã: nhiệm vụ đã có trên hệ thống nhưng khác ở cột Nội dung nhiệm vụ, Hạn xử lý; "
        "muốn ghi các thay đổi, hãy chọn “Cập nhật nhiệm vụ đã có” (lệnh: --update)."
    ]
    assert Task.objects.get(external_code="U1").title == "Rà soát quy hoạch"


def test_update_records_correcting_events(tmp_path: Path, province: Unit):
    load(tmp_path, province, FIRST)
    task = Task.objects.get(external_code="U1")
    changed = [*FIRST]
    changed[1] = "Rà soát quy hoạch chung"
    changed[5], changed[6] = "31/03/2026", "25/02/2026"  # an extension
    changed[7], changed[8] = "20/03/2026", "24/03/2026"  # then done, confirmed
    changed[9], changed[10] = "Theo Kết luận 12", "so-tai-chinh"
    result = load(tmp_path, province, changed, update=True)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.updated, result.created) == (1, 0)
    task.refresh_from_db()
    assert task.title == "Rà soát quy hoạch chung" and task.note == "Theo Kết luận 12"
    assert [u.code for u in task.coordinating_units.all()] == ["so-tai-chinh"]
    assert task.current_deadline == D(2026, 3, 31)
    assert (task.completed_on, task.confirmed_on) == (D(2026, 3, 20), D(2026, 3, 24))
    kinds = list(task.events.order_by("id").values_list("kind", flat=True))
    assert kinds == [
        "assigned", "details_corrected", "extension_requested", "extension_approved",
        "completion_reported", "completion_confirmed",
    ]  # fmt: skip
    correction = task.events.get(kind="details_corrected")
    assert "Rà soát quy hoạch" in correction.text  # the old values are kept
    again = load(tmp_path, province, changed, update=True)
    assert (again.updated, again.skipped) == (0, 1)


def test_update_refuses_what_events_cannot_say(tmp_path: Path, province: Unit):
    done = [*FIRST]
    done[7] = "20/02/2026"
    load(tmp_path, province, done)
    moved = [*done]
    moved[3] = "03/02/2026"
    result = load(tmp_path, province, moved, update=True)
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột Ngày giao: khác ngày giao đã ghi nhận (02/02/2026): ngày giao không sửa được "
        "bằng nhập sổ; hãy hủy nhiệm vụ và giao lại."
    ]
    reopened = [*FIRST]
    result = load(tmp_path, province, reopened, update=True)
    assert "trả lại báo cáo hoàn thành" in str(result.errors[0])
    assert not result.saved


def test_cli_exit_status_errors_dry_run_and_progress(tmp_path: Path, province: Unit):
    bad = write_csv(tmp_path / "loi.csv", [HEAD, FIRST, ["U2", "", "so-khong-co", "31/02/2026"]])
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_tasks", str(bad), "--assigner", "lang-son", stderr=err)
    assert failure.value.returncode == 2
    printed = err.getvalue()
    for message in [
        "Dòng 3, cột Nội dung nhiệm vụ",
        "Dòng 3, cột Đơn vị chủ trì",
        "Dòng 3, cột Ngày giao",
    ]:
        assert message in printed
    assert not Task.objects.filter(external_code="U1").exists()

    good = write_csv(tmp_path / "so.csv", [HEAD, FIRST])
    out = io.StringIO()
    call_command("import_tasks", str(good), "--assigner", "lang-son", "--dry-run", stdout=out)
    assert "--dry-run" in out.getvalue() and not Task.objects.filter(external_code="U1").exists()

    with pytest.raises(CommandError) as failure:
        call_command("import_tasks", str(good), "--assigner", "khong-co")
    assert failure.value.returncode == 2
    with pytest.raises(CommandError) as failure:
        call_command("import_tasks", str(good))  # no assigner in the file nor on the command line
    assert failure.value.returncode == 2


def test_cli_shows_a_progress_bar(tmp_path: Path, capfd: pytest.CaptureFixture[str]):
    rows = [[f"P{i}", f"Việc số {i}", "lang-son", "so-y-te", "01/02/2026", ""] for i in range(2500)]
    path = write_csv(
        tmp_path / "dai.csv",
        [
            ["Mã", "Nội dung nhiệm vụ", "Cơ quan giao", "Đơn vị chủ trì", "Ngày giao", "Hạn xử lý"],
            *rows,
        ],
    )
    call_command("import_tasks", str(path), stdout=io.StringIO())
    progress = capfd.readouterr().err
    assert "Kiểm tra" in progress and "Ghi" in progress and "2500" in progress
    assert Task.objects.filter(external_code__startswith="P").count() == 2500


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {3 + 1: "10/03/2026"},
            "Dòng 2, cột Hạn xử lý: nhiệm vụ đã được gia hạn; không sửa được hạn xử lý ban đầu.",
        ),
        ({6: "21/02/2026"}, "Dòng 2, cột Ngày gia hạn: không sửa được ngày gia hạn đã ghi nhận."),
    ],
    ids=["original-deadline", "extension-date"],
)
def test_update_refuses_rewriting_an_extension(
    change: dict[int, str], message: str, tmp_path: Path, province: Unit
):
    extended = [*FIRST]
    extended[5], extended[6] = "31/03/2026", "20/02/2026"
    load(tmp_path, province, extended)
    changed = [*extended]
    for index, value in change.items():
        changed[index] = value
    result = load(tmp_path, province, changed, update=True)
    assert [str(e) for e in result.errors] == [message]


def test_update_cancels_but_never_reopens(tmp_path: Path, province: Unit):
    load(tmp_path, province, FIRST)
    head = [*HEAD, "Ngày hủy"]
    path = write_csv(tmp_path / "huy.csv", [head, [*FIRST, "10/02/2026"]])
    result = import_register(path, default_assigner=province, update=True)
    assert result.ok and Task.objects.get(external_code="U1").current_status == "cancelled"
    moved = write_csv(tmp_path / "huy2.csv", [head, [*FIRST, "11/02/2026"]])
    result = import_register(moved, default_assigner=province, update=True)
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột Ngày hủy: nhiệm vụ đã hủy ngày 10/02/2026; không sửa được ngày hủy."
    ]


def test_two_rows_naming_one_task_are_refused_not_a_crash(tmp_path: Path, province: Unit):
    """A row with its code and a row without one whose content matches name the same task."""
    load(tmp_path, province, FIRST)
    done = [*FIRST]
    done[7] = "20/02/2026"
    uncoded = [*done]
    uncoded[0] = ""
    uncoded[7] = "21/02/2026"
    before = Task.objects.get(external_code="U1").events.count()
    result = load(tmp_path, province, done, uncoded, update=True)
    assert not result.saved
    assert [(e.row, e.message) for e in result.errors] == [
        (3, "nhiệm vụ này đã được cập nhật theo dòng 2.")
    ]
    assert Task.objects.get(external_code="U1").events.count() == before


def test_a_completed_task_is_not_cancelled_by_a_register_row(tmp_path: Path, province: Unit):
    load(tmp_path, province, FIRST)
    done = [*FIRST]
    done[7] = done[8] = "20/02/2026"
    load(tmp_path, province, done, update=True)
    cancelled = ["Ngày hủy", "25/02/2026"]
    path = write_csv(tmp_path / "huy.csv", [[*HEAD, cancelled[0]], [*done, cancelled[1]]])
    result = import_register(path, default_assigner=province, update=True)
    assert not result.saved
    assert "muốn hủy, hãy trả lại báo cáo hoàn thành trước" in str(result.errors[0])
