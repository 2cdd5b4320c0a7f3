from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.attachments.models import Attachment
from dondoc.attachments.services import attachments_store
from dondoc.core.dates import replaying
from dondoc.organisations.models import Unit
from dondoc.tasks import services
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


def test_a_handed_over_tasks_files_are_read_by_its_former_lead_and_no_other_unit(
    client_as, settings, tmp_path
):
    """Cao Lộc reported progress with a file, then ended and handed the task to Đồng Đăng: its
    people still download that file (and Đồng Đăng's later ones: the task is their history);
    a unit that never had the task does not, nor does its page open for it."""
    settings.MEDIA_ROOT = tmp_path
    day, reform = dt.date(2025, 3, 3), dt.date(2025, 7, 1)
    units = {u.code: u for u in Unit.objects.filter(code__in=["lang-son", "cao-loc", "xa-dong-dang"])}  # fmt: skip
    task = services.task_assign(
        title="Rà soát hồ sơ đất đai vùng biên",
        assigner=units["lang-son"],
        lead_unit=units["cao-loc"],
        assigned_on=day,
        deadline=dt.date(2025, 12, 31),
        actor=User.objects.get(username="vanphong"),
    )
    files = {}
    with replaying(day + dt.timedelta(days=10)):
        event = services.record(
            services.ReportProgress(text="Đã rà soát 40%", percent=40),
            task=task,
            actor=User.objects.get(username="canbo.caoloc"),
        )
    upload = SimpleUploadedFile("ra-soat.pdf", b"%PDF-1.4 ra soat", "application/pdf")
    [files["before"]] = attachments_store([upload], actor=None, event=event)
    handover = services.ChangeLead(unit=units["xa-dong-dang"], on=reform, reason="Sắp xếp")
    services.record(handover, task=task, actor=None, as_system=True)
    later = services.record(
        services.ReportProgress(text="Tiếp tục rà soát", percent=60),
        task=task,
        actor=User.objects.get(username="dongdang"),
    )
    upload = SimpleUploadedFile("tiep-tuc.pdf", b"%PDF-1.4 tiep tuc", "application/pdf")
    [files["after"]] = attachments_store([upload], actor=None, event=later)

    for name, stored in files.items():
        url = reverse("attachments:download", args=[stored.token])
        for username in ("caoloc", "canbo.caoloc", "vanphong.caoloc", "dongdang", "vanphong"):
            response = client_as(username).get(url)
            assert response.status_code == 200, (name, username)
            assert b"".join(response.streaming_content).startswith(b"%PDF-1.4"), (name, username)
        for username in ("trangdinh", "sotaichinh"):
            assert client_as(username).get(url).status_code == 404, (name, username)
    page = reverse("tasks:detail", args=[task.pk])
    assert client_as("canbo.caoloc").get(page).status_code == 200
    assert client_as("trangdinh").get(page).status_code == 404
