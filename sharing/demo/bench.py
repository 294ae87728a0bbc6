"""Measure the main pages and jobs at benchmark size (after seed_bench), on
PostgreSQL: the work of ``manage.py bench``.

Each page: warm-up, then several runs; median and 95th percentile server time
(the request handled in-process, middleware and rendering included) and query
count; beside it, its floor: the execution time of the page's slowest SQL
statement run directly under EXPLAIN ANALYZE, and the ratio page/floor."""

import glob
import json
import os
import resource
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib import admin
from django.core.cache import cache
from django.core.management.base import CommandError, OutputWrapper
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from cases.models import Case, Person
from retention.models import RetentionState, Status
from retention.services import disposal, retention_sweep
from sharing.models import Decision, User

from .bench_data import NAMED_CASES
from .bench_report import EMPTY_PAGE, table

# Periods inside the benchmark's data (cases opened 2014 to 2024).
STATISTICS_YEAR = "/statistics/?start=2020-04-01&end=2021-03-31"
STATISTICS_FIVE_YEARS = "/statistics/?start=2019-04-01&end=2024-03-31"


def _client(user: User) -> Client:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _peak_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes):
    batches keep it flat however many records a job reads."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _floor_ms(sql: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return float(plan[0]["Execution Time"])


def _measure(fn: Callable[[], Any], runs: int, warmup: int) -> dict[str, Any]:
    for _ in range(warmup):
        fn()
    times, counts, slowest_sql = [], [], ""
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        counts.append(len(ctx.captured_queries))
        # The floor is the page's slowest read: writes (the read log) and
        # transaction control are not the page's SQL to be compared with.
        reads = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        slowest = max(reads, key=lambda q: float(q["time"]), default=None)
        if slowest:
            slowest_sql = slowest["sql"]
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    floor = _floor_ms(slowest_sql) if slowest_sql else None
    median = statistics.median(times)
    return {
        "median_ms": round(median, 1),
        "p95_ms": round(p95, 1),
        "queries": max(counts),
        "floor_ms": round(floor, 2) if floor is not None else None,
        "ratio": round(median / floor, 1) if floor else None,
    }


def check_options(options: dict[str, Any]) -> None:
    """Refuse bad arguments at once, in one line, before minutes of measuring
    end in a traceback (no runs to take a median of, a negative slice, a
    results file that cannot be written)."""
    if options["runs"] < 1:
        raise CommandError("--runs must be 1 or more.")
    if options["warmup"] < 0:
        raise CommandError("--warmup must be 0 or more.")
    if options["dispose"] < 0:
        raise CommandError("--dispose must be 0 (skip) or more.")
    for earlier in options.get("compare") or ():
        if not Path(earlier).is_file():
            raise CommandError(f"Cannot read {earlier}: give results written by an earlier bench.")
    if not options["json"]:
        return  # bench-results-<cases>.json in this folder, checked when written
    target = Path(options["json"])
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK):
        raise CommandError(
            f"Cannot write the results to {target}: give a file in a folder that exists."
        )


class CaseChangelist(admin.ModelAdmin):
    list_display = ("reference", "team", "status", "opened_on")
    list_select_related = ("team",)


def measure(options: dict[str, Any], stdout: OutputWrapper) -> None:
    """Measure every page and job, print the table and write the JSON
    (``options`` as the command parses them, already checked)."""
    if connection.vendor != "postgresql":
        raise CommandError(
            "make bench needs PostgreSQL: set DATABASE_URL=postgres://... and run seed_bench first."
        )
    worker = User.objects.filter(username="bench.worker.0.0").first()
    if worker is None:
        raise CommandError("No benchmark data: run `python manage.py seed_bench` first.")
    scpo = User.objects.get(username="bench.scpo.00")
    dpo = User.objects.get(username="bench.dpo")
    named = User.objects.filter(username="bench.named").first()
    if named is None:
        raise CommandError("The benchmark data is older than this command: run seed_bench again.")
    runs, warmup = options["runs"], options["warmup"]
    case_id = Case.objects.filter(team__group__user=worker).values_list("pk", flat=True).first()
    if case_id is None:
        raise CommandError("The benchmark worker has no case: run seed_bench again.")
    decision_id = Decision.objects.filter(case_id=case_id).values_list("pk", flat=True).first()
    clients = {user.pk: _client(user) for user in (worker, named, scpo, dpo)}
    # A surname the worker would look for: their first case's child's.
    surname = (
        Person.objects.filter(participations__case_id=case_id, participations__role="child")
        .values_list("last_name", flat=True)
        .first()
    )
    child_id = (
        Person.objects.filter(participations__case_id=case_id, participations__role="child")
        .values_list("pk", flat=True)
        .first()
    )
    # Searches post their terms and show results at ?s=<token> (no names
    # in addresses): the results page is what is measured.
    search_url = clients[worker.pk].post("/cases/", {"search": "1", "q": surname})["Location"]
    person_search_url = clients[worker.pk].post("/people/", {"search": "1", "q": surname})[
        "Location"
    ]
    pages = [
        # What every signed-in page pays before it reads anything: session,
        # user, second factor, roles, navigation. Pages whose main statement
        # is an index lookup cannot be faster than this, whatever their floor;
        # every other page is read beside it (bench_report).
        (EMPTY_PAGE, worker, "/accessibility/"),
        ("Home page (worker)", worker, "/"),
        ("Case list (worker)", worker, "/cases/"),
        # Cost follows what the user may see, not the size of the register.
        (f"Case list (practitioner given {NAMED_CASES} cases)", named, "/cases/"),
        ("Case search by name", worker, search_url),
        ("Case detail", worker, f"/cases/{case_id}/"),
        ("Request dashboard (unit)", worker, "/requests/"),
        # Offers the case's people, not everyone the worker may see.
        ("Send a request, from a case", worker, f"/requests/outgoing/new/?case={case_id}"),
        ("SCPO inbox", scpo, "/requests/inbox/"),
        ("Decision record", worker, f"/decisions/{decision_id}/"),
        ("Decisions page (worker)", worker, "/decisions/"),
        ("Decisions page (DPO)", dpo, "/decisions/"),
        (f"Decisions page (practitioner given {NAMED_CASES} cases)", named, "/decisions/"),
        ("Find a person by name", worker, person_search_url),
        ("Person's page", worker, f"/people/{child_id}/"),
        ("DPO retention dashboard", dpo, "/retention/"),
        # Counts for the partnership's annual report (the DPO sees them as the
        # business manager does): grouped queries, so the cost follows the
        # period's share of the register, not a query per record.
        ("Partnership statistics, one year", dpo, STATISTICS_YEAR),
        ("Partnership statistics, five years", dpo, STATISTICS_FIVE_YEARS),
    ]
    results: dict[str, Any] = {
        "cases": Case.objects.count(),
        "measured_at": timezone.now().isoformat(),
    }
    # The sweep first, so the DPO's dashboard is measured with the states it
    # produces (on a fresh load it has none).
    started = time.perf_counter()
    run = retention_sweep(date.today())
    sweep_row = (
        "Retention sweep, all records",
        {
            "seconds": round(time.perf_counter() - started, 1),
            "records": run.processed,
            "peak_mb": _peak_mb(),
        },
    )
    # What autovacuum does within a minute or two of the sweep's 400,000 new
    # states (statistics, visibility map), done now so that it does not
    # run on the second core while the pages are measured.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    rows = []
    for name, user, url in pages:
        client = clients[user.pk]

        def get(client: Client = client, url: str = url) -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")

        rows.append((name, _measure(get, runs, warmup)))

    # The statistics as first opened: the figures counted and the charts drawn
    # afresh each run (the rows above read what the warm-up kept for 10 minutes).
    for name, url in (
        ("Partnership statistics, one year, counted afresh", STATISTICS_YEAR),
        ("Partnership statistics, five years, counted afresh", STATISTICS_FIVE_YEARS),
    ):

        def afresh(client: Client = clients[dpo.pk], url: str = url) -> None:
            cache.clear()
            if client.get(url).status_code != 200:
                raise CommandError(f"{url} did not answer 200")

        rows.append((name, _measure(afresh, runs, warmup)))

    # The everyday alternative: the Django admin changelist of cases at the same size.
    site = admin.AdminSite(name="bench")
    model_admin = CaseChangelist(Case, site)
    superuser = User(username="bench-admin", is_superuser=True, is_staff=True, is_active=True)
    factory = RequestFactory()

    def changelist() -> None:
        request = factory.get("/admin/cases/case/")
        request.user = superuser
        request.session = {}  # type: ignore[assignment]
        # The changelist's own work (count, page of rows, filters); its
        # template needs the admin's URLs, which this site does not serve.
        changelist = model_admin.get_changelist_instance(request)
        list(changelist.result_list)

    rows.append(("Admin changelist of cases, data only", _measure(changelist, runs, warmup)))
    rows.append(sweep_row)

    if options["dispose"]:
        due = list(
            RetentionState.objects.filter(
                record_type="case", status__in=[Status.DUE_REVIEW, Status.DUE_DISPOSAL]
            ).values_list("pk", flat=True)[: options["dispose"]]
        )
        RetentionState.objects.filter(pk__in=due).update(
            status=Status.APPROVED, approved_by=dpo, approved_at=timezone.now()
        )
        started = time.perf_counter()
        disposed = disposal.dispose_approved(limit=len(due))
        rows.append(
            (
                "Disposal of approved cases",
                {
                    "seconds": round(time.perf_counter() - started, 1),
                    "records": disposed,
                    "peak_mb": _peak_mb(),
                },
            )
        )

    results["results"] = dict(rows)
    stdout.write(f"\nBenchmark at {results['cases']} cases ({runs} runs after {warmup} warm-up)\n")
    stdout.write(
        f"{'measurement':44} {'median ms':>10} {'p95 ms':>8} {'queries':>8} "
        f"{'floor ms':>9} {'ratio':>6}"
    )
    for name, r in rows:
        if "seconds" in r:
            stdout.write(
                f"{name:44} {r['seconds']:>9}s over {r['records']} records, "
                f"process peak {r['peak_mb']} MB"
            )
        else:
            floor = r["floor_ms"] if r["floor_ms"] is not None else "-"
            ratio = r["ratio"] if r["ratio"] else "-"
            stdout.write(
                f"{name:44} {r['median_ms']:>10} {r['p95_ms']:>8} {r['queries']:>8} "
                f"{floor:>9} {ratio:>6}"
            )
    target = options["json"] or f"bench-results-{results['cases']}.json"
    compare = options["compare"]
    if compare is None:
        compare = [path for path in sorted(glob.glob("bench-results-*.json")) if path != target]
    earlier = []
    for path in compare:
        with open(path, encoding="utf-8") as handle:
            earlier.append(json.load(handle))
    for line in table(results, earlier):
        stdout.write(line)
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)
    stdout.write(f"\nJSON written to {target}")
