"""A mail server that fails: rows are retried with a growing wait, then failed, never lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.notifications.delivery import deliver_once
from dondoc.notifications.models import Channel, Kind, Notification, PlannedDay, Status
from dondoc.notifications.outbox import Item, enqueue_many

pytestmark = pytest.mark.django_db
REFUSING = "dondoc.notifications.tests.failing_mail.RefusingBackend"


@pytest.fixture
def rows(settings) -> list[Notification]:
    settings.DONDOC_NOTIFY_MAX_ATTEMPTS = 3
    Notification.objects.filter(channel=Channel.EMAIL).delete()
    people = User.objects.filter(username__in=["sotaichinh", "caoloc"])
    enqueue_many(Item(kind=Kind.REMINDER_DUE, recipient_id=user.pk) for user in people)
    return list(Notification.objects.filter(channel=Channel.EMAIL))


def test_a_failing_server_leaves_rows_retried_with_backoff_then_failed_none_lost(rows, settings):
    settings.EMAIL_BACKEND = REFUSING
    start = dt.datetime.now(dt.UTC)
    first = deliver_once(token="a", now=lambda: start)
    assert first.failed == 0 and first.reminders == 0
    for row in Notification.objects.filter(channel=Channel.EMAIL):
        assert row.status == Status.PENDING and row.attempts == 1
        assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
        assert row.next_attempt_at == start + dt.timedelta(minutes=1)
        assert row.claimed_by == ""
    # Not due yet: nothing is tried again before its time.
    deliver_once(token="a", now=lambda: start + dt.timedelta(seconds=30))
    assert set(
        Notification.objects.filter(channel=Channel.EMAIL).values_list("attempts", flat=True)
    ) == {1}
    second = start + dt.timedelta(minutes=1)
    deliver_once(token="a", now=lambda: second)
    assert {r.next_attempt_at for r in Notification.objects.filter(channel=Channel.EMAIL)} == {
        second + dt.timedelta(minutes=2)
    }
    last = deliver_once(token="a", now=lambda: second + dt.timedelta(minutes=2))
    assert last.failed == len(rows)
    after = Notification.objects.filter(channel=Channel.EMAIL)
    assert after.count() == len(rows)
    assert {(r.status, r.attempts) for r in after} == {(Status.FAILED, 3)}
    assert all(r.last_error for r in after)


def test_a_server_that_recovers_sends_the_rows_waiting(rows, settings):
    settings.EMAIL_BACKEND = REFUSING
    start = dt.datetime.now(dt.UTC)
    deliver_once(token="a", now=lambda: start)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    summary = deliver_once(token="a", now=lambda: start + dt.timedelta(minutes=1))
    assert summary.reminders == len(rows) and len(mail.outbox) == len(rows)
    assert {r.status for r in Notification.objects.filter(channel=Channel.EMAIL)} == {Status.SENT}


def test_the_command_prints_its_summary_line(rows, settings, capsys):
    settings.EMAIL_BACKEND = REFUSING
    settings.DONDOC_NOTIFY_MAX_ATTEMPTS = 1
    PlannedDay.objects.create(day=today())  # today's reminders planned: only `rows` are sent
    call_command("send_notifications")
    assert capsys.readouterr().out.strip() == f"sent 0 reminders, 0 digests, {len(rows)} failed"


def test_a_dry_run_says_what_it_would_send_and_changes_nothing(rows, capsys):
    PlannedDay.objects.create(day=today())  # today's reminders planned: only `rows` are sent
    call_command("send_notifications", "--dry-run")
    out = capsys.readouterr().out
    assert "would send sotaichinh@langson.example: [Đôn Đốc] Đến hạn hôm nay" in out
    assert f"sent {len(rows)} reminders, 0 digests, 0 failed (dry run" in out
    assert not mail.outbox
    assert {r.status for r in Notification.objects.filter(channel=Channel.EMAIL)} == {
        Status.PENDING
    }


def test_a_bad_as_of_date_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="31/02/2026 không tồn tại"):
        call_command("send_notifications", "--as-of", "31/02/2026")
    with pytest.raises(CommandError, match="không phải là ngày"):
        call_command("send_notifications", "--as-of", "hôm qua")
