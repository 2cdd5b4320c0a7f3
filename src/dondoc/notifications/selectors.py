"""Reads of the notifications app: who a notification goes to, a user's in-app rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TypeVar

from django.db.models import Q, QuerySet

from dondoc.accounts.models import Role, User
from dondoc.notifications.models import Channel, Notification
from dondoc.organisations.models import UnitKind

T = TypeVar("T")
# Ids per `IN (…)` list: under SQLite's oldest limit of bound variables, and short enough for any.
CHUNK = 900


def chunked(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    chunk: list[T] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _people(q: Q) -> QuerySet[User]:
    return User.objects.filter(q, is_active=True).order_by("id")


def recipients_of_unit(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """The active users who act for each unit, by unit id: its head and officers (and anyone in its
    office role), and for a people's committee also the officers of its office (Văn phòng), who
    follow its tasks. One query per 900 units. Units without anyone are left out."""
    found: dict[int, list[int]] = defaultdict(list)
    for ids in chunked(sorted(set(unit_ids))):
        rows = _people(
            Q(unit_id__in=ids, role__in=[Role.UNIT_HEAD, Role.UNIT_OFFICER, Role.OFFICE])
            | Q(
                role=Role.OFFICE,
                unit__kind=UnitKind.OFFICE,
                unit__parent_id__in=ids,
                unit__parent__kind__in=UnitKind.committees(),
            )
        ).values_list("id", "unit_id", "unit__parent_id")
        wanted = set(ids)
        for user_id, unit_id, parent_id in rows:
            # A user counts for his own unit when it is asked, else for the committee above.
            unit = unit_id if unit_id in wanted else parent_id
            if unit is not None:
                found[unit].append(user_id)
    return dict(found)


def office_of_assigners(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """Who follows up for each assigning unit, by unit id: for a people's committee, the office
    officers of its office (or those set on the committee itself); for an assigning unit that is
    not a committee (a department giving its divisions work), its head. One query per 900 units."""
    found: dict[int, list[int]] = defaultdict(list)
    committees = UnitKind.committees()
    for ids in chunked(sorted(set(unit_ids))):
        rows = _people(
            Q(
                role=Role.OFFICE,
                unit__kind=UnitKind.OFFICE,
                unit__parent_id__in=ids,
                unit__parent__kind__in=committees,
            )
            | Q(role=Role.OFFICE, unit_id__in=ids, unit__kind__in=committees)
            | Q(role=Role.UNIT_HEAD, unit_id__in=ids, unit__kind__in=_not_committees())
        ).values_list("id", "unit_id", "unit__parent_id")
        wanted = set(ids)
        for user_id, unit_id, parent_id in rows:
            unit = unit_id if unit_id in wanted else parent_id
            if unit is not None:
                found[unit].append(user_id)
    return dict(found)


def _not_committees() -> list[str]:
    return [kind for kind in UnitKind.values if kind not in UnitKind.committees()]


def inbox(user: User) -> QuerySet[Notification]:
    """The user's in-app notifications, newest first (index notification_inbox), each with its
    task and the event's words (a chase's text, a return's reason)."""
    return (
        Notification.objects.filter(recipient=user, channel=Channel.IN_APP)
        .select_related("task", "event")
        .order_by("-id")
    )


def unread_count(user: User) -> int:
    """The bell's number: one indexed count (notification_inbox)."""
    return Notification.objects.filter(
        recipient=user, channel=Channel.IN_APP, read_at__isnull=True
    ).count()
