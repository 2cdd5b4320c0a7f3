"""A long import on SQLite holds the write lock only for its final apply: a web write made while
the import reads and checks its rows succeeds at once, the import is complete, and when the write
changed a task the import was to update, nothing of the import is kept. A write made during the
short apply gets the "busy, try again" page, and succeeds after. Shown on a real SQLite file
with the import in a thread."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.organisations.models import Unit
from dondoc.registers.importer import ImportResult, import_register
from dondoc.registers.tests.helpers import HEADER, write_csv
from dondoc.tasks.models import Status, Task

pytestmark = pytest.mark.django_db
ROWS = 3000  # three batches of checks


def register(path: Path, *, first_title: str = "Rà soát quy hoạch") -> Path:
    rows: list[list[str]] = [HEADER]
    for i in range(ROWS):
        title = first_title if i == 0 else f"Nhiệm vụ nhập số {i}"
        rows.append([f"LOCK-{i}", title, "lang-son", "so-tai-chinh", "05/03/2025", "30/04/2025"])
    return write_csv(path, rows)


class ImportInThread:
    """`import_register` in a thread that stops half-way through checking the file (or, with
    `in_apply`, at the first update it applies, inside its writing transaction), until the test has
    made its web write."""

    def __init__(self, path: Path, *, in_apply: bool = False, **options: Any) -> None:
        self.path, self.options = path, options
        self.checking, self.resume = threading.Event(), threading.Event()
        self.passes = 0
        self.pause_at = (1, 0) if in_apply else (0, ROWS // 2)  # (pass, row): check, then apply
        self.result: ImportResult | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run)

    def _progress(self, items: Iterable[Any], label: str, total: int | None) -> Iterator[Any]:
        this_pass, self.passes = self.passes, self.passes + 1
        for number, item in enumerate(items):
            if (this_pass, number) == self.pause_at:
                self.checking.set()
                assert self.resume.wait(60)
            yield item

    def _run(self) -> None:
        try:
            self.result = import_register(self.path, progress=self._progress, **self.options)
        except BaseException as error:  # raised in the test's thread
            self.error = error
        finally:
            connections.close_all()

    def __enter__(self) -> ImportInThread:
        self.thread.start()
        assert self.checking.wait(60), "the import never reached its pause"
        return self

    def __exit__(self, *exc: object) -> None:
        self.resume.set()
        self.thread.join(120)
        if self.error is not None:
            raise self.error


def progress_report(client: Client, task: Task) -> int:
    url = reverse("tasks:action", args=[task.pk, "tien-do"])
    data = {"version": task.version, "text": "Đã họp", "percent": "40"}
    return client.post(url, data).status_code


@pytest.fixture
def finance_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="sotaichinh"))
    return client


def test_a_web_write_during_a_long_import_succeeds_and_the_import_is_complete(
    sqlite_file_database: Path, tmp_path: Path, finance_client: Client
):
    task = Task.objects.filter(
        current_lead_unit__code="so-tai-chinh", current_status=Status.OPEN, reported_on=None
    ).first()
    assert task is not None
    events = task.events.count()
    with ImportInThread(register(tmp_path / "so.csv")) as running:
        assert progress_report(finance_client, task) == 302  # not kept waiting for the import
        assert task.events.count() == events + 1
        assert not Task.objects.filter(external_code__startswith="LOCK-").exists()
    result = running.result
    assert result is not None
    assert result.ok and result.saved, [str(e) for e in result.errors]
    assert result.created == ROWS
    assert Task.objects.filter(external_code__startswith="LOCK-").count() == ROWS
    assert result.lock_seconds > 0


def imported_first_row(tmp_path: Path) -> Task:
    first = tmp_path / "first.csv"
    write_csv(first, [HEADER, ["LOCK-0", "Rà soát quy hoạch", "lang-son", "so-tai-chinh",
                               "05/03/2025", "30/04/2025"]])  # fmt: skip
    assert import_register(first).saved
    return Task.objects.get(external_code="LOCK-0", assigner=Unit.objects.get(code="lang-son"))


def test_a_web_write_during_the_imports_apply_gets_the_busy_page_then_succeeds(
    sqlite_file_database: Path, tmp_path: Path, finance_client: Client
):
    task = Task.objects.filter(
        current_lead_unit__code="so-tai-chinh", current_status=Status.OPEN, reported_on=None
    ).first()
    assert task is not None
    imported_first_row(tmp_path)
    path = register(tmp_path / "so.csv", first_title="Rà soát quy hoạch chung")
    with ImportInThread(path, in_apply=True, update=True):
        response = finance_client.post(
            reverse("tasks:action", args=[task.pk, "tien-do"]),
            {"version": task.version, "text": "Đã họp", "percent": "40"},
        )
        assert response.status_code == 503
        assert "Hệ thống đang ghi một lượt nhập sổ lớn" in response.content.decode()
    assert progress_report(finance_client, task) == 302
    assert Task.objects.filter(external_code__startswith="LOCK-").count() == ROWS


def test_an_import_whose_task_changed_while_it_was_checked_keeps_nothing(
    sqlite_file_database: Path, tmp_path: Path, finance_client: Client
):
    task = imported_first_row(tmp_path)
    path = register(tmp_path / "so.csv", first_title="Rà soát quy hoạch chung")
    with ImportInThread(path, update=True) as running:
        assert progress_report(finance_client, task) == 302
    result = running.result
    assert result is not None and not result.saved
    assert any("người khác cập nhật" in str(e) for e in result.errors)
    assert Task.objects.filter(external_code__startswith="LOCK-").count() == 1
    task.refresh_from_db()
    assert task.title == "Rà soát quy hoạch"


def test_an_import_whose_code_was_taken_while_it_was_checked_keeps_nothing(
    sqlite_file_database: Path, tmp_path: Path
):
    province = Unit.objects.get(code="lang-son")
    other = Task.objects.filter(assigner=province).first()
    assert other is not None
    with ImportInThread(register(tmp_path / "so.csv")) as running:
        Task.objects.filter(pk=other.pk).update(external_code="LOCK-7")  # as an edit would
    result = running.result
    assert result is not None and not result.saved
    assert any("vừa được ghi trên hệ thống" in str(e) for e in result.errors)
    assert list(Task.objects.filter(external_code__startswith="LOCK-")) == [other]
