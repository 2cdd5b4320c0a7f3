"""One listing behind every door: the list page, its export (.xlsx and .csv) and the selector called
directly give the same tasks, in the same order, for the same parameters."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dondoc.accounts.models import User
from dondoc.tasks.access import visible_tasks
from dondoc.tasks.listing import task_listing
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db
Login = Callable[[str | None], Client]

CAO_LOC_REPORT = {
    "tk_giao": "lang-son",
    "tk_don_vi": "cao-loc",
    "tk_tu": "01/01/2020",
    "tk_den": "30/06/2020",
    "tk_ngay": "19/06/2020",
}
PARAMETER_SETS = [
    pytest.param({"trang_thai": "overdue", "ngay": "19/06/2020"}, id="status-on-a-day"),
    pytest.param({"trang_thai": "late", "ngay": "31/12/2020", "sap_xep": "han"}, id="sorted"),
    pytest.param({**CAO_LOC_REPORT, "tk_nhom": "period:late"}, id="figure"),
    pytest.param({**CAO_LOC_REPORT, "tk_nhom": "report:all"}, id="whole-report"),
    pytest.param({"q": "ngan sach"}, id="search"),
    pytest.param({"chu_tri": "cao-loc", "ngay": "30/06/2020"}, id="unit"),
]


def _listed_on_the_page(client: Client, params: dict[str, str]) -> list[int]:
    """The ids of the tasks the list page shows, every page of it, in order."""
    ids: list[int] = []
    number = 1
    while True:
        response = client.get(reverse("tasks:list"), {**params, "trang": str(number)})
        assert response.status_code == 200 and not response.context["errors"]
        page = response.context["page"]
        ids += [task.pk for task, _standing in response.context["rows"]]
        if not page.has_next():
            return ids
        number += 1


def _codes_exported(client: Client, params: dict[str, str], kind: str) -> list[str]:
    response = client.get(reverse("tasks:export"), {**params, "dinh_dang": kind})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    if kind == "csv":
        rows: list[Any] = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(content), read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][0] == "Mã"
    return [row[0] for row in rows[1:]]


@pytest.mark.parametrize("params", PARAMETER_SETS)
def test_the_page_the_export_and_the_selector_give_the_same_tasks(
    client_as: Login, params: dict[str, str]
):
    client = client_as("vanphong")
    on_the_page = _listed_on_the_page(client, params)
    assert on_the_page, "an empty list would compare nothing"

    user = User.objects.get(username="vanphong")
    listed = task_listing(user=user, params=params)
    assert not listed.errors
    assert list(listed.tasks.values_list("pk", flat=True)) == on_the_page

    codes = dict(Task.objects.filter(pk__in=on_the_page).values_list("pk", "external_code"))
    expected = [codes[pk] for pk in on_the_page]
    assert all(expected) and len(set(expected)) == len(expected)  # the codes name the tasks
    assert _codes_exported(client, params, "csv") == expected
    assert _codes_exported(client, params, "xlsx") == expected


def test_the_selector_reads_only_the_tasks_the_user_may_see():
    user = User.objects.get(username="trangdinh")
    listed = task_listing(user=user, params={"q": "ngan sach"})
    ids = set(listed.tasks.values_list("pk", flat=True))
    assert ids and ids <= set(visible_tasks(user).values_list("pk", flat=True))
    assert not listed.tasks.filter(current_lead_unit__code__startswith="cao-loc").exists()


def test_the_selector_names_every_wrong_parameter_in_vietnamese_and_lists_nothing():
    user = User.objects.get(username="vanphong")
    listed = task_listing(
        user=user,
        params={"trang_thai": "khong-co", "ngay": "31/02/2020", "tk_giao": "lang-son"},
    )
    assert not listed.tasks.exists()
    assert any("Tình trạng “khong-co”" in error for error in listed.errors)
    assert any(error.startswith("Tại ngày") for error in listed.errors)
    assert "Hãy nhập từ ngày." in listed.errors  # the figure lacks it


def test_tasks_without_a_deadline_come_last_in_either_order_of_deadlines():
    office = User.objects.get(username="vanphong")
    for sort in ("han", "-han"):
        listed = task_listing(user=office, params={"trang_thai": "open", "sap_xep": sort})
        deadlines = [t.current_deadline for t in listed.tasks]
        dated = [d for d in deadlines if d is not None]
        assert None in deadlines and dated, sort
        assert deadlines == dated + [None] * (len(deadlines) - len(dated)), sort
        assert dated == sorted(dated, reverse=sort.startswith("-")), sort


def test_a_wrong_day_on_the_unit_tree_is_said_on_the_part_htmx_redraws(client_as):
    page = (
        client_as("vanphong")
        .get("/don-vi/", {"ngay": "32/13/2025"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "alert-danger" in page and "32/13/2025" in page
