"""Test data built once for all the tests of a module, rather than once for each of them."""

import copy

import pytest
from django.db import transaction


class Shared:
    """Data that `build()` wrote for the tests of one module, in a transaction of its own
    that is rolled back when they are done (or earlier, see `keep_to_what_the_test_asks`).
    `value` is what `build()` returned. Data built on other shared data (`needs`, whose
    values `build` is given) nests in their transactions, as a savepoint."""

    open = []  # those whose transaction is open, innermost last
    of_module = {}  # (module's node id, fixture name) -> Shared

    def __init__(self, build, blocker, needs=()):
        self.build, self.blocker, self.needs = build, blocker, needs
        self.atomic, self.value = None, None

    def begin(self):
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.open.append(self)
            try:
                self.value = self.build(*(need.value for need in self.needs))
            except BaseException:
                self.roll_back()
                raise

    def roll_back(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic, self.value = None, None
        self.open.remove(self)


def keep_to_what_the_test_asks(item, commits: bool):
    """Before each test (tests/conftest.py): only the shared data it asks for stays in the
    database. A test that asks for none sees none (the transaction is rolled back, and begun
    again with the data for the module's next test that asks); nor does a test that commits
    (`commits`: a `transactional_db` or `live_server` test), which must not run inside a
    transaction."""
    module = item.getparent(pytest.Module)
    wanted = (
        []
        if commits or module is None
        else [
            shared
            for (nodeid, name), shared in Shared.of_module.items()
            if nodeid == module.nodeid and name in item.fixturenames
        ]
    )
    # Innermost first, until none that is not wanted is left: the data nested in it goes too,
    # and is built again below if it is wanted.
    while any(shared not in wanted for shared in Shared.open):
        Shared.open[-1].roll_back()
    for shared in wanted:
        if shared.atomic is None:
            shared.begin()


def once_per_module(build, needs=()):
    """A module-scoped fixture giving a `Shared` whose `value` is what `build()` returns;
    `needs` names the module's shared data it is built on, whose values `build` is given.
    `build` runs before the module's first test that asks for the fixture, in a transaction
    rolled back after the module's last test, as Django's TestCase does with setUpTestData.

    Each test still runs in a transaction of its own (the `db` fixture), nested in this one as
    a savepoint, so whatever a test changes in the database is undone before the next one:
    every test starts from the data as `build` left it. The objects `build` returns are the
    same for every test: a test that may change one in memory gets a deep copy (the module's
    `world` fixture returns `copy.deepcopy(...)`), as TestCase does with its class data.

    Tests that do not ask for the fixture, and tests that commit, do not see the data
    (`keep_to_what_the_test_asks`)."""

    @pytest.fixture(scope="module")
    def fixture(request, django_db_setup, django_db_blocker):
        shared = Shared(build, django_db_blocker, [request.getfixturevalue(n) for n in needs])
        key = (request.node.nodeid, request.fixturename)
        Shared.of_module[key] = shared
        shared.begin()
        try:
            yield shared
        finally:
            shared.roll_back()
            del Shared.of_module[key]

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
        return copy.deepcopy(shared.value[0])

    @pytest.fixture
    def objs(shared):
        return shared.value[1]

    return shared, world, objs
