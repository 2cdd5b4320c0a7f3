from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request, so that a view answers with a fragment, not a whole page."""
    return request.headers.get("HX-Request") == "true"
