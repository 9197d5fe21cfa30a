"""Forms for campaigns, activities and assignment progress. They clean input only; the
rules about states and roles live in campaigns.services."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from campaigns.models import Activity, Campaign, Phase, Progress
from campaigns.services import SUMMARY_FIGURES
from portal.models import Unit
from submissions.forms.reporting import MultipleFileField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.region.name}）"


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.region.name}）"


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(VersionForm):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CampaignForm(forms.ModelForm):
    owner_unit = UnitChoiceField(label=_("Organising unit"), queryset=Unit.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Campaign
        fields = ["kind", "year", "title", "theme", "guiding_text", "summary_due"]
        widgets = {
            "guiding_text": forms.Textarea(attrs={"rows": 4}),
            "summary_due": DATE,
        }

    def __init__(self, *args, owner_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The years a copy may have too: outside them the dates cannot be moved (a 500).
        self.fields["year"].validators += [MinValueValidator(2000), MaxValueValidator(2100)]
        self.fields["year"].widget.attrs.update(min=2000, max=2100)
        if owner_units is None:
            del self.fields["owner_unit"]
        else:
            self.fields["owner_unit"].queryset = owner_units
            if len(owner_units) == 1:
                self.fields["owner_unit"].initial = owner_units[0]

    def service_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


# The most phases a campaign can have. Past it the formset refuses the post with a message
# before building a form more, so a forged TOTAL_FORMS cannot have Django build 2,000.
MAX_PHASES = 20

PhaseFormSet = inlineformset_factory(
    Campaign,
    Phase,
    fields=["name", "starts_on", "ends_on"],
    widgets={"starts_on": DATE, "ends_on": DATE},
    extra=3,
    can_delete=True,
    max_num=MAX_PHASES,
    absolute_max=MAX_PHASES,
    validate_max=True,
)


class ActivityForm(forms.ModelForm):
    lead_unit = UnitChoiceField(label=_("Lead unit"), queryset=Unit.objects.none(), required=False)
    responsible_units = UnitsChoiceField(
        label=_("Responsible units"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Each gets an assignment when the campaign is published."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "phase",
            "order",
            "lead_unit",
            "responsible_units",
            "expected_quantity",
            "expected_unit",
            "plan_due",
            "report_due",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "plan_due": DATE,
            "report_due": DATE,
        }

    def __init__(self, *args, campaign: Campaign, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = campaign.phases.all()
        self.fields["lead_unit"].queryset = units
        self.fields["responsible_units"].queryset = units
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def service_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields if f != "responsible_units"}


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.published_on:%Y-%m-%d} {obj.outlet}：{obj.title}"


class ProgressForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    files = MultipleFileField(
        label=_("Evidence"),
        required=False,
        help_text=_("Photos, scans or PDFs; you may choose several files."),
    )
    items = ItemChoiceField(
        label=_("Publicity items from your quarterly reports"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Progress
        fields = ["text", "quantity", *SUMMARY_FIGURES, "links"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, assignment, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True
        self.fields["items"].queryset = items
        activity = assignment.activity
        if activity.is_summary:
            del self.fields["quantity"]
        else:
            for name in SUMMARY_FIGURES:
                del self.fields[name]
            if activity.expected_unit:
                self.fields["quantity"].help_text = _("Expected: %(n)s %(unit)s") % {
                    "n": activity.expected_quantity if activity.expected_quantity else "",
                    "unit": activity.expected_unit,
                }

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validator = forms.URLField(assume_scheme="https").clean
        for line in lines:
            validator(line)
        return "\n".join(lines)

    def service_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields if f in self.fields}


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the copy"), min_value=2000, max_value=2100)


class FilterForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=Phase.objects.none(), required=False)
    city = forms.ModelChoiceField(label=_("City"), queryset=None, required=False)
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, campaign, cities, **kwargs):
        from campaigns.models import AssignmentState

        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = campaign.phases.all()
        self.fields["city"].queryset = cities
        self.fields["state"].choices = [("", _("Any state")), *AssignmentState.choices]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
