"""The people the task tests act as: the provincial office and a department's head."""

from __future__ import annotations

import pytest

from dondoc.accounts.models import User


@pytest.fixture
def office() -> User:
    return User.objects.get(username="vanphong")


@pytest.fixture
def head() -> User:
    return User.objects.get(username="sotaichinh")
