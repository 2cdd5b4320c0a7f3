"""Every bad argument of a `dondoc` command is one message and exit status 2, never a traceback
(core/cli.py, organisations/cli.py): a date that does not exist, a far year, an unknown unit, a
file that is not there."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from dondoc.core.dates import today
from dondoc.registers.tests.helpers import HEADER, write_csv, write_xlsx
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db

LONG = "9" * 10_000
LAST = today().year + 20
OUTSIDE = f"nằm ngoài khoảng cho phép (từ năm 1990 đến năm {LAST})"
PERIOD = ["--assigner", "lang-son", "--from", "01/01/2025", "--to", "31/12/2025"]


def refused(*argv: str) -> str:
    """The message `dondoc <argv>` stops with, checked to be an exit status of 2."""
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(*argv, stdout=io.StringIO(), stderr=err)
    assert failure.value.returncode == 2
    return f"{err.getvalue()}{failure.value}"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as-of", "9999-12-31"], f"--as-of: ngày 31/12/9999 {OUTSIDE}"),
        (["--as-of", "31/12/9999"], f"--as-of: ngày 31/12/9999 {OUTSIDE}"),
        (["--as-of", "31/02/2025"], "--as-of: ngày 31/02/2025 không tồn tại"),
        (["--as-of", "hôm nay"], "--as-of: “hôm nay” không phải là ngày"),
        (["--as-of", LONG], "--as-of: “999"),
        (["--as-of", "01/06/2024"], "--as-of không được trước --from."),
        (["--unit", "khong-co"], "--unit: không có đơn vị mã “khong-co”."),
        (["--assigner", "khong-co"], "--assigner: không có đơn vị mã “khong-co”."),
        (["--from", "0001-01-01"], f"--from: ngày 01/01/0001 {OUTSIDE}"),
        (["--to", "9999-12-31"], f"--to: ngày 31/12/9999 {OUTSIDE}"),
        (["--to", "01/01/2024"], "--to phải sau --from."),
    ],
)
def test_stats_refuses_a_bad_argument_with_a_message_and_status_2(argv, message):
    assert message in refused("stats", *PERIOD, *argv)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as-of", "9999-12-31"], f"--as-of: ngày 31/12/9999 {OUTSIDE}"),
        (["--as-of", "0001-01-01"], f"--as-of: ngày 01/01/0001 {OUTSIDE}"),
        (["--as-of", "31/02/2025"], "--as-of: ngày 31/02/2025 không tồn tại"),
        (["--assigner", "khong-co"], "--assigner: không có đơn vị mã “khong-co”."),
    ],
)
def test_export_tasks_refuses_a_bad_argument_and_writes_no_file(tmp_path: Path, argv, message):
    path = tmp_path / "so.xlsx"
    assert message in refused("export_tasks", str(path), *argv)
    assert not path.exists()


def test_export_tasks_refuses_a_missing_folder_or_an_unknown_format(tmp_path: Path):
    assert "Không có thư mục" in refused("export_tasks", str(tmp_path / "khong-co" / "so.xlsx"))
    assert "phần mở rộng .xlsx hoặc .csv" in refused("export_tasks", str(tmp_path / "so.pdf"))


def test_import_tasks_refuses_a_missing_file_or_an_unknown_assigner(tmp_path: Path):
    assert "Không có tệp" in refused("import_tasks", str(tmp_path / "khong-co.csv"))
    assert "Không có tệp" in refused("import_tasks", str(tmp_path))  # a folder
    register = write_csv(tmp_path / "so.csv", [HEADER, ["", "Việc", "", "so-y-te", "02/01/2025"]])
    assert "--assigner: không có đơn vị mã “khong-co”." in refused(
        "import_tasks", str(register), "--assigner", "khong-co"
    )


@pytest.mark.parametrize(
    ("assigned", "deadline", "column", "shown"),
    [
        ("01/01/0001", "", "Ngày giao", "01/01/0001"),
        ("02/01/2025", "31/12/9999", "Hạn xử lý", "31/12/9999"),
        ("02/01/2025", "9999-12-31", "Hạn xử lý", "31/12/9999"),
        (dt.date(1900, 1, 2), None, "Ngày giao", "02/01/1900"),  # Excel date cells
        (dt.date(2025, 1, 2), dt.datetime(9999, 12, 31), "Hạn xử lý", "31/12/9999"),  # noqa: DTZ001
    ],
)
def test_import_tasks_refuses_a_register_with_a_far_year_and_imports_nothing(
    tmp_path: Path, assigned, deadline, column, shown
):
    row = ["FAR-1", "Việc có ngày xa", "lang-son", "so-y-te", assigned, deadline]
    if isinstance(assigned, str):
        register = write_csv(tmp_path / "so.csv", [HEADER, row])
    else:
        register = write_xlsx(tmp_path / "so.xlsx", [HEADER, row])
    printed = refused("import_tasks", str(register), "--no-progress")
    assert f"Dòng 2, cột {column}: ngày {shown} {OUTSIDE}" in printed
    assert not Task.objects.filter(external_code="FAR-1").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["stats", "--from", "01/01/2025", "--to", "31/12/2025"],  # --assigner missing
        ["stats", *PERIOD, "--source", "khong-co"],
        ["stats", *PERIOD, "--as-of", "9999-12-31"],
        ["export_tasks"],  # no file
        ["import_tasks", "khong-co.csv"],
    ],
)
def test_the_command_line_prints_a_message_without_a_traceback_and_exits_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
):
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["dondoc", *argv])
    assert exit_.value.code == 2
    printed = capsys.readouterr().err
    assert "Traceback" not in printed and printed.strip()
