"""Choice labels from the per-language tables (portal.labels, the `label` filter): the same
text as get_FOO_display() in each language, translated."""

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.labels import choice_labels, display, field_labels
from portal.models import Membership, Role, Unit, UnitKind


@pytest.mark.parametrize(
    ("language", "reporter", "office"),
    [("zh-hans", "填报员", "扶贫办"), ("en", "Reporter", "Poverty-alleviation office")],
)
def test_labels_are_translated_in_each_language(language, reporter, office):
    with translation.override(language):
        assert choice_labels(Role)[Role.REPORTER] == reporter
        assert field_labels(Unit, "kind")[UnitKind.POVERTY_OFFICE] == office
        assert display(Unit(kind=UnitKind.POVERTY_OFFICE), "kind") == office


def test_a_language_does_not_get_anothers_table():
    with translation.override("en"):
        assert choice_labels(Role)[Role.REVIEWER] == "Reviewer"
    with translation.override("zh-hans"):
        assert choice_labels(Role)[Role.REVIEWER] == "审核员"
    with translation.override("en"):
        assert choice_labels(Role)[Role.REVIEWER] == "Reviewer"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_filter_shows_what_get_display_shows(language):
    template = Template('{% load labels %}{{ unit|label:"kind" }}|{{ m|label:"role" }}')
    with translation.override(language):
        for kind in UnitKind:
            for role in Role:
                unit, membership = Unit(kind=kind), Membership(role=role)
                expected = f"{unit.get_kind_display()}|{membership.get_role_display()}"
                rendered = template.render(Context({"unit": unit, "m": membership}))
                assert rendered == expected


def test_a_value_that_is_no_choice_shows_as_itself():
    assert display(Unit(kind="retired"), "kind") == Unit(kind="retired").get_kind_display()
    assert display(Unit(kind="retired"), "kind") == "retired"


def test_the_labels_are_escaped():
    # A label is text like any other: the filter's result is escaped when shown.
    unit = Unit(kind="<b>")
    assert (
        Template('{% load labels %}{{ unit|label:"kind" }}').render(Context({"unit": unit}))
        == "&lt;b&gt;"
    )
