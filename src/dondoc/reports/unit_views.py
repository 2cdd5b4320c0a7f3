"""A unit's pages: its start page (what waits for it today) and its figures for each assigner."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.core.dates import today
from dondoc.organisations.access import scope_root
from dondoc.organisations.selectors import subunits


def unit_home(request: AuthenticatedRequest) -> HttpResponse:
    """The start page of a unit's head or officer: who the user is, for which unit."""
    scope = scope_root(request.user)
    day = today()
    context = {
        "today": day,
        "scope": scope,
        "scope_size": subunits(scope, as_of=day, include_self=False).count() if scope else None,
    }
    return render(request, "home.html", context)
