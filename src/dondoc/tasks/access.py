"""Who may see and do what on a task. Every task view, and the download of files attached to its
events, goes through here.

A user sees a task when their scope (organisations.access.scope_root) holds its assigner, one of
its coordinating units, or a unit that led it at any time: its lead today, or a former lead (a
unit whose task was handed on, by a change of lead or a reorganisation, keeps reading it: the
figures of a past day count the task for the unit that led it then, RULES.md "Reorganisations",
and each figure's list shows exactly the tasks it counts). Acting is narrower, and only today's
lead acts on the lead side:
- the *lead side* (progress, extension request, completion report, passing the task down) is the
  lead unit's head and officers, and the office of a committee that is itself the lead unit;
- the *assigner side* (confirm, return, decide extensions, cancel, change lead, correct deadline)
  is the office and leaders of the assigning committee, or the head of an assigning unit;
- coordinating units may add progress notes; working-group members only read.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from dondoc.accounts.models import Role, User
from dondoc.core.dates import today
from dondoc.core.http import NotFound
from dondoc.organisations.access import scope_root
from dondoc.organisations.models import Unit, within_q
from dondoc.organisations.selectors import committee_of
from dondoc.tasks.models import Task, TaskSpan


def visible_tasks(user: User):  # -> QuerySet[Task]
    root = scope_root(user)
    if root is None:
        return Task.objects.all()
    # The task's rows among coordinating units, matched by a range on the task's id rather than
    # an equality: PostgreSQL would otherwise check this EXISTS against a hash of every task that
    # a unit of the scope coordinates (tens of thousands for a province), built for each query;
    # with a range it looks up each task's rows in the index, for the rows it has to check.
    coordinating = Task.coordinating_units.through.objects.filter(
        task__gte=OuterRef("pk"), task__lte=OuterRef("pk")
    ).filter(within_q("unit", root))
    seen_by = [
        within_q("assigner", root),
        within_q("current_lead_unit", root),
        Q(Exists(coordinating)),
    ]
    # A unit of the scope led the task on some day (RULES.md rule 3 counts it for that day): one
    # of the task's spans names it. Today's lead is read from the task's own column; the spans
    # add the tasks the scope's units led before they were handed on. A lead unit lies under
    # its task's assigner (services: task_assign, ChangeLead), so such a task was assigned within
    # the scope (seen already) or by a unit above it: only those tasks are looked at, and
    # a province's office, with none above, reads no span. Each task's few spans are found by
    # the index on the span's task: the range keeps PostgreSQL from hashing every span the
    # scope's units ever led, and the equality keeps SQLite from starting at the scope's units
    # instead (the index on the span's lead unit covers the query: minutes at 50,000 tasks).
    above = root.ancestor_ids()[:-1]
    if above:
        led = TaskSpan.objects.filter(
            task=OuterRef("pk"), task__gte=OuterRef("pk"), task__lte=OuterRef("pk")
        ).filter(within_q("lead_unit", root))
        seen_by.append(Q(assigner__in=above) & Q(Exists(led)))
    return Task.objects.filter(functools.reduce(operator.or_, seen_by))


def assigned_in_scope(user: User) -> Q | None:
    """The tasks `user` sees because their assigner is in the user's scope (most of a committee
    office's tasks), said with the task's own column: a query that adds it to visible_tasks may
    start from the index on the assigner. What a capped search count asks first (tasks/search.py);
    None for an administrator, who sees every task."""
    root = scope_root(user)
    if root is None:
        return None
    return Q(assigner__in=Unit.objects.within(root).values("pk"))


def get_task_for_user(user: User, pk: int) -> Task:
    """The task, if `user` may see it; 404 otherwise, so that no task's existence leaks."""
    task = (
        visible_tasks(user)
        .select_related("assigner", "current_lead_unit", "lead_unit", "document", "parent")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise NotFound(_("Không tìm thấy nhiệm vụ."))
    return task


@dataclass(frozen=True)
class TaskRights:
    lead: bool = False
    assigner: bool = False
    coordinating: bool = False

    @property
    def any(self) -> bool:
        return self.lead or self.assigner or self.coordinating


def acting_unit(user: User) -> Unit | None:
    """The unit on whose behalf `user` acts: the committee for its office and leaders."""
    if user.unit is None:
        return None
    if user.role in (Role.OFFICE, Role.LEADER):
        return committee_of(user.unit)
    if user.role in (Role.UNIT_HEAD, Role.UNIT_OFFICER):
        return user.unit
    return None


def task_rights(user: User, task: Task) -> TaskRights:
    unit = acting_unit(user)
    if unit is None:
        return TaskRights()
    # A unit's own people act for it and its sub-units; a committee's office acts for the
    # committee itself only (the committee's sub-units have people of their own).
    own_people = user.role in (Role.UNIT_HEAD, Role.UNIT_OFFICER)

    def acts_for(other: Unit) -> bool:
        return other.is_within(unit) if own_people else (user.role == Role.OFFICE and other == unit)

    is_lead = acts_for(task.current_lead_unit)
    is_assigner = acts_as_assigner(user, task.assigner)
    coordinating = any(acts_for(u) for u in task.coordinating_units.all())
    return TaskRights(lead=is_lead, assigner=is_assigner, coordinating=coordinating)


def acts_as_assigner(user: User, assigner: Unit) -> bool:
    """Whether `user` acts on the assigner's side of the tasks `assigner` gave: its committee's
    office and leaders, or the head of an assigning unit (task_rights' `assigner`)."""
    unit = acting_unit(user)
    return (
        unit is not None
        and unit.pk == assigner.pk
        and user.role in (Role.OFFICE, Role.LEADER, Role.UNIT_HEAD)
    )


def assigner_units(user: User) -> list[Unit]:
    """The units `user` may record tasks for (as the assigner)."""
    unit = acting_unit(user)
    if unit is None or user.role == Role.UNIT_OFFICER or not unit.is_valid_on(today()):
        return []  # an officer does not assign, and a unit that has ended assigns nothing new
    return [unit]


def can_view_event(user: User, event_id: int) -> bool:
    """Whether `user` sees the task of the event: who may download the event's files
    (registered with the attachments app in tasks/apps.py)."""
    return visible_tasks(user).filter(events__pk=event_id).exists()


def may_assign(user: User) -> bool:
    """Whether `user` records tasks for some unit, without a query (for every page's menu): a
    role that assigns, in a unit that exists today (a committee's office ends with it)."""
    unit = user.unit
    return (
        unit is not None
        and user.role in (Role.OFFICE, Role.LEADER, Role.UNIT_HEAD)
        and unit.is_valid_on(today())
    )


def may_read_leader(viewer: User, leader: User, committee: Unit) -> bool:
    """Whether `viewer` reads what `leader`, a chairman or vice chairman of `committee`,
    personally assigned (reports/leader_views): the leader himself, the office of his committee,
    an administrator. A unit above the committee reads its figures, not its leaders' own."""
    if viewer.is_admin or viewer.is_superuser or viewer.pk == leader.pk:
        return True
    return (
        viewer.role == Role.OFFICE
        and viewer.unit is not None
        and committee_of(viewer.unit) == committee
    )


def check_stats_scope(user: User, *, assigner: Unit, unit: Unit | None) -> None:
    """A user sees figures about their own scope: the assigner's, or the unit's when one is given."""
    root = scope_root(user)
    if root is None:
        return
    subject = unit or assigner
    if not (subject.is_within(root) or assigner.is_within(root)):
        raise PermissionDenied(
            _("Bạn không có quyền xem số liệu của %(unit)s.") % {"unit": subject.short_name}
        )
