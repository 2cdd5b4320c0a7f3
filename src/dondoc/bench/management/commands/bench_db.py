from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.bench.http import collect_static
from dondoc.bench.runner import (
    BenchmarkFailure,
    database_label,
    database_version,
    ensure_dataset,
    measure,
)


class Command(BaseCommand):
    help = (
        "Đo hiệu năng trên cơ sở dữ liệu đang cấu hình (DATABASE_URL): tạo hoặc dùng lại bộ dữ liệu, "
        "rồi đo; `dondoc bench` gọi lệnh này cho từng cơ sở dữ liệu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tasks", type=int, required=True)
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--import-rows", type=int, default=100_000)
        parser.add_argument("--http-seconds", type=int, default=15)
        parser.add_argument("--skip", action="append", default=[], help="bỏ qua một phép đo")
        parser.add_argument("--out", required=True, help="tệp JSON ghi kết quả")

    def handle(self, *args: Any, **options: Any) -> None:
        def say(line: str) -> None:
            self.stdout.write(f"[{database_label()}] {line}")
            self.stdout.flush()

        try:
            dataset = ensure_dataset(options["tasks"], say)
            collect_static()  # the pages measured name the collected static files
            results = measure(
                runs=options["runs"],
                import_rows=options["import_rows"],
                http_seconds=options["http_seconds"],
                say=say,
                skip=set(options["skip"]),
            )
        except BenchmarkFailure as failure:
            raise CommandError(f"BENCHMARK FAILED: {failure}", returncode=3) from failure
        found = {"database": database_version(), "dataset": dataset.key, "measures": results}
        Path(options["out"]).write_text(json.dumps(found, indent=2), encoding="utf-8")
