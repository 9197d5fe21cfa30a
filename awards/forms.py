"""Forms for the award pages: they clean input; services decide."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from awards.models import Category, Criterion, Judge, Nominator, Programme, Takes, Tier
from portal.forms import HoneypotMixin, MultipleFileField
from portal.models import Region, RegionLevel, Role, Unit, User
from portal.scoping import visible_units

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.ModelForm):
    # The version the page showed, so that two administrators editing the set-up cannot
    # overwrite each other unseen (only when editing).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Programme
        fields = [
            "organiser",
            "year",
            "title",
            "basis_document",
            "kind",
            "nomination_opens",
            "nomination_closes",
            "notice_working_days",
            "anonymous_judging",
            "drop_extremes",
        ]
        widgets = {"nomination_opens": DATE, "nomination_closes": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The years a copy may have too: outside them the dates cannot be moved (a 500).
        self.fields["year"].validators += [MinValueValidator(2000), MaxValueValidator(2100)]
        self.fields["year"].widget.attrs.update(min=2000, max=2100)
        self.fields["organiser"].queryset = visible_units(user, [Role.ADMIN]).select_related(
            "region"
        )
        if self.instance.pk:
            # The organiser decides who administers the programme: it stays.
            del self.fields["organiser"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def clean(self):
        data = super().clean()
        opens, closes = data.get("nomination_opens"), data.get("nomination_closes")
        if opens and closes and closes < opens:
            self.add_error("nomination_closes", _("The window must close after it opens."))
        return data


class ProgrammeCopyForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class TierForm(forms.ModelForm):
    class Meta:
        model = Tier
        fields = ["name", "quota", "position"]


class NominatorForm(forms.ModelForm):
    class Meta:
        model = Nominator
        fields = ["unit", "limit"]


class JudgeForm(forms.ModelForm):
    class Meta:
        model = Judge
        fields = ["user", "categories"]
        widgets = {"categories": forms.CheckboxSelectMultiple}


# The most rows each set-up table can hold. Past these the formset refuses the post with a
# message before building a form more: a forged TOTAL_FORMS would otherwise have Django
# build (and render, with every unit and person in each select) up to 2,000 forms.
MAX_CATEGORIES = 20
MAX_CRITERIA = 20
MAX_TIERS = 10
# A province's programme may let every county's and city's office nominate.
MAX_NOMINATORS = 200
MAX_JUDGES = 50


def _capped(most: int) -> dict:
    return {"max_num": most, "absolute_max": most, "validate_max": True}


CategoryFormSet = inlineformset_factory(
    Programme,
    Category,
    fields=["name", "takes", "position"],
    extra=2,
    can_delete=True,
    **_capped(MAX_CATEGORIES),
)
CriterionFormSet = inlineformset_factory(
    Programme,
    Criterion,
    fields=["name", "weight", "position"],
    extra=2,
    can_delete=True,
    **_capped(MAX_CRITERIA),
)
TierFormSet = inlineformset_factory(
    Category, Tier, form=TierForm, extra=2, can_delete=True, **_capped(MAX_TIERS)
)
NominatorFormSet = inlineformset_factory(
    Programme, Nominator, form=NominatorForm, extra=3, can_delete=True, **_capped(MAX_NOMINATORS)
)
JudgeFormSet = inlineformset_factory(
    Programme, Judge, form=JudgeForm, extra=2, can_delete=True, **_capped(MAX_JUDGES)
)


# The set-up's sections, each a formset with its own page (and its prefix in a post).
SECTIONS = ("categories", "criteria", "nominators", "judges")


def setup_formsets(programme: Programme, user, data=None, names=SECTIONS) -> dict:
    """The formsets of the sections `names`, bound to `data` if given. Only those are built:
    the nominators' and judges' choices are every unit of the region and every person."""
    formsets = {}
    if "categories" in names:
        formsets["categories"] = CategoryFormSet(data, instance=programme, prefix="categories")
    if "criteria" in names:
        formsets["criteria"] = CriterionFormSet(data, instance=programme, prefix="criteria")
    if "nominators" in names:
        region_units = Unit.objects.filter(
            is_active=True, region__path__startswith=programme.organiser.region.path
        ).select_related("region")
        nominators = NominatorFormSet(data, instance=programme, prefix="nominators")
        for form in nominators.forms:
            form.fields["unit"].queryset = region_units
        formsets["nominators"] = nominators
    if "judges" in names:
        judges = JudgeFormSet(data, instance=programme, prefix="judges")
        categories = programme.categories.all()
        # Judges may come from anywhere the administrator oversees (e.g. the province office).
        people = (
            User.objects.filter(
                is_active=True, memberships__unit__in=visible_units(user, [Role.ADMIN])
            )
            .distinct()
            .order_by("full_name", "username")
        )
        for form in judges.forms:
            form.fields["categories"].queryset = categories
            form.fields["user"].queryset = people
        formsets["judges"] = judges
    return formsets


class NominationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Nominating unit"), queryset=Unit.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    nominee_name = forms.CharField(
        label=_("Nominee"),
        max_length=150,
        help_text=_("The person's, unit's or county's name; for a work, its author."),
    )
    nominee_unit = forms.ModelChoiceField(
        label=_("Nominee's unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("The unit nominated, or the unit the person or author belongs to."),
    )
    nominee_region = forms.ModelChoiceField(
        label=_("County"), queryset=Region.objects.none(), required=False
    )
    work_title = forms.CharField(label=_("Title of the work"), max_length=200, required=False)
    work_text = forms.CharField(label=_("The work"), widget=forms.Textarea, required=False)
    deeds = forms.CharField(
        label=_("Deeds (事迹材料)"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    files = MultipleFileField(label=_("Supporting files"), required=False)

    def __init__(self, *args, programme: Programme, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        self.fields["category"].queryset = programme.categories.all()
        path = programme.organiser.region.path
        self.fields["nominee_unit"].queryset = Unit.objects.filter(
            is_active=True, region__path__startswith=path
        ).select_related("region")
        self.fields["nominee_region"].queryset = Region.objects.filter(
            level=RegionLevel.COUNTY, path__startswith=path, is_active=True
        )
        self.takes = dict(programme.categories.values_list("pk", "takes"))

    def clean(self):
        data = super().clean()
        category = data.get("category")
        if category and category.takes != Takes.WORK:
            data["work_title"] = data["work_text"] = ""
        return data


class QualifyForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Qualified")), ("0", _("Not qualified"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("passed") is False and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason the nomination is not qualified."))
        return data


class TierAssignForm(forms.Form):
    tier = forms.IntegerField(required=False)


class ObjectionForm(HoneypotMixin, forms.Form):
    nomination = forms.TypedChoiceField(
        label=_("About"), coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(
        label=_("Objection"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    contact = forms.CharField(
        label=_("How we can reach you"),
        max_length=100,
        help_text=_("A phone number or an e-mail address."),
    )

    def __init__(self, *args, winners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [("", _("The list as a whole"))] + [
            (w.pk, f"{w.category.name} · {w.tier.name} · {w.display_title}") for w in winners
        ]


class SettleForm(forms.Form):
    settlement = forms.CharField(
        label=_("How it was settled"), widget=forms.Textarea(attrs={"rows": 2})
    )


class FinaliseForm(forms.Form):
    circular_number = forms.CharField(
        label=_("Circular number"), max_length=100, required=False, help_text="宜扶组〔2018〕5号"
    )
