"""The columns of the task register: the way tasks come in from Excel and other systems, and go out.

Headers are matched ignoring case, diacritics and spaces; each has an English alias. The order
here is the order an export writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from dondoc.core.text import fold


@dataclass(frozen=True)
class Column:
    key: str  # the English alias
    header: str  # the Vietnamese header an export writes
    is_date: bool = False
    required: bool = False


COLUMNS = (
    Column("code", "Mã"),
    Column("title", "Nội dung nhiệm vụ", required=True),
    Column("document", "Văn bản giao"),
    Column("document_date", "Ngày văn bản", is_date=True),
    Column("assigner", "Cơ quan giao"),
    Column("assigned_by", "Người giao"),
    Column("lead_unit", "Đơn vị chủ trì", required=True),
    Column("coordinating_units", "Đơn vị phối hợp"),
    Column("assigned_on", "Ngày giao", is_date=True, required=True),
    Column("deadline", "Hạn xử lý", is_date=True),
    Column("extended_to", "Gia hạn đến", is_date=True),
    Column("extended_on", "Ngày gia hạn", is_date=True),
    Column("completed_on", "Ngày hoàn thành", is_date=True),
    Column("confirmed_on", "Ngày xác nhận", is_date=True),
    Column("cancelled_on", "Ngày hủy", is_date=True),
    Column("key", "Trọng tâm"),
    Column("source", "Nguồn"),
    Column("field", "Lĩnh vực"),
    Column("note", "Ghi chú"),
    # A task handed over (a reorganisation, a change of lead): the unit it was assigned to, and
    # the day the lead unit above took it over. Empty when the lead never changed.
    Column("first_lead_unit", "Đơn vị chủ trì khi giao"),
    Column("lead_changed_on", "Ngày đổi đơn vị chủ trì", is_date=True),
)
BY_KEY = {column.key: column for column in COLUMNS}


def header_key(text: str) -> str:
    """The form a header is compared in: no case, no diacritics, no spaces."""
    return fold(text).replace(" ", "")


_BY_HEADER = {header_key(c.header): c for c in COLUMNS} | {header_key(c.key): c for c in COLUMNS}


def column_for(header: str) -> Column | None:
    return _BY_HEADER.get(header_key(header))
