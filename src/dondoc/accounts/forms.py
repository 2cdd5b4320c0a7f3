from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest

from dondoc.core.forms import PreciseMessages, check_text


class ThrottledPasswordChangeForm(PreciseMessages, PasswordChangeForm):
    """Django's password change, whose old password is checked the way a log-in checks one.

    Through `authenticate`, django-axes counts a wrong old password as a failed log-in of that user
    name from that address, and once the pair is locked refuses even the right one for the
    cool-off time: a session left open cannot be used to guess the password faster than the log-in
    page allows."""

    def __init__(self, user: Any, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request
        for field in self.fields.values():
            check_text(field, 4096)

    def clean_old_password(self) -> str:
        old_password: str = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class LoginForm(PreciseMessages, AuthenticationForm):
    """Django's log-in form, whose user name is held to what a user name can be before anything
    looks it up: Django sets the field's max_length after building it, which adds no check, so a
    name of thousands of characters reached django-axes's record of failures (255 characters)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        check_text(field, getattr(field, "max_length", None) or 150)
        check_text(self.fields["password"], 4096)
