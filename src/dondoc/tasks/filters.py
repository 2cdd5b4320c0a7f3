"""The task list's filters, shared by the list page and (later) the API."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.core.forms import DayField, Form, IdField, TextField, check_day_range
from dondoc.organisations.access import tree_bounds
from dondoc.organisations.forms import UnitField
from dondoc.organisations.models import Unit, within_q
from dondoc.tasks.models import Field, Source, Status, Task, TaskEvent
from dondoc.tasks.rules import Kind
from dondoc.tasks.search import matching
from dondoc.tasks.stats import spans_led_by

# How many tasks of a lead unit the list reads as ids before asking for their rows (lead_within).
LED_TASKS_READ_FIRST = 5000


# What waits today on an open task, besides its class on a day (a list's `cho`): a completion
# report sent back and not reported again, or an extension request not yet decided. Read from
# the task's state today (its `current_` columns and events), not from a day's spans.
RETURNED, EXTENSION_REQUESTED = "tra-lai", "xin-gia-han"
PENDING_CHOICES = [
    (RETURNED, _("Bị trả lại, chưa báo cáo lại")),
    (EXTENSION_REQUESTED, _("Đề nghị gia hạn chưa được quyết định")),
]


def pending_q(name: str) -> Q:
    """The condition on a task for it to wait in the way `name` (PENDING_CHOICES) says, today."""
    open_ = Q(current_status=Status.OPEN)
    if name == RETURNED:
        returned = TaskEvent.objects.filter(task=OuterRef("pk"), kind=Kind.COMPLETION_RETURNED)
        return open_ & Q(reported_on__isnull=True) & Q(Exists(returned))
    if name == EXTENSION_REQUESTED:
        return open_ & Q(extension_requested_on__isnull=False)
    raise ValueError(f"no such pending state: {name}")


class DayFilter(django_filters.Filter):
    field_class = DayField


class IdFilter(django_filters.Filter):
    field_class = IdField


class TextFilter(django_filters.CharFilter):
    field_class = TextField


class UnitFilter(django_filters.Filter):
    field_class = UnitField


class TaskFilterForm(Form):
    """The filters' form: a deadline range whose start is after its end is said so."""

    blank_choice_label = _("Tất cả")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_day_range(self, "han_tu", "han_den")
        return data


class TaskFilter(django_filters.FilterSet):
    q = TextFilter(label=_("Tìm kiếm"), method="search", limit=200)
    # Units by code (the list's addresses, the figures' links), or by name as typed: any unit of
    # the tree the user browses (UnitFilter; the tasks are those the user may see anyway).
    giao = UnitFilter(label=_("Cơ quan giao"), field_name="assigner")
    chu_tri = UnitFilter(label=_("Đơn vị chủ trì (gồm đơn vị trực thuộc)"), method="lead_within")
    phoi_hop = UnitFilter(label=_("Đơn vị phối hợp"), method="coordinating")
    linh_vuc = django_filters.ChoiceFilter(
        label=_("Lĩnh vực"), field_name="field", choices=Field.choices
    )
    nguon = django_filters.ChoiceFilter(
        label=_("Nguồn"), field_name="source", choices=Source.choices
    )
    trong_tam = django_filters.BooleanFilter(
        label=_("Trọng tâm"),
        field_name="is_key",
        widget=forms.Select(choices=[("", "—"), ("true", _("Có")), ("false", _("Không"))]),
    )
    van_ban = IdFilter(label=_("Văn bản"), field_name="document_id", widget=forms.HiddenInput)
    han_tu = DayFilter(label=_("Hạn từ ngày"), field_name="current_deadline", lookup_expr="gte")
    han_den = DayFilter(label=_("Hạn đến ngày"), field_name="current_deadline", lookup_expr="lte")
    cho = django_filters.ChoiceFilter(
        label=_("Đang chờ (hôm nay)"), choices=PENDING_CHOICES, method="pending"
    )

    class Meta:
        model = Task
        fields: list[str] = []
        form = TaskFilterForm

    def __init__(
        self,
        *args: Any,
        user: User | None = None,
        day: dt.date | None = None,
        wanted: str = "",
        **kwargs: Any,
    ) -> None:
        """`user`: whose tree the unit fields take units from; `day`: the list's day, on which
        they read a unit's name (the page's `ngay`) and which unit led a task; `wanted`: the
        class on that day the list asks for (a key of figures.CLASS_CHOICES), read with the lead
        unit in one look at the day's spans (listing.py)."""
        super().__init__(*args, **kwargs)
        self.day = day
        self.wanted = wanted
        tree = tree_bounds(user) if user is not None else None
        for name in ("giao", "chu_tri", "phoi_hop"):
            field = cast(UnitField, self.form.fields[name])
            field.tree = tree
            field.day = day
            field.widget.day_inputs = ["id_ngay"]

    def search(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        return matching(queryset, value)

    def lead_within(self, queryset: QuerySet[Task], name: str, value: Unit) -> QuerySet[Task]:
        """Tasks led on the list's day (today by default) by `value` or a unit under it then
        (stats.spans_led_by), in the list's class on that day when it asks for one: one read of
        the unit's spans."""
        day = self.day or today()
        led = spans_led_by(value, day, self.wanted)
        # Read first when they are few (a unit's overdue tasks): given as a subquery, PostgreSQL
        # walks the list's order index newest first looking for them, and old tasks are far.
        ids = list(led.values_list("task_id", flat=True)[: LED_TASKS_READ_FIRST + 1])
        if len(ids) <= LED_TASKS_READ_FIRST:
            return queryset.filter(pk__in=ids)
        return queryset.filter(pk__in=led.values("task_id"))

    def pending(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        return queryset.filter(pending_q(value))

    def coordinating(self, queryset: QuerySet[Task], name: str, value: Unit) -> QuerySet[Task]:
        through = Task.coordinating_units.through.objects.filter(task=OuterRef("pk")).filter(
            within_q("unit", value)
        )
        return queryset.filter(Exists(through))
