import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.clock import QUARTER_CHOICES, china_today

DOC_NUMBER = re.compile(r"^\S{0,20}〔\d{4}〕\d{1,4}号$")


class PeriodForm(forms.Form):
    """Which summary to preview: the region and the year (and quarter)."""

    region = forms.ModelChoiceField(queryset=None, label=_("Region"), empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int, required=False
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class IssueForm(forms.Form):
    """What an administrator sets when issuing: the header of the document."""

    doc_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        help_text=_("In the official form, e.g. 陕扶办〔2026〕12号."),
    )
    issuer = forms.CharField(label=_("Issuing office"), max_length=100)
    issue_date = forms.DateField(label=_("Date of issue"), initial=china_today)
    title = forms.CharField(label=_("Title"), max_length=200)

    def clean_doc_number(self):
        value = self.cleaned_data["doc_number"].strip()
        value = value.replace("[", "〔").replace("]", "〕").replace("［", "〔").replace("］", "〕")
        if not DOC_NUMBER.match(value):
            raise forms.ValidationError(
                _("Write the number in the official form, e.g. 陕扶办〔2026〕12号.")
            )
        return value
