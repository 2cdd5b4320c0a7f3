"""When a task's automatic reminders fall, with no Django import.

A task open with a deadline in force D is reminded to its lead unit:
- **before**: N working days before D, for each N of the setting (default 5 and 1);
- **due**: on D;
- **overdue**: every M working days after D while it stays open (default 3: the 3rd, 6th, 9th…
  working day after D).

Reminders fall on working days only (the calendar of `workdays`: Vietnamese holidays including
Tết, the administrators' overrides). RULES.md accepts a deadline on a day off as given ("the
system records that very day") and counts a task overdue from the day after it. So a deadline on
a day off is reminded as due on the **last working day before it**, the last day the unit can act
in office hours, and the "before" reminders count back from that working day; the overdue ones
count the working days after the deadline itself (working_days_between), so the first working
day after a Sunday deadline is overdue day 1.

`reminder_on` answers for one deadline and one day; `deadlines_reminded_on` answers the planner's
question the other way round (which deadlines are reminded on a given day), so that one query
finds every task of the country due for a reminder. Both read the same rules and a test checks
that they agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from dondoc.workdays.rules import WorkingCalendar

_ONE_DAY = dt.timedelta(days=1)
# How far back the planner looks for overdue deadlines: a task overdue for longer than this (five
# years) is no longer reminded automatically; the office still sees it and may chase it by hand.
OVERDUE_LOOKBACK_DAYS = 5 * 366
_LOOKBACK = dt.timedelta(days=OVERDUE_LOOKBACK_DAYS)


class Reminder(StrEnum):
    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class ReminderSettings:
    days_before: tuple[int, ...] = (5, 1)  # working days before the deadline
    overdue_every: int = 3  # working days between two overdue reminders

    def __post_init__(self) -> None:
        if not self.days_before or any(n < 1 for n in self.days_before):
            raise ValueError("days_before must list working days of 1 or more")
        if len(set(self.days_before)) != len(self.days_before):
            raise ValueError("days_before must not repeat a day")
        if self.overdue_every < 1:
            raise ValueError("overdue_every must be 1 or more")


@dataclass(frozen=True)
class Due:
    """A reminder falling on a day: its kind and the working days left (before) or overdue
    (overdue); 0 for the deadline day."""

    kind: Reminder
    working_days: int


def parse_days_before(raw: str) -> tuple[int, ...]:
    """ "5,1" → (5, 1), the days sorted from the farthest; ValueError on anything else."""
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    try:
        days = tuple(sorted({int(part) for part in parts}, reverse=True))
    except ValueError:
        raise ValueError(f"{raw!r} is not a list of whole numbers separated by commas") from None
    if not days or len(days) != len(parts) or days[-1] < 1:
        raise ValueError(f"{raw!r} must list different working days, each 1 or more")
    return days


def last_working_day(day: dt.date, calendar: WorkingCalendar) -> dt.date:
    """`day` if it is a working day, else the last working day before it."""
    while not calendar.is_working_day(day):
        day -= _ONE_DAY
    return day


def subtract_working_days(day: dt.date, count: int, calendar: WorkingCalendar) -> dt.date:
    """The working day `count` working days before the working day `day`."""
    while count:
        day -= _ONE_DAY
        if calendar.is_working_day(day):
            count -= 1
    return day


def reminder_on(
    deadline: dt.date, day: dt.date, calendar: WorkingCalendar, settings: ReminderSettings
) -> Due | None:
    """The reminder of a task open on `day` with `deadline` in force, if one falls on `day`."""
    if not calendar.is_working_day(day):
        return None
    if day > deadline:
        if day - deadline > _LOOKBACK:
            return None
        late = calendar.working_days_between(deadline, day)
        return Due(Reminder.OVERDUE, late) if late % settings.overdue_every == 0 else None
    due = last_working_day(deadline, calendar)
    if day == due:
        return Due(Reminder.DUE, 0)
    left = calendar.working_days_between(day, due)
    return Due(Reminder.BEFORE, left) if left in settings.days_before else None


def deadlines_reminded_on(
    day: dt.date, calendar: WorkingCalendar, settings: ReminderSettings
) -> dict[dt.date, Due]:
    """Every deadline a task open on `day` may have for a reminder to fall on `day`, with that
    reminder: the planner's one query asks for the open tasks whose deadline is among these."""
    if not calendar.is_working_day(day):
        return {}
    found: dict[dt.date, Due] = {}
    # "due" on `day`: the deadline `day` and the days off after it up to the next working day.
    for deadline in _covered_by(day, calendar):
        found[deadline] = Due(Reminder.DUE, 0)
    # "before": the working day N working days ahead and the days off it covers.
    for count in settings.days_before:
        ahead = calendar.add_working_days(day, count)
        for deadline in _covered_by(ahead, calendar):
            found[deadline] = Due(Reminder.BEFORE, count)
    # "overdue": walking back, every deadline with a multiple of M working days up to `day`.
    late, deadline = 0, day
    while (day - deadline) < _LOOKBACK:
        if calendar.is_working_day(deadline):
            late += 1  # the working days after `deadline - 1 day` up to `day`
        deadline -= _ONE_DAY
        if late and late % settings.overdue_every == 0:
            found[deadline] = Due(Reminder.OVERDUE, late)
    return found


def _covered_by(working_day: dt.date, calendar: WorkingCalendar) -> list[dt.date]:
    """The deadlines whose "due" day is `working_day`: itself and the days off that follow it."""
    days = [working_day]
    day = working_day + _ONE_DAY
    while not calendar.is_working_day(day):
        days.append(day)
        day += _ONE_DAY
    return days
