"""The readable labels of choices, looked up in a table built once per language.

`obj.get_FOO_display()` rebuilds the field's {value: label} dict on every call and each lazy
label runs gettext again: on a page listing 200 items, several times per item, that was a
quarter of the page's time. The tables here are built the first time a language asks for
them and kept for the life of the process, as the translations are; a change to the
language settings (tests) starts them afresh.
"""

from functools import cache

from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.translation import get_language


def choice_labels(choices: type[models.Choices]) -> dict:
    """{value: label} of a choices class, in the active language."""
    return _choice_labels(choices, get_language())


def field_labels(model: type[models.Model], field_name: str) -> dict:
    """{value: label} of a model field's choices, in the active language."""
    return _field_labels(model, field_name, get_language())


def display(obj: models.Model, field_name: str):
    """What obj.get_<field_name>_display() gives (the value itself when it is no choice)."""
    value = getattr(obj, field_name)
    return field_labels(type(obj), field_name).get(value, value)


# The language is part of the key: str() below translates into the active one, which is it.
@cache
def _choice_labels(choices: type[models.Choices], language: str | None) -> dict:
    return {value: str(label) for value, label in choices.choices}


@cache
def _field_labels(model: type[models.Model], field_name: str, language: str | None) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


@receiver(setting_changed)
def _forget_on_language_settings(*, setting, **kwargs) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _choice_labels.cache_clear()
        _field_labels.cache_clear()
