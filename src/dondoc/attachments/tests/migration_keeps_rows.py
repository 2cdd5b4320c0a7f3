"""Run by test_migration.py in a process of its own, on an empty SQLite database: migrate to the
schema of before the move (tasks 0003, no attachments app), store a document's and an event's
file the way that schema did, migrate to the end, and print what the attachments app then sees."""

from __future__ import annotations

import datetime as dt
import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402
from django.utils import timezone  # noqa: E402

BEFORE_THE_MOVE = ("tasks", "0003_task_spans")


def before_the_move(executor: MigrationExecutor) -> list[tuple[str, str]]:
    leaves = executor.loader.graph.leaf_nodes()
    # Apps whose migrations need the tasks' later ones are left for the second plan.
    later = {"tasks", "attachments", "notifications"}
    return [n for n in leaves if n[0] not in later] + [BEFORE_THE_MOVE]


def store_files_the_old_way(executor: MigrationExecutor, targets: list[tuple[str, str]]) -> None:
    old = executor.loader.project_state(targets).apps
    unit = old.get_model("organisations", "Unit").objects.create(
        code="lang-son", name="UBND tỉnh Lạng Sơn", short_name="UBND tỉnh", kind="committee"
    )
    day = dt.date(2025, 3, 3)
    document = old.get_model("documents", "Document").objects.create(
        number="1/TB-UBND", issued_on=day, kind="conclusion_notice", issuer=unit, summary="x"
    )
    task = old.get_model("tasks", "Task").objects.create(
        title="x",
        document=document,
        assigner=unit,
        lead_unit=unit,
        current_lead_unit=unit,
        assigned_on=day,
    )
    event = old.get_model("tasks", "TaskEvent").objects.create(
        task=task, kind="progress", effective_on=day
    )
    Attachment = old.get_model("tasks", "Attachment")
    for owner, token in (
        (dict(document=document), "of-the-document"),
        (dict(event=event), "of-the-event"),
    ):
        Attachment.objects.create(
            **owner,
            file=f"attachments/2025/03/{token}",
            token=token,
            name=f"{token}.pdf",
            size=3,
            content_type="application/pdf",
            uploaded_at=timezone.now(),
        )
    old.get_model("contenttypes", "ContentType").objects.create(
        app_label="tasks", model="attachment"
    )


def main() -> None:
    executor = MigrationExecutor(connection)
    targets = before_the_move(executor)
    executor.migrate(targets)
    store_files_the_old_way(executor, targets)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.contenttypes.models import ContentType

    from dondoc.attachments.models import Attachment

    files = Attachment.objects.order_by("token")
    print(
        json.dumps(
            {
                "files": [[a.token, a.owner()[0], a.name] for a in files],
                "content_type": sorted(
                    ContentType.objects.filter(model="attachment").values_list(
                        "app_label", flat=True
                    )
                ),
            }
        )
    )


main()
