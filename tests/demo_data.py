"""seed_demo once for all the tests of a module, rather than once for each of them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


def seeded_once(**options):
    """A module-scoped fixture that runs `seed_demo` (with `options`) before the module's
    first test that asks for it, gives its output, and rolls it back after the module's
    last test, as Django's TestCase does with setUpTestData.

    Each test still runs in a transaction of its own (the `db` fixture), nested in the
    seed's as a savepoint, so whatever a test changes is undone before the next one: every
    test starts from the data as seed_demo left it. Only for modules whose tests all run in
    `db`: a `transactional_db` or `live_server` test would empty the tables and end the
    seed's transaction, and the `world` fixture's regions would clash with the demo's codes.
    """

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            out = StringIO()
            call_command("seed_demo", stdout=out, **options)
            # Between tests the database is closed to tests that did not ask for it.
            with django_db_blocker.block():
                yield out.getvalue()
            transaction.set_rollback(True)

    return fixture
