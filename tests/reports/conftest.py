import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _counted_afresh():
    """Each test counts its own figures: none kept from another test's data."""
    cache.clear()
    yield
    cache.clear()
