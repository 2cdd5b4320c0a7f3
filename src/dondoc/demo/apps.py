from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "dondoc.demo"
    verbose_name = _("Dữ liệu mẫu")
