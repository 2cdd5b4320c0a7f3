from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dondoc.core"
    verbose_name = _("Chung")

    def ready(self) -> None:
        from dondoc.core.pagecache import watch_writes

        watch_writes()
