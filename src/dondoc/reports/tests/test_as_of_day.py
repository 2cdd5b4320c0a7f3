"""The day a report's figures are taken as of has come (RULES.md: a report as of R is the world at
the end of day R, the same whenever it is produced; figures as of a day to come would be a guess):
every door of a report refuses a later day with the same message on its field, or exit status 2
on the command line, and takes today."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from dondoc.core.dates import format_date, today
from dondoc.reports.forms import ReportForm
from dondoc.tasks.stats_form import PREFIX

pytestmark = pytest.mark.django_db


def tomorrow() -> dt.date:
    return today() + dt.timedelta(days=1)


def refusal(day: dt.date) -> str:
    return f"ngày {format_date(day)} chưa đến, số liệu chỉ tính được đến hôm nay ({format_date(today())})"


def year_so_far(day: dt.date) -> dict[str, str]:
    return {"ky": "nam", "nam": str(today().year), "ngay": format_date(day)}


PAGES = {
    "dashboard": (reverse("reports:dashboard"), {"giao": "lang-son"}, "vanphong"),
    "unit": (reverse("reports:unit", kwargs={"code": "so-tai-chinh"}), {}, "sotaichinh"),
    "leader": (reverse("reports:leader"), {}, "chutich"),
}


@pytest.mark.parametrize("name", PAGES)
def test_a_page_refuses_a_day_to_come_on_its_field_and_takes_today(client_as, name):
    url, params, username = PAGES[name]
    client = client_as(username)
    response = client.get(url, {**params, **year_so_far(tomorrow())})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["ngay"]
    assert refusal(tomorrow()) in errors["ngay"][0]
    assert errors["ngay"][0] in response.content.decode()
    taken = client.get(url, {**params, **year_so_far(today())})
    assert taken.status_code == 200 and not taken.context["form"].errors


def test_the_export_refuses_a_day_to_come(client_as):
    query = {"giao": "lang-son", **year_so_far(tomorrow()), "dinh_dang": "xlsx"}
    response = client_as("vanphong").get(reverse("reports:export"), query)
    assert response.status_code == 400
    assert refusal(tomorrow()) in response.content.decode()


def test_a_figures_link_to_a_day_to_come_lists_nothing_and_says_why(client_as):
    params = {f"{PREFIX}giao": "lang-son", f"{PREFIX}tu": f"01/01/{today().year}"}
    params |= {f"{PREFIX}den": f"31/12/{today().year}", f"{PREFIX}ngay": format_date(tomorrow())}
    params[f"{PREFIX}nhom"] = "period:all"
    response = client_as("vanphong").get(reverse("tasks:list"), params)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert refusal(tomorrow()) in response.content.decode()


def test_the_calendar_of_the_as_of_field_stops_at_today():
    html = str(ReportForm()["ngay"])
    assert f'max="{today().isoformat()}"' in html


@pytest.mark.parametrize("command", ["stats", "summary", "export_report"])
def test_a_command_refuses_a_day_to_come_with_exit_status_2(command, tmp_path):
    year = today().year
    args = ["--assigner", "lang-son", "--from", f"{year}-01-01", "--to", f"{year}-12-31"]
    out = str(tmp_path / "bao-cao.xlsx")
    extra = ["--format", "xlsx", "--out", out] if command == "export_report" else []
    with pytest.raises(CommandError) as refused:
        call_command(command, *args, *extra, "--as-of", format_date(tomorrow()), stdout=StringIO())
    assert refused.value.returncode == 2
    assert str(refused.value) == f"--as-of: {refusal(tomorrow())}."
    call_command(command, *args, *extra, "--as-of", format_date(today()), stdout=StringIO())
