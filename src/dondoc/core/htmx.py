from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request, so that a view answers with a fragment, not a whole page
    (django-htmx's middleware reads its headers into request.htmx)."""
    details: HtmxDetails | None = getattr(request, "htmx", None)
    return bool(details)
