"""The plan_reminders measure of `make bench`: real work in every run, nothing kept."""

from __future__ import annotations

import pytest

from dondoc.accounts.models import User
from dondoc.bench.management.commands.bench import TARGETS
from dondoc.bench.runner import measure_plan_reminders
from dondoc.notifications.models import Notification, PlannedDay
from dondoc.organisations.models import Unit

pytestmark = pytest.mark.django_db


def test_plan_reminders_plans_the_day_in_every_run_with_an_officer_in_every_unit_and_keeps_nothing():
    users, rows = User.objects.count(), Notification.objects.count()
    result = measure_plan_reminders(2, say=lambda line: None)
    assert result["runs"] == 2 and result["median_ms"] > 0
    assert result["officers"] == Unit.objects.count()
    assert result["rows"] >= result["tasks"] >= 0
    assert User.objects.count() == users
    assert Notification.objects.count() == rows
    assert not PlannedDay.objects.exists()


def test_its_target_is_five_seconds():
    assert TARGETS["plan_reminders"] == ("median_ms", 5000, "max")
