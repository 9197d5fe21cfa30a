"""The system administrator's half of two-step sign-in: resetting a person's second factor
when they have lost their phone (and their recovery codes), from the person's admin page."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import two_factor
from portal.models import Role
from portal.scoping import has_role
from portal.views.account import client_ip

# django-otp's own admin pages list every person's devices, unscoped and with their secret
# keys: a person's devices are theirs to manage (portal.views.two_factor), an
# administrator's only to reset (below). Its apps come before ours, so are registered by now.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class TwoFactorResetMixin:
    """For PortalUserAdmin: <person>/two-factor-reset/, a confirmation page and its POST.
    Only a system administrator (Role.ADMIN, or a superuser), and only for a person their
    admin page lists (their own area): anyone else is a 404."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/two-factor-reset/",
                self.admin_site.admin_view(self.two_factor_reset_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_two_factor_reset",
            ),
            *super().get_urls(),
        ]

    def two_factor_reset_view(self, request, object_id):
        if not (request.user.is_superuser or has_role(request.user, Role.ADMIN)):
            raise PermissionDenied
        person = self.get_object(request, unquote(object_id))
        if person is None or not self.has_change_permission(request, person):
            raise Http404
        if request.method == "POST":
            two_factor.two_factor_reset(user=person, actor=request.user, address=client_ip(request))
            messages.success(
                request,
                _(
                    "Two-step sign-in of %(person)s is reset. They sign in with their password "
                    "and, if their role requires it, set up an authenticator again."
                )
                % {"person": person},
            )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", person.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": person,
            "title": _("Reset two-step sign-in"),
            "has_authenticator": two_factor.has_authenticator(person),
            "codes_left": two_factor.recovery_codes_left(person),
        }
        return TemplateResponse(request, "admin/portal/user/two_factor_reset.html", context)
