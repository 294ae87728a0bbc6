import pytest
from django.db import transaction

from tests.guarantees.world import Register


@pytest.fixture(scope="module")
def register(django_db_setup, django_db_blocker):
    """One Register for the whole module, built once.

    It is built inside a transaction that is rolled back when the module ends;
    each test's own transaction (pytest-django's, as for any django_db test)
    nests inside it as a savepoint and is rolled back after the test, so every
    test still starts from the Register as built, whatever it posted. Objects
    held in memory are refreshed from the database where a test compares them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield Register()
        transaction.set_rollback(True)
