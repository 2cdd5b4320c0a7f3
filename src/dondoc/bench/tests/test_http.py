"""The pieces of `http_list_rps` that need no server: reading wrk's report, the session it sends,
the database the server is pointed at. (`make bench` runs the whole of it.)"""

from __future__ import annotations

import dj_database_url
import pytest
from django.conf import settings
from django.urls import reverse

from dondoc.bench import http
from dondoc.bench.http import BenchError, database_url, login_session, parse_wrk

REPORT = """Running 15s test @ http://127.0.0.1:52535/nhiem-vu/?trang_thai=overdue
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    42.10ms   12.74ms   1.47s    80.84%
    Req/Sec   190.50     24.09   260.00     70.00%
  Latency Distribution
     50%  780.00us
     75%   45.52ms
     90%   93.66ms
     99%    1.39s
  5712 requests in 15.02s, 170.64MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:    380.31
Transfer/sec:     11.36MB
""".replace("1.39s", "1.39s ")  # wrk pads a value in seconds to the width of "ms"


def test_wrks_report_is_read_in_milliseconds_with_every_error_counted():
    assert parse_wrk(REPORT) == {
        "rps": 380.31,
        "p50_ms": 0.78,
        "p99_ms": 1390.0,
        "requests": 5712,
        "errors": 9,
    }


def test_a_clean_report_has_no_errors():
    clean = "\n".join(
        line for line in REPORT.splitlines() if "errors" not in line and "Non-2xx" not in line
    )
    assert parse_wrk(clean)["errors"] == 0


def test_a_report_without_latencies_is_refused():
    with pytest.raises(BenchError, match="--latency"):
        parse_wrk(REPORT.replace("50%", "51%"))


def test_without_wrk_it_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(http.shutil, "which", lambda name: None)
    with pytest.raises(BenchError, match="apt-get install wrk"):
        http.measure_http("/", username="vanphong")


@pytest.mark.django_db
def test_the_session_it_writes_is_a_logged_in_one(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = login_session("vanphong")
    response = client.get(reverse("tasks:list"))
    assert response.status_code == 200 and http.LIST_PAGE_MARK in response.content.decode()


def test_the_server_gets_the_database_of_this_process():
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/dondoc/db.sqlite3"}
    assert database_url(sqlite) == "sqlite:////srv/dondoc/db.sqlite3"
    postgres = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "bench",
        "USER": "postgres",
        "PASSWORD": "p@ss:word",
        "HOST": "127.0.0.1",
        "PORT": 5432,
    }
    url = database_url(postgres)
    assert url == "postgres://postgres:p%40ss%3Aword@127.0.0.1:5432/bench"
    parsed = dj_database_url.parse(url)
    assert {key: parsed[key] for key in postgres} == postgres  # type: ignore[literal-required]
    assert database_url({**postgres, "USER": "", "PASSWORD": "", "PORT": ""}) == (
        "postgres://127.0.0.1/bench"
    )
