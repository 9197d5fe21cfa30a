"""Reviewers' forms: adopt or reject items (one or many), adopt or return the report."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from submissions.models import ReviewResult

RESULT_CHOICES = [
    (ReviewResult.ADOPTED, _("Adopt")),
    (ReviewResult.REJECTED, _("Reject")),
]


class _Helper(FormHelper):
    form_tag = False
    disable_csrf = True


class ItemReviewForm(forms.Form):
    """One item: the buttons carry `result`; a rejection needs the reason the unit sees,
    points set by hand need a reason too (the service checks both)."""

    result = forms.ChoiceField(label=_("Decision"), choices=RESULT_CHOICES)
    reason = forms.CharField(label=_("Reason (the unit sees it)"), max_length=300, required=False)
    points_override = forms.DecimalField(
        label=_("Points set by hand"),
        max_digits=7,
        decimal_places=2,
        min_value=Decimal(0),
        required=False,
    )
    override_reason = forms.CharField(label=_("Why these points"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        # Points set on a rejected item would be silently dropped: say so instead.
        if data.get("result") == ReviewResult.REJECTED and data.get("points_override") is not None:
            self.add_error("points_override", _("A rejected item gets no points."))
        return data


class BulkReviewForm(forms.Form):
    """Several items of one report at once; the checkboxes sit in the items table."""

    items = forms.ModelMultipleChoiceField(
        label=_("Items"),
        queryset=None,
        error_messages={"required": _("Tick at least one item.")},
    )
    result = forms.ChoiceField(label=_("Decision"), choices=RESULT_CHOICES)
    reason = forms.CharField(
        label=_("Reason for rejecting (the unit sees it)"), max_length=300, required=False
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = report.items.all()
        self.helper = _Helper()

    def clean(self):
        data = super().clean()
        # The version of each item as the page showed it ("pk:version"): an item decided
        # meanwhile by someone else is then not overwritten unseen. None: not checked.
        getlist = getattr(self.data, "getlist", lambda key: [])
        seen = {}
        for pair in getlist("seen"):
            pk, _sep, version = str(pair).partition(":")
            if pk.isdigit():
                # A mangled version matches no item's: refused as changed meanwhile.
                seen[int(pk)] = int(version) if version.isdigit() else -1
        data["seen"] = seen or None
        return data

    @property
    def selected_ids(self) -> set[int]:
        """The ticked items, to tick them again when the form comes back with an error."""
        ids = self.data.getlist(self.add_prefix("items")) if self.is_bound else []
        return {int(i) for i in ids if str(i).isdigit()}


class ReportAdoptForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _Helper()


class ReportReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What the unit must fix"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Tell the unit what to fix.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _Helper()
