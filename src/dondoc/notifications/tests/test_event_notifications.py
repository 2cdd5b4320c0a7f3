"""Events tell the people they concern, in the event's own transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.notifications.models import Channel, Kind, Notification
from dondoc.organisations.models import Unit
from dondoc.tasks import services
from dondoc.tasks.models import Task
from dondoc.tasks.rules import Kind as EventKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> User:
    return User.objects.get(username="vanphong")


@pytest.fixture
def head() -> User:
    return User.objects.get(username="sotaichinh")


def new_task(office: User, lead: str = "so-tai-chinh") -> Task:
    on = today() - dt.timedelta(days=20)
    return services.task_assign(
        title="Rà soát dự toán ngân sách",
        assigner=Unit.objects.get(code="lang-son"),
        lead_unit=Unit.objects.get(code=lead),
        assigned_on=on,
        deadline=on + dt.timedelta(days=60),
        actor=office,
    )


def told(task: Task, kind: str) -> set[str]:
    rows = Notification.objects.filter(task=task, kind=kind, channel=Channel.IN_APP)
    return set(rows.values_list("recipient__username", flat=True))


def test_an_assigned_task_tells_the_lead_units_people_but_not_the_office_that_acted(office):
    task = new_task(office)
    assert told(task, Kind.ASSIGNED) == {"sotaichinh"}
    row = Notification.objects.get(task=task, kind=Kind.ASSIGNED, channel=Channel.IN_APP)
    assert row.event is not None and row.event.kind == EventKind.ASSIGNED


def test_a_completion_report_tells_the_assigners_office(office, head):
    task = new_task(office)
    services.record(services.ReportCompletion(result="Đã trình dự toán"), task=task, actor=head)
    assert told(task, Kind.COMPLETION_REPORTED) == {"vanphong"}


def test_an_extension_request_tells_the_office_and_its_decision_tells_the_lead(office, head):
    task = new_task(office)
    services.record(
        services.RequestExtension(
            new_deadline=today() + dt.timedelta(days=50), reason="Chờ số liệu"
        ),
        task=task,
        actor=head,
    )
    assert told(task, Kind.EXTENSION_REQUESTED) == {"vanphong"}
    services.record(services.DecideExtension(approve=True), task=task, actor=office)
    assert told(task, Kind.EXTENSION_DECIDED) == {"sotaichinh"}


def test_a_returned_report_and_a_confirmation_tell_the_lead(office, head):
    task = new_task(office)
    services.record(services.ReportCompletion(result="Xong"), task=task, actor=head)
    services.record(services.ReturnCompletion(reason="Thiếu số liệu"), task=task, actor=office)
    assert told(task, Kind.COMPLETION_RETURNED) == {"sotaichinh"}
    services.record(services.ReportCompletion(result="Đã bổ sung"), task=task, actor=head)
    services.record(services.ConfirmCompletion(), task=task, actor=office)
    assert told(task, Kind.COMPLETION_CONFIRMED) == {"sotaichinh"}


def test_a_corrected_deadline_tells_the_lead(office):
    task = new_task(office)
    services.record(
        services.CorrectDeadline(deadline=task.deadline, reason="Nhập nhầm"),
        task=task,
        actor=office,
    )
    assert told(task, Kind.DEADLINE_CHANGED) == {"sotaichinh"}


def test_a_new_lead_is_told_of_the_hand_over(office):
    task = new_task(office)
    services.record(
        services.ChangeLead(unit=Unit.objects.get(code="so-y-te"), reason="Đúng chức năng"),
        task=task,
        actor=office,
    )
    heads = set(
        User.objects.filter(unit__code="so-y-te", is_active=True).values_list("username", flat=True)
    )
    assert told(task, Kind.HANDED_OVER) == heads


def test_a_chase_tells_the_lead(office):
    task = new_task(office)
    services._append(task, EventKind.CHASED, today(), office, text="Đề nghị khẩn trương")
    assert told(task, Kind.CHASED) == {"sotaichinh"}


def test_a_progress_report_tells_nobody(office, head):
    task = new_task(office)
    before = Notification.objects.count()
    services.record(services.ReportProgress(text="Đang làm", percent=30), task=task, actor=head)
    assert Notification.objects.count() == before


def test_history_from_a_register_tells_nobody(office, head):
    task = new_task(office)
    before = Notification.objects.count()
    services.record(
        services.ReportCompletion(result="Xong"), task=task, actor=head, from_register=True
    )
    assert Notification.objects.count() == before


def test_a_rolled_back_action_leaves_no_notification(office, head):
    task = new_task(office)
    before = Notification.objects.count()

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        services.record(services.ReportCompletion(result="Xong"), task=task, actor=head)
        assert told(task, Kind.COMPLETION_REPORTED) == {"vanphong"}  # written, then undone
        raise Boom
    assert Notification.objects.count() == before
    assert not told(task, Kind.COMPLETION_REPORTED)
