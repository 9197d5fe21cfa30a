from django import template

from awards.selectors import unit_awards as awards_of_unit

register = template.Library()


@register.inclusion_tag("awards/_unit_awards.html")
def unit_awards(unit):
    """The final awards a unit (or its people and authors) won, for the unit's page."""
    return {"awards": list(awards_of_unit(unit))}
