"""Dates outside the accepted years (core/dates.py day_range) are refused by the services
themselves, whoever calls them, and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.documents.models import Document
from dondoc.documents.services import document_create
from dondoc.organisations.models import Unit
from dondoc.tasks import services
from dondoc.tasks.models import Task, TaskEvent
from dondoc.tasks.tests.test_services import messages, new_task

pytestmark = pytest.mark.django_db
D = dt.date
FIRST, LAST = D(1, 1, 1), D(9999, 12, 31)
OUTSIDE = "nằm ngoài khoảng cho phép"


@pytest.fixture
def office() -> User:
    return User.objects.get(username="vanphong")


@pytest.fixture
def head() -> User:
    return User.objects.get(username="sotaichinh")


def assign(office: User, **kw: object) -> Task:
    return services.task_assign(
        title="Rà soát dự toán",
        assigner=Unit.objects.get(code="lang-son"),
        lead_unit=Unit.objects.get(code="so-tai-chinh"),
        actor=office,
        **kw,  # type: ignore[arg-type]
    )


def test_a_task_assigned_in_year_one_is_refused_and_not_stored(office):
    before = Task.objects.count()
    with pytest.raises(ValidationError) as error:
        assign(office, assigned_on=FIRST, deadline=D(2026, 1, 1))
    assert messages(error) == {
        "assigned_on": [
            f"ngày 01/01/0001 {OUTSIDE} (từ năm 1990 đến năm {today().year + 20})"
        ]
    }
    assert Task.objects.count() == before


def test_a_deadline_in_year_9999_is_refused_and_not_stored(office):
    before = Task.objects.count()
    with pytest.raises(ValidationError) as error:
        assign(office, assigned_on=today(), deadline=LAST)
    assert OUTSIDE in messages(error)["deadline"][0]
    assert Task.objects.count() == before


@pytest.mark.parametrize("working_days", [1, 10, 365])
def test_working_days_counted_from_a_far_assigned_date_do_not_overflow(office, working_days):
    with pytest.raises(ValidationError) as error:
        assign(office, assigned_on=D(9999, 12, 30), working_days=working_days)
    assert OUTSIDE in messages(error)["assigned_on"][0]


@pytest.mark.parametrize("working_days", [0, -1, 366, 10**9])
def test_a_number_of_working_days_outside_one_year_is_refused_without_counting(
    office, working_days
):
    with pytest.raises(ValidationError) as error:
        assign(office, assigned_on=today(), working_days=working_days)
    assert messages(error) == {"working_days": ["Số ngày làm việc phải từ 1 đến 365."]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda: services.Acknowledge(on=FIRST), "on"),
        (lambda: services.ReportProgress(on=LAST, text="Đang làm"), "on"),
        (lambda: services.RequestExtension(new_deadline=LAST, reason="Chậm"), "new_deadline"),
        (lambda: services.CorrectDeadline(deadline=LAST, reason="Nhầm"), "deadline"),
    ],
)
def test_a_change_with_a_far_date_is_refused_and_not_recorded(office, head, change, field):
    task = new_task(office)
    events = TaskEvent.objects.filter(task=task).count()
    actor = office if field == "deadline" else head
    with pytest.raises(ValidationError) as error:
        services.record(change(), task=task, actor=actor)
    assert OUTSIDE in messages(error)[field][0]
    assert TaskEvent.objects.filter(task=task).count() == events


def test_an_approved_extension_to_a_far_deadline_is_refused(office, head):
    task = new_task(office)
    assert task.deadline is not None
    services.record(
        services.RequestExtension(new_deadline=task.deadline + dt.timedelta(days=9), reason="x"),
        task=task,
        actor=head,
    )
    with pytest.raises(ValidationError) as error:
        services.record(
            services.DecideExtension(approve=True, new_deadline=LAST), task=task, actor=office
        )
    assert OUTSIDE in messages(error)["new_deadline"][0]


def test_a_document_issued_in_year_one_is_refused_and_not_stored(office):
    with pytest.raises(ValidationError) as error:
        document_create(
            issuer=Unit.objects.get(code="lang-son"),
            number="1/TB-UBND",
            issued_on=FIRST,
            kind="conclusion_notice",
            summary="Kết luận",
            actor=office,
        )
    assert OUTSIDE in error.value.message_dict["issued_on"][0]
    assert not Document.objects.filter(number="1/TB-UBND").exists()
