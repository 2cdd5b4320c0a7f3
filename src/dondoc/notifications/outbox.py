"""Writing notifications into the outbox: the one door for every app that notifies someone.

`enqueue_many` writes in the caller's transaction, so a notification exists exactly when the change
that causes it is committed. The reminder planner, the event hooks (events.py) and the weekly
digest all come through here. The row's channels follow the recipient's preferences
(models.Preference); a user without an e-mail address gets in-app rows only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from dondoc.accounts.models import User
from dondoc.notifications.models import (
    GROUP_OF_KIND,
    Channel,
    Kind,
    Notification,
    Preference,
    Status,
)
from dondoc.notifications.selectors import chunked, office_of_assigners, recipients_of_unit

__all__ = [
    "Item",
    "Wants",
    "enqueue_many",
    "office_of_assigners",
    "recipients_of_unit",
    "wants_of",
]

BATCH = 2000


@dataclass(frozen=True)
class Item:
    """A notification to write: what, to whom, about which task and event. Items with a `key` are
    written once per recipient and channel however often they are enqueued."""

    kind: str
    recipient_id: int
    task_id: int | None = None
    event_id: int | None = None
    key: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Wants:
    """What a user wants of one group of kinds."""

    email: bool = True
    in_app: bool = True
    email_digest: bool = False


DEFAULT = Wants()


def wants_of(user_ids: Iterable[int]) -> dict[int, dict[str, Wants]]:
    """Each user's stored preferences, by user id and group; a missing group means DEFAULT."""
    wants: dict[int, dict[str, Wants]] = {}
    for ids in chunked(sorted(set(user_ids))):
        for pref in Preference.objects.filter(user_id__in=ids):
            wants.setdefault(pref.user_id, {})[pref.group] = Wants(
                pref.email, pref.in_app, pref.email_digest
            )
    return wants


def _mailable(user_ids: set[int]) -> dict[int, bool]:
    """Active users by id, each with whether they have an e-mail address; inactive ones absent."""
    found: dict[int, bool] = {}
    for ids in chunked(sorted(user_ids)):
        rows = User.objects.filter(id__in=ids, is_active=True).values_list("id", "email")
        found.update((user_id, bool(email)) for user_id, email in rows)
    return found


def _written_keys(keys: set[str]) -> set[tuple[int, str, str]]:
    written: set[tuple[int, str, str]] = set()
    for chunk in chunked(sorted(keys)):
        written.update(
            Notification.objects.filter(key__in=chunk).values_list("recipient_id", "channel", "key")
        )
    return written


def enqueue_many(items: Iterable[Item]) -> int:
    """Write the rows for `items` in the caller's transaction and return how many were written.

    One row per item and per channel the recipient wants for the item's kind; nothing for an
    inactive user; items whose key was already written for that recipient and channel are skipped
    (and a concurrent writer of the same key is absorbed by the unique constraint). Preferences,
    addresses and written keys are read in a few queries for the whole lot, never per item.
    """
    items = list(items)
    if not items:
        return 0
    recipients = {item.recipient_id for item in items}
    mailable = _mailable(recipients)
    wants = wants_of(mailable)
    keys = {item.key for item in items if item.key}
    seen = _written_keys(keys) if keys else set()
    now = timezone.now()
    rows: list[Notification] = []
    for item in items:
        has_email = mailable.get(item.recipient_id)
        if has_email is None:
            continue
        want = wants.get(item.recipient_id, {}).get(GROUP_OF_KIND[item.kind], DEFAULT)
        channels = []
        if want.email and has_email:
            channels.append(Channel.EMAIL)
        if want.in_app:
            channels.append(Channel.IN_APP)
        for channel in channels:
            if item.key:
                mark = (item.recipient_id, channel.value, item.key)
                if mark in seen:
                    continue
                seen.add(mark)
            rows.append(_row(item, channel, want, now))
    Notification.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=bool(keys))
    return len(rows)


def _row(item: Item, channel: Channel, want: Wants, now: dt.datetime) -> Notification:
    row = Notification(
        recipient_id=item.recipient_id,
        channel=channel,
        kind=item.kind,
        task_id=item.task_id,
        event_id=item.event_id,
        key=item.key,
        data=item.data,
    )
    if channel == Channel.IN_APP:
        # Written is delivered: the bell reads it from here.
        row.status, row.sent_at = Status.SENT, now
    elif want.email_digest and item.kind != Kind.WEEKLY_DIGEST:  # a digest is not held again
        row.status, row.next_attempt_at = Status.HELD, digest_time(now)
    else:
        row.status, row.next_attempt_at = Status.PENDING, now
    return row


def digest_time(now: dt.datetime) -> dt.datetime:
    """When mail held for the daily digest goes: the next day, at DONDOC_NOTIFY_DIGEST_HOUR local
    time, so that a day's held rows become due together and leave as one mail."""
    local = timezone.localtime(now)
    hour = min(settings.DONDOC_NOTIFY_DIGEST_HOUR, 23)
    next_day = local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time(hour), tzinfo=local.tzinfo)
