"""A report as a file (Excel, Word or PDF), for the parameters of the dashboard and the figures
page (ReportForm) and `dinh_dang`; the same scope check as the figures page."""

from __future__ import annotations

import tempfile
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.reports import exports, periods
from dondoc.reports.forms import ReportForm
from dondoc.reports.periods import Preset
from dondoc.tasks.access import check_stats_scope
from dondoc.tasks.stats import StatsQuery

FORMAT = "dinh_dang"


def export_form(request: AuthenticatedRequest) -> ReportForm:
    """The report's form from the query string; a range without a preset (the figures page's
    and links.report_params' parameters) is a custom period."""
    data: QueryDict = request.GET.copy()
    if not data.get("ky") and (data.get("tu") or data.get("den")):
        data["ky"] = Preset.CUSTOM.value
    return ReportForm(data, user=request.user)


def filename(query: StatsQuery, kind: str) -> tuple[str, str]:
    """The file's name in ASCII (codes are ASCII slugs) and in Vietnamese: whose report, which
    period and as of which day, so that two reports taken the same day do not share a name
    ("/" of "quý III/2022" is no character of a file's name)."""
    subject = query.unit or query.assigner
    ascii_name = (
        f"bao-cao-{subject.code}-{query.start:%Y-%m-%d}-{query.end:%Y-%m-%d}"
        f"-den-{query.as_of:%Y-%m-%d}.{kind}"
    )
    period = periods.name(query.start, query.end).replace("/", "-")
    full = f"Báo cáo {subject.short_name} {period} (đến {query.as_of:%d-%m-%Y}).{kind}"
    return ascii_name, full


def report_export(request: AuthenticatedRequest) -> HttpResponse | FileResponse:
    form = export_form(request)
    kind = request.GET.get(FORMAT, "")
    if refusal := form.refusal():
        raise PermissionDenied(refusal)
    problems = []
    if kind not in exports.FORMATS:
        problems.append(_("Định dạng tệp: chọn xlsx (Excel), docx (Word) hoặc pdf."))
    if not form.is_valid() or problems:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else None
            for error in errors:
                said = str(error)
                named = label and not said.startswith(str(label))
                problems.append(f"{label}: {said}" if named else said)
        return render(request, "reports/export_error.html", {"problems": problems}, status=400)
    query = form.query()
    check_stats_scope(request.user, assigner=query.assigner, unit=query.unit)
    out = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    exports.write(kind, exports.build(query, user=request.user), out)
    out.seek(0)
    response = FileResponse(out, content_type=exports.CONTENT_TYPES[kind])
    ascii_name, full = filename(query, kind)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(full)}"
    )
    return response
