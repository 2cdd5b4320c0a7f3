from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dondoc.reports.selectors import report
from dondoc.tasks.cli import add_report_arguments, report_query


class Command(BaseCommand):
    help = (
        "In đoạn văn tóm tắt số liệu thực hiện nhiệm vụ, như trong báo cáo, bản tin "
        "(các tùy chọn của dondoc stats)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_report_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(report(report_query(options)).narrative())
