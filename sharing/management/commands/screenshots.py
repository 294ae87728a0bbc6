"""``manage.py screenshots``: each role's main pages at desktop and phone
width, for docs/screenshots/; the work is sharing.demo.screenshots."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from sharing.demo.screenshots import take
from sharing.demo.seed import DEFAULT_DEMO_PASSWORD


class Command(BaseCommand):
    help = "Screenshot each role's main pages on a database seeded by seed_demo."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--out",
            default=str(Path(settings.BASE_DIR) / "docs" / "screenshots"),
            help="Folder for the PNG files (default: %(default)s).",
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_DEMO_PASSWORD,
            help="The demo users' password, as given to seed_demo (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = take(
            out=Path(options["out"]), password=options["password"], write=self.stdout.write
        )
        total = sum(file.stat().st_size for file in files) // 1024
        self.stdout.write(self.style.SUCCESS(f"{len(files)} screenshots, {total} KB in all."))
