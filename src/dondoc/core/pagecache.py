"""Costly parts of pages, kept until the data under them changes.

A part is cached under a key holding the data version: the number in `DataVersion`'s one row,
counted up after every committed change to what pages show (a save or deletion of a task, an event,
a unit, a document, a user…, or rows written in bulk). A change therefore makes every cached part
stale at once, and no page has to know what a change touches. The key also holds who asks, the
language, the day and the request's parameters, so that nobody is shown a part made for someone
else, or for another day.

The count goes up once the transaction commits. A reader reads the version before the data, so a
part stored under a version was made from data at least as new as that version; the crash of a
process between its commit and the count leaves parts stale until the next change or until they
expire (`DONDOC_PAGE_CACHE_SECONDS`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from dondoc.core.models import DataVersion

# The apps whose rows pages show: a save or deletion of any of their rows counts as a change.
WATCHED_APPS = {
    "organisations",
    "accounts",
    "documents",
    "tasks",
    "registers",
    "workdays",
    "attachments",  # the names of files, on task and document pages
}
# The dondoc apps with models whose rows no page shows, each with why. An app with models must be
# in one of the two sets (core/tests/test_pagecache.py), so that a new app is never left unwatched
# by accident. Django's contrib apps and third-party apps (sessions, axes' log-in records) are not
# dondoc apps: no page shows their rows either.
UNWATCHED_APPS = {
    "core": "DataVersion is the count itself; one-time submission keys are never shown",
    "bench": "the benchmark's record of its datasets, read by `dondoc bench` only",
    # Counting their writes would empty every kept page each time the sender claims a mail.
    "notifications": "one's own bell, list and preferences, drawn afresh for each request",
    "feeds": "a calendar address is shown once, on the profile page, which is never kept",
}
DERIVED = {"tasks.TaskSpan"}  # services.task_write_spans counts its writes


def version(using: str = DEFAULT_DB_ALIAS) -> int:
    """The number of changes committed so far."""
    found = DataVersion.objects.using(using).filter(pk=1).values_list("number", flat=True)
    return found.first() or 0


def changed(connection: BaseDatabaseWrapper | None = None) -> None:
    """Count a change made on `connection` (this thread's default one unless given) once its
    transaction commits, or at once outside a transaction; several changes in one transaction
    count once. (A count already waiting is dropped only with a savepoint rollback that drops
    this change too: savepoints nest.)"""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    waiting = (entry[1] for entry in connection.run_on_commit)  # (savepoint ids, callback, robust)
    if connection.in_atomic_block and any(getattr(c, "func", None) is _count for c in waiting):
        return
    connection.on_commit(functools.partial(_count, connection.alias))


def _count(using: str) -> None:
    counted = DataVersion.objects.using(using).filter(pk=1).update(number=F("number") + 1)
    if not counted:  # the row went missing (a restore without it): start again above any count
        DataVersion.objects.using(using).create(pk=1, number=1)


def _on_write(sender: type[Model], using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # a log-in; no page shows it
    changed(connections[using])


def watch_writes() -> None:
    """Count every save and deletion of the watched apps' rows (CoreConfig.ready), but for rows
    derived from others, whose writers count them (a signal would also turn Django's fast
    deletion of many rows into a query and a signal per row)."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in WATCHED_APPS and model._meta.label not in DERIVED:
            for signal in (post_save, post_delete, m2m_changed):
                signal.connect(_on_write, sender=model, dispatch_uid="dondoc.pagecache")


def cached_part(
    request: HttpRequest, name: str, day: dt.date, make: Callable[[], str]
) -> SafeString:
    """The part `name` of the page `request` asks for, on `day`: from the cache when it was made
    for this user, language, day and query under the current data version, else `make()`.

    `make` renders the part; it must depend on nothing but those (the page's own parameters).
    """
    seconds = settings.DONDOC_PAGE_CACHE_SECONDS
    if not seconds:
        return mark_safe(make())  # noqa: S308  (make renders a template, which escapes)
    query = sorted(request.GET.lists())
    words = [name, version(), request.user.pk, get_language(), day.isoformat(), query]
    key = "part:" + hashlib.sha256(repr(words).encode()).hexdigest()
    part = cache.get(key)
    if part is None:
        part = make()
        cache.set(key, part, seconds)
    return mark_safe(part)  # noqa: S308  (made by `make`, a template's rendering)
