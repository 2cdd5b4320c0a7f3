"""A report filtered by who assigned, or on a unit's own tasks, says so in its paragraph, its
files and on the command line."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from dondoc.organisations.models import Unit
from dondoc.reports import exports
from dondoc.reports.selectors import report
from dondoc.tasks.stats import StatsQuery, task_stats

pytestmark = pytest.mark.django_db


def chairmans(year: int = 2024) -> StatsQuery:
    return StatsQuery(
        assigner=Unit.objects.get(code="lang-son"),
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        as_of=dt.date(year, 12, 31),
        assigned_by="chairman",
    )


def test_the_chairmans_report_names_him_as_who_assigned():
    found = report(chairmans())
    assert found.figures.period.assigned > 0
    assert found.narrative().startswith(
        f"Năm 2024, Chủ tịch UBND tỉnh đã giao {found.figures.period.assigned} nhiệm vụ"
    )


def test_a_name_nobody_assigned_under_gives_a_report_of_nothing_not_an_error(client_as):
    nobody = replace(chairmans(), assigned_by="vice_chairman", assigned_by_name="Không Ai Cả")
    found = report(nobody)  # the spans filtered by an empty list of names, read straight
    assert found.figures.period.assigned == 0 and not found.units
    assert found.figures == task_stats(nobody)
    page = client_as("vanphong").get(
        "/bao-cao/",
        {"giao": "lang-son", "ky": "nam", "nam": "2024", "ten_nguoi_giao": "Không Ai Cả"},
    )
    assert page.status_code == 200


def test_the_chairmans_word_file_says_who_assigned_in_its_subject_and_filters(tmp_path: Path):
    out = tmp_path / "chu-tich.docx"
    with out.open("wb") as stream:
        exports.write("docx", exports.build(chairmans()), stream)
    document = Document(str(out))
    footers = [p.text for section in document.sections for p in section.footer.paragraphs]
    text = "\n".join([*(p.text for p in document.paragraphs), *footers])
    assert "do Chủ tịch UBND tỉnh giao" in text
    assert "Người giao" in text


def stats(*args: str) -> dict:
    out = StringIO()
    call_command("stats", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_own_on_the_command_line_is_the_units_own_tasks_row():
    base = ("--assigner", "lang-son", "--unit", "cao-loc", "--from", "2020-01-01",
            "--to", "2020-06-30", "--as-of", "2020-06-19")  # fmt: skip
    own = stats(*base, "--own")
    query = StatsQuery(
        assigner=Unit.objects.get(code="lang-son"),
        unit=Unit.objects.get(code="cao-loc"),
        start=dt.date(2020, 1, 1),
        end=dt.date(2020, 6, 30),
        as_of=dt.date(2020, 6, 19),
        exact=True,
    )
    assert own == task_stats(query).as_json()
    assert own["assigned"] <= stats(*base)["assigned"] == 13


def test_own_without_a_unit_is_refused():
    with pytest.raises(CommandError) as refused:
        stats("--assigner", "lang-son", "--from", "2020-01-01", "--to", "2020-06-30", "--own")
    assert refused.value.returncode == 2


def test_export_report_to_a_folder_is_refused_with_a_message(tmp_path: Path):
    with pytest.raises(CommandError) as refused:
        call_command(
            "export_report", "--assigner", "lang-son", "--from", "2020-01-01",
            "--to", "2020-06-30", "--format", "xlsx", "--out", str(tmp_path),
        )  # fmt: skip
    assert refused.value.returncode == 2 and "thư mục" in str(refused.value)


def seed_export(kind: str, tmp_path: Path) -> Path:
    out = tmp_path / f"seed.{kind}"
    call_command(
        "export_report", "--assigner", "lang-son", "--unit", "cao-loc", "--from", "2020-01-01",
        "--to", "2020-06-30", "--as-of", "2020-06-19", "--format", kind, "--out", str(out),
    )  # fmt: skip
    return out


def test_the_workbooks_paragraph_and_producer_rows_are_tall_enough_for_their_text(tmp_path):
    from openpyxl import load_workbook

    sheet = load_workbook(seed_export("xlsx", tmp_path)).worksheets[0]
    assert sheet["A6"].value.startswith("6 tháng đầu năm 2020")  # under the days and filters
    assert sheet.row_dimensions[6].height >= 16 * 3  # the paragraph wraps to three lines
    producer = next(r for r in range(7, 40) if str(sheet[f"A{r}"].value).startswith("Lập bởi"))
    assert sheet.row_dimensions[producer].height >= 26 and sheet[f"A{producer}"].alignment.wrap_text


def test_the_word_reports_pages_are_numbered_from_the_second(tmp_path):
    section = Document(str(seed_export("docx", tmp_path))).sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    assert section.first_page_footer.paragraphs[0].text.startswith("Lập bởi")
