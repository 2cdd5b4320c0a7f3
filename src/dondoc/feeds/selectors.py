"""What a calendar address shows: the deadlines in force of the open tasks its user sees."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from dondoc.accounts.models import User
from dondoc.feeds.models import CalendarToken
from dondoc.feeds.services import digest_of
from dondoc.tasks.access import visible_tasks
from dondoc.tasks.models import Status, Task

# The deadlines a feed holds: every overdue one (an open task overdue for years is the one most
# needing follow-up) and those up to two years ahead of the day it is read, at most MAX_EVENTS of
# them (the coming ones first, then the overdue, latest first): a calendar app reads the whole
# file every time, and a province's office sees tens of thousands of tasks.
DAYS_AHEAD = 2 * 365
MAX_EVENTS = 2000
# What an event reads of a task.
FEED_FIELDS = ("title", "current_deadline", "version", "assigner__short_name",
               "current_lead_unit__short_name")  # fmt: skip


def live_token(user: User) -> CalendarToken | None:
    """The user's calendar address in use, if any."""
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()


def user_for_token(token: str) -> User | None:
    """The active user whose calendar address in use has `token`; None for any other token."""
    found = (
        CalendarToken.objects.filter(digest=digest_of(token), revoked_at__isnull=True)
        .select_related("user", "user__unit")
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    return found.user


def feed_tasks(user: User, day: dt.date) -> list[Task]:
    """The open tasks `user` sees (tasks.access.visible_tasks) whose deadline in force has passed
    or comes within DAYS_AHEAD of `day`: the coming ones first, then the overdue, MAX_EVENTS at
    most."""
    tasks: QuerySet[Task] = (
        visible_tasks(user)
        .filter(current_status=Status.OPEN, current_deadline__isnull=False)
        .select_related("assigner", "current_lead_unit")
        .only(*FEED_FIELDS)
    )
    coming = list(
        tasks.filter(
            current_deadline__gte=day, current_deadline__lte=day + dt.timedelta(days=DAYS_AHEAD)
        ).order_by("current_deadline", "pk")[:MAX_EVENTS]
    )
    room = MAX_EVENTS - len(coming)
    past = (
        list(tasks.filter(current_deadline__lt=day).order_by("-current_deadline", "-pk")[:room])
        if room
        else []
    )
    return coming + past
