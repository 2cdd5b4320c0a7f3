"""Which day off a day is, named for the user: the weekend day, the public holiday, or the
administrators' own reason; a working day (a Saturday worked in exchange too) has no name."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from django.utils import translation

from dondoc.workdays.models import CalendarOverride, DayKind
from dondoc.workdays.services import day_off_name, day_off_note

pytestmark = pytest.mark.django_db

SATURDAY = dt.date(2026, 6, 13)
SUNDAY = dt.date(2026, 6, 14)
MONDAY = dt.date(2026, 6, 15)


def _tet(year: int) -> dt.date:
    """A weekday of Tết in `year`, as the `holidays` package has it."""
    days = holidays.country_holidays("VN", years=year, language="vi")
    return next(d for d, name in sorted(days.items()) if "Tết Nguyên Đán" in name and d.weekday() < 5)  # fmt: skip


def test_weekend_days_are_named_in_vietnamese():
    with translation.override("vi"):
        assert day_off_name(SATURDAY) == "Thứ Bảy"
        assert day_off_name(SUNDAY) == "Chủ nhật"
        assert day_off_name(MONDAY) is None


def test_a_public_holiday_is_named_as_it_is_called():
    with translation.override("vi"):
        assert "Tết Nguyên Đán" in (day_off_name(_tet(2027)) or "")
        assert day_off_name(dt.date(2026, 9, 2)) == "Quốc khánh"
    with translation.override("en"):
        assert "Lunar New Year" in (day_off_name(_tet(2027)) or "")


def test_the_administrators_overrides_come_first():
    CalendarOverride.objects.create(day=MONDAY, kind=DayKind.DAY_OFF, name="Nghỉ bù Tết")
    CalendarOverride.objects.create(day=SATURDAY, kind=DayKind.WORKING_DAY, name="Làm bù")
    assert day_off_name(MONDAY) == "Nghỉ bù Tết"
    assert day_off_name(SATURDAY) is None


def test_the_note_names_the_day_and_says_it_is_kept():
    with translation.override("vi"):
        note = day_off_note(SATURDAY, label="Hạn xử lý")
        assert note is not None and "Hạn xử lý 13/06/2026" in note and "Thứ Bảy" in note
        assert day_off_note(MONDAY, label="Hạn xử lý") is None
        assert day_off_note(None, label="Hạn xử lý") is None
