from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The outbox of notifications (mail and in-app), written with the events that cause them and
    delivered by `dondoc send_notifications`. Who may see a task stays with the tasks app."""

    name = "dondoc.notifications"
    verbose_name = _("Thông báo")
