"""A leader's page: what a chairman or a vice chairman personally assigned, and how it stands.

Who "personally assigned" a task is what the task says (Task.assigned_by, assigned_by_name):
- the chairman's tasks are those of his committee assigned by the chairman (`assigned_by` =
  chairman; a committee has one chairman at a time, and a register rarely writes his name);
- a vice chairman's are those assigned by a vice chairman whose name, as written on the task,
  is his full name, compared folded (core/text.fold: case, diacritics and spacing aside), since
  a committee has several vice chairmen.
Whether a leader's account is the chairman's is read from its title, else its full name: one
that begins with "Chủ tịch" (folded); any other leader is a vice chairman. The figures are the
statistics service's with that filter (StatsQuery.assigned_by, assigned_by_name), so each links
to the list of exactly its tasks (`tk_nguoi_giao`, `tk_ten_nguoi_giao`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.accounts.models import Role, User
from dondoc.core.dates import today
from dondoc.core.http import NotFound
from dondoc.core.text import fold
from dondoc.documents.models import Signer
from dondoc.organisations.models import Unit, within_q
from dondoc.organisations.selectors import committee_of
from dondoc.reports.page_forms import PeriodForm
from dondoc.reports.selectors import leaders_figures
from dondoc.reports.unit_views import HEADLINE_KEYS, column_groups, figure_cells, report_block
from dondoc.tasks.access import check_stats_scope, may_read_leader
from dondoc.tasks.stats import StatsQuery


@dataclass(frozen=True)
class Leader:
    user: User
    committee: Unit
    assigned_by: str  # Signer.CHAIRMAN or Signer.VICE_CHAIRMAN
    name: str | None  # the name the tasks carry (a vice chairman's), None for the chairman

    @property
    def is_chairman(self) -> bool:
        return self.assigned_by == Signer.CHAIRMAN

    def query(self, start: Any, end: Any, as_of: Any) -> StatsQuery:
        return StatsQuery(
            self.committee,
            start,
            end,
            as_of,
            assigned_by=self.assigned_by,
            assigned_by_name=self.name,
        )


def leader_of(user: User) -> Leader:
    """The leader `user` is, and so which tasks are his (the module's rule)."""
    if user.unit is None:
        raise NotFound(_("Tài khoản này chưa được gắn với đơn vị nào."))
    committee = committee_of(user.unit)
    said = fold(user.title or user.full_name)
    if said.startswith("chu tich"):
        return Leader(user, committee, Signer.CHAIRMAN, None)
    return Leader(user, committee, Signer.VICE_CHAIRMAN, user.full_name or user.username)


def _leader(request: AuthenticatedRequest, username: str) -> Leader:
    """The leader whose page is asked for, if the user may open it: the leader himself, the
    office of his committee, an administrator. Anyone else gets the 404 of a username that is no
    leader's, so that the page does not tell which usernames are leaders'."""
    viewer = request.user
    found = User.objects.select_related("unit").filter(
        username=username, role=Role.LEADER, unit__isnull=False, is_active=True
    )
    target = found.first()
    leader = leader_of(target) if target is not None else None
    if leader is None or not may_read_leader(viewer, leader.user, leader.committee):
        raise NotFound(_("Không có lãnh đạo có tên đăng nhập “%(name)s”.") % {"name": username})
    return leader


def committee_leaders(committee: Unit) -> list[Leader]:
    """The committee's chairman and vice chairmen (active leaders' accounts of its units), the
    chairman first, then by name."""
    users = User.objects.select_related("unit").filter(
        within_q("unit", committee), role=Role.LEADER, is_active=True
    )  # a committee under this one (a commune's, in a province's tree) is not this one's
    found = [
        leader_of(u) for u in users if u.unit is not None and committee_of(u.unit) == committee
    ]
    return sorted(
        found, key=lambda one: (not one.is_chairman, fold(one.user.full_name or one.user.username))
    )


def leader_page(request: AuthenticatedRequest, username: str | None = None) -> HttpResponse:
    """A leader's page; without a username, one's own (a leader), or the list of the
    committee's leaders (its office)."""
    viewer = request.user
    if username is None and viewer.role == Role.OFFICE and viewer.unit is not None:
        return leaders_page(request, committee_of(viewer.unit))
    if username is None:
        if viewer.role != Role.LEADER or viewer.unit is None:
            raise PermissionDenied(_("Trang này dành cho Chủ tịch, Phó Chủ tịch UBND."))
        leader = leader_of(viewer)
    else:
        leader = _leader(request, username)
    form = PeriodForm(PeriodForm.params(request.GET, today()), user=request.user)
    context: dict[str, Any] = {"leader": leader, "form": form}
    if form.is_valid():
        data = form.cleaned_data
        query = leader.query(data["tu"], data["den"], data["ngay"])
        check_stats_scope(request.user, assigner=query.assigner, unit=None)
        shown = report_block(query)
        context |= {"query": query, "shown": shown}
    return render(request, "reports/leader.html", context)


def leaders_page(request: AuthenticatedRequest, committee: Unit) -> HttpResponse:
    """The committee's leaders for its office: each one's headline figures in the period, as
    of the day (one grouped read for all: selectors.leaders_figures), each a link to its tasks,
    and a link to each one's page for the same period."""
    form = PeriodForm(PeriodForm.params(request.GET, today()), user=request.user)
    context: dict[str, Any] = {"committee": committee, "form": form}
    if form.is_valid():
        data = form.cleaned_data
        leaders = committee_leaders(committee)
        queries = [leader.query(data["tu"], data["den"], data["ngay"]) for leader in leaders]
        check_stats_scope(request.user, assigner=committee, unit=None)
        params = urlencode({**form.period_params(), "ngay": f"{data['ngay']:%d/%m/%Y}"})
        rows = [
            {
                "leader": leader,
                "url": f"{reverse('reports:leader', args=[leader.user.username])}?{params}",
                "cells": figure_cells(query, figures, "period", HEADLINE_KEYS),
            }
            for leader, query, figures in zip(
                leaders, queries, leaders_figures(queries), strict=True
            )
        ]
        context |= {
            "start": data["tu"],
            "end": data["den"],
            "as_of": data["ngay"],
            "rows": rows,
            "groups": column_groups(HEADLINE_KEYS),
        }
    return render(request, "reports/leaders.html", context)
