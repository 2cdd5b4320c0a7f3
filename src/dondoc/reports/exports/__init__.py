"""A report as a file: Excel (.xlsx), Word (.docx, Decree 30/2020's layout) or PDF.

`write(kind, export, out)` writes the file of an `Export` (common.build: the report, its late
tasks, who made it and when); the page (export_views.py) and `dondoc export_report` both call it.
"""

from __future__ import annotations

from typing import IO

from dondoc.reports.exports.common import Export, build

__all__ = ["CONTENT_TYPES", "FORMATS", "Export", "build", "write"]

FORMATS = ("xlsx", "docx", "pdf")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def write(kind: str, export: Export, out: IO[bytes]) -> None:
    """Write `export` as a file of `kind` ("xlsx", "docx" or "pdf") to `out`."""
    if kind == "xlsx":
        from dondoc.reports.exports import xlsx

        xlsx.write(export, out)
    elif kind == "docx":
        from dondoc.reports.exports import docx

        docx.write(export, out)
    elif kind == "pdf":
        from dondoc.reports.exports import pdf  # WeasyPrint loads pango: only when a PDF is asked

        pdf.write(export, out)
    else:
        raise ValueError(f"no such format: {kind}")
