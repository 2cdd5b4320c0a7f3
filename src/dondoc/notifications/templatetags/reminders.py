"""What the reminder and weekly digest notifications show, in mails and in the list: their data
holds ISO days and the list's paths (planning.py, digest.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from dondoc.core.dates import format_date

register = template.Library()


@register.filter
def iso_day(value: str | None) -> str:
    """ "2026-06-19" → "19/06/2026"; "" for none."""
    return format_date(dt.date.fromisoformat(value)) if value else ""


@register.filter
def absolute(path: str) -> str:
    """A path of the site as a mail program opens it (DONDOC_BASE_URL)."""
    return settings.DONDOC_BASE_URL + path


def group_labels() -> dict[str, str]:
    return {
        "overdue": _("Quá hạn"),
        "due_soon": _("Sắp đến hạn"),
        "awaiting_confirmation": _("Chờ xác nhận hoàn thành"),
        "extension_requested": _("Đề nghị gia hạn chờ quyết định"),
    }


@register.filter
def digest_groups(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The digest's groups that hold tasks, each with its label, in the digest's order."""
    groups = data.get("groups", {})
    return [
        {"name": name, "label": label, **groups[name]}
        for name, label in group_labels().items()
        if groups.get(name, {}).get("count")
    ]
