"""The counting rules of RULES.md, as pure functions over a task's history. No Django import.

A task's history is its assignment (date, original deadline, lead unit) and its events, each with
the date it takes effect and its place in the order of recording. Everything a report needs about
a task on a day R is computed from the events effective on or before R, so adding events effective
after R never changes a report as of R.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any


class Kind(enum.StrEnum):
    """Kinds of task events. Values are stored in the database; never rename one."""

    ASSIGNED = "assigned"
    ACKNOWLEDGED = "acknowledged"
    PROGRESS = "progress"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_APPROVED = "extension_approved"
    EXTENSION_REFUSED = "extension_refused"
    COMPLETION_REPORTED = "completion_reported"
    COMPLETION_CONFIRMED = "completion_confirmed"
    COMPLETION_RETURNED = "completion_returned"
    CANCELLED = "cancelled"
    LEAD_CHANGED = "lead_changed"
    DEADLINE_CORRECTED = "deadline_corrected"
    DETAILS_CORRECTED = "details_corrected"  # title, document, units…: no effect on the counting
    CHASED = "chased"  # the assigner's office urges the lead unit on (đôn đốc): no effect either


class Bucket(enum.StrEnum):
    """Where a counted task falls on a day: three completed classes, three open ones."""

    AHEAD = "ahead"
    ON_TIME = "on_time"
    LATE = "late"
    COMPLETED_NO_DEADLINE = "completed_no_deadline"
    WITHIN = "within"
    OVERDUE = "overdue"
    OPEN_NO_DEADLINE = "open_no_deadline"

    @property
    def completed(self) -> bool:
        return self in _COMPLETED


_COMPLETED = {Bucket.AHEAD, Bucket.ON_TIME, Bucket.LATE, Bucket.COMPLETED_NO_DEADLINE}
DEFAULT_DUE_SOON_DAYS = 5


@dataclass(frozen=True)
class Event:
    kind: Kind
    on: dt.date  # the date it takes effect
    seq: int = 0  # order of recording, to order events effective on the same day
    deadline: dt.date | None = None  # approved extension or corrected deadline (None: no deadline)
    unit: int | None = None  # the new lead unit of LEAD_CHANGED


@dataclass(frozen=True)
class History:
    assigned_on: dt.date
    deadline: dt.date | None  # the original deadline D0; None for a standing task
    lead_unit: int
    events: tuple[Event, ...] = field(default=())

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.events, key=lambda e: (e.on, e.seq)))
        object.__setattr__(self, "events", ordered)

    def until(self, day: dt.date) -> Iterable[Event]:
        for event in self.events:
            if event.on > day:
                return
            yield event


@dataclass(frozen=True)
class State:
    """What the events effective on or before a day say about a task on that day."""

    day: dt.date
    deadline: dt.date | None  # D(day)
    lead_unit: int
    cancelled_on: dt.date | None
    completed_on: dt.date | None  # C of the confirmed, unreturned completion report
    confirmed_on: dt.date | None
    reported_on: dt.date | None  # C of a completion report awaiting confirmation
    extension_pending_since: dt.date | None

    @property
    def cancelled(self) -> bool:
        return self.cancelled_on is not None

    @property
    def completed(self) -> bool:
        return self.completed_on is not None


class _Fold:
    """What a history's events say so far, as they are applied one by one in their order."""

    __slots__ = ("cancelled_on", "completed_on", "confirmed_on", "deadline", "extension_since",
                 "lead", "reported_on")  # fmt: skip

    def __init__(self, history: History) -> None:
        self.deadline = history.deadline
        self.lead = history.lead_unit
        self.cancelled_on: dt.date | None = None
        self.completed_on: dt.date | None = None
        self.confirmed_on: dt.date | None = None
        self.reported_on: dt.date | None = None
        self.extension_since: dt.date | None = None

    def apply(self, event: Event) -> None:
        match event.kind:
            case Kind.EXTENSION_APPROVED | Kind.DEADLINE_CORRECTED:
                self.deadline = event.deadline
                if event.kind == Kind.EXTENSION_APPROVED:
                    self.extension_since = None
            case Kind.EXTENSION_REQUESTED:
                self.extension_since = event.on
            case Kind.EXTENSION_REFUSED:
                self.extension_since = None
            case Kind.COMPLETION_REPORTED:
                self.reported_on = event.on
            case Kind.COMPLETION_CONFIRMED if self.reported_on is not None:
                self.completed_on, self.confirmed_on = self.reported_on, event.on
                self.reported_on = None
            case Kind.COMPLETION_RETURNED:
                # A return reopens the task, whether the report was confirmed already or not.
                self.completed_on = self.confirmed_on = self.reported_on = None
            case Kind.CANCELLED:
                self.cancelled_on = event.on
            case Kind.LEAD_CHANGED if event.unit is not None:
                self.lead = event.unit

    def state(self, day: dt.date) -> State:
        return State(day, self.deadline, self.lead, self.cancelled_on, self.completed_on,
                     self.confirmed_on, self.reported_on, self.extension_since)  # fmt: skip


def state_on(history: History, day: dt.date) -> State:
    fold = _Fold(history)
    for event in history.until(day):
        fold.apply(event)
    return fold.state(day)


def deadline_on(history: History, day: dt.date) -> dt.date | None:
    """D(day): the deadline of the latest extension (or correction) effective on or before `day`."""
    return state_on(history, day).deadline


@dataclass(frozen=True)
class Classification:
    as_of: dt.date
    state: State
    bucket: Bucket | None  # None when cancelled
    due_soon: bool = False
    awaiting_confirmation: bool = False
    days_overdue: int = 0
    completion_deadline: dt.date | None = None  # D(C) for a completed task

    @property
    def cancelled(self) -> bool:
        return self.bucket is None

    @property
    def completed(self) -> bool:
        return self.bucket is not None and self.bucket.completed

    @property
    def standing(self) -> Standing:
        return Standing(
            self.bucket,
            self.state.deadline,
            due_soon=self.due_soon,
            awaiting_confirmation=self.awaiting_confirmation,
            days_overdue=self.days_overdue,
        )


@dataclass(frozen=True)
class Standing:
    """A task on a day R as its badge shows it: its class (None when cancelled), the deadline in
    force D(R) and, open, whether it is due soon, awaits confirmation or by how many days it is
    overdue. `Classification.standing` reads it off the history; `standing` off the one span that
    covers R, which is what a list of tasks uses."""

    bucket: Bucket | None
    deadline: dt.date | None
    due_soon: bool = False
    awaiting_confirmation: bool = False
    days_overdue: int = 0


def _open(deadline: dt.date | None, day: dt.date, awaiting: bool, due_soon_days: int) -> Standing:
    if deadline is None:
        return Standing(Bucket.OPEN_NO_DEADLINE, None, awaiting_confirmation=awaiting)
    if day <= deadline:
        soon = (deadline - day).days <= due_soon_days
        return Standing(Bucket.WITHIN, deadline, due_soon=soon, awaiting_confirmation=awaiting)
    overdue = (day - deadline).days
    return Standing(Bucket.OVERDUE, deadline, awaiting_confirmation=awaiting, days_overdue=overdue)


def classify(
    history: History, as_of: dt.date, *, due_soon_days: int = DEFAULT_DUE_SOON_DAYS
) -> Classification:
    state = state_on(history, as_of)
    if state.cancelled:
        return Classification(as_of, state, None)
    if state.completed_on is not None:
        promised = deadline_on(history, state.completed_on)
        bucket = _completed_bucket(state.completed_on, promised)
        return Classification(as_of, state, bucket, completion_deadline=promised)
    open_ = _open(state.deadline, as_of, state.reported_on is not None, due_soon_days)
    return Classification(
        as_of,
        state,
        open_.bucket,
        due_soon=open_.due_soon,
        awaiting_confirmation=open_.awaiting_confirmation,
        days_overdue=open_.days_overdue,
    )


def _completed_bucket(completed_on: dt.date, promised: dt.date | None) -> Bucket:
    """The class of a task completed (reported done) on C, judged by D(C) = `promised`."""
    if promised is None:
        return Bucket.COMPLETED_NO_DEADLINE
    if completed_on < promised:
        return Bucket.AHEAD
    if completed_on == promised:
        return Bucket.ON_TIME
    return Bucket.LATE


def is_completed_on(history: History, day: dt.date) -> bool:
    return state_on(history, day).completed


# --- Spans: a history cut where its state changes -----------------------------------------------


class Phase(enum.IntEnum):
    """What a span says about a task, whatever the day in it. Values are stored; never renumber."""

    OPEN = 0
    AHEAD = 1
    ON_TIME = 2
    LATE = 3
    COMPLETED_NO_DEADLINE = 4
    CANCELLED = 9


PHASE_OF_BUCKET = {
    Bucket.AHEAD: Phase.AHEAD,
    Bucket.ON_TIME: Phase.ON_TIME,
    Bucket.LATE: Phase.LATE,
    Bucket.COMPLETED_NO_DEADLINE: Phase.COMPLETED_NO_DEADLINE,
}
BUCKET_OF_PHASE = {phase: bucket for bucket, phase in PHASE_OF_BUCKET.items()}
FOREVER = dt.date.max  # the end of a task's last span


@dataclass(frozen=True)
class Span:
    """Days [start, end) over which the state the rules read stays the same.

    On any day R of the span a task is cancelled, or completed in the class `phase` names, or open
    with the deadline in force `deadline`, so within / overdue / due soon on R are comparisons of
    R with `deadline`: a report as of any day is a range predicate over spans.
    """

    start: dt.date
    end: dt.date
    lead_unit: int
    deadline: dt.date | None
    phase: Phase
    awaiting: bool  # open, with a completion report awaiting confirmation


def spans(history: History) -> list[Span]:
    """The history's spans from its assignment on, in order; the last one ends at FOREVER.

    The state only changes on days when events take effect, so the spans start on those days.
    Each day's class is `classify`'s, with the events applied once, in order, rather than again
    for every day (an import cuts a hundred thousand histories).
    """
    events = history.events
    fold = _Fold(history)
    deadline_after: dict[dt.date, dt.date | None] = {}  # D(day) of each day passed
    out: list[Span] = []
    applied = 0
    for day in sorted({history.assigned_on, *(e.on for e in events)}):
        while applied < len(events) and events[applied].on <= day:
            fold.apply(events[applied])
            applied += 1
        deadline_after[day] = fold.deadline
        if day < history.assigned_on:
            continue
        if fold.cancelled_on is not None:
            phase, awaiting = Phase.CANCELLED, False
        elif fold.completed_on is not None:
            bucket = _completed_bucket(fold.completed_on, deadline_after[fold.completed_on])
            phase, awaiting = PHASE_OF_BUCKET[bucket], False
        else:
            phase, awaiting = Phase.OPEN, fold.reported_on is not None
        if out:
            last = out[-1]
            if (last.lead_unit, last.deadline, last.phase, last.awaiting) == (
                fold.lead,
                fold.deadline,
                phase,
                awaiting,
            ):
                continue  # the same state: the span goes on
            out[-1] = Span(
                last.start, day, last.lead_unit, last.deadline, last.phase, last.awaiting
            )
        out.append(Span(day, FOREVER, fold.lead, fold.deadline, phase, awaiting))
    return out


def standing(span: Span, day: dt.date, *, due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Standing:
    """The task's standing on `day`, a day of `span`: `classify(history, day).standing`."""
    if span.phase == Phase.CANCELLED:
        return Standing(None, span.deadline)
    if span.phase != Phase.OPEN:
        return Standing(BUCKET_OF_PHASE[span.phase], span.deadline)
    return _open(span.deadline, day, span.awaiting, due_soon_days)


# --- Figures ------------------------------------------------------------------------------------


@dataclass
class Completed:
    """The completed tasks of a block, by timeliness (RULES.md "Completed")."""

    total: int = 0
    ahead: int = 0
    on_time: int = 0
    late: int = 0
    no_deadline: int = 0


@dataclass
class Open:
    """The open tasks of a block, by their class on R; due_soon and awaiting_confirmation are
    "of which" counts, parts of the others."""

    total: int = 0
    within: int = 0
    overdue: int = 0
    no_deadline: int = 0
    due_soon: int = 0
    awaiting_confirmation: int = 0


@dataclass
class Block:
    """The counts of one block of a report (the period's, or the carried over's), with the names
    and in the order of RULES.md: `as_json()` is that part of the RULES.md object."""

    assigned: int = 0
    completed: Completed = field(default_factory=Completed)
    open: Open = field(default_factory=Open)

    def add(self, c: Classification) -> None:
        if c.bucket is None:
            raise ValueError("a cancelled task is not counted")
        self.assigned += 1
        # A bucket is named as its figure ("completed_no_deadline"); inside the completed or open
        # part of a block the prefix goes ("no_deadline").
        if c.bucket.completed:
            self.completed.total += 1
            name = c.bucket.value.removeprefix("completed_")
            setattr(self.completed, name, getattr(self.completed, name) + 1)
        else:
            self.open.total += 1
            name = c.bucket.value.removeprefix("open_")
            setattr(self.open, name, getattr(self.open, name) + 1)
            self.open.due_soon += c.due_soon
            self.open.awaiting_confirmation += c.awaiting_confirmation

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    """The period's figures, its cancelled count and the carried-over block, for one set of tasks.

    Each task is given once as (history, assigned_on); `add` decides which block it belongs to.
    """

    start: dt.date
    end: dt.date
    as_of: dt.date
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    period: Block = field(default_factory=Block)
    carried_over: Block = field(default_factory=Block)
    cancelled: int = 0

    def __post_init__(self) -> None:
        if self.as_of < self.start:
            raise ValueError("as_of must not be before the start of the period")

    def place(self, history: History) -> tuple[str, Classification] | None:
        """Which block a task falls in ("period", "cancelled" or "carried_over") and its class."""
        assigned = history.assigned_on
        if assigned > min(self.end, self.as_of):
            return None
        c = classify(history, self.as_of, due_soon_days=self.due_soon_days)
        if assigned >= self.start:
            return ("cancelled" if c.cancelled else "period"), c
        before = self.start - dt.timedelta(days=1)
        if c.cancelled or is_completed_on(history, before):
            return None
        return "carried_over", c

    def count(self, block: str, c: Classification) -> None:
        if block == "period":
            self.period.add(c)
        elif block == "cancelled":
            self.cancelled += 1
        else:
            self.carried_over.add(c)

    def add(self, history: History) -> tuple[str, Classification] | None:
        """Place a task and count it (for callers that need no further filter on the class)."""
        placed = self.place(history)
        if placed is not None:
            self.count(*placed)
        return placed

    def figures(self) -> dict[str, object]:
        """The RULES.md object without the report's labels (day, period, assigner, unit)."""
        return {
            **self.period.as_json(),
            "cancelled": self.cancelled,
            "carried_over": self.carried_over.as_json(),
        }
