"""Dates outside the accepted years (core/dates.py day_range) are refused by the services
themselves, whoever calls them, and nothing is stored; the forms and the list say which field
is wrong, and an id no row can have is a message or a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.documents.models import Document, Signer
from dondoc.documents.services import document_create
from dondoc.organisations.models import Unit
from dondoc.tasks import services
from dondoc.tasks.models import Field, Source, Task, TaskEvent, Urgency
from dondoc.tasks.tests.test_services import messages, new_task

pytestmark = pytest.mark.django_db
D = dt.date
FIRST, LAST = D(1, 1, 1), D(9999, 12, 31)
OUTSIDE = "nằm ngoài khoảng cho phép"


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
        "assigned_on": [f"ngày 01/01/0001 {OUTSIDE} (từ năm 1990 đến năm {today().year + 20})"]
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


def test_the_task_form_names_the_field_whose_year_is_out_of_range(client_as):
    before = Task.objects.count()
    response = client_as("vanphong").post(
        reverse("tasks:create"),
        {
            "title": "Việc có ngày xa",
            "lead_unit": Unit.objects.get(code="so-y-te").pk,
            "assigned_on": "01/01/0001",
            "deadline": "31/12/9999",
            "assigned_by": Signer.COMMITTEE,
            "source": Source.DIRECTIVE,
            "field": Field.OTHER,
            "urgency": Urgency.NORMAL,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert OUTSIDE in errors["assigned_on"][0] and "01/01/0001" in errors["assigned_on"][0]
    assert OUTSIDE in errors["deadline"][0] and "31/12/9999" in errors["deadline"][0]
    assert Task.objects.count() == before


@pytest.mark.parametrize(
    "query", ["van_ban=abc", "cap_tren=abc", f"van_ban={10**20}", "cap_tren=-1"]
)
def test_the_new_task_page_with_an_id_no_row_can_have_is_not_found(client_as, query):
    response = client_as("vanphong").get(reverse("tasks:create") + "?" + query)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (f"van_ban={10**20}", "Văn bản: Mã số không hợp lệ."),
        ("van_ban=abc", "Văn bản: Mã số không hợp lệ."),
        ("trang_thai=overdue&ngay=31/12/9999", f"Tại ngày: ngày 31/12/9999 {OUTSIDE}"),
        ("han_tu=01/01/0001", f"Hạn từ ngày: ngày 01/01/0001 {OUTSIDE}"),
        (
            "tk_giao=lang-son&tk_tu=01/01/0001&tk_den=31/12/2025",
            f"Từ ngày: ngày 01/01/0001 {OUTSIDE}",
        ),
    ],
)
def test_the_list_says_which_parameter_is_out_of_range(client_as, query, message):
    response = client_as("vanphong").get(reverse("tasks:list") + "?" + query)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize("query", ["tu=01/01/0001&den=31/12/2025", "tu=01/01/2025&den=31/12/9999",
                                   "tu=01/01/2025&den=31/12/2025&ngay=31/12/9999"])  # fmt: skip
def test_the_figures_page_refuses_a_far_year_with_a_message(client_as, query):
    response = client_as("vanphong").get(reverse("tasks:stats") + "?giao=lang-son&" + query)
    assert response.status_code == 200
    assert OUTSIDE in response.content.decode()
