"""`http_list_rps`: a page served by gunicorn on 127.0.0.1 under wrk's concurrent load.

The server is the production one (gunicorn, `DONDOC_DEBUG=false`) on the database this process
uses, started as a child process with the same settings, and stopped whatever happens. The user's
session is written straight into the session store: logging in through the form would run argon2
and django-axes, which the measurement is not about.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection

from dondoc.accounts.models import User

# Gunicorn on this 2-core machine: a gthread worker per core with 4 threads. On the demo's list
# page (the machine busy with other jobs) it served 76-83 requests/s where 2, 3 or 4 sync workers
# served 38-63, with less CPU per request (15.1-15.8 ms against 15.7-17.1): it keeps wrk's
# connections open where a sync worker closes each one, and a thread waiting for the database
# leaves the core to another.
DEFAULT_WORKERS = os.cpu_count() or 2
DEFAULT_THREADS = 4
WARM_UP_SECONDS = 3
START_TIMEOUT_SECONDS = 30
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
LIST_PAGE_MARK = 'id="task-filters"'  # the task list's filter form: a page that is the list


class BenchError(RuntimeError):
    """The measurement could not be taken (no wrk, the server did not start, a wrong page)."""


def list_path(province: str, as_of: str) -> str:
    """The list page of issue 5: one province's tasks overdue on `as_of` (dd/mm/yyyy), page 1."""
    return f"/nhiem-vu/?trang_thai=overdue&chu_tri={quote(province)}&ngay={quote(as_of, safe='')}"


DASHBOARD_MARK = 'id="chart-data"'  # the dashboard's chart data: a page that is the dashboard


def dashboard_path(province: str, start: dt.date, end: dt.date, as_of: dt.date) -> str:
    """The dashboard of a province's assignments in [start, end] as of `as_of` (a custom range:
    the same days whatever preset they make)."""
    params = {"giao": province, "ky": "tuy-chon", "tu": start, "den": end, "ngay": as_of}
    return "/bao-cao/?" + urlencode(
        {name: f"{value:%d/%m/%Y}" if isinstance(value, dt.date) else value
         for name, value in params.items()}
    )  # fmt: skip


def measure_http(
    path: str,
    *,
    username: str,
    seconds: int = 15,
    connections: int = 16,
    workers: int | None = None,
    threads: int = DEFAULT_THREADS,
    expect: str = LIST_PAGE_MARK,
    page_cache: bool = True,
) -> dict[str, Any]:
    """Requests per second and latency of GET `path` as `username`, over `seconds` of load.

    `threads=1` runs gunicorn's sync workers instead of gthread ones. `expect` is a piece of
    text the page must contain, checked before and after the load: a 200 that is another page
    would measure the wrong thing (by default, the task list's filter form; "" for any page).
    `page_cache=False` serves every request without the kept page parts (core/pagecache.py).
    Returns rps, p50/p99 in milliseconds, errors (non-2xx/3xx responses and socket errors), the
    requests counted and the server's shape.
    """
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError("wrk is not installed: apt-get install wrk (a Debian package).")
    if connections < 2:
        raise BenchError("wrk runs two threads: give at least 2 connections.")
    workers = workers or DEFAULT_WORKERS
    session_key = login_session(username)
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"
    try:
        share = -(-connections // workers)  # each worker's share of wrk's connections
        with gunicorn(
            workers=workers, threads=threads, page_cache=page_cache, connections=share
        ) as port:
            _check_page(port, path, cookie, expect)
            url = f"http://127.0.0.1:{port}{path}"
            _run_wrk(wrk, url, cookie, seconds=WARM_UP_SECONDS, connections=connections)
            result = parse_wrk(_run_wrk(wrk, url, cookie, seconds=seconds, connections=connections))
            _check_page(port, path, cookie, expect)  # still logged in, still the same page
    finally:
        import_module(settings.SESSION_ENGINE).SessionStore(session_key).delete()
    return {
        **result,
        "workers": workers,
        "worker_class": "gthread" if threads > 1 else "sync",
        "threads": threads,
        "page_cache": page_cache,
        "connections": connections,
        "seconds": seconds,
    }


def login_session(username: str) -> str:
    """A logged-in session for `username` in the session store, as `auth.login` leaves it."""
    user = User.objects.get(username=username)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = MODEL_BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None  # noqa: S101  (create() always sets one)
    return session.session_key


def database_url(config: Mapping[str, Any]) -> str:
    """`DATABASE_URL` for the database `config` (a connection's settings) points at."""
    if config["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(config['NAME']).resolve()}"
    if config["ENGINE"] == "django.db.backends.postgresql":
        credentials = quote(config.get("USER") or "", safe="")
        if config.get("PASSWORD"):
            credentials += ":" + quote(config["PASSWORD"], safe="")
        host = config.get("HOST") or "localhost"
        port = f":{config['PORT']}" if config.get("PORT") else ""
        at = "@" if credentials else ""
        return f"postgres://{credentials}{at}{host}{port}/{quote(config['NAME'], safe='')}"
    raise BenchError(f"cannot serve {config['ENGINE']} through DATABASE_URL")


def server_environment() -> dict[str, str]:
    """This process's environment in production mode, on this process's database.

    The secret key is this process's own: sessions and the user's session hash are signed with it.
    """
    if connection.vendor == "sqlite" and str(connection.settings_dict["NAME"]).startswith(
        ("file:", ":memory:")
    ):
        raise BenchError("an in-memory SQLite database cannot be shared with gunicorn")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dondoc.settings",
        "DONDOC_DEBUG": "false",
        "DONDOC_SECRET_KEY": settings.SECRET_KEY,
        "DONDOC_ALLOWED_HOSTS": "127.0.0.1",
        "DONDOC_SSL_REDIRECT": "false",  # plain HTTP on 127.0.0.1, no TLS proxy in front
        "DONDOC_DATA_DIR": str(settings.DATA_DIR),
        "DATABASE_URL": database_url(connection.settings_dict),
    }


def collect_static() -> None:
    """`dondoc collectstatic` in production mode, on this process's data folder: the pages the
    benchmark draws, here or through gunicorn, name the static files by their collected, hashed
    names (settings.STORAGES). Run once before measuring (bench_db, bench_http)."""
    collect = [sys.executable, "-m", "dondoc", "collectstatic", "--noinput", "--verbosity", "0"]
    subprocess.run(collect, env=server_environment(), check=True)  # noqa: S603


@contextmanager
def gunicorn(
    *, workers: int, threads: int = 1, page_cache: bool = True, connections: int = 1000
) -> Iterator[int]:
    """gunicorn serving `dondoc.wsgi` on a free port of 127.0.0.1, until the block ends.

    A gthread worker keeps at most `connections` open. Unbounded (gunicorn's default, 1000), the
    worker that happens to accept first keeps most of wrk's keep-alive connections and the other
    core idles: the same server measured 54 to 114 requests/s from one run to the next. Bounded to
    its share, each worker serves half, as workers behind a proxy that spreads the load would.
    """
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "dondoc.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--worker-class={'gthread' if threads > 1 else 'sync'}",
        f"--threads={threads}",
        f"--worker-connections={connections}",
        "--graceful-timeout=5",
    ]
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(  # noqa: S603  (our own interpreter, fixed arguments)
            command,
            env={
                **server_environment(),
                **({} if page_cache else {"DONDOC_PAGE_CACHE_SECONDS": "0"}),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_listening(server, port, log)
            yield port
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests/s, p50 and p99 (ms), requests and errors from `wrk --latency`'s report."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    requests = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    if rps is None or requests is None:
        raise BenchError(f"could not read wrk's report:\n{output}")
    percentiles = {
        int(p): _milliseconds(float(value), unit)
        for p, value, unit in re.findall(
            r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE
        )
    }
    if set(percentiles) != {50, 99}:
        raise BenchError(
            f"wrk's report has no latency distribution (run with --latency):\n{output}"
        )
    status = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "rps": float(rps.group(1)),
        "p50_ms": percentiles[50],
        "p99_ms": percentiles[99],
        "requests": int(requests.group(1)),
        "errors": (int(status.group(1)) if status else 0) + socket_errors,
    }


def _milliseconds(value: float, unit: str) -> float:
    return round(value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit], 3)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_listening(server: subprocess.Popen[bytes], port: int, log: Any) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn stopped at start-up:\n{_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise BenchError(f"gunicorn did not answer in {START_TIMEOUT_SECONDS} s:\n{_tail(log)}")


def _tail(log: Any) -> str:
    log.seek(0)
    return "".join(log.readlines()[-30:])


def _check_page(port: int, path: str, cookie: str, expect: str) -> None:
    """One request answers 200 (a redirect would be the log-in page) with the expected text."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        client.request("GET", path, headers={"Cookie": cookie})
        response = client.getresponse()
        body = response.read().decode("utf-8", "replace")
    finally:
        client.close()
    if response.status != 200:
        where = response.getheader("Location") or body[:500]
        raise BenchError(f"GET {path} answered {response.status}, not 200: {where}")
    if expect and expect not in body:
        raise BenchError(f"GET {path} answered 200 but without {expect!r}")


def _run_wrk(wrk: str, url: str, cookie: str, *, seconds: int, connections: int) -> str:
    command = [
        wrk,
        "--latency",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    done = subprocess.run(  # noqa: S603  (wrk from PATH, fixed arguments)
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout
