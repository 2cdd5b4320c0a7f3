"""Who may do what to a task, asked in one place (actions.why_not) and obeyed by every service.

Every service is called as every demo user on tasks in every state, and must do exactly what
why_not says: succeed when it gives no reason, refuse with its reason otherwise.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from dondoc.accounts.models import User
from dondoc.core.dates import replaying, today
from dondoc.organisations.models import Unit, UnitKind
from dondoc.tasks import actions, services
from dondoc.tasks.access import visible_tasks
from dondoc.tasks.actions import Action
from dondoc.tasks.models import Task
from dondoc.tasks.services import ActionRefused

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
ROUNDS = itertools.count(1)  # each task its own words: the same words the same day are one task


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def user(name: str) -> User:
    return User.objects.get(username=name)


def assign(*, lead: str = "so-tai-chinh", assigned_on: dt.date | None = None, **kw: Any) -> Task:
    assigned_on = assigned_on or today() - 20 * DAY
    kw.setdefault("deadline", assigned_on + 60 * DAY)
    return services.task_assign(
        title=f"Rà soát dự toán ngân sách, đợt {next(ROUNDS)}",
        assigner=unit("lang-son"),
        lead_unit=unit(lead),
        assigned_on=assigned_on,
        coordinating_units=[unit("xa-dong-dang")],
        actor=user("vanphong"),
        **kw,
    )


def report(task: Task, on: dt.date, doer: str = "sotaichinh") -> None:
    services.record(services.ReportCompletion(on=on, result="Đã xong"), task=task, actor=user(doer))


def confirmed(days_ago: int) -> Task:
    task = assign(assigned_on=today() - (days_ago + 30) * DAY)
    with replaying(today() - days_ago * DAY):
        report(task, today())
        services.record(services.ConfirmCompletion(), task=task, actor=user("vanphong"))
    return task


def _open() -> Task:
    return assign()


def _acknowledged() -> Task:
    task = assign()
    services.record(services.Acknowledge(), task=task, actor=user("sotaichinh"))
    return task


def _extension_pending() -> Task:
    task = assign()
    services.record(
        services.RequestExtension(new_deadline=today() + 90 * DAY, reason="Chờ số liệu"),
        task=task,
        actor=user("sotaichinh"),
    )
    return task


def _reported() -> Task:
    task = assign()
    report(task, today())
    return task


def _cancelled() -> Task:
    task = assign()
    services.record(
        services.Cancel(reason="Trùng nhiệm vụ khác"), task=task, actor=user("vanphong")
    )
    return task


def _standing() -> Task:
    return assign(deadline=None)


def _led_by_an_abolished_district() -> Task:
    with replaying(dt.date(2025, 3, 3)):
        return assign(lead="cao-loc", assigned_on=dt.date(2025, 3, 3))


def _handed_over_by_an_abolished_district() -> Task:
    """Cao Lộc's task, handed to Đồng Đăng when the district ended (as the reorganisation does),
    with a deadline still ahead, so that its lead may do everything the lead does."""
    deadline = today() + 60 * DAY
    with replaying(dt.date(2025, 3, 3)):
        task = assign(lead="cao-loc", assigned_on=dt.date(2025, 3, 3), deadline=deadline)
    handover = services.ChangeLead(
        unit=unit("xa-dong-dang"), on=dt.date(2025, 7, 1), reason="Sắp xếp đơn vị hành chính"
    )
    services.record(handover, task=task, actor=None, as_system=True)
    return task


def _moved_from_a_live_department() -> Task:
    """The department's task, given to another department by the assigner."""
    task = assign()
    change = services.ChangeLead(unit=unit("so-xay-dung"), reason="Thuộc lĩnh vực xây dựng")
    services.record(change, task=task, actor=user("vanphong"))
    return task


def _with_a_division() -> Task:
    Unit.objects.create(
        code="so-tai-chinh-phong-ngan-sach",
        name="Phòng Quản lý ngân sách",
        short_name="Phòng Ngân sách",
        kind=UnitKind.DIVISION,
        parent=unit("so-tai-chinh"),
    )
    return assign()


STATES: dict[str, Callable[[], Task]] = {
    "open": _open,
    "acknowledged": _acknowledged,
    "extension pending": _extension_pending,
    "completion reported": _reported,
    "confirmed last week": lambda: confirmed(7),
    "confirmed 120 days ago": lambda: confirmed(120),
    "cancelled": _cancelled,
    "standing": _standing,
    "led by an abolished district": _led_by_an_abolished_district,
    "lead with a division": _with_a_division,
    "handed over by an abolished district": _handed_over_by_an_abolished_district,
    "moved from a live department": _moved_from_a_live_department,
}
USERS = ["vanphong", "chutich", "phochutich", "tocongtac", "caoloc", "canbo.caoloc",
         "vanphong.caoloc", "trangdinh", "sotaichinh", "dongdang", "quantri"]  # fmt: skip


def call(action: Action, task: Task, actor: User) -> object:
    """The service of `action`, with parameters that are right for a task that allows it."""
    deadline = task.current_deadline or today() + 30 * DAY
    common: dict[str, Any] = {"task": task, "actor": actor}
    calls: dict[Action, Callable[[], object]] = {
        Action.ACKNOWLEDGE: lambda: services.record(services.Acknowledge(), **common),
        Action.REPORT_PROGRESS: lambda: services.record(
            services.ReportProgress(text="Đang làm", percent=40), **common
        ),
        Action.REQUEST_EXTENSION: lambda: services.record(
            services.RequestExtension(
                new_deadline=deadline + 30 * DAY, reason="Chờ số liệu quý IV"
            ),
            **common,
        ),
        Action.REPORT_COMPLETION: lambda: services.record(
            services.ReportCompletion(on=today(), result="Xong", lateness_reason="Chậm"), **common
        ),
        Action.DECIDE_EXTENSION: lambda: services.record(
            services.DecideExtension(approve=True), **common
        ),
        Action.CONFIRM: lambda: services.record(services.ConfirmCompletion(), **common),
        Action.RETURN: lambda: services.record(
            services.ReturnCompletion(reason="Chưa đạt"), **common
        ),
        Action.CANCEL: lambda: services.record(services.Cancel(reason="Không còn cần"), **common),
        Action.CHASE: lambda: services.record(
            services.Chase(reason="Đề nghị khẩn trương báo cáo"), **common
        ),
        Action.CHANGE_LEAD: lambda: services.record(
            services.ChangeLead(unit=unit("so-y-te"), reason="Đúng chức năng"), **common
        ),
        Action.CORRECT_DEADLINE: lambda: services.record(
            services.CorrectDeadline(deadline=deadline + DAY, reason="Nhập nhầm"), **common
        ),
        Action.CORRECT_DETAILS: lambda: services.record(
            services.CorrectDetails(changes={"note": "Ghi chú"}, reason="Bổ sung"), **common
        ),
        Action.PASS_DOWN: lambda: services.task_assign(
            title="Phần việc của phòng",
            assigner=task.current_lead_unit,
            lead_unit=(task.current_lead_unit.children.first() or task.current_lead_unit),
            assigned_on=today(),
            actor=actor,
            parent=task,
        ),
    }
    return calls[action]()


def outcome(action: Action, task: Task, actor: User) -> str | None:
    """None when the service recorded the action (then undone), else the reason it refused."""
    try:
        with transaction.atomic():
            call(action, Task.objects.get(pk=task.pk), actor)
            transaction.set_rollback(True)
    except ActionRefused as refused:
        return refused.message_dict[NON_FIELD_ERRORS][0]
    except ValidationError as error:
        pytest.fail(f"{action} as {actor}: the parameters were refused: {error.message_dict}")
    return None


@pytest.mark.parametrize("state", STATES)
def test_every_service_does_exactly_what_why_not_says_as_every_user(state):
    task = STATES[state]()
    agreed = 0
    for name in USERS:
        actor = user(name)
        task = Task.objects.select_related("assigner", "current_lead_unit").get(pk=task.pk)
        for action in Action:
            expected = actions.why_not(actor, task, action)
            assert outcome(action, task, actor) == expected, (state, name, action)
            agreed += expected is None
    # Each state lets somebody do something, but the cancelled task: nobody does anything to it.
    assert (agreed == 0) == (state == "cancelled")


def test_acting_needs_to_be_on_the_right_side_of_the_task():
    task = assign()
    office, head, commune = user("vanphong"), user("sotaichinh"), user("dongdang")
    assert actions.why_not(head, task, Action.REPORT_COMPLETION) is None
    assert "Chỉ đơn vị chủ trì" in str(actions.why_not(office, task, Action.REPORT_COMPLETION))
    assert actions.why_not(commune, task, Action.REPORT_PROGRESS) is None  # coordinating
    assert "Chỉ Văn phòng, lãnh đạo cơ quan giao" in str(actions.why_not(head, task, Action.CANCEL))
    assert actions.why_not(user("tocongtac"), task, Action.REPORT_PROGRESS) is not None


def test_a_user_of_an_abolished_district_reads_its_history_but_cannot_act():
    task = _led_by_an_abolished_district()
    with replaying(dt.date(2025, 4, 20)):
        services.record(
            services.ReportCompletion(on=dt.date(2025, 4, 20), result="Xong"),
            task=task,
            actor=user("caoloc"),
        )
        services.record(services.ConfirmCompletion(), task=task, actor=user("vanphong"))
    ended = "UBND huyện Cao Lộc đã kết thúc hoạt động từ ngày 01/07/2025"
    with pytest.raises(ActionRefused) as refused:
        services.record(
            services.ReportProgress(text="x", percent=1), task=task, actor=user("canbo.caoloc")
        )
    assert ended in refused.value.messages[0]
    with pytest.raises(ActionRefused) as refused:
        services.record(
            services.ReturnCompletion(reason="Chưa đạt"), task=task, actor=user("caoloc")
        )
    assert "Chỉ Văn phòng, lãnh đạo cơ quan giao" in refused.value.messages[0]
    with pytest.raises(ActionRefused) as refused:
        services.task_assign(
            title="Nhiệm vụ mới của huyện",
            assigner=unit("cao-loc"),
            lead_unit=unit("cao-loc-van-phong"),
            assigned_on=today(),
            actor=user("vanphong.caoloc"),
        )
    assert refused.value.message_dict[NON_FIELD_ERRORS] == [
        ended + ": chỉ xem được lịch sử, không thực hiện thêm thao tác."
    ]
    assert task.events.count() == 3  # assigned, reported, confirmed: nothing after the end


@pytest.mark.parametrize(
    ("state", "former"),
    [
        ("handed over by an abolished district", ["caoloc", "canbo.caoloc", "vanphong.caoloc"]),
        ("moved from a live department", ["sotaichinh"]),
    ],
)
def test_a_former_lead_reads_the_task_but_takes_no_action_on_it(state, former):
    """A unit that led a task reads it after it was handed on (its history, counted in its past
    figures), and is refused every action, for not being on the task's side any more."""
    task = Task.objects.select_related("assigner", "current_lead_unit").get(pk=STATES[state]().pk)
    for name in former:
        actor = user(name)
        assert visible_tasks(actor).filter(pk=task.pk).exists(), name
        for action in Action:
            reason = actions.why_not(actor, task, action)
            assert reason is not None, (name, action)
            assert reason == actions.not_their_side(actor, task, action), (name, action)
            assert outcome(action, task, actor) == reason, (name, action)
    # Its new lead acts; a unit that never led it does not even see it.
    if state.startswith("handed"):
        assert actions.why_not(user("dongdang"), task, Action.REPORT_COMPLETION) is None
    assert not visible_tasks(user("trangdinh")).filter(pk=task.pk).exists()


def test_an_old_confirmation_is_returned_only_by_the_assigners_office():
    task = confirmed(120)
    reason = actions.why_not(user("chutich"), task, Action.RETURN)
    assert reason is not None and "chỉ Văn phòng của cơ quan giao được trả lại" in reason
    with pytest.raises(ActionRefused):
        services.record(
            services.ReturnCompletion(reason="Chưa đạt"), task=task, actor=user("chutich")
        )
    recent = confirmed(7)
    assert actions.why_not(user("chutich"), recent, Action.RETURN) is None
    services.record(services.ReturnCompletion(reason="Chưa đạt"), task=task, actor=user("vanphong"))
    task.refresh_from_db()
    assert task.current_status == "open"


def test_acknowledging_is_not_offered_once_the_unit_has_reported():
    task = _reported()
    reason = actions.why_not(user("sotaichinh"), task, Action.ACKNOWLEDGE)
    assert reason is not None and "không cần tiếp nhận" in reason
    services.record(
        services.ReturnCompletion(reason="Bổ sung số liệu"), task=task, actor=user("vanphong")
    )
    assert actions.why_not(user("sotaichinh"), task, Action.ACKNOWLEDGE) is not None
    assert actions.why_not(user("sotaichinh"), task, Action.REPORT_COMPLETION) is None


def test_a_check_returns_every_problem_at_once_under_the_services_own_names():
    task = assign(assigned_on=today() - 40 * DAY, deadline=today() - 5 * DAY)
    facts = actions.Facts.of(task)
    change = services.ReportCompletion(on=today() + DAY, result=" ")
    errors = services.check(change, facts=facts, actor=user("sotaichinh"))
    assert set(errors) == {"on", "result", "lateness_reason"}
    refused = services.check(change, facts=facts, actor=user("dongdang"))
    assert set(refused) == {NON_FIELD_ERRORS, "on", "result", "lateness_reason"}


def test_a_completed_task_is_neither_cancelled_nor_its_old_extension_request_decided():
    """Either would change past figures without going through a return (and its window)."""
    task = assign()
    head, office = user("sotaichinh"), user("vanphong")
    services.record(
        services.RequestExtension(new_deadline=today() + 90 * DAY, reason="Chờ"),
        task=task,
        actor=head,
    )
    report(task, today())
    services.record(services.ConfirmCompletion(), task=task, actor=office)
    for action in (Action.CANCEL, Action.DECIDE_EXTENSION):
        reason = actions.why_not(office, task, action)
        assert reason is not None and reason.startswith("Nhiệm vụ đã hoàn thành"), action
    with pytest.raises(ActionRefused):
        services.record(
            services.Cancel(on=task.assigned_on, reason="Hủy"), task=task, actor=user("chutich")
        )
