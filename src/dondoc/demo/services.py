from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.demo.people import DEMO_MAIL_DOMAIN, DEMO_PASSWORD, PEOPLE
from dondoc.demo.tasks import demo_load_tasks
from dondoc.demo.units import all_units
from dondoc.notifications.models import Notification
from dondoc.organisations.models import Unit

UNREAD_DAYS = 14  # the demo's notifications left unread: those of its last fortnight


@transaction.atomic
def demo_load(*, tasks: bool = True) -> dict[str, int]:
    """Create or bring up to date the Lạng Sơn demo. Running it again changes nothing new:
    units are matched by code and people by user name, and demo passwords are reset."""
    created = {"units": 0, "users": 0, "tasks": 0}
    units: dict[str, Unit] = {}
    demo_units = all_units()
    for spec in demo_units:
        unit, is_new = Unit.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "short_name": spec.short_name,
                "kind": spec.kind,
                "parent": units[spec.parent] if spec.parent else None,
                "valid_from": spec.valid_from,
                "valid_to": spec.valid_to,
            },
        )
        units[spec.code] = unit
        created["units"] += is_new
    for spec in demo_units:
        successor = units[spec.successor] if spec.successor else None
        if units[spec.code].successor != successor:
            units[spec.code].successor = successor
            units[spec.code].save(update_fields=["successor"])
    for person in PEOPLE:
        user, is_new = User.objects.update_or_create(
            username=person.username,
            defaults={
                "full_name": person.full_name,
                "title": person.title,
                "unit": units[person.unit] if person.unit else None,
                "role": person.role,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        created["users"] += is_new
    if tasks:
        created["tasks"] = demo_load_tasks()
    # Addresses only now: the demo's history tells its people in the app, and the mail file
    # (DONDOC_EMAIL_FILE_PATH) holds only what is done in the demo from here on.
    for person in PEOPLE:
        User.objects.filter(username=person.username, email="").update(
            email=f"{person.username}@{DEMO_MAIL_DOMAIN}"
        )
    # Its people read the history's notifications as it happened: a bell starts with what came
    # in the last fortnight, not with every event of the demo's years (hundreds for the office).
    Notification.objects.filter(
        read_at__isnull=True, event__effective_on__lt=today() - dt.timedelta(days=UNREAD_DAYS)
    ).update(read_at=timezone.now())
    return created
