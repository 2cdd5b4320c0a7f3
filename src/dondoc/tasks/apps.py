from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "dondoc.tasks"
    verbose_name = _("Nhiệm vụ")

    def ready(self) -> None:
        from dondoc.attachments.access import register_owner
        from dondoc.tasks.access import can_view_event

        # A file attached to an event is for whoever sees the event's task.
        register_owner("event", can_view_event)
