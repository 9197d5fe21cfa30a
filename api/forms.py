from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken

LIFETIMES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (180, _("180 days")),
    (365, _("One year")),
]


class TokenForm(forms.ModelForm):
    lifetime = forms.TypedChoiceField(
        label=_("Valid for"), choices=LIFETIMES, coerce=int, initial=90
    )

    class Meta:
        model = ApiToken
        fields = ["name"]
