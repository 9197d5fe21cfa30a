"""The person's own API tokens page: make one (shown once), see them, revoke one."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api import services
from api.forms import TokenForm
from api.models import ApiToken
from portal import two_factor
from portal.views.account import client_ip


def _page(request, form, **extra):
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user),
        "may_create": services.may_create_token(request.user),
        "two_factor_required": two_factor.is_required(request.user),
        **extra,
    }
    return render(request, "api/tokens.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def token_list(request):
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not services.may_create_token(request.user):
        messages.error(request, _("Sign in with your second factor to make a token."))
        return redirect("api:tokens")
    if not form.is_valid():
        return _page(request, form)
    token, secret = services.token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        lifetime=timedelta(days=form.cleaned_data["lifetime"]),
        address=client_ip(request),
    )
    # The secret is in this answer only (never_cache): it is stored hashed.
    return _page(request, TokenForm(), created=token, secret=secret)


@require_POST
@login_required
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(token=token, user=request.user, address=client_ip(request))
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")
