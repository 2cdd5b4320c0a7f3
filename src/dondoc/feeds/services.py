"""Making and revoking a user's private calendar address (atomic, keyword-only)."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from dondoc.accounts.models import User
from dondoc.feeds.models import CalendarToken


def digest_of(token: str) -> str:
    """What is stored of a token: its SHA-256 (a token has 256 random bits: no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_token_create(*, user: User) -> str:
    """A new secret token for `user`'s calendar address, revoking the one in use: returned once,
    only its digest is kept."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        calendar_token_revoke(user=user)
        CalendarToken.objects.create(user=user, digest=digest_of(token))
    return token


def calendar_token_revoke(*, user: User) -> int:
    """Revoke `user`'s calendar address in use (its calendar app then reads nothing more);
    returns how many were revoked (0 or 1)."""
    with transaction.atomic():
        return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
