"""A unit's start page: what waits for it today, as counts equal to the lists they link to, and
its own figures this year; an ended unit's page tells its history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.organisations.models import Unit
from dondoc.reports.tests.page_helpers import adds_up, listed, listed_on_page, standing_tasks
from dondoc.tasks import services
from dondoc.tasks.filters import RETURNED
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db


def home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def counts(response) -> dict[str, tuple[int, str]]:
    return {
        str(item["label"]): (item["count"], item["url"]) for item in response.context["waiting"]
    }


def return_one_report(lead: str) -> Task:
    """Send back the completion report that one of `lead`'s live tasks awaits."""
    task = Task.objects.get(
        external_code__startswith="demo-live-",
        external_code__endswith="-report",
        current_lead_unit__code=lead,
    )
    services.record(
        services.ReturnCompletion(on=today(), reason="Chưa kèm văn bản kết quả"),
        task=task,
        actor=User.objects.get(username="vanphong"),
    )
    return task


@pytest.mark.parametrize("username", ["sotaichinh", "dongdang"])
def test_each_waiting_count_equals_its_lists_count(client_as, username):
    lead = Unit.objects.get(members__username=username).code
    return_one_report(lead)
    client = client_as(username)
    waiting = counts(home(client))
    assert len(waiting) == 5
    for label, (count, url) in waiting.items():
        assert len(listed(username, url)) == count, label
        assert listed_on_page(client, url) == count, label
    assert sum(count for count, _url in waiting.values()) > 0


def test_a_returned_report_waits_until_it_is_reported_again(client_as):
    task = return_one_report("so-tai-chinh")
    client = client_as("sotaichinh")
    returned = next(v for k, v in counts(home(client)).items() if "trả lại" in k)
    assert f"cho={RETURNED}" in returned[1]
    assert task.external_code in listed("sotaichinh", returned[1])
    task.refresh_from_db()
    services.record(
        services.ReportCompletion(on=today(), result="Đã bổ sung văn bản"),
        task=task,
        actor=User.objects.get(username="sotaichinh"),
    )
    returned = next(v for k, v in counts(home(client)).items() if "trả lại" in k)
    assert task.external_code not in listed("sotaichinh", returned[1])


def test_the_overdue_count_is_the_units_overdue_tasks_today(client_as):
    overdue = next(v for k, v in counts(home(client_as("sotaichinh"))).items() if k == "Quá hạn")
    tasks = Task.objects.filter(external_code__in=listed("sotaichinh", overdue[1]))
    assert overdue[0] == len(tasks) > 0
    assert all(
        t.current_deadline is not None
        and t.current_deadline < today()
        and t.current_status == "open"
        for t in tasks
    )


def test_its_own_figures_this_year_link_to_their_tasks(client_as):
    response = home(client_as("dongdang"))
    headlines = response.context["headlines"]
    assert [h["report"].query.assigner.code for h in headlines] == ["lang-son"]
    query = headlines[0]["report"].query
    assert (query.start, query.as_of) == (dt.date(today().year, 1, 1), today())
    for cell in headlines[0]["cells"]:
        assert len(listed("dongdang", cell.url)) == cell.value, cell.figure.key
    unit_url = reverse("reports:unit", kwargs={"code": "xa-dong-dang"})
    assert unit_url in response.content.decode()


def test_an_ended_unit_shows_its_last_year_and_who_took_over(client_as):
    response = home(client_as("canbo.caoloc"))
    html = response.content.decode()
    assert response.context["waiting"] is None
    assert response.context["as_of"] == dt.date(2025, 6, 30)
    assert "kết thúc hoạt động sau ngày 30/06/2025" in html and "Xã Đồng Đăng" in html
    headline = response.context["headlines"][0]
    assert headline["report"].figures.period.assigned > 0
    assert reverse("reports:unit", kwargs={"code": "cao-loc"}) in html


def test_other_roles_keep_their_own_start_page(client_as):
    for username in ("vanphong", "chutich", "quantri"):
        assert "waiting" not in home(client_as(username)).context


def test_its_figures_row_adds_up_with_the_tasks_without_a_deadline(client_as):
    done, still_open = standing_tasks("so-tai-chinh", "sotaichinh")
    response = home(client_as("sotaichinh"))
    cells = {cell.figure.key: cell for cell in response.context["headlines"][0]["cells"]}
    assert adds_up({key: cell.value for key, cell in cells.items()})
    for key, task in (("completed_no_deadline", done), ("open_no_deadline", still_open)):
        tasks = listed("sotaichinh", cells[key].url)
        assert len(tasks) == cells[key].value and task.title in tasks, key
    html = response.content.decode()
    assert html.count(cells["completed_no_deadline"].url.replace("&", "&amp;")) == 1
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert head.count("không có thời hạn") == 2
