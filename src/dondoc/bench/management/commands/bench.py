from __future__ import annotations

import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.bench.dataset import dataset_key
from dondoc.bench.runner import NO_WRK_BANNER

# name → (the result's key, target, "max" or "min"); checked and shown beside each figure.
TARGETS: dict[str, tuple[str, float, str]] = {
    "stats_province": ("median_ms", 150, "max"),
    "stats_country": ("median_ms", 1000, "max"),
    "stats_unit": ("median_ms", 20, "max"),
    "list_page": ("median_ms", 50, "max"),
    # The dashboard of one province (reports/dashboard_views.py), through the request stack;
    # 100 ms on SQLite (DATABASE_TARGETS), 150 on PostgreSQL.
    "dashboard_province": ("median_ms", 150, "max"),
    "task_page": ("median_ms", 30, "max"),
    "raw_province": ("median_ms", 0, ""),
    "raw_unit": ("median_ms", 0, ""),
    "import_rows_per_s": ("rows_per_s", 5000, "min"),
    # How long that import held SQLite's write lock (its final apply; on PostgreSQL, the whole
    # import, which takes row locks only): what a web write may wait for. Shown, no target.
    "import_lock_s": ("seconds", 0, ""),
    # The list page's search as the province office does it (count + first page): a word few tasks
    # hold and one that many do (runner.SEARCH_RARE, SEARCH_COMMON).
    "search_list_rare": ("median_ms", 50, "max"),
    "search_list_common": ("median_ms", 50, "max"),
    # The province's nine months as an Excel report, every task listed (reports/exports).
    "export_xlsx_province": ("median_ms", 2000, "max"),
    # One day's automatic reminders planned for the whole country (notifications/planning.py),
    # with an officer in every unit, each run rolled back (runner.measure_plan_reminders).
    "plan_reminders": ("median_ms", 5000, "max"),
    "http_list_rps": ("rps", 300, "min"),
    "http_list_rps_uncached": ("rps", 0, ""),
}
# A target that differs by database: name → database label → target.
DATABASE_TARGETS: dict[str, dict[str, float]] = {"dashboard_province": {"sqlite": 100}}
RATIO_TARGET = 2.0
P99_TARGET_MS = 200


class Command(BaseCommand):
    help = (
        "Đo hiệu năng ở quy mô toàn quốc (BENCH_TASKS nhiệm vụ, mặc định 1.000.000) trên SQLite và, "
        "khi có DATABASE_URL, trên PostgreSQL; ghi bench/results/latest.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        default = int(os.environ.get("BENCH_TASKS") or 1_000_000)
        parser.add_argument("--tasks", type=int, default=default)
        parser.add_argument("--runs", type=int, default=7, help="số lần đo (lấy trung vị), ≥ 7")
        parser.add_argument("--import-rows", type=int, default=100_000)
        parser.add_argument("--http-seconds", type=int, default=15)
        parser.add_argument("--only", choices=["sqlite", "postgresql"])
        parser.add_argument("--skip", action="append", default=[], help="bỏ qua một phép đo")
        parser.add_argument("--dir", default=os.environ.get("BENCH_DIR", "bench"))

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["dir"]).resolve()
        (folder / "data").mkdir(parents=True, exist_ok=True)
        (folder / "results").mkdir(parents=True, exist_ok=True)
        tasks = options["tasks"]
        key = dataset_key(tasks)
        databases = {"sqlite": f"sqlite:///{folder / 'data' / f'dondoc-bench-{key}.sqlite3'}"}
        server = os.environ.get("DATABASE_URL", "")
        if server.split(":", 1)[0] in ("postgres", "postgresql", "pgsql"):
            databases["postgresql"] = _postgres_database(server, f"dondoc_bench_{key}")
        else:
            self.stdout.write("DATABASE_URL chưa trỏ tới PostgreSQL: chỉ đo trên SQLite.")
        if options["only"]:
            databases = {k: v for k, v in databases.items() if k == options["only"]}
        started = time.perf_counter()
        found: dict[str, Any] = {}
        for label, url in databases.items():
            found[label] = self._run(label, url, options)
        report = _report(tasks, found, time.perf_counter() - started)
        out = folder / "results" / "latest.json"
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(table(report))
        self.stdout.write(f"\nĐã ghi {out}")
        skipped = sorted(
            {name for measures in report["db"].values() for name, m in measures.items()
             if "skipped" in m}
        )  # fmt: skip
        if skipped:  # said again at the end, where it is seen
            self.stdout.write(self.style.WARNING(NO_WRK_BANNER))

    def _run(self, label: str, url: str, options: dict[str, Any]) -> Any:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [sys.executable, "-m", "dondoc", "bench_db", "--tasks", str(options["tasks"]),
                       "--runs", str(options["runs"]), "--import-rows", str(options["import_rows"]),
                       "--http-seconds", str(options["http_seconds"]), "--out", out.name]  # fmt: skip
            for name in options["skip"]:
                command += ["--skip", name]
            # Production mode, as users meet it (no query log, no debug pages).
            env = {**os.environ, "DATABASE_URL": url, "DONDOC_DEBUG": "false",
                   "DONDOC_ALLOWED_HOSTS": "127.0.0.1", "DONDOC_SSL_REDIRECT": "false",
                   "DONDOC_SECRET_KEY": os.environ.get("DONDOC_SECRET_KEY") or secrets.token_urlsafe(50)}  # fmt: skip
            if subprocess.run(command, env=env, check=False).returncode != 0:  # noqa: S603
                raise CommandError(f"Đo trên {label} không thành công (xem ở trên).", returncode=3)
            return json.loads(Path(out.name).read_text(encoding="utf-8"))


def _postgres_database(server: str, name: str) -> str:
    """The URL of database `name` on the server of `server`, created when missing."""
    import psycopg

    parts = urlsplit(server)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _machine() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    return {"cpu": model, "cores": os.cpu_count(), "memory": memory,
            "system": platform.platform(), "python": platform.python_version()}  # fmt: skip


def _report(tasks: int, found: dict[str, Any], seconds: float) -> dict[str, Any]:
    db = {label: result["measures"] for label, result in found.items()}
    ratios = {}
    for label, measures in db.items():
        pairs = {"stats_province_vs_raw": ("stats_province", "raw_province"),
                 "stats_unit_vs_raw": ("stats_unit", "raw_unit")}  # fmt: skip
        ratios[label] = {
            name: round(measures[ours]["median_ms"] / measures[theirs]["median_ms"], 2)
            for name, (ours, theirs) in pairs.items()
            if ours in measures and theirs in measures
        }
    return {
        "tasks": tasks,
        "db": db,
        "ratios": ratios,
        "databases": {label: result["database"] for label, result in found.items()},
        "datasets": {label: result["dataset"] for label, result in found.items()},
        "machine": _machine(),
        "seconds": round(seconds),
        "taken_at": time.strftime("%Y-%m-%d %H:%M"),
    }


def misses(report: dict[str, Any]) -> list[str]:
    """The targets the report does not reach."""
    out = []
    for label, measures in report["db"].items():
        for name, (key, target, kind) in TARGETS.items():
            if name not in measures or not kind or "skipped" in measures[name]:
                continue
            value = measures[name][key]
            goal = DATABASE_TARGETS.get(name, {}).get(label, target)
            if (kind == "max" and value > goal) or (kind == "min" and value < goal):
                out.append(f"{label} {name}")
        http = measures.get("http_list_rps")
        if http and "skipped" not in http and http["p99_ms"] > P99_TARGET_MS:
            out.append(f"{label} http_list_rps p99")
        for name, ratio in report["ratios"].get(label, {}).items():
            if name == "stats_province_vs_raw" and ratio > RATIO_TARGET:
                out.append(f"{label} {name}")
    return out


def table(report: dict[str, Any]) -> str:
    labels = list(report["db"])
    lines = [f"\n{report['tasks']:,} nhiệm vụ; {report['machine']['cores']} lõi, "
             f"{report['machine']['cpu']}"]  # fmt: skip
    head = f"{'':<24}" + "".join(f"{label:>14}" for label in labels) + "  mục tiêu"
    lines += [head, "-" * (len(head) + 22)]
    for name, (key, target, kind) in TARGETS.items():
        cells = []
        for label in labels:
            result = report["db"][label].get(name)
            cells.append(f"{_value(name, result, key):>14}")
        goal = "" if not kind else (f"≤ {target:g} ms" if kind == "max" else f"≥ {target:g}")
        for label, other in DATABASE_TARGETS.get(name, {}).items():
            goal = f"{label} ≤ {other:g}, ≤ {target:g} ms"
        if name == "http_list_rps":
            goal += f", p99 ≤ {P99_TARGET_MS}"
        lines.append(f"{name:<24}" + "".join(cells) + f"  {goal}")  # a long goal runs on
    for ratio in ("stats_province_vs_raw", "stats_unit_vs_raw"):
        cells = [f"{report['ratios'].get(label, {}).get(ratio, '—')!s:>14}" for label in labels]
        goal = f"≤ {RATIO_TARGET:g}×" if ratio == "stats_province_vs_raw" else ""
        lines.append(f"{ratio:<24}" + "".join(cells) + f"  {goal}")
    missed = misses(report)
    lines.append("\nChưa đạt: " + ", ".join(missed) if missed else "\nĐạt mọi mục tiêu.")
    return "\n".join(lines)


def _value(name: str, result: dict[str, Any] | None, key: str) -> str:
    if result is None:
        return "—"
    if "skipped" in result:
        return "bỏ qua"
    if name.startswith("http_"):
        return f"{result['rps']:.0f} / {result['p99_ms']:.0f}ms"
    if name == "import_rows_per_s":
        return f"{result['rows_per_s']:,}"
    if name == "import_lock_s":
        return f"{result['seconds']:.1f} s"
    return f"{result[key]:.1f} ms"
