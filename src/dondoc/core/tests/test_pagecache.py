"""The data version that keys cached page parts: what counts as a change, and when."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from dondoc.core import bulk
from dondoc.core.pagecache import version
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
