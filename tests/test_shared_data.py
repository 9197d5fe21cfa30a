"""The `world` fixture's people and places, and the data built on them (`aw`, `dw`,
`year_2026`), are built once for a module's tests and rolled back around each test
(tests/shared.py): each test sees them as built, and only the tests that ask for them see
them at all."""

from datetime import date

import pytest

from awards.models import Programme
from portal.models import Region, User
from tests.awards.conftest import aw  # noqa: F401 (a fixture)


def test_a_test_that_asks_finds_the_world_and_may_change_it(world):
    assert Region.objects.count() == 7
    assert User.objects.get(pk=world.reporter.pk).full_name == "王小燕"
    world.reporter.full_name = "改过的名字"
    world.reporter.save()
    Region.objects.filter(pk=world.qilicun.pk).delete()


def test_a_test_that_does_not_ask_finds_an_empty_database(db):
    assert not Region.objects.exists()
    assert not User.objects.exists()


def test_the_next_test_that_asks_finds_the_world_as_built(world):
    assert Region.objects.count() == 7
    assert world.reporter.full_name == "王小燕"
    assert User.objects.get(pk=world.reporter.pk).full_name == "王小燕"


@pytest.mark.django_db(transaction=True)
def test_a_test_that_commits_gets_a_world_of_its_own(world):
    assert Region.objects.count() == 7
    assert User.objects.get(pk=world.reporter.pk).full_name == "王小燕"


# --- Data built on the world: the award programme (`aw`) -------------------------------


def test_a_test_that_asks_for_the_programme_finds_it_and_may_change_it(aw):  # noqa: F811
    assert Programme.objects.get().title == "我的帮扶故事征文"
    Programme.objects.update(title="改过的标题")
    aw.programme.title = "改过的标题"


def test_a_test_of_the_world_alone_finds_the_world_and_no_programme(world):
    assert not Programme.objects.exists()
    assert User.objects.get(username="reporter").pk == world.reporter.pk


def test_the_next_test_that_asks_finds_the_programme_as_built(aw):  # noqa: F811
    assert aw.programme.title == "我的帮扶故事征文"
    assert Programme.objects.get().title == "我的帮扶故事征文"


def test_a_test_whose_fixture_moves_the_clock_gets_a_programme_built_after(late_2026, aw):  # noqa: F811
    # Built under the moved clock: the window is ten days either side of 4 December 2026.
    assert aw.programme.nomination_opens == date(2026, 11, 24)
    assert Programme.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_test_that_commits_gets_a_programme_of_its_own(aw):  # noqa: F811
    assert Programme.objects.get().pk == aw.programme.pk
