"""The benchmark's generator at a few hundred tasks: its rows are what the services would write,
its proportions are the ones the issue asks for, and our figures equal the raw SQL's on it."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from dondoc.bench import dataset, raw
from dondoc.bench.runner import PROVINCE, check_against_raw
from dondoc.organisations.models import Unit, UnitKind
from dondoc.tasks.models import Status, Task, TaskEvent
from dondoc.tasks.rules import Kind
from dondoc.tasks.services import task_search_text, tasks_rebuild_state
from dondoc.tasks.stats import StatsQuery, task_stats_by_lead_unit
from dondoc.tasks.tests.test_stats import reference

pytestmark = pytest.mark.django_db
TASKS = 600


@pytest.fixture
def built() -> dataset.Built:
    return dataset.build(TASKS)


def generated() -> list[Task]:
    return list(Task.objects.filter(assigner__code__startswith="tinh-"))


def test_the_tree_is_national(built: dataset.Built):
    assert Unit.objects.filter(kind=UnitKind.PROVINCE, code__startswith="tinh-").count() == 34
    per_province = Unit.objects.filter(code__startswith="tinh-01").count()
    assert per_province == 1 + dataset.DEPARTMENTS * 2 + dataset.COMMUNES


def test_rows_are_what_the_services_derive(built: dataset.Built):
    tasks = generated()
    assert len(tasks) == built.tasks == TASKS
    # The cached state and the spans are rebuilt from the events: nothing changes.
    assert tasks_rebuild_state(Task.objects.filter(pk__in=[t.pk for t in tasks])) == 0
    for task in Task.objects.filter(pk__in=[t.pk for t in tasks]).select_related(
        "document", "current_lead_unit"
    ):
        assert task.search_text == task_search_text(task, task.current_lead_unit)


def test_histories_have_the_asked_proportions(built: dataset.Built):
    tasks = generated()
    ids = [t.pk for t in tasks]
    events = TaskEvent.objects.filter(task__in=ids)

    def share(count: int) -> float:
        return count / len(tasks)

    assert 3.5 <= share(events.count()) <= 5
    assert 0.06 <= share(events.filter(kind=Kind.EXTENSION_APPROVED).count()) <= 0.15
    assert 0.005 <= share(sum(t.current_status == Status.CANCELLED for t in tasks)) <= 0.05
    assert 0.02 <= share(sum(t.deadline is None for t in tasks)) <= 0.09
    assert 0.06 <= share(sum(t.is_key for t in tasks)) <= 0.14
    parents = set(
        Task.objects.filter(pk__in=ids, parent__isnull=False).values_list("parent", flat=True)
    )
    assert 0.10 <= share(len(parents)) <= 0.20
    returned = events.filter(kind=Kind.COMPLETION_RETURNED).values("task").distinct().count()
    assert 0.005 <= share(returned) <= 0.06
    completed = [t for t in tasks if t.current_status == Status.COMPLETED]
    late = [
        t
        for t in completed
        if t.current_deadline and t.completed_on and t.completed_on > t.current_deadline
    ]
    assert 0.12 <= len(late) / len(completed) <= 0.30
    assert min(t.assigned_on for t in tasks) >= dataset.START
    assert max(e.effective_on for e in events) <= dataset.END


def test_figures_equal_the_rules_and_the_raw_sql(built: dataset.Built):
    province = Unit.objects.get(code=PROVINCE)
    department = Unit.objects.get(code="tinh-01-so-03")
    check_against_raw(province, department, [province])
    counted = carried = 0
    days = ((dt.date(2025, 1, 1), dataset.AS_OF), (dt.date(2022, 7, 1), dt.date(2025, 3, 31)))
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE, code__startswith="tinh-")
    for (start, as_of), province in itertools.product(days, provinces):
        query = StatsQuery(province, start, as_of, as_of)
        expected, _ids = reference(query)
        table = task_stats_by_lead_unit(query)
        assert sum(f.period.assigned for f in table.values()) == expected["assigned"]
        everything = raw.total(raw.raw_figures(province.pk, start, as_of, as_of))
        assert raw.as_report(everything) == expected
        counted += expected["assigned"]
        carried += expected["carried_over"]["assigned"]
    assert counted and carried  # the comparisons above compared something
