"""The form renderer writes Django's select boxes and inputs in Python (core/renderers.py): for
every field of every form of the project, bound to good and bad data, it writes exactly what
Django's own templates write."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import lazy

from dondoc.core.renderers import FastTemplates
from dondoc.core.tests.test_form_messages import BAD_VALUES, factories  # noqa: F401

pytestmark = pytest.mark.django_db

DJANGO = DjangoTemplates()
FAST = FastTemplates()


def _both(field: forms.BoundField, attrs: dict[str, Any] | None = None) -> tuple[str, str]:
    widget, name, value = field.field.widget, field.html_name, field.value()
    attrs = {**(attrs or {}), "id": field.auto_id} if field.auto_id else attrs
    return (
        widget.render(name, value, attrs, renderer=DJANGO),
        widget.render(name, value, attrs, renderer=FAST),
    )


def test_every_field_of_every_form_is_drawn_as_django_draws_it(factories):  # noqa: F811
    compared = set()
    for name, build in factories.items():
        for data in ({}, {"*": BAD_VALUES[1]}, {"*": BAD_VALUES[4]}):
            form = build({}, {})
            values = {form.add_prefix(f): data["*"] for f in form.fields} if data else {}
            form = build(values, {})
            for field in form:
                for attrs in (None, {"class": "form-select is-invalid", "required": True}):
                    django_html, fast_html = _both(field, attrs)
                    assert fast_html == django_html, (name, field.name)
                compared.add(type(field.field.widget).__name__)
    # The widgets this file is about were met (a form change that drops them all fails here).
    assert {"Select", "TextInput", "HiddenInput", "CheckboxInput"} <= compared


class Odd(forms.Form):
    """What the project's forms may not hold today: groups, markup in labels and values, a
    multiple choice, attributes set to True and False, an empty value."""

    grouped = forms.ChoiceField(
        choices=[
            ("Nhóm <1> & “2”", [("a&b", "A <b>"), ("c", lazy(lambda: 'Lộc "x"', str)())]),
            ("", "— chọn —"),
            (3, "Ba"),
        ]
    )
    many = forms.MultipleChoiceField(choices=[("1", "Một"), ("2", "Hai")])
    text = forms.CharField(widget=forms.TextInput(attrs={"disabled": True, "hidden": False}))
    number = forms.IntegerField()
    day = forms.DateField(widget=forms.DateInput(attrs={"data-x": "<&>"}))
    mail = forms.EmailField()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"grouped": "a&b", "many": ["1", "2"], "text": '"<x>"', "number": "12", "day": "1/2/2026"},
    ],
)
def test_groups_markup_and_boolean_attributes_are_drawn_as_django_draws_them(data):
    for field in Odd(data or None):
        django_html, fast_html = _both(field, {"aria-invalid": "true", "readonly": False})
        assert fast_html == django_html, field.name


def test_the_renderer_draws_the_pages_widgets():
    assert "FastTemplates" in type(forms.Form().renderer).__name__
