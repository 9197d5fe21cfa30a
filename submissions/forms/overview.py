"""Filters of the overview pages (GET forms: a page's address holds its filters), and the
completeness page's remind buttons."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.clock import QUARTER_CHOICES
from portal.widgets import Select
from submissions.deadlines import FIRST_YEAR
from submissions.models import Category, MediaLevel, MediaType, ReviewResult
from submissions.selectors.overview import searchable_units

QUARTERS = QUARTER_CHOICES


def year_choices(today):
    return [(year, str(year)) for year in range(today.year, FIRST_YEAR - 1, -1)]


class PeriodForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, widget=Select)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, choices=QUARTERS, widget=Select
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(today)


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, widget=Select)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(today)


def _with_all(choices, label):
    return [("", label), *choices]


# Every select here is built in Python (portal.widgets): on the search page, with every
# unit of a province to choose from, a template per option was a quarter of the page.
class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=100,
        help_text=_(
            "Found in the title, outlet or author names; separate several words by spaces."
        ),
    )
    date_from = forms.DateField(
        label=_("Published from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Published until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    media_level = forms.ChoiceField(
        label=_("Media level"),
        required=False,
        choices=_with_all(MediaLevel.choices, _("All")),
        widget=Select,
    )
    media_type = forms.ChoiceField(
        label=_("Media type"),
        required=False,
        choices=_with_all(MediaType.choices, _("All")),
        widget=Select,
    )
    category = forms.ChoiceField(
        label=_("Content category"),
        required=False,
        choices=_with_all(Category.choices, _("All")),
        widget=Select,
    )
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=None, widget=Select)
    review_result = forms.ChoiceField(
        label=_("Review result"),
        required=False,
        choices=_with_all(ReviewResult.choices, _("All")),
        widget=Select,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only units in the person's scope can be chosen; another unit's id is invalid.
        self.fields["unit"].queryset = searchable_units(user)
        self.fields["unit"].empty_label = _("All units")

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        """The selector's keyword arguments (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "text": data["q"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "media_level": data["media_level"],
            "media_type": data["media_type"],
            "category": data["category"],
            "unit": data["unit"],
            "review_result": data["review_result"],
        }


class RemindForm(forms.Form):
    """Which quarter to remind of, and optionally one unit (all units missing otherwise)."""

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    quarter = forms.IntegerField(label=_("quarter"), min_value=1, max_value=4)
    unit = forms.IntegerField(label=_("unit"), required=False, min_value=1)
    # The province a national office's page was narrowed to: "all" reminds its units only.
    region = forms.IntegerField(label=_("region"), required=False, min_value=1)
