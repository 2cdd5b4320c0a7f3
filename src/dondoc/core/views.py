from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from dondoc.core.dates import today
from dondoc.core.http import AuthenticatedRequest
from dondoc.organisations.access import scope_root
from dondoc.organisations.selectors import subunits


def home(request: AuthenticatedRequest) -> HttpResponse:
    """The start page: who the user is, for which unit, and which units they follow."""
    scope = scope_root(request.user)
    day = today()
    context = {
        "today": day,
        "scope": scope,
        "scope_size": subunits(scope, as_of=day, include_self=False).count() if scope else None,
    }
    return render(request, "home.html", context)
