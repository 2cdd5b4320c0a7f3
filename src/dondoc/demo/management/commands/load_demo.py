from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dondoc.demo.people import DEMO_PASSWORD, PEOPLE
from dondoc.demo.services import demo_load


class Command(BaseCommand):
    help = "Nạp (hoặc cập nhật) dữ liệu mẫu tỉnh Lạng Sơn; chạy lại không tạo bản trùng."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Không in danh sách tài khoản mẫu."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        created = demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu mẫu Lạng Sơn: {created['units']} đơn vị, {created['users']} tài khoản "
                f"và {created['tasks']} nhiệm vụ mới."
            )
        )
        if options["quiet_logins"]:
            return
        self.stdout.write(f"\nTài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD})")
        width = max(len(person.username) for person in PEOPLE)
        for person in PEOPLE:
            self.stdout.write(f"  {person.username:<{width}}  {person.note}")
