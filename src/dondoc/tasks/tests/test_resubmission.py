"""A form sent twice (the browser's back button, then send again; a double click) is recorded once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from dondoc.core.dates import today
from dondoc.documents.models import Document
from dondoc.organisations.models import Unit
from dondoc.tasks.models import Task, TaskEvent
from dondoc.tasks.rules import Kind

pytestmark = pytest.mark.django_db


def key_of(page: str) -> str:
    """The one-time key the form was drawn with."""
    match = re.search(r'name="submission" value="([0-9a-f]+)"', page)
    assert match, "the form carries no submission key"
    return match.group(1)


def task_form(client: Client, title: str, key: str) -> dict[str, object]:
    return {
        "title": title,
        "lead_unit": Unit.objects.get(code="so-tai-chinh").pk,
        "assigned_on": today().strftime("%d/%m/%Y"),
        "deadline": (today() + dt.timedelta(days=30)).strftime("%d/%m/%Y"),
        "assigned_by": "committee",
        "source": "directive",
        "field": "economy",
        "urgency": "normal",
        "submission": key,
    }


def test_the_task_form_sent_twice_records_one_task_and_shows_it(client_as):
    office = client_as("vanphong")
    key = key_of(office.get(reverse("tasks:create")).content.decode())
    title = "Rà soát các dự án chậm giải ngân vốn đầu tư công"
    first = office.post(reverse("tasks:create"), task_form(office, title, key))
    task = Task.objects.get(title=title)
    again = office.post(reverse("tasks:create"), task_form(office, title, key))
    assert Task.objects.filter(title=title).count() == 1
    assert first["Location"] == again["Location"] == reverse("tasks:detail", args=[task.pk])
    shown = [str(m) for m in get_messages(again.wsgi_request)]
    assert any("đã được giao trước đó" in m for m in shown)
    # A fresh form (a new key) is a new sending: with the user's word that it is another task
    # (see below), it records a second one.
    fresh = key_of(office.get(reverse("tasks:create")).content.decode())
    assert fresh != key
    office.post(
        reverse("tasks:create"), {**task_form(office, title, fresh), "allow_duplicate": "on"}
    )
    assert Task.objects.filter(title=title).count() == 2


def test_a_form_refused_for_its_errors_can_be_corrected_and_sent_with_the_same_key(client_as):
    office = client_as("vanphong")
    key = key_of(office.get(reverse("tasks:create")).content.decode())
    wrong = {**task_form(office, "Báo cáo tình hình", key), "deadline": "01/01/2000"}
    page = office.post(reverse("tasks:create"), wrong).content.decode()
    assert "không được trước ngày giao" in page and key_of(page) == key
    office.post(reverse("tasks:create"), task_form(office, "Báo cáo tình hình", key))
    assert Task.objects.filter(title="Báo cáo tình hình").count() == 1


def test_a_progress_report_sent_twice_is_one_event(client_as):
    task = Task.objects.filter(current_lead_unit__code="so-tai-chinh", current_status="open")[0]
    unit = client_as("sotaichinh")
    url = reverse("tasks:action", args=[task.pk, "tien-do"])
    key = key_of(unit.get(url).content.decode())
    data = {
        "version": task.version,
        "text": "Đã hoàn thành dự thảo",
        "percent": 60,
        "submission": key,
    }
    first, again = unit.post(url, data), unit.post(url, data)
    assert first.status_code == again.status_code == 302
    assert TaskEvent.objects.filter(task=task, kind=Kind.PROGRESS, text="Đã hoàn thành dự thảo").count() == 1  # fmt: skip
    shown = [str(m) for m in get_messages(again.wsgi_request)]
    assert any("đã được gửi và ghi nhận trước đó" in m for m in shown)


def test_another_users_key_is_not_theirs(client_as):
    """A key names a sending of one user: the same key from another user is a sending of theirs."""
    task = Task.objects.filter(current_lead_unit__code="so-tai-chinh", current_status="open")[0]
    url = reverse("tasks:action", args=[task.pk, "tien-do"])
    data = {"version": task.version, "text": "Góp ý", "submission": "k" * 32}
    client_as("sotaichinh").post(url, data)
    task.refresh_from_db()
    task.coordinating_units.add(Unit.objects.get(code="xa-dong-dang"))
    client_as("dongdang").post(url, {**data, "version": task.version})
    assert TaskEvent.objects.filter(task=task, text="Góp ý").count() == 2


def test_the_document_form_sent_twice_records_one_document(client_as):
    office = client_as("vanphong")
    key = key_of(office.get(reverse("documents:create")).content.decode())
    data = {
        "number": "501/TB-UBND",
        "issued_on": today().strftime("%d/%m/%Y"),
        "kind": "conclusion_notice",
        "signer": "chairman",
        "summary": "Kết luận buổi làm việc",
        "submission": key,
    }
    office.post(reverse("documents:create"), data)
    again = office.post(reverse("documents:create"), data)
    document = Document.objects.get(number="501/TB-UBND")
    assert again["Location"] == reverse("documents:detail", args=[document.pk])


def test_the_task_form_drawn_again_and_sent_with_the_same_words_asks_before_a_second_task(
    client_as,
):
    """The browser's Back may draw the form afresh, with a new key: the same words for the same
    unit on the same day are then taken for the same task unless the user says otherwise."""
    office = client_as("vanphong")
    title = "Kiểm tra tiến độ xây dựng trường học"
    first = key_of(office.get(reverse("tasks:create")).content.decode())
    office.post(reverse("tasks:create"), task_form(office, title, first))
    again = key_of(office.get(reverse("tasks:create")).content.decode())
    page = office.post(reverse("tasks:create"), {**task_form(office, title, again), "deadline": ""})
    text = page.content.decode()
    assert page.status_code == 200 and Task.objects.filter(title=title).count() == 1
    assert "Đã có nhiệm vụ cùng nội dung giao cho Sở Tài chính" in text
    assert 'type="checkbox" name="allow_duplicate"' in text
    office.post(
        reverse("tasks:create"), {**task_form(office, title, again), "allow_duplicate": "on"}
    )
    assert Task.objects.filter(title=title).count() == 2


def test_a_progress_report_drawn_again_and_sent_with_the_same_words_is_one_event(client_as):
    task = Task.objects.filter(current_lead_unit__code="so-tai-chinh", current_status="open")[0]
    unit = client_as("sotaichinh")
    url = reverse("tasks:action", args=[task.pk, "tien-do"])
    for _sending in range(2):
        page = unit.get(url).content.decode()
        task.refresh_from_db()
        data = {"version": task.version, "text": "Báo cáo lần 3", "submission": key_of(page)}
        response = unit.post(url, data)
        assert response.status_code == 302
    assert TaskEvent.objects.filter(task=task, text="Báo cáo lần 3").count() == 1


def test_hidden_fields_have_no_label_and_choices_are_visible_radio_buttons(client_as):
    office = client_as("vanphong")
    page = office.get(reverse("tasks:create")).content.decode()
    assert "Submission" not in page and ">submission<" not in page.lower()
    task = Task.objects.filter(extension_requested_on__isnull=False, assigner__code="lang-son")[0]
    decision = office.get(reverse("tasks:action", args=[task.pk, "quyet-dinh-gia-han"]))
    text = decision.content.decode()
    assert text.count('class="form-check-input"') == 2
    assert '<label class="form-check-label" for="id_decision_0">Đồng ý gia hạn</label>' in text
