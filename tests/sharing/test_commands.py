"""Management commands refuse bad arguments with one line, never a traceback
(retention_sweep and seed_bench are tested with their own apps)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sharing.models import User

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--runs", "0"], "--runs must be 1 or more"),
        (["--runs", "-3"], "--runs must be 1 or more"),
        (["--warmup", "-1"], "--warmup must be 0 or more"),
        (["--dispose", "-5"], "--dispose must be 0"),
        (["--json", "/no/such/folder/results.json"], "Cannot write the results"),
        (["--json", "/"], "Cannot write the results"),
    ],
)
def test_bench_refuses_bad_arguments_before_measuring(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("bench", *arguments)


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["", "short", "   spaced   ", "with\x00nul-byte"])
def test_seed_demo_refuses_a_password_nobody_could_sign_in_with(password):
    with pytest.raises(CommandError, match="--password must be"):
        call_command("seed_demo", "--allow-without-debug", "--password", password)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "arguments",
    [
        ["bench", "--runs", "0"],
        ["bench", "--dispose", "-1"],
        ["seed_demo", "--allow-without-debug", "--password", ""],
    ],
)
def test_from_the_command_line_a_bad_argument_is_one_line(arguments, tmp_path):
    # An empty database of its own: a command that went ahead would fail
    # there (a traceback), never write to a real one.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("CommandError: "), done.stderr
