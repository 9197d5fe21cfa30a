"""Test data built once for all the tests of a module, rather than once for each of them."""

import copy

import pytest
from django.db import transaction


def once_per_module(build):
    """A module-scoped fixture giving what `build()` returns. `build` runs before the module's
    first test that asks for the fixture, in a transaction rolled back after the module's last
    test, as Django's TestCase does with setUpTestData.

    Each test still runs in a transaction of its own (the `db` fixture), nested in this one as
    a savepoint, so whatever a test changes in the database is undone before the next one:
    every test starts from the data as `build` left it. The objects `build` returns are the
    same for every test: a test that may change one in memory gets a deep copy (the module's
    `world` fixture returns `copy.deepcopy(...)`), as TestCase does with its class data.

    Only for modules whose tests all run in `db`: a `transactional_db` or `live_server` test
    would empty the tables and end the transaction."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            built = build()
            # Between tests the database is closed to tests that did not ask for it.
            with django_db_blocker.block():
                yield built
            transaction.set_rollback(True)

    return fixture


def built_once_per_module(build):
    """The three fixtures of a module whose tests all read the same objects, as

        shared, world, objs = built_once_per_module(build)

    where `build()` returns (world, objs): `world` the people and places (each test gets a
    deep copy, which it may change), `objs` what the tests look up (ids). The first name
    must be `shared`: the other two ask for it by that name."""
    shared = once_per_module(build)

    @pytest.fixture
    def world(shared, db):
        return copy.deepcopy(shared[0])

    @pytest.fixture
    def objs(shared):
        return shared[1]

    return shared, world, objs
