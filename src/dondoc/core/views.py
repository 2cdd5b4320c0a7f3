from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from dondoc.core.busy import busy_response, is_busy
from dondoc.core.http import NotFound


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 page (Django's `handler404`, used when DEBUG is off): our own message, or the
    general one, never the name or the text of another exception."""
    message = str(exception) if isinstance(exception, NotFound) else ""
    return render(request, "404.html", {"message": message}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page (Django's `handler500`), but the 503 "try again" page when what failed was a
    busy database met outside a view (a session saved after it, say), where
    core.busy.BusyDatabaseMiddleware cannot see it."""
    error = sys.exc_info()[1]
    if error is not None and is_busy(error):
        return busy_response()
    return defaults.server_error(request)
