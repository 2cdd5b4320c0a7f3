"""The paragraph a report's figures are written as, in the style of the seeds."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dondoc.reports.narrative import Names, assigner_names, paragraph
from dondoc.tasks.rules import Block, Completed, Open

PROVINCE = assigner_names(kind="province", short_name="UBND tỉnh Lạng Sơn", is_committee=True)


def names(unit: str | None = "UBND huyện Cao Lộc", period: str = "6 tháng đầu năm 2020", **kw):
    return Names(period=period, assigners=PROVINCE[0], assigner=PROVINCE[1], unit=unit, **kw)


def block(ahead=0, on_time=0, late=0, done_nd=0, within=0, overdue=0, open_nd=0, **flags):
    completed = Completed(ahead + on_time + late + done_nd, ahead, on_time, late, done_nd)
    still = Open(within + overdue + open_nd, within, overdue, open_nd, **flags)
    return Block(completed.total + still.total, completed, still)


def write(figures: Block, carried: Block | None = None, day=dt.date(2020, 6, 19), **kw) -> str:
    return paragraph(period=figures, carried_over=carried or Block(), as_of=day, names=names(**kw))


def test_the_first_seed_is_written_as_the_news_item_reads():
    assert write(block(ahead=4, late=5, within=4)) == (
        "6 tháng đầu năm 2020, UBND huyện Cao Lộc được UBND tỉnh, Chủ tịch, các Phó Chủ tịch "
        "UBND tỉnh giao 13 nhiệm vụ. Đến ngày 19/6/2020, đã giải quyết 9 nhiệm vụ, trong đó "
        "trước hạn 4 nhiệm vụ, quá hạn 5 nhiệm vụ; đang giải quyết 4 nhiệm vụ (trong hạn)."
    )


def test_every_task_done_on_time_is_said_as_the_second_seed_says_it():
    text = write(
        block(ahead=8, on_time=3),
        day=dt.date(2022, 9, 23),
        unit="UBND huyện Tràng Định",
        period="9 tháng đầu năm 2022",
    )
    assert text.startswith(
        "Đến ngày 23/9/2022, UBND huyện Tràng Định đã hoàn thành toàn bộ nhiệm vụ được giao "
        "9 tháng đầu năm 2022."
    )
    assert (
        "Trong tổng số 11 nhiệm vụ được UBND tỉnh giao, đã hoàn thành đúng hạn 11/11 nhiệm vụ."
        in text
    )
    assert "Trong đó, trước hạn 8 nhiệm vụ, đúng hạn 3 nhiệm vụ." in text


@pytest.mark.parametrize(
    ("ahead", "on_time", "split"),
    [
        (2, 0, "Trong đó, trước hạn 2 nhiệm vụ."),  # the table says "đúng hạn 0": the text too
        (0, 2, None),
    ],
)
def test_all_done_in_time_says_how_many_ahead_whenever_some_were(ahead, on_time, split):
    text = write(block(ahead=ahead, on_time=on_time))
    assert "đã hoàn thành đúng hạn 2/2 nhiệm vụ." in text
    if split:
        assert text.endswith(split)
    else:
        assert "trước hạn" not in text


def test_empty_classes_are_left_out():
    text = write(block(ahead=2, within=1, overdue=3))
    assert not re.search(r"(?<![\d/])0 nhiệm vụ", text)
    assert "đã giải quyết 2 nhiệm vụ (trước hạn)" in text
    assert "đang giải quyết 4 nhiệm vụ (trong hạn 1 nhiệm vụ, quá hạn 3 nhiệm vụ)" in text


def test_one_task_is_this_task():
    assert write(block(overdue=1)).endswith(
        "giao 1 nhiệm vụ. Đến ngày 19/6/2020, nhiệm vụ này đang được giải quyết (quá hạn)."
    )
    assert write(block(on_time=1)).endswith("nhiệm vụ này đã được giải quyết (đúng hạn).")


def test_nothing_done_yet_and_nothing_assigned_read_naturally():
    assert "chưa có nhiệm vụ nào được giải quyết; đang giải quyết 3 nhiệm vụ (trong hạn)" in write(
        block(within=3)
    )
    assert write(Block()) == (
        "6 tháng đầu năm 2020, UBND huyện Cao Lộc không được UBND tỉnh, Chủ tịch, các Phó Chủ "
        "tịch UBND tỉnh giao nhiệm vụ nào (số liệu đến ngày 19/6/2020)."
    )
    assert write(Block(), unit=None).endswith(
        "UBND tỉnh chưa giao nhiệm vụ nào (số liệu đến ngày 19/6/2020)."
    )


def test_a_whole_committees_report_names_the_units_it_assigned_to():
    text = write(block(ahead=1, late=1), unit=None, period="năm 2023")
    assert text.startswith(
        "Năm 2023, UBND tỉnh, Chủ tịch, các Phó Chủ tịch UBND tỉnh đã giao 2 nhiệm vụ cho các "
        "cơ quan, đơn vị."
    )


def test_due_soon_and_awaiting_confirmation_are_said_after_the_figures():
    text = write(block(ahead=1, within=3, due_soon=2, awaiting_confirmation=1))
    assert text.endswith(
        "Trong số nhiệm vụ đang giải quyết có 2 nhiệm vụ sắp đến hạn và 1 nhiệm vụ đã báo cáo "
        "hoàn thành, đang chờ xác nhận."
    )


def test_the_carried_over_tasks_are_a_sentence_of_their_own():
    text = write(block(ahead=1, within=1), carried=block(late=1, overdue=2))
    assert text.endswith(
        "Ngoài ra, 3 nhiệm vụ từ kỳ trước chuyển sang: đã giải quyết 1 nhiệm vụ (quá hạn); "
        "đang giải quyết 2 nhiệm vụ (quá hạn)."
    )


def test_a_key_tasks_report_says_key_tasks():
    assert "giao 2 nhiệm vụ trọng tâm" in write(block(ahead=1, within=1), key_only=True)


@pytest.mark.parametrize(
    ("kind", "short_name", "committee", "expected"),
    [
        ("district", "UBND huyện Cao Lộc", True, "UBND huyện"),
        ("city", "UBND thành phố Lạng Sơn", True, "UBND thành phố"),
        ("commune", "UBND xã Đồng Đăng", True, "UBND xã"),
        ("commune", "UBND phường Lương Văn Tri", True, "UBND phường"),
        ("commune", "UBND thị trấn Na Sầm", True, "UBND thị trấn"),
        ("department", "Sở Tài chính", False, "Sở Tài chính"),
    ],
)
def test_each_assigner_is_named_at_its_level(kind, short_name, committee, expected):
    full, short = assigner_names(kind=kind, short_name=short_name, is_committee=committee)
    assert short == expected
    if committee:
        assert full == f"{expected}, Chủ tịch, các Phó Chủ tịch {expected}"


counts = st.integers(0, 30)


@given(
    st.tuples(counts, counts, counts, counts, counts, counts, counts),
    st.tuples(counts, counts, counts),
)
def test_every_figure_written_is_a_figure_and_no_class_is_written_as_zero(period, carried):
    text = write(
        block(*period), carried=block(within=carried[0], overdue=carried[1], late=carried[2])
    )
    assert not re.search(r"(?<![\d/])0 nhiệm vụ", text)
    total = sum(period)
    if total > 1:
        assert f" {total} nhiệm vụ" in text or f"{total}/{total}" in text
    for number in re.findall(r"(?<![\d/])(\d+) nhiệm vụ", text):
        assert int(number) in (*period, total, sum(period[:4]), sum(period[4:]), sum(carried),
                               carried[0], carried[1], carried[2], carried[0] + carried[1],
                               period[0] + period[1])  # fmt: skip
