"""`make bench` on a machine without wrk: it measures everything else, writes the HTTP entries as
skipped, says so loudly with how to install wrk, and exits 0. Run end to end (`dondoc bench` in a
child process, as make runs it) on a tiny dataset, with a PATH that holds no wrk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.django_db  # (not used: the child process has its own database, a file in tmp_path)
def test_make_bench_without_wrk_measures_the_rest_and_says_how_to_install_it(tmp_path: Path):
    empty = tmp_path / "bin"  # no wrk on this PATH (the child runs sys.executable by its path)
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty), "DATABASE_URL": "", "BENCH_TASKS": "600"}
    # (list_page and task_page want the province's overdue tasks and a task with child tasks,
    # which a dataset this small does not hold.)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "dondoc", "bench", "--runs", "1", "--import-rows", "20",
         "--skip", "list_page", "--skip", "task_page", "--dir", str(tmp_path / "bench")],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "HTTP MEASUREMENT SKIPPED" in out and "apt-get install wrk" in out
    report = json.loads((tmp_path / "bench" / "results" / "latest.json").read_text())
    measures = report["db"]["sqlite"]
    for name in ("http_list_rps", "http_list_rps_uncached"):
        assert "apt-get install wrk" in measures[name]["skipped"]
    for name in ("stats_province", "stats_country", "stats_unit", "search_list_rare",
                 "search_list_common", "export_xlsx_province", "dashboard_province"):  # fmt: skip
        assert measures[name]["median_ms"] > 0, name
    assert measures["import_rows_per_s"]["rows_per_s"] > 0
    assert "bỏ qua" in out  # the table's cell for a skipped measurement
