"""Chasing every overdue task of a unit from its page, and the times chased on the unit's page and
in the report's workbook."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dondoc.core.dates import today
from dondoc.core.text import EVENT_TEXT_LIMIT
from dondoc.registers.rows import own_code
from dondoc.reports import exports
from dondoc.tasks import services
from dondoc.tasks.models import Task, TaskEvent
from dondoc.tasks.rules import Kind
from dondoc.tasks.selectors import overdue_for_chase
from dondoc.tasks.stats import StatsQuery
from dondoc.tasks.tests.test_actions import assign, unit, user

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
CHASE_URL = reverse("reports:unit_chase", kwargs={"code": "so-tai-chinh"})
UNIT_URL = reverse("reports:unit", kwargs={"code": "so-tai-chinh"})


def overdue(days: int = 10) -> Task:
    return assign(assigned_on=today() - (days + 40) * DAY, deadline=today() - days * DAY)


def to_chase() -> set[int]:
    found = overdue_for_chase(assigner=unit("lang-son"), unit=unit("so-tai-chinh"), on=today())
    return set(found.values_list("pk", flat=True))


def test_the_office_confirms_how_many_then_chases_every_overdue_task_of_the_unit(client_as):
    late = [overdue(3), overdue(30)]
    office = client_as("vanphong")
    unit_page = office.get(UNIT_URL).content.decode()
    assert CHASE_URL in unit_page and "Đôn đốc tất cả nhiệm vụ quá hạn" in unit_page
    expected = to_chase()
    assert {t.pk for t in late} <= expected
    confirm = office.get(CHASE_URL)
    assert confirm.status_code == 200 and confirm.context["count"] == len(expected)
    assert f"Đôn đốc {len(expected)} nhiệm vụ" in confirm.content.decode()
    assert not TaskEvent.objects.filter(kind=Kind.CHASED).exists()  # nothing before the sending
    done = office.post(CHASE_URL, {"text": "Đề nghị Sở báo cáo ngay", "submission": "c1"})
    assert done.status_code == 302 and done.url == UNIT_URL
    chased = TaskEvent.objects.filter(kind=Kind.CHASED, text="Đề nghị Sở báo cáo ngay")
    assert set(chased.values_list("task_id", flat=True)) == expected
    shown = office.get(UNIT_URL).content.decode()
    assert f"Đã đôn đốc {len(expected)} nhiệm vụ quá hạn của Sở Tài chính." in shown
    assert f"1 lần, gần nhất {today():%d/%m/%Y}" in shown
    # The same form sent again records nothing more.
    again = office.post(CHASE_URL, {"text": "Đề nghị Sở báo cáo ngay", "submission": "c1"})
    assert again.status_code == 302 and chased.count() == len(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Hãy nhập nội dung đôn đốc"), ("a" * (EVENT_TEXT_LIMIT + 1), "Dài quá")],
)
def test_a_chase_of_all_with_bad_text_says_so_by_its_field(client_as, text, message):
    overdue()
    answer = client_as("vanphong").post(CHASE_URL, {"text": text})
    assert answer.status_code == 200
    assert answer.context["form"].errors["text"][0].startswith(message)
    assert not TaskEvent.objects.filter(kind=Kind.CHASED).exists()


def test_the_lead_units_head_sees_no_chase_of_the_provinces_tasks(client_as):
    overdue()
    head = client_as("sotaichinh")
    page = head.get(UNIT_URL)
    assert [b["may_chase"] for b in page.context["blocks"] if b["query"].assigner.code == "lang-son"] == [False]  # fmt: skip
    # On its own page it chases what it assigned itself (its divisions' tasks), not the province's.
    head.post(CHASE_URL, {"text": "Đề nghị các phòng khẩn trương"})
    assert not TaskEvent.objects.filter(kind=Kind.CHASED, task__assigner__code="lang-son").exists()


def test_a_unit_with_no_overdue_task_is_told_so(client_as):
    finance = unit("so-tai-chinh")
    finance.pk, finance.code, finance.name, finance.short_name = None, "so-moi", "Sở Mới", "Sở Mới"
    finance.save()  # a new department, with no task yet
    url = reverse("reports:unit_chase", kwargs={"code": "so-moi"})
    answer = client_as("vanphong").get(url)
    assert answer.status_code == 200 and answer.context["count"] == 0
    assert (
        "không có nhiệm vụ nào do UBND tỉnh Lạng Sơn giao đang quá hạn" in answer.content.decode()
    )
    sent = client_as("vanphong").post(url, {"text": "Đôn đốc"})
    assert sent.status_code == 200 and "đang quá hạn" in sent.content.decode()
    assert not TaskEvent.objects.filter(kind=Kind.CHASED).exists()


def workbook_rows(query: StatsQuery) -> dict[str, tuple[object, ...]]:
    out = io.BytesIO()
    exports.write("xlsx", exports.build(query), out)
    sheet = load_workbook(io.BytesIO(out.getvalue()))["Danh sách nhiệm vụ"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == ("Số lần đôn đốc", "Lần đôn đốc gần nhất")
    return {str(row[2]): row for row in rows[1:]}


def test_the_workbook_says_how_many_times_each_task_was_chased_in_a_fixed_number_of_queries():
    query = StatsQuery(
        unit("lang-son"),
        dt.date(today().year - 1, 1, 1),
        today(),
        today(),
        unit=unit("so-tai-chinh"),
    )
    tasks = [overdue(5), overdue(8), overdue(12)]
    # A new query for each export, as each request makes one (a query keeps the lead units it
    # read: stats.StatsQuery._lead_units).
    with CaptureQueriesContext(connection) as unchased:
        exports.write("xlsx", exports.build(replace(query)), io.BytesIO())
    services.chase_overdue(
        assigner=unit("lang-son"), unit=unit("so-tai-chinh"), text="Lần một", actor=user("vanphong")
    )
    services.record(
        services.Chase(reason="Lần hai"),
        task=Task.objects.get(pk=tasks[0].pk),
        actor=user("chutich"),
    )
    with CaptureQueriesContext(connection) as chased:
        exports.write("xlsx", exports.build(replace(query)), io.BytesIO())
    assert len(chased) == len(unchased)
    rows = workbook_rows(query)
    first, second = rows[own_code(tasks[0])], rows[own_code(tasks[1])]
    assert first[-2:] == (2, dt.datetime.combine(today(), dt.time()))
    assert second[-2:] == (1, dt.datetime.combine(today(), dt.time()))
    never = next(row for row in rows.values() if row[-2] == 0)
    assert never[-1] is None
