from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dondoc.tasks.cli import add_report_arguments, report_query
from dondoc.tasks.figures import Figures
from dondoc.tasks.stats import StatsQuery, task_stats


class Command(BaseCommand):
    help = "In số liệu thực hiện nhiệm vụ theo quy tắc đếm (RULES.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_report_arguments(parser)
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        query = report_query(options)
        figures = task_stats(query)
        if options["format"] == "json":
            self.stdout.write(json.dumps(figures.as_json(), ensure_ascii=False, indent=2))
            return
        self._table(query, figures)

    def _table(self, query: StatsQuery, figures: Figures) -> None:
        """The report as a table: the figures page's rows, labels and order (tasks/figures.py)."""
        unit = f", đơn vị chủ trì: {query.unit.name}" if query.unit else ""
        self.stdout.write(f"Cơ quan giao: {query.assigner.name}{unit}")
        self.stdout.write(
            f"Kỳ: {query.start:%d/%m/%Y} – {query.end:%d/%m/%Y}; số liệu tính đến ngày {query.as_of:%d/%m/%Y}"
        )
        rows = [
            ("  " * figure.level + str(figure.label), period, "" if carried is None else carried)
            for figure, period, carried in figures.rows()
        ]
        width = max(len(label) for label, _period, _carried in rows) + 2
        self.stdout.write(f"{'':<{width}}{'Trong kỳ':>10}{'Kỳ trước chuyển sang':>24}")
        for label, period, carried in rows:
            self.stdout.write(f"{label:<{width}}{period:>10}{carried:>24}".rstrip())
