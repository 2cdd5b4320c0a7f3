from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.demo.people import DEMO_PASSWORD, PEOPLE
from dondoc.organisations.models import Unit, UnitKind
from dondoc.tasks.models import Task, TaskEvent

pytestmark = pytest.mark.django_db


def test_loading_the_demo_again_duplicates_nothing(capsys):
    counts = [m.objects.count() for m in (Unit, User, Task, TaskEvent)]
    call_command("load_demo")
    assert [m.objects.count() for m in (Unit, User, Task, TaskEvent)] == counts
    assert "0 đơn vị, 0 tài khoản và 0 nhiệm vụ mới" in capsys.readouterr().out


def test_every_printed_demo_log_in_works(capsys):
    call_command("load_demo")
    printed = capsys.readouterr().out
    assert DEMO_PASSWORD in printed
    for person in PEOPLE:
        assert person.username in printed
        client = Client()
        response = client.post(
            reverse("login"), {"username": person.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, person.username
        assert client.get(reverse("home")).status_code == 200


def test_the_demo_has_the_eleven_districts_with_their_codes_until_30_june_2025():
    districts = Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.CITY])
    assert set(districts.values_list("code", flat=True)) == {
        "thanh-pho-lang-son",
        "trang-dinh",
        "van-lang",
        "binh-gia",
        "bac-son",
        "van-quan",
        "cao-loc",
        "loc-binh",
        "chi-lang",
        "dinh-lap",
        "huu-lung",
    }
    assert {str(d.valid_to) for d in districts} == {"2025-06-30"}


def test_the_demos_bells_start_with_its_last_fortnight_unread_not_its_whole_history():
    import datetime as dt

    from dondoc.core.dates import today
    from dondoc.demo.services import UNREAD_DAYS
    from dondoc.notifications.models import Channel, Notification

    in_app = Notification.objects.filter(channel=Channel.IN_APP, recipient__username="vanphong")
    assert in_app.exists()  # the history told the office of its reports and requests
    unread = in_app.filter(read_at__isnull=True)
    recent = today() - dt.timedelta(days=UNREAD_DAYS)
    assert not unread.filter(event__effective_on__lt=recent).exists()
    assert unread.count() < in_app.count()
