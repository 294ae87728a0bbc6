"""Load a benchmark-sized register (default 100,000 cases), set-based."""

import time
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand

from sharing.demo.bench_data import build


def _cases(value: str) -> int:
    """A whole number of cases, at least one: anything else is a one-line
    error from the argument parser, not a traceback from the loader."""
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise ArgumentTypeError("give a whole number of cases, 1 or more")
    return int(value)


class Command(BaseCommand):
    help = "Seed a benchmark dataset: organisations, users of every role, cases and their records."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cases", type=_cases, default=100_000)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        counts = build(options["cases"], stdout=self.stdout)
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(f"Loaded {summary} in {seconds:.1f} s.")
