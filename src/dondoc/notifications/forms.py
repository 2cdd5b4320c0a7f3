"""The preferences form: per group of kinds, the channels and how mail comes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dondoc.core.forms import Form
from dondoc.notifications.models import Group
from dondoc.notifications.outbox import DEFAULT, Wants

IMMEDIATE, DIGEST = "ngay", "cuoi-ngay"
MODES = [(IMMEDIATE, _("Gửi ngay")), (DIGEST, _("Gộp một thư mỗi ngày"))]


class PreferencesForm(Form):
    """Three fields per group: `<group>_email`, `<group>_in_app`, `<group>_mode`."""

    def __init__(self, *args: Any, wants: dict[str, Wants], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for group in Group:
            want = wants.get(group, DEFAULT)
            self.fields[f"{group}_email"] = forms.BooleanField(
                label=_("Thư điện tử"), required=False, initial=want.email
            )
            self.fields[f"{group}_in_app"] = forms.BooleanField(
                label=_("Trong ứng dụng"), required=False, initial=want.in_app
            )
            if group == Group.DIGESTS:
                continue  # already one mail a week: gathering it again would lose its content
            self.fields[f"{group}_mode"] = forms.ChoiceField(
                label=_("Cách gửi thư"),
                choices=MODES,
                initial=DIGEST if want.email_digest else IMMEDIATE,
            )
        self.sharpen_messages()

    def rows(self) -> list[dict[str, Any]]:
        """The form's fields group by group, for the table the page draws."""
        return [
            {
                "group": group,
                "label": group.label,
                "email": self[f"{group}_email"],
                "in_app": self[f"{group}_in_app"],
                "mode": self[f"{group}_mode"] if f"{group}_mode" in self.fields else None,
            }
            for group in Group
        ]

    def wants(self) -> dict[str, Wants]:
        data = self.cleaned_data
        return {
            group: Wants(
                email=data[f"{group}_email"],
                in_app=data[f"{group}_in_app"],
                email_digest=data.get(f"{group}_mode") == DIGEST,
            )
            for group in Group
        }
