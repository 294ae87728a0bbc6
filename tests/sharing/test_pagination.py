"""A page of a list and its total cost two queries however long the list, and
the pages are the ones Django's own Paginator would give."""

import pytest
from django.core.paginator import Paginator

from sharing.models import Organisation
from sharing.plumbing.pagination import WindowPaginator
from tests.sharing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    OrganisationFactory.create_batch(12)
    return Organisation.objects.order_by("name", "pk")


@pytest.mark.parametrize(("asked", "number"), [("2", 2), (None, 1)])
def test_a_page_and_the_total_cost_two_queries(
    organisations, django_assert_num_queries, asked, number
):
    # The page's ids with the total, then its rows.
    with django_assert_num_queries(2):
        page = WindowPaginator(organisations, 5).get_page(asked)
        total = page.paginator.count
        shown = list(page.object_list)
    expected = Paginator(organisations, 5).get_page(asked)
    assert [o.pk for o in shown] == [o.pk for o in expected.object_list]
    assert (page.number, page.paginator.num_pages) == (number, expected.paginator.num_pages)
    assert total == expected.paginator.count
    assert page.has_next() and page.has_previous() == (number > 1)


@pytest.mark.parametrize(
    ("asked", "shown"), [("0", 3), ("abc", 1), (None, 1), ("2.0", 1), ("99", 3)]
)
def test_a_page_out_of_range_or_not_a_number_is_shown_as_django_shows_it(
    organisations, asked, shown
):
    page = WindowPaginator(organisations, 5).get_page(asked)
    expected = Paginator(organisations, 5).get_page(asked)
    assert page.number == expected.number == shown
    assert [o.pk for o in page.object_list] == [o.pk for o in expected.object_list]


def test_an_empty_list_has_one_empty_page():
    page = WindowPaginator(Organisation.objects.none(), 5).get_page("1")
    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])


def test_the_pager_links_keep_the_lists_other_parameters():
    """Previous and next keep the list's filters; the first page has no previous."""
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    pages = Paginator(list(range(60)), 25)
    middle = render_to_string(
        "cases/_pager.html", {"page": pages.page(2), "query": "status=open&direction=in"}
    )
    assert 'href="?status=open&amp;direction=in&amp;page=1" rel="prev"' in middle
    assert 'href="?status=open&amp;direction=in&amp;page=3" rel="next"' in middle
    assert "Page 2 of 3" in middle
    first = render_to_string("cases/_pager.html", {"page": pages.page(1), "query": ""})
    assert 'rel="prev"' not in first and 'href="?page=2" rel="next"' in first
