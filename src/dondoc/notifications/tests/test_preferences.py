"""The preferences page: per group, which channels and how mail comes; what enqueue follows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.notifications.models import Channel, Group, Kind, Notification, Preference, Status
from dondoc.notifications.outbox import Item, enqueue_many

pytestmark = pytest.mark.django_db


def all_on() -> dict[str, str]:
    data = {}
    for group in Group:
        data[f"{group}_email"] = "on"
        data[f"{group}_in_app"] = "on"
        data[f"{group}_mode"] = "ngay"
    return data


def test_the_page_starts_with_everything_on_both_channels_sent_at_once(client_as):
    page = client_as("sotaichinh").get(reverse("notifications:preferences"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("checked") == 2 * len(Group)
    assert "Gửi ngay" in html and "Đôn đốc" in html


def test_saving_keeps_each_groups_choice_and_enqueue_follows_it(client_as):
    head = User.objects.get(username="sotaichinh")
    head.email = "gd@stc.example"
    head.save()
    Notification.objects.filter(recipient=head).delete()  # the demo's own
    data = all_on()
    del data["reminders_email"]
    data["chases_mode"] = "cuoi-ngay"
    del data["arrivals_in_app"]
    response = client_as("sotaichinh").post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    reminders = Preference.objects.get(user=head, group=Group.REMINDERS)
    assert (reminders.email, reminders.in_app) == (False, True)
    assert Preference.objects.get(user=head, group=Group.CHASES).email_digest
    enqueue_many(
        Item(kind=kind, recipient_id=head.pk)
        for kind in (Kind.REMINDER_DUE, Kind.CHASED, Kind.ASSIGNED)
    )
    rows = set(
        Notification.objects.filter(
            recipient=head, kind__in=[Kind.REMINDER_DUE, Kind.CHASED, Kind.ASSIGNED]
        ).values_list("kind", "channel", "status")
    )
    assert rows == {
        (Kind.REMINDER_DUE, Channel.IN_APP, Status.SENT),
        (Kind.CHASED, Channel.EMAIL, Status.HELD),
        (Kind.CHASED, Channel.IN_APP, Status.SENT),
        (Kind.ASSIGNED, Channel.EMAIL, Status.PENDING),
    }


def test_a_mode_not_offered_gets_a_vietnamese_message_not_a_500(client_as):
    data = all_on()
    data["reminders_mode"] = "hang-gio"
    response = client_as("sotaichinh").post(reverse("notifications:preferences"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cách gửi thư" in html and "is-invalid" in html
    assert not Preference.objects.filter(user__username="sotaichinh").exists()


def test_a_user_without_an_address_is_told_he_gets_in_app_only(client_as):
    User.objects.filter(username="sotaichinh").update(email="")
    html = client_as("sotaichinh").get(reverse("notifications:preferences")).content.decode()
    assert "chưa có địa chỉ thư điện tử" in html


def test_the_weekly_digest_is_mailed_at_once_even_for_who_gathers_his_mail(client_as):
    """The weekly digest is itself one mail: held for the day's gathered mail it would lose its
    groups and links, so it is never held, and the page does not offer to gather it."""
    office = User.objects.get(username="vanphong")
    office.email = "vp@langson.example"
    office.save()
    data = all_on()
    data["digests_mode"] = "cuoi-ngay"  # not offered: ignored
    data["chases_mode"] = "cuoi-ngay"
    html = client_as("vanphong").get(reverse("notifications:preferences")).content.decode()
    assert 'name="digests_mode"' not in html and "đã là thư tổng hợp" in html
    assert client_as("vanphong").post(reverse("notifications:preferences"), data).status_code == 302
    Preference.objects.filter(user=office).update(email_digest=True)  # as an older form saved it
    enqueue_many([Item(kind=Kind.WEEKLY_DIGEST, recipient_id=office.pk, key="digest:test")])
    mail = Notification.objects.get(recipient=office, key="digest:test", channel=Channel.EMAIL)
    assert mail.status == Status.PENDING
