"""`dondoc init_secret`: keep a development secret key in the data folder (run by `make demo`).

Importing the settings never writes a file; without this key (and without DONDOC_SECRET_KEY) a
development process signs sessions with a key of its own that ends with it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from dondoc.conf import SECRET_KEY_FILE, env_str, write_secret_key


class Command(BaseCommand):
    help = "Keep a development secret key in $DONDOC_DATA_DIR/secret_key unless there is one."

    def handle(self, *args: Any, **options: Any) -> None:
        if env_str("DONDOC_SECRET_KEY"):
            self.stdout.write("DONDOC_SECRET_KEY is set: no key file is needed.")
            return
        path = settings.DATA_DIR / SECRET_KEY_FILE
        if write_secret_key(settings.DATA_DIR):
            self.stdout.write(f"Wrote a development secret key to {path}.")
        else:
            self.stdout.write(f"Keeping the development secret key in {path}.")
