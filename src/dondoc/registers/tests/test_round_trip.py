"""The issue's promise: a register exported from the demo, imported into an empty database, gives
identical `dondoc stats` figures; importing it again adds nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from dondoc.accounts.models import User
from dondoc.organisations.models import Unit
from dondoc.registers.tests.helpers import wipe_tasks
from dondoc.tasks import services
from dondoc.tasks.models import Task, TaskEvent

pytestmark = pytest.mark.django_db

QUERIES = [
    ["--assigner", "lang-son", "--from", "2020-01-01", "--to", "2026-12-31"],
    [
        "--assigner",
        "lang-son",
        "--from",
        "2020-01-01",
        "--to",
        "2020-06-30",
        "--as-of",
        "2020-06-19",
    ],
    ["--assigner", "lang-son", "--from", "2025-01-01", "--to", "2025-12-31"],
    ["--assigner", "lang-son", "--from", "2026-01-01", "--to", "2026-12-31"],
    [
        "--assigner",
        "lang-son",
        "--unit",
        "cao-loc",
        "--from",
        "2020-01-01",
        "--to",
        "2020-12-31",
        "--as-of",
        "2020-12-31",
    ],  # fmt: skip  (Cao Lộc ended on 30/06/2025)
    ["--assigner", "lang-son", "--from", "2021-01-01", "--to", "2024-12-31", "--key-only"],
    [
        "--assigner",
        "lang-son",
        "--from",
        "2020-01-01",
        "--to",
        "2026-12-31",
        "--source",
        "petition",
    ],
    ["--assigner", "cao-loc", "--from", "2020-01-01", "--to", "2020-12-31"],
    [
        "--assigner",
        "lang-son",
        "--unit",
        "trang-dinh",
        "--from",
        "2022-01-01",
        "--to",
        "2022-09-30",
        "--as-of",
        "2022-09-30",
    ],
]


def figures() -> list[dict[str, object]]:
    out = []
    for query in QUERIES:
        stdout = io.StringIO()
        call_command("stats", *query, stdout=stdout)
        out.append(json.loads(stdout.getvalue()))
    return out


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_demo_register_round_trips_into_an_empty_database(kind: str, tmp_path: Path):
    before = figures()
    tasks = Task.objects.count()
    path = tmp_path / f"so.{kind}"
    call_command("export_tasks", str(path), stdout=io.StringIO())

    wipe_tasks()
    assert Task.objects.count() == 0
    out = io.StringIO()
    call_command("import_tasks", str(path), "--no-progress", stdout=out)

    assert f"{tasks} nhiệm vụ mới" in out.getvalue()
    assert Task.objects.count() == tasks
    after = figures()
    assert after == before
    # The period figures are not all zero: the comparison above compares something.
    assert [(f["assigner"], f["unit"], f["period"]) for f in before if not f["assigned"]] == []

    again = io.StringIO()
    call_command("import_tasks", str(path), "--no-progress", stdout=again)
    assert f"0 nhiệm vụ mới, 0 cập nhật, {tasks} đã có" in again.getvalue()
    assert Task.objects.count() == tasks


def test_imported_tasks_have_the_events_the_ui_records(tmp_path: Path):
    path = tmp_path / "so.csv"
    call_command("export_tasks", str(path), "--assigner", "lang-son", stdout=io.StringIO())
    source = Task.objects.get(external_code="demo-cl20-05")  # late, then confirmed
    wipe_tasks()
    call_command("import_tasks", str(path), "--no-progress", stdout=io.StringIO())
    task = Task.objects.get(external_code="demo-cl20-05")
    kinds = list(
        TaskEvent.objects.filter(task=task).order_by("id").values_list("kind", "effective_on")
    )
    assert [k for k, _ in kinds] == ["assigned", "completion_reported", "completion_confirmed"]
    assert kinds[1][1] == source.completed_on and kinds[2][1] == source.confirmed_on
    assert task.current_status == "completed" and task.progress_percent == 100
    assert task.search_text  # found by the list's search like any other task


def test_formulas_and_corrected_deadlines_round_trip(tmp_path: Path):
    office = User.objects.get(username="vanphong")
    units = {u.code: u for u in Unit.objects.filter(code__in=["lang-son", "so-y-te"])}
    day = dt.date(2026, 3, 2)
    formula = services.task_assign(
        title='=HYPERLINK("http://evil.example","bấm vào")', assigner=units["lang-son"],
        lead_unit=units["so-y-te"], assigned_on=day, actor=office, note="+1", external_code="F-1",
    )  # fmt: skip
    corrected = services.task_assign(
        title="Hạn được điều chỉnh", assigner=units["lang-son"], lead_unit=units["so-y-te"],
        assigned_on=day, deadline=day + dt.timedelta(days=30), actor=office, external_code="F-2",
    )  # fmt: skip
    services.record(services.CorrectDeadline(deadline=day + dt.timedelta(days=10), reason="Nhầm", on=day), task=corrected, actor=office)  # fmt: skip
    cleared = services.task_assign(
        title="Bỏ hạn", assigner=units["lang-son"], lead_unit=units["so-y-te"],
        assigned_on=day, deadline=day + dt.timedelta(days=30), actor=office, external_code="F-3",
    )  # fmt: skip
    services.record(services.CorrectDeadline(deadline=None, reason="Thường xuyên", on=day), task=cleared, actor=office)  # fmt: skip
    for kind in ("xlsx", "csv"):
        path = tmp_path / f"so.{kind}"
        call_command("export_tasks", str(path), "--assigner", "lang-son", stdout=io.StringIO())
        if kind == "csv":
            assert "'=HYPERLINK" in path.read_text(encoding="utf-8-sig")  # never a live formula
        out = io.StringIO()
        call_command("import_tasks", str(path), "--no-progress", stdout=out)
        assert "0 nhiệm vụ mới, 0 cập nhật" in out.getvalue()  # every row is identical
    wipe_tasks()
    call_command("import_tasks", str(tmp_path / "so.xlsx"), "--no-progress", stdout=io.StringIO())
    assert Task.objects.get(external_code="F-1").title == formula.title
    assert Task.objects.get(external_code="F-1").note == "+1"
    assert Task.objects.get(external_code="F-2").current_deadline == day + dt.timedelta(days=10)
    assert Task.objects.get(external_code="F-3").current_deadline is None


def test_an_export_from_english_pages_is_the_same_register(tmp_path: Path):
    path = tmp_path / "so.csv"
    with translation.override("en"):
        call_command("export_tasks", str(path), "--assigner", "lang-son", stdout=io.StringIO())
        out = io.StringIO()
        call_command("import_tasks", str(path), "--no-progress", stdout=out)
    assert "Kinh tế, tài chính, đầu tư" in path.read_text(encoding="utf-8-sig")
    assert " 0 nhiệm vụ mới, 0 cập nhật" in out.getvalue()


def test_a_task_handed_over_in_a_reorganisation_round_trips_with_its_hand_over(tmp_path: Path):
    """The register says the unit a task was assigned to and the day its lead took over, so a
    report on either unit, either side of the reorganisation, is the same after the round trip."""
    path = tmp_path / "so.csv"
    call_command("export_tasks", str(path), "--assigner", "lang-son", stdout=io.StringIO())
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "Đơn vị chủ trì khi giao" in header and "Ngày đổi đơn vị chủ trì" in header
    reform = ["--assigner", "lang-son", "--from", "2025-01-01", "--to", "2025-06-30"]
    units = ["cao-loc-tt-dong-dang", "xa-dong-dang", "cao-loc"]
    days = ["2025-06-30", "2025-07-01", "2026-01-01"]

    def reports() -> list[dict[str, object]]:
        out = []
        for unit in units:
            for day in days:
                stdout = io.StringIO()
                call_command("stats", *reform, "--unit", unit, "--as-of", day, "--format", "json", stdout=stdout)  # fmt: skip
                out.append(json.loads(stdout.getvalue()))
        return out

    before = reports()
    assert before[0]["assigned"] and before[4]["assigned"]  # Đồng Đăng township, then the commune
    wipe_tasks()
    call_command("import_tasks", str(path), "--no-progress", stdout=io.StringIO())
    assert reports() == before
    task = Task.objects.get(external_code="demo-bien-gioi-2025-1")
    assert (task.lead_unit.code, task.current_lead_unit.code) == ("cao-loc-tt-dong-dang", "xa-dong-dang")  # fmt: skip
    handed = task.events.get(kind="lead_changed")
    assert handed.effective_on == dt.date(2025, 7, 1)
