"""The rules of when a reminder falls (notifications/reminders.py), without the database except
where the calendar's overrides are read."""

from __future__ import annotations

import datetime as dt
import itertools

import holidays
import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dondoc.conf import env_int_list
from dondoc.notifications.reminders import (
    OVERDUE_LOOKBACK_DAYS,
    Due,
    Reminder,
    ReminderSettings,
    deadlines_reminded_on,
    parse_days_before,
    reminder_on,
)
from dondoc.workdays.models import CalendarOverride, DayKind
from dondoc.workdays.rules import WorkingCalendar
from dondoc.workdays.services import working_calendar

VIETNAM = WorkingCalendar.of(holidays.country_holidays("VN", years=range(2019, 2031)))
DEFAULT = ReminderSettings()
D = dt.date


def reminders(deadline: dt.date, first: dt.date, last: dt.date, settings=DEFAULT, calendar=VIETNAM):
    """Every reminder of a task open from `first` to `last` with `deadline`, by day."""
    out = {}
    day = first
    while day <= last:
        if (due := reminder_on(deadline, day, calendar, settings)) is not None:
            out[day] = due
        day += dt.timedelta(days=1)
    return out


def test_a_friday_deadline_is_reminded_5_and_1_working_days_before_on_the_day_and_every_3_after():
    found = reminders(D(2026, 6, 19), D(2026, 6, 1), D(2026, 6, 30))
    assert found == {
        D(2026, 6, 12): Due(Reminder.BEFORE, 5),
        D(2026, 6, 18): Due(Reminder.BEFORE, 1),
        D(2026, 6, 19): Due(Reminder.DUE, 0),
        D(2026, 6, 24): Due(Reminder.OVERDUE, 3),
        D(2026, 6, 29): Due(Reminder.OVERDUE, 6),
    }


def test_a_deadline_on_a_saturday_is_reminded_as_due_on_the_friday_before_and_late_from_monday():
    found = reminders(D(2026, 6, 20), D(2026, 6, 10), D(2026, 6, 26))
    assert found == {
        D(2026, 6, 12): Due(Reminder.BEFORE, 5),
        D(2026, 6, 18): Due(Reminder.BEFORE, 1),
        D(2026, 6, 19): Due(Reminder.DUE, 0),
        # Monday 22 is the first working day after the deadline, Wednesday 24 the third.
        D(2026, 6, 24): Due(Reminder.OVERDUE, 3),
    }


def test_a_deadline_in_tet_2026_is_due_before_the_holiday_and_late_after_it():
    # Tết 2026: Monday 16 to Friday 20 February off.
    found = reminders(D(2026, 2, 17), D(2026, 2, 1), D(2026, 2, 27))
    assert found == {
        D(2026, 2, 6): Due(Reminder.BEFORE, 5),
        D(2026, 2, 12): Due(Reminder.BEFORE, 1),
        D(2026, 2, 13): Due(Reminder.DUE, 0),
        D(2026, 2, 25): Due(Reminder.OVERDUE, 3),
    }


def test_other_settings_change_the_days():
    settings = ReminderSettings(days_before=(2,), overdue_every=1)
    found = reminders(D(2026, 6, 19), D(2026, 6, 15), D(2026, 6, 23), settings)
    assert found == {
        D(2026, 6, 17): Due(Reminder.BEFORE, 2),
        D(2026, 6, 19): Due(Reminder.DUE, 0),
        D(2026, 6, 22): Due(Reminder.OVERDUE, 1),
        D(2026, 6, 23): Due(Reminder.OVERDUE, 2),
    }


def test_a_task_overdue_longer_than_the_lookback_is_no_longer_reminded():
    deadline = D(2020, 1, 3)
    far = deadline + dt.timedelta(days=OVERDUE_LOOKBACK_DAYS + 30)
    assert reminders(deadline, far, far + dt.timedelta(days=30)) == {}


@pytest.mark.parametrize(
    ("raw", "days"), [("5,1", (5, 1)), ("1, 5", (5, 1)), ("3", (3,)), ("10,2,1", (10, 2, 1))]
)
def test_the_days_before_are_read_from_a_list(raw, days):
    assert parse_days_before(raw) == days


@pytest.mark.parametrize("raw", ["", "5;1", "0", "5,5", "-1", "a", "5,,x"])
def test_bad_days_before_are_refused(raw):
    with pytest.raises(ValueError):
        parse_days_before(raw)


def test_settings_refuse_nonsense():
    with pytest.raises(ValueError):
        ReminderSettings(days_before=(), overdue_every=3)
    with pytest.raises(ValueError):
        ReminderSettings(days_before=(1,), overdue_every=0)


days = st.dates(min_value=D(2022, 1, 1), max_value=D(2028, 12, 31))
settings_strategy = st.builds(
    ReminderSettings,
    days_before=st.lists(st.integers(1, 15), min_size=1, max_size=3, unique=True).map(tuple),
    overdue_every=st.integers(1, 7),
)


@hypothesis_settings(deadline=None)
@given(days, settings_strategy)
def test_reminders_never_fall_on_a_day_off_and_the_deadline_is_due_exactly_once(deadline, settings):
    found = reminders(
        deadline, deadline - dt.timedelta(days=50), deadline + dt.timedelta(days=60), settings
    )
    assert all(VIETNAM.is_working_day(day) for day in found)
    assert [due.kind for due in found.values()].count(Reminder.DUE) == 1
    before = sorted(due.working_days for due in found.values() if due.kind == Reminder.BEFORE)
    assert before == sorted(settings.days_before)


@hypothesis_settings(deadline=None)
@given(days, settings_strategy)
def test_overdue_reminders_are_spaced_by_m_working_days(deadline, settings):
    found = reminders(deadline, deadline, deadline + dt.timedelta(days=90), settings)
    late = sorted(day for day, due in found.items() if due.kind == Reminder.OVERDUE)
    assert late, "a task open 90 days after its deadline is reminded"
    assert VIETNAM.working_days_between(deadline, late[0]) == settings.overdue_every
    for earlier, later in itertools.pairwise(late):
        assert VIETNAM.working_days_between(earlier, later) == settings.overdue_every


@hypothesis_settings(deadline=None, max_examples=15)
@given(days, settings_strategy)
def test_the_planners_deadlines_are_exactly_those_reminded_that_day(day, settings):
    planned = deadlines_reminded_on(day, VIETNAM, settings)
    for deadline, due in planned.items():
        assert reminder_on(deadline, day, VIETNAM, settings) == due
    window = [day + dt.timedelta(days=n) for n in range(-200, 40)]
    for deadline in window:
        if (found := reminder_on(deadline, day, VIETNAM, settings)) is not None:
            assert planned.get(deadline) == found


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_reminders_around_tet_fall_on_working_days(year):
    # The calendar the planner uses, with an administrator's extra day off as well.
    CalendarOverride.objects.create(day=D(year, 3, 2), kind=DayKind.DAY_OFF, name="Nghỉ thêm")
    calendar = working_calendar(start=D(year - 1, 12, 1), end=D(year, 4, 30))
    tet = {
        day for day, name in holidays.country_holidays("VN", years=year).items() if day.month < 3
    }
    assert len(tet) >= 5
    deadline = D(year, 1, 10)
    while deadline <= D(year, 3, 10):
        found = reminders(
            deadline,
            deadline - dt.timedelta(days=30),
            deadline + dt.timedelta(days=45),
            calendar=calendar,
        )
        assert found and all(calendar.is_working_day(day) for day in found)
        assert not set(found) & tet
        assert D(year, 3, 2) not in found
        assert [due.kind for due in found.values()].count(Reminder.DUE) == 1
        deadline += dt.timedelta(days=1)


def test_the_reminder_settings_are_read_from_the_environment_and_bad_values_stop_the_start():
    assert env_int_list("R", [5, 1], minimum=1, env={}) == [5, 1]
    assert env_int_list("R", [5, 1], minimum=1, env={"R": " 7, 2 ,1"}) == [7, 2, 1]
    for raw, words in [("5;1", "whole numbers"), ("5,0", "at least 1"), ("3,3", "3 twice")]:
        with pytest.raises(ImproperlyConfigured, match=words):
            env_int_list("R", [5, 1], minimum=1, env={"R": raw})
