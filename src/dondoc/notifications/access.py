"""Who may open a notification: its recipient, no one else (404 for anyone else, as for a row
that does not exist). What the notification is about stays guarded by its owner: opening one
leads to the task's page, which asks tasks.access."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from dondoc.accounts.models import User
from dondoc.notifications.models import Channel, Notification


def get_own_notification(user: User, pk: int) -> Notification:
    return get_object_or_404(
        Notification.objects.select_related("task"),
        pk=pk,
        recipient=user,
        channel=Channel.IN_APP,
    )
