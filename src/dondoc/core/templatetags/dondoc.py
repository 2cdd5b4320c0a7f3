from __future__ import annotations

import datetime as dt

from django import template
from django.forms import BaseForm, BoundField, CheckboxInput, RadioSelect
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from dondoc.core.dates import format_date
from dondoc.core.forms import DayInput

register = template.Library()


@register.filter
def dmy(value: dt.date | None) -> str:
    """A date as dd/mm/yyyy whatever the page's language."""
    return format_date(value) if value else ""


@register.simple_tag
def day_input(name: str, value: str | None, placeholder: str = "dd/mm/yyyy") -> str:
    """A date box of a page's own form (the list's `ngay`) drawn as every date field is
    (core/forms.py DayInput), with its calendar button."""
    attrs = {"id": f"id_{name}", "class": "form-control", "placeholder": placeholder}
    return DayInput(attrs).render(name, value or "")


@register.filter
def grouped(value: int) -> str:
    """A whole number with the page language's thousands separator: 2.000 in Vietnamese."""
    return number_format(value, force_grouping=True)


@register.filter
def minutes(value: dt.timedelta | None) -> int:
    return int(value.total_seconds() // 60) if value else 0


@register.filter
def control(field: BoundField) -> str:
    """A form field's widget with Bootstrap's classes, marked invalid when it has errors."""
    widget = field.field.widget
    if isinstance(widget, RadioSelect):
        return _choices(field)
    css = "form-select" if getattr(widget, "input_type", "") == "select" else "form-control"
    if isinstance(widget, CheckboxInput):
        css = "form-check-input"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


def _choices(field: BoundField) -> SafeString:
    """Radio buttons as Bootstrap draws them: each a visible circle with its label beside it."""
    css = "form-check-input" + (" is-invalid" if field.errors else "")
    items = []
    for choice in field.subwidgets:
        choice.data["attrs"] = {**choice.data["attrs"], "class": css}
        items.append((choice.tag(wrap_label=False), choice.id_for_label, choice.choice_label))
    return format_html(
        '<div id="{}">{}</div>',
        field.auto_id,
        format_html_join(
            "",
            '<div class="form-check">{}<label class="form-check-label" for="{}">{}</label></div>',
            items,
        ),
    )


@register.filter
def top_errors(form: BaseForm) -> list[str]:
    """The errors shown above a form: its own, and those of its hidden fields (the version and the
    one-time key it carries), which have no place of their own on the page."""
    errors = [str(error) for error in form.non_field_errors()]
    for field in form.hidden_fields():
        errors.extend(str(error) for error in field.errors)
    return errors
