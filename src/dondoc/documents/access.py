"""Who may see a document. Every document page, and the download of its files, goes through here.

A document is visible inside its issuer's scope (organisations.access.scope_root), and to whoever
sees one of the tasks it assigns.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from dondoc.accounts.models import User
from dondoc.core.http import NotFound
from dondoc.documents.models import Document
from dondoc.organisations.access import scope_root
from dondoc.tasks.access import visible_tasks


def can_view_document(user: User, document: Document) -> bool:
    """A document is visible inside its issuer's scope, or to whoever sees one of its tasks."""
    root = scope_root(user)
    if root is None or document.issuer.is_within(root):
        return True
    return visible_tasks(user).filter(document=document).exists()


def can_view_document_id(user: User, document_id: int) -> bool:
    """Who may download a document's files (registered with the attachments app in apps.py)."""
    document = Document.objects.select_related("issuer").filter(pk=document_id).first()
    return document is not None and can_view_document(user, document)


def get_document_for_user(user: User, pk: int) -> Document:
    """The document, if `user` may see it; 404 otherwise, so that no document's existence leaks."""
    document = Document.objects.select_related("issuer").filter(pk=pk).first()
    if document is None or not can_view_document(user, document):
        raise NotFound(_("Không tìm thấy văn bản."))
    return document
