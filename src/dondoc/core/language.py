"""Vietnamese first: the page language is the one the user chose with the language switch (its
cookie), else Vietnamese, whatever language the browser says it prefers. Offices in Vietnam often
run browsers set to English; their users still expect the Vietnamese interface."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase


class VietnameseFirstMiddleware:
    """Placed before LocaleMiddleware: drops the browser's Accept-Language, so that Django picks
    the language from the switch's cookie or falls back to LANGUAGE_CODE (vi)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
