"""Reading and writing dates the way users write them: 19/06/2020 or 2020-06-19."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone
from django.utils.translation import gettext as _

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> dt.date:
    """A date from `dd/mm/yyyy`, `d/m/yyyy` or `yyyy-mm-dd`; ValueError with a Vietnamese reason."""
    text = text.strip()
    if match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
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


def format_date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


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
