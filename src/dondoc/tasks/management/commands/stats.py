from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.core.cli import day_option
from dondoc.core.dates import today
from dondoc.organisations.cli import unit_option
from dondoc.tasks.models import Source
from dondoc.tasks.stats import StatsQuery, task_stats

TABLE_ROWS = [
    ("Tổng số nhiệm vụ được giao", ("assigned",)),
    ("Đã hoàn thành", ("completed", "total")),
    ("  trước hạn", ("completed", "ahead")),
    ("  đúng hạn", ("completed", "on_time")),
    ("  quá hạn", ("completed", "late")),
    ("  không có thời hạn", ("completed", "no_deadline")),
    ("Đang thực hiện", ("open", "total")),
    ("  trong hạn", ("open", "within")),
    ("    sắp đến hạn", ("open", "due_soon")),
    ("  quá hạn", ("open", "overdue")),
    ("  không có thời hạn", ("open", "no_deadline")),
    ("  chờ xác nhận hoàn thành", ("open", "awaiting_confirmation")),
]


def _get(figures: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = figures
    for key in path:
        value = value[key]
    return value


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
        figures = task_stats(query).figures
        if options["format"] == "json":
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        self._table(query, figures)

    def _table(self, query: StatsQuery, figures: dict[str, Any]) -> None:
        unit = f", đơn vị chủ trì: {query.unit.name}" if query.unit else ""
        self.stdout.write(f"Cơ quan giao: {query.assigner.name}{unit}")
        self.stdout.write(
            f"Kỳ: {query.start:%d/%m/%Y} – {query.end:%d/%m/%Y}; số liệu tính đến ngày {query.as_of:%d/%m/%Y}"
        )
        width = max(len(label) for label, _ in TABLE_ROWS) + 2
        self.stdout.write(f"{'':<{width}}{'Trong kỳ':>10}{'Kỳ trước chuyển sang':>24}")
        carried = figures["carried_over"]
        for label, path in TABLE_ROWS:
            self.stdout.write(f"{label:<{width}}{_get(figures, path):>10}{_get(carried, path):>24}")
        self.stdout.write(f"{'Đã hủy (không tính)':<{width}}{figures['cancelled']:>10}")
