"""``manage.py seed_demo`` (``make run``): the demo organisations and users,
idempotent; the seeding is sharing.demo.seed.

Running it again changes nothing but re-printing what a demo user needs
(passwords are reset to the demo password; unused backup codes are kept, and
topped up only when a user has none left).
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from sharing.demo.seed import DEFAULT_DEMO_PASSWORD, seed


class Command(BaseCommand):
    help = "Seed the demo organisations and users (idempotent) and print how to sign in."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--password",
            default=DEFAULT_DEMO_PASSWORD,
            help="The password every demo user gets (default: %(default)s).",
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Seed even though DEBUG is off (tests, a disposable staging copy).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seed(
            password=options["password"],
            allow_without_debug=options["allow_without_debug"],
            stdout=self.stdout,
            style=self.style,
        )
