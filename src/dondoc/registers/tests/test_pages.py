"""The browser's way in and out: upload → preview → confirm, and exports of lists and reports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dondoc.organisations.models import Unit
from dondoc.registers.models import RegisterImport
from dondoc.tasks.models import Task
from dondoc.tasks.stats import StatsQuery, figure_tasks, task_stats

pytestmark = pytest.mark.django_db
Login = Callable[[str | None], Client]


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def upload(client: Client, text: str, name: str = "so.csv", **data: object):
    file = SimpleUploadedFile(name, text.encode("utf-8-sig"), "text/csv")
    return client.post(reverse("registers:import"), {"file": file, **data})


GOOD = (
    "Mã,Nội dung nhiệm vụ,Đơn vị chủ trì,Ngày giao,Hạn xử lý\n"
    "W1,Kiểm tra an toàn thực phẩm dịp Tết,Sở Y tế,05/01/2026,31/01/2026\n"
    "W2,Rà soát hồ sơ đất đai,so-nong-nghiep-moi-truong,06/01/2026,\n"
)


def test_upload_preview_confirm(client_as: Login):
    office = client_as("vanphong")
    response = upload(office, GOOD)
    assert response.status_code == 302
    preview = office.get(response["Location"])
    page = preview.content.decode()
    assert "2 dòng, không có lỗi" in page and "Kiểm tra an toàn thực phẩm dịp Tết" in page
    assert not Task.objects.filter(external_code__in=["W1", "W2"]).exists()  # nothing yet

    confirmed = office.post(response["Location"])
    assert confirmed.status_code == 302
    task = Task.objects.get(external_code="W1")
    detail = office.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "<code>W1</code>" in detail  # the code from the source system is on the task's page
    assert (
        Task.objects.filter(assigner__code="lang-son", external_code__in=["W1", "W2"]).count() == 2
    )
    record = RegisterImport.objects.get(name="so.csv")
    assert record.imported_at is not None and record.created == 2
    history = office.get(reverse("registers:import")).content.decode()
    assert "so.csv" in history
    again = office.post(response["Location"], follow=True)  # a second click imports nothing
    assert "đã được nhập lúc" in again.content.decode()
    assert Task.objects.filter(external_code__in=["W1", "W2"]).count() == 2


def test_preview_lists_errors_per_row_and_confirm_saves_nothing(client_as: Login):
    office = client_as("vanphong")
    bad = GOOD + "W3,,Sở Không Có,32/01/2026,\n"
    response = upload(office, bad)
    page = office.get(response["Location"]).content.decode()
    assert "Có 3 lỗi. Chưa ghi dòng nào." in page
    for message in ["thiếu nội dung nhiệm vụ.", "không có đơn vị “Sở Không Có”", "ngày 32/01/2026"]:
        assert message in page
    office.post(response["Location"])
    assert not Task.objects.filter(external_code__in=["W1", "W2", "W3"]).exists()


def test_a_unit_imports_only_its_own_tasks(client_as: Login):
    commune = client_as("dongdang")
    text = "Nội dung nhiệm vụ,Cơ quan giao,Đơn vị chủ trì,Ngày giao\nViệc của tỉnh,lang-son,so-y-te,05/01/2026\n"
    response = upload(commune, text)
    page = commune.get(response["Location"]).content.decode()
    assert "bạn không được nhập hay sửa nhiệm vụ do Ủy ban nhân dân tỉnh Lạng Sơn giao." in page
    assert client_as("vanphong").get(response["Location"]).status_code == 404
    assert client_as("canbo.caoloc").get(reverse("registers:import")).status_code == 403


def test_upload_refuses_other_file_types(client_as: Login):
    response = upload(client_as("vanphong"), "x", name="so.pdf")
    assert response.status_code == 200
    assert "Tệp “so.pdf”: chỉ nhận các loại xlsx, csv." in response.content.decode()


def _csv(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_export_of_the_list_has_exactly_its_tasks_and_nothing_hidden(client_as: Login):
    query = {"q": "ngan sach", "dinh_dang": "csv"}
    province = _csv(client_as("vanphong").get(reverse("tasks:export"), query))
    listed = client_as("vanphong").get(reverse("tasks:list"), {"q": "ngan sach"})
    assert len(province) - 1 == listed.context["page"].paginator.count > 0
    assert province[0][:2] == ["Mã", "Nội dung nhiệm vụ"]

    codes = {
        row[0]
        for row in _csv(client_as("trangdinh").get(reverse("tasks:export"), {"dinh_dang": "csv"}))[
            1:
        ]
    }
    visible = set(
        Task.objects.filter(
            pk__in=client_as("trangdinh")
            .get(reverse("tasks:list"))
            .context["page"]
            .paginator.object_list.values("pk")
        ).values_list("external_code", flat=True)
    )
    assert codes == visible
    assert not any(code.startswith("demo-cl20") for code in codes)  # Cao Lộc's tasks stay hidden


def test_export_of_a_report_is_a_workbook_of_its_tasks(client_as: Login):
    params = {"tk_giao": "lang-son", "tk_don_vi": "cao-loc", "tk_tu": "01/01/2020", "tk_den": "30/06/2020",
              "tk_ngay": "19/06/2020", "tk_nhom": "report:all", "dinh_dang": "xlsx"}  # fmt: skip
    response = client_as("vanphong").get(reverse("tasks:export"), params)
    assert response["Content-Disposition"].endswith('so-theo-doi-nhiem-vu-19-06-2020.xlsx"')
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))  # type: ignore[union-attr]
    query = StatsQuery(
        Unit.objects.get(code="lang-son"),
        dt.date(2020, 1, 1),
        dt.date(2020, 6, 30),
        dt.date(2020, 6, 19),
        unit=Unit.objects.get(code="cao-loc"),
    )
    figures = task_stats(query)
    expected = figures.period.assigned + figures.carried_over.assigned + figures.cancelled
    assert figure_tasks(query, "report").count() == expected
    assert figures.period.assigned == 13
    assert len(rows) - 1 == expected >= 13
    assert client_as("trangdinh").get(reverse("tasks:export"), params).status_code == 403


def test_the_offices_own_xlsx_export_uploads_back_unchanged(client_as: Login):
    office = client_as("vanphong")
    exported = office.get(reverse("tasks:export"), {"q": "ngan sach", "dinh_dang": "xlsx"})
    content = b"".join(exported.streaming_content)  # type: ignore[attr-defined]
    count = len(list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows())) - 1  # type: ignore[union-attr]
    file = SimpleUploadedFile("so.xlsx", content, "application/octet-stream")
    response = office.post(reverse("registers:import"), {"file": file})
    page = office.get(response["Location"]).content.decode()
    # Every row is skipped, those of Cao Lộc's own tasks too: unchanged, so nothing to refuse.
    assert f"{count} dòng, không có lỗi" in page and f"bỏ qua {count} dòng đã có" in page


def test_export_refuses_a_figure_that_does_not_exist(client_as: Login):
    params = {
        "tk_giao": "khong-co",
        "tk_tu": "01/01/2020",
        "tk_den": "31/12/2020",
        "dinh_dang": "csv",
    }
    response = client_as("vanphong").get(reverse("tasks:export"), params)
    assert response.status_code == 400
    assert "Cơ quan giao" in response.content.decode()
    params = {**params, "tk_giao": "lang-son", "tk_nhom": "period:khong-co"}
    assert client_as("vanphong").get(reverse("tasks:export"), params).status_code == 400
