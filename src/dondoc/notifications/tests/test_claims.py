"""Claims: a row held by one sender is not taken by another until its lease runs out."""

from __future__ import annotations

import datetime as dt

import pytest

from dondoc.accounts.models import User
from dondoc.notifications.delivery import _still_ours, claim
from dondoc.notifications.models import Channel, Kind, Notification
from dondoc.notifications.outbox import Item, enqueue_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def due() -> set[int]:
    Notification.objects.filter(channel=Channel.EMAIL).delete()
    head = User.objects.get(username="sotaichinh")
    enqueue_many(Item(kind=Kind.REMINDER_DUE, recipient_id=head.pk, key=f"c{n}") for n in range(7))
    return set(Notification.objects.filter(channel=Channel.EMAIL).values_list("pk", flat=True))


def test_two_senders_claiming_at_once_share_the_rows_without_overlap(due):
    now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    first = {row.pk for row in claim("a", now, batch=4)}
    second = {row.pk for row in claim("b", now, batch=4)}
    assert len(first) == 4 and len(second) == 3
    assert first | second == due and not first & second
    assert claim("c", now, batch=4) == []


def test_a_claim_whose_lease_ran_out_is_taken_again(due, settings):
    now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    held = {row.pk for row in claim("dead", now, batch=10)}
    later = now + dt.timedelta(seconds=settings.DONDOC_NOTIFY_CLAIM_SECONDS + 1)
    assert {row.pk for row in claim("alive", later, batch=10)} == held == due


def test_a_sender_whose_lease_ran_out_during_a_slow_send_leaves_the_rest_to_the_new_holder(
    due, settings, mailoutbox
):
    """A batch is claimed at once and sent a row at a time: a slow mail server may outlast the
    lease, and another sender then claims the rows. The first one renews its lease before each
    send and skips a row it no longer holds, so that no mail leaves twice."""
    now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    held = claim("slow", now, batch=10)
    later = now + dt.timedelta(seconds=settings.DONDOC_NOTIFY_CLAIM_SECONDS + 1)
    taken = claim("new", later, batch=10)
    assert {row.pk for row in taken} == due
    assert not any(_still_ours(row, "slow", later) for row in held)
    assert all(_still_ours(row, "new", later) for row in taken)
