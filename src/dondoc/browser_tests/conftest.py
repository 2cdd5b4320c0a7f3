"""Real-browser tests: Playwright drives Debian's Chromium against a live server of the app.

Every test gets the Lạng Sơn demo on a database of its own, copied from the session's test
database (a file on SQLite, a `CREATE DATABASE … TEMPLATE` on PostgreSQL), because the live
server answers from other threads, which the test's rolled-back transaction would hide, and
because flushing the session database (pytest-django's `live_server`) would take the demo from
every test after.

The browser is `/usr/bin/chromium` (`DONDOC_CHROMIUM` to name another): Playwright's own browser
download cannot work without network. Without it the tests are skipped with a message, except in
CI (`CI` set), where a missing browser is a failure: CI must run them.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.testcases import LiveServerThread
from playwright.sync_api import (
    Browser,
    BrowserContext,
    BrowserType,
    Page,
    Playwright,
    sync_playwright,
)

from dondoc.browser_tests.helpers import Site, log_in

HERE = Path(__file__).parent
CHROMIUM = Path(os.environ.get("DONDOC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of this folder is a browser test: `-m browser` runs them alone, `-m "not
    browser"` leaves them out."""
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say it at the end of the run, where it is seen, when the browser tests could not run."""
    browser_tests = [
        r for r in terminalreporter.stats.get("skipped", []) if HERE.name in str(r.nodeid)
    ]
    if browser_tests and not CHROMIUM.exists():
        terminalreporter.write_line(
            f"{len(browser_tests)} browser test(s) skipped: no Chromium at {CHROMIUM} "
            "(apt-get install chromium).",
            yellow=True,
            bold=True,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        message = (
            f"Chromium is not installed at {CHROMIUM}: the browser tests need it "
            "(Debian: apt-get install chromium; `make test` installs it when run as root)."
        )
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{message} CI must run them.", pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


# Playwright for this folder's tests alone (pytest-playwright starts it for the session): while
# it runs, the test's thread has an event loop marked running, in which Django refuses the
# synchronous database calls of the tests and their fixtures unless DJANGO_ALLOW_ASYNC_UNSAFE is
# set. It is set for these tests only: the tests after them run as production does, and one runs
# the deployment check, which refuses it.
UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="package")
def playwright(_pw_api_request_contexts: Any) -> Iterator[Playwright]:
    saved = os.environ.get(UNSAFE)
    os.environ[UNSAFE] = "true"
    started = sync_playwright().start()
    if _pw_api_request_contexts:
        _pw_api_request_contexts.instrument(started)
    try:
        yield started
    finally:
        started.stop()
        if saved is None:
            del os.environ[UNSAFE]
        else:
            os.environ[UNSAFE] = saved


@pytest.fixture(scope="package")
def browser_type(playwright: Playwright) -> BrowserType:
    return playwright.chromium


@pytest.fixture(scope="package")
def launch_browser(
    browser_type_launch_args: dict[str, Any], browser_type: BrowserType
) -> Callable[..., Browser]:
    def launch(**kwargs: Any) -> Browser:
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser: Callable[..., Browser]) -> Iterator[Browser]:
    launched = launch_browser()
    yield launched
    launched.close()


@pytest.fixture(scope="package")
def browser_context_args() -> dict[str, Any]:
    return {"locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture(scope="session")
def live_url(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """One server for the session, on a free port; it answers from whatever database the test
    in progress set (`site`), each request on a connection of its own."""
    allowed = settings.ALLOWED_HOSTS
    settings.ALLOWED_HOSTS = [*allowed, "127.0.0.1"]
    with django_db_blocker.unblock():
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        try:
            yield f"http://127.0.0.1:{thread.port}"
        finally:
            thread.terminate()
            settings.ALLOWED_HOSTS = allowed


def _admin_connection() -> psycopg.Connection[Any]:
    conf = connections.settings[DEFAULT_DB_ALIAS]
    return psycopg.connect(
        dbname="postgres",
        user=conf["USER"] or None,
        password=conf["PASSWORD"] or None,
        host=conf["HOST"] or None,
        port=conf["PORT"] or None,
        autocommit=True,
    )


def _copy_postgresql(source: str, target: str) -> None:
    """A database made from another, which no one may be connected to while it is copied."""
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [source],
        )
        admin.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def _drop_postgresql(name: str) -> None:
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The connections the tests' own transactions (`db`) ran on, closed before the PostgreSQL test
# database is dropped. Django keeps its connections in context variables, and once Playwright had
# started, the tests were seen to run on another connection than the one pytest-django set the
# database up with (and closes before dropping it): the drop then failed, the database in use.
_TESTS_CONNECTIONS: list[Any] = []


@pytest.fixture(scope="session")
def _demo_template(
    django_db_setup: None, django_db_blocker: Any, _sqlite_file_copy: Path
) -> Iterator[str]:
    """The demo as the session loaded it, kept apart for the tests to copy: the SQLite file the
    root conftest made, or a PostgreSQL database made from the test database before any test
    writes to it."""
    conf = connections.settings[DEFAULT_DB_ALIAS]
    if conf["ENGINE"].endswith("sqlite3"):
        yield str(_sqlite_file_copy)
        return
    template = f"{conf['NAME']}_browser"
    with django_db_blocker.unblock():
        connections.close_all()  # before any test's transaction: session fixtures come first
        _copy_postgresql(conf["NAME"], template)
        try:
            yield template
        finally:
            _drop_postgresql(template)
            for connection in _TESTS_CONNECTIONS:
                connection.close()


@pytest.fixture
def site(
    live_url: str, _demo_template: str, db: None, django_db_blocker: Any, tmp_path: Path
) -> Iterator[Site]:
    """The live server, answering from a fresh copy of the demo for this test. The test's own
    thread reads and writes the same copy; the session's database, and the test's transaction on
    it (`db`), are left as they are."""
    shared = connections.settings[DEFAULT_DB_ALIAS]
    main = connections[DEFAULT_DB_ALIAS]
    if shared["ENGINE"].endswith("sqlite3"):
        name = str(tmp_path / "dondoc.sqlite3")
        shutil.copyfile(_demo_template, name)
        copy = {**shared, "NAME": name, "OPTIONS": {**shared["OPTIONS"], "timeout": 10}}
    else:
        name = f"{shared['NAME']}_b"
        with django_db_blocker.unblock():
            _copy_postgresql(_demo_template, name)
        copy = {**shared, "NAME": name}
    if all(main is not seen for seen in _TESTS_CONNECTIONS):
        _TESTS_CONNECTIONS.append(main)
    connections.settings[DEFAULT_DB_ALIAS] = copy  # for the server's threads
    connections[DEFAULT_DB_ALIAS] = connections.create_connection(DEFAULT_DB_ALIAS)
    cache.clear()
    try:
        with django_db_blocker.unblock():
            yield Site(live_url)
            connections[DEFAULT_DB_ALIAS].close()
    finally:
        connections.settings[DEFAULT_DB_ALIAS] = shared
        connections[DEFAULT_DB_ALIAS] = main
        cache.clear()
        if not shared["ENGINE"].endswith("sqlite3"):
            with django_db_blocker.unblock():
                _drop_postgresql(name)


@pytest.fixture
def open_as(site: Site, new_context: Callable[..., BrowserContext]) -> Callable[..., Page]:
    """A page logged in as a demo user, in a browser context of its own (its own cookies), so
    that the office and a unit can act side by side in one test. `phone=True` draws it on a
    phone's screen."""

    def make(username: str | None, *, phone: bool = False) -> Page:
        extra: dict[str, Any] = {"viewport": PHONE, "is_mobile": True, "has_touch": True}
        context = new_context(**(extra if phone else {}))
        page = context.new_page()
        if username is None:
            return page
        return log_in(page, site, username)

    return make


@pytest.fixture
def shot(
    pytestconfig: pytest.Config, request: pytest.FixtureRequest
) -> Callable[[Page, str], Path]:
    """Keeps a picture of the page as it is now, under the output folder's `pages/` (looked at by
    people, not compared by the tests)."""
    folder = Path(pytestconfig.getoption("--output")) / "pages"

    def take(page: Page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        test = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name).strip("-")
        path = folder / f"{test}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
