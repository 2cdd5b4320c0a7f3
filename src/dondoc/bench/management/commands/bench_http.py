"""`dondoc bench_http`: one `http_list_rps` run on the configured database, to try server shapes."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.bench.http import (
    DEFAULT_THREADS,
    LIST_PAGE_MARK,
    BenchError,
    collect_static,
    measure_http,
)


class Command(BaseCommand):
    help = "Serve a page with gunicorn and load it with wrk; print requests/s and latency as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="e.g. '/nhiem-vu/?trang_thai=overdue&ngay=30/09/2026'")
        parser.add_argument("--user", required=True, help="the logged-in user name")
        parser.add_argument("--seconds", type=int, default=15)
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument(
            "--threads", type=int, default=DEFAULT_THREADS, help="1: sync workers, else gthread"
        )
        parser.add_argument(
            "--expect", default=LIST_PAGE_MARK, help="text the page must contain ('' for any)"
        )
        parser.add_argument(
            "--no-page-cache", action="store_true", help="make every page afresh (core/pagecache)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            collect_static()  # the pages gunicorn serves name the collected static files
            result = measure_http(
                options["path"],
                username=options["user"],
                seconds=options["seconds"],
                connections=options["connections"],
                workers=options["workers"],
                threads=options["threads"],
                expect=options["expect"],
                page_cache=not options["no_page_cache"],
            )
        except BenchError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(json.dumps(result))
