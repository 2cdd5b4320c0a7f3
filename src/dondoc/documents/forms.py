from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dondoc.attachments.forms import FilesField
from dondoc.core.forms import DayField, ModelForm, SubmissionField, TextField
from dondoc.documents.models import Document, DocumentKind


class DocumentForm(ModelForm):
    issued_on = DayField(label=_("Ngày ban hành"))
    attachments = FilesField()
    submission = SubmissionField()

    class Meta:
        model = Document
        fields = ["number", "issued_on", "kind", "signer", "signer_name", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"number": TextField, "signer_name": TextField, "summary": TextField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = DocumentKind.CONCLUSION_NOTICE
