from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    """Files attached to other apps' rows. This app imports none of its owners: each owner app
    registers, in its own ready(), how to tell who may see its rows (access.register_owner)."""

    name = "dondoc.attachments"
    verbose_name = _("Tệp đính kèm")

    def ready(self) -> None:
        from dondoc.attachments.access import check_owners

        checks.register(check_owners)
