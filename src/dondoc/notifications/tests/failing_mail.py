"""A mail backend that fails as an unreachable mail server does, for the delivery tests
(settings.EMAIL_BACKEND = "dondoc.notifications.tests.failing_mail.RefusingBackend")."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
