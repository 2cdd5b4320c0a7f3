"""Reorganisations: units end on a day X and their successors take over what they had open.

RULES.md "Reorganisations" is the contract: each hand-over is a "lead unit changed" event effective
on X, the day the successors begin; the ending units' last day is X-1. A report as of R < X counts
a task under the old unit, as of R ≥ X under its successor.

A reorganisation is a `Plan`: the day X, the decision that ordered it, and mapping rows
`predecessor → successor`. Several rows for one predecessor split it (one to many); several
predecessors with the same successor merge (many to one); a row without a successor dissolves the
unit (nothing is handed over). A row that also names a task (its number or its external code)
says where that task goes when its lead (or coordinating) unit is split: the one-to-many rule.

`problems(plan, actor=)` gives every problem of the plan at once, keyed by row (0: the plan as a
whole); `preview(plan)` computes, writing nothing, what would move where and what cannot and why;
`apply(plan, actor=, submission=)` writes it all in one transaction, or nothing.

Decisions (README "The organisation tree"):
- X is not after today: like every event, a hand-over is recorded once it has taken effect.
- The successors exist before the reorganisation is recorded (created in the admin with
  `valid_from` = X); a mapping naming an unknown code is a row error. The predecessors must exist
  on X-1 and not have ended on another day; their end (`valid_to` = X-1) is written here, with
  their `successor` when there is exactly one. A predecessor's sub-units that would outlive it must
  be in the plan too (each row of its own).
- Every hand-over goes through the task services (tasks.services.record), checked as the system
  (`as_system`: the decision, not a person acting on the assigner's side, moves the task; the
  event names who recorded the reorganisation as its actor), so the
  same rules apply as to a change of lead made by hand: the successor must lie under the task's
  assigner and exist on X, the assigner must still exist on X. A task whose assigner ends with the
  reorganisation (a district's tasks to its divisions) cannot move: it is listed with the reason,
  and no new counting rule is made up for it.
- A coordinating role moves by a details correction effective on X (the event keeps the old list;
  the figures read only the lead unit, so they are not affected).
- Users of an ending unit move to its successor, keeping their role, when it has exactly one;
  otherwise they are listed for the administrator to move by hand.
- The reorganisation keeps who recorded it; each hand-over event says which reorganisation made
  it, and a `Handover` row links them for the page "what was done".
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dondoc.accounts.models import User
from dondoc.core.dates import format_date, parse_date, range_problem, replaying, today
from dondoc.core.submissions import once
from dondoc.core.validators import text_problem
from dondoc.organisations.access import can_view_unit
from dondoc.organisations.models import (
    Handover,
    HandoverKind,
    Reorganisation,
    ReorganisationLink,
    Unit,
)
from dondoc.organisations.selectors import units_named
from dondoc.registers.columns import Column
from dondoc.registers.reader import STRAY, Cell, RegisterFileError, RegisterReader
from dondoc.tasks import services
from dondoc.tasks.actions import Facts
from dondoc.tasks.models import Status, Task

_DAY = dt.timedelta(days=1)
DECISION_LIMIT = Reorganisation._meta.get_field("decision").max_length or 200
CODE_LIMIT = 200  # a unit code or a task's code in a mapping row: no longer than these are
PLAN = 0  # the key of problems about the plan as a whole (its day, its decision)

Problems = dict[int, list[str]]


@dataclass(frozen=True)
class Row:
    """One mapping row as given: unit codes, and a task (number or external code) for a split."""

    line: int  # its row number (in the file, or in the form's list)
    predecessor: str
    successor: str = ""
    task: str = ""


@dataclass(frozen=True, kw_only=True)
class Plan:
    on: dt.date  # X: the successors' first day
    rows: tuple[Row, ...]
    decision: str = ""
    note: str = ""

    def with_choices(self, predecessor: str, successor: str, tasks: list[str]) -> Plan:
        """The plan with `tasks` of a split `predecessor` given to `successor` (the preview's
        bulk choice): one rule row each, replacing an earlier choice for the same task."""
        chosen = set(tasks)
        kept = [r for r in self.rows if not (r.predecessor == predecessor and r.task in chosen)]
        line = max((r.line for r in kept), default=0)
        added = [Row(line + n + 1, predecessor, successor, t) for n, t in enumerate(tasks)]
        return replace(self, rows=(*kept, *added))


@dataclass(frozen=True)
class Item:
    """A task role of an ending unit: where it goes (`to`; None: not decided) and, when it
    cannot go, why (`problems`)."""

    task: Task
    role: HandoverKind
    to: Unit | None
    problems: tuple[str, ...] = ()

    @property
    def moves(self) -> bool:
        return self.to is not None and not self.problems

    @property
    def undecided(self) -> bool:
        """The unit is split and the user has not said which successor takes this task."""
        return self.to is None and not self.problems


@dataclass
class Ending:
    """One ending unit in a preview: its successors, its open tasks and its people."""

    unit: Unit
    successors: list[Unit]
    items: list[Item] = field(default_factory=list)
    members: list[tuple[User, Unit | None]] = field(default_factory=list)

    @property
    def led(self) -> list[Item]:
        return [i for i in self.items if i.role == HandoverKind.LEAD]

    @property
    def coordinated(self) -> list[Item]:
        return [i for i in self.items if i.role == HandoverKind.COORDINATING]

    @property
    def undecided(self) -> list[Item]:
        return [i for i in self.items if i.undecided]


@dataclass
class Preview:
    plan: Plan
    endings: list[Ending]

    def items(self) -> list[Item]:
        return [i for e in self.endings for i in e.items]

    @property
    def ahead(self) -> bool:
        """The plan takes effect after today: shown as it will be, applied from its day."""
        return self.plan.on > today()

    @property
    def moving(self) -> int:
        return sum(i.moves for i in self.items())

    @property
    def blocked(self) -> int:
        return sum(bool(i.problems) for i in self.items())

    @property
    def undecided(self) -> int:
        return sum(i.undecided for i in self.items())


# --- Reading the plan ---------------------------------------------------------------------------


@dataclass
class _Resolved:
    successors: dict[Unit, list[Unit]]  # ending unit → its successors (empty: dissolved)
    rules: dict[int, Unit]  # task id → the successor chosen for it


def _add(problems: Problems, key: int, message: str) -> None:
    problems.setdefault(key, []).append(message)


def _task_by(reference: str) -> Task | None:
    reference = reference.strip()
    found = Task.objects.filter(external_code=reference)
    if reference.isdigit() and int(reference) < 2**63:  # an id a row can have
        found = Task.objects.filter(Q(pk=int(reference)) | Q(external_code=reference))
    return found.select_related("current_lead_unit").first()


def _resolve(plan: Plan, actor: User | None) -> tuple[_Resolved, Problems]:
    problems: Problems = {}
    on, last = plan.on, plan.on - _DAY
    if problem := range_problem(on):
        _add(problems, PLAN, _("Ngày hiệu lực: %(problem)s.") % {"problem": problem})
    elif on > today():
        _add(problems, PLAN, _("Ngày hiệu lực không được sau ngày hôm nay: việc bàn giao được ghi nhận khi đã có hiệu lực."))  # fmt: skip
    if problem := text_problem(plan.decision, limit=DECISION_LIMIT):
        _add(problems, PLAN, _("Văn bản quyết định: %(problem)s") % {"problem": problem})
    if problem := text_problem(plan.note, limit=2000):
        _add(problems, PLAN, _("Ghi chú: %(problem)s") % {"problem": problem})
    if not plan.rows:
        _add(problems, PLAN, _("Phương án chưa có dòng nào: hãy nêu đơn vị kết thúc và đơn vị kế nhiệm."))  # fmt: skip
    unfit = set()
    for row in plan.rows:  # a cell no code can be (a NUL, a page of text) is said, not looked up
        for cell in (row.predecessor, row.successor, row.task):
            if problem := text_problem(cell, limit=CODE_LIMIT):
                _add(problems, row.line, problem)
                unfit.add(row.line)
    rows = [r for r in plan.rows if r.line not in unfit]
    cells = {r.predecessor.strip() for r in rows} | {r.successor.strip() for r in rows}
    known = set(Unit.objects.filter(code__in=cells - {""}).values_list("code", flat=True))
    rows = [r for r in (_by_code(r, on, known, problems, actor) for r in rows) if r is not None]
    codes = {r.predecessor.strip() for r in rows} | {r.successor.strip() for r in rows}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes - {""})}
    successors: dict[Unit, list[Unit]] = {}
    dissolved: dict[Unit, int] = {}
    rules: dict[int, Unit] = {}
    rule_lines: dict[int, int] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        key = (row.predecessor.strip(), row.successor.strip(), row.task.strip())
        if key in seen:
            _add(problems, row.line, _("Trùng với dòng %(line)s.") % {"line": seen[key]})
            continue
        seen[key] = row.line
        before = _unit(units, key[0], row.line, problems, actor, _("Đơn vị cũ"))
        after = _unit(units, key[1], row.line, problems, actor, _("Đơn vị kế nhiệm")) if key[1] else None  # fmt: skip
        if before is None:
            continue
        earlier = ReorganisationLink.objects.filter(predecessor=before).first()
        if earlier is not None:
            _add(problems, row.line, _("%(unit)s đã kết thúc trong lần sắp xếp tổ chức số %(id)s.") % {"unit": before.short_name, "id": earlier.reorganisation_id})  # fmt: skip
        elif before.valid_to is not None and before.valid_to != last:
            _add(problems, row.line, _("%(unit)s đã kết thúc hoạt động từ ngày %(day)s.") % {"unit": before.short_name, "day": format_date(before.valid_to + _DAY)})  # fmt: skip
        elif not before.is_valid_on(last):
            _add(problems, row.line, _("%(unit)s không hoạt động vào ngày %(day)s (ngày trước ngày hiệu lực).") % {"unit": before.short_name, "day": format_date(last)})  # fmt: skip
        listed = successors.setdefault(before, [])
        if after is None and key[1]:
            continue
        if after is None:
            dissolved.setdefault(before, row.line)
        elif after == before:
            _add(problems, row.line, _("Một đơn vị không thể kế nhiệm chính nó."))
        elif not after.is_valid_on(on):
            _add(problems, row.line, _("%(unit)s không hoạt động vào ngày hiệu lực %(day)s.") % {"unit": after.short_name, "day": format_date(on)})  # fmt: skip
        elif after not in listed:
            listed.append(after)
        if key[2] and after is not None:
            task = _task_by(key[2])
            if task is None:
                _add(problems, row.line, _("Cột “Nhiệm vụ”: không có nhiệm vụ số hoặc mã “%(ref)s”.") % {"ref": key[2]})  # fmt: skip
            elif task.pk in rules:
                _add(problems, row.line, _("Nhiệm vụ “%(ref)s” đã được phân ở dòng %(line)s.") % {"ref": key[2], "line": rule_lines[task.pk]})  # fmt: skip
            else:
                rules[task.pk], rule_lines[task.pk] = after, row.line
        elif key[2]:
            _add(problems, row.line, _("Dòng phân nhiệm vụ phải nêu đơn vị kế nhiệm nhận nhiệm vụ."))  # fmt: skip
    for unit, line in dissolved.items():
        if successors[unit]:
            _add(problems, line, _("%(unit)s vừa có đơn vị kế nhiệm vừa bị giải thể: hãy bỏ dòng không có đơn vị kế nhiệm.") % {"unit": unit.short_name})  # fmt: skip
    ending = set(successors)
    first_line: dict[str, int] = {}
    for row in rows:
        first_line.setdefault(row.predecessor.strip(), row.line)
    for unit, heirs in successors.items():
        line = first_line[unit.code]
        if ending & set(heirs):
            names = ", ".join(u.short_name for u in heirs if u in ending)
            _add(problems, line, _("Đơn vị kế nhiệm không được là đơn vị cũng kết thúc: %(units)s.") % {"units": names})  # fmt: skip
        outliving = [
            u.short_name
            for u in Unit.objects.within(unit).exclude(pk=unit.pk).order_by("path")
            if u not in ending and (u.valid_to is None or u.valid_to > plan.on - _DAY)
        ]
        if outliving:
            _add(problems, line, _("Các đơn vị trực thuộc %(unit)s còn hoạt động sau ngày %(day)s, hãy đưa vào phương án: %(units)s.") % {"unit": unit.short_name, "day": format_date(last), "units": ", ".join(outliving)})  # fmt: skip
    for task_id, after in rules.items():
        line = rule_lines[task_id]
        task = Task.objects.select_related("current_lead_unit").get(pk=task_id)
        roles = {task.current_lead_unit} | set(task.coordinating_units.all())
        splits = [u for u in roles if u in successors and after in successors[u]]
        if not splits:
            _add(problems, line, _("Nhiệm vụ số %(id)s không do đơn vị cũ của dòng này chủ trì hoặc phối hợp, hoặc đơn vị được chọn không kế nhiệm đơn vị đó.") % {"id": task_id})  # fmt: skip
        elif task.current_status != Status.OPEN:
            _add(problems, line, _("Nhiệm vụ số %(id)s không còn đang thực hiện: không cần bàn giao.") % {"id": task_id})  # fmt: skip
    return _Resolved(successors, rules), problems


def _unit(
    units: dict[str, Unit],
    code: str,
    line: int,
    problems: Problems,
    actor: User | None,
    column: str,
) -> Unit | None:
    unit = units.get(code)
    if not code:
        _add(problems, line, _("Cột “%(column)s”: hãy nhập mã hoặc tên đơn vị.") % {"column": column})  # fmt: skip
    elif unit is None:
        _add(problems, line, _("Cột “%(column)s”: không có đơn vị mã hoặc tên “%(code)s”.") % {"column": column, "code": code})  # fmt: skip
    elif actor is not None and not can_view_unit(actor, unit):
        _add(problems, line, _("Cột “%(column)s”: bạn không có quyền sắp xếp %(unit)s.") % {"column": column, "unit": unit.short_name})  # fmt: skip
        return None
    return unit


def _by_code(
    row: Row, on: dt.date, known: set[str], problems: Problems, actor: User | None
) -> Row | None:
    """`row` with the units it names by name, as officials write them ("UBND xã Đồng Đăng",
    "so tai chinh"), named by their codes (`known`: the codes among the plan's cells). None (and
    a problem) when a name fits several."""
    codes: list[str] = []
    for text, column, successor in ((row.predecessor.strip(), _("Đơn vị cũ"), False), (row.successor.strip(), _("Đơn vị kế nhiệm"), True)):  # fmt: skip
        if not text or text in known:
            codes.append(text)
            continue
        named = _named(text, on, successor=successor, actor=actor)
        if len(named) > 1:
            _add(problems, row.line, _("Cột “%(column)s”: nhiều đơn vị tên “%(text)s”; hãy ghi mã đơn vị (%(codes)s).") % {"column": column, "text": text, "codes": ", ".join(u.code for u in named)})  # fmt: skip
            return None
        codes.append(named[0].code if named else text)
    return replace(row, predecessor=codes[0], successor=codes[1])


def _named(text: str, on: dt.date, *, successor: bool, actor: User | None) -> list[Unit]:
    """The units named `text`, looked for first where the plan's unit must be: a successor among
    the units that begin on `on` (a merged commune often keeps one old commune's name, and the
    old one has not ended yet), then those of `on`; an ending unit among those of the day before;
    then any. Of several, those the user's scope holds, when it holds some."""
    pools = [Unit.objects.filter(valid_from=on), Unit.objects.valid_on(on)] if successor else [Unit.objects.valid_on(on - _DAY)]  # fmt: skip
    for pool in [*pools, Unit.objects.all()]:
        named = units_named(pool, text)
        if actor is not None and len(named) > 1:
            named = [u for u in named if can_view_unit(actor, u)] or named
        if named:
            return named
    return []


def problems(plan: Plan, *, actor: User | None) -> Problems:
    """Every problem with `plan`, by row number (PLAN: the plan as a whole); empty when none."""
    return _resolve(plan, actor)[1]


# --- What would move ----------------------------------------------------------------------------


def _reason(plan: Plan, ending: Unit, to: Unit) -> str:
    text = _("Bàn giao do sắp xếp tổ chức: %(old)s kết thúc hoạt động, %(new)s tiếp nhận từ ngày %(day)s.") % {"old": ending.short_name, "new": to.short_name, "day": format_date(plan.on)}  # fmt: skip
    return f"{text} ({plan.decision.strip()})" if plan.decision.strip() else text


def _messages(errors: services.Errors) -> tuple[str, ...]:
    return tuple(m for key in (NON_FIELD_ERRORS, *sorted(errors.keys() - {NON_FIELD_ERRORS})) for m in errors.get(key, []))  # fmt: skip


def _with_end(unit: Unit, ending: dict[int, Unit]) -> Unit:
    """The unit as it will be once the plan is written (an ending unit ended on X-1)."""
    return ending.get(unit.pk, unit)


def _preview(plan: Plan, resolved: _Resolved) -> Preview:
    last = plan.on - _DAY
    ending: dict[int, Unit] = {}
    for unit in resolved.successors:
        ended = copy.copy(unit)
        ended.valid_to = last  # checked as it will be: ended on X-1
        ending[unit.pk] = ended
    endings = {pk: Ending(unit, resolved.successors[unit]) for pk, unit in ((u.pk, u) for u in resolved.successors)}  # fmt: skip
    led = (
        Task.objects.filter(current_status=Status.OPEN, current_lead_unit__in=list(ending))
        .select_related("assigner", "current_lead_unit", "parent")
        .order_by("current_deadline", "id")
    )
    new_lead: dict[int, Unit] = {}
    for task in led:
        task.assigner = _with_end(task.assigner, ending)
        pred = endings[task.current_lead_unit_id]
        to = pred.successors[0] if len(pred.successors) == 1 else resolved.rules.get(task.pk)
        found: tuple[str, ...] = ()
        if not pred.successors:
            found = (_("%(unit)s giải thể không có đơn vị kế nhiệm.") % {"unit": pred.unit.short_name},)  # fmt: skip
        elif task.assigned_on >= plan.on:
            found = (_("Nhiệm vụ được giao ngày %(day)s, sau ngày cuối hoạt động của %(unit)s: hãy giao lại cho đơn vị đang hoạt động.") % {"day": format_date(task.assigned_on), "unit": pred.unit.short_name},)  # fmt: skip
        elif to is not None:
            change = services.ChangeLead(unit=to, on=plan.on, reason=_reason(plan, pred.unit, to))
            found = _messages(services.check(change, facts=Facts.of(task), actor=None))
        if to is not None and not found:
            new_lead[task.pk] = to
        pred.items.append(Item(task, HandoverKind.LEAD, to, found))
    coordinated = (
        Task.objects.filter(current_status=Status.OPEN, coordinating_units__in=list(ending))
        .distinct()
        .select_related("assigner", "current_lead_unit", "parent")
        .prefetch_related("coordinating_units")
        .order_by("current_deadline", "id")
    )
    for task in coordinated:
        task.assigner = _with_end(task.assigner, ending)
        for unit in task.coordinating_units.all():
            if unit.pk not in ending:
                continue
            pred = endings[unit.pk]
            to = pred.successors[0] if len(pred.successors) == 1 else resolved.rules.get(task.pk)
            found = ()
            if not pred.successors:
                found = (_("%(unit)s giải thể không có đơn vị kế nhiệm: không ai phối hợp thay.") % {"unit": unit.short_name},)  # fmt: skip
            elif to is not None:
                correction = _coordinating_change(plan, task, resolved, new_lead)
                if correction is not None:
                    errors = services.check(correction, facts=Facts.of(task), actor=None)
                    found = _messages(errors)
            pred.items.append(Item(task, HandoverKind.COORDINATING, to, found))
    members = User.objects.filter(unit__in=list(ending), is_active=True).order_by("full_name")
    for user in members:
        pred = endings[user.unit_id]  # type: ignore[index]
        pred.members.append((user, pred.successors[0] if len(pred.successors) == 1 else None))
    return Preview(plan, list(endings.values()))


def _coordinating_change(
    plan: Plan, task: Task, resolved: _Resolved, new_lead: dict[int, Unit]
) -> services.CorrectDetails | None:
    """The one correction of `task`'s coordinating units that the plan makes (None: none)."""
    old = list(task.coordinating_units.all())
    lead = new_lead.get(task.pk, task.current_lead_unit)
    new: list[Unit] = []
    for unit in old:
        after = resolved.successors.get(unit)
        if after is None:
            mapped: Unit | None = unit
        elif len(after) == 1:
            mapped = after[0]
        else:  # dissolved, or split with no choice for this task: it stays
            mapped = resolved.rules.get(task.pk, unit) if after else unit
        if mapped is not None and mapped != lead and mapped not in new:
            new.append(mapped)
    if new == old:
        return None
    endings = [u for u in old if u in resolved.successors]
    reason = _("Sắp xếp tổ chức từ ngày %(day)s: %(units)s kết thúc hoạt động, đơn vị kế nhiệm phối hợp thay.") % {"day": format_date(plan.on), "units": ", ".join(u.short_name for u in endings)}  # fmt: skip
    if plan.decision.strip():
        reason += f" ({plan.decision.strip()})"
    return services.CorrectDetails(changes={"coordinating_units": new}, on=plan.on, reason=reason)


def preview(plan: Plan, *, actor: User | None) -> tuple[Preview | None, Problems]:
    """What `plan` would move and what it cannot, writing nothing; None with the plan's problems
    when it has any. A plan for a later day (an office prepares a reform before it takes effect)
    is checked as it will be on that day (`Preview.ahead`); it is applied from that day."""
    with replaying(plan.on) if plan.on > today() else nullcontext():
        resolved, found = _resolve(plan, actor)
        if found:
            return None, found
        return _preview(plan, resolved), {}


# --- Writing it ---------------------------------------------------------------------------------


class PlanRefused(ValidationError):
    """The plan has problems (`problems`, by row); nothing was written."""

    def __init__(self, problems: Problems) -> None:
        super().__init__([m for messages in problems.values() for m in messages])
        self.problems = problems


def apply(plan: Plan, *, actor: User | None, submission: str | None = None) -> Reorganisation:
    """Write `plan`: the ending units end on X-1, every task that can move is handed over by an
    event effective on X, coordinating roles and users follow; all of it or nothing. A form sent
    twice (`submission`) gives back the first reorganisation (core/submissions.Resubmitted)."""

    def write() -> Reorganisation:
        resolved, found = _resolve(plan, actor)
        if found:
            raise PlanRefused(found)
        shown = _preview(plan, resolved)
        reorganisation = Reorganisation.objects.create(
            effective_on=plan.on,
            decision=plan.decision.strip(),
            note=plan.note.strip(),
            recorded_by=actor,
        )
        last = plan.on - _DAY
        for unit, after in resolved.successors.items():
            links = [ReorganisationLink(reorganisation=reorganisation, predecessor=unit, successor=s) for s in after]  # fmt: skip
            ReorganisationLink.objects.bulk_create(
                links or [ReorganisationLink(reorganisation=reorganisation, predecessor=unit)]
            )
            unit.valid_to = last
            unit.successor = after[0] if len(after) == 1 else unit.successor
            unit.save()
        new_lead: dict[int, Unit] = {}
        handovers: list[Handover] = []
        for ending in shown.endings:
            for item in ending.led:
                if item.to is None or item.problems:
                    continue
                change = services.ChangeLead(
                    unit=item.to, on=plan.on, reason=_reason(plan, ending.unit, item.to)
                )
                event = services.record(change, task=item.task, actor=actor, as_system=True)
                new_lead[item.task.pk] = item.to
                handovers.append(Handover(reorganisation=reorganisation, kind=HandoverKind.LEAD, from_unit=ending.unit, to_unit=item.to, task=item.task, event=event))  # fmt: skip
        coordinating: dict[int, list[tuple[Unit, Unit]]] = defaultdict(list)
        for ending in shown.endings:
            for item in ending.coordinated:
                if item.to is not None and not item.problems:
                    coordinating[item.task.pk].append((ending.unit, item.to))
        for task_id, moves in coordinating.items():
            task = Task.objects.get(pk=task_id)
            correction = _coordinating_change(plan, task, resolved, new_lead)
            if correction is None:
                continue
            event = services.record(correction, task=task, actor=actor, as_system=True)
            handovers += [Handover(reorganisation=reorganisation, kind=HandoverKind.COORDINATING, from_unit=old, to_unit=new, task=task, event=event) for old, new in moves]  # fmt: skip
        for ending in shown.endings:
            for user, to in ending.members:
                if to is None:
                    continue
                user.unit = to
                user.save(update_fields=["unit"])
                handovers.append(Handover(reorganisation=reorganisation, kind=HandoverKind.MEMBER, from_unit=ending.unit, to_unit=to, user=user))  # fmt: skip
        Handover.objects.bulk_create(handovers)
        return reorganisation

    with transaction.atomic():
        return once(submission, actor, write, kind=Reorganisation)


# --- Mapping files ------------------------------------------------------------------------------
#
# A mapping file (.xlsx or .csv, read by the register reader) has one row per mapping row. Every
# row carries the same day; the decision and note are read from the first row that gives them.

COLUMNS = (
    Column("on", "Ngày hiệu lực", is_date=True, required=True),
    Column("predecessor", "Đơn vị cũ", required=True),
    Column("successor", "Đơn vị kế nhiệm"),
    Column("task", "Nhiệm vụ"),
    Column("decision", "Văn bản"),
    Column("note", "Ghi chú"),
)
_HEADERS = {c.key: c.header for c in COLUMNS}


def _cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a task number typed in Excel
    return str(value).strip()


def _cell_day(value: Cell) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(_cell_text(value))


def plan_from_file(path: Path, *, name: str | None = None) -> tuple[Plan | None, Problems]:
    """The plan a mapping file gives (None when no row gives its day) and the file's problems by
    row (PLAN: the file as a whole). The plan itself is checked by `problems` afterwards."""
    found: Problems = {}
    rows: list[Row] = []
    days: dict[dt.date, int] = {}
    texts = {"decision": "", "note": ""}
    try:
        with RegisterReader(path, name=name, columns=COLUMNS) as reader:
            for number, cells in reader.rows():
                if STRAY in cells:
                    _add(found, number, _("Có ô ngoài các cột có tiêu đề: %(cells)s.") % {"cells": cells[STRAY]})  # fmt: skip
                try:
                    day = _cell_day(cells.get("on"))
                except ValueError as error:
                    _add(found, number, _("Cột “%(column)s”: %(problem)s") % {"column": _HEADERS["on"], "problem": error})  # fmt: skip
                else:
                    if days and day not in days:
                        first = next(iter(days))
                        _add(found, number, _("Cột “%(column)s”: mọi dòng phải cùng một ngày (dòng %(line)s ghi %(day)s).") % {"column": _HEADERS["on"], "line": days[first], "day": format_date(first)})  # fmt: skip
                    days.setdefault(day, number)
                for key in texts:
                    texts[key] = texts[key] or _cell_text(cells.get(key))
                rows.append(
                    Row(
                        number,
                        _cell_text(cells.get("predecessor")),
                        _cell_text(cells.get("successor")),
                        _cell_text(cells.get("task")),
                    )
                )
    except RegisterFileError as error:
        return None, {PLAN: error.messages}
    if not rows:
        _add(found, PLAN, _("Tệp không có dòng nào dưới dòng tiêu đề."))
    if not days:
        return None, found
    return Plan(on=next(iter(days)), rows=tuple(rows), **texts), found


def merged(*found: Problems) -> Problems:
    """Several lists of problems as one, by row."""
    out: Problems = {}
    for problems_ in found:
        for key, messages in problems_.items():
            out.setdefault(key, []).extend(messages)
    return out


def problem_lines(found: Problems) -> list[str]:
    """The problems as lines to show: "Dòng N: …" (the plan's own first)."""
    lines = []
    for key in sorted(found):
        for message in found[key]:
            lines.append(message if key == PLAN else _("Dòng %(line)s: %(message)s") % {"line": key, "message": message})  # fmt: skip
    return lines
