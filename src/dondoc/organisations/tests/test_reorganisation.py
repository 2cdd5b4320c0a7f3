"""Reorganisations (organisations/reorganisation.py): the preview, the one write, its effect on
the figures (RULES.md "Reorganisations"), the page and the `dondoc reorganise` command."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from dondoc.accounts.models import Role, User
from dondoc.core.dates import replaying, today
from dondoc.organisations import reorganisation
from dondoc.organisations.models import Handover, Reorganisation, Unit, UnitKind
from dondoc.organisations.reorganisation import PLAN, Plan, PlanRefused, Row
from dondoc.tasks import services
from dondoc.tasks.models import Status, Task, TaskEvent
from dondoc.tasks.rules import Kind
from dondoc.tasks.selectors import inbox
from dondoc.tasks.stats import StatsQuery, spans_on, task_stats

pytestmark = pytest.mark.django_db

X = today() - dt.timedelta(days=20)  # the successors' first day
LAST = X - dt.timedelta(days=1)
START = X - dt.timedelta(days=90)


@dataclass
class World:
    province: Unit
    old: Unit  # a department merged into `new`
    division: Unit  # its division, merged into a division of `new`
    new: Unit
    commune: Unit  # split between `heir_1` and `heir_2`
    heir_1: Unit
    heir_2: Unit
    moving: Task  # the province's open task for `old`
    done: Task  # completed before X: stays with `old`
    child: Task  # `old` passed `moving` down to its division: its assigner ends
    coordinated: Task  # another department's task on which `old` coordinates
    split_a: Task
    split_b: Task
    head: User  # the head of `old`


def _unit(code: str, kind: str, parent: Unit, valid_from: dt.date | None = None) -> Unit:
    unit = Unit(
        code=code, name=code, short_name=code, kind=kind, parent=parent, valid_from=valid_from
    )
    unit.save()
    return unit


def _task(title: str, assigner: Unit, lead: Unit, **kw: object) -> Task:
    with replaying(START):
        return services.task_assign(
            title=title,
            assigner=assigner,
            lead_unit=lead,
            assigned_on=START,
            deadline=X + dt.timedelta(days=30),
            actor=None,
            **kw,  # type: ignore[arg-type]
        )


@pytest.fixture
def world() -> World:
    province = Unit.objects.get(code="lang-son")
    old = _unit("so-cu", UnitKind.DEPARTMENT, province)
    division = _unit("so-cu-phong", UnitKind.DIVISION, old)
    new = _unit("so-moi", UnitKind.DEPARTMENT, province, valid_from=X)
    _unit("so-moi-phong", UnitKind.DIVISION, new, valid_from=X)
    commune = _unit("xa-cu", UnitKind.COMMUNE, province)
    heir_1 = _unit("xa-moi-1", UnitKind.COMMUNE, province, valid_from=X)
    heir_2 = _unit("xa-moi-2", UnitKind.COMMUNE, province, valid_from=X)
    moving = _task("Nhiệm vụ chuyển giao", province, old)
    with replaying(START + dt.timedelta(days=5)):
        services.record(
            services.ReportProgress(on=START + dt.timedelta(days=5), text="Đang làm", percent=40),
            task=moving,
            actor=None,
        )
    done = _task("Nhiệm vụ đã xong", province, old)
    with replaying(START + dt.timedelta(days=10)):
        for change in (
            services.ReportCompletion(on=START + dt.timedelta(days=10), result="Xong"),
            services.ConfirmCompletion(on=START + dt.timedelta(days=10)),
        ):
            services.record(change, task=done, actor=None)
    child = _task("Nhiệm vụ con của phòng", old, division, parent=moving)
    finance = Unit.objects.get(code="so-tai-chinh")
    coordinated = _task("Nhiệm vụ phối hợp", province, finance, coordinating_units=[old])
    split_a = _task("Nhiệm vụ xã A", province, commune)
    split_b = _task("Nhiệm vụ xã B", province, commune)
    head = User.objects.create_user("truong.socu", "x", unit=old, role=Role.UNIT_HEAD)
    return World(province, old, division, new, commune, heir_1, heir_2, moving, done, child,
                 coordinated, split_a, split_b, head)  # fmt: skip


def _plan(*rows: tuple[str, str, str] | tuple[str, str], on: dt.date = X) -> Plan:
    return Plan(
        on=on,
        rows=tuple(Row(n + 1, *row) for n, row in enumerate(rows)),
        decision="Quyết định 12/QĐ-UBND",
    )


PLAN_ROWS: list[tuple[str, str]] = [
    ("so-cu", "so-moi"),
    ("so-cu-phong", "so-moi-phong"),
    ("xa-cu", "xa-moi-1"),
    ("xa-cu", "xa-moi-2"),
]


def _office() -> User:
    return User.objects.get(username="vanphong")


def _items(world: World, preview: reorganisation.Preview) -> dict[int, reorganisation.Item]:
    return {(item.task.pk): item for item in preview.items() if item.role == "lead"}


def test_the_preview_lists_what_moves_and_what_cannot_and_writes_nothing(world: World):
    events = TaskEvent.objects.count()
    shown, found = reorganisation.preview(_plan(*PLAN_ROWS), actor=_office())
    assert found == {} and shown is not None
    led = _items(world, shown)
    assert led[world.moving.pk].moves and led[world.moving.pk].to == world.new
    assert world.done.pk not in led  # completed: it stays where it was completed
    refused = led[world.child.pk]
    assert not refused.moves and "so-cu đã kết thúc hoạt động" in " ".join(refused.problems)
    assert led[world.split_a.pk].undecided and led[world.split_b.pk].undecided
    coordinated = [i for i in shown.items() if i.role == "coordinating"]
    assert [(i.task, i.to) for i in coordinated] == [(world.coordinated, world.new)]
    ending = next(e for e in shown.endings if e.unit == world.old)
    assert ending.members == [(world.head, world.new)]
    assert (
        TaskEvent.objects.count() == events
        and not Reorganisation.objects.filter(effective_on=X).exists()
    )
    assert Unit.objects.get(pk=world.old.pk).valid_to is None


def test_applying_hands_each_task_over_by_one_lead_changed_event_effective_on_the_day(
    world: World,
):
    plan = _plan(*PLAN_ROWS).with_choices("xa-cu", "xa-moi-2", [str(world.split_a.pk)])
    done = reorganisation.apply(plan, actor=_office())
    changed = TaskEvent.objects.filter(kind=Kind.LEAD_CHANGED, effective_on=X)
    assert {(e.task_id, e.unit_id) for e in changed} == {
        (world.moving.pk, world.new.pk),
        (world.split_a.pk, world.heir_2.pk),
    }
    handed = changed.get(task=world.moving)
    assert "Quyết định 12/QĐ-UBND" in handed.text and handed.actor == _office()
    old = Unit.objects.get(pk=world.old.pk)
    assert (old.valid_to, old.successor) == (LAST, world.new)
    assert Unit.objects.get(pk=world.commune.pk).valid_to == LAST  # split: no single successor
    assert Unit.objects.get(pk=world.division.pk).valid_to == LAST
    assert Task.objects.get(pk=world.split_b.pk).current_lead_unit == world.commune  # undecided
    assert Task.objects.get(pk=world.child.pk).current_lead_unit == world.division  # refused
    assert list(Task.objects.get(pk=world.coordinated.pk).coordinating_units.all()) == [world.new]
    assert User.objects.get(pk=world.head.pk).unit == world.new
    kinds = sorted(done.handovers.values_list("kind", flat=True))
    assert kinds == ["coordinating", "lead", "lead", "member"]
    assert done.recorded_by == _office() and done.links.count() == len(PLAN_ROWS)


def test_reports_before_the_day_count_the_old_unit_and_from_it_on_the_successor(world: World):
    def assigned(unit: Unit, as_of: dt.date) -> int:
        query = StatsQuery(assigner=world.province, start=START, end=X, as_of=as_of, unit=unit)
        return task_stats(query).period.assigned

    before = {unit: assigned(unit, LAST) for unit in (world.old, world.new)}
    reorganisation.apply(_plan(*PLAN_ROWS), actor=_office())
    assert {unit: assigned(unit, LAST) for unit in (world.old, world.new)} == before
    assert before == {world.old: 2, world.new: 0}  # the moving task and the completed one
    # From X on, the successor counts the task handed over, not the one completed before X, which
    # stays with the old unit that completed it (RULES.md): a report on the old unit as of X
    # counts that one alone, so the two reports still add up to the province's.
    assert (assigned(world.old, X), assigned(world.new, X)) == (1, 1)


def test_every_problem_of_a_plan_is_said_at_once_by_row_and_nothing_is_written(world: World):
    events = TaskEvent.objects.count()
    plan = _plan(
        ("so-cu", "so-moi"),  # its division is left out: it would outlive it
        ("khong-co", "so-moi"),
        ("xa-cu", "so-cu"),  # a successor that ends too
        ("so-moi", "so-moi"),
        ("xa-cu", "xa-moi-1", "999999999999999999999999"),
        ("xa-cu", "xa-moi-1\x00"),
        on=today() + dt.timedelta(days=1),
    )
    found = reorganisation.problems(plan, actor=_office())
    assert set(found) == {PLAN, 1, 2, 3, 4, 5, 6}
    assert "so-cu-phong" in " ".join(found[1])
    assert "khong-co" in " ".join(found[2])
    with pytest.raises(PlanRefused) as refused:
        reorganisation.apply(plan, actor=_office())
    assert refused.value.problems == found
    assert (
        TaskEvent.objects.count() == events
        and not Reorganisation.objects.filter(effective_on=X).exists()
    )
    assert Unit.objects.get(pk=world.old.pk).valid_to is None


def test_units_are_named_by_their_code_or_as_officials_write_their_name(world: World):
    for code, name, short in (
        ("so-cu", "Sở Cũ tỉnh Lạng Sơn", "Sở Cũ"),
        ("so-moi", "Sở Mới tỉnh Lạng Sơn", "Sở Mới"),
        ("xa-moi-1", "UBND xã Mới", "Xã Mới"),
        ("xa-moi-2", "UBND xã Mới", "Xã Mới"),
    ):
        unit = Unit.objects.get(code=code)
        unit.name, unit.short_name = name, short
        unit.save()  # its folded search name too
    by_code, none = reorganisation.preview(_plan(*PLAN_ROWS), actor=_office())
    rows = [("Sở Cũ", "Sở Mới tỉnh Lạng Sơn"), *PLAN_ROWS[1:]]
    by_name, none_either = reorganisation.preview(_plan(*rows), actor=_office())
    assert by_code is not None and by_name is not None and none == none_either == {}
    assert [(i.task.pk, i.to) for i in by_name.items()] == [
        (i.task.pk, i.to) for i in by_code.items()
    ]
    assert any(i.to == Unit.objects.get(code="so-moi") for i in by_name.items())
    # A successor that keeps the name of a unit still open until the plan: the one that begins.
    renamed = Unit.objects.get(code="so-moi")
    renamed.name, renamed.short_name = "Sở Cũ tỉnh Lạng Sơn", "Sở Cũ"
    renamed.save()
    same, none_again = reorganisation.preview(_plan(("Sở Cũ", "Sở Cũ"), *PLAN_ROWS[1:]), actor=_office())  # fmt: skip
    assert same is not None and none_again == {}
    assert {i.to for i in same.items() if i.task.pk == world.moving.pk} == {renamed}
    found = reorganisation.problems(_plan(*PLAN_ROWS[:2], ("xa-cu", "xã mới")), actor=_office())
    assert found == {3: ["Cột “Đơn vị kế nhiệm”: nhiều đơn vị tên “xã mới”; hãy ghi mã đơn vị (xa-moi-1, xa-moi-2)."]}  # fmt: skip


def test_a_plan_for_a_later_day_is_previewed_now_and_applied_only_from_its_day(
    world: World, client_as: Callable[[str | None], Client]
):
    later = today() + dt.timedelta(days=10)
    shown, found = reorganisation.preview(_plan(*PLAN_ROWS, on=later), actor=_office())
    assert found == {} and shown is not None and shown.ahead
    moved = {i.task.pk: i.to for i in shown.items() if i.moves}
    assert moved[world.moving.pk] == Unit.objects.get(code="so-moi")
    with pytest.raises(PlanRefused) as refused:
        reorganisation.apply(_plan(*PLAN_ROWS, on=later), actor=_office())
    assert "không được sau ngày hôm nay" in refused.value.problems[PLAN][0]
    rows = "\n".join(", ".join(c for c in row if c) for row in PLAN_ROWS)
    data = {"ngay": later.strftime("%d/%m/%Y"), "phuong_an": rows, "xem": "1", "key": "k-later"}
    html = client_as("vanphong").post(reverse("units:reorganise"), data).content.decode()
    assert "đây là bản xem trước như vào ngày đó; thực hiện bàn giao được từ ngày đó" in html
    assert 'name="ap_dung"' not in html
    assert not Reorganisation.objects.filter(effective_on=later).exists()


def test_a_unit_outside_the_offices_scope_cannot_be_reorganised(world: World):
    district_office = User.objects.get(username="vanphong.caoloc")
    found = reorganisation.problems(_plan(*PLAN_ROWS), actor=district_office)
    assert "không có quyền" in found[1][0]


def _form(world: World, **extra: str) -> dict[str, str]:
    rows = "\n".join(", ".join(c for c in row if c) for row in PLAN_ROWS)
    return {"ngay": X.strftime("%d/%m/%Y"), "van_ban": "QĐ 12", "phuong_an": rows, "key": "k-1", **extra}  # fmt: skip


def test_the_page_previews_chooses_in_bulk_and_applies_once(
    world: World, client_as: Callable[[str | None], Client]
):
    client = client_as("vanphong")
    url = reverse("units:reorganise")
    page = client.post(url, _form(world, xem="1"))
    assert page.status_code == 200 and page.context["preview"].undecided == 2
    assert "Thực hiện bàn giao" in page.content.decode()
    tasks = [f"xa-cu:{world.split_a.pk}", f"xa-cu:{world.split_b.pk}"]
    chosen = client.post(url, {**_form(world), "chon": "xa-cu", "den_xa-cu": "xa-moi-1", "nhiem_vu": tasks})  # fmt: skip
    text = chosen.context["form"]["phuong_an"].value()
    assert f"xa-cu, xa-moi-1, {world.split_a.pk}" in text
    assert chosen.context["preview"].undecided == 0
    applied = client.post(url, {**_form(world), "phuong_an": text, "ap_dung": "1"})
    done = Reorganisation.objects.get(effective_on=X)
    assert applied.status_code == 302 and applied["Location"] == reverse("units:reorganisation", args=[done.pk])  # fmt: skip
    again = client.post(url, {**_form(world), "phuong_an": text, "ap_dung": "1"})  # double click
    assert (
        again["Location"] == applied["Location"]
        and Reorganisation.objects.filter(effective_on=X).count() == 1
    )
    assert TaskEvent.objects.filter(kind=Kind.LEAD_CHANGED, effective_on=X).count() == 3
    listed = client.get(applied["Location"]).content.decode()
    assert "Nhiệm vụ xã A" in listed and "Nhiệm vụ chuyển giao" in listed


def test_the_page_says_each_problem_in_vietnamese_and_writes_nothing(
    world: World, client_as: Callable[[str | None], Client]
):
    client = client_as("vanphong")
    url = reverse("units:reorganise")
    for bad in (
        {"ngay": "31/02/2026"},
        {"ngay": "01/01/0001"},
        {"phuong_an": "so-cu, khong-co"},
        {"phuong_an": "a\x00b"},
        {"phuong_an": ""},
    ):
        page = client.post(url, {**_form(world), **bad, "ap_dung": "1"})
        assert page.status_code == 200, bad
        assert page.context["form"].errors or page.context["problems"], bad
    assert not Reorganisation.objects.filter(effective_on=X).exists()


def test_a_unit_user_may_not_open_the_pages(
    world: World, client_as: Callable[[str | None], Client]
):
    reorganisation.apply(_plan(*PLAN_ROWS), actor=_office())
    done = Reorganisation.objects.get(effective_on=X)
    for user in ("sotaichinh", "dongdang", "chutich", "tocongtac", "vanphong.caoloc"):
        client = client_as(user)
        assert client.get(reverse("units:reorganise")).status_code == 403
        assert (
            client.post(reverse("units:reorganise"), _form(world, ap_dung="1")).status_code == 403
        )
        assert client.get(reverse("units:reorganisation", args=[done.pk])).status_code == 403
    assert Reorganisation.objects.filter(effective_on=X).count() == 1


# --- The command ---------------------------------------------------------------------------------


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(["Ngày hiệu lực,Đơn vị cũ,Đơn vị kế nhiệm,Nhiệm vụ,Văn bản", *lines]) + "\n", encoding="utf-8")  # fmt: skip
    return path


def test_the_command_refuses_a_bad_file_with_each_row_and_column_and_exit_2(
    world: World, tmp_path: Path, capsys
):
    day = X.strftime("%d/%m/%Y")
    path = _csv(tmp_path / "sai.csv", [f"{day},so-cu,khong-co,,", "31/02/2026,so-cu-phong,,,", f"{day},,so-moi,,"])  # fmt: skip
    with pytest.raises(CommandError) as error:
        call_command("reorganise", str(path))
    assert error.value.returncode == 2
    said = capsys.readouterr().err
    assert "Dòng 2: Cột “Đơn vị kế nhiệm”: không có đơn vị mã hoặc tên “khong-co”." in said
    assert "Dòng 3: Cột “Ngày hiệu lực”" in said and "Dòng 4: Cột “Đơn vị cũ”" in said
    assert not Reorganisation.objects.filter(effective_on=X).exists()


def test_the_command_previews_with_dry_run_then_applies(world: World, tmp_path: Path, capsys):
    day = X.strftime("%d/%m/%Y")
    rows = [f"{day},so-cu,so-moi,,QĐ 12", f"{day},so-cu-phong,so-moi-phong,,", f"{day},xa-cu,xa-moi-1,{world.split_a.pk},", f"{day},xa-cu,xa-moi-2,{world.split_b.pk},"]  # fmt: skip
    path = _csv(tmp_path / "phuong-an.csv", rows)
    events = TaskEvent.objects.count()
    call_command("reorganise", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "so-cu → so-moi" in out and "--dry-run" in out
    assert (
        TaskEvent.objects.count() == events
        and not Reorganisation.objects.filter(effective_on=X).exists()
    )
    call_command("reorganise", str(path))
    done = Reorganisation.objects.get(effective_on=X)
    assert (done.decision, done.recorded_by) == ("QĐ 12", None)
    moved = Task.objects.filter(pk__in=[world.split_a.pk, world.split_b.pk])
    assert {t.current_lead_unit for t in moved} == {world.heir_1, world.heir_2}
    assert Handover.objects.filter(reorganisation=done, kind="lead").count() == 3


def test_a_hand_over_recorded_by_the_command_says_so_on_the_tasks_page_not_import(
    world: World, client_as: Callable[[str | None], Client]
):
    reorganisation.apply(_plan(*PLAN_ROWS), actor=None)  # as `dondoc reorganise` records it
    page = client_as("vanphong").get(reverse("tasks:detail", args=[world.moving.pk]))
    history = re.findall(r"<strong>([^<]+)</strong>(.*?)</li>", page.content.decode(), re.S)
    by_kind = dict(history)
    assert "Sắp xếp tổ chức (quản trị hệ thống ghi nhận)" in by_kind["Đổi đơn vị chủ trì"]
    assert "Nhập từ sổ theo dõi" not in by_kind["Đổi đơn vị chủ trì"]
    # The progress world() recorded without a person is still an import's.
    assert "Nhập từ sổ theo dõi" in by_kind["Báo cáo tiến độ"]


def test_the_example_mapping_file_of_the_readme_reads(tmp_path: Path):
    example = Path(__file__).resolve().parents[4] / "docs" / "reorganisation-example.csv"
    plan, found = reorganisation.plan_from_file(example)
    assert found == {} and plan is not None and len(plan.rows) >= 3


# --- The demo's 2025 reforms ---------------------------------------------------------------------


def test_the_demo_office_inbox_shows_no_task_of_an_ended_unit():
    province = Unit.objects.get(code="lang-son")
    rows = inbox(province, today())
    assert rows and all(task.current_lead_unit.is_valid_on(today()) for task, _ in rows)
    assert not Task.objects.filter(
        current_status=Status.OPEN, current_lead_unit__valid_to__lt=today()
    ).exists()


def test_dong_dang_sees_what_it_inherited_with_its_whole_history(
    client_as: Callable[[str | None], Client],
):
    dong_dang = Unit.objects.get(code="xa-dong-dang")
    inherited = [t for t, _ in inbox(dong_dang, today()) if t.lead_unit != dong_dang]
    predecessors = {"cao-loc", "cao-loc-tt-dong-dang", "cao-loc-xa-thuy-hung", "cao-loc-xa-bao-lam"}  # fmt: skip
    assert inherited and {t.lead_unit.code for t in inherited} <= predecessors
    task = next(t for t in inherited if t.external_code == "demo-bien-gioi-2025-1")
    handed = task.events.get(kind=Kind.LEAD_CHANGED)
    assert (handed.effective_on, handed.unit) == (dt.date(2025, 7, 1), dong_dang)
    assert task.events.filter(effective_on__lt=dt.date(2025, 7, 1), kind=Kind.PROGRESS).exists()
    page = client_as("dongdang").get(reverse("tasks:detail", args=[task.pk]))
    assert page.status_code == 200 and "Thị trấn Đồng Đăng" in page.content.decode()


def test_the_list_of_a_day_before_the_reform_shows_the_lead_of_that_day_as_the_figures_do(
    client_as: Callable[[str | None], Client],
):
    task = Task.objects.get(external_code="demo-bien-gioi-2025-1")
    before, reform = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
    old = spans_on(before).get(task=task).lead_unit
    assert old.code != "xa-dong-dang"
    client = client_as("vanphong")

    def listed(code: str, day: dt.date | None = None, **more: str) -> set[int]:
        params = {"chu_tri": code, **({"ngay": day.strftime("%d/%m/%Y")} if day else {}), **more}
        page = client.get(reverse("tasks:list"), params)
        assert page.status_code == 200 and not page.context["errors"]
        return {row.pk for row, _ in page.context["rows"]}

    assert task.pk in listed(old.code, before) and task.pk in listed("cao-loc", before)
    assert task.pk in listed(old.code, before, trang_thai="open")
    assert task.pk not in listed("xa-dong-dang", before)
    assert task.pk in listed("xa-dong-dang", reform) and task.pk in listed("xa-dong-dang")
    assert task.pk not in listed(old.code, reform)


def test_the_demo_reforms_were_recorded_as_reorganisations_not_cancellations():
    assert list(Reorganisation.objects.values_list("effective_on", flat=True)) == [
        dt.date(2025, 7, 1),
        dt.date(2025, 3, 1),
    ]
    reason = "Đơn vị kết thúc hoạt động"
    assert not TaskEvent.objects.filter(kind=Kind.CANCELLED, text__contains=reason).exists()
    # As of the day before the reform, Cao Lộc's communes led the tasks; from it, Đồng Đăng.
    province = Unit.objects.get(code="lang-son")

    def assigned(code: str, as_of: dt.date) -> int:
        unit = Unit.objects.get(code=code)
        query = StatsQuery(assigner=province, start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30), as_of=as_of, unit=unit)  # fmt: skip
        return task_stats(query).period.assigned

    assert assigned("cao-loc-tt-dong-dang", dt.date(2025, 6, 30)) == 2
    assert assigned("cao-loc-tt-dong-dang", dt.date(2025, 7, 1)) == 0
    assert assigned("xa-dong-dang", dt.date(2025, 7, 1)) >= 4


def test_the_page_reads_a_mapping_file_into_the_plan_and_previews_it(
    world: World, tmp_path: Path, client_as: Callable[[str | None], Client]
):
    day = X.strftime("%d/%m/%Y")
    rows = [f"{day},so-cu,so-moi,,QĐ 12", f"{day},so-cu-phong,so-moi-phong,,", f"{day},xa-cu,xa-moi-1,{world.split_a.pk},", f"{day},xa-cu,xa-moi-2,,"]  # fmt: skip
    path = _csv(tmp_path / "phuong-an.csv", rows)
    with path.open("rb") as upload:
        page = client_as("vanphong").post(reverse("units:reorganise"), {"key": "k-2", "tep": upload})  # fmt: skip
    form = page.context["form"]
    assert form["ngay"].value() == day and form["van_ban"].value() == "QĐ 12"
    assert f"xa-cu, xa-moi-1, {world.split_a.pk}" in form["phuong_an"].value()
    shown = page.context["preview"]
    assert shown is not None and shown.undecided == 1  # split_b is still to be given out
    assert not Reorganisation.objects.filter(effective_on=X).exists()


def test_the_command_refuses_a_missing_file_or_another_type_with_exit_2(tmp_path: Path, capsys):
    for path, said in (
        (tmp_path / "khong-co.csv", "Không có tệp"),
        (_csv(tmp_path / "phuong-an.txt", []), "Chỉ nhận tệp .xlsx hoặc .csv"),
    ):
        with pytest.raises(CommandError) as error:
            call_command("reorganise", str(path))
        assert error.value.returncode == 2
        assert said in str(error.value) + capsys.readouterr().err


def test_an_ended_units_inbox_says_whom_its_open_tasks_went_to(
    client_as: Callable[[str | None], Client],
):
    page = client_as("caoloc").get(reverse("tasks:inbox"))
    html = page.content.decode()
    assert page.status_code == 200 and not page.context["rows"]
    assert "Đơn vị đã kết thúc hoạt động sau ngày 30/06/2025." in html
    assert "Các nhiệm vụ đang thực hiện đã bàn giao cho:" in html and "Xã Đồng Đăng" in html
    # Named, not linked: the successor's page is not the ended district's to open.
    assert reverse("units:detail", args=["xa-dong-dang"]) not in html
    live = client_as("dongdang").get(reverse("tasks:inbox")).content.decode()
    assert "Đơn vị đã kết thúc hoạt động" not in live
