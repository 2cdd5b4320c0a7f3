"""Reads of tasks that several pages need: classes as of a day, inbox order, the office queue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dondoc.organisations.models import Unit, within_q
from dondoc.tasks import rules
from dondoc.tasks.models import Status, Task
from dondoc.tasks.rules import Bucket, Classification
from dondoc.tasks.stats import due_soon_days, load_histories

CLASS_CHOICES = [
    ("open", _("Đang thực hiện")),
    ("within", _("Trong hạn")),
    ("due_soon", _("Sắp đến hạn")),
    ("overdue", _("Quá hạn")),
    ("awaiting_confirmation", _("Chờ xác nhận hoàn thành")),
    ("completed", _("Đã hoàn thành")),
    ("ahead", _("Hoàn thành trước hạn")),
    ("on_time", _("Hoàn thành đúng hạn")),
    ("late", _("Hoàn thành quá hạn")),
    ("no_deadline", _("Không có thời hạn")),
    ("cancelled", _("Đã hủy")),
]

BUCKET_LABELS = {
    Bucket.AHEAD: _("Hoàn thành trước hạn"),
    Bucket.ON_TIME: _("Hoàn thành đúng hạn"),
    Bucket.LATE: _("Hoàn thành quá hạn"),
    Bucket.COMPLETED_NO_DEADLINE: _("Đã hoàn thành"),
    Bucket.WITHIN: _("Trong hạn"),
    Bucket.OVERDUE: _("Quá hạn"),
    Bucket.OPEN_NO_DEADLINE: _("Không có thời hạn"),
}


def classify_tasks(tasks: Iterable[Task], as_of: dt.date) -> dict[int, Classification]:
    """Each task's class as of `as_of`, by the counting rules: one query for all their events."""
    tasks = list(tasks)
    histories = load_histories(tasks, until=as_of)
    window = due_soon_days()
    return {pk: rules.classify(h, as_of, due_soon_days=window) for pk, h in histories.items()}


def matches(c: Classification, wanted: str) -> bool:
    if wanted == "cancelled":
        return c.cancelled
    if c.bucket is None:
        return False
    return {
        "open": not c.completed,
        "within": c.bucket == Bucket.WITHIN,
        "due_soon": c.due_soon,
        "overdue": c.bucket == Bucket.OVERDUE,
        "awaiting_confirmation": c.awaiting_confirmation,
        "completed": c.completed,
        "ahead": c.bucket == Bucket.AHEAD,
        "on_time": c.bucket == Bucket.ON_TIME,
        "late": c.bucket == Bucket.LATE,
        "no_deadline": c.bucket in (Bucket.OPEN_NO_DEADLINE, Bucket.COMPLETED_NO_DEADLINE),
    }.get(wanted, True)


def ids_in_class(tasks: QuerySet[Task], as_of: dt.date, wanted: str) -> list[int]:
    """Ids of `tasks` assigned by `as_of` whose class on that day is `wanted` (two queries)."""
    candidates = list(
        tasks.filter(assigned_on__lte=as_of).only("id", "assigned_on", "deadline", "lead_unit_id")
    )
    classes = classify_tasks(candidates, as_of)
    return [t.pk for t in candidates if matches(classes[t.pk], wanted)]


def inbox(unit: Unit, as_of: dt.date) -> list[tuple[Task, Classification]]:
    """A unit's open tasks (its own and its sub-units'): overdue first, then due soon, then the rest."""
    tasks = list(
        Task.objects.filter(
            within_q("current_lead_unit", unit), current_status=Status.OPEN, assigned_on__lte=as_of
        ).select_related("assigner", "current_lead_unit", "document")
    )
    classes = classify_tasks(tasks, as_of)

    def order(task: Task) -> tuple[int, dt.date]:
        c = classes[task.pk]
        rank = 0 if c.bucket == Bucket.OVERDUE else 1 if c.due_soon else 2
        return rank, c.state.deadline or dt.date.max

    return [(task, classes[task.pk]) for task in sorted(tasks, key=order)]


def office_queue(assigner: Unit) -> QuerySet[Task]:
    """What waits for the assigner's office: completion reports to confirm, extensions to decide."""
    return (
        Task.objects.filter(assigner=assigner, current_status=Status.OPEN)
        .filter(Q(reported_on__isnull=False) | Q(extension_requested_on__isnull=False))
        .select_related("current_lead_unit")
        .order_by("reported_on", "extension_requested_on", "id")
    )
