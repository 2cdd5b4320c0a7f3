"""Moving the model to this app kept the table and its rows (migrations tasks 0004 and
attachments 0001 change Django's state only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("migration_keeps_rows.py")


def test_a_database_made_before_the_move_keeps_its_files_after_migrating(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "DATABASE_URL"))}
    env["DONDOC_DATA_DIR"] = str(tmp_path)  # a new SQLite database there
    result = subprocess.run(  # noqa: S603  (our own interpreter and script)
        [sys.executable, str(SCRIPT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["files"] == [
        ["of-the-document", "document", "of-the-document.pdf"],
        ["of-the-event", "event", "of-the-event.pdf"],
    ]
    assert seen["content_type"] == ["attachments"]  # permissions on the model follow it
