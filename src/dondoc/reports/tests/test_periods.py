"""Report periods: a preset's bounds, and a period named as officials name it."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dondoc.reports.periods import Preset, bounds, months, name, recognise


@pytest.mark.parametrize(
    ("preset", "number", "start", "end"),
    [
        (Preset.MONTH, 2, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (Preset.QUARTER, 3, dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
        (Preset.HALF, 1, dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
        (Preset.NINE, 1, dt.date(2024, 1, 1), dt.date(2024, 9, 30)),
        (Preset.YEAR, 1, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ],
)
def test_each_preset_spans_its_months(preset, number, start, end):
    assert bounds(preset, 2024, number) == (start, end)


@pytest.mark.parametrize(
    ("preset", "number"), [(Preset.MONTH, 0), (Preset.MONTH, 13), (Preset.QUARTER, 5)]
)
def test_a_month_or_quarter_out_of_range_is_refused(preset, number):
    with pytest.raises(ValueError):
        bounds(preset, 2024, number)


def test_a_custom_period_has_no_preset_bounds():
    with pytest.raises(ValueError):
        bounds(Preset.CUSTOM, 2024)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2024, 5, 1), dt.date(2024, 5, 31), "tháng 5/2024"),
        (dt.date(2022, 7, 1), dt.date(2022, 9, 30), "quý III/2022"),
        (dt.date(2020, 1, 1), dt.date(2020, 6, 30), "6 tháng đầu năm 2020"),
        (dt.date(2022, 1, 1), dt.date(2022, 9, 30), "9 tháng đầu năm 2022"),
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31), "năm 2023"),
        (dt.date(2023, 7, 1), dt.date(2023, 12, 31), "6 tháng cuối năm 2023"),
        (dt.date(2023, 1, 1), dt.date(2023, 3, 31), "quý I/2023"),
        (dt.date(2023, 1, 5), dt.date(2023, 3, 31), "từ ngày 5/1/2023 đến ngày 31/3/2023"),
        (dt.date(2023, 11, 1), dt.date(2024, 2, 29), "từ ngày 1/11/2023 đến ngày 29/2/2024"),
    ],
)
def test_a_period_is_named_as_a_report_names_it(start, end, expected):
    assert name(start, end) == expected


@given(
    preset=st.sampled_from([p for p in Preset if p is not Preset.CUSTOM]),
    year=st.integers(1990, 2100),
    number=st.integers(1, 12),
)
def test_a_presets_bounds_are_recognised_as_that_preset(preset, year, number):
    number = min(number, 4) if preset is Preset.QUARTER else number
    number = number if preset in (Preset.MONTH, Preset.QUARTER) else 1
    start, end = bounds(preset, year, number)
    assert recognise(start, end) == (preset, year, number)


@given(
    start=st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
    length=st.integers(0, 800),
)
def test_the_months_of_a_period_cover_it_day_for_day(start, length):
    end = start + dt.timedelta(days=length)
    steps = months(start, end)
    assert steps[0][0] == start and steps[-1][1] == end
    for (first, last), (following, _end) in itertools.pairwise(steps):
        assert following == last + dt.timedelta(days=1)
        assert first.month == last.month and first.year == last.year
