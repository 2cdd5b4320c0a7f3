"""A report's files (Excel, Word, PDF) for the seed filters, opened back: the seed's figures, the
filters and the day written, Decree 30/2020's layout, the tasks behind the figures."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from typing import Any
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook
from pypdf import PdfReader

from dondoc.accounts.models import User
from dondoc.organisations.models import Unit
from dondoc.registers.rows import own_code
from dondoc.reports import exports
from dondoc.reports.exports.common import (
    blocks_of_tasks,
    date_in_words,
    issuer_of,
    place_name,
    status_in_words,
)
from dondoc.reports.exports.pdf import FONT_DIR, OurFilesOnly
from dondoc.tasks.models import Task
from dondoc.tasks.selectors import standings
from dondoc.tasks.stats import StatsQuery, figure_tasks, task_stats

pytestmark = pytest.mark.django_db

SEED_SENTENCE = (
    "6 tháng đầu năm 2020, UBND huyện Cao Lộc được UBND tỉnh, Chủ tịch, các Phó Chủ tịch UBND "
    "tỉnh giao 13 nhiệm vụ. Đến ngày 19/6/2020, đã giải quyết 9 nhiệm vụ, trong đó trước hạn 4 "
    "nhiệm vụ, quá hạn 5 nhiệm vụ; đang giải quyết 4 nhiệm vụ (trong hạn)."
)
# assigned, completed (total, ahead, on time, late, no deadline), open (total, within, overdue,
# no deadline): the seed news item's figures.
SEED_ROW = [13, 9, 4, 0, 5, 0, 4, 4, 0, 0]
SEED_PARAMS = "giao=lang-son&don_vi=cao-loc&tu=01/01/2020&den=30/06/2020&ngay=19/06/2020"


@pytest.fixture
def seed_query() -> StatsQuery:
    return StatsQuery(
        assigner=Unit.objects.get(code="lang-son"),
        unit=Unit.objects.get(code="cao-loc"),
        start=dt.date(2020, 1, 1),
        end=dt.date(2020, 6, 30),
        as_of=dt.date(2020, 6, 19),
    )


# Made at 00:30 on 07/12/2026 in Lạng Sơn: still 06/12/2026 in UTC, so a file that took its
# day from UTC, or from the figures' day (19/06/2020), would say another.
MADE_AT = dt.datetime(2026, 12, 6, 17, 30, tzinfo=dt.UTC)
MADE_IN_WORDS = "ngày 07 tháng 12 năm 2026"


def made(
    kind: str, query: StatsQuery, user: User | None = None, now: dt.datetime | None = None
) -> bytes:
    out = io.BytesIO()
    exports.write(kind, exports.build(query, user=user, now=now), out)
    return out.getvalue()


def words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- Excel --------------------------------------------------------------------------------------


def test_the_workbook_shows_the_seed_figures_in_the_cao_loc_row_and_the_total(seed_query):
    sheet = load_workbook(io.BytesIO(made("xlsx", seed_query)))["Tổng hợp"]
    rows = {row[0]: list(row[1:]) for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["UBND huyện Cao Lộc"][:10] == SEED_ROW
    assert rows["Tổng cộng"][:10] == SEED_ROW
    assert rows["Tổng cộng"][10] == pytest.approx(4 / 9)  # ahead over the judged: 4 of 4 + 5


def test_the_workbook_has_the_same_numbers_as_the_figures_page(seed_query, client_as):
    page = client_as("vanphong").get(reverse("tasks:stats") + "?" + SEED_PARAMS)
    figures = task_stats(seed_query)
    sheet = load_workbook(io.BytesIO(made("xlsx", seed_query)))["Tổng hợp"]
    total = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Tổng cộng")
    period = figures.period
    assert list(total[1:5]) == [period.assigned, period.completed.total, period.completed.ahead, period.completed.on_time]  # fmt: skip
    assert f">{period.assigned}</a>" in page.content.decode()


def test_the_workbook_writes_its_filters_its_day_and_who_made_it(seed_query):
    vanphong = User.objects.get(username="vanphong")
    sheet = load_workbook(io.BytesIO(made("xlsx", seed_query, vanphong)))["Tổng hợp"]
    text = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "Số liệu tính đến ngày: 19/06/2020" in text
    assert "Đơn vị chủ trì: Ủy ban nhân dân huyện Cao Lộc" in text
    assert "Kỳ báo cáo: 6 tháng đầu năm 2020 (01/01/2020 – 30/06/2020)" in text
    assert "Cơ quan giao: Ủy ban nhân dân tỉnh Lạng Sơn" in text
    assert f"Lập bởi {vanphong.get_full_name()} (Văn phòng UBND tỉnh Lạng Sơn)" in text
    assert SEED_SENTENCE in text


def test_the_workbook_keeps_its_header_in_view_with_merged_groups(seed_query):
    sheet = load_workbook(io.BytesIO(made("xlsx", seed_query)))["Tổng hợp"]
    assert sheet.freeze_panes == "B9"
    header = [c.value for c in sheet[7]]
    assert header[0] == "Đơn vị chủ trì" and "Đã hoàn thành" in header
    assert "C7:G7" in {str(r) for r in sheet.merged_cells.ranges}  # the completed group
    assert sheet["B9"].number_format == "#,##0" and sheet["L9"].number_format == "0%"


def test_the_workbooks_header_says_the_figures_day_and_the_day_it_was_made(seed_query):
    sheet = load_workbook(io.BytesIO(made("xlsx", seed_query, now=MADE_AT)))["Tổng hợp"]
    header = [sheet.cell(row, 1).value for row in range(1, 7)]
    assert header[2] == "Số liệu tính đến ngày 19/06/2020; báo cáo lập ngày 07/12/2026."
    # the filters below it do not say the figures' day a second time
    assert not any("19/06/2020" in str(line) for line in header[3:5])


def test_the_workbooks_properties_name_the_issuing_unit_and_the_subject(seed_query):
    vanphong = User.objects.get(username="vanphong")
    workbook = load_workbook(io.BytesIO(made("xlsx", seed_query, vanphong, MADE_AT)))
    properties = workbook.properties
    assert properties.creator == "Văn phòng UBND tỉnh Lạng Sơn"
    assert properties.title == (
        "Kết quả thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch, các Phó Chủ tịch UBND tỉnh giao "
        "6 tháng đầu năm 2020 của UBND huyện Cao Lộc"
    )
    assert properties.created == MADE_AT.replace(tzinfo=None)
    assert properties.lastModifiedBy == f"{vanphong.get_full_name()} (Văn phòng UBND tỉnh Lạng Sơn)"
    said = " ".join(str(value) for value in vars(properties).values() if value)
    assert "openpyxl" not in said.lower()


def test_the_task_sheet_lists_exactly_the_tasks_behind_the_figures(seed_query):
    sheet = load_workbook(io.BytesIO(made("xlsx", seed_query)))["Danh sách nhiệm vụ"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Khối", "Tình trạng ngày 19/06/2020", "Mã")
    listed = [str(row[2]) for row in rows[1:]]
    expected = {own_code(task) for task in figure_tasks(seed_query, "report", "all")}
    assert sorted(listed) == sorted(expected) and len(listed) == len(expected) == 14
    blocks = [row[0] for row in rows[1:]]
    assert blocks.count("Trong kỳ") == 13 and blocks.count("Đã hủy") == 1
    statuses = [str(row[1]) for row in rows[1:] if row[0] == "Trong kỳ"]
    assert statuses.count("Hoàn thành trước hạn") == 4
    assert statuses.count("Hoàn thành quá hạn") == 5
    assert sum(s.startswith("Trong hạn") for s in statuses) == 4
    assert sheet.freeze_panes == "E2"


def test_the_task_sheets_blocks_hold_their_tasks_in_order_with_their_badges_status():
    """blocks_of_tasks streams each block in chunks: every task of the block once, in order of
    assignment, its words those of the badge the list shows for it on the day."""
    query = StatsQuery(
        Unit.objects.get(code="lang-son"), dt.date(2022, 1, 1), dt.date(2026, 12, 31),
        dt.date(2025, 3, 31),
    )  # fmt: skip
    seen: dict[str, list[Task]] = {}
    for block, chunks in blocks_of_tasks(query, chunk=3):
        listed = [pair for chunk in chunks for pair in chunk]
        assert all(len(chunk) <= 3 for chunk in blocks_of_tasks_chunks(query, block))
        tasks = [task for task, _status in listed]
        expected = figure_tasks(query, block, "all")
        assert sorted(t.pk for t in tasks) == sorted(expected.values_list("pk", flat=True))
        assert tasks == sorted(tasks, key=lambda t: (t.assigned_on, t.pk))
        badges = standings(tasks, query.as_of)
        assert [status for _task, status in listed] == [
            status_in_words(badges[task.pk]) for task in tasks
        ]
        seen[block] = tasks
    statuses = {status_in_words(s) for s in standings(seen["period"], query.as_of).values()}
    assert len(seen["period"]) > 6 and len(seen["carried_over"]) > 3  # both blocks chunked
    assert any(s.startswith("Quá hạn ") and s.split()[2].isdigit() for s in statuses), statuses


def blocks_of_tasks_chunks(query: StatsQuery, block: str) -> list[list[Any]]:
    return next(list(chunks) for name, chunks in blocks_of_tasks(query, chunk=3) if name == block)


# --- Word ---------------------------------------------------------------------------------------


def test_the_word_report_has_the_decree_header_and_the_seed_sentence(seed_query):
    vanphong = User.objects.get(username="vanphong")
    document = Document(io.BytesIO(made("docx", seed_query, vanphong)))
    header = document.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text]
    assert left == ["UBND TỈNH LẠNG SƠN", "VĂN PHÒNG"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert all(run.bold for p in header.cell(0, 1).paragraphs for run in p.runs)
    assert header.cell(1, 0).text == "Số: ……/BC-…"
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert SEED_SENTENCE in texts


def test_the_word_report_is_dated_the_day_it_is_made_and_says_the_figures_day(seed_query):
    document = Document(io.BytesIO(made("docx", seed_query, now=MADE_AT)))
    date = document.tables[0].cell(1, 1).paragraphs[0]
    assert date.text == f"Lạng Sơn, {MADE_IN_WORDS}" and date.runs[0].italic
    texts = [p.text for p in document.paragraphs]
    subject = texts.index(next(t for t in texts if t.startswith("Kết quả thực hiện nhiệm vụ")))
    assert texts[subject + 1] == "(Số liệu tính đến ngày 19/06/2020)"
    assert f"(Kèm theo Báo cáo số ……/BC-… {MADE_IN_WORDS})" in texts  # the annex's note
    assert not any("tháng 6 năm 2020" in text for text in texts)


def test_the_word_reports_properties_name_the_issuing_unit_and_the_subject(seed_query):
    vanphong = User.objects.get(username="vanphong")
    document = Document(io.BytesIO(made("docx", seed_query, vanphong, MADE_AT)))
    properties = document.core_properties
    assert properties.author == "Văn phòng UBND tỉnh Lạng Sơn"
    assert properties.title.startswith("Kết quả thực hiện nhiệm vụ do UBND tỉnh")
    assert properties.title.endswith("6 tháng đầu năm 2020 của UBND huyện Cao Lộc")
    assert properties.created == properties.modified == MADE_AT
    assert properties.subject == "Số liệu tính đến ngày 19/06/2020"
    assert properties.comments.startswith(f"Lập bởi {vanphong.get_full_name()}")
    said = [properties.author, properties.title, properties.comments, properties.subject,
            properties.last_modified_by, properties.keywords, properties.category]  # fmt: skip
    assert not any("python-docx" in text for text in said)


def test_a_file_made_on_the_command_line_is_the_assigners(seed_query):
    document = Document(io.BytesIO(made("docx", seed_query)))
    assert document.core_properties.author == "Ủy ban nhân dân tỉnh Lạng Sơn"
    workbook = load_workbook(io.BytesIO(made("xlsx", seed_query)))
    assert workbook.properties.creator == "Ủy ban nhân dân tỉnh Lạng Sơn"


def test_the_word_report_tables_hold_the_seed_figures_and_the_late_tasks(seed_query):
    document = Document(io.BytesIO(made("docx", seed_query)))
    summary = document.tables[1]
    cells = [[c.text for c in row.cells] for row in summary.rows]
    assert cells[0][1] == "Tổng số nhiệm vụ được giao" and cells[1][2] == "Tổng số"
    cao_loc = next(row for row in cells if row[0] == "UBND huyện Cao Lộc")
    assert [int(v) for v in cao_loc[1:11]] == SEED_ROW and cao_loc[11] == "44%"
    texts = [p.text for p in document.paragraphs]
    assert "DANH SÁCH NHIỆM VỤ HOÀN THÀNH QUÁ HẠN VÀ QUÁ HẠN CHƯA HOÀN THÀNH" in texts
    annex = document.tables[-1]
    rows = [[c.text for c in row.cells] for row in annex.rows]
    assert rows[0][:3] == ["STT", "Nhiệm vụ", "Đơn vị chủ trì"]
    assert len(rows) == 1 + 5  # the five done late
    assert all(row[4] != "Chưa hoàn thành" and row[5].startswith("Chậm ") for row in rows[1:])
    assert "Thời tiết mưa lũ kéo dài ảnh hưởng tiến độ thi công." in {row[6] for row in rows[1:]}


def test_the_word_report_is_a4_with_the_decrees_margins_and_font(seed_query):
    document = Document(io.BytesIO(made("docx", seed_query)))
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin,
             section.bottom_margin, section.left_margin, section.right_margin]  # fmt: skip
    width, height, top, bottom, left, right = (int(size or 0) for size in sizes)
    assert (round(width / Mm(1)), round(height / Mm(1))) == (210, 297)
    assert Mm(20) <= top <= Mm(25) and Mm(20) <= bottom <= Mm(25)
    assert Mm(30) <= left <= Mm(35) and Mm(15) <= right <= Mm(20)
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size is not None
    assert normal.size.pt in (13, 14)
    footer = section.footer.paragraphs[0].text
    assert (
        "Lập bởi dondoc export_report" in footer and "Số liệu tính đến ngày: 19/06/2020" in footer
    )


def test_dates_are_written_in_words_as_the_decree_writes_them():
    assert date_in_words(dt.date(2020, 6, 19)) == "ngày 19 tháng 6 năm 2020"
    assert date_in_words(dt.date(2021, 2, 5)) == "ngày 05 tháng 02 năm 2021"
    assert date_in_words(dt.date(2021, 12, 1)) == "ngày 01 tháng 12 năm 2021"


def test_the_issuing_agency_is_named_as_the_decree_names_it():
    office = issuer_of(Unit.objects.get(code="van-phong-ubnd-tinh"))
    assert (office.superior, office.body) == ("UBND TỈNH LẠNG SƠN", ["VĂN PHÒNG"])
    committee = issuer_of(Unit.objects.get(code="lang-son"))
    assert (committee.superior, committee.body) == (None, ["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"])
    department = issuer_of(Unit.objects.get(code="so-tai-chinh"))
    assert department.body == ["SỞ TÀI CHÍNH"]
    assert place_name(Unit.objects.get(code="cao-loc")) == "Lạng Sơn"


# --- PDF ----------------------------------------------------------------------------------------


def test_the_pdf_carries_the_vietnamese_sentence_and_figures_on_a4(seed_query):
    reader = PdfReader(io.BytesIO(made("pdf", seed_query)))
    text = words(" ".join(page.extract_text() for page in reader.pages))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert SEED_SENTENCE in text
    assert re.search(r"UBND huyện Cao Lộc 13 9 4 0 5 0 4 4 0 0 44%", text)
    assert "Thời tiết mưa lũ kéo dài" in text
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def test_the_pdf_is_dated_the_day_it_is_made_and_says_the_figures_day(seed_query):
    reader = PdfReader(io.BytesIO(made("pdf", seed_query, now=MADE_AT)))
    text = words(" ".join(page.extract_text() for page in reader.pages))
    assert f"Lạng Sơn, {MADE_IN_WORDS}" in text
    assert "(Số liệu tính đến ngày 19/06/2020)" in text
    assert f"(Kèm theo Báo cáo số ……/BC-… {MADE_IN_WORDS})" in text
    assert "tháng 6 năm 2020" not in text


def test_the_pdfs_properties_name_the_issuing_unit_and_the_subject(seed_query):
    vanphong = User.objects.get(username="vanphong")
    metadata = PdfReader(io.BytesIO(made("pdf", seed_query, vanphong, MADE_AT))).metadata
    assert metadata is not None
    assert metadata.author == "Văn phòng UBND tỉnh Lạng Sơn"
    assert metadata.title is not None
    assert metadata.title.endswith("6 tháng đầu năm 2020 của UBND huyện Cao Lộc")
    assert metadata.subject == "Số liệu tính đến ngày 19/06/2020"
    assert metadata.creator == "Đôn Đốc"
    assert metadata.creation_date == MADE_AT


def test_the_pdf_embeds_the_vendored_font_not_a_system_one(seed_query):
    reader = PdfReader(io.BytesIO(made("pdf", seed_query)))
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DonDoc-Serif" in name for name in fonts)
    assert (FONT_DIR / "LICENSE").is_file()


def test_the_pdf_fetches_nothing_but_the_font_files():
    fetcher = OurFilesOnly()
    for url in ("http://127.0.0.1/x.css", "https://example.org/a.png", "file:///etc/passwd",
                (FONT_DIR / ".." / ".." / ".." / "settings.py").as_uri()):  # fmt: skip
        with pytest.raises(ValueError, match="not fetched"):
            fetcher.fetch(url)
    response = fetcher.fetch((FONT_DIR / "LiberationSerif-Regular.ttf").as_uri())
    response.close()


# --- The page -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("pdf", "application/pdf"),
    ],
)
def test_the_page_sends_each_format_as_a_named_attachment(client_as, kind, content_type):
    url = f"{reverse('reports:export')}?{SEED_PARAMS}&dinh_dang={kind}"
    response = client_as("vanphong.caoloc").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    ascii_name = f"bao-cao-cao-loc-2020-01-01-2020-06-30-den-2020-06-19.{kind}"
    assert disposition.startswith(f'attachment; filename="{ascii_name}"')
    full = f"Báo cáo UBND huyện Cao Lộc 6 tháng đầu năm 2020 (đến 19-06-2020).{kind}"
    assert f"filename*=UTF-8''{quote(full)}" in disposition
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body[:4] == (b"%PDF" if kind == "pdf" else b"PK\x03\x04")


def test_the_page_reads_the_dashboards_period_presets(client_as):
    url = f"{reverse('reports:export')}?giao=lang-son&don_vi=cao-loc&ky=6-thang&nam=2020&ngay=19/06/2020&dinh_dang=xlsx"  # fmt: skip
    response = client_as("vanphong").get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Tổng hợp"]
    total = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Tổng cộng")
    assert list(total[1:11]) == SEED_ROW


def test_another_units_user_is_refused_a_unit_outside_their_scope(client_as):
    url = f"{reverse('reports:export')}?{SEED_PARAMS}&dinh_dang=pdf"
    response = client_as("trangdinh").get(url)
    assert response.status_code == 403
    assert b"%PDF" not in response.content and "Cao Lộc" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (SEED_PARAMS + "&dinh_dang=odt", "Định dạng tệp: chọn xlsx (Excel), docx (Word) hoặc pdf."),
        (SEED_PARAMS, "Định dạng tệp"),
        ("giao=lang-son&tu=32/13/2020&den=30/06/2020&dinh_dang=xlsx", "Từ ngày"),
        ("giao=khong-co&tu=01/01/2020&den=30/06/2020&dinh_dang=xlsx", "Cơ quan giao"),
        ("giao=lang-son&ky=nam&nam=99999999999999999999&dinh_dang=pdf", "Năm"),
        ("giao=lang-son&ky=quy&nam=2020&quy=7&dinh_dang=docx", "Quý"),
        (
            "giao=lang-son&tu=01/01/2020&den=30/06/2020&ngay=01/01/2019&dinh_dang=xlsx",
            "Số liệu đến ngày",
        ),
        ("dinh_dang=xlsx&rac=%00%ff", "Cơ quan giao"),
    ],
)
def test_bad_parameters_get_a_page_that_says_what_is_wrong(client_as, query, message):
    response = client_as("vanphong").get(f"{reverse('reports:export')}?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Không xuất được báo cáo" in page and message in page


def test_the_figures_page_links_to_the_three_files(client_as):
    page = client_as("vanphong").get(reverse("tasks:stats") + "?" + SEED_PARAMS).content.decode()
    for kind in ("xlsx", "docx", "pdf"):
        assert re.search(
            rf'href="{reverse("reports:export")}\?giao=lang-son&amp;tu=01/01/2020&amp;den=30/06/2020&amp;ngay=19/06/2020&amp;don_vi=cao-loc&amp;dinh_dang={kind}"',
            page.replace("%2F", "/"),
        )


# --- The command --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "docx", "pdf"])
def test_the_command_writes_the_file(tmp_path, kind):
    out = tmp_path / f"bao-cao.{kind}"
    stdout = io.StringIO()
    call_command(
        "export_report", "--assigner", "lang-son", "--unit", "cao-loc", "--from", "2020-01-01",
        "--to", "30/06/2020", "--as-of", "2020-06-19", "--format", kind, "--out", str(out),
        stdout=stdout,
    )  # fmt: skip
    assert out.stat().st_size > 1000 and str(out) in stdout.getvalue()
    if kind == "docx":
        texts = [p.text for p in Document(str(out)).paragraphs]
        assert SEED_SENTENCE in texts


def test_the_command_refuses_a_folder_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="Không có thư mục"):
        call_command(
            "export_report", "--assigner", "lang-son", "--from", "2020-01-01", "--to",
            "2020-06-30", "--format", "pdf", "--out", str(tmp_path / "khong-co" / "a.pdf"),
        )  # fmt: skip
