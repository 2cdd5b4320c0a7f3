"""The catalogue of figures is the one list of figure names: the typed result prints exactly the
RULES.md object, and the figures page, the CLI table and the list's filter read it."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from dondoc.organisations.models import Unit
from dondoc.tasks.figures import BUCKET_LABELS, CATALOGUE, CLASS_CHOICES, REPORT_ROWS
from dondoc.tasks.rules import Block, Bucket
from dondoc.tasks.stats import StatsQuery, class_q, task_stats

pytestmark = pytest.mark.django_db

RULES = Path(__file__).resolve().parents[4] / "docs" / "RULES.md"
CAO_LOC = ["--assigner", "lang-son", "--unit", "cao-loc", "--from", "2020-01-01",
           "--to", "2020-06-30", "--as-of", "2020-06-19"]  # fmt: skip


def _rules_example() -> dict[str, Any]:
    text = RULES.read_text(encoding="utf-8")
    found = re.search(r"```json\n(.*?)```", text, re.DOTALL)
    assert found is not None
    return dict(json.loads(found.group(1)))


def _key_order(value: Any) -> Any:
    if isinstance(value, dict):
        return [(key, _key_order(item)) for key, item in value.items()]
    return None


def _cao_loc() -> StatsQuery:
    return StatsQuery(
        Unit.objects.get(code="lang-son"),
        dt.date(2020, 1, 1),
        dt.date(2020, 6, 30),
        dt.date(2020, 6, 19),
        unit=Unit.objects.get(code="cao-loc"),
    )


def test_the_typed_figures_print_the_rules_object_with_its_keys_in_its_order():
    expected = _rules_example()
    got = task_stats(_cao_loc()).as_json()
    assert _key_order(got) == _key_order(expected)
    # The example's story: every count but the cancelled one is the demo's.
    assert {k: v for k, v in got.items() if k != "cancelled"} == {
        k: v for k, v in expected.items() if k != "cancelled"
    }


def test_the_json_of_the_command_is_the_typed_result():
    out = io.StringIO()
    call_command("stats", *CAO_LOC, "--format", "json", stdout=out)
    typed = task_stats(_cao_loc()).as_json()
    assert out.getvalue() == json.dumps(typed, ensure_ascii=False, indent=2) + "\n"


def test_every_count_of_a_block_is_one_row_of_the_catalogue():
    def leaves(value: dict[str, Any], path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
        out: set[tuple[str, ...]] = set()
        for key, item in value.items():
            out |= leaves(item, (*path, key)) if isinstance(item, dict) else {(*path, key)}
        return out

    rows = [figure.path for figure in REPORT_ROWS if figure.in_blocks]
    assert len(rows) == len(set(rows)) and set(rows) == leaves(Block().as_json())
    assert [f.path for f in REPORT_ROWS if not f.in_blocks] == [("cancelled",)]


def test_every_class_of_the_catalogue_is_a_condition_of_the_statistics_service():
    day = dt.date(2024, 1, 1)
    for figure in CATALOGUE:
        assert class_q(figure.key, day) is not None
    assert {key for key, _label in CLASS_CHOICES} <= {figure.key for figure in CATALOGUE}
    assert set(BUCKET_LABELS) == set(Bucket)


def test_the_command_table_reads_its_labels_and_order_from_the_catalogue():
    out = io.StringIO()
    with translation.override("vi"):
        call_command("stats", *CAO_LOC, "--format", "table", stdout=out)
        labels = ["  " * figure.level + str(figure.label) for figure in REPORT_ROWS]
    lines = out.getvalue().splitlines()[3:]
    assert [line[: len(label)] for line, label in zip(lines, labels, strict=True)] == labels
    figures = task_stats(_cao_loc())
    assert lines[0].split()[-2:] == ["13", "0"]  # assigned: in the period, carried over
    assert lines[-1].split()[-1] == str(figures.cancelled)  # no carried-over cancelled column
    assert "Đã hủy (không tính)" in lines[-1]


def test_the_figures_page_draws_every_row_of_the_catalogue_with_its_link(client_as):
    params = {"giao": "lang-son", "don_vi": "cao-loc", "tu": "01/01/2020", "den": "30/06/2020",
              "ngay": "19/06/2020"}  # fmt: skip
    page = client_as("tocongtac").get(reverse("tasks:stats"), params).content.decode()
    page = page.replace("&amp;", "&")
    for figure in REPORT_ROWS:
        assert str(figure.label) in page
        assert f"tk_nhom=period%3A{figure.key}" in page
        assert (f"tk_nhom=carried_over%3A{figure.key}" in page) == figure.in_blocks
    cancelled = re.search(r'href="([^"]*tk_nhom=period%3Acancelled)">(\d+)<', page)
    assert cancelled is not None
    listed = client_as("tocongtac").get(cancelled.group(1))
    assert listed.context["page"].paginator.count == int(cancelled.group(2))


def test_the_english_labels_come_from_the_translation_catalogue(client_as):
    with translation.override("en"):
        assert str(REPORT_ROWS[0].label) == "Tasks assigned"
        assert dict(CLASS_CHOICES)["ahead"] == "Completed ahead of deadline"
