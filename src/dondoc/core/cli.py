"""Reading command-line options the same way in every `dondoc` command: a bad value is a clear
message and exit status 2, never a traceback. (Options naming a unit: organisations/cli.py.)"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from dondoc.core.dates import future_problem, parse_date


def day_option(text: str, option: str, *, up_to_today: bool = False) -> dt.date:
    """The day `text` writes; with `up_to_today`, one that has come (the day a report's figures
    are taken as of: as core.forms.DayField's `up_to_today`, dates.future_problem)."""
    try:
        day = parse_date(text)
    except ValueError as exc:
        raise CommandError(f"{option}: {exc}", returncode=2) from None
    if up_to_today and (problem := future_problem(day)):
        raise CommandError(f"{option}: {problem}.", returncode=2)
    return day
