"""The weekly digest: on the first working day of each ISO week, each office officer and each
leader is told what is theirs to follow up.

- An office officer (Role.OFFICE) follows the tasks his committee assigned;
- a leader (Role.LEADER) the tasks he assigned personally (reports/leader_views.leader_of: the
  chairman's, or a vice chairman's by his name, as the leader's page counts them).

Of those, the digest lists the tasks due soon (the due-soon window of the counting rules,
DONDOC_DUE_SOON_DAYS), overdue, awaiting confirmation of a completion report, and with an
extension request awaiting a decision, as of the digest's day. Each group is the figure of the
figures page with the same name (stats.figure_tasks over every task assigned up to that day), so
its link opens the task list of exactly those tasks. A user with nothing to follow up gets no
digest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from dondoc.accounts.models import Role, User
from dondoc.notifications.models import Kind
from dondoc.notifications.outbox import Item
from dondoc.organisations.selectors import committee_of
from dondoc.reports.leader_views import leader_of
from dondoc.reports.links import figure_url
from dondoc.tasks.filters import EXTENSION_REQUESTED
from dondoc.tasks.models import Task
from dondoc.tasks.stats import StatsQuery, figure_tasks
from dondoc.workdays.rules import WorkingCalendar

# The groups of a digest, in the mail's order: (name, the figure behind it).
GROUPS = (
    ("overdue", "overdue"),
    ("due_soon", "due_soon"),
    ("awaiting_confirmation", "awaiting_confirmation"),
    ("extension_requested", "open"),
)
LISTED = 10  # tasks named per group; the link lists them all
TITLE_LENGTH = 200


def is_digest_day(day: dt.date, calendar: WorkingCalendar) -> bool:
    """Whether `day` is the first working day of its ISO week (a Monday, or the Tuesday after a
    Monday off…)."""
    if not calendar.is_working_day(day):
        return False
    monday = day - dt.timedelta(days=day.weekday())
    return not any(
        calendar.is_working_day(monday + dt.timedelta(days=n)) for n in range(day.weekday())
    )


def digest_key(user_id: int, day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"digest:{user_id}:{year}-W{week:02d}"


def followed_by(user: User, day: dt.date) -> StatsQuery | None:
    """The tasks `user` follows up, as a report over every task assigned up to `day`, as of `day`
    (None: a user who follows none)."""
    if user.unit is None:
        return None
    start = dt.date(settings.DONDOC_YEAR_MIN, 1, 1)
    if user.role == Role.LEADER:
        return leader_of(user).query(start, day, day)
    if user.role == Role.OFFICE:
        return StatsQuery(committee_of(user.unit), start, day, day)
    return None


def digest_data(query: StatsQuery) -> dict[str, Any]:
    """The digest of one user: per group its count, its first tasks and the list's link."""
    groups: dict[str, Any] = {}
    for name, figure in GROUPS:
        tasks: QuerySet[Task] = figure_tasks(query, "report", figure)
        link = figure_url(query, "report", figure)
        if name == "extension_requested":
            tasks = tasks.filter(extension_requested_on__isnull=False)
            link += f"&cho={EXTENSION_REQUESTED}"
        count = tasks.count()
        first = tasks.order_by("current_deadline", "id").values_list(
            "id", "title", "current_deadline"
        )[:LISTED]
        listed = [
            {"id": pk, "title": title[:TITLE_LENGTH], "deadline": deadline and deadline.isoformat()}
            for pk, title, deadline in (first if count else [])
        ]
        groups[name] = {"count": count, "tasks": listed, "link": link}
    return {"day": query.as_of.isoformat(), "assigner": query.assigner.name, "groups": groups}


def digest_items(day: dt.date) -> list[Item]:
    """The weekly digests of `day`: one item per office officer and leader with something to
    follow up."""
    items = []
    people = User.objects.filter(
        is_active=True, role__in=[Role.OFFICE, Role.LEADER], unit__isnull=False
    ).select_related("unit")
    for user in people.order_by("id"):
        query = followed_by(user, day)
        if query is None:
            continue
        data = digest_data(query)
        if not any(group["count"] for group in data["groups"].values()):
            continue
        items.append(Item(Kind.WEEKLY_DIGEST, user.pk, key=digest_key(user.pk, day), data=data))
    return items
