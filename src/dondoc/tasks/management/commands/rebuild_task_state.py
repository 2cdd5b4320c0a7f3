from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from dondoc.tasks.models import Task
from dondoc.tasks.services import tasks_rebuild_state


class Command(BaseCommand):
    help = "Tính lại trạng thái lưu sẵn của mọi nhiệm vụ từ lịch sử sự kiện."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            tasks = Task.objects.prefetch_related("events").iterator(chunk_size=1000)
            changed = tasks_rebuild_state(tasks)
        self.stdout.write(
            self.style.SUCCESS(f"Đã tính lại; {changed} nhiệm vụ có trạng thái thay đổi.")
        )
