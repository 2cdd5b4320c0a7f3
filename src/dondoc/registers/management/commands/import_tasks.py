from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from dondoc.organisations.cli import unit_option
from dondoc.registers.importer import import_register
from dondoc.registers.services import register_record

T = TypeVar("T")


class Command(BaseCommand):
    help = (
        "Nhập sổ theo dõi nhiệm vụ (.xlsx hoặc .csv). Kiểm tra mọi dòng trước; có lỗi thì không "
        "ghi gì và thoát với mã 2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--assigner", help="mã cơ quan giao cho các dòng không ghi cơ quan giao"
        )
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        parser.add_argument(
            "--update",
            action="store_true",
            help="ghi thay đổi của nhiệm vụ đã có (cùng mã) bằng các sự kiện điều chỉnh",
        )
        parser.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.", returncode=2)
        assigner = unit_option(options["assigner"], "--assigner") if options["assigner"] else None
        quiet = options["no_progress"] or options["verbosity"] == 0

        def progress(items: Iterable[T], label: str, total: int | None) -> Iterable[T]:
            if quiet:
                return items
            return tqdm(
                items, desc=label, total=total, unit=" dòng", file=sys.stderr, mininterval=0.5
            )

        result = import_register(
            path,
            default_assigner=assigner,
            update=options["update"],
            dry_run=options["dry_run"],
            progress=progress,
        )
        for column in result.ignored_columns:
            self.stderr.write(f"Bỏ qua cột không dùng: {column}")
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(result.errors)} lỗi trong {result.name}: chưa ghi gì vào cơ sở dữ liệu.",
                returncode=2,
            )
        summary = (
            f"{result.rows} dòng: {result.created} nhiệm vụ mới, {result.updated} cập nhật, "
            f"{result.skipped} đã có (bỏ qua); {result.documents} văn bản mới."
        )
        if result.saved:
            register_record(None, result, path=path, assigner=assigner, update=options["update"])
            self.stdout.write(f"Đã nhập {summary}")
        else:
            self.stdout.write(f"Kiểm tra xong, không có lỗi (chưa ghi vì --dry-run). {summary}")
