"""Uploads are judged by their content as well as their name: real files of each accepted type
pass, a file whose content is not of its extension is refused with a Vietnamese message."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from dondoc.attachments.uploads import check_upload
from dondoc.tasks.models import Status, Task

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Mã", "Nội dung nhiệm vụ"])  # type: ignore[union-attr]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def docx() -> bytes:
    return zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document/>",
        }
    )


def opendocument(kind: str) -> bytes:
    return zipped(
        {
            "mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(),
            "content.xml": b"<office:document-content/>",
        }
    )


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


REAL = {
    "bao-cao.pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "so-lieu.xlsx": xlsx(),
    "van-ban.docx": docx(),
    "van-ban.odt": opendocument("text"),
    "bang.ods": opendocument("spreadsheet"),
    "van-ban-cu.doc": OLE2,
    "ban-rtf.doc": b"{\\rtf1\\ansi V\\u259?n b\\u7843?n}",
    "bang-cu.xls": OLE2,
    "anh.png": png(),
    "anh.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20) + b"\xff\xd9",
    "anh.JPEG": b"\xff\xd8\xff\xdb" + bytes(20) + b"\xff\xd9",
    "ho-so.zip": zipped({"a.txt": b"a"}),
}


@pytest.mark.parametrize("name", list(REAL))
def test_a_real_file_of_each_accepted_type_passes_and_is_read_from_its_start(name: str):
    upload = SimpleUploadedFile(name, REAL[name])
    check_upload(upload)
    assert upload.read() == REAL[name]


def test_a_real_register_passes_as_xlsx_and_as_csv():
    check_upload(SimpleUploadedFile("so.xlsx", xlsx()), extensions=("xlsx", "csv"))
    csv = "Mã,Nội dung nhiệm vụ\nA,Việc một\n".encode("utf-8-sig")
    check_upload(SimpleUploadedFile("so.csv", csv), extensions=("xlsx", "csv"))
    # Excel's plain "CSV" in Vietnam: Windows-1258 ("Nôi dung", "Viêc"), not UTF-8.
    windows = b"Ma;N\xf4i dung\nA;Vi\xeac\n"
    check_upload(SimpleUploadedFile("so.csv", windows), extensions=("xlsx", "csv"))


def refusal(name: str, content: bytes, extensions: tuple[str, ...] | None = None) -> str:
    with pytest.raises(forms.ValidationError) as error:
        check_upload(SimpleUploadedFile(name, content), extensions=extensions)
    return error.value.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fake.pdf", b"not pdf"),  # 7 bytes
        ("script.pdf", b"MZ\x90\x00" + bytes(60)),
        ("trong.docx", b""),
        ("hong.zip", b"PK\x03\x04 cut short"),
        ("van-ban.docx", zipped({"a.txt": b"a"})),  # a zip, not a Word document
        ("bang.ods", opendocument("text")),
        ("anh.png", b"\xff\xd8\xff\xe0 a JPEG"),
        ("van-ban.doc", b"<html>a web page</html>"),
    ],
)
def test_a_file_whose_content_is_not_its_type_is_refused_in_vietnamese(name: str, content: bytes):
    extension = name.rsplit(".", 1)[1]
    message = refusal(name, content)
    assert message.startswith(f"Tệp “{name}” có phần mở rộng .{extension} nhưng nội dung ")


def test_the_refusal_names_the_type_the_content_really_is():
    assert refusal("so-lieu.docx", xlsx()) == (
        "Tệp “so-lieu.docx” có phần mở rộng .docx nhưng nội dung là tệp .xlsx: hãy đổi phần mở "
        "rộng cho đúng rồi tải lên lại."
    )
    assert "nội dung là tệp .pdf" in refusal("anh.jpg", REAL["bao-cao.pdf"])


@pytest.mark.parametrize(
    ("content", "actual"),
    [(xlsx(), "là tệp .xlsx"), (OLE2, "là tệp .xls"), (b"a,b\n\x00\x01", "không phải")],
)
def test_a_register_named_csv_must_hold_text(content: bytes, actual: str):
    assert actual in refusal("so.csv", content, ("xlsx", "csv"))


def test_an_extension_an_operator_adds_is_judged_by_its_name(settings):
    settings.DONDOC_UPLOAD_EXTENSIONS = ["pdf", "tif"]
    check_upload(SimpleUploadedFile("ban-quet.tif", b"II*\x00 any content"))


@pytest.mark.django_db
def test_a_fake_pdf_sent_with_a_progress_report_is_refused_and_nothing_is_recorded(
    client_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    task = Task.objects.filter(
        current_lead_unit__code="so-tai-chinh", current_status=Status.OPEN
    ).first()
    assert task is not None
    events = task.events.count()
    response = client_as("sotaichinh").post(
        reverse("tasks:action", args=[task.pk, "tien-do"]),
        {
            "version": task.version,
            "text": "Gửi kèm báo cáo",
            "attachments": [SimpleUploadedFile("fake.pdf", b"not pdf")],
        },
    )
    assert "Tệp “fake.pdf” có phần mở rộng .pdf nhưng nội dung" in response.content.decode()
    assert task.events.count() == events and not any(tmp_path.iterdir())
