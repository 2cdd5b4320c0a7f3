"""The options of a report on the command line, shared by `dondoc stats`, `dondoc summary` and
`dondoc export_report`: the same words give the same report."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from dondoc.core.cli import day_option
from dondoc.core.dates import today
from dondoc.documents.models import Signer
from dondoc.organisations.cli import unit_option
from dondoc.tasks.models import Source
from dondoc.tasks.stats import StatsQuery


def add_report_arguments(parser: CommandParser) -> None:
    parser.add_argument("--assigner", required=True, help="mã cơ quan giao, ví dụ lang-son")
    parser.add_argument("--unit", help="mã đơn vị chủ trì (gồm cả đơn vị trực thuộc)")
    parser.add_argument(
        "--from", dest="start", required=True, help="đầu kỳ: 2020-01-01 hoặc 01/01/2020"
    )
    parser.add_argument("--to", dest="end", required=True, help="cuối kỳ")
    parser.add_argument("--as-of", dest="as_of", help="số liệu tính đến ngày (mặc định: hôm nay)")
    parser.add_argument("--key-only", action="store_true", help="chỉ nhiệm vụ trọng tâm")
    parser.add_argument(
        "--own",
        action="store_true",
        help="với --unit: chỉ nhiệm vụ đơn vị tự chủ trì, không gồm đơn vị trực thuộc",
    )
    parser.add_argument("--source", choices=[s.value for s in Source], help="nguồn nhiệm vụ")
    parser.add_argument(
        "--assigned-by",
        dest="assigned_by",
        choices=[s.value for s in Signer],
        help="người giao: chairman (Chủ tịch), vice_chairman (Phó Chủ tịch), committee, head",
    )
    parser.add_argument(
        "--assigned-by-name",
        dest="assigned_by_name",
        help="họ tên người giao (so khớp không phân biệt hoa thường, dấu)",
    )


def report_query(options: dict[str, Any]) -> StatsQuery:
    """The report the options of `add_report_arguments` ask for (CommandError, exit code 2,
    on a bad one)."""
    start, end = day_option(options["start"], "--from"), day_option(options["end"], "--to")
    as_of = (
        day_option(options["as_of"], "--as-of", up_to_today=True) if options["as_of"] else today()
    )
    if end < start:
        raise CommandError("--to phải sau --from.", returncode=2)
    if as_of < start:
        raise CommandError("--as-of không được trước --from.", returncode=2)
    if options.get("own") and not options["unit"]:
        raise CommandError("--own cần --unit: nhiệm vụ do chính đơn vị nào chủ trì.", returncode=2)
    return StatsQuery(
        assigner=unit_option(options["assigner"], "--assigner"),
        unit=unit_option(options["unit"], "--unit") if options["unit"] else None,
        start=start,
        end=end,
        as_of=as_of,
        key_only=options["key_only"],
        source=options["source"],
        assigned_by=options.get("assigned_by") or None,
        assigned_by_name=(options.get("assigned_by_name") or "").strip() or None,
        exact=bool(options.get("own")),
    )
