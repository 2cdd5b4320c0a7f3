"""Working-day arithmetic, with no Django import.

A deadline may be given as "N working days from the assigned date". Working days are Monday to
Friday, less public holidays and the extra days off the government announces, plus the Saturdays
it declares working days in exchange (both are administrator overrides in the calendar).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkingCalendar:
    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    working_days: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls, days_off: Iterable[dt.date], working_days: Iterable[dt.date] = ()
    ) -> WorkingCalendar:
        return cls(frozenset(days_off), frozenset(working_days))

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.working_days:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (`start` itself is not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        while count:
            day += _ONE_DAY
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
        total, day = 0, start
        while day < end:
            day += _ONE_DAY
            total += self.is_working_day(day)
        return total
