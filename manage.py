#!/usr/bin/env python
"""Django's command-line utility for the register."""

import os
import sys


def main() -> None:
    # The embedded default: a developer's machine with SQLite and in-process tasks.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
