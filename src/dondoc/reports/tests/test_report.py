"""A report by unit, month and key tasks is the statistics service's figures, grouped finer."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dondoc.organisations.models import Unit
from dondoc.reports.selectors import late_tasks, on_time_share, report
from dondoc.tasks.rules import Block
from dondoc.tasks.stats import StatsQuery, figure_tasks, task_stats

pytestmark = pytest.mark.django_db


def query(day: dt.date, start: dt.date, end: dt.date, unit: str | None = None) -> StatsQuery:
    return StatsQuery(
        assigner=Unit.objects.get(code="lang-son"),
        unit=Unit.objects.get(code=unit) if unit else None,
        start=start,
        end=end,
        as_of=day,
    )


DAYS = [
    # before, on and after the reform of 01/07/2025 (districts ended, communes began)
    (dt.date(2020, 6, 19), dt.date(2020, 1, 1), dt.date(2020, 6, 30)),
    (dt.date(2025, 6, 30), dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    (dt.date(2025, 7, 1), dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    (dt.date(2026, 11, 30), dt.date(2020, 1, 1), dt.date(2026, 12, 31)),
]


@pytest.mark.parametrize(("day", "start", "end"), DAYS)
def test_each_units_row_is_that_units_own_report(day, start, end):
    whole = report(query(day, start, end))
    assert whole.units, "the demo has tasks in every one of these periods"
    for row in whole.units:
        own = task_stats(replace(whole.query, unit=row.unit))
        assert row.figures.as_json() == own.as_json(), row.unit.code
    assert sum(row.figures.period.assigned for row in whole.units) == (
        whole.figures.period.assigned
    )
    assert whole.figures.as_json() == task_stats(whole.query).as_json()


def test_an_ended_units_completed_tasks_stay_on_its_own_report():
    # Cao Lộc ended on 30/06/2025; what it completed before stays its own (RULES.md).
    later = query(dt.date(2026, 11, 30), dt.date(2020, 1, 1), dt.date(2020, 6, 30), "cao-loc")
    figures = task_stats(later)
    assert figures.period.completed.total >= 9
    assert figures.period.assigned == figures.period.completed.total


@pytest.mark.parametrize(("day", "start", "end"), DAYS)
def test_the_months_add_up_to_the_period_and_each_is_its_own_report(day, start, end):
    whole = report(query(day, start, end))
    total = Block()
    for month in whole.months:
        assert month.figures.as_json() == task_stats(
            replace(whole.query, start=month.start, end=month.end)
        ).as_json() | {"carried_over": month.figures.carried_over.as_json()}
        total.assigned += month.figures.period.assigned
        total.completed.late += month.figures.period.completed.late
    assert total.assigned == whole.figures.period.assigned
    assert total.completed.late == whole.figures.period.completed.late


def test_the_key_tasks_are_the_key_only_report():
    whole = report(query(dt.date(2026, 11, 30), dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    assert whole.key.period.assigned > 0
    assert whole.key.as_json() == task_stats(replace(whole.query, key_only=True)).as_json()


def test_its_queries_do_not_grow_with_the_units_or_the_tasks():
    counts = []
    for unit, start in (
        (None, dt.date(2026, 11, 1)),
        (None, dt.date(2015, 1, 1)),
        ("cao-loc", dt.date(2020, 6, 1)),
        ("cao-loc", dt.date(2015, 1, 1)),
    ):
        asked = query(dt.date(2026, 11, 30), start, dt.date(2026, 12, 31), unit)
        with CaptureQueriesContext(connection) as captured:
            report(asked)
        counts.append(len(captured))
    # A unit's report looks its sub-units up once for each block.
    assert counts[0] == counts[1] <= 4
    assert counts[2] == counts[3] <= 6


def test_the_league_puts_the_best_on_time_share_first():
    whole = report(query(dt.date(2026, 11, 30), dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    shares = [row.on_time for row in whole.league()]
    judged = [share for share in shares if share is not None]
    assert judged == sorted(judged, reverse=True)
    assert shares[: len(judged)] == judged  # those not judged yet come last


def test_the_on_time_share_ignores_tasks_not_yet_due():
    block = Block()
    block.completed.ahead, block.completed.late, block.open.overdue = 3, 1, 2
    block.open.within = 10
    assert on_time_share(block) == pytest.approx(0.5)
    assert on_time_share(Block()) is None


def test_the_seeds_late_tasks_say_how_late_and_why():
    seed = query(dt.date(2020, 6, 19), dt.date(2020, 1, 1), dt.date(2020, 6, 30), "cao-loc")
    late = late_tasks(seed)
    assert len(late) == 5
    assert {t.task.pk for t in late} == set(
        figure_tasks(seed, "period", "late").values_list("pk", flat=True)
    )
    for item in late:
        assert not item.overdue and item.completed_on is not None
        assert item.days == (item.completed_on - item.deadline).days > 0
        assert item.reason  # the demo's completion reports give one
    assert [t.days for t in late] == sorted((t.days for t in late), reverse=True)


def test_overdue_tasks_come_first_with_their_days_overdue():
    later = query(dt.date(2026, 11, 30), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    late = late_tasks(later)
    overdue = [t for t in late if t.overdue]
    assert overdue and late[: len(overdue)] == overdue
    assert {t.task.pk for t in overdue} == set(
        figure_tasks(later, "report", "overdue").values_list("pk", flat=True)
    )
    for item in overdue:
        assert item.days == (later.as_of - item.deadline).days > 0


def test_a_units_own_row_beside_its_sub_units_counts_its_own_tasks_and_links_to_them():
    from dondoc.tasks.models import Task

    district = query(dt.date(2020, 6, 19), dt.date(2020, 1, 1), dt.date(2020, 6, 30), "cao-loc")
    own_lead = Task.objects.filter(assigner__code="lang-son", lead_unit__code="cao-loc").first()
    assert own_lead is not None  # the demo's province tasks to Cao Lộc are led by the district
    whole = report(district)
    own = next(row for row in whole.units if row.unit.code == "cao-loc")
    assert own.query.exact
    assert own.figures.as_json() == task_stats(own.query).as_json()
    listed = set(figure_tasks(own.query, "period", "all").values_list("pk", flat=True))
    assert len(listed) == own.figures.period.assigned
    assert sum(row.figures.period.assigned for row in whole.units) == 13


def test_the_own_rows_link_lists_exactly_its_tasks(client_as):
    import re

    from dondoc.reports.links import figure_url

    district = query(dt.date(2020, 6, 19), dt.date(2020, 1, 1), dt.date(2020, 6, 30), "cao-loc")
    own = next(row for row in report(district).units if row.unit.code == "cao-loc")
    page = client_as("vanphong").get(figure_url(own.query, "period", "all")).content.decode()
    wanted = set(figure_tasks(own.query, "period", "all").values_list("pk", flat=True))
    shown = {int(pk) for pk in re.findall(r'href="/nhiem-vu/(\d+)/"', page)}
    assert wanted and shown == wanted
