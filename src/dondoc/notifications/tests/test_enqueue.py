"""The outbox's door: enqueue_many writes one row per channel wanted, once per key, in bulk."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dondoc.accounts.models import User
from dondoc.notifications.models import Channel, Group, Kind, Notification, Preference, Status
from dondoc.notifications.outbox import (
    Item,
    enqueue_many,
    office_of_assigners,
    recipients_of_unit,
)
from dondoc.organisations.models import Unit

pytestmark = pytest.mark.django_db


def user(username: str) -> User:
    return User.objects.get(username=username)


def test_it_writes_a_mail_and_an_in_app_row_for_a_user_with_an_address() -> None:
    head = user("sotaichinh")
    head.email = "gd@stc.example"
    head.save()
    written = enqueue_many([Item(kind=Kind.REMINDER_DUE, recipient_id=head.pk, key="k1")])
    rows = {row.channel: row for row in Notification.objects.filter(key="k1")}
    assert written == 2
    assert rows[Channel.EMAIL].status == Status.PENDING
    assert rows[Channel.EMAIL].next_attempt_at is not None
    assert rows[Channel.IN_APP].status == Status.SENT
    assert rows[Channel.IN_APP].read_at is None


def test_a_user_without_an_address_gets_in_app_only() -> None:
    head = user("sotaichinh")
    head.email = ""
    head.save()
    assert enqueue_many([Item(kind=Kind.ASSIGNED, recipient_id=head.pk, key="solo")]) == 1
    assert Notification.objects.get(recipient=head, key="solo").channel == Channel.IN_APP


def test_it_skips_a_key_already_written_and_a_key_twice_in_one_batch() -> None:
    head = user("sotaichinh")
    head.email = "gd@stc.example"
    head.save()
    item = Item(kind=Kind.REMINDER_BEFORE, recipient_id=head.pk, key="task-1-2026-01-05")
    assert enqueue_many([item, item]) == 2
    assert enqueue_many([item]) == 0
    assert Notification.objects.filter(key=item.key).count() == 2


def test_the_same_key_for_another_recipient_is_written() -> None:
    one, other = user("sotaichinh"), user("caoloc")
    User.objects.filter(pk__in=[one.pk, other.pk]).update(email="")
    items = [Item(kind=Kind.REMINDER_DUE, recipient_id=u.pk, key="same") for u in (one, other)]
    assert enqueue_many(items) == 2


def test_it_follows_the_preferences_of_the_kinds_group() -> None:
    head = user("sotaichinh")
    head.email = "gd@stc.example"
    head.save()
    Notification.objects.filter(recipient=head).delete()  # the demo's history
    Preference.objects.create(user=head, group=Group.REMINDERS, email=False, in_app=True)
    Preference.objects.create(user=head, group=Group.CHASES, email=True, email_digest=True)
    Preference.objects.create(user=head, group=Group.ARRIVALS, email=False, in_app=False)
    enqueue_many(
        [
            Item(kind=Kind.REMINDER_OVERDUE, recipient_id=head.pk),
            Item(kind=Kind.CHASED, recipient_id=head.pk),
            Item(kind=Kind.ASSIGNED, recipient_id=head.pk),
        ]
    )
    rows = set(Notification.objects.filter(recipient=head).values_list("kind", "channel", "status"))
    assert rows == {
        (Kind.REMINDER_OVERDUE, Channel.IN_APP, Status.SENT),
        (Kind.CHASED, Channel.EMAIL, Status.HELD),
        (Kind.CHASED, Channel.IN_APP, Status.SENT),
    }


def test_an_inactive_user_is_not_notified() -> None:
    head = user("sotaichinh")
    head.is_active = False
    head.save()
    assert enqueue_many([Item(kind=Kind.ASSIGNED, recipient_id=head.pk)]) == 0


def test_many_items_take_a_fixed_number_of_queries() -> None:
    people = list(User.objects.filter(is_active=True).values_list("pk", flat=True))
    items = [
        Item(kind=Kind.REMINDER_DUE, recipient_id=pk, key=f"bulk-{n}")
        for n in range(300)
        for pk in people
    ]
    with CaptureQueriesContext(connection) as queries:
        written = enqueue_many(items)
    assert written >= len(items)
    # Users, preferences, written keys (per 900 keys) and the inserts in batches (SQLite's limit
    # of bound variables makes its batches some 60 rows): never a query per item or per row.
    assert len(queries) < written // 40


def test_a_units_people_are_its_head_and_officers_and_for_a_committee_its_office() -> None:
    cao_loc = Unit.objects.get(code="cao-loc")
    finance = Unit.objects.get(code="so-tai-chinh")
    found = recipients_of_unit([cao_loc.pk, finance.pk])
    names = {unit: {User.objects.get(pk=pk).username for pk in ids} for unit, ids in found.items()}
    assert names[finance.pk] == {"sotaichinh"}
    assert {"caoloc", "canbo.caoloc", "vanphong.caoloc"} <= names[cao_loc.pk]


def test_a_committees_follow_up_is_its_office() -> None:
    province = Unit.objects.get(code="lang-son")
    found = office_of_assigners([province.pk])
    assert {User.objects.get(pk=pk).username for pk in found[province.pk]} == {"vanphong"}
