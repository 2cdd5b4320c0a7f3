"""Chasing (đôn đốc): the assigner's side urges the lead unit on, one task or every overdue task of
a unit, as events on the tasks that change no figure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse

from dondoc.accounts.models import Role, User
from dondoc.core.dates import today
from dondoc.core.text import EVENT_TEXT_LIMIT
from dondoc.tasks import actions, services
from dondoc.tasks.actions import Action
from dondoc.tasks.models import Task, TaskEvent, TaskSpan
from dondoc.tasks.rules import Kind
from dondoc.tasks.services import ActionRefused
from dondoc.tasks.stats import StatsQuery, figure_tasks, task_stats
from dondoc.tasks.tests.test_actions import assign, unit, user

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
REFUSED = "Chỉ Văn phòng, lãnh đạo cơ quan giao (UBND tỉnh Lạng Sơn) được thực hiện thao tác này."


def officer_of_the_lead_unit() -> User:
    return User.objects.create_user(
        "canbo.sotaichinh", "x", unit=unit("so-tai-chinh"), role=Role.UNIT_OFFICER
    )


def overdue(*, lead: str = "so-tai-chinh", days: int = 10) -> Task:
    return assign(lead=lead, assigned_on=today() - (days + 40) * DAY, deadline=today() - days * DAY)


def chase(task: Task, actor: User, text: str = "Đề nghị khẩn trương hoàn thành") -> TaskEvent:
    return services.record(services.Chase(reason=text), task=task, actor=actor)


def report(task: Task, on: dt.date, doer: str = "sotaichinh") -> None:
    completion = services.ReportCompletion(on=on, result="Đã xong", lateness_reason="Chờ số liệu")
    services.record(completion, task=Task.objects.get(pk=task.pk), actor=user(doer))


def spans_of(task: Task) -> list[tuple[object, ...]]:
    return list(
        TaskSpan.objects.filter(task=task)
        .order_by("valid_from")
        .values_list("valid_from", "valid_to", "lead_unit_id", "deadline", "phase", "awaiting")
    )


def test_the_office_and_the_leaders_chase_and_nobody_else_does():
    task = overdue()
    for name in ("vanphong", "chutich", "phochutich"):
        assert actions.why_not(user(name), task, Action.CHASE) is None, name
        event = chase(Task.objects.get(pk=task.pk), user(name), f"Đôn đốc lần của {name}")
        assert event.kind == Kind.CHASED and event.actor == user(name)
    # The lead unit's head and officer, a coordinating unit, the working group: refused.
    for refused in (user("sotaichinh"), officer_of_the_lead_unit(), user("dongdang"), user("tocongtac")):  # fmt: skip
        assert actions.why_not(refused, task, Action.CHASE) == REFUSED, refused.username
        with pytest.raises(ActionRefused) as error:
            chase(Task.objects.get(pk=task.pk), refused)
        assert error.value.message_dict[NON_FIELD_ERRORS] == [REFUSED]
    assert task.events.filter(kind=Kind.CHASED).count() == 3


def test_a_unit_head_chases_the_tasks_his_unit_assigned():
    parent = unit("so-tai-chinh")
    division = parent.children.create(
        code="so-tai-chinh-phong-1", name="Phòng Ngân sách", short_name="Phòng NS", kind="division"
    )
    task = services.task_assign(
        title="Tổng hợp dự toán",
        assigner=parent,
        lead_unit=division,
        assigned_on=today() - 30 * DAY,
        deadline=today() - DAY,
        actor=user("sotaichinh"),
    )
    assert actions.why_not(user("sotaichinh"), task, Action.CHASE) is None
    assert "Chỉ Văn phòng, lãnh đạo cơ quan giao (Sở Tài chính)" in str(
        actions.why_not(user("vanphong"), task, Action.CHASE)
    )


def test_a_completed_or_cancelled_task_is_not_chased():
    done = overdue()
    report(done, today())
    services.record(services.ConfirmCompletion(), task=done, actor=user("vanphong"))
    assert actions.why_not(user("vanphong"), done, Action.CHASE) == (
        "Nhiệm vụ đã hoàn thành: không cần đôn đốc."
    )
    with pytest.raises(ActionRefused):
        chase(done, user("vanphong"))
    cancelled = overdue()
    services.record(services.Cancel(reason="Không còn cần"), task=cancelled, actor=user("vanphong"))
    assert "đã bị hủy" in str(actions.why_not(user("vanphong"), cancelled, Action.CHASE))


def test_a_task_awaiting_confirmation_is_still_chased_as_the_figures_count_it_overdue():
    task = overdue()
    report(task, today(), doer="sotaichinh")
    assert actions.why_not(user("vanphong"), task, Action.CHASE) is None


def test_a_chase_needs_a_text_and_a_day_not_in_the_future():
    task = overdue()
    with pytest.raises(ValidationError) as error:
        services.record(
            services.Chase(reason="  ", on=today() + DAY), task=task, actor=user("vanphong")
        )
    assert error.value.message_dict == {
        "reason": ["Hãy nhập nội dung đôn đốc."],
        "on": ["Ngày đôn đốc không được sau ngày hôm nay."],
    }


def test_chasing_changes_no_figure_and_no_span():
    task = overdue()
    on_time = assign()
    lang_son = unit("lang-son")
    queries = [
        StatsQuery(lang_son, dt.date(today().year, 1, 1), today(), today()),
        StatsQuery(lang_son, dt.date(2020, 1, 1), today(), today(), unit=unit("so-tai-chinh")),
    ]
    before = [task_stats(q) for q in queries]
    spans = [spans_of(task), spans_of(on_time)]
    version = Task.objects.get(pk=task.pk).version
    chase(task, user("vanphong"))
    chase(Task.objects.get(pk=on_time.pk), user("chutich"))
    assert [task_stats(q) for q in queries] == before
    assert [spans_of(task), spans_of(on_time)] == spans
    fresh = Task.objects.get(pk=task.pk)
    assert fresh.version == version + 1  # a form opened before the chase is told of it
    assert (fresh.current_status, fresh.current_deadline) == (task.current_status, task.current_deadline)  # fmt: skip


def test_chasing_all_overdue_tasks_chases_exactly_those_the_figure_counts():
    finance, lang_son = unit("so-tai-chinh"), unit("lang-son")
    late = [overdue(days=d) for d in (3, 30)]
    awaiting = overdue(days=5)
    report(awaiting, today(), doer="sotaichinh")  # still overdue by the figures
    within = assign()
    done = overdue()
    report(done, today())
    services.record(services.ConfirmCompletion(), task=done, actor=user("vanphong"))
    elsewhere = overdue(lead="so-y-te")
    counted = StatsQuery(lang_son, dt.date(1990, 1, 1), today(), today(), unit=finance)
    expected = set(figure_tasks(counted, "report", "overdue").values_list("pk", flat=True))
    figures = task_stats(counted)
    assert len(expected) == figures.period.open.overdue + figures.carried_over.open.overdue
    assert {t.pk for t in (*late, awaiting)} <= expected
    events = services.chase_overdue(
        assigner=lang_son, unit=finance, text="Đề nghị báo cáo ngay", actor=user("vanphong")
    )
    assert {e.task_id for e in events} == expected
    assert all(e.kind == Kind.CHASED and e.text == "Đề nghị báo cáo ngay" for e in events)
    for untouched in (within, done, elsewhere):
        assert not untouched.events.filter(kind=Kind.CHASED).exists()
    assert task_stats(counted) == figures


def test_chasing_all_overdue_tasks_is_all_or_nothing(monkeypatch):
    """A task that refuses its chase (as one changed under the office would) leaves every task
    of the unit unchased."""
    finance, lang_son = unit("so-tai-chinh"), unit("lang-son")
    first, second = overdue(days=20), overdue(days=10)
    recorded = services.record
    calls = []

    def refusing_the_second(change, *, task, **kw):
        calls.append(task.pk)
        if len(calls) == 2:
            raise ActionRefused({NON_FIELD_ERRORS: ["Nhiệm vụ đã hoàn thành."]})
        return recorded(change, task=task, **kw)

    monkeypatch.setattr(services, "record", refusing_the_second)
    with pytest.raises(ActionRefused):
        services.chase_overdue(
            assigner=lang_son, unit=finance, text="Đôn đốc", actor=user("vanphong")
        )
    assert len(calls) == 2
    assert not TaskEvent.objects.filter(task__in=[first, second], kind=Kind.CHASED).exists()
    assert not TaskEvent.objects.filter(kind=Kind.CHASED).exists()


def test_chasing_all_overdue_tasks_refuses_those_not_on_the_assigners_side_and_bad_text():
    finance, lang_son = unit("so-tai-chinh"), unit("lang-son")
    overdue()
    with pytest.raises(ActionRefused) as refused:
        services.chase_overdue(assigner=lang_son, unit=finance, text="x", actor=user("sotaichinh"))
    assert refused.value.message_dict[NON_FIELD_ERRORS] == [REFUSED]
    with pytest.raises(ValidationError) as empty:
        services.chase_overdue(assigner=lang_son, unit=finance, text=" ", actor=user("vanphong"))
    assert empty.value.message_dict == {"text": ["Hãy nhập nội dung đôn đốc."]}
    with pytest.raises(ValidationError) as long:
        services.chase_overdue(
            assigner=lang_son,
            unit=finance,
            text="a" * (EVENT_TEXT_LIMIT + 1),
            actor=user("vanphong"),
        )
    assert long.value.message_dict["text"][0].startswith("Dài quá")
    assert not TaskEvent.objects.filter(kind=Kind.CHASED).exists()


# --- The task page ------------------------------------------------------------------------------


def test_the_office_chases_from_the_task_page_and_the_history_and_count_show_it(client_as):
    task = overdue()
    office = client_as("vanphong")
    page = office.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    url = reverse("tasks:action", args=[task.pk, "don-doc"])
    assert url in page and "Số lần đôn đốc" not in page
    form = office.get(url)
    assert form.status_code == 200 and "Nội dung đôn đốc" in form.content.decode()
    sent = office.post(
        url,
        {"version": task.version, "text": "Đề nghị Sở báo cáo trước thứ Sáu", "submission": "k1"},
    )
    assert sent.status_code == 302
    page = office.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Đã đôn đốc Sở Tài chính." in page
    assert "Đề nghị Sở báo cáo trước thứ Sáu" in page
    assert f"Số lần đôn đốc: 1, lần gần nhất {today():%d/%m/%Y}" in page


def test_the_lead_unit_sees_the_chase_but_no_chase_button(client_as):
    task = overdue()
    chase(task, user("vanphong"))
    page = client_as("sotaichinh").get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert f"Số lần đôn đốc: 1, lần gần nhất {today():%d/%m/%Y}" in page
    assert reverse("tasks:action", args=[task.pk, "don-doc"]) not in page
    refused = client_as("sotaichinh").get(reverse("tasks:action", args=[task.pk, "don-doc"]))
    assert refused.status_code == 403 and REFUSED in refused.content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Hãy nhập nội dung đôn đốc"), ("a" * (EVENT_TEXT_LIMIT + 1), "Dài quá")],
)
def test_a_chase_form_with_bad_text_says_what_is_wrong_by_its_field(client_as, text, message):
    task = overdue()
    url = reverse("tasks:action", args=[task.pk, "don-doc"])
    answer = client_as("vanphong").post(url, {"version": task.version, "text": text})
    assert answer.status_code == 200
    assert answer.context["form"].errors["text"][0].startswith(message)
    assert message in answer.content.decode()
    assert not task.events.filter(kind=Kind.CHASED).exists()
