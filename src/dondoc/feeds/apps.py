from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    """Private calendar feeds (iCalendar): each user's deadlines, read by their calendar app."""

    name = "dondoc.feeds"
    verbose_name = _("Lịch nhiệm vụ")
