"""The partnership's statistics: one page for a chosen period, its CSV and
its PDF appendix. Counts only, protected before they reach the page: no
record is shown, so no read is logged (tests/guarantees/test_read_log.py)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sharing.plumbing.replica import reads_from_replica

from . import charts, exports, permissions
from .figures import KEEP_MINUTES, counted_figures
from .forms import PeriodForm
from .rules import Period, reporting_year


def _period(request: HttpRequest) -> tuple[PeriodForm, Period | None]:
    """The period asked for in the address, or this reporting year; the form
    carries any error to the page."""
    if "start" in request.GET or "end" in request.GET:
        form = PeriodForm(_one_each(request.GET))
        return form, (form.period if form.is_valid() else None)
    period = reporting_year(timezone.localdate())
    return PeriodForm(initial={"start": period.start, "end": period.end}), period


def _one_each(query: QueryDict) -> dict[str, str]:
    # A repeated parameter is read as its last value, as a form field would.
    return {key: query.get(key, "") for key in ("start", "end")}


def _address(name: str, period: Period) -> str:
    return f"{reverse(name)}?{urlencode({'start': period.start, 'end': period.end})}"


@login_required
@require_http_methods(["GET", "POST"])
@reads_from_replica
def overview(request: HttpRequest) -> HttpResponse:
    permissions.require_statistics(request.user)
    if request.method == "POST":
        form = PeriodForm(request.POST)
        if form.is_valid():
            return redirect(_address("reports:overview", form.period))
        return _page(request, form, None)
    form, period = _period(request)
    return _page(request, form, period)


def _page(request: HttpRequest, form: PeriodForm, period: Period | None) -> HttpResponse:
    today = timezone.localdate()
    this_year = reporting_year(today)
    last_year = reporting_year(this_year.start.replace(year=this_year.start.year - 1))
    context: dict[str, object] = {
        "form": form,
        "period": period,
        "shortcuts": [
            ("This reporting year", this_year, _address("reports:overview", this_year)),
            ("Last reporting year", last_year, _address("reports:overview", last_year)),
        ],
    }
    if period is None:
        return render(request, "reports/overview.html", context, status=400)
    counted_at, sections = counted_figures(period, today)
    context.update(
        counted_at=counted_at,
        keep_minutes=KEEP_MINUTES,
        sections=[
            (section, [(table, charts.svg(table, period.label)) for table in section.tables])
            for section in sections
        ],
        csv_url=_address("reports:figures_csv", period),
        pdf_url=_address("reports:figures_pdf", period),
        how_to_read=exports.HOW_TO_READ,
    )
    return render(request, "reports/overview.html", context)


def _download(request: HttpRequest) -> Period | HttpResponse:
    permissions.require_statistics(request.user)
    form, period = _period(request)
    return period if period is not None else _page(request, form, None)


def _attachment(body: str | bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
@reads_from_replica
def figures_csv(request: HttpRequest) -> HttpResponse:
    period = _download(request)
    if isinstance(period, HttpResponse):
        return period
    _, sections = counted_figures(period, timezone.localdate())
    return _attachment(
        exports.figures_csv(sections, period),
        "text/csv; charset=utf-8",
        f"partnership-statistics-{period.slug}.csv",
    )


@login_required
@require_GET
@reads_from_replica
def figures_pdf(request: HttpRequest) -> HttpResponse:
    period = _download(request)
    if isinstance(period, HttpResponse):
        return period
    _, sections = counted_figures(period, timezone.localdate())
    return _attachment(
        exports.figures_pdf(sections, period, settings.REGISTER_PARTNERSHIP_NAME),
        "application/pdf",
        f"partnership-statistics-{period.slug}.pdf",
    )
