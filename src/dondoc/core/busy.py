"""A write that meets a busy database is answered "try again in a moment" (503), not with a 500.

On SQLite one connection writes at a time; the others wait for it up to the busy timeout
(`DONDOC_SQLITE_BUSY_SECONDS`) and then fail with "database is locked". That happens when a large
register import saves its rows (registers/importer.py holds the write lock only for that last
step), and it is no fault of the user's request: the same request succeeds a moment later. On
PostgreSQL writers wait for one another's row locks; only a lock wait cut short by a
`lock_timeout` is the same situation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template import loader

logger = logging.getLogger("dondoc.busy")

RETRY_AFTER_SECONDS = 30
# What SQLite says when the busy timeout ran out; PostgreSQL's SQLSTATE for a lock not granted.
_SQLITE_BUSY = ("database is locked", "database is busy")
_POSTGRES_LOCK_NOT_AVAILABLE = "55P03"


def is_busy(error: BaseException) -> bool:
    """Whether `error` says that another writer held the database too long, nothing else."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) == _POSTGRES_LOCK_NOT_AVAILABLE:
        return True
    return str(error).strip().lower() in _SQLITE_BUSY


def busy_response() -> HttpResponse:
    """The 503 page, rendered without the database (error_base.html reads neither it nor the
    request) and without a request context, whose processors might."""
    page = loader.get_template("503.html").render()
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyDatabaseMiddleware:
    """Turns a busy database met by a view (a task action, the log-in, whose failed attempts
    django-axes records) into the 503 page, logged as one line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        logger.warning(
            "Database busy, answered 503: %s %s (%s)", request.method, request.path, exception
        )
        response = busy_response()
        response._has_been_logged = True  # type: ignore[attr-defined]  # the line above is enough
        return response
