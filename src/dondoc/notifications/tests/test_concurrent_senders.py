"""Four `send_notifications` processes started together deliver each notification once.

Real processes against a real PostgreSQL: a copy of the session's test database (with the demo)
made for this test, since the senders, on their own connections, see only committed rows, and a
rolled-back test transaction would hide them. SQLite takes one writer at a time; its conditional
UPDATE is tested in test_claims.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import DEFAULT_DB_ALIAS, connections

SRC = Path(__file__).resolve().parents[3]
SENDERS = 4
SEED = """
import json
from dondoc.accounts.models import User
from dondoc.notifications.models import Channel, Notification
from dondoc.notifications.outbox import Item, enqueue_many
people = list(User.objects.filter(is_active=True).exclude(email="").values_list("pk", flat=True))
enqueue_many(
    Item(kind="reminder_due", recipient_id=pk, key=f"race-{n}") for n in range(60) for pk in people
)
print(json.dumps(sorted(Notification.objects.filter(channel=Channel.EMAIL, status="pending")
      .values_list("pk", flat=True))))
"""
# After the run: every mail row (the seeded ones and those the senders planned: today's reminders,
# and on a week's first working day the weekly digests), and how many times today was planned.
WRITTEN = """
import json
from dondoc.core.dates import today
from dondoc.notifications.models import Channel, Notification, PlannedDay
print(json.dumps([sorted(Notification.objects.filter(channel=Channel.EMAIL).values_list("pk", flat=True)),
      PlannedDay.objects.filter(day=today()).count()]))
"""


def _admin(conf: dict[str, Any]) -> psycopg.Connection[Any]:
    return psycopg.connect(
        dbname="postgres",
        user=conf["USER"] or None,
        password=conf["PASSWORD"] or None,
        host=conf["HOST"] or None,
        port=conf["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture
def committed_copy(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """A DATABASE_URL of a copy of the test database, which other processes read and write."""
    conf = connections.settings[DEFAULT_DB_ALIAS]
    if not conf["ENGINE"].endswith("postgresql"):
        pytest.skip(
            "needs PostgreSQL: several sender processes claim rows with SELECT … FOR UPDATE SKIP "
            "LOCKED there; SQLite's claims are tested in test_claims.py"
        )
    name = f"{conf['NAME']}_senders"
    with django_db_blocker.unblock():
        connections.close_all()  # no one may be connected to a template database
        with _admin(conf) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            # Connections other threads of the suite still hold (an earlier live server's) end
            # too: PostgreSQL copies a database nobody is connected to.
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [conf["NAME"]],
            )
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{conf["NAME"]}"')
    user = conf["USER"] or "postgres"
    auth = f"{user}:{conf['PASSWORD']}" if conf["PASSWORD"] else user
    try:
        yield f"postgres://{auth}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{name}"
    finally:
        with _admin(conf) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_four_senders_started_together_deliver_each_notification_exactly_once(
    committed_copy: str, tmp_path: Path
) -> None:
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": committed_copy,
        "DONDOC_EMAIL_FILE_PATH": str(mail_dir),
        "DONDOC_EMAIL_HOST": "",
        "PYTHONPATH": str(SRC),
        "DJANGO_SETTINGS_MODULE": "dondoc.settings",
    }
    run = [sys.executable, "-m", "dondoc"]
    seeded = subprocess.run(  # noqa: S603 (our own command, our own arguments)
        [*run, "shell", "-c", SEED], env=env, capture_output=True, text=True, check=True
    )
    expected = json.loads(seeded.stdout.strip().splitlines()[-1])
    assert len(expected) >= 500
    senders = [
        subprocess.Popen(  # noqa: S603 (our own command)
            [*run, "send_notifications"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(SENDERS)
    ]
    outputs = [sender.communicate(timeout=600) for sender in senders]
    assert [sender.returncode for sender in senders] == [0] * SENDERS, outputs
    # Each sender first plans today's reminders (notifications/planning.py): one of them does,
    # the others find the day planned; then all four deliver the seeded rows and the planned ones.
    written = subprocess.run(  # noqa: S603 (our own command, our own arguments)
        [*run, "shell", "-c", WRITTEN], env=env, capture_output=True, text=True, check=True
    )
    every, planned = json.loads(written.stdout.strip().splitlines()[-1])
    assert planned == 1
    assert set(expected) <= set(every)
    expected = every
    counts = [
        re.fullmatch(r"sent (\d+) reminders, (\d+) digests, 0 failed", out.strip())
        for out, _ in outputs
    ]
    assert all(counts), outputs
    sent = [int(found[1]) + int(found[2]) for found in counts if found]
    assert sum(sent) == len(expected)
    headers = re.findall(
        r"^X-Dondoc-Notification: (\d+)$",
        "".join(path.read_text() for path in mail_dir.iterdir()),
        flags=re.MULTILINE,
    )
    delivered = Counter(int(pk) for pk in headers)
    assert sorted(delivered) == expected
    assert set(delivered.values()) == {1}
