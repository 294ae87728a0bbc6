"""Run the retention sweep now, as the daily beat task does, and print a summary."""

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from retention.services import SweepAlreadyRunning, retention_sweep


class Command(BaseCommand):
    help = "Compute retention dates and flag records due for review or disposal."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--today", help="Sweep as if today were YYYY-MM-DD (default: today).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(
                    "--today must be a real date as YYYY-MM-DD, for example 2027-09-01."
                ) from error
        try:
            run = retention_sweep(today)
        except SweepAlreadyRunning as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Retention sweep for {today:%d/%m/%Y}: {run.processed} records read, "
            f"{run.changed} states changed, {run.newly_due} newly due."
        )
