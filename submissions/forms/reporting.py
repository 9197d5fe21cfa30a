"""Forms for filing a quarterly report: its items, "nothing to report", hand-on and sign-off.

The forms only clean input; every rule about quarters and states lives in
submissions.services, whose ValidationErrors the views attach to these fields.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from portal.forms import MultipleFileField
from portal.models import User
from portal.uploads import ALLOWED_CONTENT_TYPES
from submissions.models import Item
from submissions.services import ITEM_FIELDS, check_publication_date


class AuthorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class _FocusBoundField(BoundField):
    """A field that takes the focus when its form names it (ItemForm.focus_name)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.name == self.form.focus_name():
            attrs["autofocus"] = True
        return attrs


class ItemForm(forms.ModelForm):
    """One publicity item. Its clippings are stored by the view, in the same transaction
    as the item, through portal.services.attachment_create (content and size checked)."""

    authors = AuthorChoiceField(
        label=_("Authors from the unit"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For individual commendation."),
    )
    clippings = MultipleFileField(
        label=_("Clippings"),
        required=False,
        help_text=_("Scans, photos or PDFs; you may choose several files."),
    )
    link = forms.URLField(
        label=_("link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    bound_field_class = _FocusBoundField

    class Meta:
        model = Item
        fields = [*ITEM_FIELDS, "authors"]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, unit, report=None, autofocus=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        # The unit's own people, so authors can be commended individually.
        self.fields["authors"].queryset = (
            User.objects.filter(is_active=True, memberships__unit=unit)
            .distinct()
            .order_by("full_name", "username")
        )
        self.fields["clippings"].widget.attrs["accept"] = ",".join(ALLOWED_CONTENT_TYPES)
        self.autofocus = autofocus
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        # Two or three columns on a desktop, one under another on a phone.
        self.helper.layout = Layout(
            Row(Column("title", css_class="col-md-8"), Column("outlet", css_class="col-md-4")),
            Row(
                Column("media_level", css_class="col-md-4"),
                Column("media_type", css_class="col-md-4"),
                Column("published_on", css_class="col-md-4"),
            ),
            Row(
                Column("category", css_class="col-md-4"),
                Column("link", css_class="col-md-5"),
                Column("page", css_class="col-md-3"),
            ),
            Row(
                Column("authors", css_class="col-md-4"),
                Column("author_names", css_class="col-md-4"),
                Column("campaign_tag", css_class="col-md-4"),
            ),
            Row(
                Column("is_lead_story", css_class="col-md-4"),
                Column("leader_endorsed", css_class="col-md-8"),
            ),
            Field("notes"),
            Field("clippings"),
            Field("version"),
        )

    def focus_name(self) -> str | None:
        """The field to focus when the person came to add (autofocus=True): the first one
        in error, in the order the page shows them, else the title. Asked at render time,
        so errors the view adds after validation (refused clippings) count too."""
        if not self.autofocus:
            return None
        if self.is_bound and self.errors:
            for pointer in self.helper.layout.get_field_names():
                field = self.fields.get(pointer.name)
                # A checkbox per choice cannot carry one autofocus: the title takes it.
                if (
                    pointer.name in self.errors
                    and field is not None
                    and not field.widget.is_hidden
                    and not isinstance(field.widget, forms.RadioSelect)
                ):
                    return pointer.name
        return "title"

    def clean_published_on(self):
        # Checked here as well as by the service, so that a date outside the quarter is
        # told at once with any other mistake (a missing title), not on the next try.
        published_on = self.cleaned_data["published_on"]
        if self.report is not None:
            try:
                check_publication_date(self.report, published_on)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["published_on"]) from error
        return published_on

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ITEM_FIELDS}


class VersionForm(forms.Form):
    """An action on the report as the person saw it: a stale version is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    # Several of these forms share the report page: distinct ids keep its HTML valid.
    id_prefix = "report"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class NothingForm(VersionForm):
    id_prefix = "nothing"
    nothing_reason = forms.CharField(
        label=_("Why there is nothing to report"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SendBackForm(VersionForm):
    id_prefix = "send_back"
    comment = forms.CharField(
        label=_("What the reporter should change"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
