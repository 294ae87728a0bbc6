"""A page of a long list without a separate count.

Django's Paginator counts (one query over every visible row), then fetches
the page (a second query over the same rows, to sort them). A safeguarding
worker may see thousands of cases, and each of those queries reads them all.
Here one narrow query (ids, sort key and ``COUNT(*) OVER ()``) finds the
page and the total, and a second reads the page's rows by primary key."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window


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
