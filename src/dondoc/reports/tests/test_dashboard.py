"""The dashboard (/bao-cao/): the seed's figures by unit, each linking to exactly its tasks; the
period presets; bad parameters answered field by field; who may see whose figures; a query
count that does not grow with the units and tasks; the start pages built on it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.organisations.models import Unit, UnitKind
from dondoc.reports import periods
from dondoc.reports.links import figure_params, figure_url
from dondoc.reports.selectors import period_label
from dondoc.tasks import services
from dondoc.tasks.stats import StatsQuery, figure_tasks, task_stats

pytestmark = pytest.mark.django_db
D = dt.date
URL = reverse("reports:dashboard")
SEED = {"giao": "lang-son", "ky": "6-thang", "nam": "2020", "ngay": "19/06/2020"}
ROW_LINK = re.compile(r'<a href="/nhiem-vu/(\d+)/">')


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def seed_query(**changes: Any) -> StatsQuery:
    query = StatsQuery(
        assigner=unit("lang-son"), start=D(2020, 1, 1), end=D(2020, 6, 30), as_of=D(2020, 6, 19)
    )
    return replace(query, **changes)


def unit_row(context: Any, code: str) -> tuple[str, Any, list[Any]]:
    bar = next(
        bar
        for bar, line in zip(context["unit_bars"].rows, context["report"].units, strict=True)
        if line.unit.code == code
    )
    return bar.label, bar.total, bar.parts


def listed(client: Client, url: str) -> set[int]:
    html = client.get(url, {"so_dong": "100"} if "?" not in url else None).content.decode()
    return {int(pk) for pk in ROW_LINK.findall(html)}


def test_the_seed_filters_give_cao_locs_row_and_its_links_list_exactly_those_tasks(client_as):
    client = client_as("vanphong")
    response = client.get(URL, SEED)
    assert response.status_code == 200
    label, total, parts = unit_row(response.context, "cao-loc")
    by_key = {part.figure.key: part for part in parts}
    assert label == "UBND huyện Cao Lộc"
    assert (total.value, by_key["ahead"].value, by_key["late"].value) == (13, 4, 5)
    assert by_key["within"].value == 4
    assert by_key["on_time"].value == by_key["overdue"].value == 0
    row = response.context["report"].units
    cao_loc = next(line for line in row if line.unit.code == "cao-loc")
    assert cao_loc.figures.period.completed.total == 9
    html = response.content.decode()
    query = seed_query(unit=unit("cao-loc"))
    for cell, key in [(total, "all"), (by_key["ahead"], "ahead"), (by_key["late"], "late")]:
        assert cell.url == figure_url(query, "period", key)
        assert cell.url.replace("&", "&amp;") in html
        expected = set(figure_tasks(query, "period", key).values_list("pk", flat=True))
        assert listed(client, cell.url) == expected
        assert len(expected) == cell.value
    # The chart's parts lead where the table's numbers do (dashboard.js: base + part).
    chart = response.context["chart_data"]["units"]
    index = chart["labels"].index("UBND huyện Cao Lộc")
    for series in chart["series"]:
        assert chart["bases"][index] + series["part"] == by_key[series["key"]].url


def test_the_dashboards_figures_are_the_statistics_services(client_as):
    response = client_as("vanphong").get(URL, SEED)
    context = response.context
    assert context["report"].figures == task_stats(seed_query())
    for line in context["report"].units:
        assert line.figures.period == task_stats(seed_query(unit=line.unit)).period
    heads = {group.head.figure.key: group.head.value for group in context["groups"]}
    stats = task_stats(seed_query())
    assert heads == {
        "all": stats.period.assigned,
        "completed": stats.period.completed.total,
        "open": stats.period.open.total,
        "cancelled": stats.cancelled,
    }


def test_each_month_links_to_the_tasks_assigned_in_it(client_as):
    client = client_as("vanphong")
    context = client.get(URL, SEED).context
    labels = [bar.label for bar in context["month_bars"].rows]
    assert labels == ["01/2020", "02/2020", "03/2020", "04/2020", "05/2020", "06/2020"]
    march = context["month_bars"].rows[2].total
    query = seed_query(start=D(2020, 3, 1), end=D(2020, 3, 31))
    assert march.value == task_stats(query).period.assigned
    assert listed(client, march.url) == set(
        figure_tasks(query, "period", "all").values_list("pk", flat=True)
    )


def test_the_narrative_is_shown_with_a_copy_button(client_as):
    html = client_as("vanphong").get(URL, {**SEED, "don_vi": "cao-loc"}).content.decode()
    assert (
        "6 tháng đầu năm 2020, UBND huyện Cao Lộc được UBND tỉnh, Chủ tịch, các Phó Chủ tịch "
        "UBND tỉnh giao 13 nhiệm vụ. Đến ngày 19/6/2020, đã giải quyết 9 nhiệm vụ, trong đó "
        "trước hạn 4 nhiệm vụ, quá hạn 5 nhiệm vụ; đang giải quyết 4 nhiệm vụ (trong hạn)."
    ) in html
    assert 'data-copy="#narrative"' in html and "Sao chép" in html


def test_the_league_ranks_units_by_the_share_done_on_time(client_as):
    context = client_as("vanphong").get(URL, SEED).context
    shares = [line.row.on_time for line in context["league"]]
    known = [share for share in shares if share is not None]
    assert known == sorted(known, reverse=True)
    assert shares[: len(known)] == known  # units with nothing judged come last
    cao_loc = next(line for line in context["league"] if line.row.unit.code == "cao-loc")
    assert cao_loc.row.on_time_percent == round(100 * 4 / 9)  # 4 ahead of 4 + 5 late
    ahead, on_time, late, overdue, carried = cao_loc.cells
    assert (ahead.value, on_time.value, late.value, overdue.value) == (4, 0, 5, 0)
    assert carried.url == figure_url(seed_query(unit=unit("cao-loc")), "carried_over", "overdue")


def test_the_key_tasks_and_the_carried_over_link_to_their_own_lists(client_as):
    params = {"giao": "lang-son", "ky": "nam", "nam": "2021", "ngay": "31/12/2021"}
    context = client_as("vanphong").get(URL, params).context
    query = StatsQuery(
        assigner=unit("lang-son"), start=D(2021, 1, 1), end=D(2021, 12, 31), as_of=D(2021, 12, 31)
    )
    carried = {group.head.figure.key: group.head for group in context["carried"]}
    assert carried["all"].value == task_stats(query).carried_over.assigned > 0
    assert "tk_nhom=carried_over%3Aall" in carried["all"].url
    key = {group.head.figure.key: group.head for group in context["key_groups"]}
    assert key["all"].value == task_stats(replace(query, key_only=True)).period.assigned
    assert "tk_trong_tam=on" in key["all"].url


def test_the_figures_page_links_each_figure_where_the_dashboard_does(client_as):
    """The same query on the two pages: every figure of the dashboard's groups (the period's
    and the carried over) links to the same list, though the figures page was asked its dates
    in another spelling."""
    client = client_as("vanphong")
    params = {"giao": "lang-son", "ky": "nam", "nam": "2021", "ngay": "31/12/2021"}
    context = client.get(URL, params).context
    dashboard = [
        cell
        for group in (*context["groups"], *context["carried"])
        for cell in (group.head, *group.parts)
    ]
    assert len(dashboard) > 10 and any("carried_over" in cell.url for cell in dashboard)
    asked = {"giao": "lang-son", "tu": "1/1/2021", "den": "31/12/2021", "ngay": "31/12/2021"}
    page = client.get(reverse("tasks:stats"), asked).content.decode().replace("&amp;", "&")
    on_page = set(re.findall(r'href="(/nhiem-vu/\?[^"]*tk_nhom=[^"]*)"', page))
    assert {cell.url for cell in dashboard} <= on_page


@pytest.mark.parametrize(
    ("start", "end", "english"),
    [
        (D(2024, 5, 1), D(2024, 5, 31), "5/2024"),
        (D(2022, 7, 1), D(2022, 9, 30), "quarter III of 2022"),
        (D(2020, 1, 1), D(2020, 6, 30), "the first six months of 2020"),
        (D(2022, 1, 1), D(2022, 9, 30), "the first nine months of 2022"),
        (D(2023, 1, 1), D(2023, 12, 31), "the year 2023"),
        (D(2023, 7, 1), D(2023, 12, 31), "the last six months of 2023"),
        (D(2021, 2, 15), D(2021, 4, 20), "from 15/2/2021 to 20/4/2021"),
    ],
)
def test_a_period_is_named_on_the_pages_in_their_language(start, end, english):
    with translation.override("vi"):
        assert period_label(start, end) == periods.name(start, end)  # the documents' words
    with translation.override("en"):
        assert period_label(start, end) == english


def test_in_english_the_dashboard_says_its_period_and_months_in_english(client_as):
    client = client_as("vanphong")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(URL, {**SEED, "ky": "9-thang"}).content.decode()
    assert "the first nine months of 2020 (01/01/2020–30/09/2020)" in page
    assert ">Month 5</option>" in page and "Tháng 5" not in page
    # the paragraph is the document's text: Vietnamese in either language
    assert "9 tháng đầu năm 2020, UBND tỉnh" in page


@pytest.mark.parametrize(
    ("params", "start", "end"),
    [
        ({"ky": "thang", "thang": "5", "nam": "2024"}, D(2024, 5, 1), D(2024, 5, 31)),
        ({"ky": "quy", "quy": "3", "nam": "2022"}, D(2022, 7, 1), D(2022, 9, 30)),
        ({"ky": "6-thang", "nam": "2020"}, D(2020, 1, 1), D(2020, 6, 30)),
        ({"ky": "9-thang", "nam": "2022"}, D(2022, 1, 1), D(2022, 9, 30)),
        ({"ky": "nam", "nam": "2023"}, D(2023, 1, 1), D(2023, 12, 31)),
        (
            {"ky": "tuy-chon", "tu": "15/02/2021", "den": "20/04/2021"},
            D(2021, 2, 15),
            D(2021, 4, 20),
        ),
    ],
)
def test_each_period_preset_reads_its_own_days(client_as, params, start, end):
    response = client_as("vanphong").get(URL, {"giao": "lang-son", "ngay": "31/12/2024", **params})
    query = response.context["query"]
    assert (query.start, query.end) == (start, end)


def test_without_parameters_it_shows_this_year_as_of_today_for_the_users_committee(client_as):
    response = client_as("chutich").get(URL)
    query = response.context["query"]
    day = today()
    assert (query.assigner.code, query.start, query.end) == (
        "lang-son",
        D(day.year, 1, 1),
        D(day.year, 12, 31),
    )
    assert query.as_of == day


def test_a_period_not_yet_begun_is_said_on_its_year_not_on_the_day_left_empty(client_as):
    year = today().year + 1
    response = client_as("vanphong").get(URL, {"giao": "lang-son", "ky": "nam", "nam": year})
    errors = response.context["form"].errors
    assert list(errors) == ["nam"]
    assert f"01/01/{year}" in str(errors["nam"][0]) and "chưa đến" in str(errors["nam"][0])


def test_a_presets_year_is_within_the_systems_years(client_as, settings):
    """The year of a preset takes the years a date may be in (DONDOC_YEAR_MIN …), read when the
    page is asked for, not when the form's module was imported."""
    settings.DONDOC_YEAR_MIN = 2015
    client = client_as("vanphong")
    refused = client.get(URL, {"giao": "lang-son", "ky": "nam", "nam": "2014"})
    errors = refused.context["form"].errors
    assert "nam" in errors and "2015" in str(errors["nam"][0])
    assert "report" not in refused.context
    shown = client.get(URL, {"giao": "lang-son", "ky": "nam", "nam": "2015"})
    assert shown.context["form"].is_valid() and "report" in shown.context


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"ngay": "32/13/2020"}, "ngay", None),
        ({"ky": "quy", "quy": "9"}, "quy", None),
        ({"ky": "thang"}, "thang", "Chọn tháng của kỳ báo cáo."),
        ({"ky": "tuy-chon", "tu": "01/02/2020"}, "den", "Nhập đến ngày."),
        ({"ky": "tuy-chon", "tu": "01/06/2020", "den": "01/02/2020"}, "den", None),
        ({"ky": "bat-ky"}, "ky", None),
        ({"nam": "99999999999999999999"}, "nam", None),
        ({"giao": "khong-co"}, "giao", None),
        ({"ngay": "01/01/2019"}, "ngay", "Ngày lấy số liệu không được trước đầu kỳ."),
    ],
)
def test_bad_parameters_get_a_message_on_their_field_not_an_error_page(
    client_as, params, field, message
):
    response = client_as("vanphong").get(URL, {**SEED, **params, "rac": "\x00%%"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in errors[field]
    assert "report" not in response.context
    assert str(errors[field][0]) in response.content.decode()


def test_a_district_user_may_not_see_the_provinces_dashboard(client_as):
    for username in ("caoloc", "canbo.caoloc", "trangdinh"):
        response = client_as(username).get(URL, SEED)
        assert response.status_code == 403
        assert "giao 72 nhiệm vụ" not in response.content.decode()


def test_a_district_user_sees_its_own_row_of_the_provinces_tasks(client_as):
    response = client_as("caoloc").get(URL, {**SEED, "don_vi": "cao-loc"})
    assert response.status_code == 200
    assert response.context["report"].figures.period.assigned == 13
    refused = client_as("caoloc").get(URL, {**SEED, "don_vi": "trang-dinh"})
    assert refused.status_code == 403


def test_a_department_head_sees_its_own_assignments(client_as):
    head = User.objects.get(username="sotaichinh")
    department = unit("so-tai-chinh")
    division = Unit.objects.create(
        code="stc-ngan-sach",
        name="Phòng Quản lý ngân sách",
        short_name="Phòng Ngân sách",
        kind=UnitKind.DIVISION,
        parent=department,
        valid_from=department.valid_from,
    )
    services.task_assign(
        title="Tổng hợp dự toán quý",
        assigner=department,
        lead_unit=division,
        assigned_on=today(),
        deadline=today() + dt.timedelta(days=10),
        actor=head,
    )
    response = client_as("sotaichinh").get(URL)
    assert response.status_code == 200
    found = response.context["report"]
    assert found.query.assigner == department
    assert found.figures.period.assigned == 1
    assert [row.unit for row in found.units] == [division]
    assert client_as("sotaichinh").get(URL, SEED).status_code == 403


def test_the_dashboards_query_count_does_not_grow_with_units_and_tasks(
    client_as,
):
    client = client_as("vanphong")
    params = {"giao": "lang-son", "ky": "nam", "nam": "2021", "ngay": "31/12/2021"}

    def count() -> int:
        client.get(URL, params)  # warm: the session's first reads
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        return len(queries)

    before = count()
    office = User.objects.get(username="vanphong")
    province = unit("lang-son")
    for n in range(8):
        new = Unit.objects.create(
            code=f"don-vi-moi-{n}",
            name=f"Sở Thử nghiệm {n}",
            short_name=f"Sở Thử {n}",
            kind=UnitKind.DEPARTMENT,
            parent=province,
            valid_from=D(2000, 1, 1),
        )
        for day in range(1, 6):
            services.task_assign(
                title=f"Nhiệm vụ thử {n}-{day}",
                assigner=province,
                lead_unit=new,
                assigned_on=D(2021, day, 3 + n),
                deadline=D(2021, day + 1, 3),
                actor=office,
            )
    after_context = client.get(URL, params).context
    assert len(after_context["report"].units) >= 8
    assert count() == before


def test_the_office_leaders_and_admin_open_on_their_dashboard(client_as):
    for username in ("vanphong", "chutich", "quantri"):
        response = client_as(username).get(reverse("home"))
        assert response.status_code == 200
        assert response.context["report"].query.assigner.code == "lang-son"
        assert "Xin chào" in response.content.decode()
        assert 'id="narrative"' in response.content.decode()


def test_the_working_group_opens_on_its_inspection_calendar(client_as):
    html = client_as("tocongtac").get(reverse("home")).content.decode()
    assert "Lịch kiểm tra" in html
    assert "chưa được ghi nhận" in html
    assert f'href="{URL}"' in html


def test_the_units_keep_their_own_start_page(client_as):
    response = client_as("caoloc").get(reverse("home"))
    assert response.status_code == 200
    assert "report" not in response.context


@pytest.mark.parametrize("block", ["period", "carried_over", "cancelled", "report"])
def test_a_figures_link_is_its_parameters_with_the_figures_name_last(block):
    named = {"assigned_by": "vice_chairman", "assigned_by_name": "Đoàn Thu Hà & “Lộc”/?=1"}
    for query in (
        seed_query(unit=unit("cao-loc")),
        seed_query(unit=unit("cao-loc"), exact=True, key_only=True, source="conclusion", **named),
    ):
        for key in ("all", "ahead", "due_soon", "open_no_deadline"):
            expected = f"{reverse('tasks:list')}?{urlencode(figure_params(query, block, key))}"
            assert figure_url(query, block, key) == expected
