"""Reading a unit from a command-line option, the same way in every `dondoc` command."""

from __future__ import annotations

from django.core.management.base import CommandError

from dondoc.organisations.models import Unit


def unit_option(code: str, option: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise CommandError(f"{option}: không có đơn vị mã “{code}”.", returncode=2)
    return unit
