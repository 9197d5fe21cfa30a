"""The person's own two-step sign-in pages: set up an authenticator, give a code after the
password, make new recovery codes, turn it off. The rules live in portal.two_factor."""

import segno
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from portal import two_factor
from portal.views.account import client_ip, locked_out


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=40,
        help_text=gettext_lazy(
            "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class FirstCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("The 6-digit code the app shows"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = two_factor.normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the 6 digits the app shows, without letters."))
        return code


def _refusal(refused: two_factor.CodeRefused) -> str:
    if refused.wait_seconds:
        return ngettext(
            "Too many wrong codes: wait %(seconds)s second, then try the newest code.",
            "Too many wrong codes: wait %(seconds)s seconds, then try the newest code.",
            refused.wait_seconds,
        ) % {"seconds": refused.wait_seconds}
    return _(
        "That code is not right. Type the code the app shows now (it changes every 30 "
        "seconds), and check that your phone's clock is right."
    )


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _codes_page(request, codes, *, first: bool):
    return render(
        request,
        "registration/two_factor_codes.html",
        {"codes": codes, "first": first, "next": _next_url(request)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def two_factor_verify(request):
    """The second step of signing in."""
    user = request.user
    next_url = _next_url(request)
    if two_factor.is_verified(user):
        return redirect(next_url)
    if not two_factor.has_authenticator(user):
        # Reset by an administrator since the password was given: nothing to ask. The
        # middleware sends the person on to set one up if their role requires it.
        request.session.pop(two_factor.SESSION_CODE_DUE, None)
        return redirect(next_url)
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        return locked_out(request)
    form = CodeForm(request.POST or None)
    form.fields["code"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.code_verify(user=user, code=form.cleaned_data["code"])
        except two_factor.CodeRefused as refused:
            form.add_error("code", _refusal(refused))
            # A wrong code is a failed sign-in: it counts toward the lockout as a wrong
            # password does (django-axes), and the journal records it.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return locked_out(request)
        else:
            otp_login(request, device)
            request.session.pop(two_factor.SESSION_CODE_DUE, None)
            if isinstance(device, StaticDevice):
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code, which now no longer works; "
                        "%(count)s code is left. Make new ones on your two-step sign-in page.",
                        "You signed in with a recovery code, which now no longer works; "
                        "%(count)s codes are left. Make new ones on your two-step sign-in page.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def two_factor_setup(request):
    """Add an authenticator: scan the QR code (or type the secret), confirm with a code."""
    user = request.user
    if two_factor.has_authenticator(user):
        if not two_factor.is_verified(user):
            return redirect("two-factor-verify")
        messages.info(request, _("Two-step sign-in is already on for your account."))
        return redirect("two-factor")
    device = two_factor.authenticator_start(user=user)
    form = FirstCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.authenticator_confirm(
                user=user, device=device, code=form.cleaned_data["code"], address=client_ip(request)
            )
        except two_factor.CodeRefused as refused:
            form.add_error("code", _refusal(refused))
        else:
            otp_login(request, device)
            request.session.pop(two_factor.SESSION_CODE_DUE, None)
            messages.success(
                request,
                _(
                    "Two-step sign-in is on. From now on the portal asks for a code from "
                    "the app after your password."
                ),
            )
            return _codes_page(request, codes, first=True)
    qr = segno.make(device.config_url, error="l").svg_inline(
        scale=4, light="#fff", title=_("QR code to scan with the authenticator app")
    )
    context = {
        "form": form,
        # segno writes the SVG from the otpauth URL alone: no text of ours goes in unescaped.
        "qr_svg": mark_safe(qr),  # noqa: S308
        "secret_groups": two_factor.secret_groups(device),
        "account_label": user.get_username(),
        "required": two_factor.is_required(user),
        "next": _next_url(request),
    }
    return render(request, "registration/two_factor_setup.html", context)


def _owner_verified(request):
    """A page that changes the second factor needs the session that proved it: a person who
    has an authenticator but gave only their password is sent to the code step."""
    if two_factor.has_authenticator(request.user) and not two_factor.is_verified(request.user):
        return redirect(f"{reverse('two-factor-verify')}?next={reverse('two-factor')}")
    return None


@require_http_methods(["GET", "HEAD"])
@login_required
def two_factor_overview(request):
    if (response := _owner_verified(request)) is not None:
        return response
    return _overview(request, CodeForm())


def _overview(request, remove_form, status=200):
    user = request.user
    device = two_factor.authenticator_of(user)
    context = {
        "device": device,
        "codes_left": two_factor.recovery_codes_left(user) if device else 0,
        "required": two_factor.is_required(user),
        "remove_form": remove_form,
    }
    return render(request, "registration/two_factor.html", context, status=status)


@require_POST
@login_required
def two_factor_recovery_codes(request):
    if (response := _owner_verified(request)) is not None:
        return response
    if not two_factor.has_authenticator(request.user):
        return redirect("two-factor")
    codes = two_factor.recovery_codes_renew(user=request.user, address=client_ip(request))
    messages.success(request, _("New recovery codes are made; the old ones no longer work."))
    return _codes_page(request, codes, first=False)


@require_POST
@login_required
def two_factor_remove(request):
    """Turning it off needs a code from the app (or a recovery code), not only the session."""
    if (response := _owner_verified(request)) is not None:
        return response
    if not two_factor.has_authenticator(request.user):
        return redirect("two-factor")
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            two_factor.code_verify(user=request.user, code=form.cleaned_data["code"])
        except two_factor.CodeRefused as refused:
            form.add_error("code", _refusal(refused))
        else:
            two_factor.two_factor_remove(user=request.user, address=client_ip(request))
            two_factor.forget_verification(request)
            messages.success(request, _("Two-step sign-in is off for your account."))
            return redirect("two-factor")
    return _overview(request, form, status=200)
