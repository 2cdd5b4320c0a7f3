from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.organisations.models import Unit
from dondoc.tasks import services
from dondoc.tasks.models import Status, Task, TaskEvent
from dondoc.tasks.rules import Kind

pytestmark = pytest.mark.django_db
D = dt.date


def new_task(
    office: User, *, assigned_on: dt.date | None = None, deadline: dt.date | None = None, **kw
) -> Task:
    assigned_on = assigned_on or today() - dt.timedelta(days=20)
    return services.task_assign(
        title="Rà soát dự toán",
        assigner=Unit.objects.get(code="lang-son"),
        lead_unit=Unit.objects.get(code="so-tai-chinh"),
        assigned_on=assigned_on,
        deadline=deadline if deadline is not None else assigned_on + dt.timedelta(days=30),
        actor=office,
        **kw,
    )


def messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_a_deadline_before_the_assigned_date_is_refused(office):
    with pytest.raises(ValidationError) as error:
        new_task(office, assigned_on=D(2026, 3, 10), deadline=D(2026, 3, 9))
    assert messages(error)["deadline"] == [
        "Hạn xử lý (09/03/2026) không được trước ngày giao (10/03/2026)."
    ]


def test_a_deadline_in_working_days_skips_weekends_and_holidays(office):
    task = services.task_assign(
        title="Báo cáo nhanh",
        assigner=Unit.objects.get(code="lang-son"),
        lead_unit=Unit.objects.get(code="so-y-te"),
        assigned_on=D(2025, 4, 24),
        working_days=10,
        actor=office,
    )
    assert task.deadline == D(2025, 5, 13) and task.deadline_working_days == 10


def test_the_lead_unit_must_be_under_the_assigner_and_exist_on_the_day(office):
    with pytest.raises(ValidationError) as error:
        services.task_assign(
            title="x",
            assigner=Unit.objects.get(code="cao-loc"),
            lead_unit=Unit.objects.get(code="so-y-te"),
            assigned_on=D(2020, 3, 2),
            actor=office,
        )
    assert "phải là đơn vị trực thuộc" in messages(error)["lead_unit"][0]
    with pytest.raises(ValidationError) as error:
        services.task_assign(
            title="x",
            assigner=Unit.objects.get(code="lang-son"),
            lead_unit=Unit.objects.get(code="cao-loc"),
            assigned_on=D(2025, 8, 1),
            actor=office,
        )
    assert "không còn tồn tại vào ngày giao" in messages(error)["lead_unit"][0]


def test_an_extension_must_be_requested_before_the_deadline_in_force(office, head):
    task = new_task(
        office, assigned_on=today() - dt.timedelta(days=40), deadline=today() - dt.timedelta(days=5)
    )
    with pytest.raises(ValidationError) as error:
        services.record(
            services.RequestExtension(new_deadline=today() + dt.timedelta(days=30), reason="Chậm"),
            task=task,
            actor=head,
        )
    assert "Phải đề nghị gia hạn trước hạn xử lý đang áp dụng" in messages(error)["on"][0]


def test_an_approved_extension_moves_the_deadline_and_a_refusal_does_not(office, head):
    task = new_task(office)
    old = task.deadline
    assert old is not None
    services.record(
        services.RequestExtension(new_deadline=old + dt.timedelta(days=20), reason="Chờ số liệu"),
        task=task,
        actor=head,
    )
    task.refresh_from_db()
    assert task.extension_requested_on == today()
    services.record(
        services.DecideExtension(approve=False, reason="Không đủ căn cứ"), task=task, actor=office
    )
    task.refresh_from_db()
    assert task.current_deadline == old and task.extension_requested_on is None
    services.record(
        services.RequestExtension(new_deadline=old + dt.timedelta(days=20), reason="Chờ số liệu"),
        task=task,
        actor=head,
    )
    services.record(services.DecideExtension(approve=True), task=task, actor=office)
    task.refresh_from_db()
    assert task.current_deadline == old + dt.timedelta(days=20)


def test_a_completion_date_in_the_future_is_refused(office, head):
    task = new_task(office)
    with pytest.raises(ValidationError) as error:
        services.record(
            services.ReportCompletion(on=today() + dt.timedelta(days=1), result="Xong"),
            task=task,
            actor=head,
        )
    assert messages(error)["on"] == ["Ngày hoàn thành không được sau ngày hôm nay."]


def test_a_late_completion_needs_a_reason(office, head):
    task = new_task(
        office, assigned_on=today() - dt.timedelta(days=40), deadline=today() - dt.timedelta(days=5)
    )
    with pytest.raises(ValidationError) as error:
        services.record(services.ReportCompletion(on=today(), result="Xong"), task=task, actor=head)
    assert "hãy nêu lý do chậm" in messages(error)["lateness_reason"][0]
    services.record(
        services.ReportCompletion(on=today(), result="Xong", lateness_reason="Chờ thẩm định"),
        task=task,
        actor=head,
    )
    task.refresh_from_db()
    assert task.reported_on == today() and task.current_status == Status.OPEN


def test_confirm_then_return_reopens_the_task(office, head):
    task = new_task(office)
    services.record(services.ReportCompletion(on=today(), result="Xong"), task=task, actor=head)
    services.record(services.ConfirmCompletion(), task=task, actor=office)
    task.refresh_from_db()
    assert task.current_status == Status.COMPLETED and task.completed_on == today()
    services.record(services.ReturnCompletion(reason="Thiếu hồ sơ"), task=task, actor=office)
    task.refresh_from_db()
    assert task.current_status == Status.OPEN and task.completed_on is None


def test_nothing_can_be_done_to_a_cancelled_task(office, head):
    task = new_task(office)
    services.record(services.Cancel(reason="Trùng nội dung"), task=task, actor=office)
    with pytest.raises(ValidationError, match="Nhiệm vụ đã bị hủy"):
        services.record(services.ReportProgress(text="Đang làm", percent=10), task=task, actor=head)


def test_a_concurrent_change_is_detected_and_nothing_is_recorded(office, head):
    task = new_task(office)
    seen = task.version
    services.record(
        services.ReportProgress(text="Đã họp", percent=20), task=task, actor=head, version=seen
    )
    count = TaskEvent.objects.filter(task=task).count()
    with pytest.raises(services.ConcurrentChange):
        services.record(services.Cancel(reason="Trùng"), task=task, actor=office, version=seen)
    assert TaskEvent.objects.filter(task=task).count() == count


def test_events_are_never_edited_or_deleted(office):
    event = new_task(office).events.get()
    event.text = "sửa"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_the_rebuild_command_restores_a_damaged_cache(office, head, capsys):
    task = new_task(office)
    services.record(services.ReportCompletion(on=today(), result="Xong"), task=task, actor=head)
    services.record(services.ConfirmCompletion(), task=task, actor=office)
    Task.objects.filter(pk=task.pk).update(current_status=Status.OPEN, completed_on=None)
    call_command("rebuild_task_state")
    task.refresh_from_db()
    assert task.current_status == Status.COMPLETED and task.completed_on == today()
    assert "1 nhiệm vụ" in capsys.readouterr().out


def test_a_child_task_is_assigned_by_the_parents_lead_unit(office, head):
    parent = new_task(office)
    division = Unit.objects.create(
        code="so-tai-chinh-phong-ngan-sach",
        name="Phòng Ngân sách",
        short_name="Phòng Ngân sách",
        kind="division",
        parent=Unit.objects.get(code="so-tai-chinh"),
    )
    child = services.task_assign(
        title="Tổng hợp số liệu",
        assigner=Unit.objects.get(code="so-tai-chinh"),
        lead_unit=division,
        assigned_on=today(),
        actor=head,
        parent=parent,
    )
    assert list(parent.children.all()) == [child]
    with pytest.raises(ValidationError, match="Chỉ đơn vị chủ trì nhiệm vụ cấp trên"):
        services.task_assign(
            title="x",
            assigner=Unit.objects.get(code="lang-son"),
            lead_unit=division,
            assigned_on=today(),
            actor=office,
            parent=parent,
        )
    assert child.events.get().kind == Kind.ASSIGNED


def test_an_approved_extension_cannot_shorten_the_deadline(office, head):
    task = new_task(office)
    assert task.deadline is not None
    services.record(
        services.RequestExtension(new_deadline=task.deadline + dt.timedelta(days=20), reason="Chờ"),
        task=task,
        actor=head,
    )
    with pytest.raises(ValidationError) as error:
        services.record(
            services.DecideExtension(
                approve=True, new_deadline=task.deadline - dt.timedelta(days=1)
            ),
            task=task,
            actor=office,
        )
    assert "Hạn mới phải sau hạn đang áp dụng" in messages(error)["new_deadline"][0]


def test_a_task_cannot_be_assigned_before_its_document_was_issued(office):
    from dondoc.documents.services import document_create

    document = document_create(
        issuer=Unit.objects.get(code="lang-son"),
        number="5/TB-UBND",
        issued_on=today(),
        kind="conclusion_notice",
        summary="Kết luận",
        actor=office,
    )
    with pytest.raises(ValidationError) as error:
        new_task(office, assigned_on=today() - dt.timedelta(days=3), document=document)
    assert "không được trước ngày ban hành văn bản" in messages(error)["assigned_on"][0]


def test_the_lead_unit_cannot_also_coordinate(office):
    with pytest.raises(ValidationError) as error:
        new_task(office, coordinating_units=[Unit.objects.get(code="so-tai-chinh")])
    assert messages(error)["coordinating_units"] == [
        "Đơn vị chủ trì không đồng thời là đơn vị phối hợp."
    ]
