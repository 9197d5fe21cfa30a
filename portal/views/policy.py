"""The security policy page: the security administrator (or a superuser) sets lockout,
password, two-factor and session rules; everyone else gets 403."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal import versions
from portal.models import Role, SecurityPolicy
from portal.scoping import has_role
from portal.security import POLICY_FIELDS, current_policy, security_policy_update
from portal.views.account import client_ip


class SecurityPolicyForm(forms.ModelForm):
    two_factor_roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles that must use two factors"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy(
            "People holding any of these roles must sign in with an authenticator app as "
            "well as their password."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = SecurityPolicy
        fields = POLICY_FIELDS
        help_texts = {
            "failure_limit": gettext_lazy(
                "Wrong passwords for one account from one address before both are locked (3 to 20)."
            ),
            "cooloff_minutes": gettext_lazy(
                "How long a locked account and address stay locked (1 to 1440 minutes)."
            ),
            "password_min_length": gettext_lazy("Characters a new password needs (8 to 64)."),
            "password_max_age_days": gettext_lazy(
                "Staff must choose a new password when theirs is older than this "
                "(0: passwords do not expire; at most 365)."
            ),
            "password_history": gettext_lazy(
                "A new password may not repeat any of this many previous ones (0 to 24)."
            ),
            "idle_minutes": gettext_lazy(
                "A session with no activity for this long ends; a warning comes two minutes "
                "before (5 to 1440 minutes)."
            ),
            "session_hours": gettext_lazy(
                "A session ends this long after signing in, however active (1 to 72 hours)."
            ),
            "single_session": gettext_lazy(
                "Signing in elsewhere ends the other session, and its person is told why."
            ),
        }

    def clean_two_factor_roles(self):
        # In the order of the choices, so that an unchanged set compares equal.
        chosen = set(self.cleaned_data["two_factor_roles"])
        return [role for role in Role.values if role in chosen]


def _may_set_policy(user) -> bool:
    return user.is_superuser or has_role(user, Role.SECURITY)


@require_http_methods(["GET", "POST"])
@login_required
def security_policy(request):
    if not _may_set_policy(request.user):
        raise PermissionDenied
    policy = current_policy()
    form = SecurityPolicyForm(
        request.POST if request.method == "POST" else None,
        instance=policy,
        initial={"version": policy.version},
    )
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in POLICY_FIELDS}
        try:
            security_policy_update(
                version=form.cleaned_data["version"],
                changes=changes,
                actor=request.user,
                address=client_ip(request),
            )
        except versions.StaleVersion as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Security policy saved."))
            return redirect("security-policy")
    return render(request, "portal/security_policy.html", {"form": form, "policy": policy})
