from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "dondoc.workdays"
    verbose_name = _("Lịch làm việc")
