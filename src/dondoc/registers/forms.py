from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

from dondoc.attachments.uploads import check_upload
from dondoc.core.forms import Form
from dondoc.registers.reader import EXTENSIONS


class UploadForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp sổ theo dõi (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    update = forms.BooleanField(
        label=gettext_lazy("Cập nhật nhiệm vụ đã có (cùng mã) khi nội dung trong tệp khác"),
        required=False,
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        check_upload(upload, extensions=EXTENSIONS)
        return upload
