"""Report periods as officials name them: a month, a quarter, the first 6 or 9 months, a year.

Pure: no Django. `bounds` gives a preset's first and last day; `name` says a period the way a
report's sentence does ("6 tháng đầu năm 2020", "quý III/2022", "tháng 5/2024", "năm 2023"),
whatever way it was chosen, so a custom range that happens to be a quarter is named as one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum

ROMAN = ("I", "II", "III", "IV")


class Preset(enum.StrEnum):
    """The periods a dashboard offers (their values are its `ky` parameter)."""

    MONTH = "thang"
    QUARTER = "quy"
    HALF = "6-thang"  # the first six months
    NINE = "9-thang"  # the first nine months
    YEAR = "nam"
    CUSTOM = "tuy-chon"


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def bounds(preset: Preset, year: int, number: int = 1) -> tuple[dt.date, dt.date]:
    """The first and last day of a preset period of `year` (`number`: the month 1–12 or the
    quarter 1–4; ignored by the others). Raises ValueError for a custom period or a bad number."""
    if preset is Preset.MONTH:
        if not 1 <= number <= 12:
            raise ValueError("a month is 1 to 12")
        return dt.date(year, number, 1), month_end(year, number)
    if preset is Preset.QUARTER:
        if not 1 <= number <= 4:
            raise ValueError("a quarter is 1 to 4")
        return dt.date(year, 3 * number - 2, 1), month_end(year, 3 * number)
    last_month = {Preset.HALF: 6, Preset.NINE: 9, Preset.YEAR: 12}.get(preset)
    if last_month is None:
        raise ValueError("a custom period has no preset bounds")
    return dt.date(year, 1, 1), month_end(year, last_month)


def recognise(start: dt.date, end: dt.date) -> tuple[Preset, int, int]:
    """The preset (with its year and number) that the period [start, end] is, else CUSTOM."""
    year = start.year
    if end.year == year and start.day == 1 and end == month_end(year, end.month):
        if start.month == end.month:
            return Preset.MONTH, year, start.month
        if start.month == 1 and end.month in (6, 9, 12):
            preset = {6: Preset.HALF, 9: Preset.NINE, 12: Preset.YEAR}[end.month]
            return preset, year, 1
        if start.month % 3 == 1 and end.month == start.month + 2:
            return Preset.QUARTER, year, (start.month + 2) // 3
    return Preset.CUSTOM, year, 1


def short_date(day: dt.date) -> str:
    """A date as report sentences write it: 19/6/2020 (no leading zeros)."""
    return f"{day.day}/{day.month}/{day.year}"


def name(start: dt.date, end: dt.date) -> str:
    """The period as a sentence names it, in lower case: "6 tháng đầu năm 2020"."""
    preset, year, number = recognise(start, end)
    if preset is Preset.MONTH:
        return f"tháng {number}/{year}"
    if preset is Preset.QUARTER:
        return f"quý {ROMAN[number - 1]}/{year}"
    if preset is Preset.HALF:
        return f"6 tháng đầu năm {year}"
    if preset is Preset.NINE:
        return f"9 tháng đầu năm {year}"
    if preset is Preset.YEAR:
        return f"năm {year}"
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (7, 1, 12, 31):
        return f"6 tháng cuối năm {year}"
    return f"từ ngày {short_date(start)} đến ngày {short_date(end)}"


def months(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Each calendar month that [start, end] touches, cut to the period: the trend's steps."""
    steps: list[tuple[dt.date, dt.date]] = []
    first = start
    while first <= end:
        last = min(end, month_end(first.year, first.month))
        steps.append((first, last))
        first = last + dt.timedelta(days=1)
    return steps


def default(today: dt.date) -> tuple[Preset, int, int]:
    """The period a dashboard opens on: the year so far, named as the year."""
    return Preset.YEAR, today.year, 1
