"""The statistics service counts in SQL over spans; here it is checked against the rules applied in
Python to every task's history (rules.Report), on the demo and across many days and periods."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

import pytest

from dondoc.organisations.models import Unit
from dondoc.organisations.selectors import subunits
from dondoc.tasks import rules
from dondoc.tasks.figures import Figures
from dondoc.tasks.models import Task
from dondoc.tasks.selectors import load_histories
from dondoc.tasks.stats import (
    StatsQuery,
    figure_tasks,
    task_stats,
    task_stats_by_lead_unit,
    tasks_in_class,
)

pytestmark = pytest.mark.django_db
D = dt.date


def reference(query: StatsQuery) -> tuple[dict, dict[tuple[str, str], set[int]]]:
    """The figures and each figure's task ids by rules.Report over histories, one task at a time."""
    tasks = Task.objects.filter(assigner=query.assigner)
    if query.key_only:
        tasks = tasks.filter(is_key=True)
    if query.source:
        tasks = tasks.filter(source=query.source)
    listed = list(tasks)
    histories = load_histories(listed, until=query.as_of)
    units = (
        set(subunits(query.unit, as_of=query.as_of).values_list("pk", flat=True))
        if query.unit
        else None
    )
    report = rules.Report(start=query.start, end=query.end, as_of=query.as_of)
    ids: dict[tuple[str, str], set[int]] = defaultdict(set)
    for task in listed:
        placed = report.place(histories[task.pk])
        if placed is None:
            continue
        block, c = placed
        if units is not None and c.state.lead_unit not in units:
            continue
        report.count(block, c)
        ids[(block, "all")].add(task.pk)
        if c.bucket is not None:
            ids[(block, c.bucket.value)].add(task.pk)
            ids[(block, "completed" if c.completed else "open")].add(task.pk)
        for flag in ("due_soon", "awaiting_confirmation"):
            if getattr(c, flag):
                ids[(block, flag)].add(task.pk)
    return report.figures(), ids


def _without_labels(figures: Figures) -> dict:
    labels = ("as_of", "period", "assigner", "unit")
    return {k: v for k, v in figures.as_json().items() if k not in labels}


DAYS = [D(2020, 6, 19), D(2021, 3, 31), D(2022, 12, 31), D(2024, 7, 15), D(2025, 6, 30)]
UNITS = [None, "cao-loc", "trang-dinh", "so-tai-chinh", "cao-loc-tt-dong-dang", "xa-dong-dang"]


@pytest.mark.parametrize("as_of", DAYS)
def test_sql_figures_equal_the_rules_applied_task_by_task(as_of: dt.date):
    assigner = Unit.objects.get(code="lang-son")
    start = D(as_of.year, 1, 1)
    for code, key_only in itertools.product(UNITS, (False, True)):
        unit = Unit.objects.get(code=code) if code else None
        query = StatsQuery(assigner, start, D(as_of.year, 12, 31), as_of, unit, key_only)
        expected, ids = reference(query)
        assert _without_labels(task_stats(query)) == expected, (code, key_only)
        for (block, name), wanted in ids.items():
            got = set(figure_tasks(query, block, name).values_list("pk", flat=True))
            assert got == wanted, (code, block, name)
        report = set().union(*(ids[(b, "all")] for b in ("period", "carried_over", "cancelled")))
        assert set(figure_tasks(query, "report").values_list("pk", flat=True)) == report


def test_figures_by_lead_unit_are_each_units_own_figures():
    assigner = Unit.objects.get(code="lang-son")
    query = StatsQuery(assigner, D(2024, 1, 1), D(2024, 9, 30), D(2024, 9, 30))
    table = task_stats_by_lead_unit(query)
    assert len(table) > 10
    total = 0
    for (assigner_id, lead_id), figures in table.items():
        assert assigner_id == assigner.pk
        lead = Unit.objects.get(pk=lead_id)
        alone, _ids = reference(StatsQuery(assigner, query.start, query.end, query.as_of, lead))
        if not Unit.objects.filter(parent=lead).exists():
            assert _without_labels(figures) == alone, lead.code
        total += figures.period.assigned
    assert total == task_stats(query).period.assigned


@pytest.mark.parametrize("name", ["overdue", "due_soon", "ahead", "no_deadline", "cancelled"])
def test_the_list_status_filter_is_the_figures_class(name: str):
    day = D(2023, 5, 10)
    listed = list(tasks_in_class(Task.objects.all(), day, name).values_list("pk", flat=True))
    tasks = list(Task.objects.filter(assigned_on__lte=day))
    histories = load_histories(tasks, until=day)
    expected = set()
    for task in tasks:
        c = rules.classify(histories[task.pk], day)
        if name == "cancelled":
            hit = c.cancelled
        elif name == "no_deadline":
            hit = c.bucket in (rules.Bucket.OPEN_NO_DEADLINE, rules.Bucket.COMPLETED_NO_DEADLINE)
        elif name == "due_soon":
            hit = c.due_soon
        else:
            hit = c.bucket == name
        if hit:
            expected.add(task.pk)
    assert expected and set(listed) == expected and len(listed) == len(expected)
