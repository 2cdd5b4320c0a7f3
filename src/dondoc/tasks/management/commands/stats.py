from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.core.cli import day_option
from dondoc.core.dates import today
from dondoc.organisations.cli import unit_option
from dondoc.tasks.figures import Figures
from dondoc.tasks.models import Source
from dondoc.tasks.stats import StatsQuery, task_stats


class Command(BaseCommand):
    help = "In số liệu thực hiện nhiệm vụ theo quy tắc đếm (RULES.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assigner", required=True, help="mã cơ quan giao, ví dụ lang-son")
        parser.add_argument("--unit", help="mã đơn vị chủ trì (gồm cả đơn vị trực thuộc)")
        parser.add_argument(
            "--from", dest="start", required=True, help="đầu kỳ: 2020-01-01 hoặc 01/01/2020"
        )
        parser.add_argument("--to", dest="end", required=True, help="cuối kỳ")
        parser.add_argument(
            "--as-of", dest="as_of", help="số liệu tính đến ngày (mặc định: hôm nay)"
        )
        parser.add_argument("--key-only", action="store_true", help="chỉ nhiệm vụ trọng tâm")
        parser.add_argument("--source", choices=[s.value for s in Source], help="nguồn nhiệm vụ")
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = day_option(options["start"], "--from"), day_option(options["end"], "--to")
        as_of = day_option(options["as_of"], "--as-of") if options["as_of"] else today()
        if end < start:
            raise CommandError("--to phải sau --from.", returncode=2)
        if as_of < start:
            raise CommandError("--as-of không được trước --from.", returncode=2)
        query = StatsQuery(
            assigner=unit_option(options["assigner"], "--assigner"),
            unit=unit_option(options["unit"], "--unit") if options["unit"] else None,
            start=start,
            end=end,
            as_of=as_of,
            key_only=options["key_only"],
            source=options["source"],
        )
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
