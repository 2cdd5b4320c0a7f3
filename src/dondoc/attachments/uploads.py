"""The one check of an uploaded file's type and size, for attachments and uploaded registers.

The type is judged by the name and by the content: a file is accepted only when its first bytes
(and, for the zip-based office formats, the parts the zip lists) are those of its extension, so a
renamed program or a 7-byte "fake.pdf" is refused. An extension with no known content (one an
operator adds to DONDOC_UPLOAD_EXTENSIONS) is judged by its name only.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import IO, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

SNIFF_BYTES = 64 * 1024  # how much of a file is read to judge its content
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, Excel 97-2003
ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip, or an empty one


def zip_members(file: IO[bytes]) -> list[str]:
    """The parts a zip lists (read from its directory at the end, not unpacked); [] when it is
    not a readable zip, whatever is wrong with it."""
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except Exception:  # a damaged file may fail in any way: it is simply not a readable zip
        return []


def _opendocument(file: IO[bytes], kind: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.read("mimetype").strip() == f"application/vnd.oasis.opendocument.{kind}".encode()  # fmt: skip
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return False


def _office(folder: str) -> Callable[[bytes, IO[bytes]], bool]:
    def check(head: bytes, file: IO[bytes]) -> bool:
        names = zip_members(file) if head.startswith(ZIP) else []
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return check


def _text(head: bytes, file: IO[bytes]) -> bool:
    """Text, not a binary file under a text name: no NUL byte, and no known binary start."""
    return b"\x00" not in head and _kind_of(head, file, among=BINARY) is None


# What the content of each extension starts with (or holds), checked on the first bytes and, for
# a zip, on its list of parts.
CONTENT: dict[str, Callable[[bytes, IO[bytes]], bool]] = {
    # A PDF reader accepts the header anywhere in the first kilobyte.
    "pdf": lambda head, file: b"%PDF-" in head[:1024],
    # Word also saves rich text under .doc.
    "doc": lambda head, file: head.startswith((OLE2, b"{\\rtf")),
    "xls": lambda head, file: head.startswith(OLE2),
    "docx": _office("word/"),
    "xlsx": _office("xl/"),
    "pptx": _office("ppt/"),
    "odt": lambda head, file: head.startswith(ZIP) and _opendocument(file, "text"),
    "ods": lambda head, file: head.startswith(ZIP) and _opendocument(file, "spreadsheet"),
    "jpg": lambda head, file: head.startswith(b"\xff\xd8\xff"),
    "jpeg": lambda head, file: head.startswith(b"\xff\xd8\xff"),
    "png": lambda head, file: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "zip": lambda head, file: head.startswith(ZIP) and zipfile.is_zipfile(file),
    "csv": _text,
    "txt": _text,
}
# The kinds a text file must not be; the order names the most precise kind first.
BINARY = ("pdf", "xlsx", "docx", "pptx", "ods", "odt", "xls", "jpg", "png", "zip")


def _kind_of(head: bytes, file: IO[bytes], *, among: Sequence[str]) -> str | None:
    """The first of the kinds `among` whose content this is."""
    for kind in among:
        file.seek(0)
        if CONTENT[kind](head, file):
            return kind
    return None


def content_matches(file: IO[bytes], extension: str) -> bool:
    """Whether `file`'s content is of the type its extension says (True for an extension whose
    content is not known here)."""
    check = CONTENT.get(extension)
    if check is None:
        return True
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    try:
        file.seek(0)
        return check(head, file)
    finally:
        file.seek(0)


def check_upload(upload: UploadedFile, *, extensions: Sequence[str] | None = None) -> None:
    """Refuse a file of another type than `extensions` (default: the attachment types), by its
    name or by its content, or one larger than the upload limit."""
    name = upload.name or ""
    extension = PurePath(name).suffix.lower().lstrip(".")
    allowed = settings.DONDOC_UPLOAD_EXTENSIONS if extensions is None else extensions
    if extension not in allowed:
        raise forms.ValidationError(
            _("Tệp “%(name)s”: chỉ nhận các loại %(types)s.")
            % {"name": name, "types": ", ".join(allowed)}
        )
    limit = settings.DONDOC_MAX_UPLOAD_MB
    if (upload.size or 0) > limit * 1024 * 1024:
        raise forms.ValidationError(
            _("Tệp “%(name)s” lớn hơn %(mb)s MB.") % {"name": name, "mb": limit}
        )
    file = cast(IO[bytes], upload.open("rb"))  # a File reads and seeks like the file it wraps
    if not content_matches(file, extension):
        actual = _kind_of(file.read(SNIFF_BYTES), file, among=BINARY)
        file.seek(0)
        if actual:
            message = _(
                "Tệp “%(name)s” có phần mở rộng .%(extension)s nhưng nội dung là tệp "
                ".%(actual)s: hãy đổi phần mở rộng cho đúng rồi tải lên lại."
            )
        else:
            message = _(
                "Tệp “%(name)s” có phần mở rộng .%(extension)s nhưng nội dung không phải tệp "
                "loại đó (tệp hỏng hoặc bị đổi phần mở rộng)."
            )
        raise forms.ValidationError(
            message % {"name": name, "extension": extension, "actual": actual}
        )
