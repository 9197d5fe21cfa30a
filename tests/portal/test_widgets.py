"""portal.widgets.Select gives the very markup of Django's Select, built without templates."""

import pytest
from django import forms

from portal import widgets

CHOICES = [
    ("", "All years"),
    (2026, "2026"),
    ("a&b", 'Quotes " and <tags>'),
    ("Group", [("x", "X"), ("y", "Y")]),
]


@pytest.mark.parametrize("value", [None, "", 2026, "2026", "a&b", "y", ["x", "2026"], "nothing"])
@pytest.mark.parametrize(
    "attrs",
    [None, {"class": "select form-select", "id": "id_year"}, {"required": True, "disabled": False}],
)
def test_the_markup_is_djangos(value, attrs):
    ours = widgets.Select(choices=CHOICES).render("year", value, attrs)
    djangos = forms.Select(choices=CHOICES).render("year", value, attrs)
    assert ours == djangos


def test_a_multiple_select_keeps_its_markup_too():
    class Quick(widgets.Select, forms.SelectMultiple):
        """Our rendering of Django's multiple select."""

    ours = Quick(choices=CHOICES).render("o", ["x", "y"], {"id": "o"})
    assert ours == forms.SelectMultiple(choices=CHOICES).render("o", ["x", "y"], {"id": "o"})
