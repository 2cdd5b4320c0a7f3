"""Text that no stored text may hold, or too long, is refused by the task pages and by the
services themselves, with a Vietnamese message under the field or parameter that holds it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.core.dates import format_date, today
from dondoc.core.text import CELL_LIMIT, EVENT_TEXT_LIMIT
from dondoc.documents.models import Document
from dondoc.documents.services import document_create
from dondoc.organisations.models import Unit
from dondoc.tasks import services
from dondoc.tasks.models import Task, TaskEvent

pytestmark = pytest.mark.django_db
BAD = "Kiểm tra\x01 tiến độ"  # U+0001 at the 9th character
MESSAGE = "Có ký tự không hợp lệ (mã U+0001, ở ký tự thứ 9): hãy xóa ký tự đó."


def assign(office: User, **changes: object) -> Task:
    arguments: dict = {
        "title": "Rà soát dự toán",
        "assigner": Unit.objects.get(code="lang-son"),
        "lead_unit": Unit.objects.get(code="so-tai-chinh"),
        "assigned_on": today() - dt.timedelta(days=10),
        "actor": office,
    }
    return services.task_assign(**{**arguments, **changes})


def test_the_task_page_refuses_a_control_character_in_the_title_in_vietnamese(client_as):
    tasks = Task.objects.count()
    response = client_as("vanphong").post(
        reverse("tasks:create"),
        {
            "title": BAD,
            "lead_unit": Unit.objects.get(code="so-tai-chinh").pk,
            "assigned_on": format_date(today()),
            "assigned_by": "chairman",
            "source": "directive",
            "field": "economy",
            "urgency": "normal",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and MESSAGE in page
    assert "Null characters" not in page and Task.objects.count() == tasks


def test_a_progress_report_with_a_nul_byte_is_refused_on_its_page(client_as, office):
    task = assign(office)
    response = client_as("sotaichinh").post(
        reverse("tasks:action", args=[task.pk, "tien-do"]),
        {"version": task.version, "text": "Đã xong\x00 phần lớn"},
    )
    assert "mã U+0000, ở ký tự thứ 8" in response.content.decode()
    assert task.events.count() == 1


@pytest.mark.parametrize("name", ["title", "note", "external_code", "assigned_by_name"])
def test_assigning_a_task_directly_refuses_control_characters_in_every_text(office, name):
    with pytest.raises(ValidationError) as error:
        assign(office, **{name: BAD})
    assert error.value.message_dict[name] == [MESSAGE]


def test_a_title_that_fits_a_spreadsheet_cell_is_taken_and_a_longer_one_refused(office):
    assert len(assign(office, title="x" * CELL_LIMIT).title) == CELL_LIMIT
    with pytest.raises(ValidationError) as error:
        assign(office, title="x" * (CELL_LIMIT + 1))
    assert error.value.message_dict["title"] == ["Dài quá 32.767 ký tự (hiện có 32.768 ký tự)."]


@pytest.mark.parametrize(
    ("change", "name"),
    [
        (services.ReportProgress(text=BAD), "text"),
        (services.ReportProgress(text="x" * (EVENT_TEXT_LIMIT + 1)), "text"),
        (
            services.RequestExtension(new_deadline=today() + dt.timedelta(days=60), reason=BAD),
            "reason",
        ),
        (services.ReportCompletion(result=BAD), "result"),
        (services.ReportCompletion(result="Xong", result_document=BAD), "result_document"),
        (services.ReportCompletion(result="Xong", result_document="x" * 201), "result_document"),
    ],
)
def test_recording_an_action_directly_refuses_bad_text_under_its_parameter(
    office, head, change, name
):
    task = assign(office, deadline=today() + dt.timedelta(days=30))
    with pytest.raises(ValidationError) as error:
        services.record(change, task=task, actor=head)
    assert list(error.value.message_dict) == [name]
    assert task.events.count() == 1


def test_a_details_correction_refuses_a_nul_byte_in_the_new_note(office):
    task = assign(office)
    change = services.CorrectDetails(changes={"note": "ghi\x00chú"}, reason="Sửa ghi chú")
    with pytest.raises(ValidationError) as error:
        services.record(change, task=task, actor=office)
    assert "mã U+0000" in error.value.message_dict["note"][0]
    assert not TaskEvent.objects.filter(task=task, kind="details_corrected").exists()


def test_recording_a_document_directly_refuses_control_characters(office):
    with pytest.raises(ValidationError) as error:
        document_create(
            issuer=Unit.objects.get(code="lang-son"),
            number="998/TB\x1b",
            issued_on=today(),
            kind="conclusion_notice",
            summary=BAD,
            actor=office,
        )
    assert error.value.message_dict["summary"] == [MESSAGE]
    assert "mã U+001B" in error.value.message_dict["number"][0]
    assert not Document.objects.filter(number__startswith="998/TB").exists()


def test_the_document_page_refuses_a_control_character_in_vietnamese(client_as):
    response = client_as("vanphong").post(
        reverse("documents:create"),
        {
            "number": "999/TB-KT",
            "issued_on": format_date(today()),
            "kind": "conclusion_notice",
            "signer": "chairman",
            "summary": BAD,
        },
    )
    assert MESSAGE in response.content.decode()
    assert not Document.objects.filter(number="999/TB-KT").exists()


@pytest.mark.parametrize("url", ["tasks:list", "tasks:export"])
def test_a_search_with_a_nul_byte_is_explained_not_a_server_error(client_as, url):
    response = client_as("vanphong").get(reverse(url), {"q": "bao\x00cao"})
    assert response.status_code in (200, 400)
    assert "mã U+0000" in response.content.decode()


def test_the_unit_tree_searched_with_a_nul_byte_answers(client_as):
    assert client_as("vanphong").get(reverse("units:tree"), {"q": "lang\x00son"}).status_code == 200
