"""The counting rules of RULES.md, case by case, then as properties of random histories."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dondoc.tasks.rules import (
    FOREVER,
    PHASE_OF_BUCKET,
    Bucket,
    Event,
    History,
    Kind,
    Phase,
    Report,
    Span,
    classify,
    deadline_on,
    spans,
    standing,
)

D = dt.date
A = D(2020, 3, 2)  # assigned
D0 = D(2020, 4, 30)  # original deadline


def task(*events: Event, deadline: dt.date | None = D0, lead: int = 1) -> History:
    return History(assigned_on=A, deadline=deadline, lead_unit=lead, events=events)


def done(reported: dt.date, confirmed: dt.date | None = None) -> tuple[Event, Event]:
    return (
        Event(Kind.COMPLETION_REPORTED, reported, seq=10),
        Event(Kind.COMPLETION_CONFIRMED, confirmed or reported, seq=11),
    )


# --- The deadline in force ---


def test_the_deadline_in_force_is_the_original_until_an_extension_is_approved():
    history = task(Event(Kind.EXTENSION_APPROVED, D(2020, 4, 20), deadline=D(2020, 5, 31)))
    assert deadline_on(history, D(2020, 4, 19)) == D0
    assert deadline_on(history, D(2020, 4, 20)) == D(2020, 5, 31)


def test_the_latest_approved_extension_wins():
    history = task(
        Event(Kind.EXTENSION_APPROVED, D(2020, 4, 20), seq=1, deadline=D(2020, 5, 31)),
        Event(Kind.EXTENSION_APPROVED, D(2020, 5, 25), seq=2, deadline=D(2020, 6, 30)),
    )
    assert deadline_on(history, D(2020, 5, 24)) == D(2020, 5, 31)
    assert deadline_on(history, D(2020, 6, 1)) == D(2020, 6, 30)


def test_a_requested_or_refused_extension_changes_nothing():
    history = task(
        Event(Kind.EXTENSION_REQUESTED, D(2020, 4, 20), seq=1, deadline=D(2020, 5, 31)),
        Event(Kind.EXTENSION_REFUSED, D(2020, 4, 22), seq=2),
    )
    assert deadline_on(history, D(2020, 6, 1)) == D0


# --- Completed ---


def test_completed_on_the_deadline_day_is_on_time():
    assert classify(task(*done(D0)), D(2020, 6, 1)).bucket == Bucket.ON_TIME


def test_completed_before_the_deadline_is_ahead_and_after_it_is_late():
    assert classify(task(*done(D(2020, 4, 29))), D(2020, 6, 1)).bucket == Bucket.AHEAD
    assert classify(task(*done(D(2020, 5, 1))), D(2020, 6, 1)).bucket == Bucket.LATE


def test_timeliness_is_judged_on_the_report_date_not_the_confirmation_date():
    history = task(*done(D(2020, 4, 29), confirmed=D(2020, 5, 15)))
    assert classify(history, D(2020, 6, 1)).bucket == Bucket.AHEAD


def test_an_extension_approved_before_completion_makes_a_late_report_on_time():
    history = task(
        Event(Kind.EXTENSION_APPROVED, D(2020, 4, 25), deadline=D(2020, 5, 31)),
        *done(D(2020, 5, 20)),
    )
    assert classify(history, D(2020, 6, 1)).bucket == Bucket.AHEAD


def test_an_extension_approved_after_completion_does_not_excuse_it():
    history = task(
        *done(D(2020, 5, 20)),
        Event(Kind.EXTENSION_APPROVED, D(2020, 5, 25), deadline=D(2020, 5, 31)),
    )
    assert classify(history, D(2020, 6, 1)).bucket == Bucket.LATE


def test_a_task_is_not_completed_before_the_office_confirms_it():
    history = task(*done(D(2020, 4, 20), confirmed=D(2020, 4, 28)))
    before = classify(history, D(2020, 4, 25))
    assert before.bucket == Bucket.WITHIN and before.awaiting_confirmation
    assert classify(history, D(2020, 4, 28)).bucket == Bucket.AHEAD


def test_a_report_awaiting_confirmation_past_the_deadline_is_overdue_and_flagged():
    history = task(Event(Kind.COMPLETION_REPORTED, D(2020, 4, 29)))
    c = classify(history, D(2020, 5, 3))
    assert (c.bucket, c.awaiting_confirmation, c.days_overdue) == (Bucket.OVERDUE, True, 3)


def test_a_return_after_confirmation_reopens_the_task():
    history = task(*done(D(2020, 4, 20)), Event(Kind.COMPLETION_RETURNED, D(2020, 4, 25), seq=20))
    assert classify(history, D(2020, 4, 24)).bucket == Bucket.AHEAD
    reopened = classify(history, D(2020, 4, 25))
    assert reopened.bucket == Bucket.WITHIN and not reopened.awaiting_confirmation
    assert classify(history, D(2020, 5, 2)).bucket == Bucket.OVERDUE


def test_after_a_return_a_new_confirmed_report_is_judged_on_its_own_date():
    history = task(
        *done(D(2020, 4, 20)),
        Event(Kind.COMPLETION_RETURNED, D(2020, 4, 25), seq=20),
        Event(Kind.COMPLETION_REPORTED, D(2020, 5, 5), seq=21),
        Event(Kind.COMPLETION_CONFIRMED, D(2020, 5, 6), seq=22),
    )
    assert classify(history, D(2020, 6, 1)).bucket == Bucket.LATE


def test_a_return_before_confirmation_clears_the_waiting_report():
    history = task(
        Event(Kind.COMPLETION_REPORTED, D(2020, 4, 20), seq=1),
        Event(Kind.COMPLETION_RETURNED, D(2020, 4, 21), seq=2),
    )
    c = classify(history, D(2020, 4, 22))
    assert c.bucket == Bucket.WITHIN and not c.awaiting_confirmation


# --- Open ---


def test_open_on_the_deadline_day_is_within_and_the_day_after_is_overdue():
    assert classify(task(), D0).bucket == Bucket.WITHIN
    c = classify(task(), D0 + dt.timedelta(days=1))
    assert (c.bucket, c.days_overdue) == (Bucket.OVERDUE, 1)


@pytest.mark.parametrize(("days_left", "soon"), [(0, True), (5, True), (6, False)])
def test_due_soon_is_within_the_window_of_the_deadline(days_left: int, soon: bool):
    c = classify(task(), D0 - dt.timedelta(days=days_left))
    assert c.bucket == Bucket.WITHIN and c.due_soon is soon


def test_the_due_soon_window_is_a_setting():
    assert classify(task(), D0 - dt.timedelta(days=8), due_soon_days=10).due_soon


def test_a_task_without_deadline_is_never_within_overdue_ahead_or_late():
    assert classify(task(deadline=None), D(2030, 1, 1)).bucket == Bucket.OPEN_NO_DEADLINE
    assert (
        classify(task(*done(D(2020, 5, 1)), deadline=None), D(2030, 1, 1)).bucket
        == Bucket.COMPLETED_NO_DEADLINE
    )


def test_a_cancelled_task_is_not_counted_from_its_cancellation_date():
    history = task(Event(Kind.CANCELLED, D(2020, 4, 10)))
    assert classify(history, D(2020, 4, 9)).bucket == Bucket.WITHIN
    assert classify(history, D(2020, 4, 10)).cancelled


def test_the_lead_unit_as_of_a_day_follows_lead_changes():
    history = task(Event(Kind.LEAD_CHANGED, D(2020, 4, 1), unit=2), lead=1)
    assert classify(history, D(2020, 3, 31)).state.lead_unit == 1
    assert classify(history, D(2020, 4, 1)).state.lead_unit == 2


def test_a_deadline_correction_applies_from_its_effective_date():
    history = task(Event(Kind.DEADLINE_CORRECTED, D(2020, 4, 5), deadline=D(2020, 4, 15)))
    assert deadline_on(history, D(2020, 4, 4)) == D0
    assert classify(history, D(2020, 4, 16)).bucket == Bucket.OVERDUE


# --- Reports: period, cancelled, carried over ---


def report(
    *histories: History, start=D(2020, 4, 1), end=D(2020, 6, 30), as_of=D(2020, 6, 19)
) -> dict:
    r = Report(start=start, end=end, as_of=as_of)
    for history in histories:
        r.add(history)
    return r.figures()


def test_tasks_assigned_in_the_period_are_counted_and_later_ones_are_not():
    inside = History(D(2020, 4, 1), D(2020, 7, 1), 1)
    after_as_of = History(D(2020, 6, 20), D(2020, 7, 1), 1)
    figures = report(inside, after_as_of)
    assert figures["assigned"] == 1 and figures["open"]["within"] == 1


def test_cancelled_tasks_are_counted_apart():
    figures = report(
        History(D(2020, 4, 1), D(2020, 7, 1), 1, (Event(Kind.CANCELLED, D(2020, 5, 1)),))
    )
    assert (figures["assigned"], figures["cancelled"]) == (0, 1)


def test_tasks_from_before_the_period_still_open_are_carried_over_apart():
    carried = History(D(2020, 3, 1), D(2020, 5, 1), 1)
    finished_before = History(D(2020, 3, 1), D(2020, 5, 1), 1, done(D(2020, 3, 20)))
    finished_during = History(D(2020, 3, 1), D(2020, 5, 1), 1, done(D(2020, 4, 20)))
    figures = report(carried, finished_before, finished_during)
    assert figures["assigned"] == 0
    block = figures["carried_over"]
    assert block["assigned"] == 2
    assert block["open"]["overdue"] == 1 and block["completed"]["ahead"] == 1


def test_a_report_cannot_be_taken_before_its_period_starts():
    with pytest.raises(ValueError):
        Report(start=D(2020, 1, 1), end=D(2020, 6, 30), as_of=D(2019, 12, 31))


# --- Properties ---

DAYS = st.dates(min_value=D(2020, 1, 1), max_value=D(2020, 12, 31))


@st.composite
def histories(draw) -> History:
    assigned = draw(DAYS)
    deadline = draw(st.one_of(st.none(), st.dates(min_value=assigned, max_value=D(2021, 6, 30))))
    kinds = st.sampled_from(list(Kind))
    events = []
    for seq in range(draw(st.integers(0, 8))):
        on = draw(st.dates(min_value=assigned, max_value=D(2021, 6, 30)))
        new_deadline = draw(
            st.one_of(st.none(), st.dates(min_value=assigned, max_value=D(2021, 12, 31)))
        )
        events.append(
            Event(draw(kinds), on, seq, deadline=new_deadline, unit=draw(st.integers(1, 3)))
        )
    return History(assigned, deadline, 1, tuple(events))


def _identities_hold(figures: dict) -> None:
    for block in (figures, figures["carried_over"]):
        done_, open_ = block["completed"], block["open"]
        assert block["assigned"] == done_["total"] + open_["total"]
        assert (
            done_["total"]
            == done_["ahead"] + done_["on_time"] + done_["late"] + done_["no_deadline"]
        )
        assert open_["total"] == open_["within"] + open_["overdue"] + open_["no_deadline"]
        assert open_["due_soon"] <= open_["within"]
        assert open_["awaiting_confirmation"] <= open_["total"]
        assert all(isinstance(v, int) and v >= 0 for v in [*done_.values(), *open_.values()])


@settings(max_examples=200)
@given(st.lists(histories(), max_size=12), DAYS, DAYS)
def test_the_identities_of_the_rules_hold_for_random_histories(tasks, start, as_of):
    start, as_of = min(start, as_of), max(start, as_of)
    _identities_hold(report(*tasks, start=start, end=D(2020, 12, 31), as_of=as_of))


@settings(max_examples=200)
@given(st.lists(histories(), max_size=8), DAYS, st.data())
def test_events_effective_after_the_report_day_never_change_it(tasks, as_of, data):
    before = report(*tasks, start=D(2020, 1, 1), end=D(2020, 12, 31), as_of=as_of)
    later_kind = st.sampled_from(list(Kind))
    extended = []
    for history in tasks:
        extra = tuple(
            Event(
                data.draw(later_kind),
                as_of + dt.timedelta(days=data.draw(st.integers(1, 90))),
                100 + i,
                deadline=data.draw(st.one_of(st.none(), DAYS)),
                unit=data.draw(st.integers(1, 3)),
            )
            for i in range(data.draw(st.integers(0, 3)))
        )
        extended.append(
            History(
                history.assigned_on, history.deadline, history.lead_unit, history.events + extra
            )
        )
    assert report(*extended, start=D(2020, 1, 1), end=D(2020, 12, 31), as_of=as_of) == before


# --- Spans: the same classes, read off stored state ---


def class_in_span(spans: list[Span], day: dt.date, window: int) -> tuple:
    """A task's class on `day` from the span covering it, the way the statistics SQL reads it."""
    (span,) = [s for s in spans if s.start <= day < s.end]
    if span.phase == Phase.CANCELLED:
        return (None, False, False)
    if span.phase != Phase.OPEN:
        bucket = {v: k for k, v in PHASE_OF_BUCKET.items()}[span.phase]
        return (bucket, False, False)
    if span.deadline is None:
        return (Bucket.OPEN_NO_DEADLINE, False, span.awaiting)
    if day <= span.deadline:
        soon = span.deadline <= day + dt.timedelta(days=window)
        return (Bucket.WITHIN, soon, span.awaiting)
    return (Bucket.OVERDUE, False, span.awaiting)


@settings(max_examples=300)
@given(histories(), st.dates(min_value=D(2020, 1, 1), max_value=D(2022, 6, 30)))
def test_spans_give_the_class_of_every_day(history, day):
    cut = spans(history)
    assert cut[0].start == history.assigned_on and cut[-1].end == FOREVER
    assert all(a.end == b.start and a != b for a, b in itertools.pairwise(cut))
    if day < history.assigned_on:
        return
    c = classify(history, day, due_soon_days=5)
    assert class_in_span(cut, day, 5) == (c.bucket, c.due_soon, c.awaiting_confirmation)
    (span,) = [s for s in cut if s.start <= day < s.end]
    assert span.lead_unit == c.state.lead_unit
    # What a list row shows, read off the span, is what the history says.
    assert standing(span, day, due_soon_days=5) == c.standing
