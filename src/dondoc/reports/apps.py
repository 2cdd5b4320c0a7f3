from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports over the figures: the dashboard, a unit's and a leader's page, the narrative and
    the exports (Excel, Word, PDF). It reads the statistics service (tasks/stats.py) and never
    counts on its own."""

    name = "dondoc.reports"
    verbose_name = _("Báo cáo")
