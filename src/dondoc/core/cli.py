"""Reading command-line options the same way in every `dondoc` command: a bad value is a clear
message and exit status 2, never a traceback. (Options naming a unit: organisations/cli.py.)"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from dondoc.core.dates import parse_date


def day_option(text: str, option: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise CommandError(f"{option}: {exc}", returncode=2) from None
