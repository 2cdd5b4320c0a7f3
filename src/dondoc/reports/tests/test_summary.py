"""`dondoc summary`: the paragraph of a report, from the options of `dondoc stats`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def summary(*args: str) -> str:
    out = StringIO()
    call_command("summary", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_first_seeds_sentences_from_the_demo():
    text = summary(
        "--assigner", "lang-son", "--unit", "cao-loc",
        "--from", "2020-01-01", "--to", "2020-06-30", "--as-of", "2020-06-19",
    )  # fmt: skip
    assert (
        "6 tháng đầu năm 2020, UBND huyện Cao Lộc được UBND tỉnh, Chủ tịch, các Phó Chủ tịch "
        "UBND tỉnh giao 13 nhiệm vụ. Đến ngày 19/6/2020, đã giải quyết 9 nhiệm vụ, trong đó "
        "trước hạn 4 nhiệm vụ, quá hạn 5 nhiệm vụ; đang giải quyết 4 nhiệm vụ (trong hạn)."
    ) in text


def test_it_writes_the_second_seeds_sentence_from_the_demo():
    text = summary(
        "--assigner", "lang-son", "--unit", "trang-dinh",
        "--from", "01/01/2022", "--to", "30/09/2022", "--as-of", "23/09/2022",
    )  # fmt: skip
    assert (
        "Trong tổng số 11 nhiệm vụ được UBND tỉnh giao, đã hoàn thành đúng hạn 11/11 nhiệm vụ."
        in text
    )


@pytest.mark.parametrize(
    "args",
    [
        ("--assigner", "khong-co", "--from", "2020-01-01", "--to", "2020-06-30"),
        ("--assigner", "lang-son", "--from", "2020-13-01", "--to", "2020-06-30"),
        ("--assigner", "lang-son", "--from", "2020-06-01", "--to", "2020-01-30"),
    ],
)
def test_bad_options_are_refused_with_a_message(args):
    with pytest.raises(CommandError) as refused:
        summary(*args)
    assert refused.value.returncode == 2
