"""Forms that show what they decide: a deadline on a day off is kept and named, the document's
signer is the task's assigning person unless changed, a "from" day after a "to" day is said on
the field, a date field names itself when it is not a date, lists page with numbers and a size."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from dondoc.core.dates import format_date, today
from dondoc.documents.models import Document, DocumentKind, Signer
from dondoc.organisations.models import Unit
from dondoc.tasks.access import assigner_units
from dondoc.tasks.forms import TaskForm
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db


def next_weekday(weekday: int, start: dt.date | None = None) -> dt.date:
    day = (start or today()) + dt.timedelta(days=1)
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return day


def office_committee() -> Unit:
    from dondoc.accounts.models import User

    return assigner_units(User.objects.get(username="vanphong"))[0]


def document(**fields) -> Document:
    values = {
        "number": "86/TB-UBND",
        "issued_on": today() - dt.timedelta(days=3),
        "kind": DocumentKind.CONCLUSION_NOTICE,
        "issuer": office_committee(),
        "signer": Signer.VICE_CHAIRMAN,
        "signer_name": "Nguyễn Văn An",
        "summary": "Kết luận của Phó Chủ tịch",
        **fields,
    }
    return Document.objects.create(**values)


def task_data(**fields) -> dict[str, str]:
    return {
        "title": "Rà soát danh mục dự án đầu tư công",
        "lead_unit": str(Unit.objects.get(code="so-tai-chinh").pk),
        "assigned_on": format_date(today()),
        "assigned_by": "chairman",
        "source": "directive",
        "field": "economy",
        "urgency": "normal",
        **fields,
    }


# ---- the document's signer --------------------------------------------------------------------


def test_a_task_from_a_document_is_assigned_by_its_signer_on_its_day_by_default(client_as):
    doc = document()
    page = client_as("vanphong").get(reverse("tasks:create"), {"van_ban": doc.pk})
    form = page.context["form"]
    assert form["assigned_by"].value() == Signer.VICE_CHAIRMAN
    assert form["assigned_by_name"].value() == "Nguyễn Văn An"
    assert form["assigned_on"].value() == doc.issued_on
    html = page.content.decode()
    assert f"Theo văn bản 86/TB-UBND ngày {format_date(doc.issued_on)}, do Phó Chủ tịch Nguyễn Văn An ký." in html  # fmt: skip
    assert 'value="Nguyễn Văn An"' in html


def test_the_signer_is_recorded_on_the_task_and_can_be_changed(client_as):
    doc = document()
    url = reverse("tasks:create") + f"?van_ban={doc.pk}"
    client_as("vanphong").post(url, task_data(assigned_by="vice_chairman", assigned_by_name="Nguyễn Văn An"))  # fmt: skip
    task = Task.objects.get(document=doc)
    assert (task.assigned_by, task.assigned_by_name) == (Signer.VICE_CHAIRMAN, "Nguyễn Văn An")
    client_as("vanphong").post(url, task_data(title="Việc khác", assigned_by_name="Trần Thị Bình"))  # fmt: skip
    other = Task.objects.get(document=doc, title="Việc khác")
    assert (other.assigned_by, other.assigned_by_name) == (Signer.CHAIRMAN, "Trần Thị Bình")


def test_without_a_document_the_form_keeps_its_own_defaults():
    form = TaskForm(assigner=office_committee())
    assert form["assigned_on"].value() == today() and not form["assigned_by_name"].value()


# ---- a deadline on a day off ------------------------------------------------------------------


def test_a_deadline_on_a_saturday_is_kept_and_named_after_saving_and_on_the_task(client_as):
    saturday = next_weekday(5)
    office = client_as("vanphong")
    response = office.post(reverse("tasks:create"), task_data(deadline=format_date(saturday)))
    assert response.status_code == 302
    task = Task.objects.get(title="Rà soát danh mục dự án đầu tư công", deadline=saturday)
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(f"Hạn xử lý {format_date(saturday)} là ngày nghỉ (Thứ Bảy)" in n for n in notes)
    page = office.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "ngày nghỉ: Thứ Bảy" in page


def test_a_deadline_on_a_working_day_has_no_note(client_as):
    monday = next_weekday(0, today() + dt.timedelta(days=7))
    office = client_as("vanphong")
    response = office.post(reverse("tasks:create"), task_data(deadline=format_date(monday)))
    assert response.status_code == 302
    assert not any("ngày nghỉ" in str(m) for m in get_messages(response.wsgi_request))
    task = Task.objects.get(deadline=monday, title="Rà soát danh mục dự án đầu tư công")
    assert "ngày nghỉ:" not in office.get(reverse("tasks:detail", args=[task.pk])).content.decode()


def test_the_form_drawn_again_names_the_day_off_of_its_deadline(client_as):
    sunday = next_weekday(6)
    page = client_as("vanphong").post(
        reverse("tasks:create"), task_data(title="", deadline=format_date(sunday))
    )
    html = page.content.decode()
    assert "Hãy nhập nội dung nhiệm vụ." in html
    assert f"Hạn xử lý {format_date(sunday)} là ngày nghỉ (Chủ nhật)" in html


# ---- "from" after "to" ------------------------------------------------------------------------


def test_a_deadline_range_backwards_is_said_on_the_list(client_as):
    page = client_as("vanphong").get(
        reverse("tasks:list"), {"han_tu": "31/12/2025", "han_den": "01/01/2025"}
    )
    assert page.status_code == 200
    assert (
        "Hạn đến ngày (01/01/2025) phải sau hoặc bằng hạn từ ngày (31/12/2025)"
        in page.content.decode()
    )
    assert page.context["rows"] == []


def test_a_figures_period_backwards_is_said_on_its_end(client_as):
    page = client_as("vanphong").get(
        reverse("tasks:stats"), {"giao": "lang-son", "tu": "31/12/2025", "den": "01/01/2025"}
    )
    assert "Đến ngày (01/01/2025) phải sau hoặc bằng từ ngày (31/12/2025)" in page.content.decode()


def test_the_same_day_at_both_ends_is_a_range(client_as):
    page = client_as("vanphong").get(
        reverse("tasks:list"), {"han_tu": "01/01/2025", "han_den": "01/01/2025"}
    )
    assert "phải sau hoặc bằng" not in page.content.decode()


# ---- date fields ------------------------------------------------------------------------------


def test_a_date_field_is_a_text_box_with_a_calendar_button(client_as):
    html = client_as("vanphong").get(reverse("tasks:create")).content.decode()
    box = re.search(r'<div class="input-group day-input" data-day-input>(.*?)</div>', html, re.S)
    assert box is not None
    assert 'name="deadline"' in html and 'placeholder="dd/mm/yyyy"' in box.group(1)
    assert "data-day-picker hidden" in box.group(1)  # shown by the script only
    assert 'type="date"' in box.group(1) and "data-day-native" in box.group(1)


def test_the_list_day_is_a_date_field_too(client_as):
    html = client_as("vanphong").get(reverse("tasks:list"), {"ngay": "19/06/2020"}).content.decode()
    assert re.search(r'data-day-input><input [^>]*name="ngay"[^>]*value="19/06/2020"', html)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "19/06/20",
            "Ngày ban hành phải theo dạng dd/mm/yyyy, ví dụ 19/06/2020 (đã nhập “19/06/20”).",
        ),
        ("31/02/2020", "Ngày ban hành: ngày 31/02/2020 không tồn tại."),
        ("", "Hãy nhập ngày ban hành."),
    ],
)
def test_a_date_that_is_not_one_is_explained_naming_the_field(client_as, typed, message):
    page = client_as("vanphong").post(
        reverse("documents:create"),
        {
            "number": "1/TB",
            "issued_on": typed,
            "kind": "decision",
            "signer": "chairman",
            "summary": "x",
        },
    )
    assert message in page.content.decode()


def test_a_date_is_taken_as_typed_dd_mm_yyyy(client_as):
    client_as("vanphong").post(
        reverse("documents:create"),
        {
            "number": "2/TB",
            "issued_on": "9/6/2020",
            "kind": "decision",
            "signer": "chairman",
            "summary": "x",
        },
    )
    assert Document.objects.get(number="2/TB").issued_on == dt.date(2020, 6, 9)


# ---- pages ------------------------------------------------------------------------------------


def test_the_task_list_has_numbered_pages_and_a_page_size(client_as):
    page = client_as("vanphong").get(reverse("tasks:list"), {"so_dong": "20", "trang": "2"})
    html = page.content.decode()
    paging = page.context["paging"]
    assert len(page.context["rows"]) == 20 and paging.page.number == 2
    last = paging.page.paginator.num_pages
    assert last > 3
    assert f"Trang 2/{last} · {paging.page.paginator.count} dòng" in html
    assert 'href="?so_dong=20&amp;trang=1"' in html  # first and previous
    assert f'href="?so_dong=20&amp;trang={last}"' in html  # last
    assert 'href="?so_dong=20&amp;trang=3"' in html
    assert '<option value="20" selected>' in html


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"trang": "abc"}, "Số trang “abc” không hợp lệ"),
        ({"trang": "100000"}, "Không có trang 100000"),
        ({"so_dong": "7"}, "Số dòng mỗi trang “7” không có"),
    ],
)
def test_a_bad_page_or_size_is_explained_on_the_list(client_as, params, note):
    page = client_as("vanphong").get(reverse("tasks:list"), params)
    assert page.status_code == 200 and note in page.content.decode()
    assert page.context["rows"]


def test_the_import_history_pages_too(client_as):
    page = client_as("vanphong").get(reverse("registers:import"), {"so_dong": "x", "trang": "9"})
    assert page.status_code == 200
    assert page.context["history"].size == 20


def test_the_extension_decision_says_what_was_decided(client_as):
    from dondoc.tasks import services

    office, unit = client_as("vanphong"), client_as("sotaichinh")
    finance = Unit.objects.get(code="so-tai-chinh")
    shown = []
    for decision in ("approve", "refuse"):
        task = services.task_assign(
            title=f"Gia hạn: {decision}", assigner=office_committee(), lead_unit=finance,
            assigned_on=today(), deadline=today() + dt.timedelta(days=10), actor=None,
        )  # fmt: skip
        asked = today() + dt.timedelta(days=40)
        unit.post(
            reverse("tasks:action", args=[task.pk, "de-nghi-gia-han"]),
            {"version": task.version, "deadline": format_date(asked), "text": "Chờ số liệu"},
        )
        task.refresh_from_db()
        page = office.post(
            reverse("tasks:action", args=[task.pk, "quyet-dinh-gia-han"]),
            # A refusal ignores the new-deadline box, even holding a day that does not exist.
            {"version": task.version, "decision": decision, "text": "Không đủ căn cứ"}
            | ({"deadline": "31/02/2026"} if decision == "refuse" else {}),
            follow=True,
        )
        shown.append([str(m) for m in get_messages(page.wsgi_request)])
    # (a warning may follow when the new deadline falls on a day off)
    assert shown[0][0] == f"Đã đồng ý gia hạn: hạn xử lý mới là ngày {format_date(asked)}."
    assert shown[1][0] == "Đã ghi nhận: không đồng ý gia hạn; hạn xử lý giữ nguyên."
