"""A web write that meets a database busy with another writer (a large import saving its rows) is
answered with a Vietnamese "try again in a moment" (503 with Retry-After), never a 500, and the
same request succeeds once the database is free. Shown on a real SQLite file whose write lock
another connection holds."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.core.busy import is_busy
from dondoc.core.views import server_error
from dondoc.demo.people import DEMO_PASSWORD
from dondoc.registers.importer import import_register
from dondoc.registers.tests.helpers import HEADER, write_csv
from dondoc.tasks.models import Status, Task

pytestmark = pytest.mark.django_db

BUSY = "Hệ thống đang ghi một lượt nhập sổ lớn nên chưa ghi được yêu cầu của bạn."


@contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another connection holds the database's write lock, as an import saving its rows does."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def assert_busy_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert BUSY in response.content.decode()


def test_a_task_action_on_a_busy_database_gets_the_busy_page_then_succeeds(
    sqlite_file_database: Path, caplog: pytest.LogCaptureFixture
):
    task = Task.objects.filter(
        current_lead_unit__code="so-tai-chinh", current_status=Status.OPEN, reported_on=None
    ).first()
    assert task is not None
    client = Client()
    client.force_login(User.objects.get(username="sotaichinh"))
    url = reverse("tasks:action", args=[task.pk, "tien-do"])
    data = {"version": task.version, "text": "Đã họp", "percent": "40"}
    events = task.events.count()
    with write_lock_held(sqlite_file_database), caplog.at_level(logging.WARNING):
        assert_busy_page(client.post(url, data))
    assert task.events.count() == events
    busy_lines = [r for r in caplog.records if r.name == "dondoc.busy"]
    assert len(busy_lines) == 1 and busy_lines[0].exc_info is None
    assert not [r for r in caplog.records if r.name == "django.request"]  # logged once

    response = client.post(url, data)
    assert response.status_code == 302
    assert task.events.count() == events + 1


def test_the_log_in_on_a_busy_database_gets_the_busy_page_then_succeeds(
    sqlite_file_database: Path,
):
    client = Client()
    login = {"username": "sotaichinh", "password": DEMO_PASSWORD}
    with write_lock_held(sqlite_file_database):
        assert_busy_page(client.post(reverse("login"), login))
        assert_busy_page(client.post(reverse("login"), {**login, "password": "wrong"}))
    response = client.post(reverse("login"), login)
    assert response.status_code == 302
    assert client.get(reverse("tasks:list")).status_code == 200


def test_only_a_lock_wait_counts_as_busy():
    assert is_busy(OperationalError("database is locked"))
    assert not is_busy(OperationalError("no such table: tasks_task"))
    assert not is_busy(ValueError("database is locked"))


def test_an_import_that_meets_a_busy_database_says_so_and_saves_nothing(
    sqlite_file_database, tmp_path
):
    path = write_csv(
        tmp_path / "so.csv",
        [
            HEADER,
            [
                "BUSY-1",
                "Nhiệm vụ khi cơ sở dữ liệu bận",
                "lang-son",
                "so-tai-chinh",
                "05/03/2025",
                "",
            ],
        ],
    )
    with write_lock_held(sqlite_file_database):
        result = import_register(path)
    assert not result.saved
    assert result.errors == [
        "Cơ sở dữ liệu đang bận ghi dữ liệu khác nên chưa nhập được; chưa ghi gì. Hãy nhập lại sau ít phút."
    ]
    assert not Task.objects.filter(external_code="BUSY-1").exists()


def test_a_busy_database_met_outside_a_view_is_the_busy_page_too(rf):
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert_busy_page(response)
