"""A leader's page (/bao-cao/lanh-dao/[<username>/]): what the chairman or a vice chairman
personally assigned, as the statistics service counts it with the filter by who assigned."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dondoc.core.text import fold
from dondoc.demo.people import OTHER_VICE_CHAIRMAN_NAME, VICE_CHAIRMAN_NAME
from dondoc.documents.models import Signer
from dondoc.organisations.models import Unit
from dondoc.reports.leader_views import committee_leaders
from dondoc.reports.selectors import late_tasks, leaders_figures
from dondoc.reports.tests.page_helpers import listed
from dondoc.reports.unit_views import LATE_SHOWN
from dondoc.tasks.models import Task
from dondoc.tasks.stats import StatsQuery, task_stats

pytestmark = pytest.mark.django_db

YEAR = "?ky=nam&nam=2024&ngay=31/12/2024"


def page(client, username: str | None = None, query: str = YEAR):
    kwargs = {"username": username} if username else {}
    return client.get(reverse("reports:leader", kwargs=kwargs) + query)


def query_2024(**filters) -> StatsQuery:
    province = Unit.objects.get(code="lang-son")
    day = dt.date(2024, 12, 31)
    return StatsQuery(province, dt.date(2024, 1, 1), day, day, **filters)


def values(response, block: str = "period") -> dict[str, int]:
    rows = response.context["shown"]["rows"]
    return {
        figure.key: (period if block == "period" else carried).value
        for figure, period, carried in rows
        if block == "period" or carried is not None
    }


def test_the_vice_chairmans_figures_are_the_statistics_of_his_named_tasks(client_as):
    response = page(client_as("phochutich"))
    assert response.status_code == 200
    expected = task_stats(
        query_2024(assigned_by=Signer.VICE_CHAIRMAN, assigned_by_name=VICE_CHAIRMAN_NAME)
    )
    shown = values(response)
    assert shown["all"] == expected.period.assigned > 0
    assert shown["completed"] == expected.period.completed.total
    assert shown["overdue"] == expected.period.open.overdue
    assert values(response, "carried_over")["all"] == expected.carried_over.assigned


def test_another_vice_chairmans_tasks_are_not_his(client_as):
    every_vice = task_stats(query_2024(assigned_by=Signer.VICE_CHAIRMAN)).period.assigned
    his = values(page(client_as("phochutich")))["all"]
    other = task_stats(
        query_2024(assigned_by=Signer.VICE_CHAIRMAN, assigned_by_name=OTHER_VICE_CHAIRMAN_NAME)
    ).period.assigned
    assert 0 < his < every_vice and other > 0 and his + other == every_vice


def test_the_name_is_compared_without_case_diacritics_or_spacing():
    written = task_stats(
        query_2024(assigned_by=Signer.VICE_CHAIRMAN, assigned_by_name=VICE_CHAIRMAN_NAME)
    )
    typed = task_stats(
        query_2024(
            assigned_by=Signer.VICE_CHAIRMAN,
            assigned_by_name="  pho chu tich UBND TINH  phu trach   kinh te ",
        )
    )
    assert typed == written and written.period.assigned > 0


def test_the_chairmans_figures_are_the_tasks_assigned_by_the_chairman(client_as):
    expected = task_stats(query_2024(assigned_by=Signer.CHAIRMAN))
    response = page(client_as("vanphong"), "chutich")
    assert values(response)["all"] == expected.period.assigned > 0
    assert "Chủ tịch UBND tỉnh đã giao" in response.content.decode()


def test_each_figure_links_to_exactly_the_leaders_tasks(client_as):
    response = page(client_as("phochutich"))
    for figure, period, _carried in response.context["shown"]["rows"]:
        if figure.key in ("all", "completed", "overdue", "cancelled"):
            codes = listed("phochutich", period.url)
            assert len(codes) == period.value, figure.key
            tasks = Task.objects.filter(external_code__in=codes)
            assert {t.assigned_by for t in tasks} <= {Signer.VICE_CHAIRMAN}
            assert {fold(t.assigned_by_name) for t in tasks} <= {fold(VICE_CHAIRMAN_NAME)}
    assert "tk_nguoi_giao=vice_chairman" in response.context["shown"]["rows"][0][1].url


def test_the_late_tasks_are_the_leaders(client_as):
    late = page(client_as("phochutich")).context["shown"]["late"]
    assert late
    assert {item.task.assigned_by_name for item in late} == {VICE_CHAIRMAN_NAME}


def test_dondoc_stats_takes_who_assigned():
    out = StringIO()
    call_command(
        "stats",
        *("--assigner", "lang-son", "--from", "2024-01-01", "--to", "2024-12-31"),
        *("--as-of", "2024-12-31", "--assigned-by", "vice_chairman"),
        *("--assigned-by-name", VICE_CHAIRMAN_NAME, "--format", "json"),
        stdout=out,
    )
    expected = task_stats(
        query_2024(assigned_by=Signer.VICE_CHAIRMAN, assigned_by_name=VICE_CHAIRMAN_NAME)
    )
    assert json.loads(out.getvalue()) == expected.as_json()


def test_the_own_page_is_the_leaders_and_refused_to_others(client_as):
    assert page(client_as("phochutich")).context["leader"].user.username == "phochutich"
    for username in ("canbo.caoloc", "quantri", "tocongtac"):
        assert page(client_as(username)).status_code == 403


def test_only_the_leader_and_his_committees_office_open_his_page(client_as):
    assert page(client_as("vanphong"), "phochutich").status_code == 200
    assert page(client_as("phochutich"), "phochutich").status_code == 200
    for username in ("canbo.caoloc", "vanphong.caoloc", "tocongtac", "chutich", "sotaichinh"):
        response = page(client_as(username), "phochutich")
        assert response.status_code == 404, username
        assert "kinh tế" not in response.content.decode().split("<main", 1)[-1]


def test_a_leader_the_user_may_not_see_answers_as_a_username_that_is_no_leaders(client_as):
    client = client_as("sotaichinh")
    hidden, unknown = page(client, "phochutich"), page(client, "khong-co-ai")
    assert hidden.status_code == unknown.status_code == 404

    def main(response) -> str:
        return response.content.decode().split("<main", 1)[-1]

    assert main(hidden).replace("phochutich", "khong-co-ai") == main(unknown)


# --- The office's list of its committee's leaders -------------------------------------------


def test_the_office_lists_its_committees_leaders_with_their_figures(client_as):
    response = page(client_as("vanphong"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["leader"].user.username for row in rows][:1] == ["chutich"]
    assert {"chutich", "phochutich"} <= {row["leader"].user.username for row in rows}
    html = response.content.decode()
    for row in rows:
        leader = row["leader"]
        expected = task_stats(
            query_2024(assigned_by=leader.assigned_by, assigned_by_name=leader.name)
        )
        cells = {cell.figure.key: cell.value for cell in row["cells"]}
        assert cells["all"] == expected.period.assigned
        assert cells["completed"] == expected.period.completed.total
        assert cells["overdue"] == expected.period.open.overdue
        assert cells["open_no_deadline"] == expected.period.open.no_deadline
        assert row["url"].replace("&", "&amp;") in html
        opened = client_as("vanphong").get(row["url"])
        assert opened.context["leader"].user == leader.user
        assert opened.context["query"] == query_2024(
            assigned_by=leader.assigned_by, assigned_by_name=leader.name
        )
    phochutich = next(row for row in rows if row["leader"].user.username == "phochutich")
    assert phochutich["cells"][0].value > 0
    codes = listed("vanphong", phochutich["cells"][0].url)
    assert len(codes) == phochutich["cells"][0].value


def test_the_leaders_figures_are_two_reads_whatever_their_number():
    leaders = committee_leaders(Unit.objects.get(code="lang-son"))
    day = dt.date(2024, 12, 31)
    queries = [leader.query(dt.date(2024, 1, 1), day, day) for leader in leaders]
    with CaptureQueriesContext(connection) as reads:
        found = leaders_figures(queries)
    assert len(reads) == 2
    assert found == [task_stats(query) for query in queries]


def test_a_user_who_is_not_a_leader_has_no_leader_page(client_as):
    assert page(client_as("vanphong"), "canbo.caoloc").status_code == 404
    assert page(client_as("vanphong"), "khong-co-ai").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?ky=nam&nam=abc", "Năm"),
        ("?ky=quy&nam=2024&quy=9", "Quý"),
        ("?ky=nam&nam=2024&ngay=32/13/2024", "Số liệu đến ngày"),
        ("?ky=tuy-chon&tu=01/01/2024", "Đến ngày"),
        ("?ky=nam&nam=2024&ngay=31/12/2024&giao=cao-loc&nguoi_giao=%00", ""),
    ],
)
def test_bad_parameters_are_said_not_a_500(client_as, query, message):
    response = page(client_as("phochutich"), query=query)
    assert response.status_code == 200
    if message:
        assert response.context["form"].errors
        assert message.casefold() in response.content.decode().casefold()


def test_the_late_tasks_show_the_first_twenty_and_link_to_all_of_them(client_as):
    response = page(client_as("vanphong"), "chutich")
    shown = response.context["shown"]
    every = late_tasks(query_2024(assigned_by=Signer.CHAIRMAN))
    assert shown["late_count"] == len(every) > LATE_SHOWN, "the demo's chairman has many"
    assert shown["late"] == every[:LATE_SHOWN]
    codes = listed("vanphong", shown["late_url"])
    assert sorted(codes) == sorted(item.task.external_code or item.task.title for item in every)
    html = response.content.decode()
    assert f"Xem tất cả {len(every)} nhiệm vụ" in html
    assert shown["late_url"].replace("&", "&amp;") in html
    assert html.count('class="task-title"') == LATE_SHOWN
