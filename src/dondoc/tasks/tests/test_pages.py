"""The task pages as a user meets them: record, act, decide, and watch the figures move."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dondoc.core.dates import today
from dondoc.documents.models import Document
from dondoc.organisations.models import Unit
from dondoc.tasks.figures import Figures
from dondoc.tasks.models import Status, Task
from dondoc.tasks.stats import StatsQuery, task_stats

pytestmark = pytest.mark.django_db


def dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def figures_for(unit_code: str) -> Figures:
    day = today()
    query = StatsQuery(
        assigner=Unit.objects.get(code="lang-son"),
        unit=Unit.objects.get(code=unit_code),
        start=dt.date(day.year, 1, 1),
        end=dt.date(day.year, 12, 31),
        as_of=day,
    )
    return task_stats(query)


def test_the_office_records_a_document_and_its_tasks_then_the_unit_and_office_finish_one(
    client_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    office, unit = client_as("vanphong"), client_as("sotaichinh")
    before = figures_for("so-tai-chinh")
    day = today()
    response = office.post(
        reverse("documents:create"),
        {
            "number": "77/TB-UBND",
            "issued_on": dmy(day),
            "kind": "conclusion_notice",
            "signer": "chairman",
            "summary": "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Tài chính",
        },
    )
    document = Document.objects.get(number="77/TB-UBND")
    assert response.status_code == 302 and f"van_ban={document.pk}" in response["Location"]
    create = reverse("tasks:create") + f"?van_ban={document.pk}"
    lead = Unit.objects.get(code="so-tai-chinh").pk
    bad = office.post(
        create,
        {
            "title": "Lập dự toán",
            "lead_unit": lead,
            "assigned_on": dmy(day),
            "deadline": dmy(day - dt.timedelta(days=1)),
            "assigned_by": "chairman",
            "source": "directive",
            "field": "economy",
            "urgency": "normal",
        },
    )
    assert "không được trước ngày giao" in bad.content.decode()
    assert not Task.objects.filter(document=document).exists()
    office.post(
        create,
        {
            "title": "Lập dự toán ngân sách bổ sung",
            "lead_unit": lead,
            "assigned_on": dmy(day),
            "deadline": dmy(day + dt.timedelta(days=20)),
            "assigned_by": "chairman",
            "source": "directive",
            "field": "economy",
            "urgency": "normal",
        },
    )
    task = Task.objects.get(document=document)
    assert figures_for("so-tai-chinh").period.open.within == before.period.open.within + 1

    # The unit sees it in its inbox, reports progress, asks for more time.
    assert task.title in unit.get(reverse("tasks:inbox")).content.decode()
    unit.post(
        reverse("tasks:action", args=[task.pk, "tien-do"]),
        {"version": task.version, "text": "Đã họp", "percent": 40},
    )
    task.refresh_from_db()
    unit.post(
        reverse("tasks:action", args=[task.pk, "de-nghi-gia-han"]),
        {
            "version": task.version,
            "deadline": dmy(day + dt.timedelta(days=40)),
            "text": "Chờ số liệu",
        },
    )
    # The office decides, the unit reports completion, the office confirms.
    assert task.title in office.get(reverse("tasks:queue")).content.decode()
    task.refresh_from_db()
    office.post(
        reverse("tasks:action", args=[task.pk, "quyet-dinh-gia-han"]),
        {"version": task.version, "decision": "approve"},
    )
    task.refresh_from_db()
    assert task.current_deadline == day + dt.timedelta(days=40)
    unit.post(
        reverse("tasks:action", args=[task.pk, "hoan-thanh"]),
        {"version": task.version, "effective_on": dmy(day), "text": "Đã trình"},
    )
    task.refresh_from_db()
    office.post(reverse("tasks:action", args=[task.pk, "xac-nhan"]), {"version": task.version})
    task.refresh_from_db()
    assert task.current_status == Status.COMPLETED
    after = figures_for("so-tai-chinh")
    assert after.period.completed.ahead == before.period.completed.ahead + 1
    assert after.period.open.within == before.period.open.within
    page = office.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    for label in (
        "Giao nhiệm vụ",
        "Báo cáo tiến độ",
        "Đề nghị gia hạn",
        "Đồng ý gia hạn",
        "Xác nhận hoàn thành",
    ):
        assert label in page


def test_a_stale_form_is_refused_with_a_message_and_nothing_is_recorded(client_as):
    task = Task.objects.filter(
        current_lead_unit__code="so-tai-chinh",
        current_status=Status.OPEN,
        reported_on=None,
        extension_requested_on=None,
    ).first()
    assert task is not None
    unit = client_as("sotaichinh")
    stale = task.version
    unit.post(
        reverse("tasks:action", args=[task.pk, "tien-do"]),
        {"version": stale, "text": "Lần 1", "percent": 10},
    )
    response = unit.post(
        reverse("tasks:action", args=[task.pk, "tien-do"]),
        {"version": stale, "text": "Lần 2", "percent": 20},
    )
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert task.events.filter(text="Lần 2").count() == 0


def test_a_late_completion_without_reason_is_explained_per_field(client_as):
    task = Task.objects.filter(
        current_lead_unit__code="so-tai-chinh",
        current_status=Status.OPEN,
        reported_on=None,
        current_deadline__lt=today(),
    ).first()
    assert task is not None
    response = client_as("sotaichinh").post(
        reverse("tasks:action", args=[task.pk, "hoan-thanh"]),
        {"version": task.version, "effective_on": dmy(today()), "text": "Xong"},
    )
    assert "hãy nêu lý do chậm" in response.content.decode()
    assert Task.objects.get(pk=task.pk).reported_on is None


def test_the_stats_page_shows_the_seed_figures_with_links_to_the_tasks(client_as):
    client = client_as("tocongtac")
    page = client.get(
        reverse("tasks:stats"),
        {
            "giao": "lang-son",
            "don_vi": "cao-loc",
            "tu": "01/01/2020",
            "den": "30/06/2020",
            "ngay": "19/06/2020",
        },
    ).content.decode()
    late_link = re.search(r'href="([^"]*tk_nhom=period%3Alate)">(\d+)<', page.replace("&amp;", "&"))
    assert late_link is not None and late_link.group(2) == "5"
    listing = client.get(late_link.group(1)).content.decode()
    assert "5 nhiệm vụ" in listing


def test_the_list_filters_by_class_as_of_a_day_and_search_ignores_diacritics(client_as):
    client = client_as("vanphong")
    page = client.get(
        reverse("tasks:list"),
        {"chu_tri": "cao-loc", "ngay": "19/06/2020", "trang_thai": "within", "giao": "lang-son"},
    ).content.decode()
    assert "4 nhiệm vụ" in page
    found = client.get(reverse("tasks:list"), {"q": "giai ngan von dau tu cong"}).content.decode()
    assert "giải ngân vốn đầu tư công" in found


@pytest.mark.parametrize("url", ["tasks:list", "tasks:inbox", "tasks:queue"])
def test_list_pages_run_a_bounded_number_of_queries(client_as, url):
    client = client_as("vanphong")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url), {"trang_thai": "open"} if url == "tasks:list" else {})
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(url), {"trang_thai": "open", "trang": 2} if url == "tasks:list" else {})
    assert len(few) <= 15
    assert len(many) <= 15


def test_the_list_filters_by_coordinating_unit_and_an_unknown_code_is_explained(client_as):
    client = client_as("vanphong")
    page = client.get(
        reverse("tasks:list"),
        {
            "phoi_hop": "so-tai-chinh",
            "chu_tri": "cao-loc",
            "giao": "lang-son",
            "ngay": "19/06/2020",
            "trang_thai": "completed",
        },
    ).content.decode()
    # Of Cao Lộc's 2020 tasks, five have Sở Tài chính coordinating; three were done by 19/06/2020.
    assert "3 nhiệm vụ" in page
    bad = client.get(reverse("tasks:list"), {"chu_tri": "khong-co"}).content.decode()
    assert "Đơn vị chủ trì" in bad and "alert-danger" in bad


@pytest.mark.parametrize(
    ("user", "status"), [("caoloc", 404), ("trangdinh", 404), ("tocongtac", 403), ("dongdang", 403)]
)
def test_posting_an_action_on_a_task_one_may_not_change_records_nothing(client_as, user, status):
    task = Task.objects.filter(
        current_lead_unit__code="xa-dong-dang", current_status=Status.OPEN
    ).first()
    assert task is not None
    events = task.events.count()
    response = client_as(user).post(
        reverse("tasks:action", args=[task.pk, "huy"]), {"version": task.version, "text": "x"}
    )
    assert response.status_code == status
    assert task.events.count() == events


def test_a_figures_link_lists_its_tasks_with_their_status_on_the_figures_day(client_as):
    client = client_as("vanphong")
    page = client.get(
        reverse("tasks:list"),
        {
            "tk_giao": "lang-son",
            "tk_don_vi": "cao-loc",
            "tk_tu": "01/01/2020",
            "tk_den": "30/06/2020",
            "tk_ngay": "19/06/2020",
            "tk_nhom": "period:within",
        },
    )
    text = page.content.decode()
    assert "4 nhiệm vụ; tình trạng tính đến ngày 19/06/2020" in text
    assert text.count('">Trong hạn</span>') == 4


def test_the_list_on_a_past_day_leaves_out_tasks_not_yet_assigned(client_as):
    page = client_as("vanphong").get(reverse("tasks:list"), {"ngay": "05/01/2020"}).content.decode()
    assert "0 nhiệm vụ" in page


def test_an_unknown_status_or_unit_is_explained_and_lists_nothing(client_as):
    page = (
        client_as("vanphong").get(reverse("tasks:list"), {"trang_thai": "bogus"}).content.decode()
    )
    assert "Tình trạng “bogus” không có trong danh sách." in page and "0 nhiệm vụ" in page


def test_a_unit_that_has_ended_cannot_record_new_documents_and_is_told_why_in_vietnamese(client_as):
    response = client_as("caoloc").get(reverse("documents:create"))
    assert response.status_code == 403
    assert "Bạn không có quyền nhập văn bản giao nhiệm vụ." in response.content.decode()


def test_only_actions_that_make_sense_now_are_offered(client_as):
    done = Task.objects.filter(
        current_lead_unit__code="so-tai-chinh", current_status=Status.COMPLETED
    ).first()
    assert done is not None
    page = client_as("sotaichinh").get(reverse("tasks:detail", args=[done.pk])).content.decode()
    assert "Báo cáo hoàn thành</a>" not in page and "Đề nghị gia hạn</a>" not in page
    assert (
        "Giao tiếp cho đơn vị trực thuộc" not in page
    )  # Sở Tài chính has no sub-units in the demo
    office_page = (
        client_as("vanphong").get(reverse("tasks:detail", args=[done.pk])).content.decode()
    )
    assert (
        "Trả lại báo cáo hoàn thành</a>" in office_page
        and "Xác nhận hoàn thành</a>" not in office_page
    )
