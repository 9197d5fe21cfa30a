"""`{% load labels %}` then `{{ item|label:"media_level" }}`: the same text as
`{{ item.get_media_level_display }}`, from a table built once per language (portal.labels)."""

from django import template

from portal.labels import display

register = template.Library()


@register.filter
def label(obj, field_name: str):
    return display(obj, field_name)
