"""A report as a PDF: the HTML template reports/exports/report.html drawn by WeasyPrint, A4, in
Liberation Serif (Times New Roman's metrics, every Vietnamese letter) from the package's own
static files, so a machine with no system font makes the same PDF.

WeasyPrint fetches nothing but those font files: its URL fetcher refuses any other address (a
task's title is text, never markup, but a template change must not be able to reach out).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

import dondoc
from dondoc.reports.exports.common import (
    ANNEX_HEADINGS,
    COLUMNS,
    SHARE_HEADING,
    UNIT_HEADING,
    Export,
)

CONTENT_TYPE = "application/pdf"
FONT_DIR = Path(dondoc.__file__).resolve().parent / "static" / "vendor" / "liberation-serif"


class OurFilesOnly(URLFetcher):
    """Fetches the files of the font folder, and refuses every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",))

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not url.startswith("file:"):
            raise ValueError(f"not fetched: {url}")
        path = Path(url.removeprefix("file://").split("?")[0]).resolve()
        if not path.is_relative_to(FONT_DIR) or not path.is_file():
            raise ValueError(f"not fetched: {url}")
        return super().fetch(url, headers)


def html(export: Export) -> str:
    groups: list[tuple[str, int]] = []
    for group, heading, _value in COLUMNS:
        label = group or heading
        if groups and group is not None and groups[-1][0] == label:
            groups[-1] = (label, groups[-1][1] + 1)
        else:
            groups.append((label, 1))
    context = {
        "export": export,
        "unit_rows": export.unit_rows(),
        "carried_rows": export.carried_rows(),
        "annex_rows": export.annex_rows(),
        "annex_headings": ANNEX_HEADINGS,
        "recipients": export.recipients(),
        "groups": groups,
        "sub_headings": [heading for group, heading, _value in COLUMNS if group is not None],
        "unit_heading": UNIT_HEADING,
        "share_heading": SHARE_HEADING,
    }
    return render_to_string("reports/exports/report.html", context)


def write(export: Export, out: IO[bytes]) -> None:
    document = HTML(
        string=html(export), base_url=FONT_DIR.as_uri() + "/", url_fetcher=OurFilesOnly()
    )
    document.write_pdf(out)
