from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from dondoc.accounts.forms import ThrottledPasswordChangeForm
from dondoc.accounts.http import AuthenticatedRequest
from dondoc.core.dates import today
from dondoc.organisations.access import scope_root
from dondoc.organisations.selectors import subunits


def home(request: AuthenticatedRequest) -> HttpResponse:
    """The start page: who the user is, for which unit, and which units they follow."""
    scope = scope_root(request.user)
    day = today()
    context = {
        "today": day,
        "scope": scope,
        "scope_size": subunits(scope, as_of=day, include_self=False).count() if scope else None,
    }
    return render(request, "home.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Throttled as the log-in is (ThrottledPasswordChangeForm); a lock answers with the log-in's
    lock page (django-axes' middleware)."""

    form_class = ThrottledPasswordChangeForm
    success_url = reverse_lazy("home")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response
