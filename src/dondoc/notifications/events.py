"""Who is told of a task's event: called by tasks.services in the event's own transaction.

A call, not a signal: the services say where notifications are written, and a rolled-back action
takes its notifications with it. History brought in by a register import notifies nobody (the
services do not call here for it): it happened before, elsewhere.
"""

from __future__ import annotations

from dondoc.notifications.models import Kind
from dondoc.notifications.outbox import Item, enqueue_many, office_of_assigners, recipients_of_unit
from dondoc.tasks.models import Task, TaskEvent
from dondoc.tasks.rules import Kind as EventKind

# Event kind → (notification kind, who: the lead unit "lead" or the assigner's office "office").
# An approved extension is one notification, the decision (it carries the new deadline), not a
# second one saying the deadline changed.
NOTICE: dict[str, tuple[str, str]] = {
    EventKind.ASSIGNED: (Kind.ASSIGNED, "lead"),
    EventKind.LEAD_CHANGED: (Kind.HANDED_OVER, "lead"),
    EventKind.DEADLINE_CORRECTED: (Kind.DEADLINE_CHANGED, "lead"),
    EventKind.EXTENSION_APPROVED: (Kind.EXTENSION_DECIDED, "lead"),
    EventKind.EXTENSION_REFUSED: (Kind.EXTENSION_DECIDED, "lead"),
    EventKind.COMPLETION_CONFIRMED: (Kind.COMPLETION_CONFIRMED, "lead"),
    EventKind.COMPLETION_RETURNED: (Kind.COMPLETION_RETURNED, "lead"),
    EventKind.CHASED: (Kind.CHASED, "lead"),
    EventKind.COMPLETION_REPORTED: (Kind.COMPLETION_REPORTED, "office"),
    EventKind.EXTENSION_REQUESTED: (Kind.EXTENSION_REQUESTED, "office"),
}


def notify_event(event: TaskEvent, task: Task) -> int:
    """Write the notifications `event` causes (none for kinds nobody is told of, none to the
    person who acted); `task` is the task as the event left it. Returns the rows written."""
    notice = NOTICE.get(event.kind)
    if notice is None:
        return 0
    kind, who = notice
    if who == "lead":
        unit_id = event.unit_id if event.kind == EventKind.LEAD_CHANGED else None
        unit_id = unit_id or task.current_lead_unit_id
        people = recipients_of_unit([unit_id]).get(unit_id, [])
    else:
        unit_id = task.assigner_id
        people = office_of_assigners([unit_id]).get(unit_id, [])
    return enqueue_many(
        Item(
            kind=kind,
            recipient_id=person,
            task_id=task.pk,
            event_id=event.pk,
            key=f"event-{event.pk}",
            data={"event_kind": event.kind},
        )
        for person in people
        if person != event.actor_id
    )
