from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.core.cli import day_option
from dondoc.core.dates import today
from dondoc.organisations.cli import unit_option
from dondoc.registers.exporter import write_csv, write_xlsx
from dondoc.tasks.models import Task


class Command(BaseCommand):
    help = "Xuất sổ theo dõi nhiệm vụ (.xlsx hoặc .csv, theo phần mở rộng của tệp)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp sẽ ghi: .xlsx hoặc .csv")
        parser.add_argument("--assigner", help="chỉ nhiệm vụ do đơn vị này giao (mã)")
        parser.add_argument(
            "--as-of", dest="as_of", help="tình trạng tính đến ngày (mặc định: hôm nay)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.parent.is_dir():
            raise CommandError(f"Không có thư mục {path.parent}.", returncode=2)
        kind = path.suffix.lower()
        if kind not in (".xlsx", ".csv"):
            raise CommandError("Tệp phải có phần mở rộng .xlsx hoặc .csv.", returncode=2)
        as_of = day_option(options["as_of"], "--as-of") if options["as_of"] else today()
        tasks = Task.objects.filter(assigned_on__lte=as_of).order_by("assigned_on", "id")
        if options["assigner"]:
            assigner = unit_option(options["assigner"], "--assigner")
            tasks = tasks.filter(assigner=assigner)
        # Written beside the file and renamed when complete: a failure never leaves a partial
        # (or empty) register under the name asked for, nor replaces an earlier one.
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            if kind == ".xlsx":
                with os.fdopen(fd, "wb") as out:
                    count = write_xlsx(tasks, as_of, out)
            else:
                with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as text:
                    count = write_csv(tasks, as_of, text)
            os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's 0600
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stdout.write(
            f"Đã xuất {count} nhiệm vụ (tình trạng đến ngày {as_of:%d/%m/%Y}) vào {path}."
        )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
