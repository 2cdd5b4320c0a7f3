"""Answers that carry a message written for the user."""

from __future__ import annotations

from django.http import Http404


class NotFound(Http404):
    """Not found, with a message for the user (translated), which the 404 page shows.

    The page shows no other exception's message: Django's own are English or name their class
    ("No Task matches the given query.", "Resolver404"), and the page gives its general text
    instead."""
