"""The weekly digest (notifications/digest.py): what an office officer and a leader follow up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dondoc.core.dates import today
from dondoc.documents.models import Signer
from dondoc.notifications.digest import digest_items, digest_key, is_digest_day
from dondoc.notifications.mail import render_one
from dondoc.notifications.models import Kind, Notification
from dondoc.notifications.outbox import enqueue_many
from dondoc.notifications.planning import plan_due
from dondoc.tasks import services
from dondoc.tasks.models import Task
from dondoc.tasks.tests.test_actions import assign, user
from dondoc.workdays.models import CalendarOverride
from dondoc.workdays.rules import WorkingCalendar
from dondoc.workdays.services import working_calendar

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def digest_of(username: str, day: dt.date | None = None) -> dict:
    who = user(username)
    found = [item for item in digest_items(day or today()) if item.recipient_id == who.pk]
    assert len(found) == 1, f"{username} has no digest"
    assert found[0].kind == Kind.WEEKLY_DIGEST
    return found[0].data


def counts(username: str) -> dict[str, int]:
    who = user(username)
    found = [item for item in digest_items(today()) if item.recipient_id == who.pk]
    groups = found[0].data["groups"] if found else {}
    return {name: groups[name]["count"] if groups else 0 for name in GROUP_NAMES}


GROUP_NAMES = ("overdue", "due_soon", "awaiting_confirmation", "extension_requested")


def ids(data: dict, group: str) -> set[int]:
    return {task["id"] for task in data["groups"][group]["tasks"]}


def followed_tasks(**kw) -> dict[str, Task]:
    overdue = assign(assigned_on=today() - 100 * DAY, deadline=today() - 10 * DAY, **kw)
    soon = assign(assigned_on=today() - 10 * DAY, deadline=today() + 2 * DAY, **kw)
    reported = assign(**kw)
    services.record(
        services.ReportCompletion(result="Đã xong"), task=reported, actor=user("sotaichinh")
    )
    asking = assign(**kw)
    services.record(
        services.RequestExtension(new_deadline=today() + 200 * DAY, reason="Chờ số liệu"),
        task=asking,
        actor=user("sotaichinh"),
    )
    return {"overdue": overdue, "due_soon": soon, "awaiting_confirmation": reported,
            "extension_requested": asking}  # fmt: skip


def test_the_office_is_told_its_committees_tasks_overdue_due_soon_and_awaiting_a_decision():
    before = counts("vanphong")
    tasks = followed_tasks()
    data = digest_of("vanphong")
    for group, task in tasks.items():
        entry = data["groups"][group]
        assert entry["count"] == before[group] + 1, group
        assert task.pk in ids(data, group) or entry["count"] > 10, group
        assert entry["link"].startswith("/nhiem-vu/")
    assert tasks["due_soon"].pk not in ids(data, "overdue")
    assert tasks["overdue"].pk not in ids(data, "due_soon")
    assert data["assigner"] == "Ủy ban nhân dân tỉnh Lạng Sơn"


def test_the_digests_links_list_its_tasks(client_as):
    followed_tasks()
    data = digest_of("vanphong")
    client = client_as("vanphong")
    for group, entry in data["groups"].items():
        page = client.get(entry["link"])
        assert page.status_code == 200, group
        body = page.content.decode()
        assert "không có trong" not in body, group
        for task in entry["tasks"][:5]:
            assert reverse("tasks:detail", args=[task["id"]]) in body, group


def test_a_leader_is_told_only_what_he_assigned():
    before = counts("chutich")
    his = followed_tasks(assigned_by=Signer.CHAIRMAN)
    committees = followed_tasks()
    data = digest_of("chutich")
    for group, task in his.items():
        assert data["groups"][group]["count"] == before[group] + 1, group
        assert task.pk in ids(data, group) or data["groups"][group]["count"] > 10, group
    for group, task in committees.items():
        assert task.pk not in ids(data, group), group
    office = digest_of("vanphong")
    assert his["overdue"].pk in ids(office, "overdue") or office["groups"]["overdue"]["count"] > 10


def test_unit_people_get_no_digest():
    followed_tasks()
    people = {item.recipient_id for item in digest_items(today())}
    assert user("sotaichinh").pk not in people
    assert user("caoloc").pk not in people


def test_the_digest_falls_on_the_first_working_day_of_the_week():
    plain = WorkingCalendar()
    monday = dt.date(2026, 6, 15)
    assert is_digest_day(monday, plain)
    assert not is_digest_day(monday + DAY, plain)
    assert not is_digest_day(monday - DAY, plain)
    # Tết 2026: Monday 16 February off, and the whole week; the next digest is on 23 February.
    tet = WorkingCalendar.of({dt.date(2026, 2, 16) + n * DAY for n in range(5)})
    assert not any(is_digest_day(dt.date(2026, 2, 16) + n * DAY, tet) for n in range(7))
    assert is_digest_day(dt.date(2026, 2, 23), tet)
    # A Monday off moves it to the Tuesday.
    off = WorkingCalendar.of({monday})
    assert is_digest_day(monday + DAY, off)


def test_the_digest_is_planned_once_a_week_with_the_reminders():
    followed_tasks()
    CalendarOverride.objects.filter(day__gte=today() - 14 * DAY).delete()
    calendar = working_calendar(start=today() - 30 * DAY, end=today() + 30 * DAY)
    day = today()
    while not is_digest_day(day, calendar):
        day += DAY
    result = plan_due(day)
    office = user("vanphong")
    rows = Notification.objects.filter(kind=Kind.WEEKLY_DIGEST, recipient=office)
    assert result.digests >= 1 and rows.count() >= 1
    assert set(rows.values_list("key", flat=True)) == {digest_key(office.pk, day)}
    # Planned again later in the week (a day's record lost, say): nothing new.
    plan_due(day + DAY)
    assert rows.count() == len(set(rows.values_list("channel", flat=True)))


def test_the_digest_mail_lists_the_groups_with_links_in_vietnamese():
    tasks = followed_tasks()
    office = user("vanphong")
    office.email = "vp@langson.example"
    office.save()
    enqueue_many(digest_items(today()))
    row = Notification.objects.get(kind=Kind.WEEKLY_DIGEST, recipient=office, channel="email")
    message = render_one(row)
    html = str(message.alternatives[0][0])
    assert message.subject == "[Đôn Đốc] Tổng hợp nhiệm vụ trong tuần"
    assert (
        f"Tổng hợp nhiệm vụ Ủy ban nhân dân tỉnh Lạng Sơn giao cần theo dõi, đến ngày {today():%d/%m/%Y}"
        in message.body
    )
    for label in (
        "Quá hạn:",
        "Sắp đến hạn:",
        "Chờ xác nhận hoàn thành:",
        "Đề nghị gia hạn chờ quyết định:",
    ):
        assert label in message.body and label in html
    assert "http://127.0.0.1:8000/nhiem-vu/?tk_giao=lang-son" in message.body
    assert f"/nhiem-vu/{tasks['due_soon'].pk}/" in html


def test_the_notification_list_shows_the_digests_groups_as_links(client_as):
    followed_tasks()
    enqueue_many(item for item in digest_items(today()) if item.recipient_id == user("vanphong").pk)
    page = client_as("vanphong").get(reverse("notifications:list")).content.decode()
    assert "Tổng hợp hằng tuần" in page
    assert (
        f"Nhiệm vụ Ủy ban nhân dân tỉnh Lạng Sơn giao cần theo dõi, đến ngày {today():%d/%m/%Y}"
        in page
    )
    assert "Quá hạn: " in page and "Đề nghị gia hạn chờ quyết định: " in page
    assert 'href="/nhiem-vu/?tk_giao=lang-son' in page
