"""``manage.py loadtest`` (``make loadtest``): the benchmark database over
real HTTP under load; the work is sharing.demo.loadtest."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sharing.demo.loadtest import measure


def _levels(value: str) -> list[int]:
    try:
        levels = [int(part) for part in value.split(",")]
    except ValueError:
        raise CommandError("--users takes numbers separated by commas, such as 10,50.") from None
    if not levels or min(levels) < 1:
        raise CommandError("--users takes numbers of 1 or more, such as 10,50.")
    return levels


class Command(BaseCommand):
    help = "Serve the benchmark database with gunicorn and drive it with locust (PostgreSQL)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--users", default="10,50", help="concurrent users, e.g. 10,50")
        parser.add_argument("--seconds", type=int, default=30, help="per page and level")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
        parser.add_argument("--locust", default=".venv-load/bin/locust")
        parser.add_argument("--json", default="loadtest-results.json")

    def handle(self, *args: Any, **options: Any) -> None:
        options["users"] = _levels(options["users"])
        if options["seconds"] < 1:
            raise CommandError("--seconds must be 1 or more.")
        if options["workers"] < 1:
            raise CommandError("--workers must be 1 or more.")
        measure(options, self.stdout)
