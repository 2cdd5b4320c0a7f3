"""The bell, the list, opening a notification, reading all: each user his own only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.notifications.models import Channel, Kind, Notification
from dondoc.notifications.outbox import Item, enqueue_many
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def head() -> User:
    user = User.objects.get(username="sotaichinh")
    Notification.objects.filter(recipient=user).delete()
    return user


def notify(user: User, count: int = 1, kind: str = Kind.CHASED) -> list[Notification]:
    task = Task.objects.filter(current_lead_unit=user.unit).first()
    enqueue_many(
        Item(kind=kind, recipient_id=user.pk, task_id=task.pk if task else None)
        for _ in range(count)
    )
    return list(Notification.objects.filter(recipient=user, channel=Channel.IN_APP))


def test_the_bell_counts_the_unread_ones_in_a_tiny_partial(
    head, client_as, django_assert_max_num_queries
):
    notify(head, 3)
    client = client_as("sotaichinh")
    with django_assert_max_num_queries(4):  # session, user, the count
        response = client.get(reverse("notifications:bell"))
    assert response.status_code == 200
    assert 'data-unread="3"' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_every_page_has_the_bell_which_htmx_fills_on_load_and_every_minute(head, client_as):
    page = client_as("sotaichinh").get(reverse("home")).content.decode()
    assert 'hx-get="/thong-bao/chuong/"' in page
    assert 'hx-trigger="load, every 60s"' in page


def test_the_list_shows_the_newest_first_with_the_unread_marked(head, client_as):
    older, _newer = sorted(notify(head, 2), key=lambda row: row.pk)
    Notification.objects.filter(pk=older.pk).update(kind=Kind.ASSIGNED)
    page = client_as("sotaichinh").get(reverse("notifications:list")).content.decode()
    assert page.index("Đôn đốc") < page.index("Nhiệm vụ mới được giao")
    assert page.count("list-group-item-primary") == 2


def test_opening_one_reads_it_and_leads_to_its_task(head, client_as):
    (row,) = notify(head)
    response = client_as("sotaichinh").get(reverse("notifications:open", args=[row.pk]))
    assert response.status_code == 302
    assert response.url == reverse("tasks:detail", args=[row.task_id])
    row.refresh_from_db()
    assert row.read_at is not None


def test_another_users_notification_is_not_found_and_stays_unread(head, client_as):
    (row,) = notify(head)
    response = client_as("caoloc").get(reverse("notifications:open", args=[row.pk]))
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_reading_all_reads_only_ones_own(head, client_as):
    notify(head, 3)
    other = User.objects.get(username="caoloc")
    notify(other, 1)
    response = client_as("sotaichinh").post(reverse("notifications:read_all"))
    assert response.status_code == 302
    unread = Notification.objects.filter(channel=Channel.IN_APP, read_at__isnull=True)
    assert not unread.filter(recipient=head).exists()
    assert unread.filter(recipient=other).count() >= 1


def test_reading_all_needs_a_post(head, client_as):
    assert client_as("sotaichinh").get(reverse("notifications:read_all")).status_code == 405


def test_the_list_pages_through_many(head, client_as):
    notify(head, 45)
    page = client_as("sotaichinh").get(reverse("notifications:list") + "?trang=3")
    assert page.status_code == 200
    assert page.content.decode().count('href="/thong-bao/') >= 5
    bad = client_as("sotaichinh").get(reverse("notifications:list") + "?trang=abc")
    assert bad.status_code == 200
