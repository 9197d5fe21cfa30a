"""Forms clean and normalise input; the services decide what is allowed."""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from donations.models import MONEY, Category, Designation, DonorType, GiftKind, validate_phone
from portal.forms import HoneypotMixin, MultipleFileField
from portal.models import Region
from portal.validators import normalise_citizen_id, validate_citizen_id

DATE = forms.DateInput(attrs={"type": "date"})
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


class DayField(forms.DateField):
    """A day on the calendar of this work: from 2000 to 2100. Anything else is a mistyped
    year (0001-01-01, 20266-10-01), refused beside the field."""

    widget = DATE

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(
                _("Enter a day between 2000 and 2100: the year looks mistyped."), code="range"
            )


class PastDayField(DayField):
    """The day something happened (received, spent, agreed, confirmed): not in the future."""

    def validate(self, value):
        super().validate(value)
        if value is not None and value > timezone.localdate():
            raise ValidationError(
                _("That day has not come yet: enter the day it happened."), code="future"
            )


def money_field(label, **kwargs):
    return forms.DecimalField(label=label, min_value=Decimal("0.01"), **MONEY, **kwargs)


class OneFileField(forms.FileField):
    """One file, cleaned to a list of none or one, as portal.files.store_uploads takes
    it: so the file can be stored and kept when the rest of the form is refused. Its
    content and size are checked when it is stored (portal.uploads.validate_upload)."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        return [uploaded] if uploaded else []


class KeepsFileForm(forms.Form):
    """A form with one file field (`file_field`) that a file kept from a refused try can
    fill: `kept` are the Attachments portal.files.kept_uploads claimed back. With one
    kept, no new file is required; a file chosen anyway replaces it."""

    file_field = ""

    def __init__(self, *args, kept=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.keep(kept)

    def keep(self, attachments) -> None:
        """These stored files stand for the file field, now and when the form is shown
        again (listed under the field, their ids in hidden fields)."""
        self.kept = list(attachments)
        if self.kept:
            self.fields[self.file_field].required = False


class ProjectForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Proposing unit"), queryset=None)
    village = forms.ModelChoiceField(label=_("Village"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=150)
    purpose = forms.CharField(label=_("What it is for"), widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    budget = money_field(_("Budget (yuan)"))
    claim_deadline = DayField(label=_("Claim deadline"))
    photos = MultipleFileField(label=_("Photos"), required=False)

    def __init__(self, *args, units, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["village"].queryset = villages


class ScreenForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("publish", _("Publish for claiming")), ("reject", _("Do not accept"))]
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EndForm(forms.Form):
    ended_on = PastDayField(label=_("Project ended on"))


class SpendingForm(KeepsFileForm):
    file_field = "evidence"

    amount = money_field(_("Amount (yuan)"))
    spent_on = PastDayField(label=_("Spent on"))
    purpose = forms.CharField(label=_("What for"), max_length=200)
    evidence = OneFileField(label=_("Evidence (invoice, contract, photo)"))


class DriveForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Organising office"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=150)
    period_start = DayField(label=_("Donations from"))
    period_end = DayField(label=_("Donations until"))
    stats_due = DayField(label=_("Statistics due"), required=False)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=None,
        required=False,
        help_text=_("The campaign whose closing summary takes the drive's statistics."),
    )

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = campaigns


class DriveCampaignForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=None,
        required=False,
        empty_label=_("No campaign"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns


class StatisticsFileForm(forms.Form):
    # The version of the closing-summary assignment the page showed.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


ITEM_HELP = _("One item per line: description, quantity, unit — e.g. “quilts, 200, pieces”.")


class PledgeForm(forms.Form):
    donor_type = forms.ChoiceField(label=_("Donor type"), choices=DonorType.choices)
    donor_name = forms.CharField(label=_("Donor"), max_length=150)
    contact_phone = forms.CharField(
        label=_("Contact phone"), max_length=40, required=False, validators=[validate_phone]
    )
    anonymous = forms.BooleanField(
        label=_("Individual donor asks to be disclosed as anonymous"), required=False
    )
    kind = forms.ChoiceField(label=_("Cash or in kind"), choices=GiftKind.choices)
    amount = money_field(_("Amount or estimated value (yuan)"))
    items = forms.CharField(
        label=_("Goods"),
        required=False,
        help_text=ITEM_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    designation = forms.ChoiceField(label=_("Designation"), choices=Designation.choices)
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    village = forms.ModelChoiceField(label=_("Village"), queryset=None, required=False)
    due_date = DayField(label=_("To be given by"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, projects, villages, public=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["village"].queryset = villages
        if public:
            del self.fields["due_date"]

    def clean_items(self):
        rows = []
        for line in self.cleaned_data["items"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            try:
                description, quantity = parts[0], forms.DecimalField().clean(parts[1])
            except (IndexError, forms.ValidationError):
                raise forms.ValidationError(ITEM_HELP) from None
            if not description or quantity <= 0:
                raise forms.ValidationError(ITEM_HELP)
            rows.append((description, quantity, parts[2] if len(parts) > 2 else ""))
        return rows


class PublicPledgeForm(HoneypotMixin, PledgeForm):
    """A pledge intention from the public page: no due date, and the honeypot."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, public=True, **kwargs)


class CashReceiptForm(forms.Form):
    amount = money_field(_("Amount received (yuan)"))
    received_on = PastDayField(label=_("Received on"))
    reference = forms.CharField(label=_("Bank reference"), max_length=100)


class GoodsReceiptForm(KeepsFileForm):
    file_field = "certificate"

    amount = money_field(_("Market value as assessed (yuan)"))
    received_on = PastDayField(label=_("Delivered on"))
    valued_by = forms.ModelChoiceField(label=_("Valued by (township or village)"), queryset=None)
    certificate = OneFileField(label=_("Valuation certificate"))

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valued_by"].queryset = places


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReallocationForm(KeepsFileForm):
    file_field = "consent_evidence"

    amount = money_field(_("Amount to move (yuan)"))
    to_designation = forms.ChoiceField(label=_("New use"), choices=Designation.choices)
    to_project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    to_village = forms.ModelChoiceField(label=_("Village"), queryset=None, required=False)
    consent_on = PastDayField(label=_("Donor consented on"), required=False)
    consent_note = forms.CharField(
        label=_("How the donor consented"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent_evidence = OneFileField(label=_("Consent evidence (letter, scan)"), required=False)

    def __init__(self, *args, projects, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_project"].queryset = projects
        self.fields["to_village"].queryset = villages


class WishForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Helping unit"), queryset=None)
    village = forms.ModelChoiceField(label=_("Village"), queryset=Region.objects.none())
    household_name = forms.CharField(label=_("Head of household"), max_length=40)
    # Room for the spaces people type between the groups; 18 characters are kept.
    household_id_number = forms.CharField(label=_("ID number"), max_length=22, required=False)
    household_phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, validators=[validate_phone]
    )
    title = forms.CharField(label=_("The wish"), max_length=120)
    value = money_field(_("Estimated value (yuan)"))
    deadline = DayField(label=_("Deadline"))

    def __init__(self, *args, units, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["village"].queryset = villages

    def clean_household_id_number(self):
        value = normalise_citizen_id(self.cleaned_data["household_id_number"])
        if value:
            validate_citizen_id(value)
        return value


class FulfilForm(KeepsFileForm):
    file_field = "photo"

    photo = OneFileField(label=_("Photo of the wish fulfilled"))
    household_confirmed_on = PastDayField(label=_("Household confirmed receipt on"))


class RegionFilterForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
