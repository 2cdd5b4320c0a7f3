"""The task list page stays cheap to serve: a fixed number of queries whatever the page shows,
rows drawn without a query each, the units the filters suggest loaded apart from the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.organisations.access import visible_units
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db

# session, user, the user's unit, the committee it belongs to (the scope), the count of the
# filtered tasks, the page of tasks with their assigner, lead unit and document, their events.
LIST_QUERIES = 7


@pytest.mark.parametrize(
    "params",
    [
        {"trang_thai": "overdue", "ngay": "30/09/2025"},
        {"trang": "2"},
        {"trang_thai": "completed", "sap_xep": "han", "q": "ngan sach"},
    ],
)
def test_the_list_page_runs_a_fixed_number_of_queries(client_as, django_assert_num_queries, params):
    client = client_as("vanphong")
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("tasks:list"), params)
    assert response.status_code == 200 and response.context["rows"]


def test_a_unit_filter_adds_only_the_query_that_reads_the_unit(
    client_as, django_assert_num_queries
):
    client = client_as("vanphong")
    with django_assert_num_queries(LIST_QUERIES + 1):
        client.get(reverse("tasks:list"), {"trang_thai": "open", "chu_tri": "so-tai-chinh"})


def test_each_row_links_to_its_task_and_shows_what_the_list_shows(client_as):
    page = client_as("vanphong").get(reverse("tasks:list"), {"q": "giai ngan von dau tu cong"})
    html = page.content.decode()
    rows = page.context["rows"]
    assert rows
    for task, _class in rows:
        assert f'href="{reverse("tasks:detail", args=[task.pk])}"' in html
    task = Task.objects.select_related("document", "assigner").get(pk=rows[0][0].pk)
    assert task.current_lead_unit.short_name in html
    if task.document:
        assert f"{task.document.number} · {task.assigner.short_name}" in html


def test_a_long_title_is_cut_as_before_and_text_is_escaped(client_as):
    task = Task.objects.filter(assigned_on__lte=today()).order_by("-assigned_on", "-id").first()
    assert task is not None
    Task.objects.filter(pk=task.pk).update(title="<b>Đôn đốc</b> " + "x" * 200)
    html = client_as("vanphong").get(reverse("tasks:list")).content.decode()
    assert "&lt;b&gt;Đôn đốc&lt;/b&gt; " + "x" * 124 + "…</a>" in html


def test_the_unit_suggestions_are_loaded_apart_and_hold_the_visible_units_of_the_day(client_as):
    page = client_as("canbo.caoloc").get(reverse("tasks:list")).content.decode()
    assert re.search(r'<datalist id="unit-codes" hx-get="/nhiem-vu/ma-don-vi/\?ngay=[\d/]+"', page)
    assert '<option value="cao-loc">' not in page
    codes = client_as("canbo.caoloc").get(reverse("tasks:unit_codes"), {"ngay": "01/01/2024"})
    assert "private" in codes["Cache-Control"]
    listed = re.findall(r'<option value="([^"]+)">', codes.content.decode())
    user = User.objects.get(username="canbo.caoloc")
    expected = visible_units(user).valid_on(dt.date(2024, 1, 1)).values_list("code", flat=True)
    assert "cao-loc" in listed and "trang-dinh" not in listed and listed == list(expected)
    # The districts ended on 30/06/2025: on a later day Cao Lộc is not suggested.
    later = client_as("vanphong").get(reverse("tasks:unit_codes"), {"ngay": "01/07/2025"})
    assert '<option value="cao-loc">' not in later.content.decode()
