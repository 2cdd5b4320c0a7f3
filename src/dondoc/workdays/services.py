from __future__ import annotations

import datetime as dt

import holidays
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dondoc.core.dates import format_date
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


def day_off_name(day: dt.date) -> str | None:
    """What makes `day` a day off, named for the user: the administrators' reason for an extra
    day off ("Nghỉ bù Tết Nguyên đán"), the public holiday ("Tết Nguyên Đán", in the page's
    language), or the weekend day ("Thứ Bảy", "Chủ nhật"); None on a working day (a Saturday
    worked in exchange included)."""
    override = CalendarOverride.objects.filter(day=day).first()
    if override is not None:
        return override.name if override.kind == DayKind.DAY_OFF else None
    language = "en_US" if (get_language() or "vi").startswith("en") else "vi"
    holiday = holidays.country_holidays("VN", years=day.year, language=language).get(day)
    if holiday:
        return str(holiday)
    if day.weekday() == 5:
        return _("Thứ Bảy")
    if day.weekday() == 6:
        return _("Chủ nhật")
    return None


def day_off_note(day: dt.date | None, *, label: str) -> str | None:
    """The note shown when a deadline (or another day the user chose, `label`) falls on a day
    off: it is accepted as given, and the user is told which day it is."""
    if day is None or (name := day_off_name(day)) is None:
        return None
    return _("%(label)s %(date)s là ngày nghỉ (%(name)s); hệ thống vẫn ghi nhận đúng ngày này.") % {
        "label": label,
        "date": format_date(day),
        "name": name,
    }
