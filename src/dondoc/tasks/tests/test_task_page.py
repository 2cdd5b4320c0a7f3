"""A task's page offers exactly what its viewer may do now, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.organisations.models import Unit, UnitKind
from dondoc.tasks import actions, services
from dondoc.tasks.actions import Action
from dondoc.tasks.forms import SLUGS
from dondoc.tasks.models import Task
from dondoc.tasks.tests.test_actions import assign, confirmed, user

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
# The session and user, the task, its events, its coordinating units, the facts' children
# check, the children, their standings, the page's chrome, and (a task with a deadline) the
# calendar's override of the deadline's day, to name a day off: whatever the task's history.
TASK_PAGE_QUERIES = 12


def action_links(page: str, task: Task) -> set[Action]:
    return {a for a, slug in SLUGS.items() if reverse("tasks:action", args=[task.pk, slug]) in page}


def busy_task() -> Task:
    """A task with a long history and a child task."""
    task = assign(assigned_on=today() - 60 * DAY)
    head, office = user("sotaichinh"), user("vanphong")
    services.record(services.Acknowledge(), task=task, actor=head)
    for percent in (10, 30, 50, 70):
        services.record(
            services.ReportProgress(text=f"Đạt {percent}%", percent=percent), task=task, actor=head
        )
    services.record(
        services.RequestExtension(new_deadline=today() + 90 * DAY, reason="Chờ thẩm định"),
        task=task,
        actor=head,
    )
    services.record(services.DecideExtension(approve=True), task=task, actor=office)
    services.record(services.ReportCompletion(on=today(), result="Xong"), task=task, actor=head)
    services.record(services.ReturnCompletion(reason="Bổ sung hồ sơ"), task=task, actor=office)
    division = Unit.objects.create(
        code="so-tai-chinh-phong-ngan-sach",
        name="Phòng Quản lý ngân sách",
        short_name="Phòng Ngân sách",
        kind=UnitKind.DIVISION,
        parent=task.current_lead_unit,
    )
    for part in ("Tổng hợp số liệu", "Dự thảo báo cáo"):
        services.task_assign(
            title=part,
            assigner=task.current_lead_unit,
            lead_unit=division,
            assigned_on=today(),
            actor=head,
            parent=task,
        )
    return task


@pytest.mark.parametrize("viewer", ["vanphong", "sotaichinh", "dongdang", "tocongtac"])
def test_the_task_page_runs_a_fixed_number_of_queries(client_as, viewer):
    client = client_as(viewer)
    counts = []
    for task in (assign(), busy_task()):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("tasks:detail", args=[task.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    # The same for a new task and one with a long history and a child; the committee's people
    # read their committee once more than a unit's people read their unit.
    assert counts[0] == counts[1] <= TASK_PAGE_QUERIES


@pytest.mark.parametrize("viewer", ["vanphong", "chutich", "sotaichinh", "dongdang", "tocongtac"])
def test_the_task_page_offers_exactly_the_possible_actions(client_as, viewer):
    for task in (assign(), busy_task(), confirmed(120)):
        page = client_as(viewer).get(reverse("tasks:detail", args=[task.pk])).content.decode()
        possible = {
            a for a in SLUGS if actions.why_not(User.objects.get(username=viewer), task, a) is None
        }
        assert action_links(page, task) == possible, (viewer, task.pk)
        passes_down = actions.why_not(User.objects.get(username=viewer), task, Action.PASS_DOWN)
        assert (f"?cap_tren={task.pk}" in page) == (passes_down is None)


def test_no_acknowledgement_is_offered_after_a_completion_report(client_as):
    task = assign()
    services.record(
        services.ReportCompletion(on=today(), result="Xong"), task=task, actor=user("sotaichinh")
    )
    page = client_as("sotaichinh").get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert Action.ACKNOWLEDGE not in action_links(page, task)
    office = client_as("vanphong").get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert action_links(office, task) == {
        Action.CHASE,
        Action.CONFIRM,
        Action.RETURN,
        Action.CANCEL,
        Action.CHANGE_LEAD,
        Action.CORRECT_DEADLINE,
    }
    refused = client_as("sotaichinh").get(reverse("tasks:action", args=[task.pk, "tiep-nhan"]))
    assert refused.status_code == 403 and "không cần tiếp nhận" in refused.content.decode()


def test_the_extension_decision_shows_what_was_asked_and_why(client_as):
    task = assign()
    asked = today() + 75 * DAY
    services.record(
        services.RequestExtension(new_deadline=asked, reason="Chờ kết quả thẩm định"),
        task=task,
        actor=user("sotaichinh"),
    )
    url = reverse("tasks:action", args=[task.pk, "quyet-dinh-gia-han"])
    page = client_as("vanphong").get(url).content.decode()
    assert f"đề nghị gia hạn đến <strong>{asked:%d/%m/%Y}</strong>" in page
    assert "Chờ kết quả thẩm định" in page
    nothing_pending = assign()
    url = reverse("tasks:action", args=[nothing_pending.pk, "quyet-dinh-gia-han"])
    refused = client_as("vanphong").get(url)
    assert refused.status_code == 403
    assert "Không có đề nghị gia hạn nào đang chờ quyết định" in refused.content.decode()


def test_returning_an_old_confirmation_warns_that_past_figures_change(client_as):
    task = confirmed(120)
    url = reverse("tasks:action", args=[task.pk, "tra-lai"])
    page = client_as("vanphong").get(url).content.decode()
    assert "số liệu của các báo cáo tính đến ngày trả lại trở về sau sẽ thay đổi" in page
    refused = client_as("chutich").get(url)
    assert refused.status_code == 403
    recent = confirmed(7)
    page = client_as("chutich").get(reverse("tasks:action", args=[recent.pk, "tra-lai"]))
    assert page.status_code == 200 and "sẽ thay đổi" not in page.content.decode()
