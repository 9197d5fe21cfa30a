from django import forms
from django.utils.translation import gettext_lazy as _


class RemindForm(forms.Form):
    """Which quarter to remind of, and optionally one unit (all units missing otherwise)."""

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    quarter = forms.IntegerField(label=_("quarter"), min_value=1, max_value=4)
    unit = forms.IntegerField(label=_("unit"), required=False, min_value=1)
