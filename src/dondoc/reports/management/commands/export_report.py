from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.reports import exports
from dondoc.tasks.cli import add_report_arguments, report_query


class Command(BaseCommand):
    help = (
        "Xuất báo cáo tình hình thực hiện nhiệm vụ ra tệp Excel (.xlsx), Word (.docx, thể thức "
        "Nghị định 30/2020/NĐ-CP) hoặc PDF (các tùy chọn của dondoc stats)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_report_arguments(parser)
        parser.add_argument("--format", dest="kind", required=True, choices=exports.FORMATS)
        parser.add_argument("--out", required=True, help="tệp ghi ra, ví dụ bao-cao.docx")

    def handle(self, *args: Any, **options: Any) -> None:
        query = report_query(options)
        path = Path(options["out"])
        if not path.parent.is_dir():
            raise CommandError(f"Không có thư mục {path.parent}.", returncode=2)
        if path.is_dir():
            raise CommandError(f"{path} là một thư mục: hãy ghi tên tệp, ví dụ {path / 'bao-cao.docx'}.", returncode=2)  # fmt: skip
        export = exports.build(query)
        with path.open("wb") as out:
            exports.write(options["kind"], export, out)
        self.stdout.write(f"Đã ghi {path} ({path.stat().st_size:,} byte).")
