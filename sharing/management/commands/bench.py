"""``manage.py bench`` (``make bench``): the pages and jobs timed at benchmark
size; the measuring is sharing.demo.bench."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from sharing.demo.bench import check_options, measure


class Command(BaseCommand):
    help = "Benchmark pages and jobs at benchmark size (run seed_bench first). PostgreSQL only."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--warmup", type=int, default=2)
        parser.add_argument(
            "--json",
            default="",
            help="where to write the results (default: bench-results-<cases>.json)",
        )
        parser.add_argument(
            "--compare",
            nargs="*",
            default=None,
            help="earlier results at other sizes to print growth against "
            "(default: every bench-results-*.json here)",
        )
        parser.add_argument(
            "--dispose", type=int, default=1000, help="cases to dispose of (0: skip)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check_options(options)
        measure(options, self.stdout)
