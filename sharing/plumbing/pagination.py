"""A page of a long list without a separate count.

Django's Paginator counts (one query over every visible row), then fetches
the page (a second query over the same rows, to sort them). A safeguarding
worker may see thousands of cases, and each of those queries reads them all.
Here one narrow query (ids, sort key and ``COUNT(*) OVER ()``) finds the
page and the total, and a second reads the page's rows by primary key."""

from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Window


class WindowPaginator(Paginator):
    """Paginator for querysets: ``get_page`` reads the page's ids and the total
    in one query, then the page's rows. Past the last page, with nothing to
    show, or for something that is not a page number, it leaves the answer to
    Django's own ``get_page``."""

    def get_page(self, number: Any) -> Page:
        try:
            # No page asked for (the usual first visit) is the first page.
            asked = 1 if number in (None, "") else int(number)
        except (TypeError, ValueError):
            asked = 0
        if asked < 1:  # not a page number: Django's answer, whatever it costs
            return super().get_page(number)
        number = asked
        bottom = (number - 1) * self.per_page
        queryset: Any = self.object_list
        # The page's ids and the total from a narrow row (id and sort key), then
        # the page's full rows by id: sorting every visible full row to keep a
        # page's worth cost markedly more (docs/performance.md).
        top = list(
            queryset.annotate(paginator_total=Window(Count("pk"))).values_list(
                "pk", "paginator_total"
            )[bottom : bottom + self.per_page]
        )
        if not top:
            return super().get_page(number)
        # Paginator.count is a cached_property: set its cached value.
        self.__dict__["count"] = top[0][1]
        ids = [pk for pk, _ in top]
        if queryset.query.annotations:
            full = queryset.filter(pk__in=ids)
        else:
            # These ids have just passed the list's need-to-know filter.
            full = queryset.model._default_manager.filter(pk__in=ids)
            full.query.select_related = queryset.query.select_related
            full._prefetch_related_lookups = queryset._prefetch_related_lookups
        by_id = {row.pk: row for row in full}
        return Page([by_id[pk] for pk in ids if pk in by_id], number, self)


# Counted up to here, then "more than 1,000": counting every case a team may
# see to print one number cost more than reading the page (docs/performance.md).
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A list whose count stops at ``cap`` ("more than 1,000") and whose pages
    past it are read by keyset (``after`` the last row shown, in the list's
    order) rather than by offset, so no page reads more than ``cap`` rows
    however many there are. The queryset must be ordered by ``keys`` (a date
    or number field, then "pk"), newest first."""

    def __init__(
        self, object_list: Any, per_page: int, *, keys: tuple[str, str], cap: int | None = None
    ) -> None:
        super().__init__(object_list, per_page)
        self.queryset: QuerySet[Any] = object_list
        self.keys = keys
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        # Only the ids, unordered, at most one past the cap: the count never
        # sorts or reads more than that (COUNT over a LIMIT subquery).
        return int(self.queryset.order_by().values("pk")[: self.cap + 1].count())

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def cap_label(self) -> str:
        return f"{self.cap:,}"

    @property
    def num_pages(self) -> int:
        # Offset pages stop at the cap; beyond it the last offset page links on
        # by keyset.
        return max(1, -(-min(self.count, self.cap) // self.per_page))

    def page(self, number: Any) -> Page:
        # A full page's rows at the offset: Paginator.page would stop the last
        # page at the (capped) count.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(list(self.queryset[bottom : bottom + self.per_page]), number, self)

    def after_token(self, row: Any) -> str:
        return f"{getattr(row, self.keys[0]).isoformat()}_{row.pk}"

    def page_after(self, token: str) -> "KeysetPage | None":
        """The page of rows after the one ``token`` names, or None for a token
        that is not one (the caller shows the first page)."""
        field = self.keys[0]
        try:
            key, pk = token.rsplit("_", 1)
            value: Any = self.queryset.model._meta.get_field(field).to_python(key)
            last_pk = int(pk)
        except (ValueError, ValidationError):
            return None
        if value is None:
            return None
        rows = list(
            self.queryset.filter(
                Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": last_pk})
            )[: self.per_page + 1]
        )
        return KeysetPage(rows[: self.per_page], self, has_next=len(rows) > self.per_page)

    def next_token(self, page: Page) -> str:
        """Where the last offset page of a capped list links on to."""
        return self.after_token(page.object_list[-1]) if page.object_list else ""


class KeysetPage:
    """A page read after a row rather than at an offset: it knows whether there
    is a next page, not its number."""

    number = None

    def __init__(self, rows: list[Any], paginator: CappedPaginator, *, has_next: bool) -> None:
        self.object_list = rows
        self.paginator = paginator
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next and bool(self.object_list)

    def has_previous(self) -> bool:
        return True

    def has_other_pages(self) -> bool:
        return True

    @property
    def next_token(self) -> str:
        return self.paginator.after_token(self.object_list[-1]) if self.has_next() else ""


def capped_page(paginator: CappedPaginator, params: Any) -> "Page | KeysetPage":
    """The page the request's ``page`` or ``after`` asks for (the first page
    for anything else)."""
    after = params.get("after")
    if after:
        keyset = paginator.page_after(after)
        if keyset is not None:
            return keyset
    return paginator.get_page(params.get("page"))


def capped_pager(page: "Page | KeysetPage", query: str) -> dict[str, str]:
    """What the pager shows for a capped list: where it is, and the links to
    the previous and next pages (``query``: the list's other parameters)."""
    paginator = page.paginator
    if not isinstance(paginator, CappedPaginator):
        raise TypeError("capped_pager needs a page of a CappedPaginator")
    prefix = f"?{query}&" if query else "?"
    if isinstance(page, KeysetPage):
        return {
            "where": f"Past the first {paginator.cap:,}",
            "previous": f"{prefix}page=1",
            "previous_label": "First page",
            "next": f"{prefix}after={page.next_token}" if page.has_next() else "",
        }
    links = {
        "where": f"Page {page.number} of {paginator.num_pages}"
        + (" and more" if paginator.capped else ""),
        "previous": f"{prefix}page={page.number - 1}" if page.has_previous() else "",
        "previous_label": "Previous",
        "next": f"{prefix}page={page.number + 1}" if page.has_next() else "",
    }
    if not page.has_next() and paginator.capped and page.object_list:
        links["next"] = f"{prefix}after={paginator.next_token(page)}"
    return links
