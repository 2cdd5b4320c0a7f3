"""The form renderer (settings.FORM_RENDERER): Django's, with its commonest widgets written out in
Python instead of through their templates.

Django draws a select box from one template per option, and each option's and input's attributes
from another: a page's filter form is some eighty small templates, and drawing them took longer
than counting a province's million tasks (the dashboard, the task list). These functions write
exactly what Django's templates write for the same widget context (core/tests/test_renderers.py
compares the two for every widget of every form); every other template is Django's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

# Django's input templates that are its input.html alone.
INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input", "text", "number", "email", "url", "password", "hidden", "search", "tel",
        "date", "datetime", "time", "color", "checkbox",
    )
)  # fmt: skip
SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def attrs_html(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html: ` name="value"` each, a bare name for True, none for
    False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/input.html."""
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{attrs_html(widget["attrs"])}>'
    )


def option_html(option: Mapping[str, Any]) -> str:
    """django/forms/widgets/select_option.html."""
    return (
        f'<option value="{conditional_escape(option["value"])}"{attrs_html(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>"
    )


def select_html(widget: Mapping[str, Any], renderer: DjangoTemplates) -> str:
    """django/forms/widgets/select.html, its line breaks included."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            # Django's option template ends with a line break, which its include keeps.
            if option["template_name"] == OPTION:
                parts.append(f"\n  {option_html(option)}\n")
            else:  # a widget's own option template
                template = renderer.get_template(option["template_name"])
                parts.append(f"\n  {template.render({'widget': option})}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastTemplates(DjangoTemplates):
    """Django's default renderer, drawing Django's own select and input templates in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == SELECT:
            return SafeString(select_html(context["widget"], self))
        if template_name in INPUTS:
            return SafeString(input_html(context["widget"]))
        return super().render(template_name, context, request)
