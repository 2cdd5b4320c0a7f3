"""Where a figure of a report leads: the task list showing exactly the tasks behind it, as of
the report's day (tasks/listing.py reads the `tk_` parameters and `tk_nhom`=block:figure)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote_plus

from django.urls import reverse

from dondoc.tasks.stats import StatsQuery
from dondoc.tasks.stats_form import PREFIX


def report_params(query: StatsQuery) -> dict[str, str]:
    """The figures form's parameters that ask for `query` (codes and dd/mm/yyyy dates)."""
    params = {
        "giao": query.assigner.code,
        "tu": f"{query.start:%d/%m/%Y}",
        "den": f"{query.end:%d/%m/%Y}",
        "ngay": f"{query.as_of:%d/%m/%Y}",
    }
    if query.unit is not None:
        params["don_vi"] = query.unit.code
    if query.unit is not None and query.exact:
        params["rieng"] = "on"
    if query.key_only:
        params["trong_tam"] = "on"
    if query.source:
        params["nguon"] = query.source
    if query.assigned_by:
        params["nguoi_giao"] = query.assigned_by
    if query.assigned_by_name:
        params["ten_nguoi_giao"] = query.assigned_by_name
    return params


def figure_params(query: StatsQuery, block: str = "period", key: str = "all") -> dict[str, str]:
    """The task list's parameters (`tk_`) that list the tasks of one figure: `block` "period",
    "carried_over", "cancelled" or "report", `key` a figure's key in the catalogue
    (tasks/figures.py). The register export of a report's tasks reads the same."""
    params = {f"{PREFIX}{name}": value for name, value in report_params(query).items()}
    params[f"{PREFIX}nhom"] = f"{block}:{key}"
    return params


def figures_base(query: StatsQuery, path: str | None = None) -> str:
    """The links of `query`'s figures up to the figure's name, which comes last (`path`: the
    task list's, when the caller has it already: a page of hundreds of links makes it once).
    Encoded as `urlencode` would, a parameter at a time: a page's rows share all but their unit."""
    pairs = "&".join([_pair(name, value) for name, value in report_params(query).items()])
    return f"{path or reverse('tasks:list')}?{pairs}&{PREFIX}nhom="


@lru_cache(maxsize=4096)
def _pair(name: str, value: str) -> str:
    return f"{PREFIX}{name}={quote_plus(value)}"


def figure_url(query: StatsQuery, block: str = "period", key: str = "all") -> str:
    """The task list of one figure: its figure_params, the figure's name last."""
    return figures_base(query) + quote_plus(f"{block}:{key}")
