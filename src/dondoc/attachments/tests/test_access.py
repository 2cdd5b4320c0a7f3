"""Who may download a file is decided by the app that owns what the file is attached to."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core import checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.attachments.access import owner_problems, register_owner
from dondoc.attachments.models import OWNER_FIELDS, Attachment
from dondoc.attachments.services import attachments_store
from dondoc.documents.models import Document
from dondoc.tasks.models import TaskEvent

APP = Path(__file__).resolve().parents[1]


@pytest.fixture
def document_file(db, settings, tmp_path) -> Attachment:
    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.filter(issuer__code="lang-son").first()
    assert document is not None
    upload = SimpleUploadedFile("ket-luan.pdf", b"%PDF-1.4 ket luan", "application/pdf")
    [stored] = attachments_store([upload], actor=None, document=document)
    return stored


def test_the_old_link_of_a_file_in_users_mail_still_downloads_it(client_as, document_file):
    response = client_as("vanphong").get(f"/nhiem-vu/tep/{document_file.token}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ket luan"
    assert reverse("attachments:download", args=[document_file.token]) == (
        f"/nhiem-vu/tep/{document_file.token}/"
    )


def test_a_document_file_is_hidden_from_whoever_may_not_see_the_document(client_as, document_file):
    url = reverse("attachments:download", args=[document_file.token])
    assert client_as("caoloc").get(url).status_code == 404
    assert client_as("vanphong").get("/nhiem-vu/tep/no-such-token/").status_code == 404


def test_each_owner_field_has_an_access_rule_registered_by_its_app():
    assert [m for m in checks.run_checks() if m.id == "attachments.E001"] == []
    problems = owner_problems({"document": lambda user, pk: True}, fields=OWNER_FIELDS)
    assert [p.id for p in problems] == ["attachments.E001"]
    assert "Attachment.event" in problems[0].msg


def test_only_a_field_of_the_model_can_be_registered_as_an_owner():
    with pytest.raises(ValueError, match="no owner field 'inspection'"):
        register_owner("inspection", lambda user, pk: True)


@pytest.mark.django_db
def test_a_file_needs_exactly_one_known_owner():
    event, document = TaskEvent.objects.first(), Document.objects.first()
    actor = User.objects.first()
    with pytest.raises(TypeError, match="one owner"):
        attachments_store([], actor=actor, event=event, document=document)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="one owner"):
        attachments_store([], actor=actor, task=event.task)  # type: ignore[union-attr]


def test_the_attachments_app_imports_none_of_its_owners():
    imported = set()
    for path in APP.rglob("*.py"):
        if "tests" in path.relative_to(APP).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
    apps = {".".join(name.split(".")[:2]) for name in imported if name.startswith("dondoc.")}
    assert apps <= {"dondoc.attachments", "dondoc.accounts", "dondoc.core"}, apps
