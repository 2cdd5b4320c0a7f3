"""The figures of a report as the paragraph an official writes in a news item or a report.

Pure: it reads a report's blocks (tasks/rules.Block) and names given as text, and writes
Vietnamese in the style of the province's reports (../shared/seeds/):

    6 tháng đầu năm 2020, UBND huyện Cao Lộc được UBND tỉnh, Chủ tịch, các Phó Chủ tịch UBND
    tỉnh giao 13 nhiệm vụ. Đến ngày 19/6/2020, đã giải quyết 9 nhiệm vụ, trong đó trước hạn 4
    nhiệm vụ, quá hạn 5 nhiệm vụ; đang giải quyết 4 nhiệm vụ (trong hạn).

Empty classes are left out rather than printed as "0 nhiệm vụ"; one task is "nhiệm vụ này"; when
every task was completed on time the sentence says so as the seeds do ("đã hoàn thành đúng hạn
11/11 nhiệm vụ"). The text is Vietnamese in either language of the pages: it is the text of a
document, as the Word report is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dondoc.reports.periods import short_date
from dondoc.tasks.rules import Block

NOUN = "nhiệm vụ"
KEY_NOUN = "nhiệm vụ trọng tâm"


@dataclass(frozen=True)
class Names:
    """How the report's parties are named in its sentences."""

    period: str  # periods.name(): "6 tháng đầu năm 2020"
    assigners: str  # who assigned, in full: "UBND tỉnh, Chủ tịch, các Phó Chủ tịch UBND tỉnh"
    assigner: str  # the same, short: "UBND tỉnh"
    unit: str | None  # the lead unit reported on ("UBND huyện Cao Lộc"), None for all
    key_only: bool = False  # the report counts key tasks only


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _listed(parts: list[tuple[str, int]], noun: str) -> str:
    """ "trước hạn 4 nhiệm vụ, quá hạn 5 nhiệm vụ", the empty classes left out."""
    return ", ".join(f"{label} {n} {noun}" for label, n in parts if n)


def _kinds(parts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [(label, n) for label, n in parts if n]


def _completed_parts(block: Block) -> list[tuple[str, int]]:
    done = block.completed
    return _kinds(
        [
            ("trước hạn", done.ahead),
            ("đúng hạn", done.on_time),
            ("quá hạn", done.late),
            ("không có thời hạn", done.no_deadline),
        ]
    )


def _open_parts(block: Block) -> list[tuple[str, int]]:
    still = block.open
    return _kinds(
        [
            ("trong hạn", still.within),
            ("quá hạn", still.overdue),
            ("không có thời hạn", still.no_deadline),
        ]
    )


def _completed_clause(block: Block, noun: str) -> str:
    total = block.completed.total
    parts = _completed_parts(block)
    if total == 0:
        return f"chưa có {noun} nào được giải quyết"
    if len(parts) == 1:
        return f"đã giải quyết {total} {noun} ({parts[0][0]})"
    return f"đã giải quyết {total} {noun}, trong đó {_listed(parts, noun)}"


def _open_clause(block: Block, noun: str) -> str:
    parts = _open_parts(block)
    if len(parts) == 1:
        return f"đang giải quyết {block.open.total} {noun} ({parts[0][0]})"
    return f"đang giải quyết {block.open.total} {noun} ({_listed(parts, noun)})"


def _state(block: Block, noun: str) -> str:
    """Where a block's tasks stand: "đã giải quyết …; đang giải quyết …"."""
    if block.assigned == 1:
        parts = _completed_parts(block) or _open_parts(block)
        label = f" ({parts[0][0]})" if parts else ""
        done = "đã được giải quyết" if block.completed.total else "đang được giải quyết"
        return f"{noun} này {done}{label}"
    clauses = [_completed_clause(block, noun)]
    if block.open.total:
        clauses.append(_open_clause(block, noun))
    return "; ".join(clauses)


def _flags(block: Block, noun: str) -> str:
    """The open tasks due soon or awaiting confirmation, as a sentence ("" when none)."""
    flags = []
    if block.open.due_soon:
        flags.append(f"{block.open.due_soon} {noun} sắp đến hạn")
    if block.open.awaiting_confirmation:
        flags.append(
            f"{block.open.awaiting_confirmation} {noun} đã báo cáo hoàn thành, đang chờ xác nhận"
        )
    if not flags or block.assigned == 1:
        return ""
    return f" Trong số {noun} đang giải quyết có {' và '.join(flags)}."


def paragraph(*, period: Block, carried_over: Block, as_of: dt.date, names: Names) -> str:
    """The report's figures as a paragraph (see the module's docstring)."""
    noun = KEY_NOUN if names.key_only else NOUN
    day = short_date(as_of)
    opening = _capitalised(names.period)
    subject = names.unit
    n = period.assigned
    if n == 0:
        if subject:
            text = f"{opening}, {subject} không được {names.assigners} giao {noun} nào"
        else:
            text = f"{opening}, {names.assigners} chưa giao {noun} nào"
        text += f" (số liệu đến ngày {day})."
    elif n > 1 and period.completed.ahead + period.completed.on_time == n:
        who = subject or "các cơ quan, đơn vị"
        text = (
            f"Đến ngày {day}, {who} đã hoàn thành toàn bộ {noun} được giao {names.period}. "
            f"Trong tổng số {n} {noun} được {names.assigner} giao, "
            f"đã hoàn thành đúng hạn {n}/{n} {noun}."
        )
        if period.completed.ahead:  # "đúng hạn" above is "not late"; the table splits it
            text += f" Trong đó, trước hạn {period.completed.ahead} {noun}"
            text += (
                f", đúng hạn {period.completed.on_time} {noun}."
                if period.completed.on_time
                else "."
            )
    else:
        if subject:
            text = f"{opening}, {subject} được {names.assigners} giao {n} {noun}."
        else:
            text = f"{opening}, {names.assigners} đã giao {n} {noun} cho các cơ quan, đơn vị."
        state = _state(period, noun)
        text += f" Đến ngày {day}, {state}.{_flags(period, noun)}"
    carried = carried_over.assigned
    if carried == 1:
        text += f" Ngoài ra, 1 {noun} từ kỳ trước chuyển sang: {_state(carried_over, noun)}."
    elif carried > 1:
        text += (
            f" Ngoài ra, {carried} {noun} từ kỳ trước chuyển sang: {_state(carried_over, noun)}."
        )
    return text


def leader_name(*, chairman: bool, name: str | None, committee: str) -> str:
    """A leader as the one who assigned: "Chủ tịch UBND tỉnh"; a vice chairman by his recorded
    name when it says his title ("Phó Chủ tịch UBND tỉnh phụ trách kinh tế"), else with it."""
    if chairman:
        return f"Chủ tịch {committee}"
    if not name:
        return f"các Phó Chủ tịch {committee}"
    if name.lower().startswith("phó chủ tịch"):
        return name
    return f"Phó Chủ tịch {committee} {name}"


def subject_name(short_name: str, *, is_committee: bool) -> str:
    """A lead unit as a sentence names it: a committee as its people's committee ("Xã Đồng Đăng"
    is written "UBND xã Đồng Đăng"), any other unit by its short name."""
    if not is_committee or short_name.startswith("UBND"):
        return short_name
    return f"UBND {short_name[:1].lower()}{short_name[1:]}"


def committee_level(kind: str, short_name: str) -> str:
    """The committee's level as its sentences name it: "tỉnh", "huyện", "thành phố", "xã"…"""
    by_kind = {"province": "tỉnh", "district": "huyện", "city": "thành phố"}
    if kind in by_kind:
        return by_kind[kind]
    rest = short_name.removeprefix("UBND ").strip()
    for level in ("thị trấn", "phường", "đặc khu", "xã"):
        if rest.lower().startswith(level):
            return level
    return "xã"


def assigner_names(*, kind: str, short_name: str, is_committee: bool) -> tuple[str, str]:
    """(in full, short) names of an assigner: a committee covers its chairman and vice chairmen
    (RULES.md), "UBND tỉnh, Chủ tịch, các Phó Chủ tịch UBND tỉnh"; another unit is its name."""
    if not is_committee:
        return short_name, short_name
    level = committee_level(kind, short_name)
    return f"UBND {level}, Chủ tịch, các Phó Chủ tịch UBND {level}", f"UBND {level}"
