from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.attachments.models import Attachment
from dondoc.tasks.models import Status, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_task() -> Task:
    task = Task.objects.filter(
        current_lead_unit__code="so-tai-chinh", current_status=Status.OPEN
    ).first()
    assert task is not None
    return task


def test_a_progress_report_keeps_its_file_and_only_viewers_download_it(
    client_as, open_task, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("Báo cáo tiến độ.pdf", b"%PDF-1.4 noi dung", "application/pdf")
    client_as("sotaichinh").post(
        reverse("tasks:action", args=[open_task.pk, "tien-do"]),
        {"version": open_task.version, "text": "Gửi kèm báo cáo", "attachments": [upload]},
    )
    attachment = Attachment.objects.get(event__task=open_task)
    assert attachment.name == "Báo cáo tiến độ.pdf"
    assert attachment.token in attachment.file.name and "Báo cáo" not in attachment.file.name
    download = client_as("vanphong").get(reverse("attachments:download", args=[attachment.token]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 noi dung"
    assert "attachment" in download["Content-Disposition"]
    assert (
        client_as("caoloc")
        .get(reverse("attachments:download", args=[attachment.token]))
        .status_code
        == 404
    )


def test_a_file_of_a_forbidden_type_is_refused_and_nothing_is_recorded(
    client_as, open_task, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    events = open_task.events.count()
    upload = SimpleUploadedFile("script.exe", b"MZ", "application/octet-stream")
    response = client_as("sotaichinh").post(
        reverse("tasks:action", args=[open_task.pk, "tien-do"]),
        {"version": open_task.version, "text": "x", "attachments": [upload]},
    )
    assert "chỉ nhận các loại" in response.content.decode()
    assert open_task.events.count() == events


def test_a_file_over_the_size_limit_is_refused(client_as, open_task, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DONDOC_MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("lon.pdf", b"0" * (1024 * 1024 + 1), "application/pdf")
    response = client_as("sotaichinh").post(
        reverse("tasks:action", args=[open_task.pk, "tien-do"]),
        {"version": open_task.version, "text": "x", "attachments": [upload]},
    )
    assert "lớn hơn 1 MB" in response.content.decode()
