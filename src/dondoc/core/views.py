from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dondoc.core.http import NotFound


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 page (Django's `handler404`, used when DEBUG is off): our own message, or the
    general one, never the name or the text of another exception."""
    message = str(exception) if isinstance(exception, NotFound) else ""
    return render(request, "404.html", {"message": message}, status=404)
