"""Planning the automatic reminders into the outbox (notifications/planning.py), on the demo."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dondoc.core.dates import today
from dondoc.notifications.mail import render_one
from dondoc.notifications.models import Channel, Kind, Notification, PlannedDay
from dondoc.notifications.planning import CATCH_UP_DAYS, plan_due
from dondoc.tasks import services
from dondoc.tasks.models import Task
from dondoc.tasks.tests.test_actions import assign, user
from dondoc.workdays.services import working_calendar

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def calendar():
    return working_calendar(start=today() - 400 * DAY, end=today() + 400 * DAY)


def working_day_after(day: dt.date, count: int) -> dt.date:
    return calendar().add_working_days(day, count)


def reminders_of(task: Task) -> list[tuple[str, str, str]]:
    """The task's reminders in the bell of its unit's head: (kind, day, deadline), by day."""
    rows = Notification.objects.filter(
        task=task, channel=Channel.IN_APP, recipient=user("sotaichinh")
    ).filter(key__startswith="rem:")
    found = [(row.kind, row.data["day"], row.data["deadline"]) for row in rows]
    return sorted(found, key=lambda found: found[1])


def plan_days(first: dt.date, last: dt.date) -> None:
    day = first
    while day <= last:
        plan_due(day)
        day += DAY


def a_task_due_in(working_days: int) -> tuple[Task, dt.date]:
    deadline = working_day_after(today(), working_days)
    return assign(deadline=deadline), deadline


def test_a_task_is_reminded_before_on_and_after_its_deadline_on_working_days():
    task, deadline = a_task_due_in(8)
    cal = calendar()
    plan_days(today(), cal.add_working_days(deadline, 6))
    assert reminders_of(task) == [
        (Kind.REMINDER_BEFORE, working_day_after(today(), 3).isoformat(), deadline.isoformat()),
        (Kind.REMINDER_BEFORE, working_day_after(today(), 7).isoformat(), deadline.isoformat()),
        (Kind.REMINDER_DUE, deadline.isoformat(), deadline.isoformat()),
        (
            Kind.REMINDER_OVERDUE,
            cal.add_working_days(deadline, 3).isoformat(),
            deadline.isoformat(),
        ),
        (
            Kind.REMINDER_OVERDUE,
            cal.add_working_days(deadline, 6).isoformat(),
            deadline.isoformat(),
        ),
    ]
    row = Notification.objects.filter(task=task, kind=Kind.REMINDER_BEFORE).order_by("id")[0]
    assert row.data["working_days"] == 5 and row.data["title"] == task.title


def test_the_lead_units_head_and_officers_are_reminded_and_no_one_else():
    task, _deadline = a_task_due_in(1)
    plan_due(today())
    recipients = set(
        Notification.objects.filter(task=task).values_list("recipient__username", flat=True)
    )
    assert "sotaichinh" in recipients
    assert not recipients & {"caoloc", "dongdang", "chutich"}


def test_an_extension_moves_the_reminders_to_the_new_deadline():
    task, deadline = a_task_due_in(6)
    plan_due(working_day_after(today(), 1))  # the first "before" reminder of the old deadline
    new_deadline = working_day_after(deadline, 10)
    head, office = user("sotaichinh"), user("vanphong")
    services.record(
        services.RequestExtension(new_deadline=new_deadline, reason="Chờ số liệu"),
        task=task,
        actor=head,
    )
    services.record(services.DecideExtension(approve=True), task=task, actor=office)
    plan_days(working_day_after(today(), 2), new_deadline)
    assert reminders_of(task) == [
        (Kind.REMINDER_BEFORE, working_day_after(today(), 1).isoformat(), deadline.isoformat()),
        (
            Kind.REMINDER_BEFORE,
            calendar_back(new_deadline, 5).isoformat(),
            new_deadline.isoformat(),
        ),
        (
            Kind.REMINDER_BEFORE,
            calendar_back(new_deadline, 1).isoformat(),
            new_deadline.isoformat(),
        ),
        (Kind.REMINDER_DUE, new_deadline.isoformat(), new_deadline.isoformat()),
    ]


def calendar_back(day: dt.date, count: int) -> dt.date:
    from dondoc.notifications.reminders import subtract_working_days

    return subtract_working_days(day, count, calendar())


def test_a_reported_completion_pauses_the_reminders_and_a_return_rearms_them():
    task, deadline = a_task_due_in(3)
    head, office = user("sotaichinh"), user("vanphong")
    services.record(services.ReportCompletion(result="Đã xong"), task=task, actor=head)
    plan_due(calendar_back(deadline, 1))
    assert reminders_of(task) == []
    services.record(services.ReturnCompletion(reason="Bổ sung hồ sơ"), task=task, actor=office)
    plan_due(deadline)
    assert reminders_of(task) == [
        (Kind.REMINDER_DUE, deadline.isoformat(), deadline.isoformat()),
    ]


@pytest.mark.parametrize("ending", ["confirmed", "cancelled"])
def test_a_confirmation_or_a_cancellation_stops_the_reminders(ending):
    task, deadline = a_task_due_in(3)
    plan_due(calendar_back(deadline, 1))
    assert len(reminders_of(task)) == 1
    head, office = user("sotaichinh"), user("vanphong")
    if ending == "confirmed":
        services.record(services.ReportCompletion(result="Đã xong"), task=task, actor=head)
        services.record(services.ConfirmCompletion(), task=task, actor=office)
    else:
        services.record(services.Cancel(reason="Không còn cần thiết"), task=task, actor=office)
    plan_days(deadline, working_day_after(deadline, 9))
    assert len(reminders_of(task)) == 1


def test_a_second_run_for_the_same_day_writes_nothing_new():
    _task, _deadline = a_task_due_in(1)
    first = plan_due(today())
    rows = Notification.objects.count()
    assert first.days == [today()] and first.reminders > 0
    again = plan_due(today())
    assert again.days == [] and again.reminders == 0
    # Even a day planned afresh (its record lost) writes nothing: the keys were written.
    PlannedDay.objects.all().delete()
    replanned = plan_due(today())
    assert replanned.days == [today()] and replanned.reminder_items == first.reminder_items
    assert replanned.reminders == 0
    assert Notification.objects.count() == rows


def test_a_missed_day_is_caught_up_by_the_next_run():
    task, deadline = a_task_due_in(3)
    before = calendar_back(deadline, 1)
    plan_due(before - 2 * DAY)
    result = plan_due(before + DAY)  # the run of `before` never happened
    assert result.days == [before - DAY, before, before + DAY]
    assert (Kind.REMINDER_BEFORE, before.isoformat(), deadline.isoformat()) in reminders_of(task)


def test_a_missed_week_is_caught_up_only_for_the_last_days():
    plan_due(today() - 30 * DAY)
    result = plan_due(today())
    assert result.days == [today() - n * DAY for n in reversed(range(CATCH_UP_DAYS))]


def test_the_first_run_plans_only_its_own_day():
    assert plan_due(today()).days == [today()]


def test_a_dry_run_writes_nothing_and_says_what_it_would():
    _task, _deadline = a_task_due_in(1)
    rows = Notification.objects.count()
    result = plan_due(today(), dry_run=True)
    assert result.days == [today()] and result.tasks >= 1 and result.reminder_items >= 1
    assert result.reminders == 0
    assert Notification.objects.count() == rows
    assert not PlannedDay.objects.exists()


def mail_of(task: Task, kind: str) -> tuple[str, str, str]:
    head = user("sotaichinh")
    row = Notification.objects.filter(task=task, kind=kind, recipient=head).order_by("id")[0]
    head.email = "gd@stc.example"
    row.recipient = head
    message = render_one(row)
    html = message.alternatives[0][0]
    return str(message.subject), str(message.body), str(html)


def test_the_reminder_mails_name_the_task_the_deadline_and_the_working_days_in_vietnamese():
    task, deadline = a_task_due_in(5)
    plan_due(today())
    plan_due(deadline)
    plan_due(calendar().add_working_days(deadline, 3))
    shown = f"{deadline:%d/%m/%Y}"
    subject, text, html = mail_of(task, Kind.REMINDER_BEFORE)
    assert subject.startswith("[Đôn Đốc] Sắp đến hạn: Rà soát dự toán")
    assert f"còn 5 ngày làm việc đến hạn xử lý {shown}" in text
    assert f"/nhiem-vu/{task.pk}/" in text and task.title in html
    subject, text, html = mail_of(task, Kind.REMINDER_DUE)
    assert shown in text and "là hạn xử lý của nhiệm vụ" in text
    subject, text, html = mail_of(task, Kind.REMINDER_OVERDUE)
    assert f"đã quá hạn xử lý {shown}" in text and "đã quá 3 ngày làm việc" in text
    assert "<strong>3 ngày làm việc</strong>" in html


def test_send_notifications_plans_the_day_before_delivering_and_a_dry_run_plans_nothing():
    task, _deadline = a_task_due_in(1)
    out = io.StringIO()
    call_command("send_notifications", "--as-of", today().isoformat(), "--dry-run", stdout=out)
    assert f"would plan 1 day(s) ({today():%d/%m/%Y})" in out.getvalue()
    assert not PlannedDay.objects.exists()
    out = io.StringIO()
    call_command("send_notifications", "--as-of", today().isoformat(), "-v", "2", stdout=out)
    assert "planned 1 day(s)" in out.getvalue()
    assert PlannedDay.objects.filter(day=today()).exists()
    assert Notification.objects.filter(task=task, kind=Kind.REMINDER_BEFORE).exists()
    assert out.getvalue().strip().splitlines()[-1].startswith("sent ")


def test_the_bell_list_says_how_many_working_days_are_left(client_as):
    _task, deadline = a_task_due_in(5)
    plan_due(today())
    page = client_as("sotaichinh").get(reverse("notifications:list")).content.decode()
    assert f"Còn 5 ngày làm việc đến hạn {deadline:%d/%m/%Y}" in page
