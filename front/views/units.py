from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from donations.home import unit_context as donations_unit_context
from portal import selectors
from portal.models import UnitKind
from portal.scoping import get_unit_for_user


class UnitFilterForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *UnitKind.choices], required=False
    )
    q = forms.CharField(label=_("Name contains"), required=False, max_length=50)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.region_choices(user)
        self.fields["region"].empty_label = _("All regions")


@require_safe
@login_required
def unit_list(request):
    form = UnitFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    units = selectors.unit_list(
        request.user,
        region=filters.get("region"),
        kind=filters.get("kind", ""),
        text=filters.get("q", ""),
    )
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(request, "front/unit_list.html", {"form": form, "page": page})


@require_safe
@login_required
def unit_detail(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    context = {
        "unit": unit,
        "ancestors": unit.region.ancestors(),
        "members": selectors.unit_members(unit),
        **donations_unit_context(unit),
    }
    return render(request, "front/unit_detail.html", context)
