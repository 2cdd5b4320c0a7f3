"""Delivering the outbox's mail: claim due rows in the database, send, mark, retry.

Any number of senders on any number of machines may run at once; each row is sent by one of them:
- a sender *claims* a batch of due rows before sending, by writing its own token and a lease
  (claimed_by, claimed_until) on rows nobody holds (or whose lease ran out: a sender that died).
  On PostgreSQL the batch is picked with SELECT … FOR UPDATE SKIP LOCKED in a short transaction
  (senders never wait for each other); on SQLite, whose writers take turns, by a conditional
  UPDATE … WHERE id IN (…) AND the row is still free, after which it keeps the rows that carry its
  token;
- a sent row is marked sent only by the sender that holds it; a failure is kept (last_error) and
  retried after 1, 2, 4… minutes, and after DONDOC_NOTIFY_MAX_ATTEMPTS tries marked failed, never
  dropped;
- a user's rows held for the daily digest are claimed by user, all in one UPDATE, and leave as
  one mail.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from dondoc.notifications.mail import render_digest, render_one, subject_of
from dondoc.notifications.models import Channel, Kind, Notification, Status

BATCH = 50
ERROR_LIMIT = 2000


@dataclass
class Summary:
    """What one run did: single mails sent (reminders and event notices), digest mails sent (daily
    and weekly), rows that failed for good."""

    reminders: int = 0
    digests: int = 0
    failed: int = 0
    would_send: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"sent {self.reminders} reminders, {self.digests} digests, {self.failed} failed"

    def add(self, other: Summary) -> None:
        self.reminders += other.reminders
        self.digests += other.digests
        self.failed += other.failed


def worker_token() -> str:
    """Who holds a claim: this machine and process, and a random part so that no two runs share."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _free(now: dt.datetime) -> Q:
    return Q(claimed_by="") | Q(claimed_until__lt=now)


def _due(status: str, now: dt.datetime) -> QuerySet[Notification]:
    # Index notification_due: (status, next_attempt_at, id) over pending and held rows.
    return Notification.objects.filter(
        status=status, channel=Channel.EMAIL, next_attempt_at__lte=now
    ).filter(_free(now))


def _lease(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(seconds=settings.DONDOC_NOTIFY_CLAIM_SECONDS)


def claim(token: str, now: dt.datetime, batch: int = BATCH) -> list[Notification]:
    """Take up to `batch` due mail rows for `token`; no other sender takes them while held."""
    due = _due(Status.PENDING, now).order_by("next_attempt_at", "id")
    if connection.vendor == "postgresql":
        with transaction.atomic():
            ids = list(
                due.select_for_update(skip_locked=True, of=("self",)).values_list("id", flat=True)[
                    :batch
                ]
            )
            Notification.objects.filter(id__in=ids).update(
                claimed_by=token, claimed_until=_lease(now)
            )
    else:
        ids = list(due.values_list("id", flat=True)[:batch])
        # Only rows still free: a sender that took one first keeps it.
        Notification.objects.filter(_free(now), id__in=ids).update(
            claimed_by=token, claimed_until=_lease(now)
        )
    return list(
        Notification.objects.filter(id__in=ids, claimed_by=token)
        .select_related("recipient", "task__assigner", "task__current_lead_unit", "event")
        .order_by("id")
    )


def claim_digest(token: str, now: dt.datetime, recipient_id: int) -> list[Notification]:
    """Take all of one user's held rows that are due, in one UPDATE: they leave as one mail."""
    _due(Status.HELD, now).filter(recipient_id=recipient_id).update(
        claimed_by=token, claimed_until=_lease(now)
    )
    return list(
        Notification.objects.filter(recipient_id=recipient_id, status=Status.HELD, claimed_by=token)
        .select_related("recipient", "task__assigner", "task__current_lead_unit", "event")
        .order_by("id")
    )


def _mark_sent(rows: Sequence[Notification], token: str, now: dt.datetime) -> None:
    Notification.objects.filter(id__in=[r.pk for r in rows], claimed_by=token).update(
        status=Status.SENT,
        sent_at=now,
        attempts=F("attempts") + 1,
        claimed_by="",
        claimed_until=None,
        last_error="",
    )


def _mark_failed_try(
    rows: Sequence[Notification], token: str, now: dt.datetime, error: Exception
) -> int:
    """Keep the error; retry later with a doubled wait, or give up after the last try (the row
    stays, failed, with its error). Returns how many rows failed for good."""
    gave_up = 0
    message = f"{type(error).__name__}: {error}"[:ERROR_LIMIT]
    for row in rows:
        attempts = row.attempts + 1
        last = attempts >= settings.DONDOC_NOTIFY_MAX_ATTEMPTS
        gave_up += last
        Notification.objects.filter(pk=row.pk, claimed_by=token).update(
            attempts=attempts,
            last_error=message,
            status=Status.FAILED if last else row.status,
            next_attempt_at=None if last else now + dt.timedelta(minutes=2 ** (attempts - 1)),
            claimed_by="",
            claimed_until=None,
        )
    return gave_up


def _still_ours(row: Notification, token: str, now: dt.datetime) -> bool:
    """Renew the lease on `row` just before sending it, if this sender still holds it: a batch
    is claimed at once, and a slow mail server (each send waits up to EMAIL_TIMEOUT) could
    otherwise outlast the lease and let a second sender send the same row."""
    renewed = Notification.objects.filter(
        pk=row.pk, claimed_by=token, claimed_until__gt=now
    ).update(claimed_until=_lease(now))
    return renewed == 1


def _send(message: EmailMessage, mailer: BaseEmailBackend) -> None:
    message.connection = mailer
    message.send(fail_silently=False)


def deliver_once(
    *, token: str, now: Callable[[], dt.datetime] = timezone.now, batch: int = BATCH
) -> Summary:
    """Send everything due now, batch by batch, until nothing is left to claim."""
    summary = Summary()
    mailer = get_connection(fail_silently=False)
    while rows := claim(token, now(), batch):
        for row in rows:
            if not _still_ours(row, token, now()):
                continue  # the lease ran out during a slow send: another sender took the row
            try:
                _send(render_one(row), mailer)
            except Exception as error:  # any failure of the mail server is kept and retried
                summary.failed += _mark_failed_try([row], token, now(), error)
                continue
            _mark_sent([row], token, now())
            if row.kind == Kind.WEEKLY_DIGEST:
                summary.digests += 1
            else:
                summary.reminders += 1
    recipients = (
        _due(Status.HELD, now()).values_list("recipient_id", flat=True).distinct().order_by()
    )
    for recipient_id in list(recipients):
        rows = claim_digest(token, now(), recipient_id)
        if not rows:
            continue  # another sender took them
        try:
            _send(render_digest(rows), mailer)
        except Exception as error:
            summary.failed += _mark_failed_try(rows, token, now(), error)
            continue
        _mark_sent(rows, token, now())
        summary.digests += 1
    return summary


def dry_run(*, now: dt.datetime) -> Summary:
    """What deliver_once would send now, changing nothing."""
    summary = Summary()
    rows = (
        _due(Status.PENDING, now)
        .select_related("recipient", "task")
        .order_by("next_attempt_at", "id")
    )
    for row in rows:
        summary.would_send.append(f"{row.recipient.email}: {subject_of(row)}")
        if row.kind == Kind.WEEKLY_DIGEST:
            summary.digests += 1
        else:
            summary.reminders += 1
    held: dict[str, int] = defaultdict(int)
    for email in _due(Status.HELD, now).values_list("recipient__email", flat=True):
        held[email] += 1
    for email, count in sorted(held.items()):
        summary.would_send.append(f"{email}: {count} notifications in one digest")
        summary.digests += 1
    return summary
