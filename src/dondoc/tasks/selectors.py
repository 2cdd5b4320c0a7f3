"""Reads of tasks that several pages need: a few tasks' histories and standings on a day, inbox
order, the office queue. Counting many tasks is stats.py's job."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from dondoc.organisations.models import Handover, Unit, within_q
from dondoc.tasks import rules
from dondoc.tasks.models import Status, Task, TaskEvent
from dondoc.tasks.rules import Bucket, Kind, Phase, Standing
from dondoc.tasks.stats import due_soon_days, spans_led_by, spans_on


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


def standings(tasks: Iterable[Task], day: dt.date) -> dict[int, Standing]:
    """Each task's standing on `day` (what its badge shows), read off the one span of each task
    that covers the day: one query reading a row per task, where replaying their histories would
    read every event. A task not yet assigned on `day` has none."""
    window = due_soon_days()
    found = spans_on(day).filter(task__in=[t.pk for t in tasks])
    return {
        task_id: rules.standing(
            rules.Span(start, end, lead, deadline, Phase(phase), awaiting),
            day,
            due_soon_days=window,
        )
        for task_id, start, end, lead, deadline, phase, awaiting in found.values_list(
            "task_id", "valid_from", "valid_to", "lead_unit_id", "deadline", "phase", "awaiting"
        )
    }


def inbox(unit: Unit, as_of: dt.date) -> list[tuple[Task, Standing | None]]:
    """A unit's open tasks (its own and its sub-units'): overdue first, then due soon, then the rest."""
    tasks = list(
        Task.objects.filter(
            within_q("current_lead_unit", unit), current_status=Status.OPEN, assigned_on__lte=as_of
        ).select_related("assigner", "current_lead_unit", "document")
    )
    classes = standings(tasks, as_of)

    def order(task: Task) -> tuple[int, dt.date]:
        c = classes.get(task.pk)
        if c is None:
            return 2, dt.date.max
        rank = 0 if c.bucket == Bucket.OVERDUE else 1 if c.due_soon else 2
        return rank, c.deadline or dt.date.max

    return [(task, classes.get(task.pk)) for task in sorted(tasks, key=order)]


def office_queue(assigner: Unit) -> QuerySet[Task]:
    """What waits for the assigner's office: completion reports to confirm, extensions to decide."""
    return (
        Task.objects.filter(assigner=assigner, current_status=Status.OPEN)
        .filter(Q(reported_on__isnull=False) | Q(extension_requested_on__isnull=False))
        .select_related("current_lead_unit")
        .order_by("reported_on", "extension_requested_on", "id")
    )


def handed_over(events: Iterable[TaskEvent]) -> set[int]:
    """The ids of those `events` that a reorganisation recorded (organisations.Handover), so that
    a page says where an event without a person came from: a reorganisation, or a register's
    import. Events with an actor are named by their actor and not looked up (no query when all
    have one)."""
    anonymous = [e.pk for e in events if e.actor_id is None]
    if not anonymous:
        return set()
    found = Handover.objects.filter(event_id__in=anonymous).values_list("event_id", flat=True)
    return {pk for pk in found if pk is not None}


# --- Chases (đôn đốc) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Chases:
    """How many times a task was chased, and the day of the last chase (None: never)."""

    count: int = 0
    last: dt.date | None = None


def chases_of(events: Iterable[TaskEvent]) -> Chases:
    """The chases among a task's events already read (the task page): no query."""
    days = [e.effective_on for e in events if e.kind == Kind.CHASED]
    return Chases(len(days), max(days)) if days else Chases()


def chases_in(history: rules.History) -> Chases:
    """The chases in a history already read (load_histories: up to its day): no query."""
    days = [e.on for e in history.events if e.kind == Kind.CHASED]
    return Chases(len(days), max(days)) if days else Chases()


def overdue_for_chase(*, assigner: Unit, unit: Unit, on: dt.date) -> QuerySet[Task]:
    """The tasks `assigner` gave that `unit` (or a unit under it) leads on `on` and that are open
    and overdue that day: the figures' "overdue" class (stats.class_q) on the spans the figures
    read (stats.spans_led_by): exactly the tasks the unit's start page counts as overdue, and
    a report of the unit as of `on` whose period holds every assignment up to that day."""
    spans = spans_led_by(unit, on, "overdue").filter(assigner=assigner)
    return Task.objects.filter(pk__in=spans.values("task_id"))
