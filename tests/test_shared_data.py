"""The `world` fixture's people and places are built once for a module's tests and rolled
back around each test (tests/shared.py): each test sees them as built, and only the tests
that ask for them see them at all."""

import pytest

from portal.models import Region, User


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
