"""Shared test set-up: the Lạng Sơn demo is loaded once into the test database, and every test runs
inside a transaction that is rolled back, so each starts from the same demo."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client

from dondoc.accounts.models import User
from dondoc.demo.services import demo_load

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        demo_load()


@pytest.fixture(autouse=True)
def _empty_page_cache() -> None:
    """Each test starts with no cached page parts, as it starts with the demo's data: a part kept
    from another test was made from data that test rolled back."""
    cache.clear()


@pytest.fixture
def client_as(db: None) -> Callable[[str | None], Client]:
    """A test client logged in as a demo user (or anonymous for None)."""

    def make(username: str | None) -> Client:
        client = Client()
        if username is not None:
            client.force_login(User.objects.get(username=username), backend=MODEL_BACKEND)
        return client

    return make
