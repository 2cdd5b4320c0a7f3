from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.forms import Form
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from dondoc.accounts.forms import ThrottledPasswordChangeForm
from dondoc.accounts.http import AuthenticatedRequest
from dondoc.accounts.models import Role
from dondoc.core.dates import today
from dondoc.reports.dashboard_views import dashboard_page
from dondoc.reports.unit_views import unit_home


def home(request: AuthenticatedRequest) -> HttpResponse:
    """The start page, by role: a unit's what waits for it; the office, the leaders and the
    administrator their committee's dashboard as of today; the working group its visits."""
    role = request.user.role
    if role in (Role.UNIT_HEAD, Role.UNIT_OFFICER):
        return unit_home(request)
    if role == Role.INSPECTOR:
        return render(request, "home_inspector.html", {"today": today()})
    return dashboard_page(request, "home_dashboard.html", QueryDict(), today=today())


def profile(request: AuthenticatedRequest) -> HttpResponse:
    """Tài khoản của tôi: who the user is, and their private calendar address (the address just
    made is shown this once: only its hash is kept)."""
    from dondoc.feeds import selectors as feeds
    from dondoc.feeds.views import NEW_ADDRESS

    context = {
        "live_token": feeds.live_token(request.user),
        "new_address": request.session.pop(NEW_ADDRESS, None),
        "days_ahead": feeds.DAYS_AHEAD,
        "max_events": feeds.MAX_EVENTS,
    }
    return render(request, "accounts/profile.html", context)


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
