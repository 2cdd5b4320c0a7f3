"""Writes of a user's notifications: reading them and choosing which to receive."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from dondoc.accounts.models import User
from dondoc.notifications.models import Channel, Group, Notification, Preference
from dondoc.notifications.outbox import Wants


def notification_mark_read(*, notification: Notification) -> None:
    """Mark one in-app notification read (once: the first reading's time is kept)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread in-app notification of `user` read; returns how many."""
    return Notification.objects.filter(
        recipient=user, channel=Channel.IN_APP, read_at__isnull=True
    ).update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user: User, wants: Mapping[str, Wants]) -> None:
    """Keep what `user` wants of each group; a group not given keeps what it had."""
    for group, want in wants.items():
        Preference.objects.update_or_create(
            user=user,
            group=Group(group),
            defaults={
                "email": want.email,
                "in_app": want.in_app,
                "email_digest": want.email_digest,
            },
        )
