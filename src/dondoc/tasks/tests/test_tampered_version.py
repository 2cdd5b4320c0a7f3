"""The version a task action form carries is hidden: altered or lost on its way, it is answered as a
stale one, with the "changed by someone else" message above the form, and nothing is recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dondoc.tasks.models import Status, Task

pytestmark = pytest.mark.django_db

CHANGED = "Nhiệm vụ vừa được người khác cập nhật. Hãy xem lại thông tin mới nhất rồi thực hiện lại."


@pytest.fixture
def task() -> Task:
    found = Task.objects.filter(
        current_lead_unit__code="so-tai-chinh",
        current_status=Status.OPEN,
        reported_on=None,
        extension_requested_on=None,
    ).first()
    assert found is not None
    return found


@pytest.mark.parametrize("version", ["abc", "", "1.5", "\x00", "9" * 5000, None], ids=repr)
def test_a_tampered_or_missing_version_gets_the_changed_by_someone_else_message(
    client_as, task, version
):
    data = {"text": "Đã họp", "percent": "40"}
    if version is not None:
        data["version"] = version
    events = task.events.count()
    response = client_as("sotaichinh").post(
        reverse("tasks:action", args=[task.pk, "tien-do"]), data
    )
    assert response.status_code == 200
    page = response.content.decode()
    alert = page.split('<div class="alert alert-danger" role="alert">', 1)[1].split("</div>\n")[0]
    assert CHANGED in alert
    assert "Đã họp" in page  # what the user typed is kept for the next try
    assert task.events.count() == events


def test_a_stale_numeric_version_gets_the_same_message(client_as, task):
    response = client_as("sotaichinh").post(
        reverse("tasks:action", args=[task.pk, "tien-do"]),
        {"version": task.version - 1, "text": "Đã họp", "percent": "40"},
    )
    assert CHANGED in response.content.decode()
