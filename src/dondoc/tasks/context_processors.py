"""What every page's menu needs to know about its user, asked of the access rules."""

from __future__ import annotations

from django.http import HttpRequest

from dondoc.accounts.models import User
from dondoc.tasks.access import may_assign


def abilities(request: HttpRequest) -> dict[str, object]:
    """`can_assign`: whether the menu offers the queue, documents and registers."""
    user = getattr(request, "user", None)  # none on a page drawn before the middleware ran
    return {"can_assign": isinstance(user, User) and may_assign(user)}
