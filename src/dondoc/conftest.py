"""Shared test set-up: the Lạng Sơn demo is loaded once into the test database, and every test runs
inside a transaction that is rolled back, so each starts from the same demo."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
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


@pytest.fixture(scope="session")
def _sqlite_file_copy(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The demo database copied to a file once, outside any test's transaction."""
    memory = connections[DEFAULT_DB_ALIAS]
    path = tmp_path_factory.mktemp("sqlite") / "demo.sqlite3"
    if memory.vendor == "sqlite":
        with django_db_blocker.unblock():
            memory.ensure_connection()
            copy = sqlite3.connect(path)
            memory.connection.backup(copy)
            copy.close()
    return path


@pytest.fixture
def sqlite_file_database(db: None, _sqlite_file_copy: Path, tmp_path: Path) -> Iterator[Path]:
    """The demo database on a file, used by this thread and any other instead of the in-memory
    one for the test: for tests of two connections writing at once (a thread, an sqlite3
    connection holding the write lock), which the shared in-memory database cannot show. WAL mode
    as in production; a busy timeout of half a second. Nothing is rolled back in the file (it is
    thrown away); the in-memory database, and the test's transaction on it, are left as they are."""
    memory = connections[DEFAULT_DB_ALIAS]
    if memory.vendor != "sqlite":
        pytest.skip("SQLite's write lock")
    path = tmp_path / "dondoc.sqlite3"
    shutil.copyfile(_sqlite_file_copy, path)
    shared = connections.settings[DEFAULT_DB_ALIAS]
    on_file = {**shared, "NAME": str(path), "OPTIONS": {**shared["OPTIONS"], "timeout": 0.5}}
    connections.settings[DEFAULT_DB_ALIAS] = on_file  # for connections made by other threads
    connections[DEFAULT_DB_ALIAS] = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        yield path
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections.settings[DEFAULT_DB_ALIAS] = shared
        connections[DEFAULT_DB_ALIAS] = memory
        cache.clear()
