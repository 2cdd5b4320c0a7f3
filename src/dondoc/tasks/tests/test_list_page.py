"""The task list page stays cheap to serve: a fixed number of queries whatever the page shows,
rows drawn without a query each, the units the filters suggest loaded apart from the page."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.tasks import services
from dondoc.tasks.access import visible_tasks
from dondoc.tasks.models import Status, Task

pytestmark = pytest.mark.django_db

# session, user, the data version (core/pagecache.py), the user's unit, the committee it belongs
# to (the scope), the count of the filtered tasks, the page of tasks with their assigner, lead unit
# and document, the spans that give their status on the day.
LIST_QUERIES = 8
CACHED_LIST_QUERIES = 4  # session, user, the data version, the user's unit (the menu shows it)


@pytest.mark.parametrize(
    "params",
    [
        {"trang_thai": "overdue", "ngay": "30/09/2025"},
        {"trang": "2"},
        {"trang_thai": "completed", "sap_xep": "han", "q": "ngan sach"},
        {"so_dong": "100", "trang": "3"},  # any page size: still one count and one page
        {"trang": "abc", "so_dong": "7"},  # a page and a size that cannot be: clamped, noted
    ],
)
def test_the_list_page_runs_a_fixed_number_of_queries(client_as, django_assert_num_queries, params):
    client = client_as("vanphong")
    # A search: on SQLite the FTS table is first asked how many tasks hold its words; then the
    # first page, read with one row more, holds every match here, so it is not counted apart
    # (tasks/search.py, SearchPaginator).
    search = "q" in params
    probe = 1 if search and connection.vendor == "sqlite" else 0
    with django_assert_num_queries(LIST_QUERIES + probe - search):
        response = client.get(reverse("tasks:list"), params)
    assert response.status_code == 200 and response.context["rows"]


def test_a_unit_filter_adds_only_the_queries_that_read_the_unit_and_the_tasks_it_led(
    client_as, django_assert_num_queries
):
    client = client_as("vanphong")
    # The unit, then the ids of the tasks it led on the list's day (filters.lead_within).
    with django_assert_num_queries(LIST_QUERIES + 2):
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


ROW_LINK = re.compile(r'<a href="/nhiem-vu/(\d+)/">')


def test_the_list_body_is_kept_until_a_change_is_committed(
    client_as, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client = client_as("vanphong")
    params = {"trang_thai": "open", "ngay": today().strftime("%d/%m/%Y")}
    first = client.get(reverse("tasks:list"), params).content.decode()
    with django_assert_num_queries(CACHED_LIST_QUERIES):
        again = client.get(reverse("tasks:list"), params).content.decode()
    assert ROW_LINK.findall(again) == ROW_LINK.findall(first)
    shown = Task.objects.get(pk=ROW_LINK.findall(first)[0])
    assert shown.current_status == Status.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        services.record(
            services.Cancel(reason="Trùng nội dung"),
            task=shown,
            actor=User.objects.get(username="vanphong"),
        )
    after = client.get(reverse("tasks:list"), params).content.decode()
    assert str(shown.pk) not in ROW_LINK.findall(after)


def test_a_list_body_kept_for_one_user_is_never_shown_to_another(client_as):
    params = {"sap_xep": "han"}
    office = client_as("vanphong").get(reverse("tasks:list"), params).content.decode()
    district = client_as("canbo.caoloc").get(reverse("tasks:list"), params).content.decode()
    mine = {int(pk) for pk in ROW_LINK.findall(district)}
    visible = set(
        visible_tasks(User.objects.get(username="canbo.caoloc")).values_list("pk", flat=True)
    )
    assert mine and mine <= visible
    assert set(map(int, ROW_LINK.findall(office))) - visible  # the office's page held others


def test_the_filters_button_says_how_many_filters_are_in_use(client_as):
    client = client_as("vanphong")
    html = client.get(reverse("tasks:list"), {"q": "giai ngan", "trang_thai": "open"}).content
    assert re.search(r"Bộ lọc <span class=\"badge[^\"]*\">2</span>", html.decode())
    assert (
        'class="badge'
        not in client.get(reverse("tasks:list")).content.decode().split("Bộ lọc")[1][:40]
    )
