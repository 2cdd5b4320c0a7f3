from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dondoc.workdays.models import CalendarOverride, DayKind
from dondoc.workdays.rules import WorkingCalendar
from dondoc.workdays.services import working_calendar

PLAIN = WorkingCalendar()


def test_working_days_skip_the_weekend():
    friday = dt.date(2020, 6, 19)
    assert PLAIN.add_working_days(friday, 1) == dt.date(2020, 6, 22)
    assert PLAIN.add_working_days(friday, 5) == dt.date(2020, 6, 26)
    assert PLAIN.add_working_days(friday, 0) == friday


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        PLAIN.add_working_days(dt.date(2020, 6, 19), -1)


@pytest.mark.django_db
def test_vietnamese_public_holidays_are_not_working_days():
    calendar = working_calendar(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert not calendar.is_working_day(dt.date(2025, 9, 2))  # National Day
    assert not calendar.is_working_day(dt.date(2025, 4, 30))  # Reunification Day
    assert not calendar.is_working_day(dt.date(2025, 5, 2))  # given off in 2025, with 1 May
    # 10 working days from Thursday 24 April 2025 skip 30 April, 1 and 2 May.
    assert calendar.add_working_days(dt.date(2025, 4, 24), 10) == dt.date(2025, 5, 13)


@pytest.mark.django_db
def test_administrator_overrides_add_days_off_and_working_saturdays():
    CalendarOverride.objects.create(day=dt.date(2025, 5, 5), kind=DayKind.DAY_OFF, name="Nghỉ thêm")
    CalendarOverride.objects.create(
        day=dt.date(2025, 4, 26), kind=DayKind.WORKING_DAY, name="Làm bù"
    )
    calendar = working_calendar(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert not calendar.is_working_day(dt.date(2025, 5, 5))
    assert calendar.is_working_day(dt.date(2025, 4, 26))
    # One Saturday gained, one Monday lost: the same end as without overrides.
    assert calendar.add_working_days(dt.date(2025, 4, 24), 10) == dt.date(2025, 5, 13)
    assert calendar.add_working_days(dt.date(2025, 4, 24), 1) == dt.date(2025, 4, 25)
    assert calendar.add_working_days(dt.date(2025, 4, 25), 1) == dt.date(2025, 4, 26)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)), st.integers(0, 60))
def test_adding_n_working_days_lands_on_a_working_day_n_working_days_later(start, count):
    end = PLAIN.add_working_days(start, count)
    assert PLAIN.working_days_between(start, end) == count
    assert count == 0 or PLAIN.is_working_day(end)
