"""Every form of the project answers bad data with its own Vietnamese message, naming the field:
no Django default ("This field is required.", "Trường này là bắt buộc.", "Select a valid
choice…") in either language. The test finds the form classes itself, so a new form without a
way to build it here fails until it is added to FACTORIES."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import django
import django_filters
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import translation
from django.utils.datastructures import MultiValueDict

import dondoc
from dondoc.accounts.admin import UserCreationForm, UserEditForm
from dondoc.accounts.forms import LoginForm, ThrottledPasswordChangeForm
from dondoc.accounts.models import User
from dondoc.documents.forms import DocumentForm
from dondoc.notifications.forms import PreferencesForm
from dondoc.organisations.forms import PickForm, ReorganiseForm, TreeFilterForm
from dondoc.registers.forms import UploadForm
from dondoc.reports.forms import ReportForm
from dondoc.reports.page_forms import PeriodForm
from dondoc.reports.unit_views import ChaseAllForm
from dondoc.tasks import forms as task_forms
from dondoc.tasks.access import assigner_units, visible_tasks
from dondoc.tasks.filters import TaskFilter
from dondoc.tasks.models import Status
from dondoc.tasks.stats_form import StatsForm

pytestmark = pytest.mark.django_db


def _po_texts(path: Path) -> Iterator[str]:
    """Every msgid, msgid_plural and msgstr of a .po file."""
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if match:
            if current is not None:
                yield "".join(current)
            current = [match.group(2)]
        elif line.startswith('"') and current is not None:
            current.append(line[1:-1])
        else:
            if current is not None:
                yield "".join(current)
            current = None
    if current is not None:
        yield "".join(current)


def _pattern(text: str) -> re.Pattern[str] | None:
    text = text.replace('\\"', '"').replace("\\n", " ")
    words = re.sub(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}", " ", text).split()
    if len(words) < 3:  # "Yes", "%(value)s"…: too short to tell a message from
        return None
    pattern = re.escape(text.strip())
    pattern = re.sub(r"%\\\(\w+\\\)[sdr]|%[sd]|\\\{\w*\\\}", ".+?", pattern)
    return re.compile(pattern, re.IGNORECASE)


def _django_patterns() -> list[re.Pattern[str]]:
    """Django's messages in English and Vietnamese (core, contrib, django-filters), as patterns."""
    roots = [Path(django.__file__).parent, Path(django_filters.__file__).parent]
    files = [p for root in roots for p in root.rglob("locale/vi/LC_MESSAGES/django.po")]
    assert files, "Django's Vietnamese catalogue was not found"
    texts = {text for path in files for text in _po_texts(path) if text}
    return [p for text in texts if (p := _pattern(text)) is not None]


DJANGO = _django_patterns()


def _is_django(message: str) -> bool:
    # A value echoed in a message (300,000 x's) is shortened: a run of one character is never
    # part of Django's own wording, only of what fills its placeholders.
    message = re.sub(r"(.)\1{20,}", r"\1" * 20, message.strip())
    return any(p.fullmatch(message) for p in DJANGO)


def test_the_check_recognises_djangos_own_messages():
    with translation.override("vi"):
        required = str(forms.Field.default_error_messages["required"])
        choice = str(forms.ChoiceField.default_error_messages["invalid_choice"]) % {"value": "x"}
    assert _is_django(required) and _is_django(choice)
    assert _is_django("This field is required.")
    assert _is_django("Ensure this value has at most 10 characters (it has 12).")
    assert not _is_django("Hãy nhập hạn xử lý.")


# ---- every form class of the project, and how to build one here --------------------------------


def _project_form_classes() -> set[type]:
    for info in pkgutil.walk_packages(dondoc.__path__, "dondoc."):
        name = info.name
        if any(part in name for part in (".tests", "browser_tests", ".migrations", "conftest")):
            continue
        if name.endswith(("__main__", ".wsgi")):
            continue
        importlib.import_module(name)
    found: set[type] = set()
    stack: list[type] = [forms.BaseForm, django_filters.FilterSet]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            module = sub.__module__
            if module.startswith("dondoc.") and ".tests" not in module:
                found.add(sub)
    return found


# Base classes, never a page's form themselves.
BASES = {"dondoc.core.forms.Form", "dondoc.core.forms.ModelForm"}

Build = Callable[[dict[str, Any], dict[str, Any]], forms.BaseForm]


@pytest.fixture
def factories(rf: RequestFactory) -> dict[str, Build]:
    office = User.objects.get(username="vanphong")
    assigner = assigner_units(office)[0]
    task = visible_tasks(office).filter(current_status=Status.OPEN).first()
    assert task is not None
    request = rf.post("/")
    request.user = office

    def data(values: dict[str, Any]) -> MultiValueDict[str, Any]:
        return MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in values.items()})

    def action(form: type[task_forms.ActionForm]) -> Build:
        return lambda d, f: form(data(d), data(f), task=task)

    bases: list[type[task_forms.ActionForm]] = [
        task_forms.ActionForm,
        task_forms.WithFiles,
        task_forms.ReasonForm,
    ]
    built: dict[str, Build] = {
        f"dondoc.tasks.forms.{cls.__name__}": action(cls)
        for cls in [*task_forms.ACTION_FORMS.values(), *bases]
    }
    built |= {
        "dondoc.tasks.forms.TaskForm": lambda d, f: task_forms.TaskForm(data(d), assigner=assigner),
        "dondoc.tasks.stats_form.StatsForm": lambda d, f: StatsForm(data(d), user=office),
        "dondoc.reports.forms.ReportForm": lambda d, f: ReportForm(data(d), user=office),
        "dondoc.reports.page_forms.PeriodForm": lambda d, f: PeriodForm(
            data(d), user=office, assigner=True
        ),
        "dondoc.tasks.filters.TaskFilter": lambda d, f: (
            TaskFilter(data(d), queryset=visible_tasks(office), user=office).form
        ),
        "dondoc.tasks.filters.TaskFilterForm": lambda d, f: (
            TaskFilter(data(d), queryset=visible_tasks(office), user=office).form
        ),
        "dondoc.documents.forms.DocumentForm": lambda d, f: DocumentForm(data(d), data(f)),
        "dondoc.registers.forms.UploadForm": lambda d, f: UploadForm(data(d), data(f)),
        "dondoc.organisations.forms.TreeFilterForm": lambda d, f: TreeFilterForm(data(d)),
        "dondoc.organisations.forms.ReorganiseForm": lambda d, f: ReorganiseForm(data(d), data(f)),
        "dondoc.organisations.forms.PickForm": lambda d, f: PickForm(data(d)),
        "dondoc.accounts.forms.LoginForm": lambda d, f: LoginForm(request, data=data(d)),
        "dondoc.accounts.forms.ThrottledPasswordChangeForm": lambda d, f: (
            ThrottledPasswordChangeForm(office, data(d), request=request)
        ),
        "dondoc.reports.unit_views.ChaseAllForm": lambda d, f: ChaseAllForm(data(d)),
        "dondoc.notifications.forms.PreferencesForm": lambda d, f: PreferencesForm(
            data(d), wants={}
        ),
        "dondoc.accounts.admin.UserCreationForm": lambda d, f: UserCreationForm(data(d)),
        "dondoc.accounts.admin.UserEditForm": lambda d, f: UserEditForm(data(d), instance=office),
    }
    return built


def test_every_form_class_of_the_project_is_checked_here(factories):
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in _project_form_classes()}
    missing = names - set(factories) - BASES
    assert not missing, f"add these forms to FACTORIES in {__file__}: {sorted(missing)}"


# Each field sent each of these: nothing, words, a huge number, a negative one, a day that does
# not exist, one outside the accepted years, text too long for any field.
BAD_VALUES = ["", "không có", "9" * 30, "-5", "31/02/2025", "01/01/0001", "x" * 300_000, "0"]


def _payloads(form: forms.BaseForm) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    yield {}, {}
    names = [form.add_prefix(name) for name in form.fields]
    for value in BAD_VALUES:
        yield {name: value for name in names}, {}
    files = [n for n, f in form.fields.items() if isinstance(f, forms.FileField)]
    if files:
        empty = {n: SimpleUploadedFile("trong.csv", b"") for n in files}
        yield {}, empty
        named = {n: SimpleUploadedFile("a" * 300 + ".csv", b"x") for n in files}
        yield {}, named
    # Django's own checks of passwords and log-ins, for the forms that have them.
    special: list[dict[str, Any]] = [{"username": "vanphong", "password": "sai-mat-khau"}]
    for new in ("123", "12345678901", "password", "vanphong1"):
        special.append({"old_password": "DonDoc@2026", "new_password1": new, "new_password2": new})
        special.append({"username": "moi-1", "password1": new, "password2": new})
    special.append(
        {"old_password": "sai", "new_password1": "Khac@2026x", "new_password2": "Khac@2026y"}
    )
    special.append({"username": "moi-2", "password1": "Khac@2026x", "password2": "Khac@2026y"})
    special.append({"username": "vanphong", "password1": "Khac@2026x", "password2": "Khac@2026x"})
    for values in special:
        if set(values) <= set(form.fields) | {"username"} and set(values) & set(form.fields):
            yield values, {}


def _messages(form: forms.BaseForm) -> Iterator[tuple[str, str, str]]:
    for name, errors in form.errors.as_data().items():
        for error in errors:
            for message in (
                error.messages
                if not hasattr(error, "message")
                else [str(error.message % error.params if error.params else error.message)]
            ):
                yield name, str(getattr(error, "code", "")), message


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_form_answers_with_a_django_default_message(factories, language):
    found: list[str] = []
    checked = 0
    with translation.override(language):
        for key, build in sorted(factories.items()):
            for values, files in _payloads(build({}, {})):
                form = build(values, files)
                form.is_valid()
                for name, code, message in _messages(form):
                    checked += 1
                    if _is_django(message):
                        found.append(f"{key} {name} [{code}]: {message}")
    assert checked > 200
    assert not found, "\n".join(sorted(set(found)))


def test_a_required_field_is_asked_for_by_its_name(factories):
    unnamed = []
    with translation.override("vi"):
        for key, build in sorted(factories.items()):
            form = build({}, {})
            form = build({form.add_prefix(n): "" for n in form.fields}, {})
            form.is_valid()
            for name, errors in form.errors.as_data().items():
                field = form.fields.get(name)
                if field is None or field.widget.is_hidden:
                    continue
                label = str(field.label or "").casefold()
                for error in errors:
                    if error.code == "required" and label not in error.messages[0].casefold():
                        unnamed.append(f"{key} {name}: {error.messages[0]}")
    assert not unnamed, "\n".join(unnamed)


def test_no_choice_list_offers_djangos_dashes_for_none_chosen():
    from dondoc.documents.forms import DocumentForm
    from dondoc.tasks.filters import TaskFilter
    from dondoc.tasks.models import Task

    document = DocumentForm()
    assert '<option value="">— Chọn —</option>' in str(document["kind"])
    assert "---------" not in document.as_p()
    form = TaskFilter({}, queryset=Task.objects.none()).form
    for name in ("linh_vuc", "nguon"):
        assert '<option value="" selected>Tất cả</option>' in str(form[name])
    assert "---------" not in form.as_p()
