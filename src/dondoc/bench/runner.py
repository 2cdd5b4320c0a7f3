"""The measurements of `make bench` on the database this process is configured for.

Each measurement runs in this process after a warm-up; the median of `runs` runs is reported.
Before timing anything, the statistics service's figures are compared with the raw SQL's: a
difference stops the benchmark (BenchmarkFailure), since a fast wrong number is worth nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.bench import dataset, http, raw
from dondoc.bench.models import Dataset
from dondoc.organisations.models import Unit, UnitKind
from dondoc.organisations.selectors import subunits
from dondoc.reports import exports
from dondoc.tasks.figures import Figures
from dondoc.tasks.listing import task_listing
from dondoc.tasks.models import Task
from dondoc.tasks.stats import StatsQuery, task_stats, task_stats_by_lead_unit
from dondoc.tasks.views import list_page as search_page

PROVINCE = "tinh-01"
DEPARTMENT = "tinh-01-so-03"  # a department and its division: what `dondoc stats --unit` gives
# search_list: a document number as officials write it, "số 1234/TB" (a few tasks of the province
# hold it, a few hundred in the country), and a word of many titles ("giải ngân", "giải phóng",
# "giải quyết": about a quarter of all tasks).
SEARCH_RARE = "1234/tb"
SEARCH_COMMON = "giai"


class BenchmarkFailure(Exception):
    """Our figures differ from the raw SQL's, or the dataset is not what it should be."""


def ensure_dataset(tasks: int, say: Callable[[str], None]) -> Dataset:
    """Reuse this database's dataset when it has the right key, else build it (empty DB only)."""
    call_command("migrate", verbosity=0)
    key = dataset.dataset_key(tasks)
    found = Dataset.objects.filter(key=key).first()
    if found is not None:
        say(f"dataset {key}: reused ({found.tasks:,} tasks, built {found.built_at:%d/%m/%Y})")
        return found
    if Task.objects.exists() or Unit.objects.exists():
        raise BenchmarkFailure(
            f"the database holds other data but no dataset {key}: use an empty database"
        )
    say(f"dataset {key}: building {tasks:,} tasks…")
    started = time.perf_counter()

    def progress(made: int) -> None:
        if made % 100_000 < 6_000 or made == tasks:
            say(f"  {made:,} tasks, {time.perf_counter() - started:.0f} s")

    built = dataset.build(tasks, progress=progress)
    seconds = time.perf_counter() - started
    say(f"  built in {seconds:.0f} s: {built}")
    return Dataset.objects.create(key=key, tasks=built.tasks, events=built.events, seconds=seconds)


def timed(action: Callable[[], object], runs: int, warmup: int = 2) -> dict[str, Any]:
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(times), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "runs": runs,
    }


def _labels_off(figures: Figures) -> dict[str, Any]:
    return {
        k: v
        for k, v in figures.as_json().items()
        if k not in ("as_of", "period", "assigner", "unit")
    }


def check_against_raw(province: Unit, department: Unit, provinces: list[Unit]) -> None:
    """Our figures equal the raw SQL's, per lead unit of a province and for one unit, as of the
    benchmark day and a few other days and periods; raise BenchmarkFailure otherwise."""
    start, end = dataset.PERIOD
    cases = [(start, end, dataset.AS_OF), (dt.date(2020, 1, 1), dt.date(2020, 12, 31),
             dt.date(2021, 3, 31)), (dt.date(2023, 4, 1), dt.date(2023, 6, 30),
             dt.date(2023, 5, 15))]  # fmt: skip
    compared = 0
    for s, e, r in cases:
        query = StatsQuery(province, s, e, r)
        ours = {lead: _labels_off(f) for (_a, lead), f in task_stats_by_lead_unit(query).items()}
        theirs = {
            lead: raw.as_report(f) for lead, f in raw.raw_figures(province.pk, s, e, r).items()
        }
        if ours != theirs:
            differing = sorted(
                k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k)
            )
            raise BenchmarkFailure(
                f"stats_province ≠ raw_province on {r}: lead units {differing[:5]}"
            )
        unit_query = StatsQuery(province, s, e, r, unit=department)
        units = list(subunits(department, as_of=r).values_list("pk", flat=True))
        theirs_unit = raw.as_report(raw.total(raw.raw_figures(province.pk, s, e, r, units)))
        if _labels_off(task_stats(unit_query)) != theirs_unit:
            raise BenchmarkFailure(f"stats_unit ≠ raw_unit on {r}")
        compared += sum(f["assigned"] for f in ours.values())
    if not compared:
        raise BenchmarkFailure("the periods compared hold no task: the comparison compares nothing")


def measure(
    *,
    runs: int,
    import_rows: int,
    http_seconds: int,
    say: Callable[[str], None],
    skip: set[str] | None = None,
) -> dict[str, dict[str, Any]]:
    skip = skip or set()
    province = Unit.objects.get(code=PROVINCE)
    department = Unit.objects.get(code=DEPARTMENT)
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE))
    start, end = dataset.PERIOD
    as_of = dataset.AS_OF
    query = StatsQuery(province, start, end, as_of)
    unit_query = StatsQuery(province, start, end, as_of, unit=department)
    units = list(subunits(department, as_of=as_of).values_list("pk", flat=True))

    say("checking our figures against the raw SQL…")
    check_against_raw(province, department, provinces)

    results: dict[str, dict[str, Any]] = {}

    def run(name: str, action: Callable[[], object]) -> None:
        if name in skip:
            return
        results[name] = timed(action, runs)
        say(f"  {name:<18} {results[name]['median_ms']:>10.1f} ms")

    # A new query each run, as each request makes one: nothing it keeps carries to the next run.
    run("stats_province", lambda: task_stats_by_lead_unit(replace(query)))
    run("raw_province", lambda: raw.raw_figures(province.pk, start, end, as_of))
    run("stats_unit", lambda: task_stats(replace(unit_query)))
    run("raw_unit", lambda: raw.raw_figures(province.pk, start, end, as_of, units))
    run("stats_country", lambda: task_stats_by_lead_unit(query, assigners=provinces))

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=dataset.OFFICE_USER))
    list_path = http.list_path(PROVINCE, f"{as_of:%d/%m/%Y}")

    def list_page() -> None:
        cache.clear()  # the page as its first viewer gets it, not its kept body (core/pagecache)
        response = client.get(list_path)
        if response.status_code != 200 or not re.search(rb"/nhiem-vu/\d+/", response.content):
            raise BenchmarkFailure(f"the list page answered {response.status_code} without rows")

    run("list_page", list_page)

    # The province's report as an Excel workbook (its first nine months as of their end): the
    # summary by unit and every task behind the figures with its status on the day, as the
    # dashboard's "Excel" link sends it (reports/exports/xlsx.py), written to memory.
    def export_xlsx_province() -> None:
        out = io.BytesIO()
        exports.write("xlsx", exports.build(query), out)
        if not out.getvalue().startswith(b"PK"):
            raise BenchmarkFailure("the report's workbook is not a workbook")

    run("export_xlsx_province", export_xlsx_province)
    dashboard_path = http.dashboard_path(PROVINCE, start, end, as_of)

    def dashboard_province() -> None:
        cache.clear()  # made afresh, as its first viewer of the day gets it
        response = client.get(dashboard_path)
        if response.status_code != 200 or http.DASHBOARD_MARK not in response.content.decode():
            raise BenchmarkFailure(f"the dashboard answered {response.status_code} without a chart")

    run("dashboard_province", dashboard_province)
    if "task_page" not in skip:
        task_path = reverse("tasks:detail", args=[_busy_task(province)])

        def task_page() -> None:
            if client.get(task_path).status_code != 200:
                raise BenchmarkFailure("the task page did not answer 200")

        run("task_page", task_page)

    # A search of the list, as the office's list page does it: the listing, its capped count and
    # its first page with the rows' statuses (views.list_page). A word few tasks hold, and one
    # that many hold (about a quarter of all tasks): they take different plans (tasks/search.py).
    office = User.objects.get(username=dataset.OFFICE_USER)
    for name, word in (("search_list_rare", SEARCH_RARE), ("search_list_common", SEARCH_COMMON)):
        params = {"q": word, "ngay": f"{as_of:%d/%m/%Y}"}

        def search_list(params: dict[str, str] = params) -> None:
            search_page(task_listing(user=office, params=params), {})

        run(name, search_list)
        if name in results:
            paging, rows = search_page(task_listing(user=office, params=params), {})
            found = [task.pk for task, _status in rows]
            if Task.objects.filter(pk__in=found).exclude(search_text__contains=word).exists():
                raise BenchmarkFailure(f"the search for {word!r} found tasks without it")
            if not found and Task.objects.count() >= 100_000:  # a small dataset may lack it
                raise BenchmarkFailure(f"the search for {word!r} found no task")
            counted = paging.page.paginator.counted  # type: ignore[attr-defined]
            results[name].update(word=word, count=counted.value, more=counted.more)

    if "plan_reminders" not in skip:
        results["plan_reminders"] = measure_plan_reminders(runs, say)
        say(f"  {'plan_reminders':<18} {results['plan_reminders']['median_ms']:>10.1f} ms")
    if "import_rows_per_s" not in skip:
        results["import_rows_per_s"] = measure_import(province, import_rows, say)
        # How long that import held the database's write lock: on SQLite what web writes waited.
        results["import_lock_s"] = {"seconds": results["import_rows_per_s"].pop("lock_s")}
    # The list served again and again, its body kept (what a user going back to it meets), then
    # made afresh for every request (a list nobody has asked for since the data last changed).
    wrk = shutil.which("wrk")
    if wrk is None:
        say(NO_WRK_BANNER)
    for name, page_cache in (("http_list_rps", True), ("http_list_rps_uncached", False)):
        if name in skip:
            continue
        if wrk is None:
            results[name] = {"skipped": NO_WRK}
            continue
        say(f"  {name}: gunicorn + wrk for {http_seconds} s…")
        results[name] = http.measure_http(
            list_path, username=dataset.OFFICE_USER, seconds=http_seconds, page_cache=page_cache
        )
        say(f"  {name:<18} {results[name]['rps']:>10.0f} rps, p99 {results[name]['p99_ms']:.0f} ms")
    return results


NO_WRK = "wrk is not installed: apt-get install wrk (a Debian package)"
NO_WRK_BANNER = f"""
{"!" * 78}
!!  CHƯA ĐO HTTP (http_list_rps, http_list_rps_uncached): máy chưa cài wrk.
!!  HTTP MEASUREMENT SKIPPED (http_list_rps, http_list_rps_uncached): {NO_WRK.split(":")[0]}.
!!  Everything else is measured. Cài rồi chạy lại / install it and run again:
!!      sudo apt-get install wrk
{"!" * 78}"""


def _busy_task(province: Unit) -> int:
    """A task of the province with child tasks and a long timeline: the heaviest kind of page."""
    parent = (
        Task.objects.filter(assigner=province, children__isnull=False)
        .order_by("-version", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if parent is None:
        raise BenchmarkFailure("no task with child tasks in the dataset")
    return parent


def measure_import(province: Unit, rows: int, say: Callable[[str], None]) -> dict[str, Any]:
    """`dondoc import_tasks` of a generated register, whole command, then rolled back so that the
    dataset stays as built."""
    from dondoc.bench.register import write_register

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "so-theo-doi.csv"
        write_register(path, assigner=province, rows=rows, seed=dataset.SEED)
        say(f"  import_rows_per_s: {rows:,} rows…")
        out = io.StringIO()
        lock = _LockTime()
        importer_log = logging.getLogger("dondoc.registers.importer")
        importer_log.addHandler(lock)
        level = importer_log.level
        importer_log.setLevel(logging.INFO)  # (setLevel: it clears the logger's cache of levels)
        started = time.perf_counter()
        try:
            with transaction.atomic():
                call_command(
                    "import_tasks", str(path), "--assigner", province.code, "--no-progress",
                    stdout=out, stderr=out,
                )  # fmt: skip
                seconds = time.perf_counter() - started
                raise _RolledBack
        except _RolledBack:
            pass
        finally:
            importer_log.removeHandler(lock)
            importer_log.setLevel(level)
    if f"{rows} nhiệm vụ mới" not in out.getvalue().replace(",", "").replace(".", ""):
        raise BenchmarkFailure(f"the import did not create {rows} tasks: {out.getvalue()[-500:]}")
    rate = rows / seconds
    say(f"  {'import_rows_per_s':<18} {rate:>10.0f} rows/s ({seconds:.1f} s)")
    if lock.seconds is None:
        raise BenchmarkFailure("the import did not say how long it held the write lock")
    say(f"  {'import_lock_s':<18} {lock.seconds:>10.2f} s")
    return {
        "rows_per_s": round(rate), "rows": rows, "seconds": round(seconds, 2),
        "lock_s": round(lock.seconds, 2),
    }  # fmt: skip


# The day whose reminders plan_reminders plans: the dataset's day, a Wednesday.
REMINDER_DAY = dataset.AS_OF


def measure_plan_reminders(runs: int, say: Callable[[str], None]) -> dict[str, Any]:
    """One day's automatic reminders planned for the whole country (notifications.planning.
    plan_due: the deadlines due that day, one query over the open tasks, their units' people, the
    outbox rows). The dataset has no people in its units, so an officer with an e-mail address is
    created in every unit first (not timed); each run is rolled back with the rows it wrote, so
    that every run plans the day afresh, and so are the officers: the dataset stays as built."""
    from dondoc.notifications.planning import PlanResult, plan_due

    found: list[PlanResult] = []

    def plan() -> None:
        try:
            with transaction.atomic():
                found.append(plan_due(REMINDER_DAY))
                raise _RolledBack
        except _RolledBack:
            pass

    say(f"  plan_reminders: an officer in every unit, the reminders of {REMINDER_DAY:%d/%m/%Y}…")
    try:
        with transaction.atomic():
            officers = _officer_in_every_unit()
            result = timed(plan, runs)
            raise _RolledBack
    except _RolledBack:
        pass
    last = found[-1]
    if last.days != [REMINDER_DAY]:
        raise BenchmarkFailure(f"plan_reminders planned {last.days}, not the day asked for")
    if last.reminders == 0 and Task.objects.count() >= 100_000:  # a small dataset may have none
        raise BenchmarkFailure("plan_reminders wrote no reminder")
    result.update(officers=officers, tasks=last.tasks, rows=last.reminders)
    return result


def _officer_in_every_unit() -> int:
    from django.contrib.auth.hashers import make_password

    from dondoc.accounts.models import Role

    password = make_password(None)  # unusable: nobody logs in as these
    officers = [
        User(username=f"bench.canbo.{pk}", unit_id=pk, role=Role.UNIT_OFFICER,
             full_name=f"Cán bộ đơn vị {pk}", email=f"canbo.{pk}@bench.example",
             password=password)
        for pk in Unit.objects.values_list("pk", flat=True)
    ]  # fmt: skip
    User.objects.bulk_create(officers, batch_size=2000)
    return len(officers)


class _LockTime(logging.Handler):
    """Keeps the write transaction's length that the importer logs with a saved import."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seconds: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if (seconds := getattr(record, "lock_seconds", None)) is not None:
            self.seconds = seconds


class _RolledBack(Exception):
    pass


def database_label() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"
