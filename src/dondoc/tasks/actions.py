"""What may be done to a task, by whom, and why not now. Every door asks here.

Each action is taken from one *side* of a task: the lead unit's (acknowledge, report progress,
ask for an extension, report completion, pass the task down), the assigner's (decide extensions,
confirm or return a completion report, cancel, change the lead unit, correct the deadline or the
details), or either the lead or a coordinating unit's (progress notes). `why_not(user, task,
action)` gives the Vietnamese reason an action cannot be taken now, or None; the services
(services.py) ask it before every write, whoever calls them (pages, CLI, register import, later the
API and the reminders), and the task page offers exactly the actions for which it says None.

Who acts comes from tasks.access (`task_rights`); what the task's history allows comes from the
counting rules' state (rules.state_on), so that a check can also be run on a history that has
not been written yet (the register import checks a row's whole chain of changes before writing).
Chasing a late unit (đôn đốc) is on the assigner's side, on a task not yet completed.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from dondoc.accounts.models import Role, User
from dondoc.core.dates import format_date, today
from dondoc.organisations.models import Unit
from dondoc.tasks import rules
from dondoc.tasks.access import TaskRights, acting_unit, assigner_units, task_rights
from dondoc.tasks.rules import Kind

if TYPE_CHECKING:
    from dondoc.tasks.models import Task, TaskEvent


class Action(enum.StrEnum):
    ACKNOWLEDGE = "acknowledge"
    REPORT_PROGRESS = "report_progress"
    REQUEST_EXTENSION = "request_extension"
    REPORT_COMPLETION = "report_completion"
    PASS_DOWN = "pass_down"  # noqa: S105  (an action's name, not a password)
    CHASE = "chase"
    DECIDE_EXTENSION = "decide_extension"
    CONFIRM = "confirm"
    RETURN = "return"
    CANCEL = "cancel"
    CHANGE_LEAD = "change_lead"
    CORRECT_DEADLINE = "correct_deadline"
    CORRECT_DETAILS = "correct_details"


class Side(enum.StrEnum):
    LEAD = "lead"
    ASSIGNER = "assigner"
    PROGRESS = "progress"  # the lead unit or a coordinating unit


@dataclass(frozen=True)
class Spec:
    side: Side
    label: Promise


SPECS: dict[Action, Spec] = {
    Action.ACKNOWLEDGE: Spec(Side.LEAD, gettext_lazy("Tiếp nhận nhiệm vụ")),
    Action.REPORT_PROGRESS: Spec(Side.PROGRESS, gettext_lazy("Báo cáo tiến độ")),
    Action.REQUEST_EXTENSION: Spec(Side.LEAD, gettext_lazy("Đề nghị gia hạn")),
    Action.REPORT_COMPLETION: Spec(Side.LEAD, gettext_lazy("Báo cáo hoàn thành")),
    Action.PASS_DOWN: Spec(Side.LEAD, gettext_lazy("Giao tiếp cho đơn vị trực thuộc")),
    Action.CHASE: Spec(Side.ASSIGNER, pgettext_lazy("action", "Đôn đốc")),
    Action.DECIDE_EXTENSION: Spec(Side.ASSIGNER, gettext_lazy("Quyết định gia hạn")),
    Action.CONFIRM: Spec(Side.ASSIGNER, gettext_lazy("Xác nhận hoàn thành")),
    Action.RETURN: Spec(Side.ASSIGNER, gettext_lazy("Trả lại báo cáo hoàn thành")),
    Action.CANCEL: Spec(Side.ASSIGNER, gettext_lazy("Hủy nhiệm vụ")),
    Action.CHANGE_LEAD: Spec(Side.ASSIGNER, gettext_lazy("Đổi đơn vị chủ trì")),
    Action.CORRECT_DEADLINE: Spec(Side.ASSIGNER, gettext_lazy("Điều chỉnh hạn xử lý")),
    Action.CORRECT_DETAILS: Spec(Side.ASSIGNER, gettext_lazy("Sửa thông tin nhiệm vụ")),
}


def return_window_days() -> int:
    return int(getattr(settings, "DONDOC_RETURN_WINDOW_DAYS", 90))


@dataclass(frozen=True)
class Facts:
    """What the checks read about a task: the row (its assigner, assignment day, lead unit) and
    its whole history. `after` gives the facts once one more event is recorded, without writing
    it, so that a chain of changes can be checked before any is written."""

    task: Task
    history: rules.History
    lead: Unit  # the lead unit today
    has_live_subunits: bool | None = None  # read only for PASS_DOWN
    seq: int = field(default=0)

    @classmethod
    def of(cls, task: Task, events: list[TaskEvent] | None = None) -> Facts:
        from dondoc.tasks.services import history_of

        events = list(task.events.order_by("id")) if events is None else events
        events = sorted(events, key=lambda e: e.pk)
        return cls(task, history_of(task, events), task.current_lead_unit, seq=len(events))

    @property
    def state(self) -> rules.State:
        """The task's state today (no event takes effect after today, but when the past is
        replayed: core.dates.replaying)."""
        return rules.state_on(self.history, today())

    def last(self, kind: Kind) -> rules.Event | None:
        found = [e for e in self.history.events if e.kind == kind]
        return found[-1] if found else None

    def has(self, *kinds: Kind) -> bool:
        return any(e.kind in kinds for e in self.history.events)

    def after(
        self,
        kind: Kind,
        on: dt.date,
        *,
        deadline: dt.date | None = None,
        unit: Unit | None = None,
    ) -> Facts:
        event = rules.Event(
            kind, on, self.seq + 1, deadline=deadline, unit=unit.pk if unit else None
        )
        history = replace(self.history, events=(*self.history.events, event))
        lead = unit if kind == Kind.LEAD_CHANGED and unit is not None else self.lead
        return replace(self, history=history, lead=lead, seq=self.seq + 1)


def why_not(
    user: User | None,
    task: Task,
    action: Action,
    *,
    facts: Facts | None = None,
    rights: TaskRights | None = None,
    on: dt.date | None = None,
    from_register: bool = False,
) -> str | None:
    """Why `user` cannot take `action` on `task` now (a Vietnamese sentence), or None.

    `user` None is the system (a command run by the operator). `from_register` is the register
    import: its user records what the assigner's register says, on both sides, which the
    importer allows only for the assigners the user may record for. `on` is the day the action
    takes effect (default today). `facts` and `rights` may be passed when already read."""
    facts = facts or Facts.of(task)
    if action == Action.PASS_DOWN and facts.has_live_subunits is None:
        live = facts.lead.children.valid_on(today()).exists()
        facts = replace(facts, has_live_subunits=live)
    spec = SPECS[action]
    if user is not None and not from_register:
        reason = _who(user, task, spec.side, rights or task_rights(user, task))
        if reason:
            return reason
    if facts.state.cancelled:
        return _("Nhiệm vụ đã bị hủy: không thể thực hiện thêm thao tác nào.")
    reason = _ended(
        user, facts, spec.side, on or today(), person=user is not None and not from_register
    )
    return reason or _state(user, facts, action, from_register)


def not_their_side(
    user: User, task: Task, action: Action, *, rights: TaskRights | None = None
) -> str | None:
    """Why `user` never takes `action` on `task` (not on that side of it), whatever its state."""
    return _who(user, task, SPECS[action].side, rights or task_rights(user, task))


def _who(user: User, task: Task, side: Side, rights: TaskRights) -> str | None:
    allowed = {
        Side.LEAD: rights.lead,
        Side.ASSIGNER: rights.assigner,
        Side.PROGRESS: rights.lead or rights.coordinating,
    }[side]
    if allowed:
        return None
    if side == Side.ASSIGNER:
        return _("Chỉ Văn phòng, lãnh đạo cơ quan giao (%(unit)s) được thực hiện thao tác này.") % {
            "unit": task.assigner.short_name
        }
    if side == Side.LEAD:
        return _("Chỉ đơn vị chủ trì (%(unit)s) được thực hiện thao tác này.") % {
            "unit": task.current_lead_unit.short_name
        }
    return _("Chỉ đơn vị chủ trì hoặc đơn vị phối hợp được báo cáo tiến độ.")


def _ended(user: User | None, facts: Facts, side: Side, on: dt.date, *, person: bool) -> str | None:
    """A unit that has ended reads its history but takes no action after its end date (RULES.md
    "Reorganisations"): not the person's own unit, nor the unit on whose side they act. A person
    acts today; the system and the register record what happened on the day the action takes
    effect."""
    days = (on, today()) if person else (on,)
    acting = acting_unit(user) if person and user is not None else None
    own = [user.unit, acting] if person and user is not None and user.unit else []
    # A coordinating unit's progress note needs only its own unit to exist.
    side_unit = {Side.ASSIGNER: facts.task.assigner, Side.LEAD: facts.lead}.get(side)
    for unit in [*own, side_unit]:
        if unit is not None and not all(unit.is_valid_on(day) for day in days):
            return _ended_reason(unit)
    return None


def _ended_reason(unit: Unit) -> str:
    if unit.valid_to is None:
        return _("%(unit)s chưa bắt đầu hoạt động vào ngày này.") % {"unit": unit.short_name}
    return _(
        "%(unit)s đã kết thúc hoạt động từ ngày %(day)s: chỉ xem được lịch sử, không thực hiện thêm thao tác."
    ) % {"unit": unit.short_name, "day": format_date(unit.valid_to + dt.timedelta(days=1))}


def _state(user: User | None, facts: Facts, action: Action, from_register: bool) -> str | None:
    """Why the task's history does not allow `action` now."""
    state = facts.state
    completed, reported = state.completed, state.reported_on is not None
    match action:
        case Action.ACKNOWLEDGE:
            if facts.has(Kind.ACKNOWLEDGED):
                return _("Đơn vị đã tiếp nhận nhiệm vụ này.")
            if completed or facts.has(Kind.COMPLETION_REPORTED, Kind.EXTENSION_REQUESTED):
                return _("Đơn vị đã thực hiện nhiệm vụ (đã báo cáo): không cần tiếp nhận nữa.")
        case (
            Action.REPORT_PROGRESS
            | Action.PASS_DOWN
            | Action.CHANGE_LEAD
            | (Action.CORRECT_DEADLINE)
        ) if completed:
            return _("Nhiệm vụ đã hoàn thành.")
        case Action.PASS_DOWN if not facts.has_live_subunits:
            return _("%(unit)s không có đơn vị trực thuộc để giao tiếp.") % {
                "unit": facts.lead.short_name
            }
        case Action.REQUEST_EXTENSION:
            if completed or reported:
                return _("Nhiệm vụ đã báo cáo hoàn thành.")
            if state.extension_pending_since is not None:
                return _("Đã có đề nghị gia hạn đang chờ quyết định.")
            if state.deadline is None:
                return _("Nhiệm vụ không có thời hạn nên không cần gia hạn.")
        case Action.DECIDE_EXTENSION:
            if state.extension_pending_since is None:
                return _("Không có đề nghị gia hạn nào đang chờ quyết định.")
            if completed:  # a decision dated back would judge the completion anew
                return _("Nhiệm vụ đã hoàn thành: đề nghị gia hạn không còn cần quyết định.")
        case Action.CHASE if completed:
            return _("Nhiệm vụ đã hoàn thành: không cần đôn đốc.")
        case Action.CANCEL if completed:
            # Cancelling takes the task out of every report: as reopening it, it goes through
            # a return of its completion (and the return window) first.
            return _("Nhiệm vụ đã hoàn thành: muốn hủy, hãy trả lại báo cáo hoàn thành trước.")
        case Action.REPORT_COMPLETION:
            if completed:
                return _("Nhiệm vụ đã được xác nhận hoàn thành.")
            if reported:
                return _("Báo cáo hoàn thành trước đang chờ xác nhận.")
        case Action.CONFIRM if not reported:
            return _("Không có báo cáo hoàn thành nào đang chờ xác nhận.")
        case Action.RETURN:
            if not (completed or reported):
                return _("Không có báo cáo hoàn thành nào để trả lại.")
            if (
                completed
                and _beyond_window(state)
                and not _office_may_reopen(user, facts.task, from_register)
            ):
                return _(
                    "Nhiệm vụ đã được xác nhận hoàn thành từ ngày %(day)s (quá %(n)s ngày): chỉ Văn phòng của cơ quan giao được trả lại."
                ) % {"day": format_date(state.confirmed_on), "n": return_window_days()}  # type: ignore[arg-type]
    return None


def _beyond_window(state: rules.State) -> bool:
    confirmed = state.confirmed_on
    return confirmed is not None and (today() - confirmed).days > return_window_days()


def confirmed_long_ago(facts: Facts) -> dt.date | None:
    """The day a completion was confirmed, when returning it now reopens a task that past
    reports counted as completed for longer than the window (the return page warns of it)."""
    state = facts.state
    return state.confirmed_on if state.completed and _beyond_window(state) else None


def _office_may_reopen(user: User | None, task: Task, from_register: bool) -> bool:
    """Only the assigner's office reopens an old confirmation: a committee's office officers, or
    the head of an assigning unit that is no committee (it has no office of its own); the system
    and the register import record what the office decided."""
    if user is None or from_register:
        return True
    if task.assigner.is_committee:
        return user.role == Role.OFFICE
    return user.role == Role.UNIT_HEAD


def possible(
    user: User, task: Task, *, facts: Facts, rights: TaskRights | None = None
) -> list[Action]:
    """The actions `user` may take on `task` now, in the order the task page shows them."""
    rights = rights or task_rights(user, task)
    return [a for a in SPECS if why_not(user, task, a, facts=facts, rights=rights) is None]


def why_not_assign(user: User | None, assigner: Unit, *, on: dt.date | None = None) -> str | None:
    """Why `user` may not record a new task assigned by `assigner` (None: they may)."""
    if user is not None and assigner not in assigner_units(user):
        unit = acting_unit(user)
        if unit is not None and unit.pk == assigner.pk and not unit.is_valid_on(today()):
            return _ended_reason(unit)
        return _("Bạn không có quyền giao nhiệm vụ thay %(unit)s.") % {"unit": assigner.short_name}
    if not assigner.is_valid_on(on or today()):
        return _ended_reason(assigner)
    return None
