"""`dondoc send_notifications`: deliver the outbox's mail (README "Notifications")."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone

from dondoc.core.cli import day_option
from dondoc.core.dates import today
from dondoc.notifications.delivery import deliver_once, dry_run, worker_token
from dondoc.notifications.planning import plan_due


class Command(BaseCommand):
    help = (
        "Deliver the notifications due now (mail, each once however many copies run) and print "
        "one line: sent N reminders, M digests, F failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", help="The day the run plans for (dd/mm/yyyy or YYYY-MM-DD; default today)."
        )
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Repeat every --every seconds until interrupted, printing the runs that sent.",
        )
        parser.add_argument("--every", type=int, default=60, help="Seconds between runs (--loop).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["every"] < 1:
            raise CommandError("--every must be at least 1 second.")
        # The day whose reminders and digests are planned before delivery (with the days a
        # missed run left unplanned: notifications/planning.py); in a loop, today's each time.
        as_of = day_option(options["as_of"], "--as-of") if options["as_of"] else None
        if options["dry_run"]:
            self.stdout.write(plan_due(as_of or today(), dry_run=True).describe(dry_run=True))
            summary = dry_run(now=timezone.now())
            for line in summary.would_send:
                self.stdout.write(f"would send {line}")
            self.stdout.write(summary.line() + " (dry run: nothing was sent or changed)")
            return
        token = worker_token()
        try:
            while True:
                try:
                    planned = plan_due(as_of or today())
                    if options["verbosity"] >= 2:
                        self.stdout.write(planned.describe())
                    summary = deliver_once(token=token)
                except DatabaseError as error:
                    if not options["loop"]:
                        raise
                    # A busy database (another writer holding SQLite's lock) stops one round,
                    # not the loop: what it did not do is still due at the next.
                    self.stderr.write(f"{type(error).__name__}: {error}; thử lại sau / retrying")
                    time.sleep(options["every"])
                    continue
                if not options["loop"]:
                    self.stdout.write(summary.line())
                    return
                if summary.reminders or summary.digests or summary.failed:
                    self.stdout.write(summary.line())  # a loop says only what it did
                time.sleep(options["every"])
        except KeyboardInterrupt:
            return  # a claim held now runs out after its lease; its rows are sent by the next run
