"""Reading and writing dates the way users write them: 19/06/2020 or 2020-06-19."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

# Day, month and a four-digit year, separated by slashes, or as many type them, dashes or dots.
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> dt.date:
    """A date from `dd/mm/yyyy`, `d/m/yyyy` (or with dashes or dots) or `yyyy-mm-dd`, within
    the accepted years (`day_range`); ValueError with a Vietnamese reason."""
    return within_range(read_date(text))


def looks_like_date(text: str) -> bool:
    """`text` is written as a date (as `read_date` reads it), whether or not that day exists."""
    text = text.strip()
    return bool(_DMY.match(text) or _ISO.match(text))


def read_date(text: str) -> dt.date:
    """The day `text` writes (as `parse_date` reads it), whatever its year; ValueError when it is
    not written as a date or names no day on the calendar."""
    text = text.strip()
    if match := _DMY.match(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(
            _("“%(text)s” không phải là ngày (nhập dd/mm/yyyy, ví dụ 19/06/2020)") % {"text": text}
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            _("ngày %(date)s không tồn tại") % {"date": f"{day:02d}/{month:02d}/{year}"}
        ) from None


def day_range() -> tuple[dt.date, dt.date]:
    """The first and last day the system accepts anywhere (settings DONDOC_YEAR_MIN and
    DONDOC_YEARS_AHEAD): a year such as 0001 or 9999 is a typing mistake, and outside the years
    that date arithmetic can reach (a deadline N working days later, a year's figures)."""
    last_year = min(today().year + settings.DONDOC_YEARS_AHEAD, dt.MAXYEAR - 1)
    return dt.date(min(settings.DONDOC_YEAR_MIN, last_year), 1, 1), dt.date(last_year, 12, 31)


def range_problem(day: dt.date) -> str | None:
    """Why `day` is refused (outside `day_range`), in Vietnamese; None when it is accepted."""
    first, last = day_range()
    if first <= day <= last:
        return None
    return _("ngày %(date)s nằm ngoài khoảng cho phép (từ năm %(first)s đến năm %(last)s)") % {
        "date": format_date(day),
        "first": first.year,
        "last": last.year,
    }


def future_problem(day: dt.date) -> str | None:
    """Why `day` cannot be the day figures are taken as of, in Vietnamese; None when it can.
    RULES.md: a report as of R is the world at the end of day R, the same whenever it is
    produced; a day that has not come yet would give a guess that changes as the days come."""
    now = today()
    if day <= now:
        return None
    return _("ngày %(date)s chưa đến, số liệu chỉ tính được đến hôm nay (%(today)s)") % {
        "date": format_date(day),
        "today": format_date(now),
    }


def within_range(day: dt.date) -> dt.date:
    """`day` itself when it is accepted; otherwise ValueError with the reason."""
    if problem := range_problem(day):
        raise ValueError(problem)
    return day


def format_date(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"  # strftime pads no year < 1000


_replayed_day: ContextVar[dt.date | None] = ContextVar("replayed_day", default=None)


def today() -> dt.date:
    """Today in the province's time zone (settings.TIME_ZONE), which decides every classification;
    inside `replaying(day)`, that day."""
    return _replayed_day.get() or timezone.localdate()


@contextmanager
def replaying(day: dt.date) -> Iterator[None]:
    """Record what happened on `day` as it was recorded then: the demo's story and tests that
    play a unit's past actions (a unit that has since ended acted while it existed)."""
    token = _replayed_day.set(day)
    try:
        yield
    finally:
        _replayed_day.reset(token)
