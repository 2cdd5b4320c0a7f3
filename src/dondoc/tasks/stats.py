"""The one statistics service. Pages, exports, the API and `dondoc stats` all call `task_stats`.

It applies the counting rules (rules.py) to the tasks an assigner gave in a period, as of a day,
and keeps, beside each figure, the ids of the tasks behind it so that every number can link to them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from dondoc.organisations.models import Unit
from dondoc.organisations.selectors import subunits
from dondoc.tasks import rules
from dondoc.tasks.models import Task, TaskEvent
from dondoc.tasks.rules import Classification, Kind


@dataclass(frozen=True)
class StatsQuery:
    assigner: Unit
    start: dt.date
    end: dt.date
    as_of: dt.date
    unit: Unit | None = None
    key_only: bool = False
    source: str | None = None

    def __post_init__(self) -> None:
        if self.as_of < self.start:
            raise ValueError("as_of is before the start of the period")
        if self.end < self.start:
            raise ValueError("the period ends before it starts")


@dataclass
class StatsResult:
    query: StatsQuery
    figures: dict[str, object]
    # (block, bucket or flag) → task ids; block is "period", "carried_over" or "cancelled".
    task_ids: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    classes: dict[int, Classification] = field(default_factory=dict)

    def ids(self, block: str, name: str) -> list[int]:
        return self.task_ids.get((block, name), [])


def due_soon_days() -> int:
    return int(getattr(settings, "DONDOC_DUE_SOON_DAYS", rules.DEFAULT_DUE_SOON_DAYS))


def load_histories(tasks: list[Task], *, until: dt.date) -> dict[int, rules.History]:
    """The histories of `tasks` with their events effective on or before `until`: one query."""
    by_task: dict[int, list[rules.Event]] = defaultdict(list)
    events = (
        TaskEvent.objects.filter(task__in=[t.pk for t in tasks], effective_on__lte=until)
        .exclude(kind=Kind.ASSIGNED)
        .values_list("task_id", "kind", "effective_on", "id", "deadline", "unit_id")
    )
    for task_id, kind, on, pk, deadline, unit_id in events:
        by_task[task_id].append(rules.Event(Kind(kind), on, pk, deadline=deadline, unit=unit_id))
    return {
        t.pk: rules.History(t.assigned_on, t.deadline, t.lead_unit_id, tuple(by_task.get(t.pk, ())))
        for t in tasks
    }


def task_stats(query: StatsQuery) -> StatsResult:
    candidates = Task.objects.filter(
        assigner=query.assigner, assigned_on__lte=min(query.end, query.as_of)
    )
    if query.key_only:
        candidates = candidates.filter(is_key=True)
    if query.source:
        candidates = candidates.filter(source=query.source)
    tasks = list(candidates.only("id", "assigned_on", "deadline", "lead_unit_id"))
    histories = load_histories(tasks, until=query.as_of)
    units = (
        set(subunits(query.unit, as_of=query.as_of).values_list("pk", flat=True))
        if query.unit is not None
        else None
    )
    report = rules.Report(
        start=query.start, end=query.end, as_of=query.as_of, due_soon_days=due_soon_days()
    )
    result = StatsResult(query=query, figures={})
    ids: dict[tuple[str, str], list[int]] = defaultdict(list)
    for task in tasks:
        placed = report.place(histories[task.pk])
        if placed is None:
            continue
        block, c = placed
        if units is not None and c.state.lead_unit not in units:
            continue
        report.count(block, c)
        result.classes[task.pk] = c
        ids[(block, "all")].append(task.pk)
        if c.bucket is not None:
            ids[(block, c.bucket.value)].append(task.pk)
            ids[(block, "completed" if c.bucket.completed else "open")].append(task.pk)
        if c.due_soon:
            ids[(block, "due_soon")].append(task.pk)
        if c.awaiting_confirmation:
            ids[(block, "awaiting_confirmation")].append(task.pk)
    result.task_ids = dict(ids)
    result.figures = {
        "as_of": query.as_of.isoformat(),
        "period": {"from": query.start.isoformat(), "to": query.end.isoformat()},
        "assigner": query.assigner.code,
        "unit": query.unit.code if query.unit else None,
        **report.figures(),
    }
    return result
