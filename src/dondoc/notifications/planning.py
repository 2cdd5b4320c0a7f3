"""Planning the automatic reminders and the weekly digests into the outbox.

`plan_due(day)` plans, for the whole country at once, every day from the one after the last day
planned (PlannedDay; at most CATCH_UP_DAYS back) up to `day`: a day the scheduled run missed is
planned late rather than never. One day's plan is set-based:

1. the deadlines due for a reminder that day, computed in Python from the working-day calendar
   (reminders.deadlines_reminded_on: the deadlines 5 and 1 working days ahead, the day itself and
   the days off it covers, and every M-th working day back over five years);
2. ONE query of the tasks open now whose deadline in force is among them and whose completion
   report is not awaiting confirmation (the task's cached state, Task.current_status,
   current_deadline and reported_on, which every event refreshes);
3. the lead units' people in one query per 900 units (outbox.recipients_of_unit);
4. outbox.enqueue_many, with keys `rem:<task>:<kind>:<deadline>:<day>`: a second plan of the same
   day writes nothing, an extension (a new deadline in force) gives new keys on new days, a
   reported completion pauses them (the unit has done its part; the office is told), a return
   re-arms them, and a confirmed or cancelled task is no longer open, so it gets none.

The planner reads today's state of the tasks, also for a day it catches up: a task confirmed since
is not reminded for the day missed.

On the first working day of an ISO week the day's plan also writes the weekly digest of each
office officer and each leader (digest.py), keyed `digest:<user>:<year>-W<week>`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max

from dondoc.notifications.digest import digest_items, is_digest_day
from dondoc.notifications.models import Kind, PlannedDay
from dondoc.notifications.outbox import Item, enqueue_many, recipients_of_unit
from dondoc.notifications.reminders import (
    OVERDUE_LOOKBACK_DAYS,
    Due,
    Reminder,
    ReminderSettings,
    deadlines_reminded_on,
)
from dondoc.tasks.models import Status, Task
from dondoc.workdays.rules import WorkingCalendar
from dondoc.workdays.services import working_calendar

# How many days back a missed run is caught up, the day asked for included.
CATCH_UP_DAYS = 7
KIND_OF = {
    Reminder.BEFORE: Kind.REMINDER_BEFORE,
    Reminder.DUE: Kind.REMINDER_DUE,
    Reminder.OVERDUE: Kind.REMINDER_OVERDUE,
}
TITLE_LENGTH = 300  # of a task's title kept in a notification's data


@dataclass
class PlanResult:
    """What a plan wrote (or, in a dry run, would write): the days planned, the tasks reminded,
    and the items for the outbox (one per task and person) with the rows they became (one per
    channel the person wants; 0 in a dry run)."""

    days: list[dt.date] = field(default_factory=list)
    tasks: int = 0
    reminder_items: int = 0
    digest_items: int = 0
    reminders: int = 0  # rows written
    digests: int = 0

    def describe(self, *, dry_run: bool = False) -> str:
        """One line for the command's output."""
        days = ", ".join(f"{day:%d/%m/%Y}" for day in self.days)
        if not self.days:
            return "planned nothing: the day is planned already"
        if dry_run:
            return (
                f"would plan {len(self.days)} day(s) ({days}): {self.tasks} tasks to remind, "
                f"{self.reminder_items} reminders and {self.digest_items} digests to people"
            )
        return (
            f"planned {len(self.days)} day(s) ({days}): {self.tasks} tasks to remind, "
            f"{self.reminders} reminder and {self.digests} digest notifications written"
        )


def reminder_settings() -> ReminderSettings:
    return ReminderSettings(
        days_before=tuple(settings.DONDOC_REMINDER_DAYS_BEFORE),
        overdue_every=settings.DONDOC_REMINDER_OVERDUE_EVERY,
    )


def days_to_plan(day: dt.date) -> list[dt.date]:
    """The days a plan up to `day` covers: those after the last day planned on or before `day`,
    at most CATCH_UP_DAYS back; only `day` when nothing was ever planned (a new installation
    does not send last week's reminders); none when `day` is planned already."""
    last = PlannedDay.objects.filter(day__lte=day).aggregate(last=Max("day"))["last"]
    if last is None:
        return [day]
    first = max(last + dt.timedelta(days=1), day - dt.timedelta(days=CATCH_UP_DAYS - 1))
    return [first + dt.timedelta(days=n) for n in range((day - first).days + 1)]


def plan_due(day: dt.date, *, dry_run: bool = False) -> PlanResult:
    """Plan the reminders and digests of every day not yet planned up to `day` (see the module
    docstring). Each day is planned in its own transaction with its PlannedDay row, so any number
    of copies may run at once: one plans a day, the others find it planned. `dry_run` writes
    nothing and counts what would be written."""
    result = PlanResult()
    days = days_to_plan(day)
    if not days:
        return result
    calendar = working_calendar(
        start=days[0] - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS + 7), end=day
    )
    rules = reminder_settings()
    for planned in days:
        # Read before the transaction: on SQLite a transaction holds the database's one write
        # lock from its start, and a digest day's reads (a report per office officer and leader)
        # would keep the site's writes waiting.
        tasks, reminders = reminder_items(planned, calendar, rules)
        digests = digest_items(planned) if is_digest_day(planned, calendar) else []
        if dry_run:
            _add(result, planned, tasks, reminders, digests, 0, 0)
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = PlannedDay.objects.create(day=planned)
            except IntegrityError:
                continue  # another copy of the command planned it
            record.reminders = enqueue_many(reminders)
            record.digests = enqueue_many(digests)
            record.save(update_fields=["reminders", "digests"])
        _add(result, planned, tasks, reminders, digests, record.reminders, record.digests)
    return result


def _add(
    result: PlanResult,
    day: dt.date,
    tasks: int,
    reminders: list[Item],
    digests: list[Item],
    reminder_rows: int,
    digest_rows: int,
) -> None:
    result.days.append(day)
    result.tasks += tasks
    result.reminder_items += len(reminders)
    result.digest_items += len(digests)
    result.reminders += reminder_rows
    result.digests += digest_rows


def reminder_items(
    day: dt.date, calendar: WorkingCalendar, rules: ReminderSettings
) -> tuple[int, list[Item]]:
    """The reminders falling on `day`, one item per task and person of its lead unit, and how
    many tasks they are about."""
    deadlines = deadlines_reminded_on(day, calendar, rules)
    if not deadlines:
        return 0, []
    # The index of the tasks by status and deadline answers this (task_status_deadline), in no
    # order; the assignment day is checked here, not in SQL, where SQLite would take the
    # assignment day's index instead, which holds nearly every task.
    tasks = [
        (task_id, title, deadline, unit_id)
        for task_id, title, deadline, unit_id, assigned_on in Task.objects.filter(
            current_status=Status.OPEN,
            current_deadline__in=sorted(deadlines),
            reported_on__isnull=True,
        )
        .order_by()
        .values_list("id", "title", "current_deadline", "current_lead_unit_id", "assigned_on")
        if assigned_on <= day
    ]
    people = recipients_of_unit({unit_id for _id, _title, _deadline, unit_id in tasks})
    items: list[Item] = []
    for task_id, title, deadline, unit_id in tasks:
        if deadline is None:  # never: the query asks for deadlines among `deadlines`
            continue
        due: Due = deadlines[deadline]
        kind = KIND_OF[due.kind]
        key = f"rem:{task_id}:{due.kind}:{deadline.isoformat()}:{day.isoformat()}"
        data = {
            "title": title[:TITLE_LENGTH],
            "deadline": deadline.isoformat(),
            "day": day.isoformat(),
            "working_days": due.working_days,
        }
        items.extend(
            Item(kind, user_id, task_id=task_id, key=key, data=data)
            for user_id in people.get(unit_id, ())
        )
    return len(tasks), items
