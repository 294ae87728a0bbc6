"""The benchmark dataset is built like the real thing: each worker sees their
team's cases only, each SCPO their own requests only."""

import pytest
from django.core.management import call_command

from cases.models import Case
from cases.permissions import cases_visible_to
from requests.models import InformationRequest
from requests.selectors import scpo_inbox
from sharing.models import User

pytestmark = pytest.mark.django_db


def test_seed_bench_builds_a_register_with_the_services_permissions(capsys):
    call_command("seed_bench", "--cases", "40")
    assert Case.objects.count() == 40
    assert InformationRequest.objects.count() == 120
    worker = User.objects.get(username="bench.worker.0.0")
    visible = cases_visible_to(worker)
    assert 0 < visible.count() < 40
    assert set(visible.values_list("team_id", flat=True)) == {
        Case.objects.get(pk=visible.first().pk).team_id
    }
    # A practitioner given cases by name, as "Who has access" gives them.
    named = User.objects.get(username="bench.named")
    assert cases_visible_to(named).count() == 20
    assert not cases_visible_to(named, "change_case").exists()
    scpo = User.objects.get(username="bench.scpo.00")
    assert all(r.recipient_id == scpo.pk for r in scpo_inbox(scpo, include_closed=True))
    assert Case.history.count() == 40
    assert "Loaded 40 cases" in capsys.readouterr().out


def test_bench_refuses_without_postgresql_and_says_so(monkeypatch):
    from django.core.management.base import CommandError
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("bench")


@pytest.mark.django_db(transaction=True)
def test_bench_measures_every_page_and_job_on_postgresql(tmp_path, capsys):
    """`make bench` end to end on a small register (CI runs the suite on PostgreSQL)."""
    import json

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("make bench needs PostgreSQL; CI runs this on PostgreSQL")
    from django.contrib.auth.models import Group

    from sharing.roles import Role
    from tests.requests.factories import gateway
    from tests.retention.factories import ensure_rules

    # A transactional test may have flushed what the data migrations made.
    gateway("ca2004-s14b")
    ensure_rules()
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    call_command("seed_bench", "--cases", "60")
    out = tmp_path / "bench.json"
    call_command("bench", "--runs", "1", "--warmup", "0", "--dispose", "3", "--json", str(out))
    results = json.loads(out.read_text())["results"]
    for page in (
        "Case list (worker)",
        "Case list (practitioner given 20 cases)",
        "Case search by name",
        "Send a request, from a case",
        "SCPO inbox",
        "Decision record",
        "Decisions page (worker)",
        "Find a person by name",
        "Person's page",
    ):
        assert results[page]["queries"] <= 15, page
    # The statistics: the same grouped queries for one year or five.
    assert (
        results["Partnership statistics, one year"]["queries"]
        == results["Partnership statistics, five years"]["queries"]
        <= 25
    )
    assert results["Retention sweep, all records"]["records"] > 0
    assert results["Disposal of approved cases"]["records"] == 3
    assert "Benchmark at 60 cases" in capsys.readouterr().out
