"""The figures of the two seed news items, out of `dondoc stats` on the demo, through the rules."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def stats(*args: str) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("stats", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_cao_loc_first_half_of_2020_as_of_19_june():
    figures = stats(
        "--assigner",
        "lang-son",
        "--unit",
        "cao-loc",
        "--from",
        "2020-01-01",
        "--to",
        "2020-06-30",
        "--as-of",
        "2020-06-19",
    )
    assert figures["assigned"] == 13
    assert figures["completed"] == {
        "total": 9,
        "ahead": 4,
        "on_time": 0,
        "late": 5,
        "no_deadline": 0,
    }
    assert (figures["open"]["total"], figures["open"]["within"], figures["open"]["overdue"]) == (
        4,
        4,
        0,
    )
    assert figures["as_of"] == "2020-06-19" and figures["unit"] == "cao-loc"


def test_trang_dinh_nine_months_of_2022_all_on_time():
    figures = stats(
        "--assigner",
        "lang-son",
        "--unit",
        "trang-dinh",
        "--from",
        "01/01/2022",
        "--to",
        "30/09/2022",
        "--as-of",
        "23/09/2022",
    )
    assert figures["assigned"] == 11
    assert figures["completed"]["total"] == 11 and figures["completed"]["late"] == 0
    assert figures["completed"]["no_deadline"] == 0 and figures["open"]["total"] == 0


def test_cao_loc_own_key_tasks_on_schedule():
    figures = stats(
        "--assigner",
        "cao-loc",
        "--key-only",
        "--from",
        "2020-01-01",
        "--to",
        "2020-06-30",
        "--as-of",
        "2020-06-19",
    )
    assert figures["assigned"] == 16
    assert figures["completed"]["late"] == 0 and figures["open"]["overdue"] == 0


def test_the_same_report_later_gives_the_same_figures_though_the_tasks_moved_on():
    args = (
        "--assigner",
        "lang-son",
        "--unit",
        "cao-loc",
        "--from",
        "2020-01-01",
        "--to",
        "2020-06-30",
        "--as-of",
        "2020-06-19",
    )
    later = stats(
        "--assigner",
        "lang-son",
        "--unit",
        "cao-loc",
        "--from",
        "2020-01-01",
        "--to",
        "2020-06-30",
        "--as-of",
        "2020-12-31",
    )
    assert later["open"]["total"] == 0  # the four open tasks were finished in the second half
    assert stats(*args)["assigned"] == 13


def test_the_table_format_is_a_vietnamese_table(capsys):
    call_command(
        "stats",
        "--assigner",
        "lang-son",
        "--unit",
        "cao-loc",
        "--from",
        "2020-01-01",
        "--to",
        "2020-06-30",
        "--as-of",
        "2020-06-19",
        "--format",
        "table",
    )
    out = capsys.readouterr().out
    assert "Tổng số nhiệm vụ được giao" in out and "19/06/2020" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--assigner", "khong-co", "--from", "2020-01-01", "--to", "2020-06-30"),
            "không có đơn vị mã “khong-co”",
        ),
        (
            ("--assigner", "lang-son", "--from", "31/02/2020", "--to", "2020-06-30"),
            "ngày 31/02/2020 không tồn tại",
        ),
        (
            (
                "--assigner",
                "lang-son",
                "--from",
                "2020-01-01",
                "--to",
                "2020-06-30",
                "--as-of",
                "2019-12-31",
            ),
            "--as-of không được trước --from",
        ),
        (
            ("--assigner", "lang-son", "--from", "2020-06-01", "--to", "2020-01-30"),
            "--to phải sau --from",
        ),
    ],
)
def test_bad_arguments_say_what_is_wrong_with_exit_status_2(args, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command("stats", *args)
    assert error.value.returncode == 2
