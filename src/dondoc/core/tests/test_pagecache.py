"""The data version that keys cached page parts: what counts as a change, and when."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse

from dondoc.core import bulk
from dondoc.core.pagecache import UNWATCHED_APPS, WATCHED_APPS, version
from dondoc.documents.models import Document
from dondoc.organisations.models import Unit

pytestmark = pytest.mark.django_db


def test_a_transaction_counts_once_when_it_commits(django_capture_on_commit_callbacks):
    unit = Unit.objects.get(code="cao-loc")
    before = version()
    with django_capture_on_commit_callbacks(execute=True) as counts, transaction.atomic():
        unit.short_name = "Cao Lộc (mới)"
        unit.save()
        unit.save()
    assert len(counts) == 1 and version() == before + 1


def test_a_rolled_back_change_does_not_count(django_capture_on_commit_callbacks):
    unit = Unit.objects.get(code="cao-loc")
    before = version()
    with (
        django_capture_on_commit_callbacks(execute=True) as counts,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        unit.save()
        raise RuntimeError
    assert counts == [] and version() == before


def test_a_change_after_a_rolled_back_savepoint_still_counts(django_capture_on_commit_callbacks):
    unit = Unit.objects.get(code="cao-loc")
    before = version()
    with django_capture_on_commit_callbacks(execute=True) as counts, transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            unit.save()  # its count goes with the savepoint
            raise RuntimeError
        unit.save()
    assert len(counts) == 1 and version() == before + 1


def test_rows_written_in_bulk_count(django_capture_on_commit_callbacks):
    document = Document.objects.first()
    assert document is not None
    before = version()
    with django_capture_on_commit_callbacks(execute=True):
        bulk.insert_rows(
            Document,
            ["number", "kind", "issued_on", "summary", "issuer_id"],
            [("99/TB-UBND", document.kind, document.issued_on, "Thông báo", document.issuer_id)],
        )
    assert version() == before + 1


def test_the_list_is_made_afresh_each_time_when_the_cache_is_off(client_as, settings):
    settings.DONDOC_PAGE_CACHE_SECONDS = 0
    client = client_as("vanphong")
    for _ in range(2):
        assert "rows" in client.get(reverse("tasks:list")).context


def test_every_dondoc_app_with_models_is_watched_or_says_why_not():
    with_models = {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("dondoc.") and list(config.get_models())
    }
    for label in sorted(with_models):
        assert label in WATCHED_APPS or label in UNWATCHED_APPS, (
            f"the app {label!r} has models but is in neither pagecache.WATCHED_APPS nor "
            "pagecache.UNWATCHED_APPS: say whether pages show its rows"
        )
    assert not WATCHED_APPS & set(UNWATCHED_APPS)
