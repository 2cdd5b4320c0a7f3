from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dondoc.registers.reader import EXTENSIONS


class UploadForm(forms.Form):
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
        name = upload.name or ""
        if PurePath(name).suffix.lower().lstrip(".") not in EXTENSIONS:
            raise forms.ValidationError(
                _("Chỉ nhận tệp .xlsx hoặc .csv (tệp đã chọn: “%(name)s”).") % {"name": name}
            )
        limit = settings.DONDOC_MAX_UPLOAD_MB
        if (upload.size or 0) > limit * 1024 * 1024:
            raise forms.ValidationError(_("Tệp lớn hơn %(mb)s MB.") % {"mb": limit})
        return upload
