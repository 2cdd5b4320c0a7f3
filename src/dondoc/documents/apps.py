from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "dondoc.documents"
    verbose_name = _("Văn bản chỉ đạo")

    def ready(self) -> None:
        from dondoc.attachments.access import register_owner
        from dondoc.documents.access import can_view_document_id

        # A document's files are for whoever may see the document.
        register_owner("document", can_view_document_id)
