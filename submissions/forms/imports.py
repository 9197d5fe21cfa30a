"""Forms for importing items from an Excel sheet: the upload, and the confirmation of the
checked rows (each a tick box, so the reporter can leave out likely duplicates)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.uploads import EXCEL_CONTENT_TYPES, validate_upload


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel sheet"),
        help_text=_("An .xlsx file filled in from the template."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            # Checked by content: a photo or text file renamed .xlsx is refused here.
            validate_upload(uploaded, allowed=EXCEL_CONTENT_TYPES)
        except ValidationError as error:
            if error.code == "content_type":
                raise ValidationError(
                    [
                        *error.messages,
                        _(
                            "Save the sheet in Excel or WPS as an Excel workbook (.xlsx), "
                            "or start from the template."
                        ),
                    ]
                ) from error
            raise
        return uploaded


class ImportConfirmForm(forms.Form):
    """The rows to import, by their sheet row number."""

    token = forms.CharField(widget=forms.HiddenInput)
    rows = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, row_numbers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rows"].choices = [(n, n) for n in row_numbers]

    def clean_rows(self):
        rows = self.cleaned_data["rows"]
        if not rows:
            raise ValidationError(_("Tick at least one row to import."))
        return rows
