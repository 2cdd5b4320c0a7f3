from __future__ import annotations

import datetime as dt

import holidays

from dondoc.workdays.models import CalendarOverride, DayKind
from dondoc.workdays.rules import WorkingCalendar


def working_calendar(*, start: dt.date, end: dt.date) -> WorkingCalendar:
    """Vietnam's public holidays (from `holidays`) for the years from `start` to `end`, corrected by
    the administrators' overrides."""
    years = range(start.year, end.year + 2)  # a deadline counted from late December ends next year
    days_off = set(holidays.country_holidays("VN", years=years))
    working: set[dt.date] = set()
    for override in CalendarOverride.objects.filter(day__year__in=list(years)):
        if override.kind == DayKind.DAY_OFF:
            days_off.add(override.day)
        else:
            days_off.discard(override.day)
            working.add(override.day)
    return WorkingCalendar.of(days_off, working)
