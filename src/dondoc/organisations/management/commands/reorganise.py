from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.organisations import reorganisation
from dondoc.organisations.models import HandoverKind
from dondoc.organisations.reorganisation import PlanRefused, Preview, problem_lines


class Command(BaseCommand):
    help = (
        "Ghi nhận sắp xếp tổ chức từ tệp phương án (.xlsx hoặc .csv): đơn vị cũ kết thúc, nhiệm "
        "vụ đang thực hiện được bàn giao cho đơn vị kế nhiệm. Có lỗi thì không ghi gì, mã thoát 2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp phương án .xlsx hoặc .csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ xem trước việc bàn giao, không ghi"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.", returncode=2)
        plan, found = reorganisation.plan_from_file(path)
        shown = None
        if plan is not None:  # every problem at once: the file's and the plan's
            shown, planned = reorganisation.preview(plan, actor=None)
            found = reorganisation.merged(found, planned)
        if found or plan is None or shown is None:
            self._refuse(found, path)
            return
        self._print(shown)
        if options["dry_run"]:
            self.stdout.write("Xem trước, chưa ghi gì (--dry-run).")
            return
        try:
            done = reorganisation.apply(plan, actor=None)
        except PlanRefused as error:  # the tree changed since the preview
            self._refuse(error.problems, path)
            return
        self.stdout.write(
            f"Đã ghi nhận sắp xếp tổ chức số {done.pk}: bàn giao {shown.moving} vai trò nhiệm vụ; "
            f"{shown.blocked} không bàn giao được, {shown.undecided} chưa chọn đơn vị kế nhiệm."
        )

    def _refuse(self, found: reorganisation.Problems, path: Path) -> None:
        for line in problem_lines(found):
            self.stderr.write(line)
        raise CommandError(
            f"{sum(map(len, found.values()))} lỗi trong {path.name}: chưa ghi gì vào cơ sở dữ liệu.",
            returncode=2,
        )

    def _print(self, shown: Preview) -> None:
        day = f"{shown.plan.on:%d/%m/%Y}"
        for ending in shown.endings:
            heirs = ", ".join(u.code for u in ending.successors) or "(giải thể)"
            self.stdout.write(f"{ending.unit.code} → {heirs} (từ {day})")
            for item in ending.items:
                role = "chủ trì" if item.role == HandoverKind.LEAD else "phối hợp"
                head = f"  [{role}] nhiệm vụ {item.task.pk} “{item.task.title[:60]}”"
                if item.moves and item.to is not None:
                    self.stdout.write(f"{head} → {item.to.code}")
                elif item.undecided:
                    self.stdout.write(f"{head}: chưa chọn đơn vị kế nhiệm (thêm cột Nhiệm vụ)")
                else:
                    self.stdout.write(f"{head}: không bàn giao được: {' '.join(item.problems)}")
            for user, to in ending.members:
                where = to.code if to else "giữ nguyên (chuyển thủ công)"
                self.stdout.write(f"  [người dùng] {user.username} → {where}")
        self.stdout.write(
            f"Tổng: {shown.moving} bàn giao, {shown.blocked} không bàn giao được, "
            f"{shown.undecided} chưa chọn đơn vị kế nhiệm."
        )
