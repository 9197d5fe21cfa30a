"""Input from JSON into the report page's own forms, so that the API applies the same rules
with the same messages (submissions.forms.reporting.ItemForm).

A form reads what a browser posts: text. JSON also has numbers, booleans, lists and
objects, which some form fields cannot take (a date field given a number fails inside
Django), so each value's JSON type is checked first."""

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from submissions.forms.reporting import ItemForm
from submissions.models import Item, Report
from submissions.services import ITEM_FIELDS

BOOLEAN_FIELDS = {"is_lead_story", "leader_endorsed"}
TEXT_FIELDS = set(ITEM_FIELDS) - BOOLEAN_FIELDS
# Larger numbers are no id of ours (and no database integer).
MAX_ID = 2**63 - 1


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID


def type_errors(data: dict, *, with_version: bool) -> dict[str, list[str]]:
    """{field: [message]} for each value whose JSON type the field cannot take."""
    errors = {}
    for name in TEXT_FIELDS:
        if name in data and not isinstance(data[name], str):
            errors[name] = [_("Give text.")]
    for name in BOOLEAN_FIELDS:
        if name in data and not isinstance(data[name], bool):
            errors[name] = [_("Give true or false.")]
    if "authors" in data and not (
        isinstance(data["authors"], list) and all(_is_int(a) for a in data["authors"])
    ):
        errors["authors"] = [_("Give a list of ids of the unit's people.")]
    if with_version:
        if "version" not in data:
            errors["version"] = [str(forms.Field.default_error_messages["required"])]
        elif not _is_int(data["version"]):
            errors["version"] = [_("Give a whole number.")]
    return errors


def current_values(item: Item) -> dict:
    """An item's fields as JSON would give them: what a partial update starts from."""
    values = {name: getattr(item, name) for name in ITEM_FIELDS}
    values["published_on"] = item.published_on.isoformat()
    values["authors"] = [author.pk for author in item.authors.all()]
    return values


def item_form(data: dict, *, report: Report, item: Item | None = None) -> ItemForm:
    """The report page's item form, bound to JSON input (no files: clippings come later)."""
    data = {name: value for name, value in data.items() if name != "clippings"}
    if isinstance(data.get("version"), int):
        data["version"] = str(data["version"])
    return ItemForm(data, MultiValueDict(), instance=item, unit=report.unit, report=report)


def form_errors(form: forms.Form) -> dict[str, list[str]]:
    return {
        field: [error["message"] for error in errors]
        for field, errors in form.errors.get_json_data().items()
    }
