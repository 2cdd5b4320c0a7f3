"""What production asks beyond Django's SecurityMiddleware: the Content-Security-Policy, no copy
of a downloaded file kept by a browser or proxy, and refused pages logged as one line.

Django 5.2 has no Content-Security-Policy of its own; the policy is the setting
`DONDOC_CONTENT_SECURITY_POLICY`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    """Sends the Content-Security-Policy with every response, and `Cache-Control: no-store` with
    every file sent as an attachment (registers, exports, attached files): such a file holds a
    unit's tasks, and a shared computer or a proxy must not keep a copy of it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        policy = settings.DONDOC_CONTENT_SECURITY_POLICY
        # In development Django's own 404 and 500 pages style and script themselves inline.
        if policy and not (settings.DEBUG and response.status_code in (404, 500)):
            response.headers.setdefault("Content-Security-Policy", policy)
        if response.headers.get("Content-Disposition", "").startswith("attachment"):
            add_never_cache_headers(response)
        return response


class OneLineForbidden(logging.Filter):
    """Drops the traceback Django logs with every refused request (403): the refusal is an
    ordinary answer, and a traceback each made the log unreadable. The reason, when there is one,
    is kept at the end of the line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403 and record.exc_info:
            reason = " ".join(str(record.exc_info[1] or "").split())
            record.exc_info = None
            record.exc_text = None
            if reason and isinstance(record.args, tuple):
                record.msg = f"{record.msg} (%s)"
                record.args = (*record.args, reason)
        return True
